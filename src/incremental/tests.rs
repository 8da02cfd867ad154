//! Incremental rebuilds against full builds ([`crate::build`]) of the same input, on a
//! single-group site and an org-wide one (two groups).
use super::*;
use std::path::Path;

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"T\"\nrepo = \"o/r\"\n[search]\nenabled = false\n",
    )
    .expect("write");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    for (name, text) in files {
        std::fs::write(dir.path().join("content").join(name), text).expect("write");
    }
    dir
}

const A: &str =
    "# M 2024-01-01\n\n### o/r\n\n* Alpha [#1](https://github.com/o/r/issues/1)\n  * first note\n";
const B: &str =
    "# M 2024-02-01\n\n### o/r\n\n* Alpha [#1](https://github.com/o/r/issues/1)\n  * second note\n";
const C: &str = "# M 2024-03-01\n\n### o/r\n\n* Beta [#2](https://github.com/o/r/issues/2)\n";

fn session(dir: &Path) -> (Session, Vec<OutputFile>) {
    let opts = Options {
        root: dir.to_path_buf(),
        ..Options::default()
    };
    let (s, report, files) = Session::start(&opts).expect("start");
    assert_eq!(report.errors(), 0);
    (s, files)
}

fn page<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| std::str::from_utf8(&f.bytes).unwrap_or(""))
        .unwrap_or_else(|| {
            panic!(
                "{path} not among {:?}",
                files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        })
}

#[test]
fn an_edit_rerenders_the_meeting_its_issue_and_the_neighbours_only() {
    let dir = site(&[
        ("2024-01-01.md", A),
        ("2024-02-01.md", B),
        ("2024-03-01.md", C),
    ]);
    let (mut s, _) = session(dir.path());
    let path = dir.path().join("content/2024-02-01.md");
    std::fs::write(&path, B.replace("second note", "edited note")).expect("edit");
    let rebuilt = s.rebuild(&Change::Content(vec![path])).expect("rebuild");
    assert!(page(&rebuilt.changed, "meetings/2024-02-01/index.html").contains("edited note"));
    assert!(page(&rebuilt.changed, "issues/o/r/1/index.html").contains("edited note"));
    // Issue #2 was not touched.
    assert!(!rebuilt
        .changed
        .iter()
        .any(|f| f.path == "issues/o/r/2/index.html"));
    assert!(rebuilt.removed.is_empty());
}

#[test]
fn incremental_output_matches_a_full_build() {
    let dir = site(&[
        ("2024-01-01.md", A),
        ("2024-02-01.md", B),
        ("2024-03-01.md", C),
    ]);
    let (mut s, _) = session(dir.path());
    // Move #2 onto the second meeting's agenda and delete the third meeting.
    let second = dir.path().join("content/2024-02-01.md");
    std::fs::write(
        &second,
        format!("{B}\n* Beta again [#2](https://github.com/o/r/issues/2)\n"),
    )
    .expect("edit");
    let third = dir.path().join("content/2024-03-01.md");
    std::fs::remove_file(&third).expect("rm");
    let rebuilt = s
        .rebuild(&Change::Content(vec![second, third]))
        .expect("rebuild");
    assert!(rebuilt
        .removed
        .contains(&"meetings/2024-03-01/index.html".to_string()));
    assert_same_as_full_build(&s, dir.path());
}

#[test]
fn notes_citing_an_issue_link_to_its_page_once_it_has_one_and_back_when_it_goes() {
    // The first meeting's closing section cites #3 (and o/r#3), which no agenda lists or
    // notes mention yet: they link to GitHub. Putting #3 on the third meeting's agenda gives it
    // a page, so the first meeting's page changes too.
    let cites = format!("{A}\n## Next meeting\n\n* Follow up on #3 and o/r#3 about widgets\n");
    let dir = site(&[
        ("2024-01-01.md", cites.as_str()),
        ("2024-02-01.md", B),
        ("2024-03-01.md", C),
    ]);
    std::fs::write(dir.path().join("site.toml"), SITE_WITH_INITIATIVE).expect("toml");
    let (mut s, _) = session(dir.path());
    let third = dir.path().join("content/2024-03-01.md");
    std::fs::write(
        &third,
        format!("{C}* Gamma [#3](https://github.com/o/r/issues/3)\n"),
    )
    .expect("edit");
    let rebuilt = s
        .rebuild(&Change::Content(vec![third.clone()]))
        .expect("rebuild");
    assert!(page(&rebuilt.changed, "meetings/2024-01-01/index.html").contains("issues/o/r/3/"));
    assert_same_as_full_build(&s, dir.path());
    // And back: #3 leaves the agenda, its page goes, the notes link to GitHub again.
    std::fs::write(&third, C).expect("edit");
    let rebuilt = s.rebuild(&Change::Content(vec![third])).expect("rebuild");
    assert!(!page(&rebuilt.changed, "meetings/2024-01-01/index.html").contains("issues/o/r/3/"));
    assert_same_as_full_build(&s, dir.path());
}

