//! Incremental rebuilds for `wgsite serve`: a [`Session`] keeps the parsed minutes, the
//! archive, the compiled templates and the last output in memory. A change to one minutes file
//! re-parses that file only, re-links (cheap), and re-renders only the pages whose output can
//! change: the meeting and its neighbours, the issues on its agenda and every meeting that
//! discussed them (their prev/next links), its people, the initiatives, the index pages, the
//! feeds and the export. A template change re-renders everything; a config change starts over.
//! The search index is not rebuilt here (it takes seconds): [`Session::search_input`] hands the
//! caller what it needs to rebuild it in the background.

use crate::archive::{self, Archive};
use crate::config::Config;
use crate::diag::{Diagnostic, Level};
use crate::error::Result;
use crate::minutes::attendees::handles_in;
use crate::model::Minutes;
use crate::output::OutputFile;
use crate::render::{self, Renderer, Theme};
use crate::{load_config, parse_all, search, source, Options, Report};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What changed on disk, as the watcher classified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Minutes files (added, edited or removed), absolute or relative to the current directory.
    Content(Vec<PathBuf>),
    Templates,
    Static,
    Config,
    Everything,
}

/// The outcome of a rebuild: what to serve differently.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub report: Report,
    /// Files whose bytes changed (or are new).
    pub changed: Vec<OutputFile>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
}

/// One parsed file: its minutes (none when skipped) and its diagnostics.
type Parsed = (Option<Arc<Minutes>>, Vec<Diagnostic>);

/// A site held in memory between rebuilds.
pub struct Session {
    opts: Options,
    config: Config,
    theme: Theme,
    renderer: Renderer,
    content_dir: PathBuf,
    /// Relative source path → parse result, for every file of the content folder.
    parsed: BTreeMap<String, Parsed>,
    walk_diagnostics: Vec<Diagnostic>,
    archive: Archive,
    /// Rendered notes, aligned with `archive.meetings`.
    notes: Vec<Vec<String>>,
    /// Output path → bytes of the last good build (search index excluded).
    files: HashMap<String, Vec<u8>>,
}

fn load_one(path: &Path, content_dir: &Path, prefix: &str, config: &Config) -> Parsed {
    let loaded = source::load(&[path.to_path_buf()], content_dir, prefix);
    let mut diags = loaded.diagnostics;
    let mut minutes = None;
    for (m, d) in parse_all(&loaded.files, config) {
        minutes = m.map(Arc::new);
        diags.extend(d);
    }
    (minutes, diags)
}

