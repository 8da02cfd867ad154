//! Output that cannot be written: the build stops (exit 1), says what it could not write, and
//! the previous output is byte-identical with nothing left beside it.

use super::{running_as_root, unprivileged_build, Site};
use std::os::unix::fs::PermissionsExt;

#[test]
fn an_output_folder_that_is_not_writable_keeps_the_previous_output() {
    // The staging folder goes beside the output, so it is the site folder that must refuse
    // writes. As root (CI) permission bits are not enforced: the build runs as `nobody`.
    let site = Site::new();
    let cmd = unprivileged_build(&site);
    if !running_as_root() {
        std::fs::set_permissions(site.root(), std::fs::Permissions::from_mode(0o555))
            .expect("chmod");
    }
    let text = site.fails_with(cmd);
    std::fs::set_permissions(site.root(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    snapshot!(text);
}

#[test]
fn a_disk_that_fills_up_keeps_the_previous_output() {
    // A full disk, simulated without privileges: a 4 KB file-size limit (`ulimit -f 8`, in
    // 512-byte blocks) makes the first larger write fail partway, as ENOSPC would; SIGXFSZ is
    // ignored so the write returns the error instead of killing the process.
    let site = Site::new();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -f 8 && trap '' XFSZ && exec \"$0\" build --no-search")
        .arg(env!("CARGO_BIN_EXE_wgsite"))
        .current_dir(site.root())
        .env("NO_COLOR", "1");
    snapshot!(site.fails_with(cmd));
}

#[test]
fn an_output_folder_that_is_the_content_folder_is_refused() {
    // Replacing the output as a whole would have swapped the minutes away.
    let site = Site::with_config("title = \"Bad input\"\noutput_dir = \"content\"\n");
    snapshot!(site.fails());
    assert_eq!(
        std::fs::read_to_string(site.path("content/2024-01-01.md")).expect("kept"),
        super::GOOD
    );
}

#[test]
fn an_output_folder_wgsite_did_not_build_is_left_alone() {
    let site = Site::new();
    site.write("notes/todo.txt", "mine\n");
    let mut cmd = site.command();
    cmd.args(["--output", "notes"]);
    snapshot!(site.fails_with(cmd));
    assert_eq!(
        std::fs::read_to_string(site.path("notes/todo.txt")).expect("kept"),
        "mine\n"
    );
}

#[test]
fn references_shaped_like_paths_write_nothing_outside_the_output() {
    // Whatever the reader makes of these references (not references, or pages the output layer
    // refuses), nothing may be written anywhere but in the output folder. The output sits two
    // folders down so that an escape would land where it is seen.
    let site = Site::new();
    site.write(
        "content/2024-02-01.md",
        "# Meeting 2024-02-01\n\n## Agenda\n\n\
         * x [#1](https://github.com/../../issues/1)\n\
         * y ../..#4 and a/..#13 and a/.git#5\n\n\
         ### ../..\n\n* z #1\n",
    );
    let out = site
        .command()
        .args(["--output", "nest/deeper/public"])
        .output()
        .expect("run wgsite");
    let text = site.stderr(&out);
    assert!(!text.contains("panicked"), "{text}");
    let mut top: Vec<String> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["content", "nest", "public", "site.toml"], "{text}");
    for (folder, inside) in [("nest", "deeper"), ("nest/deeper", "public")] {
        let names: Vec<String> = std::fs::read_dir(site.path(folder))
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        // The output itself is there only when the build wrote it.
        assert!(
            names.iter().all(|n| n == inside),
            "in {folder}: {names:?}; {text}"
        );
    }
    // Nothing above the issue pages either: `issues/13/` is not a page wgsite makes.
    assert!(
        !site.path("nest/deeper/public/issues/13").exists(),
        "{text}"
    );
    assert!(!site.path("nest/deeper/public/1").exists(), "{text}");
    // Refused pages are named; a build that took the references as text warns instead.
    assert!(
        out.status.success() || text.contains("refused to write this page"),
        "{text}"
    );
}

/// What `path` is now, as `stat` would say it (a link is not followed).
fn kind(path: &std::path::Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    match std::fs::symlink_metadata(path).map(|m| m.file_type()) {
        Ok(t) if t.is_symlink() => "link",
        Ok(t) if t.is_dir() => "folder",
        Ok(t) if t.is_fifo() => "fifo",
        Ok(t) if t.is_socket() => "socket",
        Ok(t) if t.is_char_device() => "char device",
        Ok(t) if t.is_file() => "file",
        Ok(_) => "other",
        Err(_) => "missing",
    }
}

#[test]
fn an_output_that_is_a_pipe_a_socket_or_a_file_is_refused_and_left_as_it_is() {
    let site = Site::new();
    let made = std::process::Command::new("mkfifo")
        .arg(site.path("pipe"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let _socket =
        std::os::unix::net::UnixListener::bind(site.path("socket")).expect("bind a socket");
    site.write("notes.txt", "mine\n");
    let mut said = Vec::new();
    for (name, was) in [
        ("pipe", "fifo"),
        ("socket", "socket"),
        ("notes.txt", "file"),
    ] {
        let mut cmd = site.command();
        cmd.args(["--output", name]);
        said.push(site.fails_with(cmd));
        assert_eq!(kind(&site.path(name)), was, "{name} was replaced");
        let beside: Vec<String> = std::fs::read_dir(site.root())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!(".{name}")))
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
    }
    assert_eq!(
        std::fs::read_to_string(site.path("notes.txt")).expect("kept"),
        "mine\n"
    );
    snapshot!(said.join("\n"));
}