#[test]
fn a_broken_edit_keeps_the_last_good_site() {
    let dir = site(&[("2024-01-01.md", A)]);
    let (mut s, _) = session(dir.path());
    let before = s.files.clone();
    // An unreadable (binary) file is a warning, so use a template error instead.
    std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    std::fs::write(dir.path().join("templates/meeting.html"), "{{ broken").expect("write");
    assert!(s.rebuild(&Change::Templates).is_err());
    assert_eq!(s.files, before);
}

/// The session's output equals a fresh build of the same folder ([`crate::build`]), file by
/// file (the search index aside: the session rebuilds it beside itself).
fn assert_same_as_full_build(s: &Session, dir: &Path) {
    let out = tempfile::tempdir().expect("tempdir");
    let report = crate::build(&Options {
        output: Some(out.path().join("public")),
        ..s.opts.clone()
    })
    .expect("build");
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let built: HashMap<String, Vec<u8>> = crate::test_support::tree(&out.path().join("public"))
        .into_iter()
        .filter(|(path, _)| !path.starts_with(paths::SEARCH_INDEX))
        .collect();
    let mut differ: Vec<&str> = built
        .keys()
        .chain(s.files.keys())
        .filter(|k| built.get(*k) != s.files.get(*k))
        .map(String::as_str)
        .collect();
    differ.sort_unstable();
    differ.dedup();
    assert!(
        differ.is_empty(),
        "{}: differ from a build: {differ:?}",
        dir.display()
    );
    assert_eq!(s.diagnostics, report.diagnostics);
}

const SITE_WITH_INITIATIVE: &str = "title = \"T\"\nrepo = \"o/r\"\n[search]\nenabled = false\n\n[[initiatives]]\nslug = \"w\"\nname = \"Widgets\"\ndescription = \"\"\nkeywords = [\"widget\"]\nmatch_notes = true\n";

fn timing_names(rebuilt: &Rebuilt) -> Vec<&'static str> {
    rebuilt.report.timings.iter().map(|(n, _)| *n).collect()
}

#[test]
fn typing_notes_takes_the_fast_path_and_matches_a_full_build() {
    let dir = site(&[
        ("2024-01-01.md", A),
        ("2024-02-01.md", B),
        ("2024-03-01.md", C),
    ]);
    std::fs::write(dir.path().join("site.toml"), SITE_WITH_INITIATIVE).expect("toml");
    let (mut s, _) = session(dir.path());
    let path = dir.path().join("content/2024-02-01.md");
    std::fs::write(
        &path,
        B.replace("second note", "second note, and a **third** one"),
    )
    .expect("edit");
    let rebuilt = s.rebuild(&Change::Content(vec![path])).expect("rebuild");
    assert!(timing_names(&rebuilt).contains(&"notes-only"));
    assert!(page(&rebuilt.changed, "issues/o/r/1/index.html").contains("<strong>third</strong>"));
    assert_same_as_full_build(&s, dir.path());
}

#[test]
fn notes_that_change_the_archive_take_the_full_path() {
    // A handle named (people pages list it), a keyword of an initiative that matches notes
    // (membership), a status ("no update" on the issue page): each changes the archive.
    for edit in [
        "second note for @bob",
        "second note on the widget",
        "No update",
    ] {
        let dir = site(&[
            ("2024-01-01.md", A),
            ("2024-02-01.md", B),
            ("2024-03-01.md", C),
        ]);
        std::fs::write(dir.path().join("site.toml"), SITE_WITH_INITIATIVE).expect("toml");
        let (mut s, _) = session(dir.path());
        let path = dir.path().join("content/2024-02-01.md");
        std::fs::write(&path, B.replace("second note", edit)).expect("edit");
        let rebuilt = s.rebuild(&Change::Content(vec![path])).expect("rebuild");
        assert!(!timing_names(&rebuilt).contains(&"notes-only"), "{edit}");
        assert_same_as_full_build(&s, dir.path());
    }
}

