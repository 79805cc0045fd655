//! `herald serve`: the API and web page over a database, until Ctrl-C.

use crate::cli::ServeArgs;
use anyhow::{Context, bail};
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if !args.db.db.exists() {
        bail!("no database at {}; create one with `herald ingest --db {} FILES…`", args.db.db.display(), args.db.db.display());
    }
    if let Ok(store) = herald_store::Store::open_read_only(&args.db.db) {
        super::query::warn_if_unfinished(&store, &args.db.db);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the HTTP runtime")?;
    let limits = herald_web::server::Limits {
        max_connections: args.max_connections.max(1),
        header_timeout: std::time::Duration::from_secs(args.header_timeout.max(1)),
    };
    runtime
        .block_on(herald_web::serve(&args.db.db, args.addr, args.cache_mb * 1024 * 1024, limits, |addr| {
            // Printed on stdout (and flushed) so scripts and tests can wait for it and read the port.
            println!("herald: serving {} on http://{addr}/ (API: http://{addr}/api/v1/openapi.json); Ctrl-C stops", args.db.db.display());
            let _ = std::io::stdout().flush();
        }))
        .with_context(|| format!("serving on {}", args.addr))?;
    eprintln!("herald: stopped");
    Ok(ExitCode::SUCCESS)
}
