//! The writer's guarantees, for files written from memory ([`write`]) and streamed into a
//! [`Staging`] folder as they are made.

use super::*;
use crate::test_support::{names_in, tree};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// A site's worth of files: nested folders, a shared folder, an empty file.
fn site(tag: &str) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::new(".nojekyll", ""),
        OutputFile::new("index.html", format!("home {tag}")),
        OutputFile::new("feed.xml", "feed"),
    ];
    for i in 0..200 {
        files.push(OutputFile::new(
            format!(
                "meetings/2024-{:02}-{:02}/index.html",
                1 + i % 12,
                1 + i / 12
            ),
            format!("meeting {i} {}", if i % 3 == 0 { tag } else { "" }),
        ));
        files.push(OutputFile::new(
            format!("issues/o/r/{i}/feed.xml"),
            format!("feed {i}"),
        ));
    }
    files
}

/// Streams `files` into `out` the way a build does: folders prepared, files put from many
/// threads in no particular order, each dropped once put.
fn stream(files: Vec<OutputFile>, out: &Path, interrupt: &Interrupt) -> Result<Written> {
    let staging = Staging::begin(out, interrupt)?;
    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    staging.prepare(&paths.iter().map(String::as_str).collect::<Vec<_>>());
    files.into_par_iter().rev().for_each(|f| staging.put(f));
    staging.finish()
}

#[test]
fn streamed_output_equals_the_in_memory_writers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (memory, streamed) = (dir.path().join("memory"), dir.path().join("streamed"));
    let none = Interrupt::default();
    for tag in ["one", "two"] {
        let a = write(&site(tag), &memory).expect("write");
        let b = stream(site(tag), &streamed, &none).expect("stream");
        assert_eq!(a, b, "same counts");
        assert_eq!(tree(&memory), tree(&streamed));
    }
    assert_eq!(names_in(dir.path()), ["memory", "streamed"]);
}

#[test]
fn unchanged_files_keep_their_inode_and_mtime() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let first = [
        OutputFile::new("same/index.html", "same"),
        OutputFile::new("edited.txt", "before"),
    ];
    assert_eq!(write(&first, &out).expect("first").unchanged, 0);
    let meta = |p: &str| std::fs::metadata(out.join(p)).expect("meta");
    let (same, edited) = (meta("same/index.html"), meta("edited.txt"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = vec![
        OutputFile::new("same/index.html", "same"),
        OutputFile::new("edited.txt", "after!"),
        OutputFile::new("new.txt", "new"),
    ];
    // Streamed, and without preparing the folders: `put` makes them on demand.
    let interrupt = Interrupt::default();
    let staging = Staging::begin(&out, &interrupt).expect("begin");
    second.into_par_iter().for_each(|f| staging.put(f));
    let w = staging.finish().expect("second");
    assert_eq!((w.written, w.unchanged), (2, 1));
    let (same2, edited2) = (meta("same/index.html"), meta("edited.txt"));
    assert_eq!(same.ino(), same2.ino());
    assert_eq!(same.mtime_nsec(), same2.mtime_nsec());
    assert_ne!(edited.ino(), edited2.ino());
    assert_eq!(
        std::fs::read_to_string(out.join("edited.txt")).expect("read"),
        "after!"
    );
}

#[test]
fn replaces_the_output_and_leaves_no_staging() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    write(&[OutputFile::new("a/index.html", "one")], &out).expect("first");
    write(&[OutputFile::new("b.txt", "two")], &out).expect("second");
    assert!(!out.join("a/index.html").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("b.txt")).expect("b"),
        "two"
    );
    assert_eq!(names_in(dir.path()), ["public"]);
}

