//! The staging folder a build writes into, file by file as pages come out of the renderer, and
//! the swap that then puts it in place of the output (two renames). Unfinished staging — a
//! failure, a stop, a panic — is removed on drop, so the previous output is all that remains;
//! staging left by builds that were killed is removed by the next one ([`recover`]).

use super::{
    page_path, refuse_unsafe, Failures, Interrupt, OutputFile, Sink, Written, IDLE, LATE, SWAPPING,
    WRITING,
};
use crate::error::{Error, Result};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;

/// A build's output being written: files go into a staging folder beside `out` as they are
/// [put](Sink::put), from any number of threads; [`Staging::finish`] swaps it into place.
/// A file whose bytes equal the previous output's is hard-linked from it instead of written,
/// so it keeps its inode and mtime. Dropped unfinished, it removes the staging folder.
pub struct Staging<'a> {
    /// The output as given (for messages).
    shown: PathBuf,
    /// The folder replaced: the output, or where it leads when it is a symbolic link.
    out: PathBuf,
    dir: PathBuf,
    /// The output being replaced, when there is one: unchanged files are linked from it.
    previous: Option<PathBuf>,
    interrupt: &'a Interrupt,
    /// Folders already made inside `dir` (relative, no trailing `/`), so each is made once.
    made: RwLock<HashSet<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    failures: Failures,
    /// Set once `dir` is the output: nothing is left to remove.
    swapped: bool,
    /// Folders of earlier builds that could not be removed, to be reported.
    leftovers: Vec<String>,
    /// An advisory lock on the folder that holds the output, held until the swap is done, so
    /// two builds into one output take turns instead of moving it from under each other.
    /// (Last in the struct: released after the staging folder is removed.)
    _lock: Option<std::fs::File>,
}

impl<'a> Staging<'a> {
    /// Starts writing the new content of `out`: cleans up after killed builds, then makes an
    /// empty staging folder. From here on a signal stops the build between files (see
    /// [`Interrupt`]) instead of ending the process.
    pub fn begin(shown: &Path, interrupt: &'a Interrupt) -> Result<Staging<'a>> {
        // A symbolic link is written through: its target is replaced, the link stays.
        let out = super::place::target(shown)?;
        let failed = |message: String| Error::Output {
            out: shown.to_path_buf(),
            message,
        };
        // Only a folder is ever moved aside: a file, a pipe or a device stays where it is,
        // whoever called (the command's own check refuses it earlier, with the same words).
        if let Ok(meta) = std::fs::symlink_metadata(&out) {
            if !meta.is_dir() {
                return Err(failed(format!(
                    "this is {}, not a folder; it is left as it is: choose another output folder",
                    super::place::not_a_folder(&meta.file_type())
                )));
            }
        }
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| failed(format!("cannot create its parent folder: {e}")))?;
        }
        // Taken before the build counts as writing: while it waits for another build, a
        // signal still ends the process at once.
        let lock = lock_beside(&out);
        if !interrupt.step(IDLE, WRITING) {
            return Err(Error::Interrupted { written: false });
        }
        // Made first, so that any failure below drops it: staging removed, interrupt idle.
        let mut staging = Staging {
            shown: shown.to_path_buf(),
            dir: sibling(&out, "staging"),
            out,
            previous: None,
            interrupt,
            made: RwLock::new(HashSet::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            failures: Failures::default(),
            swapped: false,
            leftovers: Vec::new(),
            _lock: lock,
        };
        staging.leftovers = recover(&staging.out);
        staging.previous = staging.out.is_dir().then(|| staging.out.clone());
        // A new folder, never one left by a killed build that had the same process id.
        std::fs::create_dir(&staging.dir)
            .map_err(|e| staging.io("create a staging folder beside it", &e))?;
        Ok(staging)
    }

    fn failed(&self, message: String) -> Error {
        Error::Output {
            out: self.shown.clone(),
            message,
        }
    }

    fn io(&self, what: &str, e: &std::io::Error) -> Error {
        self.failed(format!(
            "cannot {what}: {e}; the previous output is unchanged"
        ))
    }