/// Copies the example site of the repository (21 meetings, two initiatives, code blocks).
fn example_site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    std::fs::write(dir.path().join("site.toml"), toml).expect("write");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    for entry in std::fs::read_dir(repo.join("content")).expect("content") {
        let path = entry.expect("entry").path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, dir.path().join("content").join(name)).expect("copy");
        }
    }
    dir
}

#[test]
fn notes_typed_into_the_example_site_match_a_full_build() {
    let dir = example_site();
    let (mut s, _) = session(dir.path());
    let path = dir.path().join("content/2024-04-04.md");
    let text = std::fs::read_to_string(&path).expect("read");
    // Under #898 (Permission Model initiative) and #953 (Best Practices badge).
    let edited = text
        .replace(
            "  * Writing anywhere,",
            "  * A `code span` and a [link](https://example.org) typed during the meeting\n  * Writing anywhere,",
        )
        .replace("Passing level achieved!", "Passing level achieved, finally!");
    assert_ne!(
        text, edited,
        "the example minutes changed: update this test"
    );
    std::fs::write(&path, edited).expect("edit");
    let rebuilt = s.rebuild(&Change::Content(vec![path])).expect("rebuild");
    assert!(timing_names(&rebuilt).contains(&"notes-only"));
    let changed: Vec<&str> = rebuilt.changed.iter().map(|f| f.path.as_str()).collect();
    assert!(
        changed.contains(&"initiatives/permission-model/index.html"),
        "{changed:?}"
    );
    assert!(
        changed.contains(&"issues/examplejs/security-wg/953/index.html"),
        "{changed:?}"
    );
    assert_same_as_full_build(&s, dir.path());
}

#[test]
fn structural_edits_of_the_example_site_match_a_full_build() {
    let edits: [(&str, &str, &str); 10] = [
        // A new agenda item on an initiative's issue.
        (
            "2024-04-04.md",
            "* Best practices badge progress",
            "* Threat model [#901](https://github.com/examplejs/security-wg/issues/901)\n  * new\n\n* Best practices badge progress",
        ),
        // A new issue on no initiative.
        (
            "2024-04-04.md",
            "* Best practices badge progress",
            "* Brand new [#4242](https://github.com/examplejs/security-wg/issues/4242)\n\n* Best practices badge progress",
        ),
        // Someone else came.
        ("2024-04-04.md", "* Ivan Petrov: @ipetrov", "* Ivan Petrov: @ipetrov\n* Zoe New: @zoenew"),
        // A renamed meeting.
        (
            "2024-04-04.md",
            "# Example Security WG Meeting 2024-04-04",
            "# Example Security WG Meeting 2024-04-04 (rescheduled)",
        ),
        // The last meeting's only change: an item removed.
        ("2025-06-05.md", "[#898]", "[#899]"),
        // An item put before the others, naming someone and giving them an action: the other
        // items keep their place in their issues' timelines, the lists gain an action.
        (
            "2024-04-04.md",
            "* Permission Model - Roadmap",
            "* Fuzzing [#4243](https://github.com/examplejs/security-wg/issues/4243)\n  * @dhaddad will set up the fuzzers\n\n* Permission Model - Roadmap",
        ),
        // An issue retitled at its latest mention: every list showing it changes, the page of
        // the person named in its notes (@bokafor, 2024-01-11) too.
        (
            "2025-04-10.md",
            "* Automate security releases [#860]",
            "* Security release automation [#860]",
        ),
        // An issue taken off this meeting's agenda: its neighbours' previous/next links move.
        (
            "2024-04-04.md",
            "* Best practices badge progress [#953](https://github.com/examplejs/security-wg/issues/953)",
            "* Best practices badge progress",
        ),
        // A new item, and someone named under an existing one whose list line stays the same:
        // their page now lists that issue among those naming them.
        (
            "2024-04-04.md",
            "* Best practices badge progress [#953](https://github.com/examplejs/security-wg/issues/953)\n",
            "* Brand new [#4245](https://github.com/examplejs/security-wg/issues/4245)\n* Best practices badge progress [#953](https://github.com/examplejs/security-wg/issues/953)\n  * as @ipetrov said\n",
        ),
        // An action's promise dropped: the action lists lose it.
        (
            "2024-04-04.md",
            "  * Chen will split them into a checklist in the issue so people can pick them up\n",
            "",
        ),
    ];
    for (file, from, to) in edits {
        let dir = example_site();
        let (mut s, _) = session(dir.path());
        let path = dir.path().join("content").join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.contains(from),
            "{file} lacks {from:?}: update this test"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).expect("edit");
        let mut first = None;
        let rest = s
            .rebuild_staged(&Change::Content(vec![path]), &mut |e| first = Some(e))
            .expect("rebuild");
        assert_same_as_full_build(&s, dir.path());
        // The edited meeting's page comes first; nothing it called final changes after.
        let first = first.expect("an early stage");
        let meeting = format!("meetings/{}/index.html", file.trim_end_matches(".md"));
        assert!(
            first.changed.iter().any(|f| f.path == meeting),
            "{file}: {to}"
        );
        assert!(first.ready.contains(&meeting) && first.ready.contains("style.css"));
        let later = rest.changed.iter().map(|f| &f.path).chain(&rest.removed);
        for path in later {
            assert!(
                !first.ready.contains(path),
                "{path} changed after it was final"
            );
        }
    }
}

