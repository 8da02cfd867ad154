//! Incremental rebuilds of an org-wide site (two groups) against full builds.
use super::tests::{assert_same_as_full_build, page, session, site, A, B, C};
use super::*;

/// A two-group site: `wg` (repo o/r) meets 2024-01-01 and 2024-02-01, `tsc` (repo o/tsc)
/// 2024-02-01 and 2024-03-01.
fn org_site() -> tempfile::TempDir {
    let dir = site(&[]);
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"T\"\nrepo = \"o/r\"\n[search]\nenabled = false\n\
         [[groups]]\nslug = \"wg\"\nname = \"WG\"\npath = \"wg\"\n\
         [[groups]]\nslug = \"tsc\"\nname = \"TSC\"\nrepo = \"o/tsc\"\npath = \"tsc\"\n",
    )
    .expect("site.toml");
    let content = dir.path().join("content");
    for (path, text) in [
        ("wg/2024-01-01.md", A),
        ("wg/2024-02-01.md", B),
        ("tsc/2024-02-01.md", B),
        ("tsc/2024-03-01.md", C),
    ] {
        let file = content.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    dir
}

#[test]
fn incremental_output_matches_a_full_build_on_an_org_wide_site() {
    let dir = org_site();
    let content = dir.path().join("content");
    let (mut s, files) = session(dir.path());
    assert!(files
        .iter()
        .any(|f| f.path == "meetings/tsc/2024-02-01/index.html"));
    // Move #1 to the TSC's last meeting, add a WG meeting on that day, drop the WG's
    // second meeting, and touch a file outside both groups (not part of the site).
    let tsc = content.join("tsc/2024-03-01.md");
    std::fs::write(
        &tsc,
        format!("{C}\n* Alpha [#1](https://github.com/o/r/issues/1)\n"),
    )
    .expect("edit");
    let added = content.join("wg/2024-03-01.md");
    std::fs::write(&added, A.replace("2024-01-01", "2024-03-01")).expect("add");
    let gone = content.join("wg/2024-02-01.md");
    std::fs::remove_file(&gone).expect("rm");
    let stray = content.join("2024-04-01.md");
    std::fs::write(&stray, A.replace("2024-01-01", "2024-04-01")).expect("stray");
    let rebuilt = s
        .rebuild(&Change::Content(vec![tsc, added, gone, stray]))
        .expect("rebuild");
    assert!(rebuilt
        .removed
        .contains(&"meetings/wg/2024-02-01/index.html".to_string()));
    assert!(!s.files.keys().any(|k| k.starts_with("meetings/2024")));
    assert_same_as_full_build(&s, dir.path());
}

#[test]
fn notes_typed_into_an_org_wide_site_match_a_full_build() {
    let dir = org_site();
    let (mut s, _) = session(dir.path());
    let path = dir.path().join("content/tsc/2024-02-01.md");
    std::fs::write(&path, B.replace("second note", "the TSC's note")).expect("edit");
    let rebuilt = s.rebuild(&Change::Content(vec![path])).expect("rebuild");
    assert!(
        page(&rebuilt.changed, "meetings/tsc/2024-02-01/index.html").contains("the TSC&#39;s note")
    );
    assert!(!rebuilt
        .changed
        .iter()
        .any(|f| f.path.starts_with("meetings/wg/2024-02-01")));
    assert_same_as_full_build(&s, dir.path());
}
