//! Time-expression scoring on TimeML (`.tml`) files, with the TempEval-3 definitions: strict
//! (identical extent) and relaxed (overlapping extent) precision, recall and F1; type and value
//! accuracy over the relaxed matches; value F1 = relaxed F1 × value accuracy.
//!
//! The article date is the `DCT` element's TIMEX3 value; the gold expressions are the TIMEX3
//! elements inside `TEXT`, whose offsets are those of the text with all tags removed.

use crate::Prf;
use herald_core::{ArticleDate, ArticleMeta, CharOffsets, DateOrigin, Document};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// A gold time expression, in code points of the tag-free text.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldTimex {
    /// First code point.
    pub start: u32,
    /// One past the last.
    pub end: u32,
    /// TimeML type.
    pub kind: String,
    /// TimeML value.
    pub value: String,
}

/// A TimeML document.
#[derive(Clone, Debug)]
pub struct TimemlDoc {
    /// File name.
    pub name: String,
    /// The article date (`YYYY-MM-DD` part of the DCT value).
    pub dct: Option<chrono::NaiveDate>,
    /// The text of `TEXT` without tags.
    pub text: String,
    /// The gold expressions.
    pub timexes: Vec<GoldTimex>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn decode_entity(s: &str) -> Option<(char, usize)> {
    for (name, c) in [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&apos;", '\'')] {
        if s.starts_with(name) {
            return Some((c, name.len()));
        }
    }
    None
}

/// Parses a TimeML document.
pub fn parse(name: &str, xml: &str) -> TimemlDoc {
    let dct = xml.find("<DCT>").and_then(|i| {
        let rest = &xml[i..];
        let tag_end = rest.find('>')?;
        let tag_start = rest[tag_end..].find("<TIMEX3")? + tag_end;
        let tag = &rest[tag_start..tag_start + rest[tag_start..].find('>')?];
        let value = attr(tag, "value")?;
        herald_reader::parse_iso_date(value.get(..10).unwrap_or(value))
    });
    let body_start = xml.find("<TEXT>").map_or(0, |i| i + "<TEXT>".len());
    let body_end = xml.rfind("</TEXT>").unwrap_or(xml.len());
    let body = &xml[body_start..body_end.max(body_start)];
    let mut text = String::with_capacity(body.len());
    let mut n_chars = 0u32;
    let mut open: Vec<(u32, String, String)> = Vec::new();
    let mut timexes = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("<TIMEX3") {
                open.push((n_chars, attr(tag, "type").unwrap_or("").to_string(), attr(tag, "value").unwrap_or("").to_string()));
            } else if tag.starts_with("</TIMEX3")
                && let Some((start, kind, value)) = open.pop()
            {
                timexes.push(GoldTimex { start, end: n_chars, kind, value });
            }
            i += end;
            continue;
        }
        if rest.starts_with('&')
            && let Some((c, len)) = decode_entity(rest)
        {
            text.push(c);
            n_chars += 1;
            i += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        text.push(c);
        n_chars += 1;
        i += c.len_utf8();
    }
    TimemlDoc { name: name.to_string(), dct, text, timexes }
}

/// Reads every `.tml` file of a directory (sorted by name).
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<TimemlDoc>> {
    let mut names: Vec<_> =
        std::fs::read_dir(dir)?.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "tml")).collect();
    names.sort();
    names.iter().map(|p| Ok(parse(&p.file_name().unwrap_or_default().to_string_lossy(), &std::fs::read_to_string(p)?))).collect()
}

/// A predicted time expression in code points.
#[derive(Clone, Debug, PartialEq)]
pub struct PredictedTimex {
    /// First code point.
    pub start: u32,
    /// One past the last.
    pub end: u32,
    /// Type.
    pub kind: String,
    /// Value (empty when unresolved).
    pub value: String,
}

/// herald's time expressions for a TimeML document.
pub fn predict(doc: &TimemlDoc) -> Vec<PredictedTimex> {
    let date = match doc.dct {
        Some(date) => ArticleDate::Known { date, origin: DateOrigin::Field("DCT".to_string()) },
        None => ArticleDate::Unknown { reason: "no DCT".to_string() },
    };
    let meta = ArticleMeta { id: doc.name.clone(), date, ..ArticleMeta::default() };
    let mut d = Document::new(meta, doc.text.clone());
    herald_nlp::segment::segment(&mut d);
    let offsets = CharOffsets::new(&d.text);
    herald_nlp::time::find_times(&d)
        .into_iter()
        .map(|t| PredictedTimex {
            start: offsets.to_char(t.span.start),
            end: offsets.to_char(t.span.end),
            kind: t.kind.label().to_string(),
            value: t.value.unwrap_or_default(),
        })
        .collect()
}

/// The TempEval-3 report (`--json`, percentages).
#[derive(Clone, Debug, Serialize)]
pub struct TimeReport {
    /// Identical extents.
    pub strict: Prf,
    /// Overlapping extents.
    pub relaxed: Prf,
    /// Right type among relaxed matches (percent).
    pub type_accuracy: f64,
    /// Right value among relaxed matches (percent).
    pub value_accuracy: f64,
    /// Relaxed F1 × value accuracy (percent).
    pub value_f1: f64,
    /// Documents.
    pub n_docs: usize,
    /// Gold expressions.
    pub n_gold: u64,
    /// Predicted expressions.
    pub n_pred: u64,
}

