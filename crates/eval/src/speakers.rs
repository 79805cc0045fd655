//! Who said it, what kind of statement, and when: herald records scored against a reader's gold
//! (`polnear/speakers/dev.jsonl`), with the metrics and keys of the reference scorer
//! `speakers_score.py` (a test checks they agree).
//!
//! A gold attribution is matched to at most one quote whose content (first start .. last end,
//! code points) overlaps it with character IoU ≥ 0.5, greedily by IoU. Over matched attributions:
//! speaker accuracy (the resolved name names the gold speaker; for an unnamed gold speaker, no
//! name), balanced accuracy of `kind == "speech"` against the gold's `speech`, the date to the
//! gold's precision and within 7 days (not after the article). Over all quotes of those articles:
//! content precision and recall, and the expected calibration error (10 equal-width bins) of
//! `confidence` as the probability that a quote is matched and its speaker right.

use herald_nlp::quotes::confidence::{match_by_overlap, reliability};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// One gold attribution.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldAttribution {
    /// The text's file name without `.txt`.
    pub doc: String,
    /// `[start, end]` of the content, code points.
    pub content: [u32; 2],
    /// The real-world speaker, or null for an unnamed or absent source.
    pub speaker: Option<String>,
    /// Whether something was communicated.
    pub speech: bool,
    /// `article`, or `YYYY-MM-DD` / `YYYY-MM` / `YYYY`.
    pub said_on: String,
}

/// Reads the gold file's lines.
pub fn read_gold(text: &str) -> Result<Vec<GoldAttribution>, serde_json::Error> {
    text.lines().filter(|l| !l.trim().is_empty()).map(serde_json::from_str).collect()
}

/// One bin of the reliability table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReliabilityBin {
    /// `0.9-1.0`.
    pub bin: String,
    /// Quotes in the bin.
    pub n: usize,
    /// Their mean confidence.
    pub mean_confidence: f64,
    /// The share of them right (matched, speaker right).
    pub share_right: f64,
}

/// The scores, as fractions (the reference scorer's keys and scale).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpeakersReport {
    pub articles: usize,
    pub gold: usize,
    pub matched: usize,
    pub content_recall: f64,
    pub content_precision: f64,
    pub speaker_accuracy: f64,
    pub kind_accuracy: f64,
    pub date_accuracy: f64,
    pub date_within_7_days: f64,
    pub ece: f64,
    pub reliability: Vec<ReliabilityBin>,
}

const DROP: [&str; 7] = ["the", "jr", "sr", "mr", "mrs", "ms", "dr"];

/// A name's lower-case words, titles and `the` dropped, a plural `s` taken off long words.
fn name_words(name: &str) -> Vec<String> {
    name.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty() && !DROP.contains(w))
        .map(|w| if w.len() > 3 && w.ends_with('s') { w[..w.len() - 1].to_string() } else { w.to_string() })
        .collect()
}

/// Whether a predicted name names the gold speaker: the same words, or the same last word with
/// compatible first names (equal, an initial of the other, or one side without).
pub fn same_speaker(gold: Option<&str>, predicted: Option<&str>) -> bool {
    let predicted = predicted.filter(|p| !p.is_empty());
    let Some(gold) = gold else { return predicted.is_none() };
    let Some(predicted) = predicted else { return false };
    let (g, p) = (name_words(gold), name_words(predicted));
    if g.is_empty() || p.is_empty() {
        return false;
    }
    if g == p || (p.len() >= 2 && g.ends_with(&p)) || (g.len() >= 2 && p.ends_with(&g)) {
        return true;
    }
    if g.last() != p.last() {
        return false;
    }
    if g.len() == 1 || p.len() == 1 {
        return true;
    }
    let (a, b) = (&g[0], &p[0]);
    a == b || (a.as_bytes()[0] == b.as_bytes()[0] && (a.len() == 1 || b.len() == 1))
}

/// A quote's content extent: first start, last end.
fn extent(q: &Value) -> Option<(u32, u32)> {
    let spans = q.get("content")?.as_array()?;
    let start = spans.iter().filter_map(|s| s.get("start")?.as_u64()).min()?;
    let end = spans.iter().filter_map(|s| s.get("end")?.as_u64()).max()?;
    Some((start as u32, end as u32))
}

/// A date value (`YYYY`, `YYYY-MM`, `YYYY-MM-DD…`) as its first day.
fn first_day(value: &str) -> Option<chrono::NaiveDate> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).filter(|d| d.iter().all(u8::is_ascii_digit)).map(|_| &value[r]);
    let year: i32 = digits(0..4)?.parse().ok()?;
    let month: u32 = if b.get(4) == Some(&b'-') { digits(5..7).map_or(Some(1), |m| m.parse().ok())? } else { 1 };
    let day: u32 = if b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') { digits(8..10).map_or(Some(1), |d| d.parse().ok())? } else { 1 };
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

fn days_between(a: &str, b: &str) -> Option<i64> {
    Some((first_day(a)? - first_day(b)?).num_days().abs())
}

