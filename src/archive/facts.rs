//! What linking reads from each agenda item's text: its issue key, the initiatives whose
//! keywords it matches and the `@handles` its notes name, worked out for all items in parallel.

use super::Meeting;
use crate::config::Config;
use crate::find::Needle;
use std::sync::Arc;

/// What linking needs from each agenda item's text, worked out for all items in parallel
/// (lower-casing titles and notes for keywords and scanning notes for handles was most of a
/// single-threaded link stage at 10k meetings).
#[derive(Debug, Clone)]
pub(super) struct ItemFacts {
    /// The issue key (`owner/repo#N`).
    pub(super) key: String,
    /// Indices of the initiatives whose keywords the item matches (title, or notes when the
    /// initiative matches notes).
    pub(super) initiatives: Vec<usize>,
    /// `@handles` named in the notes (comments left out), lower-case.
    pub(super) handles: Vec<String>,
}

/// [`ItemFacts`] by meeting, then item; those of minutes `previous` holds unchanged (its
/// [`super::unchanged_meetings`] for these meetings) are its own (the same configuration is
/// assumed: `serve` starts again when it changes).
pub(super) fn item_facts(
    meetings: &[Meeting],
    config: &Config,
    previous: Option<(&super::Archive, &[Option<usize>])>,
) -> Vec<Arc<Vec<ItemFacts>>> {
    use rayon::prelude::*;
    let reused = |i: usize| {
        let (p, unchanged) = previous?;
        p.facts.get((*unchanged.get(i)?)?).cloned()
    };
    let keywords: Vec<Vec<Needle>> = config
        .initiatives
        .iter()
        .map(|i| lowered(&i.keywords))
        .collect();
    let any_notes = config.initiatives.iter().any(|i| i.match_notes);
    meetings
        .par_iter()
        .enumerate()
        .map(|(i, meeting)| {
            if let Some(facts) = reused(i) {
                return facts;
            }
            let facts = meeting
                .minutes
                .items
                .iter()
                .map(|item| {
                    let title = item.title.to_lowercase();
                    let notes = match any_notes {
                        true => item.notes_md.to_lowercase(),
                        false => String::new(),
                    };
                    let initiatives = config
                        .initiatives
                        .iter()
                        .zip(&keywords)
                        .enumerate()
                        .filter(|(_, (cfg, words))| {
                            contains_any(&title, words)
                                || (cfg.match_notes && contains_any(&notes, words))
                        })
                        .map(|(i, _)| i)
                        .collect();
                    let text = crate::markdown::without_comments(&item.notes_md);
                    ItemFacts {
                        key: item.reference.key(),
                        initiatives,
                        handles: crate::minutes::attendees::handles_in(&text),
                    }
                })
                .collect();
            Arc::new(facts)
        })
        .collect()
}

/// Case-insensitive whole-word (or whole-phrase) match of any keyword.
pub fn matches_keywords(text: &str, keywords: &[String]) -> bool {
    contains_any(&text.to_lowercase(), &lowered(keywords))
}

/// The keywords, lower-case, each ready to be searched for in every item.
fn lowered(keywords: &[String]) -> Vec<Needle> {
    keywords
        .iter()
        .map(|k| k.to_lowercase())
        .filter(|k| !k.is_empty())
        .map(|k| Needle::new(&k))
        .collect()
}

/// Whether lower-case `text` holds any of the lower-case, non-empty `keywords` as a whole word
/// or phrase.
fn contains_any(text: &str, keywords: &[Needle]) -> bool {
    keywords.iter().any(|k| {
        k.positions(text).any(|i| {
            let before = text.get(..i).and_then(|t| t.chars().next_back());
            let after = text.get(i + k.len()..).and_then(|t| t.chars().next());
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
    })
}
