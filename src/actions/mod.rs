//! Action items and decisions across the archive: every meeting's notes → [`Action`]s, each
//! with its sentence, meeting, the issue it was noted under, the people who took it, and the
//! next meeting that discussed that issue again ("followed up"). Sentences are judged by
//! [`recognise`]; the notes are cut into sentences by [`text`].

pub mod output;
pub mod recognise;
pub mod text;

use crate::archive::{Archive, Meeting};
use crate::model::{AgendaItem, Minutes};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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
/// `previous` (an earlier link of the same site), a meeting whose minutes and id are the ones
/// it had there keeps its actions from it, as long as everyone is known by the same names and
/// handles (recognition reads only the meeting, its id and the people).
pub fn collect(archive: &Archive, previous: Option<&Archive>) -> Vec<Action> {
    let previous = previous.filter(|p| same_people(p, archive));
    // Minutes are shared (`Arc`) between the two archives when their file did not change.
    let earlier: HashMap<usize, usize> = previous.map_or_else(HashMap::new, |p| {
        p.meetings
            .iter()
            .enumerate()
            .map(|(i, m)| (Arc::as_ptr(&m.minutes) as usize, i))
            .collect()
    });
    let per_meeting: Vec<Vec<Action>> = archive
        .meetings
        .par_iter()
        .enumerate()
        .map(|(i, m)| {
            let before = previous.and_then(|p| {
                let j = *earlier.get(&(Arc::as_ptr(&m.minutes) as usize))?;
                (p.meetings.get(j)?.id == m.id).then(|| p.actions_of(j))
            });
            match before {
                Some(actions) => actions
                    .iter()
                    .map(|a| Action {
                        meeting: i,
                        followed_up: None,
                        ..a.clone()
                    })
                    .collect(),
                None => in_meeting(archive, i, m),
            }
        })
        .collect();
    let mut out: Vec<Action> = per_meeting.into_iter().flatten().collect();
    out.par_iter_mut()
        .for_each(|a| a.followed_up = followed_up(archive, a));
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
    /// The action items and decisions of meeting `index` (they are in meeting order).
    pub fn actions_of(&self, index: usize) -> &[Action] {
        let start = self.actions.partition_point(|a| a.meeting < index);
        let end = self.actions.partition_point(|a| a.meeting <= index);
        self.actions.get(start..end).unwrap_or(&[])
    }
}

/// The pages that show these actions: the lists, and their issues' and people's pages.
pub fn pages_of<'a>(
    archive: &Archive,
    actions: impl Iterator<Item = &'a Action>,
) -> HashSet<String> {
    let mut out: HashSet<String> = [
        output::page_of(Kind::Action),
        output::page_of(Kind::Decision),
    ]
    .iter()
    .map(|p| format!("{p}index.html"))
    .collect();
    for a in actions {
        if let Some(issue) = a.issue.as_ref().and_then(|k| archive.issues.get(k)) {
            out.insert(format!("{}index.html", issue.reference.page_path()));
        }
        for p in &a.people {
            out.insert(format!("people/{}/index.html", p.key));
        }
    }
    out
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
    let start = archive.actions.partition_point(|a| a.meeting < index);
    let end = archive.actions.partition_point(|a| a.meeting <= index);
    archive.actions.splice(start..end, fresh);
}

