//! Bad minutes files: each is reported naming the file (and line where there is one), and the
//! rest of the archive builds (exit 0) — or, when a file cannot be read at all, the build stops
//! (exit 1) and the previous output stays.

use super::{running_as_root, unprivileged_build, Site};
use std::os::unix::fs::{symlink, PermissionsExt};

#[test]
fn invalid_utf8_is_reported_with_its_byte_offset_and_the_rest_builds() {
    let site = Site::new();
    site.write(
        "content/2024-01-02.md",
        b"# Meeting 2024-01-02\n\n* Caf\xe9 [#2](https://github.com/o/r/issues/2)\n".as_slice(),
    );
    snapshot!(site.builds());
    // The file itself still builds, the bad byte shown as a replacement character.
    assert!(site
        .page("meetings/2024-01-02/index.html")
        .contains("Caf\u{FFFD}"));
}

#[test]
fn a_binary_file_is_skipped() {
    let site = Site::new();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(4096));
    site.write("content/2024-01-02.md", png);
    snapshot!(site.builds());
    assert!(!site.path("public/meetings/2024-01-02").exists());
}

#[test]
fn an_empty_file_is_skipped() {
    let site = Site::new();
    site.write("content/2024-01-02.md", "");
    site.write("content/2024-01-03.md", "\n  \n\u{FEFF}\n");
    snapshot!(site.builds());
}

#[test]
fn a_20_mb_file_is_skipped_unread() {
    let site = Site::new();
    let mut text =
        String::from("# Meeting 2024-01-02\n\n* Item [#2](https://github.com/o/r/issues/2)\n");
    let line = "  * The group discussed the proposal at length and agreed to revisit it.\n";
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(line);
    }
    site.write("content/2024-01-02.md", &text);
    snapshot!(site.builds());
    assert!(!site.path("public/meetings/2024-01-02").exists());
}

#[test]
fn a_file_with_5000_agenda_items_builds() {
    let site = Site::new();
    let mut text = String::from("# Meeting 2024-01-02\n\n## Agenda\n\n### o/r\n\n");
    for n in 1..=5000 {
        text.push_str(&format!(
            "* Item {n} [#{n}](https://github.com/o/r/issues/{n})\n  * note {n}\n"
        ));
    }
    site.write("content/2024-01-02.md", &text);
    insta::assert_snapshot!(site.builds(), @"");
    let page = site.page("meetings/2024-01-02/index.html");
    assert_eq!(page.matches("id=\"item-o-r-").count(), 5000);
    assert!(site
        .page("issues/o/r/5000/index.html")
        .contains("Item 5000"));
}

#[test]
fn a_line_of_1_mb_builds() {
    let site = Site::new();
    let long = "word ".repeat(200_000);
    site.write(
        "content/2024-01-02.md",
        format!(
            "# Meeting 2024-01-02\n\n* Item [#2](https://github.com/o/r/issues/2)\n  * {long}\n"
        ),
    );
    insta::assert_snapshot!(site.builds(), @"");
    assert!(site
        .page("meetings/2024-01-02/index.html")
        .contains(long.trim_end()));
}

#[test]
fn lists_and_quotes_nested_10000_levels_deep_build() {
    // Indenting 10,000 levels takes 100 MB of spaces (over the size limit), so the nesting is
    // written the compact ways CommonMark allows: `* * * … x` and `> > > … x` on one line.
    let site = Site::new();
    let text = format!(
        "# Meeting 2024-01-02\n\n* Item [#2](https://github.com/o/r/issues/2)\n\n{}deep list\n\n{}deep quote\n\n{}deep ordered\n",
        "* ".repeat(10_000),
        "> ".repeat(10_000),
        "1. ".repeat(10_000)
    );
    site.write("content/2024-01-02.md", text);
    insta::assert_snapshot!(site.builds(), @"");
    let page = site.page("meetings/2024-01-02/index.html");
    assert!(page.contains("deep list") && page.contains("deep quote"));
    assert!(page.matches("<blockquote>").count() >= 10_000);
}

#[test]
fn unreadable_files_and_folders_stop_the_build() {
    // As root (CI) permission bits are not enforced, so the build runs as `nobody` there.
    let site = Site::new();
    site.write("content/2024-01-02.md", "# Meeting 2024-01-02\n");
    site.write("content/2024/2024-02-02.md", "# Meeting 2024-02-02\n");
    let lock = |rel: &str, mode: u32| {
        std::fs::set_permissions(site.path(rel), std::fs::Permissions::from_mode(mode))
            .expect("chmod")
    };
    lock("content/2024-01-02.md", 0o000);
    lock("content/2024", 0o000);
    let text = site.fails_with(unprivileged_build(&site));
    lock("content/2024", 0o755);
    snapshot!(text);
    if running_as_root() {
        // The same site builds for root: what stopped it was the permissions, nothing else.
        assert_eq!(site.command().output().expect("run").status.code(), Some(0));
    }
}

