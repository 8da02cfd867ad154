//! How `site.toml` problems are told: a span of the file → `site.toml:LINE:COL: error: …` with
//! the offending line and a caret under it, and unknown keys → the closest known key.

use crate::diag::line_col;
use crate::error::Error;
use std::ops::Range;

/// An error at `span` of `text`: `label:line:col: error: message`, then the line, then a caret
/// under the span (to the end of the line when the span runs past it).
pub fn at_span(text: &str, label: &str, span: Range<usize>, message: &str) -> Error {
    let (line, col) = line_col(text, span.start);
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let width = text
        .get(span.clone())
        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count())
        .clamp(
            1,
            source_line.chars().count().saturating_sub(col - 1).max(1),
        );
    let gutter = " ".repeat(line.to_string().len());
    Error::Config(format!(
        "{label}:{line}:{col}: error: {message}\n {gutter} |\n {line} | {source_line}\n {gutter} | {}{}",
        " ".repeat(col - 1),
        "^".repeat(width)
    ))
}

/// Rewrites the parser's message for people: an unknown key gets the closest known key as a
/// suggestion (or the list of known keys, when none is close) and the table it was found in;
/// a value of the wrong type is named by its key.
pub fn explain(message: &str, text: &str, span: Option<&Range<usize>>) -> String {
    let message = message.trim_end();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let Some((key, expected)) = rest.split_once('`') else {
            return message.to_string();
        };
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let table = span.and_then(|s| table_at(text, s.start));
        let place = table.map(|t| format!(" in {t}")).unwrap_or_default();
        return match closest(key, &known) {
            Some(best) => format!("unknown field `{key}`{place}; did you mean `{best}`?"),
            None if known.is_empty() => {
                format!("unknown field `{key}`{place}: this table takes no keys")
            }
            None => format!(
                "unknown field `{key}`{place}; the known keys are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
    }
    if message.starts_with("invalid type: ") {
        if let Some(key) = span.and_then(|s| key_before(text, s.start)) {
            return format!("`{key}`: {message}");
        }
    }
    message.to_string()
}

/// The `[table]` or `[[array]]` header that the byte at `offset` falls under, if any.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| {
            let end = l.rfind(']').map_or(l.len(), |i| i + 1);
            l.get(..end).unwrap_or(l).to_string()
        })
}

/// The key of the `key = value` line whose value starts at `offset`.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line = before.rsplit('\n').next()?;
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    (!key.is_empty() && !key.contains(char::is_whitespace)).then(|| key.to_string())
}

/// The known key closest to `key`: equal but for case and `-`/`_`, one that contains it as a
/// word (`url` → `base_url`) or starts with it (`lang` → `language`), or one a few edits away
/// (`baseurl` → `base_url`). Ties go to the earlier key.
pub fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    let k = norm(key);
    if k.is_empty() {
        return None;
    }
    if let Some(same) = known.iter().find(|c| norm(c) == k) {
        return Some(same);
    }
    let budget = (k.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        let c = norm(candidate);
        let distance = edit_distance(&k, &c);
        if distance <= budget && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    if let Some((_, found)) = best {
        return Some(found);
    }
    known.iter().copied().find(|c| {
        let c = norm(c);
        (k.len() >= 3 && c.starts_with(&k)) || c.split('_').any(|word| word == k)
    })
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // One row of the table at a time: row[j] is the distance between a's prefix and b[..j].
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let value = (above + 1).min(left + 1).min(diagonal + cost);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOP: &[&str] = &[
        "title",
        "description",
        "base_url",
        "repo",
        "content_dir",
        "language",
    ];

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("baseurl", "base_url"), 1);
        assert_eq!(edit_distance("héllo", "hello"), 1);
    }

    #[test]
    fn suggests_the_closest_known_key() {
        assert_eq!(closest("baseurl", TOP), Some("base_url"));
        assert_eq!(closest("base-url", TOP), Some("base_url"));
        assert_eq!(closest("Title", TOP), Some("title"));
        assert_eq!(closest("url", TOP), Some("base_url"));
        assert_eq!(closest("lang", TOP), Some("language"));
        assert_eq!(closest("descripton", TOP), Some("description"));
        assert_eq!(closest("colour", TOP), None);
        assert_eq!(closest("", TOP), None);
    }

    #[test]
    fn explains_unknown_keys_with_a_suggestion_and_their_table() {
        let text = "title = \"T\"\n[search]\nenable = false\n";
        let span = 21..27;
        assert_eq!(
            explain(
                "unknown field `enable`, expected `enabled`",
                text,
                Some(&span)
            ),
            "unknown field `enable` in [search]; did you mean `enabled`?"
        );
        assert_eq!(
            explain(
                "unknown field `colour`, expected one of `title`, `repo`",
                "colour = 1",
                None
            ),
            "unknown field `colour`; the known keys are `title`, `repo`"
        );
    }

    #[test]
    fn names_the_key_of_a_value_of_the_wrong_type() {
        let text = "title = \"T\"\nallow_html = \"yes\"\n";
        let span = 25..30;
        assert_eq!(
            explain(
                "invalid type: string \"yes\", expected a boolean",
                text,
                Some(&span)
            ),
            "`allow_html`: invalid type: string \"yes\", expected a boolean"
        );
    }

    #[test]
    fn shows_the_line_with_a_caret_under_the_span() {
        let text = "title = \"T\"\nrepo = \"o r\"\n";
        let e = at_span(text, "site.toml", 19..24, "bad repo");
        assert_eq!(
            e.to_string(),
            "site.toml:2:8: error: bad repo\n   |\n 2 | repo = \"o r\"\n   |        ^^^^^"
        );
    }
}
