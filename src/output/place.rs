//! Where a build may write: [`check_place`] refuses an output folder whose replacement would
//! destroy something, before anything is rendered or written, and [`target`] says where a
//! symbolic link given as the output leads (a build writes into its target).
//!
//! The rules, in order: the output is followed through symbolic links to the folder it names;
//! that folder may be missing (the first build), an empty folder, or a folder with the
//! [`MARKER`] a previous build wrote — anything else (a file, a named pipe, a socket, a device,
//! a folder wgsite did not write) is refused and left as it is. It may not be, hold, or sit
//! inside a folder the site is read from (the content folder, each group's folder,
//! `templates/`, `static/`, `themes/`); it may sit inside the site folder, and so inside a
//! content folder that is the site folder itself (`content_dir = "."`), whose walk skips it.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// The file every build writes at the top of the output (GitHub Pages reads it), and so what
/// marks a folder as one wgsite may replace.
pub const MARKER: &str = ".nojekyll";

/// How many symbolic links in a row [`target`] follows before it calls it a loop (Linux's own
/// limit).
const MAX_LINKS: usize = 40;

/// What the site is read from, for [`check_place`].
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// The site folder (holding `site.toml`): the output may sit inside it.
    pub site: PathBuf,
    /// The folders the site is read from, each with what it is ("the content folder"): the
    /// output may not be one, hold one, or sit inside one — unless that folder is (or holds)
    /// the site folder, as a content folder at the site's root is.
    pub read_from: Vec<(&'a str, PathBuf)>,
}

/// The folder a build writes for the output `out`: `out` itself, or, when `out` is a symbolic
/// link (`public -> ../deploy`, as GitHub Pages set-ups have), the folder the link leads to,
/// followed link by link (a link to a missing folder leads to that folder: the first build
/// makes it). The link itself is never replaced. A loop of links is an error.
pub fn target(out: &Path) -> Result<PathBuf> {
    let mut path = out.to_path_buf();
    for _ in 0..MAX_LINKS {
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(path);
        }
        let to = std::fs::read_link(&path).map_err(|e| Error::Output {
            out: out.to_path_buf(),
            message: format!("cannot read where this symbolic link leads: {e}"),
        })?;
        path = match path.parent() {
            Some(parent) if to.is_relative() => parent.join(to),
            _ => to,
        };
    }
    Err(Error::Output {
        out: out.to_path_buf(),
        message: format!(
            "this symbolic link leads through more than {MAX_LINKS} links (a loop?); point it at \
             a folder, or choose another output folder"
        ),
    })
}

/// Refuses an output folder whose replacement would destroy something (the rules are in the
/// module's comment). A typo in `--output` must not swap away someone's home folder, a pipe
/// or a device; an output inside `static/` would be copied into itself on every build.
pub fn check_place(out: &Path, sources: &Sources) -> Result<()> {
    let refuse = |message: String| {
        Err(Error::Output {
            out: out.to_path_buf(),
            message,
        })
    };
    let folder = target(out)?;
    let via = if folder == out {
        String::new()
    } else {
        format!(" (where this link leads: {})", folder.display())
    };
    let full = absolute(&folder);
    let site = absolute(&sources.site);
    let site_entry = ("the site folder", sources.site.clone());
    for (what, path) in std::iter::once(&site_entry).chain(&sources.read_from) {
        let path = absolute(path);
        if path.starts_with(&full) {
            let holds = if path == full { "" } else { " or holds it" };
            return refuse(format!(
                "this is {what}{holds}{via}; a build replaces its output folder as a whole, so \
                 choose another (`output_dir` in site.toml, or --output)"
            ));
        }
        // Inside the site folder is where outputs go; inside a folder the site is read from
        // only when that folder is (or holds) the site folder, whose walk skips the output.
        if full.starts_with(&path) && !site.starts_with(&path) {
            return refuse(format!(
                "this is inside {what}{via}, which the site is read from: each build would read \
                 (or copy) the one before; choose a folder outside it (`output_dir` in \
                 site.toml, or --output)"
            ));
        }
    }
    match std::fs::symlink_metadata(&folder) {
        Ok(meta) if meta.is_dir() => {
            let empty = std::fs::read_dir(&folder).is_ok_and(|mut e| e.next().is_none());
            if empty || folder.join(MARKER).exists() {
                Ok(())
            } else {
                refuse(format!(
                    "this folder{via} is not empty and has no {MARKER}, so wgsite did not build \
                     it; a build replaces its output folder as a whole, so it leaves this one \
                     alone: remove it, or choose another output folder"
                ))
            }
        }
        Ok(meta) => refuse(format!(
            "this is {}{via}, not a folder; it is left as it is: choose another output folder",
            not_a_folder(&meta.file_type())
        )),
        // Missing: the first build makes it.
        Err(_) => Ok(()),
    }
}

