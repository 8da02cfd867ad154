//! GitHub owner and repository names, checked by GitHub's own rules where they enter the model.
//!
//! Owner and repository names become folders of the site (`/issues/OWNER/REPO/N/`), so a
//! name that is not one GitHub would accept (`..`, `a/b`, `.git`) must never exist as a value:
//! [`Owner`] and [`RepoName`] are made only by their validating constructors, and every
//! [`IssueRef`](super::IssueRef) holds them.

use serde::Serialize;
use std::fmt;
use std::ops::Deref;

/// GitHub's limit on an account (user or organisation) name.
pub const MAX_OWNER_LEN: usize = 39;
/// GitHub's limit on a repository name.
pub const MAX_REPO_LEN: usize = 100;

/// Why a string is not a GitHub owner or repository name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    /// What the string was meant to be.
    pub of: NameOf,
    pub problem: Problem,
}

/// The kind of name a [`NameError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOf {
    Owner,
    Repo,
    /// `owner/repo` as a whole.
    Path,
}

/// What is wrong with a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLong {
        max: usize,
    },
    /// A character GitHub does not allow in this kind of name.
    Character(char),
    LeadingHyphen,
    /// `.` or `..`: a path step, not a name.
    Dots,
    /// A repository name ending in `.git` (GitHub strips it: it names the same repository).
    GitSuffix,
    /// `owner/repo` without the slash.
    NoSlash,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let of = match self.of {
            NameOf::Owner => "the owner",
            NameOf::Repo => "the repository name",
            NameOf::Path => "it",
        };
        match &self.problem {
            Problem::Empty => write!(f, "{of} is empty"),
            Problem::TooLong { max } => write!(f, "{of} is longer than {max} characters"),
            Problem::Character(c) => write!(f, "{of} has {c:?}, which GitHub does not allow"),
            Problem::LeadingHyphen => write!(f, "{of} starts with a hyphen"),
            Problem::Dots => write!(f, "{of} is `.` or `..`, a path step"),
            Problem::GitSuffix => write!(f, "{of} ends in `.git`"),
            Problem::NoSlash => write!(f, "{of} is not `owner/repo`"),
        }
    }
}

/// A GitHub account name, lower-case (GitHub names are case-insensitive): ASCII letters,
/// digits and hyphens, not starting with a hyphen, at most 39 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Owner(String);

/// A GitHub repository name, lower-case: ASCII letters, digits, `.`, `_` and `-`, at most 100
/// characters, neither `.` nor `..`, not ending in `.git`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RepoName(String);

impl Owner {
    pub fn parse(s: &str) -> Result<Owner, NameError> {
        let fail = |problem| NameError {
            of: NameOf::Owner,
            problem,
        };
        check_length(s, MAX_OWNER_LEN).map_err(fail)?;
        if let Some(c) = s
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(fail(Problem::Character(c)));
        }
        if s.starts_with('-') {
            return Err(fail(Problem::LeadingHyphen));
        }
        Ok(Owner(s.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl RepoName {
    pub fn parse(s: &str) -> Result<RepoName, NameError> {
        let fail = |problem| NameError {
            of: NameOf::Repo,
            problem,
        };
        check_length(s, MAX_REPO_LEN).map_err(fail)?;
        if let Some(c) = s
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(fail(Problem::Character(c)));
        }
        if s == "." || s == ".." {
            return Err(fail(Problem::Dots));
        }
        let lower = s.to_ascii_lowercase();
        if lower.ends_with(".git") {
            return Err(fail(Problem::GitSuffix));
        }
        Ok(RepoName(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_length(s: &str, max: usize) -> Result<(), Problem> {
    match s.len() {
        0 => Err(Problem::Empty),
        n if n > max => Err(Problem::TooLong { max }),
        _ => Ok(()),
    }
}

/// `owner/repo` (surrounding whitespace ignored) → its two names, lower-case.
pub fn parse_repo_path(s: &str) -> Result<(Owner, RepoName), NameError> {
    let (o, r) = s.trim().split_once('/').ok_or(NameError {
        of: NameOf::Path,
        problem: Problem::NoSlash,
    })?;
    Ok((Owner::parse(o)?, RepoName::parse(r)?))
}

macro_rules! string_like {
    ($t:ty) => {
        impl Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

string_like!(Owner);
string_like!(RepoName);

#[cfg(test)]
mod tests {
    use super::*;

    fn problem<T: fmt::Debug>(r: Result<T, NameError>) -> Problem {
        r.expect_err("invalid").problem
    }

    #[test]
    fn owners_follow_githubs_rules() {
        assert_eq!(
            Owner::parse("NodeJS").map(|o| o.to_string()),
            Ok("nodejs".into())
        );
        assert!(Owner::parse("a-b-1").is_ok());
        assert!(Owner::parse(&"a".repeat(39)).is_ok());
        assert_eq!(
            problem(Owner::parse(&"a".repeat(40))),
            Problem::TooLong { max: 39 }
        );
        assert_eq!(problem(Owner::parse("")), Problem::Empty);
        assert_eq!(problem(Owner::parse("-a")), Problem::LeadingHyphen);
        for bad in ["..", ".", "a.b", "a_b", "a/b", "é", "a b", "%2e"] {
            assert!(Owner::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn repository_names_follow_githubs_rules() {
        for good in [
            "node",
            "nodejs.org",
            ".github",
            "a_b-c.d",
            "...",
            "..a",
            "x.gitx",
        ] {
            assert!(RepoName::parse(good).is_ok(), "{good:?}");
        }
        assert_eq!(problem(RepoName::parse("..")), Problem::Dots);
        assert_eq!(problem(RepoName::parse(".")), Problem::Dots);
        assert_eq!(problem(RepoName::parse(".git")), Problem::GitSuffix);
        assert_eq!(problem(RepoName::parse("a.GIT")), Problem::GitSuffix);
        assert_eq!(problem(RepoName::parse("a/b")), Problem::Character('/'));
        assert_eq!(problem(RepoName::parse("a\\b")), Problem::Character('\\'));
        assert_eq!(problem(RepoName::parse("")), Problem::Empty);
        assert!(RepoName::parse(&"r".repeat(100)).is_ok());
        assert!(RepoName::parse(&"r".repeat(101)).is_err());
    }

    #[test]
    fn repo_paths_need_both_names() {
        let (o, r) = parse_repo_path(" NodeJS/Security-WG ").expect("valid");
        assert_eq!((o.as_str(), r.as_str()), ("nodejs", "security-wg"));
        let error = |s: &str| parse_repo_path(s).expect_err(s).to_string();
        assert_eq!(error("nodejs"), "it is not `owner/repo`");
        assert_eq!(
            error("../.."),
            "the owner has '.', which GitHub does not allow"
        );
        assert_eq!(
            error("a/.."),
            "the repository name is `.` or `..`, a path step"
        );
        assert_eq!(
            error("a/b/c"),
            "the repository name has '/', which GitHub does not allow",
            "a path of three steps"
        );
    }
}
