//! Relinking after an edit that keeps every meeting where it was (the same files under the same
//! ids, one or a few of them changed): the edit a note-taker makes in `serve`. Only the issues
//! the edited meetings cite (before or after), the initiatives' membership of those issues and,
//! when attendance changed, the people are worked out again; the rest is the previous
//! archive's. At 1,000 meetings a full relink took ~70 ms; this takes a few.

use super::build::{self, Facts};
use super::{Archive, Issue, Meeting};
use crate::config::Config;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Past this many edited meetings a full link is as quick.
const MAX_EDITED: usize = 32;

/// The indices of the meetings whose minutes changed, when every meeting is where it was in
/// `previous` (same count, ids, files and groups); `None` when the archive's shape changed.
pub(super) fn edited_meetings(meetings: &[Meeting], previous: &Archive) -> Option<Vec<usize>> {
    if meetings.len() != previous.meetings.len() || previous.facts.len() != meetings.len() {
        return None;
    }
    let mut edited = Vec::new();
    for (i, (new, old)) in meetings.iter().zip(&previous.meetings).enumerate() {
        let (n, o) = (&new.minutes, &old.minutes);
        if Arc::ptr_eq(n, o) {
            continue;
        }
        if new.id != old.id || n.source != o.source || n.group != o.group || n.date != o.date {
            return None;
        }
        edited.push(i);
        if edited.len() > MAX_EDITED {
            return None;
        }
    }
    Some(edited)
}

/// The parts of an archive a patch makes; the caller adds groups and action items.
pub(super) struct Patched {
    pub issues: BTreeMap<String, Issue>,
    pub initiatives: Vec<super::Initiative>,
    pub issue_initiatives: HashMap<String, Vec<String>>,
    pub people: BTreeMap<String, super::Person>,
    pub name_index: HashMap<String, String>,
}

