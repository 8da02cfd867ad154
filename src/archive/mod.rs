//! Link stage: parsed [`Minutes`] → an [`Archive`] keyed by ids: meetings in date order with
//! prev/next, issues with their timelines and titles over time, initiatives, people.

use crate::config::{Config, InitiativeConfig};
use crate::model::{Attendee, Date, IssueRef, Minutes, Status};
pub use dates::Redated;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One meeting: its minutes and its stable id (`2023-06-22`, `2023-06-22-2` for a second one).
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: String,
    /// Shared, so `serve` can relink without copying every meeting's text.
    pub minutes: Arc<Minutes>,
}

/// Where an issue was discussed: meeting index and item index in that meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    pub meeting: usize,
    pub item: usize,
}

/// Where an issue was mentioned in the notes of another item: meeting index and the index of
/// the mention in that meeting's [`Minutes::mentions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Noted {
    pub meeting: usize,
    pub mention: usize,
}

/// One issue across the archive.
#[derive(Debug, Clone)]
pub struct Issue {
    pub reference: IssueRef,
    /// Every distinct title with the first date it was used, oldest first.
    pub titles: Vec<(Date, String)>,
    /// Oldest first.
    pub mentions: Vec<Mention>,
    /// Mentions in the notes of other items (or outside any item), oldest first: apart from
    /// the agenda timeline. An issue only mentioned has a page too.
    pub noted: Vec<Noted>,
    pub last_status: Option<Status>,
}

impl Issue {
    /// The latest meaningful title (see [`meaningful_title`]), else an earlier one, else the
    /// reference itself (`owner/repo#N`). Every title stays in [`Issue::titles`].
    pub fn title(&self) -> String {
        self.titles
            .iter()
            .rev()
            .find(|(_, t)| meaningful_title(t))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| self.reference.key())
    }
}

/// Whether an item's title can name its issue: not a fragment left by a sentence around the
/// reference (`, nodejs/node#22584`, `. Who would like to work on`), not a bare reference
/// (`node#8464`, a URL), and at least three letters (not `.` or `13.4`).
pub fn meaningful_title(title: &str) -> bool {
    let t = title.trim();
    // `, more` and `. Who` are fragments; `.npmrc support` and `[docs] …` are not.
    let mut chars = t.chars();
    let fragment = chars
        .next()
        .is_some_and(|c| c.is_ascii_punctuation() && !"[(\"'`@_*~".contains(c))
        && chars
            .next()
            .is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
    let bare_reference = !t.contains(char::is_whitespace)
        && (t.contains('#') || t.contains("://") || t.starts_with("github.com"));
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    !fragment && !bare_reference && letters >= 3
}

#[derive(Debug, Clone)]
pub struct Initiative {
    pub config: InitiativeConfig,
    /// Issue keys, most discussed first.
    pub issues: Vec<String>,
    /// Every mention of every member issue, oldest first.
    pub mentions: Vec<Mention>,
    /// `active`, `dormant` or `done`.
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub key: String,
    pub handle: Option<String>,
    /// The latest name given.
    pub name: String,
    /// Meeting indices, oldest first.
    pub meetings: Vec<usize>,
    /// Issues whose notes mention the person's `@handle`: issue key → number of meetings.
    pub named_in: BTreeMap<String, usize>,
}

impl Person {
    pub fn display_name(&self) -> String {
        match (&self.name, &self.handle) {
            (n, _) if !n.is_empty() => n.clone(),
            (_, Some(h)) => format!("@{h}"),
            _ => self.key.clone(),
        }
    }
}

/// The cross-linked archive every page is rendered from.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Oldest first.
    pub meetings: Vec<Meeting>,
    pub issues: BTreeMap<String, Issue>,
    pub initiatives: Vec<Initiative>,
    pub people: BTreeMap<String, Person>,
    /// Issue key → slugs of the initiatives it belongs to.
    pub issue_initiatives: HashMap<String, Vec<String>>,
    /// Lower-case name → handle key, for attendees listed by name only.
    pub name_index: HashMap<String, String>,
    /// Action items and decisions recognised in the notes, in meeting order.
    pub actions: Vec<Arc<crate::actions::Action>>,
    /// The groups of an org-wide site, in `[[groups]]` order; empty for a single-group site.
    pub groups: Vec<Group>,
    /// Meetings that keep their file name's date because their title's was another file's.
    pub redated: Vec<dates::Redated>,
    /// What linking read from each meeting's items, kept so a relink reuses it for minutes
    /// that did not change.
    facts: Vec<Arc<Vec<facts::ItemFacts>>>,
}

