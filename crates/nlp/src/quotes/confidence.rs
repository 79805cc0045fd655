//! A statement's confidence: the estimated probability that its content and its resolved speaker
//! are both right, from a logistic model over what the quote stage knows of the statement (the
//! tagger's margin, quotation marks, the kind of cue, how the speaker was found and resolved).
//!
//! The tagger's own confidence is a margin that is near 1.00 for almost every statement, while
//! about half of them have a wrong content or speaker; the model here (`calibration.v1`, trained
//! by `herald train calibration` on PolNeAR train, card in `models/calibration.v1.md`) turns the
//! evidence into a probability a reader can filter on.

use super::polnear::GoldArticle;
use herald_core::{CharOffsets, Document, EntityType, MentionKind, Quote, QuoteKind, Span};

/// The features, in the model file's order.
pub const FEATURES: [&str; 22] = [
    "bias",
    "direct",
    "tagger_confidence",
    "tagger_unsure",
    "no_cue",
    "kind_thought",
    "kind_other",
    "no_speaker",
    "speaker_named",
    "speaker_pronoun",
    "speaker_continued",
    "speaker_unresolved",
    "speaker_not_person",
    "speaker_description",
    "long_source",
    "made_by_rule",
    "short_content",
    "long_content",
    "split_content",
    "headline",
    "speaker_modifier",
    "speaker_lower_case",
];

/// The name of the model in provenance and cards.
pub const MODEL_NAME: &str = "calibration.v1";

const EMBEDDED: &str = include_str!("../../models/calibration.v1.txt");

/// A logistic model: one weight per feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// Weights in [`FEATURES`] order.
    pub weights: Vec<f32>,
}

impl Calibration {
    /// Reads the model file: `name weight` lines in any order (`#` comments); a feature the file
    /// lacks weighs nothing, a name the model does not know is an error.
    pub fn parse(text: &str) -> Result<Calibration, String> {
        let mut weights = vec![0f32; FEATURES.len()];
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (name, value) = line.split_once(char::is_whitespace).ok_or_else(|| format!("not `name weight`: {line}"))?;
            let i = FEATURES.iter().position(|f| *f == name).ok_or_else(|| format!("unknown feature {name}"))?;
            weights[i] = value.trim().parse().map_err(|_| format!("not a number: {line}"))?;
        }
        Ok(Calibration { weights })
    }

    /// The model file's text.
    pub fn to_text(&self) -> String {
        FEATURES.iter().zip(&self.weights).map(|(f, w)| format!("{f} {w:.6}\n")).collect()
    }

    /// The embedded model.
    pub fn embedded() -> &'static Calibration {
        static MODEL: std::sync::OnceLock<Calibration> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| Calibration::parse(EMBEDDED).expect("the embedded calibration model parses"))
    }

    /// The probability for a feature vector.
    pub fn probability(&self, x: &[f32]) -> f32 {
        let z: f32 = self.weights.iter().zip(x).map(|(w, v)| w * v).sum();
        1.0 / (1.0 + (-z).exp())
    }

    /// Fits a model by gradient descent on the log loss (a light L2 penalty keeps rare features
    /// from running away).
    pub fn fit(samples: &[(Vec<f32>, bool)], iterations: usize) -> Calibration {
        let n = FEATURES.len();
        let mut w = vec![0f32; n];
        let m = samples.len().max(1) as f32;
        let (rate, l2) = (0.5f32, 1e-4f32);
        for _ in 0..iterations {
            let mut grad = vec![0f32; n];
            for (x, y) in samples {
                let z: f32 = w.iter().zip(x).map(|(a, b)| a * b).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let err = p - if *y { 1.0 } else { 0.0 };
                for (g, v) in grad.iter_mut().zip(x) {
                    *g += err * v;
                }
            }
            for (i, (wi, g)) in w.iter_mut().zip(&grad).enumerate() {
                let penalty = if i == 0 { 0.0 } else { l2 * *wi };
                *wi -= rate * (g / m + penalty);
            }
        }
        Calibration { weights: w }
    }
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "who", "i", "we", "you", "him", "her", "them", "us", "me", "which", "that"];

/// The name mentions of each entity by start, built once per document: finding the one a source
/// overlaps is a binary search, however often the entity is named.
pub struct NameSpans {
    by_entity: Vec<Vec<Span>>,
}