fn rel_path(path: &Path, dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn errors_in<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> bool {
    diags.into_iter().any(|d| d.level == Level::Error)
}

impl Session {
    /// Builds the whole site in memory (nothing is written). Returns the session, the report,
    /// and every file, the search index included when enabled.
    pub fn start(opts: &Options) -> Result<(Session, Report, Vec<OutputFile>)> {
        let started = Instant::now();
        let config = load_config(opts)?;
        let content_dir = opts.root.join(&config.content_dir);
        let (paths, walk_diagnostics) = crate::groups::walk(&config, &content_dir)?;
        let parsed: BTreeMap<String, Parsed> = paths
            .par_iter()
            .filter_map(|p| {
                let rel = rel_path(p, &content_dir)?;
                Some((rel, load_one(p, &content_dir, &config.content_dir, &config)))
            })
            .collect();
        let minutes: Vec<Arc<Minutes>> = parsed.values().filter_map(|p| p.0.clone()).collect();
        let archive = archive::link(minutes, &config, opts.drafts);
        let theme = render::load_theme(&opts.root, &config)?;
        let renderer = Renderer::new(&theme)?;
        let notes = renderer.notes(&config, &archive, &|_| None);
        let mut files = renderer.pages(&config, &archive, &notes, None)?;
        files.extend(render::site_wide(&config, &archive, &theme, &files)?);
        let mut report = Report {
            meetings: archive.meetings.len(),
            issues: archive.issues.len(),
            people: archive.people.len(),
            ..Report::default()
        };
        report.diagnostics = walk_diagnostics.clone();
        report
            .diagnostics
            .extend(parsed.values().flat_map(|p| p.1.iter().cloned()));
        report.diagnostics.sort();
        report.timings.push(("build", started.elapsed()));
        let session = Session {
            opts: opts.clone(),
            files: files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.clone()))
                .collect(),
            config,
            theme,
            renderer,
            content_dir,
            parsed,
            walk_diagnostics,
            archive,
            notes,
        };
        if session.config.search.enabled {
            let (config, records) = session.search_input();
            files.extend(search::index(&config, records)?);
        }
        report.files = files.len();
        Ok((session, report, files))
    }

    /// The configuration and search records of the current archive, for rebuilding the search
    /// index off the edit path.
    pub fn search_input(&self) -> (Config, Vec<search::Record>) {
        (self.config.clone(), search::records(&self.archive))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Applies a change. On content errors the report carries them and nothing changes (the
    /// last good site stays); template and configuration failures are `Err`, likewise keeping
    /// the last good state.
    pub fn rebuild(&mut self, change: &Change) -> Result<Rebuilt> {
        match change {
            Change::Config | Change::Everything => self.restart(),
            Change::Templates | Change::Static => self.rerender_all(),
            Change::Content(paths) => self.update_content(paths),
        }
    }

    fn restart(&mut self) -> Result<Rebuilt> {
        let (fresh, report, files) = Session::start(&self.opts)?;
        if report.errors() > 0 {
            return Ok(Rebuilt {
                report,
                ..Rebuilt::default()
            });
        }
        let search_files: Vec<OutputFile> = files
            .iter()
            .filter(|f| f.path.starts_with("pagefind/"))
            .cloned()
            .collect();
        let pages: Vec<OutputFile> = files
            .into_iter()
            .filter(|f| !f.path.starts_with("pagefind/"))
            .collect();
        let mut rebuilt = self.commit(pages, None);
        rebuilt.changed.extend(search_files);
        let old = std::mem::replace(self, fresh);
        drop(old);
        rebuilt.report = report;
        Ok(rebuilt)
    }

    fn rerender_all(&mut self) -> Result<Rebuilt> {
        let started = Instant::now();
        let theme = render::load_theme(&self.opts.root, &self.config)?;
        let renderer = Renderer::new(&theme)?;
        let notes = renderer.notes(&self.config, &self.archive, &|_| None);
        let mut files = renderer.pages(&self.config, &self.archive, &notes, None)?;
        files.extend(render::site_wide(
            &self.config,
            &self.archive,
            &theme,
            &files,
        )?);
        self.theme = theme;
        self.renderer = renderer;
        self.notes = notes;
        let mut rebuilt = self.commit(files, None);
        rebuilt.report.timings.push(("rebuild", started.elapsed()));
        Ok(rebuilt)
    }

    fn update_content(&mut self, paths: &[PathBuf]) -> Result<Rebuilt> {
        let started = Instant::now();
        let mut parsed = self.parsed.clone();
        let mut changed_sources = HashSet::new();
        for path in paths {
            let Some(rel) = rel_path(path, &self.content_dir) else {
                continue;
            };
            // On an org-wide site only the groups' folders hold minutes.
            if !self.config.groups.is_empty()
                && crate::groups::index_of(&self.config.groups, &rel).is_none()
            {
                continue;
            }
            if path.is_file() && source::is_minutes_name(path) {
                let result = load_one(
                    path,
                    &self.content_dir,
                    &self.config.content_dir,
                    &self.config,
                );
                parsed.insert(rel.clone(), result);
            } else {
                parsed.remove(&rel);
            }
            changed_sources.insert(rel);
        }
        let mut report = Report {
            diagnostics: self.walk_diagnostics.clone(),
            ..Report::default()
        };
        report
            .diagnostics
            .extend(parsed.values().flat_map(|p| p.1.iter().cloned()));
        report.diagnostics.sort();
        if errors_in(report.diagnostics.iter()) || changed_sources.is_empty() {
            return Ok(Rebuilt {
                report,
                ..Rebuilt::default()
            });
        }
        let mut lap = Instant::now();
        let mut timings = Vec::new();
        let mut tick = |name: &'static str| {
            timings.push((name, lap.elapsed()));
            lap = Instant::now();
        };
        let minutes: Vec<Arc<Minutes>> = parsed.values().filter_map(|p| p.0.clone()).collect();
        let archive = archive::link(minutes, &self.config, self.opts.drafts);
        let affected = affected_outputs(&self.archive, &archive, &changed_sources);
        tick("link");

        // Reuse the rendered notes of unchanged meetings, unless the set of issue pages
        // changed (notes link `#N` to an issue page only when it exists).
        let same_issues = self.archive.issues.len() == archive.issues.len()
            && archive
                .issues
                .keys()
                .all(|k| self.archive.issues.contains_key(k));
        let previous: HashMap<&str, &Vec<String>> = if same_issues {
            self.archive
                .meetings
                .iter()
                .zip(&self.notes)
                .map(|(m, n)| (m.minutes.source.as_str(), n))
                .collect()
        } else {
            HashMap::new()
        };
        let reuse = |i: usize| {
            let m = archive.meetings.get(i)?;
            if changed_sources.contains(&m.minutes.source) {
                return None;
            }
            previous
                .get(m.minutes.source.as_str())
                .map(|n| (*n).clone())
        };
        let notes = self.renderer.notes(&self.config, &archive, &reuse);
        tick("notes");
        let pages = self
            .renderer
            .pages(&self.config, &archive, &notes, Some(&affected))?;
        tick("pages");
        let all_pages = self.renderer.page_paths(&self.config, &archive);
        // The sitemap needs every page's path; pages not re-rendered are unchanged.
        let stand_ins: Vec<OutputFile> = all_pages
            .iter()
            .filter(|p| !affected.contains(*p))
            .map(|p| OutputFile::new(p.clone(), Vec::new()))
            .collect();
        let mut listed = pages.clone();
        listed.extend(stand_ins);
        let wide = render::site_wide(&self.config, &archive, &self.theme, &listed)?;
        let mut files = pages;
        files.extend(wide);
        tick("site-wide");

        let expected: HashSet<&str> = all_pages
            .iter()
            .map(String::as_str)
            .chain(files.iter().map(|f| f.path.as_str()))
            .collect();
        let removed: Vec<String> = self
            .files
            .keys()
            .filter(|k| !expected.contains(k.as_str()))
            .cloned()
            .collect();
        let old_parsed = std::mem::replace(&mut self.parsed, parsed);
        let old_archive = std::mem::replace(&mut self.archive, archive);
        let old_notes = std::mem::replace(&mut self.notes, notes);
        // Freeing the previous archive takes tens of milliseconds at 1,000 meetings: not on
        // the edit-to-reload path.
        std::thread::spawn(move || drop((old_parsed, old_archive, old_notes)));
        let mut rebuilt = self.commit(files, Some(removed));
        report.meetings = self.archive.meetings.len();
        report.issues = self.archive.issues.len();
        report.people = self.archive.people.len();
        tick("commit");
        report.timings = timings;
        report.timings.push(("rebuild", started.elapsed()));
        rebuilt.report = report;
        Ok(rebuilt)
    }

    /// Stores `files` as current, returning those whose bytes changed. With `removed: None`,
    /// `files` is the whole site and anything else is removed.
    fn commit(&mut self, files: Vec<OutputFile>, removed: Option<Vec<String>>) -> Rebuilt {
        let removed = removed.unwrap_or_else(|| {
            let now: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
            self.files
                .keys()
                .filter(|k| !now.contains(k.as_str()) && !k.starts_with("pagefind/"))
                .cloned()
                .collect()
        });
        for path in &removed {
            self.files.remove(path);
        }
        let mut changed = Vec::new();
        for file in files {
            if self.files.get(&file.path) != Some(&file.bytes) {
                self.files.insert(file.path.clone(), file.bytes.clone());
                changed.push(file);
            }
        }
        Rebuilt {
            report: Report::default(),
            changed,
            removed,
        }
    }
}

