//! Render stage: [`Archive`] + theme → every page and file of the site as [`OutputFile`]s, in
//! parallel. Templates come in layers, each overriding the one before file by file: the default
//! theme embedded in the binary, then `themes/NAME/` in the site, then the site's `templates/`.

mod chart;
pub mod links;
mod pages;
mod theme;
pub mod views;

use crate::archive::Archive;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

pub use theme::Theme;

/// What every page is rendered from.
pub struct Env<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub tera: &'a tera::Tera,
    /// Every agenda item's notes as HTML, by meeting then item, rendered once with
    /// [`links::ROOT_MARK`] for the site root (pages put their own prefix in).
    pub notes: &'a [Vec<String>],
    pub highlighter: &'a crate::highlight::Cache,
}

/// One page to render: its site path (`meetings/2023-06-22/`), its template and a builder of
/// its context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: tera::Context,
}

impl Env<'_> {
    /// Renders `template` with `context`, naming the template's file in errors.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(template, &e))
    }
}

/// Tera's errors carry the template name and a report with the line; keep all of it.
pub fn template_error(template: &str, e: &tera::Error) -> Error {
    let mut message = format!("template {template}: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    Error::Template(message)
}

/// Inserts a serialisable value, turning a serialisation failure into an error.
pub fn insert<T: Serialize>(ctx: &mut tera::Context, key: &'static str, value: &T) {
    ctx.insert(key, value);
}

/// Renders the whole site.
pub fn render_all(config: &Config, archive: &Archive, theme: &Theme) -> Result<Vec<OutputFile>> {
    let tera = theme.tera()?;
    // Notes appear on a meeting's issue pages and initiative pages too: render (and highlight)
    // each once, with a mark where the page's path to the root goes.
    let highlighter = crate::highlight::Cache::default();
    let notes = {
        let bare = Env {
            config,
            archive,
            tera: &tera,
            notes: &[],
            highlighter: &highlighter,
        };
        let root = links::Linker::marked(&config.base_url);
        let none = std::collections::HashMap::new();
        archive
            .meetings
            .par_iter()
            .map(|m| {
                m.minutes
                    .items
                    .iter()
                    .map(|item| views::render_markdown(&bare, &root, &item.notes_md, &none))
                    .collect()
            })
            .collect::<Vec<Vec<String>>>()
    };
    let env = Env {
        config,
        archive,
        tera: &tera,
        notes: &notes,
        highlighter: &highlighter,
    };
    let jobs = pages::jobs(&env);
    let rendered: Vec<Result<OutputFile>> = jobs
        .par_iter()
        .map(|job| pages::render_job(&env, job))
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + 16);
    for r in rendered {
        files.push(r?);
    }
    files.extend(theme.static_files());
    files.push(OutputFile::new(
        "syntax.css",
        crate::highlight::stylesheet(),
    ));
    files.push(OutputFile::new(".nojekyll", ""));
    files.extend(crate::export::data_files(archive)?);
    files.push(OutputFile::new(
        "feed.xml",
        crate::feed::site_feed(config, archive),
    ));
    // site files (sitemap, robots, CNAME)
    let site_files = crate::site_files::site_files(config, archive, &files);
    files.extend(site_files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Loads the theme layers for the site at `root`.
pub fn load_theme(root: &Path, config: &Config) -> Result<Theme> {
    Theme::load(root, &config.theme)
}
