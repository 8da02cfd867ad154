//! Assembling the site: a linked [`Archive`] and its theme → every file of the site, handed to
//! a [`Sink`] as it is made: the pages as they are rendered ([`render`]), then the files that
//! depend on the whole archive (the theme's static files, the JSON export, the site feed, the
//! calendar, the sitemap), and beside them the search index. `build` assembles into the
//! staging folder, `check`, `--check-links` and `serve` into memory ([`files`]); all of them
//! here, so the sites they make are the same.

use crate::archive::Archive;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::export::MeetingLines;
use crate::output::{Collect, Interrupt, OutputFile, Sink};
use crate::paths;
use crate::render::{MeetingNotes, Renderer, Theme};
use std::time::{Duration, Instant};

/// What a site is assembled from.
pub struct Site<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub theme: &'a Theme,
    /// The theme's compiled templates (compiled before anything is written: a broken template
    /// stops a build first).
    pub renderer: &'a Renderer,
    /// Every agenda item's notes rendered beforehand ([`Renderer::notes`]), which `serve` keeps
    /// between rebuilds; empty in a build, whose pages render the notes they show.
    pub notes: &'a [MeetingNotes],
    /// Per-meeting parts of the data files `serve` keeps; without them the files are made from
    /// scratch.
    pub kept: Option<Kept<'a>>,
}

/// Per-meeting parts of the site-wide files that `serve` keeps between rebuilds, made for the
/// archive they are given with: each meeting's line of `data/meetings.json` and its event in
/// `calendar.ics`.
#[derive(Clone, Copy)]
pub struct Kept<'a> {
    pub meeting_lines: &'a MeetingLines,
    pub events: &'a [String],
}

/// How long assembling took.
#[derive(Debug, Default)]
pub struct Assembled {
    /// Rendering the pages and making the site-wide files (putting them in the sink included).
    pub render: Duration,
    /// Making the search index, when it was made.
    pub search: Option<Duration>,
    /// The search index's steps: making the records, Pagefind reading them and writing the
    /// index.
    pub search_steps: Vec<(&'static str, Duration)>,
}

/// Assembles the whole site into `sink`: the pages as they are rendered, then the site-wide
/// files, and, with `search`, the search index made side by side with them (both only read
/// the archive).
/// Failures to render or write a file go to the sink (its `finish` reports them); a failure
/// to make a site-wide file or the index is the `Err`, and so is a stop asked by `interrupt`.
pub fn assemble(
    site: &Site,
    search: bool,
    interrupt: &Interrupt,
    sink: &dyn Sink,
) -> Result<Assembled> {
    let ((rendered, render_time), (indexed, search_time)) = rayon::join(
        || timed(|| pages_then_site_wide(site, sink)),
        || {
            timed(|| match search {
                true => index(site, interrupt, sink),
                false => Ok(Vec::new()),
            })
        },
    );
    if interrupt.stop_asked() {
        return Err(Error::Interrupted { written: false });
    }
    rendered?;
    Ok(Assembled {
        render: render_time,
        search: search.then_some(search_time),
        search_steps: indexed?,
    })
}

/// The whole site in memory, sorted by path (see [`assemble`]).
pub fn files(
    site: &Site,
    search: bool,
    interrupt: &Interrupt,
) -> Result<(Vec<OutputFile>, Assembled)> {
    let collected = Collect::default();
    let assembled = assemble(site, search, interrupt, &collected)?;
    Ok((collected.finish()?, assembled))
}

/// Every page, handed to `sink` as it is rendered (see [`Renderer::pages_into`]), then the
/// site-wide files, one at a time.
fn pages_then_site_wide(site: &Site, sink: &dyn Sink) -> Result<()> {
    let pages = site
        .renderer
        .pages_into(site.config, site.archive, site.notes, sink);
    // Made even after a page failed: one of these may come before it in path order, and the
    // failure reported must not depend on timing (see `output::Failures`).
    if sink.stopping() {
        return Ok(());
    }
    let paths: Vec<&str> = pages.iter().map(String::as_str).collect();
    site_wide_each(site, &paths, &mut |file| {
        if !sink.skips(&file.path) {
            sink.put(file);
        }
    })
}

/// The search index of the archive, put in `sink`; its steps' times.
fn index(
    site: &Site,
    interrupt: &Interrupt,
    sink: &dyn Sink,
) -> Result<Vec<(&'static str, Duration)>> {
    let stop = || interrupt.stop_asked();
    let (records, records_time) = timed(|| crate::search::records(site.archive));
    let (files, times) = crate::search::index_until(site.config, records, &stop)?;
    sink.put_all(files);
    Ok(vec![
        ("records", records_time),
        ("reading", times.reading),
        ("writing", times.writing),
    ])
}

/// The files that depend on the whole archive, not one page: static assets, the syntax
/// stylesheet, `.nojekyll`, the JSON export, the site feed, the calendar, and (given the
/// pages' output paths) the sitemap, robots.txt and CNAME.
pub fn site_wide(site: &Site, pages: &[&str]) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    site_wide_each(site, pages, &mut |f| files.push(f))?;
    Ok(files)
}

/// [`site_wide`], handing the files to `put` as they are made, not all at the end: a build
/// streaming its output holds the data files (~120 MB at 10k meetings, made side by side, see
/// [`data_files_each`]) once all pages are out, never the pages and the data files together.
fn site_wide_each(site: &Site, pages: &[&str], put: &mut dyn FnMut(OutputFile)) -> Result<()> {
    // Their paths, for the sitemap.
    let mut made: Vec<String> = Vec::new();
    let mut give = |file: OutputFile| {
        made.push(file.path.clone());
        put(file);
    };
    site.theme.static_files().into_iter().for_each(&mut give);
    give(OutputFile::new(
        paths::SYNTAX_CSS,
        crate::highlight::stylesheet(),
    ));
    give(OutputFile::new(paths::NOJEKYLL, ""));
    data_files_each(site, &mut give)?;
    // site files (sitemap, robots, CNAME)
    let paths: Vec<&str> = pages
        .iter()
        .copied()
        .chain(made.iter().map(String::as_str))
        .collect();
    crate::site_files::site_files(site.config, site.archive, &paths)
        .into_iter()
        .for_each(put);
    Ok(())
}

/// Of [`site_wide_each`], the files made from the archive alone, which need no page: the JSON
/// export, the site feed and the calendar. Without [`Site::kept`], `data/meetings.json` and
/// the calendar are made from scratch. The three groups are made side by side, then given in a
/// fixed order: made one after another, they left one core mostly idle for the last ~0.7 s of
/// a 10k-meeting build.
fn data_files_each(site: &Site, put: &mut dyn FnMut(OutputFile)) -> Result<()> {
    let (config, archive) = (site.config, site.archive);
    let meetings = || match &site.kept {
        Some(k) => Ok(k.meeting_lines.file()),
        None => crate::export::meetings_file(archive),
    };
    let structure = || crate::export::structure_files(archive);
    let feeds = || {
        let feed = OutputFile::new(paths::SITE_FEED, crate::feed::site_feed(config, archive));
        let calendar = OutputFile::new(
            paths::CALENDAR,
            match &site.kept {
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

/// The site paths no edit of the minutes changes: of what [`site_wide`] makes, the theme's
/// static files and what only the configuration decides (whether or not the site has them).
/// Every page and every other file may change.
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

/// Runs `f`, timing it.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    (f(), start.elapsed())
}
