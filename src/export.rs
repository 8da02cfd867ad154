//! The JSON data export (`/data/*.json`): the parsed and linked model, for other tools. Fields
//! come in a fixed order and lists in a fixed order, so two builds of the same input are
//! byte-identical. Serialised straight from borrowed views (no intermediate JSON tree).

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::model::{RefKind, Status};
use crate::output::OutputFile;
use serde::Serialize;

/// Bumped when a field changes meaning or disappears.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Links<'a> {
    recording: Option<&'a str>,
    issue: Option<&'a str>,
    doc: Option<&'a str>,
}

#[derive(Serialize)]
struct AttendeeOut<'a> {
    name: &'a str,
    handle: Option<&'a str>,
    role: Option<&'a str>,
    person: String,
}

#[derive(Serialize)]
struct ItemOut<'a> {
    issue: String,
    kind: RefKind,
    title: &'a str,
    status: Option<Status>,
    status_text: Option<&'a str>,
    line: usize,
    notes: &'a str,
}

#[derive(Serialize)]
struct MeetingOut<'a> {
    id: &'a str,
    date: String,
    title: &'a str,
    group: &'a str,
    source: &'a str,
    path: String,
    links: Links<'a>,
    attendees: Vec<AttendeeOut<'a>>,
    items: Vec<ItemOut<'a>>,
}

#[derive(Serialize)]
struct TitleOut<'a> {
    date: String,
    title: &'a str,
}

#[derive(Serialize)]
struct IssueOut<'a> {
    key: String,
    kind: RefKind,
    url: String,
    path: String,
    title: String,
    titles: Vec<TitleOut<'a>>,
    mentions: Vec<&'a str>,
    last_status: Option<Status>,
}

#[derive(Serialize)]
struct PersonOut<'a> {
    key: &'a str,
    handle: Option<&'a str>,
    name: &'a str,
    path: String,
    meetings: Vec<&'a str>,
}

#[derive(Serialize)]
struct InitiativeOut<'a> {
    slug: &'a str,
    name: &'a str,
    description: &'a str,
    status: &'a str,
    issues: &'a [String],
    keywords: &'a [String],
    path: String,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    slug: &'a str,
    name: &'a str,
    repo: Option<String>,
    folder: &'a str,
    path: String,
    meetings: Vec<&'a str>,
}

/// `{"version": 1, "<name>": [...]}` with the version first.
#[derive(Serialize)]
struct Wrapped<T: Serialize> {
    version: u32,
    #[serde(flatten)]
    body: T,
}

fn file<T: Serialize>(path: &str, name: &'static str, items: Vec<T>) -> Result<OutputFile> {
    let body = std::collections::BTreeMap::from([(name, items)]);
    let mut bytes = serde_json::to_vec_pretty(&Wrapped {
        version: FORMAT_VERSION,
        body,
    })
    .map_err(|e| Error::Template(format!("{path}: cannot serialise: {e}")))?;
    bytes.push(b'\n');
    Ok(OutputFile::new(path, bytes))
}

pub fn data_files(a: &Archive) -> Result<Vec<OutputFile>> {
    let meeting_id = |i: usize| a.meetings.get(i).map_or("", |m| m.id.as_str());
    let meetings = a
        .meetings
        .iter()
        .map(|m| {
            let mm = &m.minutes;
            MeetingOut {
                id: &m.id,
                date: mm.date.to_string(),
                title: &mm.title,
                group: &mm.group,
                source: &mm.source,
                path: m.page_path(),
                links: Links {
                    recording: mm.links.recording.as_deref(),
                    issue: mm.links.issue.as_deref(),
                    doc: mm.links.doc.as_deref(),
                },
                attendees: mm
                    .attendees
                    .iter()
                    .map(|p| AttendeeOut {
                        name: &p.name,
                        handle: p.handle.as_deref(),
                        role: p.role.as_deref(),
                        person: a.person_key(p),
                    })
                    .collect(),
                items: mm
                    .items
                    .iter()
                    .map(|it| ItemOut {
                        issue: it.reference.key(),
                        kind: it.reference.kind,
                        title: &it.title,
                        status: it.status,
                        status_text: it.status_text.as_deref(),
                        line: it.line,
                        notes: &it.notes_md,
                    })
                    .collect(),
            }
        })
        .collect();
    let issues = a
        .issues
        .values()
        .map(|i| IssueOut {
            key: i.reference.key(),
            kind: i.reference.kind,
            url: i.reference.github_url(),
            path: i.reference.page_path(),
            title: i.title(),
            titles: i
                .titles
                .iter()
                .map(|(d, t)| TitleOut {
                    date: d.to_string(),
                    title: t,
                })
                .collect(),
            mentions: i.mentions.iter().map(|m| meeting_id(m.meeting)).collect(),
            last_status: i.last_status,
        })
        .collect();
    let people = a
        .people
        .values()
        .map(|p| PersonOut {
            key: &p.key,
            handle: p.handle.as_deref(),
            name: &p.name,
            path: p.page_path(),
            meetings: p.meetings.iter().map(|&i| meeting_id(i)).collect(),
        })
        .collect();
    let initiatives = a
        .initiatives
        .iter()
        .map(|i| InitiativeOut {
            slug: &i.config.slug,
            name: &i.config.name,
            description: &i.config.description,
            status: &i.status,
            issues: &i.issues,
            keywords: &i.config.keywords,
            path: format!("initiatives/{}/", i.config.slug),
        })
        .collect();
    Ok(vec![
        file("data/meetings.json", "meetings", meetings)?,
        file("data/issues.json", "issues", issues)?,
        file("data/people.json", "people", people)?,
        file("data/initiatives.json", "initiatives", initiatives)?,
    ])
}

/// `data/groups.json` on an org-wide site (none on a single-group site): every group with its
/// folder under the content folder, its page and its meeting ids, oldest first.
pub fn groups_file(a: &Archive) -> Result<Option<OutputFile>> {
    if !a.is_org_wide() {
        return Ok(None);
    }
    let groups = a
        .groups
        .iter()
        .map(|g| GroupOut {
            slug: &g.config.slug,
            name: &g.config.name,
            repo: g.config.repo.as_ref().map(|(o, r)| format!("{o}/{r}")),
            folder: &g.config.path,
            path: crate::render::groups::page_path(&g.config.slug),
            meetings: g
                .meetings
                .iter()
                .filter_map(|&i| a.meetings.get(i))
                .map(|m| m.id.as_str())
                .collect(),
        })
        .collect();
    file("data/groups.json", "groups", groups).map(Some)
}
