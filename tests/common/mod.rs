//! Helpers shared by the integration tests (not a feature): fixture paths, building a site into
//! a temporary folder, reading what it produced, finding `../shared` ([`requirements`]), a
//! static file server shaped like GitHub Pages ([`static_server`]), and a generated archive of
//! realistic size ([`realistic`]).

pub mod browser;
pub mod realistic;
pub mod static_server;

use std::path::{Path, PathBuf};
use wgsite::{build, Options, Report};

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A site built into a temporary folder (removed when dropped).
pub struct Built {
    _dir: tempfile::TempDir,
    pub out: PathBuf,
    pub report: Report,
}

impl Built {
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).exists()
    }
}

pub fn build_site(root: &Path) -> Built {
    build_with(Options {
        root: root.to_path_buf(),
        ..Options::default()
    })
}

pub fn build_with(mut opts: Options) -> Built {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    opts.output = Some(out.clone());
    let report =
        build(&opts).unwrap_or_else(|e| panic!("build of {} failed: {e}", opts.root.display()));
    assert_eq!(report.errors(), 0, "diagnostics: {:#?}", report.diagnostics);
    Built {
        _dir: dir,
        out,
        report,
    }
}

/// What a test does when something it needs is not beside the clone: shared with the unit
/// tests, so both skip (and fail in CI) the same way.
#[path = "../../src/test_support/requirements.rs"]
pub mod requirements;

/// `../shared` beside the checkout. In CI it must exist (a missing corpus fails the run); on a
/// developer machine without it the caller skips with a visible `skipped: …` line.
pub fn shared() -> Option<PathBuf> {
    requirements::shared_dir()
}

/// Writes a minimal site (site.toml + content files) into a new temporary folder.
pub fn temp_site(site_toml: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("site.toml"), site_toml).expect("site.toml");
    for (name, text) in files {
        let path = dir.path().join("content").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// The `<main>` part of a page, where the page's own content is.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.rfind("</main>").unwrap_or(html.len());
    &html[start..end]
}

/// The `wgsite` binary with an empty environment but `PATH`, so a developer's settings
/// (`SOURCE_DATE_EPOCH`, `NO_COLOR`, `CI`, …) cannot change what a test sees.
pub fn wgsite() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wgsite"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd
}

/// Copies the folder `from` (recursively) to `to`, creating `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        }
    }
}

// ---- Plain scans of real archives, written without the parser, to hold the parser to ------

/// Minutes files under `dir` by a plain walk: `*.md` except READMEs, and extension-less files
/// named like a date; hidden entries skipped. (path relative to `dir`, text decoded
/// leniently), sorted by path.
pub fn minutes_files(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_ascii_lowercase();
            (name.ends_with(".md") && name != "readme.md")
                || (!name.contains('.') && name.starts_with("20"))
        })
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            let text =
                String::from_utf8_lossy(&std::fs::read(e.path()).expect("read")).into_owned();
            (rel, text)
        })
        .collect()
}

/// An agenda line in one of the two plainest shapes, at column 0.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AgendaLink {
    /// 1-based.
    pub line: usize,
    /// `owner/repo#n`, lower case.
    pub key: String,
    /// `* https://github.com/o/r/issues/N` rather than `* title [#N](https://github.com/…)`.
    pub bare: bool,
}

/// Every agenda line of `text` in the two plainest shapes: `* title [#N](URL)` and a bare
/// `* URL`, where URL is a GitHub issue, pull request or discussion.
pub fn agenda_links(text: &str) -> Vec<AgendaLink> {
    const GITHUB: &str = "https://github.com/";
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix("* ") else {
            continue;
        };
        let (url, bare) = match rest.find(&format!("]({GITHUB}")) {
            Some(open) if rest[..open].contains('[') => (&rest[open + 2 + GITHUB.len()..], false),
            _ => match rest.trim().strip_prefix(GITHUB) {
                Some(url) if !url.contains(' ') => (url, true),
                _ => continue,
            },
        };
        let parts: Vec<&str> = url.splitn(4, '/').collect();
        let [owner, repo, "issues" | "pull" | "discussions", tail] = parts.as_slice() else {
            continue;
        };
        let number: String = tail.chars().take_while(char::is_ascii_digit).collect();
        if !number.is_empty() {
            out.push(AgendaLink {
                line: i + 1,
                key: format!("{owner}/{repo}#{number}").to_lowercase(),
                bare,
            });
        }
    }
    out
}
