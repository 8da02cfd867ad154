//! The archive's [`Action`]s for other consumers: `/data/actions.json` (typed, in a fixed
//! order, so two builds are byte-identical) and the search records of a meeting's action items
//! and of its decisions.

use super::Kind;
use crate::archive::Archive;
use crate::error::Result;
use crate::output::OutputFile;
use crate::paths;
use crate::search::{Part, Record};
use serde::Serialize;

#[derive(Serialize)]
struct PersonOut<'a> {
    key: &'a str,
    handle: Option<&'a str>,
    name: &'a str,
}

#[derive(Serialize)]
struct FollowUpOut<'a> {
    meeting: &'a str,
    date: String,
}

#[derive(Serialize)]
struct ActionOut<'a> {
    id: &'a str,
    kind: Kind,
    text: &'a str,
    meeting: &'a str,
    date: String,
    issue: Option<&'a str>,
    people: Vec<PersonOut<'a>>,
    followed_up: Option<FollowUpOut<'a>>,
    source: &'a str,
    line: usize,
    path: String,
}

/// `/data/actions.json`: `{version, actions: [...]}`, oldest meeting first, then by line.
pub fn data_file(a: &Archive) -> Result<OutputFile> {
    crate::export::file_of(paths::DATA_ACTIONS, "actions", &a.actions, |x| {
        let meeting = a.meetings.get(x.meeting)?;
        Some(ActionOut {
            id: &x.id,
            kind: x.kind,
            text: &x.text,
            meeting: &meeting.id,
            date: meeting.minutes.date.iso(),
            issue: x.issue.as_deref(),
            people: x
                .people
                .iter()
                .map(|p| PersonOut {
                    key: &p.key,
                    handle: p.handle.as_deref(),
                    name: &p.name,
                })
                .collect(),
            followed_up: x
                .followed_up
                .and_then(|i| a.meetings.get(i))
                .map(|m| FollowUpOut {
                    meeting: &m.id,
                    date: m.minutes.date.iso(),
                }),
            source: &meeting.minutes.source,
            line: x.line,
            path: paths::action(x.kind, &x.id),
        })
    })
}

/// At most this many characters of the sentence in a search result's title.
const TITLE_CHARS: usize = 90;

/// One search record per meeting for its action items and one for its decisions (kind
/// `action` or `decision`), each item a [`Part`] anchored where `/actions/` or `/decisions/`
/// lists it, so a search result links to the items that matched. Facets: the meeting's year,
/// the items' repos and people. One record per item would be ~60k records at 10k meetings,
/// and Pagefind compares each record's URL with every earlier one's as it is added.
pub fn records(a: &Archive) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    // Actions come in meeting order: a meeting's two records are the last two made.
    let mut open: [Option<usize>; 2] = [None, None];
    let mut meeting_of_open = None;
    for x in &a.actions {
        let Some(meeting) = a.meetings.get(x.meeting) else {
            continue;
        };
        if meeting_of_open != Some(x.meeting) {
            open = [None, None];
            meeting_of_open = Some(x.meeting);
        }
        let date = meeting.minutes.date;
        let slot = match x.kind {
            Kind::Action => 0,
            Kind::Decision => 1,
        };
        let at = *open[slot].get_or_insert_with(|| {
            let title = match x.kind {
                Kind::Action => format!("Action items, {date}"),
                Kind::Decision => format!("Decisions, {date}"),
            };
            // The first item's anchor: where the meeting's items begin on the list.
            let mut r = Record::new(paths::action(x.kind, &x.id), title, x.kind.label());
            r.date = Some(date.iso());
            r.facet("year", date.year.to_string());
            out.push(r);
            out.len() - 1
        });
        let Some(r) = out.get_mut(at) else { continue };
        let mut short: String = x.text.chars().take(TITLE_CHARS).collect();
        if x.text.chars().count() > TITLE_CHARS {
            short.push('…');
        }
        let label = match x.kind {
            Kind::Action => "Action",
            Kind::Decision => "Decision",
        };
        let mut detail = String::new();
        if let Some(issue) = x.issue.as_ref().and_then(|k| a.issues.get(k)) {
            r.facet("repo", issue.reference.repo_key());
            detail.push_str(&issue.reference.key());
        }
        for p in &x.people {
            r.facet("person", p.key.clone());
            detail.push(' ');
            detail.push_str(&p.name);
            if let Some(h) = &p.handle {
                detail.push_str(" @");
                detail.push_str(h);
            }
        }
        r.parts.push(Part {
            id: x.id.clone(),
            title: format!("{label}, {date}: {short}"),
            text: x.text.clone(),
            detail,
        });
    }
    out
}
