//! Feeds a site's search records to Pagefind through its only parallel entry point,
//! `add_directory`, and times its two steps, to compare with how a build feeds it (one record
//! at a time, `wgsite build --timings`): each record is written into FOLDER (use tmpfs) as the
//! page the build makes for records with parts, Pagefind reads the folder on all cores, then
//! builds its index.
//!
//!   cargo run --release --example pagefind_directory -- SITE_DIR FOLDER
//!
//! The build does not feed Pagefind this way: Pagefind numbers pages in the order the file
//! system lists the folder, so the index could differ from one machine or build to the next.

use std::time::Instant;
use wgsite::search;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/site.rs"]
mod site;
#[path = "support/status.rs"]
mod status;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: pagefind_directory SITE_DIR FOLDER";
    let root = std::path::PathBuf::from(args.next().ok_or(usage)?);
    let folder = args.next().ok_or(usage)?;
    let (config, linked) = site::linked(&root)?;
    let records = search::records(&linked);
    println!(
        "{} records; memory {} MB",
        records.pages.len(),
        status::memory_mb("VmRSS")
    );

    let started = Instant::now();
    if std::path::Path::new(&folder).exists() {
        std::fs::remove_dir_all(&folder)?;
    }
    std::fs::create_dir_all(&folder)?;
    for (i, r) in records.pages.iter().enumerate() {
        std::fs::write(
            format!("{folder}/{i:06}.html"),
            search::record_page(r, &config.language),
        )?;
    }
    println!("pages written in {:.0} ms", ms(started));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(config.language.clone())
            .max_fragments(search::MAX_FRAGMENT_FILES)
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options))?;
        let reading = Instant::now();
        let pages = index
            .add_directory(folder.clone(), Some("**/*.html".into()))
            .await?;
        println!(
            "Pagefind read {pages} pages in {:.0} ms; memory {} MB",
            ms(reading),
            status::memory_mb("VmRSS")
        );
        let writing = Instant::now();
        let files = index.get_files().await?;
        println!(
            "Pagefind wrote {} files in {:.0} ms; peak memory {} MB",
            files.len(),
            ms(writing),
            status::memory_mb("VmHWM")
        );
        Ok::<(), Box<dyn std::error::Error>>(())
    })?;
    std::fs::remove_dir_all(&folder)?;
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
