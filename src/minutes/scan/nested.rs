//! Agenda items below the top level of a list: a plain bullet whose children are agenda items
//! (a group, or one linkless title over its link), the children of a "we ran out of time" line,
//! several items on one line, and the references in notes that are mentions, not items.

use super::item::{cites_as_item, title_without};
use super::Open;
use crate::minutes::lines::{heading, indent_of, list_item};
use crate::minutes::refs::{self, Form, Found, Resolver};
use crate::model::{IssueRef, NoteMention, Owner, RepoName};

/// A plain bullet whose children are agenda items.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// The parent bullet's indentation: a line at or left of it ends the group.
    pub(super) indent: usize,
    /// The indentation of the first child: children at it (or a space more) are items.
    pub(super) child: usize,
    /// The parent is a "did not discuss these" line: its items were not discussed.
    pub(super) not_discussed: bool,
    /// The parent's text: the title of a child that is only a link.
    pub(super) parent: String,
}

impl Group {
    /// Whether a list item at `indent` is one of the group's items (not a note under one).
    pub(super) fn is_child(&self, indent: usize) -> bool {
        indent > self.indent && indent <= self.child + 1
    }
}

/// The agenda item a line names, if any: its reference (a markdown link first) and whether
/// the line is about it.
pub(super) fn item_ref(text: &str, resolver: &Resolver) -> Option<Found> {
    let found = refs::find(text, resolver);
    found
        .iter()
        .find(|f| f.form == Form::Link)
        .or_else(|| found.first())
        .filter(|f| cites_as_item(text, f))
        .cloned()
}

/// The group a plain bullet at line `k` opens, looking at its children: the children of a "we
/// did not discuss these" line; a bullet whose only child is a link (one item, titled by the
/// bullet); a bullet whose first child is an agenda item. `None` for anything else (a bullet
/// with notes under it).
pub(super) fn group_at(
    body: &[&str],
    mask: &[bool],
    k: usize,
    indent: usize,
    text: &str,
    resolver: &Resolver,
) -> Option<Group> {
    let mut child: Option<usize> = None;
    // (is an item, is only a link) for each direct child.
    let mut children: Vec<(bool, bool)> = Vec::new();
    for n in k + 1..body.len() {
        let line = body.get(n).copied().unwrap_or("");
        if mask.get(n).copied().unwrap_or(true) || line.trim().is_empty() {
            continue;
        }
        if heading(line).is_some() {
            break;
        }
        let Some(li) = list_item(line) else {
            if indent_of(line) <= indent && child.is_some() {
                break;
            }
            if child.is_none() && !refs::find(line.trim(), resolver).is_empty() {
                return None; // the parent's link, wrapped onto the next line: one item
            }
            continue; // the parent's text wrapped, or a child's
        };
        if li.indent <= indent {
            break;
        }
        let c = *child.get_or_insert(li.indent);
        if li.indent > c + 1 {
            continue; // a note under a child
        }
        let found = item_ref(li.text, resolver);
        let only_link = found
            .as_ref()
            .is_some_and(|f| title_without(li.text, f).is_empty());
        children.push((found.is_some(), only_link));
    }
    let child = child?;
    let not_discussed = not_discussed(text);
    let opens = match children.as_slice() {
        [] => false,
        _ if not_discussed => children.iter().any(|c| c.0),
        [(true, true)] => true,
        [first, ..] => first.0,
    };
    opens.then(|| Group {
        indent,
        child,
        not_discussed,
        parent: super::item::clean_title(&crate::minutes::lines::unescape(text)),
    })
}

/// A line that lists items the meeting did not get to: "We ran out of time and did not
/// discuss these", "Not discussed:", "Deferred to next meeting".
pub(super) fn not_discussed(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "ran out of time",
        "did not discuss",
        "didn't discuss",
        "not discussed",
        "did not get to",
        "didn't get to",
        "no time for",
        "out of time",
        "deferred to",
        "postponed to",
        "carried over",
    ]
    .iter()
    .any(|p| t.contains(p))
}

/// The other items a line names beside `first`: references after it, each behind a separator
/// (`/`, `,`, `&`, `+`, `|`, `;`, `and`) or right after it, each about its own part of the line
/// (`[lts#13](…) / Proposal: Release Process [#1997](…)`). Each with its part's title.
pub(super) fn companions(text: &str, found: &[Found], first: &Found) -> Vec<(Found, String)> {
    let mut out: Vec<(Found, String)> = Vec::new();
    let mut prev_end = first.span.end;
    let after: Vec<&Found> = found
        .iter()
        .filter(|f| f.span.start >= first.span.end)
        .collect();
    for (i, f) in after.iter().copied().enumerate() {
        let between = text.get(prev_end..f.span.start).unwrap_or("").trim_start();
        let lower = between.to_lowercase();
        let separated =
            between.is_empty() || between.starts_with(SEPARATORS) || lower.starts_with("and ");
        // Only links and URLs name items of their own: `#12, owner/repo#34` after an item's
        // link is an aside.
        if !separated
            || !matches!(f.form, Form::Link | Form::Url)
            || f.reference.key() == first.reference.key()
        {
            break;
        }
        // The part of the line from after the separator to the next reference (to the end of
        // the line for the last one): judged and titled on its own.
        let next = after.get(i + 1).map_or(text.len(), |g| g.span.start);
        let raw = text.get(prev_end..next).unwrap_or("");
        let part = raw.trim_start_matches(SEPARATORS);
        let part = part.strip_prefix("and ").unwrap_or(part);
        let lead = prev_end + raw.len() - part.len();
        let Some(span) = f
            .span
            .start
            .checked_sub(lead)
            .zip(f.span.end.checked_sub(lead))
        else {
            break;
        };
        let own = Found {
            span: span.0..span.1,
            ..f.clone()
        };
        if !cites_as_item(part, &own) {
            break;
        }
        let title = title_without(part, &own);
        out.push((f.clone(), title));
        prev_end = f.span.end;
    }
    out
}

