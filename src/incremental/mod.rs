//! Incremental rebuilds for `wgsite serve`: a [`Session`] keeps the parsed minutes, the
//! archive, the compiled templates and the last output in memory. A change to one minutes file
//! re-parses that file only, re-links (patching the previous archive when every meeting stayed
//! in place), hands the edited meeting's page out first ([`Early`]), and re-renders only the
//! pages whose output can change: the meeting and its neighbours, the issues on its agenda and
//! every meeting that discussed them (their prev/next links), its people, the initiatives, the
//! index pages, the feeds and the export ([`content`]). A template change re-renders
//! everything; a config change starts over.
//! The search index is not rebuilt here (it takes seconds): [`Session::search_input`] hands the
//! caller what it needs to rebuild it in the background.

mod actions;
mod affected;
mod content;

pub use affected::affected_outputs;

use crate::archive::Archive;
use crate::assembly;
use crate::config::Config;
use crate::diag::{Diagnostic, Level};
use crate::error::Result;
use crate::export::MeetingLines;
use crate::output::OutputFile;
use crate::reading::{self, Parsed};
use crate::render::{self, Renderer, Theme};
use crate::{load_config, paths, search, Options, Report};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

/// What changed on disk and asks for a rebuild (`serve`'s watcher sorts file events into
/// one, see `serve::classify`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Minutes files (added, edited or removed; a path may be gone, or be a folder), absolute
    /// or relative to the current directory.
    Content(Vec<PathBuf>),
    /// Templates of the site or of its theme.
    Templates,
    /// Static files of the site or of its theme.
    Static,
    /// `site.toml`.
    Config,
    /// Several kinds at once: start over.
    Everything,
}

impl Change {
    /// Two batches as one: the same kind merges, different kinds rebuild everything.
    pub fn merge(self, other: Change) -> Change {
        match (self, other) {
            (Change::Content(mut a), Change::Content(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                Change::Content(a)
            }
            (a, b) if a == b => a,
            _ => Change::Everything,
        }
    }
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
    /// What reading the site said, as a build of it says (see [`reading::diagnostics`]).
    diagnostics: Vec<Diagnostic>,
    /// Rendered notes, aligned with `archive.meetings`.
    notes: Vec<render::MeetingNotes>,
    /// The export's line of each meeting, aligned with `archive.meetings`.
    meeting_lines: MeetingLines,
    /// Each meeting's event in `calendar.ics`, likewise.
    events: Vec<String>,
    /// Output path → bytes of the last good build (search index excluded).
    files: HashMap<String, Vec<u8>>,
}

/// A report with the archive's counts.
fn counts(archive: &Archive) -> Report {
    Report {
        meetings: archive.meetings.len(),
        issues: archive.issues.len(),
        people: archive.people.len(),
        ..Report::default()
    }
}

/// What reading said and what loading the theme said, in a build's order.
fn with_theme(mut diagnostics: Vec<Diagnostic>, theme: &render::Theme) -> Vec<Diagnostic> {
    diagnostics.extend(theme.warnings.iter().cloned());
    diagnostics.sort();
    diagnostics
}

fn errors_in<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> bool {
    diags.into_iter().any(|d| d.level == Level::Error)
}

impl Session {
    /// Builds the whole site in memory (nothing is written), reading and assembling it as a
    /// build does. Returns the session, the report, and every file, the search index included
    /// when enabled.
    pub fn start(opts: &Options) -> Result<(Session, Report, Vec<OutputFile>)> {
        let started = Instant::now();
        let config = load_config(opts)?;
        let read = reading::read(opts, &config)?;
        let archive = read.archive;
        let theme = render::load_theme(&opts.root, &config)?;
        let renderer = Renderer::new(&theme)?;
        let notes = renderer.notes(&config, &archive, &|_| None);
        let meeting_lines = MeetingLines::of(&archive)?;
        let events = crate::calendar::events(&config, &archive, &|_| None);
        let site = assembly::Site {
            config: &config,
            archive: &archive,
            theme: &theme,
            renderer: &renderer,
            notes: &notes,
            kept: Some(assembly::Kept {
                meeting_lines: &meeting_lines,
                events: &events,
            }),
        };
        let idle = crate::output::Interrupt::default();
        let (files, _) = assembly::files(&site, config.search.enabled, &idle)?;
        let diagnostics = with_theme(read.diagnostics, &theme);
        let session = Session {
            opts: opts.clone(),
            files: files
                .iter()
                .filter(|f| !f.path.starts_with(paths::SEARCH_INDEX))
                .map(|f| (f.path.clone(), f.bytes.clone()))
                .collect(),
            config,
            theme,
            renderer,
            content_dir: read.content_dir,
            parsed: read.parsed,
            walk_diagnostics: read.walk_diagnostics,
            archive,
            diagnostics,
            notes,
            meeting_lines,
            events,
        };
        let mut report = session.report();
        report.timings.push(("build", started.elapsed()));
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

    /// The report of the current site: its counts and what reading it said.
    fn report(&self) -> Report {
        Report {
            diagnostics: self.diagnostics.clone(),
            ..counts(&self.archive)
        }
    }

    /// What reading says about the site with `parsed` linked into `archive`, as a build says it.
    fn diagnose(&self, parsed: &BTreeMap<String, Parsed>, archive: &Archive) -> Vec<Diagnostic> {
        let read =
            reading::diagnostics(&self.walk_diagnostics, parsed, archive, &self.config, false);
        with_theme(read, &self.theme)
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

    /// [`Session::rebuild`] in two stages: after an edit of minutes, `early` gets the edited
    /// meetings' pages as soon as they are rendered (the page being edited is what the browser
    /// reloads), with the paths that are final ([`Early::ready`]); the rest of the site comes
    /// back.
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
            .filter(|f| f.path.starts_with(paths::SEARCH_INDEX))
            .cloned()
            .collect();
        let pages: Vec<OutputFile> = files
            .into_iter()
            .filter(|f| !f.path.starts_with(paths::SEARCH_INDEX))
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
        let site = assembly::Site {
            config: &self.config,
            archive: &self.archive,
            theme: &theme,
            renderer: &renderer,
            notes: &notes,
            kept: Some(assembly::Kept {
                meeting_lines: &self.meeting_lines,
                events: &self.events,
            }),
        };
        let (files, _) = assembly::files(&site, false, &crate::output::Interrupt::default())?;
        self.theme = theme;
        self.renderer = renderer;
        self.notes = notes;
        // What loading the theme said may have changed (a template became a link).
        self.diagnostics = self.diagnose(&self.parsed, &self.archive);
        let mut rebuilt = self.commit(files, None);
        rebuilt.report = Report {
            timings: vec![("rebuild", started.elapsed())],
            ..self.report()
        };
        Ok(rebuilt)
    }

    /// Stores `files` as current, returning those whose bytes changed. With `removed: None`,
    /// `files` is the whole site and anything else is removed.
    fn commit(&mut self, files: Vec<OutputFile>, removed: Option<Vec<String>>) -> Rebuilt {
        let removed = removed.unwrap_or_else(|| {
            let now: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
            self.files
                .keys()
                .filter(|k| !now.contains(k.as_str()) && !k.starts_with(paths::SEARCH_INDEX))
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

#[cfg(test)]
mod tests;
