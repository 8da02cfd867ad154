//! The archive's [`Action`]s for other consumers: `/data/actions.json` (typed, in a fixed
//! order, so two builds are byte-identical) and one search record per action or decision.

use super::Kind;
use crate::archive::Archive;
use crate::error::Result;
use crate::output::OutputFile;
use crate::search::Record;
use serde::Serialize;

/// The site path of the page listing actions of `kind`.
pub fn page_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Action => "actions/",
        Kind::Decision => "decisions/",
    }
}

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
    crate::export::file_of("data/actions.json", "actions", &a.actions, |x| {
        let meeting = a.meetings.get(x.meeting)?;
        Some(ActionOut {
            id: &x.id,
            kind: x.kind,
            text: &x.text,
            meeting: &meeting.id,
            date: meeting.minutes.date.to_string(),
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
                    date: m.minutes.date.to_string(),
                }),
            source: &meeting.minutes.source,
            line: x.line,
            path: format!("{}#{}", page_of(x.kind), x.id),
        })
    })
}

/// At most this many characters of the sentence in a search result's title.
const TITLE_CHARS: usize = 90;

/// One search record per action and decision: kind `action` or `decision`, with the meeting's
/// year and month, the issue, its repo and the people as facets.
pub fn records(a: &Archive) -> Vec<Record> {
    a.actions
        .iter()
        .filter_map(|x| {
            let meeting = a.meetings.get(x.meeting)?;
            let date = meeting.minutes.date;
            let mut short: String = x.text.chars().take(TITLE_CHARS).collect();
            if x.text.chars().count() > TITLE_CHARS {
                short.push('…');
            }
            let label = match x.kind {
                Kind::Action => "Action",
                Kind::Decision => "Decision",
            };
            let mut r = Record::new(
                format!("{}#{}", page_of(x.kind), x.id),
                format!("{label}, {date}: {short}"),
                x.kind.label(),
            );
            r.date = Some(date.to_string());
            r.facet("year", date.year.to_string());
            r.facet("month", date.month_key());
            let mut content = x.text.clone();
            if let Some(issue) = x.issue.as_ref().and_then(|k| a.issues.get(k)) {
                r.facet("issue", issue.reference.key());
                r.facet("repo", issue.reference.repo_key());
                content.push_str(&format!("\n{} {}", issue.title(), issue.reference.key()));
            }
            for p in &x.people {
                r.facet("person", p.key.clone());
                content.push_str(&format!("\n{}", p.name));
                if let Some(h) = &p.handle {
                    content.push_str(&format!(" @{h}"));
                }
            }
            r.content = content;
            Some(r)
        })
        .collect()
}
