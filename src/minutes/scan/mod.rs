//! The line walker behind [`super::parse`]: one pass over the body's lines that tracks the
//! current section and repo heading and collects the title, links, attendees and agenda items.
//! What an agenda item's own lines say (its title, whether it is one, its status) is in [`item`].

mod item;
mod nested;
mod present;

use super::lines::{self, code_or_comment_mask, heading, indent_of, list_item};
use super::refs::{self, Form, Resolver};
use super::{attendees, ParseContext};
use crate::diag::Diagnostic;
use crate::model::{
    AgendaItem, Attendee, IssueRef, MeetingLinks, NameError, NoteMention, Owner, RepoName, Status,
};
use item::{cites_as_item, clean_title, finish, note_mismatch, title_without};
use nested::{companions, group_at, mention, Group};
use std::collections::HashSet;

pub struct Scanned {
    /// The title heading's text and its 0-based body line.
    pub title: Option<(String, usize)>,
    pub title_line: Option<usize>,
    pub links: MeetingLinks,
    pub attendees: Vec<Attendee>,
    pub absent: Vec<Attendee>,
    pub items: Vec<AgendaItem>,
    pub mentions: Vec<NoteMention>,
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
        /// A list of the absent (`## Regrets`, `### Apologies` under `Present`).
        absent: bool,
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
    /// Other items named on the same line (`[#1](…) / Title [#2](…)`): they share the notes.
    also: Vec<(IssueRef, String)>,
    /// Set for the items of a "we did not discuss these" list.
    status: Option<Status>,
}

