//! Segmentation: paragraphs, sentences and tokens, each with byte offsets.
//!
//! Reads: `Document::text`, `Document::header`. Writes: `paragraphs`, `tokens`, `sentences`.
//!
//! Paragraphs are blocks separated by blank lines; a text without any blank line (common in JSON
//! records) has one paragraph per line. Sentences never cross paragraphs. Tokens follow the CoNLL
//! conventions the tagger was trained on; see [`tokenize`].

mod abbrev;
mod sentences;
pub mod tokenize;

use crate::Stage;
use herald_core::{Diagnostic, Document, Paragraph, Sentence, Span};

pub use abbrev::is_sentence_starter;

/// The segmentation stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct Segmenter;

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn process(&self, doc: &mut Document) -> Vec<Diagnostic> {
        segment(doc);
        Vec::new()
    }
}

/// True when the text has a blank line (a line break, optional horizontal white space, a line
/// break).
fn has_blank_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut last_newline: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => {
                if last_newline.is_some() {
                    return true;
                }
                last_newline = Some(i);
            }
            b' ' | b'\t' | b'\r' => {}
            _ => last_newline = None,
        }
    }
    false
}

/// Paragraph spans of `text`, trimmed, skipping `header`.
pub fn paragraphs(text: &str, header: Option<Span>) -> Vec<Span> {
    let by_blank_lines = has_blank_line(text);
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut line_start = 0;
    let push = |start: usize, end: usize, out: &mut Vec<Span>| {
        let mut span = Span::new(start, end);
        if let Some(h) = header
            && span.overlaps(h)
        {
            span = Span::new((h.end as usize).max(start), end.max(h.end as usize));
        }
        let span = span.trim(text);
        if !span.is_empty() && !span.text(text).chars().all(|c| c.is_whitespace() || c == '\u{feff}') {
            out.push(span);
        }
    };
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let blank = line.trim().is_empty();
        if by_blank_lines {
            if blank {
                if let Some(s) = para_start.take() {
                    push(s, line_start, &mut out);
                }
            } else if para_start.is_none() {
                para_start = Some(line_start);
            }
        } else if !blank {
            push(line_start, line_end, &mut out);
        }
        line_start = line_end;
    }
    if let Some(s) = para_start {
        push(s, text.len(), &mut out);
    }
    out
}

/// Fills the paragraph, token and sentence layers of `doc`.
pub fn segment(doc: &mut Document) {
    let paras = paragraphs(&doc.text, doc.header);
    doc.paragraphs.clear();
    doc.tokens.clear();
    doc.sentences.clear();
    doc.tokens.reserve(doc.text.len() / 5);
    for (para_idx, para) in paras.iter().enumerate() {
        doc.paragraphs.push(Paragraph { span: *para });
        let first_token = doc.tokens.len();
        tokenize::tokenize(&doc.text, *para, &mut doc.tokens);
        let para_tokens = &doc.tokens[first_token..];
        for (a, b) in sentences::split(&doc.text, para_tokens) {
            let span = Span::new(para_tokens[a].span.start as usize, para_tokens[b - 1].span.end as usize);
            doc.sentences.push(Sentence { span, tokens: (first_token + a) as u32..(first_token + b) as u32, paragraph: para_idx as u32 });
        }
    }
}

#[cfg(test)]
mod tests;
