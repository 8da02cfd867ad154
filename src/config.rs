//! `site.toml` → [`Config`]: strict (unknown keys are errors), defaulted, validated eagerly.
//! Errors are diagnostics at the offending value (`site.toml:LINE:COL`, the line, the span
//! marked), located by the TOML parser's spans ([`report`]).

pub mod groups;
mod report;
mod theme;
mod urls;

pub(crate) use report::Source;

pub(crate) use urls::base_path_of;
use urls::{looks_like_host, validate_cname};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Date, IssueRef, NameError, Owner, RefKind, RepoName};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use toml::Spanned;

/// The file name every site is configured by.
pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    // Values that are checked after parsing keep their place in the file, for messages.
    base_url: Option<Spanned<String>>,
    repo: Option<Spanned<String>>,
    #[serde(default = "default_content_dir")]
    content_dir: String,
    #[serde(default = "default_output_dir")]
    output_dir: String,
    theme: Option<Spanned<String>>,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    aliases: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    dates: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    people: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    initiatives: Vec<RawInitiative>,
    cname: Option<Spanned<String>>,
    #[serde(default)]
    search: SearchConfig,
    #[serde(default)]
    groups: Vec<groups::RawGroup>,
    schedule: Option<crate::schedule::RawSchedule>,
}

/// `[search]`: the static search index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Build the index (`/pagefind/`) behind the search page. Default: true.
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInitiative {
    slug: Spanned<String>,
    name: String,
    description: Option<Spanned<String>>,
    #[serde(default)]
    issues: Vec<Spanned<String>>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    match_notes: bool,
    status: Option<Spanned<String>>,
}
fn default_content_dir() -> String {
    "content".to_string()
}
fn default_output_dir() -> String {
    "public".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_language() -> String {
    "en".to_string()
}

/// A validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// The absolute base URL, always ending in `/` (`/` alone when none was given).
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/`.
    pub base_path: String,
    /// The group's own repo, `owner/repo` lower-case: bare `#N` resolves here.
    pub repo: Option<(Owner, RepoName)>,
    pub content_dir: String,
    pub output_dir: String,
    pub theme: String,
    pub language: String,
    pub allow_html: bool,
    /// Lower-case `owner/repo` → the repository it was renamed to.
    pub aliases: BTreeMap<String, (Owner, RepoName)>,
    /// Source path (relative to the content folder) → date that overrides every other source.
    pub dates: BTreeMap<String, Date>,
    /// `[people]`: a name (lower-case) or an old handle (lower-case, `@` first) → the handle
    /// the person is listed under (as written, without `@`).
    pub people: BTreeMap<String, String>,
    pub initiatives: Vec<InitiativeConfig>,
    pub search: SearchConfig,
    /// The custom domain GitHub Pages serves the site at (`wg.example.org`), written to
    /// `/CNAME`; a bare host name, lower-case. `None` publishes at `OWNER.github.io`.
    pub cname: Option<String>,
    /// `[[groups]]` of an org-wide site; empty for a single-group site (see `groups`).
    pub groups: Vec<groups::GroupConfig>,
    /// `[schedule]`: when the group meets (for `/calendar.ics` and the home page).
    pub schedule: Option<crate::schedule::Schedule>,
    /// The date the site is built on (UTC): upcoming meetings count from it. Set by
    /// [`crate::load_config`]; `None` (as from [`Config::parse`]) shows no upcoming meetings.
    pub build_date: Option<Date>,
}

/// One `[[initiatives]]` entry.
#[derive(Debug, Clone)]
pub struct InitiativeConfig {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub issues: Vec<IssueRef>,
    pub keywords: Vec<String>,
    pub match_notes: bool,
    pub status: Option<String>,
}

