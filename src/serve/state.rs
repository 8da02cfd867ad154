//! What the server shares with the rebuild loop: the in-memory [`Site`] (site path → file, the
//! path it is served under, what a rebuild under way still holds back) and the [`Live`] status
//! that pages follow. Build outcomes go in through [`State`]'s methods; requests only read.

use super::live::Live;
use crate::diag::Diagnostic;
use crate::output::OutputFile;
use axum::body::Bytes;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{OnceLock, RwLock};
use tokio::sync::Notify;

/// One file of the served site: its bytes, and a tag that changes whenever they do (for
/// `ETag`s), worked out when the file is first asked for: a rebuild that changes megabytes of
/// pages (the issue indexes of a large archive) does not pay for tags no browser asks for.
#[derive(Debug, Clone)]
pub struct SiteFile {
    pub bytes: Bytes,
    tag: OnceLock<u64>,
}

impl SiteFile {
    pub fn new(bytes: Vec<u8>) -> SiteFile {
        SiteFile {
            bytes: Bytes::from(bytes),
            tag: OnceLock::new(),
        }
    }

    /// A 64-bit hash of the bytes: it only has to tell versions of one file apart while
    /// browsers keep them.
    pub fn tag(&self) -> u64 {
        *self.tag.get_or_init(|| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            self.bytes.hash(&mut hasher);
            hasher.finish()
        })
    }
}

/// The site being served: site path → file, and the path it lives under.
#[derive(Debug)]
pub struct Site {
    pub files: HashMap<String, SiteFile>,
    /// Starts and ends with `/`.
    pub base_path: String,
    /// While a rebuild is finishing after its early stage, the site paths that are final:
    /// requests for any other wait until it is done (see [`State::early`]).
    pub settling: Option<HashSet<String>>,
    /// Whether pages were told to reload by the early stage of the rebuild under way.
    pub reloaded_early: bool,
}

/// What the server shares with the rebuild loop.
#[derive(Debug)]
pub struct State {
    pub site: RwLock<Site>,
    pub live: Live,
    /// Woken whenever the site changes, so requests held back by a rebuild under way wait
    /// for it without polling.
    pub changed: Notify,
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
            changed: Notify::new(),
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
            site.files.insert(file.path, SiteFile::new(file.bytes));
        }
        site.base_path = base_path.to_string();
        if (count > 0 && !reloaded) || self.live.has_errors() {
            self.live.publish(Vec::new());
        }
        drop(site);
        self.changed.notify_waiters();
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
            site.files.insert(file.path, SiteFile::new(file.bytes));
        }
        if count > 0 && !self.live.has_errors() {
            site.reloaded_early = true;
            self.live.publish(Vec::new());
        }
        drop(site);
        self.changed.notify_waiters();
        count
    }

    /// Replaces every file under `prefix` (such as `pagefind/`) with `files`, without telling
    /// pages: for output rebuilt off the edit path (a search index built in the background).
    /// Returns how many site paths changed.
    pub fn replace_under(&self, prefix: &str, files: Vec<OutputFile>) -> usize {
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        let keep: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let before = site.files.len();
        site.files
            .retain(|path, _| !path.starts_with(prefix) || keep.contains(path.as_str()));
        let mut count = before - site.files.len();
        for file in files {
            if site.files.get(&file.path).map(|f| f.bytes.as_ref()) != Some(file.bytes.as_slice()) {
                count += 1;
                site.files.insert(file.path, SiteFile::new(file.bytes));
            }
        }
        drop(site);
        self.changed.notify_waiters();
        count
    }

    /// A failed build: the site stays; pages show the errors.
    pub fn failed(&self, errors: Vec<Diagnostic>) {
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        site.settling = None;
        site.reloaded_early = false;
        self.live.publish(errors);
        drop(site);
        self.changed.notify_waiters();
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        state.failed(vec![Diagnostic::error("site.toml", 1, 1, "config", "bad")]);
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

    #[test]
    fn a_file_keeps_its_tag_until_its_bytes_change() {
        let a = SiteFile::new(b"<p>one</p>".to_vec());
        assert_eq!(a.tag(), SiteFile::new(b"<p>one</p>".to_vec()).tag());
        assert_ne!(a.tag(), SiteFile::new(b"<p>two</p>".to_vec()).tag());
    }
}
