//! The search records of a meeting's action items and of its decisions.

use super::{Part, Record};
use crate::actions::Kind;
use crate::archive::Archive;
use crate::paths;

/// At most this many characters of the sentence in a search result's title.
const TITLE_CHARS: usize = 90;

/// One search record per meeting for its action items and one for its decisions (kind
/// `action` or `decision`), each item a [`Part`] anchored where `/actions/YEAR/` or
/// `/decisions/YEAR/` lists it, so a search result links to the items that matched. Facets: the meeting's year,
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
            // The first item's anchor: where the meeting's items begin on its year's list.
            let mut r = Record::new(
                paths::action(x.kind, date.year, &x.id),
                title,
                x.kind.label(),
            );
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
