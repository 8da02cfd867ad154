//! One line of a "Present" list → an [`Attendee`], in the formats note-takers use:
//! `Name: @handle`, `Name (@handle)`, `Name @handle (role)`, `@handle`, `Name`, `Name - Company`.
//! Team mentions (`@nodejs/security-wg`) are not people. Links on a person's line
//! (`Name - @handle (https://…)`) are dropped; a line with a link but no handle is not a person.

use crate::model::Attendee;
use std::borrow::Cow;

/// Parses one attendee line (bullet already removed). `None` for team mentions, empty lines and
/// lines that are clearly not a person (links, long sentences).
pub fn parse_line(text: &str) -> Option<Attendee> {
    let text = strip_emphasis(text.trim());
    // Apologies and regrets name people who were not there (the scan reads them as absent).
    if absence_label(text).is_some() {
        return None;
    }
    // An e-mail address is never a handle, and what is left around it is judged alone.
    let unmailed = without_emails(text);
    let text = unmailed.as_str();
    // Note-takers add a profile or company link beside a person; the same lists also hold the
    // meeting's own links (`Zoom: https://…`). Take the links out, and keep the line only if
    // it still names someone by handle: a link line with a bare name is too often not a person.
    let has_link = text.contains("://");
    let text: Cow<str> = match has_link {
        true => Cow::Owned(without_links(text)),
        false => Cow::Borrowed(text),
    };
    let text = text.as_ref();
    if text.is_empty() {
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
    if handle.is_none() && (team_seen || has_link) {
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
    let (mut name, name_role) = split_name_role(&name);
    if role.is_none() {
        role = name_role;
    }
    if !name.is_empty() && !looks_like_name(&name) {
        // A sentence that names someone by handle is a note, not an attendee; a name in an
        // odd shape beside a handle still leaves the handle.
        if handle.is_none() || reads_as_sentence(&name) {
            return None;
        }
        name.clear();
    }
    if handle.is_none() && name.is_empty() {
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
    for sep in [" - ", " – ", ", ", " from ", " at "] {
        if let Some((n, r)) = name.split_once(sep) {
            if looks_like_name(n.trim()) && !r.trim().is_empty() {
                return (n.trim().to_string(), Some(r.trim().to_string()));
            }
        }
    }
    (name.to_string(), None)
}

/// A person's name: 1–6 words, mostly letters, no digits or markup, not a sentence.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let lower_words = words
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()) && !PARTICLES.contains(w))
        .count();
    !words.is_empty()
        && words.len() <= 6
        && s.chars().filter(|c| c.is_alphabetic()).count() * 10 >= s.len() * 6
        && !s.ends_with('.')
        && !s.contains([':', '(', ')', '<', '>', '[', ']', '{', '}', '#', '/', '=', '|', '"'])
        && !s.contains(|c: char| c.is_ascii_digit())
        && !reads_as_sentence(s)
        // `Jane Doe` and `jane`, not `updated the xcode requirement`.
        && (words.len() < 3 || lower_words <= 1)
}

/// Lower-case words that join names (`Ludwig van Beethoven`, `María de la Cruz`).
const PARTICLES: [&str; 16] = [
    "van", "von", "der", "den", "de", "da", "das", "do", "dos", "di", "del", "della", "la", "le",
    "du", "bin",
];

/// Whether `s` holds a word that names no one, written lower-case as in a sentence (`several
/// more via YouTube`, `Michael updated the requirement`, `Ben and Fedor`). Capitalised, such a
/// word may be a name (`Will`, `Read`).
fn reads_as_sentence(s: &str) -> bool {
    const WORDS: [&str; 58] = [
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did",
        "do", "for", "from", "had", "has", "have", "in", "into", "is", "it", "its", "joined",
        "left", "more", "new", "no", "not", "of", "on", "or", "our", "others", "people", "plus",
        "several", "should", "some", "that", "the", "their", "them", "they", "this", "to",
        "update", "updated", "updates", "via", "was", "we", "were", "will", "with", "would", "you",
    ];
    // Words no name holds, however written (`Via Zoom`, `Several More`, `YouTube viewers`).
    const NEVER: [&str; 18] = [
        "via",
        "several",
        "others",
        "everyone",
        "anyone",
        "nobody",
        "attendees",
        "members",
        "youtube",
        "zoom",
        "livestream",
        "stream",
        "recording",
        "meeting",
        "agenda",
        "minutes",
        "viewers",
        "participants",
    ];
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .any(|w| WORDS.contains(&w) || NEVER.iter().any(|n| n.eq_ignore_ascii_case(w)))
        || s.split_whitespace().count() > 6
}

