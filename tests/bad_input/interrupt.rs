//! Interrupted builds: SIGINT or SIGTERM while the site is written, or earlier, and SIGKILL
//! (which nothing can catch) while it is written. The previous output must stay byte-identical,
//! and the next build must leave no staging folder behind.

use super::Site;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Meetings in the archive, each with five issues of its own: about 6,600 files to write, so
/// the write lasts long enough (tens of milliseconds even on tmpfs) for a signal to land in it.
const MEETINGS: usize = 600;

fn big_site() -> Site {
    let site = Site::new();
    for i in 0..MEETINGS {
        let (year, month, day) = (2000 + i / 300, 1 + (i / 25) % 12, 1 + i % 25);
        let mut text = format!(
            "# Meeting {year}-{month:02}-{day:02}\n\n## Present\n\n* Ana (@ana)\n* Bo (@bo)\n\n## Agenda\n\n### o/r\n\n"
        );
        for k in 0..5 {
            let n = 1 + i * 5 + k;
            text.push_str(&format!(
                "* Topic {n} [#{n}](https://github.com/o/r/issues/{n})\n  * discussed in meeting {i}\n"
            ));
        }
        site.write(&format!("content/{year}-{month:02}-{day:02}.md"), text);
    }
    site
}

fn start(site: &Site) -> Child {
    site.command()
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wgsite")
}

/// Waits until the build has started writing (its staging folder exists).
fn wait_for_staging(site: &Site, child: &mut Child) {
    let started = Instant::now();
    while !site
        .leftovers()
        .iter()
        .any(|n| n.starts_with(".public.staging-"))
    {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the build ended ({status}) before it started writing");
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
}

/// Waits for the build and returns its exit code and standard error.
fn finish(site: &Site, child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().expect("wait");
    (out.status.code(), site.stderr(&out))
}

/// The next, uninterrupted build succeeds and leaves nothing beside the output.
fn next_build_is_clean(site: &Site) {
    let status = site.command().output().expect("run").status;
    assert_eq!(status.code(), Some(0));
    assert_eq!(site.leftovers(), Vec::<String>::new());
    assert!(site.path("public/meetings/2000-01-01/index.html").is_file());
}

#[test]
fn sigint_while_writing_keeps_the_previous_output_and_removes_the_staging_folder() {
    let site = big_site();
    let before = site.output();
    let mut child = start(&site);
    wait_for_staging(&site, &mut child);
    signal(&child, "INT");
    let (code, stderr) = finish(&site, child);
    assert_eq!(code, Some(130), "{stderr}");
    insta::assert_snapshot!(stderr, @"error: interrupted: nothing was written; the previous output is unchanged");
    assert!(site.output() == before, "the previous output changed");
    assert_eq!(site.leftovers(), Vec::<String>::new());
    next_build_is_clean(&site);
}

#[test]
fn sigterm_before_writing_stops_at_once_and_keeps_the_previous_output() {
    let site = big_site();
    let before = site.output();
    let mut child = start(&site);
    // Mid-build: the archive is being read, parsed or rendered.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().expect("poll").is_none(),
        "the build ended too soon"
    );
    signal(&child, "TERM");
    let (code, stderr) = finish(&site, child);
    assert_eq!(code, Some(130), "{stderr}");
    assert_eq!(
        stderr,
        "error: interrupted: nothing was written; the previous output is unchanged"
    );
    assert!(site.output() == before, "the previous output changed");
    assert_eq!(site.leftovers(), Vec::<String>::new());
    next_build_is_clean(&site);
}

#[test]
fn sigkill_while_writing_leaves_a_staging_folder_the_next_build_removes() {
    let site = big_site();
    let before = site.output();
    let mut child = start(&site);
    wait_for_staging(&site, &mut child);
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert!(site.output() == before, "the previous output changed");
    let left = site.leftovers();
    assert!(
        left.iter().any(|n| n.starts_with(".public.staging-")),
        "{left:?}"
    );
    next_build_is_clean(&site);
}
