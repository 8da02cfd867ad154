//! `[[groups]]` of an org-wide site → validated [`GroupConfig`]s; which group a minutes file
//! belongs to (by the folder it sits in); and the folders the load stage walks. A site without
//! `[[groups]]` is one implicit group, [`SINGLE`], made of the whole content folder.

use crate::config::{parse_repo, Config};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The slug of the one group of a site without `[[groups]]` (what `group` says in its export).
pub const SINGLE: &str = "main";

/// One `[[groups]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    slug: String,
    name: String,
    repo: Option<String>,
    path: String,
}

/// One group of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupConfig {
    /// URL segment: lower-case letters, digits and dashes; unique.
    pub slug: String,
    pub name: String,
    /// Bare `#N` in this group's minutes resolves here (the site's `repo` when not given).
    pub repo: Option<(String, String)>,
    /// The group's folder relative to the content folder, `/`-separated, without leading or
    /// trailing slashes; empty for the whole content folder.
    pub path: String,
}

/// Validates `[[groups]]`: slugs URL-safe and unique, `repo` like `owner/repo`, paths relative
/// and inside the content folder, no path inside another (a file must belong to one group).
/// `text` and `label` locate the offending key for the message.
pub fn validate(
    raw: Vec<RawGroup>,
    site_repo: &Option<(String, String)>,
    text: &str,
    label: &str,
) -> Result<Vec<GroupConfig>> {
    let mut out: Vec<GroupConfig> = Vec::with_capacity(raw.len());
    for (n, g) in raw.into_iter().enumerate() {
        let at = |key: &str| format!("{label}:{}:1: error: [[groups]]", key_line(text, n, key));
        if g.slug.is_empty() || crate::model::slugify(&g.slug) != g.slug {
            return Err(Error::Config(format!(
                "{} `slug` must be lower-case letters, digits and dashes (it is a URL segment), found {:?}",
                at("slug"),
                g.slug
            )));
        }
        if out.iter().any(|o| o.slug == g.slug) {
            return Err(Error::Config(format!(
                "{} slug {:?} is used by two groups",
                at("slug"),
                g.slug
            )));
        }
        if g.name.trim().is_empty() {
            return Err(Error::Config(format!(
                "{} {:?}: `name` must not be empty",
                at("name"),
                g.slug
            )));
        }
        let repo = match g.repo.as_deref() {
            None => site_repo.clone(),
            Some(r) => Some(parse_repo(r).ok_or_else(|| {
                Error::Config(format!(
                    "{} {:?}: `repo` must look like `owner/repo`, found {:?}",
                    at("repo"),
                    g.slug,
                    r
                ))
            })?),
        };
        let path = normalise_path(&g.path).ok_or_else(|| {
            Error::Config(format!(
                "{} {:?}: `path` must be a folder inside content_dir (relative, without `..`), found {:?}",
                at("path"),
                g.slug,
                g.path
            ))
        })?;
        if let Some(other) = out
            .iter()
            .find(|o| contains(&o.path, &path) || contains(&path, &o.path))
        {
            return Err(Error::Config(format!(
                "{} {:?}: `path` {:?} overlaps group {:?} (path {:?}); every minutes file must belong to one group",
                at("path"),
                g.slug,
                g.path,
                other.slug,
                other.path
            )));
        }
        out.push(GroupConfig {
            slug: g.slug,
            name: g.name.trim().to_string(),
            repo,
            path,
        });
    }
    Ok(out)
}

/// Checks that every group's folder exists under the content folder of the site at `root`.
pub fn check_folders(config: &Config, root: &Path, text: &str, label: &str) -> Result<()> {
    let content = root.join(&config.content_dir);
    for (n, g) in config.groups.iter().enumerate() {
        let dir = content.join(&g.path);
        if !dir.is_dir() {
            return Err(Error::Config(format!(
                "{label}:{}:1: error: [[groups]] {:?}: `path` {:?} is not a folder under content_dir (looked for {})",
                key_line(text, n, "path"),
                g.slug,
                g.path,
                dir.display()
            )));
        }
    }
    Ok(())
}

