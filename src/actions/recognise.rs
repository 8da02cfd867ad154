//! The action-item and decision recogniser: one sentence of notes and the meeting's
//! [`Roster`] → what the sentence records ([`Found`]: an action with the people who took it, a
//! decision, or both). Pure. An action needs an explicit marker (`Action:`, `AI:`, `TODO:`) or
//! a named person committing (`@handle will …`, `Name to …`, `Name took action to …`) where the
//! name is an attendee of that meeting, so "we will see", "it will take time" and "this will
//! land in v20" are not actions.

mod phrases;
mod words;

pub use phrases::opens_block;
use phrases::{is_decision, marker};
use serde::Serialize;
use std::collections::HashMap;
use words::{lower_at, tokens, word_at, Tok};

/// What a sentence records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Action,
    Decision,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Action => "action",
            Kind::Decision => "decision",
        }
    }
}

/// A person an action belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Who {
    /// The person key (lower-case handle, else the name's slug).
    pub key: String,
    /// The name as the meeting listed it, else `@handle`.
    pub name: String,
    pub handle: Option<String>,
}

/// The people present at one meeting, indexed by the ways notes refer to them (built once per
/// meeting: the recogniser looks names up at every clause of every sentence).
#[derive(Debug)]
pub struct Roster {
    members: Vec<Who>,
    /// Lower-case handle → member.
    handles: HashMap<String, usize>,
    /// Lower-case first name → member; `None` when two people share it (ambiguous).
    first_names: HashMap<String, Option<usize>>,
    /// Initials (`SR`) → member; `None` when ambiguous.
    initials: HashMap<String, Option<usize>>,
    /// The lower-case parts of names of two words or more, longest first, with the member.
    full_names: Vec<(Vec<String>, usize)>,
    /// Every lower-case word a member can be named by on its own or first (handles, first
    /// names, initials): a sentence of plain ASCII without one of them, and without an `@`,
    /// names nobody (see [`Roster::may_name_someone`]).
    first_words: Vec<String>,
    /// For each byte, the range of `first_words` (sorted) that start with it.
    by_first_byte: [(usize, usize); 256],
}

impl Default for Roster {
    fn default() -> Roster {
        Roster {
            members: Vec::new(),
            handles: HashMap::new(),
            first_names: HashMap::new(),
            initials: HashMap::new(),
            full_names: Vec::new(),
            first_words: Vec::new(),
            by_first_byte: [(0, 0); 256],
        }
    }
}

/// Capitalised words that start sentences but are nobody's first name here.
const NOT_NAMES: &[&str] = &[
    "the", "we", "it", "this", "that", "there", "they", "he", "she", "i", "a", "an", "security",
    "node", "team", "everyone", "all", "some", "next", "no", "one", "will", "action", "to",
];

/// Records `key → index`, or `None` when another person already has that key.
fn insert_unique(
    map: &mut HashMap<String, Option<usize>>,
    members: &[Who],
    key: String,
    index: usize,
) {
    let entry = map.entry(key).or_insert(Some(index));
    if let Some(j) = *entry {
        if members.get(j).map(|m| &m.key) != members.get(index).map(|m| &m.key) {
            *entry = None;
        }
    }
}

impl Roster {
    pub fn new(members: Vec<Who>) -> Roster {
        let mut r = Roster::default();
        for (i, m) in members.iter().enumerate() {
            if let Some(h) = &m.handle {
                r.handles.entry(h.to_lowercase()).or_insert(i);
            }
            let parts: Vec<String> = m.name.split_whitespace().map(str::to_lowercase).collect();
            if let Some(first) = parts.first().filter(|f| f.chars().count() >= 2) {
                insert_unique(&mut r.first_names, &members, first.clone(), i);
            }
            if parts.len() >= 2 {
                let initials: String = m
                    .name
                    .split_whitespace()
                    .filter_map(|p| p.chars().next())
                    .collect();
                insert_unique(&mut r.initials, &members, initials, i);
                r.full_names.push((parts, i));
            }
        }
        r.full_names
            .sort_by_key(|(parts, _)| std::cmp::Reverse(parts.len()));
        let mut first_words: Vec<String> = r
            .handles
            .keys()
            .chain(r.initials.keys())
            .map(|k| k.to_lowercase())
            .chain(
                members
                    .iter()
                    .filter_map(|m| m.name.split_whitespace().next().map(str::to_lowercase)),
            )
            // A word the tokeniser gives is never empty: an empty handle names nobody.
            .filter(|w| !w.is_empty())
            .collect();
        first_words.sort_unstable();
        first_words.dedup();
        for (i, w) in first_words.iter().enumerate() {
            if let Some(&b) = w.as_bytes().first() {
                let range = &mut r.by_first_byte[usize::from(b)];
                if range.0 == range.1 {
                    *range = (i, i);
                }
                range.1 = i + 1;
            }
        }
        r.first_words = first_words;
        r.members = members;
        r
    }

