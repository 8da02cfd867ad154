//! `/data/actions.json`: the archive's [`Action`](crate::actions::Action)s, typed and in a fixed
//! order (oldest meeting first, then by line), so two builds are byte-identical.

use crate::actions::Kind;
use crate::archive::Archive;
use crate::error::Result;
use crate::output::OutputFile;
use crate::paths;
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
pub fn actions_file(a: &Archive) -> Result<OutputFile> {
    super::file_of(paths::DATA_ACTIONS, "actions", &a.actions, |x| {
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
            path: paths::action(x.kind, meeting.minutes.date.year, &x.id),
        })
    })
}