#[test]
fn an_edit_refreshes_the_follow_up_of_earlier_action_items() {
    let promise = "# M 2024-01-01\n\n## Present\n\n* Ana Souza (@ana)\n\n## Agenda\n\n### o/r\n\n\
                   * Alpha [#1](https://github.com/o/r/issues/1)\n  * Ana will write it up\n";
    let dir = site(&[("2024-01-01.md", promise), ("2024-02-01.md", B)]);
    let (mut s, _) = session(dir.path());
    assert!(String::from_utf8_lossy(&s.files["people/ana/index.html"])
        .contains("followed up 2024-02-01"));
    // The later meeting stops discussing #1: Ana's page must lose the follow-up.
    let second = dir.path().join("content/2024-02-01.md");
    std::fs::write(&second, C.replace("2024-03-01", "2024-02-01")).expect("edit");
    s.rebuild(&Change::Content(vec![second])).expect("rebuild");
    let (_, fresh) = session(dir.path());
    assert_eq!(
        s.files["people/ana/index.html"],
        fresh
            .iter()
            .find(|f| f.path == "people/ana/index.html")
            .expect("page")
            .bytes
    );
    assert!(!String::from_utf8_lossy(&s.files["people/ana/index.html"]).contains("followed up"));
}

#[test]
fn an_action_typed_into_the_notes_takes_the_fast_path_and_matches_a_full_build() {
    let promise = "# M 2024-01-01\n\n## Present\n\n* Ana Souza (@ana)\n\n## Agenda\n\n### o/r\n\n\
                   * Alpha [#1](https://github.com/o/r/issues/1)\n  * first note\n";
    let dir = site(&[("2024-01-01.md", promise), ("2024-02-01.md", B)]);
    let (mut s, _) = session(dir.path());
    let first = dir.path().join("content/2024-01-01.md");
    std::fs::write(
        &first,
        promise.replace(
            "first note",
            "first note\n  * Decision: ship it\n  * Ana will write it up",
        ),
    )
    .expect("edit");
    let rebuilt = s.rebuild(&Change::Content(vec![first])).expect("rebuild");
    assert!(timing_names(&rebuilt).contains(&"notes-only"));
    assert!(String::from_utf8_lossy(&s.files["actions/2024/index.html"]).contains("write it up"));
    assert_same_as_full_build(&s, dir.path());
}

