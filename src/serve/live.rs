//! Live reload: build outcomes → what pages in the browser are told. Keeps the current build
//! status (a generation number and the errors of a failed build), which `/__wgsite/status`
//! answers and [`super::events`] streams to pages, and injects the script that listens for it
//! into HTML responses (never into the built files).

use crate::diag::{render, Diagnostic, Level};
use crate::error::Error;
use crate::Report;
use std::path::Path;
use tokio::sync::watch;

/// Everything the preview adds lives under this absolute path, outside the site's base path.
pub const PREFIX: &str = "/__wgsite/";
pub const SCRIPT_PATH: &str = "/__wgsite/live.js";
pub const STATUS: &str = "/__wgsite/status";
pub const EVENTS: &str = "/__wgsite/events";
/// The script injected into every HTML page the preview serves.
pub const SCRIPT: &str = include_str!("live.js");

/// A build outcome as pages see it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Status {
    /// Counts build outcomes that pages should hear about; pages carry the one they were
    /// served at.
    pub generation: u64,
    /// Empty after a good build.
    pub errors: Vec<Diagnostic>,
}

/// The build status that pages follow: a watch channel, so every open event stream wakes on
/// a new outcome without a thread of its own.
#[derive(Debug)]
pub struct Live {
    status: watch::Sender<Status>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            status: watch::Sender::new(Status::default()),
        }
    }
}

impl Live {
    pub fn generation(&self) -> u64 {
        self.status.borrow().generation
    }

    pub fn has_errors(&self) -> bool {
        !self.status.borrow().errors.is_empty()
    }

    /// A new build outcome: no errors (pages reload) or the errors of a failed build (pages
    /// show them over the last good content).
    pub fn publish(&self, errors: Vec<Diagnostic>) {
        self.status.send_modify(|status| {
            status.generation += 1;
            status.errors = errors;
        });
    }

    /// Follows the status from now on.
    pub fn subscribe(&self) -> watch::Receiver<Status> {
        self.status.subscribe()
    }

    /// `{"generation":N,"ok":bool,"errors":[…]}`, each error as `check --format json` gives it
    /// (`path`, `line`, `col`, `message`, `rendered`, …).
    pub fn status_json(&self) -> String {
        let status = self.status.borrow().clone();
        serde_json::json!({
            "generation": status.generation,
            "ok": status.errors.is_empty(),
            "errors": errors_json(&status.errors),
        })
        .to_string()
    }
}

/// The errors of a failed build as the overlay receives them: each as `check --format json`
/// gives it.
pub fn errors_json(errors: &[Diagnostic]) -> serde_json::Value {
    serde_json::Value::Array(errors.iter().map(render::json_value).collect())
}

/// The page with the live-reload script before its last `</body>` (or at its end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}?g={generation}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(html.get(..at).unwrap_or(html));
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(html.get(at..).unwrap_or_default());
    out
}

/// The page served for a missing page when the site has no `404.html` (or nothing built yet).
pub fn fallback_page(nothing_built: bool) -> String {
    let text = if nothing_built {
        "Nothing is built yet: the site is being built, or its build failed (the errors are \
         shown here and in the terminal). This page reloads when a build succeeds."
    } else {
        "No page here."
    };
    // Under the same policy as the site's pages: the live-reload script is a file, so it runs.
    let policy = crate::render::views::CONTENT_SECURITY_POLICY;
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\
         <title>wgsite serve</title></head>\n<body><h1>wgsite serve</h1><p>{text}</p></body></html>\n"
    )
}

/// The errors of a build whose report has error diagnostics.
pub fn errors_from_report(report: &Report) -> Vec<Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .cloned()
        .collect()
}

/// A build that failed as a whole (configuration, template, I/O), as its diagnostics, with
/// paths relative to `root` where they can be.
pub fn errors_from_error(error: &Error, root: &Path) -> Vec<Diagnostic> {
    let mut found = error.diagnostics();
    for d in &mut found {
        if let Ok(relative) = Path::new(&d.path).strip_prefix(root) {
            d.path = relative.to_string_lossy().replace('\\', "/");
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_page_declares_the_sites_policy() {
        for nothing_built in [true, false] {
            let page = fallback_page(nothing_built);
            let meta = format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
                crate::render::views::CONTENT_SECURITY_POLICY
            );
            assert!(page.contains(&meta), "{page}");
            assert!(
                !page.contains("<script>") && !page.contains("style="),
                "{page}"
            );
        }
    }

    #[test]
    fn injects_the_script_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(html, 7)).expect("utf-8");
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__wgsite/live.js?g=7\"></script></body></html>"
        );
        let out = String::from_utf8(inject(b"<p>no body", 1)).expect("utf-8");
        assert!(out.ends_with("<p>no body<script src=\"/__wgsite/live.js?g=1\"></script>"));
        let out = String::from_utf8(inject(b"<BODY></BODY>", 2)).expect("utf-8");
        assert!(out.ends_with("</script></BODY>"));
    }

    #[test]
    fn a_failed_build_is_its_diagnostics_relative_to_the_site() {
        let root = Path::new("/site");
        let e = Error::config(Diagnostic::error_in(
            "/site/site.toml",
            "title = \"T\"\ncolour = 1\n",
            12..18,
            "config",
            "unknown field `colour`",
        ));
        let errors = errors_from_error(&e, root);
        assert_eq!(errors[0].path, "site.toml");
        assert_eq!((errors[0].line, errors[0].col), (2, 1));
        let status = Live::default();
        status.publish(errors);
        let json: serde_json::Value = serde_json::from_str(&status.status_json()).expect("json");
        let rendered = json["errors"][0]["rendered"].as_str().unwrap_or("");
        assert!(
            rendered.starts_with("site.toml:2:1: error: unknown field `colour`\n"),
            "{rendered}"
        );
        assert!(rendered.contains("2 | colour = 1"), "{rendered}");
    }

    #[test]
    fn other_errors_keep_their_whole_text() {
        let e = Error::Search("the search index failed: out of memory".into());
        let errors = errors_from_error(&e, Path::new("/site"));
        assert_eq!(errors[0].path, "");
        assert_eq!(errors[0].message, "the search index failed: out of memory");
    }

    #[test]
    fn a_new_outcome_moves_the_generation_and_the_status() {
        let live = Live::default();
        assert_eq!(live.generation(), 0);
        live.publish(vec![Diagnostic::error("site.toml", 1, 2, "config", "bad")]);
        assert_eq!(live.generation(), 1);
        let status: serde_json::Value = serde_json::from_str(&live.status_json()).expect("json");
        assert_eq!(status["ok"], false);
        assert_eq!(status["errors"][0]["path"], "site.toml");
        assert_eq!(status["errors"][0]["line"], 1);
        live.publish(Vec::new());
        assert_eq!(live.generation(), 2);
        assert!(!live.has_errors());
    }
}
