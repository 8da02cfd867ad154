//! `wgsite init`: [`InitOptions`] (folder, repo, title) → a site on disk: a commented
//! `site.toml`, a GitHub Actions workflow that publishes to GitHub Pages with a released wgsite
//! (pinned, daily), `.github/dependabot.yml` to keep its pins current, `.gitignore`, and — only
//! when the folder holds no minutes yet — one example minutes file. In an existing minutes
//! repository it points `content_dir` at the minutes it finds and reads the repository from the
//! `origin` remote ([`survey`]). [`files`] makes the texts (pure); [`init`] writes them, refusing
//! to overwrite anything unless forced, and says what it wrote.

pub mod survey;

use crate::config::parse_repo;
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Date;
use std::path::{Path, PathBuf};
pub use survey::Survey;

const SITE_TOML: &str = include_str!("init/site.toml");
const MINUTES: &str = include_str!("init/minutes.md");
const GITIGNORE: &str = include_str!("init/gitignore");
const PAGES_YML: &str = include_str!("init/pages.yml");
const DEPENDABOT_YML: &str = include_str!("init/dependabot.yml");

/// The placeholder written when no `--repo` is given and none is found: it builds, and the
/// comment beside it says to change it.
pub const PLACEHOLDER_REPO: &str = "your-org/your-repo";

/// The title used when no `--title` is given.
pub const DEFAULT_TITLE: &str = "My Working Group";

/// This wgsite's GitHub Action (`OWNER/REPO`, from the package's `repository`), which the
/// workflow `init` writes uses to install the released binary.
pub fn action_repo() -> &'static str {
    env!("CARGO_PKG_REPOSITORY")
        .trim_end_matches('/')
        .trim_start_matches("https://github.com/")
}

/// How the workflow refers to this wgsite's action: the full commit SHA this binary was built
/// from with its version in a comment, as every action in the workflow is pinned; the version's
/// tag only when the build did not know its commit (see `build.rs`).
pub fn action_ref() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match option_env!("WGSITE_COMMIT") {
        Some(sha) => format!("{sha} # v{version}"),
        None => format!("v{version}"),
    }
}

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

/// What a file of the scaffold does to one already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refused unless `--force`: the file is the scaffold's own (`site.toml`, the workflow).
    Refuse,
    /// Lines the file lacks are added to it (`.gitignore`).
    AddLines,
    /// Left as it is, and said so (`.github/dependabot.yml`: the repository has its own).
    Keep,
}

/// One file of the scaffold.
#[derive(Debug, Clone)]
pub struct File {
    /// Path relative to the site folder, with `/`.
    pub path: String,
    pub text: String,
    pub existing: Existing,
}

/// What [`init`] did.
#[derive(Debug, Default)]
pub struct Initialised {
    /// Files created or overwritten.
    pub written: Vec<PathBuf>,
    /// Files that existed and had lines added.
    pub extended: Vec<PathBuf>,
    /// Files that existed and were left alone.
    pub kept: Vec<PathBuf>,
    /// What was found in the folder.
    pub survey: Survey,
}

