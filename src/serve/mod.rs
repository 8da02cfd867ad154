//! `wgsite serve`: [`ServeOptions`] → a local preview that runs until Ctrl-C. Builds the site
//! into memory, serves it over HTTP under its base path ([`http`], [`respond`]), watches the
//! site folder ([`watch`], [`classify`]), rebuilds on change ([`builder`]) and tells open pages
//! to reload or to show the errors of a failed rebuild ([`live`], [`events`]); a failed rebuild
//! keeps the last good site served ([`state`]).

pub mod builder;
pub mod classify;
pub mod events;
pub mod http;
pub mod live;
pub mod paths;
pub mod respond;
pub mod state;
pub mod watch;

use crate::diag::{Diagnostic, Level};
use crate::error::{Error, Result};
pub use crate::incremental::Change;
use crate::{Options, Report};
use builder::Builder;
use classify::Layout;
pub use state::{Site, SiteFile, State};
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use watch::{Event, Watch};

/// What `wgsite serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// The port to try first; the next [`http::PORT_TRIES`] are tried when it is taken. 0 lets
    /// the system pick a free one.
    pub port: u16,
    /// Overrides `base_url` (the site is served under its path).
    pub base_url: Option<String>,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Skip the search index (quicker rebuilds).
    pub no_search: bool,
    /// Include minutes marked `draft = true`.
    pub drafts: bool,
    /// Poll the files instead of waiting for the system's file events.
    pub poll: bool,
}

/// Where the site folder's parts are and the path the site is served under, from `site.toml`.
fn layout(opts: &Options) -> Option<(Layout, String)> {
    let config = crate::load_config(opts).ok()?;
    Some((Layout::from(&config), config.base_path.clone()))
}

/// Builds, serves and watches until Ctrl-C (or SIGTERM), which ends the process.
pub fn serve(opts: ServeOptions) -> Result<()> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io("open the site folder", &opts.root, e))?;
    let build_opts = Options {
        root: root.clone(),
        base_url: opts.base_url.clone(),
        drafts: opts.drafts,
        no_search: opts.no_search,
        ..Options::default()
    };
    let listener = http::bind(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io("listen", opts.bind.to_string(), e))?;
    if opts.port != 0 && addr.port() != opts.port {
        eprintln!(
            "port {} is taken; using port {} instead",
            opts.port,
            addr.port()
        );
    }
    let mut preview = Preview {
        root: root.clone(),
        state: Arc::new(State::new()),
        builder: Builder::new(build_opts.clone()),
        search_generation: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        layout: Layout::default(),
        base_path: "/".into(),
        build_opts,
        warnings: BTreeSet::new(),
    };
    // Ctrl-C stops at once, even in the middle of a long build: nothing is half-written that
    // matters (the site is in memory).
    if let Err(e) = ctrlc::set_handler(move || {
        eprintln!("stopped");
        std::process::exit(0);
    }) {
        eprintln!("warning: Ctrl-C will not stop the preview cleanly: {e}");
    }
    // Serve at once (a page asked for during the first build waits for it and then reloads),
    // and watch before building, so that no edit made meanwhile is missed.
    preview.reload_layout();
    preview.state.good(Vec::new(), &[], &preview.base_path);
    let state = Arc::clone(&preview.state);
    std::thread::Builder::new()
        .name("wgsite-accept".into())
        .spawn(move || {
            if let Err(e) = http::run(listener, state) {
                eprintln!("error: the preview's server stopped: {e}");
            }
        })
        .map_err(|e| Error::io("start the server thread", &root, e))?;
    let (events, inbox) = mpsc::channel();
    let mut watch = Watch::start(&root, &preview.layout, opts.poll, events)?;
    preview.start();
    if let Err(e) = watch.refresh(&preview.layout) {
        eprintln!("warning: {e}");
    }
    let url = site_url(addr, &preview.base_path);
    eprintln!("serving {url} (Ctrl-C to stop)");
    if opts.open {
        open_browser(&url);
    }

    while let Ok(event) = inbox.recv() {
        // Whatever else arrived during the last build goes into this one.
        let mut paths = Vec::new();
        for event in std::iter::once(event).chain(inbox.try_iter()) {
            match event {
                Event::Changed(p) => paths.extend(p),
                Event::Failed(message) => eprintln!("warning: watching files: {message}"),
            }
        }
        let change = classify::classify(&root, &preview.layout, &paths)
            .and_then(|change| classify::settle(change, classify::found));
        if let Some(change) = change {
            // What the change made (a new `templates/`) is watched before the rebuild reads
            // it: a file created in it meanwhile is then read by this rebuild or reported by
            // the watcher. Watched only after the rebuild, a template copied in while the
            // rebuild ran (a second, on a busy machine) was never seen.
            if matches!(change, Change::Config | Change::Everything) {
                preview.reload_layout();
            }
            if let Err(e) = watch.refresh(&preview.layout) {
                eprintln!("warning: {e}");
            }
            preview.rebuild(&change);
            // The rebuild may have read a new layout (a `site.toml` changed while it ran).
            if let Err(e) = watch.refresh(&preview.layout) {
                eprintln!("warning: {e}");
            }
        }
    }
    drop(watch);
    Ok(())
}

