//! Links that could run script (`javascript:`, `vbscript:`, `data:`, however spelled): in
//! minutes they are shown as text with a warning, on every page; in `site.toml` (a schedule's
//! `url`, an initiative's description) they stop the build at the value.

use super::Site;

/// Every spelling of a script link the minutes try, one per line.
const HOSTILE: &str = "# Meeting 2024-01-02\n\n## Agenda\n\n\
    * Item [#2](https://github.com/o/r/issues/2)\n\
    \x20 * [x](javascript:alert(1))\n\
    \x20 * <javascript:alert(2)>\n\
    \x20 * [e](&#106;avascript:alert(3))\n\
    \x20 * [j](JaVaScRiPt:alert(4))\n\
    \x20 * [v](vbscript:msgbox(5))\n\
    \x20 * [d](data:text/html,<script>alert(6)</script>)\n\
    \x20 * ![i](javascript:alert(7))\n\
    \x20 * [r][def] and [ok](https://example.org/)\n\n\
    [def]: JavaScript:alert(8)\n";

#[test]
fn script_links_in_minutes_are_text_with_a_warning() {
    let site = Site::new();
    site.write("content/2024-01-02.md", HOSTILE);
    snapshot!(site.builds());
    for (path, bytes) in site.output() {
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for attr in ["href=\"", "src=\"", "href='", "src='"] {
            for scheme in ["javascript", "vbscript", "data:", "&#106;"] {
                assert!(
                    !text.contains(&format!("{attr}{scheme}")),
                    "{path} links to {scheme}"
                );
            }
        }
    }
    let meeting = site.page("meetings/2024-01-02/index.html");
    assert!(
        meeting.contains("[x](javascript:alert(1))"),
        "shown as written"
    );
    assert!(meeting.contains("<a href=\"https://example.org/\">ok</a>"));
    assert!(site
        .page("issues/o/r/2/index.html")
        .contains("[x](javascript:alert(1))"));
}

#[test]
fn a_script_url_in_the_schedule_stops_the_build_at_the_value() {
    let site = Site::with_config(
        "title = \"Bad input\"\nrepo = \"o/r\"\n\n[schedule]\nevery = \"week\"\nweekday = \"monday\"\n\
         time = \"10:00\"\ntimezone = \"UTC\"\nstart = \"2024-01-01\"\nurl = \"JaVa\\tScRiPt:alert(1)\"\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_script_link_in_an_initiative_description_stops_the_build_at_the_value() {
    let site = Site::with_config(
        "title = \"Bad input\"\nrepo = \"o/r\"\n\n[[initiatives]]\nslug = \"pm\"\nname = \"PM\"\n\
         description = \"See [the plan](&#106;avascript:alert(1)).\"\nissues = [\"o/r#1\"]\n",
    );
    snapshot!(site.fails());
}
