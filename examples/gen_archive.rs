//! Deterministic generator of synthetic minutes archives shaped like the real ones (the seed's
//! template), for benchmarks: `--meetings N --out DIR [--seed S] [--force]` → `DIR/site.toml`
//! and `DIR/content/YYYY-MM-DD.md`.
//!
//! ```text
//! cargo run --release --example gen_archive -- --meetings 10000 --out /dev/shm/wg-10k
//! ```
//!
//! Shape of each meeting: title `# Acme WG Meeting DATE`, Links, Present (5–15 attendees from a
//! pool of 60, as `Name: @handle` or `Name (@handle)`, a team mention first), empty Agenda,
//! Announcements, 1–3 `### owner/repo` blocks of 5–15 agenda items
//! `* Title [#N](https://github.com/owner/repo/issues/N)` (every fifth number is a pull request)
//! with 1–3 notes each (some mention `#M` or `@handle`, some are status phrases such as "Removed
//! from agenda"; about one item in 40 carries a fenced ```js block), then Q&A and Upcoming
//! Meetings.
//!
//! Issue numbers are skewed the way real agendas are: about a third of the items come from a
//! per-repo pool of "evergreen" issues drawn Zipf-like (rank k with weight 1/k, so a handful
//! recur in a large share of the meetings), the rest from recently opened issues (each repo opens
//! a new one every other meeting it appears in), so distinct issues grow linearly with N (~1 per
//! meeting, as in the real archives).
//!
//! Dates: consecutive weekly meetings from 2000-01-06. Dates must stay within what wgsite
//! accepts (years 1900–2999), so when N weeks would pass the end of 2999 the spacing shrinks to
//! the widest whole number of days that fits (100k meetings → every 3 days); past one a day
//! (N > 365,236) a day holds several meetings, written `YYYY-MM-DD-2.md` and so on.
//!
//! Everything comes from one splitmix64 stream seeded by `--seed` (default 42): the same
//! arguments always give the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wgsite::model::Date;

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast, good enough for synthetic data, and stable across platforms.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        // Lemire's multiply-shift; the tiny bias is irrelevant here.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A stateless hash, for properties that must be the same every time an issue or person comes
/// up (titles, kinds) whatever the order of draws.
fn mix(a: u64, b: u64) -> u64 {
    Rng(a.wrapping_mul(0x1000_0000_01B3) ^ b.rotate_left(29)).next_u64()
}

/// Draws ranks `1..=n` with weight `1/k^s` by inverting a precomputed cumulative table.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|k| {
                total += 1.0 / (k as f64).powf(s);
                total
            })
            .collect::<Vec<_>>();
        Zipf { cumulative }
    }

    /// A rank in `1..=n`.
    fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.unit() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
            + 1
    }
}

// ---------------------------------------------------------------------------------------------
// Dates: wgsite's own day arithmetic (days since 1970-01-01), so generator and site agree.

/// Days since 1970-01-01 of a date written in this file.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    Date::new(y, m, d)
        .expect("a valid date written in this file")
        .days_since_epoch()
}

