//! Training the tagger: an averaged structured perceptron (Collins 2002) over BIO tags with
//! first-order transitions, decoded by constrained Viterbi.
//!
//! Articles are visited in a seeded random order each epoch; inside an article sentences go in
//! order, and the history features of later sentences come from the tags the model itself
//! predicted for earlier ones, exactly as at prediction time. Deterministic for a given seed.

use super::conll::TaggedDocument;
use super::features::{Article, FeatureBuffer, WordStore};
use std::cell::RefCell;
use super::model::{next_weights_id, FeatureIndex, Weights};
use super::tags::{self, Tag, N_TAGS};

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: u32,
    /// Seed of the article order.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, seed: 1 }
    }
}

/// What happened in one epoch.
#[derive(Clone, Debug)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: u32,
    /// Sentences with at least one wrong tag.
    pub n_mistakes: u64,
    /// Sentences seen.
    pub n_sentences: u64,
    /// Features so far.
    pub n_features: usize,
    /// Development chunk F1 (percent) with the averaged weights, when dev data was given.
    pub dev_f1: Option<f64>,
}

/// A deterministic splitmix64 generator for shuffling.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

struct Averaged {
    weights: Weights,
    /// Sum of `c * delta` per weight, for lazy averaging.
    acc: Vec<f64>,
    acc_trans: Vec<f64>,
    c: f64,
}

impl Averaged {
    fn row(&mut self, feature: u64) -> usize {
        let next = self.weights.index.len() as u32;
        let row = *self.weights.index.entry(feature).or_insert(next) as usize;
        if row == next as usize {
            self.weights.w.extend_from_slice(&[0.0; N_TAGS]);
            self.acc.extend_from_slice(&[0.0; N_TAGS]);
        }
        row
    }

    fn update_emission(&mut self, feature: u64, tag: Tag, delta: f32) {
        let i = self.row(feature) * N_TAGS + tag as usize;
        self.weights.w[i] += delta;
        self.acc[i] += self.c * f64::from(delta);
    }

    fn update_transition(&mut self, prev: Option<Tag>, next: Tag, delta: f32) {
        let i = prev.map_or(N_TAGS, |p| p as usize) * N_TAGS + next as usize;
        self.weights.trans[i] += delta;
        self.acc_trans[i] += self.c * f64::from(delta);
    }

    fn averaged(&self) -> Weights {
        let c = self.c.max(1.0);
        let w = self.weights.w.iter().zip(&self.acc).map(|(w, a)| (f64::from(*w) - a / c) as f32).collect();
        let trans = self.weights.trans.iter().zip(&self.acc_trans).map(|(w, a)| (f64::from(*w) - a / c) as f32).collect();
        Weights { id: next_weights_id(), index: self.weights.index.clone(), w, trans }
    }
}

/// Tags every sentence of an article in order (history features flow forward); returns the tags
/// and per-token margins of each sentence.
///
/// Word features and their scores are kept per thread across articles (bounded by
/// `MAX_STORED_WORDS`), so frequent words cost one lookup.
pub fn tag_article<S: AsRef<str>>(weights: &Weights, sentences: &[&[S]]) -> Vec<(Vec<Tag>, Vec<f32>)> {
    thread_local! {
        static STORE: RefCell<WordStore> = RefCell::new(WordStore::default());
    }
    STORE.with_borrow_mut(|store| {
        if store.len() > MAX_STORED_WORDS {
            *store = WordStore::default();
        }
        let mut article = Article::new(store, sentences);
        let mut buf = FeatureBuffer::default();
        let mut emissions = Vec::new();
        let mut out = Vec::with_capacity(sentences.len());
        for sentence_idx in 0..sentences.len() {
            article.extract(sentence_idx, &mut buf);
            article.emissions(weights, &buf, true, &mut emissions);
            let (tags, margins) = weights.viterbi(&emissions);
            article.record(sentence_idx, &tags);
            out.push((tags, margins));
        }
        out
    })
}

/// Words kept per thread between articles before the store starts afresh (about 30 MB).
const MAX_STORED_WORDS: usize = 50_000;

/// Chunk-level precision, recall and F1 counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChunkCounts {
    /// Correct chunks.
    pub tp: u64,
    /// Predicted chunks.
    pub pred: u64,
    /// Gold chunks.
    pub gold: u64,
}

impl ChunkCounts {
    /// Adds the chunks of one sentence (exact span and type).
    pub fn add(&mut self, gold: &[Tag], pred: &[Tag]) {
        let g = tags::chunks(gold);
        let p = tags::chunks(pred);
        self.gold += g.len() as u64;
        self.pred += p.len() as u64;
        self.tp += p.iter().filter(|c| g.contains(c)).count() as u64;
    }

    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let p = if self.pred > 0 { self.tp as f64 / self.pred as f64 } else { 0.0 };
        let r = if self.gold > 0 { self.tp as f64 / self.gold as f64 } else { 0.0 };
        if p + r > 0.0 { 200.0 * p * r / (p + r) } else { 0.0 }
    }
}

