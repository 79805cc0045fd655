//! The extraction record: what `herald extract` prints for each article, what the store keeps and
//! what the HTTP API serves. Its wire format is documented in `docs/record.md`; later stages add
//! fields but never rename or remove one.
//!
//! Offsets in the record are **Unicode code points, end exclusive**, into the article text (as in
//! Python strings and brat files). Inside herald spans are bytes; [`Record::from_document`] is the
//! one place that converts them.
//!
//! Every fact carries its evidence: `start`/`end` (and `text`), plus `stage`, `rule` and, where
//! the stage has one, `confidence`.

use herald_core::{ArticleDate, CharOffsets, Document, Provenance, Span, StatementDateOrigin};
use serde::{Deserialize, Serialize};

/// Version of the record's shape; bumped when a field is added.
pub const RECORD_VERSION: u32 = 1;

/// A code-point span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanRecord {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
}

/// A code-point span with its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpanRecord {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// The covered text.
    pub text: String,
}

/// Which stage, and which rule or model in it, made a fact; and how sure it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvenanceRecord {
    /// The stage (`segment`, `ner`, `coref`, `roles`, `quotes`, `time`).
    pub stage: String,
    /// The rule or model inside it.
    pub rule: String,
    /// A confidence in `[0, 1]`, where the stage has one.
    pub confidence: Option<f32>,
}

impl From<&Provenance> for ProvenanceRecord {
    fn from(p: &Provenance) -> Self {
        ProvenanceRecord {
            stage: p.stage.to_string(),
            rule: p.rule.to_string(),
            confidence: p.confidence.map(|c| (c * 1000.0).round() / 1000.0),
        }
    }
}

/// The article's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Stable id (the JSON `id` field, else the file name without extensions, else `file:line`).
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// The publication date `YYYY-MM-DD`, or null when unknown.
    pub date: Option<String>,
    /// Where the date came from: `header`, `field:NAME`, `file_name`, `flag`; null when unknown.
    pub date_origin: Option<String>,
    /// Why the date is unknown, when it is.
    pub date_note: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    /// The URL.
    pub url: Option<String>,
    /// The file it was read from.
    pub path: Option<String>,
    /// The line of a JSON Lines file.
    pub line: Option<u64>,
    /// The language the source declared.
    pub language: Option<String>,
}

/// A sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceRecord {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// Index of its paragraph in `paragraphs`.
    pub paragraph: u32,
}

/// A token (only with `--with-tokens`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// The token text.
    pub text: String,
}

/// One mention of an entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// The covered text.
    pub text: String,
    /// `name`, `nominal` or `pronoun`.
    pub kind: String,
    /// What made it.
    #[serde(flatten)]
    pub provenance: ProvenanceRecord,
}

/// A role held by a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleRecord {
    /// The title, or null for a bare affiliation (`Ukraine's Volodymyr Zelensky`).
    pub title: Option<String>,
    /// The country or organisation, when stated.
    pub of: Option<String>,
    /// First code point of the role phrase.
    pub start: u32,
    /// One past its last code point.
    pub end: u32,
    /// The role phrase.
    pub text: String,
    /// What made it.
    #[serde(flatten)]
    pub provenance: ProvenanceRecord,
}

/// One entity with its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// `E1`, `E2`, ... in order of first mention.
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// `PERSON`, `ORG`, `GPE`, `LOC`, `NORP`, `MISC`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `male`, `female`, or null.
    pub gender: Option<String>,
    /// For a capital or seat used for a government: the id of the country entity.
    pub stands_for: Option<String>,
    /// For such a capital or seat: the country whose government it stands for.
    pub government_of: Option<String>,
    /// The mentions.
    pub mentions: Vec<MentionRecord>,
    /// The roles.
    pub roles: Vec<RoleRecord>,
}

/// The speaker of a statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeakerRecord {
    /// First code point of the source mention.
    pub start: u32,
    /// One past its last code point.
    pub end: u32,
    /// The source mention.
    pub text: String,
    /// The entity it resolves to.
    pub entity: Option<String>,
    /// That entity's canonical name.
    pub name: Option<String>,
    /// Why the entity is unknown, when it is.
    pub note: Option<String>,
}

/// The date a statement was made or refers to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementDateRecord {
    /// A TimeML value.
    pub value: String,
    /// `cue` (a time that dates the act of saying) or `article` (the article date).
    pub origin: String,
    /// The time expression it came from.
    pub time: Option<String>,
}

/// The kind of a record written before kinds existed.
fn speech_label() -> String {
    "speech".to_string()
}