/// The 1-based line of `key` in the `n`-th `[[groups]]` table (the table's header when the key
/// is not written there).
fn key_line(text: &str, n: usize, key: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some(header) = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[groups]]")
        .map(|(i, _)| i)
        .nth(n)
    else {
        return 1;
    };
    lines
        .iter()
        .enumerate()
        .skip(header + 1)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(header + 1, |(i, _)| i + 1)
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
fn contains(outer: &str, inner: &str) -> bool {
    outer.is_empty()
        || inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The site's groups: the `[[groups]]` entries, or the one implicit group of a single-group
/// site (the whole content folder, the site's title and repo).
pub fn effective(config: &Config) -> Vec<GroupConfig> {
    if !config.groups.is_empty() {
        return config.groups.clone();
    }
    vec![GroupConfig {
        slug: SINGLE.to_string(),
        name: config.title.clone(),
        repo: config.repo.clone(),
        path: String::new(),
    }]
}

/// The index in `groups` of the group whose folder holds `rel_path` (relative to the content
/// folder); `None` for a file outside every group's folder, which is not part of the site.
pub fn index_of(groups: &[GroupConfig], rel_path: &str) -> Option<usize> {
    groups.iter().position(|g| contains(&g.path, rel_path))
}

/// Lists the minutes files of every group (each group's folder walked as `source::walk` walks
/// a content folder), sorted by path. Files outside the groups' folders are not listed.
pub fn walk(config: &Config, content_dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    if config.groups.is_empty() {
        return crate::source::walk(content_dir, &config.content_dir);
    }
    let mut paths = Vec::new();
    let mut diags = Vec::new();
    for g in &config.groups {
        let shown = format!("{}/{}", config.content_dir.trim_end_matches('/'), g.path);
        let (p, d) = crate::source::walk(&content_dir.join(&g.path), shown.trim_end_matches('/'))?;
        paths.extend(p);
        diags.extend(d);
    }
    paths.sort();
    Ok((paths, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(c.groups[0].repo, Some(("o".into(), "tsc".into())));
        assert_eq!(c.groups[1].repo, Some(("o".into(), "site".into())));
        assert_eq!(index_of(&c.groups, "wg/security/2024-01-01.md"), Some(1));
        assert_eq!(index_of(&c.groups, "tsc/2024/01.md"), Some(0));
        assert_eq!(index_of(&c.groups, "tscx/2024-01-01.md"), None);
        assert_eq!(index_of(&c.groups, "README.md"), None);
    }

    #[test]
    fn a_site_without_groups_is_one_group_of_everything() {
        let c = parse("").expect("valid");
        let g = effective(&c);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].slug, SINGLE);
        assert_eq!(index_of(&g, "any/where.md"), Some(0));
    }

    fn error(toml: &str) -> String {
        parse(toml).expect_err(toml).to_string()
    }

    #[test]
    fn bad_groups_are_errors_naming_the_file_line_and_key() {
        let dup = format!("{TWO}[[groups]]\nslug = \"tsc\"\nname = \"Again\"\npath = \"x\"\n");
        assert!(
            error(&dup).starts_with(
                "site.toml:14:1: error: [[groups]] slug \"tsc\" is used by two groups"
            ),
            "{}",
            error(&dup)
        );
        let slug = error("[[groups]]\nslug = \"Big WG\"\nname = \"B\"\npath = \"b\"\n");
        assert!(
            slug.starts_with("site.toml:4:1: error: [[groups]] `slug` must be lower-case"),
            "{slug}"
        );
        let up = error("[[groups]]\nslug = \"a\"\nname = \"A\"\npath = \"../a\"\n");
        assert!(up.starts_with("site.toml:6:1: error: [[groups]] \"a\": `path` must be a folder inside content_dir"), "{up}");
        let abs = error("[[groups]]\nslug = \"a\"\nname = \"A\"\npath = \"/srv/a\"\n");
        assert!(
            abs.contains("`path` must be a folder inside content_dir"),
            "{abs}"
        );
        let overlap =
            format!("{TWO}[[groups]]\nname = \"Inner\"\nslug = \"inner\"\npath = \"tsc/inner\"\n");
        assert!(
            error(&overlap).starts_with("site.toml:16:1: error: [[groups]] \"inner\": `path` \"tsc/inner\" overlaps group \"tsc\""),
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
                "site.toml:6:1: error: [[groups]] \"a\": `repo` must look like `owner/repo`"
            ),
            "{repo}"
        );
        let unknown =
            error("[[groups]]\nslug = \"a\"\nname = \"A\"\npath = \"a\"\ncolour = \"red\"\n");
        assert!(unknown.contains("unknown field `colour`"), "{unknown}");
        let missing = error("[[groups]]\nslug = \"a\"\nname = \"A\"\n");
        assert!(missing.contains("missing field `path`"), "{missing}");
    }

    #[test]
    fn a_missing_group_folder_is_an_error_naming_the_path_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("content/tsc")).expect("mkdir");
        let text = format!("title = \"Org\"\n{TWO}");
        std::fs::write(dir.path().join("site.toml"), &text).expect("write");
        let err = Config::load(dir.path())
            .expect_err("wg/security is missing")
            .to_string();
        assert!(
            err.contains("site.toml:11:1: error: [[groups]] \"sec\": `path` \"wg/security\" is not a folder under content_dir"),
            "{err}"
        );
        std::fs::create_dir_all(dir.path().join("content/wg/security")).expect("mkdir");
        assert!(Config::load(dir.path()).is_ok());
    }
}
