//! Issue references in a line of markdown, in every shape note-takers write them: markdown links
//! to issue/PR/discussion URLs, bare and autolinked URLs (with or without scheme, `/files`,
//! `#issuecomment-…`), `owner/repo#N`, `repo#N` and bare `#N`. Pure: text in, [`Found`] out.
//! A reference whose owner or repository is not a GitHub name (`../..#4`, `a/.git#1`) is no
//! reference: [`rejected`] lists those, for a warning.

mod delims;

use crate::model::{IssueRef, NameError, Owner, RefKind, RepoName};
use delims::Delims;
use std::collections::BTreeMap;
use std::ops::Range;

/// How short references are resolved and repo names canonicalised.
#[derive(Debug, Clone, Default)]
pub struct Resolver<'a> {
    /// Lower-case `owner/repo` → the names it was renamed to.
    pub aliases: Option<&'a BTreeMap<String, (Owner, RepoName)>>,
    /// The repo a bare `#N` means here (the enclosing repo heading, else the group's repo).
    pub default_repo: Option<(Owner, RepoName)>,
}

impl Resolver<'_> {
    /// The reference `owner/repo#number` as written, renamed through the aliases; an error
    /// when either name is not one GitHub allows.
    fn make(
        &self,
        owner: &str,
        repo: &str,
        number: u64,
        kind: RefKind,
    ) -> Result<IssueRef, NameError> {
        let written = IssueRef::parse(owner, repo, number, kind)?;
        // Most sites rename nothing: then no key is made.
        let renamed = self
            .aliases
            .filter(|a| !a.is_empty())
            .and_then(|a| a.get(&written.repo_key()));
        Ok(match renamed {
            Some((o, r)) => IssueRef::new(o.clone(), r.clone(), number, kind),
            None => written,
        })
    }

    /// A bare `#N` (or `repo#N`, with `repo` given) in the default repo.
    fn make_default(&self, repo: Option<&str>, number: u64) -> Option<Result<IssueRef, NameError>> {
        let (o, r) = self.default_repo.as_ref()?;
        Some(match repo {
            Some(repo) => self.make(o, repo, number, RefKind::Issue),
            None => self.make(o, r, number, RefKind::Issue),
        })
    }
}

/// The shape a reference was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `[text](https://github.com/o/r/issues/N)`
    Link,
    /// `https://github.com/o/r/issues/N`, `<https://…>` or `github.com/o/r/issues/N`
    Url,
    /// `owner/repo#N` or `repo#N`
    Qualified,
    /// `#N`
    Short,
}

/// One reference found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub reference: IssueRef,
    /// Byte range in the line, including link brackets or autolink angle brackets.
    pub span: Range<usize>,
    pub form: Form,
    /// For links: the link text when it names a different number than the URL.
    pub text_mismatch: Option<String>,
    /// For links: the link text.
    pub link_text: Option<String>,
}

/// Something written as an issue reference whose owner or repository is not a GitHub name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Byte range in the line of what was written.
    pub span: Range<usize>,
    /// Why the names are not GitHub's.
    pub why: NameError,
}

/// A GitHub issue/PR/discussion URL's parts, the names as written (not yet validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubUrl<'s> {
    pub owner: &'s str,
    pub repo: &'s str,
    pub number: u64,
    pub kind: RefKind,
    /// Bytes consumed, up to and including the number.
    pub len: usize,
}

/// Parses a GitHub issue/PR/discussion URL (scheme optional) at the start of `s`; returns the
/// parts. The names are only roughly shaped here (`..` passes): [`Resolver`] validates them.
pub fn parse_github_url(s: &str) -> Option<GithubUrl<'_>> {
    let mut rest = s;
    for scheme in ["https://", "http://"] {
        if let Some(r) = rest.strip_prefix(scheme) {
            rest = r;
            break;
        }
    }
    rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest = rest.strip_prefix("github.com/")?;
    let mut parts = rest.splitn(4, '/');
    let owner = parts.next()?;
    let repo = parts.next()?;
    let kind = match parts.next()? {
        "issues" => RefKind::Issue,
        "pull" | "pulls" => RefKind::Pull,
        "discussions" => RefKind::Discussion,
        _ => return None,
    };
    let tail = parts.next()?;
    let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !is_name(owner) || !is_name(repo) {
        return None;
    }
    let number: u64 = tail.get(..digits)?.parse().ok()?;
    Some(GithubUrl {
        owner,
        repo,
        number,
        kind,
        len: s.len() - tail.len() + digits,
    })
}

