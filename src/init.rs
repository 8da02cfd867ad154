//! `wgsite init`: [`InitOptions`] (folder, repo, title) → a new site on disk: a commented
//! `site.toml`, `content/` with one example minutes file, `.gitignore`, and a GitHub Actions
//! workflow that publishes to GitHub Pages. [`files`] makes the texts (pure); [`init`] writes
//! them, refusing to overwrite anything unless forced, and returns the paths it wrote.

use crate::config::parse_repo;
use crate::error::{Error, Result};
use crate::model::Date;
use std::path::{Path, PathBuf};

const SITE_TOML: &str = include_str!("init/site.toml");
const MINUTES: &str = include_str!("init/minutes.md");
const GITIGNORE: &str = include_str!("init/gitignore");
const PAGES_YML: &str = include_str!("init/pages.yml");

/// The placeholder written when no `--repo` is given: it builds, and the comment beside it says
/// to change it.
pub const PLACEHOLDER_REPO: &str = "your-org/your-repo";

/// The title used when no `--title` is given.
pub const DEFAULT_TITLE: &str = "My Working Group";

/// What `wgsite init` was asked for.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The folder to create the site in (created when missing).
    pub dir: PathBuf,
    /// The group's repository, `owner/repo`.
    pub repo: Option<String>,
    pub title: Option<String>,
    /// Overwrite files that already exist.
    pub force: bool,
}

/// The files of a new site, as (path relative to the site folder, text). Paths use `/`.
pub fn files(opts: &InitOptions, today: Date) -> Result<Vec<(String, String)>> {
    let (owner, repo) = match opts.repo.as_deref() {
        Some(r) => parse_repo(r).ok_or_else(|| {
            Error::Config(format!(
                "--repo: error: must look like `owner/repo`, found {r:?}"
            ))
        })?,
        None => parse_repo(PLACEHOLDER_REPO).unwrap_or_default(),
    };
    let title = opts.title.as_deref().unwrap_or(DEFAULT_TITLE).trim();
    if title.is_empty() || title.chars().any(char::is_control) {
        return Err(Error::Config(format!(
            "--title: error: must be one non-empty line, found {title:?}"
        )));
    }
    let repo_text = format!("{owner}/{repo}");
    let base_url = pages_url(&owner, &repo);
    let (repo_note, base_url_note) = if opts.repo.is_none() {
        (
            "\n# CHANGE THIS: a placeholder; set your repository, or `wgsite init --repo OWNER/REPO`.",
            "\n# CHANGE THIS: a placeholder made from the placeholder repo below.",
        )
    } else {
        ("", "")
    };
    let description =
        format!("Minutes of the {title} meetings: what was discussed, when, and by whom.");
    let vars: &[(&str, &str)] = &[
        ("TITLE", &toml_string(title)),
        ("TITLE_TEXT", title),
        ("DESCRIPTION", &toml_string(&description)),
        ("BASE_URL", &toml_string(&base_url)),
        ("BASE_URL_NOTE", base_url_note),
        ("REPO", &toml_string(&repo_text)),
        ("REPO_NOTE", repo_note),
        ("REPO_TEXT", &repo_text),
        ("DATE", &today.to_string()),
    ];
    Ok(vec![
        ("site.toml".to_string(), fill(SITE_TOML, vars)),
        (format!("content/{today}.md"), fill(MINUTES, vars)),
        (".gitignore".to_string(), GITIGNORE.to_string()),
        (
            ".github/workflows/pages.yml".to_string(),
            PAGES_YML.to_string(),
        ),
    ])
}

