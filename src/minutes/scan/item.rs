//! An agenda item's own text: whether a line is about the issue it cites, the title without
//! the reference, and the finished item with its notes and status.

use super::Open;
use crate::diag::Diagnostic;
use crate::minutes::lines::{self, indent_of, list_item};
use crate::minutes::refs;
use crate::model::{AgendaItem, Status};

/// Whether a reference names the line's subject: it opens the line, or closes it (at most a few
/// words follow). `Title [#1](…)`, `#1 Title`, `https://…/1 - notes` qualify;
/// `Sam: this is covered in https://…/4 and we will …` does not.
pub(super) fn cites_as_item(text: &str, f: &refs::Found) -> bool {
    let before = text.get(..f.span.start).unwrap_or("");
    let after = text.get(f.span.end..).unwrap_or("");
    let opens = before
        .trim_matches(|c: char| !c.is_alphanumeric())
        .is_empty();
    // A link with words for text (`the status of [NPM assertions](…)`) is what the line is about.
    if opens || descriptive_link_text(f).is_some() {
        return true;
    }
    // `… driven by the scripts (see #860).` cites an issue; it is not about it.
    let lead = before.trim_end().to_lowercase();
    if [
        "see", "see:", "(see", "cf.", "(cf.", "ref:", "(ref:", "also", "like", "via", "per",
    ]
    .iter()
    .any(|w| lead.ends_with(w))
    {
        return false;
    }
    // Text after a dash is a note about the item: `Title #1 - agreed to land`.
    let after = after
        .split([' '])
        .take_while(|w| !matches!(*w, "-" | "–" | "—"))
        .collect::<Vec<_>>()
        .join(" ");
    let trailing_words = after
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    trailing_words <= 3
}

/// The text of a markdown link when it is words, not a number (`#12`, `12`, `repo#12`).
fn descriptive_link_text(f: &refs::Found) -> Option<&str> {
    let t = f.link_text.as_deref()?.trim();
    let is_number = t
        .rsplit('#')
        .next()
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    (!t.is_empty() && !is_number && !t.starts_with("http")).then_some(t)
}

/// The item title: the line without the reference, escapes undone, dangling separators trimmed.
pub(super) fn title_without(text: &str, f: &refs::Found) -> String {
    let before = text.get(..f.span.start).unwrap_or("");
    let after = text.get(f.span.end..).unwrap_or("");
    // A descriptive link keeps its words in the title; a number link is dropped.
    let middle = descriptive_link_text(f).unwrap_or("");
    let (before, after) = (before.trim_end(), after.trim_start());
    let mut title = String::with_capacity(before.len() + middle.len() + after.len() + 2);
    for (i, part) in [before, middle, after].into_iter().enumerate() {
        if i > 0 {
            title.push(' ');
        }
        title.push_str(part);
    }
    if title.trim().is_empty() {
        // Only the link: its text, when it is words (not `#12`, `repo#12` or the URL).
        if let Some(t) = descriptive_link_text(f) {
            title = t.to_string();
        }
    }
    clean_title(&lines::unescape(&title))
}

pub(super) fn clean_title(t: &str) -> String {
    let unlinked = without_link_targets(t);
    let mut words = String::with_capacity(t.len());
    lines::push_words(&mut words, &unlinked);
    // Brackets the reference sat in (`Threat model (#51)`) are left empty: drop them. Most
    // titles have none, and skip the second pass.
    if ["()", "( )", "[]"].iter().any(|b| words.contains(b)) {
        let dropped = words
            .replace("( )", " ")
            .replace("()", " ")
            .replace("[]", " ");
        words.clear();
        lines::push_words(&mut words, &dropped);
    }
    let t = words.as_str();
    let t = t.trim_start_matches(['-', '–', '—', ':', ' ']);
    // A reference cut from the middle of a sentence leaves the sentence's punctuation (`, and
    // more`, `. Who will`); `.npmrc` keeps its dot.
    let t = match t.strip_prefix([',', ';', '.']) {
        Some(rest) if rest.is_empty() || rest.starts_with(' ') => rest.trim_start(),
        _ => t,
    };
    let t = t.trim_end_matches(['-', '–', '—', ':', ',', '(', ' ', '|']);
    let t = t.strip_suffix("()").unwrap_or(t).trim_end();
    t.trim_matches('~').trim().to_string()
}