/// What stands between two items on one line.
const SEPARATORS: [char; 7] = ['/', ',', '&', '+', '|', ';', ' '];

/// Adds a mention for each reference in `found` that is not one of `items` (the items the line
/// itself is), once per issue and line.
pub(super) fn mention(
    out: &mut Vec<NoteMention>,
    found: &[Found],
    line: usize,
    under: Option<&IssueRef>,
    items: &[&IssueRef],
) {
    // Sets, not scans: a line may hold thousands of references.
    let mut seen: std::collections::HashSet<String> = items.iter().map(|r| r.key()).collect();
    for f in found {
        if !seen.insert(f.reference.key()) {
            continue;
        }
        out.push(NoteMention {
            reference: f.reference.clone(),
            line,
            under: under.cloned(),
        });
    }
}

/// The item a line opens at `f`, with the other items the line names beside it.
pub(super) fn open_item(
    text: &str,
    f: &refs::Found,
    found: &[refs::Found],
    line: usize,
    repo: &Option<((Owner, RepoName), usize, String)>,
) -> Open {
    let more = companions(text, found, f);
    let title = match more.is_empty() {
        true => title_without(text, f),
        false => title_without(text.get(..f.span.end).unwrap_or(text), f),
    };
    let shared = std::iter::once(title.as_str())
        .chain(more.iter().map(|m| m.1.as_str()))
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .to_string();
    let mut open = Open::new(
        f.reference.clone(),
        if title.is_empty() {
            shared.clone()
        } else {
            title
        },
        line,
        repo.as_ref().map(|r| r.2.clone()),
    );
    open.also = more
        .into_iter()
        .map(|(g, t)| (g.reference, if t.is_empty() { shared.clone() } else { t }))
        .collect();
    open
}

/// The mentions on line `line`: references that are not the open item (which the line opened
/// or is a note of) nor the items beside it.
pub(super) fn note_mentions(
    mentions: &mut Vec<NoteMention>,
    found: &[refs::Found],
    line: usize,
    open: Option<&Open>,
) {
    let mut items: Vec<&IssueRef> =
        open.map_or_else(Vec::new, |o| o.also.iter().map(|a| &a.0).collect());
    // A note that links its own item again (`* PR [#5](…) landed` under `* Title [#5](…)`)
    // is a mention too: the line names the issue as much as any other.
    if let Some(o) = open.filter(|o| o.line == line) {
        items.push(&o.reference);
    }
    mention(mentions, found, line, open.map(|o| &o.reference), &items);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver() -> Resolver<'static> {
        Resolver {
            aliases: None,
            default_repo: crate::model::parse_repo_path("o/r").ok(),
        }
    }

    #[test]
    fn two_references_behind_a_separator_are_two_items() {
        let line = "[lts#13](https://github.com/nodejs/lts/issues/13) / Proposal: Release Process [#1997](https://github.com/nodejs/node/issues/1997)";
        let found = refs::find(line, &resolver());
        let first = found.first().expect("first");
        let more = companions(line, &found, first);
        assert_eq!(more.len(), 1);
        assert_eq!(more[0].0.reference.key(), "nodejs/node#1997");
        assert_eq!(more[0].1, "Proposal: Release Process");
        let cited = "Title [#5](https://github.com/o/r/issues/5) - blocked by [#6](https://github.com/o/r/issues/6)";
        let found = refs::find(cited, &resolver());
        assert!(companions(cited, &found, &found[0]).is_empty());
        let seen = "Title [#5](https://github.com/o/r/issues/5) (see [#6](https://github.com/o/r/issues/6))";
        let found = refs::find(seen, &resolver());
        assert!(companions(seen, &found, &found[0]).is_empty());
    }

    #[test]
    fn recognises_lines_about_items_not_discussed() {
        assert!(not_discussed(
            "We ran out of time and did not discuss these, will cover next meeting:"
        ));
        assert!(not_discussed("Not discussed:"));
        assert!(!not_discussed("Discussed the release plan"));
    }

    #[test]
    fn a_bullet_over_items_is_a_group_and_over_notes_is_not() {
        let body = [
            "* Community outreach",
            "  * Axios - [#322](https://github.com/o/r/issues/322)",
            "  * node-fetch [#360](https://github.com/o/r/issues/360)",
            "* Table of contents",
            "  * [#333](https://github.com/o/r/pull/333)",
            "    * Needs reviews",
            "* Plain topic",
            "  * we talked about it, see [#7](https://github.com/o/r/issues/7)",
            "* A title whose link wrapped",
            "[#8](https://github.com/o/r/issues/8)",
            "  * Blocked by [#9](https://github.com/o/r/issues/9)",
        ];
        let mask = vec![false; body.len()];
        let at = |k: usize| {
            let li = list_item(body[k]).expect("item");
            group_at(&body, &mask, k, li.indent, li.text, &resolver())
        };
        let g = at(0).expect("group");
        assert_eq!((g.indent, g.child, g.not_discussed), (0, 2, false));
        assert_eq!(at(3).expect("single").parent, "Table of contents");
        assert!(at(6).is_none());
        assert!(at(8).is_none());
    }
}