/// Writes the new site into `opts.dir`; returns the paths written. Fails, writing nothing,
/// when one of the files exists and `opts.force` is not set.
pub fn init(opts: &InitOptions, today: Date) -> Result<Vec<PathBuf>> {
    let files = files(opts, today)?;
    if !opts.force {
        if let Some((rel, _)) = files.iter().find(|(rel, _)| opts.dir.join(rel).exists()) {
            let path = opts.dir.join(rel);
            return Err(Error::io(
                "create",
                path,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "it already exists; nothing was written (use --force to overwrite)",
                ),
            ));
        }
    }
    let mut written = Vec::with_capacity(files.len());
    for (rel, text) in &files {
        let path = opts.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("create the folder", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Where GitHub Pages publishes `owner/repo`: `https://owner.github.io/repo/`, or the root for
/// the `owner.github.io` repository itself.
pub fn pages_url(owner: &str, repo: &str) -> String {
    if repo == format!("{owner}.github.io") {
        format!("https://{owner}.github.io/")
    } else {
        format!("https://{owner}.github.io/{repo}/")
    }
}

/// Today's date (UTC) from the system clock; 2024-01-01 if the clock is far off.
pub fn today() -> Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    Date::from_days_since_epoch(i64::try_from(days).unwrap_or(0)).unwrap_or(Date {
        year: 2024,
        month: 1,
        day: 1,
    })
}

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Replaces each `%NAME%` of `template` whose NAME is in `vars`, in one pass (a value that
/// itself contains `%NAME%` stays as it is).
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let hit = after.find('%').and_then(|end| {
            let name = &after[..end];
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, end))
        });
        match hit {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The site folder as the user would type it in `cd DIR`.
pub fn display_dir(dir: &Path) -> String {
    let s = dir.display().to_string();
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn date() -> Date {
        Date::new(2024, 3, 7).expect("valid date")
    }

    #[test]
    fn the_scaffold_config_parses_with_and_without_a_repo() {
        for repo in [None, Some("NodeJS/Security-WG".to_string())] {
            let opts = InitOptions {
                repo: repo.clone(),
                title: Some("Quote \" and \\ WG".to_string()),
                ..InitOptions::default()
            };
            let files = files(&opts, date()).expect("files");
            let (_, toml) = files
                .iter()
                .find(|f| f.0 == "site.toml")
                .expect("site.toml");
            let config = Config::parse(toml, "site.toml").expect("scaffold parses");
            assert_eq!(config.title, "Quote \" and \\ WG");
            let expected = if repo.is_some() {
                "https://nodejs.github.io/security-wg/"
            } else {
                "https://your-org.github.io/your-repo/"
            };
            assert_eq!(config.base_url, expected);
            assert_eq!(toml.contains("CHANGE THIS"), repo.is_none());
        }
    }

    #[test]
    fn the_example_minutes_are_dated_and_use_the_repo() {
        let opts = InitOptions {
            repo: Some("o/r".to_string()),
            ..InitOptions::default()
        };
        let files = files(&opts, date()).expect("files");
        let (path, md) = files
            .iter()
            .find(|f| f.0.starts_with("content/"))
            .expect("minutes");
        assert_eq!(path, "content/2024-03-07.md");
        assert!(
            md.starts_with("# My Working Group Meeting 2024-03-07\n"),
            "{md}"
        );
        assert!(
            md.contains(
                "### o/r\n\n* Example initiative: kickoff [#1](https://github.com/o/r/issues/1)"
            ),
            "{md}"
        );
    }

    #[test]
    fn refuses_a_malformed_repo_or_title() {
        let bad_repo = InitOptions {
            repo: Some("https://github.com/o/r".to_string()),
            ..InitOptions::default()
        };
        assert!(files(&bad_repo, date()).is_err());
        let bad_title = InitOptions {
            title: Some("two\nlines".to_string()),
            ..InitOptions::default()
        };
        assert!(files(&bad_title, date()).is_err());
    }

    #[test]
    fn pages_url_of_a_user_site_is_the_root() {
        assert_eq!(pages_url("o", "o.github.io"), "https://o.github.io/");
        assert_eq!(pages_url("o", "wg"), "https://o.github.io/wg/");
    }

    #[test]
    fn fills_placeholders_in_one_pass() {
        let vars = [("A", "%B%"), ("B", "b")];
        assert_eq!(fill("x %A% %B% 100% %C%", &vars), "x %B% b 100% %C%");
    }
}
