//! Dates as note-takers write them: `2023-06-22`, `2016-08-9`, `2023/06/22`, `Dec 2, 2016`,
//! `2 December 2016`, `June 22nd 2023`. Pure functions from text to [`Found`] dates.

use crate::model::Date;

/// A date-shaped piece of text: valid, or shaped like a date but impossible (`2023-18-12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Valid(Date),
    /// The text as written, and the date with day and month swapped when that one is valid.
    Invalid {
        raw: String,
        swapped: Option<Date>,
    },
}

impl Found {
    pub fn valid(&self) -> Option<Date> {
        match self {
            Found::Valid(d) => Some(*d),
            Found::Invalid { .. } => None,
        }
    }
}

/// Strict `YYYY-MM-DD` (month and day may be unpadded), the whole string.
pub fn parse_iso(s: &str) -> Option<Date> {
    match find_iso(s.trim()) {
        Some((Found::Valid(d), start, end)) if start == 0 && end == s.trim().len() => Some(d),
        _ => None,
    }
}

/// The first date in `text`, numeric (ISO-like) or written with a month name.
pub fn find_in_text(text: &str) -> Option<Found> {
    let iso = find_iso(text);
    let named = find_named(text, false);
    match (iso, named) {
        (Some((a, ai, _)), Some((b, bi, _))) => Some(if bi < ai { Found::Valid(b) } else { a }),
        (Some((a, _, _)), None) => Some(a),
        (None, Some((b, _, _))) => Some(Found::Valid(b)),
        (None, None) => None,
    }
}

/// `YYYY[-/.]M[M][-/.]D[D]` not inside a longer number; returns the find and its byte range.
fn find_iso(text: &str) -> Option<(Found, usize, usize)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 8 <= b.len() {
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        if boundary_before && b[i..i + 4].iter().all(u8::is_ascii_digit) {
            if let Some((found, end)) = iso_at(text, i) {
                return Some((found, i, end));
            }
        }
        i += 1;
    }
    None
}

fn iso_at(text: &str, start: usize) -> Option<(Found, usize)> {
    let b = text.as_bytes();
    let year: i32 = text.get(start..start + 4)?.parse().ok()?;
    let sep = *b.get(start + 4)?;
    if !matches!(sep, b'-' | b'/' | b'.' | b'_') {
        return None;
    }
    let (month, after_month) = digits(b, start + 5, 2)?;
    if *b.get(after_month)? != sep {
        return None;
    }
    let (day, end) = digits(b, after_month + 1, 2)?;
    if b.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let found = match Date::new(year, month, day) {
        Some(d) => Found::Valid(d),
        None => Found::Invalid {
            raw: text.get(start..end)?.to_string(),
            swapped: Date::new(year, day, month),
        },
    };
    Some((found, end))
}

/// 1..=max ASCII digits at `at` → (value, end).
fn digits(b: &[u8], at: usize, max: usize) -> Option<(u32, usize)> {
    let mut end = at;
    let mut value = 0u32;
    while end < b.len() && end - at < max && b[end].is_ascii_digit() {
        value = value * 10 + u32::from(b[end] - b'0');
        end += 1;
    }
    (end > at).then_some((value, end))
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            m.starts_with(w) && (w.len() == 3 || *m == w || (w == "sept" && *m == "september"))
        })
        .map(|i| i as u32 + 1)
}

/// `Dec 2, 2016`, `December 2nd 2016`, `2 Dec 2016`; returns the date and the byte range it
/// takes in `text` (from its first word to the year's last digit). With `in_brackets`, also
/// a date right after an opening bracket (`(Dec 2, 2016)`).
fn find_named(text: &str, in_brackets: bool) -> Option<(Date, usize, usize)> {
    let words = words_of(text, in_brackets);
    let day_of = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let d: u32 = w.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    };
    // The year and how many bytes of the word it takes (`2016)` → 4).
    let year_of = |w: &str| -> Option<(i32, usize)> {
        let digits = w.trim_end_matches(|c: char| !c.is_ascii_digit());
        let year = (digits.len() == 4).then(|| digits.parse().ok()).flatten()?;
        Some((year, digits.len()))
    };
    for (k, &(pos, w)) in words.iter().enumerate() {
        let Some(month) = month_number(w) else {
            continue;
        };
        let next = words.get(k + 1);
        let after = words.get(k + 2);
        if let (Some(d), Some((apos, (y, len)))) = (
            next.and_then(|x| day_of(x.1)),
            after.and_then(|x| Some((x.0, year_of(x.1)?))),
        ) {
            if let Some(date) = Date::new(y, month, d) {
                return Some((date, pos, apos + len));
            }
        }
        let prev = k.checked_sub(1).and_then(|p| words.get(p));
        if let (Some(&(ppos, pw)), Some((npos, (y, len)))) =
            (prev, next.and_then(|x| Some((x.0, year_of(x.1)?))))
        {
            if let Some(date) = day_of(pw).and_then(|d| Date::new(y, month, d)) {
                return Some((date, ppos, npos + len));
            }
        }
    }
    None
}

