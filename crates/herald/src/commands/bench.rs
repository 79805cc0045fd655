//! `herald bench`: speed on real files, on one core. Articles are read into memory first; then
//! the pipeline runs over all of them `--repeat` times. Reported: the first run (cold caches, as a
//! one-off `herald extract` sees it) and the best run, in MB of text per second (MB = 10^6 bytes
//! of UTF-8) and tokens per second, with the time of each stage.

use crate::cli::BenchArgs;
use crate::output::SkipReport;
use herald_core::Document;
use herald_nlp::Pipeline;
use herald_reader::Articles;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let mut report = SkipReport::default();
    let read_start = Instant::now();
    let mut docs: Vec<Document> = Vec::new();
    for result in Articles::new(args.input.inputs(), args.input.read_options()) {
        match result {
            Ok(doc) => {
                report.n_read += 1;
                docs.push(doc);
            }
            Err(err) => report.skip(&err),
        }
    }
    let read_time = read_start.elapsed();
    anyhow::ensure!(!docs.is_empty(), "no articles to measure");
    let pipeline = match &args.until {
        Some(name) => Pipeline::with_second_attribution_pass(args.accurate)
            .until(name)
            .ok_or_else(|| anyhow::anyhow!("no stage '{name}'; the stages are: {}", Pipeline::standard().stage_names().join(", ")))?,
        None => Pipeline::with_second_attribution_pass(args.accurate),
    };
    let names = pipeline.stage_names();
    // Load embedded models and lexicons before timing: a start-up cost, reported apart.
    let load_start = Instant::now();
    let mut warm = docs[0].clone();
    let _ = pipeline.run_guarded(&mut warm);
    let load_time = load_start.elapsed();
    let n_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut runs: Vec<(Duration, Vec<Duration>)> = Vec::new();
    let mut n_sentences = 0;
    let mut n_tokens = 0;
    // Articles a stage failed on (timed up to the failure; reported after the figures).
    let mut failed: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for _ in 0..args.repeat.max(1) {
        let mut work: Vec<Document> = docs.clone();
        let mut stage_times = vec![Duration::ZERO; names.len()];
        let start = Instant::now();
        for doc in &mut work {
            if let Err(failure) = pipeline.run_timed_guarded(doc, &mut stage_times) {
                failed.insert(crate::output::article_place(&doc.meta), failure.to_string());
            }
        }
        runs.push((start.elapsed(), stage_times));
        n_sentences = work.iter().map(|d| d.sentences.len()).sum();
        n_tokens = work.iter().map(|d| d.tokens.len()).sum();
    }
    let first = runs[0].clone();
    let best = runs.iter().min_by_key(|r| r.0).cloned().unwrap_or_else(|| first.clone());
    let secs = |d: Duration| d.as_secs_f64().max(1e-9);
    let mb_per_s = |d: Duration| n_bytes as f64 / 1e6 / secs(d);
    let tokens_per_s = |d: Duration| n_tokens as f64 / secs(d);
    if args.json {
        let stages: Vec<serde_json::Value> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                serde_json::json!({
                    "stage": name,
                    "first_seconds": secs(first.1[i]),
                    "best_seconds": secs(best.1[i]),
                    "best_tokens_per_s": tokens_per_s(best.1[i]),
                    "best_mb_per_s": mb_per_s(best.1[i]),
                })
            })
            .collect();
        let result = serde_json::json!({
            "articles": docs.len(),
            "bytes": n_bytes,
            "sentences": n_sentences,
            "tokens": n_tokens,
            "load_seconds": secs(load_time),
            "read_mb_per_s": mb_per_s(read_time),
            "first": {"seconds": secs(first.0), "mb_per_s": mb_per_s(first.0), "tokens_per_s": tokens_per_s(first.0)},
            "best": {"seconds": secs(best.0), "mb_per_s": mb_per_s(best.0), "tokens_per_s": tokens_per_s(best.0)},
            "stages": stages,
        });
        crate::outln!("{result}");
    } else {
        crate::outln!("{} articles, {:.2} MB, {n_sentences} sentences, {n_tokens} tokens; one core", docs.len(), n_bytes as f64 / 1e6);
        crate::outln!(
            "reading files: {:.1} MB/s; loading models and lexicons: {:.2} s (once per process)",
            mb_per_s(read_time),
            secs(load_time)
        );
        crate::outln!("{:<12} {:>10} {:>12} {:>10} {:>14}", "stage", "first s", "best s", "MB/s", "tokens/s");
        for (i, name) in names.iter().enumerate() {
            crate::outln!(
                "{:<12} {:>10.3} {:>12.3} {:>10.1} {:>14.0}",
                name,
                secs(first.1[i]),
                secs(best.1[i]),
                mb_per_s(best.1[i]),
                tokens_per_s(best.1[i])
            );
        }
        crate::outln!(
            "{:<12} {:>10.3} {:>12.3} {:>10.1} {:>14.0}   (best of {})",
            "total",
            secs(first.0),
            secs(best.0),
            mb_per_s(best.0),
            tokens_per_s(best.0),
            runs.len()
        );
        crate::outln!("first run: {:.1} MB/s, {:.0} tokens/s", mb_per_s(first.0), tokens_per_s(first.0));
    }
    for (place, failure) in &failed {
        report.n_skipped += 1;
        eprintln!("herald: {place}: {failure}");
    }
    Ok(report.finish())
}
