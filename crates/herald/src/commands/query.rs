//! The query commands over a database: `actors`, `actor`, `quotes`, `timeline`, `search`,
//! `stats`. Tables by default, `--json` for machines; the same store functions answer the HTTP
//! API.

use crate::cli::{
    ActorArgs, ActorsAction, ActorsArgs, ExportArgs, ExportFormat, QueryArgs, QuotesArgs, SearchArgs, StatsArgs, TimelineArgs,
};
use crate::outln;
use crate::output::{shorten, table};
use anyhow::Context;
use herald_store::{ActorFilter, Page, QuoteFilter, StatementRow, Store};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

fn open(db: &Path) -> anyhow::Result<Store> {
    let store = Store::open_read_only(db).with_context(|| format!("opening {}", db.display()))?;
    warn_if_unfinished(&store, db);
    Ok(store)
}

/// Says so when an ingest stopped before finishing the database (actors and statements).
pub fn warn_if_unfinished(store: &Store, db: &Path) {
    if store.is_unfinished().unwrap_or(false) {
        eprintln!("{}", unfinished_warning(db));
    }
}

/// The warning for a database whose last ingest did not finish.
pub fn unfinished_warning(db: &Path) -> String {
    format!(
        "herald: warning: {} is unfinished: an ingest stopped before resolving actors and grouping statements, so actor and \
         statement figures may be off. Run the same `herald ingest --db {}` again: stored articles are skipped and the database is finished.",
        db.display(),
        db.display()
    )
}

fn page(q: &QueryArgs) -> Page {
    Page { limit: q.limit, offset: q.offset }
}

fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<ExitCode> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

pub fn actors(args: ActorsArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        Some(ActorsAction::Merge { a, b, db }) => {
            let mut store = Store::open(&db.db).with_context(|| format!("opening {}", db.db.display()))?;
            store.merge_actors(&a, &b)?;
            eprintln!("herald: {b:?} is now the same actor as {a:?} (kept across re-ingests)");
            return Ok(ExitCode::SUCCESS);
        }
        Some(ActorsAction::Split { actor, alias, db }) => {
            let mut store = Store::open(&db.db).with_context(|| format!("opening {}", db.db.display()))?;
            store.split_actor(&actor, &alias)?;
            eprintln!("herald: {alias:?} is no longer counted as {actor:?} (kept across re-ingests)");
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let store = open(&args.db.db)?;
    let mut p = page(&args.query);
    if let Some(top) = args.top {
        p.limit = top;
    }
    let filter = ActorFilter {
        kind: args.kind.map(|k| k.to_uppercase()),
        q: args.name,
        since: args.query.since.clone(),
        until: args.query.until.clone(),
        by_quotes: args.by_quotes,
        page: p,
    };
    let rows = store.actors(&filter)?;
    if args.query.json {
        return json(&rows);
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.name.clone(),
                a.kind.clone(),
                a.mentions.to_string(),
                a.articles.to_string(),
                a.quotes.to_string(),
                a.roles.join("; "),
            ]
        })
        .collect();
    outln!("{}", table(&["id", "actor", "type", "mentions", "articles", "quotes", "roles"], &cells, &[6, 32, 7, 8, 8, 6, 60]).trim_end());
    Ok(ExitCode::SUCCESS)
}

fn print_statements(rows: &[StatementRow]) -> anyhow::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|s| {
            let speaker = s.speaker.clone().unwrap_or_else(|| format!("({})", s.speaker_note.as_deref().unwrap_or("no speaker")));
            let variants = if s.variants > 1 { format!(" [+{} variants]", s.variants - 1) } else { String::new() };
            // A direct quote's text holds its own marks; only a statement cut from its marks gets one.
            let opens = s.direct && !s.text.starts_with(['“', '"', '\'', '‘', '«', '`']);
            let kind = if s.kind == "speech" { String::new() } else { format!(" ({})", s.kind) };
            let unsure = if s.confidence.is_some_and(|c| c < 0.5) { " [uncertain]" } else { "" };
            vec![
                s.date.as_deref().map(herald_core::readable_time_value).unwrap_or_else(|| "-".into()),
                speaker,
                format!("{}{}{variants}{kind}{unsure}", if opens { "“" } else { "" }, s.text),
                s.source.clone().unwrap_or_else(|| "-".into()),
                format!("{} {}", s.article_id, s.article_title.as_deref().map(|t| shorten(t, 30)).unwrap_or_default()),
            ]
        })
        .collect();
    outln!("{}", table(&["date", "speaker", "statement", "outlet", "article"], &cells, &[20, 24, 90, 14, 36]).trim_end());
    Ok(())
}