/// The file stem (and meeting date) of every meeting: weekly from 2000-01-06 when that fits
/// before 3000, else spaced as widely as fits, else several a day with `-2`, `-3`… suffixes.
fn meeting_stems(n: usize) -> Vec<(String, String)> {
    let first = days_from_civil(2000, 1, 6);
    let last = days_from_civil(2999, 12, 31);
    let days = (last - first + 1) as usize;
    let (step, per_day) = if n <= days.div_ceil(7) {
        (7, 1)
    } else if n <= days {
        (days / n, 1)
    } else {
        (1, n.div_ceil(days))
    };
    (0..n)
        .map(|i| {
            let day = first + ((i / per_day) * step) as i64;
            let date = Date::from_days_since_epoch(day)
                .expect("stems end by 2999-12-31 by construction")
                .to_string();
            let stem = match i % per_day {
                0 => date.clone(),
                k => format!("{date}-{}", k + 1),
            };
            (stem, date)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const ORG: &str = "acme";
const GROUP_REPO: &str = "acme/wg";
/// Repos that get `### owner/repo` blocks; the group's own repo comes up in most meetings.
const REPOS: &[&str] = &[
    "acme/wg",
    "acme/runtime",
    "acme/security",
    "acme/docs",
    "acme/tooling",
];
const REPO_WEIGHTS: &[u64] = &[10, 5, 4, 2, 2];

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chen", "Dara", "Elif", "Farid", "Gustavo", "Hana", "Ivan", "Julia", "Kofi",
    "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rafael", "Sofia", "Tomas", "Uma",
    "Viktor", "Wen", "Ximena", "Yusuf", "Zoe",
];
const LAST: &[&str] = &[
    "Souza",
    "Okafor",
    "Wei",
    "Murphy",
    "Yilmaz",
    "Haddad",
    "Prieto",
    "Kobayashi",
    "Petrov",
    "Schmidt",
    "Mensah",
    "Larsen",
    "Garcia",
    "Rahman",
    "Nasser",
    "Iyer",
    "Dubois",
    "Gonzaga",
    "Rossi",
    "Novak",
    "Patel",
    "Ivanova",
    "Zhang",
    "Lopez",
    "Demir",
    "Fischer",
    "Andersen",
    "Costa",
    "Kowalski",
    "Tanaka",
];
const PEOPLE: usize = 60;

const TITLE_HEADS: &[&str] = &[
    "Permission Model",
    "Best Practices badge",
    "Release Automation",
    "Threat Model",
    "Dependency audit",
    "Supply chain",
    "Fuzzing",
    "Security release process",
    "Documentation",
    "Test coverage",
    "CI reliability",
    "Policy integrity",
    "Build reproducibility",
    "Sandboxing",
    "Vulnerability triage",
    "Code signing",
    "SBOM generation",
    "Scorecard",
    "Onboarding",
    "Charter update",
];
const TITLE_TAILS: &[&str] = &[
    "Roadmap",
    "file system",
    "child processes",
    "workers",
    "network access",
    "next steps",
    "tracking issue",
    "proposal",
    "RFC",
    "follow-up",
    "Windows support",
    "symlinks",
    "environment variables",
    "documentation",
    "automation",
    "policy",
    "audit",
    "experiment",
];
const NOTE_SUBJECTS: &[&str] = &[
    "The draft",
    "The pull request",
    "The proposal",
    "The next release",
    "Our CI job",
    "The benchmark",
    "The roadmap",
    "The documentation",
    "The test suite",
    "The upstream fix",
    "The security team",
    "The new contributor",
];
const NOTE_VERBS: &[&str] = &[
    "is ready for review",
    "needs another pair of eyes",
    "landed in the last release",
    "is blocked on the upstream change",
    "was discussed at length",
    "got positive feedback from the community",
    "still needs tests for the edge cases",
    "will be split into smaller pieces",
    "is waiting for a decision from the TSC",
    "now covers the symlink case",
    "is slower than expected on Windows",
    "should be backported to the LTS lines",
];
const STATUS: &[&str] = &[
    "Removed from agenda",
    "Removed from the agenda",
    "No updates",
    "Skipped due to time",
    "~~Discussed last time~~ no updates this week",
];
const QA: &[&str] = &[
    "Should the group publish a yearly summary of the reports received? General support, parked.",
    "Question about the meeting time for people in Asia-Pacific; a poll will be opened.",
    "Reminder to add agenda items with the label before Tuesday.",
    "Nobody had questions this week.",
    "Discussion about mentoring new members; volunteers welcome.",
];
const CODE: &[&str] = &[
    "const fs = require('node:fs');\nfs.readFileSync('/etc/passwd', 'utf8');",
    "process.permission.has('fs.read', '/tmp');\n// => true",
    "import { spawn } from 'node:child_process';\nspawn('ls', ['-la'], { stdio: 'inherit' });",
];

struct Person {
    name: String,
    handle: String,
}

fn people() -> Vec<Person> {
    (0..PEOPLE)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i * 7 + i / FIRST.len()) % LAST.len()];
            let handle = match i % 4 {
                0 => format!(
                    "{}{}",
                    &first[..1].to_ascii_lowercase(),
                    last.to_lowercase()
                ),
                1 => format!("{}{}", first.to_lowercase(), last.to_lowercase()),
                2 => format!("{first}{}", &last[..2].to_ascii_uppercase()),
                _ => format!("{}-{}", first.to_lowercase(), last.to_lowercase()),
            };
            Person {
                name: format!("{first} {last}"),
                handle,
            }
        })
        .collect()
}

