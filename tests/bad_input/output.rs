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