/// Output paths whose content can change when the minutes in `changed` change (judged in both
/// the old and the new archive, so removed links are refreshed too).
pub fn affected_outputs(
    old: &Archive,
    new: &Archive,
    changed: &HashSet<String>,
) -> HashSet<String> {
    let mut out: HashSet<String> = render::INDEX_PAGES
        .iter()
        .chain(&["search/"])
        .map(|p| format!("{p}index.html"))
        .collect();
    out.insert("404.html".into());
    for g in old.groups.iter().chain(&new.groups) {
        out.extend(render::groups::output_paths(&g.config.slug));
    }
    for init in &new.initiatives {
        out.insert(format!("initiatives/{}/index.html", init.config.slug));
        out.insert(format!("initiatives/{}/feed.xml", init.config.slug));
    }
    for a in [old, new] {
        for (i, m) in a.meetings.iter().enumerate() {
            if !changed.contains(&m.minutes.source) {
                continue;
            }
            let (before, after) = a.group_neighbours(i);
            for j in [before, Some(i), after].into_iter().flatten() {
                if let Some(n) = a.meetings.get(j) {
                    out.insert(format!("{}index.html", n.page_path()));
                }
            }
            for item in &m.minutes.items {
                let key = item.reference.key();
                let page = item.reference.page_path();
                out.insert(format!("{page}index.html"));
                out.insert(format!("{page}feed.xml"));
                // The meetings just before and after this one in the issue's timeline show
                // "previously/next discussed" links to it (in either archive).
                for b in [old, new] {
                    let Some(issue) = b.issues.get(&key) else {
                        continue;
                    };
                    let date = m.minutes.date;
                    let before = issue.mentions.iter().rev().find(|mt| {
                        b.meetings
                            .get(mt.meeting)
                            .is_some_and(|x| x.minutes.date < date)
                    });
                    let after = issue.mentions.iter().find(|mt| {
                        b.meetings
                            .get(mt.meeting)
                            .is_some_and(|x| x.minutes.date > date)
                    });
                    for mt in [before, after].into_iter().flatten() {
                        if let Some(other) = b.meetings.get(mt.meeting) {
                            out.insert(format!("{}index.html", other.page_path()));
                        }
                    }
                }
                for handle in handles_in(&item.notes_md) {
                    out.insert(format!("people/{handle}/index.html"));
                }
            }
            for attendee in &m.minutes.attendees {
                out.insert(format!("people/{}/index.html", a.person_key(attendee)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\nrepo = \"o/r\"\n[search]\nenabled = false\n",
        )
        .expect("write");
        std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
        for (name, text) in files {
            std::fs::write(dir.path().join("content").join(name), text).expect("write");
        }
        dir
    }

    const A: &str = "# M 2024-01-01\n\n### o/r\n\n* Alpha [#1](https://github.com/o/r/issues/1)\n  * first note\n";
    const B: &str = "# M 2024-02-01\n\n### o/r\n\n* Alpha [#1](https://github.com/o/r/issues/1)\n  * second note\n";
    const C: &str = "# M 2024-03-01\n\n### o/r\n\n* Beta [#2](https://github.com/o/r/issues/2)\n";

    fn session(dir: &Path) -> (Session, Vec<OutputFile>) {
        let opts = Options {
            root: dir.to_path_buf(),
            ..Options::default()
        };
        let (s, report, files) = Session::start(&opts).expect("start");
        assert_eq!(report.errors(), 0);
        (s, files)
    }

    fn page<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| std::str::from_utf8(&f.bytes).unwrap_or(""))
            .unwrap_or_else(|| {
                panic!(
                    "{path} not among {:?}",
                    files.iter().map(|f| &f.path).collect::<Vec<_>>()
                )
            })
    }

    #[test]
    fn an_edit_rerenders_the_meeting_its_issue_and_the_neighbours_only() {
        let dir = site(&[
            ("2024-01-01.md", A),
            ("2024-02-01.md", B),
            ("2024-03-01.md", C),
        ]);
        let (mut s, _) = session(dir.path());
        let path = dir.path().join("content/2024-02-01.md");
        std::fs::write(&path, B.replace("second note", "edited note")).expect("edit");
        let rebuilt = s.rebuild(&Change::Content(vec![path])).expect("rebuild");
        assert!(page(&rebuilt.changed, "meetings/2024-02-01/index.html").contains("edited note"));
        assert!(page(&rebuilt.changed, "issues/o/r/1/index.html").contains("edited note"));
        // Issue #2 was not touched.
        assert!(!rebuilt
            .changed
            .iter()
            .any(|f| f.path == "issues/o/r/2/index.html"));
        assert!(rebuilt.removed.is_empty());
    }

    #[test]
    fn incremental_output_matches_a_full_build() {
        let dir = site(&[
            ("2024-01-01.md", A),
            ("2024-02-01.md", B),
            ("2024-03-01.md", C),
        ]);
        let (mut s, _) = session(dir.path());
        // Move #2 onto the second meeting's agenda and delete the third meeting.
        let second = dir.path().join("content/2024-02-01.md");
        std::fs::write(
            &second,
            format!("{B}\n* Beta again [#2](https://github.com/o/r/issues/2)\n"),
        )
        .expect("edit");
        let third = dir.path().join("content/2024-03-01.md");
        std::fs::remove_file(&third).expect("rm");
        let rebuilt = s
            .rebuild(&Change::Content(vec![second, third]))
            .expect("rebuild");
        assert!(rebuilt
            .removed
            .contains(&"meetings/2024-03-01/index.html".to_string()));
        let (_, fresh) = session(dir.path());
        let fresh: HashMap<&str, &Vec<u8>> = fresh
            .iter()
            .filter(|f| !f.path.starts_with("pagefind/"))
            .map(|f| (f.path.as_str(), &f.bytes))
            .collect();
        let mine: HashMap<&str, &Vec<u8>> = s.files.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let mut differ: Vec<&str> = fresh
            .keys()
            .filter(|k| mine.get(*k) != fresh.get(*k))
            .copied()
            .collect();
        differ.extend(mine.keys().filter(|k| !fresh.contains_key(*k)));
        assert!(differ.is_empty(), "differ from a full build: {differ:?}");
    }

    /// Every file of `s` that differs from a fresh full build of the same folder.
    fn differences(s: &Session, dir: &Path) -> Vec<String> {
        let (_, fresh) = session(dir);
        let fresh: HashMap<&str, &Vec<u8>> = fresh
            .iter()
            .filter(|f| !f.path.starts_with("pagefind/"))
            .map(|f| (f.path.as_str(), &f.bytes))
            .collect();
        let mut differ: Vec<String> = fresh
            .keys()
            .filter(|k| s.files.get(**k) != fresh.get(*k).copied())
            .map(|k| k.to_string())
            .collect();
        differ.extend(
            s.files
                .keys()
                .filter(|k| !fresh.contains_key(k.as_str()))
                .cloned(),
        );
        differ.sort();
        differ
    }

    #[test]
    fn incremental_output_matches_a_full_build_on_an_org_wide_site() {
        let dir = site(&[]);
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\nrepo = \"o/r\"\n[search]\nenabled = false\n\
             [[groups]]\nslug = \"wg\"\nname = \"WG\"\npath = \"wg\"\n\
             [[groups]]\nslug = \"tsc\"\nname = \"TSC\"\nrepo = \"o/tsc\"\npath = \"tsc\"\n",
        )
        .expect("site.toml");
        let content = dir.path().join("content");
        for (path, text) in [
            ("wg/2024-01-01.md", A),
            ("wg/2024-02-01.md", B),
            ("tsc/2024-02-01.md", B),
            ("tsc/2024-03-01.md", C),
        ] {
            let file = content.join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, text).expect("write");
        }
        let (mut s, files) = session(dir.path());
        assert!(files
            .iter()
            .any(|f| f.path == "meetings/tsc/2024-02-01/index.html"));
        // Move #1 to the TSC's last meeting, add a WG meeting on that day, drop the WG's
        // second meeting, and touch a file outside both groups (not part of the site).
        let tsc = content.join("tsc/2024-03-01.md");
        std::fs::write(
            &tsc,
            format!("{C}\n* Alpha [#1](https://github.com/o/r/issues/1)\n"),
        )
        .expect("edit");
        let added = content.join("wg/2024-03-01.md");
        std::fs::write(&added, A.replace("2024-01-01", "2024-03-01")).expect("add");
        let gone = content.join("wg/2024-02-01.md");
        std::fs::remove_file(&gone).expect("rm");
        let stray = content.join("2024-04-01.md");
        std::fs::write(&stray, A.replace("2024-01-01", "2024-04-01")).expect("stray");
        let rebuilt = s
            .rebuild(&Change::Content(vec![tsc, added, gone, stray]))
            .expect("rebuild");
        assert!(rebuilt
            .removed
            .contains(&"meetings/wg/2024-02-01/index.html".to_string()));
        assert!(!s.files.keys().any(|k| k.starts_with("meetings/2024")));
        assert_eq!(differences(&s, dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_site() {
        let dir = site(&[("2024-01-01.md", A)]);
        let (mut s, _) = session(dir.path());
        let before = s.files.clone();
        // An unreadable (binary) file is a warning, so use a template error instead.
        std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
        std::fs::write(dir.path().join("templates/meeting.html"), "{{ broken").expect("write");
        assert!(s.rebuild(&Change::Templates).is_err());
        assert_eq!(s.files, before);
    }
}
