//! Render stage: [`Archive`] + theme → every page and file of the site as [`OutputFile`]s, in
//! parallel. Templates come in layers, each overriding the one before file by file: the default
//! theme embedded in the binary, then `themes/NAME/` in the site, then the site's `templates/`.

mod action_pages;
mod actions;
mod calendar;
mod chart;
pub mod clock;
mod css;
pub mod errors;
pub mod groups;
pub mod links;
mod pages;
mod related;
mod theme;
pub mod views;

use crate::archive::Archive;
use crate::config::Config;
use crate::error::Result;
use crate::output::{OutputFile, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

pub use theme::Theme;

/// What every page is rendered from.
pub struct Env<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub tera: &'a tera::Tera,
    /// Every agenda item's notes as HTML, by meeting then item, rendered once with
    /// [`links::ROOT_MARK`] for the site root (pages put their own prefix in); `serve` keeps
    /// them between rebuilds. Empty in a plain build: each page renders the notes it shows.
    pub notes: &'a [MeetingNotes],
    pub highlighter: &'a crate::highlight::Cache,
    /// Where each template came from, for error messages.
    pub origins: &'a errors::Origins,
    /// The archive's action items by issue and by person (indices into `archive.actions`):
    /// every issue and person page lists its own, and scanning all of them per page was
    /// quadratic (11k issue pages × every action at 10k meetings). Made when first asked:
    /// `serve` often renders no such page.
    actions: std::sync::OnceLock<ActionIndex<'a>>,
    /// Meetings' agendas by issue number, for the issues discussed together.
    pub agendas: related::Agendas<'a>,
    /// Where each page's time goes, by kind (see [`clock`]).
    pub clock: &'a clock::Clock,
}

/// Indices into `archive.actions`, by issue key and by person key, in archive order.
#[derive(Default)]
pub struct ActionIndex<'a> {
    pub by_issue: std::collections::HashMap<&'a str, Vec<usize>>,
    pub by_person: std::collections::HashMap<&'a str, Vec<usize>>,
}

impl<'a> ActionIndex<'a> {
    fn of(archive: &'a Archive) -> ActionIndex<'a> {
        let mut index = ActionIndex::default();
        for (i, a) in archive.actions.iter().enumerate() {
            if let Some(key) = a.issue.as_deref() {
                index.by_issue.entry(key).or_default().push(i);
            }
            for p in &a.people {
                let list = index.by_person.entry(p.key.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        index
    }
}

/// One meeting's agenda items' notes as HTML (see [`Renderer::notes`]), shared: `serve` keeps
/// those of unchanged meetings from one rebuild to the next without copying them.
pub type MeetingNotes = std::sync::Arc<Vec<String>>;

/// Every page of an archive: what renders it and its output path, in the same order. Made once
/// per rebuild in `serve`, which renders a few pages picked by path twice (the edited page
/// first, then the rest): working out 33,000 paths took ~35 ms at 10k meetings.
pub struct Plan {
    jobs: Vec<pages::Job>,
    /// Output paths (`meetings/2023-06-22/index.html`, `issues/o/r/1/feed.xml`).
    pub paths: Vec<String>,
}

/// One page to render: its site path (`meetings/2023-06-22/`), its template and a builder of
/// its context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: tera::Context,
}

impl<'a> Env<'a> {
    /// The action items by issue and by person.
    pub fn actions(&self) -> &ActionIndex<'a> {
        self.actions.get_or_init(|| ActionIndex::of(self.archive))
    }

    /// Renders `template` with `context` into a page's bytes, naming the template's file in
    /// errors. The buffer starts at a typical page's size (Tera's own `render` starts from the
    /// template's size and checks the whole page is UTF-8 again at the end, though everything
    /// it writes is).
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| errors::render_error(template, &e, self.origins))?;
        Ok(out)
    }
}

/// The buffer a page is rendered into starts this large: meeting and issue pages are 20–40 KB.
/// A power of two, so that the largest pages' buffers double to the next one (a 27 MB
/// `/actions/` page takes 32 MB; from 48 KB it took 49 MB).
const PAGE_CAPACITY: usize = 64 * 1024;

/// Inserts a serialisable value, turning a serialisation failure into an error.
pub fn insert<T: Serialize>(ctx: &mut tera::Context, key: &'static str, value: &T) {
    ctx.insert(key, value);
}

/// Compiled templates and the highlight cache: kept between rebuilds by `wgsite serve`.
pub struct Renderer {
    tera: tera::Tera,
    highlighter: crate::highlight::Cache,
    origins: errors::Origins,
    clock: clock::Clock,
}

impl Renderer {
    pub fn new(theme: &Theme) -> Result<Renderer> {
        Ok(Renderer {
            tera: theme.tera()?,
            highlighter: crate::highlight::Cache::default(),
            origins: theme.origins(),
            clock: clock::Clock::default(),
        })
    }

    /// The time pages took by kind since the last call (see [`clock::Clock::take`]).
    pub fn page_times(&self) -> Vec<clock::PageTime> {
        self.clock.take()
    }

