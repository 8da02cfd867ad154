//! Write stage: rendered [`OutputFile`]s → the output folder, atomically. Files are written to a
//! staging folder beside the output, which then replaces it (two renames); a failed build leaves
//! the previous output untouched, and stale staging folders from interrupted builds are removed.
//! A signal (see [`Interrupt`]) stops the write between files, never inside the swap. A file
//! whose bytes equal the previous build's is hard-linked from it instead of written: unchanged
//! files keep their inode and mtime, so `rsync`, deploy diffs and caches see only what changed,
//! and on slow disks the build writes less.
//!
//! A build streams: each page goes into the [`Staging`] folder (a [`Sink`]) as soon as it is
//! rendered and is dropped, so memory never holds the whole site (about 900 MB at 10k
//! meetings). [`write`] takes files already in memory (`--check-links`, which reads them all).

mod page_path;
mod place;
mod staging;

pub use place::{check_place, target, Sources, MARKER};
pub use staging::Staging;

/// Records a failure for `path` when it is not a plain relative path inside the output (see
/// [`page_path::refusal`]); true when it was refused. Every sink calls it before taking a file.
fn refuse_unsafe(failures: &Failures, path: &str) -> bool {
    match page_path::refusal(path) {
        Some(why) => {
            failures.record(path, page_path::refused(path, why));
            true
        }
        None => false,
    }
}

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::Mutex;

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files whose bytes were written (new or changed).
    pub written: usize,
    /// Files equal to the previous build's, linked from it.
    pub unchanged: usize,
    /// Folders that could not be removed (the previous output after the swap, what killed
    /// builds left): where each is left, and why. Reported as warnings, never silent.
    pub leftovers: Vec<String>,
}

/// One file of the built site; `path` is relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Where files go as they are made, from many threads at once: the staging folder of a build
/// ([`Staging`]), memory ([`Collect`]), or nowhere ([`Discard`], for a build that will not be
/// written).
pub trait Sink: Sync {
    /// Gets ready for files at `paths` (the staging folder makes their folders, in order).
    fn prepare(&self, _paths: &[&str]) {}

    /// Whether the build is stopping (a signal): nothing more is wanted.
    fn stopping(&self) -> bool {
        false
    }

    /// Whether the file at `path` need not be made: the build is stopping, or a file before it
    /// in path order has failed (see [`Failures`]).
    fn skips(&self, path: &str) -> bool;

    /// Takes one file.
    fn put(&self, file: OutputFile);

    /// Records that the file at `path` could not be made.
    fn fail(&self, path: &str, error: Error);

    /// Takes files made together (the search index): their folders first, in order, then the
    /// files in parallel. (Pages, and the site-wide files after them, are put one by one and
    /// their folders made as they come.)
    fn put_all(&self, files: Vec<OutputFile>) {
        {
            let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            self.prepare(&paths);
        }
        files.into_par_iter().for_each(|f| {
            if !self.skips(&f.path) {
                self.put(f);
            }
        });
    }
}

/// The failure at the smallest path among the files tried. A file is skipped once a failure at
/// a smaller path is known, so the one at the smallest path of all is always tried (nothing
/// before it failed to skip it): the message is the same from run to run, whichever thread met
/// its failure first, and a failure early in the order spares most of the work.
#[derive(Debug, Default)]
pub struct Failures {
    /// Whether `first` is set: read on every file, so the lock is taken only after a failure.
    any: AtomicBool,
    first: Mutex<Option<(String, Error)>>,
}

impl Failures {
    /// Whether a failure at a path before `path` is known.
    pub fn skips(&self, path: &str) -> bool {
        self.any.load(Ordering::SeqCst)
            && self
                .first
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .is_some_and(|(first, _)| first.as_str() < path)
    }

    /// Keeps `error` when `path` comes before every failure known so far.
    pub fn record(&self, path: &str, error: Error) {
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        if first
            .as_ref()
            .is_none_or(|(known, _)| path < known.as_str())
        {
            *first = Some((path.to_string(), error));
        }
        self.any.store(true, Ordering::SeqCst);
    }

