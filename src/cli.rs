//! The command line: clap definitions and one `run()` that dispatches to the library and reports.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use wgsite::diag::render::{self, Color};
use wgsite::diag::Level;
use wgsite::{build, Options, Report};

#[derive(Parser, Debug)]
#[command(
    name = "wgsite",
    version,
    about = "Static sites for archives of working-group meeting minutes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in messages: `auto` on a terminal unless NO_COLOR is set (CLICOLOR_FORCE forces
    /// it), `always`, or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    fn resolve(self) -> Color {
        match self {
            ColorWhen::Auto => Color::for_stderr(),
            ColorWhen::Always => Color::Always,
            ColorWhen::Never => Color::Never,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (atomically: a failed build keeps the old output).
    Build {
        /// The site folder, holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: output_dir from site.toml, relative to the root).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Base URL, overriding site.toml (for preview deployments).
        #[arg(long)]
        base_url: Option<String>,
        /// Include minutes marked as drafts.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Also check that every internal link and #anchor resolves; a broken one is an error
        /// and nothing is written (`wgsite check` always does this).
        #[arg(long)]
        check_links: bool,
        /// Skip the search index (quicker builds; the search page then says search is off).
        #[arg(long)]
        no_search: bool,
    },
    /// Validate the archive and report problems as `file:line:col: level: message` (with the
    /// source lines when known); writes nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format for diagnostics: text on standard error, or one JSON object per
        /// line on standard output.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Preview the site: build it, serve it on this machine, rebuild on every change and reload
    /// open pages (a failed rebuild shows its errors in the page and keeps the last good site).
    Serve {
        /// The site folder, holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; when it is taken, the next 10 are tried. 0 takes any free
        /// port (the one taken is printed).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (0.0.0.0 shows the preview to the whole network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Base URL, overriding site.toml; the site is served under its path.
        #[arg(long)]
        base_url: Option<String>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Skip the search index (quicker rebuilds).
        #[arg(long)]
        no_search: bool,
        /// Include minutes marked as drafts.
        #[arg(long)]
        drafts: bool,
        /// Poll the files for changes (for file systems without change events: network
        /// shares, some containers).
        #[arg(long)]
        poll: bool,
    },
    /// Start a new site: site.toml, content/ with an example, and a GitHub Pages workflow.
    Init {
        /// The folder to create the site in (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The group's GitHub repository, OWNER/REPO (sets `repo` and the github.io `base_url`).
        #[arg(long, value_name = "OWNER/REPO", value_parser = repo_arg)]
        repo: Option<String>,
        /// The site title.
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

/// Validates `--repo` so a malformed one is a usage error.
fn repo_arg(s: &str) -> Result<String, String> {
    wgsite::config::parse_repo(s)
        .map(|_| s.trim().to_string())
        .map_err(|why| {
            format!("expected a GitHub OWNER/REPO (like `nodejs/security-wg`), found {s:?}: {why}")
        })
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Runs the command; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let color = cli.color.resolve();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            check_links,
            no_search,
        } => {
            let opts = Options {
                root,
                output,
                base_url,
                drafts,
                check_only: false,
                check_links,
                no_search,
                // The build date comes from SOURCE_DATE_EPOCH or the clock.
                today: None,
                interrupt: Some(stop_on_signals()),
                exit_after: true,
            };
            match build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics, Format::Text, color);
                    if report.errors() > 0 {
                        eprintln!(
                            "error: {} error(s) in the content; nothing was written, the previous \
                             output is unchanged",
                            report.errors()
                        );
                        return 1;
                    }
                    print_summary(&report, timings);
                    0
                }
                Err(e) => {
                    report_error(&e, Format::Text, color);
                    match e {
                        wgsite::BuildError::Interrupted { .. } => EXIT_INTERRUPTED,
                        _ => 1,
                    }
                }
            }
        }
        Command::Check { root, format } => {
            let opts = Options {
                root,
                check_only: true,
                ..Options::default()
            };
            match build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics, format, color);
                    let (errors, warnings) = wgsite::diag::count(&report.diagnostics);
                    if format == Format::Text {
                        eprintln!(
                            "checked {} meetings: {errors} error(s), {warnings} warning(s)",
                            report.meetings
                        );
                    }
                    i32::from(errors > 0)
                }
                Err(e) => {
                    report_error(&e, format, color);
                    1
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            base_url,
            open,
            no_search,
            drafts,
            poll,
        } => {
            let opts = wgsite::serve::ServeOptions {
                root,
                bind,
                port,
                base_url,
                open,
                no_search,
                drafts,
                poll,
            };
            match wgsite::serve::serve(opts) {
                Ok(()) => 0,
                Err(e) => {
                    report_error(&e, Format::Text, color);
                    1
                }
            }
        }
        Command::Init {
            dir,
            repo,
            title,
            force,
        } => run_init(
            wgsite::init::InitOptions {
                dir,
                repo,
                title,
                force,
            },
            color,
        ),
    }
}

