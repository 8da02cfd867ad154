//! Helpers shared by unit tests: a site folder's configuration and parsed minutes, what a test
//! does when something it needs is not beside the clone ([`requirements`]), and the crate's
//! own source, read by the tests that check its shape ([`architecture`], and `paths`').

mod architecture;
pub mod requirements;
pub mod serde_fields;

use crate::config::Config;
use crate::model::Minutes;
use std::path::Path;
use std::sync::Arc;

/// The configuration and minutes (drafts included, skipped files left out) of the site in
/// `root`, as a build loads and parses them.
pub fn minutes_of(root: &Path) -> (Vec<Arc<Minutes>>, Config) {
    let opts = crate::Options {
        root: root.to_path_buf(),
        today: crate::model::Date::new(2024, 6, 1),
        drafts: true,
        ..crate::Options::default()
    };
    let config = crate::load_config(&opts).expect("config");
    let read = crate::reading::read(&opts, &config).expect("read");
    let minutes = read.parsed.into_values().filter_map(|(m, _)| m).collect();
    (minutes, config)
}

/// The fixture under `tests/fixtures/corpus/` that builds the Security WG's real archive from
/// `../shared/corpus/`, or `None` (a visible skip; a failure in CI) when it is not there.
pub fn security_wg() -> Option<std::path::PathBuf> {
    requirements::shared_dir()?;
    Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/security-wg"))
}

/// The names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, base: &Path, into: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, into);
            } else {
                let rel = path.strip_prefix(base).expect("inside");
                let bytes = std::fs::read(&path).expect("read");
                into.push((rel.to_string_lossy().into_owned(), bytes));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

/// The crate's source files (`src/**/*.rs`), each as (path relative to `src/`, the code a
/// build compiles): unit tests (from the `#[cfg(test)]` module at the bottom of a file, and
/// the files holding a module's tests) and comment lines left out. What the architecture
/// tests read.
pub fn compiled_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("entry");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with("tests.rs") || rel.starts_with("test_support") {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        out.push((rel, compiled_code(&text)));
    }
    out
}

/// `text` without its test module and its comment lines.
pub fn compiled_code(text: &str) -> String {
    let code = match text.find("\n#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}
