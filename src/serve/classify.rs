//! Changed paths → what to rebuild, purely: [`classify`] sorts a batch of paths under the site
//! folder into a [`Change`] (minutes files, templates, configuration, static files, or
//! everything), ignoring editors' swap, backup and probe files, hidden files and the output.

use crate::config::Config;
use crate::incremental::Change;
use std::path::{Component, Path, PathBuf};

/// A few words for the terminal: what changed.
pub fn describe(change: &Change, root: &Path) -> String {
    match change {
        Change::Content(paths) => {
            let mut names: Vec<String> = paths
                .iter()
                .take(3)
                .map(|p| {
                    let rel = p.strip_prefix(root).unwrap_or(p);
                    rel.to_string_lossy().replace('\\', "/")
                })
                .collect();
            if paths.len() > 3 {
                names.push(format!("and {} more", paths.len() - 3));
            }
            names.join(", ")
        }
        Change::Templates => "templates".into(),
        Change::Config => crate::config::CONFIG_FILE.into(),
        Change::Static => "static files".into(),
        Change::Everything => "several kinds of files".into(),
    }
}

/// Where the watched things are, relative to the site folder (from `site.toml`, or the defaults
/// while it does not load).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub content_dir: String,
    pub output_dir: String,
    pub theme: String,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            content_dir: "content".into(),
            output_dir: "public".into(),
            theme: "default".into(),
        }
    }
}

impl From<&Config> for Layout {
    fn from(config: &Config) -> Self {
        Layout {
            content_dir: config.content_dir.clone(),
            output_dir: config.output_dir.clone(),
            theme: config.theme.clone(),
        }
    }
}

/// Sorts changed paths (absolute, under `root`) into what must be rebuilt; `None` when nothing
/// that the site is built from changed (editor swap and backup files, hidden files, the output).
pub fn classify(root: &Path, layout: &Layout, paths: &[PathBuf]) -> Option<Change> {
    paths
        .iter()
        .filter_map(|path| classify_one(root, layout, path))
        .reduce(Change::merge)
}

fn classify_one(root: &Path, layout: &Layout, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let name = *parts.last()?;
    if parts.iter().any(|p| p.starts_with('.')) || is_temporary(name) {
        return None;
    }
    let content: Vec<&str> = segments(&layout.content_dir);
    let output: Vec<&str> = segments(&layout.output_dir);
    if !output.is_empty() && parts.starts_with(&output) {
        return None;
    }
    let theme = match parts.as_slice() {
        [crate::config::CONFIG_FILE] => Some(Change::Config),
        ["templates", ..] => Some(Change::Templates),
        ["static", ..] => Some(Change::Static),
        ["themes"] => Some(Change::Everything),
        ["themes", theme, rest @ ..] if *theme == layout.theme => match rest {
            [] => Some(Change::Everything),
            ["templates", ..] => Some(Change::Templates),
            ["static", ..] => Some(Change::Static),
            _ => None,
        },
        _ => None,
    };
    if theme.is_some() || parts.first() == Some(&"themes") {
        return theme;
    }
    // The content folder itself (renamed, removed) or anything the loader would read in it.
    let has_extension = Path::new(name).extension().is_some();
    if parts.starts_with(&content)
        && (parts.len() == content.len() || !has_extension || crate::source::is_minutes_name(path))
    {
        return Some(Change::Content(vec![path.to_path_buf()]));
    }
    None
}

/// What a path is on disk now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    File,
    Folder,
    /// A symbolic link, to whatever (or nothing).
    Link,
    Missing,
}

/// Refines a change with what the paths are now: a folder that still exists is dropped (its
/// files' own events are in the batch too: a poll watcher reports the content folder whenever
/// a file in it comes or goes); a path that is gone and has no extension may have been a folder
/// of minutes, whose files no event names, so everything is rebuilt. A path that is now a
/// symbolic link rebuilds everything too: the whole build's walk skips links with its warning,
/// where an incremental rebuild would read the edited path (and so the link's target). `None`
/// when nothing is left.
pub fn settle(change: Change, found: impl Fn(&Path) -> Found) -> Option<Change> {
    let Change::Content(paths) = change else {
        return Some(change);
    };
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        match found(&path) {
            Found::Folder => {}
            Found::Link => return Some(Change::Everything),
            Found::Missing if path.extension().is_none() => return Some(Change::Everything),
            Found::File | Found::Missing => files.push(path),
        }
    }
    (!files.is_empty()).then_some(Change::Content(files))
}

