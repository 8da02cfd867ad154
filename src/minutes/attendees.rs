//! One line of a "Present" list → an [`Attendee`], in the formats note-takers use:
//! `Name: @handle`, `Name (@handle)`, `Name @handle (role)`, `@handle`, `Name`, `Name - Company`.
//! Team mentions (`@nodejs/security-wg`) are not people.

use crate::model::Attendee;

/// Parses one attendee line (bullet already removed). `None` for team mentions, empty lines and
/// lines that are clearly not a person (links, long sentences).
pub fn parse_line(text: &str) -> Option<Attendee> {
    let text = strip_emphasis(text.trim());
    if text.is_empty() || text.contains("://") {
        return None;
    }
    let mut handle = None;
    let mut handle_span = None;
    let mut team_seen = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'@' && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let len = text[i + 1..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
                .count();
            if len > 0 {
                let end = i + 1 + len;
                if text[end..].starts_with('/') {
                    team_seen = true;
                    i = end;
                    continue;
                }
                if handle.is_none() {
                    handle = Some(text[i + 1..end].to_string());
                    handle_span = Some(i..end);
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    let (name_part, rest_part) = match &handle_span {
        Some(span) => (&text[..span.start], &text[span.end..]),
        None => (text, ""),
    };
    if handle.is_none() && team_seen {
        return None;
    }
    // Role: parenthesised text that is not the handle, anywhere in the line.
    let mut role = None;
    let mut name = name_part.to_string();
    if let Some(open) = name.find('(') {
        let inner = name[open + 1..].trim_end().trim_end_matches(')').trim();
        if !inner.is_empty() {
            role = Some(inner.to_string());
        }
        name.truncate(open);
    }
    let rest = rest_part.trim().trim_start_matches(')').trim();
    if let Some(inner) = rest
        .strip_prefix('(')
        .map(|r| r.trim_end_matches(')').trim())
    {
        if !inner.is_empty() {
            role = Some(inner.to_string());
        }
    } else if let Some(inner) = rest.strip_prefix(['-', '–', ',']).map(str::trim) {
        if !inner.is_empty() {
            role = Some(inner.to_string());
        }
    }
    let name = name
        .trim()
        .trim_end_matches([':', '-', '–', ',', '(', '|'])
        .trim()
        .to_string();
    let (name, name_role) = split_name_role(&name);
    if role.is_none() {
        role = name_role;
    }
    if handle.is_none() && !looks_like_name(&name) {
        return None;
    }
    Some(Attendee { name, handle, role })
}

/// Every `@handle` mentioned in `text` (lower-case, without `@`); team mentions
/// (`@org/team`) and e-mail addresses are left out.
pub fn handles_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('@') {
        if i > 0
            && bytes
                .get(i - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.')
        {
            continue;
        }
        let rest = text.get(i + 1..).unwrap_or("");
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
            .count();
        if len == 0 || rest.get(len..).is_some_and(|r| r.starts_with('/')) {
            continue;
        }
        let handle = rest.get(..len).unwrap_or("").to_ascii_lowercase();
        if !out.contains(&handle) {
            out.push(handle);
        }
    }
    out
}

/// `Name - Company` → ("Name", Some("Company")) when there is no handle to anchor on.
fn split_name_role(name: &str) -> (String, Option<String>) {
    for sep in [" - ", " – ", ", "] {
        if let Some((n, r)) = name.split_once(sep) {
            if looks_like_name(n.trim()) && !r.trim().is_empty() {
                return (n.trim().to_string(), Some(r.trim().to_string()));
            }
        }
    }
    (name.to_string(), None)
}

/// A person's name: 1–6 words, mostly letters, not a sentence.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && s.chars().filter(|c| c.is_alphabetic()).count() * 10 >= s.len() * 6
        && !s.ends_with('.')
        && !s.contains(':')
}

fn strip_emphasis(s: &str) -> &str {
    let s = s.trim_matches('*').trim_matches('_').trim();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Option<(String, Option<String>, Option<String>)> {
        parse_line(line).map(|a| (a.name, a.handle, a.role))
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn parses_every_common_format() {
        assert_eq!(
            p("Rafael Gonzaga: @RafaelGSS"),
            Some(("Rafael Gonzaga".into(), s("RafaelGSS"), None))
        );
        assert_eq!(
            p("Michael Dawson (@mhdawson)"),
            Some(("Michael Dawson".into(), s("mhdawson"), None))
        );
        assert_eq!(
            p("Glenn Hinks @ghinks"),
            Some(("Glenn Hinks".into(), s("ghinks"), None))
        );
        assert_eq!(
            p("Ulises Gascon @UlisesGascon (guest)"),
            Some(("Ulises Gascon".into(), s("UlisesGascon"), s("guest")))
        );
        assert_eq!(p("@joyeecheung"), Some(("".into(), s("joyeecheung"), None)));
        assert_eq!(
            p("Tierney Cyren"),
            Some(("Tierney Cyren".into(), None, None))
        );
        assert_eq!(
            p("Bryan English - Intrinsic"),
            Some(("Bryan English".into(), None, s("Intrinsic")))
        );
    }

    #[test]
    fn finds_handles_in_notes() {
        assert_eq!(
            handles_in("@Ana will follow up with @nodejs/tsc; mail a@b.org, cc @bob-2."),
            ["ana", "bob-2"]
        );
    }

    #[test]
    fn ignores_teams_and_non_people() {
        assert_eq!(p("Security wg team: @nodejs/security-wg"), None);
        assert_eq!(
            p("Package Maintenance team: @nodejs/package-maintenance"),
            None
        );
        assert_eq!(p("https://example.com/list"), None);
        assert_eq!(
            p("We discussed the agenda and agreed on the plan for next time."),
            None
        );
    }
}
