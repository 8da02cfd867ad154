//! The JSON data export (`/data/*.json`): the parsed and linked model, for other tools. Keys are
//! sorted and lists ordered, so two builds of the same input are byte-identical.

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::output::OutputFile;
use serde_json::{json, Value};

/// Bumped when a field changes meaning or disappears.
pub const FORMAT_VERSION: u32 = 1;

fn file(path: &str, value: Value) -> Result<OutputFile> {
    let mut text = serde_json::to_string_pretty(&value)
        .map_err(|e| Error::Template(format!("{path}: cannot serialise: {e}")))?;
    text.push('\n');
    Ok(OutputFile::new(path, text))
}

pub fn data_files(a: &Archive) -> Result<Vec<OutputFile>> {
    let meeting_id = |i: usize| a.meetings.get(i).map(|m| m.id.clone()).unwrap_or_default();
    let meetings: Vec<Value> = a
        .meetings
        .iter()
        .map(|m| {
            let mm = &m.minutes;
            json!({
                "id": m.id,
                "date": mm.date.to_string(),
                "title": mm.title,
                "group": mm.group,
                "source": mm.source,
                "path": m.page_path(),
                "links": { "recording": mm.links.recording, "issue": mm.links.issue, "doc": mm.links.doc },
                "attendees": mm.attendees.iter().map(|p| json!({
                    "name": p.name, "handle": p.handle, "role": p.role, "person": a.person_key(p),
                })).collect::<Vec<_>>(),
                "items": mm.items.iter().map(|it| json!({
                    "issue": it.reference.key(),
                    "kind": it.reference.kind,
                    "title": it.title,
                    "status": it.status,
                    "status_text": it.status_text,
                    "line": it.line,
                    "notes": it.notes_md,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let issues: Vec<Value> = a
        .issues
        .values()
        .map(|i| {
            json!({
                "key": i.reference.key(),
                "kind": i.reference.kind,
                "url": i.reference.github_url(),
                "path": i.reference.page_path(),
                "title": i.title(),
                "titles": i.titles.iter().map(|(d, t)| json!({"date": d.to_string(), "title": t})).collect::<Vec<_>>(),
                "mentions": i.mentions.iter().map(|m| meeting_id(m.meeting)).collect::<Vec<_>>(),
                "last_status": i.last_status,
            })
        })
        .collect();
    let people: Vec<Value> = a
        .people
        .values()
        .map(|p| {
            json!({
                "key": p.key, "handle": p.handle, "name": p.name, "path": p.page_path(),
                "meetings": p.meetings.iter().map(|&i| meeting_id(i)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let initiatives: Vec<Value> = a
        .initiatives
        .iter()
        .map(|i| {
            json!({
                "slug": i.config.slug, "name": i.config.name, "description": i.config.description,
                "status": i.status, "issues": i.issues, "keywords": i.config.keywords,
                "path": format!("initiatives/{}/", i.config.slug),
            })
        })
        .collect();
    let wrap = |name: &str, items: Vec<Value>| json!({ "version": FORMAT_VERSION, name: items });
    Ok(vec![
        file("data/meetings.json", wrap("meetings", meetings))?,
        file("data/issues.json", wrap("issues", issues))?,
        file("data/people.json", wrap("people", people))?,
        file("data/initiatives.json", wrap("initiatives", initiatives))?,
    ])
}
