//! Action items and decisions across the archive: every meeting's notes → [`Action`]s, each
//! with its sentence, meeting, the issue it was noted under, the people who took it, and the
//! next meeting that discussed that issue again ("followed up"). Sentences are judged by
//! [`recognise`]; the notes are cut into sentences by [`text`].

pub mod recognise;
pub mod text;

use crate::archive::{Archive, Meeting};
use crate::model::{AgendaItem, Minutes};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

pub use recognise::{Kind, Who};

/// One action item or decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub kind: Kind,
    /// The sentence (plain text) that records it.
    pub text: String,
    /// Meeting index in the archive.
    pub meeting: usize,
    /// The key of the issue it was noted under, if any.
    pub issue: Option<String>,
    /// Who took it (actions only; may be empty).
    pub people: Vec<Who>,
    /// 1-based line in the minutes file.
    pub line: usize,
    /// The next meeting that discussed `issue` again.
    pub followed_up: Option<usize>,
    /// Unique in the site: `action-2023-06-22-3` (kind, meeting, and the number of that kind in
    /// the meeting, in line order), the anchor on its page.
    pub id: String,
}

/// Every action item and decision of the archive, in meeting order then line order. With
/// `previous` (an earlier link of the same site, and its [`crate::archive::unchanged_meetings`]
/// for this one), a meeting whose minutes and id are the ones it had there keeps its actions
/// from it, as long as everyone is known by the same names and handles (recognition reads only
/// the meeting, its id and the people).
pub fn collect(
    archive: &Archive,
    previous: Option<(&Archive, &[Option<usize>])>,
) -> Vec<Arc<Action>> {
    let previous = previous.filter(|(p, _)| same_people(p, archive));
    let unchanged = previous.map_or(&[][..], |(_, u)| u);
    let previous = previous.map(|(p, _)| p);
    let per_meeting: Vec<Vec<Arc<Action>>> = archive
        .meetings
        .par_iter()
        .enumerate()
        .map(|(i, m)| {
            let before = previous
                .zip(unchanged.get(i).copied().flatten())
                .map(|(p, j)| p.actions_of(j));
            match before {
                // Shared when the meeting kept its place (the common case in `serve`: copying
                // every action item was most of a relink at 10k meetings).
                Some(actions) => actions
                    .iter()
                    .map(|a| match a.meeting == i {
                        true => Arc::clone(a),
                        false => Arc::new(Action {
                            meeting: i,
                            ..(**a).clone()
                        }),
                    })
                    .collect(),
                None => in_meeting(archive, i, m)
                    .into_iter()
                    .map(Arc::new)
                    .collect(),
            }
        })
        .collect();
    let mut out: Vec<Arc<Action>> = per_meeting.into_iter().flatten().collect();
    out.par_iter_mut().for_each(|a| {
        let next = followed_up(archive, a);
        if a.followed_up != next {
            Arc::make_mut(a).followed_up = next;
        }
    });
    out
}

/// The first later meeting that discussed the action's issue again.
fn followed_up(archive: &Archive, a: &Action) -> Option<usize> {
    // Mentions are in meeting order: a binary search, not a scan (popular issues have
    // thousands of mentions and thousands of actions).
    a.issue.as_ref().and_then(|k| {
        let mentions = &archive.issues.get(k)?.mentions;
        let next = mentions.partition_point(|m| m.meeting <= a.meeting);
        mentions.get(next).map(|m| m.meeting)
    })
}

impl Archive {
    /// The year an action item or decision was noted in: its meeting's.
    pub fn action_year(&self, a: &Action) -> Option<i32> {
        self.meetings.get(a.meeting).map(|m| m.minutes.date.year)
    }

    /// The years with action items (or decisions), newest first: each has a page.
    pub fn action_years(&self, kind: Kind) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .actions
            .iter()
            .filter(|a| a.kind == kind)
            .filter_map(|a| self.action_year(a))
            .collect();
        years.sort_unstable_by(|x, y| y.cmp(x));
        years.dedup();
        years
    }

    /// The action items and decisions of meeting `index` (they are in meeting order).
    pub fn actions_of(&self, index: usize) -> &[Arc<Action>] {
        let start = self.actions.partition_point(|a| a.meeting < index);
        let end = self.actions.partition_point(|a| a.meeting <= index);
        self.actions.get(start..end).unwrap_or(&[])
    }
}

