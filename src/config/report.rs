//! How `site.toml` problems are told. Every place in the file comes from the TOML parser's
//! spans — `toml::Spanned` values after deserialising, the parsed document for the parser's
//! own errors — and becomes a [`Diagnostic`] with the lines it spans; unknown keys get the
//! closest known key (or the list of them) and the table they were found in.

use crate::diag::Diagnostic;
use crate::error::Error;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The code of every `site.toml` diagnostic.
pub const CODE: &str = "config";

/// The configuration file being read: its text and its name as shown in messages.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub text: &'a str,
    pub label: &'a str,
}

impl Source<'_> {
    /// An error at `span` (byte offsets into the file).
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        Error::config(self.diagnostic(span, message))
    }

    /// An error at `span`, as a diagnostic to add help or a label to.
    pub fn diagnostic(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error_in(self.label, self.text, span, CODE, message)
    }

    /// An error at the value `at`.
    pub fn at<T>(&self, at: &Spanned<T>, message: impl Into<String>) -> Error {
        self.error(at.span(), message)
    }

    /// The TOML parser's error (`toml::from_str`) for people: an unknown key gets the closest
    /// known key, or the list of them, and its table; a value of the wrong type is named by its
    /// key; a missing key points at the start of its table.
    pub fn parse_error(&self, e: &toml::de::Error) -> Error {
        let message = e.message().trim_end();
        let span = e.span().unwrap_or(0..0);
        let document = DeTable::parse(self.text).ok();
        let found = document
            .as_ref()
            .and_then(|doc| find_key(doc.get_ref(), span.start, &mut Vec::new()));
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let (what, place) = match &found {
                Some(f) if f.is_table => ("table", f.table_name()),
                Some(f) => ("field", f.table_name()),
                None => ("field", String::new()),
            };
            let place = match place.is_empty() {
                true => String::new(),
                false => format!(" in {place}"),
            };
            let d = match closest(key, &known) {
                Some(best) => self.diagnostic(
                    span,
                    format!("unknown {what} `{key}`{place}; did you mean `{best}`?"),
                ),
                None if known.is_empty() => self.diagnostic(
                    span,
                    format!("unknown {what} `{key}`{place}: this table takes no keys"),
                ),
                None => self
                    .diagnostic(span, format!("unknown {what} `{key}`{place}"))
                    .with_help(format!(
                        "the known keys are {}",
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            };
            return Error::config(d);
        }
        if message.starts_with("missing field `") {
            // The span is the whole table: point at where it starts.
            return self.error(span.start..span.start, message);
        }
        if let Some(rest) = message.strip_prefix("invalid type: ") {
            if let Some(f) = found.filter(|f| f.value_holds(span.start)) {
                let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
                let d = self.diagnostic(span, format!("`{}`: invalid type: {got}", f.key));
                return Error::config(match expected.is_empty() {
                    true => d,
                    false => d.with_label(format!("expected {expected}")),
                });
            }
        }
        self.error(span, message)
    }
}

/// A key of the parsed document, and the tables it sits in.
struct Found {
    key: String,
    /// The tables from the top, each with whether it is an element of an array of tables.
    path: Vec<(String, bool)>,
    is_table: bool,
    value_span: Range<usize>,
}

impl Found {
    /// `[search]`, `[[initiatives]]`, `[schedule.upcoming]`; empty at the top level.
    fn table_name(&self) -> String {
        let Some((_, in_array)) = self.path.last() else {
            return String::new();
        };
        let name: Vec<&str> = self.path.iter().map(|(n, _)| n.as_str()).collect();
        match in_array {
            true => format!("[[{}]]", name.join(".")),
            false => format!("[{}]", name.join(".")),
        }
    }

    fn value_holds(&self, offset: usize) -> bool {
        self.value_span.contains(&offset) || self.value_span.start == offset
    }
}

/// The key at `offset` (its name or its value) in `table`, searching nested tables and arrays
/// of tables; `path` is the way down so far.
fn find_key(table: &DeTable<'_>, offset: usize, path: &mut Vec<(String, bool)>) -> Option<Found> {
    for (key, value) in table {
        let holds = |span: Range<usize>| span.contains(&offset) || span.start == offset;
        if holds(key.span()) || (holds(value.span()) && !value.get_ref().is_table()) {
            if let Some(inner) = within_array(value, offset, path, key.get_ref()) {
                return Some(inner);
            }
            return Some(Found {
                key: key.get_ref().to_string(),
                path: path.clone(),
                is_table: value.get_ref().is_table()
                    || value
                        .get_ref()
                        .as_array()
                        .is_some_and(|a| a.iter().any(|v| v.get_ref().is_table())),
                value_span: value.span(),
            });
        }
        if let Some(inner) = within_array(value, offset, path, key.get_ref()) {
            return Some(inner);
        }
        if let DeValue::Table(t) = value.get_ref() {
            path.push((key.get_ref().to_string(), false));
            if let Some(found) = find_key(t, offset, path) {
                return Some(found);
            }
            path.pop();
        }
    }
    None
}

