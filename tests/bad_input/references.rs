//! References whose owner or repository GitHub would refuse (`..`, `.git`, a path): in minutes
//! they are text with a warning and make no page; in `site.toml` they stop the build at the
//! value. Nothing is written beside the output folder either way.

use super::Site;

/// Every entry of the site folder that is not what the test put there or the output.
fn strays(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .expect("site folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !matches!(n.as_str(), "site.toml" | "content" | "public"))
        .collect();
    names.sort();
    names
}

#[test]
fn references_to_no_github_repository_are_text_with_a_warning() {
    let site = Site::new();
    site.write(
        "content/2024-01-02.md",
        "# Meeting 2024-01-02\n\nsee https://github.com/../x/issues/9\n\n\
         * x [#1](https://github.com/../../issues/1)\n\
         * y ../..#4\n\
         * z a/..#13\n\
         * w a/.git#14\n\
         * v <https://github.com/-a/b/pull/15>\n\n\
         ### ../..\n\n\
         * u #2\n",
    );
    snapshot!(site.builds());
    assert_eq!(strays(&site), Vec::<String>::new());
    let mut issue_pages: Vec<String> = site
        .output()
        .into_keys()
        .filter(|p| p.starts_with("issues/") && p.ends_with("/index.html"))
        .filter(|p| {
            p.split('/')
                .nth(3)
                .is_some_and(|n| n.parse::<u64>().is_ok())
        })
        .collect();
    issue_pages.sort();
    // The good meeting's `o/r#1`, and `#2` under the refused heading, in the group's repo.
    assert_eq!(
        issue_pages,
        ["issues/o/r/1/index.html", "issues/o/r/2/index.html"]
    );
    let page = site.page("meetings/2024-01-02/index.html");
    assert!(page.contains("../..#4"), "shown as text");
}

#[test]
fn an_alias_to_no_repository_stops_the_build_at_the_value() {
    let site = Site::with_config(
        "title = \"Bad input\"\nrepo = \"o/r\"\n\n[aliases]\n\"o/r\" = \"../..\"\n",
    );
    snapshot!(site.fails());
    assert_eq!(strays(&site), Vec::<String>::new());
}

#[test]
fn an_initiative_issue_in_no_repository_stops_the_build_at_the_value() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[[initiatives]]\nslug = \"pm\"\nname = \"PM\"\nissues = [\"o/r#1\", \"a/.git#2\"]\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_group_repo_that_is_no_repository_stops_the_build_at_the_value() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[[groups]]\nslug = \"g\"\nname = \"G\"\npath = \".\"\nrepo = \"o/..\"\n",
    );
    snapshot!(site.fails());
}
