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

/// `wgsite check` on the messy archive, as a person reads it (no colour) or a tool does.
fn check(format: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wgsite"))
        .args(["check", "--format", format, "--root"])
        .arg(fixture("diagnostics/oddities"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run")
}

#[test]
fn check_shows_the_line_each_warning_points_at() {
    let out = check("text");
    assert_eq!(out.status.code(), Some(0));
    let root = fixture("diagnostics/oddities").display().to_string();
    let text = String::from_utf8_lossy(&out.stderr).replace(&root, "[SITE]");
    insta::assert_snapshot!(text);
}

#[test]
fn check_json_has_one_object_per_line_with_the_rendered_text() {
    let out = check("json");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let values: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(values.len(), 11, "{stdout}");
    // The same text as the terminal's, without colour.
    let text = String::from_utf8_lossy(&check("text").stderr).into_owned();
    for v in &values {
        let rendered = v["rendered"].as_str().expect("rendered");
        assert!(text.contains(rendered), "{rendered}");
        assert!(!rendered.contains('\u{1b}'));
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&values[0]).expect("json"));
}
