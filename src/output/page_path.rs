//! The output layer's own check of every page path, whatever made it: a path is written only
//! when it is a plain relative path that stays inside the output. References and names from
//! the minutes are validated where they enter the model; this is the second line, so that a
//! path made from input by a mistake anywhere upstream is an error naming the page instead of
//! a file written beside (or far above) the site.

use crate::error::Error;
use std::path::{Component, Path, PathBuf};

/// Why `path` is not a plain relative path inside the output, or `None` when it is one:
/// `/`-separated segments, none empty, `.` or `..`, no absolute start or drive prefix, no NUL
/// and no backslash (a folder separator on Windows, and never part of a page's name); on
/// Windows also no device name and no segment ending in a dot or a space.
pub fn refusal(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("it is empty");
    }
    if path.contains('\0') {
        return Some("it holds a NUL character");
    }
    if path.contains('\\') {
        return Some("it holds a backslash, which Windows reads as a folder separator");
    }
    if path.starts_with('/') {
        return Some("it is absolute");
    }
    let first = path.split('/').next().unwrap_or_default();
    let bytes = first.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Some("it starts with a drive prefix");
    }
    for segment in path.split('/') {
        match segment {
            "" => return Some("it has an empty segment"),
            "." | ".." => return Some("it has a `.` or `..` segment"),
            _ if cfg!(windows) => {
                if let Some(why) = windows_refusal(segment) {
                    return Some(why);
                }
            }
            _ => {}
        }
    }
    // The platform's own reading of it must agree: nothing but plain names.
    if !Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Some("it is not a plain relative path on this system");
    }
    None
}

/// Why Windows would not take `segment` as the plain name it is elsewhere: it drops a trailing
/// dot or space (so `..` could be reached, or two pages share a file), and names such as `CON`
/// or `nul.txt` open a device, not a file.
fn windows_refusal(segment: &str) -> Option<&'static str> {
    if segment.ends_with(['.', ' ']) {
        return Some("a segment ends with a dot or a space, which Windows drops");
    }
    let stem = segment.split('.').next().unwrap_or_default();
    let upper = stem.trim_end().to_ascii_uppercase();
    let numbered = |prefix: &str| {
        upper
            .strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    if matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL") || numbered("COM") || numbered("LPT")
    {
        return Some("a segment is a device name on Windows");
    }
    None
}

/// The error for a page whose path [`refusal`] refuses: it names the page (as given, with
/// control characters escaped so the message cannot draw on the terminal) and why.
pub fn refused(path: &str, why: &str) -> Error {
    Error::Output {
        out: PathBuf::from(path.escape_debug().to_string()),
        message: format!(
            "refused to write this page: its path is not a plain relative path inside the \
             output ({why}); nothing outside the output is ever written"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_pass() {
        for ok in [
            "index.html",
            ".nojekyll",
            "issues/o/r/1/index.html",
            "pagefind/fragment/en_1.pf_fragment",
            "people/a..b/index.html",
            "ab:c/index.html",
        ] {
            assert_eq!(refusal(ok), None, "{ok}");
        }
    }

    #[test]
    fn every_other_shape_is_refused() {
        for (bad, why) in [
            ("", "empty"),
            ("../1/index.html", "`..`"),
            ("issues/../../1/index.html", "`..`"),
            ("issues/o/..", "`..`"),
            ("./index.html", "`.`"),
            ("/etc/passwd", "absolute"),
            ("//host/share", "absolute"),
            ("a//b", "empty segment"),
            ("a/b/", "empty segment"),
            ("a\0b", "NUL"),
            ("..\\..\\x", "backslash"),
            ("issues\\o", "backslash"),
            ("C:/x", "drive"),
            ("c:x", "drive"),
        ] {
            let message = refusal(bad).unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(message.contains(why), "{bad:?}: {message}");
        }
    }

    #[test]
    fn names_windows_would_read_otherwise_are_told() {
        for bad in ["CON", "nul.txt", "Com1.html", "lpt9", "x.", "y ", "..."] {
            assert!(windows_refusal(bad).is_some(), "{bad:?}");
        }
        for ok in [
            "index.html",
            "console",
            "com10",
            "a.b",
            "nul_x",
            "prn-notes",
        ] {
            assert_eq!(windows_refusal(ok), None, "{ok:?}");
        }
    }

    #[test]
    fn the_error_names_the_page() {
        let text = refused("../../1/index.html", "it has a `.` or `..` segment").to_string();
        assert!(
            text.starts_with("../../1/index.html: error: refused to write this page"),
            "{text}"
        );
        // A control character cannot reach the terminal as it is.
        let text = refused("a\u{1b}[2J", "x").to_string();
        assert!(!text.contains('\u{1b}'), "{text}");
    }
}
