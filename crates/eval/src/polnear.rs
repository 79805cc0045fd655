//! Attribution scoring, exactly the metric of the reference scorer `polnear_score.py`:
//!
//! - content detection: a prediction matches a gold content when their character sets overlap
//!   with IoU ≥ 0.5 (white space included); one-to-one greedy matching per article, highest IoU
//!   first (ties by gold then prediction order);
//! - direct quotes: the same matching restricted to gold and predicted contents whose text holds
//!   a double quotation mark (`"` `“` `”` `„` `‟` `«` `»`);
//! - source accuracy over the matched pairs: correct when predicted and gold sources share a
//!   character, or both are null; attribution F1 counts a matched pair whose source is correct.
//!
//! `herald extract --format polnear` writes predictions the reference scorer reads, and the two
//! must agree to the decimal (a test checks it when Python is available).

use crate::Prf;
use herald_nlp::quotes::polnear::{GoldArticle, GoldAttribution, Ranges};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// One predicted attribution, in code points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prediction {
    /// Content ranges.
    pub content: Ranges,
    /// Source ranges.
    pub source: Option<Ranges>,
    /// Cue ranges.
    pub cue: Option<Ranges>,
}

/// Quotation marks that make a content direct (not the single quotes: `’` is the apostrophe).
const QUOTE_CHARS: [char; 7] = ['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{201f}', '\u{ab}', '\u{bb}'];

/// A set of code points as sorted, disjoint, non-empty intervals.
#[derive(Clone, Debug, PartialEq)]
struct CharSet(Vec<(u32, u32)>);

