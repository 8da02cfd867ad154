//! Bad input: one case per kind of input a note-taker or a maintainer can get wrong. Each runs
//! the real binary in a site with a previous output and pins what it prints (insta snapshots),
//! its exit code (0 with warnings when the rest builds, 1 when the build stops) and, when it
//! stops, that the previous output is byte-identical and no staging folder is left.

/// `insta::assert_snapshot!` with the snapshot kept in `tests/snapshots/` like the other
/// modules' (the cases live one folder down, in `tests/bad_input/`).
macro_rules! snapshot {
    ($value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots" }, {
            insta::assert_snapshot!($value);
        })
    };
}

mod config;
mod content;
mod interrupt;
mod links;
mod output;
mod references;
mod templates;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A good meeting every case site starts with, so "the rest builds" can be checked.
pub const GOOD: &str = "# Meeting 2024-01-01\n\n## Agenda\n\n### o/r\n\n\
    * Good item [#1](https://github.com/o/r/issues/1)\n  * a note\n";

/// What the previous build left in `public/`.
const PREVIOUS: &[(&str, &str)] = &[
    // Every build writes it; it tells a folder wgsite built from one it must not replace.
    (".nojekyll", ""),
    ("index.html", "<p>the previous site</p>\n"),
    ("meetings/2023-01-01/index.html", "<p>an old meeting</p>\n"),
    ("style.css", "body { color: black }\n"),
];

/// A site in a temporary folder: `site.toml`, `content/` with [`GOOD`], and a previous output.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Site {
        Site::with_config("title = \"Bad input\"\nrepo = \"o/r\"\n")
    }

    pub fn with_config(site_toml: &str) -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        site.write("site.toml", site_toml);
        site.write("content/2024-01-01.md", GOOD);
        for (path, text) in PREVIOUS {
            site.write(&format!("public/{path}"), text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove");
    }

    /// `wgsite build` in the site folder (so messages name `site.toml`, `content/…`, `public`).
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wgsite"));
        cmd.args(["build", "--no-search"])
            .current_dir(self.root())
            .env_remove("RUST_LOG")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Every file of the output folder, path → bytes.
    pub fn output(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.path("public"))
    }

    /// Entries beside the output that a build left (`.public.staging-…`, `.public.old-…`).
    pub fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect();
        names.sort();
        names
    }

    /// Runs a build that must stop: exit 1, the previous output byte-identical, nothing left
    /// beside it. Returns what it printed, normalised.
    pub fn fails(&self) -> String {
        self.fails_with(self.command())
    }

    pub fn fails_with(&self, mut cmd: Command) -> String {
        let before = self.output();
        let out = cmd.output().expect("run wgsite");
        let text = self.stderr(&out);
        assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{text}");
        assert!(
            self.output() == before,
            "the previous output changed; stderr:\n{text}"
        );
        assert_eq!(self.leftovers(), Vec::<String>::new(), "stray folders");
        assert!(!text.contains("panicked"), "{text}");
        text
    }

    /// Runs a build that must succeed (exit 0) with the good meeting published, and returns its
    /// diagnostics, normalised, without the summary line (its counts and time vary).
    pub fn builds(&self) -> String {
        let out = self.command().output().expect("run wgsite");
        let text = self.stderr(&out);
        assert_eq!(out.status.code(), Some(0), "exit code; stderr:\n{text}");
        assert!(
            self.path("public/meetings/2024-01-01/index.html").is_file(),
            "the good meeting was not built"
        );
        assert!(
            !self.path("public/meetings/2023-01-01").exists(),
            "the previous output was not replaced"
        );
        assert_eq!(self.leftovers(), Vec::<String>::new(), "stray folders");
        let (summary, rest): (Vec<&str>, Vec<&str>) =
            text.lines().partition(|l| l.starts_with("built "));
        assert_eq!(summary.len(), 1, "one summary line in:\n{text}");
        rest.join("\n")
    }

    /// Standard error with the temporary folder's path replaced by `[SITE]`.
    pub fn stderr(&self, out: &Output) -> String {
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        let mut text = text.replace(&self.root().display().to_string(), "[SITE]");
        if let Ok(real) = self.root().canonicalize() {
            text = text.replace(&real.display().to_string(), "[SITE]");
        }
        text.trim_end().to_string()
    }

    /// Read as a page of the new output.
    pub fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Lets the unprivileged user of [`unprivileged`] into the site: the temporary folder is
    /// private (0700) when created.
    pub fn open_to_all(&self) {
        std::fs::set_permissions(self.root(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
    }
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// Whether the tests run as root (as in CI), where permission bits do not stop reads or writes.
pub fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().expect("temp file");
    probe.as_file().metadata().expect("metadata").uid() == 0
}

/// The user id the permission cases run as when the tests run as root: `nobody`.
const NOBODY: u32 = 65534;

/// `wgsite build` in `site`, as an unprivileged user when the tests run as root (so a
/// permission the file system refuses is really refused), else as the current user.
pub fn unprivileged_build(site: &Site) -> Command {
    if !running_as_root() {
        return site.command();
    }
    use std::os::unix::process::CommandExt;
    site.open_to_all();
    let mut cmd = Command::new(binary_for_nobody());
    cmd.args(["build", "--no-search"])
        .current_dir(site.root())
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .uid(NOBODY)
        .gid(NOBODY);
    cmd
}

/// The binary, where `nobody` can run it: in place when every folder above it lets others in,
/// else linked (or copied) into a temporary folder that does.
fn binary_for_nobody() -> PathBuf {
    static PLACE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PLACE
        .get_or_init(|| {
            let binary = Path::new(env!("CARGO_BIN_EXE_wgsite"));
            let mode = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.permissions().mode());
            let reachable = mode(binary) & 0o005 == 0o005
                && binary.ancestors().skip(1).all(|a| mode(a) & 0o001 != 0);
            if reachable {
                return binary.to_path_buf();
            }
            // Kept for the whole test run (a static is never dropped); the OS cleans /tmp.
            let dir = tempfile::Builder::new()
                .prefix("wgsite-nobody-")
                .tempdir()
                .expect("tempdir")
                .keep();
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            let copy = dir.join("wgsite");
            if std::fs::hard_link(binary, &copy).is_err() {
                std::fs::copy(binary, &copy).expect("copy the binary");
            }
            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            copy
        })
        .clone()
}
