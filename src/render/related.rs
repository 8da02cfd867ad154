//! Issues discussed together: for an issue page, the others most often on the same meetings'
//! agendas. Agenda items are looked up by number here, once per render, instead of hashing
//! every item's owner and repo for every mention of every issue (at 10k meetings that hashing
//! was 40% of the time spent on issue pages).

use crate::archive::{Archive, Issue};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How many related issues an issue page lists.
pub const RELATED: usize = 5;

/// Each meeting's agenda as issue numbers (positions in `archive.issues`), built on first use:
/// a partial render in `serve` that shows no issue page never pays for it.
pub struct Agendas<'a> {
    archive: &'a Archive,
    table: OnceLock<Table<'a>>,
}

struct Table<'a> {
    /// By meeting, the issue numbers of its agenda items in order.
    agendas: Vec<Vec<u32>>,
    /// By issue number.
    issues: Vec<&'a Issue>,
}

impl<'a> Agendas<'a> {
    pub fn new(archive: &'a Archive) -> Agendas<'a> {
        Agendas {
            archive,
            table: OnceLock::new(),
        }
    }

    fn table(&self) -> &Table<'a> {
        let archive = self.archive;
        self.table.get_or_init(|| {
            let ids: HashMap<(&str, &str, u64), u32> = archive
                .issues
                .values()
                .zip(0u32..)
                .map(|(i, id)| {
                    let r = &i.reference;
                    ((r.owner.as_str(), r.repo.as_str(), r.number), id)
                })
                .collect();
            let agendas = archive
                .meetings
                .par_iter()
                .map(|m| {
                    m.minutes
                        .items
                        .iter()
                        .filter_map(|item| {
                            let r = &item.reference;
                            ids.get(&(r.owner.as_str(), r.repo.as_str(), r.number))
                                .copied()
                        })
                        .collect()
                })
                .collect();
            Table {
                agendas,
                issues: archive.issues.values().collect(),
            }
        })
    }

    /// The issues most often discussed in the same meetings as `issue`, most first (ties by
    /// owner, repo and number), at most [`RELATED`]. Each meeting counts once for `issue`;
    /// another issue counts each time it is listed. Two shared meetings are needed: an issue
    /// seen in one meeting has none (which also keeps one meeting with thousands of items from
    /// costing items² steps).
    pub fn related(&self, issue: &Issue) -> Vec<&'a Issue> {
        let mut meetings: Vec<usize> = issue.mentions.iter().map(|m| m.meeting).collect();
        meetings.dedup();
        if meetings.len() < 2 {
            return Vec::new();
        }
        let table = self.table();
        let me = &issue.reference;
        let mut seen: Vec<u32> = meetings
            .iter()
            .filter_map(|&m| table.agendas.get(m))
            .flatten()
            .copied()
            .collect();
        seen.sort_unstable();
        let mut counted: Vec<(usize, &'a Issue)> = Vec::new();
        for run in seen.chunk_by(|a, b| a == b) {
            let Some(&other) = run.first().and_then(|&id| table.issues.get(id as usize)) else {
                continue;
            };
            let r = &other.reference;
            if run.len() >= 2 && (r.owner != me.owner || r.repo != me.repo || r.number != me.number)
            {
                counted.push((run.len(), other));
            }
        }
        counted.sort_by(|a, b| {
            let (x, y) = (&a.1.reference, &b.1.reference);
            b.0.cmp(&a.0)
                .then_with(|| (&x.owner, &x.repo, x.number).cmp(&(&y.owner, &y.repo, y.number)))
        });
        counted.into_iter().take(RELATED).map(|(_, i)| i).collect()
    }
}
