//! Memory over a whole build: the bytes the build holds (allocated and not yet freed) beside
//! the process's resident memory, every 20 ms, then the peak of each.
//!
//! `cargo run --release --example heap_timeline -- SITE OUT [--no-search]`
//!
//! The build's own figure is deterministic, unlike RSS, which also counts what the allocator
//! keeps for later and the pages of the binary: the gap between the two is the allocator's.

use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The binary's allocator, counting.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call goes to mimalloc with the caller's arguments unchanged; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which is MiMalloc's.
        unsafe { MiMalloc.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match new_size.checked_sub(layout.size()) {
            Some(more) => grew(more),
            None => {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        // SAFETY: as for `alloc`.
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[path = "support/status.rs"]
mod status;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: heap_timeline SITE OUT [--no-search]");
        std::process::exit(2);
    };
    let opts = wgsite::Options {
        root: site.into(),
        output: Some(out.into()),
        no_search: args.iter().any(|a| a == "--no-search"),
        ..Default::default()
    };
    let start = Instant::now();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(20));
        println!(
            "{:7.2} s  held {:5} MB  rss {:5} MB",
            start.elapsed().as_secs_f64(),
            LIVE.load(Ordering::Relaxed) >> 20,
            status::memory_mb("VmRSS")
        );
    });
    match wgsite::build(&opts) {
        Ok(report) => println!(
            "built {} files in {:.2} s; peak held {} MB, peak rss {} MB",
            report.files,
            start.elapsed().as_secs_f64(),
            PEAK.load(Ordering::Relaxed) >> 20,
            status::memory_mb("VmHWM")
        ),
        Err(e) => {
            eprintln!("build failed: {e}");
            std::process::exit(1);
        }
    }
}
