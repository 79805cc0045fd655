//! One module per command; each turns parsed arguments into calls on the library crates.

mod bench;
mod demo;
mod eval;
mod extract;
mod train;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Runs the command; `Ok` carries the exit code (2 when records were skipped).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Train(cmd) => train::run(cmd),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Demo(args) => demo::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
