//! Running the Node scripts of `tests/browser/` (playwright-core driving headless Chromium):
//! what they need, and their JSON reports.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Why the browser test cannot run here, if it cannot: fails in CI, skips elsewhere.
pub fn missing_tools() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium, or set CHROMIUM)"
        ));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node is not installed".into());
    }
    for package in ["playwright-core", "axe-core"] {
        if !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules")
            .join(package)
            .is_dir()
        {
            return Some(format!(
                "tests/browser/node_modules/{package} is missing (npm ci --prefix tests/browser)"
            ));
        }
    }
    None
}

/// Runs a Node script of `tests/browser/` and parses its JSON report. When Chromium, Node or
/// the packages are missing it fails in CI (which installs them, see `.ci/run`) and returns
/// `None` with a message elsewhere.
pub fn run_browser_script(script: &str, args: &[&str]) -> Option<Value> {
    if let Some(why) = missing_tools() {
        super::requirements::unavailable(&why);
        return None;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let out = Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = serde_json::from_str(stdout.lines().last().unwrap_or("")).unwrap_or_else(|e| {
        panic!(
            "{script}: no JSON report ({e}); stdout: {stdout}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Some(report)
}