/// The files of a new site, for a folder in which `survey` was found.
pub fn files(opts: &InitOptions, survey: &Survey, today: Date) -> Result<Vec<File>> {
    let found_repo = opts.repo.as_deref().or(survey.repo.as_deref());
    let (owner, repo) = match found_repo {
        Some(r) => parse_repo(r).map_err(|why| {
            Error::config(Diagnostic::error(
                "--repo",
                0,
                0,
                "argument",
                format!("must be a GitHub repository `owner/repo`, found {r:?}: {why}"),
            ))
        })?,
        None => parse_repo(PLACEHOLDER_REPO).map_err(|why| {
            Error::config(Diagnostic::error(
                "--repo",
                0,
                0,
                "argument",
                format!("the placeholder repository is no repository: {why}"),
            ))
        })?,
    };
    let title = opts.title.as_deref().unwrap_or(DEFAULT_TITLE).trim();
    if title.is_empty() || title.chars().any(char::is_control) {
        return Err(Error::config(Diagnostic::error(
            "--title",
            0,
            0,
            "argument",
            format!("must be one non-empty line, found {title:?}"),
        )));
    }
    let repo_text = format!("{owner}/{repo}");
    let base_url = pages_url(&owner, &repo);
    let (repo_note, base_url_note) = match (opts.repo.is_some(), survey.repo.is_some()) {
        (true, _) => ("", ""),
        (false, true) => ("\n# (Read from the repository's `origin` remote.)", ""),
        (false, false) => (
            "\n# CHANGE THIS: a placeholder; set your repository, or `wgsite init --repo OWNER/REPO`.",
            "\n# CHANGE THIS: a placeholder made from the placeholder repo below.",
        ),
    };
    let (content_dir, content_note) = match &survey.minutes {
        Some((dir, count)) => (
            dir.clone(),
            format!("\n# (Found: {count} minutes files in {dir}.)"),
        ),
        None => ("content".to_string(), String::new()),
    };
    let description =
        format!("Minutes of the {title} meetings: what was discussed, when, and by whom.");
    let action = format!("{}@{}", action_repo(), action_ref());
    let vars: &[(&str, &str)] = &[
        ("TITLE", &toml_string(title)),
        ("TITLE_TEXT", title),
        ("DESCRIPTION", &toml_string(&description)),
        ("BASE_URL", &toml_string(&base_url)),
        ("BASE_URL_NOTE", base_url_note),
        ("REPO", &toml_string(&repo_text)),
        ("REPO_NOTE", repo_note),
        ("REPO_TEXT", &repo_text),
        ("CONTENT_DIR", &toml_string(&content_dir)),
        ("CONTENT_NOTE", &content_note),
        ("OUTPUT_DIR", "public"),
        ("DATE", &today.to_string()),
        ("ACTION", &action),
        ("CRON", &daily_cron(&repo_text)),
    ];
    let file = |path: &str, template: &str, existing| File {
        path: path.to_string(),
        text: fill(template, vars),
        existing,
    };
    let mut files = vec![file("site.toml", SITE_TOML, Existing::Refuse)];
    if survey.minutes.is_none() {
        files.push(file(
            &format!("content/{today}.md"),
            MINUTES,
            Existing::Refuse,
        ));
    }
    files.extend([
        file(".gitignore", GITIGNORE, Existing::AddLines),
        file(".github/workflows/pages.yml", PAGES_YML, Existing::Refuse),
        file(".github/dependabot.yml", DEPENDABOT_YML, Existing::Keep),
    ]);
    Ok(files)
}

/// A daily schedule at a time of day picked from the repository's name, so that sites made
/// with `init` do not all start at the same minute.
fn daily_cron(repo: &str) -> String {
    let hash = repo.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{} {} * * *", hash % 60, (hash / 60) % 24)
}

