//! wgsite: a static site generator for archives of working-group meeting minutes.
//!
//! Data flows one way: `config` → `source` (walk, read, normalise) → `minutes` (parse) →
//! `archive` (cross-link) → `render` and the other producers → `output` (atomic write).
//! [`reading`] runs load → parse → link → diagnostics and [`assembly`] puts every file of the
//! site together, for `build`, `check` and `serve` alike; [`paths`] is the one home of the
//! site's URLs. [`build`] calls the stages in order and nothing else; render and write overlap:
//! each page is written as it is rendered.

// Input must never crash a build: no unwrap/expect outside tests (clippy enforces it).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod actions;
pub mod archive;
pub mod assembly;
pub mod calendar;
pub mod config;
pub mod diag;
pub mod error;
pub mod export;
pub mod feed;
pub mod find;
pub mod fuzzing;
pub mod groups;
pub mod highlight;
pub mod incremental;
pub mod init;
pub mod linkcheck;
pub mod markdown;
pub mod minutes;
pub mod model;
pub mod output;
pub mod paths;
pub mod reading;
pub mod render;
pub mod safe_url;
pub mod schedule;
pub mod search;
pub mod serve;
pub mod site_files;
pub mod source;
#[cfg(test)]
pub(crate) mod test_support;

use crate::config::Config;
use crate::diag::{Diagnostic, Level};
use crate::error::{Error, Result};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Overrides `output_dir` (relative paths are relative to the current directory).
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Include minutes marked `draft = true`.
    pub drafts: bool,
    /// Validate and render, but write nothing.
    pub check_only: bool,
    /// Check that every internal link and `#fragment` of the rendered pages resolves (always
    /// done when `check_only`); broken ones are errors, so nothing is written.
    pub check_links: bool,
    /// Skip the search index (quick builds).
    pub no_search: bool,
    /// The build date (upcoming meetings count from it); default: `SOURCE_DATE_EPOCH`, else
    /// today (UTC).
    pub today: Option<model::Date>,
    /// Set by a signal handler to stop the build cleanly (see [`output::Interrupt`]).
    pub interrupt: Option<std::sync::Arc<output::Interrupt>>,
    /// The process exits once [`build`] returns (the `wgsite build` command): the archive is
    /// then left to the operating system instead of freed piece by piece, which took one core
    /// ~0.25 s after the last file of a 10k-meeting build. Never set it in a process that
    /// goes on (`serve`, tests): each build would keep its archive.
    pub exit_after: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub meetings: usize,
    pub issues: usize,
    pub people: usize,
    pub files: usize,
    pub output: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// Stage name → time taken.
    pub timings: Vec<(&'static str, Duration)>,
    /// Whether the output was written (false for `check` and for builds with errors).
    pub written: bool,
    /// Files left as they were in the previous output (same bytes: linked, mtime kept).
    pub unchanged: usize,
    /// Wall time of the whole build (stages can overlap: render and search run side by side).
    pub elapsed: Duration,
    /// The render's time by kind of page, most first (a plain build; `--timings` prints it).
    pub page_times: Vec<render::clock::PageTime>,
    /// The search stage's steps (a build with search): making the records, and Pagefind
    /// reading them and writing its index.
    pub search_steps: Vec<(&'static str, Duration)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }
}

/// Loads the configuration, applying command-line overrides.
pub fn load_config(opts: &Options) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config = config.with_base_url(url)?;
    }
    if opts.no_search {
        config.search.enabled = false;
    }
    config.build_date = Some(
        schedule::dates::build_date(opts.today)
            .map_err(|why| Error::config(Diagnostic::error("", 0, 0, "environment", why)))?,
    );
    Ok(config)
}

/// Builds the site. Content problems are reported in [`Report::diagnostics`]; when any is an
/// error, nothing is written. Configuration, template and I/O failures are `Err`.
pub fn build(opts: &Options) -> Result<Report> {
    let mut report = Report::default();
    let started = Instant::now();
    let config = load_config(opts)?;
    let reading::Read {
        content_dir,
        walk_diagnostics,
        parsed,
        mut archive,
        diagnostics,
        timings,
    } = reading::read(opts, &config)?;
    // Kept by `serve`, which reads changed files again; the archive shares the minutes.
    drop((walk_diagnostics, parsed));
    // Kept for relinking, which a build never does (~30 MB at 10k meetings).
    archive.forget_facts();
    report.diagnostics = diagnostics;
    report.timings = timings;
    report.meetings = archive.meetings.len();
    report.issues = archive.issues.len();
    report.people = archive.people.len();

    let theme = render::load_theme(&opts.root, &config)?;
    report.diagnostics.extend(theme.warnings.iter().cloned());
    report.output = reading::output_folder(opts, &config);
    let stage = Stage {
        opts,
        config: &config,
        archive: &archive,
        theme: &theme,
        content_dir: &content_dir,
    };
    if opts.check_only || opts.check_links {
        stage.in_memory(&mut report)?;
    } else {
        stage.streamed(&mut report)?;
    }
    report.diagnostics.sort();
    report.elapsed = started.elapsed();
    if opts.exit_after {
        std::mem::forget(archive);
    }
    Ok(report)
}