#[test]
fn a_failed_write_keeps_the_previous_output_and_names_the_same_file_every_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    write(&[OutputFile::new("index.html", "old")], &out).expect("first");
    // A file and a folder of the same name cannot both be written; other files fail too, after
    // it in path order, and whichever thread meets which first, the message is the first's.
    let mut bad = site("bad");
    bad.push(OutputFile::new("meetings", "file"));
    bad.push(OutputFile::new("zz/index.html/x", "under a file"));
    bad.push(OutputFile::new("zz/index.html", "file"));
    for _ in 0..5 {
        let message = stream(bad.clone(), &out, &Interrupt::default())
            .expect_err("fails")
            .to_string();
        assert!(
            message.contains("cannot write meetings: ")
                && message.ends_with("; the previous output is unchanged"),
            "{message}"
        );
        assert_eq!(
            write(&bad, &out).expect_err("fails").to_string(),
            message,
            "the in-memory writer says the same"
        );
        assert_eq!(names_in(dir.path()), ["public"]);
        assert_eq!(tree(&out), [("index.html".to_string(), b"old".to_vec())]);
    }
}

#[test]
fn a_render_error_part_way_keeps_the_previous_output_and_skips_the_files_after_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    write(&[OutputFile::new("index.html", "old")], &out).expect("first");
    let interrupt = Interrupt::default();
    let staging = Staging::begin(&out, &interrupt).expect("begin");
    staging.put(OutputFile::new("a/index.html", "rendered before"));
    staging.fail("m/index.html", Error::template("templates/x.html", "oops"));
    staging.fail("z/index.html", Error::template("templates/x.html", "later"));
    assert!(
        staging.skips("n/index.html"),
        "after the failure: not rendered"
    );
    assert!(!staging.skips("b/index.html"), "before it: still rendered");
    staging.put(OutputFile::new("b/index.html", "rendered after"));
    let error = staging.finish().expect_err("fails");
    assert_eq!(error.to_string(), "templates/x.html: error: oops");
    assert_eq!(names_in(dir.path()), ["public"]);
    assert_eq!(tree(&out), [("index.html".to_string(), b"old".to_vec())]);
    assert!(
        interrupt.request(),
        "idle again: a signal may end the process at once"
    );
}

#[test]
fn a_panic_while_streaming_removes_the_staging_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    write(&[OutputFile::new("index.html", "old")], &out).expect("first");
    let interrupt = Interrupt::default();
    let result = std::panic::catch_unwind(|| {
        let staging = Staging::begin(&out, &interrupt).expect("begin");
        staging.put(OutputFile::new("a.txt", "a"));
        panic!("a renderer bug");
    });
    assert!(result.is_err());
    assert_eq!(names_in(dir.path()), ["public"]);
    assert_eq!(tree(&out), [("index.html".to_string(), b"old".to_vec())]);
}

#[test]
fn a_stop_asked_before_the_write_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    let interrupt = Interrupt::default();
    assert!(interrupt.request(), "idle: the caller may exit at once");
    let result = write_interruptible(&[OutputFile::new("a", "b")], &out, &interrupt);
    assert!(matches!(result, Err(Error::Interrupted { written: false })));
    assert!(Staging::begin(&out, &interrupt).is_err());
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn a_stop_asked_while_streaming_stops_between_files_and_removes_the_staging_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    write(&[OutputFile::new("index.html", "old")], &out).expect("first");
    let interrupt = Interrupt::default();
    let staging = Staging::begin(&out, &interrupt).expect("begin");
    let files = site("new");
    let put = std::sync::atomic::AtomicUsize::new(0);
    // A signal lands part-way: every file after it is skipped, on every thread.
    files.into_par_iter().enumerate().for_each(|(i, f)| {
        if i == 150 {
            assert!(!interrupt.request(), "writing: the build stops by itself");
        }
        if !staging.skips(&f.path) {
            staging.put(f);
            put.fetch_add(1, Ordering::SeqCst);
        }
    });
    assert!(put.load(Ordering::SeqCst) < 403, "not every file was put");
    assert!(staging.skips("a") && staging.stopping());
    let result = staging.finish();
    assert!(matches!(result, Err(Error::Interrupted { written: false })));
    assert_eq!(names_in(dir.path()), ["public"]);
    assert_eq!(tree(&out), [("index.html".to_string(), b"old".to_vec())]);
    // The next build goes ahead as usual.
    stream(site("next"), &out, &interrupt).expect("next build");
    assert_eq!(names_in(dir.path()), ["public"]);
}

