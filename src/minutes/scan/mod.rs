//! The line walker behind [`super::parse`]: one pass over the body's lines that tracks the
//! current section and repo heading and collects the title, links, attendees and agenda items.

use super::lines::{self, code_or_comment_mask, heading, indent_of, list_item};
use super::refs::{self, Form, Resolver};
use super::{attendees, ParseContext};
use crate::diag::Diagnostic;
use crate::model::{AgendaItem, Attendee, IssueRef, MeetingLinks, Status};
use std::collections::HashSet;

pub struct Scanned {
    /// The title heading's text and its 0-based body line.
    pub title: Option<(String, usize)>,
    pub title_line: Option<usize>,
    pub links: MeetingLinks,
    pub attendees: Vec<Attendee>,
    pub items: Vec<AgendaItem>,
    pub diagnostics: Vec<Diagnostic>,
    /// Body line ranges already shown as structure (the Links and Present sections), which the
    /// rendered minutes leave out.
    pub structured: Vec<std::ops::Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before the first section heading: old minutes put links and items here.
    Preamble,
    Links,
    Present {
        level: usize,
    },
    Agenda,
    /// `Upcoming Meetings` and the like: nothing to take.
    Closing,
}

struct Open {
    reference: IssueRef,
    title: String,
    line: usize,
    section: Option<String>,
    notes: Vec<usize>,
}

fn section_of(text: &str, level: usize) -> Option<Section> {
    let t = text.to_ascii_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    // The whole heading, or the word with a parenthetical or colon after it: `Attendance in
    // the upcoming summit? [#510](…)` is an agenda item, not the attendee list.
    let names_section = |w: &str| {
        t == w
            || t.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(" (") || rest.starts_with(':'))
    };
    if [
        "present",
        "attendees",
        "attendance",
        "in attendance",
        "participants",
        "attending",
    ]
    .iter()
    .any(|w| names_section(w))
    {
        return Some(Section::Present { level });
    }
    if t == "links" || t == "meeting links" {
        return Some(Section::Links);
    }
    if t.starts_with("upcoming meeting") || t == "next meeting" {
        return Some(Section::Closing);
    }
    None
}

