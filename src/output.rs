//! Write stage: rendered [`OutputFile`]s → the output folder, atomically. Files are written to a
//! staging folder beside the output, which then replaces it (two renames); a failed build leaves
//! the previous output untouched, and stale staging folders from interrupted builds are removed.
//! A signal (see [`Interrupt`]) stops the write between files, never inside the swap. A file
//! whose bytes equal the previous build's is hard-linked from it instead of written: unchanged
//! files keep their inode and mtime, so `rsync`, deploy diffs and caches see only what changed,
//! and on slow disks the build writes less.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

/// What [`write`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files whose bytes were written (new or changed).
    pub written: usize,
    /// Files equal to the previous build's, linked from it.
    pub unchanged: usize,
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

/// How a build answers SIGINT/SIGTERM. The signal handler calls [`Interrupt::request`]: before
/// the write starts, nothing is on disk yet and the process may exit at once; while files are
/// written, the writer stops at the next file and removes its staging folder; during the two
/// renames of the swap the request waits, so the output is never left half-moved.
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

    fn stop_asked(&self) -> bool {
        self.state.load(Ordering::SeqCst) == STOP
    }
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
/// running are left alone.
fn recover(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
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
    for (_, path) in stale {
        if path.exists() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// The file every build writes at the top of the output (GitHub Pages reads it), and so what
/// marks a folder as one wgsite may replace.
pub const MARKER: &str = ".nojekyll";

/// Refuses an output folder whose replacement would destroy something: one that is (or holds)
/// a folder the site is made from (`protected`: what it is, where), an existing file, or a
/// non-empty folder without the [`MARKER`] of a previous build (a typo in `--output` must not
/// swap away someone's home folder).
pub fn check_place(out: &Path, protected: &[(&str, PathBuf)]) -> Result<()> {
    let refuse = |message: String| {
        Err(Error::Output {
            out: out.to_path_buf(),
            message,
        })
    };
    let target = absolute(out);
    for (what, path) in protected {
        let path = absolute(path);
        if path.starts_with(&target) {
            let holds = if path == target { "" } else { " or holds it" };
            return refuse(format!(
                "this is {what}{holds}; a build replaces its output folder as a whole, so \
                 choose another (`output_dir` in site.toml, or --output)"
            ));
        }
    }
    match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.is_file() => {
            refuse("this is a file, not a folder; remove it or choose another output folder".into())
        }
        Ok(meta) if meta.is_dir() => {
            let empty = std::fs::read_dir(out).is_ok_and(|mut e| e.next().is_none());
            if empty || out.join(MARKER).exists() {
                Ok(())
            } else {
                refuse(format!(
                    "this folder is not empty and has no {MARKER}, so wgsite did not build it; a \
                     build replaces its output folder as a whole, so it leaves this one alone: \
                     remove it, or choose another output folder"
                ))
            }
        }
        // Missing (the first build), or a link: replacing a link never touches its target.
        _ => Ok(()),
    }
}

/// `path` made absolute with `.` and `..` removed, and links resolved in the part that exists.
fn absolute(path: &Path) -> PathBuf {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for part in full.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let mut missing = Vec::new();
    while !clean.exists() {
        let Some(name) = clean.file_name().map(|n| n.to_os_string()) else {
            break;
        };
        missing.push(name);
        clean.pop();
    }
    let mut resolved = clean.canonicalize().unwrap_or(clean);
    resolved.extend(missing.iter().rev());
    resolved
}

/// Writes `files` as the new content of `out`.
pub fn write(files: &[OutputFile], out: &Path) -> Result<Written> {
    write_interruptible(files, out, &Interrupt::default())
}

/// Writes `files` as the new content of `out`, stopping cleanly when `interrupt` asks.
pub fn write_interruptible(
    files: &[OutputFile],
    out: &Path,
    interrupt: &Interrupt,
) -> Result<Written> {
    if !interrupt.step(IDLE, WRITING) {
        return Err(Error::Interrupted { written: false });
    }
    let result = write_and_swap(files, out, interrupt);
    // Back to idle; a stop asked during the swap is answered now that it is done.
    let late = interrupt.state.swap(IDLE, Ordering::SeqCst) == LATE;
    match result {
        Ok(_) if late => Err(Error::Interrupted { written: true }),
        other => other,
    }
}

fn write_and_swap(files: &[OutputFile], out: &Path, interrupt: &Interrupt) -> Result<Written> {
    recover(out);
    let failed = |message: String| Error::Output {
        out: out.to_path_buf(),
        message,
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| failed(format!("cannot create its parent folder: {e}")))?;
    }
    let staging = sibling(out, "staging");
    let previous = out.is_dir().then_some(out);
    let result = write_all(files, &staging, previous, interrupt).map_err(|e| match e {
        WriteError::Stopped => Error::Interrupted { written: false },
        WriteError::Io(what, e) => failed(format!(
            "cannot {what}: {e}; the previous output is unchanged"
        )),
    });
    let result = result.and_then(|written| match interrupt.step(WRITING, SWAPPING) {
        true => swap(&staging, out).map_err(failed).map(|()| written),
        false => Err(Error::Interrupted { written: false }),
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

enum WriteError {
    Stopped,
    /// What could not be done (paths relative to the output), and why.
    Io(String, std::io::Error),
}

/// Whether `path` holds exactly `bytes` (the size is compared first, without reading).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let same_size =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == bytes)
}

fn write_all(
    files: &[OutputFile],
    staging: &Path,
    previous: Option<&Path>,
    interrupt: &Interrupt,
) -> Result<Written, WriteError> {
    // A new folder, never one left by a killed build that had the same process id.
    std::fs::create_dir(staging)
        .map_err(|e| WriteError::Io("create a staging folder beside it".into(), e))?;
    // Folders first, each once, so the files can then be written in parallel.
    let dirs: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in dirs {
        std::fs::create_dir_all(staging.join(dir))
            .map_err(|e| WriteError::Io(format!("create the folder {dir}/"), e))?;
    }
    let linked: Vec<bool> = files
        .par_iter()
        .map(|file| {
            if interrupt.stop_asked() {
                return Err(WriteError::Stopped);
            }
            let path = staging.join(&file.path);
            if let Some(old) = previous.map(|p| p.join(&file.path)) {
                if holds(&old, &file.bytes) && std::fs::hard_link(&old, &path).is_ok() {
                    return Ok(true);
                }
            }
            std::fs::write(&path, &file.bytes)
                .map_err(|e| WriteError::Io(format!("write {}", file.path), e))?;
            Ok(false)
        })
        .collect::<Vec<Result<bool, WriteError>>>()
        .into_iter()
        // The first failure in the files' order, whichever thread met it first: the message
        // stays the same from one run to the next.
        .collect::<Result<_, WriteError>>()?;
    let unchanged = linked.iter().filter(|l| **l).count();
    Ok(Written {
        written: files.len() - unchanged,
        unchanged,
    })
}

/// Replaces `out` with `staging`: two renames, so readers see the old site or the new one.
fn swap(staging: &Path, out: &Path) -> std::result::Result<(), String> {
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
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(staging, out)
            .map_err(|e| format!("cannot move the new output into place: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_inode_and_mtime() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let first = [
            OutputFile::new("same/index.html", "same"),
            OutputFile::new("edited.txt", "before"),
        ];
        assert_eq!(write(&first, &out).expect("first").unchanged, 0);
        let meta = |p: &str| std::fs::metadata(out.join(p)).expect("meta");
        let (same, edited) = (meta("same/index.html"), meta("edited.txt"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = [
            OutputFile::new("same/index.html", "same"),
            OutputFile::new("edited.txt", "after!"),
            OutputFile::new("new.txt", "new"),
        ];
        let w = write(&second, &out).expect("second");
        assert_eq!((w.written, w.unchanged), (2, 1));
        let (same2, edited2) = (meta("same/index.html"), meta("edited.txt"));
        assert_eq!(same.ino(), same2.ino());
        assert_eq!(same.mtime_nsec(), same2.mtime_nsec());
        assert_ne!(edited.ino(), edited2.ino());
        assert_eq!(
            std::fs::read_to_string(out.join("edited.txt")).expect("read"),
            "after!"
        );
    }

    #[test]
    fn replaces_the_output_and_leaves_no_staging() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        write(&[OutputFile::new("a/index.html", "one")], &out).expect("first");
        write(&[OutputFile::new("b.txt", "two")], &out).expect("second");
        assert!(!out.join("a/index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("b.txt")).expect("b"),
            "two"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .filter(|e| e.file_name() != "public")
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        write(&[OutputFile::new("index.html", "old")], &out).expect("first");
        // A file and a folder of the same name cannot both be written.
        let bad = [
            OutputFile::new("x", "file"),
            OutputFile::new("x/y", "nested"),
        ];
        assert!(write(&bad, &out).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("kept"),
            "old"
        );
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_stop_asked_before_the_write_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let interrupt = Interrupt::default();
        assert!(interrupt.request(), "idle: the caller may exit at once");
        let result = write_interruptible(&[OutputFile::new("a", "b")], &out, &interrupt);
        assert!(matches!(result, Err(Error::Interrupted { written: false })));
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn a_stop_asked_while_writing_removes_the_staging_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        write(&[OutputFile::new("index.html", "old")], &out).expect("first");
        let interrupt = Interrupt::default();
        assert!(interrupt.step(IDLE, WRITING));
        assert!(!interrupt.request(), "writing: the writer stops by itself");
        let result = write_and_swap(&[OutputFile::new("a", "b")], &out, &interrupt);
        assert!(matches!(result, Err(Error::Interrupted { written: false })));
        assert!(
            !interrupt.step(WRITING, SWAPPING),
            "no swap once a stop is asked"
        );
        assert_eq!(names_in(dir.path()), ["public"]);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("kept"),
            "old"
        );
    }

    #[test]
    fn a_stop_asked_during_the_swap_waits_for_it() {
        let interrupt = Interrupt::default();
        assert!(interrupt.step(IDLE, WRITING));
        assert!(interrupt.step(WRITING, SWAPPING));
        assert!(!interrupt.request());
        assert_eq!(interrupt.state.load(Ordering::SeqCst), LATE);
    }

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

    #[test]
    fn refuses_to_replace_what_the_site_is_made_from_or_what_it_did_not_build() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        let content = root.join("content");
        std::fs::create_dir_all(&content).expect("mkdir");
        let protected = [
            ("the site folder", root.clone()),
            ("the content folder", content.clone()),
        ];
        let refused = |out: &Path| check_place(out, &protected).err().map(|e| e.to_string());
        assert!(refused(&content).is_some_and(|m| m.contains("this is the content folder;")));
        assert!(refused(&root).is_some_and(|m| m.contains("this is the site folder;")));
        assert!(refused(dir.path()).is_some_and(|m| m.contains("or holds it")));
        assert!(refused(&root.join("x/../content")).is_some());
        // A new folder, an empty one and a previous build are fine.
        assert_eq!(refused(&root.join("public")), None);
        std::fs::create_dir_all(root.join("public")).expect("mkdir");
        assert_eq!(refused(&root.join("public")), None);
        std::fs::write(root.join("public/index.html"), "x").expect("write");
        assert!(refused(&root.join("public")).is_some_and(|m| m.contains("has no .nojekyll")));
        std::fs::write(root.join("public/.nojekyll"), "").expect("write");
        assert_eq!(refused(&root.join("public")), None);
        std::fs::write(root.join("notes"), "x").expect("write");
        assert!(refused(&root.join("notes")).is_some_and(|m| m.contains("is a file")));
    }
}