/// Disagreements, one line each (for `--errors`).
pub fn errors(doc: &TimemlDoc, pred: &[PredictedTimex]) -> Vec<String> {
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |a: u32, b: u32| chars[a as usize..(b as usize).min(chars.len())].iter().collect::<String>();
    let mut out = Vec::new();
    let mut used = vec![false; pred.len()];
    for g in &doc.timexes {
        match pred.iter().enumerate().find(|(j, p)| !used[*j] && p.start < g.end && g.start < p.end) {
            Some((j, p)) => {
                used[j] = true;
                if p.start != g.start || p.end != g.end || p.value != g.value || p.kind != g.kind {
                    out.push(format!(
                        "{}\tdiffer\tgold {:?} {} {}\tpred {:?} {} {}",
                        doc.name,
                        slice(g.start, g.end),
                        g.kind,
                        g.value,
                        slice(p.start, p.end),
                        p.kind,
                        p.value
                    ));
                }
            }
            None => out.push(format!("{}\tmissed\t{:?} {} {}", doc.name, slice(g.start, g.end), g.kind, g.value)),
        }
    }
    for (j, p) in pred.iter().enumerate() {
        if !used[j] {
            out.push(format!("{}\tspurious\t{:?} {} {}", doc.name, slice(p.start, p.end), p.kind, p.value));
        }
    }
    out
}

/// One document's counts: strict matches, relaxed matches, right types, right values, gold,
/// predicted; and its disagreement lines.
type DocCounts = (u64, u64, u64, u64, u64, u64, Vec<String>);

/// Scores herald on TimeML documents; returns the report and the disagreement lines.
pub fn score(docs: &[TimemlDoc]) -> (TimeReport, Vec<String>) {
    let results: Vec<DocCounts> = docs
        .par_iter()
        .map(|doc| {
            let pred = predict(doc);
            let mut strict = 0;
            let mut relaxed = 0;
            let mut type_ok = 0;
            let mut value_ok = 0;
            let mut used = vec![false; pred.len()];
            for g in &doc.timexes {
                // One-to-one: the first unused overlapping prediction.
                if let Some((j, p)) = pred.iter().enumerate().find(|(j, p)| !used[*j] && p.start < g.end && g.start < p.end) {
                    used[j] = true;
                    relaxed += 1;
                    strict += u64::from(p.start == g.start && p.end == g.end);
                    type_ok += u64::from(p.kind == g.kind);
                    value_ok += u64::from(p.value == g.value);
                }
            }
            let errs = errors(doc, &pred);
            (doc.timexes.len() as u64, pred.len() as u64, strict, relaxed, type_ok, value_ok, errs)
        })
        .collect();
    let mut totals = [0u64; 6];
    let mut all_errors = Vec::new();
    for (g, p, s, r, t, v, e) in results {
        for (acc, x) in totals.iter_mut().zip([g, p, s, r, t, v]) {
            *acc += x;
        }
        all_errors.extend(e);
    }
    let [gold, pred, strict, relaxed, type_ok, value_ok] = totals;
    let relaxed_prf = Prf::from_counts(relaxed, pred, gold);
    let pct = |n: u64, d: u64| if d > 0 { 100.0 * n as f64 / d as f64 } else { 0.0 };
    let value_accuracy = pct(value_ok, relaxed);
    let report = TimeReport {
        strict: Prf::from_counts(strict, pred, gold),
        relaxed: relaxed_prf,
        type_accuracy: pct(type_ok, relaxed),
        value_accuracy,
        value_f1: relaxed_prf.f1 * value_accuracy / 100.0,
        n_docs: docs.len(),
        n_gold: gold,
        n_pred: pred,
    };
    (report, all_errors)
}

impl fmt::Display for TimeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} documents, {} gold expressions, {} predicted", self.n_docs, self.n_gold, self.n_pred)?;
        writeln!(f, "{:<16} {:>6} {:>6} {:>6}", "extent", "P", "R", "F1")?;
        writeln!(f, "{:<16} {:>6.1} {:>6.1} {:>6.1}", "strict", self.strict.p, self.strict.r, self.strict.f1)?;
        writeln!(f, "{:<16} {:>6.1} {:>6.1} {:>6.1}", "relaxed", self.relaxed.p, self.relaxed.r, self.relaxed.f1)?;
        writeln!(f, "type accuracy    {:.1}", self.type_accuracy)?;
        writeln!(f, "value accuracy   {:.1}", self.value_accuracy)?;
        write!(f, "value F1         {:.1}", self.value_f1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dct_text_and_offsets() {
        let xml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT><TEXT>
It fell <EVENT eid="e1">in</EVENT> <TIMEX3 tid="t1" type="DATE" value="1997">last year</TIMEX3> &amp; more.</TEXT></TimeML>"#;
        let doc = parse("x.tml", xml);
        assert_eq!(doc.dct, chrono::NaiveDate::from_ymd_opt(1998, 1, 8));
        let t = &doc.timexes[0];
        let covered: String = doc.text.chars().skip(t.start as usize).take((t.end - t.start) as usize).collect();
        assert_eq!(covered, "last year");
        assert!(doc.text.contains("& more"));
    }
}