/// Chunk counts of a model on tagged articles.
pub fn evaluate(weights: &Weights, docs: &[TaggedDocument]) -> ChunkCounts {
    let mut counts = ChunkCounts::default();
    for doc in docs {
        let sentences: Vec<&[String]> = doc.sentences.iter().map(|s| s.words.as_slice()).collect();
        for (s, (pred, _)) in doc.sentences.iter().zip(tag_article(weights, &sentences)) {
            counts.add(&s.tags, &pred);
        }
    }
    counts
}

/// Trains on `train`, reporting each epoch (with dev F1 when `dev` is not empty). Returns the
/// averaged weights of the last epoch.
pub fn train(train: &[TaggedDocument], dev: &[TaggedDocument], options: &TrainOptions, mut on_epoch: impl FnMut(&EpochReport)) -> Weights {
    let mut model = Averaged {
        weights: Weights { index: FeatureIndex::default(), ..Weights::default() },
        acc: Vec::new(),
        acc_trans: vec![0.0; (N_TAGS + 1) * N_TAGS],
        c: 1.0,
    };
    let mut rng = SplitMix(options.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut buf = FeatureBuffer::default();
    let mut emissions = Vec::new();
    let mut store = WordStore::default();
    for epoch in 1..=options.epochs {
        rng.shuffle(&mut order);
        let mut n_mistakes = 0;
        let mut n_sentences = 0;
        for &doc_idx in &order {
            let doc = &train[doc_idx];
            let sentences: Vec<&[String]> = doc.sentences.iter().map(|s| s.words.as_slice()).collect();
            let mut article = Article::new(&mut store, &sentences);
            for (sentence_idx, sentence) in doc.sentences.iter().enumerate() {
                article.extract(sentence_idx, &mut buf);
                article.emissions(&model.weights, &buf, false, &mut emissions);
                let (pred, _) = model.weights.viterbi(&emissions);
                if pred != sentence.tags {
                    n_mistakes += 1;
                    for i in 0..pred.len() {
                        let (g, p) = (sentence.tags[i], pred[i]);
                        if g != p {
                            for (word_id, group) in buf.groups(i) {
                                for &f in article.group_features(word_id, group) {
                                    model.update_emission(f, g, 1.0);
                                    model.update_emission(f, p, -1.0);
                                }
                            }
                            for &f in buf.token(i) {
                                model.update_emission(f, g, 1.0);
                                model.update_emission(f, p, -1.0);
                            }
                        }
                        let (gp, pp) = if i == 0 { (None, None) } else { (Some(sentence.tags[i - 1]), Some(pred[i - 1])) };
                        if (gp, g) != (pp, p) {
                            model.update_transition(gp, g, 1.0);
                            model.update_transition(pp, p, -1.0);
                        }
                    }
                }
                article.record(sentence_idx, &pred);
                model.c += 1.0;
                n_sentences += 1;
            }
        }
        let dev_f1 = (!dev.is_empty()).then(|| evaluate(&model.averaged(), dev).f1());
        on_epoch(&EpochReport { epoch, n_mistakes, n_sentences, n_features: model.weights.index.len(), dev_f1 });
    }
    prune(model.averaged())
}

/// Drops features whose weights are all negligible after averaging: they cannot change a
/// decision, and keeping them only grows the model file.
fn prune(weights: Weights) -> Weights {
    let max = weights.w.iter().fold(0f32, |m, x| m.max(x.abs()));
    let threshold = max / f32::from(i16::MAX);
    let mut keys: Vec<(u64, u32)> = weights.index.iter().map(|(k, v)| (*k, *v)).collect();
    keys.sort_unstable();
    let mut index = FeatureIndex::with_capacity_and_hasher(keys.len(), Default::default());
    let mut w = Vec::with_capacity(weights.w.len());
    for (key, row) in keys {
        let base = row as usize * N_TAGS;
        let row_w = &weights.w[base..base + N_TAGS];
        if row_w.iter().any(|x| x.abs() >= threshold) {
            index.insert(key, (w.len() / N_TAGS) as u32);
            w.extend_from_slice(row_w);
        }
    }
    Weights { id: next_weights_id(), index, w, trans: weights.trans }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::conll::parse;

    #[test]
    fn learns_a_tiny_corpus_deterministically() {
        let text = "-DOCSTART- O\n\nPeter B-PER\nBlackburn I-PER\nvisited O\nGermany B-LOC\n. O\n\nGermany B-LOC\nwelcomed O\nPeter B-PER\n. O\n\n";
        let docs = parse(text);
        let options = TrainOptions { epochs: 5, seed: 7 };
        let a = train(&docs, &docs, &options, |_| {});
        let b = train(&docs, &docs, &options, |_| {});
        assert_eq!(a.w, b.w);
        assert_eq!(evaluate(&a, &docs).f1(), 100.0);
    }
}
