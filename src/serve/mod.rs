//! `wgsite serve`: [`ServeOptions`] → a local preview that runs until Ctrl-C. Builds the site
//! into memory, serves it over HTTP under its base path ([`http`]), watches the site folder
//! ([`watch`], [`classify`]), rebuilds on change ([`builder`]) and tells open pages to reload or to show the
//! errors of a failed rebuild ([`live`]); a failed rebuild keeps the last good site served.

pub mod builder;
pub mod classify;
pub mod http;
pub mod live;
pub mod paths;
pub mod watch;

use crate::error::{Error, Result};
pub use crate::incremental::Change;
use crate::output::OutputFile;
use crate::{Options, Report};
use builder::Builder;
use classify::Layout;
use live::{BuildError, Live};
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use watch::{Event, Watch};

/// What `wgsite serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// The port to try first; the next [`http::PORT_TRIES`] are tried when it is taken.
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

/// The site being served: site path → bytes, and the path it lives under.
#[derive(Debug)]
pub struct Site {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Starts and ends with `/`.
    pub base_path: String,
    /// While a rebuild is finishing after its early stage, the site paths that are final:
    /// requests for any other wait until it is done (see [`State::early`]).
    pub settling: Option<std::collections::HashSet<String>>,
    /// Whether pages were told to reload by the early stage of the rebuild under way.
    pub reloaded_early: bool,
}

/// What the server threads share with the rebuild loop.
#[derive(Debug)]
pub struct State {
    pub site: RwLock<Site>,
    pub live: Live,
}

impl State {
    pub fn new() -> State {
        State {
            site: RwLock::new(Site {
                files: HashMap::new(),
                base_path: "/".into(),
                settling: None,
                reloaded_early: false,
            }),
            live: Live::default(),
        }
    }

    /// A good build: applies its files; pages reload when anything changed or when they were
    /// showing errors. Returns how many site paths changed.
    pub fn good(&self, changed: Vec<OutputFile>, removed: &[String], base_path: &str) -> usize {
        // Pages read the site and the generation under this lock, so a page always carries the
        // generation of the files it was made from.
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        site.settling = None;
        // Pages reloaded by the early stage asked for what was pending and waited for it: they
        // have this build already.
        let reloaded = std::mem::take(&mut site.reloaded_early);
        let count = changed.len() + removed.len() + usize::from(site.base_path != base_path);
        for path in removed {
            site.files.remove(path);
        }
        for file in changed {
            site.files.insert(file.path, Arc::new(file.bytes));
        }
        site.base_path = base_path.to_string();
        if (count > 0 && !reloaded) || self.live.has_errors() {
            self.live.publish(Vec::new());
        }
        count
    }

    /// The early stage of a rebuild: the edited meetings' pages, served and reloaded at once,
    /// while requests for paths not `ready` wait for [`State::good`] (or [`State::failed`]).
    /// Returns how many site paths changed.
    pub fn early(&self, changed: Vec<OutputFile>, ready: HashSet<String>) -> usize {
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        site.settling = Some(ready);
        let count = changed.len();
        for file in changed {
            site.files.insert(file.path, Arc::new(file.bytes));
        }
        if count > 0 && !self.live.has_errors() {
            site.reloaded_early = true;
            self.live.publish(Vec::new());
        }
        count
    }

    /// Replaces every file under `prefix` (such as `pagefind/`) with `files`, without telling
    /// pages: for output rebuilt off the edit path (a search index built in the background).
    /// Returns how many site paths changed.
    pub fn replace_under(&self, prefix: &str, files: Vec<OutputFile>) -> usize {
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        let keep: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let before = site.files.len();
        site.files
            .retain(|path, _| !path.starts_with(prefix) || keep.contains(path.as_str()));
        let mut count = before - site.files.len();
        for file in files {
            let bytes = Arc::new(file.bytes);
            if site.files.get(&file.path) != Some(&bytes) {
                count += 1;
                site.files.insert(file.path, bytes);
            }
        }
        count
    }

