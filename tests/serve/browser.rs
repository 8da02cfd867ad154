//! Live reload in headless Chromium (`tests/browser/reload.mjs`): an edit reloads the open
//! page by itself; a broken `site.toml` shows its error in an overlay over the last good page,
//! readable in the light and the dark colour scheme; fixing it takes the overlay away.

use super::{Preview, MEETING};
use crate::common::browser::run_browser_script;
use serde_json::Value;

#[test]
fn a_page_reloads_itself_after_an_edit_and_shows_build_errors_in_a_browser() {
    let preview = Preview::start(&[]);
    let url = format!("http://{}{MEETING}", preview.addr);
    let minutes = preview.site().join("content/2024-03-07.md");
    let config = preview.site().join("site.toml");
    let Some(report) = run_browser_script(
        "reload.mjs",
        &[&url, &minutes.to_string_lossy(), &config.to_string_lossy()],
    ) else {
        return;
    };
    eprintln!("serve: browser edit-to-reload {}", report["reloadMs"]);
    assert_eq!(report["errors"], Value::Array(vec![]), "{report}");
    assert_eq!(report["reloaded"], true, "{report}");
    assert!(
        report["overlayPlace"]
            .as_str()
            .unwrap_or("")
            .starts_with("site.toml:"),
        "{report}"
    );
    assert!(
        report["overlay"]
            .as_str()
            .unwrap_or("")
            .contains("unknown field `colour`"),
        "{report}"
    );
    assert_eq!(report["stillGood"], true, "{report}");
    // Readable in both colour schemes: WCAG AA for normal text.
    for scheme in ["light", "dark"] {
        let worst = &report["overlayContrast"][scheme];
        let ratio = worst["ratio"].as_f64().unwrap_or(0.0);
        eprintln!("serve: overlay contrast ({scheme}) at least {ratio:.1}:1");
        assert!(ratio >= 4.5, "{scheme}: {worst}");
    }
    assert_eq!(report["overlayOnOpen"], true, "{report}");
    assert_eq!(report["dismissed"], true, "{report}");
    assert_eq!(report["fixed"], true, "{report}");
}
