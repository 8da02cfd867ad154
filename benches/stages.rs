//! Stage benchmarks (criterion) on a synthetic archive generated at start into a temporary
//! folder: load (walk + read + normalise), parse (all cores, and one), link, render, search
//! (records, then the Pagefind index), and a whole `build` in check mode (render + link check,
//! no search index, nothing written).
//!
//! ```text
//! cargo bench --bench stages                      # 1k meetings
//! WGSITE_BENCH_MEETINGS=300 cargo bench --bench stages -- parse
//! ```
//!
//! The archive comes from the same code as `cargo run --example gen_archive` (that file is
//! included here as a module), so the bench and the whole-build script measure the same shape.
//! Sample sizes are criterion's minimum (10) so the run stays within a few minutes on 2 cores.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wgsite::{archive, assembly, minutes, render, search, source, Options};

#[allow(dead_code)]
#[path = "../examples/gen_archive.rs"]
mod gen_archive;

/// The archive every benchmark reads; generated once per process.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    meetings: usize,
}

fn fixture() -> Fixture {
    let meetings = std::env::var("WGSITE_BENCH_MEETINGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::Builder::new()
        .prefix("wgsite-bench-")
        .tempdir_in(tmp_base())
        .expect("create a temporary folder");
    let root = dir.path().to_path_buf();
    gen_archive::write_archive(&root, meetings, 42, true, false).expect("generate the archive");
    Fixture {
        _dir: dir,
        root,
        meetings,
    }
}

/// tmpfs when there is one, so the load stage measures our work rather than the disk.
fn tmp_base() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

fn stages(c: &mut Criterion) {
    let fx = fixture();
    let opts = Options {
        root: fx.root.clone(),
        ..Options::default()
    };
    let config = wgsite::load_config(&opts).expect("site.toml");
    let content_dir = fx.root.join(&config.content_dir);
    let (paths, _) = source::walk(&content_dir, &config.content_dir).expect("walk");
    let loaded = source::load(&paths, &content_dir, &config.content_dir);
    assert_eq!(
        loaded.files.len(),
        fx.meetings,
        "every generated file loads"
    );
    let ctx = minutes::ParseContext {
        group: "main",
        repo: config.repo.clone(),
        aliases: &config.aliases,
        date_overrides: &config.dates,
    };
    let parse_all = || -> Vec<std::sync::Arc<wgsite::model::Minutes>> {
        loaded
            .files
            .par_iter()
            .filter_map(|f| minutes::parse(f, &ctx).0.map(std::sync::Arc::new))
            .collect()
    };
    let parsed = parse_all();
    assert_eq!(parsed.len(), fx.meetings, "every generated file parses");
    let linked = archive::link(parsed.clone(), &config, false);
    let theme = render::load_theme(&fx.root, &config).expect("theme");

    let n = fx.meetings;
    let mut group = c.benchmark_group(format!("{n}-meetings"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));

    group.bench_function("load", |b| {
        b.iter(|| {
            let (paths, _) = source::walk(&content_dir, &config.content_dir).unwrap();
            source::load(&paths, &content_dir, &config.content_dir)
        })
    });
    group.bench_function("parse", |b| b.iter(parse_all));
    group.bench_function("parse-1-thread", |b| {
        b.iter(|| {
            loaded
                .files
                .iter()
                .filter_map(|f| minutes::parse(f, &ctx).0)
                .count()
        })
    });
    group.bench_function("link", |b| {
        b.iter_batched(
            || parsed.clone(),
            |minutes| archive::link(minutes, &config, false),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("render", |b| {
        b.iter(|| {
            let renderer = render::Renderer::new(&theme).expect("templates");
            let site = assembly::Site {
                config: &config,
                archive: &linked,
                theme: &theme,
                renderer: &renderer,
                notes: &[],
                kept: None,
            };
            let idle = wgsite::output::Interrupt::default();
            assembly::files(&site, false, &idle).expect("render")
        })
    });
    group.bench_function("search-records", |b| b.iter(|| search::records(&linked)));
    group.bench_function("search-index", |b| {
        b.iter_batched(
            || search::records(&linked),
            |records| search::index(&config, records).expect("search index"),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("build-check-only", |b| {
        let opts = Options {
            root: fx.root.clone(),
            check_only: true,
            ..Options::default()
        };
        b.iter(|| wgsite::build(&opts).expect("build"))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
