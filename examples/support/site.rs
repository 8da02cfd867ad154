//! A site's configuration and linked archive, read the way a build reads them, for the examples
//! that measure one stage on its own.

use std::path::Path;
use wgsite::archive::Archive;
use wgsite::config::Config;
use wgsite::{reading, Options};

/// The configuration and linked archive of the site in `root` (drafts left out).
pub fn linked(root: &Path) -> Result<(Config, Archive), Box<dyn std::error::Error>> {
    let opts = Options {
        root: root.to_path_buf(),
        ..Options::default()
    };
    let config = wgsite::load_config(&opts)?;
    let read = reading::read(&opts, &config)?;
    Ok((config, read.archive))
}