/// One group of an org-wide site and its meetings.
#[derive(Debug, Clone)]
pub struct Group {
    pub config: crate::groups::GroupConfig,
    /// Meeting indices, oldest first.
    pub meetings: Vec<usize>,
}

/// How many days without discussion make an initiative dormant.
pub const ACTIVE_DAYS: i64 = 90;

/// Cross-links the minutes. Drafts are dropped unless `include_drafts`.
pub fn link(minutes: Vec<Arc<Minutes>>, config: &Config, include_drafts: bool) -> Archive {
    link_with(minutes, config, include_drafts, None)
}

/// [`link`] after an edit: the same archive a full link gives, reusing what `previous` worked
/// out for the minutes it shares with this one (`serve` relinks on every structural edit,
/// and recognising every meeting's action items again was most of it).
pub fn relink(
    minutes: Vec<Arc<Minutes>>,
    config: &Config,
    include_drafts: bool,
    previous: &Archive,
) -> Archive {
    link_with(minutes, config, include_drafts, Some(previous))
}

fn link_with(
    mut minutes: Vec<Arc<Minutes>>,
    config: &Config,
    include_drafts: bool,
    previous: Option<&Archive>,
) -> Archive {
    minutes.retain(|m| include_drafts || !m.draft);
    let redated = dates::settle(&mut minutes);
    minutes.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.source.cmp(&b.source)));
    let mut meetings: Vec<Meeting> = Vec::with_capacity(minutes.len());
    // Ids count meetings per group and day; on an org-wide site they start with the group
    // (`tsc/2023-02-01`), so two groups meeting on one day never clash.
    let org_wide = !config.groups.is_empty();
    let mut per_day: HashMap<(String, Date), usize> = HashMap::new();
    for m in minutes {
        let n = per_day.entry((m.group.clone(), m.date)).or_insert(0);
        *n += 1;
        let day = if *n == 1 {
            m.date.iso()
        } else {
            format!("{}-{}", m.date, n)
        };
        let id = if org_wide {
            format!("{}/{day}", m.group)
        } else {
            day
        };
        meetings.push(Meeting { id, minutes: m });
    }
    let groups = config
        .groups
        .iter()
        .map(|g| Group {
            config: g.clone(),
            meetings: (0..meetings.len())
                .filter(|&i| meetings.get(i).is_some_and(|m| m.minutes.group == g.slug))
                .collect(),
        })
        .collect();

    // Which meetings `previous` holds unchanged: their facts and action items are its own.
    let unchanged = previous.map(|p| (p, unchanged_in(p, &meetings)));
    let kept = unchanged.as_ref().map(|(p, u)| (*p, u.as_slice()));
    let facts = item_facts(&meetings, config, kept);
    let edited = previous.and_then(|p| Some((p, patch::edited_meetings(&meetings, p)?)));
    let (issues, initiatives, issue_initiatives, people, name_index) = match edited {
        Some((previous, edited)) => {
            let p = patch::patch(&meetings, &facts, config, previous, &edited);
            (
                p.issues,
                p.initiatives,
                p.issue_initiatives,
                p.people,
                p.name_index,
            )
        }
        None => {
            let issues = build::issues(&meetings, &facts);
            let members = build::members(config, &issues, &facts);
            let (initiatives, issue_initiatives) =
                build::initiatives(config, &meetings, &issues, members);
            let (name_index, mut people) = build::people(&meetings, config);
            build::count_named(
                &mut people,
                &name_index,
                facts.iter().flat_map(|f| f.iter()),
                1,
            );
            (issues, initiatives, issue_initiatives, people, name_index)
        }
    };
    let mut archive = Archive {
        meetings,
        issues,
        initiatives,
        people,
        issue_initiatives,
        name_index,
        groups,
        actions: Vec::new(),
        redated,
        facts,
    };
    archive.actions = crate::actions::collect(&archive, kept);
    archive
}

fn person_key(name_index: &HashMap<String, String>, a: &Attendee) -> String {
    // A handle `[people]` renames, else the handle; a name listed with a handle elsewhere (or
    // in `[people]`), else the name. A handle found for a name may be an old one in turn.
    let renamed = |h: String| name_index.get(&format!("@{h}")).cloned().unwrap_or(h);
    match &a.handle {
        Some(_) => renamed(a.key()),
        None => name_index
            .get(&a.name.to_lowercase())
            .cloned()
            .map_or_else(|| a.key(), renamed),
    }
}