pub fn actor(args: ActorArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let detail = store.actor(&args.name, &page(&args.query))?;
    note_other_actors(&store, Some(&args.name))?;
    if args.query.json {
        return json(&detail);
    }
    let a = &detail.actor;
    outln!("{} ({}, actor {})", a.name, a.kind, a.id);
    outln!(
        "  {} mentions in {} articles, {} quotes; seen {} to {}",
        a.mentions,
        a.articles,
        a.quotes,
        a.first_date.as_deref().unwrap_or("?"),
        a.last_date.as_deref().unwrap_or("?")
    );
    let aliases: Vec<String> = detail.aliases.iter().map(|(n, c)| format!("{n} ({c})")).collect();
    outln!("  aliases: {}", aliases.join(", "));
    if !detail.roles.is_empty() {
        outln!("\nroles:");
        for r in &detail.roles {
            let title = r.title.as_deref().unwrap_or("(affiliation)");
            let of = r.of.as_deref().map(|o| format!(" of {o}")).unwrap_or_default();
            outln!(
                "  {title}{of}: {}×, {} to {}  e.g. article {} “{}”",
                r.times,
                r.first_date.as_deref().unwrap_or("?"),
                r.last_date.as_deref().unwrap_or("?"),
                r.evidence.article_id,
                shorten(&r.evidence.text, 60)
            );
        }
    }
    if !detail.co_actors.is_empty() {
        let co: Vec<String> = detail.co_actors.iter().map(|c| format!("{} ({})", c.name, c.articles)).collect();
        outln!("\nmost often alongside: {}", co.join(", "));
    }
    outln!("\nlatest statements:");
    print_statements(&detail.statements)?;
    Ok(ExitCode::SUCCESS)
}

/// Says on standard error which other actors a name given to `--speaker`, `--actor` or `actor`
/// could mean (`Clinton`: Hillary Clinton is answered; Bill and Chelsea Clinton are named).
fn note_other_actors(store: &Store, name: Option<&str>) -> anyhow::Result<()> {
    let Some(name) = name else { return Ok(()) };
    let others = store.other_actors_named(name)?;
    if !others.is_empty() {
        eprintln!(
            "note: {name:?} is read as the most mentioned actor of that name; also: {} (give a full name or an actor id)",
            others.join(", ")
        );
    }
    Ok(())
}

