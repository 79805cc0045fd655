//! Training the tagger: an averaged structured perceptron (Collins 2002) over BIO tags with
//! first-order transitions, decoded by constrained Viterbi.
//!
//! Articles are visited in a seeded random order each epoch; inside an article sentences go in
//! order, and the history features of later sentences come from the tags the model itself
//! predicted for earlier ones, exactly as at prediction time. Deterministic for a given seed.

use super::Weights;
use super::conll::TaggedDocument;
use super::features::{Article, FeatureBuffer, WordStore};
use super::tags::{self, N_TAGS, Tag};
use crate::perceptron::{Averaged, SplitMix, prune};
use std::cell::RefCell;

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
    let mut model: Averaged<N_TAGS> = Averaged::default();
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
                let pred = model.weights.best_path(&emissions);
                let wrong = model.learn(&sentence.tags, &pred, |i, add| {
                    for (word_id, group) in buf.groups(i) {
                        article.group_features(word_id, group).iter().for_each(|&f| add(f));
                    }
                    buf.token(i).iter().for_each(|&f| add(f));
                });
                n_mistakes += u64::from(wrong);
                article.record(sentence_idx, &pred);
                model.tick();
                n_sentences += 1;
            }
        }
        let dev_f1 = (!dev.is_empty()).then(|| evaluate(&model.averaged(), dev).f1());
        on_epoch(&EpochReport { epoch, n_mistakes, n_sentences, n_features: model.weights.index.len(), dev_f1 });
    }
    prune(model.averaged())
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
