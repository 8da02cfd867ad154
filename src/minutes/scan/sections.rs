//! What a heading or a header line of the minutes is: the section it opens (`Present`,
//! `Links`, `Upcoming meetings`), a repo heading (`### nodejs/node`), a meeting link
//! (`**Recording**: URL`), or a template placeholder left unfilled.

use super::ParseContext;
use crate::minutes::lines::list_item;
use crate::model::{MeetingLinks, NameError, Owner, RepoName};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    /// Before the first section heading: old minutes put links and items here.
    Preamble,
    Links,
    Present {
        level: usize,
        /// A list of the absent (`## Regrets`, `### Apologies` under `Present`).
        absent: bool,
    },
    Agenda,
    /// `Upcoming Meetings` and the like: nothing to take.
    Closing,
}

pub(super) fn section_of(text: &str, level: usize) -> Option<Section> {
    let t = text.to_ascii_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    // The whole heading, or the word with a parenthetical or colon after it: `Attendance in
    // the upcoming summit? [#510](…)` is an agenda item, not the attendee list.
    let names_section = |w: &str| {
        t == w
            || t.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(" (") || rest.starts_with(':'))
    };
    if [
        "present",
        "attendees",
        "attendance",
        "in attendance",
        "participants",
        "attending",
    ]
    .iter()
    .any(|w| names_section(w))
    {
        return Some(Section::Present {
            level,
            absent: false,
        });
    }
    if ["regrets", "apologies", "absent", "absentees", "not present"]
        .iter()
        .any(|w| names_section(w))
    {
        return Some(Section::Present {
            level,
            absent: true,
        });
    }
    if t == "links" || t == "meeting links" {
        return Some(Section::Links);
    }
    if t.starts_with("upcoming meeting") || t == "next meeting" {
        return Some(Section::Closing);
    }
    None
}

/// `owner/repo` heading text whose owner is one the minutes link to (so `Q/A` and
/// `Observers/Guests` are not repos).
/// `Some(Err)` for such a heading whose names GitHub would refuse (`### ../..` when the file
/// links to `github.com/../`): it sets no repo, and is reported.
pub(super) fn repo_heading(
    text: &str,
    known_owners: &HashSet<String>,
) -> Option<Result<(Owner, RepoName), NameError>> {
    let t = text.trim().trim_matches(['`', '*', '[', ']']).trim();
    let (o, r) = t.split_once('/')?;
    let name_like = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if !(name_like(o) && name_like(r) && known_owners.contains(&o.to_ascii_lowercase())) {
        return None;
    }
    Some(crate::model::parse_repo_path(t))
}

/// Owners of every GitHub URL in the file, plus the group's own.
pub(super) fn owners_in(body: &[&str], ctx: &ParseContext) -> HashSet<String> {
    let mut owners = HashSet::new();
    if let Some((o, _)) = &ctx.repo {
        owners.insert(o.to_string());
    }
    for (o, _) in ctx.aliases.values() {
        owners.insert(o.to_string());
    }
    for from in ctx.aliases.keys() {
        if let Some((o, _)) = from.split_once('/') {
            owners.insert(o.to_string());
        }
    }
    let github = crate::find::Needle::new("github.com/");
    for line in body {
        for i in github.positions(line) {
            let rest = &line[i + "github.com/".len()..];
            let owner: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            if !owner.is_empty() {
                owners.insert(owner.to_ascii_lowercase());
            }
        }
    }
    owners
}

/// `$GITHUB_ISSUE$`-style leftovers from a template.
pub(super) fn has_placeholder(line: &str) -> bool {
    let mut parts = line.split('$');
    parts.next();
    parts.any(|p| p.len() >= 3 && p.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        && line.matches('$').count() >= 2
}

/// Recognises `**Recording**: URL`-style lines; returns whether the line was one.
pub(super) fn link_line(raw: &str, links: &mut MeetingLinks) -> bool {
    let text = list_item(raw).map_or(raw.trim(), |l| l.text);
    let Some((label, value)) = text.split_once(':').filter(|(l, _)| !l.contains("//")) else {
        return false;
    };
    let label = label.replace(['*', '_'], "").trim().to_ascii_lowercase();
    if label.len() > 40 {
        return false;
    }
    let url = value
        .split_whitespace()
        .map(|w| w.trim_matches(['<', '>', '(', ')']))
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(str::to_string);
    if label.contains("previous meeting")
        || label.contains("next meeting")
        || label.contains("calendar")
    {
        return true;
    }
    let slot =
        if label.contains("recording") || label.contains("video") || label.contains("youtube") {
            &mut links.recording
        } else if label.contains("issue") {
            &mut links.issue
        } else if label.contains("doc") || label.contains("minutes") || label.contains("notes") {
            &mut links.doc
        } else {
            return false;
        };
    if slot.is_none() {
        *slot = url;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_link_lines() {
        let mut links = MeetingLinks::default();
        assert!(link_line(
            "* **Recording**:  https://youtu.be/x",
            &mut links
        ));
        assert!(link_line(
            "* **GitHub Issue**:https://github.com/o/r/issues/1",
            &mut links
        ));
        assert!(link_line("* **Recording**:", &mut links));
        assert_eq!(links.recording.as_deref(), Some("https://youtu.be/x"));
        assert_eq!(
            links.issue.as_deref(),
            Some("https://github.com/o/r/issues/1")
        );
        assert!(!link_line("* Rafael Gonzaga: @RafaelGSS", &mut links));
    }

    #[test]
    fn spots_placeholders() {
        assert!(has_placeholder("* **GitHub Issue**: $GITHUB_ISSUE$"));
        assert!(!has_placeholder("costs $5 or $10"));
    }
}