/// An issue's title: the same for the same issue, with the occasional rename over time.
fn issue_title(repo: usize, number: u64, meeting: usize) -> String {
    let h = mix(repo as u64 + 1, number);
    let head = TITLE_HEADS[(h % TITLE_HEADS.len() as u64) as usize];
    let tail = TITLE_TAILS[((h >> 16) % TITLE_TAILS.len() as u64) as usize];
    // Every tenth issue was renamed at some point in the archive's life.
    if (h >> 32).is_multiple_of(10) && meeting as u64 % 64 >= 32 {
        format!("{head} - {tail} (revised)")
    } else {
        format!("{head} - {tail}")
    }
}

fn is_pull(repo: usize, number: u64) -> bool {
    mix(repo as u64 + 101, number).is_multiple_of(5)
}

// ---------------------------------------------------------------------------------------------
// The archive

/// Per-repo issue numbering: evergreen issues are 1..=EVERGREEN, later ones are opened over time.
const EVERGREEN: usize = 300;

struct Generator {
    rng: Rng,
    people: Vec<Person>,
    attendance: Zipf,
    evergreen: Zipf,
    /// Next issue number to open, per repo.
    next_issue: Vec<u64>,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng(seed),
            people: people(),
            attendance: Zipf::new(PEOPLE, 0.8),
            evergreen: Zipf::new(EVERGREEN, 1.0),
            next_issue: vec![EVERGREEN as u64 + 31; REPOS.len()],
        }
    }

    fn pick_repo(&mut self, taken: &[usize]) -> usize {
        loop {
            let total: u64 = REPO_WEIGHTS.iter().sum();
            let mut x = self.rng.below(total);
            let mut r = 0;
            while x >= REPO_WEIGHTS[r] {
                x -= REPO_WEIGHTS[r];
                r += 1;
            }
            if !taken.contains(&r) {
                return r;
            }
        }
    }

    fn issue_number(&mut self, repo: usize) -> u64 {
        if self.rng.chance(0.35) {
            self.evergreen.sample(&mut self.rng) as u64
        } else {
            // Recent: one of the last ~30 opened, newest likeliest.
            let newest = self.next_issue[repo] - 1;
            let back = (self.rng.unit() * self.rng.unit() * 30.0) as u64;
            newest.saturating_sub(back).max(EVERGREEN as u64 + 1)
        }
    }

    fn note(&mut self, out: &mut String, repo: usize, indent: &str) {
        let r = self.rng.unit();
        let subject = *self.rng.pick(NOTE_SUBJECTS);
        let verb = *self.rng.pick(NOTE_VERBS);
        if r < 0.12 {
            let _ = writeln!(out, "{indent}* {}", self.rng.pick(STATUS));
        } else if r < 0.30 {
            let m = self.issue_number(repo);
            let _ = writeln!(out, "{indent}* {subject} {verb}, see #{m}");
        } else if r < 0.45 {
            let p = self.attendance.sample(&mut self.rng) - 1;
            let handle = &self.people[p].handle;
            let _ = writeln!(
                out,
                "{indent}* @{handle} will follow up: {} {verb}",
                subject.to_lowercase()
            );
        } else if r < 0.50 {
            let _ = writeln!(
                out,
                "{indent}* Details: https://github.com/{}/issues/{}#issuecomment-{}",
                REPOS[repo],
                self.issue_number(repo),
                1_000_000 + self.rng.below(9_000_000)
            );
        } else {
            let _ = writeln!(out, "{indent}* {subject} {verb}.");
        }
    }

    fn meeting(&mut self, index: usize, date: &str) -> String {
        let mut out = String::with_capacity(4096);
        let rng = &mut self.rng;
        let _ = writeln!(out, "# Acme WG Meeting {date}\n");
        let _ = writeln!(out, "## Links\n");
        let video: String = (0..11)
            .map(|_| {
                *rng.pick(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") as char
            })
            .collect();
        let _ = writeln!(
            out,
            "* **Recording**: https://www.youtube.com/watch?v={video}"
        );
        let _ = writeln!(
            out,
            "* **GitHub Issue**: https://github.com/{GROUP_REPO}/issues/{}",
            100_000 + index
        );
        let _ = writeln!(
            out,
            "* **Minutes Google Doc**: https://docs.google.com/document/d/1{video}{:x}/edit\n",
            rng.next_u64()
        );

        let _ = writeln!(out, "## Present\n");
        let _ = writeln!(out, "* WG team: @{GROUP_REPO}");
        let count = rng.range(5, 15) as usize;
        let mut present: Vec<usize> = Vec::with_capacity(count);
        while present.len() < count {
            let p = self.attendance.sample(&mut self.rng) - 1;
            if !present.contains(&p) {
                present.push(p);
            }
        }
        for p in present {
            let person = &self.people[p];
            if self.rng.chance(0.5) {
                let _ = writeln!(out, "* {}: @{}", person.name, person.handle);
            } else {
                let _ = writeln!(out, "* {} (@{})", person.name, person.handle);
            }
        }

        let _ = writeln!(out, "\n## Agenda\n\n## Announcements\n");
        if self.rng.chance(0.3) {
            let _ = writeln!(
                out,
                "* New releases went out this week; thanks to everyone who helped test them.\n"
            );
        }
        let _ = writeln!(
            out,
            "*Extracted from **wg-agenda** labeled issues and pull requests from the **{ORG} org** prior to the meeting.\n"
        );

        let blocks = self.rng.range(1, 3) as usize;
        let mut repos: Vec<usize> = Vec::with_capacity(blocks);
        for _ in 0..blocks {
            let r = self.pick_repo(&repos);
            repos.push(r);
        }
        repos.sort_unstable();
        for repo in repos {
            // The repo opens a new issue every other meeting it is discussed in.
            if self.rng.chance(0.5) {
                self.next_issue[repo] += 1;
            }
            let _ = writeln!(out, "### {}\n", REPOS[repo]);
            let items = self.rng.range(5, 15) as usize;
            let mut numbers: Vec<u64> = Vec::with_capacity(items);
            let mut tries = 0;
            while numbers.len() < items && tries < 200 {
                tries += 1;
                let n = self.issue_number(repo);
                if !numbers.contains(&n) {
                    numbers.push(n);
                }
            }
            for n in numbers {
                let kind = if is_pull(repo, n) { "pull" } else { "issues" };
                let _ = writeln!(
                    out,
                    "* {} [#{n}](https://github.com/{}/{kind}/{n})",
                    issue_title(repo, n, index),
                    REPOS[repo]
                );
                let notes = self.rng.range(1, 3);
                for _ in 0..notes {
                    self.note(&mut out, repo, "  ");
                }
                if self.rng.chance(0.025) {
                    let code = *self.rng.pick(CODE);
                    let _ = writeln!(out, "  * Example from the discussion:\n\n    ```js");
                    for line in code.lines() {
                        let _ = writeln!(out, "    {line}");
                    }
                    let _ = writeln!(out, "    ```");
                }
                out.push('\n');
            }
        }

        let _ = writeln!(out, "## Q&A, Other\n");
        for _ in 0..self.rng.range(1, 3) {
            let _ = writeln!(out, "* {}", self.rng.pick(QA));
        }
        let _ = writeln!(out, "\n## Upcoming Meetings\n");
        let _ = writeln!(
            out,
            "* **Project Calendar**: <https://example.org/calendar>"
        );
        out
    }
}

