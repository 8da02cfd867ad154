//! Helpers shared by the integration tests: fixture paths, building a site into a temporary
//! folder, reading what it produced, and finding `../shared`.

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

/// `../shared` beside the checkout. In CI it must exist (a missing corpus fails the run); on a
/// developer machine without it the caller skips with a message.
pub fn shared() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared is missing in CI: {}",
        path.display()
    );
    eprintln!("skipped: ../shared is not beside this checkout");
    None
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
