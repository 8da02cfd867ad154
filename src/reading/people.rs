//! `check`'s hints about people who are probably one person listed twice, each with the line
//! to add under `[people]` in site.toml: a first name alone that matches exactly one full-named
//! person of the same group and years; two names equal but for a middle initial; the same name
//! under two handles.

use crate::archive::{Archive, Person};
use crate::diag::Diagnostic;
use std::collections::{BTreeSet, HashMap};

/// One hint per probable duplicate, in a fixed order. People are compared within groups of
/// names that could match (the same name less initials; the same first name), not pair by pair
/// across the archive.
pub fn duplicate_hints(archive: &Archive) -> Vec<Diagnostic> {
    let people: Vec<Seen> = archive
        .people
        .values()
        .map(|p| Seen::of(archive, p))
        .collect();
    let mut by_name: HashMap<Vec<&str>, Vec<&Seen>> = HashMap::new();
    let mut by_first: HashMap<&str, Vec<&Seen>> = HashMap::new();
    for p in &people {
        if !p.words.is_empty() {
            by_name.entry(p.without_initials()).or_default().push(p);
        }
        if let Some(first) = p.words.first() {
            by_first.entry(first.as_str()).or_default().push(p);
        }
    }
    let mut hints: BTreeSet<(String, String)> = BTreeSet::new();
    for same in by_name.values() {
        for (i, a) in same.iter().enumerate() {
            for b in same.iter().skip(i + 1) {
                hints.extend(pair_hint(a, b, same));
            }
        }
    }
    for short in people
        .iter()
        .filter(|p| p.words.len() == 1 && p.handle().is_none())
    {
        let Some(first) = short.words.first() else {
            continue;
        };
        let full: Vec<&&Seen> = by_first
            .get(first.as_str())
            .into_iter()
            .flatten()
            .filter(|p| p.words.len() >= 2 && short.shares_group_and_years(p))
            .collect();
        if let [full] = full.as_slice() {
            hints.extend(first_name_hint(short, full));
        }
    }
    hints
        .into_iter()
        .map(|(line, why)| {
            Diagnostic::note(
                crate::config::CONFIG_FILE,
                "probable-duplicate",
                format!("{why}; if they are, add under [people]: {line}"),
            )
        })
        .collect()
}

/// What the rules compare of a person.
struct Seen<'a> {
    person: &'a Person,
    /// The name's words, lower-case.
    words: Vec<String>,
    groups: BTreeSet<&'a str>,
    years: BTreeSet<i32>,
}

impl<'a> Seen<'a> {
    fn of(archive: &'a Archive, person: &'a Person) -> Seen<'a> {
        let meetings = person
            .meetings
            .iter()
            .filter_map(|&m| archive.meetings.get(m));
        Seen {
            person,
            words: person
                .name
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            groups: meetings.clone().map(|m| m.minutes.group.as_str()).collect(),
            years: meetings.map(|m| m.minutes.date.year).collect(),
        }
    }

    fn handle(&self) -> Option<&str> {
        self.person.handle.as_deref()
    }

    /// The name without single-letter words (`Steven R. Loomis` → `steven loomis`).
    fn without_initials(&self) -> Vec<&str> {
        self.words
            .iter()
            .map(String::as_str)
            .filter(|w| w.trim_end_matches('.').chars().count() > 1)
            .collect()
    }

    fn shares_group_and_years(&self, other: &Seen) -> bool {
        !self.groups.is_disjoint(&other.groups) && !self.years.is_disjoint(&other.years)
    }
}

/// The `[people]` line and the reason, when `a` and `b` (two people whose names are equal but
/// for initials) are probably one person.
fn pair_hint(a: &Seen, b: &Seen, everyone: &[&Seen]) -> Option<(String, String)> {
    if a.words.is_empty() || b.words.is_empty() {
        return None;
    }
    // The same name under two handles: the less used handle maps to the more used one.
    if a.words == b.words {
        let (from, to) = by_use(a, b);
        // Three handles for one name: each maps to the most used one.
        let most_used = everyone
            .iter()
            .filter(|p| p.words == a.words && p.handle().is_some())
            .max_by_key(|p| used(p))?;
        if most_used.person.key != to.person.key {
            return None;
        }
        let (Some(old), Some(new)) = (from.handle(), to.handle()) else {
            return None;
        };
        return Some((
            format!("\"@{old}\" = \"{new}\""),
            format!(
                "\"{}\" is listed as @{old} and as @{new}: probably one person",
                to.person.name
            ),
        ));
    }
    // Equal but for a middle initial: the one without a handle (else the less used) maps to
    // the other's handle.
    if a.without_initials() == b.without_initials() && a.without_initials().len() >= 2 {
        return one_way(a, b, "differ only by a middle initial");
    }
    None
}

/// `"Bert" = "handle"` for a first name alone that is the first name of one full-named person
/// of the same group and years.
fn first_name_hint(short: &Seen, full: &Seen) -> Option<(String, String)> {
    let handle = full.handle()?;
    Some((
        format!("\"{}\" = \"{handle}\"", short.person.name),
        format!(
            "\"{}\" is the first name of one person only in the same group and years, \
             \"{}\" (@{handle}): probably one person",
            short.person.name, full.person.name
        ),
    ))
}

/// The hint that maps one of two names to the other's handle.
fn one_way(a: &Seen, b: &Seen, why: &str) -> Option<(String, String)> {
    let (from, to) = match (a.handle(), b.handle()) {
        (None, Some(_)) => (a, b),
        (Some(_), None) => (b, a),
        _ => by_use(a, b),
    };
    let handle = to.handle()?;
    let key = match from.handle() {
        Some(old) => format!("@{old}"),
        None => from.person.name.clone(),
    };
    Some((
        format!("\"{key}\" = \"{handle}\""),
        format!(
            "\"{}\" and \"{}\" (@{handle}) {why}: probably one person",
            from.person.name, to.person.name
        ),
    ))
}

/// (less used, more used), by meetings attended, then by key.
fn by_use<'s, 'a>(a: &'s Seen<'a>, b: &'s Seen<'a>) -> (&'s Seen<'a>, &'s Seen<'a>) {
    match used(a) < used(b) {
        true => (a, b),
        false => (b, a),
    }
}

/// How much a person is used: meetings attended, then (for a fixed order) the smaller key.
fn used(s: &Seen) -> (usize, std::cmp::Reverse<String>) {
    (
        s.person.meetings.len(),
        std::cmp::Reverse(s.person.key.clone()),
    )
}
