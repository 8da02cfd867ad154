//! Conformance on the real archives in `../shared/corpus/`: every archive builds, and the parser
//! finds what an independent line scan (written here, not using the parser) finds.

use crate::common::{build_with, minutes_files, shared};
use std::collections::BTreeSet;
use std::path::Path;
use wgsite::Options;

fn corpus_site(archive: &Path, repo: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = format!(
        "title = \"corpus\"\nrepo = \"{repo}\"\ncontent_dir = {:?}\n",
        archive.display().to_string()
    );
    std::fs::write(dir.path().join("site.toml"), toml).expect("site.toml");
    dir
}

#[test]
fn every_corpus_archive_builds_without_errors() {
    let Some(shared) = shared() else { return };
    for (name, repo) in [
        ("nodejs-security-wg", "nodejs/security-wg"),
        ("nodejs-package-maintenance", "nodejs/package-maintenance"),
        ("nodejs-loaders", "nodejs/loaders"),
    ] {
        let site = corpus_site(&shared.join("corpus").join(name), repo);
        // With the link check: every agenda anchor and internal link of the real archives
        // resolves (build_with fails on any error).
        let built = build_with(Options {
            root: site.path().to_path_buf(),
            check_links: true,
            ..Options::default()
        });
        assert!(
            built.report.meetings > 20,
            "{name}: {} meetings",
            built.report.meetings
        );
        assert!(built.exists("index.html"));
    }
}

/// The canonical agenda lines, found by a plain scan that does not use the parser: a `* `
/// bullet at most three spaces in (so nested bullets count too) that holds a markdown link to a
/// GitHub issue, pull request or discussion. Each issue linked on such a line is one entry:
/// (file, 1-based line, `owner/repo#N`). Lines inside fenced code are not content.
fn canonical_lines(archive: &Path) -> BTreeSet<(String, usize, String)> {
    const GITHUB: &str = "](https://github.com/";
    let mut found = BTreeSet::new();
    for (rel, text) in minutes_files(archive) {
        let mut in_fence = false;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            let indent = line.len() - trimmed.len();
            if in_fence || indent > 3 || !line[indent..].starts_with("* ") {
                continue;
            }
            let mut rest = line;
            while let Some(open) = rest.find(GITHUB) {
                let url = &rest[open + GITHUB.len()..];
                rest = url;
                if !line[..line.len() - url.len()].contains('[') {
                    continue;
                }
                let parts: Vec<&str> = url.splitn(4, '/').collect();
                let [owner, repo, "issues" | "pull" | "discussions", tail] = parts.as_slice()
                else {
                    continue;
                };
                let number: String = tail.chars().take_while(char::is_ascii_digit).collect();
                if !number.is_empty() {
                    let key = format!("{owner}/{repo}#{number}").to_lowercase();
                    found.insert((rel.clone(), i + 1, key));
                }
            }
        }
    }
    found
}

