//! herald's document model.
//!
//! One [`Document`] holds an article's text, which never changes after reading, and one typed
//! layer per kind of fact (paragraphs, sentences, tokens, entities, quotes, times, events). Every
//! fact is a half-open byte [`Span`] into the text plus the [`Provenance`] of the stage that made
//! it. The record shown to users converts spans to code points with [`CharOffsets`].
//!
//! This crate has no I/O, no SQL and no JSON: readers, stages, the store and the binary build on
//! it.
//!
//! ```
//! use herald_core::{ArticleMeta, Document, Span};
//! let doc = Document::new(ArticleMeta::default(), "Trump said he wants peace.".to_string());
//! assert_eq!(doc.slice(Span::new(0, 5)), "Trump");
//! ```
#![deny(missing_docs)]

mod diagnostic;
mod document;
pub mod layers;
mod names;
mod offsets;
mod readable;
mod span;

pub use diagnostic::Diagnostic;
pub use document::{ArticleDate, ArticleMeta, DateOrigin, Document};
pub use layers::*;
pub use names::without_legal_form;
pub use offsets::CharOffsets;
pub use readable::readable_time_value;
pub use span::Span;
