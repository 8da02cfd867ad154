//! Which pages' action lists an edit changes: after a structural edit, the old and new
//! archives' lists compared action by action, as the lists show them ([`affected_pages`]);
//! after notes typed, the pages of the actions before and after ([`pages_of`]).

use crate::actions::{Action, Kind};
use crate::archive::Archive;
use crate::paths;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Output paths whose action lists can change when the minutes in `changed` change, judged by
/// comparing what the lists show in the `old` and `new` archive: the /actions/ and /decisions/
/// indexes and their pages by year, and the issue and person pages of the actions in those
/// meetings or under their issues (their follow-up dates). A page is listed only when its list shows something
/// different, so adding an agenda item does not re-render every person who ever took an
/// action on a popular issue. Used by `serve` for incremental rebuilds, on every structural
/// edit: it compares in place, without building what each list shows.
pub fn affected_pages(old: &Archive, new: &Archive, changed: &HashSet<String>) -> HashSet<String> {
    let pair = Pair::new(old, new, changed);
    let mut out = HashSet::new();
    let mut years: Vec<(Kind, Vec<i32>)> = Vec::new();
    for kind in [Kind::Action, Kind::Decision] {
        let (before, after) = (old.action_years(kind), new.action_years(kind));
        // A year came or went: every year's page links to its neighbours.
        if before != after {
            out.insert(paths::page_file(paths::action_list(kind)));
            out.extend(
                after
                    .iter()
                    .map(|&y| paths::into_page_file(paths::action_year(kind, y))),
            );
        }
        let mut both = before;
        both.extend(after);
        both.sort_unstable();
        both.dedup();
        years.push((kind, both));
    }
    if !pair.kept.is_empty() {
        out.extend(pair.changed_in_place());
        return out;
    }
    // Year by year: a year's page changes when its list does, and then the index (its counts
    // and anchors) with it.
    for (kind, years) in years {
        for year in years {
            if !pair.same_lists(&of_year(old, kind, year), &of_year(new, kind, year)) {
                out.insert(paths::into_page_file(paths::action_year(kind, year)));
                out.insert(paths::page_file(paths::action_list(kind)));
            }
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

/// The page that lists `a`: its year's (or, were its meeting missing, the index).
fn list_of(archive: &Archive, a: &Action) -> String {
    match archive.action_year(a) {
        Some(year) => paths::action_year(a.kind, year),
        None => paths::action_list(a.kind).to_string(),
    }
}

/// The pages that show these actions: the indexes, their years' pages, and their issues' and
/// people's pages.
pub fn pages_of<'a>(
    archive: &Archive,
    actions: impl Iterator<Item = &'a Action>,
) -> HashSet<String> {
    let mut out: HashSet<String> = [paths::ACTIONS, paths::DECISIONS]
        .map(paths::page_file)
        .into();
    for a in actions {
        out.insert(paths::into_page_file(list_of(archive, a)));
        if let Some(issue) = a.issue.as_ref().and_then(|k| archive.issues.get(k)) {
            out.insert(paths::page_file(&paths::issue(&issue.reference)));
        }
        for p in &a.people {
            out.insert(paths::page_file(&paths::person(&p.key)));
        }
    }
    out
}

/// The output files of the pages listing action items and decisions: the two indexes and
/// every year's page.
pub fn list_pages(archive: &Archive) -> HashSet<String> {
    [Kind::Action, Kind::Decision]
        .into_iter()
        .flat_map(|kind| {
            let years = archive
                .action_years(kind)
                .into_iter()
                .map(move |y| paths::into_page_file(paths::action_year(kind, y)));
            std::iter::once(paths::page_file(paths::action_list(kind))).chain(years)
        })
        .collect()
}

/// The archive's actions of one kind noted in `year`, in order (what that year's list shows).
fn of_year(archive: &Archive, kind: Kind, year: i32) -> Vec<&Action> {
    archive
        .actions
        .iter()
        .map(|a| &**a)
        .filter(|a| a.kind == kind && archive.action_year(a) == Some(year))
        .collect()
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
                    .map(|i| paths::issue(&i.reference))
                    .unwrap_or_default();
                paths::page_file(&path)
            }
            ListPage::Person(key) => paths::page_file(&paths::person(key)),
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
    /// By meeting index: whether the meeting is the same in both archives (same minutes and id
    /// at the same index) and its actions were carried over (see [`super::collect`]), so an
    /// action of it shows the same in both but for its follow-up. Empty when meetings moved.
    kept: Vec<bool>,
}

impl<'a> Pair<'a> {
    fn new(old: &'a Archive, new: &'a Archive, changed: &HashSet<String>) -> Pair<'a> {
        let edited_issues = [old, new]
            .iter()
            .flat_map(|a| a.meetings.iter())
            .filter(|m| changed.contains(&m.minutes.source))
            .flat_map(|m| m.minutes.items.iter().map(|i| i.reference.key()))
            .collect();
        let carried =
            old.meetings.len() == new.meetings.len() && crate::actions::same_people(old, new);
        let kept = match carried {
            true => old
                .meetings
                .iter()
                .zip(&new.meetings)
                .map(|(a, b)| std::sync::Arc::ptr_eq(&a.minutes, &b.minutes) && a.id == b.id)
                .collect(),
            false => Vec::new(),
        };
        Pair {
            old,
            new,
            kept,
            edited_issues,
            same_people: old.people.len() == new.people.len()
                && old
                    .people
                    .keys()
                    .zip(new.people.keys())
                    .all(|(a, b)| a == b),
        }
    }

    /// [`affected_pages`] when every meeting kept its place and the edited meetings' neighbours
    /// kept their actions ([`Pair::kept`]): one pass over the actions, meeting by meeting, finds
    /// those that show differently, and the pages listing them are the pages whose lists
    /// changed. (Building every touched page's list, as the general case does, costs more
    /// than the rest of the comparison at 1,000 meetings.)
    fn changed_in_place(&self) -> HashSet<String> {
        let (old, new) = (self.old, self.new);
        let differ: Vec<(&Archive, &Action)> = (0..new.meetings.len())
            .into_par_iter()
            .flat_map_iter(|i| {
                let (before, after) = (old.actions_of(i), new.actions_of(i));
                let mut differ = Vec::new();
                if before.len() != after.len() {
                    differ.extend(before.iter().map(|a| (old, &**a)));
                    differ.extend(after.iter().map(|b| (new, &**b)));
                    return differ;
                }
                for (a, b) in before.iter().zip(after) {
                    if !self.same_shown(a, b) {
                        differ.extend([(old, &**a), (new, &**b)]);
                    }
                }
                differ
            })
            .collect();
        let mut out = HashSet::new();
        for (archive, a) in differ {
            out.insert(paths::page_file(paths::action_list(a.kind)));
            out.insert(paths::into_page_file(list_of(archive, a)));
            if let Some(issue) = a.issue.as_ref().and_then(|k| archive.issues.get(k)) {
                out.insert(paths::page_file(&paths::issue(&issue.reference)));
            }
            for p in &a.people {
                out.insert(paths::page_file(&paths::person(&p.key)));
            }
        }
        out
    }

    /// Whether two action lists show the same: pairwise [`Pair::same_shown`].
    fn same_lists(&self, a: &[&Action], b: &[&Action]) -> bool {
        // In parallel: a year's list may hold thousands of action items.
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
        // The common case, cheaply: one action of a meeting the edit left alone, carried over,
        // under an issue that kept its title.
        let carried = a.meeting == b.meeting
            && self.kept.get(a.meeting) == Some(&true)
            && a.id == b.id
            && a.issue == b.issue
            && a.issue
                .as_ref()
                .is_none_or(|k| !self.edited_issues.contains(k));
        if carried {
            return followed(old, a.followed_up) == followed(new, b.followed_up);
        }
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