/// Every (file, line, issue) the built site shows as an agenda item or a mention.
fn items_and_mentions(built: &crate::common::Built) -> BTreeSet<(String, usize, String)> {
    let data: serde_json::Value =
        serde_json::from_str(&built.read("data/meetings.json")).expect("json");
    let mut out = BTreeSet::new();
    for m in data["meetings"].as_array().expect("meetings") {
        let source = m["source"].as_str().unwrap_or_default();
        let listed = ["items", "mentions"]
            .iter()
            .filter_map(|k| m[k].as_array())
            .flatten();
        for it in listed {
            out.insert((
                source.to_string(),
                it["line"].as_u64().unwrap_or_default() as usize,
                it["issue"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

/// Canonical agenda lines (nested ones included) become agenda items or mentions of the right
/// issue on the right line: at least 99.5% in each archive. Prints the figures per archive.
#[test]
fn canonical_agenda_lines_become_items_or_mentions() {
    let Some(shared) = shared() else { return };
    let (mut total, mut hit) = (0usize, 0usize);
    // Every archive is measured and printed before the verdict.
    let mut below = Vec::new();
    for (name, repo) in ARCHIVES {
        let archive = shared.join("corpus").join(name);
        let expected = canonical_lines(&archive);
        let site = corpus_site(&archive, repo);
        let built = build_with(Options {
            root: site.path().to_path_buf(),
            ..Options::default()
        });
        let found = items_and_mentions(&built);
        // A file with no date is skipped (with a warning): its lines cannot be found.
        let dated: Vec<_> = expected
            .iter()
            .filter(|c| !c.0.starts_with("nodejs-collab-summit/"))
            .collect();
        let missing: Vec<_> = dated.iter().filter(|c| !found.contains(**c)).collect();
        for (file, line, key) in &missing {
            eprintln!("canonical miss: {name}/{file}:{line} {key}");
        }
        let found_here = dated.len() - missing.len();
        eprintln!(
            "conformance: {name}: canonical {found_here}/{} ({:.1}%)",
            dated.len(),
            pct(found_here, dated.len())
        );
        if dated.len() <= 20 || pct(found_here, dated.len()) < 99.5 {
            below.push(format!("{name}: {found_here}/{}", dated.len()));
        }
        total += dated.len();
        hit += found_here;
    }
    eprintln!(
        "conformance: all archives: canonical {hit}/{total} ({:.1}%)",
        pct(hit, total)
    );
    assert!(
        below.is_empty(),
        "canonical lines found below 99.5% (or too few lines scanned): {below:?}"
    );
}

const ARCHIVES: [(&str, &str); 3] = [
    ("nodejs-security-wg", "nodejs/security-wg"),
    ("nodejs-package-maintenance", "nodejs/package-maintenance"),
    ("nodejs-loaders", "nodejs/loaders"),
];

fn pct(hit: usize, total: usize) -> f64 {
    100.0 * hit as f64 / total.max(1) as f64
}

#[test]
fn every_title_and_file_name_date_disagreement_is_reported() {
    let Some(shared) = shared() else { return };
    let archive = shared.join("corpus/nodejs-security-wg");
    let site = corpus_site(&archive, "nodejs/security-wg");
    let built = build_with(Options {
        root: site.path().to_path_buf(),
        ..Options::default()
    });
    // Independent scan: the first ISO date in the first `# ` line against the file name's.
    let mut expected = BTreeSet::new();
    for entry in std::fs::read_dir(&archive).expect("dir").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(file_date) = name
            .get(..10)
            .filter(|d| d.as_bytes().get(4) == Some(&b'-'))
        else {
            continue;
        };
        let text =
            String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default()).into_owned();
        let Some(title) = text
            .lines()
            .find(|l| l.trim_start_matches('\u{feff}').starts_with("# "))
        else {
            continue;
        };
        let digits: Vec<(usize, char)> = title.char_indices().collect();
        let title_date = (0..digits.len()).find_map(|i| {
            let s: String = digits.iter().skip(i).take(10).map(|c| c.1).collect();
            let b = s.as_bytes();
            (s.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && s.chars().filter(char::is_ascii_digit).count() == 8)
                .then_some(s)
        });
        if let Some(t) = title_date {
            if t != file_date && t.get(5..7).is_some_and(|m| m <= "12") {
                expected.insert(name);
            }
        }
    }
    let reported: BTreeSet<String> = built
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "date-mismatch")
        .map(|d| d.path.rsplit('/').next().unwrap_or_default().to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(expected, reported);
}

/// The other agenda-item shapes of DESIGN.md §6.6, found by a plain scan: a column-0 bullet
/// that starts or ends with a bare/autolinked GitHub URL, `owner/repo#N` or `#N`; a heading
/// ending in an issue link; a line that is only `[#N](url)` right under a bullet (a wrapped
/// link). Returns (file, line of the item's title, issue number).
fn other_form_lines(archive: &Path) -> BTreeSet<(String, usize, String)> {
    fn number_at_end(s: &str) -> Option<String> {
        let s = s.trim_end().trim_end_matches(['>', ')', '.']);
        let digits: String = s.chars().rev().take_while(char::is_ascii_digit).collect();
        let head = &s[..s.len() - digits.len()];
        let is_ref = head.ends_with('#')
            || ["/issues/", "/pull/", "/discussions/"]
                .iter()
                .any(|k| head.ends_with(k));
        (!digits.is_empty() && is_ref).then(|| digits.chars().rev().collect())
    }
    fn number_at_start(s: &str) -> Option<String> {
        let s = s.trim_start_matches('<');
        let rest = s.strip_prefix("https://github.com/")?;
        let parts: Vec<&str> = rest.splitn(4, '/').collect();
        if parts.len() < 4 || !matches!(parts[2], "issues" | "pull" | "discussions") {
            return None;
        }
        let digits: String = parts[3].chars().take_while(char::is_ascii_digit).collect();
        (!digits.is_empty()).then_some(digits)
    }
    let mut found = BTreeSet::new();
    for (rel, text) in minutes_files(archive) {
        let lines: Vec<&str> = text.lines().collect();
        let mut in_fence = false;
        // The first line about an issue is its item; later sibling lines are notes about it.
        let add = |line: usize, n: String, found: &mut BTreeSet<(String, usize, String)>| {
            if !found.iter().any(|f| f.0 == rel && f.2 == n) {
                found.insert((rel.clone(), line, n));
            }
        };
        for (i, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if in_fence || line.contains("](https://github.com/") && line.starts_with("* ") {
                continue; // canonical lines are counted separately
            }
            let lower = line.to_lowercase();
            // Meeting links and checklists are not agenda items; a line citing several issues
            // is ambiguous (the scan cannot say which one it is about).
            let labels = [
                "previous meeting",
                "github issue",
                "gh issue",
                "**",
                "[x]",
                "[ ]",
            ];
            if labels.iter().any(|l| lower.contains(l)) || lower.matches("github.com/").count() > 1
            {
                continue;
            }
            if let Some(text) = line.strip_prefix("* ").or_else(|| line.strip_prefix("- ")) {
                if let Some(n) = number_at_start(text).or_else(|| number_at_end(text)) {
                    add(i + 1, n, &mut found);
                }
            } else if line.starts_with('#') && line.contains("](https://github.com/") {
                if let Some(n) = number_at_end(
                    line.trim_end_matches(')')
                        .rsplit('/')
                        .next()
                        .map(|d| format!("#{d}"))
                        .as_deref()
                        .unwrap_or(""),
                ) {
                    add(i + 1, n, &mut found);
                }
            } else if line.starts_with("[#") && line.trim_end().ends_with(')') && i > 0 {
                let previous = lines[i - 1];
                if previous.starts_with("* ") && !previous.contains("github.com") {
                    if let Some(n) = number_at_end(line.trim_end().trim_end_matches(')')) {
                        add(i, n, &mut found);
                    }
                }
            }
        }
    }
    found
}

fn parsed_items(built: &crate::common::Built) -> BTreeSet<(String, usize, String)> {
    let data: serde_json::Value =
        serde_json::from_str(&built.read("data/meetings.json")).expect("json");
    let mut items = BTreeSet::new();
    for m in data["meetings"].as_array().expect("meetings") {
        for it in m["items"].as_array().expect("items") {
            let key = it["issue"].as_str().unwrap_or_default();
            items.insert((
                m["source"].as_str().unwrap_or_default().to_string(),
                it["line"].as_u64().unwrap_or_default() as usize,
                key.rsplit('#').next().unwrap_or_default().to_string(),
            ));
        }
    }
    items
}

/// The other reference forms across the three archives (the canonical lines are counted by
/// [`canonical_agenda_lines_become_items_or_mentions`]).
#[test]
fn finds_the_other_reference_forms_across_the_archives() {
    let Some(shared) = shared() else { return };
    let (mut other_total, mut other_hit) = (0, 0);
    let mut misses = Vec::new();
    for (name, repo) in ARCHIVES {
        let archive = shared.join("corpus").join(name);
        let site = corpus_site(&archive, repo);
        let built = build_with(Options {
            root: site.path().to_path_buf(),
            ..Options::default()
        });
        let items = parsed_items(&built);
        for found in other_form_lines(&archive)
            .into_iter()
            .filter(|c| !c.0.starts_with("nodejs-collab-summit/"))
        {
            other_total += 1;
            if items.contains(&found) {
                other_hit += 1;
            } else {
                misses.push(format!("{name}/{}:{} #{}", found.0, found.1, found.2));
            }
        }
    }
    eprintln!(
        "conformance: other forms {other_hit}/{other_total} ({:.1}%)",
        pct(other_hit, other_total)
    );
    for miss in &misses {
        eprintln!("other-form miss: {miss}");
    }
    assert!(
        pct(other_hit, other_total) >= 95.0,
        "other forms below 95%: {misses:#?}"
    );
}
