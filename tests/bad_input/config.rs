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
fn a_people_entry_that_maps_to_no_handle_points_at_it() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[people]\n\"Bert\" = \"piscisaureus\"\n\"Steven R. Loomis\" = \"Steven Loomis\"\n",
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

#[test]
fn an_unknown_table_is_named_as_a_table_with_the_closest_known_one() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[schedule2]\nevery = \"1 week\"\nstart = \"2024-01-04\"\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_key_with_two_letters_swapped_gets_a_suggestion() {
    let site = Site::with_config("titel = \"Bad input\"\n");
    snapshot!(site.fails());
}

#[test]
fn a_value_over_several_lines_is_marked_on_each() {
    let site = Site::with_config(
        "title = \"Bad input\"\nbase_url = \"\"\"\nnodejs.github.io/\nsecurity-wg\"\"\"\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_tab_before_the_value_keeps_the_mark_under_it() {
    let site = Site::with_config("title = \"Bad input\"\nrepo\t=\t\"o r\"\n");
    snapshot!(site.fails());
}

#[test]
fn wide_characters_keep_the_mark_under_the_value() {
    let site =
        Site::with_config("title = \"会議録\"\n\n[aliases]\n\"日本/議事録\" = \"作業部会 リポ\"\n");
    snapshot!(site.fails());
}

#[test]
fn a_missing_group_folder_points_at_its_path() {
    let site = Site::with_config(
        "title = \"Bad input\"\n\n[[groups]]\nslug = \"tsc\"\nname = \"TSC\"\npath = \"tsc\"\n",
    );
    snapshot!(site.fails());
}

#[test]
fn check_prints_a_configuration_error_as_one_json_line() {
    let site = Site::with_config("title = \"Bad input\"\nallow_html = \"yes\"\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wgsite"))
        .args(["check", "--format", "json"])
        .current_dir(site.root())
        .output()
        .expect("run wgsite");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let value: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON object");
    snapshot!(serde_json::to_string_pretty(&value).expect("json"));
}

#[test]
fn colour_is_added_only_when_asked_for() {
    let site = Site::with_config("title = \"Bad input\"\ncolour = \"red\"\n");
    let plain = site.fails();
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let mut forced = site.command();
    forced.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
    let coloured = site.fails_with(forced);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    let mut flag = site.command();
    flag.arg("--color=always");
    assert!(site.fails_with(flag).contains("\u{1b}["));
    let mut never = site.command();
    never
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .arg("--color=never");
    assert_eq!(site.fails_with(never), plain);
}

#[test]
fn a_theme_given_as_a_path_is_refused_at_its_place() {
    // A theme is a folder under themes/, named: never a way to read templates from elsewhere.
    let mut said = Vec::new();
    for theme in ["/abs", "../../x", "a/b"] {
        let site = Site::with_config(&format!(
            "title = \"Bad input\"\nrepo = \"o/r\"\ntheme = \"{theme}\"\n"
        ));
        said.push(site.fails());
    }
    snapshot!(said.join("\n\n"));
}