/// A key at `offset` inside one of the tables of the array `value`, if it is one.
fn within_array(
    value: &Spanned<DeValue<'_>>,
    offset: usize,
    path: &mut Vec<(String, bool)>,
    name: &str,
) -> Option<Found> {
    let array = value.get_ref().as_array()?;
    for element in array.iter() {
        if let DeValue::Table(t) = element.get_ref() {
            path.push((name.to_string(), true));
            if let Some(found) = find_key(t, offset, path) {
                return Some(found);
            }
            path.pop();
        }
    }
    None
}

/// The known key closest to `key`: equal but for case and `-`/`_`, one a few edits away
/// (`baseurl` → `base_url`; two letters swapped count as one edit: `titel` → `title`), one that
/// contains it as a word (`url` → `base_url`) or starts with it (`lang` → `language`). Ties go
/// to the earlier key.
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

/// Edit distance between two strings, by characters: insertions, deletions, substitutions and
/// swaps of two neighbouring characters each cost one (the optimal string alignment distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // The whole table, row by row: a swap looks two rows back.
    let mut table: Vec<usize> = vec![0; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let value = if i == 0 || j == 0 {
                i.max(j)
            } else {
                let cost = usize::from(a.get(i - 1) != b.get(j - 1));
                let get = |i, j| table.get(at(i, j)).copied().unwrap_or(usize::MAX - 1);
                let mut best = (get(i - 1, j) + 1)
                    .min(get(i, j - 1) + 1)
                    .min(get(i - 1, j - 1) + cost);
                let swapped =
                    i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1);
                if swapped {
                    best = best.min(get(i - 2, j - 2) + 1);
                }
                best
            };
            if let Some(cell) = table.get_mut(at(i, j)) {
                *cell = value;
            }
        }
    }
    table.last().copied().unwrap_or(0)
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
    fn edit_distance_counts_insertions_deletions_substitutions_and_swaps() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("baseurl", "base_url"), 1);
        assert_eq!(edit_distance("héllo", "hello"), 1);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn suggests_the_closest_known_key() {
        assert_eq!(closest("baseurl", TOP), Some("base_url"));
        assert_eq!(closest("base-url", TOP), Some("base_url"));
        assert_eq!(closest("Title", TOP), Some("title"));
        assert_eq!(closest("titel", TOP), Some("title"));
        assert_eq!(closest("url", TOP), Some("base_url"));
        assert_eq!(closest("lang", TOP), Some("language"));
        assert_eq!(closest("descripton", TOP), Some("description"));
        assert_eq!(closest("colour", TOP), None);
        assert_eq!(closest("", TOP), None);
    }

    fn error(text: &str) -> Diagnostic {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Doc {
            title: Option<String>,
            allow_html: Option<bool>,
            search: Option<Search>,
            schedule: Option<Search>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Search {
            enabled: Option<bool>,
        }
        let e = toml::from_str::<Doc>(text).expect_err("invalid");
        let source = Source {
            text,
            label: "site.toml",
        };
        match source.parse_error(&e) {
            Error::Config(d) => *d,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn an_unknown_key_gets_a_suggestion_and_its_table() {
        let d = error("title = \"T\"\n[search]\nenable = false\n");
        assert_eq!(
            d.to_string(),
            "site.toml:3:1: error: unknown field `enable` in [search]; did you mean `enabled`?"
        );
        let d = error("colour = 1\n");
        assert_eq!(d.message, "unknown field `colour`");
        assert_eq!(
            d.help.as_deref(),
            Some("the known keys are `title`, `allow_html`, `search`, `schedule`")
        );
        let d = error("titel = \"T\"\n");
        assert_eq!(d.message, "unknown field `titel`; did you mean `title`?");
    }

    #[test]
    fn an_unknown_table_is_called_a_table() {
        let d = error("title = \"T\"\n\n[schedule2]\nenabled = true\n");
        assert_eq!(
            d.to_string(),
            "site.toml:3:2: error: unknown table `schedule2`; did you mean `schedule`?"
        );
        let d = error("[search.deep]\nenabled = true\n");
        assert_eq!(d.message, "unknown table `deep` in [search]");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_by_its_key() {
        let d = error("title = \"T\"\nallow_html = \"yes\"\n");
        assert_eq!(
            d.to_string(),
            "site.toml:2:14: error: `allow_html`: invalid type: string \"yes\""
        );
        let excerpt = d.excerpt.expect("an excerpt");
        assert_eq!(excerpt.label.as_deref(), Some("expected a boolean"));
    }
}
