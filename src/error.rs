//! The library's error type: every variant names the file it concerns, so `main` can report it
//! without context of its own.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// `site.toml` could not be read, is invalid or names a folder that is not there; the
    /// message starts with `path[:line:col]: error:`.
    Config(String),
    /// A file-system operation failed.
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A template failed to compile or render; the message names the template and line.
    Template(String),
    /// The search index could not be built.
    Search(String),
    /// The content has errors (already reported as diagnostics).
    Content { errors: usize },
    /// Writing the output failed; the message says what, and that the previous output is kept.
    Output { out: PathBuf, message: String },
    /// SIGINT or SIGTERM stopped the build; `written` when the new output was already in place.
    Interrupted { written: bool },
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(message) | Error::Template(message) | Error::Search(message) => {
                f.write_str(message)
            }
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "{}: cannot {}: {}", path.display(), action, source),
            Error::Output { out, message } => write!(f, "{}: error: {message}", out.display()),
            Error::Interrupted { written: false } => {
                f.write_str("interrupted: nothing was written; the previous output is unchanged")
            }
            Error::Interrupted { written: true } => {
                f.write_str("interrupted after the new output was in place")
            }
            Error::Content { errors } => write!(
                f,
                "the content has {} error{}; nothing was written",
                errors,
                if *errors == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
