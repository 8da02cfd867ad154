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
    site.write(
        "site.toml",
        "title = \"Bad input\"\nrepo = \"o/r\"\n\n[aliases]\n\"o/old\" = \"../..\"\n",
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