/// One attributed statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// `Q1`, `Q2`, ... in text order.
    pub id: String,
    /// The content spans.
    pub content: Vec<SpanRecord>,
    /// The content text (spans joined by ` … `).
    pub text: String,
    /// Inside quotation marks.
    pub direct: bool,
    /// `speech` (said, wrote, told, announced…; every direct quotation), `thought` (believes,
    /// fears, wants, plans…) or `other` (a noun or perception without reported words, negated
    /// speech).
    #[serde(default = "speech_label")]
    pub kind: String,
    /// The cue.
    pub cue: Option<TextSpanRecord>,
    /// The speaker, or null.
    pub speaker: Option<SpeakerRecord>,
    /// Why there is no speaker, when there is none.
    pub speaker_note: Option<String>,
    /// The statement's date.
    pub date: Option<StatementDateRecord>,
    /// What made it.
    #[serde(flatten)]
    pub provenance: ProvenanceRecord,
}

/// One time expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeRecord {
    /// `T1`, `T2`, ... in text order.
    pub id: String,
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// The covered text.
    pub text: String,
    /// `DATE`, `TIME`, `DURATION`, `SET`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The TimeML value, or null when it cannot be resolved.
    pub value: Option<String>,
    /// What made it.
    #[serde(flatten)]
    pub provenance: ProvenanceRecord,
}

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// `V1`, `V2`, ...
    pub id: String,
    /// First code point of the trigger.
    pub start: u32,
    /// One past its last code point.
    pub end: u32,
    /// The trigger text.
    pub text: String,
    /// The event class.
    #[serde(rename = "type")]
    pub kind: String,
    /// What made it.
    #[serde(flatten)]
    pub provenance: ProvenanceRecord,
}

/// A problem a stage reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticRecord {
    /// The stage.
    pub stage: String,
    /// What happened.
    pub message: String,
}

/// The record of one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// What is known about the article.
    pub article: ArticleRecord,
    /// Length of the text in code points.
    pub text_length: u32,
    /// The text itself (with `--with-text`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    /// Paragraph spans.
    pub paragraphs: Vec<SpanRecord>,
    /// Sentence spans.
    pub sentences: Vec<SentenceRecord>,
    /// Tokens (with `--with-tokens`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tokens: Option<Vec<TokenRecord>>,
    /// Entities.
    pub entities: Vec<EntityRecord>,
    /// Statements.
    pub quotes: Vec<QuoteRecord>,
    /// Time expressions.
    pub times: Vec<TimeRecord>,
    /// Events.
    pub events: Vec<EventRecord>,
    /// Problems stages reported.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub diagnostics: Vec<DiagnosticRecord>,
}

/// What to include beyond the fixed fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecordOptions {
    /// Include the article text.
    pub with_text: bool,
    /// Include the tokens.
    pub with_tokens: bool,
}

/// Converts byte spans of one document to code-point spans.
pub struct Converter<'a> {
    text: &'a str,
    offsets: CharOffsets,
}

