//! The [`Document`]: an article's text, what is known about the article, and one typed layer per
//! kind of fact. Every fact is a [`Span`] into `text` (or an index into another layer), so the
//! evidence for it is always at hand.

use crate::layers::{Entity, Event, NameMention, Paragraph, Quote, Sentence, Timex, Token};
use crate::{Diagnostic, Span};
use chrono::NaiveDate;

/// Where an article's date came from. Users weigh a date by its origin: a date typed in a header or
/// a publisher's field is better evidence than one guessed from a file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateOrigin {
    /// The `date YYYY-MM-DD` header line of the seed format.
    Header,
    /// A field of a JSON record; holds the field name (`published`, `date`, ...).
    Field(String),
    /// A `YYYY-MM-DD` part of the file name (`publisher_2016-09-12_slug.txt`).
    FileName,
    /// The `--date` flag given by the user.
    Flag,
}

impl DateOrigin {
    /// The origin as written in the record: `header`, `field:NAME`, `file_name`, `flag`.
    pub fn label(&self) -> String {
        match self {
            DateOrigin::Header => "header".to_string(),
            DateOrigin::Field(name) => format!("field:{name}"),
            DateOrigin::FileName => "file_name".to_string(),
            DateOrigin::Flag => "flag".to_string(),
        }
    }
}

/// The publication date of an article (the TimeML document creation time), or why it is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleDate {
    /// A known date and where it came from.
    Known {
        /// The date.
        date: NaiveDate,
        /// Where it came from.
        origin: DateOrigin,
    },
    /// No date: the reason says what was looked at (never a guess).
    Unknown {
        /// Why no date could be given, in plain words.
        reason: String,
    },
}

impl ArticleDate {
    /// The date, when known.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            ArticleDate::Known { date, .. } => Some(*date),
            ArticleDate::Unknown { .. } => None,
        }
    }
}

impl Default for ArticleDate {
    fn default() -> Self {
        ArticleDate::Unknown { reason: "no date given".to_string() }
    }
}

/// What is known about an article apart from its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleMeta {
    /// Stable identifier: the `id` field of a JSON record, else the file name without extensions.
    pub id: String,
    /// The headline, when known.
    pub title: Option<String>,
    /// The publication date, or why it is unknown.
    pub date: ArticleDate,
    /// The outlet (`source`, `outlet`, `source_domain`).
    pub source: Option<String>,
    /// The article's URL.
    pub url: Option<String>,
    /// The file it was read from (`-` for standard input).
    pub path: Option<String>,
    /// The line of a JSON Lines file (1-based), when read from one.
    pub line: Option<u64>,
    /// The language code given by the source, if any.
    pub language: Option<String>,
}

/// One article: its text (never changed after reading) and the layers the pipeline adds.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// What is known about the article.
    pub meta: ArticleMeta,
    /// The article text all spans index into: a text file's whole content, or a JSON record's text
    /// field.
    pub text: String,
    /// Where the headline sits inside `text`, when it does.
    pub title_span: Option<Span>,
    /// A part of `text` that is markup, not article text (the seed format's `date YYYY-MM-DD`
    /// prefix); stages skip it.
    pub header: Option<Span>,
    /// Paragraphs, in text order (written by the segmenter).
    pub paragraphs: Vec<Paragraph>,
    /// Sentences, in text order (written by the segmenter).
    pub sentences: Vec<Sentence>,
    /// Tokens, in text order (written by the segmenter).
    pub tokens: Vec<Token>,
    /// Names found by the tagger, in text order (written by the `ner` stage).
    pub names: Vec<NameMention>,
    /// Entities with their mentions, roles and resolved pronouns (written by the `entities`
    /// stage), in order of first mention.
    pub entities: Vec<Entity>,
    /// Attributed statements (written by the quote stage).
    pub quotes: Vec<Quote>,
    /// Time expressions (written by the time stage).
    pub times: Vec<Timex>,
    /// Events (reserved; no stage writes them yet).
    pub events: Vec<Event>,
    /// Problems stages met that did not stop them.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// A document with the given text and metadata and no layers.
    pub fn new(meta: ArticleMeta, text: String) -> Document {
        Document { meta, text, ..Document::default() }
    }

    /// The text covered by a span.
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// The text of token `idx`.
    #[inline]
    pub fn token_text(&self, idx: usize) -> &str {
        self.tokens[idx].span.text(&self.text)
    }

    /// The index of the sentence containing byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| (s.span.end as usize) <= offset);
        (idx < self.sentences.len() && self.sentences[idx].span.contains_offset(offset)).then_some(idx)
    }

    /// The index of the first token whose span ends after `offset`.
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| (t.span.end as usize) <= offset)
    }
}