#[test]
fn a_device_as_the_output_is_refused_and_stays_a_device() {
    // Run as `nobody` when the tests run as root, so that even a build that did not refuse it
    // could not move the system's /dev/null aside.
    let site = Site::new();
    let mut cmd = unprivileged_build(&site);
    cmd.args(["--output", "/dev/null"]);
    let text = site.fails_with(cmd);
    assert_eq!(kind(std::path::Path::new("/dev/null")), "char device");
    assert_eq!(
        text,
        "/dev/null: error: this is a device, not a folder; it is left as it is: choose another \
         output folder"
    );
}

#[test]
fn an_output_inside_the_content_or_static_folder_is_refused() {
    let site = Site::new();
    let mut said = Vec::new();
    for out in ["content/site", "static/site", "templates/x"] {
        let mut cmd = site.command();
        cmd.args(["--output", out]);
        said.push(site.fails_with(cmd));
        assert!(!site.path(out).exists(), "{out}");
    }
    snapshot!(said.join("\n"));
}

#[test]
fn a_content_folder_at_the_site_root_builds_and_never_reads_the_output() {
    // `wgsite init` writes `content_dir = "."` for repositories whose minutes sit at the top.
    let site = Site::with_config("title = \"Bad input\"\nrepo = \"o/r\"\ncontent_dir = \".\"\n");
    site.write("2024-01-01.md", super::GOOD);
    site.remove("content/2024-01-01.md");
    // Minutes-shaped files in the previous output: read, they would become meetings.
    site.write(
        "public/2023-05-05.md",
        "# Meeting 2023-05-05\n\n* planted\n",
    );
    site.write(
        "public/notes/2023-06-06.md",
        "# Meeting 2023-06-06\n\n* planted\n",
    );
    let out = site.command().output().expect("run wgsite");
    let text = site.stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(site.path("public/meetings/2024-01-01/index.html").is_file());
    let pages: Vec<String> = std::fs::read_dir(site.path("public/meetings"))
        .expect("meetings")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pages.iter().filter(|p| p.starts_with("2024")).count(), 1);
    assert!(!pages.iter().any(|p| p.starts_with("2023")), "{pages:?}");
    assert!(text.starts_with("built 1 meeting"), "{text}");
}

#[test]
fn a_linked_output_folder_is_written_through_its_link() {
    // GitHub Pages set-ups link `public` to the folder they publish (`public -> ../deploy`):
    // the build replaces what the link leads to, and the link stays.
    let site = Site::new();
    std::fs::rename(site.path("public"), site.path("deploy")).expect("move");
    std::os::unix::fs::symlink("deploy", site.path("public")).expect("link");
    for round in 0..2 {
        let out = site.command().output().expect("run wgsite");
        let text = site.stderr(&out);
        assert_eq!(out.status.code(), Some(0), "round {round}: {text}");
        assert_eq!(kind(&site.path("public")), "link");
        assert_eq!(kind(&site.path("deploy")), "folder");
        assert!(site.path("deploy/meetings/2024-01-01/index.html").is_file());
        assert!(!site.path("deploy/meetings/2023-01-01").exists());
        let mut names: Vec<String> = std::fs::read_dir(site.root())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["content", "deploy", "public", "site.toml"],
            "{text}"
        );
    }
    // A link to a folder wgsite did not build is refused like the folder.
    site.write("mine/todo.txt", "mine\n");
    std::fs::remove_file(site.path("public")).expect("unlink");
    std::os::unix::fs::symlink("mine", site.path("public")).expect("link");
    let out = site.command().output().expect("run wgsite");
    let text = site.stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("(where this link leads: "), "{text}");
    assert_eq!(
        std::fs::read_to_string(site.path("mine/todo.txt")).expect("kept"),
        "mine\n"
    );
}

#[test]
fn a_previous_output_that_cannot_be_removed_is_reported() {
    // The previous output holds a folder its files cannot be deleted from: as root (CI) the
    // build runs as `nobody`, who may replace the output (the site folder is open to all) but
    // not delete root's files inside it; otherwise that folder is made read-only.
    let site = Site::new();
    let cmd = unprivileged_build(&site);
    let locked = site.path("public/meetings");
    if running_as_root() {
        std::fs::set_permissions(site.root(), std::fs::Permissions::from_mode(0o777))
            .expect("chmod");
    } else {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    }
    let mut cmd = cmd;
    let out = cmd.output().expect("run wgsite");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).ok();
    let text = site.stderr(&out);
    let left: Vec<String> = site.leftovers();
    // Let the temporary folder be removed.
    for old in &left {
        let _ = std::fs::set_permissions(
            site.path(old).join("meetings"),
            std::fs::Permissions::from_mode(0o755),
        );
    }
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(site.path("public/meetings/2024-01-01/index.html").is_file());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        text.contains(
            "warning: the new output is in place, but the previous one could not be removed"
        ) && text.contains(&left[0]),
        "{text}"
    );
}

#[test]
fn two_builds_at_once_into_one_output_both_succeed() {
    let site = Site::new();
    for round in 0..4 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                site.command()
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("run wgsite")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                site.stderr(&out)
            );
        }
        assert!(site.path("public/meetings/2024-01-01/index.html").is_file());
        assert_eq!(site.leftovers(), Vec::<String>::new());
    }
}