/// The words of `text` (split at whitespace and commas, and with `brackets` at opening
/// brackets) with their byte offsets.
fn words_of(text: &str, brackets: bool) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let gap = c.is_whitespace() || c == ',' || (brackets && matches!(c, '(' | '['));
        match (gap, start) {
            (true, Some(s)) => {
                words.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
    words
}

/// `text` without the first date written in it when that date is `date` (a meeting's title
/// that repeats its date, `Security WG Meeting 2023-06-22`, shown beside the date), with the
/// separators and brackets it leaves dangling trimmed; `None` when the first date is not
/// `date` or there is none. Empty when the text was only the date.
pub fn without_date(text: &str, date: Date) -> Option<String> {
    let (start, end) = match find_iso(text) {
        Some((Found::Valid(d), s, e)) => match find_named(text, true) {
            Some((n, ns, ne)) if ns < s => (n == date).then_some((ns, ne))?,
            _ => (d == date).then_some((s, e))?,
        },
        _ => match find_named(text, true) {
            Some((n, ns, ne)) if n == date => (ns, ne),
            _ => return None,
        },
    };
    let dangling =
        |c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ',' | '|' | '·' | '/');
    let before = text.get(..start)?.trim_end_matches(dangling);
    let after = text.get(end..)?.trim_start_matches(dangling);
    // `Meeting (2023-06-22)`: the brackets go with the date.
    let (before, after) = match (before.strip_suffix('('), after.strip_prefix(')')) {
        (Some(b), Some(a)) => (b.trim_end_matches(dangling), a.trim_start_matches(dangling)),
        _ => (before, after),
    };
    let joined = match (before.is_empty(), after.is_empty()) {
        (false, false) => format!("{before} {after}"),
        _ => format!("{before}{after}"),
    };
    Some(joined.trim_matches(dangling).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Found {
        Found::Valid(Date::new(y, m, day).expect("test date"))
    }

    #[test]
    fn finds_iso_dates_padded_or_not() {
        assert_eq!(find_in_text("Meeting 2023-06-22"), Some(d(2023, 6, 22)));
        assert_eq!(find_in_text("2016-08-9.md"), Some(d(2016, 8, 9)));
        assert_eq!(find_in_text("2019/12/02"), Some(d(2019, 12, 2)));
        assert_eq!(
            find_in_text("2024-06-04-collab-summit.md"),
            Some(d(2024, 6, 4))
        );
    }

    #[test]
    fn reports_invalid_dates_with_the_swap() {
        assert_eq!(
            find_in_text("Meeting 2023-18-12"),
            Some(Found::Invalid {
                raw: "2023-18-12".into(),
                swapped: Date::new(2023, 12, 18)
            })
        );
    }

    #[test]
    fn finds_dates_written_with_month_names() {
        assert_eq!(
            find_in_text("Security WG Dec 2, 2016"),
            Some(d(2016, 12, 2))
        );
        assert_eq!(find_in_text("June 22nd 2023"), Some(d(2023, 6, 22)));
        assert_eq!(
            find_in_text("meeting of 2 December 2016"),
            Some(d(2016, 12, 2))
        );
        assert_eq!(find_in_text("Sept 14, 2023"), Some(d(2023, 9, 14)));
        assert_eq!(find_in_text("may we meet"), None);
    }

    #[test]
    fn a_title_loses_the_date_it_repeats_and_the_separators_around_it() {
        let date = Date::new(2023, 6, 22).expect("date");
        let cases = [
            (
                "Node.js Security WG Meeting 2023-06-22",
                Some("Node.js Security WG Meeting"),
            ),
            (
                "Security WG meeting - 2023-06-22",
                Some("Security WG meeting"),
            ),
            ("Meeting (June 22, 2023)", Some("Meeting")),
            ("22 June 2023: planning", Some("planning")),
            ("Meeting 2023/06/22 notes", Some("Meeting notes")),
            ("Jun 22nd, 2023", Some("")),
            ("Meeting 2023-06-29", None),
            ("Collab summit, 2023-06-21 to 2023-06-22", None),
            ("Planning", None),
        ];
        for (title, want) in cases {
            assert_eq!(without_date(title, date).as_deref(), want, "{title}");
        }
    }

    #[test]
    fn named_dates_are_found_after_wide_spaces() {
        // A no-break space is two bytes: the date's range must still be right.
        let text = "Meeting\u{a0}Dec\u{a0}2, 2016";
        let date = Date::new(2016, 12, 2).expect("date");
        assert_eq!(without_date(text, date).as_deref(), Some("Meeting"));
    }

    #[test]
    fn ignores_longer_numbers() {
        assert_eq!(find_in_text("issue 12023-06-22"), None);
        assert_eq!(parse_iso("2023-06-22"), Date::new(2023, 6, 22));
        assert_eq!(parse_iso("2023-06-22x"), None);
    }
}
