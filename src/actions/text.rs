//! Minutes markdown → the units the recogniser reads: one per list item or paragraph (lazy
//! continuation lines joined), with its line, indentation and whether it is a list item; and a
//! unit's text → sentences. Code blocks, HTML comments, headings and struck-out text are not
//! notes anyone promised anything in, so they are left out.

/// One list item or paragraph of notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Plain text: markdown links reduced to their text, emphasis and code marks removed.
    pub text: String,
    /// Index of its first line in the lines it was built from.
    pub line: usize,
    /// Index of its last line.
    pub end: usize,
    /// Columns before the list marker (or the text).
    pub indent: usize,
    pub list: bool,
}

/// `-`, `*`, `+`, `1.`, `1)` list markers, with an optional task box: the text after them.
fn strip_list_marker(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        t[digits..].strip_prefix(['.', ')'])?
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim_start();
    Some(
        ["[ ] ", "[x] ", "[X] "]
            .iter()
            .find_map(|b| rest.strip_prefix(b))
            .unwrap_or(rest),
    )
}

/// `## Heading` (not `#898 landed`).
fn is_heading(trimmed: &str) -> bool {
    let rest = trimmed.trim_start_matches('#');
    rest.len() < trimmed.len() && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Splits `lines` into units. `skip(i)` marks lines that belong to no unit (and end one), and
/// `owner(i)` the group a line belongs to: a unit never spans two owners.
pub fn units<T: PartialEq + Copy>(
    lines: &[&str],
    skip: &dyn Fn(usize) -> bool,
    owner: &dyn Fn(usize) -> T,
) -> Vec<(Unit, T)> {
    let mut out: Vec<(Unit, T)> = Vec::with_capacity(lines.len() / 2 + 1);
    let mut open: Option<(Unit, T)> = None;
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    let close = |open: &mut Option<(Unit, T)>, out: &mut Vec<(Unit, T)>| {
        if let Some((mut u, o)) = open.take() {
            if needs_cleaning(&u.text) {
                u.text = clean_inline(&u.text);
            }
            if !u.text.is_empty() {
                out.push((u, o));
            }
        }
    };
    for (i, raw) in lines.iter().enumerate() {
        let trimmed = raw.trim();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if in_comment {
            if trimmed.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        let fence_mark = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        if let Some(f) = fence_mark {
            close(&mut open, &mut out);
            fence = Some(f);
            continue;
        }
        if trimmed.starts_with("<!--") {
            close(&mut open, &mut out);
            in_comment = !trimmed.contains("-->");
            continue;
        }
        let who = owner(i);
        let ignored =
            skip(i) || trimmed.is_empty() || is_heading(trimmed) || trimmed.starts_with('|');
        if ignored || open.as_ref().is_some_and(|(_, o)| *o != who) {
            close(&mut open, &mut out);
            if ignored {
                continue;
            }
        }
        let indent = raw.len() - raw.trim_start().len();
        match strip_list_marker(raw) {
            Some(text) => {
                close(&mut open, &mut out);
                // Room for a few wrapped lines without growing the string again and again.
                let mut owned = String::with_capacity(text.len() + 160);
                owned.push_str(text);
                open = Some((
                    Unit {
                        text: owned,
                        line: i,
                        end: i,
                        indent,
                        list: true,
                    },
                    who,
                ));
            }
            None => match &mut open {
                // A plain line continues the open item or paragraph (CommonMark's lazy
                // continuation, and wrapped lines).
                Some((u, _)) => {
                    u.text.push(' ');
                    u.text.push_str(trimmed);
                    u.end = i;
                }
                None => {
                    open = Some((
                        Unit {
                            text: trimmed.to_string(),
                            line: i,
                            end: i,
                            indent,
                            list: false,
                        },
                        who,
                    ));
                }
            },
        }
    }
    close(&mut open, &mut out);
    out
}

/// The line (of `unit.line..=unit.end`) where `sentence` starts: the first whose plain text
/// holds the sentence's first words.
pub fn line_of(unit: &Unit, sentence: &str, lines: &[&str]) -> usize {
    let head: String = sentence
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    (unit.line..=unit.end)
        .find(|&i| {
            lines
                .get(i)
                .is_some_and(|l| clean_inline(l).contains(&head))
        })
        .unwrap_or(unit.line)
}

/// Units longer than this find their sentences' lines by position (see [`Locator`]).
const LONG_UNIT: usize = 4096;

/// Finds the line each sentence of one unit starts on: [`line_of`] for units of any real
/// size; for a longer one (a paragraph of thousands of lines, or one huge line), by where the
/// sentence sits in the unit's text — asking [`line_of`] for each of thousands of sentences
/// would read the unit once per sentence.
pub struct Locator<'a> {
    unit: &'a Unit,
    lines: &'a [&'a str],
    /// For a long unit: where each of its lines starts in its plain text (about: each line
    /// cleaned on its own), made at the first question.
    starts: Option<Vec<usize>>,
}