/// The characters a name is made of, roughly: what is recognised as an attempt at a name, to
/// be validated or reported.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn is_url_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '`' | ')' | ']')
}

/// The bytes [`find`] looks at: a code span, a link, an autolink, a bare URL
/// (`http`, `github.com`, `www.github.com`) and a `#` reference.
const MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    let starts = *b"`[<hgw#";
    let mut k = 0;
    while k < starts.len() {
        table[starts[k] as usize] = true;
        k += 1;
    }
    table
};

/// Every reference in `line`, left to right, not overlapping.
pub fn find(line: &str, resolver: &Resolver) -> Vec<Found> {
    let mut found = Vec::new();
    walk(line, resolver, |r| {
        if let Ok(f) = r {
            found.push(f);
        }
    });
    found
}

/// What `line` writes as an issue reference but names no GitHub repository (`../..#4`,
/// `github.com/a/.git/issues/1`): [`find`] leaves these out; the parser warns about them.
pub fn rejected(line: &str, resolver: &Resolver) -> Vec<Rejected> {
    let mut rejected = Vec::new();
    walk(line, resolver, |r| {
        if let Err(e) = r {
            rejected.push(e);
        }
    });
    rejected
}

/// A reference made from the names written at `span`, or why it is none.
type Made = Result<Found, Rejected>;

fn made(reference: Result<IssueRef, NameError>, span: Range<usize>, form: Form) -> Made {
    match reference {
        Ok(reference) => Ok(Found {
            reference,
            span,
            form,
            text_mismatch: None,
            link_text: None,
        }),
        Err(why) => Err(Rejected { span, why }),
    }
}

/// Walks `line` left to right, handing each reference (or rejected one) to `emit`.
fn walk(line: &str, resolver: &Resolver, mut emit: impl FnMut(Made)) {
    let mut delims = Delims::new(line);
    let mut i = 0;
    while i < line.len() {
        // Jump to the next byte that can start something below; they are all ASCII, so the
        // byte found is a character boundary. Most of a line starts nothing.
        match line.as_bytes()[i..]
            .iter()
            .position(|&b| MAY_START[usize::from(b)])
        {
            Some(skip) => i += skip,
            None => break,
        }
        let rest = &line[i..];
        if rest.starts_with('`') {
            // Code spans are code, not references.
            let ticks = rest.bytes().take_while(|&b| b == b'`').count();
            let fence = &rest[..ticks];
            i += ticks + rest[ticks..].find(fence).map_or(0, |e| e + ticks);
            continue;
        }
        if rest.starts_with('[') {
            if let Some((f, len)) = link_at(line, i, &mut delims, resolver) {
                if let Some(f) = f {
                    emit(f);
                }
                i += len;
                continue;
            }
        }
        if rest.starts_with('<') {
            if let Some(end) = delims.next_angle(i).map(|a| a - i) {
                if let Some(u) = parse_github_url(&rest[1..end]) {
                    if rest[1 + u.len..end].chars().all(is_url_char) {
                        let reference = resolver.make(u.owner, u.repo, u.number, u.kind);
                        emit(made(reference, i..i + end + 1, Form::Url));
                        i += end + 1;
                        continue;
                    }
                }
            }
        }
        let at_word_start =
            i == 0 || !line[..i].ends_with(|c: char| c.is_alphanumeric() || c == '/' || c == '.');
        if at_word_start
            && (rest.starts_with("http")
                || rest.starts_with("github.com")
                || rest.starts_with("www.github.com"))
        {
            let url_len = rest.find(|c: char| !is_url_char(c)).unwrap_or(rest.len());
            if let Some(u) = parse_github_url(&rest[..url_len]) {
                let reference = resolver.make(u.owner, u.repo, u.number, u.kind);
                emit(made(reference, i..i + url_len, Form::Url));
            }
            i += url_len.max(1);
            continue;
        }
        if rest.starts_with('#') {
            if let Some((f, len)) = hash_ref_at(line, i, resolver) {
                emit(f);
                i += len;
                continue;
            }
        }
        // The byte at `i` is ASCII: one byte is one character.
        i += 1;
    }
}

