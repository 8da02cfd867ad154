//! A content edit in a [`Session`]: the minutes files that changed are parsed again, then
//! either swapped into the archive (typed notes: [`Session::notes_only_edit`]) or relinked, and
//! the pages that can change are rendered again, the edited meetings' pages first
//! ([`Session::show_first`]).

use super::{affected, affected_outputs, errors_in, Early, Parsed, Rebuilt, Session};
use crate::archive::{self, Archive};
use crate::error::Result;
use crate::model::Minutes;
use crate::reading;
use crate::render;
use crate::{source, Report};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

impl Session {
    pub(super) fn update_content(
        &mut self,
        paths: &[PathBuf],
        early: &mut dyn FnMut(Early),
    ) -> Result<Rebuilt> {
        let started = Instant::now();
        let mut parsed = self.parsed.clone();
        let mut changed_sources = HashSet::new();
        for path in paths {
            let Some(rel) = reading::rel_path(path, &self.content_dir) else {
                continue;
            };
            // On an org-wide site only the groups' folders hold minutes.
            if !self.config.groups.is_empty()
                && crate::groups::index_of(&self.config.groups, &rel).is_none()
            {
                continue;
            }
            // A regular file only: a symbolic link is never read (as in a build's walk), even
            // if one replaced the file after serve classified the event.
            let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
            if regular && source::is_minutes_name(path) {
                let result = reading::parse_file(path, &self.content_dir, &self.config);
                parsed.insert(rel.clone(), result);
            } else {
                parsed.remove(&rel);
            }
            changed_sources.insert(rel);
        }
        if changed_sources.is_empty() {
            return Ok(Rebuilt {
                report: self.report(),
                ..Rebuilt::default()
            });
        }
        let per_file = parsed.values().flat_map(|p| &p.1);
        if errors_in(self.walk_diagnostics.iter().chain(per_file)) {
            // The last good site stays. The report says what a build would: the errors, and
            // the warnings of the archive the edit would make.
            let minutes: Vec<Arc<Minutes>> = parsed.values().filter_map(|p| p.0.clone()).collect();
            let archive = archive::relink(minutes, &self.config, self.opts.drafts, &self.archive);
            let diagnostics = self.diagnose(&parsed, &archive);
            return Ok(Rebuilt {
                report: Report {
                    diagnostics,
                    ..super::counts(&archive)
                },
                ..Rebuilt::default()
            });
        }
        if let Some(rebuilt) = self.notes_only_edit(&parsed, &changed_sources, started, early)? {
            self.parsed = parsed;
            return Ok(rebuilt);
        }
        let mut lap = Instant::now();
        let mut timings = Vec::new();
        let mut tick = |name: &'static str| {
            timings.push((name, lap.elapsed()));
            lap = Instant::now();
        };
        let minutes: Vec<Arc<Minutes>> = parsed.values().filter_map(|p| p.0.clone()).collect();
        let archive = archive::relink(minutes, &self.config, self.opts.drafts, &self.archive);
        // A file whose title's date the edited one claimed or freed moves without an edit of
        // its own (it keeps or gives up its file name's date): it changed too.
        for r in archive.redated.iter().chain(&self.archive.redated) {
            if !(archive.redated.contains(r) && self.archive.redated.contains(r)) {
                changed_sources.insert(r.source.clone());
            }
        }
        let diagnostics = self.diagnose(&parsed, &archive);
        tick("link");

        let edited: Vec<usize> = archive
            .meetings
            .iter()
            .enumerate()
            .filter(|(_, m)| changed_sources.contains(&m.minutes.source))
            .map(|(i, _)| i)
            .collect();
        let first = self.show_first(&archive, &edited, early)?;
        tick("first");

        let affected = affected_outputs(&self.archive, &archive, &changed_sources);

