//! The groups of a site (validated from `[[groups]]` by `config::groups`): which group a
//! minutes file belongs to (by the folder it sits in), and the folders the load stage walks. A
//! site without `[[groups]]` is one implicit group, [`SINGLE`], made of the whole content folder.

use crate::config::groups::contains;
pub use crate::config::groups::GroupConfig;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::error::Result;
use std::path::{Path, PathBuf};

/// The slug of the one group of a site without `[[groups]]` (what `group` says in its export).
pub const SINGLE: &str = "main";

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
/// a content folder), sorted by path. Files outside the groups' folders are not listed, nor
/// any inside `output` (the output folder, which a content folder at the site's root holds).
pub fn walk(
    config: &Config,
    content_dir: &Path,
    output: Option<&Path>,
) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    if config.groups.is_empty() {
        return crate::source::walk_skipping(content_dir, &config.content_dir, output);
    }
    let mut paths = Vec::new();
    let mut diags = Vec::new();
    for g in &config.groups {
        let shown = format!("{}/{}", config.content_dir.trim_end_matches('/'), g.path);
        let (p, d) = crate::source::walk_skipping(
            &content_dir.join(&g.path),
            shown.trim_end_matches('/'),
            output,
        )?;
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
    fn a_file_belongs_to_the_group_whose_folder_holds_it() {
        let c = parse(TWO).expect("valid");
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
}
