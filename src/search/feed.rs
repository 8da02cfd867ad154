//! Feeding the [`Records`] to Pagefind, one at a time (its index takes them so: each is parsed
//! under a lock), and collecting the files it writes.

use super::{facets_file, Record, Records, MAX_FRAGMENT_FILES};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::OutputFile;
use crate::paths;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Builds the Pagefind index from `records`; the files go under `pagefind/`, with
/// [`paths::SEARCH_FACETS`] beside them.
pub fn index(config: &Config, records: Records) -> Result<Vec<OutputFile>> {
    index_until(config, records, &|| false).map(|(files, _)| files)
}

/// How long Pagefind took over an index, in its two steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexTimes {
    /// Taking the records one by one (splitting words, stemming): one thread, as Pagefind
    /// parses each record under its lock.
    pub reading: Duration,
    /// Building the index from them and compressing its files, once all are in.
    pub writing: Duration,
}

/// [`index`], giving up with [`Error::Interrupted`] as soon as `stop` says so: a build stopped
/// by a signal while its pages are streamed out must not wait for the index (minutes at 10k
/// meetings) before it removes its staging folder.
pub fn index_until(
    config: &Config,
    records: Records,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(Vec<OutputFile>, IndexTimes)> {
    let facets = facets_file(&records)?;
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Error::Search(format!("search index: cannot {what}: {e}"))
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .map_err(|e| fail("start its runtime", &e))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(config.language.clone())
            // Group per-page fragments into at most this many files: 10k pages would
            // otherwise be 10k small files to write and to upload to Pages.
            .max_fragments(MAX_FRAGMENT_FILES)
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options))
            .map_err(|e| fail("configure Pagefind", &e))?;
        let started = Instant::now();
        for r in records.pages {
            if stop() {
                return Err(Error::Interrupted { written: false });
            }
            let url = format!("/{}", r.url);
            let added = match r.parts.is_empty() {
                true => {
                    let mut meta = BTreeMap::from([("title".to_string(), r.title)]);
                    if !r.find_by.is_empty() {
                        meta.insert(super::FIND_FIELD.to_string(), r.find_by);
                    }
                    if let Some(d) = &r.date {
                        meta.insert("date".to_string(), d.clone());
                    }
                    let sort = r.date.map(|d| BTreeMap::from([("date".to_string(), d)]));
                    let filters = r
                        .filters
                        .into_iter()
                        .map(|(k, v)| (k, v.into_iter().collect()))
                        .collect();
                    index
                        .add_custom_record(
                            url,
                            r.content,
                            config.language.clone(),
                            Some(meta),
                            Some(filters),
                            sort,
                        )
                        .await
                }
                // Anchors (sub-results) exist only for pages Pagefind parses itself.
                false => {
                    let html = record_page(&r, &config.language);
                    index.add_html_file(None, Some(url), html).await
                }
            };
            added.map_err(|e| fail(&format!("index {}", r.url), &e))?;
        }
        let read = Instant::now();
        let files = index
            .get_files()
            .await
            .map_err(|e| fail("write the index", &e))?;
        let times = IndexTimes {
            reading: read - started,
            writing: read.elapsed(),
        };
        if stop() {
            return Err(Error::Interrupted { written: false });
        }
        let files = std::iter::once(facets)
            .chain(files.into_iter().map(|f| {
                let name = f
                    .filename
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                OutputFile::new(paths::search_index_file(&name), f.contents)
            }))
            .collect();
        Ok((files, times))
    })
}

/// A record as the smallest page Pagefind reads it from: the title, date, sort key and facets
/// as attributes of empty elements, then the text, or each [`Part`](super::Part) as a heading
/// with its id (Pagefind makes headings with an id sub-results, titled by
/// `data-pagefind-title`). The build writes records with parts so;
/// `examples/pagefind_directory` writes every record so.
pub fn record_page(r: &Record, language: &str) -> String {
    use crate::markdown::escape_into;
    let mut html = format!(
        "<html lang=\"{}\"><body>",
        crate::markdown::escape_html(language)
    );
    let mut tag = |attr: &str, name: &str, value: &str| {
        html.push_str("<i data-pagefind-");
        html.push_str(attr);
        html.push_str("=\"");
        html.push_str(name);
        html.push(':');
        escape_into(&mut html, value);
        html.push_str("\"></i>");
    };
    tag("meta", "title", &r.title);
    if !r.find_by.is_empty() {
        tag("meta", super::FIND_FIELD, &r.find_by);
    }
    if let Some(d) = &r.date {
        tag("meta", "date", d);
        tag("sort", "date", d);
    }
    for (name, values) in &r.filters {
        for v in values {
            tag("filter", name, v);
        }
    }
    if r.parts.is_empty() {
        html.push_str("<p>");
        escape_into(&mut html, &r.content);
        html.push_str("</p>");
    }
    for p in &r.parts {
        html.push_str("<h2 id=\"");
        escape_into(&mut html, &p.id);
        html.push_str("\" data-pagefind-title=\"");
        escape_into(&mut html, &p.title);
        html.push_str("\">");
        escape_into(&mut html, &p.text);
        html.push_str("</h2><p>");
        escape_into(&mut html, &p.detail);
        html.push_str("</p>");
    }
    html.push_str("</body></html>");
    html
}