/// `previous` with the meetings `edited` replaced by their new minutes (`meetings`, `facts`).
pub(super) fn patch(
    meetings: &[Meeting],
    facts: &Facts,
    config: &Config,
    previous: &Archive,
    edited: &[usize],
) -> Patched {
    let is_edited = |m: usize| edited.binary_search(&m).is_ok();
    let facts_of = |all: &'_ Facts, m: usize| -> Vec<String> {
        all.get(m)
            .map(|f| f.iter().map(|x| x.key.clone()).collect())
            .unwrap_or_default()
    };
    let mentioned_in = |all: &[Meeting], m: usize| -> Vec<String> {
        all.get(m)
            .map(|mt| {
                mt.minutes
                    .mentions
                    .iter()
                    .map(|x| x.reference.key())
                    .collect()
            })
            .unwrap_or_default()
    };
    // Issues cited (or mentioned) by an edited meeting before or after the edit.
    let touched: BTreeSet<String> = edited
        .iter()
        .flat_map(|&m| {
            let mut keys = facts_of(&previous.facts, m);
            keys.extend(facts_of(facts, m));
            keys.extend(mentioned_in(&previous.meetings, m));
            keys.extend(mentioned_in(meetings, m));
            keys
        })
        .collect();

    let mut issues = previous.issues.clone();
    for key in &touched {
        let mut citing: Vec<usize> = previous.issues.get(key).map_or_else(Vec::new, |i| {
            i.mentions
                .iter()
                .map(|m| m.meeting)
                .chain(i.noted.iter().map(|n| n.meeting))
                .filter(|&m| !is_edited(m))
                .collect()
        });
        citing.extend(edited.iter().copied().filter(|&m| {
            facts
                .get(m)
                .is_some_and(|f| f.iter().any(|x| &x.key == key))
                || mentioned_in(meetings, m).contains(key)
        }));
        citing.sort_unstable();
        citing.dedup();
        match build::issue_in(meetings, facts, key, &citing) {
            Some(issue) => issues.insert(key.clone(), issue),
            None => issues.remove(key),
        };
    }

    // Membership changes only for the touched issues.
    let members: Vec<BTreeSet<String>> = previous
        .initiatives
        .iter()
        .enumerate()
        .map(|(ci, initiative)| {
            let mut keys: BTreeSet<String> = initiative.issues.iter().cloned().collect();
            let listed: BTreeSet<String> = config
                .initiatives
                .get(ci)
                .map(|c| c.issues.iter().map(crate::model::IssueRef::key).collect())
                .unwrap_or_default();
            for key in &touched {
                let member = listed.contains(key)
                    || issues
                        .get(key)
                        .is_some_and(|i| build::matches_initiative(i, facts, ci));
                match member {
                    true => keys.insert(key.clone()),
                    false => keys.remove(key),
                };
            }
            keys
        })
        .collect();
    let (initiatives, issue_initiatives) = build::initiatives(config, meetings, &issues, members);

    let same_attendance =
        edited
            .iter()
            .all(|&m| match (meetings.get(m), previous.meetings.get(m)) {
                (Some(new), Some(old)) => new.minutes.attendees == old.minutes.attendees,
                _ => false,
            });
    let (name_index, people) = if same_attendance {
        let mut people = previous.people.clone();
        let items = |all: &'_ Facts| -> Vec<super::facts::ItemFacts> {
            edited
                .iter()
                .filter_map(|&m| all.get(m))
                .flat_map(|f| f.iter().cloned())
                .collect()
        };
        let names = &previous.name_index;
        build::count_named(&mut people, names, items(&previous.facts).iter(), -1);
        build::count_named(&mut people, names, items(facts).iter(), 1);
        (previous.name_index.clone(), people)
    } else {
        let (name_index, mut people) = build::people(meetings, config);
        build::count_named(
            &mut people,
            &name_index,
            facts.iter().flat_map(|f| f.iter()),
            1,
        );
        (name_index, people)
    };
    Patched {
        issues,
        initiatives,
        issue_initiatives,
        people,
        name_index,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{link, relink};
    use crate::model::{Minutes, RefKind};

    /// The relink's archive is the full link's, field by field, and came from the patch.
    fn patched_as_linked(previous: &Archive, minutes: Vec<Arc<Minutes>>, config: &Config) {
        let full = link(minutes.clone(), config, false);
        let again = relink(minutes, config, false, previous);
        let edited = edited_meetings(&again.meetings, previous);
        assert!(edited.is_some_and(|e| !e.is_empty()), "not a patch");
        let shown = |a: &Archive| {
            format!(
                "{:#?}\n{:#?}\n{:#?}\n{:#?}",
                a.issues, a.initiatives, a.people, a.groups
            )
        };
        assert_eq!(shown(&again), shown(&full));
        assert_eq!(again.issue_initiatives, full.issue_initiatives);
        assert_eq!(again.name_index, full.name_index);
        assert_eq!(again.actions, full.actions);
    }

    /// An edit of one meeting's minutes.
    type Edit = Box<dyn Fn(&mut Minutes)>;

    /// `minutes` with meeting `at` changed by `edit` (the others shared, as in `serve`).
    fn edited(
        minutes: &[Arc<Minutes>],
        at: &[usize],
        edit: &dyn Fn(&mut Minutes),
    ) -> Vec<Arc<Minutes>> {
        let mut out = minutes.to_vec();
        for &i in at {
            let mut m = (*out[i]).clone();
            edit(&mut m);
            out[i] = Arc::new(m);
        }
        out
    }

    #[test]
    fn a_patched_relink_is_the_full_link() {
        let Some(root) = crate::test_support::security_wg() else {
            return;
        };
        let (mut minutes, config) = crate::test_support::minutes_of(&root);
        minutes.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.source.cmp(&b.source)));
        let previous = link(minutes.clone(), &config, false);
        // Meetings with items and attendees to edit: the first, one in the middle, the last.
        let editable: Vec<usize> = (0..minutes.len())
            .filter(|&i| !minutes[i].items.is_empty() && minutes[i].attendees.len() > 1)
            .collect();
        assert!(editable.len() > 3, "too few meetings to edit");
        let (first, mid, last) = (
            editable[0],
            editable[editable.len() / 2],
            editable[editable.len() - 1],
        );
        let handle = previous
            .people
            .values()
            .find_map(|p| p.handle.clone())
            .expect("someone with a handle");
        let popular = previous
            .issues
            .values()
            .max_by_key(|i| i.mentions.len())
            .map(|i| i.reference.clone())
            .expect("an issue");
        let edits: Vec<(&str, Edit)> = vec![
            (
                "title into an initiative",
                Box::new(|m: &mut Minutes| {
                    m.items[0].title = "Permission model: next steps".into();
                }),
            ),
            (
                "first item removed",
                Box::new(|m: &mut Minutes| {
                    m.items.remove(0);
                }),
            ),
            (
                "every item removed",
                Box::new(|m: &mut Minutes| m.items.clear()),
            ),
            (
                "a new issue and a popular one",
                Box::new(move |m: &mut Minutes| {
                    let mut new = m.items[0].clone();
                    new.reference =
                        crate::model::IssueRef::parse("nodejs", "node", 99_999, RefKind::Pull)
                            .expect("valid");
                    new.title = "A brand new pull request".into();
                    let mut again = m.items[0].clone();
                    again.reference = popular.clone();
                    again.reference.kind = RefKind::Pull;
                    again.title = "Renamed here".into();
                    m.items.push(new);
                    m.items.push(again);
                }),
            ),
            (
                "a handle named in the notes",
                Box::new(move |m: &mut Minutes| {
                    m.items[0]
                        .notes_md
                        .push_str(&format!("\n- @{handle} will follow up\n"));
                }),
            ),
            (
                "an attendee gone",
                Box::new(|m: &mut Minutes| {
                    m.attendees.pop();
                }),
            ),
            (
                "an item listed twice",
                Box::new(|m: &mut Minutes| {
                    let mut twice = m.items[0].clone();
                    twice.reference.kind = RefKind::Discussion;
                    twice.title = "Second listing".into();
                    m.items.push(twice);
                }),
            ),
        ];
        for (what, edit) in &edits {
            for at in [vec![mid], vec![first, mid], vec![last]] {
                let changed = edited(&minutes, &at, edit.as_ref());
                let result = std::panic::catch_unwind(|| {
                    patched_as_linked(&previous, changed, &config);
                });
                assert!(result.is_ok(), "{what} in meetings {at:?}");
            }
        }
        // Edits upon edits: each relink patches the one before.
        let once = edited(&minutes, &[mid], edits[3].1.as_ref());
        let first = relink(once.clone(), &config, false, &previous);
        let twice = edited(&once, &[mid], edits[1].1.as_ref());
        patched_as_linked(&first, twice, &config);
        // A handle named, then the notes naming it cleared: the count goes down again.
        let named = edited(&minutes, &[mid], edits[4].1.as_ref());
        let first = relink(named.clone(), &config, false, &previous);
        assert!(first.people.values().any(|p| !p.named_in.is_empty()));
        let cleared = edited(&named, &[mid], &|m: &mut Minutes| {
            m.items.iter_mut().for_each(|i| i.notes_md.clear());
        });
        patched_as_linked(&first, cleared, &config);
    }

    #[test]
    fn a_changed_shape_is_not_patched() {
        let Some(root) = crate::test_support::security_wg() else {
            return;
        };
        let (minutes, config) = crate::test_support::minutes_of(&root);
        let previous = link(minutes.clone(), &config, false);
        let mut fewer = minutes.clone();
        fewer.pop();
        let relinked = link(fewer, &config, false);
        assert!(edited_meetings(&relinked.meetings, &previous).is_none());
        let same = link(minutes.clone(), &config, false);
        assert_eq!(edited_meetings(&same.meetings, &previous), Some(vec![]));
        // A meeting moved to another day.
        let mut moved = minutes.clone();
        let mut m = (*moved[0]).clone();
        m.date = crate::model::Date::new(1999, 1, 1).expect("a date");
        moved[0] = Arc::new(m);
        let relinked = link(moved, &config, false);
        assert!(edited_meetings(&relinked.meetings, &previous).is_none());
    }
}
