//! Builds for the preview: build [`Options`] → the site's files in memory, whole at the start,
//! then what changed after each [`Change`], through an incremental [`Session`] (one edited
//! minutes file re-renders only the pages it can change). A report with errors means the build
//! failed: its files are not used, and the last good ones stay served.

use crate::error::Result;
use crate::incremental::{Change, Early, Session};
use crate::output::OutputFile;
use crate::{Options, Report};

/// The preview's builder: the session of the last good build, if any.
pub struct Builder {
    opts: Options,
    session: Option<Session>,
}

impl Builder {
    pub fn new(opts: Options) -> Builder {
        Builder {
            opts,
            session: None,
        }
    }

    /// The first, whole build: every file of the site (none when it failed).
    pub fn start(&mut self) -> Result<(Vec<OutputFile>, Report)> {
        let (session, report, files) = Session::start(&self.opts)?;
        if report.errors() > 0 {
            self.session = None;
            return Ok((Vec::new(), report));
        }
        self.session = Some(session);
        Ok((files, report))
    }

    /// A rebuild after `change`: the files whose bytes changed, and the site paths that are
    /// gone. A content edit may hand the edited meetings' pages to `early` first, with the
    /// paths that are final (see [`Early`]); the rest comes back. Without a good build yet, it
    /// starts over.
    pub fn rebuild(
        &mut self,
        change: &Change,
        early: &mut dyn FnMut(Early),
    ) -> Result<(Vec<OutputFile>, Vec<String>, Report)> {
        let Some(session) = self.session.as_mut() else {
            let (files, report) = self.start()?;
            return Ok((files, Vec::new(), report));
        };
        let rebuilt = session.rebuild_staged(change, early)?;
        Ok((rebuilt.changed, rebuilt.removed, rebuilt.report))
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
