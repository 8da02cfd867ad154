//! Parse stage: one normalised [`SourceFile`] → [`Minutes`] (date, title, links, attendees,
//! agenda items with their references and notes) plus diagnostics. Pure and thread-safe.

pub mod attendees;
pub mod date;
pub mod frontmatter;
pub mod lines;
pub mod links;
pub mod refs;
mod scan;

use crate::diag::Diagnostic;
use crate::model::{Date, DateSource, Minutes, Owner, RepoName};
use crate::source::SourceFile;
use std::collections::BTreeMap;

/// What the parser needs to know about the site: the group and how to resolve references.
#[derive(Debug, Clone)]
pub struct ParseContext<'a> {
    pub group: &'a str,
    /// The group's repo: bare `#N` outside a repo heading resolves here.
    pub repo: Option<(Owner, RepoName)>,
    pub aliases: &'a BTreeMap<String, (Owner, RepoName)>,
    /// `[dates]` from site.toml, keyed by path relative to the content folder.
    pub date_overrides: &'a BTreeMap<String, Date>,
}

/// Parses one minutes file. `None` when no date can be found (reported, and the file skipped).
pub fn parse(file: &SourceFile, ctx: &ParseContext) -> (Option<Minutes>, Vec<Diagnostic>) {
    let path = file.display_path.as_str();
    let (front, fm_lines, mut diags) = frontmatter::split(&file.text, path);
    let body: String = if fm_lines > 0 {
        file.text
            .lines()
            .skip(fm_lines)
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    } else {
        file.text.clone()
    };
    let body_lines: Vec<&str> = body.lines().collect();
    let scanned = scan::scan(&body_lines, fm_lines, ctx, path);
    diags.extend(scanned.diagnostics);
    diags.extend(links::refused(&body, path, fm_lines + 1));

    let front = front.unwrap_or_default();
    let title_from_heading = scanned
        .title
        .map(|(t, _)| lines::collapse_spaces(&lines::unescape(&t)));
    let title = front
        .title
        .clone()
        .or(title_from_heading)
        .filter(|t| !t.is_empty());

    let Some((date, date_source)) = choose_date(
        file,
        front.date.as_deref(),
        title.as_deref(),
        ctx,
        scanned.title_line.map_or(1, |l| l + fm_lines + 1),
        &mut diags,
    ) else {
        return (None, diags);
    };
    // Its warnings were given while choosing the date.
    let name_date = name_date(&file.rel_path, path, &mut Vec::new()).map(|(d, _)| d);
    let title = title.unwrap_or_else(|| {
        diags.push(Diagnostic::warning(
            path,
            1,
            1,
            "no-title",
            "no `# title` heading; the page is titled after the date",
        ));
        format!("Meeting {date}")
    });
    // The page shows the title, links and attendees itself: blank those lines (keeping line
    // numbers aligned for item anchors).
    let shown_elsewhere = |i: usize| {
        Some(i) == scanned.title_line || scanned.structured.iter().any(|r| r.contains(&i))
    };
    let body_md = body_lines
        .iter()
        .enumerate()
        .map(|(i, l)| if shown_elsewhere(i) { "" } else { *l })
        .collect::<Vec<_>>()
        .join("\n");
    let minutes = Minutes {
        source: file.rel_path.clone(),
        group: ctx.group.to_string(),
        date,
        date_source,
        title,
        draft: front.draft,
        links: scanned.links,
        attendees: scanned.attendees,
        absent: scanned.absent,
        items: scanned.items,
        mentions: scanned.mentions,
        name_date,
        body_md,
        body_line: fm_lines + 1,
    };
    (Some(minutes), diags)
}

/// Picks the meeting date: `[dates]` override, else front matter, else the title, else the file
/// name (then its folders). Warns when the title and the file name disagree or a date is invalid.
fn choose_date(
    file: &SourceFile,
    front: Option<&str>,
    title: Option<&str>,
    ctx: &ParseContext,
    title_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Date, DateSource)> {
    let path = file.display_path.as_str();
    let from_name = name_date(&file.rel_path, path, diags);
    let from_title = title.and_then(date::find_in_text);
    if let Some(date::Found::Invalid { raw, swapped }) = &from_title {
        let hint = swapped.map_or(String::new(), |s| format!(" (did you mean {s}?)"));
        diags.push(Diagnostic::warning(
            path,
            title_line,
            1,
            "invalid-date",
            format!(
                "the title's date {raw} is not a valid date{hint}; using the file name instead"
            ),
        ));
    }
    let from_title = from_title.and_then(|f| f.valid());
    if let Some(d) = ctx.date_overrides.get(&file.rel_path) {
        return Some((*d, DateSource::Override));
    }
    if let Some(raw) = front {
        match date::find_in_text(raw).and_then(|f| f.valid()) {
            Some(d) => return Some((d, DateSource::FrontMatter)),
            None => diags.push(Diagnostic::warning(
                path,
                1,
                1,
                "invalid-date",
                format!("front matter date {raw:?} is not a valid date; ignored"),
            )),
        }
    }
    match (from_title, from_name) {
        (Some(t), Some((n, _))) if t != n => {
            diags.push(Diagnostic::warning(
                path,
                title_line,
                1,
                "date-mismatch",
                format!(
                    "the title says {t} but the file name says {n}; using {t} (choose with `[dates] \"{}\" = \"…\"` in site.toml)",
                    file.rel_path
                ),
            ));
            Some((t, DateSource::Title))
        }
        (Some(t), _) => Some((t, DateSource::Title)),
        (None, Some((n, source))) => Some((n, source)),
        (None, None) => {
            diags.push(Diagnostic::warning(
                path,
                0,
                0,
                "no-date",
                format!(
                    "skipped: no meeting date in the front matter, the title or the file name; add one, or set `[dates] \"{}\" = \"YYYY-MM-DD\"` in site.toml",
                    file.rel_path
                ),
            ));
            None
        }
    }
}

/// The date in the file name, else in the nearest folder name (`2016-12-22/minutes.md`).
fn name_date(
    rel_path: &str,
    shown: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Date, DateSource)> {
    let mut parts = rel_path.rsplit('/');
    let file_name = parts.next().unwrap_or(rel_path);
    let candidates = std::iter::once((file_name, DateSource::FileName))
        .chain(parts.map(|p| (p, DateSource::Folder)));
    for (part, source) in candidates {
        match date::find_in_text(part) {
            Some(date::Found::Valid(d)) => return Some((d, source)),
            Some(date::Found::Invalid { raw, swapped }) => {
                let hint = swapped.map_or(String::new(), |s| format!(" (did you mean {s}?)"));
                diags.push(Diagnostic::warning(
                    shown,
                    0,
                    0,
                    "invalid-date",
                    format!("the file name's date {raw} is not a valid date{hint}"),
                ));
            }
            None => {}
        }
    }
    None
}