/// Recognises meeting `index`'s actions again after its minutes were swapped in without a
/// relink (serve's notes-only edit): the archive's issues are unchanged, so the other
/// meetings' actions and every follow-up stay as they are.
pub fn refresh_meeting(archive: &mut Archive, index: usize) {
    let Some(meeting) = archive.meetings.get(index) else {
        return;
    };
    let mut fresh = in_meeting(archive, index, meeting);
    for a in &mut fresh {
        a.followed_up = followed_up(archive, a);
    }
    let fresh: Vec<Arc<Action>> = fresh.into_iter().map(Arc::new).collect();
    let start = archive.actions.partition_point(|a| a.meeting < index);
    let end = archive.actions.partition_point(|a| a.meeting <= index);
    archive.actions.splice(start..end, fresh);
}

/// Whether both archives know the same people by the same keys, names and handles (what
/// recognising a meeting's actions reads besides the meeting).
pub fn same_people(a: &Archive, b: &Archive) -> bool {
    a.name_index == b.name_index
        && a.people.len() == b.people.len()
        && a.people
            .values()
            .zip(b.people.values())
            .all(|(x, y)| x.key == y.key && x.name == y.name && x.handle == y.handle)
}

/// The people of a meeting, as notes refer to them.
fn roster(archive: &Archive, m: &Minutes) -> recognise::Roster {
    let members = m
        .attendees
        .iter()
        .filter_map(|a| {
            let key = archive.person_key(a);
            if key.is_empty() {
                return None;
            }
            let person = archive.people.get(&key);
            let name = if a.name.is_empty() {
                person.map(|p| p.name.clone()).unwrap_or_default()
            } else {
                a.name.clone()
            };
            let handle = a
                .handle
                .clone()
                .or_else(|| person.and_then(|p| p.handle.clone()));
            Some(Who { key, name, handle })
        })
        .collect();
    recognise::Roster::new(members)
}

/// For each body line: the agenda item whose title or notes it is (by index). An item's title
/// can itself record an action ("JoshBW: will evaluate HackerOne [#16](…)").
fn line_owners(m: &Minutes, lines: &[&str]) -> Vec<Option<usize>> {
    let n = lines.len();
    let mut owner = vec![None; n];
    let mut title = vec![false; n];
    let index_of = |item: &AgendaItem| item.line.checked_sub(m.body_line).filter(|t| *t < n);
    for (ii, item) in m.items.iter().enumerate() {
        if let Some(t) = index_of(item) {
            title[t] = true;
            owner[t] = Some(ii);
        }
    }
    let trimmed = |j: usize| lines.get(j).map_or("", |l| l.trim());
    for (ii, item) in m.items.iter().enumerate() {
        let Some(t) = index_of(item) else {
            continue;
        };
        // The notes are the body lines after the title, in order (de-indented, and a line
        // the page shows elsewhere may be blank in the body): walk both together.
        let notes: Vec<&str> = item
            .notes_md
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut k = 0;
        let mut j = t + 1;
        while j < n && !title[j] && k < notes.len() {
            let line = trimmed(j);
            if !line.is_empty() {
                if notes.get(k) == Some(&line) {
                    k += 1;
                } else if notes.get(k + 1) == Some(&line) {
                    k += 2;
                } else if !(j == t + 1 && notes.first() == Some(&trimmed(j + 1))) {
                    break;
                } // else the title went on over two lines (a wrapped link)
                owner[j] = Some(ii);
            }
            j += 1;
        }
    }
    owner
}