        // Reuse the rendered notes of unchanged meetings, except where they may cite an issue
        // that gained or lost its page (notes link `#N` to an issue page only when it exists).
        let cited = affected::numbers_of_new_and_gone_issues(&self.archive, &archive);
        let previous: HashMap<&str, &render::MeetingNotes> = self
            .archive
            .meetings
            .iter()
            .zip(&self.notes)
            .map(|(m, n)| (m.minutes.source.as_str(), n))
            .collect();
        let reuse = |i: usize| {
            let m = archive.meetings.get(i)?;
            if changed_sources.contains(&m.minutes.source) || affected::may_cite(&m.minutes, &cited)
            {
                return None;
            }
            previous
                .get(m.minutes.source.as_str())
                .map(|n| std::sync::Arc::clone(n))
        };
        let notes = self.renderer.notes(&self.config, &archive, &reuse);
        let mut affected = affected;
        affected.extend(affected::citing_pages(
            [&self.archive, &archive],
            &previous,
            &notes,
            &cited,
            &changed_sources,
        ));
        tick("notes");
        // The sitemap needs every page's path, re-rendered or not.
        let plan = self.renderer.plan(&self.config, &archive);
        let all_pages = &plan.paths;

        let rest: HashSet<String> = affected.difference(&first).cloned().collect();
        let pages =
            self.renderer
                .planned_pages(&self.config, &archive, &notes, &plan, Some(&rest))?;
        tick("pages");
        let listed: Vec<&str> = all_pages.iter().map(String::as_str).collect();
        let meeting_lines = self.meeting_lines.carried_over(&self.archive, &archive)?;
        let unchanged = archive::unchanged_meetings(&self.archive, &archive);
        let events = crate::calendar::events(&self.config, &archive, &|i| {
            let j = unchanged.get(i).copied().flatten()?;
            self.events.get(j).cloned()
        });
        let site = crate::assembly::Site {
            config: &self.config,
            archive: &archive,
            theme: &self.theme,
            renderer: &self.renderer,
            notes: &notes,
            kept: Some(crate::assembly::Kept {
                meeting_lines: &meeting_lines,
                events: &events,
            }),
        };
        let wide = crate::assembly::site_wide(&site, &listed)?;
        self.meeting_lines = meeting_lines;
        self.events = events;
        let mut files = pages;
        files.extend(wide);
        tick("site-wide");

