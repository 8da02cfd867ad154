//! Write stage: rendered [`OutputFile`]s → the output folder, atomically. Files are written to a
//! staging folder beside the output, which then replaces it in one rename; a failed build leaves
//! the previous output untouched, and stale staging folders from interrupted builds are removed.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

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
pub fn write(files: &[OutputFile], out: &Path) -> Result<()> {
    remove_stale(out);
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io("create the output's parent folder", parent, e))?;
    }
    let staging = sibling(out, "staging");
    let result = write_all(files, &staging).and_then(|()| swap(&staging, out));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(files: &[OutputFile], staging: &Path) -> Result<()> {
    std::fs::create_dir_all(staging)
        .map_err(|e| Error::io("create the staging folder", staging, e))?;
    for file in files {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create a folder", dir, e))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
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
