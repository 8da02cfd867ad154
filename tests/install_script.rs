//! `scripts/install.sh` against release archives served over local HTTP, packed by
//! `scripts/pack-release.sh` as the release workflow packs them: a good archive installs, and a
//! corrupted, missing or foreign one installs nothing.
#![cfg(unix)]

use crate::common::requirements::unavailable;
use crate::common::static_server::serve;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const VERSION: &str = "1.2.3";
const TARGET: &str = "x86_64-unknown-linux-musl";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the tools the scripts need are here (and says why not otherwise).
fn tools_present() -> bool {
    let has = |tool: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let missing: Vec<&str> = ["curl", "tar", "sha256sum"]
        .into_iter()
        .filter(|t| !has(t))
        .collect();
    if missing.is_empty() {
        return true;
    }
    unavailable(&format!("the install script needs {}", missing.join(", ")));
    false
}

/// A folder served over HTTP holding `releases/vVERSION/` with the archive of a stand-in
/// binary (a script that prints its version) and its checksum.
struct Releases {
    dir: tempfile::TempDir,
    url: String,
}

impl Releases {
    fn new() -> Releases {
        let dir = tempfile::tempdir().expect("tempdir");
        let binary = dir.path().join("built-wgsite");
        std::fs::write(&binary, format!("#!/bin/sh\necho wgsite {VERSION}\n")).expect("binary");
        let out = dir.path().join(format!("releases/v{VERSION}"));
        let pack = Command::new("sh")
            .arg(repo().join("scripts/pack-release.sh"))
            .args([VERSION, TARGET])
            .arg(&binary)
            .arg(&out)
            .current_dir(repo())
            .output()
            .expect("pack-release.sh runs");
        assert!(pack.status.success(), "{}", text(&pack.stderr));
        let addr = serve(dir.path().to_path_buf(), "/");
        Releases {
            url: format!("http://{addr}/releases"),
            dir,
        }
    }

    fn archive(&self) -> PathBuf {
        self.dir.path().join(format!(
            "releases/v{VERSION}/wgsite-v{VERSION}-{TARGET}.tar.gz"
        ))
    }

    /// Runs the install script as `curl … | sh -s -- ARGS` does: the script read from standard
    /// input, with an empty environment but the one a user would have.
    fn install(&self, args: &[&str], target: &str) -> Output {
        let script = std::fs::read(repo().join("scripts/install.sh")).expect("install.sh");
        let mut child = Command::new("sh")
            .args(["-s", "--"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .env("TMPDIR", self.dir.path())
            .env("WGSITE_RELEASES", &self.url)
            .env("WGSITE_TARGET", target)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), &script)
            .expect("script piped");
        child.wait_with_output().expect("install finishes")
    }

    fn dest(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    /// What the install left in DEST, and any temporary folder it left beside the archives.
    fn leftovers(&self) -> (Vec<String>, Vec<String>) {
        let names = |dir: &Path| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };
        let temporaries = names(self.dir.path())
            .into_iter()
            .filter(|n| n.starts_with("wgsite-install"))
            .collect();
        (names(&self.dest()), temporaries)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_good_archive_is_installed_into_dest_and_runs() {
    if !tools_present() {
        return;
    }
    let releases = Releases::new();
    let dest = releases.dest();
    let out = releases.install(
        &[&format!("v{VERSION}"), dest.to_str().expect("utf-8")],
        TARGET,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let installed = dest.join("wgsite");
    let mode = std::fs::metadata(&installed)
        .expect("installed")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755);
    let run = Command::new(&installed)
        .output()
        .expect("installed binary runs");
    assert_eq!(text(&run.stdout).trim(), format!("wgsite {VERSION}"));
    assert_eq!(releases.leftovers(), (vec!["wgsite".to_string()], vec![]));
    assert!(
        text(&out.stderr).contains("is not on your PATH"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_default_dest_is_local_bin_in_home() {
    if !tools_present() {
        return;
    }
    let releases = Releases::new();
    let out = releases.install(&[VERSION], TARGET);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(releases.dir.path().join("home/.local/bin/wgsite").is_file());
}

#[test]
fn a_corrupted_archive_installs_nothing_and_keeps_the_old_binary() {
    if !tools_present() {
        return;
    }
    let releases = Releases::new();
    let mut bytes = std::fs::read(releases.archive()).expect("archive");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(releases.archive(), bytes).expect("corrupt the archive");
    let dest = releases.dest();
    std::fs::create_dir_all(&dest).expect("dest");
    std::fs::write(dest.join("wgsite"), "the old binary").expect("old binary");

    let out = releases.install(&[VERSION, dest.to_str().expect("utf-8")], TARGET);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("does not match its checksum"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dest.join("wgsite")).expect("old binary"),
        "the old binary"
    );
    assert_eq!(releases.leftovers(), (vec!["wgsite".to_string()], vec![]));
}

#[test]
fn a_checksum_of_another_archive_is_refused() {
    if !tools_present() {
        return;
    }
    let releases = Releases::new();
    let sums = releases.archive().with_extension("gz.sha256");
    let line = std::fs::read_to_string(&sums).expect("checksum");
    let hash = line.split_whitespace().next().expect("hash");
    std::fs::write(&sums, format!("{hash}  wgsite-v0.0.1-{TARGET}.tar.gz\n")).expect("rewrite");
    let out = releases.install(&[VERSION, releases.dest().to_str().expect("utf-8")], TARGET);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("is for"),
        "{}",
        text(&out.stderr)
    );
    assert!(!releases.dest().exists());
}

#[test]
fn a_missing_release_installs_nothing() {
    if !tools_present() {
        return;
    }
    let releases = Releases::new();
    let out = releases.install(&["9.9.9", releases.dest().to_str().expect("utf-8")], TARGET);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("could not download"), "{stderr}");
    assert!(stderr.contains("/v9.9.9/wgsite-v9.9.9-"), "{stderr}");
    assert!(!releases.dest().exists());
    assert_eq!(releases.leftovers().1, Vec::<String>::new());
}

#[test]
fn an_unknown_target_or_a_version_that_is_not_one_installs_nothing() {
    if !tools_present() {
        return;
    }
    let releases = Releases::new();
    let dest = releases.dest();
    let dest = dest.to_str().expect("utf-8");
    let out = releases.install(&[VERSION, dest], "riscv64gc-unknown-linux-gnu");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr)
            .contains("no release binary for the target 'riscv64gc-unknown-linux-gnu'"),
        "{}",
        text(&out.stderr)
    );
    for version in ["../../etc", "1.2.3?x=1", ""] {
        let out = releases.install(&[version, dest], TARGET);
        assert!(!out.status.success(), "{version:?} was accepted");
        assert!(
            text(&out.stderr).contains("is not a version"),
            "{}",
            text(&out.stderr)
        );
    }
    assert!(!releases.dest().exists());
}
