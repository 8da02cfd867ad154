//! The attendee part of the minutes: which headings under `Present` are groups of attendees
//! (`### TSC members`, `### Guests`, `### Regrets`) and which end the list (`### Announcements`,
//! `### nodejs/node`), and which attendee lines list the absent.

/// What a heading names when it opens or continues an attendee list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Group {
    /// People who were there (`Guests`, `Observers`, `TSC Members`).
    Present,
    /// People who were not (`Regrets`, `Apologies`, `Absent`).
    Absent,
}

/// Nouns that close the name of an attendee group: `TSC Members`, `Other attendees`.
const PRESENT_NOUNS: [&str; 24] = [
    "attendees",
    "attendance",
    "attending",
    "present",
    "participants",
    "members",
    "member",
    "guests",
    "guest",
    "observers",
    "observer",
    "collaborators",
    "invitees",
    "invited",
    "visitors",
    "staff",
    "speakers",
    "presenters",
    "facilitators",
    "facilitator",
    "moderator",
    "chair",
    "notetakers",
    "note takers",
];

/// Nouns that close the name of a list of the absent.
const ABSENT_NOUNS: [&str; 9] = [
    "regrets",
    "apologies",
    "absent",
    "absentees",
    "not present",
    "not attending",
    "unable to attend",
    "excused",
    "missing",
];

/// The group a heading names, `None` when it is not an attendee group: a short heading (at most
/// five words) whose last words are a group noun, less any parenthetical or colon after it.
pub(super) fn group_of(heading: &str) -> Option<Group> {
    let t = heading.to_lowercase();
    let t = t.split(['(', ':']).next().unwrap_or("");
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    if t.is_empty() || t.split_whitespace().count() > 5 {
        return None;
    }
    let ends_with = |noun: &&str| {
        t.strip_suffix(*noun)
            .is_some_and(|head| head.is_empty() || head.ends_with([' ', '/', '-', '&']))
    };
    if ABSENT_NOUNS.iter().any(ends_with) {
        return Some(Group::Absent);
    }
    PRESENT_NOUNS
        .iter()
        .any(ends_with)
        .then_some(Group::Present)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendee_groups_continue_the_list_other_headings_end_it() {
        for h in [
            "TSC members",
            "Guests",
            "Observers/Guests",
            "Other attendees",
            "Node.js Collaborators",
            "Members (voting)",
        ] {
            assert_eq!(group_of(h), Some(Group::Present), "{h}");
        }
        for h in ["Regrets", "Apologies:", "Absent", "Not present"] {
            assert_eq!(group_of(h), Some(Group::Absent), "{h}");
        }
        for h in [
            "Announcements",
            "CPC and Board Meeting Updates",
            "nodejs/node",
            "Board",
            "Questions from members of the public and the press",
        ] {
            assert_eq!(group_of(h), None, "{h}");
        }
    }
}