fn run_init(opts: wgsite::init::InitOptions, color: Color) -> i32 {
    match wgsite::init::init(&opts, wgsite::init::today()) {
        Ok(done) => {
            if let Some((dir, count)) = &done.survey.minutes {
                eprintln!("found {count} minutes files in {dir}: content_dir is set to it");
            }
            if let (None, Some(repo)) = (&opts.repo, &done.survey.repo) {
                eprintln!("found the repository {repo} in the origin remote");
            }
            // `site.toml`, not `./site.toml`, when run in the site folder.
            let shown =
                |p: &std::path::Path| p.strip_prefix(".").unwrap_or(p).display().to_string();
            for path in &done.written {
                eprintln!("created {}", shown(path));
            }
            for path in &done.extended {
                eprintln!("added lines to {}", shown(path));
            }
            for path in &done.kept {
                eprintln!("kept {} as it is", shown(path));
            }
            let dir = wgsite::init::display_dir(&opts.dir);
            eprintln!("\nnext:");
            if dir != "." {
                eprintln!("  cd {dir}");
            }
            eprintln!(
                "  wgsite build    # builds into public/; open public/index.html in a browser"
            );
            eprintln!("  wgsite serve    # a live preview at http://127.0.0.1:1111/");
            eprintln!("  wgsite check    # validates the minutes and every internal link");
            eprintln!(
                "then push to GitHub and set Settings > Pages > Source to \"GitHub Actions\"."
            );
            if opts.repo.is_none() && done.survey.repo.is_none() {
                eprintln!(
                    "note: site.toml has a placeholder repo ({}); set yours there.",
                    wgsite::init::PLACEHOLDER_REPO
                );
            }
            0
        }
        Err(e) => {
            report_error(&e, Format::Text, color);
            1
        }
    }
}

/// The exit code of a build stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: i32 = 130;

/// Makes SIGINT and SIGTERM stop a build cleanly: at once while nothing is being written (reading,
/// parsing, linking); between two files while the pages are rendered and streamed to the staging
/// folder (which is then removed); after the swap when it has begun.
fn stop_on_signals() -> std::sync::Arc<wgsite::output::Interrupt> {
    let interrupt = std::sync::Arc::new(wgsite::output::Interrupt::default());
    let handle = interrupt.clone();
    let installed = ctrlc::set_handler(move || {
        if handle.request() {
            eprintln!(
                "error: {}",
                wgsite::BuildError::Interrupted { written: false }
            );
            std::process::exit(EXIT_INTERRUPTED);
        }
    });
    if let Err(e) = installed {
        // The build still works; an interrupted one leaves a staging folder for the next to clean.
        eprintln!("warning: cannot handle Ctrl-C cleanly: {e}");
    }
    interrupt
}

/// Prints a build-stopping error: its diagnostics, as every other diagnostic is printed.
fn report_error(e: &wgsite::BuildError, format: Format, color: Color) {
    print_diagnostics(&e.diagnostics(), format, color);
}

