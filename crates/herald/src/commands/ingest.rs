//! `herald ingest`: extract articles and store the records.
//!
//! Reading and the check for articles already stored happen on this thread; extraction runs on
//! all cores (rayon), in small chunks, so that no core waits for the slowest article of a large
//! batch; one writer thread stores the chunks in the order they were read, 128 articles per
//! transaction, each article as soon as it is extracted. Memory is bounded by the chunks in
//! flight, whatever the corpus size. Killing the process at any moment leaves a consistent
//! database (a transaction is committed whole or not at all); running it again skips what is
//! stored and finishes the job. Each transaction adds to the actors and statements; what depends
//! on the whole corpus is completed at the end, in one transaction.

use crate::cli::IngestArgs;
use crate::output::SkipReport;
use anyhow::Context;
use herald_core::Document;
use herald_nlp::Pipeline;
use herald_reader::{Articles, Input, ReadOptions};
use herald_record::{Record, RecordOptions};
use herald_store::{IngestItem, Store, WriteOutcome};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Articles extracted one after the other by one worker: small, so that every core has work
/// until the last article.
const CHUNK: usize = 8;
/// Chunks read ahead of the writer: bounds the articles in memory.
const AHEAD: usize = 24;
/// Articles written in one transaction (a multiple of `CHUNK`).
const BATCH: usize = 128;

/// Where the writer receives the records of one chunk, or why they could not be made.
type ChunkResult = mpsc::Receiver<Result<Vec<IngestItem>, herald_store::StoreError>>;

/// What an ingest did.
#[derive(Debug, Default, Clone)]
pub struct IngestSummary {
    pub added: u64,
    pub replaced: u64,
    pub unchanged: u64,
    pub skipped: Vec<String>,
    pub n_actors: u64,
    pub n_statements: u64,
    pub seconds: f64,
}

/// The content hash of a document as the store computes it from its record.
fn document_hash(doc: &Document) -> String {
    let record = Record::from_document(doc, RecordOptions::default());
    Store::content_hash(&record, &doc.text)
}

/// Articles in the inputs when they are all text files (for an ETA); `None` otherwise.
fn count_text_files(inputs: &[Input]) -> Option<u64> {
    let mut n = 0;
    for input in inputs {
        let Input::Path(path) = input else { return None };
        let files: Vec<_> = if path.is_dir() { herald_reader::article_files(path) } else { vec![path.to_path_buf()] };
        for f in files {
            let ext = f.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            if ext != "txt" && ext != "text" {
                return None;
            }
            n += 1;
        }
    }
    Some(n)
}