/// Whether both archives know the same people by the same keys, names and handles (what
/// recognising a meeting's actions reads besides the meeting).
fn same_people(a: &Archive, b: &Archive) -> bool {
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
        for s in &sentences {
            for f in recognise::recognise(s, &roster) {
                let at = text::line_of(&unit, s, &lines);
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

/// Output paths whose action lists can change when the minutes in `changed` change, judged by
/// comparing what the lists show in the `old` and `new` archive: the /actions/ and /decisions/
/// pages, and the issue and person pages of the actions in those meetings or under their
/// issues (their follow-up dates). A page is listed only when its list shows something
/// different, so adding an agenda item does not re-render every person who ever took an
/// action on a popular issue. Used by `serve` for incremental rebuilds, on every structural
/// edit: it compares in place, without building what each list shows.
pub fn affected_pages(old: &Archive, new: &Archive, changed: &HashSet<String>) -> HashSet<String> {
    let mut out = HashSet::new();
    let pair = Pair::new(old, new, changed);
    for kind in [Kind::Action, Kind::Decision] {
        let before: Vec<&Action> = old.actions.iter().filter(|a| a.kind == kind).collect();
        let after: Vec<&Action> = new.actions.iter().filter(|a| a.kind == kind).collect();
        if !pair.same_lists(&before, &after) {
            out.insert(format!("{}index.html", output::page_of(kind)));
        }
    }
    let mut touched = Touched::default();
    touched.add(old, changed);
    touched.add(new, changed);
    let (before, after) = (touched.lists(old), touched.lists(new));
    let pages: HashSet<&ListPage> = before.keys().chain(after.keys()).collect();
    let none = Vec::new();
    for page in pages {
        let b = before.get(page).unwrap_or(&none);
        let a = after.get(page).unwrap_or(&none);
        if !pair.same_lists(b, a) {
            out.insert(page.output_path(old, new));
        }
    }
    out
}

/// A page other than the two lists that shows actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ListPage<'a> {
    Issue(&'a str),
    Person(&'a str),
}

impl ListPage<'_> {
    fn output_path(&self, old: &Archive, new: &Archive) -> String {
        match self {
            ListPage::Issue(key) => {
                let path = [new, old]
                    .iter()
                    .find_map(|a| a.issues.get(*key))
                    .map(|i| i.reference.page_path())
                    .unwrap_or_default();
                format!("{path}index.html")
            }
            ListPage::Person(key) => format!("people/{key}/index.html"),
        }
    }
}

/// The issues and people whose pages list an action of the edited meetings or under their
/// issues.
#[derive(Default)]
struct Touched {
    issues: HashSet<String>,
    people: HashSet<String>,
}

impl Touched {
    fn add(&mut self, archive: &Archive, changed: &HashSet<String>) {
        let mut keys: HashSet<String> = HashSet::new();
        let mut meetings: HashSet<usize> = HashSet::new();
        for (i, m) in archive.meetings.iter().enumerate() {
            if changed.contains(&m.minutes.source) {
                meetings.insert(i);
                keys.extend(m.minutes.items.iter().map(|it| it.reference.key()));
            }
        }
        for a in &archive.actions {
            let under = a.issue.as_deref().is_some_and(|k| keys.contains(k));
            if !(under || meetings.contains(&a.meeting)) {
                continue;
            }
            if let Some(k) = a.issue.as_ref().filter(|k| archive.issues.contains_key(*k)) {
                self.issues.insert(k.clone());
            }
            self.people.extend(a.people.iter().map(|p| p.key.clone()));
        }
    }

    /// The touched pages' action lists in `archive`.
    fn lists<'a>(&self, archive: &'a Archive) -> HashMap<ListPage<'a>, Vec<&'a Action>> {
        let mut out: HashMap<ListPage, Vec<&Action>> = HashMap::new();
        for a in &archive.actions {
            if let Some(k) = a.issue.as_deref() {
                if self.issues.contains(k) && archive.issues.contains_key(k) {
                    out.entry(ListPage::Issue(k)).or_default().push(a);
                }
            }
            for p in &a.people {
                if self.people.contains(&p.key) {
                    out.entry(ListPage::Person(&p.key)).or_default().push(a);
                }
            }
        }
        out
    }
}

/// The archives before and after an edit, and what the edit can have changed.
struct Pair<'a> {
    old: &'a Archive,
    new: &'a Archive,
    /// The issues on the edited meetings' agendas (before or after): only theirs can have
    /// another title or kind, or have come or gone.
    edited_issues: HashSet<String>,
    /// Whether the same people have pages.
    same_people: bool,
}

impl<'a> Pair<'a> {
    fn new(old: &'a Archive, new: &'a Archive, changed: &HashSet<String>) -> Pair<'a> {
        let edited_issues = [old, new]
            .iter()
            .flat_map(|a| a.meetings.iter())
            .filter(|m| changed.contains(&m.minutes.source))
            .flat_map(|m| m.minutes.items.iter().map(|i| i.reference.key()))
            .collect();
        Pair {
            old,
            new,
            edited_issues,
            same_people: old.people.len() == new.people.len()
                && old
                    .people
                    .keys()
                    .zip(new.people.keys())
                    .all(|(a, b)| a == b),
        }
    }

    /// Whether two action lists show the same: pairwise [`Pair::same_shown`].
    fn same_lists(&self, a: &[&Action], b: &[&Action]) -> bool {
        // In parallel: the `/actions/` list holds every action item of the archive.
        a.len() == b.len() && a.par_iter().zip(b).all(|(x, y)| self.same_shown(x, y))
    }

    /// Whether action `a` of the old archive shows as action `b` of the new one in a list: its
    /// text, kind, id and people (and whether each has a page), its meeting's id, date and
    /// title, its issue with its latest title, its follow-up meeting's id and date (what
    /// [`crate::render::actions::ActionView`] holds). Not its line: no list shows it, so lines
    /// added above an action in its file change no list. Meeting indices are compared by what
    /// they resolve to (they shift when a meeting is added before).
    fn same_shown(&self, a: &Action, b: &Action) -> bool {
        let (old, new) = (self.old, self.new);
        let same_issue = match (&a.issue, &b.issue) {
            (Some(x), Some(y)) if x == y && !self.edited_issues.contains(x) => true,
            (x, y) => issue(old, x.as_ref()) == issue(new, y.as_ref()),
        };
        let same_pages = (self.same_people && a.people == b.people)
            || a.people
                .iter()
                .zip(&b.people)
                .all(|(p, q)| old.people.contains_key(&p.key) == new.people.contains_key(&q.key));
        a.kind == b.kind
            && a.text == b.text
            && a.id == b.id
            && a.people == b.people
            && meeting(old, a.meeting) == meeting(new, b.meeting)
            && same_issue
            && same_pages
            && followed(old, a.followed_up) == followed(new, b.followed_up)
    }
}

/// What an action list shows of meeting `i`: its id, date and title.
fn meeting(archive: &Archive, i: usize) -> Option<(&str, crate::model::Date, &str)> {
    archive
        .meetings
        .get(i)
        .map(|m| (m.id.as_str(), m.minutes.date, m.minutes.title.as_str()))
}
/// What an action list shows of a follow-up meeting: its id and date.
fn followed(archive: &Archive, i: Option<usize>) -> Option<(&str, crate::model::Date)> {
    i.and_then(|i| meeting(archive, i))
        .map(|(id, date, _)| (id, date))
}

/// What an action list shows of an issue: the reference and its latest title.
fn issue<'a>(
    archive: &'a Archive,
    k: Option<&String>,
) -> Option<(&'a crate::model::IssueRef, Option<&'a str>)> {
    k.and_then(|k| archive.issues.get(k))
        .map(|i| (&i.reference, i.titles.last().map(|(_, t)| t.as_str())))
}

#[cfg(test)]
mod tests {
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
        let (minutes, config) =
            crate::test_support::minutes_of(&crate::test_support::security_wg());
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