/// Text diagnostics go to standard error, like a compiler's; JSON lines go to standard output,
/// for tools to read.
fn print_diagnostics(diagnostics: &[wgsite::diag::Diagnostic], format: Format, color: Color) {
    match format {
        Format::Text => {
            let mut out = std::io::stderr().lock();
            for d in diagnostics {
                let _ = writeln!(out, "{}", render::text(d, color));
            }
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            for d in diagnostics {
                let _ = writeln!(out, "{}", render::json(d));
            }
        }
    }
}

fn print_summary(report: &Report, timings: bool) {
    let total = report.elapsed;
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Warning)
        .count();
    eprintln!(
        "built {} meetings, {} issues, {} people: {} files in {} ({}{:.0} ms{})",
        report.meetings,
        report.issues,
        report.people,
        report.files,
        report.output.display(),
        if report.unchanged > 0 {
            format!("{} unchanged, ", report.unchanged)
        } else {
            String::new()
        },
        total.as_secs_f64() * 1000.0,
        if warnings > 0 {
            format!(", {warnings} warning(s)")
        } else {
            String::new()
        }
    );
    if timings {
        let ms = |t: &std::time::Duration| t.as_secs_f64() * 1000.0;
        for (stage, t) in &report.timings {
            eprintln!("  {stage:<8} {:>8.1} ms", ms(t));
            if *stage == "render" && !report.page_times.is_empty() {
                eprintln!("    by kind of page, time summed over threads (in templates):");
                for p in &report.page_times {
                    eprintln!(
                        "    {:<16} {:>7} {:<5} {:>8.1} ms ({:.1} ms)",
                        p.kind,
                        p.pages,
                        if p.pages == 1 { "page" } else { "pages" },
                        ms(&p.total),
                        ms(&p.template)
                    );
                }
            }
            if *stage == "search" {
                for (step, t) in &report.search_steps {
                    let what = match *step {
                        "records" => "making the records",
                        "reading" => "Pagefind reading them",
                        "writing" => "Pagefind writing the index",
                        other => other,
                    };
                    eprintln!("    {what:<26} {:>8.1} ms", ms(t));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The section of docs/commands.md about `wgsite NAME`: from its `## \`wgsite NAME\``
    /// heading to the next `## `.
    fn section<'a>(docs: &'a str, name: &str) -> &'a str {
        let heading = format!("\n## `wgsite {name}`\n");
        let start = docs
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/commands.md has no section {heading:?}"));
        let rest = &docs[start + heading.len()..];
        &rest[..rest.find("\n## ").unwrap_or(rest.len())]
    }

    /// Every command and every flag is in the user guide's command reference, and every flag
    /// the reference names exists.
    #[test]
    fn every_command_and_flag_is_documented_and_every_documented_one_exists() {
        let docs =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/commands.md"))
                .expect("docs/commands.md");
        let cli = Cli::command();
        for command in cli.get_subcommands() {
            let name = command.get_name();
            let documented = section(&docs, name);
            let mut flags: Vec<String> = command
                .get_arguments()
                .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
                .map(|a| match a.get_long() {
                    Some(long) => format!("`--{long}"),
                    None => format!("`{}`", a.get_id().as_str().to_ascii_uppercase()),
                })
                .collect();
            flags.sort();
            for flag in &flags {
                assert!(
                    documented.contains(flag.as_str()),
                    "docs/commands.md does not document {flag} of `wgsite {name}`"
                );
            }
            // Every `--flag` the section names is one of the command's.
            for (i, _) in documented.match_indices("`--") {
                let named: String = documented[i + 1..]
                    .chars()
                    .take_while(|c| *c == '-' || c.is_ascii_alphanumeric())
                    .collect();
                assert!(
                    command
                        .get_arguments()
                        .any(|a| a.get_long() == named.strip_prefix("--")),
                    "docs/commands.md names {named} under `wgsite {name}`, which has no such flag"
                );
            }
        }
        let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        for (i, _) in docs.match_indices("\n## `wgsite ") {
            let name = docs[i + 12..].split('`').next().unwrap_or_default();
            assert!(
                names.contains(&name),
                "docs/commands.md documents `wgsite {name}`, which does not exist"
            );
        }
    }
}
