//! `herald extract`: read articles, run the pipeline, print one record per article.
//!
//! Articles are processed in batches on all cores and printed in input order, so the output is
//! the same whatever the number of threads, and memory stays bounded by the batch size.

use crate::cli::{ExtractArgs, OutputFormat};
use crate::output::SkipReport;
use anyhow::Context;
use herald_core::Document;
use herald_nlp::Pipeline;
use herald_reader::Articles;
use herald_record::{Record, RecordOptions, polnear_predictions};
use rayon::prelude::*;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Articles processed together; bounds memory whatever the input size.
const BATCH: usize = 64;

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global().context("setting up worker threads")?;
    }
    let pipeline = Pipeline::with_second_attribution_pass(args.accurate);
    let options = RecordOptions { with_text: args.with_text, with_tokens: args.with_tokens };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());
    let mut report = SkipReport::default();
    let mut n_written = 0u64;
    if args.format == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    let mut articles = Articles::new(args.input.inputs(), args.input.read_options());
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        for result in articles.by_ref() {
            match result {
                Ok(doc) => {
                    report.n_read += 1;
                    batch.push(doc);
                    if batch.len() == BATCH {
                        break;
                    }
                }
                Err(err) => report.skip(&err),
            }
        }
        if batch.is_empty() {
            break;
        }
        // A stage failing on an article fails that article only.
        let rendered: Vec<Result<String, herald_nlp::guard::StageFailure>> = batch
            .par_iter_mut()
            .map(|doc| match pipeline.run_guarded(doc) {
                Ok(()) => render(doc, args.format, options).map(Ok),
                Err(failure) => Ok(Err(failure)),
            })
            .collect::<anyhow::Result<_>>()?;
        for (doc, text) in batch.iter().zip(rendered) {
            let text = match text {
                Ok(text) => text,
                Err(failure) => {
                    report.fail(&doc.meta, &failure);
                    continue;
                }
            };
            match args.format {
                OutputFormat::Json => {
                    out.write_all(if n_written == 0 { b"\n" } else { b",\n" })?;
                    out.write_all(text.as_bytes())?;
                }
                OutputFormat::Jsonl | OutputFormat::Polnear => out.write_all(text.as_bytes())?,
            }
            n_written += 1;
        }
    }
    if args.format == OutputFormat::Json {
        out.write_all(if n_written == 0 { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(report.finish())
}

fn render(doc: &Document, format: OutputFormat, options: RecordOptions) -> anyhow::Result<String> {
    Ok(match format {
        OutputFormat::Jsonl => {
            let mut line = serde_json::to_string(&Record::from_document(doc, options))?;
            line.push('\n');
            line
        }
        OutputFormat::Json => serde_json::to_string_pretty(&Record::from_document(doc, options))?,
        OutputFormat::Polnear => {
            let mut lines = String::new();
            for prediction in polnear_predictions(doc) {
                lines.push_str(&serde_json::to_string(&prediction)?);
                lines.push('\n');
            }
            lines
        }
    })
}