impl Config {
    /// Reads `site.toml` from `root`.
    pub fn load(root: &Path) -> Result<Config> {
        // `site.toml`, not `./site.toml`, when building in the current folder (the usual case).
        let path = match root == Path::new(".") || root.as_os_str().is_empty() {
            true => Path::new(CONFIG_FILE).to_path_buf(),
            false => root.join(CONFIG_FILE),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let shown = path.display().to_string();
                return Err(Error::config(
                    Diagnostic::error(&shown, 0, 0, report::CODE, "no site configuration here")
                        .with_help(format!(
                            "create one with `wgsite init {}` (or pass `--root DIR` to build a \
                             site in another folder)",
                            root.display()
                        )),
                ));
            }
            Err(e) => return Err(Error::io("read", path, e)),
        };
        let label = path.display().to_string();
        Config::parse_in(&text, &label, Some(root))
    }

    /// Parses and validates configuration text; `label` names the file in messages.
    pub fn parse(text: &str, label: &str) -> Result<Config> {
        Config::parse_in(text, label, None)
    }

    /// Parses and validates configuration text; with `root`, the site's folder, also checks
    /// that the folders it names are there.
    fn parse_in(text: &str, label: &str, root: Option<&Path>) -> Result<Config> {
        let source = Source { text, label };
        let raw: RawConfig = toml::from_str(text).map_err(|e| source.parse_error(&e))?;
        validate(raw, &source, root)
    }

    /// Resolves an `owner/repo` through `[aliases]` (case-insensitive), lower-case.
    pub fn canonical_repo(&self, owner: Owner, repo: RepoName) -> (Owner, RepoName) {
        let key = format!("{owner}/{repo}");
        match self.aliases.get(&key) {
            Some(renamed) => renamed.clone(),
            None => (owner, repo),
        }
    }
}

fn validate(raw: RawConfig, source: &Source, root: Option<&Path>) -> Result<Config> {
    let text = source.text;
    // An error about a value that parsed but makes no sense, pointing at the value.
    let at =
        |span: std::ops::Range<usize>, message: String| -> Error { source.error(span, message) };
    let (base_url, base_span) = match raw.base_url {
        Some(b) => (b.get_ref().trim().to_string(), b.span()),
        None => ("/".to_string(), 0..0),
    };
    let base_path = base_path_of(&base_url).ok_or_else(|| {
        let d = source.diagnostic(
            base_span.clone(),
            format!(
                "`base_url` must be an http(s) URL or a path starting with `/`, found {base_url:?}"
            ),
        );
        Error::config(match looks_like_host(&base_url) {
            true => d.with_help(format!(
                "did you mean \"https://{}\"?",
                base_url.trim_end_matches('/')
            )),
            false => d,
        })
    })?;
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };
    let repo = match &raw.repo {
        None => None,
        Some(r) => Some(parse_repo(r.get_ref()).map_err(|why| {
            at(
                r.span(),
                format!(
                    "`repo` must be a GitHub repository `owner/repo`, found {:?}: {why}",
                    r.get_ref()
                ),
            )
        })?),
    };
    let mut aliases = BTreeMap::new();
    for (from, to) in &raw.aliases {
        let renamed = parse_repo(from).and_then(|f| Ok((f, parse_repo(to.get_ref())?)));
        let (f, t) = renamed.map_err(|why| {
            at(
                to.span(),
                format!(
                    "aliases map a GitHub repository `owner/repo` to another, found {:?} = \
                     {:?}: {why}",
                    from,
                    to.get_ref()
                ),
            )
        })?;
        aliases.insert(format!("{}/{}", f.0, f.1), t);
    }
    let mut people = BTreeMap::new();
    for (from, to) in &raw.people {
        let handle = to.get_ref().trim().trim_start_matches('@');
        if !is_handle(handle) || from.trim().is_empty() {
            return Err(at(
                to.span(),
                format!(
                    "[people] maps a name or an old handle to a GitHub handle, found {:?} = {:?}",
                    from,
                    to.get_ref()
                ),
            ));
        }
        people.insert(people_key(from), handle.to_string());
    }
    let mut dates = BTreeMap::new();
    for (file, value) in &raw.dates {
        let date = crate::minutes::date::parse_iso(value.get_ref()).ok_or_else(|| {
            at(
                value.span(),
                format!(
                    "[dates] {:?} must be a valid YYYY-MM-DD date, found {:?}",
                    file,
                    value.get_ref()
                ),
            )
        })?;
        dates.insert(file.clone(), date);
    }
    // Slug → the line it was first used on, to say where a duplicate's twin is.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut initiatives = Vec::new();
    for i in raw.initiatives {
        let slug_span = i.slug.span();
        let slug = i.slug.into_inner();
        if slug.is_empty() || crate::model::slugify(&slug) != slug {
            return Err(at(
                slug_span,
                format!(
                    "initiative slug {slug:?} must be lower-case letters, digits and dashes \
                     (like {:?})",
                    crate::model::slugify(&slug)
                ),
            ));
        }
        let line = crate::diag::line_col(text, slug_span.start).0;
        if let Some(first) = seen.insert(slug.clone(), line) {
            return Err(at(
                slug_span,
                format!(
                    "initiative slug {slug:?} is used twice (first on line {first}); \
                     each initiative needs its own"
                ),
            ));
        }
        let mut issues = Vec::new();
        for s in &i.issues {
            let r = parse_issue_key(s.get_ref()).map_err(|why| {
                at(
                    s.span(),
                    format!(
                        "initiative {slug:?}: {:?} is not an issue reference like \
                         `owner/repo#123`{}",
                        s.get_ref(),
                        why.map(|w| format!(": {w}")).unwrap_or_default()
                    ),
                )
            })?;
            let r = match aliases.get(&r.repo_key()) {
                Some((o, rp)) => IssueRef::new(o.clone(), rp.clone(), r.number, r.kind),
                None => r,
            };
            issues.push(r);
        }
        if let Some(status) = &i.status {
            if !matches!(status.get_ref().as_str(), "active" | "dormant" | "done") {
                return Err(at(
                    status.span(),
                    format!(
                        "initiative {slug:?}: status must be \"active\", \"dormant\" or \"done\", found {:?}",
                        status.get_ref()
                    ),
                ));
            }
        }
        let description = initiative_description(i.description, &slug, source)?;
        initiatives.push(InitiativeConfig {
            slug,
            name: i.name,
            description,
            issues,
            keywords: i.keywords,
            match_notes: i.match_notes,
            status: i.status.map(Spanned::into_inner),
        });
    }
    let cname = match &raw.cname {
        None => None,
        Some(c) => Some(
            validate_cname(c.get_ref(), &base_url)
                .map_err(|why| at(c.span(), format!("`cname` {why}")))?,
        ),
    };
    let theme = match raw.theme {
        None => default_theme(),
        Some(t) => match theme::refusal(t.get_ref()) {
            Some(why) => return Err(Error::config(
                source
                    .diagnostic(
                        t.span(),
                        format!(
                            "`theme` must be a theme's name, found {:?}: {why}",
                            t.get_ref()
                        ),
                    )
                    .with_help(
                        "a theme is a folder in the site's themes/ folder, named by its folder \
                             name (theme = \"NAME\" for themes/NAME/); \"default\" is built in",
                    ),
            )),
            None => t.into_inner(),
        },
    };
    let content = root.map(|r| r.join(&raw.content_dir));
    let groups = groups::validate(raw.groups, &repo, source, content.as_deref())?;
    let schedule = match raw.schedule {
        Some(s) => Some(crate::schedule::validate(s, source)?),
        None => None,
    };
    Ok(Config {
        groups,
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        repo,
        content_dir: raw.content_dir,
        output_dir: raw.output_dir,
        theme,
        language: raw.language,
        allow_html: raw.allow_html,
        aliases,
        dates,
        people,
        initiatives,
        cname,
        search: raw.search,
        schedule,
        build_date: None,
    })
}