/// Ingests the articles of `inputs` into the database at `db`.
pub fn ingest(
    db: &Path,
    inputs: Vec<Input>,
    options: ReadOptions,
    reextract: bool,
    accurate: bool,
    quiet: bool,
) -> anyhow::Result<IngestSummary> {
    let started = Instant::now();
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let reader_store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let extractor = herald_nlp::extractor_version(accurate);
    let total = count_text_files(&inputs);
    let progress = if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::hidden()
    } else if let Some(total) = total {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} articles, {per_sec}, ETA {eta} {msg}").expect("valid template"),
        );
        bar
    } else {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} articles, {per_sec} {msg} [{elapsed}]").expect("valid template"),
        );
        bar
    };
    // The writer takes the chunks in the order they were read (each one's result arrives on its
    // own channel), whichever worker finishes first.
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<ChunkResult>(AHEAD);
    let writer_extractor = extractor.clone();
    let writer = std::thread::Builder::new().name("herald-writer".into()).spawn(move || -> anyhow::Result<(Store, [u64; 3])> {
        let mut counts = [0u64; 3];
        let mut waiting = Duration::ZERO;
        let started = Instant::now();
        let mut chunks = chunk_rx.into_iter();
        loop {
            let mut failed: Option<anyhow::Error> = None;
            let items = chunks
                .by_ref()
                .take(BATCH / CHUNK)
                .map_while(|chunk| {
                    let t = Instant::now();
                    let result = chunk.recv();
                    waiting += t.elapsed();
                    match result {
                        Ok(Ok(items)) => Some(items),
                        Ok(Err(err)) => {
                            failed = Some(err.into());
                            None
                        }
                        Err(_) => {
                            failed = Some(anyhow::anyhow!("an extraction worker stopped before it finished"));
                            None
                        }
                    }
                })
                .flatten();
            let outcomes = store.write_batch(items, &writer_extractor, reextract)?;
            if let Some(err) = failed {
                return Err(err);
            }
            if outcomes.is_empty() {
                break;
            }
            for o in outcomes {
                counts[match o {
                    WriteOutcome::Added => 0,
                    WriteOutcome::Replaced => 1,
                    WriteOutcome::Unchanged => 2,
                }] += 1;
            }
        }
        tracing::info!("writer busy {:.2} s", (started.elapsed() - waiting).as_secs_f64());
        Ok((store, counts))
    })?;
    let pipeline = Pipeline::with_second_attribution_pass(accurate);
    let mut articles = Articles::new(inputs, options);
    let mut report = SkipReport::default();
    let mut skipped = Vec::new();
    let mut unchanged_early = 0u64;
    let mut last_log = Instant::now();
    let mut n_seen = 0u64;
    // Articles a stage failed on: reported, left out, and the ingest goes on.
    let failures: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let reading: anyhow::Result<()> = rayon::in_place_scope(|scope| {
        loop {
            let mut chunk: Vec<(Document, String)> = Vec::with_capacity(CHUNK);
            for result in articles.by_ref() {
                match result {
                    Ok(doc) => {
                        report.n_read += 1;
                        n_seen += 1;
                        let hash = document_hash(&doc);
                        // Already stored by this extractor (or re-extraction not asked for): skip
                        // before the expensive part.
                        let stored = reader_store.stored_extractor(&hash)?;
                        if stored.as_ref().is_some_and(|by| !reextract || *by == extractor) {
                            unchanged_early += 1;
                            progress.inc(1);
                            continue;
                        }
                        chunk.push((doc, hash));
                        if chunk.len() == CHUNK {
                            break;
                        }
                    }
                    Err(err) => {
                        if !quiet {
                            progress.suspend(|| report.skip(&err));
                        } else {
                            report.n_skipped += 1;
                        }
                        skipped.push(err.to_string());
                    }
                }
            }
            if chunk.is_empty() {
                return Ok(());
            }
            let (done_tx, done_rx) = mpsc::sync_channel(1);
            // Waits while AHEAD chunks are waiting for the writer: memory stays bounded.
            if chunk_tx.send(done_rx).is_err() {
                // The writer stopped; its error is reported below.
                return Ok(());
            }
            let (pipeline, bar, failures) = (&pipeline, progress.clone(), &failures);
            scope.spawn(move |_| {
                let n = chunk.len() as u64;
                let items = chunk
                    .into_iter()
                    .filter_map(|(mut doc, hash)| match pipeline.run_guarded(&mut doc) {
                        Ok(()) => {
                            Some(IngestItem::new(Record::from_document(&doc, RecordOptions { with_text: true, with_tokens: false }), hash))
                        }
                        Err(failure) => {
                            let message = format!("{}: {failure}", crate::output::article_place(&doc.meta));
                            if !quiet {
                                bar.suspend(|| eprintln!("herald: skipped {message}"));
                            }
                            failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(message);
                            None
                        }
                    })
                    .collect();
                bar.inc(n);
                // The writer is gone only when it failed; its error is reported.
                let _ = done_tx.send(items);
            });
            if progress.is_hidden() && !quiet && last_log.elapsed() > Duration::from_secs(5) {
                eprintln!("herald: {n_seen} articles read ({:.0}/s)", n_seen as f64 / started.elapsed().as_secs_f64().max(1e-9));
                last_log = Instant::now();
            }
        }
    });
    drop(chunk_tx);
    skipped.extend(failures.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner));
    tracing::info!("reading and extraction {:.2} s", started.elapsed().as_secs_f64());
    let (mut store, counts) = writer.join().map_err(|_| anyhow::anyhow!("the writer thread panicked"))??;
    reading?;
    // Bare surnames and regrouped statements for what changed (also what an interrupted ingest
    // left); nothing to do when nothing changed.
    let rebuilt = if store.needs_finalize().context("reading the database state")? {
        progress.set_message("resolving surnames, grouping statements");
        let t = Instant::now();
        let rebuilt = store.finalize().context("resolving surnames and grouping statements")?;
        tracing::info!("finalize {:.2} s", t.elapsed().as_secs_f64());
        rebuilt
    } else {
        tracing::info!("nothing changed: actors and statements kept");
        store.derived_counts().context("reading the database state")?
    };
    progress.finish_and_clear();
    Ok(IngestSummary {
        added: counts[0],
        replaced: counts[1],
        unchanged: counts[2] + unchanged_early,
        skipped,
        n_actors: rebuilt.n_actors,
        n_statements: rebuilt.n_statements,
        seconds: started.elapsed().as_secs_f64(),
    })
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        pool = pool.num_threads(n.max(1));
    }
    pool.build_global().context("setting up worker threads")?;
    let summary = ingest(&args.db.db, args.input.inputs(), args.input.read_options(), args.reextract, args.accurate, false)?;
    let n = summary.added + summary.replaced + summary.unchanged;
    let size = std::fs::metadata(&args.db.db).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "herald: {n} articles ({} added, {} replaced, {} already stored) in {:.1} s ({:.0} articles/s); {} actors, {} statements; {} ({:.1} MB)",
        summary.added,
        summary.replaced,
        summary.unchanged,
        summary.seconds,
        (summary.added + summary.replaced) as f64 / summary.seconds.max(1e-9),
        summary.n_actors,
        summary.n_statements,
        args.db.db.display(),
        size as f64 / 1e6
    );
    if summary.skipped.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("herald: {} records skipped:", summary.skipped.len());
    for s in summary.skipped.iter().take(50) {
        eprintln!("  {s}");
    }
    if summary.skipped.len() > 50 {
        eprintln!("  … and {} more (see the messages above)", summary.skipped.len() - 50);
    }
    Ok(ExitCode::from(2))
}
