//! One module per command; each turns parsed arguments into calls on the library crates.

mod bench;
mod demo;
mod eval;
mod extract;
mod ingest;
mod query;
mod serve;
mod train;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Runs the command; `Ok` carries the exit code (2 when records were skipped).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Actors(args) => query::actors(args),
        Command::Actor(args) => query::actor(args),
        Command::Quotes(args) => query::quotes(args),
        Command::Timeline(args) => query::timeline(args),
        Command::Search(args) => query::search(args),
        Command::Stats(args) => query::stats(args),
        Command::Export(args) => query::export(args),
        Command::Serve(args) => serve::run(args),
        Command::Train(cmd) => train::run(cmd),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Demo(args) => demo::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
