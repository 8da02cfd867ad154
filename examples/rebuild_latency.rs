//! Measures `wgsite serve`'s incremental rebuild: starts a session on a site, appends a note to
//! one minutes file (the middle one), rebuilds, and prints how long each step took.
//!
//!   cargo run --release --example rebuild_latency -- SITE_DIR [ROUNDS]

use std::time::Instant;
use wgsite::incremental::{Change, Session};
use wgsite::Options;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(
        args.next()
            .ok_or("usage: rebuild_latency SITE_DIR [ROUNDS]")?,
    );
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let opts = Options {
        root: root.clone(),
        no_search: true,
        ..Options::default()
    };
    let started = Instant::now();
    let (mut session, report, files) = Session::start(&opts)?;
    println!(
        "start: {} meetings, {} files in {:.0} ms",
        report.meetings,
        files.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let content = root.join(&session.config().content_dir);
    let mut minutes: Vec<_> = std::fs::read_dir(&content)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    minutes.sort();
    let target = minutes.get(minutes.len() / 2).ok_or("no minutes")?.clone();
    let original = std::fs::read_to_string(&target)?;
    let mut times = Vec::new();
    for round in 0..rounds {
        std::fs::write(
            &target,
            format!("{original}\n* Edit number {round} for the benchmark\n"),
        )?;
        let t = Instant::now();
        let rebuilt = session.rebuild(&Change::Content(vec![target.clone()]))?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        let stages: Vec<String> = rebuilt
            .report
            .timings
            .iter()
            .map(|(n, d)| format!("{n} {:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        println!(
            "round {round}: {} files changed in {ms:.1} ms ({}) e.g. {:?}",
            rebuilt.changed.len(),
            stages.join(", "),
            rebuilt
                .changed
                .iter()
                .map(|f| f.path.as_str())
                .take(4)
                .collect::<Vec<_>>()
        );
    }
    std::fs::write(&target, original)?;
    times.sort_by(f64::total_cmp);
    println!(
        "median rebuild: {:.1} ms",
        times.get(times.len() / 2).copied().unwrap_or(0.0)
    );
    Ok(())
}
