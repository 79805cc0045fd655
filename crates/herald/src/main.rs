//! The `herald` binary: command-line parsing, progress, tables and JSON at the edge, exit codes.
//! All the work happens in the library crates; each command is a thin wrapper in `commands/`.

mod cli;
mod commands;
mod output;

use clap::Parser;
use std::process::ExitCode;

// The taggers build many small vectors and strings per article; mimalloc serves them from
// per-thread pages, which makes extraction faster than with the system allocator (see
// docs/EVAL.md, speed).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logging(cli.verbose);
    herald_nlp::guard::install_panic_hook();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("herald: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("HERALD_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