impl NameSpans {
    /// Indexes the names of `doc`.
    pub fn new(doc: &Document) -> NameSpans {
        let by_entity = doc
            .entities
            .iter()
            .map(|e| {
                let mut spans: Vec<Span> = e.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.span).collect();
                spans.sort_by_key(|s| (s.start, s.end));
                spans
            })
            .collect();
        NameSpans { by_entity }
    }

    /// The first name of entity `e` overlapping `span`.
    fn overlapping(&self, e: usize, span: Span) -> Option<Span> {
        let spans = self.by_entity.get(e)?;
        // Names start before the span ends; one starting long before it cannot reach into it.
        let hi = spans.partition_point(|s| s.start < span.end);
        let lo = spans[..hi].partition_point(|s| s.start.saturating_add(super::features::LONGEST_MENTION_BYTES) < span.start);
        spans[lo..hi].iter().copied().find(|s| span.overlaps(*s))
    }
}

/// The features of a quote whose provenance still holds the tagger's confidence.
pub fn features(doc: &Document, names: &NameSpans, q: &Quote) -> Vec<f32> {
    let text = &doc.text;
    let b = |v: bool| if v { 1.0 } else { 0.0 };
    let tagger = q.provenance.confidence.unwrap_or(1.0);
    let words = |s: Span| s.text(text).split_whitespace().count();
    let content_words: usize = q.content.iter().map(|&c| words(c)).sum();
    let sp = q.speaker.as_ref();
    let source = sp.map(|s| s.span.text(text)).unwrap_or("");
    let pronoun = PRONOUNS.contains(&source.to_lowercase().as_str());
    let entity = sp.and_then(|s| s.entity).and_then(|e| doc.entities.get(e as usize));
    let named = sp.and_then(|s| s.entity).and_then(|e| names.overlapping(e as usize, sp.map(|s| s.span).unwrap_or_default()));
    // `a Democratic source`, `Several former RT journalists`: the name is a modifier of the
    // source's head.
    let modifier = named.is_some_and(|m| {
        let end = sp.map_or(m.end, |s| s.span.end);
        text.get(m.end as usize..end as usize)
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase) && !w.starts_with('\'') && !w.starts_with('’'))
    });
    let continued = q.provenance.rule.contains("speaker.continuation");
    let headline = q.content.first().and_then(|c| doc.sentence_at(c.start as usize)).is_some_and(|i| doc.sentences[i].paragraph == 0);
    let x = [
        1.0,
        b(q.direct),
        tagger,
        b(tagger < 0.9),
        b(q.cue.is_none()),
        b(q.kind == QuoteKind::Thought),
        b(q.kind == QuoteKind::Other),
        b(sp.is_none()),
        b(named.is_some()),
        b(pronoun && entity.is_some()),
        b(continued),
        b(sp.is_some() && entity.is_none()),
        b(entity.is_some_and(|e| e.kind != EntityType::Person)),
        b(entity.is_some() && named.is_none() && !pronoun),
        b(source.split_whitespace().count() > 4),
        b(!q.provenance.rule.starts_with(super::MODEL_NAME)),
        b(content_words < 5),
        b(content_words > 40),
        b(q.content.len() > 1),
        b(headline),
        b(modifier),
        b(source.chars().next().is_some_and(char::is_lowercase) && !pronoun),
    ];
    x.to_vec()
}

/// Matches predicted contents to gold ones as the speakers scorer does: each pair whose extents
/// (first start, last end) overlap with character IoU ≥ 0.5, greedily by IoU (ties to the later
/// gold, then the later prediction), each side used once. Returns, per prediction, the gold it
/// matched.
pub fn match_by_overlap(gold: &[Option<(u32, u32)>], predicted: &[Option<(u32, u32)>]) -> Vec<Option<usize>> {
    let iou = |a: (u32, u32), b: (u32, u32)| {
        let inter = f64::from(a.1.min(b.1).saturating_sub(a.0.max(b.0)));
        let union = f64::from(a.1.max(b.1) - a.0.min(b.0));
        if union > 0.0 { inter / union } else { 0.0 }
    };
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (qi, q) in predicted.iter().enumerate() {
            if let (Some(g), Some(q)) = (g, q) {
                let v = iou(*g, *q);
                if v >= 0.5 {
                    pairs.push((v, gi, qi));
                }
            }
        }
    }
    pairs.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    let mut used = vec![false; gold.len()];
    let mut matched = vec![None; predicted.len()];
    for (_, gi, qi) in pairs {
        if !used[gi] && matched[qi].is_none() {
            used[gi] = true;
            matched[qi] = Some(gi);
        }
    }
    matched
}

/// One bin of a reliability table: its index (0 for 0.0–0.1), the probabilities in it, their
/// mean, and the share of them right.
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    pub index: usize,
    pub n: usize,
    pub mean: f64,
    pub share_right: f64,
}

