//! Measures the search stage of one site on its own: how many records of each kind it makes and
//! how much text and how many facet values they carry, then how long building the records,
//! indexing them and writing the index take, with the process's memory after each step.
//!
//!   cargo run --release --example search_probe -- SITE_DIR

use std::collections::BTreeMap;
use std::time::Instant;
use wgsite::{archive, groups, search, source, Options};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Current and peak resident memory, in MB, from the kernel's view of this process.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    format!("rss {} MB, peak {} MB", field("VmRSS:"), field("VmHWM:"))
}

#[derive(Default)]
struct Tally {
    records: usize,
    content: usize,
    filter_values: usize,
    largest: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: search_probe SITE_DIR")?,
    );
    let opts = Options {
        root,
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
    println!("linked: {}", memory());

    let t = Instant::now();
    let records = reshape(search::records(&linked), &linked);
    println!(
        "records: {} in {:.0} ms; {}",
        records.pages.len(),
        t.elapsed().as_secs_f64() * 1000.0,
        memory()
    );
    if let Ok(url) = std::env::var("WGSITE_PROBE_SHOW") {
        for r in records.pages.iter().filter(|r| r.url == url) {
            println!("{r:#?}");
        }
    }
    let mut kinds: BTreeMap<String, Tally> = BTreeMap::new();
    let mut facets: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for r in &records.pages {
        let kind = r
            .filters
            .get("kind")
            .and_then(|k| k.iter().next())
            .cloned()
            .unwrap_or_default();
        let tally = kinds.entry(kind).or_default();
        tally.records += 1;
        tally.content += r.content.len();
        tally.largest = tally.largest.max(r.content.len());
        for (name, values) in &r.filters {
            tally.filter_values += values.len();
            let name = if name.starts_with("issue_number_") {
                "issue_number_*"
            } else {
                name
            };
            facets
                .entry(name)
                .or_default()
                .extend(values.iter().map(String::as_str));
        }
    }
    for (kind, t) in &kinds {
        println!(
            "  {kind:>10}: {:>6} records, content {:>6.1} MB (largest {:>6} B), {:>7} filter values",
            t.records,
            t.content as f64 / 1e6,
            t.largest,
            t.filter_values
        );
    }
    for (name, values) in &facets {
        println!("  facet {name}: {} distinct values", values.len());
    }
    drop(facets);

    if std::env::var("WGSITE_PROBE")
        .unwrap_or_default()
        .contains("own")
    {
        own_index(&config, records)?;
        return Ok(());
    }
    let t = Instant::now();
    let files = search::index(&config, records)?;
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "index: {} files, {:.1} MB in {:.0} ms; {}",
        files.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64() * 1000.0,
        memory()
    );
    Ok(())
}

/// Experiments on the records, named in `WGSITE_PROBE` (comma-separated).
fn reshape(mut records: search::Records, archive: &archive::Archive) -> search::Records {
    let modes = std::env::var("WGSITE_PROBE").unwrap_or_default();
    let has = |m: &str| modes.split(',').any(|x| x == m);
    if has("noactions") {
        records.pages.retain(|r| {
            !r.filters
                .get("kind")
                .is_some_and(|k| k.contains("action") || k.contains("decision"))
        });
    }
    let by_path: std::collections::HashMap<String, &wgsite::archive::Issue> = archive
        .issues
        .values()
        .map(|i| (i.reference.page_path(), i))
        .collect();
    for r in &mut records.pages {
        let kind = r
            .filters
            .get("kind")
            .and_then(|k| k.iter().next())
            .cloned()
            .unwrap_or_default();
        if has("nofacets") {
            r.filters.remove("issue");
            r.filters.remove("month");
        }
        if has("issuetitles") && kind == "issue" {
            let key = r.url.clone();
            if let Some(issue) = by_path.get(&key) {
                let n = issue.reference.number;
                let mut c = format!("#{n} {n} {}#{n} ", issue.reference.repo).repeat(4);
                for (_, t) in &issue.titles {
                    c.push_str(t);
                    c.push('\n');
                }
                r.content = c;
            }
        }
        if has("actiontext") && (kind == "action" || kind == "decision") {
            if let Some(cut) = r.content.find('\n') {
                r.content.truncate(cut);
            }
        }
    }
    records
}

/// The index built here, phase by phase: `own` feeds records one by one, `own,dir` writes them
/// as small HTML files and lets Pagefind read the folder.
fn own_index(
    config: &wgsite::config::Config,
    records: search::Records,
) -> Result<(), Box<dyn std::error::Error>> {
    let modes = std::env::var("WGSITE_PROBE").unwrap_or_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()?;
    rt.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(config.language.clone())
            .max_fragments(search::MAX_FRAGMENT_FILES)
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options))?;
        let t = Instant::now();
        if modes.contains("dir") {
            let dir = std::path::PathBuf::from("/dev/shm/probe-records");
            let _ = std::fs::remove_dir_all(&dir);
            use rayon::prelude::*;
            records
                .pages
                .par_iter()
                .enumerate()
                .try_for_each(|(i, r)| {
                    let mut h = String::with_capacity(r.content.len() + 512);
                    h.push_str("<html lang=\"en\"><body>");
                    let mut tag = |attr: &str, name: &str, value: &str| {
                        h.push_str(&format!(
                            "<i {attr}=\"{name}:{}\"></i>",
                            wgsite::markdown::escape_html(value)
                        ));
                    };
                    tag("data-pagefind-meta", "title", &r.title);
                    tag("data-pagefind-meta", "url", &r.url);
                    if let Some(d) = &r.date {
                        tag("data-pagefind-meta", "date", d);
                        tag("data-pagefind-sort", "date", d);
                    }
                    for (name, values) in &r.filters {
                        for v in values {
                            tag("data-pagefind-filter", name, v);
                        }
                    }
                    h.push_str("<p>");
                    h.push_str(&wgsite::markdown::escape_html(&r.content));
                    h.push_str("</p></body></html>");
                    let sub = dir.join(format!("{}", i % 256));
                    std::fs::create_dir_all(&sub)?;
                    std::fs::write(sub.join(format!("{i}.html")), h)
                })?;
            println!(
                "wrote files: {:.0} ms; {}",
                t.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
            let n = index
                .add_directory(dir.to_string_lossy().into_owned(), None)
                .await?;
            println!(
                "add_directory {n}: {:.0} ms; {}",
                t.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
            let _ = std::fs::remove_dir_all(&dir);
        } else {
            for r in records.pages {
                let mut meta = BTreeMap::from([("title".to_string(), r.title)]);
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
                        format!("/{}", r.url),
                        r.content,
                        config.language.clone(),
                        Some(meta),
                        Some(filters),
                        sort,
                    )
                    .await?;
            }
            println!(
                "add: {:.0} ms; {}",
                t.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
        }
        let t = Instant::now();
        let files = index.get_files().await?;
        let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
        println!(
            "get_files: {} files, {:.1} MB in {:.0} ms; {}",
            files.len(),
            bytes as f64 / 1e6,
            t.elapsed().as_secs_f64() * 1000.0,
            memory()
        );
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