#[test]
fn a_years_first_and_last_action_items_bring_and_take_its_page() {
    // 2023 has one action item, 2024 another: each year has its page, linking to the other.
    let older = "# M 2023-05-01\n\n### o/r\n\n* Alpha [#1](https://github.com/o/r/issues/1)\n  \
                 * Action: ship the draft\n";
    let newer = "# M 2024-05-01\n\n### o/r\n\n* Alpha [#1](https://github.com/o/r/issues/1)\n  \
                 * Action: review the draft\n";
    let dir = site(&[("2023-05-01.md", older), ("2024-05-01.md", newer)]);
    let (mut s, _) = session(dir.path());
    assert!(s.files.contains_key("actions/2023/index.html"));
    let path = dir.path().join("content/2023-05-01.md");
    // Notes typed: 2023's only action item goes, and so does its page.
    std::fs::write(&path, older.replace("Action: ship", "We shipped")).expect("edit");
    let rebuilt = s
        .rebuild(&Change::Content(vec![path.clone()]))
        .expect("rebuild");
    assert!(timing_names(&rebuilt).contains(&"notes-only"));
    assert!(rebuilt
        .removed
        .contains(&"actions/2023/index.html".to_string()));
    assert!(!s.files.contains_key("actions/2023/index.html"));
    assert_same_as_full_build(&s, dir.path());
    // And it comes back, with 2024's link to it.
    std::fs::write(&path, older).expect("edit back");
    s.rebuild(&Change::Content(vec![path])).expect("rebuild");
    assert!(String::from_utf8_lossy(&s.files["actions/2024/index.html"])
        .contains("../../actions/2023/"));
    assert_same_as_full_build(&s, dir.path());
}

#[test]
fn a_new_item_rerenders_only_the_initiatives_it_touches() {
    let paths = |from: &str, to: &str| {
        let dir = example_site();
        let (mut s, _) = session(dir.path());
        let before = s.archive.clone();
        let path = dir.path().join("content/2024-04-04.md");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "2024-04-04.md lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("edit");
        s.rebuild(&Change::Content(vec![path])).expect("rebuild");
        let changed = HashSet::from(["2024-04-04.md".to_string()]);
        affected_outputs(&before, &s.archive, &changed)
    };
    let badge = "initiatives/best-practices/index.html";
    let permissions = "initiatives/permission-model/index.html";
    // An issue on no initiative: neither initiative page is rendered again.
    let brand_new = paths(
        "* Best practices badge progress",
        "* Brand new [#4242](https://github.com/examplejs/security-wg/issues/4242)\n\n* Best practices badge progress",
    );
    assert!(brand_new.contains("issues/examplejs/security-wg/4242/index.html"));
    assert!(!brand_new.contains(badge) && !brand_new.contains(permissions));
    // It moves the meeting's action items down a few lines; no list shows lines.
    assert!(
        !brand_new.iter().any(|p| p.starts_with("actions/")),
        "{brand_new:?}"
    );
    // Attendees' pages list the meeting without its agenda: none changes.
    let people: Vec<&String> = brand_new
        .iter()
        .filter(|p| p.starts_with("people/") && *p != "people/index.html")
        .collect();
    assert!(people.is_empty(), "{people:?}");
    // A note added under the badge item: that initiative's timeline quotes it.
    let noted = paths(
        "* Best practices badge progress [#953](https://github.com/examplejs/security-wg/issues/953)\n",
        "* Best practices badge progress [#953](https://github.com/examplejs/security-wg/issues/953)\n  * a new note\n* Brand new [#4242](https://github.com/examplejs/security-wg/issues/4242)\n",
    );
    assert!(
        noted.contains(badge) && !noted.contains(permissions),
        "{noted:?}"
    );
}

// ---- An org-wide site (two groups) ----

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

/// A minutes file replaced by a symbolic link is never read through it, even when the rebuild
/// is asked for that path alone: the meeting goes, as it does from a build's walk.
#[cfg(unix)]
#[test]
fn a_file_that_became_a_symlink_is_not_read() {
    let dir = site(&[("2024-01-01.md", A), ("2024-02-01.md", B)]);
    let secret = dir.path().join("secret.md");
    std::fs::write(&secret, "# M 2024-02-01\n\nTHE SECRET LINE\n").expect("secret");
    let (mut s, _) = session(dir.path());
    let path = dir.path().join("content/2024-02-01.md");
    std::fs::remove_file(&path).expect("remove");
    std::os::unix::fs::symlink(&secret, &path).expect("symlink");
    let rebuilt = s.rebuild(&Change::Content(vec![path])).expect("rebuild");
    assert!(rebuilt
        .removed
        .iter()
        .any(|p| p == "meetings/2024-02-01/index.html"));
    for file in &rebuilt.changed {
        assert!(
            !String::from_utf8_lossy(&file.bytes).contains("THE SECRET LINE"),
            "{} shows the link's target",
            file.path
        );
    }
}
