//! A site's configuration and linked archive, read the way a build reads them, for the examples
//! that measure one stage on its own.

use std::path::Path;
use wgsite::archive::{self, Archive};
use wgsite::config::Config;
use wgsite::{groups, source, Options};

/// The configuration and linked archive of the site in `root` (drafts left out).
pub fn linked(root: &Path) -> Result<(Config, Archive), Box<dyn std::error::Error>> {
    let opts = Options {
        root: root.to_path_buf(),
        ..Options::default()
    };
    let config = wgsite::load_config(&opts)?;
    let content_dir = opts.root.join(&config.content_dir);
    let (paths, _) = groups::walk(&config, &content_dir)?;
    let loaded = source::load(&paths, &content_dir, &config.content_dir);
    let minutes: Vec<_> = wgsite::parse_all(&loaded.files, &config)
        .into_iter()
        .filter_map(|(m, _)| m.map(std::sync::Arc::new))
        .collect();
    drop(loaded);
    let linked = archive::link(minutes, &config, false);
    Ok((config, linked))
}
