//! Build script: tells the binary which commit it was built from, so that `wgsite init` can pin
//! the workflow it writes to this wgsite's GitHub Action by full commit SHA (a tag can be moved;
//! a SHA cannot). In order: `WGSITE_RELEASE_COMMIT` (set by the release workflow),
//! `.cargo_vcs_info.json` (written by `cargo package` into every published crate), `git
//! rev-parse HEAD` (a clone, or `cargo install --git`). Without any, `init` pins the version's
//! tag instead.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=WGSITE_RELEASE_COMMIT");
    println!("cargo:rerun-if-changed=.cargo_vcs_info.json");
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let git = Path::new(&manifest_dir).join(".git");
    if git.is_dir() {
        // HEAD moves on checkout; the branch it names moves on commit.
        println!("cargo:rerun-if-changed=.git/HEAD");
        if let Ok(head) = std::fs::read_to_string(git.join("HEAD")) {
            // (Only when the branch has a file of its own: a watched file that does not exist
            // would rerun this script on every build.)
            match head.trim().strip_prefix("ref: ") {
                Some(branch) if git.join(branch).is_file() => {
                    println!("cargo:rerun-if-changed=.git/{branch}");
                }
                _ if git.join("packed-refs").is_file() => {
                    println!("cargo:rerun-if-changed=.git/packed-refs");
                }
                _ => {}
            }
        }
    }
    let commit = std::env::var("WGSITE_RELEASE_COMMIT")
        .ok()
        .or_else(|| packaged_commit(Path::new(&manifest_dir)))
        .or_else(|| git_head(Path::new(&manifest_dir)))
        .filter(|sha| sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()));
    if let Some(sha) = commit {
        println!("cargo:rustc-env=WGSITE_COMMIT={}", sha.to_ascii_lowercase());
    }
}

/// The commit `cargo package` recorded: `{"git": {"sha1": "…"}, …}`.
fn packaged_commit(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let after = &text[text.find("\"sha1\"")? + 6..];
    let start = after.find('"')? + 1;
    let end = start + after[start..].find('"')?;
    Some(after[start..end].to_string())
}

fn git_head(dir: &Path) -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
