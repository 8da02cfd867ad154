//! Diagnostics: every oddity of a messy archive is reported as `path:line:col: level: message`;
//! the text is pinned with snapshots so a change in wording is a reviewed change.

use crate::common::{build_site, fixture};
use std::process::Command;

#[test]
fn reports_every_oddity_of_a_messy_archive() {
    let site = build_site(&fixture("diagnostics/oddities"));
    let text: Vec<String> = site
        .report
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(text.join("\n"));
    // The archive still builds: every dated file is a meeting.
    assert_eq!(site.report.meetings, 5);
}

#[test]
fn the_dates_table_overrides_the_title() {
    let site = build_site(&fixture("diagnostics/oddities"));
    assert!(site.exists("meetings/2025-06-11/index.html"));
    assert!(!site.exists("meetings/2025-11-06/index.html"));
}

#[test]
fn raw_html_look_alikes_are_shown_as_text() {
    let site = build_site(&fixture("diagnostics/oddities"));
    let page = site.read("meetings/2024-01-06/index.html");
    assert!(page.contains("&lt;Not recorded&gt;"), "{page}");
}

#[test]
fn check_prints_json_lines_and_exits_zero_on_warnings() {
    let out = Command::new(env!("CARGO_BIN_EXE_wgsite"))
        .args(["check", "--format", "json", "--root"])
        .arg(fixture("diagnostics/oddities"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first: serde_json::Value =
        serde_json::from_str(stdout.lines().next().expect("a line")).expect("json line");
    assert_eq!(first["level"], "warning");
    assert!(first["path"]
        .as_str()
        .is_some_and(|p| p.starts_with("content/")));
}
