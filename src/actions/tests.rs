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
