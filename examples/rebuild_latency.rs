//! Measures `wgsite serve`'s incremental rebuild: starts a session on a site, edits one minutes
//! file (the middle one), rebuilds, and prints how long each step took. `notes` types a note
//! under the first agenda item (the archive keeps its structure); `item` adds an agenda item
//! citing a new issue in even rounds and takes it away again in odd ones (issue pages, lists,
//! people's meeting lists and neighbours change). Besides the wall time of each rebuild it
//! prints the process's CPU time per rebuild (all threads), which other work on the machine
//! disturbs less.
//!
//! With a structural edit the edited meeting's page is ready (and in `serve`, shown) before the
//! rest of the rebuild is done: it prints that time too.
//!
//!   cargo run --release --example rebuild_latency -- SITE_DIR [ROUNDS] [notes|item]

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
    let mode = args.next().unwrap_or_else(|| "notes".into());
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
    let mut shown_times = Vec::new();
    let cpu_before = cpu_seconds();
    for round in 0..rounds {
        std::fs::write(&target, edited(&original, &mode, round)?)?;
        let t = Instant::now();
        let mut shown = None;
        let rebuilt =
            session.rebuild_staged(&Change::Content(vec![target.clone()]), &mut |_| {
                shown = Some(t.elapsed().as_secs_f64() * 1000.0);
            })?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        // Without an early stage (typed notes) the page is shown when the rebuild is done.
        shown_times.push(shown.unwrap_or(ms));
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
    let cpu = cpu_seconds() - cpu_before;
    std::fs::write(&target, original)?;
    times.sort_by(f64::total_cmp);
    shown_times.sort_by(f64::total_cmp);
    println!(
        "median rebuild: {:.1} ms, edited page ready after {:.1} ms; CPU per rebuild (user+sys, all threads): {:.1} ms",
        times.get(times.len() / 2).copied().unwrap_or(0.0),
        shown_times.get(shown_times.len() / 2).copied().unwrap_or(0.0),
        cpu * 1000.0 / rounds.max(1) as f64
    );
    Ok(())
}

/// User and system CPU time of this process so far, from `/proc/self/stat` (Linux; 0
/// elsewhere), in seconds. Clock ticks are 1/100 s: meaningful over several rounds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// The minutes with a note typed under the first agenda item, or a new item before it.
fn edited(original: &str, mode: &str, round: usize) -> Result<String, Box<dyn std::error::Error>> {
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let first_item = lines
        .iter()
        .position(|l| {
            (l.starts_with("* ") || l.starts_with("- ")) && l.contains("](https://github.com/")
        })
        .ok_or("no agenda item in the minutes file")?;
    match mode {
        "notes" => lines.insert(
            first_item + 1,
            format!("  * Edit number {round} for the benchmark"),
        ),
        "item" if round % 2 == 1 => {} // back to the original: the item is taken away
        "item" => lines.insert(
            first_item,
            format!("* Benchmark item {round} [#987654](https://github.com/acme/wg/issues/987654)"),
        ),
        other => return Err(format!("unknown mode {other}: notes or item").into()),
    }
    Ok(lines.join("\n") + "\n")
}
