//! The recogniser's fixed phrases: explicit markers (`Action:`, `Decision:`, a list opened by
//! `Two new actions:`) and the phrases that record a decision ("Agreed to …", "we decided").

use super::Kind;

/// Explicit markers, lower-case, each followed by `:`. (`AI:` is matched upper-case only.)
/// A line starting `Actions:` is left out: in real minutes it is as often GitHub Actions (a
/// Scorecard category) as a list of tasks, which `Two new actions:` with a list below opens.
const ACTION_MARKERS: &[&str] = &[
    "action items",
    "action item",
    "action",
    "next actions",
    "next action",
    "todo",
    "to do",
    "to-do",
    "follow-up",
];
const DECISION_MARKERS: &[&str] = &[
    "decisions",
    "decision",
    "resolved",
    "resolution",
    "agreed",
    "agreement",
    "consensus",
];

/// A sentence that starts with a marker: its kind and the text after the colon.
pub(super) fn marker(sentence: &str) -> Option<(Kind, &str)> {
    let t = sentence.trim_start();
    if let Some(rest) = t.strip_prefix("AI:") {
        return Some((Kind::Action, rest));
    }
    let lower = t.to_lowercase();
    for (list, kind) in [
        (ACTION_MARKERS, Kind::Action),
        (DECISION_MARKERS, Kind::Decision),
    ] {
        for m in list {
            let colon = m.len();
            if lower.starts_with(m) && lower[colon..].trim_start().starts_with(':') {
                let rest = t.get(colon..).unwrap_or("").trim_start();
                return Some((kind, rest.get(1..).unwrap_or("")));
            }
        }
    }
    None
}

/// A sentence ending in a marker with nothing after it (`Decision:`, `Two new actions:`,
/// `… PRs. Agreed:`): the list that follows holds the actions or decisions.
pub fn opens_block(sentence: &str) -> Option<Kind> {
    let t = sentence.trim_end();
    let body = t.strip_suffix(':')?.trim_end();
    if body.ends_with("AI") && body.len() == 2 {
        return Some(Kind::Action);
    }
    let lower = body.to_lowercase();
    for (list, kind) in [
        (&["actions"][..], Kind::Action),
        (ACTION_MARKERS, Kind::Action),
        (DECISION_MARKERS, Kind::Decision),
    ] {
        for m in list {
            if let Some(before) = lower.strip_suffix(m) {
                if before.is_empty() || before.ends_with([' ', '.', '*']) {
                    return Some(kind);
                }
            }
        }
    }
    None
}

/// Phrases that record a decision at the start of a sentence.
const DECISION_STARTS: &[&str] = &[
    "agreed to ",
    "agreed that ",
    "agreed on ",
    "agreement to ",
    "agreement that ",
    "agreement on ",
    "decided to ",
    "decided that ",
    "decided on ",
    "resolved to ",
    "resolved that ",
    "it was agreed",
    "it was decided",
    "consensus to ",
    "consensus that ",
    "consensus is ",
    "consensus was ",
    "consensus we ",
    "general consensus",
    "rough consensus",
    "there's consensus",
    "there's a consensus",
    "there is consensus",
    "there is a consensus",
    "discussed and agreed",
    "discussed and decided",
    "the group agreed",
    "the group decided",
    "the team agreed",
    "the team decided",
    "the wg agreed",
    "all agreed",
    "everyone agreed",
];

/// Phrases that record a decision anywhere in a sentence.
const DECISION_ANYWHERE: &[&str] = &[
    "we decided",
    "we've decided",
    "we have decided",
    "we agreed",
    "we've agreed",
    "we have agreed",
    "we all agreed",
    "we reached consensus",
    "we came to consensus",
    "we've come to consensus",
    "we have come to consensus",
];

/// Words that make what follows hypothetical ("if we agreed …").
const CONDITIONAL: &[&str] = &["if", "whether", "unless", "once", "until", "before", "when"];

pub(super) fn is_decision(sentence: &str) -> bool {
    let lower = sentence.to_lowercase().replace('’', "'");
    if DECISION_STARTS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    DECISION_ANYWHERE.iter().any(|p| {
        lower.match_indices(p).any(|(at, _)| {
            let before = &lower[..at];
            let boundary = before.is_empty() || before.ends_with([' ', ',', ';', '(', ':']);
            let prev_word = before
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .unwrap_or("");
            boundary && !CONDITIONAL.contains(&prev_word)
        })
    })
}
