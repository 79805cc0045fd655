//! When: time expressions (TimeML TIMEX3: DATE, TIME, DURATION, SET) with values resolved
//! against the article date.
//!
//! Reads: tokens, sentences, the article date. Writes: `times`.
//!
//! [`grammar`] finds expressions (longest match at each token) and their meaning; [`resolve`]
//! turns a meaning into a TimeML value using the article date, the sentence's tense and the
//! reference time (the last date mentioned).

pub mod grammar;
pub mod resolve;
pub mod words;

use crate::Stage;
use grammar::{Expr, Tok, find, kind};
use herald_core::{Diagnostic, Document, Provenance, Span, Timex};
use resolve::{Context, Point, Tense, resolve, tense};

/// The time stage.
#[derive(Default)]
pub struct TimeStage;

/// The rule name in provenance.
pub const RULES: &str = "time.rules.v1";

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }

    fn process(&self, doc: &mut Document) -> Vec<Diagnostic> {
        doc.times = find_times(doc);
        Vec::new()
    }
}

/// The time expressions of a segmented document, in text order.
pub fn find_times(doc: &Document) -> Vec<Timex> {
    let dct = doc.meta.date.date();
    let mut reference: Option<Point> = None;
    let mut last_quarter: Option<Point> = None;
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let range = sentence.token_range();
        let toks: Vec<Tok> = range
            .clone()
            .map(|t| {
                let text = doc.token_text(t);
                let lower =
                    if text.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) { text.to_lowercase().into() } else { text.into() };
                Tok { text, lower }
            })
            .collect();
        let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_ref()).collect();
        let sentence_tense = tense(&lower);
        let about_quarters = lower.iter().any(|w| matches!(*w, "quarter" | "quarters" | "period") || w.ends_with("-quarter"));
        for (a, b, expr) in find(&toks) {
            // Days of the week follow the verb next to them; other expressions the sentence.
            let local = local_tense(&lower, a, b);
            let tense = match expr {
                Expr::Weekday { .. } | Expr::Clock { .. } | Expr::PartOfDay { .. } => {
                    local.unwrap_or(if sentence_tense == Tense::Future { Tense::Present } else { sentence_tense })
                }
                // A month and day without a year (`payable Dec. 7`): only the words next to it.
                Expr::Date { y: None, .. } => local.unwrap_or(Tense::Present),
                _ => local.unwrap_or(sentence_tense),
            };
            let ctx = Context { dct, reference, tense, quarter: last_quarter.filter(|_| about_quarters) };
            let (value, point) = resolve(&expr, &ctx);
            // Comparisons (`a year earlier`) and anaphora (`the quarter`) refer to the reference
            // time; they do not move it.
            if let Some(p) = point.filter(|_| !matches!(expr, Expr::Shift { .. } | Expr::RefUnit(_) | Expr::RefDay(_))) {
                reference = Some(p);
            }
            if let Some(p @ Point::Quarter(..)) = point.filter(|_| !matches!(expr, Expr::Shift { .. })) {
                last_quarter = Some(p);
            }
            let span = Span::new(doc.tokens[range.start + a].span.start as usize, doc.tokens[range.start + b - 1].span.end as usize);
            out.push(Timex { span, kind: kind(&expr), value, provenance: Provenance::rule("time", RULES) });
        }
    }
    out
}

/// The tense of the verb next to an expression (`said Tuesday`, `will meet Friday`), when one is
/// within three words.
fn local_tense(lower: &[&str], a: usize, b: usize) -> Option<Tense> {
    let window = |from: usize, to: usize| lower[from.min(lower.len())..to.min(lower.len())].to_vec();
    let before = window(a.saturating_sub(3), a);
    let after = window(b, b + 3);
    let near: Vec<&str> = before.iter().chain(after.iter()).copied().collect();
    if near.iter().any(|w| matches!(*w, "will" | "'ll" | "’ll" | "shall")) {
        return Some(Tense::Future);
    }
    match tense(&near) {
        Tense::Past => Some(Tense::Past),
        _ => None,
    }
}
