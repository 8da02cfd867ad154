//! Where a build may write: [`check_place`] refuses an output folder whose replacement would
//! destroy something, before anything is rendered or written.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

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

#[cfg(test)]
mod tests {
    use super::*;

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