/// The rest of a line that says who was absent (`Apologies: Ana, Bo`, `Regrets`, `Apologies
/// for Ben and Fedor`, `Absent - Ana`): the names after the label, maybe none. `None` when the
/// line does not open with such a label.
pub fn absence_label(text: &str) -> Option<&str> {
    let t = text.trim_start_matches(['*', '_', ' ']);
    let lower = t.to_lowercase();
    const LABELS: [&str; 8] = [
        "apologies",
        "apology",
        "regrets",
        "absent",
        "not present",
        "not attending",
        "unable to attend",
        "excused",
    ];
    let label = LABELS.iter().find(|l| {
        lower.starts_with(**l)
            && lower
                .get(l.len()..)
                .and_then(|r| r.chars().next())
                .is_none_or(|c| !c.is_alphanumeric())
    })?;
    let rest = t.get(label.len()..).unwrap_or("");
    let rest = rest.trim_start_matches(['*', '_', ':', '-', '–', ' ']);
    let rest = ["for ", "from ", "received from ", "by "]
        .iter()
        .find_map(|w| {
            rest.get(..w.len())
                .filter(|head| head.eq_ignore_ascii_case(w))
                .map(|_| &rest[w.len()..])
        })
        .unwrap_or(rest);
    Some(rest.trim())
}

/// The people a list of the absent names: `Ana, Bo and Cy (@cy)` → three attendees.
pub fn parse_list(text: &str) -> Vec<Attendee> {
    let mut out = Vec::new();
    for part in text.split([',', ';', '&']) {
        let part = part.trim();
        let pieces: Vec<&str> = match part.contains(" and ") {
            true => part.split(" and ").collect(),
            false => vec![part],
        };
        out.extend(
            pieces
                .into_iter()
                .filter(|p| {
                    !["none", "nobody", "no one", "n/a", "-"]
                        .contains(&p.trim().to_lowercase().as_str())
                })
                .filter_map(parse_line),
        );
    }
    out
}

/// `text` without e-mail addresses (`<jane@example.org>`, `jane@example.org`) or what is left
/// of one (`@<jane`).
fn without_emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_string();
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';'));
            // Links are judged (and taken out) later: `https://medium.com/@jane` is one.
            let email =
                !w.contains("://") && w.find('@').is_some_and(|at| at > 0) && w.contains('.');
            !email && !w.starts_with("@<") && !w.contains("@<")
        })
        .collect();
    words.join(" ")
}

