//! Render stage: [`Archive`] + theme → every page and file of the site as [`OutputFile`]s, in
//! parallel. Templates come in layers, each overriding the one before file by file: the default
//! theme embedded in the binary, then `themes/NAME/` in the site, then the site's `templates/`.

mod actions;
mod calendar;
mod chart;
pub mod clock;
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
use crate::paths;
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
    /// Notes are rendered by the pages that show them, not all beforehand ([`Renderer::notes`],
    /// which `serve` keeps between rebuilds): in one build each agenda item's notes appear on
    /// its issue's page and at most a few initiative pages, so rendering them first saved
    /// little work and held them all (85 MB at 10k meetings) until the last page.
    pub fn pages_into(&self, config: &Config, archive: &Archive, sink: &dyn Sink) -> Vec<String> {
        let env = self.env(config, archive, &[]);
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

/// Per-meeting parts of the site-wide files that `serve` keeps between rebuilds, made for the
/// archive they are given with: each meeting's line of `data/meetings.json` and its event in
/// `calendar.ics`.
pub struct Kept<'a> {
    pub meeting_lines: &'a crate::export::MeetingLines,
    pub events: &'a [String],
}

/// The files that depend on the whole archive, not one page: static assets, the syntax
/// stylesheet, `.nojekyll`, the JSON export, the site feed, and (given the pages' output paths)
/// the sitemap, robots.txt and CNAME.
pub fn site_wide(
    config: &Config,
    archive: &Archive,
    theme: &Theme,
    pages: &[&str],
    kept: Kept,
) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    site_wide_each(config, archive, theme, pages, Some(kept), &mut |f| {
        files.push(f)
    })?;
    Ok(files)
}

/// [`site_wide`], handing the files to `put` as they are made, not all at the end: a build
/// streaming its output holds the data files (~120 MB at 10k meetings, made side by side, see
/// [`data_files_each`]) once all pages are out, never the pages and the data files together.
/// Without `kept`, `data/meetings.json` and the calendar are made from scratch.
pub fn site_wide_each(
    config: &Config,
    archive: &Archive,
    theme: &Theme,
    pages: &[&str],
    kept: Option<Kept>,
    put: &mut dyn FnMut(OutputFile),
) -> Result<()> {
    // Their paths, for the sitemap.
    let mut made: Vec<String> = Vec::new();
    let mut give = |file: OutputFile| {
        made.push(file.path.clone());
        put(file);
    };
    let mut statics = theme.static_files();
    if archive.is_org_wide() {
        groups::add_search_facet(&mut statics);
    }
    statics.into_iter().for_each(&mut give);
    give(OutputFile::new(
        paths::SYNTAX_CSS,
        crate::highlight::stylesheet(),
    ));
    give(OutputFile::new(paths::NOJEKYLL, ""));
    data_files_each(config, archive, kept, &mut give)?;
    // site files (sitemap, robots, CNAME)
    let paths: Vec<&str> = pages
        .iter()
        .copied()
        .chain(made.iter().map(String::as_str))
        .collect();
    crate::site_files::site_files(config, archive, &paths)
        .into_iter()
        .for_each(put);
    Ok(())
}

/// Of [`site_wide_each`], the files made from the archive alone, which need no page: the JSON
/// export, the site feed and the calendar. Without `kept`, `data/meetings.json` and the
/// calendar are made from scratch. The three groups are made side by side, then given in a
/// fixed order: made one after another, they left one core mostly idle for the last ~0.7 s of
/// a 10k-meeting build.
fn data_files_each(
    config: &Config,
    archive: &Archive,
    kept: Option<Kept>,
    put: &mut dyn FnMut(OutputFile),
) -> Result<()> {
    let meetings = || match &kept {
        Some(k) => Ok(k.meeting_lines.file()),
        None => crate::export::meetings_file(archive),
    };
    let structure = || crate::export::structure_files(archive);
    let feeds = || {
        let feed = OutputFile::new(paths::SITE_FEED, crate::feed::site_feed(config, archive));
        let calendar = OutputFile::new(
            paths::CALENDAR,
            match &kept {
                Some(k) => crate::calendar::ics_with(config, archive, k.events),
                None => crate::calendar::ics(config, archive),
            },
        );
        [feed, calendar]
    };
    let (meetings, (structure, feeds)) = rayon::join(meetings, || rayon::join(structure, feeds));
    put(meetings?);
    structure?.into_iter().for_each(&mut *put);
    feeds.into_iter().for_each(put);
    Ok(())
}

/// The site paths no edit of the minutes changes: of what [`site_wide_each`] makes, the
/// theme's static files and what only the configuration decides (whether or not the site has
/// them). Every page and every other file may change.
pub fn unchanged_by_content(theme: &Theme) -> impl Iterator<Item = String> + '_ {
    const CONFIG_ONLY: &[&str] = &[
        paths::SYNTAX_CSS,
        paths::NOJEKYLL,
        paths::ROBOTS,
        paths::CNAME,
    ];
    theme
        .statics
        .keys()
        .cloned()
        .chain(CONFIG_ONLY.iter().map(|p| p.to_string()))
}

/// Renders the whole site.
pub fn render_all(config: &Config, archive: &Archive, theme: &Theme) -> Result<Vec<OutputFile>> {
    let renderer = Renderer::new(theme)?;
    let notes = renderer.notes(config, archive, &|_| None);
    let mut files = renderer.pages(config, archive, &notes, None)?;
    let lines = crate::export::MeetingLines::of(archive)?;
    let events = crate::calendar::events(config, archive, &|_| None);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let kept = Kept {
        meeting_lines: &lines,
        events: &events,
    };
    let wide = site_wide(config, archive, theme, &paths, kept)?;
    files.extend(wide);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the whole site like [`render_all`], handing each file to `sink` as it is made (see
/// [`Renderer::pages_into`]); the site-wide files follow the pages, one at a time. Failures to
/// write or render a file go to the sink; a failure to make the site-wide files is the `Err`.
pub fn render_into(
    config: &Config,
    archive: &Archive,
    theme: &Theme,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Result<()> {
    let pages = renderer.pages_into(config, archive, sink);
    // Made even after a page failed: one of these may come before it in path order, and the
    // failure reported must not depend on timing (see `output::Failures`).
    if sink.stopping() {
        return Ok(());
    }
    let paths: Vec<&str> = pages.iter().map(String::as_str).collect();
    site_wide_each(config, archive, theme, &paths, None, &mut |file| {
        if !sink.skips(&file.path) {
            sink.put(file);
        }
    })
}

/// Loads the theme layers for the site at `root`.
pub fn load_theme(root: &Path, config: &Config) -> Result<Theme> {
    Theme::load(root, &config.theme)
}
