//! Reading CoNLL-2003 files (`word POS chunk NER`, IOB1 or IOB2 tags, `-DOCSTART-` lines between
//! documents) into documents of tagged sentences, with tags converted to IOB2.

use super::tags::{self, Tag};
use std::io;
use std::path::Path;

/// A tagged sentence.
#[derive(Clone, Debug, Default)]
pub struct TaggedSentence {
    /// The words.
    pub words: Vec<String>,
    /// IOB2 tags, one per word.
    pub tags: Vec<Tag>,
}

/// A document: its sentences in order.
#[derive(Clone, Debug, Default)]
pub struct TaggedDocument {
    /// The sentences.
    pub sentences: Vec<TaggedSentence>,
}

fn parse_label(label: &str) -> Option<(char, usize)> {
    if label == "O" {
        return None;
    }
    let (prefix, ty) = label.split_once('-')?;
    let k = tags::TYPES.iter().position(|t| *t == ty)?;
    Some((prefix.chars().next()?, k))
}

/// Converts IOB1 or IOB2 labels of one sentence to IOB2 tags.
pub fn to_iob2(labels: &[&str]) -> Vec<Tag> {
    let mut out = Vec::with_capacity(labels.len());
    let mut prev: Option<usize> = None;
    for label in labels {
        match parse_label(label) {
            None => {
                out.push(tags::O);
                prev = None;
            }
            Some((prefix, k)) => {
                let tag = if prefix == 'B' || prev != Some(k) { tags::begin(k) } else { tags::inside(k) };
                out.push(tag);
                prev = Some(k);
            }
        }
    }
    out
}

/// Parses CoNLL text.
pub fn parse(text: &str) -> Vec<TaggedDocument> {
    let mut docs = vec![TaggedDocument::default()];
    let mut words: Vec<String> = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    let flush = |docs: &mut Vec<TaggedDocument>, words: &mut Vec<String>, labels: &mut Vec<&str>| {
        if !words.is_empty() {
            let tags = to_iob2(labels);
            docs.last_mut().expect("one document").sentences.push(TaggedSentence { words: std::mem::take(words), tags });
            labels.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut docs, &mut words, &mut labels);
            continue;
        }
        let mut cols = line.split_whitespace();
        let Some(word) = cols.next() else { continue };
        if word == "-DOCSTART-" {
            flush(&mut docs, &mut words, &mut labels);
            if !docs.last().is_some_and(|d| d.sentences.is_empty()) {
                docs.push(TaggedDocument::default());
            }
            continue;
        }
        let label = cols.last().unwrap_or("O");
        words.push(word.to_string());
        labels.push(label);
    }
    flush(&mut docs, &mut words, &mut labels);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

/// Reads a CoNLL file.
pub fn read(path: &Path) -> io::Result<Vec<TaggedDocument>> {
    Ok(parse(&std::fs::read_to_string(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_documents() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nB I B-PER\n\n-DOCSTART- -X- O O\n\nx x x O\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        let s = &docs[0].sentences[1];
        assert_eq!(s.tags, vec![tags::begin(0), tags::inside(0), tags::begin(0)]);
        assert_eq!(docs[0].sentences[0].tags, vec![tags::begin(1), tags::O, tags::begin(3)]);
    }
}