impl Archive {
    /// The key of the person an attendee line names (handles win; a bare name that appears
    /// with a handle elsewhere maps to that handle).
    pub fn person_key(&self, a: &Attendee) -> String {
        person_key(&self.name_index, a)
    }

    /// Frees what linking read from each item, which only a relink reuses (a relink of an
    /// archive without it works everything out again).
    pub fn forget_facts(&mut self) {
        self.facts = Vec::new();
    }

    /// Whether the site has `[[groups]]`.
    pub fn is_org_wide(&self) -> bool {
        !self.groups.is_empty()
    }

    /// The group meeting `index` belongs to, on an org-wide site.
    pub fn group_of(&self, index: usize) -> Option<&Group> {
        let slug = &self.meetings.get(index)?.minutes.group;
        self.groups.iter().find(|g| &g.config.slug == slug)
    }

    /// The meetings before and after meeting `index` in its group (on a single-group site, in
    /// the whole archive).
    pub fn group_neighbours(&self, index: usize) -> (Option<usize>, Option<usize>) {
        let Some(group) = self.group_of(index) else {
            let next = (index + 1 < self.meetings.len()).then_some(index + 1);
            return (index.checked_sub(1), next);
        };
        match group.meetings.binary_search(&index) {
            Ok(p) => (
                p.checked_sub(1)
                    .and_then(|q| group.meetings.get(q).copied()),
                group.meetings.get(p + 1).copied(),
            ),
            Err(_) => (None, None),
        }
    }
}

/// Titles that differ only in case, spacing or trailing punctuation are the same title.
fn same_title(a: &str, b: &str) -> bool {
    if a == b {
        return true; // the common case, without allocating
    }
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches(['.', ':', '-'])
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// For each meeting of `new`, its index in `old` when both hold the same minutes (shared in
/// memory: the file did not change) under the same id. What `serve`'s relink can carry over.
pub fn unchanged_meetings(old: &Archive, new: &Archive) -> Vec<Option<usize>> {
    unchanged_in(old, &new.meetings)
}

/// [`unchanged_meetings`] for meetings not yet linked into an archive.
fn unchanged_in(old: &Archive, meetings: &[Meeting]) -> Vec<Option<usize>> {
    let by_minutes: HashMap<usize, usize> = old
        .meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (Arc::as_ptr(&m.minutes) as usize, i))
        .collect();
    meetings
        .iter()
        .map(|m| {
            let j = *by_minutes.get(&(Arc::as_ptr(&m.minutes) as usize))?;
            (old.meetings.get(j)?.id == m.id).then_some(j)
        })
        .collect()
}

mod build;
mod dates;
mod facts;
mod patch;
use facts::item_facts;
pub use facts::matches_keywords;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_whole_words_only() {
        let k = vec!["permission model".to_string()];
        assert!(matches_keywords("Permission Model - Roadmap", &k));
        assert!(!matches_keywords("permission modeling", &k));
        assert!(!matches_keywords("", &k));
    }

    #[test]
    fn an_issue_is_titled_by_its_latest_meaningful_title() {
        let d = |day| Date::new(2020, 1, day).expect("date");
        let mut issue = Issue {
            reference: IssueRef::parse("nodejs", "node", 7, crate::model::RefKind::Issue)
                .expect("valid names"),
            titles: vec![(d(1), "Fix the build".into())],
            mentions: Vec::new(),
            noted: Vec::new(),
            last_status: None,
        };
        for junk in [
            ", nodejs/node#22584",
            ". Who would like to work on",
            "node#8464",
            ".",
            "13.4",
        ] {
            assert!(!meaningful_title(junk), "{junk}");
            issue.titles.push((d(2), junk.to_string()));
            assert_eq!(issue.title(), "Fix the build", "{junk}");
        }
        assert!(meaningful_title("[docs] Table of contents"));
        assert!(meaningful_title("`fs.cp` is slow"));
        assert!(meaningful_title(".npmrc support"));
        issue.titles.truncate(0);
        issue.titles.push((d(3), "#7".into()));
        assert_eq!(issue.title(), "nodejs/node#7");
        assert_eq!(issue.titles.len(), 1, "every title stays in the history");
    }

    #[test]
    fn titles_compare_loosely() {
        assert!(same_title(
            "Permission Model - Roadmap",
            "permission  model - roadmap."
        ));
        assert!(!same_title("Security Model", "Threat Model"));
    }
}