#[test]
fn a_stop_asked_during_the_swap_waits_for_it() {
    let interrupt = Interrupt::default();
    assert!(interrupt.step(IDLE, WRITING));
    assert!(interrupt.step(WRITING, SWAPPING));
    assert!(!interrupt.request());
    assert_eq!(interrupt.state.load(Ordering::SeqCst), LATE);
    assert!(!interrupt.stop_asked(), "the swap goes on");
}

#[test]
fn a_discarding_sink_counts_and_keeps_the_first_failure() {
    let sink = Discard::default();
    sink.put_all(site("x"));
    assert_eq!(Discard::default().finish().expect("none"), 0);
    sink.fail("b", Error::template("b.html", "second"));
    sink.fail("a", Error::template("a.html", "first"));
    assert!(sink.skips("c") && !sink.skips("0"));
    assert_eq!(
        sink.finish().expect_err("failed").to_string(),
        "a.html: error: first"
    );
}

/// Paths no sink may take, whatever upstream made them: each is refused as an error naming it.
const UNSAFE: [&str; 7] = [
    "../escaped/index.html",
    "issues/../../../escaped/feed.xml",
    "/tmp/escaped.html",
    "a//b.html",
    "",
    "x\0y",
    "..\\escaped.html",
];

#[test]
fn no_sink_takes_a_path_outside_the_output() {
    for bad in UNSAFE {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("site/public");
        write(&[OutputFile::new("index.html", "old")], &out).expect("first");
        let files = || {
            let mut files = site("new");
            files.push(OutputFile::new(bad, "planted"));
            files
        };
        let named = |error: Error| {
            let text = error.to_string();
            assert!(
                text.starts_with(&format!("{}: error: refused", bad.escape_debug())),
                "{bad:?}: {text}"
            );
            text
        };
        // On disk, streamed and from memory: the build fails, the previous output stays, and
        // nothing is written anywhere else (the temporary folder holds only the site).
        let streamed = named(stream(files(), &out, &Interrupt::default()).expect_err("refused"));
        let written = named(write(&files(), &out).expect_err("refused"));
        assert_eq!(streamed, written);
        assert_eq!(names_in(dir.path()), ["site"]);
        assert_eq!(names_in(&dir.path().join("site")), ["public"]);
        assert_eq!(tree(&out), [("index.html".to_string(), b"old".to_vec())]);
        // In memory (serve, check) and discarded (a build with content errors): refused too.
        let collect = Collect::default();
        collect.put_all(files());
        assert_eq!(named(collect.finish().expect_err("refused")), streamed);
        let discard = Discard::default();
        discard.put_all(files());
        assert_eq!(named(discard.finish().expect_err("refused")), streamed);
    }
}

#[test]
fn a_second_build_into_the_same_output_waits_for_the_first_to_swap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    write(&site("old"), &out).expect("first");
    let first_interrupt = Interrupt::default();
    let first = Staging::begin(&out, &first_interrupt).expect("begin");
    first.put(OutputFile::new("index.html", "first"));
    let (began, told) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let interrupt = Interrupt::default();
            let staging = Staging::begin(&out, &interrupt).expect("begin");
            began.send(()).expect("send");
            staging.put(OutputFile::new("index.html", "second"));
            staging.finish()
        });
        // While the first holds the output, the second has not begun (it would otherwise find
        // the output moved from under it by the first one's swap).
        let waited = told.recv_timeout(std::time::Duration::from_millis(500));
        assert!(
            waited.is_err(),
            "the second build began while the first was writing"
        );
        first.finish().expect("the first swaps");
        told.recv()
            .expect("the second begins once the first is done");
        second
            .join()
            .expect("joined")
            .expect("the second swaps too");
    });
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).expect("read"),
        "second"
    );
    assert_eq!(names_in(dir.path()), ["public"]);
}
