//! Problems a stage met that did not stop it. Stages never fail on text; they report.

use crate::Span;

/// A problem found while processing one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stage that found it.
    pub stage: &'static str,
    /// What went wrong, in plain words.
    pub message: String,
    /// Where, when it is tied to a place in the text.
    pub span: Option<Span>,
}