    /// The failure at the smallest path, if any.
    pub fn take(&self) -> Option<Error> {
        let first = self.first.lock().unwrap_or_else(|e| e.into_inner()).take();
        first.map(|(_, error)| error)
    }
}

/// A sink that keeps nothing: it counts the files and keeps the first failure. A build with
/// content errors writes nothing but still renders (a template error must still be reported),
/// and needs no memory for the site to do it.
#[derive(Debug, Default)]
pub struct Discard {
    files: AtomicUsize,
    failures: Failures,
}

impl Discard {
    /// How many files were made, or the first failure.
    pub fn finish(self) -> Result<usize> {
        match self.failures.take() {
            Some(error) => Err(error),
            None => Ok(self.files.load(Ordering::SeqCst)),
        }
    }
}

impl Sink for Discard {
    fn skips(&self, path: &str) -> bool {
        self.failures.skips(path)
    }

    fn put(&self, file: OutputFile) {
        if refuse_unsafe(&self.failures, &file.path) {
            return;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    fn fail(&self, path: &str, error: Error) {
        self.failures.record(path, error);
    }
}

/// A sink that keeps every file in memory, and the first failure: for what reads the whole
/// site before (or instead of) writing it (`check`, `--check-links`, `serve`).
#[derive(Debug, Default)]
pub struct Collect {
    files: Mutex<Vec<OutputFile>>,
    failures: Failures,
}

impl Collect {
    /// The files, sorted by path, or the first failure.
    pub fn finish(self) -> Result<Vec<OutputFile>> {
        if let Some(error) = self.failures.take() {
            return Err(error);
        }
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

impl Sink for Collect {
    fn skips(&self, path: &str) -> bool {
        self.failures.skips(path)
    }

    fn put(&self, file: OutputFile) {
        if refuse_unsafe(&self.failures, &file.path) {
            return;
        }
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
    }

    fn fail(&self, path: &str, error: Error) {
        self.failures.record(path, error);
    }
}

/// How a build answers SIGINT/SIGTERM. The signal handler calls [`Interrupt::request`]: before
/// the write starts ([`Staging::begin`]: while the archive is read, parsed and linked), nothing
/// is on disk yet and the process may exit at once; while files are rendered and written, the
/// build stops at the next file and removes its staging folder; during the two renames of the
/// swap the request waits, so the output is never left half-moved.
#[derive(Debug, Default)]
pub struct Interrupt {
    state: AtomicU8,
}

const IDLE: u8 = 0;
const WRITING: u8 = 1;
const SWAPPING: u8 = 2;
/// Stop asked before or while writing: nothing more is written.
const STOP: u8 = 3;
/// Stop asked during the swap: it completes first.
const LATE: u8 = 4;

impl Interrupt {
    /// Asks the build to stop. Returns true when no write has started, so the caller may exit
    /// the process at once (the write will then not start either).
    pub fn request(&self) -> bool {
        let from = |current| match current {
            IDLE | WRITING => Some(STOP),
            SWAPPING => Some(LATE),
            _ => None,
        };
        matches!(
            self.state
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, from),
            Ok(IDLE)
        )
    }

    /// Moves from `from` to `to`; false when a stop was asked in between.
    fn step(&self, from: u8, to: u8) -> bool {
        self.state
            .compare_exchange(from, to, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Whether a stop was asked and is to be answered now (not one waiting for the swap).
    pub fn stop_asked(&self) -> bool {
        self.state.load(Ordering::SeqCst) == STOP
    }
}

/// Writes `files` as the new content of `out`.
pub fn write(files: &[OutputFile], out: &std::path::Path) -> Result<Written> {
    write_interruptible(files, out, &Interrupt::default())
}

/// Writes `files` as the new content of `out`, stopping cleanly when `interrupt` asks.
pub fn write_interruptible(
    files: &[OutputFile],
    out: &std::path::Path,
    interrupt: &Interrupt,
) -> Result<Written> {
    let staging = Staging::begin(out, interrupt)?;
    staging.make_folders(files.iter().map(|f| f.path.as_str()));
    files
        .par_iter()
        .for_each(|file| staging.write(&file.path, &file.bytes));
    staging.finish()
}

#[cfg(test)]
mod tests;
