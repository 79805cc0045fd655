//! `herald bench`: speed on real files, on one core. Articles are read into memory first; then
//! the stage runs over all of them `--repeat` times and the best run is reported, in MB of text
//! per second (MB = 10^6 bytes of UTF-8) and articles, sentences and tokens per second.

use crate::cli::{BenchArgs, BenchStage};
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
    let pipeline = match args.stage {
        BenchStage::Segment => Pipeline::segmentation_only(),
        BenchStage::Extract => Pipeline::standard(),
    };
    let n_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut best = Duration::MAX;
    let mut n_sentences = 0;
    let mut n_tokens = 0;
    for _ in 0..args.repeat.max(1) {
        let mut work: Vec<Document> = docs.clone();
        let start = Instant::now();
        for doc in &mut work {
            pipeline.run(doc);
        }
        best = best.min(start.elapsed());
        n_sentences = work.iter().map(|d| d.sentences.len()).sum();
        n_tokens = work.iter().map(|d| d.tokens.len()).sum();
    }
    let secs = best.as_secs_f64().max(1e-9);
    let mb_per_s = n_bytes as f64 / 1e6 / secs;
    let read_mb_per_s = n_bytes as f64 / 1e6 / read_time.as_secs_f64().max(1e-9);
    if args.json {
        let result = serde_json::json!({
            "stage": format!("{:?}", args.stage).to_lowercase(),
            "articles": docs.len(),
            "bytes": n_bytes,
            "sentences": n_sentences,
            "tokens": n_tokens,
            "seconds": secs,
            "mb_per_s": mb_per_s,
            "tokens_per_s": n_tokens as f64 / secs,
            "read_mb_per_s": read_mb_per_s,
            "stages": pipeline.stage_names(),
        });
        println!("{result}");
    } else {
        println!("stage        {:?} ({})", args.stage, pipeline.stage_names().join(" → "));
        println!("articles     {}", docs.len());
        println!("text         {:.2} MB", n_bytes as f64 / 1e6);
        println!("sentences    {n_sentences}");
        println!("tokens       {n_tokens}");
        println!("best of {}    {:.3} s", args.repeat.max(1), secs);
        println!("speed        {mb_per_s:.1} MB/s, {:.0} tokens/s, {:.0} articles/s (one core)", n_tokens as f64 / secs, docs.len() as f64 / secs);
        println!("reading      {read_mb_per_s:.1} MB/s (files to documents, once, cold or warm cache)");
    }
    Ok(report.finish())
}
