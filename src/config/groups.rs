//! `[[groups]]` of an org-wide site as written → validated [`GroupConfig`]s: slugs URL-safe and
//! unique, `repo` like `owner/repo`, paths relative, inside the content folder, not inside one
//! another, and (when the site's folder is known) there.

use super::parse_repo;
use super::report::Source;
use crate::error::Result;
use crate::model::{Owner, RepoName};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// One `[[groups]]` entry as written; every value keeps its place for messages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    slug: Spanned<String>,
    name: Spanned<String>,
    repo: Option<Spanned<String>>,
    path: Spanned<String>,
}

/// One group of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupConfig {
    /// URL segment: lower-case letters, digits and dashes; unique.
    pub slug: String,
    pub name: String,
    /// Bare `#N` in this group's minutes resolves here (the site's `repo` when not given).
    pub repo: Option<(Owner, RepoName)>,
    /// The group's folder relative to the content folder, `/`-separated, without leading or
    /// trailing slashes; empty for the whole content folder.
    pub path: String,
}

/// Validates `[[groups]]`; with `content` (the site's content folder on disk), also that each
/// group's folder is there.
pub fn validate(
    raw: Vec<RawGroup>,
    site_repo: &Option<(Owner, RepoName)>,
    source: &Source,
    content: Option<&Path>,
) -> Result<Vec<GroupConfig>> {
    let mut out: Vec<GroupConfig> = Vec::with_capacity(raw.len());
    for g in raw {
        let slug = g.slug.get_ref();
        if slug.is_empty() || crate::model::slugify(slug) != *slug {
            return Err(source.at(
                &g.slug,
                format!(
                    "[[groups]] `slug` must be lower-case letters, digits and dashes (it is a \
                     URL segment), found {slug:?}"
                ),
            ));
        }
        if out.iter().any(|o| o.slug == *slug) {
            return Err(source.at(
                &g.slug,
                format!("[[groups]] slug {slug:?} is used by two groups"),
            ));
        }
        if g.name.get_ref().trim().is_empty() {
            return Err(source.at(
                &g.name,
                format!("[[groups]] {slug:?}: `name` must not be empty"),
            ));
        }
        let repo = match &g.repo {
            None => site_repo.clone(),
            Some(r) => Some(parse_repo(r.get_ref()).map_err(|why| {
                source.at(
                    r,
                    format!(
                        "[[groups]] {slug:?}: `repo` must be a GitHub repository \
                         `owner/repo`, found {:?}: {why}",
                        r.get_ref()
                    ),
                )
            })?),
        };
        let written = g.path.get_ref();
        let path = normalise_path(written).ok_or_else(|| {
            source.at(
                &g.path,
                format!(
                    "[[groups]] {slug:?}: `path` must be a folder inside content_dir (relative, \
                     without `..`), found {written:?}"
                ),
            )
        })?;
        if let Some(other) = out
            .iter()
            .find(|o| contains(&o.path, &path) || contains(&path, &o.path))
        {
            return Err(source.at(
                &g.path,
                format!(
                    "[[groups]] {slug:?}: `path` {written:?} overlaps group {:?} (path {:?}); \
                     every minutes file must belong to one group",
                    other.slug, other.path
                ),
            ));
        }
        if let Some(content) = content {
            let dir = content.join(&path);
            if !dir.is_dir() {
                return Err(source.at(
                    &g.path,
                    format!(
                        "[[groups]] {slug:?}: `path` {written:?} is not a folder under \
                         content_dir (looked for {})",
                        dir.display()
                    ),
                ));
            }
        }
        out.push(GroupConfig {
            slug: slug.clone(),
            name: g.name.get_ref().trim().to_string(),
            repo,
            path,
        });
    }
    Ok(out)
}