    /// Whether `sentence` may name a member or an `@handle`: false only when it is plain ASCII
    /// (so its words' lower case is byte for byte the sentence's) and holds neither an `@` nor,
    /// at the start of a word, any word a member is named by. [`subject`] finds nobody in such a
    /// sentence.
    fn may_name_someone(&self, sentence: &str) -> bool {
        if !sentence.is_ascii() || sentence.contains('@') {
            return true;
        }
        // A word starts where the byte before is not a letter or digit (a superset of where
        // the tokeniser starts one); only there can a member's word begin.
        let bytes = sentence.as_bytes();
        let mut after_word_char = false;
        for (i, &b) in bytes.iter().enumerate() {
            let lower = b.to_ascii_lowercase();
            let (from, to) = self.by_first_byte[usize::from(lower)];
            if !after_word_char && from < to {
                let rest = &bytes[i..];
                let words = self.first_words.get(from..to);
                let found = words.into_iter().flatten().any(|w| {
                    let w = w.as_bytes();
                    rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w)
                });
                if found {
                    return true;
                }
            }
            after_word_char = b.is_ascii_alphanumeric();
        }
        false
    }

    fn by_handle(&self, handle: &str) -> Option<&Who> {
        self.handles
            .get(&handle.to_lowercase())
            .and_then(|&i| self.members.get(i))
    }

    /// The one member whose first name is `word` (any case).
    fn by_first_name(&self, word: &str) -> Option<&Who> {
        let lower = word.to_lowercase();
        if NOT_NAMES.contains(&lower.as_str()) {
            return None;
        }
        self.first_names
            .get(&lower)
            .copied()
            .flatten()
            .and_then(|i| self.members.get(i))
    }

    /// A member referred to by the words at `toks[i..]`: their full name, first name, initials
    /// (as a speaker label, `LT:`) or bare handle. Returns the member and the words used.
    fn by_words(&self, toks: &[Tok], i: usize) -> Option<(&Who, usize)> {
        let Tok::Word(word) = *toks.get(i)? else {
            return None;
        };
        if word.starts_with(char::is_uppercase) {
            let lower = word.to_lowercase();
            // Full names first, longest first.
            for (parts, m) in &self.full_names {
                let matches = parts.first() == Some(&lower)
                    && parts.iter().enumerate().skip(1).all(|(k, p)| {
                        matches!(toks.get(i + k), Some(Tok::Word(w)) if w.to_lowercase() == *p)
                    });
                if matches {
                    return self.members.get(*m).map(|w| (w, parts.len()));
                }
            }
            if let Some(m) = self.by_first_name(word) {
                return Some((m, 1));
            }
            let speaker_initials = word.len() <= 3
                && word.chars().all(|c| c.is_ascii_uppercase())
                && toks.get(i + 1) == Some(&Tok::Punct(':'));
            if speaker_initials {
                let m = self.initials.get(word).copied().flatten();
                if let Some(m) = m.and_then(|m| self.members.get(m)) {
                    return Some((m, 1));
                }
            }
        }
        self.by_handle(word).map(|m| (m, 1))
    }
}

/// What one sentence records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    /// Who took the action (empty for decisions and unassigned actions).
    pub people: Vec<Who>,
}

