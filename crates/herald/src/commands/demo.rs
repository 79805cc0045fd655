//! `herald demo`: the first thing a new user runs. Extracts the bundled sample (the seed article,
//! embedded in the binary) and prints a short tour of what herald found, every fact with the
//! characters it came from.

use crate::cli::DemoArgs;
use herald_core::Document;
use herald_nlp::Pipeline;
use herald_record::{Record, RecordOptions};
use std::process::ExitCode;

/// The bundled sample: the seed article in the seed format.
pub const SAMPLE_NAME: &str = "000_52261eb3b5464fb5.txt";
pub const SAMPLE: &str = include_str!("../../../../tests/data/seed/000_52261eb3b5464fb5.txt");

/// The sample as a document, read exactly as `herald extract` reads the file.
pub fn sample_document() -> anyhow::Result<Document> {
    let mut results = herald_reader::read_bytes(SAMPLE.as_bytes().to_vec(), SAMPLE_NAME, herald_reader::ReadOptions::default());
    anyhow::ensure!(results.len() == 1, "the bundled sample should be one article");
    Ok(results.remove(0)?)
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let mut doc = sample_document()?;
    Pipeline::standard().run(&mut doc);
    let record = Record::from_document(&doc, RecordOptions::default());
    if args.json {
        crate::outln!("{}", serde_json::to_string_pretty(&record)?);
        return Ok(ExitCode::SUCCESS);
    }
    crate::outln!("herald demo: the bundled sample article ({SAMPLE_NAME})\n");
    crate::outln!("  title      {}", record.article.title.as_deref().unwrap_or("(none)"));
    crate::outln!(
        "  date       {} ({})",
        record.article.date.as_deref().unwrap_or("unknown"),
        record.article.date_origin.as_deref().unwrap_or("-")
    );
    crate::outln!(
        "  text       {} characters, {} paragraphs, {} sentences, {} tokens",
        record.text_length,
        record.paragraphs.len(),
        record.sentences.len(),
        doc.tokens.len()
    );
    crate::outln!("\nSentences (code-point offsets into the file):");
    for s in record.sentences.iter().take(5) {
        crate::outln!("  [{:>5}..{:<5}] {}", s.start, s.end, shorten(&slice_chars(&doc.text, s.start, s.end), 90));
    }
    if record.sentences.len() > 5 {
        crate::outln!("  … {} more", record.sentences.len() - 5);
    }
    crate::outln!("\nRun `herald extract tests/data/seed/{SAMPLE_NAME}` for the full JSON record.");
    Ok(ExitCode::SUCCESS)
}

fn slice_chars(text: &str, start: u32, end: u32) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}