/// `text` with each markdown link `[words](target)` left as its words: a title is plain text.
fn without_link_targets(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("](") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Each byte is looked at a bounded number of times: the text before `](` once (and passed),
    // the target only when a `[` opened the link (and passed with it).
    while let Some(mid) = rest.find("](") {
        let Some(open) = rest.get(..mid).and_then(|head| head.rfind('[')) else {
            out.push_str(rest.get(..mid + 2).unwrap_or(""));
            rest = rest.get(mid + 2..).unwrap_or("");
            continue;
        };
        let Some(close) = rest.get(mid + 2..).and_then(|tail| tail.find(')')) else {
            break; // no `)` closes this link, nor any later one
        };
        out.push_str(rest.get(..open).unwrap_or(""));
        out.push_str(rest.get(open + 1..mid).unwrap_or(""));
        rest = rest.get(mid + 2 + close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

pub(super) fn note_mismatch(f: &refs::Found, path: &str, line: usize, diags: &mut Vec<Diagnostic>) {
    if let Some(text) = &f.text_mismatch {
        diags.push(Diagnostic::warning(
            path,
            line,
            f.span.start + 1,
            "ref-mismatch",
            format!(
                "link text `{text}` disagrees with its URL ({}); using the URL",
                f.reference.github_url()
            ),
        ));
    }
}

/// Builds the finished item (and the items named beside it on its line, which share its
/// notes): notes de-indented, status recognised.
pub(super) fn finish(o: Open, body: &[&str], mask: &[bool], _fm_lines: usize) -> Vec<AgendaItem> {
    let mut notes: Vec<usize> = o.notes;
    while notes
        .last()
        .is_some_and(|&n| body.get(n).is_none_or(|l| l.trim().is_empty()))
    {
        notes.pop();
    }
    while notes
        .first()
        .is_some_and(|&n| body.get(n).is_none_or(|l| l.trim().is_empty()))
    {
        notes.remove(0);
    }
    let min_indent = notes
        .iter()
        .filter_map(|&n| body.get(n))
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let mut md = String::new();
    for &n in &notes {
        let line = body.get(n).copied().unwrap_or("");
        let is_code = mask.get(n).copied().unwrap_or(false);
        let text = if is_code || list_item(line).is_some() {
            line.get(min_indent.min(indent_of(line))..).unwrap_or(line)
        } else {
            // Plain lines lose their indentation: left over, it would make a code block.
            line.trim_start()
        };
        md.push_str(text.trim_end());
        md.push('\n');
    }
    let (status, status_text) = match o.status {
        Some(s) => (Some(s), None),
        None => status_of(&o.title, &notes, body),
    };
    let struck = o.title.starts_with("~~");
    let first = AgendaItem {
        reference: o.reference,
        title: o.title,
        notes_md: md,
        status: status.or(struck.then_some(Status::StruckOut)),
        status_text,
        line: o.line,
        section: o.section,
    };
    let mut items = Vec::with_capacity(1 + o.also.len());
    for (reference, title) in o.also {
        items.push(AgendaItem {
            reference,
            title,
            ..first.clone()
        });
    }
    items.insert(0, first);
    items
}

/// The first note line (or the title) that says what became of the item.
fn status_of(title: &str, notes: &[usize], body: &[&str]) -> (Option<Status>, Option<String>) {
    let lines = std::iter::once(title).chain(notes.iter().filter_map(|&n| body.get(n).copied()));
    for line in lines {
        let text = list_item(line).map_or(line.trim(), |l| l.text);
        if let Some(s) = recognise_status(text) {
            return (Some(s), Some(text.to_string()));
        }
    }
    (None, None)
}

/// Whether `text` may hold a status phrase: each phrase [`recognise_status`] knows holds one
/// of these words. One pass over a line, where most note lines hold none of them.
fn may_hold_status(text: &str) -> bool {
    static CUES: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "agenda",
                    "skip",
                    "no update",
                    "nothing new",
                    "no progress",
                    "merged",
                    "landed",
                    "closed",
                    "~~",
                ])
                .ok()
        });
    // Only ASCII text: lower-casing other characters can make ASCII letters (the Kelvin sign
    // becomes `k`), which the full test below sees.
    match CUES.as_ref() {
        Some(cues) if text.is_ascii() => cues.is_match(text),
        _ => true,
    }
}

