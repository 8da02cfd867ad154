//! Incremental rebuilds for `wgsite serve`: a [`Session`] keeps the parsed minutes, the
//! archive, the compiled templates and the last output in memory. A change to one minutes file
//! re-parses that file only, re-links (cheap), and re-renders only the pages whose output can
//! change: the meeting and its neighbours, the issues on its agenda and every meeting that
//! discussed them (their prev/next links), its people, the initiatives, the index pages, the
//! feeds and the export. A template change re-renders everything; a config change starts over.
//! The search index is not rebuilt here (it takes seconds): [`Session::search_input`] hands the
//! caller what it needs to rebuild it in the background.

use crate::archive::{self, Archive};
use crate::config::Config;
use crate::diag::{Diagnostic, Level};
use crate::error::Result;
use crate::export::MeetingLines;
use crate::model::Minutes;
use crate::output::OutputFile;
use crate::render::{self, Renderer, Theme};
use crate::{load_config, parse_all, search, source, Options, Report};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What changed on disk, as the watcher classified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Minutes files (added, edited or removed), absolute or relative to the current directory.
    Content(Vec<PathBuf>),
    Templates,
    Static,
    Config,
    Everything,
}

/// The outcome of a rebuild: what to serve differently.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub report: Report,
    /// Files whose bytes changed (or are new).
    pub changed: Vec<OutputFile>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
}

/// What a structural rebuild shows before it finishes: the edited meetings' pages, made right
/// after relinking. Any other file may still change or go until the rebuild is done, but those
/// in `ready` (the edited pages and the theme's static files): a server holds requests for the
/// rest until then, so nothing stale is served.
#[derive(Debug, Default)]
pub struct Early {
    /// Files whose bytes changed.
    pub changed: Vec<OutputFile>,
    /// Site paths that are final.
    pub ready: std::collections::HashSet<String>,
}

/// One parsed file: its minutes (none when skipped) and its diagnostics.
type Parsed = (Option<Arc<Minutes>>, Vec<Diagnostic>);

/// A site held in memory between rebuilds.
pub struct Session {
    opts: Options,
    config: Config,
    theme: Theme,
    renderer: Renderer,
    content_dir: PathBuf,
    /// Relative source path → parse result, for every file of the content folder.
    parsed: BTreeMap<String, Parsed>,
    walk_diagnostics: Vec<Diagnostic>,
    archive: Archive,
    /// Rendered notes, aligned with `archive.meetings`.
    notes: Vec<render::MeetingNotes>,
    /// The export's line of each meeting, aligned with `archive.meetings`.
    meeting_lines: MeetingLines,
    /// Each meeting's event in `calendar.ics`, likewise.
    events: Vec<String>,
    /// Output path → bytes of the last good build (search index excluded).
    files: HashMap<String, Vec<u8>>,
}

fn load_one(path: &Path, content_dir: &Path, prefix: &str, config: &Config) -> Parsed {
    let loaded = source::load(&[path.to_path_buf()], content_dir, prefix);
    let mut diags = loaded.diagnostics;
    let mut minutes = None;
    for (m, d) in parse_all(&loaded.files, config) {
        minutes = m.map(Arc::new);
        diags.extend(d);
    }
    (minutes, diags)
}

