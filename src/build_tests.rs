//! [`build`] streams its output: the same files, byte for byte, as rendering the site into
//! memory and writing it (the path `--check-links` takes), and the same guarantees.

use super::*;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::output::tests::{names_in, tree};

fn options(root: &Path, out: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        // A fixed build date: upcoming meetings count from it.
        today: model::Date::new(2024, 6, 1),
        ..Options::default()
    }
}

/// The project's own example site and an org-wide fixture: both have action items, issues,
/// initiatives and people, and the search index is left out (Pagefind's output is its own).
fn sites() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        here.to_path_buf(),
        here.join("tests/fixtures/orgwide/two_groups"),
    ]
}

#[test]
fn a_streamed_build_writes_what_the_in_memory_writer_writes_byte_for_byte() {
    for root in sites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (streamed, memory) = (dir.path().join("streamed"), dir.path().join("memory"));
        let plain = Options {
            no_search: true,
            ..options(&root, &streamed)
        };
        let report = build(&plain).expect("streamed build");
        assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
        assert!(report.written);
        // `--check-links` renders the whole site into memory, checks it, then writes it.
        let in_memory = Options {
            check_links: true,
            ..options(&root, &memory)
        };
        let checked = build(&Options {
            no_search: true,
            ..in_memory
        })
        .expect("in-memory build");
        assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
        assert_eq!(report.files, checked.files, "{}", root.display());
        assert_eq!(tree(&streamed).len(), report.files);
        assert!(
            tree(&streamed) == tree(&memory),
            "{}: the outputs differ",
            root.display()
        );
        assert_eq!(names_in(dir.path()), ["memory", "streamed"]);
    }
}

#[test]
fn a_second_streamed_build_links_every_unchanged_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let opts = options(Path::new(env!("CARGO_MANIFEST_DIR")), &out);
    let first = build(&opts).expect("first build");
    let meta = |p: &str| std::fs::metadata(out.join(p)).expect("meta");
    let (home, data) = (meta("index.html"), meta("data/meetings.json"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = build(&opts).expect("second build");
    assert_eq!(second.files, first.files);
    assert_eq!(second.unchanged, second.files, "every file is the same");
    for (before, after) in [
        (home, meta("index.html")),
        (data, meta("data/meetings.json")),
    ] {
        assert_eq!(before.ino(), after.ino());
        assert_eq!(before.mtime_nsec(), after.mtime_nsec());
    }
    assert_eq!(names_in(dir.path()), ["public"]);
}

/// A site whose issue pages fail to render (a template that compiles but reads what is not
/// there), while its meeting pages render fine and are streamed out first.
fn site_with_a_render_error(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content")).expect("mkdir");
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    std::fs::write(
        root.join("site.toml"),
        "title = \"T\"\nbase_url = \"https://o.github.io/r/\"\nrepo = \"o/r\"\n\n[search]\nenabled = false\n",
    )
    .expect("write");
    for day in 1..=9 {
        std::fs::write(
            root.join(format!("content/2024-01-0{day}.md")),
            format!("# Meeting 2024-01-0{day}\n\n## Agenda\n\n* Topic [#{day}](https://github.com/o/r/issues/{day})\n"),
        )
        .expect("write");
    }
    std::fs::write(
        root.join("templates/issue.html"),
        "{% extends \"base.html\" %}{% block content %}{{ issue.no_such_field.deeper }}{% endblock content %}",
    )
    .expect("write");
    root
}

#[test]
fn a_render_error_part_way_leaves_the_previous_output_and_no_staging_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = site_with_a_render_error(dir.path());
    let out = dir.path().join("public");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join(output::MARKER), "").expect("write");
    std::fs::write(out.join("index.html"), "previous").expect("write");
    let before = tree(&out);
    for _ in 0..3 {
        let error = build(&options(&root, &out)).expect_err("the issue pages fail");
        // The first failing page in path order, whichever thread met which first.
        let message = error.to_string();
        assert!(message.contains("issue.html"), "{message}");
        assert!(tree(&out) == before, "the previous output changed");
        assert_eq!(names_in(dir.path()), ["public", "site"]);
    }
}