/// The rebuild loop's side: the builder, what it last built, and the shared state.
struct Preview {
    root: PathBuf,
    state: Arc<State>,
    builder: Builder,
    /// Counts search rebuilds, so an index finished after a newer edit is not swapped in.
    search_generation: Arc<std::sync::atomic::AtomicU64>,
    build_opts: Options,
    layout: Layout,
    base_path: String,
    /// The warnings of the last good build, so a rebuild prints only the ones it brings.
    warnings: BTreeSet<Diagnostic>,
}

impl Preview {
    fn reload_layout(&mut self) {
        if let Some((layout, base_path)) = layout(&self.build_opts) {
            self.layout = layout;
            self.base_path = base_path;
        }
    }

    fn start(&mut self) {
        let started = Instant::now();
        match self.builder.start() {
            Ok((files, report)) if report.errors() == 0 => {
                self.print_new_warnings(&report);
                let count = files.len();
                self.state.good(files, &[], &self.base_path);
                eprintln!(
                    "built {} meetings, {} issues, {} people: {count} files in {}",
                    report.meetings,
                    report.issues,
                    report.people,
                    millis(started.elapsed())
                );
            }
            result => {
                self.state.good(Vec::new(), &[], &self.base_path);
                self.report_failure(result.map(|(_, report)| report), started.elapsed());
            }
        }
    }

    fn rebuild(&mut self, change: &Change) {
        let started = Instant::now();
        if matches!(change, Change::Config | Change::Everything) {
            self.reload_layout();
        }
        let state = Arc::clone(&self.state);
        let mut shown = None;
        let mut shown_count = 0;
        let result = self.builder.rebuild(change, &mut |early| {
            shown_count = state.early(early.changed, early.ready);
            shown = Some(started.elapsed());
        });
        let took = started.elapsed();
        match result {
            Ok((changed, removed, report)) if report.errors() == 0 => {
                let count = self.state.good(changed, &removed, &self.base_path) + shown_count;
                if matches!(change, Change::Content(_)) {
                    self.refresh_search();
                }
                self.print_new_warnings(&report);
                let warnings = crate::diag::count(&report.diagnostics).1;
                let first = shown.map_or_else(String::new, |t| {
                    format!(", edited page after {}", millis(t))
                });
                eprintln!(
                    "rebuilt in {}{first} ({}): {count} file{} changed{}",
                    millis(took),
                    classify::describe(change, &self.root),
                    if count == 1 { "" } else { "s" },
                    match warnings {
                        0 => String::new(),
                        n => format!(", {n} warning(s) (`wgsite check` lists them)"),
                    }
                );
            }
            result => self.report_failure(result.map(|(_, _, report)| report), took),
        }
    }

    /// Prints the warnings of a good build that the last good build did not have (all of them
    /// at the start): a minutes file that became a symbolic link is dropped with the same
    /// warning a fresh `wgsite build` gives.
    fn print_new_warnings(&mut self, report: &Report) {
        let now: BTreeSet<Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.level != Level::Error)
            .cloned()
            .collect();
        for d in now.difference(&self.warnings) {
            eprintln!("{d}");
        }
        self.warnings = now;
    }

    /// Rebuilds the search index in the background after a content edit (the pages are
    /// already served); swaps it in unless a newer edit started another one.
    fn refresh_search(&self) {
        use std::sync::atomic::Ordering;
        let Some(job) = self.builder.search_job() else {
            return;
        };
        let generation = self.search_generation.fetch_add(1, Ordering::SeqCst) + 1;
        let latest = Arc::clone(&self.search_generation);
        let state = Arc::clone(&self.state);
        std::thread::spawn(move || match job() {
            Ok(files) if latest.load(Ordering::SeqCst) == generation => {
                state.replace_under(crate::paths::SEARCH_INDEX, files);
            }
            Ok(_) => {}
            Err(e) => eprintln!("warning: the search index was not refreshed: {e}"),
        });
    }

    /// Prints the errors of a failed build and puts them in front of open pages.
    fn report_failure(&self, result: Result<Report>, took: Duration) {
        let errors = match &result {
            Ok(report) => live::errors_from_report(report),
            Err(e) => live::errors_from_error(e, &self.root),
        };
        let color = crate::diag::render::Color::for_stderr();
        for d in &errors {
            eprintln!("{}", crate::diag::render::text(d, color));
        }
        eprintln!(
            "build failed in {}; still serving the last good site",
            millis(took)
        );
        self.state.failed(errors);
    }
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The address to show: a wildcard bind is reached at the loopback address.
fn site_url(addr: SocketAddr, base_path: &str) -> String {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
            IpAddr::V6(_) => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
        });
    }
    format!("http://{addr}{base_path}")
}

/// Tries the system's opener; a failure is not an error (the URL was printed).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let child = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        std::thread::spawn(move || child.wait());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_bind_is_shown_as_loopback() {
        let addr: SocketAddr = "0.0.0.0:1111".parse().expect("addr");
        assert_eq!(site_url(addr, "/wg/"), "http://127.0.0.1:1111/wg/");
        let addr: SocketAddr = "[::]:1112".parse().expect("addr");
        assert_eq!(site_url(addr, "/"), "http://[::1]:1112/");
    }
}
