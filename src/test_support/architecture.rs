//! The crate's shape, checked by reading its source: each stage uses only the stages before
//! it, and each file keeps its unit tests at its bottom.

use super::{compiled_code, compiled_sources};
use std::collections::BTreeSet;

/// The crate's top-level modules from the first stage to the last. A module uses modules of
/// earlier layers only, or of its own layer where the layer says so (the modules that read the
/// configuration and the minutes call each other, and so do the link stage's two). `lib.rs`
/// and `main.rs` call them all.
const LAYERS: &[(&[&str], bool)] = &[
    // Values: a diagnostic first, as errors carry diagnostics.
    (&["diag"], false),
    (&["error", "find", "model", "highlight", "safe_url"], false),
    // The writer that every file is handed to.
    (&["output"], false),
    // config → load → parse.
    (
        &[
            "config", "groups", "schedule", "source", "minutes", "markdown",
        ],
        true,
    ),
    // link.
    (&["archive", "actions"], true),
    // The URL scheme: needs only the linked archive's keys.
    (&["paths"], false),
    // load → parse → link → diagnostics, for every command.
    (&["reading"], false),
    // What is made from the archive besides the pages: none calls another.
    (
        &["feed", "calendar", "export", "search", "site_files"],
        false,
    ),
    (&["render"], false),
    (&["linkcheck"], false),
    // Pages, site-wide files and the search index into one sink.
    (&["assembly"], false),
    // serve's session, then the commands.
    (&["incremental"], false),
    (&["serve", "init", "cli", "fuzzing"], false),
];

/// The crate's top-level modules that `code` names (`crate::render::…`, `use crate::{a, b}`).
fn modules_used(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let name = |s: &str| -> String {
        s.trim()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            // `use crate::{a::b, c::{d, e}}`: every first name in the group.
            Some(group) => {
                let mut depth = 1usize;
                let end = group
                    .char_indices()
                    .find(|&(_, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .map_or(group.len(), |(i, _)| i);
                out.extend(split_top_level(&group[..end]).into_iter().map(name));
            }
            None => {
                out.insert(name(rest));
            }
        }
    }
    out.remove("");
    out
}

/// `a::b, c::{d, e}, f` split at the commas outside braces.
fn split_top_level(group: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0usize, 0usize);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&group[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&group[from..]);
    parts
}

/// The layer of `module` and whether that layer's modules may use each other.
fn layer_of(module: &str) -> Option<(usize, bool)> {
    LAYERS
        .iter()
        .enumerate()
        .find(|(_, (modules, _))| modules.contains(&module))
        .map(|(i, (_, shared))| (i, *shared))
}

/// The stage-order breaches in `file` (a path under `src/`) whose code is `code`.
fn breaches(file: &str, code: &str) -> Vec<String> {
    let module = file
        .split('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".rs");
    if module == "lib" || module == "main" {
        return Vec::new();
    }
    let Some((layer, shared)) = layer_of(module) else {
        return vec![format!(
            "{file}: `{module}` is in no layer: place it in LAYERS"
        )];
    };
    modules_used(code)
        .into_iter()
        .filter(|used| used != module)
        .filter_map(|used| {
            let (other, _) = layer_of(&used)?;
            let fine = other < layer || (other == layer && shared);
            (!fine).then(|| format!("{file}: `{module}` uses `{used}`, a later stage or a peer"))
        })
        .collect()
}

#[test]
fn each_stage_uses_only_the_stages_before_it() {
    let sources = compiled_sources();
    assert!(sources.len() > 50, "the source files were not found");
    let found: Vec<String> = sources
        .iter()
        .flat_map(|(file, code)| breaches(file, code))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_stage_check_sees_a_use_of_a_later_stage() {
    let code = compiled_code(
        "use crate::{model::Date, render::{self, Theme}};\n// crate::assembly in a comment\n\
         fn f() { crate::paths::meeting(\"x\"); }\n",
    );
    assert_eq!(
        modules_used(&code).into_iter().collect::<Vec<_>>(),
        ["model", "paths", "render"]
    );
    assert_eq!(breaches("export/mod.rs", &code).len(), 1);
    assert!(breaches("assembly.rs", &code).is_empty());
    assert_eq!(
        breaches("feed.rs", "crate::export::file()"),
        ["feed.rs: `feed` uses `export`, a later stage or a peer"]
    );
    assert_eq!(breaches("new.rs", "").len(), 1, "an unplaced module");
}

#[test]
fn unit_tests_sit_at_the_bottom_of_their_file() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut misplaced = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("entry");
        let path = entry.path();
        let rel = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy();
        // Files of tests only.
        if path.extension().is_none_or(|e| e != "rs")
            || rel.ends_with("tests.rs")
            || rel.starts_with("test_support")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        if !tests_at_bottom(&text) {
            misplaced.push(rel.into_owned());
        }
    }
    assert!(misplaced.is_empty(), "{misplaced:?}");
}

/// Whether `text` (a file's source) has no test module, or one, named `tests`, after
/// everything else: inline (nothing but its closing brace follows at the left margin), or in
/// its folder's `tests.rs` (its declaration is the last line).
fn tests_at_bottom(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let modules: Vec<usize> = (1..lines.len())
        .filter(|&i| lines[i].starts_with("mod ") && lines[i - 1].starts_with("#[cfg("))
        .collect();
    let [at] = modules[..] else {
        return modules.is_empty();
    };
    let after = &lines[at + 1..];
    let last = after.iter().rev().find(|l| !l.trim().is_empty());
    match lines[at] {
        "mod tests;" => last.is_none(),
        "mod tests {" => {
            let items = [
                "pub ", "fn ", "struct ", "enum ", "impl", "mod ", "use ", "#[", "//",
            ];
            let top_level = after
                .iter()
                .filter(|l| items.iter().any(|item| l.starts_with(item)));
            top_level.count() == 0 && last == Some(&"}")
        }
        _ => false,
    }
}

#[test]
fn the_bottom_check_sees_code_after_the_tests() {
    assert!(tests_at_bottom(
        "fn a() {}\n\n#[cfg(test)]\nmod tests {\n    fn t() {}\n}\n"
    ));
    assert!(tests_at_bottom(
        "fn a() {}\n\n#[cfg(all(test, unix))]\nmod tests {\n}\n"
    ));
    assert!(tests_at_bottom("fn a() {}\n\n#[cfg(test)]\nmod tests;\n"));
    assert!(tests_at_bottom("fn a() {}\n"));
    assert!(!tests_at_bottom("#[cfg(test)]\nmod tests;\n\nfn a() {}\n"));
    assert!(!tests_at_bottom(
        "#[cfg(test)]\nmod tests {\n}\n\nfn a() {}\n"
    ));
    assert!(!tests_at_bottom(
        "fn a() {}\n#[cfg(test)]\nmod org_tests;\n"
    ));
    assert!(!tests_at_bottom(
        "#[cfg(test)]\nmod a;\n#[cfg(test)]\nmod tests;\n"
    ));
}
