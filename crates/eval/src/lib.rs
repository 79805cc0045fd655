//! Scoring herald against gold corpora, with the metrics each community uses:
//! conlleval for entities ([`ner`]), the PolNeAR reference scorer for attribution ([`polnear`]), TempEval-3 for time expressions ([`timeml`]).
//!
//! Every scorer returns a report that prints as a table and serialises (with `--json`) to one
//! object of percentages whose keys are stable: other tools read them.

pub mod ner;
pub mod polnear;
pub mod speakers;
pub mod timeml;

use serde::Serialize;

/// Precision, recall and F1 in percent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision (percent).
    pub p: f64,
    /// Recall (percent).
    pub r: f64,
    /// F1 (percent).
    pub f1: f64,
}

impl Prf {
    /// From counts of true positives, predictions and gold items.
    pub fn from_counts(tp: u64, pred: u64, gold: u64) -> Prf {
        let p = if pred > 0 { tp as f64 / pred as f64 } else { 0.0 };
        let r = if gold > 0 { tp as f64 / gold as f64 } else { 0.0 };
        let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        Prf { p: 100.0 * p, r: 100.0 * r, f1: 100.0 * f1 }
    }
}