/// Words after "will" that do not make a commitment: inverted questions ("will you …"),
/// subjects and negation.
const NOT_AFTER_WILL: &[&str] = &[
    "you", "we", "they", "he", "she", "it", "i", "there", "this", "that", "not", "need", "only",
];
/// Words that cannot be the verb of a commitment ("to the …", "will have").
const NOT_VERBS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "our", "my", "your",
    "its", "be", "been", "being", "have", "has", "had", "do", "make", "sure",
];
/// Adverbs allowed between "will" and its verb.
const ADVERBS: &[&str] = &[
    "also", "then", "probably", "likely", "now", "still", "soon", "first", "again", "further",
];

/// A verb at `toks[i]`: a word of letters, not a determiner or auxiliary.
fn verb_ok(toks: &[Tok], i: usize) -> bool {
    let Some(w) = word_at(toks, i) else {
        return false;
    };
    let lower = w.to_lowercase();
    w.chars().count() >= 2
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
        && !NOT_VERBS.contains(&lower.as_str())
}

/// What follows "will" makes a commitment: a verb, "be …ing", "have to …".
fn will_ok(toks: &[Tok], mut i: usize) -> bool {
    while ADVERBS.contains(&lower_at(toks, i).as_str()) {
        i += 1;
    }
    let next = lower_at(toks, i);
    match next.as_str() {
        "be" => word_at(toks, i + 1).is_some_and(|w| w.ends_with("ing") && w.len() > 4),
        "have" => lower_at(toks, i + 1) == "to" && verb_ok(toks, i + 2),
        // "will take a while", "will take time": how long, not who.
        "take"
            if matches!(lower_at(toks, i + 1).as_str(), "time" | "longer" | "some")
                || (lower_at(toks, i + 1) == "a"
                    && matches!(lower_at(toks, i + 2).as_str(), "while" | "long" | "bit")) =>
        {
            false
        }
        w if NOT_AFTER_WILL.contains(&w) => false,
        _ => verb_ok(toks, i),
    }
}

/// Whether the words at `toks[i..]`, right after a subject, commit it to something. A bare
/// "Name to …" counts only where a clause clearly starts (`allow_to`): in "set a meeting with
/// Emanuel and Michael to refine it", Michael is not the one who promised.
fn commits(toks: &[Tok], i: usize, allow_to: bool) -> bool {
    let speaker = toks.get(i) == Some(&Tok::Punct(':'));
    let i = if matches!(toks.get(i), Some(Tok::Punct(',' | ':'))) {
        i + 1
    } else {
        i
    };
    let w = lower_at(toks, i).replace('’', "'");
    match w.as_str() {
        "will" => will_ok(toks, i + 1),
        "i" if speaker => lower_at(toks, i + 1) == "will" && will_ok(toks, i + 2),
        "i'll" if speaker => will_ok(toks, i + 1),
        "to" if !speaker && allow_to => verb_ok(toks, i + 1),
        "is" | "are" => {
            lower_at(toks, i + 1) == "going"
                && lower_at(toks, i + 2) == "to"
                && verb_ok(toks, i + 3)
        }
        "took" | "takes" | "take" => {
            let j = if matches!(lower_at(toks, i + 1).as_str(), "an" | "the" | "a") {
                i + 2
            } else {
                i + 1
            };
            lower_at(toks, j).starts_with("action")
        }
        // "Ben volunteered.", "volunteered to host", "volunteered for the first one".
        "volunteered" => match lower_at(toks, i + 1).as_str() {
            "" | "for" => true,
            "to" => verb_ok(toks, i + 2),
            _ => false,
        },
        "offered" | "agreed" | "promised" => lower_at(toks, i + 1) == "to" && verb_ok(toks, i + 2),
        "signed" => lower_at(toks, i + 1) == "up",
        _ => false,
    }
}

/// One subject at `toks[i]`: an `@handle` (not an `@org/team`) or an attendee's name.
fn subject(toks: &[Tok], i: usize, roster: &Roster) -> Option<(Who, usize)> {
    let word = word_at(toks, i)?;
    if let Some(handle) = word.strip_prefix('@') {
        if handle.contains('/') || handle.is_empty() {
            return None;
        }
        // Note-takers sometimes @-mention a first name ("@ulises" for @UlisesGascon): when no
        // one present has that handle, someone present with that first name is meant.
        let who = roster
            .by_handle(handle)
            .or_else(|| roster.by_first_name(handle))
            .cloned()
            .unwrap_or_else(|| Who {
                key: handle.to_ascii_lowercase(),
                name: format!("@{handle}"),
                handle: Some(handle.to_string()),
            });
        return Some((who, i + 1));
    }
    roster.by_words(toks, i).map(|(m, n)| (m.clone(), i + n))
}

