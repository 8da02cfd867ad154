//! The line walker behind [`super::parse`]: one pass over the body's lines that tracks the
//! current section and repo heading and collects the title, links, attendees and agenda items.
//! What an agenda item's own lines say (its title, whether it is one, its status) is in [`item`].

mod item;
mod nested;
mod present;
mod sections;

use super::lines::{self, code_or_comment_mask, heading, indent_of, list_item};
use super::refs::{self, Form, Resolver};
use super::{attendees, ParseContext};
use crate::diag::Diagnostic;
use crate::model::{
    AgendaItem, Attendee, IssueRef, MeetingLinks, NoteMention, Owner, RepoName, Status,
};
use item::{cites_as_item, clean_title, finish, note_mismatch, title_without};
use nested::{group_at, mention, note_mentions, open_item, Group};
use sections::{has_placeholder, link_line, owners_in, repo_heading, section_of, Section};
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
            Section::Links | Section::Preamble if link_line(raw, &mut out.links) => {
                links_mention(&mut out.mentions, trimmed, &resolver, line_no(k));
                continue;
            }
            Section::Links => {
                links_mention(&mut out.mentions, trimmed, &resolver, line_no(k));
                continue;
            }
            Section::Closing => continue,
            Section::Present { absent, .. } => {
                let li = list_item(raw);
                let text = li.as_ref().map_or(trimmed, |li| li.text);
                let indent = li.as_ref().map_or_else(|| indent_of(raw), |l| l.indent);
                if trimmed.is_empty() {
                    continue;
                }
                // A line about an issue linked in full is no person: the agenda has begun
                // without a heading. (`Jane (@jd), working on #12` is still Jane.)
                let agenda = refs::find(text, &resolver)
                    .iter()
                    .any(|f| matches!(f.form, Form::Link | Form::Url));
                if !agenda {
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

/// A meeting-links line's issue written as a markdown link (`**GitHub Issue**: [#12](…)`) is a
/// mention: the line reads as an agenda line would. A bare URL (the usual way) is the meeting's
/// link only, and gives the tracking issue no page.
fn links_mention(mentions: &mut Vec<NoteMention>, text: &str, resolver: &Resolver, line: usize) {
    let linked: Vec<refs::Found> = refs::find(text, resolver)
        .into_iter()
        .filter(|f| f.form == Form::Link)
        .collect();
    mention(mentions, &linked, line, None, &[]);
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
