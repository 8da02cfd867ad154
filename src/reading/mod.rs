//! Reading a site, the first half of every build: the content folder → load → parse → link →
//! diagnostics. `build`, `check` and `serve` all read here; `serve` then keeps what it read
//! and reads again only the files that changed ([`parse_file`], [`diagnostics`]).

mod diagnose;
mod parse;
mod people;

pub use diagnose::{diagnostics, INITIATIVE_HINT_MEETINGS};
pub use parse::parse_all;

use crate::archive::{self, Archive};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::Minutes;
use crate::{groups, source, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One minutes file, read and parsed: its minutes (none when it was skipped) and what loading
/// and parsing it said.
pub type Parsed = (Option<Arc<Minutes>>, Vec<Diagnostic>);

/// A site read and linked.
pub struct Read {
    /// The content folder.
    pub content_dir: PathBuf,
    /// What walking the content folder said (links, special files, unreadable folders).
    pub walk_diagnostics: Vec<Diagnostic>,
    /// Every minutes file of the content folder, by its path relative to it.
    pub parsed: BTreeMap<String, Parsed>,
    pub archive: Archive,
    /// Everything reading said, sorted ([`diagnostics`]).
    pub diagnostics: Vec<Diagnostic>,
    /// `load`, `parse` and `link`, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Reads the site `opts` names, configured by `config`: walks its content folder, loads and
/// parses every minutes file in parallel, links the minutes (drafts only with `opts.drafts`)
/// and gathers the diagnostics (with `check`'s hints when `opts.check_only`). Content problems
/// are diagnostics; a content folder that cannot be walked is the `Err`.
pub fn read(opts: &Options, config: &Config) -> Result<Read> {
    let mut lap = Instant::now();
    let mut timings = Vec::new();
    let mut tick = |name: &'static str| {
        timings.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let content_dir = opts.root.join(&config.content_dir);
    let output = output_folder(opts, config);
    let (paths, walk_diagnostics) = groups::walk(config, &content_dir, Some(&output))?;
    let loaded = source::load_each(&paths, &content_dir, &config.content_dir);
    tick("load");

    let (files, load_diagnostics): (Vec<_>, Vec<_>) = loaded.into_iter().unzip();
    let files: Vec<source::SourceFile> = files.into_iter().flatten().collect();
    let mut parsed: BTreeMap<String, Parsed> = paths
        .iter()
        .zip(load_diagnostics)
        .filter_map(|(path, diags)| Some((rel_path(path, &content_dir)?, (None, diags))))
        .collect();
    for (file, (minutes, diags)) in files.iter().zip(parse_all(&files, config)) {
        if let Some(entry) = parsed.get_mut(&file.rel_path) {
            entry.0 = minutes.map(Arc::new);
            entry.1.extend(diags);
        }
    }
    // The minutes hold what the pages need: the source text (50 MB at 10k meetings) can go.
    drop(files);
    tick("parse");

    let minutes: Vec<Arc<Minutes>> = parsed.values().filter_map(|p| p.0.clone()).collect();
    let archive = archive::link(minutes, config, opts.drafts);
    let diagnostics = diagnostics(
        &walk_diagnostics,
        &parsed,
        &archive,
        config,
        opts.check_only,
    );
    tick("link");
    Ok(Read {
        content_dir,
        walk_diagnostics,
        parsed,
        archive,
        diagnostics,
        timings,
    })
}

/// The output folder a build of `opts` writes: `--output`, else `output_dir` in the site
/// folder (as `public`, not `./public`, in messages when building in the current folder).
pub fn output_folder(opts: &Options, config: &Config) -> PathBuf {
    match &opts.output {
        Some(o) => o.clone(),
        None if opts.root == Path::new(".") => PathBuf::from(&config.output_dir),
        None => opts.root.join(&config.output_dir),
    }
}

/// Reads and parses one minutes file again (`serve`, after an edit), as [`read`] does.
pub fn parse_file(path: &Path, content_dir: &Path, config: &Config) -> Parsed {
    let loaded = source::load(&[path.to_path_buf()], content_dir, &config.content_dir);
    let mut diags = loaded.diagnostics;
    let mut minutes = None;
    for (m, d) in parse_all(&loaded.files, config) {
        minutes = m.map(Arc::new);
        diags.extend(d);
    }
    (minutes, diags)
}

/// `path`'s path relative to the content folder `dir`, `/`-separated (the key of
/// [`Read::parsed`]); none when it is not inside.
pub fn rel_path(path: &Path, dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}