/// A list of subjects (`Ana`, `@a and @b`, `Varun/Ashish`, `Chen, Ivan and Ana`) at `toks[i]`.
fn subjects(toks: &[Tok], i: usize, roster: &Roster) -> Option<(Vec<Who>, usize)> {
    let (first, mut j) = subject(toks, i, roster)?;
    let mut people = vec![first];
    loop {
        let mut k = j;
        if toks.get(k) == Some(&Tok::Punct(',')) {
            k += 1;
        }
        if lower_at(toks, k) == "and" || matches!(toks.get(k), Some(Tok::Punct('&' | '/'))) {
            k += 1;
        }
        if k == j {
            break;
        }
        match subject(toks, k, roster) {
            Some((who, next)) => {
                people.push(who);
                j = next;
            }
            None => break,
        }
    }
    Some((people, j))
}

/// Words after which a new clause (and so a new subject) can start.
const CLAUSE_WORDS: &[&str] = &["and", "so", "then", "but", "also", "now"];

/// Whether `sentence` may record a decision (most notes do not): a cheap test before the
/// phrases are looked for. The words are written without their first letter so that a plain
/// substring test finds them whatever that letter's case ("Agreed", "agreed"), and in capitals.
fn has_decision_cue(sentence: &str) -> bool {
    [
        "gree", "ecid", "onsensus", "esolv", "GREE", "ECID", "ONSENSUS", "ESOLV",
    ]
    .iter()
    .any(|c| crate::find::contains(sentence, c))
}

/// Everyone the sentence commits to something, in order of first mention.
fn people_in(sentence: &str, roster: &Roster) -> Vec<Who> {
    // Most sentences name nobody: knowing that without tokenising them was 3% of a build.
    if !roster.may_name_someone(sentence) {
        return Vec::new();
    }
    people_in_words(sentence, roster)
}

/// [`people_in`], looking at every word.
fn people_in_words(sentence: &str, roster: &Roster) -> Vec<Who> {
    let toks = tokens(sentence);
    let about_actions = crate::find::contains(sentence, "ction");
    let mut people: Vec<Who> = Vec::new();
    for i in 0..toks.len() {
        // (starts a clause, and firmly enough for "Name to …").
        let (clause_start, allow_to) = match i.checked_sub(1).and_then(|p| toks.get(p)) {
            None => (true, true),
            Some(Tok::Punct(c)) => (",;:(-–—.!?\"“".contains(*c), true),
            Some(Tok::Word(w)) => {
                let after_for = about_actions && w.eq_ignore_ascii_case("for");
                let clause = CLAUSE_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c));
                (clause || after_for, after_for)
            }
        };
        if !clause_start {
            continue;
        }
        if let Some((who, next)) = subjects(&toks, i, roster) {
            if commits(&toks, next, allow_to) {
                for w in who {
                    if !people.iter().any(|p| p.key == w.key) {
                        people.push(w);
                    }
                }
            }
        }
    }
    people
}

/// What `sentence` records, given who attended: at most one action and one decision.
pub fn recognise(sentence: &str, roster: &Roster) -> Vec<Found> {
    let mut found = Vec::new();
    let question = sentence.trim_end().ends_with('?');
    let marked = marker(sentence).filter(|(_, rest)| !rest.trim().is_empty());
    let decided = !question && has_decision_cue(sentence) && is_decision(&sentence.to_lowercase());
    if marked.is_some_and(|(k, _)| k == Kind::Decision) || decided {
        found.push(Found {
            kind: Kind::Decision,
            people: Vec::new(),
        });
    }
    match marked {
        Some((Kind::Action, rest)) => found.push(Found {
            kind: Kind::Action,
            people: people_in(rest, roster),
        }),
        _ if !question => {
            let people = people_in(sentence, roster);
            if !people.is_empty() {
                found.push(Found {
                    kind: Kind::Action,
                    people,
                });
            }
        }
        _ => {}
    }
    found
}

#[cfg(test)]
mod tests;
