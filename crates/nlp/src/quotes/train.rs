//! Training the attribution tagger on PolNeAR: each article runs through the stages before this
//! one (segmentation, names, entities), its gold sources, cues and contents become BIO tags on
//! its tokens, and an averaged perceptron learns them paragraph by paragraph. Features do not
//! depend on the weights, so they are computed once per pass. The second pass
//! ([`train_two_passes`]) learns from first-pass tags of models that did not see the article.

use super::N_TAGS;
use super::features::{FirstPass, Prepared};
use super::polnear::GoldArticle;
use crate::Pipeline;
use crate::perceptron::{Averaged, SplitMix, Weights, bio, prune};
use herald_core::{ArticleMeta, CharOffsets, Document, Span};
use rayon::prelude::*;

/// One paragraph's features and gold tags.
pub struct Example {
    feats: Vec<u64>,
    offsets: Vec<u32>,
    tags: Vec<bio::Tag>,
}

/// The document of a gold article after the stages before `quotes` (all of them: the rules read
/// the times too, and evaluation must see what `herald extract` sees).
pub fn prepare_document(article: &GoldArticle) -> Document {
    let meta = ArticleMeta { id: article.stem.clone(), ..ArticleMeta::default() };
    let mut doc = Document::new(meta, article.text.clone());
    if let Some(p) = Pipeline::standard().before("quotes") {
        p.run(&mut doc);
    }
    doc
}

/// Gold BIO tags of every token: a token takes a role when most of its characters are inside
/// one of the role's ranges; each range starts with `B-`.
pub fn gold_tags(doc: &Document, article: &GoldArticle) -> Vec<bio::Tag> {
    let offsets = CharOffsets::new(&doc.text);
    let mut tags = vec![bio::O; doc.tokens.len()];
    for att in &article.attributions {
        let roles = [(0usize, att.source.as_deref()), (1, att.cue.as_deref()), (2, Some(att.content.as_slice()))];
        for (k, ranges) in roles {
            for &(a, b) in ranges.unwrap_or(&[]) {
                let span = Span::new(offsets.to_byte(a) as usize, offsets.to_byte(b) as usize);
                let mut first = true;
                let mut t = doc.token_at_or_after(span.start as usize);
                while t < doc.tokens.len() && doc.tokens[t].span.start < span.end {
                    let ts = doc.tokens[t].span;
                    let inside = ts.end.min(span.end).saturating_sub(ts.start.max(span.start));
                    if inside * 2 >= ts.len() as u32 && tags[t] == bio::O {
                        tags[t] = if first { bio::begin(k) } else { bio::inside(k) };
                        first = false;
                    }
                    t += 1;
                }
            }
        }
    }
    tags
}

/// A gold article ready for training: its document after the stages before `quotes` and the
/// gold tag of each token.
pub struct TrainingArticle {
    /// The document.
    pub doc: Document,
    /// Gold BIO tags, one per token.
    pub tags: Vec<bio::Tag>,
}

/// Runs the stages before `quotes` over gold articles (in parallel).
pub fn prepare_articles(articles: &[GoldArticle]) -> Vec<TrainingArticle> {
    articles
        .par_iter()
        .map(|article| {
            let doc = prepare_document(article);
            let tags = gold_tags(&doc, article);
            TrainingArticle { doc, tags }
        })
        .collect()
}

/// The training examples of each article, one per paragraph (in parallel). With first-pass
/// tags (one vector per article), the examples of the second pass: each token's own features and
/// the context of the first pass's tags.
pub fn examples(articles: &[TrainingArticle], first: Option<&[Vec<bio::Tag>]>) -> Vec<Vec<Example>> {
    articles
        .par_iter()
        .enumerate()
        .map(|(i, article)| {
            let prep = Prepared::new(&article.doc);
            let pass = first.map(|tags| FirstPass::new(&prep, tags[i].clone()));
            (0..prep.paragraphs.len())
                .map(|p| {
                    let (a, b) = prep.paragraphs[p];
                    let mut feats = Vec::new();
                    let mut offsets = Vec::new();
                    for t in a..b {
                        offsets.push(feats.len() as u32);
                        prep.features(t, &mut feats);
                        if let Some(pass) = &pass {
                            prep.context_features(pass, t, &mut feats);
                        }
                    }
                    offsets.push(feats.len() as u32);
                    Example { feats, offsets, tags: article.tags[a..b].to_vec() }
                })
                .collect()
        })
        .collect()
}

/// The first pass's tags of each article under the given weights (in parallel).
pub fn first_pass_tags(weights: &Weights<N_TAGS>, articles: &[&TrainingArticle]) -> Vec<Vec<bio::Tag>> {
    articles.par_iter().map(|article| super::first_pass_tags(weights, &Prepared::new(&article.doc))).collect()
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: u32,
    /// Seed of the paragraph order.
    pub seed: u64,
}