/// What a thing that is not a folder (nor a link, which [`target`] followed) is, for messages.
#[cfg(unix)]
pub fn not_a_folder(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a file"
    }
}

#[cfg(not(unix))]
pub fn not_a_folder(_: &std::fs::FileType) -> &'static str {
    "a file"
}

/// `path` made absolute with `.` and `..` removed, and links resolved in the part that exists.
fn absolute(path: &Path) -> PathBuf {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for part in full.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
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

    /// A site folder with a content folder, `static/` and a group's folder at its root.
    fn site(dir: &Path, content: &str) -> Sources<'static> {
        let root = dir.join("site");
        std::fs::create_dir_all(&root).expect("mkdir");
        for sub in [content, "static", "wg/sec"] {
            std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        }
        Sources {
            site: root.clone(),
            read_from: vec![
                ("the content folder", root.join(content)),
                ("a group's folder", root.join(content).join("wg/sec")),
                ("the static folder", root.join("static")),
            ],
        }
    }

    fn refused(out: &Path, sources: &Sources) -> Option<String> {
        check_place(out, sources).err().map(|e| e.to_string())
    }

    #[test]
    fn refuses_to_replace_what_the_site_is_made_from_or_what_it_did_not_build() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sources = site(dir.path(), "content");
        let root = sources.site.clone();
        let content = root.join("content");
        let refused = |out: &Path| refused(out, &sources);
        assert!(refused(&content).is_some_and(|m| m.contains("this is the content folder;")));
        assert!(refused(&root).is_some_and(|m| m.contains("this is the site folder;")));
        assert!(refused(dir.path()).is_some_and(|m| m.contains("or holds it")));
        assert!(refused(&root.join("x/../content")).is_some());
        // Inside what the site is read from: it would be read (or copied) again.
        assert!(refused(&content.join("public"))
            .is_some_and(|m| m.contains("this is inside the content folder,")));
        assert!(refused(&root.join("static/site"))
            .is_some_and(|m| m.contains("inside the static folder")));
        // A new folder, an empty one and a previous build are fine.
        assert_eq!(refused(&root.join("public")), None);
        std::fs::create_dir_all(root.join("public")).expect("mkdir");
        assert_eq!(refused(&root.join("public")), None);
        std::fs::write(root.join("public/index.html"), "x").expect("write");
        assert!(refused(&root.join("public")).is_some_and(|m| m.contains("has no .nojekyll")));
        std::fs::write(root.join("public/.nojekyll"), "").expect("write");
        assert_eq!(refused(&root.join("public")), None);
        std::fs::write(root.join("notes"), "x").expect("write");
        assert!(refused(&root.join("notes")).is_some_and(|m| m.contains("this is a file,")));
    }

    #[test]
    fn a_content_folder_at_the_site_root_may_hold_the_output_but_not_its_groups() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sources = site(dir.path(), ".");
        let root = sources.site.clone();
        assert_eq!(refused(&root.join("public"), &sources), None);
        assert!(refused(&root.join("wg/sec/public"), &sources)
            .is_some_and(|m| m.contains("inside a group's folder")));
        assert!(refused(&root, &sources).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn pipes_sockets_and_devices_are_not_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sources = site(dir.path(), "content");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
        for (out, kind) in [
            (fifo.as_path(), "a named pipe (FIFO)"),
            (socket.as_path(), "a socket"),
            // Only looked at: nothing here writes.
            (Path::new("/dev/null"), "a device"),
        ] {
            let message = refused(out, &sources).expect("refused");
            assert!(
                message.contains(&format!("this is {kind}, not a folder")),
                "{message}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_leads_to_its_target_which_must_pass_the_same_rules() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sources = site(dir.path(), "content");
        let root = sources.site.clone();
        let link = root.join("public");
        std::os::unix::fs::symlink("../deploy", &link).expect("link");
        assert_eq!(target(&link).expect("target"), root.join("../deploy"));
        assert_eq!(
            refused(&link, &sources),
            None,
            "missing: the first build makes it"
        );
        std::fs::create_dir_all(dir.path().join("deploy/x")).expect("mkdir");
        assert!(refused(&link, &sources)
            .is_some_and(|m| m.contains("(where this link leads: ") && m.contains("no .nojekyll")));
        // A chain of links is followed; a loop is an error, not a hang.
        let chain = root.join("chain");
        std::os::unix::fs::symlink("public", &chain).expect("link");
        assert_eq!(target(&chain).expect("target"), root.join("../deploy"));
        std::os::unix::fs::symlink("loop", root.join("loop")).expect("link");
        assert!(target(&root.join("loop")).is_err_and(|e| e.to_string().contains("a loop?")));
        // A link into the content folder is refused like the folder itself.
        let sneaky = root.join("sneaky");
        std::os::unix::fs::symlink("content/out", &sneaky).expect("link");
        assert!(refused(&sneaky, &sources).is_some_and(|m| m.contains("inside the content")));
    }
}
