//! Write stage: rendered [`OutputFile`]s → the output folder, atomically. Files are written to a
//! staging folder beside the output, which then replaces it in one rename; a failed build leaves
//! the previous output untouched, and stale staging folders from interrupted builds are removed.
//! A file whose bytes equal the previous build's is hard-linked from it instead of written:
//! unchanged files keep their inode and mtime, so `rsync`, deploy diffs and caches see only
//! what changed, and on slow disks the build writes less.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

fn is_ours(entry: &std::fs::DirEntry, out_name: &str) -> bool {
    let name = entry.file_name().to_string_lossy().into_owned();
    [".staging-", ".old-"]
        .iter()
        .any(|tag| name.starts_with(&format!(".{out_name}{tag}")))
}

/// Removes staging and old folders left by interrupted builds.
fn remove_stale(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy().into_owned();
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            if is_ours(&entry, &name) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Writes `files` as the new content of `out`.
pub fn write(files: &[OutputFile], out: &Path) -> Result<Written> {
    remove_stale(out);
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io("create the output's parent folder", parent, e))?;
    }
    let staging = sibling(out, "staging");
    let previous = out.is_dir().then_some(out);
    let result = write_all(files, &staging, previous)
        .and_then(|written| swap(&staging, out).map(|()| written));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Whether `path` holds exactly `bytes` (the size is compared first, without reading).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let same_size =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == bytes)
}

fn write_all(files: &[OutputFile], staging: &Path, previous: Option<&Path>) -> Result<Written> {
    std::fs::create_dir_all(staging)
        .map_err(|e| Error::io("create the staging folder", staging, e))?;
    // Folders first, each once, so the files can then be written in parallel.
    let dirs: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in dirs {
        let path = staging.join(dir);
        std::fs::create_dir_all(&path).map_err(|e| Error::io("create a folder", &path, e))?;
    }
    let linked: Vec<bool> = files
        .par_iter()
        .map(|file| {
            let path = staging.join(&file.path);
            if let Some(old) = previous.map(|p| p.join(&file.path)) {
                if holds(&old, &file.bytes) && std::fs::hard_link(&old, &path).is_ok() {
                    return Ok(true);
                }
            }
            std::fs::write(&path, &file.bytes).map_err(|e| Error::io("write", &path, e))?;
            Ok(false)
        })
        .collect::<Result<_>>()?;
    let unchanged = linked.iter().filter(|l| **l).count();
    Ok(Written {
        written: files.len() - unchanged,
        unchanged,
    })
}

/// Replaces `out` with `staging`: two renames, so readers see the old site or the new one.
fn swap(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let old = sibling(out, "old");
        std::fs::rename(out, &old)
            .map_err(|e| Error::io("move the previous output aside", out, e))?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(&old, out);
            return Err(Error::io("move the new output into place", out, e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(staging, out)
            .map_err(|e| Error::io("move the new output into place", out, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