impl CharSet {
    fn new(ranges: &[(u32, u32)]) -> CharSet {
        let mut r: Vec<(u32, u32)> = ranges.iter().copied().filter(|(a, b)| a < b).collect();
        r.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(r.len());
        for (a, b) in r {
            match out.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        CharSet(out)
    }

    fn len(&self) -> u64 {
        self.0.iter().map(|(a, b)| u64::from(b - a)).sum()
    }

    fn intersection(&self, other: &CharSet) -> u64 {
        let (mut i, mut j, mut n) = (0, 0, 0u64);
        while i < self.0.len() && j < other.0.len() {
            let (a1, b1) = self.0[i];
            let (a2, b2) = other.0[j];
            let lo = a1.max(a2);
            let hi = b1.min(b2);
            if lo < hi {
                n += u64::from(hi - lo);
            }
            if b1 < b2 {
                i += 1;
            } else {
                j += 1;
            }
        }
        n
    }
}

fn has_quote(chars: &[char], ranges: &[(u32, u32)]) -> bool {
    ranges.iter().any(|&(a, b)| {
        let (a, b) = (a as usize, (b as usize).min(chars.len()));
        a < b && chars[a..b].iter().any(|c| QUOTE_CHARS.contains(c))
    })
}

/// One-to-one greedy matching at IoU ≥ 0.5: `(gold index, prediction index)` pairs.
fn greedy_match(golds: &[CharSet], preds: &[CharSet]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (gi, g) in golds.iter().enumerate() {
        for (pi, p) in preds.iter().enumerate() {
            let inter = g.intersection(p);
            if inter == 0 {
                continue;
            }
            let union = g.len() + p.len() - inter;
            let iou = inter as f64 / union as f64;
            if iou >= 0.5 {
                candidates.push((iou, gi, pi));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_g = vec![false; golds.len()];
    let mut used_p = vec![false; preds.len()];
    let mut out = Vec::new();
    for (_, gi, pi) in candidates {
        if used_g[gi] || used_p[pi] {
            continue;
        }
        used_g[gi] = true;
        used_p[pi] = true;
        out.push((gi, pi));
    }
    out
}

fn span_ok(pred: &Option<Ranges>, gold: &Option<Ranges>) -> bool {
    match (pred, gold) {
        (None, None) => true,
        (Some(p), Some(g)) => CharSet::new(p).intersection(&CharSet::new(g)) > 0,
        _ => false,
    }
}

/// The scorer's counts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    /// Gold attributions.
    pub gold: u64,
    /// Predicted attributions.
    pub pred: u64,
    /// Matched contents.
    pub matched: u64,
    /// Matched pairs whose source is right.
    pub source_ok: u64,
    /// Matched pairs whose cue is right.
    pub cue_ok: u64,
    /// Gold direct quotes.
    pub direct_gold: u64,
    /// Predicted direct quotes.
    pub direct_pred: u64,
    /// Matched direct quotes.
    pub direct_matched: u64,
    /// Matched direct quotes whose source is right.
    pub direct_source_ok: u64,
    /// Gold direct quotes matched under the full matching.
    pub direct_gold_matched_full: u64,
}

/// The attribution report; `--json` prints it (percentages).
#[derive(Clone, Debug, Serialize)]
pub struct AttributionReport {
    /// Content detection.
    pub content: Prf,
    /// Content detection on direct quotes.
    pub direct_content: Prf,
    /// Source accuracy over matched contents (percent).
    pub source_accuracy: f64,
    /// Cue accuracy over matched contents (percent).
    pub cue_accuracy: f64,
    /// Content and source both right.
    pub attribution: Prf,
    /// Content and source both right, direct quotes.
    pub direct_attribution: Prf,
    /// Recall of gold direct quotes under the full matching (percent).
    pub direct_recall_under_full_matching: f64,
    /// Share of predicted statements with a speaker (percent).
    pub with_speaker: f64,
    /// The counts behind the figures.
    pub counts: Counts,
}

/// Scores predictions (by article stem) against gold articles.
pub fn score(gold: &[GoldArticle], predictions: &HashMap<String, Vec<Prediction>>) -> AttributionReport {
    let mut c = Counts::default();
    let mut n_with_source = 0u64;
    let empty = Vec::new();
    for article in gold {
        let chars: Vec<char> = article.text.chars().collect();
        let preds = predictions.get(&article.stem).unwrap_or(&empty);
        let atts: &[GoldAttribution] = &article.attributions;
        let gsets: Vec<CharSet> = atts.iter().map(|a| CharSet::new(&a.content)).collect();
        let psets: Vec<CharSet> = preds.iter().map(|p| CharSet::new(&p.content)).collect();
        let gq: Vec<bool> = atts.iter().map(|a| has_quote(&chars, &a.content)).collect();
        let pq: Vec<bool> = preds.iter().map(|p| has_quote(&chars, &p.content)).collect();
        let matches = greedy_match(&gsets, &psets);
        c.gold += atts.len() as u64;
        c.pred += preds.len() as u64;
        n_with_source += preds.iter().filter(|p| p.source.is_some()).count() as u64;
        c.matched += matches.len() as u64;
        for &(gi, pi) in &matches {
            c.source_ok += u64::from(span_ok(&preds[pi].source, &atts[gi].source));
            c.cue_ok += u64::from(span_ok(&preds[pi].cue, &atts[gi].cue));
            c.direct_gold_matched_full += u64::from(gq[gi]);
        }
        let gi_q: Vec<usize> = (0..atts.len()).filter(|&i| gq[i]).collect();
        let pi_q: Vec<usize> = (0..preds.len()).filter(|&i| pq[i]).collect();
        let gq_sets: Vec<CharSet> = gi_q.iter().map(|&i| gsets[i].clone()).collect();
        let pq_sets: Vec<CharSet> = pi_q.iter().map(|&i| psets[i].clone()).collect();
        let mq = greedy_match(&gq_sets, &pq_sets);
        c.direct_gold += gi_q.len() as u64;
        c.direct_pred += pi_q.len() as u64;
        c.direct_matched += mq.len() as u64;
        for (a, b) in mq {
            c.direct_source_ok += u64::from(span_ok(&preds[pi_q[b]].source, &atts[gi_q[a]].source));
        }
    }
    let pct = |n: u64, d: u64| if d > 0 { 100.0 * n as f64 / d as f64 } else { 0.0 };
    AttributionReport {
        content: Prf::from_counts(c.matched, c.pred, c.gold),
        direct_content: Prf::from_counts(c.direct_matched, c.direct_pred, c.direct_gold),
        source_accuracy: pct(c.source_ok, c.matched),
        cue_accuracy: pct(c.cue_ok, c.matched),
        attribution: Prf::from_counts(c.source_ok, c.pred, c.gold),
        direct_attribution: Prf::from_counts(c.direct_source_ok, c.direct_pred, c.direct_gold),
        direct_recall_under_full_matching: pct(c.direct_gold_matched_full, c.direct_gold),
        with_speaker: pct(n_with_source, c.pred),
        counts: c,
    }
}

impl fmt::Display for AttributionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, name: &str, p: &Prf, tp: u64, pred: u64, gold: u64| {
            writeln!(f, "{name:<28} {:>6.1} {:>6.1} {:>6.1}   (tp {tp}, pred {pred}, gold {gold})", p.p, p.r, p.f1)
        };
        let c = &self.counts;
        writeln!(f, "{:<28} {:>6} {:>6} {:>6}", "metric", "P", "R", "F1")?;
        row(f, "content (IoU >= 0.5)", &self.content, c.matched, c.pred, c.gold)?;
        row(f, "direct-quote content", &self.direct_content, c.direct_matched, c.direct_pred, c.direct_gold)?;
        row(f, "attribution (content+source)", &self.attribution, c.source_ok, c.pred, c.gold)?;
        row(f, "direct-quote attribution", &self.direct_attribution, c.direct_source_ok, c.direct_pred, c.direct_gold)?;
        writeln!(f, "source accuracy on matched    {:.1}", self.source_accuracy)?;
        writeln!(f, "cue accuracy on matched       {:.1}", self.cue_accuracy)?;
        writeln!(f, "direct-quote recall (full)    {:.1}", self.direct_recall_under_full_matching)?;
        write!(f, "statements with a speaker     {:.1}", self.with_speaker)
    }
}

/// How far PolNeAR's annotators agree with each other, in the scorer's terms: every other
/// annotator's file of an article scored as predictions against its first file (the one the
/// scorer takes as gold), pooled over the articles. This is the ceiling a system trained on the
/// first files can be read against.
pub fn agreement(articles: &[herald_nlp::quotes::polnear::MultiplyAnnotated]) -> AttributionReport {
    let mut gold = Vec::new();
    let mut predictions = HashMap::new();
    for article in articles {
        for (k, other) in article.others.iter().enumerate() {
            let stem = format!("{}#{}", article.gold.stem, k + 1);
            let as_predictions =
                other.iter().map(|a| Prediction { content: a.content.clone(), source: a.source.clone(), cue: a.cue.clone() }).collect();
            predictions.insert(stem.clone(), as_predictions);
            gold.push(GoldArticle { stem, ..article.gold.clone() });
        }
    }
    score(&gold, &predictions)
}

/// Predictions of herald for the gold articles, with the given attribution tagger (the embedded
/// one when `None`) and its second pass or not, in code points.
pub fn predict(
    articles: &[GoldArticle],
    tagger: Option<&herald_nlp::quotes::AttributionTagger>,
    second_pass: bool,
) -> HashMap<String, Vec<Prediction>> {
    use herald_nlp::quotes::{AttributionTagger, assemble, features::Prepared, train::prepare_document};
    use rayon::prelude::*;
    let tagger: Option<&AttributionTagger> = match tagger {
        Some(t) => Some(t),
        None => AttributionTagger::embedded(),
    };
    articles
        .par_iter()
        .map(|article| {
            let mut doc = prepare_document(article);
            if let Some(tagger) = tagger {
                let quotes = {
                    let prep = Prepared::new(&doc);
                    assemble::assemble(&prep, tagger.chunks(&prep, second_pass))
                };
                doc.quotes = quotes;
            }
            let preds = herald_record::polnear_predictions(&doc)
                .into_iter()
                .map(|p| Prediction {
                    content: p.content.iter().map(|r| (r[0], r[1])).collect(),
                    source: p.source.map(|r| vec![(r[0], r[1])]),
                    cue: p.cue.map(|r| vec![(r[0], r[1])]),
                })
                .collect();
            (article.stem.clone(), preds)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_arithmetic() {
        let a = CharSet::new(&[(0, 10), (5, 12), (20, 25)]);
        assert_eq!(a.0, vec![(0, 12), (20, 25)]);
        assert_eq!(a.len(), 17);
        let b = CharSet::new(&[(10, 22)]);
        assert_eq!(a.intersection(&b), 4);
    }

    #[test]
    fn agreement_of_identical_and_disjoint_annotators() {
        use herald_nlp::quotes::polnear::MultiplyAnnotated;
        let att = |c: (u32, u32), s: Option<(u32, u32)>| GoldAttribution { content: vec![c], source: s.map(|r| vec![r]), cue: None };
        let text = "Smith said \"we will win\" and Jones said nothing.".to_string();
        let first = vec![att((11, 24), Some((0, 5))), att((40, 47), Some((29, 34)))];
        let article = MultiplyAnnotated {
            gold: GoldArticle { stem: "a".into(), text, attributions: first.clone() },
            // one annotator agrees on everything; one finds the quote only, with another source
            others: vec![first, vec![att((11, 23), Some((29, 34)))]],
        };
        let report = agreement(&[article]);
        assert_eq!((report.counts.gold, report.counts.pred, report.counts.matched), (4, 3, 3));
        assert_eq!(report.counts.source_ok, 2);
        assert_eq!((report.counts.direct_gold, report.counts.direct_pred, report.counts.direct_matched), (2, 2, 2));
    }

    #[test]
    fn greedy_prefers_highest_iou() {
        let golds = vec![CharSet::new(&[(0, 10)]), CharSet::new(&[(0, 12)])];
        let preds = vec![CharSet::new(&[(0, 12)])];
        assert_eq!(greedy_match(&golds, &preds), vec![(1, 0)]);
    }
}