/// The reliability table (10 equal-width bins, the non-empty ones) of probabilities against
/// outcomes, and the expected calibration error: the bins' gaps between mean and share right,
/// weighted by their size.
pub fn reliability(scored: &[(f64, bool)]) -> (Vec<Bin>, f64) {
    let mut sums = vec![(0f64, 0usize, 0usize); 10];
    for &(p, right) in scored {
        let b = &mut sums[((p * 10.0) as i64).clamp(0, 9) as usize];
        b.0 += p;
        b.1 += usize::from(right);
        b.2 += 1;
    }
    let bins: Vec<Bin> = sums
        .iter()
        .enumerate()
        .filter(|(_, b)| b.2 > 0)
        .map(|(index, b)| Bin { index, n: b.2, mean: b.0 / b.2 as f64, share_right: b.1 as f64 / b.2 as f64 })
        .collect();
    let ece = bins.iter().map(|b| (b.mean - b.share_right).abs() * b.n as f64).sum::<f64>() / scored.len().max(1) as f64;
    (bins, ece)
}

/// Training samples from one PolNeAR article the quote stage has run on (without calibration):
/// each statement's features and whether it is right — its content matches a gold attribution
/// (character IoU ≥ 0.5, greedily by IoU, as the speakers scorer matches) and its speaker agrees
/// with that attribution's source. PolNeAR marks source spans, not who they are, so agreeing is
/// read from the spans: no gold source and no named speaker; or a speaker span overlapping the
/// gold source, resolved to an entity when a reader would name one (a capitalised name, a
/// pronoun, a definite description), and unresolved when the source is an unnamed group
/// (`officials`, `critics`, `a source`).
pub fn train_samples(doc: &Document, article: &GoldArticle) -> Vec<(Vec<f32>, bool)> {
    let offsets = CharOffsets::new(&doc.text);
    let cp = |s: Span| (offsets.to_char(s.start), offsets.to_char(s.end));
    let names = NameSpans::new(doc);
    let extent = |q: &Quote| {
        let first = q.content.iter().map(|s| cp(*s).0).min()?;
        let last = q.content.iter().map(|s| cp(*s).1).max()?;
        Some((first, last))
    };
    let gold: Vec<Option<(u32, u32)>> =
        article.attributions.iter().map(|g| Some((g.content.iter().map(|r| r.0).min()?, g.content.iter().map(|r| r.1).max()?))).collect();
    let predicted: Vec<Option<(u32, u32)>> = doc.quotes.iter().map(extent).collect();
    let matched = match_by_overlap(&gold, &predicted);
    let chars: Vec<char> = article.text.chars().collect();
    doc.quotes
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let right = matched[qi].is_some_and(|gi| {
                let g = &article.attributions[gi];
                let resolved = q.speaker.as_ref().is_some_and(|s| s.entity.is_some());
                match g.source.as_deref().filter(|r| !r.is_empty()) {
                    None => !resolved,
                    Some(ranges) => {
                        let Some(sp) = &q.speaker else { return false };
                        let (a, b) = cp(sp.span);
                        let overlaps = ranges.iter().any(|&(s, e)| a < e && s < b);
                        let source: String = ranges
                            .iter()
                            .map(|&(s, e)| chars.get(s as usize..e as usize).map(|c| c.iter().collect::<String>()).unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(" ");
                        let lower = source.to_lowercase();
                        let named_by_reader = PRONOUNS.contains(&lower.trim())
                            || lower.starts_with("the ")
                            || source.split_whitespace().skip(1).any(|w| w.chars().next().is_some_and(char::is_uppercase))
                            || source.chars().next().is_some_and(char::is_uppercase) && !source.contains(' ');
                        // A name in the gold source must be the resolved entity's (`Mr. Obama`
                        // is Barack Obama, not Eric Garner).
                        let capitalised: Vec<&str> = source
                            .split(|c: char| !c.is_alphanumeric())
                            .skip(1)
                            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                            .collect();
                        let same_name =
                            capitalised.is_empty()
                                || q.speaker.as_ref().and_then(|s| s.entity).and_then(|e| doc.entities.get(e as usize)).is_some_and(|e| {
                                    capitalised.iter().any(|w| e.name.split(|c: char| !c.is_alphanumeric()).any(|n| n == *w))
                                });
                        overlaps && resolved == named_by_reader && (!resolved || same_name)
                    }
                }
            });
            (features(doc, &names, q), right)
        })
        .collect()
}