/// A markdown link at `start`: `Some((Some(found), len))` for an issue link, `Some((None, len))`
/// for another link (skipped whole), `None` when this `[` opens no link.
fn link_at(
    line: &str,
    start: usize,
    delims: &mut Delims,
    resolver: &Resolver,
) -> Option<(Option<Made>, usize)> {
    let rest = &line[start..];
    // The closing bracket, nested brackets and escapes allowed.
    let close = delims.bracket_close(start)? - start;
    let after = &rest[close + 1..];
    let inner = after.strip_prefix('(')?;
    let end = delims.next_paren(start + close + 2)? - (start + close + 2);
    let target = inner[..end].trim();
    let target = target.split_whitespace().next().unwrap_or("");
    let target = target.trim_start_matches('<').trim_end_matches('>');
    let len = close + 1 + 1 + end + 1;
    let text = &rest[1..close];
    let Some(u) = parse_github_url(target) else {
        return Some((None, len));
    };
    let mismatch = number_in_text(text)
        .filter(|&t| t != u.number)
        .map(|_| text.to_string());
    let reference = resolver.make(u.owner, u.repo, u.number, u.kind);
    let found = made(reference, start..start + len, Form::Link).map(|f| Found {
        text_mismatch: mismatch,
        link_text: Some(text.to_string()),
        ..f
    });
    Some((Some(found), len))
}

