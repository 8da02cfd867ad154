//! The diagnostics step of reading a site: what the whole archive shows once linked (two
//! files on one date; for `check`, issues discussed often that belong to no initiative), and
//! every diagnostic reading made, gathered in one sorted list.

use super::Parsed;
use crate::archive::{Archive, Issue, Meeting};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Date, DateSource};
use crate::paths;
use std::collections::{BTreeMap, HashMap};

/// Everything reading the site said, sorted: walking the content folder (`walk`), loading and
/// parsing each file (`parsed`), and the archive-wide checks on the linked `archive`, with the
/// hints `check` adds when `check` is set.
pub fn diagnostics(
    walk: &[Diagnostic],
    parsed: &BTreeMap<String, Parsed>,
    archive: &Archive,
    config: &Config,
    check: bool,
) -> Vec<Diagnostic> {
    let mut out = walk.to_vec();
    let redated = redated_by_path(archive, &config.content_dir);
    out.extend(
        parsed
            .values()
            .flat_map(|(_, diags)| diags.iter())
            .map(|d| match redated.get(d.path.as_str()) {
                Some(r) if d.code == "date-mismatch" => copied_title(d, r),
                _ => d.clone(),
            }),
    );
    out.extend(same_date_warnings(archive, &config.content_dir));
    if check {
        out.extend(initiative_hints(archive));
        out.extend(super::people::duplicate_hints(archive));
    }
    out.sort();
    out
}

/// The meetings that kept their file name's date, by the path diagnostics show.
fn redated_by_path<'a>(
    archive: &'a Archive,
    prefix: &str,
) -> HashMap<String, &'a crate::archive::Redated> {
    archive
        .redated
        .iter()
        .map(|r| {
            let shown = match prefix {
                "" => r.source.clone(),
                p => format!("{p}/{}", r.source),
            };
            (shown, r)
        })
        .collect()
}

/// The title-against-file-name warning of a meeting whose title's date was another file's: it
/// says the file name's date was kept, and why.
fn copied_title(d: &Diagnostic, r: &crate::archive::Redated) -> Diagnostic {
    let mut copied = d.clone();
    copied.message = format!(
        "the title says {} but the file name says {}; {} is already the date of {}, so the \
         title looks copied: using {} (choose with `[dates] {:?} = \"…\"` in site.toml)",
        r.title_date, r.name_date, r.title_date, r.taken_by, r.name_date, r.source
    );
    copied
}

/// How many meetings make an issue worth an initiative.
pub const INITIATIVE_HINT_MEETINGS: usize = 5;

/// Warnings for files that resolve to the date of an earlier file: both are published (the
/// second as `YYYY-MM-DD-2`), which is right for two meetings on one day and wrong for a copy or
/// a mistyped date, so the note-taker is told. `prefix` is the content folder as shown.
pub fn same_date_warnings(archive: &Archive, prefix: &str) -> Vec<Diagnostic> {
    let shown = |source: &str| match prefix {
        "" => source.to_string(),
        p => format!("{p}/{source}"),
    };
    let mut first_of_day: HashMap<Date, &Meeting> = HashMap::new();
    let mut warnings = Vec::new();
    for meeting in &archive.meetings {
        let m = &meeting.minutes;
        let Some(first) = first_of_day.get(&m.date) else {
            first_of_day.insert(m.date, meeting);
            continue;
        };
        let from = match m.date_source {
            DateSource::Override => "site.toml's [dates]",
            DateSource::FrontMatter => "its front matter",
            DateSource::Title => "its title",
            DateSource::FileName => "its file name",
            DateSource::Folder => "its folder's name",
        };
        warnings.push(Diagnostic::warning(
            &shown(&m.source),
            0,
            0,
            "same-date",
            format!(
                "has the same date as {} ({}, from {from}); both are published, this one as \
                 {}. If they are one meeting, remove a file; if the date is wrong, fix it or set \
                 `[dates] {:?} = \"YYYY-MM-DD\"` in site.toml",
                shown(&first.minutes.source),
                m.date,
                paths::meeting(&meeting.id),
                m.source
            ),
        ));
    }
    warnings
}

/// Hints for `wgsite check`: issues discussed often that belong to no initiative.
pub fn initiative_hints(archive: &Archive) -> Vec<Diagnostic> {
    let mut often: Vec<&Issue> = archive
        .issues
        .values()
        .filter(|i| i.mentions.len() >= INITIATIVE_HINT_MEETINGS)
        .filter(|i| !archive.issue_initiatives.contains_key(&i.reference.key()))
        .collect();
    often.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.reference.cmp(&b.reference))
    });
    if often.is_empty() {
        return Vec::new();
    }
    // One line, however many: a large archive has dozens, and the list drowned the rest.
    let top: Vec<String> = often
        .iter()
        .take(INITIATIVE_HINT_SHOWN)
        .map(|i| {
            format!(
                "{} \"{}\" ({})",
                i.reference.key(),
                i.title(),
                i.mentions.len()
            )
        })
        .collect();
    let more = often.len().saturating_sub(INITIATIVE_HINT_SHOWN);
    let (issues, belong, them) = match often.len() {
        1 => ("1 issue was".to_string(), "belongs", "it"),
        n => (format!("{n} issues were"), "belong", "them"),
    };
    vec![Diagnostic::note(
        crate::config::CONFIG_FILE,
        "initiative-hint",
        format!(
            "{issues} discussed in {INITIATIVE_HINT_MEETINGS} or more meetings but {belong} to \
             no initiative; consider listing {them} in [[initiatives]] entries. Most discussed \
             (meetings): {}{}",
            top.join(", "),
            match more {
                0 => String::new(),
                n => format!(", and {n} more"),
            }
        ),
    )]
}

/// How many issues the initiative hint names.
const INITIATIVE_HINT_SHOWN: usize = 10;
