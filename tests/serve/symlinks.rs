//! `serve` applies `build`'s symlink policy to every change: a minutes file that becomes a
//! symbolic link while the preview runs, a new link, and a linked folder that appears under
//! the content folder are dropped with the warning a fresh build gives, and what they point to
//! is never read.

use super::{Preview, MEETING};

#[cfg(unix)]
#[test]
fn a_minutes_file_that_becomes_a_link_is_dropped_and_never_read() {
    let preview = Preview::start(&[]);
    let site = preview.site();
    let minutes = site.join("content/2025-09-09.md");
    std::fs::write(
        &minutes,
        "# Preview WG Meeting 2025-09-09\n\n## Agenda\n\n### acme/wg\n\n\
         * Threat model review [#12](https://github.com/acme/wg/issues/12)\n  * Published\n",
    )
    .expect("write");
    let page = "/wg/meetings/2025-09-09/";
    preview.wait_for("the new meeting", |p| p.get(page).0 == 200);

    // Outside the site: minutes that must never be published.
    let secret = "TOP-SECRET-LINKED-5d1e";
    let outside = preview.dir.path().join("outside.md");
    std::fs::write(
        &outside,
        format!("# Preview WG Meeting 2025-09-09\n\n## Agenda\n\n### acme/wg\n\n* {secret} [#12](https://github.com/acme/wg/issues/12)\n"),
    )
    .expect("write");
    // Swapped in at once, as `ln -sf` or a checkout does.
    let link = site.join("content/.link.tmp");
    std::os::unix::fs::symlink(&outside, &link).expect("link");
    std::fs::rename(&link, &minutes).expect("rename");

    preview.wait_for("the warning", |p| {
        p.log()
            .iter()
            .any(|l| l.contains("2025-09-09.md") && l.contains("symbolic link"))
    });
    preview.wait_for("the meeting gone", |p| p.get(page).0 == 404);
    for target in [
        page,
        MEETING,
        "/wg/",
        "/wg/issues/acme/wg/12/",
        "/wg/feed.xml",
    ] {
        let (_, body) = preview.get(target);
        assert!(!body.contains(secret), "{target}");
    }
    let log = preview.log().join("\n");
    let warning = log
        .lines()
        .find(|l| l.contains("symbolic link"))
        .expect("warned");
    // The same warning a fresh build gives.
    let built = crate::common::wgsite()
        .args(["check", "--root"])
        .arg(&site)
        .output()
        .expect("wgsite check");
    let checked = String::from_utf8_lossy(&built.stdout).into_owned()
        + &String::from_utf8_lossy(&built.stderr);
    assert!(
        checked.contains(warning),
        "serve: {warning}\ncheck: {checked}"
    );
    assert!(!log.contains(secret));
}

#[cfg(unix)]
#[test]
fn a_linked_folder_that_appears_under_content_is_skipped_and_never_read() {
    let preview = Preview::start(&[]);
    let site = preview.site();
    // Outside the site: a folder of minutes that must never be published.
    let secret = "TOP-SECRET-FOLDER-8c2a";
    let outside = preview.dir.path().join("elsewhere");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(
        outside.join("2025-10-10.md"),
        format!("# Preview WG Meeting 2025-10-10\n\n## Agenda\n\n### acme/wg\n\n* {secret} [#12](https://github.com/acme/wg/issues/12)\n"),
    )
    .expect("write");
    std::os::unix::fs::symlink(&outside, site.join("content/linked")).expect("link");

    preview.wait_for("the warning", |p| {
        p.log()
            .iter()
            .any(|l| l.contains("content/linked") && l.contains("symbolic link"))
    });
    // And a new minutes file made as a link (`ln -s`), not swapped in over a real one.
    std::os::unix::fs::symlink(
        outside.join("2025-10-10.md"),
        site.join("content/2025-10-10.md"),
    )
    .expect("link");
    preview.wait_for("the file's warning", |p| {
        p.log()
            .iter()
            .any(|l| l.contains("content/2025-10-10.md") && l.contains("symbolic link"))
    });
    // A later edit of a real file rebuilds as usual; the linked folder stays unread.
    let minutes = site.join("content/2025-09-09.md");
    std::fs::write(
        &minutes,
        "# Preview WG Meeting 2025-09-09\n\n## Agenda\n\n### acme/wg\n\n* Review [#12](https://github.com/acme/wg/issues/12)\n",
    )
    .expect("write");
    preview.wait_for("the new meeting", |p| {
        p.get("/wg/meetings/2025-09-09/").0 == 200
    });
    for target in [
        "/wg/meetings/2025-10-10/",
        "/wg/linked/",
        "/wg/meetings/",
        "/wg/issues/acme/wg/12/",
        "/wg/feed.xml",
    ] {
        let (_, body) = preview.get(target);
        assert!(!body.contains(secret), "{target}");
    }
    assert_eq!(preview.get("/wg/meetings/2025-10-10/").0, 404);
    assert!(!preview.log().join("\n").contains(secret));
}

#[cfg(unix)]
#[test]
fn a_template_or_static_file_that_becomes_a_link_is_skipped_with_builds_warning() {
    let preview = Preview::start(&[]);
    let site = preview.site();
    let secret = "TOP-SECRET-THEME-41b7";
    let outside = preview.dir.path().join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("style.css"), format!("/* {secret} */\n")).expect("write");
    std::fs::write(outside.join("404.html"), format!("<p>{secret}</p>\n")).expect("write");
    // A real override first, so the templates folder exists and is watched.
    std::fs::create_dir_all(site.join("static")).expect("mkdir");
    std::fs::write(site.join("static/extra.txt"), "extra\n").expect("write");
    preview.wait_for("the static file", |p| p.get("/wg/extra.txt").0 == 200);
    std::fs::create_dir_all(site.join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(outside.join("404.html"), site.join("templates/404.html"))
        .expect("link");
    std::os::unix::fs::symlink(outside.join("style.css"), site.join("static/style.css"))
        .expect("link");
    for name in ["templates/404.html", "static/style.css"] {
        preview.wait_for(name, |p| {
            p.log()
                .iter()
                .any(|l| l.contains(name) && l.contains("symbolic link"))
        });
    }
    for target in ["/wg/", "/wg/style.css", "/wg/404.html", "/wg/no-such-page/"] {
        let (_, body) = preview.get(target);
        assert!(!body.contains(secret), "{target}");
    }
}