impl<'a> Locator<'a> {
    pub fn new(unit: &'a Unit, lines: &'a [&'a str]) -> Locator<'a> {
        Locator {
            unit,
            lines,
            starts: None,
        }
    }

    /// The line `sentence` (a slice of the unit's text, from [`sentences`]) starts on.
    pub fn line_of(&mut self, sentence: &str) -> usize {
        let unit = self.unit;
        if unit.text.len() <= LONG_UNIT {
            return line_of(unit, sentence, self.lines);
        }
        let offset = (sentence.as_ptr() as usize)
            .checked_sub(unit.text.as_ptr() as usize)
            .filter(|&o| o <= unit.text.len())
            .unwrap_or(0);
        let lines = self.lines;
        let starts = self.starts.get_or_insert_with(|| {
            let mut at = 0;
            (unit.line..=unit.end)
                .map(|i| {
                    let start = at;
                    let line = lines.get(i).copied().unwrap_or("");
                    let text = strip_list_marker(line).unwrap_or(line).trim();
                    at += clean_inline(text).len() + 1;
                    start
                })
                .collect()
        });
        unit.line + starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }
}

/// Inline markdown → plain text: `[text](url)` → text, `<url>` → url, emphasis, strong and
/// code marks dropped, `~~struck~~` text removed, spaces collapsed.
pub fn clean_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Where the closers are, found once: scanning the rest of the text at each `[` or `<` of a
    // long run of them was quadratic.
    let mut closers = Closers::default();
    while let Some(c) = rest.chars().next() {
        // Copy plain runs whole (most of the text).
        let plain = rest.find(MARKUP).unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            continue;
        }
        let at = text.len() - rest.len();
        // `[text](url)` and `![alt](url)`: the label runs to the first `](` and holds no
        // other bracket.
        if c == '[' || rest.starts_with("![") {
            let open = if c == '[' { 1 } else { 2 };
            let label_start = at + open;
            let link = closers.label_end(text, label_start).and_then(|close| {
                let end = closers.next(text, b')', close + 2)?;
                let bracket = closers.next_bracket(text, label_start);
                bracket.is_none_or(|b| b >= close).then_some((close, end))
            });
            if let Some((close, end)) = link {
                out.push_str(&text[label_start..close]);
                rest = &text[end + 1..];
                continue;
            }
        }
        if c == '<' {
            if let Some(end) = closers.next(text, b'>', at) {
                let inner = &text[at + 1..end];
                if inner.starts_with("http://") || inner.starts_with("https://") {
                    out.push_str(inner);
                    rest = &text[end + 1..];
                    continue;
                }
            }
        }
        if let Some(after) = rest.strip_prefix("~~") {
            if let Some(end) = after.find("~~") {
                rest = &after[end + 2..];
                continue;
            }
        }
        if rest.starts_with("**") || rest.starts_with("__") {
            rest = &rest[2..];
            continue;
        }
        if c == '*' || c == '`' {
            rest = &rest[1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    crate::minutes::lines::collapse_spaces(&out)
}

/// Byte positions of the delimiters [`clean_inline`] looks ahead for, each list made at the
/// first question about it, so every question is a binary search.
#[derive(Default)]
struct Closers {
    /// `]` followed by `(`.
    label_ends: Option<Vec<usize>>,
    brackets: Option<Vec<usize>>,
    parens: Option<Vec<usize>>,
    angles: Option<Vec<usize>>,
}

impl Closers {
    /// The first `](` at or after `from`: the `]`.
    fn label_end(&mut self, text: &str, from: usize) -> Option<usize> {
        let list = self.label_ends.get_or_insert_with(|| {
            let bytes = text.as_bytes();
            memchr::memchr_iter(b']', bytes)
                .filter(|&k| bytes.get(k + 1) == Some(&b'('))
                .collect()
        });
        first_at_or_after(list, from)
    }

    /// The first `[` or `]` at or after `from`.
    fn next_bracket(&mut self, text: &str, from: usize) -> Option<usize> {
        let list = self
            .brackets
            .get_or_insert_with(|| memchr::memchr2_iter(b'[', b']', text.as_bytes()).collect());
        first_at_or_after(list, from)
    }

    /// The first `)` or `>` (`byte`) at or after `from`.
    fn next(&mut self, text: &str, byte: u8, from: usize) -> Option<usize> {
        let slot = match byte {
            b')' => &mut self.parens,
            _ => &mut self.angles,
        };
        let list = slot.get_or_insert_with(|| memchr::memchr_iter(byte, text.as_bytes()).collect());
        first_at_or_after(list, from)
    }
}

fn first_at_or_after(sorted: &[usize], from: usize) -> Option<usize> {
    sorted.get(sorted.partition_point(|&p| p < from)).copied()
}

/// The characters inline markup starts with.
const MARKUP: [char; 7] = ['[', '<', '~', '*', '`', '!', '_'];

/// Whether `text` has markup or runs of whitespace that [`clean_inline`] would change (most
/// notes have neither).
fn needs_cleaning(text: &str) -> bool {
    // One pass over the bytes (every character looked for is ASCII), not one per pattern.
    let mut after_space = true;
    for &b in text.as_bytes() {
        let space = b == b' ';
        if (space && after_space) || b == b'\t' || b == b'\n' || MARKUP.contains(&char::from(b)) {
            return true;
        }
        after_space = space;
    }
    after_space && !text.is_empty()
}

/// Words that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "approx", "mr", "mrs", "ms", "dr", "st", "no", "cf", "incl",
];

/// Splits text into sentences at `.`, `!` or `?` followed by a space and a capital letter,
/// `@`, a digit or a quote — but not after abbreviations (`e.g.`) or single-letter initials.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // `.`, `!` and `?` are ASCII, so byte positions are character boundaries.
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'.' | b'!' | b'?') || bytes.get(i + 1) != Some(&b' ') {
            continue;
        }
        let c = char::from(b);
        let next = text[i + 2..].chars().next();
        if !next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "@\"“'".contains(n)) {
            continue;
        }
        let word = text[start..i]
            .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
            .next()
            .unwrap_or("")
            .to_lowercase();
        if c == '.'
            && (ABBREVIATIONS.contains(&word.as_str())
                || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic)))
        {
            continue;
        }
        let s = text[start..=i].trim();
        if !s.is_empty() {
            out.push(s);
        }
        start = i + 1;
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[&str]) -> Vec<Unit> {
        units(lines, &|_| false, &|_| 0)
            .into_iter()
            .map(|(u, _)| u)
            .collect()
    }

    #[test]
    fn only_markup_and_stray_whitespace_need_cleaning() {
        for text in [
            "a [link](x)",
            "two  spaces",
            " lead",
            "trail ",
            "tab\there",
            "line\nbreak",
            "**b**",
            "~~s~~",
            "a_b",
            "`c`",
            "x<y",
            "hi!",
        ] {
            assert!(needs_cleaning(text), "{text:?}");
        }
        for text in ["", "plain words, with punctuation: fine.", "café — ok", "a"] {
            assert!(!needs_cleaning(text), "{text:?}");
        }
    }

    #[test]
    fn list_items_with_lazy_continuations_are_one_unit() {
        let got = plain(&[
            "* First meeting of the year. Ana will keep chairing; Ben volunteered",
            "to take notes.",
            "  * nested [link](https://x.org) **bold** `code`",
            "",
            "A paragraph",
            "over two lines.",
            "```",
            "Ana will not be seen",
            "```",
            "<!-- Bob will",
            "hide -->",
            "## Heading will",
            "1. numbered",
        ]);
        let texts: Vec<(&str, usize, bool)> = got
            .iter()
            .map(|u| (u.text.as_str(), u.indent, u.list))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "First meeting of the year. Ana will keep chairing; Ben volunteered to take notes.",
                    0,
                    true
                ),
                ("nested link bold code", 2, true),
                ("A paragraph over two lines.", 0, false),
                ("numbered", 0, true),
            ]
        );
    }

    #[test]
    fn units_never_span_two_owners() {
        let lines = ["* a", "b", "c"];
        let got = units(&lines, &|i| i == 0, &|i| i >= 2);
        let texts: Vec<&str> = got.iter().map(|(u, _)| u.text.as_str()).collect();
        assert_eq!(texts, ["b", "c"]);
    }

    #[test]
    fn finds_the_line_a_sentence_starts_on() {
        let lines = [
            "We have some policy that is short on modules.",
            "Vladimir to reach out to **Bootstrap** maintainers.",
        ];
        let (unit, _) = units(&lines, &|_| false, &|_| 0).remove(0);
        assert_eq!((unit.line, unit.end), (0, 1));
        let sentence = sentences(&unit.text)[1];
        assert_eq!(line_of(&unit, sentence, &lines), 1);
        assert_eq!(line_of(&unit, "Not there", &lines), 0);
    }

    #[test]
    fn struck_text_and_autolinks() {
        assert_eq!(
            clean_inline("~~Ana will go~~ see <https://x.org/a> and ![img](i.png)"),
            "see https://x.org/a and img"
        );
    }

    #[test]
    fn splits_sentences_but_not_abbreviations_or_versions() {
        assert_eq!(
            sentences("Node.js v20. Rafael will open an issue, e.g. on OpenSSL. J. Smith agreed! @x to do it"),
            [
                "Node.js v20.",
                "Rafael will open an issue, e.g. on OpenSSL.",
                "J. Smith agreed!",
                "@x to do it"
            ]
        );
    }
}