pub fn scan(body: &[&str], fm_lines: usize, ctx: &ParseContext, path: &str) -> Scanned {
    let mask = code_or_comment_mask(body);
    let line_no = |k: usize| k + fm_lines + 1;
    let known_owners = owners_in(body, ctx);
    let mut out = Scanned {
        title: None,
        title_line: None,
        links: MeetingLinks::default(),
        attendees: Vec::new(),
        items: Vec::new(),
        diagnostics: Vec::new(),
        structured: Vec::new(),
    };
    let mut structured_from: Option<usize> = None;
    let mut section = Section::Preamble;
    let mut repo: Option<((String, String), usize, String)> = None;
    let mut base_indent: Option<usize> = None;
    let mut open: Option<Open> = None;
    let mut pending_title: Option<String> = None;
    let mut standing = false;
    let mut skip_next = false;
    let mut seen_handles = HashSet::new();

    let close = |open: &mut Option<Open>, out: &mut Scanned| {
        if let Some(o) = open.take() {
            out.items.push(finish(o, body, &mask, fm_lines));
        }
    };

    for (k, raw) in body.iter().enumerate() {
        if skip_next {
            skip_next = false;
            continue;
        }
        if mask.get(k).copied().unwrap_or(false) {
            if let Some(o) = open.as_mut() {
                o.notes.push(k);
            }
            continue;
        }
        let resolver = Resolver {
            aliases: Some(ctx.aliases),
            default_repo: repo
                .as_ref()
                .map(|r| r.0.clone())
                .or_else(|| ctx.repo.clone()),
        };
        if raw.contains('$') && has_placeholder(raw) {
            out.diagnostics.push(Diagnostic::warning(
                path,
                line_no(k),
                raw.find('$').map_or(1, |c| c + 1),
                "placeholder",
                format!("unfilled template placeholder: {}", raw.trim()),
            ));
        }
        if let Some(h) = heading(raw) {
            close(&mut open, &mut out);
            pending_title = None;
            base_indent = None;
            if h.level == 1 && out.title.is_none() && section_of(h.text, 1).is_none() {
                out.title = Some((h.text.to_string(), k));
                out.title_line = Some(k);
                continue;
            }
            if let Section::Present { level } = section {
                if h.level > level && section_of(h.text, h.level).is_none() {
                    continue;
                }
            }
            if let Some(from) = structured_from.take() {
                out.structured.push(from..k);
            }
            if let Some(s) = section_of(h.text, h.level) {
                if matches!(s, Section::Links | Section::Present { .. }) {
                    structured_from = Some(k);
                }
                section = s;
                repo = None;
                continue;
            }
            if let Some(r) = repo_heading(h.text, &known_owners) {
                repo = Some((r, h.level, h.text.trim().to_string()));
                section = Section::Agenda;
                continue;
            }
            if repo.as_ref().is_some_and(|(_, level, _)| h.level <= *level) {
                repo = None;
            }
            section = Section::Agenda;
            // A heading that carries a reference is itself an agenda item.
            let found = refs::find(h.text, &resolver);
            if let Some(f) = found.first() {
                note_mismatch(f, path, line_no(k), &mut out.diagnostics);
                open = Some(Open {
                    reference: f.reference.clone(),
                    title: title_without(h.text, f),
                    line: line_no(k),
                    section: repo.as_ref().map(|r| r.2.clone()),
                    notes: Vec::new(),
                });
            }
            continue;
        }
        let trimmed = raw.trim();
        match section {
            Section::Links | Section::Preamble if link_line(raw, &mut out.links) => continue,
            Section::Links | Section::Closing => continue,
            Section::Present { .. } => {
                let text = list_item(raw).map_or(trimmed, |li| li.text);
                if let Some(a) = attendees::parse_line(text) {
                    if a.handle
                        .as_ref()
                        .is_none_or(|h| seen_handles.insert(h.to_ascii_lowercase()))
                    {
                        out.attendees.push(a);
                    }
                }
                continue;
            }
            _ => {}
        }
        if trimmed.is_empty() {
            standing = false;
            if let Some(o) = open.as_mut() {
                o.notes.push(k);
            }
            continue;
        }
        let li = list_item(raw);
        // A plain line right under a checklist line continues it (CommonMark's lazy
        // continuation): `- [ ] Scorecard review - …` then `https://…/pull/981`.
        if standing && li.is_none() {
            continue;
        }
        standing = false;
        let indent = li.as_ref().map_or_else(|| indent_of(raw), |l| l.indent);
        let base = *base_indent.get_or_insert(indent);
        let top_level = indent <= base + 1;
        if let Some(li) = &li {
            if top_level && li.task.is_some() {
                // Checklist lines are standing items (reviews, searches), not agenda issues.
                close(&mut open, &mut out);
                pending_title = None;
                standing = true;
                continue;
            }
        }
        let found = refs::find(li.as_ref().map_or(trimmed, |l| l.text), &resolver);
        let item_text = li.as_ref().map_or(trimmed, |l| l.text);
        // A line that breaks off after a comma goes on over the next line (a lazy
        // continuation): judge the sentence whole. (`Title [#5](…)` followed by plain notes is
        // not one sentence.)
        let continued = body
            .get(k + 1)
            .filter(|_| item_text.trim_end().ends_with(','))
            .filter(|next| {
                !next.trim().is_empty()
                    && list_item(next).is_none()
                    && heading(next).is_none()
                    && !mask.get(k + 1).copied().unwrap_or(true)
                    && refs::find(next.trim(), &resolver)
                        .first()
                        .is_none_or(|f| f.span.start > 0)
            })
            .map_or_else(
                || item_text.to_string(),
                |next| format!("{item_text} {}", next.trim()),
            );
        // A markdown link is the canonical form: it names the item even after a `#N` aside.
        let first = found
            .iter()
            .find(|f| f.form == Form::Link)
            .or_else(|| found.first())
            .filter(|f| {
                // A sibling line about the item already open is one of its notes, and so is a
                // sentence that merely cites an issue in its middle.
                (f.form == Form::Link
                    || open
                        .as_ref()
                        .is_none_or(|o| o.reference.key() != f.reference.key()))
                    && cites_as_item(&continued, f)
            });
        let starts_with_ref = found
            .first()
            .is_some_and(|f| f.span.start == 0 && matches!(f.form, Form::Link | Form::Url));
        match (&li, first) {
            (Some(li), Some(f)) if top_level => {
                close(&mut open, &mut out);
                pending_title = None;
                note_mismatch(f, path, line_no(k), &mut out.diagnostics);
                open = Some(Open {
                    reference: f.reference.clone(),
                    title: title_without(li.text, f),
                    line: line_no(k),
                    section: repo.as_ref().map(|r| r.2.clone()),
                    notes: Vec::new(),
                });
            }
            (Some(li), None) if top_level && open.as_ref().is_none_or(|_| indent <= base) => {
                // A title whose link was wrapped onto the next line (possibly after a blank).
                let next = next_content_line(body, &mask, k);
                let wrapped = next.and_then(|n| {
                    let line = body.get(n)?;
                    if list_item(line).is_some() || heading(line).is_some() {
                        return None;
                    }
                    let f = refs::find(line.trim(), &resolver).into_iter().next()?;
                    (f.span.start == 0 && matches!(f.form, Form::Link | Form::Url)).then_some((
                        n,
                        f,
                        line.trim().to_string(),
                    ))
                });
                match wrapped {
                    Some((n, f, line)) if n == k + 1 => {
                        close(&mut open, &mut out);
                        pending_title = None;
                        note_mismatch(&f, path, line_no(n), &mut out.diagnostics);
                        let rest = title_without(&line, &f);
                        let title = if rest.is_empty() {
                            lines::unescape(li.text)
                        } else {
                            format!("{} {rest}", lines::unescape(li.text))
                        };
                        open = Some(Open {
                            reference: f.reference.clone(),
                            title: clean_title(&title),
                            line: line_no(k),
                            section: repo.as_ref().map(|r| r.2.clone()),
                            notes: Vec::new(),
                        });
                        skip_next = true;
                    }
                    Some(_) => {
                        close(&mut open, &mut out);
                        pending_title = Some(li.text.to_string());
                    }
                    None => match open.as_mut() {
                        Some(o) => o.notes.push(k),
                        None => pending_title = None,
                    },
                }
            }
            (None, Some(f)) if starts_with_ref && indent <= base + 1 => {
                // A paragraph that starts with the reference: `[#1159](…) Title`.
                close(&mut open, &mut out);
                note_mismatch(f, path, line_no(k), &mut out.diagnostics);
                let rest = title_without(trimmed, f);
                let title = match pending_title.take() {
                    Some(p) if rest.is_empty() => clean_title(&lines::unescape(&p)),
                    _ => rest,
                };
                open = Some(Open {
                    reference: f.reference.clone(),
                    title,
                    line: line_no(k),
                    section: repo.as_ref().map(|r| r.2.clone()),
                    notes: Vec::new(),
                });
            }
            _ => {
                if let Some(o) = open.as_mut() {
                    o.notes.push(k);
                }
            }
        }
    }
    close(&mut open, &mut out);
    if let Some(from) = structured_from {
        out.structured.push(from..body.len());
    }
    out
}