/// The key a `[people]` entry is found by: a handle (`@old`) lower-case with its `@`, a name
/// lower-case with its spaces collapsed.
pub fn people_key(from: &str) -> String {
    let t = from.trim();
    match t.strip_prefix('@') {
        Some(h) => format!("@{}", h.to_ascii_lowercase()),
        None => t
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A GitHub user name: letters, digits and single hyphens, at most 39 characters.
fn is_handle(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
}

/// An initiative's `description` (markdown), refused when it links anywhere pages may not
/// (`javascript:` and the like: see [`crate::safe_url`]).
fn initiative_description(
    description: Option<Spanned<String>>,
    slug: &str,
    source: &Source,
) -> Result<String> {
    let Some(description) = description else {
        return Ok(String::new());
    };
    let refused = crate::minutes::links::refused_destinations(description.get_ref());
    if let Some((_, dest)) = refused.first() {
        return Err(source.at(
            &description,
            format!(
                "initiative {slug:?}: `description` may link only to http, https and mailto \
                 addresses and within the site: {}",
                crate::minutes::links::describe(dest)
            ),
        ));
    }
    Ok(description.into_inner())
}

/// `owner/repo` → its names, lower-case, checked by GitHub's rules.
pub fn parse_repo(s: &str) -> std::result::Result<(Owner, RepoName), NameError> {
    crate::model::parse_repo_path(s)
}

/// `owner/repo#N` → an issue reference (kind `Issue` until the minutes say otherwise); the
/// error says what is wrong with the names when the shape is right.
pub fn parse_issue_key(s: &str) -> std::result::Result<IssueRef, Option<NameError>> {
    let (repo, number) = s.trim().split_once('#').ok_or(None)?;
    let n: u64 = number.parse().map_err(|_| None)?;
    let (o, r) = parse_repo(repo).map_err(Some)?;
    Ok(IssueRef::new(o, r, n, RefKind::Issue))
}

#[cfg(test)]
mod tests;
