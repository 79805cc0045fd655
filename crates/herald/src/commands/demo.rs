//! `herald demo`: the first thing a new user runs. Ingests the bundled sample (the seed article,
//! embedded in the binary) into a temporary database and shows a short tour: the actors with
//! their roles, who said what, and the timeline, every fact traceable to its characters.

use crate::cli::DemoArgs;
use crate::outln;
use anyhow::Context;
use herald_store::{ActorFilter, Page, QuoteFilter, Store};
use std::process::ExitCode;

/// The bundled sample: the seed article in the seed format.
pub const SAMPLE_NAME: &str = "000_52261eb3b5464fb5.txt";
pub const SAMPLE: &str = include_str!("../../../../tests/data/seed/000_52261eb3b5464fb5.txt");

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let sample = dir.path().join(SAMPLE_NAME);
    std::fs::write(&sample, SAMPLE).context("writing the sample")?;
    let db = dir.path().join("demo.db");
    let summary = super::ingest::ingest(&db, vec![sample.into()], herald_reader::ReadOptions::default(), false, false, true)?;
    anyhow::ensure!(summary.skipped.is_empty(), "the bundled sample did not read: {:?}", summary.skipped);
    let store = Store::open_read_only(&db)?;
    if args.json {
        let article = store.article(1)?;
        outln!("{}", serde_json::to_string_pretty(&article.record)?);
        return Ok(ExitCode::SUCCESS);
    }
    let stats = store.stats()?;
    outln!("herald demo: the bundled sample article, ingested into a temporary database\n");
    let title = store.articles(&Default::default())?.first().and_then(|a| a.title.clone()).unwrap_or_default();
    outln!("  {title} ({})", stats.first_date.as_deref().unwrap_or("undated"));
    outln!(
        "  {} actors, {} statements, {} time expressions; {:.0}% of quotes with a resolved speaker\n",
        stats.actors,
        stats.statements,
        stats.times,
        stats.quotes_with_speaker
    );
    outln!("Actors (herald actors --type PERSON):");
    for a in store.actors(&ActorFilter { kind: Some("PERSON".into()), page: Page { limit: 8, offset: 0 }, ..Default::default() })? {
        outln!("  {:<22} {:>2} mentions, {:>2} quotes  {}", a.name, a.mentions, a.quotes, a.roles.join("; "));
    }
    outln!("\nWho said what (herald quotes --direct):");
    for s in store.statements(&QuoteFilter {
        direct_only: true,
        oldest_first: true,
        page: Page { limit: 10, offset: 0 },
        ..Default::default()
    })? {
        outln!("  {:<16} {}", s.speaker.as_deref().unwrap_or("(unknown)"), crate::output::shorten(&s.text, 90));
    }
    outln!("\nTimeline (herald timeline --actor Trump):");
    for s in store.statements(&QuoteFilter {
        speaker: Some("Trump".into()),
        oldest_first: true,
        dated_only: true,
        page: Page { limit: 5, offset: 0 },
        ..Default::default()
    })? {
        outln!("  {} {}", s.date.as_deref().unwrap_or("-"), crate::output::shorten(&s.text, 100));
    }
    outln!("\nEvery fact above carries character offsets into the article: `herald extract tests/data/seed/{SAMPLE_NAME}`");
    outln!(
        "Next: `herald ingest your/articles/ --db herald.db`, then `herald actors`, `herald quotes --speaker NAME`, `herald search WORDS`."
    );
    Ok(ExitCode::SUCCESS)
}