impl Open {
    fn new(reference: IssueRef, title: String, line: usize, section: Option<String>) -> Open {
        Open {
            reference,
            title,
            line,
            section,
            notes: Vec::new(),
            also: Vec::new(),
            status: None,
        }
    }
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
        return Some(Section::Present {
            level,
            absent: false,
        });
    }
    if ["regrets", "apologies", "absent", "absentees", "not present"]
        .iter()
        .any(|w| names_section(w))
    {
        return Some(Section::Present {
            level,
            absent: true,
        });
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
        absent: Vec::new(),
        items: Vec::new(),
        mentions: Vec::new(),
        diagnostics: Vec::new(),
        structured: Vec::new(),
    };
    let mut structured_from: Option<usize> = None;
    let mut section = Section::Preamble;
    let mut repo: Option<((Owner, RepoName), usize, String)> = None;
    let mut base_indent: Option<usize> = None;
    let mut open: Option<Open> = None;
    let mut pending_title: Option<String> = None;
    let mut standing = false;
    let mut skip_next = false;
    let mut seen_handles = HashSet::new();
    let mut group: Option<Group> = None;
    // Inside `Present`: the indentation of a `Regrets:` label whose list follows (and whether
    // the label was a bullet).
    let mut absent_list: Option<(usize, bool)> = None;

    let close = |open: &mut Option<Open>, out: &mut Scanned| {
        if let Some(o) = open.take() {
            out.items.extend(finish(o, body, &mask, fm_lines));
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
        for r in refs::rejected(raw, &resolver) {
            out.diagnostics
                .push(rejected_reference(path, line_no(k), raw, &r));
        }
        if let Some(h) = heading(raw) {
            close(&mut open, &mut out);
            pending_title = None;
            base_indent = None;
            group = None;
            absent_list = None;
            if h.level == 1 && out.title.is_none() && section_of(h.text, 1).is_none() {
                out.title = Some((h.text.to_string(), k));
                out.title_line = Some(k);
                continue;
            }
            if let Section::Present { level, .. } = section {
                // A group of attendees under `Present` goes on with the list; any other heading
                // (`### Announcements`, `### nodejs/node`) ends it.
                if let Some(g) = present::group_of(h.text).filter(|_| h.level > level) {
                    section = Section::Present {
                        level,
                        absent: g == present::Group::Absent,
                    };
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
            match repo_heading(h.text, &known_owners) {
                Some(Ok(r)) => {
                    repo = Some((r, h.level, h.text.trim().to_string()));
                    section = Section::Agenda;
                    continue;
                }
                Some(Err(why)) => out.diagnostics.push(Diagnostic::warning(
                    path,
                    line_no(k),
                    raw.find(h.text).map_or(1, |c| raw[..c].chars().count() + 1),
                    BAD_REFERENCE,
                    format!(
                        "heading `{}` names no GitHub repository ({why}); `#N` under it are \
                         not resolved to it",
                        h.text.trim()
                    ),
                )),
                None => {}
            }
            if repo.as_ref().is_some_and(|(_, level, _)| h.level <= *level) {
                repo = None;
            }
            section = Section::Agenda;
            // A heading that carries a reference is itself an agenda item.
            let found = refs::find(h.text, &resolver);
            if let Some(f) = found.first() {
                note_mismatch(f, path, line_no(k), &mut out.diagnostics);
                open = Some(Open::new(
                    f.reference.clone(),
                    title_without(h.text, f),
                    line_no(k),
                    repo.as_ref().map(|r| r.2.clone()),
                ));
            }
            continue;
        }
        let trimmed = raw.trim();
        match section {
            Section::Links | Section::Preamble if link_line(raw, &mut out.links) => continue,
            Section::Links | Section::Closing => continue,
            Section::Present { absent, .. } => {
                let li = list_item(raw);
                let text = li.as_ref().map_or(trimmed, |li| li.text);
                let indent = li.as_ref().map_or_else(|| indent_of(raw), |l| l.indent);
                if trimmed.is_empty() {
                    continue;
                }
                if let Some((at, bullet)) = absent_list {
                    let under = if bullet { indent > at } else { li.is_some() };
                    if under {
                        out.absent.extend(attendees::parse_list(text));
                        continue;
                    }
                    absent_list = None;
                }
                if let Some(names) = attendees::absence_label(text) {
                    match names.is_empty() {
                        true => absent_list = Some((indent, li.is_some())),
                        false => out.absent.extend(attendees::parse_list(names)),
                    }
                    continue;
                }
                if refs::find(text, &resolver).is_empty() {
                    if present::group_of(text).is_some() {
                        continue; // `Guests:`, `TSC members`: a label, not a person
                    }
                    if absent {
                        out.absent.extend(attendees::parse_list(text));
                    } else if let Some(a) = attendees::parse_line(text) {
                        if a.handle
                            .as_ref()
                            .is_none_or(|h| seen_handles.insert(h.to_ascii_lowercase()))
                        {
                            out.attendees.push(a);
                        }
                    }
                    continue;
                }
                // An issue reference is no person: the agenda has begun without a heading.
                if let Some(from) = structured_from.take() {
                    out.structured.push(from..k);
                }
                section = Section::Agenda;
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
            if top_level && li.task.is_some() && group.is_none() {
                // Checklist lines are standing items (reviews, searches), not agenda issues;
                // an issue they name is mentioned.
                close(&mut open, &mut out);
                pending_title = None;
                standing = true;
                let found = refs::find(li.text, &resolver);
                mention(&mut out.mentions, &found, line_no(k), None, &[]);
                continue;
            }
        }
        let found = refs::find(li.as_ref().map_or(trimmed, |l| l.text), &resolver);
        let item_text = li.as_ref().map_or(trimmed, |l| l.text);
        if group.as_ref().is_some_and(|g| indent <= g.indent) {
            group = None;
        }
        if let Some(g) = &group {
            // Inside a group: its children are items, anything deeper is their notes.
            match li
                .as_ref()
                .filter(|l| g.is_child(l.indent))
                .and_then(|l| nested::item_ref(l.text, &resolver).map(|f| (l.text, f)))
            {
                Some((text, f)) => {
                    close(&mut open, &mut out);
                    note_mismatch(&f, path, line_no(k), &mut out.diagnostics);
                    let mut o = open_item(text, &f, &found, line_no(k), &repo);
                    if o.title.is_empty() {
                        o.title = g.parent.clone();
                    }
                    if g.not_discussed {
                        o.status = Some(Status::NotDiscussed);
                    }
                    open = Some(o);
                }
                None => {
                    if let Some(o) = open.as_mut() {
                        o.notes.push(k);
                    }
                }
            }
            note_mentions(&mut out.mentions, &found, line_no(k), open.as_ref());
            continue;
        }
        if let Some(l) = li.as_ref().filter(|_| top_level && found.is_empty()) {
            // A plain bullet over agenda items: a group of them.
            if let Some(g) = group_at(body, &mask, k, l.indent, l.text, &resolver) {
                close(&mut open, &mut out);
                pending_title = None;
                group = Some(g);
                continue;
            }
        }
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
                open = Some(open_item(li.text, f, &found, line_no(k), &repo));
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
                        open = Some(Open::new(
                            f.reference.clone(),
                            clean_title(&title),
                            line_no(k),
                            repo.as_ref().map(|r| r.2.clone()),
                        ));
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
                open = Some(Open::new(
                    f.reference.clone(),
                    title,
                    line_no(k),
                    repo.as_ref().map(|r| r.2.clone()),
                ));
            }
            _ => {
                if let Some(o) = open.as_mut() {
                    o.notes.push(k);
                }
            }
        }
        note_mentions(&mut out.mentions, &found, line_no(k), open.as_ref());
    }
    close(&mut open, &mut out);
    if let Some(from) = structured_from {
        out.structured.push(from..body.len());
    }
    out
}

/// The item a line opens at `f`, with the other items the line names beside it.
fn open_item(
    text: &str,
    f: &refs::Found,
    found: &[refs::Found],
    line: usize,
    repo: &Option<((Owner, RepoName), usize, String)>,
) -> Open {
    let more = companions(text, found, f);
    let title = match more.is_empty() {
        true => title_without(text, f),
        false => title_without(text.get(..f.span.end).unwrap_or(text), f),
    };
    let shared = std::iter::once(title.as_str())
        .chain(more.iter().map(|m| m.1.as_str()))
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .to_string();
    let mut open = Open::new(
        f.reference.clone(),
        if title.is_empty() {
            shared.clone()
        } else {
            title
        },
        line,
        repo.as_ref().map(|r| r.2.clone()),
    );
    open.also = more
        .into_iter()
        .map(|(g, t)| (g.reference, if t.is_empty() { shared.clone() } else { t }))
        .collect();
    open
}

/// The mentions on line `line`: references that are not the open item (which the line opened
/// or is a note of) nor the items beside it.
fn note_mentions(
    mentions: &mut Vec<NoteMention>,
    found: &[refs::Found],
    line: usize,
    open: Option<&Open>,
) {
    let items: Vec<&IssueRef> =
        open.map_or_else(Vec::new, |o| o.also.iter().map(|a| &a.0).collect());
    mention(mentions, found, line, open.map(|o| &o.reference), &items);
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

/// The code of a reference, or a repo heading, whose names GitHub would refuse.
pub const BAD_REFERENCE: &str = "bad-reference";

/// The warning for what `line` writes as a reference at `r.span` but is none.
fn rejected_reference(path: &str, line_no: usize, line: &str, r: &refs::Rejected) -> Diagnostic {
    let written = line.get(r.span.clone()).unwrap_or_default();
    let col = line.get(..r.span.start).map_or(0, |b| b.chars().count()) + 1;
    Diagnostic::warning(
        path,
        line_no,
        col,
        BAD_REFERENCE,
        format!(
            "`{written}` is not an issue reference ({}): it gets no issue page",
            r.why
        ),
    )
    .with_help(
        "a GitHub owner is letters, digits and hyphens (up to 39); a repository name is \
         letters, digits, `.`, `_` and `-`, not `.`, `..` or ending in `.git`",
    )
}

/// `owner/repo` heading text whose owner is one the minutes link to (so `Q/A` and
/// `Observers/Guests` are not repos).
/// `Some(Err)` for such a heading whose names GitHub would refuse (`### ../..` when the file
/// links to `github.com/../`): it sets no repo, and is reported.
fn repo_heading(
    text: &str,
    known_owners: &HashSet<String>,
) -> Option<Result<(Owner, RepoName), NameError>> {
    let t = text.trim().trim_matches(['`', '*', '[', ']']).trim();
    let (o, r) = t.split_once('/')?;
    let name_like = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if !(name_like(o) && name_like(r) && known_owners.contains(&o.to_ascii_lowercase())) {
        return None;
    }
    Some(crate::model::parse_repo_path(t))
}

/// Owners of every GitHub URL in the file, plus the group's own.
fn owners_in(body: &[&str], ctx: &ParseContext) -> HashSet<String> {
    let mut owners = HashSet::new();
    if let Some((o, _)) = &ctx.repo {
        owners.insert(o.to_string());
    }
    for (o, _) in ctx.aliases.values() {
        owners.insert(o.to_string());
    }
    for from in ctx.aliases.keys() {
        if let Some((o, _)) = from.split_once('/') {
            owners.insert(o.to_string());
        }
    }
    let github = crate::find::Needle::new("github.com/");
    for line in body {
        for i in github.positions(line) {
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
