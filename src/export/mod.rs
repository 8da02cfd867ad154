//! The JSON data export (`/data/*.json`): the parsed and linked model, for other tools. Fields
//! come in a fixed order and lists in a fixed order, so two builds of the same input are
//! byte-identical. Serialised straight from borrowed views (no intermediate JSON tree), one
//! record per line: compact (the 10k-meeting export was 98 MB pretty-printed), still readable
//! in a diff, and a meeting's line can be made again alone (`wgsite serve` re-serialises only
//! the meetings an edit touched, see [`MeetingLines`]).

mod actions;
pub use actions::actions_file;

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::model::{RefKind, Status};
use crate::output::OutputFile;
use crate::paths;
use rayon::prelude::*;
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
    notes: std::borrow::Cow<'a, str>,
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
    absent: Vec<AbsentOut<'a>>,
    items: Vec<ItemOut<'a>>,
    mentions: Vec<MentionOut>,
}

#[derive(Serialize)]
struct AbsentOut<'a> {
    name: &'a str,
    handle: Option<&'a str>,
}

#[derive(Serialize)]
struct MentionOut {
    issue: String,
    line: usize,
    under: Option<String>,
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

/// `{"version":1,"<name>":[` then one record per line, then `]}`.
pub(crate) fn file<T: Serialize>(
    path: &str,
    name: &str,
    records: impl Iterator<Item = T>,
) -> Result<OutputFile> {
    let mut out = Assembler::new(name);
    for r in records {
        out.push(&line(path, &r)?);
    }
    Ok(out.finish(path))
}

/// [`file`] of `items` made into records by `record` (none where it gives none), serialised in
/// parallel: `serve` writes the export again on every structural edit. A chunk of records at
/// a time, each appended to the file's bytes as soon as it is serialised: holding every
/// record's line besides the file doubled the memory the largest files need (`actions.json`
/// is 24 MB at 10k meetings).
pub(crate) fn file_of<'a, S: Sync, T: Serialize>(
    path: &str,
    name: &str,
    items: &'a [S],
    record: impl Fn(&'a S) -> Option<T> + Sync,
) -> Result<OutputFile> {
    let mut out = Assembler::new(name);
    for chunk in items.chunks(CHUNK) {
        let lines: Vec<Option<Vec<u8>>> = chunk
            .par_iter()
            .map(|item| record(item).map(|r| line(path, &r)).transpose())
            .collect::<Result<_>>()?;
        lines.iter().flatten().for_each(|l| out.push(l));
    }
    Ok(out.finish(path))
}

/// How many records [`file_of`] and [`meetings_file`] serialise at a time.
const CHUNK: usize = 2048;

/// The bytes of an export file, a record at a time: `{"version":1,"<name>":[`, one record per
/// line, `]}`.
struct Assembler {
    bytes: Vec<u8>,
    records: usize,
}

impl Assembler {
    fn new(name: &str) -> Assembler {
        Assembler {
            bytes: format!("{{\"version\":{FORMAT_VERSION},\"{name}\":[").into_bytes(),
            records: 0,
        }
    }

    fn push(&mut self, line: &[u8]) {
        self.bytes
            .extend_from_slice(if self.records == 0 { b"\n" } else { b",\n" });
        self.bytes.extend_from_slice(line);
        self.records += 1;
    }

    fn finish(mut self, path: &str) -> OutputFile {
        self.bytes.extend_from_slice(b"\n]}\n");
        OutputFile::new(path, self.bytes)
    }
}

fn line<T: Serialize>(path: &str, record: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(record).map_err(|e| Error::template(path, format!("cannot serialise: {e}")))
}

fn assemble(path: &str, name: &str, lines: &[Vec<u8>]) -> OutputFile {
    let size: usize = lines.iter().map(|l| l.len() + 2).sum();
    let mut out = Assembler::new(name);
    out.bytes.reserve(size + 8);
    lines.iter().for_each(|l| out.push(l));
    out.finish(path)
}

/// The serialised line of each meeting of an archive, aligned with `archive.meetings`.
#[derive(Debug, Clone, Default)]
pub struct MeetingLines(Vec<Vec<u8>>);

impl MeetingLines {
    /// The lines of archive `new`, taking those of `old` (whose lines these are) for the
    /// meetings whose minutes and id it shares, when everyone is known by the same keys (a
    /// line names each attendee's person). `serve` relinks on every structural edit; most
    /// meetings are the same as before.
    pub fn carried_over(&self, old: &Archive, new: &Archive) -> Result<MeetingLines> {
        if old.name_index != new.name_index {
            return MeetingLines::of(new);
        }
        let unchanged = crate::archive::unchanged_meetings(old, new);
        (0..new.meetings.len())
            .into_par_iter()
            .map(|i| {
                let kept = unchanged
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|j| self.0.get(j));
                match kept {
                    Some(line) => Ok(line.clone()),
                    None => line(paths::DATA_MEETINGS, &meeting_out(new, i)),
                }
            })
            .collect::<Result<Vec<_>>>()
            .map(MeetingLines)
    }

