//! The parse step of reading a site: each minutes file, with the context of the group whose
//! folder holds it, → its [`Minutes`] and diagnostics, in parallel; a panic in the parser
//! becomes that file's error instead of the build's.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::groups;
use crate::minutes::ParseContext;
use crate::model::Minutes;
use crate::source::SourceFile;
use rayon::prelude::*;

/// Parses files in parallel, each guarded against panics and with the context of the group
/// whose folder holds it; results in the files' order. A file outside every group's folder is
/// not part of the site: no minutes, no diagnostics.
pub fn parse_all(files: &[SourceFile], config: &Config) -> Vec<(Option<Minutes>, Vec<Diagnostic>)> {
    let groups = groups::effective(config);
    let contexts: Vec<ParseContext> = groups
        .iter()
        .map(|g| ParseContext {
            group: &g.slug,
            repo: g.repo.clone(),
            aliases: &config.aliases,
            date_overrides: &config.dates,
        })
        .collect();
    files
        .par_iter()
        .map(
            |file| match groups::index_of(&groups, &file.rel_path).and_then(|i| contexts.get(i)) {
                Some(ctx) => parse_guarded(file, ctx),
                None => (None, Vec::new()),
            },
        )
        .collect()
}

/// Parses one file; a panic in the parser becomes that file's error instead of the build's.
/// Its diagnostics show the line they point at.
fn parse_guarded(file: &SourceFile, ctx: &ParseContext) -> (Option<Minutes>, Vec<Diagnostic>) {
    let (minutes, mut diags) = guarded(&file.display_path, || crate::minutes::parse(file, ctx));
    crate::diag::show_source_lines(&mut diags, &file.display_path, &file.text);
    (minutes, diags)
}

/// Runs one file's parse; a panic becomes an error naming the file and what went wrong.
fn guarded(
    path: &str,
    parse: impl FnOnce() -> (Option<Minutes>, Vec<Diagnostic>),
) -> (Option<Minutes>, Vec<Diagnostic>) {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)) {
        Ok(result) => result,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            (
                None,
                vec![Diagnostic::error(
                    path,
                    0,
                    0,
                    "internal",
                    format!(
                        "wgsite failed on this file ({why}); it was skipped. This is a bug: \
                         please report it with the file"
                    ),
                )],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;

    #[test]
    fn a_panic_in_one_files_parse_becomes_that_files_error() {
        let (minutes, diags) = guarded("content/x.md", || panic!("index out of bounds"));
        assert!(minutes.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].level, Level::Error);
        assert_eq!(
            diags[0].to_string(),
            "content/x.md: error: wgsite failed on this file (index out of bounds); it was \
             skipped. This is a bug: please report it with the file"
        );
        let (_, diags) = guarded("content/y.md", || panic!("{} of {}", 3, 2));
        assert!(
            diags[0].message.contains("(3 of 2)"),
            "{}",
            diags[0].message
        );
    }
}
