//! Live reload: build outcomes → what pages in the browser are told. Keeps the current build
//! status (a generation number and the errors of a failed build), which `/__wgsite/status`
//! answers and [`super::events`] streams to pages, and injects the script that listens for it
//! into HTML responses (never into the built files).

use crate::diag::Level;
use crate::error::Error;
use crate::Report;
use serde::Serialize;
use std::path::Path;
use tokio::sync::watch;

/// Everything the preview adds lives under this absolute path, outside the site's base path.
pub const PREFIX: &str = "/__wgsite/";
pub const SCRIPT_PATH: &str = "/__wgsite/live.js";
pub const STATUS: &str = "/__wgsite/status";
pub const EVENTS: &str = "/__wgsite/events";
/// The script injected into every HTML page the preview serves.
pub const SCRIPT: &str = include_str!("live.js");

/// One error of a failed build, as the overlay shows it; `line` and `col` are 0 when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildError {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// A build outcome as pages see it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Status {
    /// Counts build outcomes that pages should hear about; pages carry the one they were
    /// served at.
    pub generation: u64,
    /// Empty after a good build.
    pub errors: Vec<BuildError>,
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
    pub fn publish(&self, errors: Vec<BuildError>) {
        self.status.send_modify(|status| {
            status.generation += 1;
            status.errors = errors;
        });
    }

    /// Follows the status from now on.
    pub fn subscribe(&self) -> watch::Receiver<Status> {
        self.status.subscribe()
    }

    /// `{"generation":N,"ok":bool,"errors":[{path,line,col,message}…]}`
    pub fn status_json(&self) -> String {
        let status = self.status.borrow().clone();
        serde_json::json!({
            "generation": status.generation,
            "ok": status.errors.is_empty(),
            "errors": status.errors,
        })
        .to_string()
    }
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
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>wgsite serve</title>\
         </head>\n<body><h1>wgsite serve</h1><p>{text}</p></body></html>\n"
    )
}

/// The errors of a build whose report has error diagnostics.
pub fn errors_from_report(report: &Report) -> Vec<BuildError> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| BuildError {
            path: d.path.clone(),
            line: d.line,
            col: d.col,
            message: d.message.clone(),
        })
        .collect()
}

/// A build that failed as a whole (configuration, template, I/O), as one error whose path is
/// relative to `root` where it can be.
pub fn errors_from_error(error: &Error, root: &Path) -> Vec<BuildError> {
    let text = error.to_string();
    let relative = |path: &str| {
        let p = Path::new(path);
        p.strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| path.to_string())
    };
    let mut found = match error {
        Error::Io { path, .. } => BuildError {
            path: relative(&path.to_string_lossy()),
            line: 0,
            col: 0,
            message: text,
        },
        _ => parse_message(&text),
    };
    found.path = relative(&found.path);
    vec![found]
}

/// Splits `path:line:col: error: message` (configuration errors) or `path: error: message …
/// --> name:line:col` (template errors) into its parts; otherwise the whole text is the message.
fn parse_message(text: &str) -> BuildError {
    let first = text.lines().next().unwrap_or("");
    let strip = |rest: &str| {
        let rest = rest.strip_prefix("error: ").unwrap_or(rest);
        let tail = text.get(first.len()..).unwrap_or("");
        format!("{rest}{tail}")
    };
    for (i, _) in first.match_indices(": ") {
        let mut parts = first[..i].rsplitn(3, ':');
        if let (Some(col), Some(line), Some(path)) = (parts.next(), parts.next(), parts.next()) {
            if let (Ok(line), Ok(col)) = (line.parse(), col.parse()) {
                return BuildError {
                    path: path.to_string(),
                    line,
                    col,
                    message: strip(&first[i + 2..]),
                };
            }
        }
    }
    if let Some((path, rest)) = first.split_once(": ") {
        if !path.contains(' ') && (path.contains('/') || path.contains('.')) {
            let (line, col) = text
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "))
                .and_then(|loc| {
                    let mut parts = loc.trim().rsplitn(3, ':');
                    let col = parts.next()?.parse().ok()?;
                    let line = parts.next()?.parse().ok()?;
                    Some((line, col))
                })
                .unwrap_or((0, 0));
            return BuildError {
                path: path.to_string(),
                line,
                col,
                message: strip(rest),
            };
        }
    }
    BuildError {
        path: String::new(),
        line: 0,
        col: 0,
        message: text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn reads_the_place_of_a_configuration_error() {
        let root = Path::new("/site");
        let e = Error::Config(
            "/site/site.toml:2:1: error: unknown field `colour`\n     2 | colour = 1".into(),
        );
        assert_eq!(
            errors_from_error(&e, root),
            vec![BuildError {
                path: "site.toml".into(),
                line: 2,
                col: 1,
                message: "unknown field `colour`\n     2 | colour = 1".into(),
            }]
        );
    }

    #[test]
    fn reads_the_place_of_a_template_error() {
        let root = Path::new("/site");
        let e = Error::Template(
            "/site/templates/meeting.html: error: Found `</` but expected }}.\n --> meeting.html:3:21\n  |\n3 | <p>{{ x </p>"
                .into(),
        );
        let errors = errors_from_error(&e, root);
        assert_eq!(errors[0].path, "templates/meeting.html");
        assert_eq!((errors[0].line, errors[0].col), (3, 21));
        assert!(errors[0].message.starts_with("Found `</` but expected }}."));
        assert!(errors[0].message.contains("3 | <p>{{ x </p>"));
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
        live.publish(vec![BuildError {
            path: "site.toml".into(),
            line: 1,
            col: 2,
            message: "bad".into(),
        }]);
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