/// [`Found`] from the file system.
pub fn found(path: &Path) -> Found {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_symlink() => Found::Link,
        Ok(m) if m.is_dir() => Found::Folder,
        Ok(_) => Found::File,
        Err(_) => Found::Missing,
    }
}

fn segments(dir: &str) -> Vec<&str> {
    dir.split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != ".")
        .collect()
}

/// Swap, backup and probe files that editors write beside the real one while saving.
fn is_temporary(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".swpx",
        ".tmp",
        ".bak",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
        ".crswap",
    ];
    // Vim checks that it may write a folder by creating `4913` (then 5036, 5159, …) in it.
    let vim_probe = (4..=5).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_digit());
    let emacs_autosave = name.len() > 1 && name.starts_with('#') && name.ends_with('#');
    vim_probe || emacs_autosave || SUFFIXES.iter().any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from("/site")
    }

    fn run(paths: &[&str]) -> Option<Change> {
        run_with(&Layout::default(), paths)
    }

    fn run_with(layout: &Layout, paths: &[&str]) -> Option<Change> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| root().join(p)).collect();
        classify(&root(), layout, &paths)
    }

    fn content(paths: &[&str]) -> Option<Change> {
        Some(Change::Content(
            paths.iter().map(|p| root().join(p)).collect(),
        ))
    }

    #[test]
    fn a_minutes_file_is_a_content_change() {
        assert_eq!(
            run(&["content/2024-01-11.md"]),
            content(&["content/2024-01-11.md"])
        );
        assert_eq!(
            run(&["content/2016-12-22/minutes.md", "content/2019-12-02"]),
            content(&["content/2016-12-22/minutes.md", "content/2019-12-02"])
        );
    }

    #[test]
    fn several_minutes_files_merge_into_one_sorted_change() {
        assert_eq!(
            run(&["content/b.md", "content/a.md", "content/b.md"]),
            content(&["content/a.md", "content/b.md"])
        );
    }

    #[test]
    fn editor_swap_backup_and_probe_files_are_ignored() {
        for name in [
            "content/.2024-01-11.md.swp",
            "content/2024-01-11.md.swp",
            "content/2024-01-11.md~",
            "content/4913",
            "content/5036",
            "content/#2024-01-11.md#",
            "content/.#2024-01-11.md",
            "content/2024-01-11.md___jb_tmp___",
            "content/2024-01-11.md.kate-swp",
            "content/.DS_Store",
            ".git/index",
            "templates/.meeting.html.swp",
            "site.toml~",
        ] {
            assert_eq!(run(&[name]), None, "{name}");
        }
    }

    #[test]
    fn a_rename_save_counts_as_an_edit_of_the_file() {
        // Vim: probe, move the original to a backup, write the file anew, drop the backup.
        assert_eq!(
            run(&[
                "content/4913",
                "content/2024-01-11.md~",
                "content/2024-01-11.md",
                "content/2024-01-11.md~",
            ]),
            content(&["content/2024-01-11.md"])
        );
        // Atomic writers: a temporary file renamed over the real one.
        assert_eq!(
            run(&["content/.2024-01-11.md.tmp123", "content/2024-01-11.md"]),
            content(&["content/2024-01-11.md"])
        );
    }

    #[test]
    fn files_the_loader_skips_are_ignored() {
        assert_eq!(run(&["content/README.md"]), None);
        assert_eq!(run(&["content/notes.txt"]), None);
        assert_eq!(run(&["content/image.png"]), None);
    }

    #[test]
    fn templates_config_and_static_files_are_told_apart() {
        assert_eq!(run(&["site.toml"]), Some(Change::Config));
        assert_eq!(run(&["templates/meeting.html"]), Some(Change::Templates));
        assert_eq!(run(&["templates"]), Some(Change::Templates));
        assert_eq!(run(&["static/logo.svg"]), Some(Change::Static));
        assert_eq!(
            run(&["themes/default/templates/base.html"]),
            Some(Change::Templates)
        );
        assert_eq!(
            run(&["themes/default/static/style.css"]),
            Some(Change::Static)
        );
    }

    #[test]
    fn another_theme_and_unrelated_files_are_ignored() {
        assert_eq!(run(&["themes/other/templates/base.html"]), None);
        assert_eq!(run(&["themes/default/README.md"]), None);
        assert_eq!(run(&["README.md", "Cargo.toml", "src/lib.rs"]), None);
        assert_eq!(run(&["public/index.html"]), None);
        assert_eq!(
            classify(
                &root(),
                &Layout::default(),
                &[PathBuf::from("/elsewhere/content/a.md")]
            ),
            None
        );
    }

    #[test]
    fn different_kinds_together_rebuild_everything() {
        assert_eq!(
            run(&["content/a.md", "templates/meeting.html"]),
            Some(Change::Everything)
        );
        assert_eq!(
            run(&["site.toml", "content/a.md"]),
            Some(Change::Everything)
        );
        assert_eq!(
            run(&["templates/a.html", "templates/b.html", "content/x.md~"]),
            Some(Change::Templates)
        );
    }

    #[test]
    fn the_content_and_theme_folders_come_from_the_layout() {
        let layout = Layout {
            content_dir: "minutes/".into(),
            output_dir: "site".into(),
            theme: "plain".into(),
        };
        assert_eq!(
            run_with(&layout, &["minutes/2024-01-11.md"]),
            content(&["minutes/2024-01-11.md"])
        );
        assert_eq!(run_with(&layout, &["content/2024-01-11.md"]), None);
        assert_eq!(
            run_with(&layout, &["themes/plain/templates/base.html"]),
            Some(Change::Templates)
        );
        assert_eq!(run_with(&layout, &["themes/default/static/a.css"]), None);
        assert_eq!(run_with(&layout, &["site/index.html"]), None);
    }

    #[test]
    fn a_content_folder_at_the_root_still_skips_the_output_and_other_files() {
        let layout = Layout {
            content_dir: ".".into(),
            ..Layout::default()
        };
        assert_eq!(
            run_with(&layout, &["2024-01-11.md"]),
            content(&["2024-01-11.md"])
        );
        assert_eq!(run_with(&layout, &["public/index.html"]), None);
        assert_eq!(run_with(&layout, &["site.toml"]), Some(Change::Config));
    }

    #[test]
    fn describes_a_change_in_a_few_words() {
        let change = Change::Content(
            ["a.md", "b.md", "c.md", "d.md"]
                .iter()
                .map(|n| root().join("content").join(n))
                .collect(),
        );
        assert_eq!(
            describe(&change, &root()),
            "content/a.md, content/b.md, content/c.md, and 1 more"
        );
        assert_eq!(describe(&Change::Config, &root()), "site.toml");
    }

    #[test]
    fn settling_drops_folders_and_rebuilds_everything_for_a_vanished_one() {
        let a = root().join("content/a.md");
        let dir = root().join("content");
        let gone = root().join("content/2016-12-22");
        let kind = |p: &Path| match p.extension() {
            Some(_) => Found::File,
            None if p.ends_with("content") => Found::Folder,
            None => Found::Missing,
        };
        let change = Change::Content(vec![dir.clone(), a.clone()]);
        assert_eq!(settle(change, kind), Some(Change::Content(vec![a.clone()])));
        assert_eq!(settle(Change::Content(vec![dir]), kind), None);
        assert_eq!(
            settle(Change::Content(vec![a.clone(), gone]), kind),
            Some(Change::Everything)
        );
        // A removed minutes file stays: the rebuild drops its pages.
        let removed = root().join("content/b.md");
        assert_eq!(
            settle(Change::Content(vec![removed.clone()]), |_| Found::Missing),
            Some(Change::Content(vec![removed]))
        );
        assert_eq!(settle(Change::Templates, kind), Some(Change::Templates));
    }

    #[test]
    fn a_path_that_became_a_link_rebuilds_everything() {
        let a = root().join("content/a.md");
        let link = root().join("content/2025-09-09.md");
        let kind = |p: &Path| match p == link {
            true => Found::Link,
            false => Found::File,
        };
        assert_eq!(
            settle(Change::Content(vec![a, link.clone()]), kind),
            Some(Change::Everything)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_found_as_a_link_whatever_it_points_to() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "# x").expect("write");
        for (name, target) in [("to-file.md", file.as_path()), ("to-dir", dir.path())] {
            let link = dir.path().join(name);
            std::os::unix::fs::symlink(target, &link).expect("link");
            assert_eq!(found(&link), Found::Link, "{name}");
        }
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).expect("link");
        assert_eq!(found(&dangling), Found::Link);
        assert_eq!(found(&file), Found::File);
    }
}