pub fn quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    note_other_actors(&store, args.filter.speaker.as_deref())?;
    let filter = QuoteFilter { page: page(&args.query), ..args.filter.to_filter(args.kind, &args.query.since, &args.query.until) };
    let rows = store.statements(&filter)?;
    if args.query.json {
        if args.variants {
            let with: Vec<serde_json::Value> = rows
                .iter()
                .map(|s| -> anyhow::Result<serde_json::Value> {
                    let mut v = serde_json::to_value(s)?;
                    v["variant_quotes"] = serde_json::to_value(store.variants(s.statement_id)?)?;
                    Ok(v)
                })
                .collect::<anyhow::Result<_>>()?;
            return json(&with);
        }
        return json(&rows);
    }
    print_statements(&rows)?;
    if args.variants {
        for s in rows.iter().filter(|s| s.variants > 1) {
            outln!("\nvariants of statement {}:", s.statement_id);
            print_statements(&store.variants(s.statement_id)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    note_other_actors(&store, args.actor.as_deref())?;
    let filter = QuoteFilter {
        speaker: args.actor,
        about: args.about,
        since: args.query.since.clone(),
        until: args.query.until.clone(),
        oldest_first: true,
        dated_only: true,
        page: page(&args.query),
        kind: args.kind.filter(),
        ..QuoteFilter::default()
    };
    let rows = store.statements(&filter)?;
    if args.query.json {
        return json(&rows);
    }
    print_statements(&rows)?;
    Ok(ExitCode::SUCCESS)
}

/// The columns of `herald export --format csv`, in order (docs/export.md).
const EXPORT_COLUMNS: [&str; 21] = [
    "statement_id",
    "quote_id",
    "date",
    "date_origin",
    "speaker",
    "speaker_actor_id",
    "speaker_text",
    "speaker_note",
    "direct",
    "text",
    "cue",
    "variants",
    "source",
    "article_id",
    "article_title",
    "article_date",
    "content",
    "rule",
    "confidence",
    "kind",
    "date_value",
];

/// `herald export`: every matching statement, streamed from the database to standard output.
pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    // (`each_statement` reads oldest first, whatever the filter says.)
    let filter = args.filter.to_filter(args.kind, &args.since, &args.until);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let n = match args.format {
        ExportFormat::Jsonl => store.each_statement(&filter, |row| -> anyhow::Result<()> {
            serde_json::to_writer(&mut out, &row)?;
            out.write_all(b"\n")?;
            Ok(())
        })?,
        ExportFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(EXPORT_COLUMNS)?;
            let n = store.each_statement(&filter, |row| -> anyhow::Result<()> {
                let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                let spans = row
                    .content
                    .as_array()
                    .map(|a| a.iter().map(|s| format!("{}-{}", s["start"], s["end"])).collect::<Vec<_>>().join(";"))
                    .unwrap_or_default();
                csv.write_record([
                    row.statement_id.to_string(),
                    row.quote_id.to_string(),
                    row.date.as_deref().map(herald_core::readable_time_value).unwrap_or_default(),
                    opt(&row.date_origin),
                    opt(&row.speaker),
                    row.speaker_actor_id.map(|i| i.to_string()).unwrap_or_default(),
                    opt(&row.speaker_text),
                    opt(&row.speaker_note),
                    row.direct.to_string(),
                    row.text.clone(),
                    opt(&row.cue),
                    row.variants.to_string(),
                    opt(&row.source),
                    row.article_id.to_string(),
                    opt(&row.article_title),
                    opt(&row.article_date),
                    spans,
                    row.rule.clone(),
                    row.confidence.map(|c| format!("{c:.3}")).unwrap_or_default(),
                    row.kind.clone(),
                    opt(&row.date),
                ])?;
                Ok(())
            })?;
            csv.flush()?;
            n
        }
    };
    out.flush()?;
    tracing::info!("{n} statements exported");
    Ok(ExitCode::SUCCESS)
}

pub fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let hits = store.search(&args.query, &page(&args.page))?;
    if args.page.json {
        return json(&hits);
    }
    let cells: Vec<Vec<String>> = hits
        .iter()
        .map(|h| {
            let place = match h.quote_id {
                Some(q) => format!("article {} quote {q}", h.article_id),
                None => format!("article {}", h.article_id),
            };
            vec![h.kind.clone(), place, h.title.clone().unwrap_or_default(), h.snippet.clone()]
        })
        .collect();
    outln!("{}", table(&["kind", "where", "title", "snippet"], &cells, &[8, 22, 36, 100]).trim_end());
    Ok(ExitCode::SUCCESS)
}

pub fn stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db.db)?;
    let s = store.stats()?;
    if args.json {
        return json(&s);
    }
    outln!(
        "articles        {} from {} outlets, {} to {} ({} undated)",
        s.articles,
        s.sources,
        s.first_date.as_deref().unwrap_or("-"),
        s.last_date.as_deref().unwrap_or("-"),
        s.undated_articles
    );
    outln!("actors          {} (from {} entities)", s.actors, s.entities);
    outln!("statements      {} ({} quotes; {:.1}% with a resolved speaker)", s.statements, s.quotes, s.quotes_with_speaker);
    outln!("times           {}", s.times);
    outln!("extracted by    {}", s.extractors.join("; "));
    Ok(ExitCode::SUCCESS)
}
