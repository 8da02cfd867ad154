//! Meeting dates across files: a title copied from an earlier meeting's minutes (date and all)
//! must not move a meeting onto that meeting's day. When a file's title and name disagree, the
//! title wins (it is usually the fix of a misnamed file) unless the title's date already is
//! another file's and either the file name's date is free or the title's date is not after the
//! previous file's: then the title is a copy and the file name's date is kept.

use crate::model::{Date, DateSource, Minutes};
use std::collections::HashMap;
use std::sync::Arc;

/// A meeting that keeps its file name's date because its title's date was another file's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redated {
    /// The group and source path of the meeting.
    pub group: String,
    pub source: String,
    /// The date its title gives, and the file that has that date.
    pub title_date: Date,
    pub taken_by: String,
    /// The date kept: the file name's.
    pub name_date: Date,
}

/// `minutes` with every copied title's date replaced by the file name's, and what was replaced.
pub(super) fn settle(minutes: &mut [Arc<Minutes>]) -> Vec<Redated> {
    // The dates each group's files claim: from anything but a title that disagrees with its
    // file name (those are what is judged here), and every file name's date.
    let mut claimed: HashMap<(&str, Date), Vec<&str>> = HashMap::new();
    for m in minutes.iter() {
        let mut claim = |d: Date| {
            let files = claimed.entry((m.group.as_str(), d)).or_default();
            if !files.contains(&m.source.as_str()) {
                files.push(&m.source);
            }
        };
        if let Some(n) = m.name_date {
            claim(n);
        }
        if !disagrees(m) {
            claim(m.date);
        }
    }
    let other_claim = |group: &str, d: Date, source: &str| -> Option<String> {
        claimed
            .get(&(group, d))?
            .iter()
            .find(|s| **s != source)
            .map(|s| s.to_string())
    };
    // The file before each one in its group, by the file name's date.
    let mut order: Vec<(&str, Date, &str)> = minutes
        .iter()
        .map(|m| {
            (
                m.group.as_str(),
                m.name_date.unwrap_or(m.date),
                m.source.as_str(),
            )
        })
        .collect();
    order.sort_unstable();
    let previous: HashMap<(&str, &str), Date> = order
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if a.0 == b.0 => Some(((b.0, b.2), a.1)),
            _ => None,
        })
        .collect();
    let mut changes: Vec<(usize, Date, Redated)> = Vec::new();
    for (i, m) in minutes.iter().enumerate() {
        let Some(n) = m.name_date.filter(|_| disagrees(m)) else {
            continue;
        };
        let t = m.date;
        let Some(other) = other_claim(&m.group, t, &m.source) else {
            continue;
        };
        let name_free = other_claim(&m.group, n, &m.source).is_none();
        let stale = previous
            .get(&(m.group.as_str(), m.source.as_str()))
            .is_some_and(|p| t <= *p);
        if name_free || stale {
            changes.push((
                i,
                n,
                Redated {
                    group: m.group.clone(),
                    source: m.source.clone(),
                    title_date: t,
                    taken_by: other,
                    name_date: n,
                },
            ));
        }
    }
    let mut redated = Vec::with_capacity(changes.len());
    for (i, n, r) in changes {
        if let Some(slot) = minutes.get_mut(i) {
            let m = Arc::make_mut(slot);
            m.date = n;
            m.date_source = DateSource::FileName;
        }
        redated.push(r);
    }
    redated.sort_by(|a, b| (&a.group, &a.source).cmp(&(&b.group, &b.source)));
    redated
}

/// Whether the meeting's date is its title's, against its file name's.
fn disagrees(m: &Minutes) -> bool {
    m.date_source == DateSource::Title && m.name_date.is_some_and(|n| n != m.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(source: &str, date: (i32, u32, u32), name: (i32, u32, u32)) -> Arc<Minutes> {
        let d = |(y, m, d): (i32, u32, u32)| Date::new(y, m, d).expect("date");
        Arc::new(Minutes {
            source: source.into(),
            group: "main".into(),
            date: d(date),
            date_source: if date == name {
                DateSource::FileName
            } else {
                DateSource::Title
            },
            title: String::new(),
            draft: false,
            links: Default::default(),
            attendees: Vec::new(),
            absent: Vec::new(),
            items: Vec::new(),
            mentions: Vec::new(),
            name_date: Some(d(name)),
            body_md: String::new(),
            body_line: 1,
        })
    }

    #[test]
    fn a_title_copied_from_the_previous_meeting_keeps_the_file_name_date() {
        let mut all = vec![
            minutes("2020-01-07.md", (2020, 1, 7), (2020, 1, 7)),
            minutes("2020-01-21.md", (2020, 1, 7), (2020, 1, 21)),
        ];
        let redated = settle(&mut all);
        assert_eq!(redated.len(), 1);
        assert_eq!(redated[0].taken_by, "2020-01-07.md");
        assert_eq!(all[1].date, Date::new(2020, 1, 21).expect("date"));
        assert_eq!(all[1].date_source, DateSource::FileName);
    }

    #[test]
    fn a_title_that_fixes_a_misnamed_file_wins() {
        // The file is named for the wrong day; the title's day is nobody else's.
        let mut all = vec![
            minutes("2020-01-07.md", (2020, 1, 7), (2020, 1, 7)),
            minutes("2020-01-20.md", (2020, 1, 21), (2020, 1, 20)),
        ];
        assert!(settle(&mut all).is_empty());
        assert_eq!(all[1].date, Date::new(2020, 1, 21).expect("date"));
    }
}