/// Recognises the common status phrases; case-insensitive.
pub fn recognise_status(text: &str) -> Option<Status> {
    use crate::find::{contains, positions};
    if !may_hold_status(text) {
        return None;
    }
    let t = text.to_lowercase();
    let has_word = |w: &str| {
        positions(&t, w).any(|i| {
            let before = t[..i].chars().next_back();
            let after = t[i + w.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
    };
    if contains(&t, "agenda")
        && (contains(&t, "removed from")
            || contains(&t, "remove from")
            || contains(&t, "taken off"))
    {
        return Some(Status::Removed);
    }
    if has_word("skipped") || has_word("skip") {
        return Some(Status::Skipped);
    }
    if contains(&t, "no update") || contains(&t, "nothing new") || contains(&t, "no progress") {
        return Some(Status::NoUpdate);
    }
    // "PR merged", "Closed. Thanks!" — but not "this initiative will be closed once …".
    let short = t.split_whitespace().count() <= 4;
    let opens_with = |w: &str| {
        t.trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with(w)
    };
    if (has_word("merged") || has_word("landed"))
        && (short || opens_with("merged") || opens_with("landed"))
    {
        return Some(Status::Merged);
    }
    if has_word("closed") && (short || opens_with("closed")) {
        return Some(Status::Closed);
    }
    if t.starts_with("~~") && t.trim_end().ends_with("~~") {
        return Some(Status::StruckOut);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minutes::refs::Resolver;

    #[test]
    fn titles_lose_empty_brackets_dangling_separators_and_extra_spaces() {
        assert_eq!(clean_title("  Threat   model ( ) "), "Threat model");
        assert_eq!(clean_title("Threat model () - next"), "Threat model - next");
        assert_eq!(clean_title("- Roadmap []:"), "Roadmap");
        assert_eq!(clean_title("~~Old item~~"), "Old item");
        assert_eq!(
            clean_title("Security\tRelease\n process |"),
            "Security Release process"
        );
        assert_eq!(clean_title("Fix (see docs)"), "Fix (see docs)");
        assert_eq!(clean_title("  "), "");
        assert_eq!(clean_title(", and the docs"), "and the docs");
        assert_eq!(clean_title(".npmrc support"), ".npmrc support");
        assert_eq!(
            clean_title("Discuss the [RFC](https://example.com/rfc) draft"),
            "Discuss the RFC draft"
        );
    }

    #[test]
    fn recognises_status_phrases() {
        assert_eq!(
            recognise_status("Removed from the agenda"),
            Some(Status::Removed)
        );
        assert_eq!(recognise_status("skipped due time"), Some(Status::Skipped));
        assert_eq!(
            recognise_status("No updates this week"),
            Some(Status::NoUpdate)
        );
        assert_eq!(recognise_status("PR merged"), Some(Status::Merged));
        assert_eq!(recognise_status("Closed. Thanks!"), Some(Status::Closed));
        assert_eq!(recognise_status("SKIPPED"), Some(Status::Skipped));
        assert_eq!(
            recognise_status("S\u{212A}IPPED (with a Kelvin sign)"),
            Some(Status::Skipped),
            "lower-cased like any other text"
        );
        assert_eq!(recognise_status("Nothing to report on the draft"), None);
        assert_eq!(recognise_status("we discussed the closure plan"), None);
        assert_eq!(
            recognise_status("Once the gold standard is done, this initiative will be closed"),
            None
        );
        assert_eq!(recognise_status("Issue closed"), Some(Status::Closed));
    }

    #[test]
    fn a_citation_is_not_the_subject_of_the_line() {
        let resolver = Resolver {
            aliases: None,
            default_repo: crate::model::parse_repo_path("o/r").ok(),
        };
        let cites = |line: &str| {
            let found = refs::find(line, &resolver);
            found.first().is_some_and(|f| cites_as_item(line, f))
        };
        assert!(!cites("The release was driven by the scripts (see #860)."));
        assert!(cites("Automate security release process #860"));
        assert!(cites("Title [#5](https://github.com/o/r/issues/5)"));
        assert!(!cites(
            "Sam: this is covered in https://github.com/o/r/issues/4 and we will land it soon"
        ));
    }
}
