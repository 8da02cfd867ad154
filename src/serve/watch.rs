//! Watching the site: a site folder and its [`Layout`] → batches of changed paths, sent to the
//! preview loop. [`Watch`] runs `notify` (debounced, or polling with `--poll`) over `content/`,
//! `site.toml`, `templates/`, `static/` and the theme; [`super::classify`] sorts the paths.

use super::classify::Layout;
use crate::error::{Error, Result};
use notify_debouncer_full::notify::{
    self,
    event::{MetadataKind, ModifyKind},
    EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, Debouncer, FileIdCache, NoCache, RecommendedCache,
};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the watcher waits for a burst of events (an editor's save) to end.
pub const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// What the watcher sends the preview loop.
#[derive(Debug)]
pub enum Event {
    /// A debounced batch of changed paths.
    Changed(Vec<PathBuf>),
    /// The watcher failed (the message says how); watching goes on where it can.
    Failed(String),
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// A running watcher; dropping it stops watching.
pub struct Watch {
    inner: Inner,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Starts watching `root` (which should be canonical) for `layout`; batches go to `events`.
    pub fn start(root: &Path, layout: &Layout, poll: bool, events: Sender<Event>) -> Result<Watch> {
        let handler = move |result: DebounceEventResult| {
            let message = match result {
                Ok(batch) => {
                    let paths: Vec<PathBuf> = batch
                        .into_iter()
                        // Reads (ours included: every build opens the files) are not changes, nor
                        // are permission and time stamp changes (editors set them after a save,
                        // often past the debounce time, which would rebuild twice). A new write
                        // time is how the poll watcher reports an edit.
                        .filter(|e| match e.kind {
                            EventKind::Access(_) => false,
                            EventKind::Modify(ModifyKind::Metadata(m)) => {
                                m == MetadataKind::WriteTime
                            }
                            _ => true,
                        })
                        .flat_map(|e| e.event.paths)
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    Event::Changed(paths)
                }
                Err(errors) => Event::Failed(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = events.send(message);
        };
        let failed = |e: notify::Error| Error::io("watch", root, std::io::Error::other(e));
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Inner::Poll(debouncer(handler, NoCache::new(), config).map_err(failed)?)
        } else {
            let config = notify::Config::default();
            Inner::Native(debouncer(handler, RecommendedCache::new(), config).map_err(failed)?)
        };
        let mut watch = Watch {
            inner,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        watch.refresh(layout)?;
        Ok(watch)
    }

    /// Watches what `layout` names that exists now and is not watched yet (a `templates/`
    /// created after the start, a new `content_dir`), and stops watching what is gone.
    pub fn refresh(&mut self, layout: &Layout) -> Result<()> {
        let mut wanted = vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        let theme = format!("themes/{}", layout.theme);
        for dir in [layout.content_dir.as_str(), "templates", "static", &theme] {
            let path = self.root.join(dir);
            if path.is_dir() && path != self.root {
                wanted.push((path, RecursiveMode::Recursive));
            } else if path == self.root {
                wanted[0].1 = RecursiveMode::Recursive;
            }
        }
        if self.root.join("themes").is_dir() {
            wanted.push((self.root.join("themes"), RecursiveMode::NonRecursive));
        }
        for old in std::mem::take(&mut self.watched) {
            if wanted.iter().any(|(p, _)| *p == old) && old.exists() {
                self.watched.push(old);
            } else {
                let _ = self.unwatch(&old);
            }
        }
        for (path, mode) in wanted {
            if !self.watched.contains(&path) {
                self.watch(&path, mode)
                    .map_err(|e| Error::io("watch", &path, std::io::Error::other(e)))?;
                self.watched.push(path);
            }
        }
        Ok(())
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.unwatch(path),
            Inner::Poll(d) => d.unwatch(path),
        }
    }
}

/// One constructor for both kinds of watcher: notify's own, or its `PollWatcher`.
fn debouncer<T: notify::Watcher, C: FileIdCache + Send + 'static>(
    handler: impl Fn(DebounceEventResult) + Send + 'static,
    cache: C,
    config: notify::Config,
) -> notify::Result<Debouncer<T, C>> {
    new_debouncer_opt::<_, T, C>(DEBOUNCE, None, handler, cache, config)
}
