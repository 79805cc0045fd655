//! Entity scoring with the conlleval definition: a predicted entity counts only when its span
//! and type both match a gold entity exactly. Tagging starts from the gold tokens, article by
//! article (so document-level features see what they would see in use). herald's finer types map
//! back to CoNLL's (`GPE`, `LOC` → `LOC`; `NORP`, `MISC` → `MISC`).

use crate::Prf;
use herald_nlp::ner::{Tagger, conll::TaggedDocument, conll_type, refine_type, tags};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Counts for one type.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    tp: u64,
    pred: u64,
    gold: u64,
}

/// The conlleval report.
#[derive(Clone, Debug, Serialize)]
pub struct NerReport {
    /// Overall precision (percent).
    pub p: f64,
    /// Overall recall (percent).
    pub r: f64,
    /// Overall F1 (percent).
    pub f1: f64,
    /// Per CoNLL type.
    pub types: BTreeMap<String, Prf>,
    /// Gold entities.
    pub n_gold: u64,
    /// Predicted entities.
    pub n_pred: u64,
    /// Sentences scored.
    pub n_sentences: u64,
    /// Tokens scored.
    pub n_tokens: u64,
}

/// Scores a tagger on gold articles.
pub fn score(tagger: &Tagger, docs: &[TaggedDocument]) -> NerReport {
    let per_doc: Vec<BTreeMap<&'static str, Counts>> = docs
        .par_iter()
        .map(|doc| {
            let sentences: Vec<&[String]> = doc.sentences.iter().map(|s| s.words.as_slice()).collect();
            let mut counts: BTreeMap<&'static str, Counts> = BTreeMap::new();
            for (sentence, chunks) in doc.sentences.iter().zip(tagger.chunks(&sentences)) {
                let pred: Vec<(usize, usize, &'static str)> = chunks
                    .iter()
                    .map(|c| {
                        let text = sentence.words[c.start..c.end].join(" ");
                        (c.start, c.end, conll_type(refine_type(c.conll_type, &text)))
                    })
                    .collect();
                let gold: Vec<(usize, usize, &'static str)> =
                    tags::chunks(&sentence.tags).into_iter().map(|(s, e, k)| (s, e, tags::TYPES[k])).collect();
                for g in &gold {
                    counts.entry(g.2).or_default().gold += 1;
                }
                for p in &pred {
                    let c = counts.entry(p.2).or_default();
                    c.pred += 1;
                    if gold.contains(p) {
                        c.tp += 1;
                    }
                }
            }
            counts
        })
        .collect();
    let mut by_type: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for counts in per_doc {
        for (ty, c) in counts {
            let total = by_type.entry(ty).or_default();
            total.tp += c.tp;
            total.pred += c.pred;
            total.gold += c.gold;
        }
    }
    let (tp, pred, gold) = by_type.values().fold((0, 0, 0), |(a, b, c), x| (a + x.tp, b + x.pred, c + x.gold));
    let overall = Prf::from_counts(tp, pred, gold);
    NerReport {
        p: overall.p,
        r: overall.r,
        f1: overall.f1,
        types: by_type.iter().map(|(ty, c)| (ty.to_string(), Prf::from_counts(c.tp, c.pred, c.gold))).collect(),
        n_gold: gold,
        n_pred: pred,
        n_sentences: docs.iter().map(|d| d.sentences.len() as u64).sum(),
        n_tokens: docs.iter().flat_map(|d| &d.sentences).map(|s| s.words.len() as u64).sum(),
    }
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} sentences, {} tokens, {} gold entities, {} predicted", self.n_sentences, self.n_tokens, self.n_gold, self.n_pred)?;
        writeln!(f, "{:<8} {:>7} {:>7} {:>7}", "type", "P", "R", "F1")?;
        for (ty, prf) in &self.types {
            writeln!(f, "{:<8} {:>7.2} {:>7.2} {:>7.2}", ty, prf.p, prf.r, prf.f1)?;
        }
        write!(f, "{:<8} {:>7.2} {:>7.2} {:>7.2}", "overall", self.p, self.r, self.f1)
    }
}

/// The disagreements with the gold data, one line each: `missed TYPE text | sentence` for gold
/// entities not predicted exactly, `spurious TYPE text | sentence` for predictions that are not
/// gold (a wrong type or boundary gives one of each).
pub fn errors(tagger: &Tagger, docs: &[TaggedDocument]) -> Vec<String> {
    let mut out = Vec::new();
    for doc in docs {
        let sentences: Vec<&[String]> = doc.sentences.iter().map(|s| s.words.as_slice()).collect();
        for (sentence, chunks) in doc.sentences.iter().zip(tagger.chunks(&sentences)) {
            let text = sentence.words.join(" ");
            let pred: Vec<(usize, usize, &'static str)> = chunks
                .iter()
                .map(|c| (c.start, c.end, conll_type(refine_type(c.conll_type, &sentence.words[c.start..c.end].join(" ")))))
                .collect();
            let gold: Vec<(usize, usize, &'static str)> =
                tags::chunks(&sentence.tags).into_iter().map(|(s, e, k)| (s, e, tags::TYPES[k])).collect();
            for g in gold.iter().filter(|g| !pred.contains(g)) {
                out.push(format!("missed   {:<4} {} | {text}", g.2, sentence.words[g.0..g.1].join(" ")));
            }
            for p in pred.iter().filter(|p| !gold.contains(p)) {
                out.push(format!("spurious {:<4} {} | {text}", p.2, sentence.words[p.0..p.1].join(" ")));
            }
        }
    }
    out
}