        let expected: HashSet<&str> = all_pages
            .iter()
            .map(String::as_str)
            .chain(files.iter().map(|f| f.path.as_str()))
            .collect();
        let removed: Vec<String> = self
            .files
            .keys()
            .filter(|k| !expected.contains(k.as_str()))
            .cloned()
            .collect();
        let old_parsed = std::mem::replace(&mut self.parsed, parsed);
        let old_archive = std::mem::replace(&mut self.archive, archive);
        let old_notes = std::mem::replace(&mut self.notes, notes);
        // Freeing the previous archive takes tens of milliseconds at 1,000 meetings: not on
        // the edit-to-reload path.
        std::thread::spawn(move || drop((old_parsed, old_archive, old_notes)));
        self.diagnostics = diagnostics;
        let mut rebuilt = self.commit(files, Some(removed));
        tick("commit");
        timings.push(("rebuild", started.elapsed()));
        rebuilt.report = Report {
            timings,
            ..self.report()
        };
        Ok(rebuilt)
    }

    /// The early stage of a rebuild: renders the edited meetings' pages (`edited`, indices in
    /// the new `archive`), stores them and hands them to `early`, with what is final (they and
    /// the theme's static files; everything else may change until the rebuild is done). The
    /// page being edited is what the browser reloads. Returns their paths.
    fn show_first(
        &mut self,
        archive: &Archive,
        edited: &[usize],
        early: &mut dyn FnMut(Early),
    ) -> Result<HashSet<String>> {
        let shown = self.renderer.meeting_pages(&self.config, archive, edited)?;
        let first: HashSet<String> = shown.iter().map(|f| f.path.clone()).collect();
        let shown = self.commit(shown, Some(Vec::new()));
        let ready = first
            .iter()
            .cloned()
            .chain(crate::assembly::unchanged_by_content(&self.theme))
            .collect();
        early(Early {
            changed: shown.changed,
            ready,
        });
        Ok(first)
    }

    /// The fast path for the edit a note-taker makes all meeting long: notes typed under
    /// agenda items that already exist. The archive keeps its structure (see
    /// [`affected::notes_only`]), so instead of relinking, the new minutes are swapped into a
    /// copy of it and only the meeting, the issues whose notes changed, their initiatives and
    /// the JSON export are rendered again. `None` when the edit is anything else.
    fn notes_only_edit(
        &mut self,
        parsed: &BTreeMap<String, Parsed>,
        changed: &HashSet<String>,
        started: Instant,
        early: &mut dyn FnMut(Early),
    ) -> Result<Option<Rebuilt>> {
        let mut swaps = Vec::new();
        for rel in changed {
            let old = self.parsed.get(rel).and_then(|p| p.0.clone());
            let new = parsed.get(rel).and_then(|p| p.0.clone());
            let (Some(old), Some(new)) = (old, new) else {
                return Ok(None);
            };
            if !affected::notes_only(&old, &new, &self.config) {
                return Ok(None);
            }
            let Some(index) = self
                .archive
                .meetings
                .iter()
                .position(|m| m.minutes.source == *rel)
            else {
                return Ok(None); // a draft left out of the site: nothing of it is shown
            };
            swaps.push((index, old, new));
        }
        let mut lap = Instant::now();
        let mut timings = Vec::new();
        let mut tick = |name: &'static str| {
            timings.push((name, lap.elapsed()));
            lap = Instant::now();
        };
        let mut archive = self.archive.clone();
        tick("clone");
        let mut affected = HashSet::new();
        let mut actions_changed = false;
        for (index, old, new) in &swaps {
            affected.extend(affected::affected_by_notes(&archive, *index, old, new));
            if let Some(m) = archive.meetings.get_mut(*index) {
                m.minutes = Arc::clone(new);
            }
            // Action items and decisions come from the notes. When the meeting's are the same
            // as before (most keystrokes), no list shows anything new; otherwise the lists and
            // the issue and person pages of the old and new ones change.
            let before = self.archive.actions_of(*index).to_vec();
            crate::actions::refresh_meeting(&mut archive, *index);
            let after = archive.actions_of(*index);
            if before != after {
                actions_changed = true;
                affected.extend(super::actions::pages_of(
                    &archive,
                    before.iter().chain(after).map(|a| &**a),
                ));
            }
        }
        // The pages of the years: when a year gained its first item or lost its last one, its
        // page comes or goes, and its neighbours' links to other years change.
        let mut gone_lists = Vec::new();
        if actions_changed {
            let before = super::actions::list_pages(&self.archive);
            let after = super::actions::list_pages(&archive);
            if before != after {
                gone_lists = before.difference(&after).cloned().collect();
                affected.extend(after);
            }
        }
        let swapped: HashSet<usize> = swaps.iter().map(|(i, _, _)| *i).collect();
        let mut edited: Vec<usize> = swapped.iter().copied().collect();
        edited.sort_unstable();
        let first = self.show_first(&archive, &edited, early)?;
        tick("first");
        affected.retain(|p| !first.contains(p));
        let reuse = |i: usize| match swapped.contains(&i) {
            true => None,
            false => self.notes.get(i).cloned(),
        };
        let notes = self.renderer.notes(&self.config, &archive, &reuse);
        tick("notes");
        let mut files = self
            .renderer
            .pages(&self.config, &archive, &notes, Some(&affected))?;
        tick("pages");
        for (index, _, _) in &swaps {
            self.meeting_lines.refresh(&archive, *index)?;
        }
        files.push(self.meeting_lines.file());
        if actions_changed {
            files.push(crate::export::actions_file(&archive)?);
        }
        tick("export");
        let old_archive = std::mem::replace(&mut self.archive, archive);
        let old_notes = std::mem::replace(&mut self.notes, notes);
        std::thread::spawn(move || drop((old_archive, old_notes)));
        self.diagnostics = self.diagnose(parsed, &self.archive);
        let mut rebuilt = self.commit(files, Some(gone_lists));
        tick("commit");
        timings.push(("notes-only", started.elapsed()));
        rebuilt.report = Report {
            timings,
            ..self.report()
        };
        Ok(Some(rebuilt))
    }
}