fn rel_path(path: &Path, dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn errors_in<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> bool {
    diags.into_iter().any(|d| d.level == Level::Error)
}

impl Session {
    /// Builds the whole site in memory (nothing is written). Returns the session, the report,
    /// and every file, the search index included when enabled.
    pub fn start(opts: &Options) -> Result<(Session, Report, Vec<OutputFile>)> {
        let started = Instant::now();
        let config = load_config(opts)?;
        let content_dir = opts.root.join(&config.content_dir);
        let (paths, walk_diagnostics) = crate::groups::walk(&config, &content_dir)?;
        let parsed: BTreeMap<String, Parsed> = paths
            .par_iter()
            .filter_map(|p| {
                let rel = rel_path(p, &content_dir)?;
                Some((rel, load_one(p, &content_dir, &config.content_dir, &config)))
            })
            .collect();
        let minutes: Vec<Arc<Minutes>> = parsed.values().filter_map(|p| p.0.clone()).collect();
        let archive = archive::link(minutes, &config, opts.drafts);
        let theme = render::load_theme(&opts.root, &config)?;
        let renderer = Renderer::new(&theme)?;
        let notes = renderer.notes(&config, &archive, &|_| None);
        let mut files = renderer.pages(&config, &archive, &notes, None)?;
        let meeting_lines = MeetingLines::of(&archive)?;
        let events = crate::calendar::events(&config, &archive, &|_| None);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let kept = render::Kept {
            meeting_lines: &meeting_lines,
            events: &events,
        };
        let wide = render::site_wide(&config, &archive, &theme, &paths, kept)?;
        files.extend(wide);
        let mut report = Report {
            meetings: archive.meetings.len(),
            issues: archive.issues.len(),
            people: archive.people.len(),
            ..Report::default()
        };
        report.diagnostics = walk_diagnostics.clone();
        report
            .diagnostics
            .extend(parsed.values().flat_map(|p| p.1.iter().cloned()));
        report.diagnostics.sort();
        report.timings.push(("build", started.elapsed()));
        let session = Session {
            opts: opts.clone(),
            files: files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.clone()))
                .collect(),
            config,
            theme,
            renderer,
            content_dir,
            parsed,
            walk_diagnostics,
            archive,
            notes,
            meeting_lines,
            events,
        };
        if session.config.search.enabled {
            let (config, records) = session.search_input();
            files.extend(search::index(&config, records)?);
        }
        report.files = files.len();
        Ok((session, report, files))
    }

    /// The configuration and search records of the current archive, for rebuilding the search
    /// index off the edit path.
    pub fn search_input(&self) -> (Config, search::Records) {
        (self.config.clone(), search::records(&self.archive))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Applies a change. On content errors the report carries them and nothing changes (the
    /// last good site stays); template and configuration failures are `Err`, likewise keeping
    /// the last good state.
    pub fn rebuild(&mut self, change: &Change) -> Result<Rebuilt> {
        let mut first = None;
        let mut rebuilt = self.rebuild_staged(change, &mut |early| first = Some(early))?;
        if let Some(early) = first {
            let rest = std::mem::replace(&mut rebuilt.changed, early.changed);
            rebuilt.changed.extend(rest);
        }
        Ok(rebuilt)
    }

    /// [`Session::rebuild`] in two stages: after a structural edit of minutes, `early` gets
    /// the edited meetings' pages as soon as they are rendered (the page being edited is what
    /// the browser reloads), with what is still pending; the rest of the site comes back.
    pub fn rebuild_staged(
        &mut self,
        change: &Change,
        early: &mut dyn FnMut(Early),
    ) -> Result<Rebuilt> {
        match change {
            Change::Config | Change::Everything => self.restart(),
            Change::Templates | Change::Static => self.rerender_all(),
            Change::Content(paths) => self.update_content(paths, early),
        }
    }

    fn restart(&mut self) -> Result<Rebuilt> {
        let (fresh, report, files) = Session::start(&self.opts)?;
        if report.errors() > 0 {
            return Ok(Rebuilt {
                report,
                ..Rebuilt::default()
            });
        }
        let search_files: Vec<OutputFile> = files
            .iter()
            .filter(|f| f.path.starts_with("pagefind/"))
            .cloned()
            .collect();
        let pages: Vec<OutputFile> = files
            .into_iter()
            .filter(|f| !f.path.starts_with("pagefind/"))
            .collect();
        let mut rebuilt = self.commit(pages, None);
        rebuilt.changed.extend(search_files);
        let old = std::mem::replace(self, fresh);
        drop(old);
        rebuilt.report = report;
        Ok(rebuilt)
    }

    fn rerender_all(&mut self) -> Result<Rebuilt> {
        let started = Instant::now();
        let theme = render::load_theme(&self.opts.root, &self.config)?;
        let renderer = Renderer::new(&theme)?;
        let notes = renderer.notes(&self.config, &self.archive, &|_| None);
        let mut files = renderer.pages(&self.config, &self.archive, &notes, None)?;
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let wide = render::site_wide(
            &self.config,
            &self.archive,
            &theme,
            &paths,
            render::Kept {
                meeting_lines: &self.meeting_lines,
                events: &self.events,
            },
        )?;
        files.extend(wide);
        self.theme = theme;
        self.renderer = renderer;
        self.notes = notes;
        let mut rebuilt = self.commit(files, None);
        rebuilt.report.timings.push(("rebuild", started.elapsed()));
        Ok(rebuilt)
    }

    fn update_content(
        &mut self,
        paths: &[PathBuf],
        early: &mut dyn FnMut(Early),
    ) -> Result<Rebuilt> {
        let started = Instant::now();
        let mut parsed = self.parsed.clone();
        let mut changed_sources = HashSet::new();
        for path in paths {
            let Some(rel) = rel_path(path, &self.content_dir) else {
                continue;
            };
            // On an org-wide site only the groups' folders hold minutes.
            if !self.config.groups.is_empty()
                && crate::groups::index_of(&self.config.groups, &rel).is_none()
            {
                continue;
            }
            if path.is_file() && source::is_minutes_name(path) {
                let result = load_one(
                    path,
                    &self.content_dir,
                    &self.config.content_dir,
                    &self.config,
                );
                parsed.insert(rel.clone(), result);
            } else {
                parsed.remove(&rel);
            }
            changed_sources.insert(rel);
        }
        let mut report = Report {
            diagnostics: self.walk_diagnostics.clone(),
            ..Report::default()
        };
        report
            .diagnostics
            .extend(parsed.values().flat_map(|p| p.1.iter().cloned()));
        report.diagnostics.sort();
        if errors_in(report.diagnostics.iter()) || changed_sources.is_empty() {
            return Ok(Rebuilt {
                report,
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
        tick("link");

        let edited: Vec<usize> = (0..archive.meetings.len())
            .filter(|&i| {
                archive
                    .meetings
                    .get(i)
                    .is_some_and(|m| changed_sources.contains(&m.minutes.source))
            })
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
        let kept = render::Kept {
            meeting_lines: &meeting_lines,
            events: &events,
        };
        let wide = render::site_wide(&self.config, &archive, &self.theme, &listed, kept)?;
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
        let mut rebuilt = self.commit(files, Some(removed));
        report.meetings = self.archive.meetings.len();
        report.issues = self.archive.issues.len();
        report.people = self.archive.people.len();
        tick("commit");
        report.timings = timings;
        report.timings.push(("rebuild", started.elapsed()));
        rebuilt.report = report;
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
            .chain(
                self.files
                    .keys()
                    .filter(|k| !render::changes_with_content(&self.theme, k))
                    .cloned(),
            )
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
                affected.extend(crate::actions::pages_of(
                    &archive,
                    before.iter().chain(after).map(|a| &**a),
                ));
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
            files.push(crate::actions::output::data_file(&archive)?);
        }
        tick("export");
        let old_archive = std::mem::replace(&mut self.archive, archive);
        let old_notes = std::mem::replace(&mut self.notes, notes);
        std::thread::spawn(move || drop((old_archive, old_notes)));
        let mut rebuilt = self.commit(files, Some(Vec::new()));
        rebuilt.report = Report {
            meetings: self.archive.meetings.len(),
            issues: self.archive.issues.len(),
            people: self.archive.people.len(),
            diagnostics: self.walk_diagnostics.clone(),
            ..Report::default()
        };
        rebuilt
            .report
            .diagnostics
            .extend(parsed.values().flat_map(|p| p.1.iter().cloned()));
        rebuilt.report.diagnostics.sort();
        tick("commit");
        timings.push(("notes-only", started.elapsed()));
        rebuilt.report.timings = timings;
        Ok(Some(rebuilt))
    }

    /// Stores `files` as current, returning those whose bytes changed. With `removed: None`,
    /// `files` is the whole site and anything else is removed.
    fn commit(&mut self, files: Vec<OutputFile>, removed: Option<Vec<String>>) -> Rebuilt {
        let removed = removed.unwrap_or_else(|| {
            let now: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
            self.files
                .keys()
                .filter(|k| !now.contains(k.as_str()) && !k.starts_with("pagefind/"))
                .cloned()
                .collect()
        });
        for path in &removed {
            self.files.remove(path);
        }
        let mut changed = Vec::new();
        for file in files {
            if self.files.get(&file.path) != Some(&file.bytes) {
                self.files.insert(file.path.clone(), file.bytes.clone());
                changed.push(file);
            }
        }
        Rebuilt {
            report: Report::default(),
            changed,
            removed,
        }
    }
}

mod affected;
#[cfg(test)]
mod tests;

pub use affected::affected_outputs;
