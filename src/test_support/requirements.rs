//! What a test needs from outside the clone (`../shared`, Chromium, curl) and what it does
//! without it: in CI (`CI` set to anything but `false`/`0`) a missing requirement fails the
//! test; elsewhere the test prints `skipped: …` where it can be seen and passes.
//!
//! Shared by the unit tests (as `crate::test_support::requirements`) and the integration tests
//! (included by path from `tests/common/mod.rs`), so it uses nothing but `std`.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether the tests run in CI, where every requirement must be met.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Reports that the running test cannot do its work here because of `why`: a failure in CI, a
/// visible `skipped: TEST: WHY` line elsewhere. The line goes straight to the process's standard
/// error, past the test harness's capture, so a plain `cargo test` shows it.
pub fn unavailable(why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    assert!(!in_ci(), "{test} cannot run in CI: {why}");
    let _ = writeln!(std::io::stderr().lock(), "skipped: {test}: {why}");
}

/// `../shared` beside the checkout (the real archives of `../shared/corpus/`), or `None` after
/// [`unavailable`] said why.
pub fn shared_dir() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if path.join("corpus").is_dir() {
        return Some(path);
    }
    unavailable(&format!(
        "needs the real archives in {}/corpus",
        path.display()
    ));
    None
}
