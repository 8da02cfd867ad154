//! Helpers shared by unit tests: a site folder's configuration and parsed minutes, and what a
//! test does when something it needs is not beside the clone ([`requirements`]).

pub mod requirements;

use crate::config::Config;
use crate::model::Minutes;
use std::path::Path;
use std::sync::Arc;

/// The configuration and minutes (drafts included, skipped files left out) of the site in
/// `root`, as a build loads and parses them.
pub fn minutes_of(root: &Path) -> (Vec<Arc<Minutes>>, Config) {
    let opts = crate::Options {
        root: root.to_path_buf(),
        today: crate::model::Date::new(2024, 6, 1),
        ..crate::Options::default()
    };
    let config = crate::load_config(&opts).expect("config");
    let content = root.join(&config.content_dir);
    let (paths, _) = crate::groups::walk(&config, &content).expect("walk");
    let loaded = crate::source::load(&paths, &content, &config.content_dir);
    let minutes = crate::parse_all(&loaded.files, &config)
        .into_iter()
        .filter_map(|(m, _)| m.map(Arc::new))
        .collect();
    (minutes, config)
}

/// The fixture under `tests/fixtures/corpus/` that builds the Security WG's real archive from
/// `../shared/corpus/`, or `None` (a visible skip; a failure in CI) when it is not there.
pub fn security_wg() -> Option<std::path::PathBuf> {
    requirements::shared_dir()?;
    Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/security-wg"))
}