/// What the render and write stages of [`build`] work from.
struct Stage<'a> {
    opts: &'a Options,
    config: &'a Config,
    archive: &'a archive::Archive,
    theme: &'a render::Theme,
    content_dir: &'a std::path::Path,
}

impl Stage<'_> {
    /// Refuses an output folder whose replacement would destroy something, or that sits
    /// inside a folder the site is read from (see [`output::check_place`]).
    fn check_place(&self, out: &std::path::Path) -> Result<()> {
        let root = |rel: &str| self.opts.root.join(rel);
        let mut read_from = vec![("the content folder", self.content_dir.to_path_buf())];
        read_from.extend(
            self.config
                .groups
                .iter()
                .map(|g| ("a group's folder", self.content_dir.join(&g.path))),
        );
        read_from.extend([
            ("the templates folder", root("templates")),
            ("the static folder", root("static")),
            ("the themes folder", root("themes")),
        ]);
        output::check_place(
            out,
            &output::Sources {
                site: self.opts.root.clone(),
                read_from,
            },
        )
    }

    fn with_search(&self) -> bool {
        self.config.search.enabled && !self.opts.check_only
    }

    /// The plain build: every page goes to the staging folder as soon as it is rendered, and is
    /// dropped (see [`output::Staging`]); the search index, built beside the pages, follows it
    /// there. With content errors nothing is written, but the pages are still rendered (into
    /// [`output::Discard`]) so that a template error is reported too.
    fn streamed(&self, report: &mut Report) -> Result<()> {
        // Compiling the templates first: a broken one stops the build before anything is written.
        let renderer = render::Renderer::new(self.theme)?;
        let idle = output::Interrupt::default();
        let interrupt = self.opts.interrupt.as_deref().unwrap_or(&idle);
        let staging = match report.errors() {
            0 => {
                self.check_place(&report.output)?;
                Some(output::Staging::begin(&report.output, interrupt)?)
            }
            _ => None,
        };
        let discard = output::Discard::default();
        let sink: &dyn output::Sink = match &staging {
            Some(staging) => staging,
            None => &discard,
        };
        let site = self.site(&renderer);
        let assembled = assembly::assemble(&site, self.with_search(), interrupt, sink);
        report.page_times = renderer.page_times();
        let assembled = assembled?;
        report.add_assembly(assembled);
        let mut watch = Stopwatch::start();
        match staging {
            Some(staging) => {
                let written = staging.finish()?;
                report.files = written.written + written.unchanged;
                report.written = true;
                report.unchanged = written.unchanged;
                report.leftover(&written);
                watch.lap("write", report);
            }
            None => report.files = discard.finish()?,
        }
        Ok(())
    }

    /// `check` and `--check-links`: the link check reads every page, so the site is assembled
    /// in memory, checked, and then (a build without errors) written.
    fn in_memory(&self, report: &mut Report) -> Result<()> {
        let renderer = render::Renderer::new(self.theme)?;
        let idle = output::Interrupt::default();
        let interrupt = self.opts.interrupt.as_deref().unwrap_or(&idle);
        let (files, assembled) =
            assembly::files(&self.site(&renderer), self.with_search(), interrupt)?;
        report.add_assembly(assembled);
        report.files = files.len();
        let mut watch = Stopwatch::start();
        report
            .diagnostics
            .extend(linkcheck::check(&files, self.config));
        watch.lap("links", report);
        if !self.opts.check_only && report.errors() == 0 {
            self.check_place(&report.output)?;
            let written = output::write_interruptible(&files, &report.output, interrupt)?;
            report.written = true;
            report.unchanged = written.unchanged;
            report.leftover(&written);
            watch.lap("write", report);
        }
        Ok(())
    }

    /// What the site is assembled from: a build renders each page's notes itself and makes the
    /// data files from scratch.
    fn site<'a>(&'a self, renderer: &'a render::Renderer) -> assembly::Site<'a> {
        assembly::Site {
            config: self.config,
            archive: self.archive,
            theme: self.theme,
            renderer,
            notes: &[],
            kept: None,
        }
    }
}

impl Report {
    /// Warns when the previous output could not be removed after the swap: never silent.
    fn leftover(&mut self, written: &output::Written) {
        for why in &written.leftovers {
            self.diagnostics.push(Diagnostic::warning(
                &self.output.display().to_string(),
                0,
                0,
                "leftover-output",
                why.clone(),
            ));
        }
    }

    /// Records how long assembling the site took.
    fn add_assembly(&mut self, assembled: assembly::Assembled) {
        // The time pages took to render includes writing them.
        self.timings.push(("render", assembled.render));
        if let Some(search) = assembled.search {
            self.timings.push(("search", search));
        }
        self.search_steps = assembled.search_steps;
    }
}

/// Times consecutive stages.
struct Stopwatch {
    last: Instant,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
        }
    }

    fn lap(&mut self, name: &'static str, report: &mut Report) {
        report.timings.push((name, self.last.elapsed()));
        self.last = Instant::now();
    }
}