    /// A failed build: the site stays; pages show the errors.
    pub fn failed(&self, errors: Vec<BuildError>) {
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        site.settling = None;
        site.reloaded_early = false;
        self.live.publish(errors);
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
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
    if addr.port() != opts.port {
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
        .spawn(move || http::run(listener, state))
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
                print_warnings(&report);
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
            Ok(report) => {
                for d in &report.diagnostics {
                    if d.level == crate::diag::Level::Error {
                        eprintln!("{d}");
                    }
                }
                live::errors_from_report(report)
            }
            Err(e) => {
                eprintln!("error: {e}");
                live::errors_from_error(e, &self.root)
            }
        };
        eprintln!(
            "build failed in {}; still serving the last good site",
            millis(took)
        );
        self.state.failed(errors);
    }
}

fn print_warnings(report: &Report) {
    for d in &report.diagnostics {
        eprintln!("{d}");
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

    #[test]
    fn a_good_build_reloads_pages_only_when_something_changed() {
        let state = State::new();
        assert_eq!(
            state.good(vec![OutputFile::new("index.html", "a")], &[], "/"),
            1
        );
        assert_eq!(state.live.generation(), 1);
        assert_eq!(state.good(Vec::new(), &[], "/"), 0);
        assert_eq!(state.live.generation(), 1);
        state.failed(vec![BuildError {
            path: "site.toml".into(),
            line: 1,
            col: 1,
            message: "bad".into(),
        }]);
        assert_eq!(state.live.generation(), 2);
        // Fixed without changing any output: pages still hear of it, to drop the errors.
        assert_eq!(state.good(Vec::new(), &[], "/"), 0);
        assert_eq!(state.live.generation(), 3);
        assert!(!state.live.has_errors());
        assert_eq!(state.good(Vec::new(), &["index.html".into()], "/wg/"), 2);
        let site = state.site.read().expect("lock");
        assert!(site.files.is_empty());
        assert_eq!(site.base_path, "/wg/");
    }

    #[test]
    fn an_early_stage_reloads_pages_once_and_holds_the_rest() {
        let state = State::new();
        let files = ["index.html", "meetings/a/index.html"].map(|p| OutputFile::new(p, "1"));
        state.good(files.to_vec(), &[], "/");
        let generation = state.live.generation();
        let edited = vec![OutputFile::new("meetings/a/index.html", "2")];
        let ready = HashSet::from(["meetings/a/index.html".to_string()]);
        assert_eq!(state.early(edited, ready.clone()), 1);
        assert_eq!(state.live.generation(), generation + 1);
        assert!(state.site.read().expect("lock").settling.is_some());
        // The rest: no second reload (reloaded pages waited for it), nothing held.
        let rest = vec![OutputFile::new("index.html", "2")];
        assert_eq!(state.good(rest, &[], "/"), 1);
        assert_eq!(state.live.generation(), generation + 1);
        assert!(state.site.read().expect("lock").settling.is_none());
        // An edit whose early stage changed nothing reloads at the end.
        assert_eq!(state.early(Vec::new(), ready), 0);
        state.good(vec![OutputFile::new("index.html", "3")], &[], "/");
        assert_eq!(state.live.generation(), generation + 2);
    }

    #[test]
    fn a_background_index_replaces_its_folder_without_reloading_pages() {
        let state = State::new();
        let old = ["pagefind/a.pf_index", "pagefind/pagefind.js", "index.html"];
        let files = old.iter().map(|p| OutputFile::new(*p, "1")).collect();
        state.good(files, &[], "/");
        let generation = state.live.generation();
        let new = vec![
            OutputFile::new("pagefind/b.pf_index", "2"),
            OutputFile::new("pagefind/pagefind.js", "1"),
        ];
        assert_eq!(state.replace_under("pagefind/", new), 2);
        assert_eq!(state.live.generation(), generation);
        let site = state.site.read().expect("lock");
        let mut paths: Vec<&str> = site.files.keys().map(String::as_str).collect();
        paths.sort();
        assert_eq!(
            paths,
            ["index.html", "pagefind/b.pf_index", "pagefind/pagefind.js"]
        );
    }
}