fn in_meeting(archive: &Archive, index: usize, meeting: &Meeting) -> Vec<Action> {
    let m = &meeting.minutes;
    let mut lines: Vec<&str> = Vec::with_capacity(m.body_md.len() / 32 + 8);
    lines.extend(m.body_md.lines());
    let owner = line_owners(m, &lines);
    let roster = roster(archive, m);
    let units = text::units(&lines, &|_| false, &|i| owner.get(i).copied().flatten());
    let mut out: Vec<Action> = Vec::new();
    // How many actions and decisions the meeting has so far: the next one's number.
    let mut counts: HashMap<Kind, usize> = HashMap::new();
    // A unit ending in "Decision:" or "Two new actions:" makes the list after it decisions or
    // actions: (kind, the opener's indentation, whether the opener is a list item).
    let mut block: Option<(Kind, usize, bool)> = None;
    for (unit, item) in units {
        let forced = block
            .filter(|(_, indent, list)| unit.list && (!list || unit.indent > *indent))
            .map(|(kind, _, _)| kind);
        if forced.is_none() {
            block = None;
        }
        let sentences = text::sentences(&unit.text);
        let mut found: Vec<(Kind, String, Vec<Who>, usize)> = Vec::new();
        let mut locator = text::Locator::new(&unit, &lines);
        for s in &sentences {
            for f in recognise::recognise(s, &roster) {
                let at = locator.line_of(s);
                found.push((f.kind, s.to_string(), f.people, at));
            }
        }
        if let Some(kind) = forced {
            if !found.iter().any(|(k, ..)| *k == kind) {
                found.push((kind, unit.text.clone(), Vec::new(), unit.line));
            }
        } else if let Some(kind) = sentences.last().and_then(|s| recognise::opens_block(s)) {
            block = Some((kind, unit.indent, unit.list));
        }
        if found.is_empty() {
            continue;
        }
        let issue = item
            .and_then(|i| m.items.get(i))
            .map(|it| it.reference.key());
        for (kind, text, people, at) in found {
            let line = m.body_line + at;
            let people = people
                .into_iter()
                .map(|mut w| {
                    // An @handle not on the attendee list: the person's name when known.
                    if let Some(p) = archive.people.get(&w.key) {
                        if w.name.starts_with('@') && !p.name.is_empty() {
                            w.name = p.name.clone();
                        }
                    }
                    w
                })
                .collect();
            // Numbered within the meeting, not by line, so an anchor survives edits elsewhere in
            // the file. An org-wide meeting id (`tsc/2023-06-22`) keeps its group, without the
            // slash.
            let n = counts.entry(kind).or_insert(0);
            *n += 1;
            let id = format!("{}-{}-{n}", kind.label(), meeting.id.replace('/', "-"));
            out.push(Action {
                kind,
                text,
                meeting: index,
                issue: issue.clone(),
                people,
                line,
                followed_up: None,
                id,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Action items across relinks: what `serve` reuses matches a full link.
    use crate::archive::{self, Archive};
    use crate::config::Config;
    use crate::model::Minutes;
    use std::sync::Arc;

    /// `minutes` with person `key`'s name replaced by `name` in the meetings `which` picks
    /// (the others are shared, as after an edit in `serve`).
    fn renamed(
        minutes: &[Arc<Minutes>],
        key: &str,
        which: &dyn Fn(&Minutes) -> bool,
        name: &str,
    ) -> Vec<Arc<Minutes>> {
        minutes
            .iter()
            .map(|o| {
                if !which(o) {
                    return Arc::clone(o);
                }
                let mut edited = (**o).clone();
                for x in &mut edited.attendees {
                    // With a handle, the person key is the handle's.
                    if x.handle.is_some() && x.key() == key {
                        x.name = name.to_string();
                    }
                }
                Arc::new(edited)
            })
            .collect()
    }

    fn relinked_as_linked(previous: &Archive, minutes: Vec<Arc<Minutes>>, config: &Config) {
        let full = archive::link(minutes.clone(), config, false);
        let again = archive::relink(minutes, config, false, previous);
        assert!(full.actions.len() > 3, "too few actions to compare");
        assert_eq!(again.actions, full.actions);
    }

    #[test]
    fn a_relink_reuses_actions_only_where_a_full_link_would_find_the_same() {
        let Some(root) = crate::test_support::security_wg() else {
            return;
        };
        let (minutes, config) = crate::test_support::minutes_of(&root);
        let previous = archive::link(minutes.clone(), &config, false);
        // Unchanged: everything is reused.
        relinked_as_linked(&previous, minutes.clone(), &config);
        // A meeting removed: later meetings' indices and follow-ups shift.
        let mut fewer = minutes.clone();
        let gone = previous.actions.first().map_or(0, |a| a.meeting);
        let source = &previous.meetings[gone].minutes.source;
        fewer.retain(|m| &m.source != source);
        relinked_as_linked(&previous, fewer, &config);
        // Someone who takes an action in meeting M where only their handle is listed, renamed
        // in every other meeting: M's minutes are unchanged, but its action now shows the
        // new name, so nothing may be reused.
        let (m, key) = previous
            .actions
            .iter()
            .flat_map(|a| a.people.iter().map(move |w| (a.meeting, w.key.clone())))
            .find(|(m, key)| {
                let named = |x: &crate::model::Attendee| {
                    x.handle.is_some() && !x.name.is_empty() && previous.person_key(x) == *key
                };
                let source = &previous.meetings[*m].minutes.source;
                previous.meetings[*m].minutes.attendees.iter().any(named)
                    && minutes
                        .iter()
                        .any(|o| o.source != *source && o.attendees.iter().any(named))
            })
            .expect("someone with an action, named with a handle in two meetings");
        let source = &previous.meetings[m].minutes.source;
        let handle_only_in_m = renamed(&minutes, &key, &|o| o.source == *source, "");
        let before = archive::link(handle_only_in_m.clone(), &config, false);
        let elsewhere = |o: &Minutes| o.source != *source;
        let renamed = renamed(&handle_only_in_m, &key, &elsewhere, "Someone Else Entirely");
        relinked_as_linked(&before, renamed, &config);
    }
}
