//! Measures the search stage of one site on its own: how many records of each kind it makes and
//! how much text and how many facet values they carry, then how long building the records,
//! indexing them and writing the index take, with the process's memory after each step.
//!
//!   cargo run --release --example search_probe -- SITE_DIR

use std::collections::BTreeMap;
use std::time::Instant;
use wgsite::search;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/site.rs"]
mod site;
#[path = "support/status.rs"]
mod status;

/// Current and peak resident memory, in MB, from the kernel's view of this process.
fn memory() -> String {
    let mb = status::memory_mb;
    format!("rss {} MB, peak {} MB", mb("VmRSS"), mb("VmHWM"))
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
    let (config, linked) = site::linked(&root)?;
    println!("linked: {}", memory());

    let t = Instant::now();
    let mut records = search::records(&linked);
    // `WGSITE_PROBE_NO_PARTS=1` leaves out the records with parts (action items, decisions).
    if std::env::var_os("WGSITE_PROBE_NO_PARTS").is_some() {
        records.pages.retain(|r| r.parts.is_empty());
    }
    println!(
        "records: {} in {:.0} ms; {}",
        records.pages.len(),
        t.elapsed().as_secs_f64() * 1000.0,
        memory()
    );
    // `WGSITE_PROBE_SHOW=meetings/2009-07-30/` prints that page's record.
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
        // A record with parts is indexed from them, not from `content`.
        let text = r.content.len()
            + r.parts
                .iter()
                .map(|p| p.text.len() + p.detail.len())
                .sum::<usize>();
        tally.content += text;
        tally.largest = tally.largest.max(text);
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