    /// Every meeting's line, serialised in parallel.
    pub fn of(a: &Archive) -> Result<MeetingLines> {
        (0..a.meetings.len())
            .into_par_iter()
            .map(|i| line(paths::DATA_MEETINGS, &meeting_out(a, i)))
            .collect::<Result<Vec<_>>>()
            .map(MeetingLines)
    }

    /// Serialises meeting `index` of `a` again (its minutes were swapped in place).
    pub fn refresh(&mut self, a: &Archive, index: usize) -> Result<()> {
        let fresh = line(paths::DATA_MEETINGS, &meeting_out(a, index))?;
        if let Some(slot) = self.0.get_mut(index) {
            *slot = fresh;
        }
        Ok(())
    }

    /// `data/meetings.json` from these lines.
    pub fn file(&self) -> OutputFile {
        assemble(paths::DATA_MEETINGS, "meetings", &self.0)
    }
}

/// `data/meetings.json` of `a`, the same as [`MeetingLines::of`] then [`MeetingLines::file`]
/// without holding every line besides the file (a build makes it once; `serve` keeps the
/// lines to refresh one meeting at a time): a chunk of meetings serialised in parallel at a
/// time, appended to the file's bytes.
pub fn meetings_file(a: &Archive) -> Result<OutputFile> {
    let indices: Vec<usize> = (0..a.meetings.len()).collect();
    file_of(paths::DATA_MEETINGS, "meetings", &indices, |&i| {
        Some(meeting_out(a, i))
    })
}

fn meeting_out(a: &Archive, index: usize) -> Option<MeetingOut<'_>> {
    let m = a.meetings.get(index)?;
    let mm = &m.minutes;
    Some(MeetingOut {
        id: &m.id,
        date: mm.date.iso(),
        title: &mm.title,
        group: &mm.group,
        source: &mm.source,
        path: paths::meeting(&m.id),
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
        absent: mm
            .absent
            .iter()
            .map(|p| AbsentOut {
                name: &p.name,
                handle: p.handle.as_deref(),
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
                // Comments hide drafts and absentees: never published.
                notes: crate::markdown::without_comments(&it.notes_md),
            })
            .collect(),
        mentions: mm
            .mentions
            .iter()
            .map(|m| MentionOut {
                issue: m.reference.key(),
                line: m.line,
                under: m.under.as_ref().map(crate::model::IssueRef::key),
            })
            .collect(),
    })
}

/// Every file of the export.
pub fn data_files(a: &Archive) -> Result<Vec<OutputFile>> {
    let mut files = vec![MeetingLines::of(a)?.file()];
    files.extend(structure_files(a)?);
    Ok(files)
}

/// The files that depend on the archive's structure (issues, people, initiatives, groups) and
/// the action items: a notes-only edit leaves all but the action items as they are.
pub fn structure_files(a: &Archive) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let mut put = |f: OutputFile| files.push(f);
    let meeting_id = |i: usize| a.meetings.get(i).map_or("", |m| m.id.as_str());
    let issues: Vec<&crate::archive::Issue> = a.issues.values().collect();
    put(file_of(paths::DATA_ISSUES, "issues", &issues, |i| {
        Some(issue_out(a, i))
    })?);
    drop(issues);
    let people = a.people.values().map(|p| PersonOut {
        key: &p.key,
        handle: p.handle.as_deref(),
        name: &p.name,
        path: paths::person(&p.key),
        meetings: p.meetings.iter().map(|&i| meeting_id(i)).collect(),
    });
    put(file(paths::DATA_PEOPLE, "people", people)?);
    let initiatives = a.initiatives.iter().map(|i| InitiativeOut {
        slug: &i.config.slug,
        name: &i.config.name,
        description: &i.config.description,
        status: &i.status,
        issues: &i.issues,
        keywords: &i.config.keywords,
        path: paths::initiative(&i.config.slug),
    });
    put(file(paths::DATA_INITIATIVES, "initiatives", initiatives)?);
    put(actions::actions_file(a)?);
    if let Some(groups) = groups_file(a)? {
        put(groups);
    }
    Ok(files)
}