/// Scores records (herald's JSON, one per article, keyed by `article.id`) against the gold.
pub fn score(gold: &[GoldAttribution], records: &HashMap<String, Value>) -> SpeakersReport {
    let docs: BTreeSet<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    let (mut n, mut speakers, mut dates, mut near) = (0usize, 0usize, 0usize, 0usize);
    // Gold speech, then not: [right, all].
    let mut kinds = [[0usize; 2]; 2];
    let (mut matched_pred, mut total_pred) = (0usize, 0usize);
    let mut calibration: Vec<(f64, bool)> = Vec::new();
    let empty = Vec::new();
    for doc in &docs {
        let record = records.get(*doc);
        let golds: Vec<&GoldAttribution> = gold.iter().filter(|g| g.doc == *doc).collect();
        let quotes = record.and_then(|r| r.get("quotes")).and_then(Value::as_array).unwrap_or(&empty);
        let article_date = record.and_then(|r| r.pointer("/article/date")).and_then(Value::as_str);
        let gold_extents: Vec<Option<(u32, u32)>> = golds.iter().map(|g| Some((g.content[0], g.content[1]))).collect();
        let extents: Vec<Option<(u32, u32)>> = quotes.iter().map(extent).collect();
        let matched = match_by_overlap(&gold_extents, &extents);
        total_pred += quotes.len();
        matched_pred += matched.iter().flatten().count();
        for (qi, q) in quotes.iter().enumerate() {
            let mut right = false;
            if let Some(gi) = matched[qi] {
                let g = golds[gi];
                let name = q.pointer("/speaker/name").and_then(Value::as_str);
                let speaker_ok = same_speaker(g.speaker.as_deref(), name);
                let kind = q.get("kind").and_then(Value::as_str).unwrap_or("speech");
                let kind_ok = (kind == "speech") == g.speech;
                let value = q.get("date").and_then(|d| d.get("value").or(Some(d))).and_then(Value::as_str);
                let want = if g.said_on == "article" { article_date } else { Some(g.said_on.as_str()) };
                let date_ok = match (want, value) {
                    (Some(w), Some(v)) if !w.is_empty() && !v.is_empty() => v.len() >= w.len() && v.get(..w.len()) == Some(w),
                    _ => false,
                };
                let gap = want.zip(value).and_then(|(w, v)| days_between(w, v));
                let late = match (article_date, value) {
                    (Some(a), Some(v)) => {
                        v.get(..10.min(v.len())).unwrap_or(v) > a.get(..10.min(a.len())).unwrap_or(a)
                            && days_between(a, v).is_some_and(|d| d > 0)
                    }
                    _ => false,
                };
                n += 1;
                speakers += usize::from(speaker_ok);
                dates += usize::from(date_ok);
                near += usize::from(gap.is_some_and(|d| d <= 7) && !late);
                let k = usize::from(!g.speech);
                kinds[k][0] += usize::from(kind_ok);
                kinds[k][1] += 1;
                right = speaker_ok;
            }
            if let Some(c) = q.get("confidence").and_then(Value::as_f64) {
                calibration.push((c, right));
            }
        }
    }
    let (bins, ece) = reliability(&calibration);
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let present: Vec<f64> = kinds.iter().filter(|k| k[1] > 0).map(|k| ratio(k[0], k[1])).collect();
    SpeakersReport {
        articles: docs.len(),
        gold: gold.len(),
        matched: n,
        content_recall: ratio(n, gold.len()),
        content_precision: ratio(matched_pred, total_pred),
        speaker_accuracy: ratio(speakers, n),
        kind_accuracy: present.iter().sum::<f64>() / present.len().max(1) as f64,
        date_accuracy: ratio(dates, n),
        date_within_7_days: ratio(near, n),
        ece,
        reliability: bins
            .into_iter()
            .map(|b| ReliabilityBin {
                bin: format!("{:.1}-{:.1}", b.index as f64 / 10.0, (b.index + 1) as f64 / 10.0),
                n: b.n,
                mean_confidence: b.mean,
                share_right: b.share_right,
            })
            .collect(),
    }
}

impl fmt::Display for SpeakersReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} articles, {} gold attributions, {} matched by a quote (IoU >= 0.5)", self.articles, self.gold, self.matched)?;
        writeln!(f, "{:<26} {:>7}", "metric", "score")?;
        for (name, value) in [
            ("content recall", self.content_recall),
            ("content precision", self.content_precision),
            ("speaker accuracy", self.speaker_accuracy),
            ("kind accuracy (balanced)", self.kind_accuracy),
            ("date accuracy", self.date_accuracy),
            ("date within 7 days", self.date_within_7_days),
            ("calibration error (ECE)", self.ece),
        ] {
            writeln!(f, "{name:<26} {value:>7.3}")?;
        }
        writeln!(f)?;
        writeln!(f, "{:<9} {:>6} {:>16} {:>12}", "confidence", "quotes", "mean confidence", "share right")?;
        for b in &self.reliability {
            writeln!(f, "{:<9} {:>6} {:>16.3} {:>12.3}", b.bin, b.n, b.mean_confidence, b.share_right)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_as_the_reference_scorer_matches_them() {
        assert!(same_speaker(Some("Donald Trump"), Some("Donald J. Trump")));
        assert!(same_speaker(Some("Donald Trump"), Some("Trump")));
        assert!(same_speaker(Some("Hillary Clinton"), Some("H. Clinton")));
        assert!(!same_speaker(Some("Hillary Clinton"), Some("Bill Clinton")));
        assert!(same_speaker(None, None));
        assert!(!same_speaker(None, Some("RT")));
        assert!(!same_speaker(Some("Obama administration"), Some("Barack Obama")));
        assert!(same_speaker(Some("The New York Times"), Some("New York Times")));
    }

    #[test]
    fn dates_count_days_from_their_first_day() {
        assert_eq!(days_between("2016-09", "2016-09-22"), Some(21));
        assert_eq!(days_between("2016", "2016-01-01"), Some(0));
        assert_eq!(days_between("2016-09-30TNI", "2016-09-29"), Some(1));
        assert_eq!(first_day("FUTURE_REF"), None);
    }
}
