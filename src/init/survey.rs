//! What `wgsite init` finds in the folder it is run in: the folder the minutes are kept in (an
//! existing minutes repository keeps them in `meetings/`, `doc/meetings/`, …) and the GitHub
//! repository its `origin` remote points at. Read-only; [`super::files`] turns it into text.

use std::collections::BTreeMap;
use std::path::Path;

/// Folders never looked into for minutes: tooling, dependencies and build output.
const SKIPPED: &[&str] = &[
    "node_modules",
    "target",
    "vendor",
    "public",
    "dist",
    "_site",
];

/// How deep below the site folder minutes are looked for (`doc/meetings/2016-12-22/minutes.md`
/// is three folders down).
const MAX_DEPTH: usize = 5;

/// Share of all the minutes files found that the chosen folder must hold: the deepest folder
/// holding at least this share is the minutes folder, so one stray dated file elsewhere does
/// not widen it to the whole repository.
const SHARE: f64 = 0.9;

/// What was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Survey {
    /// The minutes folder relative to the site folder (`/`-separated; `.` for the folder
    /// itself) and how many minutes files it holds.
    pub minutes: Option<(String, usize)>,
    /// `owner/repo` of the `origin` remote, when it is on github.com.
    pub repo: Option<String>,
}

/// Looks at `dir` (which may not exist yet: then nothing is found).
pub fn survey(dir: &Path) -> Survey {
    Survey {
        minutes: minutes_folder(dir),
        repo: std::fs::read_to_string(dir.join(".git/config"))
            .ok()
            .and_then(|config| origin_repo(&config)),
    }
}

/// The deepest folder holding at least [`SHARE`] of the minutes files under `dir`.
fn minutes_folder(dir: &Path) -> Option<(String, usize)> {
    // Folder (relative, `/`-separated, "" for `dir`) → minutes files in its subtree.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    let walk = walkdir::WalkDir::new(dir)
        .max_depth(MAX_DEPTH)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.') || e.file_type().is_dir() && SKIPPED.contains(&&*name))
        });
    for entry in walk.flatten() {
        if !entry.file_type().is_file() || !is_meeting_file(entry.path()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        total += 1;
        let mut folder = String::new();
        *counts.entry(folder.clone()).or_default() += 1;
        let parents: Vec<String> = rel
            .parent()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        for part in parents {
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(&part);
            *counts.entry(folder.clone()).or_default() += 1;
        }
    }
    if total == 0 {
        return None;
    }
    let needed = (total as f64 * SHARE).ceil() as usize;
    let (folder, count) = counts
        .into_iter()
        .filter(|(_, count)| *count >= needed)
        // Deepest first; among equally deep folders, the one holding more.
        .max_by(|(a, ca), (b, cb)| {
            depth(a)
                .cmp(&depth(b))
                .then(ca.cmp(cb))
                .then_with(|| b.cmp(a))
        })?;
    // A folder named like a date holds one meeting (`2016-12-22/minutes.md`): the minutes
    // folder is the one holding such folders.
    let folder = if folder.rsplit('/').next().is_some_and(is_dated) {
        folder
            .rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string())
    } else {
        folder
    };
    Some((
        if folder.is_empty() {
            ".".into()
        } else {
            folder
        },
        count,
    ))
}

fn depth(folder: &str) -> usize {
    if folder.is_empty() {
        0
    } else {
        folder.matches('/').count() + 1
    }
}

fn is_dated(name: &str) -> bool {
    matches!(
        crate::minutes::date::find_in_text(name),
        Some(crate::minutes::date::Found::Valid(_))
    )
}

/// A file wgsite would read as minutes whose name (or folder's name) holds a date: what sets
/// a group's minutes apart from its README, CONTRIBUTING and docs.
fn is_meeting_file(path: &Path) -> bool {
    if !crate::source::is_minutes_name(path) {
        return false;
    }
    let name = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    is_dated(&name(Some(path))) || is_dated(&name(path.parent()))
}