const SITE_TOML: &str = r#"# Synthetic archive written by `cargo run --example gen_archive` (wgsite benchmarks).
title = "Acme WG"
description = "Minutes of the (synthetic) Acme Working Group."
base_url = "https://acme.github.io/wg/"
repo = "acme/wg"

[[initiatives]]
slug = "permission-model"
name = "Permission Model"
description = "Restricting what code can touch: file system, child processes, workers."
issues = ["acme/wg#1", "acme/wg#4", "acme/runtime#2"]
keywords = ["permission model", "sandboxing"]

[[initiatives]]
slug = "best-practices"
name = "Best Practices badge"
description = "Earning the OpenSSF **Best Practices** badge and raising our Scorecard results."
issues = ["acme/wg#2", "acme/security#1"]
keywords = ["best practices", "scorecard"]

[[initiatives]]
slug = "release-automation"
name = "Release automation"
description = "Automating the security release process end to end."
issues = ["acme/wg#3", "acme/tooling#1", "acme/tooling#5"]
keywords = ["release automation", "security release process"]
"#;

// ---------------------------------------------------------------------------------------------
// Command line

struct Args {
    meetings: usize,
    out: PathBuf,
    seed: u64,
    force: bool,
    search: bool,
}

const USAGE: &str =
    "usage: gen_archive --meetings N --out DIR [--seed S (default 42)] [--force] [--no-search]\n\
  writes DIR/site.toml and DIR/content/*.md; --force replaces an existing DIR/content;\n\
  --no-search turns the search index off in site.toml ([search] enabled = false)";