#[test]
fn a_symlink_loop_is_skipped() {
    let site = Site::new();
    symlink("2024-01-03.md", site.path("content/2024-01-02.md")).expect("link");
    symlink("2024-01-02.md", site.path("content/2024-01-03.md")).expect("link");
    symlink("..", site.path("content/up")).expect("link");
    snapshot!(site.builds());
}

#[test]
fn a_symlink_out_of_the_content_folder_is_not_followed() {
    let site = Site::new();
    site.write(
        "private/2024-01-02.md",
        "# Meeting 2024-01-02\n\n* SECRET-FROM-OUTSIDE [#9](https://github.com/o/r/issues/9)\n",
    );
    symlink(
        "../private/2024-01-02.md",
        site.path("content/2024-01-02.md"),
    )
    .expect("link");
    symlink("../private", site.path("content/private")).expect("link");
    snapshot!(site.builds());
    assert!(site
        .output()
        .values()
        .all(|bytes| !String::from_utf8_lossy(bytes).contains("SECRET-FROM-OUTSIDE")));
}

#[test]
fn a_content_folder_that_is_a_symlink_stops_the_build() {
    let site = Site::new();
    site.write(
        "private/2024-01-02.md",
        "# Meeting 2024-01-02\n\n* SECRET-FROM-OUTSIDE [#9](https://github.com/o/r/issues/9)\n",
    );
    std::fs::remove_dir_all(site.path("content")).expect("rm content");
    symlink("private", site.path("content")).expect("link");
    let text = site.fails_with(site.command());
    assert!(
        text.contains("content: error: the content folder is a symbolic link (to private)"),
        "{text}"
    );
    assert!(!text.contains("SECRET-FROM-OUTSIDE"), "{text}");
}

#[test]
fn a_folder_named_like_a_minutes_file_is_reported() {
    let site = Site::new();
    std::fs::create_dir_all(site.path("content/2024-01-02.md")).expect("mkdir");
    site.write(
        "content/2024-01-03.md/minutes.md",
        "# Meeting 2024-01-03\n\n* X [#3](https://github.com/o/r/issues/3)\n",
    );
    snapshot!(site.builds());
    assert!(site.path("public/meetings/2024-01-03/index.html").is_file());
}

#[test]
fn two_files_resolving_to_the_same_date_are_both_published_with_a_warning() {
    let site = Site::new();
    site.write(
        "content/2024-1-1.md",
        "# Meeting 2024-01-01\n\n* Other [#2](https://github.com/o/r/issues/2)\n",
    );
    snapshot!(site.builds());
    assert!(site
        .page("meetings/2024-01-01-2/index.html")
        .contains("Other"));
}

/// `text` as UTF-16 in the given byte order, with the byte-order mark when `mark`.
fn utf16(text: &str, little_endian: bool, mark: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = mark
        .then_some(0xFEFF)
        .into_iter()
        .chain(text.encode_utf16());
    for unit in units {
        bytes.extend(match little_endian {
            true => unit.to_le_bytes(),
            false => unit.to_be_bytes(),
        });
    }
    bytes
}

#[test]
fn utf16_with_a_byte_order_mark_is_read_and_without_one_is_refused_clearly() {
    // As Windows editors save it: a byte-order mark, CRLF line ends, accents beyond ASCII.
    let minutes = |date: &str| {
        format!(
            "# Réunion {date}\r\n\r\n## Agenda\r\n\r\n### o/r\r\n\r\n\
             * Threat model — review [#7](https://github.com/o/r/issues/7)\r\n  * Agreed\r\n"
        )
    };
    let site = Site::new();
    site.write(
        "content/2024-02-01.md",
        utf16(&minutes("2024-02-01"), true, true),
    );
    site.write(
        "content/2024-03-01.md",
        utf16(&minutes("2024-03-01"), false, true),
    );
    site.write(
        "content/2024-04-01.md",
        utf16(&minutes("2024-04-01"), true, false),
    );
    let text = site.builds();
    snapshot!(text);
    for date in ["2024-02-01", "2024-03-01"] {
        let page = site.page(&format!("meetings/{date}/index.html"));
        assert!(page.contains(&format!("Réunion {date}")), "{date}");
        assert!(page.contains("Threat model — review"), "{date}");
        assert!(!page.contains('\r'), "{date}: line ends normalised");
    }
    assert!(!site.path("public/meetings/2024-04-01").exists());
}
