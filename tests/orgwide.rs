//! Org-wide sites (`[[groups]]`): many groups' archives in one site, issues shared across them.
//! Also pins a single-group site's output byte for byte, so adding groups cannot change it.

use crate::common::{build_site, build_with, fixture};
use std::path::Path;
use wgsite::Options;

/// FNV-1a, 64 bits: a fixed, dependency-free hash for output manifests.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `HASH LENGTH PATH` for every file under `dir`, sorted by path.
fn manifest(dir: &Path) -> String {
    let mut lines: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read");
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            format!("{:016x} {:>8} {rel}", fnv64(&bytes), bytes.len())
        })
        .collect();
    lines.sort_by(|a, b| a[26..].cmp(&b[26..]));
    lines.join("\n") + "\n"
}

/// Compares a site's output with the manifest stored beside the tests (taken from the output
/// before org-wide sites existed). `WGSITE_BLESS=1` rewrites the manifest: only do that for a
/// change meant to alter every single-group site's output, and say so in the commit.
fn assert_output_unchanged(root: &Path, name: &str) {
    let built = build_with(Options {
        root: root.to_path_buf(),
        ..Options::default()
    });
    let got = manifest(&built.out);
    let stored = fixture(&format!("orgwide/single/{name}.manifest"));
    if std::env::var_os("WGSITE_BLESS").is_some() {
        std::fs::write(&stored, &got).expect("write manifest");
        return;
    }
    let want = std::fs::read_to_string(&stored).expect("stored manifest");
    let differ: Vec<String> = diff_lines(&want, &got);
    assert!(
        differ.is_empty(),
        "{name}: single-group output changed ({} lines differ; - stored, + now):\n{}",
        differ.len(),
        differ.join("\n")
    );
}

fn diff_lines(want: &str, got: &str) -> Vec<String> {
    let w: std::collections::BTreeSet<&str> = want.lines().collect();
    let g: std::collections::BTreeSet<&str> = got.lines().collect();
    w.difference(&g)
        .map(|l| format!("- {l}"))
        .chain(g.difference(&w).map(|l| format!("+ {l}")))
        .collect()
}

#[test]
fn a_single_group_site_is_byte_for_byte_what_it_was() {
    assert_output_unchanged(Path::new(env!("CARGO_MANIFEST_DIR")), "example");
    assert_output_unchanged(&fixture("build/recurring"), "recurring");
    assert_output_unchanged(&fixture("build/layout"), "layout");
}

#[test]
fn the_output_manifest_notices_a_changed_byte() {
    // The pin above must be able to fail: one changed byte changes the manifest.
    let site = build_site(&fixture("build/recurring"));
    let before = manifest(&site.out);
    let page = site.out.join("meetings/2024-01-10/index.html");
    let mut bytes = std::fs::read(&page).expect("read");
    if let Some(b) = bytes.iter_mut().find(|b| **b == b'a') {
        *b = b'b';
    }
    std::fs::write(&page, bytes).expect("write");
    assert_eq!(diff_lines(&before, &manifest(&site.out)).len(), 2);
}