/// One epoch's report.
#[derive(Clone, Debug)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: u32,
    /// Paragraphs with a wrong tag.
    pub n_mistakes: u64,
    /// Paragraphs.
    pub n_examples: u64,
    /// Token accuracy on the development examples (percent), if any.
    pub dev_token_accuracy: Option<f64>,
}

fn predict(weights: &Weights<N_TAGS>, ex: &Example) -> Vec<bio::Tag> {
    let n = ex.offsets.len() - 1;
    let emissions: Vec<[f32; N_TAGS]> = (0..n)
        .map(|i| {
            let mut s = [0f32; N_TAGS];
            weights.add_features(&ex.feats[ex.offsets[i] as usize..ex.offsets[i + 1] as usize], &mut s);
            s
        })
        .collect();
    weights.best_path(&emissions)
}

/// Token accuracy (percent) on examples.
pub fn token_accuracy(weights: &Weights<N_TAGS>, examples: &[&Example]) -> f64 {
    let (mut right, mut total) = (0u64, 0u64);
    for ex in examples {
        let pred = predict(weights, ex);
        right += pred.iter().zip(&ex.tags).filter(|(a, b)| a == b).count() as u64;
        total += ex.tags.len() as u64;
    }
    if total == 0 { 0.0 } else { 100.0 * right as f64 / total as f64 }
}

/// Trains on the examples.
pub fn train(train: &[&Example], dev: &[&Example], options: &TrainOptions, mut on_epoch: impl FnMut(&EpochReport)) -> Weights<N_TAGS> {
    let mut model: Averaged<N_TAGS> = Averaged::default();
    let mut rng = SplitMix(options.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    for epoch in 1..=options.epochs {
        rng.shuffle(&mut order);
        let mut n_mistakes = 0;
        for &i in &order {
            let ex = train[i];
            if ex.tags.is_empty() {
                continue;
            }
            let pred = predict(&model.weights, ex);
            let wrong = model.learn(&ex.tags, &pred, |t, add| {
                ex.feats[ex.offsets[t] as usize..ex.offsets[t + 1] as usize].iter().for_each(|&f| add(f));
            });
            n_mistakes += u64::from(wrong);
            model.tick();
        }
        let dev_token_accuracy = (!dev.is_empty()).then(|| token_accuracy(&model.averaged(), dev));
        on_epoch(&EpochReport { epoch, n_mistakes, n_examples: train.len() as u64, dev_token_accuracy });
    }
    // Small weights change few decisions and slow the tagger down: a feature is looked up at
    // every token, and a smaller table stays in the cache. Measured with the part-of-speech
    // features: keeping weights above 2% of the largest (81k features) or 5% (25k) gives the same
    // content F1 within 0.2 on dev and two splits of train, and the tagger runs about 5% faster.
    prune(model.averaged()).pruned(PRUNE_FRACTION)
}

/// Weights smaller than this fraction of the largest are dropped after training.
pub const PRUNE_FRACTION: f32 = 0.05;

/// Every example of every article, in order.
pub fn flatten(examples: &[Vec<Example>]) -> Vec<&Example> {
    examples.iter().flatten().collect()
}

/// The two passes of the tagger. The second pass learns from first-pass tags like those it will
/// see at run time: on training articles, tags of a first pass trained without them (`folds`
/// parts, each tagged by a model trained on the others); on development articles, tags of the
/// first pass trained on everything.
pub fn train_two_passes(
    train_articles: &[TrainingArticle],
    dev_articles: &[TrainingArticle],
    options: &TrainOptions,
    folds: usize,
    mut on_epoch: impl FnMut(&str, &EpochReport),
) -> (Weights<N_TAGS>, Weights<N_TAGS>) {
    let first_examples = examples(train_articles, None);
    let dev_first = examples(dev_articles, None);
    let first = train(&flatten(&first_examples), &flatten(&dev_first), options, |r| on_epoch("first pass", r));
    let mut jackknifed: Vec<Vec<bio::Tag>> = vec![Vec::new(); train_articles.len()];
    for fold in 0..folds {
        let part: Vec<&Example> = first_examples.iter().enumerate().filter(|(i, _)| i % folds != fold).flat_map(|(_, e)| e).collect();
        let weights = train(&part, &[], options, |r| on_epoch(&format!("fold {}/{folds}", fold + 1), r));
        let held: Vec<usize> = (0..train_articles.len()).filter(|i| i % folds == fold).collect();
        let refs: Vec<&TrainingArticle> = held.iter().map(|&i| &train_articles[i]).collect();
        for (i, tags) in held.into_iter().zip(first_pass_tags(&weights, &refs)) {
            jackknifed[i] = tags;
        }
    }
    drop(first_examples);
    drop(dev_first);
    let dev_refs: Vec<&TrainingArticle> = dev_articles.iter().collect();
    let dev_tags = first_pass_tags(&first, &dev_refs);
    let second_examples = examples(train_articles, Some(&jackknifed));
    let dev_second = examples(dev_articles, Some(&dev_tags));
    let second = train(&flatten(&second_examples), &flatten(&dev_second), options, |r| on_epoch("second pass", r));
    (first, second)
}