/// `owner/repo` of `[remote "origin"]`'s URL in a git config, for the URL shapes GitHub gives:
/// `https://github.com/o/r(.git)`, `git@github.com:o/r(.git)`, `ssh://git@github.com/o/r`.
fn origin_repo(config: &str) -> Option<String> {
    let mut in_origin = false;
    for line in config.lines().map(str::trim) {
        if line.starts_with('[') {
            in_origin = line.replace(' ', "") == "[remote\"origin\"]";
            continue;
        }
        let Some(url) = line
            .strip_prefix("url")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .map(str::trim)
        else {
            continue;
        };
        if !in_origin {
            continue;
        }
        let path = url
            .split_once("github.com")
            .map(|(_, path)| path.trim_start_matches([':', '/']))?;
        let path = path.trim_end_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        let (owner, repo) = crate::config::parse_repo(path).ok()?;
        return Some(format!("{owner}/{repo}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "# Meeting\n").expect("write");
        }
        dir
    }

    fn found(files: &[&str]) -> Option<(String, usize)> {
        minutes_folder(tree(files).path())
    }

    #[test]
    fn finds_the_folder_the_minutes_are_in() {
        let repo = [
            "README.md",
            "CONTRIBUTING.md",
            "meetings/2023-01-05.md",
            "meetings/2023-01-19.md",
            "meetings/README.md",
            "docs/process.md",
        ];
        assert_eq!(found(&repo), Some(("meetings".into(), 2)));
        let nested = [
            "README.md",
            "doc/meetings/2021-04-06.md",
            "doc/meetings/2021-05-14.md",
        ];
        assert_eq!(found(&nested), Some(("doc/meetings".into(), 2)));
    }

    #[test]
    fn year_folders_and_dated_folders_belong_to_the_folder_above_them() {
        let by_year = [
            "meetings/2022/2022-03-01.md",
            "meetings/2023/2023-01-05.md",
            "meetings/2023/2023-06-22.md",
        ];
        assert_eq!(found(&by_year), Some(("meetings".into(), 3)));
        let dated = ["minutes/2016-12-22/minutes.md"];
        assert_eq!(found(&dated), Some(("minutes".into(), 1)));
    }

    #[test]
    fn a_stray_dated_file_does_not_widen_the_folder_to_the_repository() {
        let mut files: Vec<String> = (1..=28)
            .map(|d| format!("meetings/2024-02-{d:02}.md"))
            .collect();
        files.push("notes/2020-01-01-retro.md".into());
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        assert_eq!(found(&files), Some(("meetings".into(), 28)));
    }

    #[test]
    fn undated_markdown_hidden_folders_and_build_output_are_not_minutes() {
        let files = [
            "README.md",
            "docs/guide.md",
            ".github/2024-01-01.md",
            "node_modules/x/2024-01-01.md",
            "public/meetings/2024-01-01.md",
        ];
        assert_eq!(found(&files), None);
        assert_eq!(
            found(&["2024-01-05.md", "2024-01-19.md"]),
            Some((".".into(), 2))
        );
    }

    #[test]
    fn the_origin_remote_names_the_repository() {
        let config =
            "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://github.com/a/b.git\n\
                      [remote \"origin\"]\n\turl = git@github.com:NodeJS/Security-WG.git\n\
                      \tfetch = +refs/heads/*:refs/remotes/origin/*\n";
        assert_eq!(origin_repo(config).as_deref(), Some("nodejs/security-wg"));
        for url in [
            "https://github.com/o/r",
            "https://github.com/o/r.git",
            "ssh://git@github.com/o/r.git",
            "https://github.com/o/r/",
        ] {
            let config = format!("[remote \"origin\"]\n\turl = {url}\n");
            assert_eq!(origin_repo(&config).as_deref(), Some("o/r"), "{url}");
        }
        assert_eq!(
            origin_repo("[remote \"origin\"]\n\turl = https://gitlab.com/o/r.git\n"),
            None
        );
        assert_eq!(
            origin_repo("[remote \"mine\"]\n\turl = https://github.com/o/r\n"),
            None
        );
    }
}
