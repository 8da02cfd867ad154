//! A bad `site.toml` stops the build (exit 1) with `site.toml:LINE:COL: error: …`, the line and a
//! caret; the previous output stays.

use super::Site;

#[test]
fn a_missing_site_toml_says_how_to_create_one() {
    let site = Site::new();
    site.remove("site.toml");
    snapshot!(site.fails());
}

#[test]
fn a_syntax_error_shows_the_line_and_column() {
    let site = Site::with_config("title = \"Bad input\"\nrepo = \"o/r\n[search]\nenabled = true\n");
    snapshot!(site.fails());
}

#[test]
fn an_unknown_key_is_named_with_the_closest_known_key() {
    let site = Site::with_config("title = \"Bad input\"\nbaseurl = \"https://example.org/wg/\"\n");
    snapshot!(site.fails());
}

#[test]
fn an_unknown_key_in_a_table_names_the_table() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[[initiatives]]\nslug = \"pm\"\nname = \"PM\"\nkeyword = [\"permission\"]\n",
    );
    snapshot!(site.fails());
}

#[test]
fn an_unknown_key_with_nothing_close_lists_the_known_keys() {
    let site = Site::with_config("title = \"Bad input\"\ncolour = \"red\"\n");
    snapshot!(site.fails());
}

#[test]
fn a_value_of_the_wrong_type_names_its_key() {
    let site = Site::with_config("title = \"Bad input\"\nallow_html = \"yes\"\n");
    snapshot!(site.fails());
}

#[test]
fn an_initiative_with_a_malformed_issue_reference_points_at_it() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[[initiatives]]\nslug = \"pm\"\nname = \"PM\"\nissues = [\"o/r#1\", \"o/r/2\"]\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_duplicate_initiative_slug_points_at_the_second_and_names_the_first() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[[initiatives]]\nslug = \"pm\"\nname = \"PM\"\n\n[[initiatives]]\nslug = \"pm\"\nname = \"Policy\"\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_base_url_that_is_not_a_url_gets_a_suggestion() {
    let site =
        Site::with_config("title = \"Bad input\"\nbase_url = \"nodejs.github.io/security-wg\"\n");
    snapshot!(site.fails());
}

#[test]
fn a_base_url_given_on_the_command_line_is_checked_too() {
    let site = Site::new();
    let mut cmd = site.command();
    cmd.args(["--base-url", "not a url"]);
    snapshot!(site.fails_with(cmd));
}

#[test]
fn a_missing_content_folder_says_what_to_do() {
    let site = Site::with_config("title = \"Bad input\"\ncontent_dir = \"minutes\"\n");
    snapshot!(site.fails());
}
