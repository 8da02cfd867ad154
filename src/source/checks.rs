//! What the walk and the reader refuse, and how they say it: symbolic links (where they lead),
//! files that are not regular files, folders named like minutes files, oversized files.

use std::fs::FileType;
use std::path::{Path, PathBuf};

/// The largest minutes file read. Real minutes are a few kilobytes (the largest of the 215
/// real files kept for the tests is 13 KB); a bigger file is a log or an export saved under a minutes name, and
/// reading it whole would cost memory and build time out of all proportion.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Why a file is too large to read, if it is.
pub fn too_large(len: u64) -> Option<String> {
    (len > MAX_FILE_BYTES).then(|| {
        format!(
            "skipped: {} is more than a minutes file can be ({}); is it a log or an export saved \
             under a minutes name?",
            megabytes(len),
            megabytes(MAX_FILE_BYTES)
        )
    })
}

fn megabytes(len: u64) -> String {
    // Tenths of a megabyte, in integers so no float rounding differs between machines.
    let tenths = (len * 10 + 512 * 1024) / (1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// The kind of a file that is neither a regular file, a folder nor a link (reading a FIFO
/// would wait forever; a device never ends).
#[cfg(unix)]
pub fn special_kind(file_type: &FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_block_device() || file_type.is_char_device() {
        Some("a device")
    } else {
        None
    }
}

#[cfg(not(unix))]
pub fn special_kind(_: &FileType) -> Option<&'static str> {
    None
}

/// Why a symbolic link in the content folder is skipped: where it leads, as written in the link.
pub fn describe_link(link: &Path, content_dir: &Path) -> String {
    let written = std::fs::read_link(link)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".into());
    let why = match resolve(link) {
        Resolved::Loop => "it loops".to_string(),
        Resolved::Missing => "it leads nowhere (its target does not exist)".to_string(),
        Resolved::To(target) => {
            let inside = content_dir
                .canonicalize()
                .is_ok_and(|dir| target.starts_with(dir));
            match inside {
                true => {
                    "its target is in the content folder and is read under its own name".to_string()
                }
                false => "it leads outside the content folder, which is never published".into(),
            }
        }
    };
    format!("skipped: a symbolic link (to `{written}`); links are not followed and {why}")
}

enum Resolved {
    Loop,
    Missing,
    To(PathBuf),
}

/// Follows a chain of links by hand (as the OS would, up to 40 hops), so a loop is told apart
/// from a missing target without relying on platform error codes.
fn resolve(link: &Path) -> Resolved {
    let mut current = link.to_path_buf();
    let mut seen = Vec::new();
    for _ in 0..40 {
        let Ok(meta) = std::fs::symlink_metadata(&current) else {
            return Resolved::Missing;
        };
        if !meta.file_type().is_symlink() {
            return match current.canonicalize() {
                Ok(c) => Resolved::To(c),
                Err(_) => Resolved::Missing,
            };
        }
        if seen.contains(&current) {
            return Resolved::Loop;
        }
        let Ok(target) = std::fs::read_link(&current) else {
            return Resolved::Missing;
        };
        seen.push(current.clone());
        current = match current.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    Resolved::Loop
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn sizes_are_told_in_megabytes() {
        assert_eq!(too_large(MAX_FILE_BYTES), None);
        let message = too_large(20 * 1024 * 1024).unwrap_or_default();
        assert!(
            message.starts_with("skipped: 20.0 MB is more than a minutes file can be (10.0 MB)")
        );
    }

    #[test]
    fn links_are_described_by_where_they_lead() {
        let dir = tempfile::tempdir().expect("tempdir");
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).expect("mkdir");
        std::fs::write(dir.path().join("secret.md"), "x").expect("write");
        std::fs::write(content.join("a.md"), "x").expect("write");
        symlink("../secret.md", content.join("out.md")).expect("link");
        symlink("a.md", content.join("in.md")).expect("link");
        symlink("loop2", content.join("loop1")).expect("link");
        symlink("loop1", content.join("loop2")).expect("link");
        symlink("nothing", content.join("dangling.md")).expect("link");
        let d = |name: &str| describe_link(&content.join(name), &content);
        assert!(
            d("out.md").contains("(to `../secret.md`)"),
            "{}",
            d("out.md")
        );
        assert!(
            d("out.md").ends_with("it leads outside the content folder, which is never published")
        );
        assert!(d("in.md").ends_with("is read under its own name"));
        assert!(d("loop1").ends_with("it loops"));
        assert!(d("dangling.md").contains("leads nowhere"));
    }
}