fn next_content_line(body: &[&str], mask: &[bool], k: usize) -> Option<usize> {
    let mut blanks = 0;
    for n in k + 1..body.len() {
        if mask.get(n).copied().unwrap_or(true) {
            return None;
        }
        if body.get(n).is_some_and(|l| l.trim().is_empty()) {
            blanks += 1;
            if blanks > 1 {
                return None;
            }
            continue;
        }
        return Some(n);
    }
    None
}

/// Whether a reference names the line's subject: it opens the line, or closes it (at most a few
/// words follow). `Title [#1](…)`, `#1 Title`, `https://…/1 - notes` qualify;
/// `Sam: this is covered in https://…/4 and we will …` does not.
fn cites_as_item(text: &str, f: &refs::Found) -> bool {
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
fn title_without(text: &str, f: &refs::Found) -> String {
    let before = text.get(..f.span.start).unwrap_or("");
    let after = text.get(f.span.end..).unwrap_or("");
    // A descriptive link keeps its words in the title; a number link is dropped.
    let middle = descriptive_link_text(f).unwrap_or("");
    let mut title = format!("{} {middle} {}", before.trim_end(), after.trim_start());
    if title.trim().is_empty() {
        // Only the link: its text, when it is more than the number.
        if let Some(t) = &f.link_text {
            if !t
                .trim_start_matches('#')
                .chars()
                .all(|c| c.is_ascii_digit())
            {
                title = t.clone();
            }
        }
    }
    clean_title(&lines::unescape(&title))
}

fn clean_title(t: &str) -> String {
    // Brackets the reference sat in (`Threat model (#51)`) are left empty: drop them.
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.replace("( )", " ").replace("()", " ").replace("[]", " ");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_start_matches(['-', '–', '—', ':', ' ']);
    let t = t.trim_end_matches(['-', '–', '—', ':', ',', '(', ' ', '|']);
    let t = t.strip_suffix("()").unwrap_or(t).trim_end();
    t.trim_matches('~').trim().to_string()
}

fn note_mismatch(f: &refs::Found, path: &str, line: usize, diags: &mut Vec<Diagnostic>) {
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

/// Builds the finished item: notes de-indented, status recognised.
fn finish(o: Open, body: &[&str], mask: &[bool], _fm_lines: usize) -> AgendaItem {
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
    let (status, status_text) = status_of(&o.title, &notes, body);
    let struck = o.title.starts_with("~~");
    AgendaItem {
        reference: o.reference,
        title: o.title,
        notes_md: md,
        status: status.or(struck.then_some(Status::StruckOut)),
        status_text,
        line: o.line,
        section: o.section,
    }
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

/// Recognises the common status phrases; case-insensitive.
pub fn recognise_status(text: &str) -> Option<Status> {
    let t = text.to_lowercase();
    let has_word = |w: &str| {
        t.match_indices(w).any(|(i, _)| {
            let before = t[..i].chars().next_back();
            let after = t[i + w.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
    };
    if (t.contains("removed from") || t.contains("remove from") || t.contains("taken off"))
        && t.contains("agenda")
    {
        return Some(Status::Removed);
    }
    if has_word("skipped") || has_word("skip") {
        return Some(Status::Skipped);
    }
    if t.contains("no update") || t.contains("nothing new") || t.contains("no progress") {
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

/// `owner/repo` heading text whose owner is one the minutes link to (so `Q/A` and
/// `Observers/Guests` are not repos).
fn repo_heading(text: &str, known_owners: &HashSet<String>) -> Option<(String, String)> {
    let t = text.trim().trim_matches(['`', '*', '[', ']']).trim();
    let (o, r) = crate::config::parse_repo(t)?;
    known_owners.contains(&o).then_some((o, r))
}

/// Owners of every GitHub URL in the file, plus the group's own.
fn owners_in(body: &[&str], ctx: &ParseContext) -> HashSet<String> {
    let mut owners = HashSet::new();
    if let Some((o, _)) = &ctx.repo {
        owners.insert(o.clone());
    }
    for target in ctx.aliases.values().chain(ctx.aliases.keys()) {
        if let Some((o, _)) = target.split_once('/') {
            owners.insert(o.to_string());
        }
    }
    for line in body {
        for (i, _) in line.match_indices("github.com/") {
            let rest = &line[i + "github.com/".len()..];
            let owner: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            if !owner.is_empty() {
                owners.insert(owner.to_ascii_lowercase());
            }
        }
    }
    owners
}

/// `$GITHUB_ISSUE$`-style leftovers from a template.
fn has_placeholder(line: &str) -> bool {
    let mut parts = line.split('$');
    parts.next();
    parts.any(|p| p.len() >= 3 && p.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        && line.matches('$').count() >= 2
}

/// Recognises `**Recording**: URL`-style lines; returns whether the line was one.
fn link_line(raw: &str, links: &mut MeetingLinks) -> bool {
    let text = list_item(raw).map_or(raw.trim(), |l| l.text);
    let Some((label, value)) = text.split_once(':').filter(|(l, _)| !l.contains("//")) else {
        return false;
    };
    let label = label.replace(['*', '_'], "").trim().to_ascii_lowercase();
    if label.len() > 40 {
        return false;
    }
    let url = value
        .split_whitespace()
        .map(|w| w.trim_matches(['<', '>', '(', ')']))
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(str::to_string);
    if label.contains("previous meeting")
        || label.contains("next meeting")
        || label.contains("calendar")
    {
        return true;
    }
    let slot =
        if label.contains("recording") || label.contains("video") || label.contains("youtube") {
            &mut links.recording
        } else if label.contains("issue") {
            &mut links.issue
        } else if label.contains("doc") || label.contains("minutes") || label.contains("notes") {
            &mut links.doc
        } else {
            return false;
        };
    if slot.is_none() {
        *slot = url;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

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
            default_repo: Some(("o".into(), "r".into())),
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

    #[test]
    fn recognises_link_lines() {
        let mut links = MeetingLinks::default();
        assert!(link_line(
            "* **Recording**:  https://youtu.be/x",
            &mut links
        ));
        assert!(link_line(
            "* **GitHub Issue**:https://github.com/o/r/issues/1",
            &mut links
        ));
        assert!(link_line("* **Recording**:", &mut links));
        assert_eq!(links.recording.as_deref(), Some("https://youtu.be/x"));
        assert_eq!(
            links.issue.as_deref(),
            Some("https://github.com/o/r/issues/1")
        );
        assert!(!link_line("* Rafael Gonzaga: @RafaelGSS", &mut links));
    }

    #[test]
    fn spots_placeholders() {
        assert!(has_placeholder("* **GitHub Issue**: $GITHUB_ISSUE$"));
        assert!(!has_placeholder("costs $5 or $10"));
    }
}
