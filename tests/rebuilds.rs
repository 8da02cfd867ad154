//! `serve`'s rebuilds make what `build` makes. A `serve` session (an [`incremental::Session`])
//! and [`wgsite::build`] read copies of the same fixture; after the session starts and after
//! each edit of a sequence (notes typed, an item added, a file added, a file removed, a date
//! changed), every output file of the session and every diagnostic it reports equal those of a
//! fresh build of the folder as it now is.

use crate::common::{copy_dir, fixture, shared};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wgsite::diag::Diagnostic;
use wgsite::incremental::{Change, Session};
use wgsite::Options;

/// One step of a sequence, on a file of the content folder.
enum Edit {
    /// Replaces the first `from` with `to`. `notes` says the edit only types notes, so the
    /// session must take its fast path.
    Replace {
        file: &'static str,
        from: &'static str,
        to: &'static str,
        notes: bool,
    },
    Add {
        file: &'static str,
        text: &'static str,
    },
    Remove {
        file: &'static str,
    },
}

/// What a site is: site path → bytes.
type Files = BTreeMap<String, Vec<u8>>;

fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        // Upcoming meetings count from the build date: the same for both.
        today: wgsite::model::Date::new(2024, 6, 1),
        // Pagefind's index is rebuilt beside serve's session, not by it.
        no_search: true,
        ..Options::default()
    }
}

/// A fresh build of `root` into `out`: its files and diagnostics.
fn build(root: &Path, out: &Path) -> (Files, Vec<String>) {
    let report = wgsite::build(&Options {
        output: Some(out.to_path_buf()),
        ..options(root)
    })
    .unwrap_or_else(|e| panic!("build of {}: {e}", root.display()));
    assert!(report.written, "{:#?}", report.diagnostics);
    let mut files = Files::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.expect("entry");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(out).expect("inside");
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    (files, shown(&report.diagnostics))
}

