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
        initiatives,
        cname,
        search: raw.search,
        schedule,
        build_date: None,
    })
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
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\n";

    #[test]
    fn defaults_apply() {
        let c = Config::parse(MINIMAL, "site.toml").expect("valid");
        assert_eq!(c.content_dir, "content");
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.base_path, "/");
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let c = Config::parse(
            "title = \"T\"\nbase_url = \"https://nodejs.github.io/security-wg\"\n",
            "site.toml",
        )
        .expect("valid");
        assert_eq!(c.base_path, "/security-wg/");
        assert_eq!(c.base_url, "https://nodejs.github.io/security-wg/");
    }

    #[test]
    fn errors_on_unknown_key_with_line() {
        let err = Config::parse("title = \"T\"\ncolour = \"red\"\n", "site.toml")
            .expect_err("unknown key");
        let text = err.to_string();
        assert!(
            text.starts_with("site.toml:2:1: error: unknown field `colour`"),
            "{text}"
        );
    }

    #[test]
    fn errors_on_malformed_initiative_issue() {
        let err = Config::parse(
            "title = \"T\"\n[[initiatives]]\nslug = \"pm\"\nname = \"PM\"\nissues = [\"898\"]\n",
            "site.toml",
        )
        .expect_err("bad issue");
        assert!(
            err.to_string().starts_with(
                "site.toml:5:11: error: initiative \"pm\": \"898\" is not an issue reference"
            ),
            "{err}"
        );
    }

    #[test]
    fn cname_is_a_bare_host_on_the_base_url_host() {
        let c = Config::parse(
            "title = \"T\"\nbase_url = \"https://WG.example.org/\"\ncname = \"WG.example.org\"\n",
            "site.toml",
        )
        .expect("valid");
        assert_eq!(c.cname.as_deref(), Some("wg.example.org"));
        let relative = Config::parse("title = \"T\"\ncname = \"wg.example.org\"\n", "site.toml");
        assert!(relative.is_ok());
        for bad in [
            "https://wg.example.org",
            "wg.example.org/path",
            "localhost",
            "wg example.org",
            "",
        ] {
            let err = Config::parse(&format!("title = \"T\"\ncname = {bad:?}\n"), "site.toml")
                .expect_err(bad);
            assert!(
                err.to_string()
                    .starts_with("site.toml:2:9: error: `cname` must be a bare host name"),
                "{err}"
            );
        }
    }

    #[test]
    fn cname_must_match_the_base_url_host() {
        let err = Config::parse(
            "title = \"T\"\nbase_url = \"https://org.github.io/wg/\"\ncname = \"wg.example.org\"\n",
            "site.toml",
        )
        .expect_err("other host");
        assert!(
            err.to_string()
                .contains("set base_url = \"https://wg.example.org/\""),
            "{err}"
        );
    }

    #[test]
    fn aliases_are_case_insensitive() {
        let c = Config::parse(
            "title = \"T\"\n[aliases]\n\"nodejs/LTS\" = \"nodejs/Release\"\n",
            "site.toml",
        )
        .expect("valid");
        let (o, r) = parse_repo("NodeJS/lts").expect("valid");
        let (o, r) = c.canonical_repo(o, r);
        assert_eq!((o.as_str(), r.as_str()), ("nodejs", "release"));
    }

    #[test]
    fn repository_names_are_githubs_at_load() {
        let err = |toml: &str| {
            Config::parse(&format!("title = \"T\"\n{toml}"), "site.toml")
                .expect_err(toml)
                .to_string()
        };
        let cases = [
            "repo = \"../..\"\n",
            "repo = \"a/.git\"\n",
            "[aliases]\n\"o/r\" = \"../..\"\n",
            "[aliases]\n\"o/r\" = \"a/..\"\n",
            "[aliases]\n\"../x\" = \"o/r\"\n",
            "[[initiatives]]\nslug = \"s\"\nname = \"S\"\nissues = [\"a/..#1\"]\n",
            "[[groups]]\nslug = \"g\"\nname = \"G\"\npath = \"g\"\nrepo = \"-a/b\"\n",
        ];
        for case in cases {
            let message = err(case);
            assert!(
                message.starts_with("site.toml:")
                    && (message.contains("GitHub") || message.contains("issue reference")),
                "{message}"
            );
        }
    }

    /// The user guide's `site.toml` reference (the first TOML block of
    /// docs/configuration.md) names every key of every table, and nothing else: the keys
    /// compared with the ones serde accepts.
    #[test]
    fn the_configuration_reference_documents_every_key_and_only_real_ones() {
        use crate::test_support::serde_fields::fields_of;
        let docs = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/configuration.md"
        ))
        .expect("docs/configuration.md");
        let start = docs.find("```toml\n").expect("a TOML block") + "```toml\n".len();
        let block = &docs[start..start + docs[start..].find("```").expect("its end")];
        let documented: toml::Table = toml::from_str(block).expect("the block is TOML");
        let keys = |table: &toml::Table| -> Vec<String> {
            let mut keys: Vec<String> = table.keys().cloned().collect();
            keys.sort();
            keys
        };
        let fields = |list: &[&str]| -> Vec<String> {
            let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
            list.sort();
            list
        };
        let table = |key: &str| -> toml::Table {
            match &documented[key] {
                toml::Value::Table(t) => t.clone(),
                toml::Value::Array(a) => match a.first() {
                    Some(toml::Value::Table(t)) => t.clone(),
                    _ => panic!("[[{key}]] has no table"),
                },
                other => panic!("{key} is not a table: {other:?}"),
            }
        };
        assert_eq!(
            keys(&documented),
            fields(fields_of::<RawConfig>()),
            "top-level keys"
        );
        assert_eq!(
            keys(&table("search")),
            fields(fields_of::<SearchConfig>()),
            "[search]"
        );
        assert_eq!(
            keys(&table("initiatives")),
            fields(fields_of::<RawInitiative>()),
            "[[initiatives]]"
        );
        assert_eq!(
            keys(&table("groups")),
            fields(fields_of::<groups::RawGroup>()),
            "[[groups]]"
        );
        let schedule = table("schedule");
        assert_eq!(
            keys(&schedule),
            fields(fields_of::<crate::schedule::RawSchedule>()),
            "[schedule]"
        );
        let upcoming = match &schedule["upcoming"] {
            toml::Value::Array(a) => match a.first() {
                Some(toml::Value::Table(t)) => t.clone(),
                _ => panic!("upcoming has no entry"),
            },
            other => panic!("upcoming is not a list: {other:?}"),
        };
        assert_eq!(
            keys(&upcoming),
            fields(fields_of::<crate::schedule::RawUpcoming>()),
            "[schedule] upcoming"
        );
    }
}