/// `text` without its links: `[label](URL)` keeps its label, bare URLs and `<URL>` go, and the
/// brackets and separators they leave behind (`()`, `, )`) go with them.
fn without_links(text: &str) -> String {
    // Markdown links first: their label may be the person (`[Jane Doe](https://…)`).
    let mut unlinked = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(mid) = rest.find("](") {
        let open = rest[..mid].rfind('[');
        let close = rest[mid + 2..].find(')').map(|c| mid + 2 + c);
        match (open, close) {
            (Some(open), Some(close)) if rest[mid + 2..close].contains("://") => {
                unlinked.push_str(&rest[..open]);
                unlinked.push_str(&rest[open + 1..mid]);
                rest = &rest[close + 1..];
            }
            _ => {
                unlinked.push_str(&rest[..mid + 2]);
                rest = &rest[mid + 2..];
            }
        }
    }
    unlinked.push_str(rest);
    // Then bare URLs, word by word: from the scheme to the end of the word, less trailing
    // punctuation that closes something opened before the URL (`(https://x),`).
    let mut words: Vec<String> = Vec::new();
    for word in unlinked.split_whitespace() {
        let Some(sep) = word.find("://") else {
            words.push(word.to_string());
            continue;
        };
        let start = word[..sep]
            .rfind(|c: char| !c.is_ascii_alphanumeric() && !matches!(c, '+' | '-' | '.'))
            .map_or(0, |i| i + 1);
        let url = &word[start..];
        let mut end = url.len();
        for (i, c) in url.char_indices().rev() {
            let closes = match c {
                ')' => url[..i].matches('(').count() <= url[..i].matches(')').count(),
                '>' | ']' | ',' | '.' | ';' | ':' | '!' | '?' => true,
                _ => false,
            };
            if !closes {
                break;
            }
            end = i;
        }
        let kept = format!("{}{}", &word[..start], &url[end..]);
        if !kept.is_empty() {
            words.push(kept);
        }
    }
    let mut out = words.join(" ");
    loop {
        let tidied = out
            .replace("( ", "(")
            .replace(" )", ")")
            .replace(" ,", ",")
            .replace("(,", "(")
            .replace(",)", ")")
            .replace("()", "")
            .replace("<>", "")
            .replace("[]", "");
        if tidied == out {
            break;
        }
        out = tidied;
    }
    // A full stop or comma that ended the URL's sentence is left standing alone: drop it.
    out.split_whitespace()
        .filter(|w| {
            !w.chars()
                .all(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    fn a_link_beside_a_person_is_dropped_and_the_person_kept() {
        assert_eq!(
            p("Jane Doe - @jdoe (https://example.org/jdoe)"),
            Some(("Jane Doe".into(), s("jdoe"), None))
        );
        assert_eq!(
            p("John (@john, https://example.org/john)"),
            Some(("John".into(), s("john"), None))
        );
        // The corpus's one such line (security-wg 2023-11-23).
        assert_eq!(
            p("Amir Montazery - @Amir-Montazery (https://github.com/ostif-org/OSTIF)"),
            Some(("Amir Montazery".into(), s("Amir-Montazery"), None))
        );
        assert_eq!(
            p("Jane Doe: @jdoe, https://jdoe.dev"),
            Some(("Jane Doe".into(), s("jdoe"), None))
        );
        assert_eq!(
            p("Jane Doe @jdoe <https://jdoe.dev> (guest)"),
            Some(("Jane Doe".into(), s("jdoe"), s("guest")))
        );
        // A markdown link keeps its label: the person's name or handle.
        assert_eq!(
            p("[Jane Doe](https://github.com/jdoe) (@jdoe)"),
            Some(("Jane Doe".into(), s("jdoe"), None))
        );
        assert_eq!(
            p("Jane Doe [@jdoe](https://github.com/jdoe)"),
            Some(("Jane Doe".into(), s("jdoe"), None))
        );
        // An `@` inside a URL is not a handle; the handle after it is.
        assert_eq!(
            p("Jane Doe (https://medium.com/@jane) @jdoe"),
            Some(("Jane Doe".into(), s("jdoe"), None))
        );
        // The role survives, the link beside it does not.
        assert_eq!(
            p("Jane Doe - @jdoe (Example Corp, https://example.com)"),
            Some(("Jane Doe".into(), s("jdoe"), s("Example Corp")))
        );
    }

    #[test]
    fn a_line_that_is_a_link_is_not_a_person() {
        for line in [
            "https://zoom.us/j/123",
            "<https://zoom.us/j/123>",
            "[https://zoom.us/j/123](https://zoom.us/j/123)",
            "Zoom: https://zoom.us/j/123",
            "Recording: https://www.youtube.com/@nodejs-official",
            "[Meeting notes](https://hackmd.io/@nodejs/notes)",
            "Jane Doe (https://example.org/jane)",
            "Team: @nodejs/security-wg https://github.com/orgs/nodejs/teams/security-wg",
        ] {
            assert_eq!(p(line), None, "{line}");
        }
    }

    #[test]
    fn links_come_out_with_what_they_leave_behind() {
        assert_eq!(without_links("a (https://x.org/y) b"), "a b");
        assert_eq!(without_links("a (b, https://x.org/y)"), "a (b)");
        assert_eq!(without_links("a (https://x.org/y, b)"), "a (b)");
        assert_eq!(without_links("see https://x.org/y."), "see");
        assert_eq!(
            without_links("w https://en.wikipedia.org/wiki/A_(b) c"),
            "w c"
        );
        assert_eq!(
            without_links("[label](https://x.org) and [x](y)"),
            "label and [x](y)"
        );
        assert_eq!(without_links("https://x.org"), "");
    }

    #[test]
    fn finds_handles_in_notes() {
        assert_eq!(
            handles_in("@Ana will follow up with @nodejs/tsc; mail a@b.org, cc @bob-2."),
            ["ana", "bob-2"]
        );
    }

    #[test]
    fn sentences_apologies_and_mail_fragments_are_not_people() {
        for line in [
            "several more via YouTube",
            "Apologies for Ben and Fedor",
            "Apologies from",
            "Regrets: Ana",
            "node-newrelic) <forrest@example.com>",
            "@<sepi@example.com>",
            "Michael updated xcode requirement for the macOS machines",
            "New pull request",
            "Owen will ask @owen about it",
            "Via Zoom",
            "Several More",
        ] {
            assert_eq!(p(line), None, "{line}");
        }
        assert_eq!(
            p("Sam Roberts (@sam-github) <sam@example.com>"),
            Some(("Sam Roberts".into(), s("sam-github"), None))
        );
        assert_eq!(
            p("Ludwig van Beethoven"),
            Some(("Ludwig van Beethoven".into(), None, None))
        );
        assert_eq!(p("Will Smith"), Some(("Will Smith".into(), None, None)));
        assert_eq!(
            p("Diogo Sant'Anna from GOSST @diogoteles08"),
            Some(("Diogo Sant'Anna".into(), s("diogoteles08"), s("GOSST")))
        );
    }

    #[test]
    fn absence_lines_give_their_names() {
        assert_eq!(
            absence_label("Apologies for Ben and Fedor"),
            Some("Ben and Fedor")
        );
        assert_eq!(absence_label("**Regrets**:"), Some(""));
        assert_eq!(absence_label("Absent - Ana"), Some("Ana"));
        assert_eq!(absence_label("Absentminded Bob"), None);
        let names: Vec<String> = parse_list("Ben and Fedor, Ana (@ana); none")
            .into_iter()
            .map(|a| a.key())
            .collect();
        assert_eq!(names, ["ben", "fedor", "ana"]);
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
