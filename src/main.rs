//! The `wgsite` binary: parses the command line and exits with the code `cli::run` returns.

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    std::process::exit(cli::run(cli));
}