/// Writes the new site into `opts.dir`. Fails, writing nothing, when one of the scaffold's own
/// files exists and `opts.force` is not set.
pub fn init(opts: &InitOptions, today: Date) -> Result<Initialised> {
    let survey = survey::survey(&opts.dir);
    let files = files(opts, &survey, today)?;
    if !opts.force {
        let taken = files
            .iter()
            .find(|f| f.existing == Existing::Refuse && opts.dir.join(&f.path).exists());
        if let Some(f) = taken {
            return Err(Error::io(
                "create",
                opts.dir.join(&f.path),
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "it already exists; nothing was written (use --force to overwrite)",
                ),
            ));
        }
    }
    let mut done = Initialised {
        survey,
        ..Initialised::default()
    };
    for f in &files {
        let path = opts.dir.join(&f.path);
        let old = std::fs::read_to_string(&path).ok();
        let text = match (f.existing, old) {
            (Existing::Keep, Some(_)) => {
                done.kept.push(path);
                continue;
            }
            (Existing::AddLines, Some(old)) => {
                let Some(text) = with_lines_of(&old, &f.text) else {
                    done.kept.push(path);
                    continue;
                };
                done.extended.push(path.clone());
                text
            }
            _ => {
                done.written.push(path.clone());
                f.text.clone()
            }
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("create the folder", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(done)
}

/// `old` with the lines of `new` it lacks (comments and blank lines aside) appended, or `None`
/// when it has them all.
fn with_lines_of(old: &str, new: &str) -> Option<String> {
    let has = |line: &str| old.lines().any(|l| l.trim() == line.trim());
    let missing: Vec<&str> = new
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !has(l))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut text = old.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    // The comment that explains the lines comes with them.
    for line in new.lines().filter(|l| l.starts_with('#')) {
        text.push_str(line);
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    Some(text)
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
            let files = files(&opts, &Survey::default(), date()).expect("files");
            let toml = &files
                .iter()
                .find(|f| f.path == "site.toml")
                .expect("site.toml")
                .text;
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
        let files = files(&opts, &Survey::default(), date()).expect("files");
        let minutes = files
            .iter()
            .find(|f| f.path.starts_with("content/"))
            .expect("minutes");
        let md = &minutes.text;
        assert_eq!(minutes.path, "content/2024-03-07.md");
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
        assert!(files(&bad_repo, &Survey::default(), date()).is_err());
        let bad_title = InitOptions {
            title: Some("two\nlines".to_string()),
            ..InitOptions::default()
        };
        assert!(files(&bad_title, &Survey::default(), date()).is_err());
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

    #[test]
    fn an_existing_archive_sets_content_dir_and_gets_no_example_minutes() {
        let survey = Survey {
            minutes: Some(("doc/meetings".into(), 25)),
            repo: Some("nodejs/loaders".into()),
        };
        let files = files(&InitOptions::default(), &survey, date()).expect("files");
        assert!(files.iter().all(|f| !f.path.starts_with("content/")));
        let toml = &files[0].text;
        let config = Config::parse(toml, "site.toml").expect("parses");
        assert_eq!(config.content_dir, "doc/meetings");
        assert_eq!(config.repo, parse_repo("nodejs/loaders").ok());
        assert!(config.initiatives.is_empty(), "no example initiative");
        assert!(toml.contains("25 minutes files in doc/meetings"));
        assert!(!toml.contains("CHANGE THIS"));
    }

    #[test]
    fn the_workflow_pins_the_action_of_this_version_and_runs_daily() {
        let opts = InitOptions {
            repo: Some("o/r".into()),
            ..InitOptions::default()
        };
        let files = files(&opts, &Survey::default(), date()).expect("files");
        let workflow = &files
            .iter()
            .find(|f| f.path == ".github/workflows/pages.yml")
            .expect("workflow")
            .text;
        let uses = format!("uses: {}@{}\n", action_repo(), action_ref());
        assert!(workflow.contains(&uses), "{workflow}");
        assert!(action_ref().ends_with(&format!("v{}", env!("CARGO_PKG_VERSION"))));
        assert!(!workflow.contains('%'), "a placeholder is left: {workflow}");
        assert_eq!(daily_cron("o/r"), daily_cron("o/r"));
        assert_ne!(daily_cron("o/r"), daily_cron("o/s"));
        assert!(workflow.contains(&format!("- cron: \"{}\"", daily_cron("o/r"))));
    }

    #[test]
    fn gitignore_lines_are_added_to_an_existing_one_once() {
        let added = with_lines_of("target/\n", GITIGNORE).expect("public/ is missing");
        assert!(added.starts_with("target/\n"));
        assert!(added.contains("\npublic/\n"));
        assert_eq!(with_lines_of(&added, GITIGNORE), None);
        assert_eq!(with_lines_of("/public/\n", GITIGNORE).map(|_| ()), Some(()));
    }
}
