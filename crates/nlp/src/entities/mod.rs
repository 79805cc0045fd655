//! Entities: groups the tagger's names into entities with a canonical name, finds the roles
//! people hold, resolves pronouns and role nouns to people, and marks capitals and seats used
//! for governments.
//!
//! Reads: tokens, sentences, names. Writes: `entities`.
//!
//! Steps, in order (each a module):
//! 1. [`consistency`]: one name, one type within an article; names the tagger missed where the
//!    same name is tagged elsewhere in the article, in hyphenated compounds (`Trump-Putin`), or
//!    where the gazetteers know a country, capital, state or demonym; a person's title the tagger
//!    took into an organisation's name (`Senator Collins`) split off.
//! 2. [`roles`]: titles and affiliations around person names (`US President Donald Trump`,
//!    `Ukraine's Volodymyr Zelensky`, `Dmitry Medvedev, deputy chairman of ...`).
//! 3. [`cluster`]: names of one entity grouped, with the fullest name as canonical (`Trump` →
//!    `Donald Trump`, `NATO` → `North Atlantic Treaty Organization`, `US` → `United States`).
//! 4. [`resolve`]: pronouns and role nouns to the most salient compatible person; capitals and
//!    seats used for governments (`Moscow said`, `the Kremlin`) linked to their country.

pub mod cluster;
pub mod consistency;
pub mod resolve;
pub mod roles;

use crate::Stage;
use herald_core::{Diagnostic, Document, EntityType, Span};
use std::borrow::Cow;

/// The entity stage.
#[derive(Default)]
pub struct EntityStage;

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process(&self, doc: &mut Document) -> Vec<Diagnostic> {
        let lower_buf = LowerBuffer::new(doc);
        let ctx = Ctx::new(doc, &lower_buf);
        let mut names = consistency::names(&ctx);
        let roles = roles::find(&ctx, &mut names);
        let clusters = cluster::cluster(&ctx, &names);
        let entities = resolve::build_entities(&ctx, &names, &roles, clusters);
        doc.entities = entities;
        Vec::new()
    }
}

/// A name mention being worked on: its span, the tokens it covers and its type.
#[derive(Clone, Debug)]
pub struct Name {
    /// Where it is (may be part of a token, for `Trump` in `Trump-Putin`).
    pub span: Span,
    /// First token it touches.
    pub first: usize,
    /// One past the last token it touches.
    pub last: usize,
    /// Its type.
    pub kind: EntityType,
    /// Confidence of the tagger or rule.
    pub confidence: f32,
    /// Which stage made it.
    pub stage: &'static str,
    /// Which rule or model made it.
    pub rule: Cow<'static, str>,
}

/// The lower-cased tokens of a document in one buffer (one allocation, not one per token).
pub struct LowerBuffer {
    text: String,
    bounds: Vec<(usize, usize)>,
}

impl LowerBuffer {
    fn new(doc: &Document) -> LowerBuffer {
        let mut text = String::with_capacity(doc.text.len());
        let mut bounds = Vec::with_capacity(doc.tokens.len());
        for t in &doc.tokens {
            let w = t.span.text(&doc.text);
            let start = text.len();
            if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                text.extend(w.chars().flat_map(char::to_lowercase));
            } else {
                text.push_str(w);
            }
            bounds.push((start, text.len()));
        }
        LowerBuffer { text, bounds }
    }
}

/// Read-only views of the document shared by the steps.
pub struct Ctx<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Each token's text.
    pub words: Vec<&'a str>,
    /// Each token's lower-cased text.
    pub lower: Vec<&'a str>,
    /// Each token's sentence index.
    pub sentence_of: Vec<u32>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, lower_buf: &'a LowerBuffer) -> Ctx<'a> {
        let words: Vec<&str> = doc.tokens.iter().map(|t| t.span.text(&doc.text)).collect();
        let lower = lower_buf.bounds.iter().map(|&(a, b)| &lower_buf.text[a..b]).collect();
        let mut sentence_of = vec![0u32; doc.tokens.len()];
        for (idx, s) in doc.sentences.iter().enumerate() {
            for t in s.token_range() {
                sentence_of[t] = idx as u32;
            }
        }
        Ctx { doc, words, lower, sentence_of }
    }

    /// The token range of a span: tokens that overlap it.
    pub fn token_range(&self, span: Span) -> (usize, usize) {
        let first = self.doc.token_at_or_after(span.start as usize);
        let mut last = first;
        while last < self.doc.tokens.len() && self.doc.tokens[last].span.start < span.end {
            last += 1;
        }
        (first, last.max(first + 1).min(self.doc.tokens.len().max(first + 1)))
    }

    /// The text of tokens `[a, b)` as written (with the original spacing).
    pub fn text_of(&self, a: usize, b: usize) -> &'a str {
        let span = Span::new(self.doc.tokens[a].span.start as usize, self.doc.tokens[b - 1].span.end as usize);
        span.text(&self.doc.text)
    }

    /// The sentence token range `[start, end)` of token `t`.
    pub fn sentence_bounds(&self, t: usize) -> (usize, usize) {
        let s = &self.doc.sentences[self.sentence_of[t] as usize];
        (s.tokens.start as usize, s.tokens.end as usize)
    }

    /// True when the token is the possessive clitic.
    pub fn is_possessive(&self, t: usize) -> bool {
        matches!(self.words.get(t).copied(), Some("'s" | "’s" | "'" | "’"))
    }
}

#[cfg(test)]
mod tests;
