//! Training the part-of-speech tagger on the POS column of CoNLL-2003: greedy decoding with the
//! tagger's own previous tags as history, an averaged perceptron update at each wrong token.
//! Deterministic for a given seed.

use super::{N_TAGS, PosTag, argmax, decode, fold_ptb, history_features, static_features};
use crate::perceptron::{Averaged, SplitMix, Weights, prune};
use std::path::Path;

/// A sentence with its gold tags.
#[derive(Clone, Debug, Default)]
pub struct PosSentence {
    /// The words.
    pub words: Vec<String>,
    /// Gold tags (folded).
    pub tags: Vec<PosTag>,
}

/// Parses CoNLL-2003 text (`word POS chunk NER`) into sentences with folded POS tags.
pub fn parse_conll(text: &str) -> Vec<PosSentence> {
    let mut out = Vec::new();
    let mut cur = PosSentence::default();
    for line in text.lines() {
        let mut cols = line.split_whitespace();
        let (Some(word), Some(ptb)) = (cols.next(), cols.next()) else {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        };
        if word == "-DOCSTART-" {
            continue;
        }
        cur.words.push(word.to_string());
        cur.tags.push(fold_ptb(ptb));
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    out
}

/// Reads a CoNLL-2003 file.
pub fn read(path: &Path) -> std::io::Result<Vec<PosSentence>> {
    Ok(parse_conll(&std::fs::read_to_string(path)?))
}

/// Token accuracy (percent).
pub fn accuracy(weights: &Weights<N_TAGS>, sentences: &[PosSentence]) -> f64 {
    let (mut right, mut total) = (0usize, 0usize);
    let (mut feats, mut offsets, mut out) = (Vec::new(), Vec::new(), Vec::new());
    for s in sentences {
        feats.clear();
        offsets.clear();
        static_features(&s.words, &mut feats, &mut offsets);
        decode(weights, &s.words, &feats, &offsets, &mut out);
        right += out.iter().zip(&s.tags).filter(|(a, b)| a == b).count();
        total += s.tags.len();
    }
    100.0 * right as f64 / total.max(1) as f64
}

/// Trains; `report(epoch, mistakes, dev_accuracy)` after each epoch.
pub fn train(
    train: &[PosSentence],
    dev: &[PosSentence],
    epochs: u32,
    seed: u64,
    mut report: impl FnMut(u32, u64, Option<f64>),
) -> Weights<N_TAGS> {
    let prepared: Vec<(Vec<u64>, Vec<u32>)> = train
        .iter()
        .map(|s| {
            let (mut f, mut o) = (Vec::new(), Vec::new());
            static_features(&s.words, &mut f, &mut o);
            (f, o)
        })
        .collect();
    let mut model = Averaged::<N_TAGS>::default();
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = SplitMix(seed);
    let mut hist = [0u64; 2];
    let mut pred: Vec<PosTag> = Vec::new();
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        let mut mistakes = 0u64;
        for &si in &order {
            let s = &train[si];
            let (feats, offsets) = &prepared[si];
            pred.clear();
            for i in 0..s.words.len() {
                let own = &feats[offsets[i] as usize..offsets[i + 1] as usize];
                let mut scores = [0f32; N_TAGS];
                model.weights.add_features(own, &mut scores);
                let prev = i.checked_sub(1).map(|j| pred[j]);
                let prev2 = i.checked_sub(2).map(|j| pred[j]);
                history_features(prev, prev2, &mut hist);
                model.weights.add_features(&hist, &mut scores);
                let best = argmax(&scores);
                let gold = s.tags[i];
                if best != gold {
                    mistakes += 1;
                    for &f in own.iter().chain(&hist) {
                        model.update_emission(f, gold, 1.0);
                        model.update_emission(f, best, -1.0);
                    }
                }
                model.tick();
                pred.push(best);
            }
        }
        let dev_acc = (!dev.is_empty()).then(|| accuracy(&model.averaged(), dev));
        report(epoch, mistakes, dev_acc);
    }
    prune(model.averaged())
}

/// Token accuracy of a tagger on gold sentences, overall and per gold tag.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PosReport {
    /// Tokens scored.
    pub tokens: u64,
    /// Percent of tokens with the gold tag.
    pub accuracy: f64,
    /// Per gold tag: percent of its tokens tagged right.
    pub tags: std::collections::BTreeMap<&'static str, f64>,
}

/// Scores a tagger (the prediction path, with its word cache) on gold sentences.
pub fn score(tagger: &super::PosTagger, sentences: &[PosSentence]) -> PosReport {
    let mut right = [0u64; N_TAGS];
    let mut total = [0u64; N_TAGS];
    let mut out = Vec::new();
    for s in sentences {
        tagger.tag(&s.words, &mut out);
        for (&pred, &gold) in out.iter().zip(&s.tags) {
            total[gold as usize] += 1;
            right[gold as usize] += u64::from(pred == gold);
        }
    }
    let percent = |a: u64, b: u64| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    let tokens = total.iter().sum();
    PosReport {
        tokens,
        accuracy: percent(right.iter().sum(), tokens),
        tags: (0..N_TAGS).filter(|&k| total[k] > 0).map(|k| (super::TAGS[k], percent(right[k], total[k]))).collect(),
    }
}

impl std::fmt::Display for PosReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} tokens, accuracy {:.2}", self.tokens, self.accuracy)?;
        write!(f, "tag      accuracy")?;
        for (tag, accuracy) in &self.tags {
            write!(f, "\n{tag:<8} {accuracy:>8.2}")?;
        }
        Ok(())
    }
}