fn shown(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

/// Runs `edits` on the site in `root` (a copy: it is edited) through a session, holding the
/// session's files and diagnostics to a fresh build's after the start and after each edit.
fn holds_to_builds(root: &Path, edits: &[Edit]) {
    let outs = tempfile::tempdir().expect("tempdir");
    let (mut session, report, files) = Session::start(&options(root)).expect("session starts");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let mut served: Files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let mut diagnostics = shown(&report.diagnostics);
    let content = root.join("content");
    for (step, edit) in std::iter::once(None)
        .chain(edits.iter().map(Some))
        .enumerate()
    {
        if let Some(edit) = edit {
            let (path, notes) = apply(&content, edit);
            let rebuilt = session
                .rebuild(&Change::Content(vec![path.clone()]))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(
                rebuilt.report.errors(),
                0,
                "{:#?}",
                rebuilt.report.diagnostics
            );
            let fast = rebuilt
                .report
                .timings
                .iter()
                .any(|(n, _)| *n == "notes-only");
            assert_eq!(fast, notes, "{}: the notes-only path", path.display());
            for gone in &rebuilt.removed {
                served.remove(gone);
            }
            served.extend(rebuilt.changed.into_iter().map(|f| (f.path, f.bytes)));
            diagnostics = shown(&rebuilt.report.diagnostics);
        }
        let (built, built_diagnostics) = build(root, &outs.path().join(step.to_string()));
        let what = match edit {
            None => "the start".to_string(),
            Some(Edit::Replace { file, to, .. }) => format!("{file} edited to {to:?}"),
            Some(Edit::Add { file, .. }) => format!("{file} added"),
            Some(Edit::Remove { file }) => format!("{file} removed"),
        };
        let differ = differences(&served, &built);
        assert!(
            differ.is_empty(),
            "{}, after {what}: these files differ from a build's: {differ:?}",
            root.display()
        );
        assert_eq!(
            diagnostics,
            built_diagnostics,
            "{}, after {what}: the diagnostics differ from a build's",
            root.display()
        );
    }
}

/// The paths whose bytes differ between two sites, or that only one has.
fn differences<'a>(served: &'a Files, built: &'a Files) -> Vec<&'a String> {
    let mut paths: Vec<&String> = built
        .keys()
        .chain(served.keys())
        .filter(|path| built.get(*path) != served.get(*path))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Makes `edit` in the content folder; the file it changed, and whether it only typed notes.
fn apply(content: &Path, edit: &Edit) -> (PathBuf, bool) {
    match *edit {
        Edit::Replace {
            file,
            from,
            to,
            notes,
        } => {
            let path = content.join(file);
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(
                text.contains(from),
                "{file} lacks {from:?}: update this test"
            );
            std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
            (path, notes)
        }
        Edit::Add { file, text } => {
            let path = content.join(file);
            assert!(!path.exists(), "{file} exists: update this test");
            std::fs::write(&path, text).expect("write");
            (path, false)
        }
        Edit::Remove { file } => {
            let path = content.join(file);
            std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
            (path, false)
        }
    }
}

/// A copy of the fixture at `from` (a site folder), to edit.
fn copy_of(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(from, dir.path());
    dir
}

#[test]
fn serve_matches_build_on_the_example_site() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(here.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    copy_dir(&here.join("content"), &dir.path().join("content"));
    holds_to_builds(
        dir.path(),
        &[
            Edit::Replace {
                file: "2024-04-04.md",
                from: "  * Writing anywhere,",
                to: "  * A `code span` typed during the meeting\n  * Writing anywhere,",
                notes: true,
            },
            Edit::Replace {
                file: "2024-04-04.md",
                from: "* Best practices badge progress",
                to: "* Brand new [#4242](https://github.com/examplejs/security-wg/issues/4242)\n  \
                     * new\n\n* Best practices badge progress",
                notes: false,
            },
            // A second file on the day of another: both are published, with a warning.
            Edit::Add {
                file: "2024-04-04-followup.md",
                text: "# Follow-up 2024-04-04\n\n## Agenda\n\n### examplejs/security-wg\n\n\
                       * Brand new [#4242](https://github.com/examplejs/security-wg/issues/4242)\n  \
                       * continued\n",
            },
            Edit::Remove {
                file: "2025-06-05.md",
            },
            // The title now disagrees with the file name (a warning), and the meeting moves.
            Edit::Replace {
                file: "2024-01-11.md",
                from: "2024-01-11",
                to: "2024-01-12",
                notes: false,
            },
        ],
    );
}

#[test]
fn serve_matches_build_on_an_org_wide_site() {
    let dir = copy_of(&fixture("orgwide/two_groups"));
    holds_to_builds(
        dir.path(),
        &[
            Edit::Replace {
                file: "tsc/2023-03-01.md",
                from: "  * Hand back to the Security WG",
                to: "  * Hand back to the Security WG, typed during the meeting",
                notes: true,
            },
            Edit::Replace {
                file: "tsc/2023-03-01.md",
                from: "* Loader hole fix",
                to: "* Budget [#7](https://github.com/acme/tsc/issues/7)\n  * added\n\n\
                     * Loader hole fix",
                notes: false,
            },
            Edit::Add {
                file: "tsc/2023-03-15.md",
                text: "# TSC Meeting 2023-03-15\n\n## Agenda\n\n### acme/node\n\n\
                       * Loader hole fix [#100](https://github.com/acme/node/issues/100)\n  \
                       * Released\n",
            },
            Edit::Remove {
                file: "security-wg/2023-01-19.md",
            },
            Edit::Replace {
                file: "tsc/2023-02-01.md",
                from: "# TSC Meeting 2023-02-01",
                to: "# TSC Meeting 2023-02-02",
                notes: false,
            },
        ],
    );
}

#[test]
fn serve_matches_build_on_a_real_archive() {
    let Some(shared) = shared() else {
        return;
    };
    // The Security WG's fixture reads its minutes from ../shared: a copy holds both.
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = std::fs::read_to_string(fixture("corpus/security-wg/site.toml")).expect("toml");
    let toml: String = toml
        .lines()
        .map(|l| match l.starts_with("content_dir") {
            true => "content_dir = \"content\"",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("site.toml"), toml).expect("site.toml");
    copy_dir(
        &shared.join("corpus/nodejs-security-wg"),
        &dir.path().join("content"),
    );
    holds_to_builds(
        dir.path(),
        &[
            Edit::Replace {
                file: "2024-05-09.md",
                from: "  * Has been removed in main",
                to: "  * Has been removed in main, typed during the meeting",
                notes: true,
            },
            Edit::Replace {
                file: "2024-05-09.md",
                from: "* Node.js Security Initiatives 2024 [#1255]",
                to: "* A new topic [#4242](https://github.com/nodejs/security-wg/issues/4242)\n  \
                     * added during the meeting\n\n* Node.js Security Initiatives 2024 [#1255]",
                notes: false,
            },
            Edit::Add {
                file: "2024-05-23-extra.md",
                text: "# Extra Security WG Meeting 2024-05-23\n\n## Agenda\n\n\
                       ### nodejs/security-wg\n\n\
                       * A new topic [#4242](https://github.com/nodejs/security-wg/issues/4242)\n  \
                       * followed up\n",
            },
            Edit::Remove {
                file: "2024-01-18.md",
            },
            Edit::Replace {
                file: "2024-02-29.md",
                from: "2024-02-29",
                to: "2024-03-01",
                notes: false,
            },
        ],
    );
}

#[test]
fn a_stale_file_or_a_missing_one_is_a_difference() {
    let dir = copy_of(&fixture("orgwide/two_groups"));
    let outs = tempfile::tempdir().expect("tempdir");
    let (built, _) = build(dir.path(), outs.path());
    assert!(differences(&built, &built).is_empty());
    let mut stale = built.clone();
    let page = "meetings/tsc/2023-03-01/index.html".to_string();
    stale.insert(page.clone(), b"an older page".to_vec());
    assert_eq!(differences(&stale, &built), [&page]);
    let mut missing = built.clone();
    missing.remove(&page);
    assert_eq!(differences(&missing, &built), [&page]);
}