/// The number a link text names: `#993`, `993`, `security-wg#993`, `nodejs/node#5`.
fn number_in_text(text: &str) -> Option<u64> {
    let t = text.trim().trim_start_matches('\\');
    let digits = match t.rfind('#') {
        Some(h) => &t[h + 1..],
        None => t,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `#N`, `repo#N` or `owner/repo#N` whose `#` is at `hash`.
fn hash_ref_at(line: &str, hash: usize, resolver: &Resolver) -> Option<(Made, usize)> {
    let after = &line[hash + 1..];
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || after[digits..].starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let number: u64 = after[..digits].parse().ok()?;
    let end = hash + 1 + digits;
    // Walk back over `owner/repo` characters glued to the `#`.
    let before = &line[..hash];
    let name_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let glued = &before[name_start..];
    let prefix = glued.trim_start_matches(['.', '/']);
    // Dots or a slash before a name are punctuation (`…#5`, `é/x#5`), but a path step
    // (`../..#4`, `./a/b#4`) is an attempt at a repository that is none.
    let punctuation = &glued[..glued.len() - prefix.len()];
    if punctuation.contains('.') && punctuation.contains('/') {
        let why = crate::model::parse_repo_path(glued)
            .err()
            .unwrap_or(NameError {
                of: crate::model::NameOf::Path,
                problem: crate::model::Problem::Dots,
            });
        let rejected = Rejected {
            span: name_start..end,
            why,
        };
        return Some((Err(rejected), 1 + digits));
    }
    let prefix_start = hash - prefix.len();
    let (reference, start, form) = if prefix.is_empty() {
        (resolver.make_default(None, number)?, hash, Form::Short)
    } else if let Some((o, r)) = prefix.split_once('/') {
        if !is_name(o) || !is_name(r) {
            return None;
        }
        let reference = resolver.make(o, r, number, RefKind::Issue);
        (reference, prefix_start, Form::Qualified)
    } else {
        if !is_name(prefix) {
            return None;
        }
        let reference = resolver.make_default(Some(prefix), number)?;
        (reference, prefix_start, Form::Qualified)
    };
    Some((made(reference, start..end, form), 1 + digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver() -> Resolver<'static> {
        Resolver {
            aliases: None,
            default_repo: crate::model::parse_repo_path("nodejs/security-wg").ok(),
        }
    }

    fn keys(line: &str) -> Vec<String> {
        find(line, &resolver())
            .iter()
            .map(|f| f.reference.key())
            .collect()
    }

    #[test]
    fn finds_the_canonical_link() {
        let f = find(
            "* Permission Model - Roadmap [#898](https://github.com/nodejs/security-wg/issues/898)",
            &resolver(),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].reference.key(), "nodejs/security-wg#898");
        assert_eq!(f[0].form, Form::Link);
        assert_eq!(f[0].span.start, 29);
    }

    #[test]
    fn uses_the_url_when_the_link_text_disagrees() {
        let f = find(
            "[#1333](https://github.com/nodejs/node/pull/1334)",
            &resolver(),
        );
        assert_eq!(f[0].reference.key(), "nodejs/node#1334");
        assert_eq!(f[0].reference.kind, RefKind::Pull);
        assert_eq!(f[0].text_mismatch.as_deref(), Some("#1333"));
    }

    #[test]
    fn finds_urls_in_every_shape() {
        assert_eq!(
            keys("see https://github.com/nodejs/node/pull/5/files"),
            ["nodejs/node#5"]
        );
        assert_eq!(
            keys("<https://github.com/nodejs/security-wg/issues/1037#issuecomment-1921563826>"),
            ["nodejs/security-wg#1037"]
        );
        assert_eq!(
            keys("github.com/nodejs/TSC/discussions/12 x"),
            ["nodejs/tsc#12"]
        );
        assert!(keys("https://github.com/nodejs/security-wg/issues").is_empty());
        assert!(keys("https://github.com/google/oss-fuzz/tree/master/projects/nodejs").is_empty());
    }

    #[test]
    fn resolves_short_forms() {
        assert_eq!(
            keys("nodejs/node#123 and #45"),
            ["nodejs/node#123", "nodejs/security-wg#45"]
        );
        assert_eq!(keys("see node#7."), ["nodejs/node#7"]);
        assert!(keys("#issuecomment-1 and #12abc and `#5`").is_empty());
        assert!(keys("## heading").is_empty());
    }

    #[test]
    fn handles_multibyte_text_before_a_hash() {
        // Found by the property test: a non-ASCII character right before `#N`.
        assert_eq!(keys("\u{FFFD}#55"), ["nodejs/security-wg#55"]);
        assert_eq!(keys("é/x#5"), ["nodejs/x#5"]);
    }

    #[test]
    fn skips_non_issue_links_whole() {
        assert!(keys("[#5 in docs](https://example.com/#5)").is_empty());
    }

    #[test]
    fn applies_aliases() {
        let mut aliases = BTreeMap::new();
        let release = crate::model::parse_repo_path("nodejs/release").expect("valid");
        aliases.insert("nodejs/lts".to_string(), release);
        let r = Resolver {
            aliases: Some(&aliases),
            default_repo: None,
        };
        let f = find("https://github.com/nodejs/LTS/issues/3", &r);
        assert_eq!(f[0].reference.key(), "nodejs/release#3");
    }

    fn rejected_texts(line: &str) -> Vec<&str> {
        rejected(line, &resolver())
            .into_iter()
            .filter_map(|r| line.get(r.span))
            .collect()
    }

    #[test]
    fn names_github_would_refuse_are_no_references() {
        for line in [
            "* x [#1](https://github.com/../../issues/1)",
            "* x ../..#4",
            "* x a/..#13 and a/.#14",
            "* x a/.git#13",
            "<https://github.com/a/.git/issues/2>",
            "https://github.com/-a/b/issues/2",
            "github.com/a_b/c/pull/3",
            "./a/b#4",
            "x/.GIT#5",
        ] {
            assert!(keys(line).is_empty(), "{line:?} gave {:?}", keys(line));
            assert_eq!(
                rejected_texts(line).len(),
                1 + usize::from(line.contains("a/.#")),
                "{line:?}"
            );
        }
        assert_eq!(rejected_texts("see a/..#13."), ["a/..#13"]);
        assert_eq!(
            rejected_texts("* x [#1](https://github.com/../../issues/1) y"),
            ["[#1](https://github.com/../../issues/1)"]
        );
        // A name of the right characters but too long is refused, not cut.
        let long = format!("{}/r#1", "o".repeat(40));
        assert!(keys(&long).is_empty());
        assert_eq!(rejected(&long, &resolver()).len(), 1);
    }

    #[test]
    fn punctuation_before_a_short_reference_is_no_path() {
        assert_eq!(
            keys("see…#5 and ...#6"),
            ["nodejs/security-wg#5", "nodejs/security-wg#6"]
        );
        assert!(rejected_texts("see ...#6").is_empty());
        assert_eq!(keys("node.js#5"), ["nodejs/node.js#5"]);
    }
}
