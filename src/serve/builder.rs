//! Builds for the preview: build [`Options`] → the site's files in memory, whole at the start,
//! then what changed after each [`Change`]. [`Builder`] is what the preview loop needs;
//! [`SessionBuilder`] does it with an incremental [`Session`] (one edited minutes file
//! re-renders only the pages it can change).

use super::classify::Change;
use crate::error::Result;
use crate::incremental::{self, Session};
use crate::output::OutputFile;
use crate::{Options, Report};

/// Builds the site for the preview. A report with errors means the build failed: its files
/// are not used, and the last good ones stay served.
pub trait Builder {
    /// The first, whole build: every file of the site.
    fn start(&mut self) -> Result<(Vec<OutputFile>, Report)>;
    /// A rebuild after `change`: the files whose bytes changed, and the site paths that are gone.
    /// A content edit may hand the edited meetings' pages to `early` first, with the paths
    /// that are final (see [`incremental::Early`]); the rest comes back.
    fn rebuild(
        &mut self,
        change: &Change,
        early: &mut dyn FnMut(incremental::Early),
    ) -> Result<(Vec<OutputFile>, Vec<String>, Report)>;
}

/// Whole builds with [`crate::build`] into a temporary folder (removed when dropped).
/// Rebuilds through an [`incremental::Session`]: one edited minutes file re-parses that file
/// and re-renders only the pages it can change.
pub struct SessionBuilder {
    opts: Options,
    session: Option<Session>,
}

impl SessionBuilder {
    pub fn new(opts: Options) -> SessionBuilder {
        SessionBuilder {
            opts,
            session: None,
        }
    }

    /// A job that rebuilds the search index of the current archive (seconds at 1,000
    /// meetings), to run off the edit path; `None` when search is off or nothing is built yet.
    pub fn search_job(&self) -> Option<impl FnOnce() -> Result<Vec<OutputFile>> + Send + 'static> {
        let session = self.session.as_ref()?;
        if !session.config().search.enabled {
            return None;
        }
        let (config, records) = session.search_input();
        Some(move || crate::search::index(&config, records))
    }
}

fn to_incremental(change: &Change) -> incremental::Change {
    match change {
        Change::Content(paths) => incremental::Change::Content(paths.clone()),
        Change::Templates => incremental::Change::Templates,
        Change::Static => incremental::Change::Static,
        Change::Config => incremental::Change::Config,
        Change::Everything => incremental::Change::Everything,
    }
}

impl Builder for SessionBuilder {
    fn start(&mut self) -> Result<(Vec<OutputFile>, Report)> {
        let (session, report, files) = Session::start(&self.opts)?;
        if report.errors() > 0 {
            self.session = None;
            return Ok((Vec::new(), report));
        }
        self.session = Some(session);
        Ok((files, report))
    }

    fn rebuild(
        &mut self,
        change: &Change,
        early: &mut dyn FnMut(incremental::Early),
    ) -> Result<(Vec<OutputFile>, Vec<String>, Report)> {
        let Some(session) = self.session.as_mut() else {
            // Nothing good was built yet: start over.
            let (files, report) = self.start()?;
            return Ok((files, Vec::new(), report));
        };
        let rebuilt = session.rebuild_staged(&to_incremental(change), early)?;
        Ok((rebuilt.changed, rebuilt.removed, rebuilt.report))
    }
}
