//! What a release is made of: the minimum Rust version the package declares, and the files the
//! published package holds.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("cargo prints UTF-8")
}

/// `1.88` or `1.88.0` as numbers to compare.
fn version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text
        .split('.')
        .map(|p| p.parse().unwrap_or_else(|_| panic!("bad version {text:?}")))
        .collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn rust_version_is_the_highest_that_a_locked_dependency_needs() {
    let metadata: Value =
        serde_json::from_str(&cargo(&["metadata", "--format-version", "1", "--locked"]))
            .expect("cargo metadata prints JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let ours = packages
        .iter()
        .find(|p| p["name"] == "wgsite")
        .expect("wgsite is in its own metadata");
    let declared = ours["rust_version"]
        .as_str()
        .expect("Cargo.toml declares rust-version");
    let (needed, by) = packages
        .iter()
        .filter(|p| p["name"] != "wgsite")
        .filter_map(|p| {
            let v = p["rust_version"].as_str()?;
            Some((version(v), format!("{} {}", p["name"], p["version"])))
        })
        .max()
        .expect("some dependency declares a rust-version");
    assert_eq!(
        version(declared),
        needed,
        "Cargo.toml says rust-version = {declared:?}, but {by} needs {needed:?}: declare the \
         highest version a locked dependency needs (no lower: builds would fail; no higher: \
         users would be turned away for nothing)"
    );
}

#[test]
fn the_package_holds_the_sources_and_the_theme_but_no_fixtures_or_example_archive() {
    let listed = cargo(&["package", "--list", "--allow-dirty", "--locked"]);
    let files: Vec<&str> = listed.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "build.rs",
        "src/main.rs",
        "src/init/pages.yml",
        "src/serve/live.js",
        "themes/default/templates/base.html",
        "themes/default/static/style.css",
    ] {
        assert!(
            files.contains(&needed),
            "{needed} is not packaged: {files:#?}"
        );
    }
    // Every file the binary compiles in is packaged.
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&themes) {
        let entry = entry.expect("theme entry");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .expect("inside the repository")
                .to_string_lossy()
                .replace('\\', "/");
            assert!(files.contains(&rel.as_str()), "{rel} is not packaged");
        }
    }
    for file in &files {
        for unwanted in [
            "content/",
            "tests/",
            "fuzz/",
            "public/",
            "target/",
            "docs/",
            "benches/",
            "examples/",
            "scripts/",
            ".github/",
        ] {
            assert!(!file.starts_with(unwanted), "{file} should not be packaged");
        }
    }
}

/// The release workflow publishes the CHANGELOG.md section of the tagged version as the
/// release's notes, and refuses to release without one: this version must have its section.
#[cfg(unix)]
#[test]
fn the_changelog_has_notes_for_this_version_and_none_for_an_unreleased_one() {
    let notes = |version: &str| {
        Command::new("sh")
            .arg("scripts/release-notes.sh")
            .arg(version)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("release-notes.sh runs")
    };
    let ours = notes(env!("CARGO_PKG_VERSION"));
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let text = String::from_utf8_lossy(&ours.stdout);
    assert!(!text.contains("\n## "), "ran into the next version: {text}");
    assert!(text.trim().len() > 20, "{text}");
    assert!(!notes("999.0.0").status.success());
}
