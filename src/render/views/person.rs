//! Person views: the link to a person that lists show, with attendance counts and dates.

use crate::archive::Person;
use crate::paths;
use crate::render::groups::{self, GroupCountView};
use crate::render::links::Linker;
use crate::render::Env;
use serde::Serialize;

#[derive(Serialize)]
pub struct PersonLinkView {
    pub key: String,
    pub name: String,
    pub handle: Option<String>,
    pub href: String,
    pub count: usize,
    pub first: String,
    pub last: String,
    /// Attendance per group on an org-wide site.
    pub groups: Vec<GroupCountView>,
}

pub fn person_link(env: &Env, p: &Person, l: &Linker) -> PersonLinkView {
    let date_of = |i: Option<&usize>| {
        i.and_then(|i| env.archive.meetings.get(*i))
            .map(|m| m.minutes.date.iso())
            .unwrap_or_default()
    };
    PersonLinkView {
        key: p.key.clone(),
        name: p.display_name(),
        handle: p.handle.clone(),
        href: l.href(&paths::person(&p.key)),
        count: p.meetings.len(),
        first: date_of(p.meetings.first()),
        last: date_of(p.meetings.last()),
        groups: groups::person_groups(env.archive, p, l),
    }
}