fn parse_args() -> Result<Args, String> {
    let mut meetings = None;
    let mut out = None;
    let mut seed = 42;
    let mut force = false;
    let mut search = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match key.as_str() {
            "--meetings" | "-n" => {
                let v = value("--meetings")?.replace('_', "");
                let n = match v.to_ascii_lowercase().strip_suffix('k') {
                    Some(k) => k.parse::<usize>().map(|k| k * 1000),
                    None => v.parse::<usize>(),
                };
                meetings = Some(n.map_err(|_| format!("--meetings: not a number: {v}"))?);
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--force" => force = true,
            "--no-search" => search = false,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(Args {
        meetings: meetings.ok_or("--meetings is required")?,
        out: out.ok_or("--out is required")?,
        seed,
        force,
        search,
    })
}

/// Writes an archive of `meetings` meetings into `out` (`site.toml` and `content/`); returns
/// the bytes of minutes written. An existing non-empty `out/content` is an error unless `force`,
/// which replaces it. `search: false` turns the search index off in `site.toml`. Also used by `benches/stages.rs` (included there as a module).
pub fn write_archive(
    out: &Path,
    meetings: usize,
    seed: u64,
    search: bool,
    force: bool,
) -> std::io::Result<usize> {
    let content = out.join("content");
    if content.exists() && fs::read_dir(&content)?.next().is_some() {
        if !force {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} is not empty; pass --force to replace it",
                    content.display()
                ),
            ));
        }
        fs::remove_dir_all(&content)?;
    }
    fs::create_dir_all(&content)?;
    let mut site = SITE_TOML.to_string();
    if !search {
        site.push_str("\n[search]\nenabled = false\n");
    }
    fs::write(out.join("site.toml"), site)?;
    let mut generator = Generator::new(seed);
    let mut bytes = 0;
    for (index, (stem, date)) in meeting_stems(meetings).into_iter().enumerate() {
        let text = generator.meeting(index, &date);
        bytes += text.len();
        write_file(&content.join(format!("{stem}.md")), text.as_bytes())?;
    }
    Ok(bytes)
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = BufWriter::new(fs::File::create(path)?);
    f.write_all(bytes)?;
    f.flush()
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match write_archive(&args.out, args.meetings, args.seed, args.search, args.force) {
        Ok(bytes) => {
            eprintln!(
                "wrote {} meetings ({:.1} MB) to {}",
                args.meetings,
                bytes as f64 / 1e6,
                args.out.join("content").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    // Paths rather than `use super::*`: benches/stages.rs includes this file with cfg(test) on
    // but #[test] items stripped, where the import would be unused.
    #[test]
    fn dates_are_valid_unique_and_weekly_when_they_fit() {
        let stems = super::meeting_stems(3);
        assert_eq!(stems[0].0, "2000-01-06");
        assert_eq!(stems[1].0, "2000-01-13");
        let big = super::meeting_stems(100_000);
        assert!(big.last().unwrap().1.as_str() <= "2999-12-31");
        let mut seen: Vec<_> = big.iter().map(|s| &s.0).collect();
        seen.dedup();
        assert_eq!(seen.len(), 100_000);
    }
}