impl<'a> Converter<'a> {
    /// A converter for `text`.
    pub fn new(text: &'a str) -> Converter<'a> {
        Converter { text, offsets: CharOffsets::new(text) }
    }

    /// The code-point span.
    pub fn span(&self, span: Span) -> SpanRecord {
        SpanRecord { start: self.offsets.to_char(span.start), end: self.offsets.to_char(span.end) }
    }

    /// The code-point span with its text.
    pub fn text_span(&self, span: Span) -> TextSpanRecord {
        let s = self.span(span);
        TextSpanRecord { start: s.start, end: s.end, text: span.text(self.text).to_string() }
    }

    /// The number of code points.
    pub fn n_chars(&self) -> u32 {
        self.offsets.n_chars() as u32
    }
}

/// `E1`-style ids.
pub fn entity_id(idx: usize) -> String {
    format!("E{}", idx + 1)
}

/// `T1`-style ids.
pub fn time_id(idx: usize) -> String {
    format!("T{}", idx + 1)
}

/// The article part of the record.
pub fn article_record(doc: &Document) -> ArticleRecord {
    let meta = &doc.meta;
    let (date, date_origin, date_note) = match &meta.date {
        ArticleDate::Known { date, origin } => (Some(date.format("%Y-%m-%d").to_string()), Some(origin.label()), None),
        ArticleDate::Unknown { reason } => (None, None, Some(reason.clone())),
    };
    ArticleRecord {
        id: meta.id.clone(),
        title: meta.title.clone(),
        date,
        date_origin,
        date_note,
        source: meta.source.clone(),
        url: meta.url.clone(),
        path: meta.path.clone(),
        line: meta.line,
        language: meta.language.clone(),
    }
}

/// Joins the texts of several spans with ` … ` (the content of a split quote).
pub fn joined_text(text: &str, spans: &[Span]) -> String {
    let parts: Vec<&str> = spans.iter().map(|s| s.text(text)).collect();
    parts.join(" … ")
}

impl Record {
    /// Builds the record of a processed document.
    pub fn from_document(doc: &Document, options: RecordOptions) -> Record {
        let conv = Converter::new(&doc.text);
        let entities = doc
            .entities
            .iter()
            .enumerate()
            .map(|(idx, e)| EntityRecord {
                id: entity_id(idx),
                name: e.name.clone(),
                kind: e.kind.label().to_string(),
                gender: e.gender.map(|g| match g {
                    herald_core::Gender::Male => "male".to_string(),
                    herald_core::Gender::Female => "female".to_string(),
                }),
                stands_for: e.stands_for.map(|i| entity_id(i as usize)),
                government_of: e.government_of.clone(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let s = conv.text_span(m.span);
                        MentionRecord {
                            start: s.start,
                            end: s.end,
                            text: s.text,
                            kind: m.kind.label().to_string(),
                            provenance: (&m.provenance).into(),
                        }
                    })
                    .collect(),
                roles: e
                    .roles
                    .iter()
                    .map(|r| {
                        let s = conv.text_span(r.span);
                        RoleRecord {
                            title: r.title.clone(),
                            of: r.of.clone(),
                            start: s.start,
                            end: s.end,
                            text: s.text,
                            provenance: (&r.provenance).into(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let quotes = doc
            .quotes
            .iter()
            .enumerate()
            .map(|(idx, q)| QuoteRecord {
                id: format!("Q{}", idx + 1),
                content: q.content.iter().map(|s| conv.span(*s)).collect(),
                text: joined_text(&doc.text, &q.content),
                direct: q.direct,
                kind: q.kind.label().to_string(),
                cue: q.cue.map(|c| conv.text_span(c)),
                speaker: q.speaker.as_ref().map(|sp| {
                    let s = conv.text_span(sp.span);
                    SpeakerRecord {
                        start: s.start,
                        end: s.end,
                        text: s.text,
                        entity: sp.entity.map(|i| entity_id(i as usize)),
                        name: sp.entity.and_then(|i| doc.entities.get(i as usize)).map(|e| e.name.clone()),
                        note: sp.unresolved.clone(),
                    }
                }),
                speaker_note: q.no_speaker_reason.clone(),
                date: q.date.as_ref().map(|d| StatementDateRecord {
                    value: d.value.clone(),
                    origin: match d.origin {
                        StatementDateOrigin::Cue(_) => "cue",
                        StatementDateOrigin::Article => "article",
                    }
                    .to_string(),
                    time: match d.origin {
                        StatementDateOrigin::Cue(t) => Some(time_id(t as usize)),
                        StatementDateOrigin::Article => None,
                    },
                }),
                provenance: (&q.provenance).into(),
            })
            .collect();
        let times = doc
            .times
            .iter()
            .enumerate()
            .map(|(idx, t)| {
                let s = conv.text_span(t.span);
                TimeRecord {
                    id: time_id(idx),
                    start: s.start,
                    end: s.end,
                    text: s.text,
                    kind: t.kind.label().to_string(),
                    value: t.value.clone(),
                    provenance: (&t.provenance).into(),
                }
            })
            .collect();
        let events = doc
            .events
            .iter()
            .enumerate()
            .map(|(idx, ev)| {
                let s = conv.text_span(ev.span);
                EventRecord {
                    id: format!("V{}", idx + 1),
                    start: s.start,
                    end: s.end,
                    text: s.text,
                    kind: ev.kind.clone(),
                    provenance: (&ev.provenance).into(),
                }
            })
            .collect();
        Record {
            article: article_record(doc),
            text_length: conv.n_chars(),
            text: options.with_text.then(|| doc.text.clone()),
            paragraphs: doc.paragraphs.iter().map(|p| conv.span(p.span)).collect(),
            sentences: doc
                .sentences
                .iter()
                .map(|s| {
                    let span = conv.span(s.span);
                    SentenceRecord { start: span.start, end: span.end, paragraph: s.paragraph }
                })
                .collect(),
            tokens: options.with_tokens.then(|| {
                doc.tokens
                    .iter()
                    .map(|t| {
                        let s = conv.text_span(t.span);
                        TokenRecord { start: s.start, end: s.end, text: s.text }
                    })
                    .collect()
            }),
            entities,
            quotes,
            times,
            events,
            diagnostics: doc
                .diagnostics
                .iter()
                .map(|d| DiagnosticRecord { stage: d.stage.to_string(), message: d.message.clone() })
                .collect(),
        }
    }
}

/// One prediction line in the PolNeAR scorer's JSONL format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolnearPrediction {
    /// The text file's name without `.txt`.
    pub doc: String,
    /// Content ranges `[start, end]` in code points.
    pub content: Vec<[u32; 2]>,
    /// The source range, or null.
    pub source: Option<[u32; 2]>,
    /// The cue range, or null.
    pub cue: Option<[u32; 2]>,
}

/// The document's statements in the PolNeAR scorer's format.
pub fn polnear_predictions(doc: &Document) -> Vec<PolnearPrediction> {
    let conv = Converter::new(&doc.text);
    let pair = |s: Span| {
        let r = conv.span(s);
        [r.start, r.end]
    };
    doc.quotes
        .iter()
        .map(|q| PolnearPrediction {
            doc: doc.meta.id.clone(),
            content: q.content.iter().map(|s| pair(*s)).collect(),
            source: q.speaker.as_ref().map(|sp| pair(sp.span)),
            cue: q.cue.map(pair),
        })
        .collect()
}
