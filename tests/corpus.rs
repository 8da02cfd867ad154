//! Conformance on the real archives in `../shared/corpus/`: every archive builds, and the parser
//! finds what an independent line scan (written here, not using the parser) finds.

use crate::common::{build_with, shared};
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
        let built = build_with(Options {
            root: site.path().to_path_buf(),
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

/// `* title [#N](https://github.com/o/r/issues/N)` at column 0, found by a plain scan.
fn canonical_lines(archive: &Path) -> BTreeSet<(String, usize, String)> {
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(archive).sort_by_file_name() {
        let entry = entry.expect("entry");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(archive)
            .expect("prefix")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(entry.path()).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for (i, line) in text.lines().enumerate() {
            let Some(rest) = line.strip_prefix("* ") else {
                continue;
            };
            let Some(open) = rest.find("](https://github.com/") else {
                continue;
            };
            if !rest[..open].contains('[') {
                continue;
            }
            let url = &rest[open + 2..];
            let parts: Vec<&str> = url
                .trim_start_matches("https://github.com/")
                .splitn(4, '/')
                .collect();
            if parts.len() < 4 || !matches!(parts[2], "issues" | "pull" | "discussions") {
                continue;
            }
            let number: String = parts[3].chars().take_while(char::is_ascii_digit).collect();
            if number.is_empty() {
                continue;
            }
            let key = format!("{}/{}#{}", parts[0], parts[1], number).to_lowercase();
            found.insert((rel.clone(), i + 1, key));
        }
    }
    found
}

#[test]
fn every_canonical_agenda_line_of_the_security_wg_becomes_an_item() {
    let Some(shared) = shared() else { return };
    let archive = shared.join("corpus/nodejs-security-wg");
    let expected = canonical_lines(&archive);
    let site = corpus_site(&archive, "nodejs/security-wg");
    let built = build_with(Options {
        root: site.path().to_path_buf(),
        ..Options::default()
    });
    let data: serde_json::Value =
        serde_json::from_str(&built.read("data/meetings.json")).expect("json");
    let mut items = BTreeSet::new();
    for m in data["meetings"].as_array().expect("meetings") {
        for it in m["items"].as_array().expect("items") {
            items.insert((
                m["source"].as_str().unwrap_or_default().to_string(),
                it["line"].as_u64().unwrap_or_default() as usize,
                it["issue"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    let missing: Vec<_> = expected.difference(&items).collect();
    assert!(
        expected.len() > 400,
        "the scan found only {}",
        expected.len()
    );
    // Every canonical line except those in a file that has no date (skipped, with a warning).
    assert!(
        missing
            .iter()
            .all(|(file, _, _)| file.starts_with("nodejs-collab-summit/")),
        "{} of {} canonical lines missed: {missing:#?}",
        missing.len(),
        expected.len()
    );
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