    fn env<'a>(
        &'a self,
        config: &'a Config,
        archive: &'a Archive,
        notes: &'a [MeetingNotes],
    ) -> Env<'a> {
        Env {
            config,
            archive,
            tera: &self.tera,
            notes,
            highlighter: &self.highlighter,
            origins: &self.origins,
            actions: std::sync::OnceLock::new(),
            agendas: related::Agendas::new(archive),
            clock: &self.clock,
        }
    }

    /// Every agenda item's notes as HTML, by meeting then item. Notes appear on a meeting's
    /// issue and initiative pages too, so each is rendered (and highlighted) once, with a mark
    /// where the page's path to the root goes. `reuse` may supply a meeting's notes rendered
    /// before (by `serve`, for meetings that did not change).
    pub fn notes(
        &self,
        config: &Config,
        archive: &Archive,
        reuse: &(dyn Fn(usize) -> Option<MeetingNotes> + Sync),
    ) -> Vec<MeetingNotes> {
        let bare = self.env(config, archive, &[]);
        let root = links::Linker::marked(&config.base_url);
        let none = std::collections::HashMap::new();
        archive
            .meetings
            .par_iter()
            .enumerate()
            .map(|(i, m)| {
                reuse(i).unwrap_or_else(|| {
                    let repo = groups::repo_of(&bare, i);
                    let notes = m
                        .minutes
                        .items
                        .iter()
                        .map(|item| {
                            views::render_markdown_in(&bare, &root, &item.notes_md, &none, &repo).0
                        })
                        .collect();
                    std::sync::Arc::new(notes)
                })
            })
            .collect()
    }

    /// Every page (HTML and per-page feeds) the archive has, with its output path.
    pub fn plan(&self, config: &Config, archive: &Archive) -> Plan {
        let env = self.env(config, archive, &[]);
        let jobs = pages::jobs(&env);
        let paths = jobs
            .par_iter()
            .map(|j| pages::output_path(&env, j))
            .collect();
        Plan { jobs, paths }
    }

    /// Renders the pages (all, or those whose output path is in `only`), in parallel.
    pub fn pages(
        &self,
        config: &Config,
        archive: &Archive,
        notes: &[MeetingNotes],
        only: Option<&std::collections::HashSet<String>>,
    ) -> Result<Vec<OutputFile>> {
        let plan = self.plan(config, archive);
        self.planned_pages(config, archive, notes, &plan, only)
    }

    /// The pages of the meetings at `indices`, without a [`Plan`] of the whole site (`serve`
    /// shows an edited meeting's page before working out the rest).
    pub fn meeting_pages(
        &self,
        config: &Config,
        archive: &Archive,
        indices: &[usize],
    ) -> Result<Vec<OutputFile>> {
        let env = self.env(config, archive, &[]);
        indices
            .par_iter()
            .map(|&i| pages::render_job(&env, &pages::Job::Meeting(i)))
            .collect()
    }

    /// [`Renderer::pages`] of the archive `plan` was made for.
    pub fn planned_pages(
        &self,
        config: &Config,
        archive: &Archive,
        notes: &[MeetingNotes],
        plan: &Plan,
        only: Option<&std::collections::HashSet<String>>,
    ) -> Result<Vec<OutputFile>> {
        let env = self.env(config, archive, notes);
        let jobs: Vec<&pages::Job> = plan
            .jobs
            .iter()
            .zip(&plan.paths)
            .filter(|(_, path)| only.is_none_or(|set| set.contains(*path)))
            .map(|(job, _)| job)
            .collect();
        jobs.par_iter()
            .map(|job| pages::render_job(&env, job))
            .collect()
    }

    /// Renders every page in parallel like [`Renderer::pages`], but hands each to `sink` as
    /// soon as it is rendered instead of collecting them: memory holds the pages being
    /// rendered, not the site. A page's render error goes to the sink too, and pages the sink
    /// [skips](Sink::skips) (the build is stopping, or failed before them) are not rendered.
    /// Returns every page's output path, for the sitemap.
    ///
    /// `notes` are the agenda items' notes rendered beforehand ([`Renderer::notes`], which
    /// `serve` keeps between rebuilds); a build gives none, and each page renders the notes it
    /// shows: in one build each agenda item's notes appear on its issue's page and at most a
    /// few initiative pages, so rendering them first saved little work and held them all
    /// (85 MB at 10k meetings) until the last page.
    pub fn pages_into(
        &self,
        config: &Config,
        archive: &Archive,
        notes: &[MeetingNotes],
        sink: &dyn Sink,
    ) -> Vec<String> {
        let env = self.env(config, archive, notes);
        let jobs = pages::jobs(&env);
        let paths: Vec<String> = jobs.iter().map(|j| pages::output_path(&env, j)).collect();
        // Each page's folder is made when the page is put, by the thread that rendered it: made
        // all first, in order, they took one core 0.17 s at 10k meetings on tmpfs and ~30 s at
        // 100k on disk while the other core waited. Pages cannot clash with each other (a
        // page's path never names another page's file), and the site-wide files, which can
        // (a static file named like a section), come after the last page.
        //
        // One page per task: pages differ in cost by a thousandfold (an issue discussed at
        // every meeting, `/actions/`), and rayon's default split leaves runs of thousands of
        // pages that no idle thread can take over: at 10k meetings one core worked alone for
        // the last ~3 s.
        jobs.par_iter()
            .zip(&paths)
            .with_max_len(1)
            .for_each(|(job, path)| {
                if sink.skips(path) {
                    return;
                }
                match pages::render_job(&env, job) {
                    Ok(file) => sink.put(file),
                    Err(e) => sink.fail(path, e),
                }
            });
        paths
    }
}

/// Loads the theme layers for the site at `root`.
pub fn load_theme(root: &Path, config: &Config) -> Result<Theme> {
    Theme::load(root, &config.theme)
}