fn issue_out<'a>(a: &'a Archive, i: &'a crate::archive::Issue) -> IssueOut<'a> {
    let meeting_id = |i: usize| a.meetings.get(i).map_or("", |m| m.id.as_str());
    IssueOut {
        key: i.reference.key(),
        kind: i.reference.kind,
        url: i.reference.github_url(),
        path: paths::issue(&i.reference),
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
    }
}

/// `data/groups.json` on an org-wide site (none on a single-group site): every group with its
/// folder under the content folder, its page and its meeting ids, oldest first.
fn groups_file(a: &Archive) -> Result<Option<OutputFile>> {
    if !a.is_org_wide() {
        return Ok(None);
    }
    let groups = a.groups.iter().map(|g| GroupOut {
        slug: &g.config.slug,
        name: &g.config.name,
        repo: g.config.repo.as_ref().map(|(o, r)| format!("{o}/{r}")),
        folder: &g.config.path,
        path: paths::group(&g.config.slug),
        meetings: g
            .meetings
            .iter()
            .filter_map(|&i| a.meetings.get(i))
            .map(|m| m.id.as_str())
            .collect(),
    });
    file(paths::DATA_GROUPS, "groups", groups).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{minutes_of, security_wg};
    use std::sync::Arc;

    #[test]
    fn files_made_a_chunk_at_a_time_keep_every_record_in_order() {
        // Over two chunk boundaries, with records left out on either side of one.
        let items: Vec<usize> = (0..CHUNK * 2 + 5).collect();
        let skipped = |i: usize| i == CHUNK - 1 || i == CHUNK || i % 7 == 3;
        let file = file_of("data/x.json", "xs", &items, |&i| (!skipped(i)).then_some(i))
            .expect("serialises");
        let json: serde_json::Value = serde_json::from_slice(&file.bytes).expect("parses");
        let got: Vec<u64> = json["xs"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(serde_json::Value::as_u64)
            .collect();
        let want: Vec<u64> = items
            .iter()
            .filter(|&&i| !skipped(i))
            .map(|&i| i as u64)
            .collect();
        assert_eq!(got, want);
        let text = String::from_utf8(file.bytes).expect("utf-8");
        assert!(
            text.starts_with("{\"version\":1,\"xs\":[\n0,\n1,\n2,\n4,"),
            "{}",
            &text[..40]
        );
        assert!(text.ends_with("\n]}\n"));
        assert_eq!(text.lines().count(), want.len() + 2, "one record per line");
    }

    #[test]
    fn lines_carried_over_after_an_edit_are_the_lines_of_the_new_archive() {
        let Some(root) = security_wg() else { return };
        let (minutes, config) = minutes_of(&root);
        let old = crate::archive::link(minutes.clone(), &config, false);
        let lines = MeetingLines::of(&old).expect("lines");
        let check = |edited: Vec<Arc<crate::model::Minutes>>| {
            let new = crate::archive::relink(edited, &config, false, &old);
            let carried = lines.carried_over(&old, &new).expect("carried");
            assert_eq!(
                carried.file().bytes,
                MeetingLines::of(&new).expect("of").file().bytes
            );
        };
        // A meeting retitled, one removed (the later ones shift).
        let mut edited = minutes.clone();
        let mut first = (*edited[0]).clone();
        first.title.push_str(" (moved)");
        edited[0] = Arc::new(first);
        edited.remove(3);
        check(edited.clone());
        // Someone listed by name only in one meeting is known by the handle given with that
        // name elsewhere: renamed there, the unchanged meeting's line names another person.
        let bare = edited
            .iter()
            .flat_map(|m| &m.attendees)
            .find(|a| a.handle.is_none() && old.name_index.contains_key(&a.name.to_lowercase()))
            .map(|a| a.name.to_lowercase())
            .expect("a name given with a handle elsewhere");
        for m in &mut edited {
            if m.attendees
                .iter()
                .any(|a| a.handle.is_some() && a.name.to_lowercase() == bare)
            {
                let mut renamed = (**m).clone();
                for a in &mut renamed.attendees {
                    if a.handle.is_some() && a.name.to_lowercase() == bare {
                        a.name = "Another Name".into();
                    }
                }
                *m = Arc::new(renamed);
            }
        }
        check(edited);
    }
}
