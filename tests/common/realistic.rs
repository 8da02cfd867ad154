//! A generated archive of realistic size and awkward shape, for the tests of how the site
//! holds up on a phone and a desktop and of its HTML: three groups and 330 meetings over nine
//! years (some titles repeat their date), 90 people (some with very long names and handles),
//! twelve repositories with long names, agenda titles with code spans and unbreakable words,
//! notes with long links, tables, code, action items and decisions, and initiatives. Made
//! deterministically by the test (nothing large is committed) and built once per test run.

use super::{build_with, Built};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;
use wgsite::model::Date;
use wgsite::Options;

/// A small deterministic generator (xorshift64*): the same archive every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Slug, name, repository, meetings and days between meetings (plus up to a week).
type Group = (&'static str, &'static str, &'static str, usize, i64);

const GROUPS: &[Group] = &[
    (
        "security-wg",
        "Security Working Group",
        "acme-foundation/security-wg",
        150,
        18,
    ),
    (
        "tsc",
        "Technical Steering Committee",
        "acme-foundation/technical-steering-committee",
        120,
        24,
    ),
    ("loaders", "Loaders Team", "acme-foundation/loaders", 60, 45),
];

const REPOS: &[&str] = &[
    "acme-foundation/security-wg",
    "acme-foundation/technical-steering-committee",
    "acme-foundation/loaders",
    "acme-foundation/runtime",
    "acme-foundation/dependency-vulnerability-assessments",
    "acme-foundation/package-maintenance",
    "acme-foundation/docs",
    "acme-foundation/build",
    "acme-foundation/undici",
    "acme-foundation/performance",
    "acme-foundation/release",
    "acme-foundation/admin",
];

const FIRST: &[&str] = &[
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Elif",
    "Farid",
    "Gustavo",
    "Hana",
    "Ivan",
    "Julia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Maximiliana Konstantina",
    "Bartholomew",
];
const LAST: &[&str] = &[
    "Souza",
    "Okafor",
    "Wei",
    "Murphy",
    "Yilmaz",
    "Wolfeschlegelsteinhausenbergerdorff",
    "Prieto-Castellanos de la Fuente",
    "Kobayashi",
    "Petrov",
];

const TITLE_WORDS: &[&str] = &[
    "Permission model",
    "Threat model for `child_process.execFileSync` and `worker_threads`",
    "Security release process",
    "Audit `node:fs.promises.cp` symlink handling",
    "Reproducible builds",
    "Supply chain: `npm audit signatures` everywhere",
    "OpenSSF Scorecard",
    "Deprecate `--experimental-policy`",
    "Loader hooks off-thread",
    "https://github.com/acme-foundation/dependency-vulnerability-assessments/issues/new",
    "Vulnerability triage rotation and the HackerOne programme for third-party modules",
    "Roadmap",
    "Fuzzing with OSS-Fuzz",
    "Docs: permission-model-guide-for-application-developers",
];

struct Person {
    name: String,
    handle: String,
}

fn people(rng: &mut Rng) -> Vec<Person> {
    (0..90)
        .map(|i| {
            let first = rng.pick(FIRST);
            let last = rng.pick(LAST);
            let handle = match i % 11 {
                0 => format!(
                    "{}-{}-{i}",
                    first.to_lowercase().replace(' ', "-"),
                    last.to_lowercase().replace(' ', "-")
                ),
                _ => format!("{}{i}", first.chars().take(3).collect::<String>()).to_lowercase(),
            };
            Person {
                name: format!("{first} {last}"),
                handle,
            }
        })
        .collect()
}

/// One meeting's minutes.
fn minutes(rng: &mut Rng, group: Group, date: Date, people: &[Person]) -> String {
    let (_, name, _, _, _) = group;
    let mut md = String::new();
    // Most titles repeat the date, as real ones do; some in words.
    let _ = match rng.below(4) {
        0 => writeln!(md, "# {name} Meeting"),
        1 => writeln!(md, "# {name} Meeting ({})", date.human()),
        _ => writeln!(md, "# Acme Foundation {name} Meeting {date}"),
    };
    md.push_str("\n## Links\n\n* **Recording**: https://www.youtube.com/watch?v=abcdefghijk\n");
    md.push_str("\n## Present\n\n");
    let present: Vec<&Person> = (0..4 + rng.below(12)).map(|_| rng.pick(people)).collect();
    for p in &present {
        let _ = writeln!(md, "* {} (@{})", p.name, p.handle);
    }
    md.push_str("\n## Agenda\n\n## Announcements\n\n* Nothing this week.\n");
    for _ in 0..1 + rng.below(3) {
        let repo = rng.pick(REPOS);
        let _ = writeln!(md, "\n### {repo}\n");
        for _ in 0..2 + rng.below(6) {
            // Issue numbers recur, so issues have long timelines.
            let number = 1 + rng.below(60) * 7 + rng.below(3) * 1000;
            let title = rng.pick(TITLE_WORDS);
            let _ = writeln!(
                md,
                "* {title} [#{number}](https://github.com/{repo}/issues/{number})"
            );
            let who = rng.pick(&present);
            match rng.below(9) {
                0 => {
                    let _ = writeln!(
                        md,
                        "  * @{} will write up the plan in https://github.com/{repo}/blob/main/docs/a-very-long-path/to/the-design-document-for-this-issue.md",
                        who.handle
                    );
                }
                1 => {
                    let _ = writeln!(md, "  * Action: @{} to follow up with the release team", who.handle);
                }
                2 => md.push_str("  * Decision: ship it behind a flag first\n"),
                3 => md.push_str(
                    "  * Options compared:\n\n    | option | cost | risk | owner | status |\n    \
                     |---|---|---|---|---|\n    | flag | low | medium | runtime-team | agreed |\n    \
                     | default-on-in-the-next-major-release | high | low | tsc | open |\n",
                ),
                4 => md.push_str(
                    "  * Reproduction:\n\n    ```js\n    require('node:child_process').execFileSync('/usr/bin/env', ['--permission', '--allow-fs-read=/srv/application/config/production.json'])\n    ```\n",
                ),
                _ => {
                    let _ = writeln!(
                        md,
                        "  * {} summarised where this stands; no update since last time",
                        who.name
                    );
                }
            }
        }
    }
    md.push_str("\n## Q&A, Other\n\n* None.\n");
    md
}

/// Writes the archive into `dir`: `site.toml` and `content/GROUP/DATE.md`.
pub fn write_archive(dir: &Path) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let people = people(&mut rng);
    let mut toml = String::from(
        "title = \"Acme Foundation Working Groups and Committees\"\n\
         description = \"Minutes of the Acme Foundation's groups: a generated archive of realistic size.\"\n\
         base_url = \"https://example.org/acme/\"\nrepo = \"acme-foundation/admin\"\n",
    );
    for &(slug, name, repo, _, _) in GROUPS {
        let _ = write!(
            toml,
            "\n[[groups]]\nslug = \"{slug}\"\nname = \"{name}\"\nrepo = \"{repo}\"\npath = \"{slug}\"\n"
        );
    }
    toml.push_str(
        "\n[[initiatives]]\nslug = \"permission-model\"\nname = \"Permission Model\"\n\
         description = \"Restricting what code can touch.\"\nissues = []\n\
         keywords = [\"permission model\"]\n\n\
         [[initiatives]]\nslug = \"supply-chain\"\nname = \"Supply chain security for third-party modules\"\n\
         description = \"Signatures, audits and scorecards.\"\nissues = []\n\
         keywords = [\"supply chain\", \"scorecard\"]\n",
    );
    std::fs::write(dir.join("site.toml"), toml).expect("site.toml");
    for &group in GROUPS {
        let (slug, _, _, count, every) = group;
        let folder = dir.join("content").join(slug);
        std::fs::create_dir_all(&folder).expect("group folder");
        // From 2016 to about 2025, so that the groups overlap across the years.
        let mut day = Date::new(2016, 3, 3).expect("date").days_since_epoch() + rng.below(9) as i64;
        for _ in 0..count {
            let date = Date::from_days_since_epoch(day).expect("date");
            let text = minutes(&mut rng, group, date, &people);
            std::fs::write(folder.join(format!("{date}.md")), text).expect("minutes");
            day += every + rng.below(8) as i64;
        }
    }
}

/// The archive, built once for every test that asks (with its search index).
pub fn built() -> &'static Built {
    static SITE: OnceLock<(tempfile::TempDir, Built)> = OnceLock::new();
    let (_, built) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        write_archive(dir.path());
        let built = build_with(Options {
            root: dir.path().to_path_buf(),
            today: Date::new(2025, 6, 10),
            ..Options::default()
        });
        (dir, built)
    });
    built
}