    /// Makes the folders of the files at `paths`, each once and in order, so that the files
    /// can then be written in parallel and a clash (a file and a folder of one name) fails the
    /// same way every time. A failure is recorded under the folder's path.
    pub fn make_folders<'p>(&self, paths: impl IntoIterator<Item = &'p str>) {
        // A path that is not plain gets no folder: it is refused when it is put.
        let dirs: BTreeSet<&str> = paths
            .into_iter()
            .filter(|p| page_path::refusal(p).is_none())
            .filter_map(parent)
            .collect();
        let mut made = self.made.write().unwrap_or_else(|e| e.into_inner());
        for dir in dirs {
            if made.contains(dir) {
                continue;
            }
            if let Err(e) = std::fs::create_dir_all(self.dir.join(dir)) {
                let error = self.io(&format!("create the folder {dir}/"), &e);
                self.failures.record(dir, error);
                return;
            }
            made.insert(dir.to_string());
        }
    }

    /// Writes one file (or links it from the previous output when its bytes are the same),
    /// unless the build is stopping or a file before it has failed; a failure is recorded.
    pub fn write(&self, path: &str, bytes: &[u8]) {
        if self.skips(path) || refuse_unsafe(&self.failures, path) {
            return;
        }
        if let Err(e) = self.store(path, bytes) {
            self.failures.record(path, e);
        }
    }

    fn store(&self, path: &str, bytes: &[u8]) -> Result<()> {
        if let Some(dir) = parent(path) {
            self.folder(dir)?;
        }
        let target = self.dir.join(path);
        if let Some(old) = self.previous.as_ref().map(|p| p.join(path)) {
            if holds(&old, bytes) && std::fs::hard_link(&old, &target).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        std::fs::write(&target, bytes).map_err(|e| self.io(&format!("write {path}"), &e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Makes `dir` when no file before needed it (the pages' folders are made so, by the
    /// threads rendering them). The folder is made outside the lock: on disk a `mkdir` can take
    /// a millisecond, and holding the lock meanwhile stopped every other file from being put.
    /// Two threads may make one folder at once; `create_dir_all` takes a folder that exists.
    fn folder(&self, dir: &str) -> Result<()> {
        if self
            .made
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains(dir)
        {
            return Ok(());
        }
        std::fs::create_dir_all(self.dir.join(dir))
            .map_err(|e| self.io(&format!("create the folder {dir}/"), &e))?;
        self.made
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_string());
        Ok(())
    }

    /// Puts the staging folder in place of the output, unless a file failed (the first in path
    /// order is the error) or a stop was asked; either way the previous output stays as it was.
    pub fn finish(mut self) -> Result<Written> {
        if self.interrupt.stop_asked() {
            return Err(Error::Interrupted { written: false });
        }
        if let Some(error) = self.failures.take() {
            return Err(error);
        }
        if !self.interrupt.step(WRITING, SWAPPING) {
            return Err(Error::Interrupted { written: false });
        }
        let swapped = swap(&self.dir, &self.out);
        self.swapped = swapped.is_ok();
        // Back to idle; a stop asked during the swap is answered now that it is done.
        let late = self.interrupt.state.swap(IDLE, Ordering::SeqCst) == LATE;
        let leftover = swapped.map_err(|message| self.failed(message))?;
        if late {
            return Err(Error::Interrupted { written: true });
        }
        let mut leftovers = std::mem::take(&mut self.leftovers);
        leftovers.extend(leftover);
        Ok(Written {
            written: self.written.load(Ordering::SeqCst),
            unchanged: self.unchanged.load(Ordering::SeqCst),
            leftovers,
        })
    }
}

impl Sink for Staging<'_> {
    fn prepare(&self, paths: &[&str]) {
        self.make_folders(paths.iter().copied());
    }

    fn stopping(&self) -> bool {
        self.interrupt.stop_asked()
    }

    fn skips(&self, path: &str) -> bool {
        self.interrupt.stop_asked() || self.failures.skips(path)
    }

    fn put(&self, file: OutputFile) {
        self.write(&file.path, &file.bytes);
    }

    fn fail(&self, path: &str, error: Error) {
        self.failures.record(path, error);
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.swapped {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        // Nothing of this write is left to clean: a signal may end the process at once again.
        self.interrupt.state.store(IDLE, Ordering::SeqCst);
    }
}

/// The folder part of an output path (`a/b` of `a/b/index.html`), if any.
fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(dir, _)| dir)
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// The process id in a staging or old folder's name, when the name is one of ours.
fn ours(entry_name: &str, out_name: &str) -> Option<(&'static str, u32)> {
    ["staging", "old"].iter().find_map(|tag| {
        let pid = entry_name.strip_prefix(&format!(".{out_name}.{tag}-"))?;
        Some((*tag, pid.parse().ok()?))
    })
}

/// Whether another process with this id is running (on Linux; elsewhere none is assumed, so
/// leftovers are always cleaned).
fn other_process_running(pid: u32) -> bool {
    pid != std::process::id() && Path::new("/proc").join(pid.to_string()).is_dir()
}

/// Cleans up after builds that were killed (SIGKILL, power loss) before they could: removes
/// their staging folders and, when one was killed between the swap's two renames, puts the
/// previous output (moved aside as `.NAME.old-PID`) back in place. Folders of builds still
/// running are left alone. Returns what could not be removed, to be reported.
fn recover(out: &Path) -> Vec<String> {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Vec::new();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut stale: Vec<(&'static str, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let (tag, pid) = ours(&entry.file_name().to_string_lossy(), &name)?;
            (!other_process_running(pid)).then(|| (tag, entry.path()))
        })
        .collect();
    stale.sort();
    if !out.exists() {
        if let Some((_, old)) = stale.iter().find(|(tag, _)| *tag == "old") {
            let _ = std::fs::rename(old, out);
        }
    }
    let mut left = Vec::new();
    for (_, path) in stale {
        if path.exists() {
            if let Err(e) = std::fs::remove_dir_all(&path) {
                left.push(format!(
                    "a folder an earlier build left could not be removed ({e}): {}; remove it by \
                     hand",
                    path.display()
                ));
            }
        }
    }
    left
}

/// Whether `path` holds exactly `bytes` (the size is compared first, without reading). The file
/// is read a piece at a time: a big one (`data/meetings.json`, 60 MB at 10k meetings) is not
/// held twice.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let same_size =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if !same_size {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut piece = vec![0; (64 * 1024).min(bytes.len()).max(1)];
    let mut rest = bytes;
    loop {
        match file.read(&mut piece) {
            // The end: equal when every byte was matched (the file may have changed size).
            Ok(0) => return rest.is_empty(),
            Ok(n) => match rest.split_at_checked(n) {
                Some((head, tail)) if head == &piece[..n] => rest = tail,
                _ => return false,
            },
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Replaces `out` with `staging`: two renames, so readers see the old site or the new one.
/// Then removes the previous output; when it cannot be removed, says so (the new output is in
/// place, but the old one fills the disk beside it): `Ok(Some(why))`.
fn swap(staging: &Path, out: &Path) -> std::result::Result<Option<String>, String> {
    if out.exists() {
        let old = sibling(out, "old");
        std::fs::rename(out, &old)
            .map_err(|e| format!("cannot move the previous output aside: {e}; it is unchanged"))?;
        if let Err(e) = std::fs::rename(staging, out) {
            return Err(match std::fs::rename(&old, out) {
                Ok(()) => format!(
                    "cannot move the new output into place: {e}; the previous output is unchanged"
                ),
                Err(back) => format!(
                    "cannot move the new output into place ({e}) nor the previous one back \
                     ({back}); the previous output is in {}",
                    old.display()
                ),
            });
        }
        if let Err(e) = std::fs::remove_dir_all(&old) {
            return Ok(Some(format!(
                "the new output is in place, but the previous one could not be removed ({e}): \
                 it is left in {}; remove it by hand (the next build tries again)",
                old.display()
            )));
        }
    } else {
        std::fs::rename(staging, out)
            .map_err(|e| format!("cannot move the new output into place: {e}"))?;
    }
    Ok(None)
}

/// Takes an advisory lock on the folder that holds `out` (waiting while another build holds
/// it): two builds into one output then swap one after the other, where the second used to
/// find the output moved away under it. Where folders cannot be locked (a file system without
/// locks, a system that cannot open a folder as a file) the build goes on without.
fn lock_beside(out: &Path) -> Option<std::fs::File> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = std::fs::File::open(parent).ok()?;
    folder.lock().ok()?;
    Some(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::names_in;

    #[test]
    fn recovers_from_a_build_killed_between_the_two_renames() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        // A dead build's leftovers: the previous output moved aside, a half-written staging
        // folder; process id 0 is never a running build's.
        let old = dir.path().join(".public.old-0");
        std::fs::create_dir_all(&old).expect("mkdir");
        std::fs::write(old.join("index.html"), "previous").expect("write");
        std::fs::create_dir_all(dir.path().join(".public.staging-0/x")).expect("mkdir");
        recover(&out);
        assert_eq!(names_in(dir.path()), ["public"]);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("restored"),
            "previous"
        );
    }

    #[test]
    fn leaves_the_staging_folder_of_a_running_build_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        // Process 1 (init) is always running on Linux; elsewhere leftovers are always removed.
        let running = dir.path().join(".public.staging-1");
        std::fs::create_dir_all(&running).expect("mkdir");
        recover(&out);
        assert_eq!(running.exists(), Path::new("/proc/1").is_dir());
        // Our own id is never another build's: a folder with it is a leftover.
        let own = sibling(&out, "staging");
        std::fs::create_dir_all(&own).expect("mkdir");
        recover(&out);
        assert!(!own.exists());
    }
}