/// Re-exported for the binary: the error type.
pub use error::Error as BuildError;

impl Config {
    /// The same configuration with another `base_url` (validated like the file's).
    pub fn with_base_url(mut self, url: &str) -> Result<Config> {
        let url = url.trim();
        let base_path = config::base_path_of(url).ok_or_else(|| {
            Error::config(Diagnostic::error(
                "--base-url",
                0,
                0,
                "argument",
                format!("must be an http(s) URL or a path starting with `/`, found {url:?}"),
            ))
        })?;
        self.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        self.base_path = base_path;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    //! [`build`] streams its output: the same files, byte for byte, as rendering the site into
    //! memory and writing it (the path `--check-links` takes), and the same guarantees.

    use super::*;
    use crate::test_support::{names_in, tree};
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    fn options(root: &Path, out: &Path) -> Options {
        Options {
            root: root.to_path_buf(),
            output: Some(out.to_path_buf()),
            // A fixed build date: upcoming meetings count from it.
            today: model::Date::new(2024, 6, 1),
            ..Options::default()
        }
    }

    /// The project's own example site and an org-wide fixture: both have action items, issues,
    /// initiatives and people, and the search index is left out (Pagefind's output is its own).
    fn sites() -> Vec<PathBuf> {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        vec![
            here.to_path_buf(),
            here.join("tests/fixtures/orgwide/two_groups"),
        ]
    }

    #[test]
    fn a_streamed_build_writes_what_the_in_memory_writer_writes_byte_for_byte() {
        for root in sites() {
            let dir = tempfile::tempdir().expect("tempdir");
            let (streamed, memory) = (dir.path().join("streamed"), dir.path().join("memory"));
            let plain = Options {
                no_search: true,
                ..options(&root, &streamed)
            };
            let report = build(&plain).expect("streamed build");
            assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
            assert!(report.written);
            // `--check-links` renders the whole site into memory, checks it, then writes it.
            let in_memory = Options {
                check_links: true,
                ..options(&root, &memory)
            };
            let checked = build(&Options {
                no_search: true,
                ..in_memory
            })
            .expect("in-memory build");
            assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
            assert_eq!(report.files, checked.files, "{}", root.display());
            assert_eq!(tree(&streamed).len(), report.files);
            assert!(
                tree(&streamed) == tree(&memory),
                "{}: the outputs differ",
                root.display()
            );
            assert_eq!(names_in(dir.path()), ["memory", "streamed"]);
        }
    }

    #[test]
    fn a_second_streamed_build_links_every_unchanged_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let opts = options(Path::new(env!("CARGO_MANIFEST_DIR")), &out);
        let first = build(&opts).expect("first build");
        let meta = |p: &str| std::fs::metadata(out.join(p)).expect("meta");
        let (home, data) = (meta("index.html"), meta("data/meetings.json"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = build(&opts).expect("second build");
        assert_eq!(second.files, first.files);
        assert_eq!(second.unchanged, second.files, "every file is the same");
        for (before, after) in [
            (home, meta("index.html")),
            (data, meta("data/meetings.json")),
        ] {
            assert_eq!(before.ino(), after.ino());
            assert_eq!(before.mtime_nsec(), after.mtime_nsec());
        }
        assert_eq!(names_in(dir.path()), ["public"]);
    }

    /// A site whose issue pages fail to render (a template that compiles but reads what is not
    /// there), while its meeting pages render fine and are streamed out first.
    fn site_with_a_render_error(dir: &Path) -> PathBuf {
        let root = dir.join("site");
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        std::fs::create_dir_all(root.join("templates")).expect("mkdir");
        std::fs::write(
            root.join("site.toml"),
            "title = \"T\"\nbase_url = \"https://o.github.io/r/\"\nrepo = \"o/r\"\n\n[search]\nenabled = false\n",
        )
        .expect("write");
        for day in 1..=9 {
            std::fs::write(
                root.join(format!("content/2024-01-0{day}.md")),
                format!("# Meeting 2024-01-0{day}\n\n## Agenda\n\n* Topic [#{day}](https://github.com/o/r/issues/{day})\n"),
            )
            .expect("write");
        }
        std::fs::write(
            root.join("templates/issue.html"),
            "{% extends \"base.html\" %}{% block content %}{{ issue.no_such_field.deeper }}{% endblock content %}",
        )
        .expect("write");
        root
    }

    #[test]
    fn a_render_error_part_way_leaves_the_previous_output_and_no_staging_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = site_with_a_render_error(dir.path());
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join(output::MARKER), "").expect("write");
        std::fs::write(out.join("index.html"), "previous").expect("write");
        let before = tree(&out);
        for _ in 0..3 {
            let error = build(&options(&root, &out)).expect_err("the issue pages fail");
            // The first failing page in path order, whichever thread met which first.
            let message = error.to_string();
            assert!(message.contains("issue.html"), "{message}");
            assert!(tree(&out) == before, "the previous output changed");
            assert_eq!(names_in(dir.path()), ["public", "site"]);
        }
    }
}