/// `./tsc/` → `tsc`, `a\b` → `a/b`, `.` → `` (the content folder itself); `None` for absolute
/// paths and paths with `..`.
fn normalise_path(path: &str) -> Option<String> {
    let path = path.trim().replace('\\', "/");
    if path.starts_with('/') || path.contains(':') {
        return None;
    }
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

/// Whether the folder `outer` holds the relative path `inner` (or is it).
pub fn contains(outer: &str, inner: &str) -> bool {
    outer.is_empty()
        || inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::error::Result;

    fn parse(toml: &str) -> Result<Config> {
        Config::parse(
            &format!("title = \"Org\"\nrepo = \"o/site\"\n{toml}"),
            "site.toml",
        )
    }

    const TWO: &str = "[[groups]]\nslug = \"tsc\"\nname = \"TSC\"\nrepo = \"o/TSC\"\npath = \"./tsc/\"\n\n[[groups]]\nslug = \"sec\"\nname = \"Security WG\"\npath = \"wg/security\"\n";

    #[test]
    fn groups_are_read_normalised_and_default_to_the_site_repo() {
        let c = parse(TWO).expect("valid");
        assert_eq!(c.groups.len(), 2);
        assert_eq!(c.groups[0].path, "tsc");
        assert_eq!(c.groups[0].repo, super::parse_repo("o/tsc").ok());
        assert_eq!(c.groups[1].repo, super::parse_repo("o/site").ok());
    }

    fn error(toml: &str) -> String {
        parse(toml).expect_err(toml).to_string()
    }

    #[test]
    fn bad_groups_are_errors_at_the_offending_value() {
        let dup = format!("{TWO}[[groups]]\nslug = \"tsc\"\nname = \"Again\"\npath = \"x\"\n");
        assert!(
            error(&dup).starts_with(
                "site.toml:14:8: error: [[groups]] slug \"tsc\" is used by two groups"
            ),
            "{}",
            error(&dup)
        );
        let slug = error("[[groups]]\nslug = \"Big WG\"\nname = \"B\"\npath = \"b\"\n");
        assert!(
            slug.starts_with("site.toml:4:8: error: [[groups]] `slug` must be lower-case"),
            "{slug}"
        );
        let up = error("[[groups]]\nslug = \"a\"\nname = \"A\"\npath = \"../a\"\n");
        assert!(up.starts_with("site.toml:6:8: error: [[groups]] \"a\": `path` must be a folder inside content_dir"), "{up}");
        let abs = error("[[groups]]\nslug = \"a\"\nname = \"A\"\npath = \"/srv/a\"\n");
        assert!(
            abs.contains("`path` must be a folder inside content_dir"),
            "{abs}"
        );
        let overlap =
            format!("{TWO}[[groups]]\nname = \"Inner\"\nslug = \"inner\"\npath = \"tsc/inner\"\n");
        assert!(
            error(&overlap).starts_with("site.toml:16:8: error: [[groups]] \"inner\": `path` \"tsc/inner\" overlaps group \"tsc\""),
            "{}",
            error(&overlap)
        );
        let whole = format!("{TWO}[[groups]]\nslug = \"all\"\nname = \"All\"\npath = \".\"\n");
        assert!(
            error(&whole).contains("overlaps group \"tsc\""),
            "{}",
            error(&whole)
        );
        let repo = error("[[groups]]\nslug = \"a\"\nname = \"A\"\nrepo = \"nope\"\npath = \"a\"\n");
        assert!(
            repo.starts_with(
                "site.toml:6:8: error: [[groups]] \"a\": `repo` must be a GitHub repository `owner/repo`"
            ),
            "{repo}"
        );
        let name = error("[[groups]]\nslug = \"a\"\nname = \" \"\npath = \"a\"\n");
        assert!(
            name.starts_with("site.toml:5:8: error: [[groups]] \"a\": `name` must not be empty"),
            "{name}"
        );
        let unknown =
            error("[[groups]]\nslug = \"a\"\nname = \"A\"\npath = \"a\"\ncolour = \"red\"\n");
        assert!(
            unknown.starts_with("site.toml:7:1: error: unknown field `colour` in [[groups]]"),
            "{unknown}"
        );
        let missing = error("[[groups]]\nslug = \"a\"\nname = \"A\"\n");
        assert!(missing.contains("missing field `path`"), "{missing}");
    }

    #[test]
    fn a_missing_group_folder_is_an_error_at_its_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("content/tsc")).expect("mkdir");
        let text = format!("title = \"Org\"\n{TWO}");
        std::fs::write(dir.path().join("site.toml"), &text).expect("write");
        let err = Config::load(dir.path())
            .expect_err("wg/security is missing")
            .to_string();
        assert!(
            err.contains("site.toml:11:8: error: [[groups]] \"sec\": `path` \"wg/security\" is not a folder under content_dir"),
            "{err}"
        );
        std::fs::create_dir_all(dir.path().join("content/wg/security")).expect("mkdir");
        assert!(Config::load(dir.path()).is_ok());
    }
}
