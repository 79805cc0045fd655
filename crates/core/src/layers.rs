//! The layer types a [`Document`](crate::Document) carries. Each layer has exactly one stage that
//! writes it; each fact has a span and a [`Provenance`].

use crate::Span;
use std::borrow::Cow;
use std::ops::Range;

/// Which stage and which rule or model made a fact, and how sure it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    /// The stage that wrote the fact (`segment`, `ner`, `quotes`, `time`, ...).
    pub stage: &'static str,
    /// The rule or model inside the stage (`ner.v1`, `direct.said_after`, ...).
    pub rule: Cow<'static, str>,
    /// A confidence in `[0, 1]` where the stage has one.
    pub confidence: Option<f32>,
}

impl Provenance {
    /// A fact made by a rule that has no confidence score.
    pub fn rule(stage: &'static str, rule: impl Into<Cow<'static, str>>) -> Provenance {
        Provenance { stage, rule: rule.into(), confidence: None }
    }

    /// A fact made by a rule or model with a confidence.
    pub fn scored(stage: &'static str, rule: impl Into<Cow<'static, str>>, confidence: f32) -> Provenance {
        Provenance { stage, rule: rule.into(), confidence: Some(confidence) }
    }
}

/// The coarse class of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with digits, inner hyphens, apostrophes or abbreviation periods).
    Word,
    /// Digits (possibly with inner separators: `1,000.5`, `10:30`, `2025-02-13`).
    Number,
    /// A single punctuation mark or symbol, or an ellipsis or dash run.
    Punct,
}

/// One token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is.
    pub span: Span,
    /// Its class.
    pub kind: TokenKind,
}

/// One paragraph (a block separated from the next by a blank line, or a line when the text has no
/// blank lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Where it is, without surrounding white space.
    pub span: Span,
}

/// One sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is, without surrounding white space.
    pub span: Span,
    /// The tokens it holds, as indices into `Document::tokens`.
    pub tokens: Range<u32>,
    /// The paragraph it belongs to.
    pub paragraph: u32,
}

impl Sentence {
    /// The token indices as `usize`.
    pub fn token_range(&self) -> Range<usize> {
        self.tokens.start as usize..self.tokens.end as usize
    }
}

/// Entity types (OntoNotes-style names for the CoNLL classes, with `GPE` and `NORP` split out).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// People, including fictional.
    Person,
    /// Companies, agencies, institutions, parties, teams.
    Org,
    /// Countries, cities, states: places with a government.
    Gpe,
    /// Other places: regions, bodies of water, mountains.
    Loc,
    /// Nationalities, religious and political groups.
    Norp,
    /// Everything else that is named: events, works, laws, products.
    Misc,
}

impl EntityType {
    /// All types in a fixed order.
    pub const ALL: [EntityType; 6] =
        [EntityType::Person, EntityType::Org, EntityType::Gpe, EntityType::Loc, EntityType::Norp, EntityType::Misc];

    /// The label used in the record: `PERSON`, `ORG`, `GPE`, `LOC`, `NORP`, `MISC`.
    pub fn label(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Misc => "MISC",
        }
    }

    /// Parses a record label (also accepts CoNLL's `PER`).
    pub fn from_label(label: &str) -> Option<EntityType> {
        Some(match label {
            "PERSON" | "PER" => EntityType::Person,
            "ORG" => EntityType::Org,
            "GPE" => EntityType::Gpe,
            "LOC" => EntityType::Loc,
            "NORP" => EntityType::Norp,
            "MISC" => EntityType::Misc,
            _ => return None,
        })
    }
}

/// How an entity is mentioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A proper name (`Donald Trump`, `Trump`, `NATO`).
    Name,
    /// A common noun phrase (`the president`, `the Republican head of state`).
    Nominal,
    /// A pronoun (`he`, `his`).
    Pronoun,
}

impl MentionKind {
    /// The label used in the record.
    pub fn label(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Nominal => "nominal",
            MentionKind::Pronoun => "pronoun",
        }
    }
}

/// One mention of an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// Name, nominal or pronoun.
    pub kind: MentionKind,
    /// What made it.
    pub provenance: Provenance,
}

/// A name the tagger found, before names are grouped into entities.
#[derive(Clone, Debug, PartialEq)]
pub struct NameMention {
    /// Where it is.
    pub span: Span,
    /// Its type.
    pub kind: EntityType,
    /// What made it.
    pub provenance: Provenance,
}

/// A role a person holds, as the text states it (`Secretary of Defense`, of `US`).
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// The title (`President`, `Secretary of Defense`); `None` for a bare affiliation
    /// (`Ukraine's Volodymyr Zelensky`).
    pub title: Option<String>,
    /// The country or organisation the title belongs to, when the text says.
    pub of: Option<String>,
    /// The span of the whole role phrase.
    pub span: Span,
    /// What made it.
    pub provenance: Provenance,
}

/// A grammatical gender used for pronoun agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    /// he/him/his.
    Male,
    /// she/her.
    Female,
}

/// One entity of an article: every mention of it, its canonical name and its roles.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// The canonical name: the fullest proper name among its mentions.
    pub name: String,
    /// Its type.
    pub kind: EntityType,
    /// Its mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Its roles, in text order.
    pub roles: Vec<Role>,
    /// Gender for pronoun agreement, when known.
    pub gender: Option<Gender>,
    /// For a capital or building used for a government (`Moscow said`, `the Kremlin`): the index
    /// of the country entity it stands for, when the article names that country.
    pub stands_for: Option<u32>,
    /// For such a capital or building: the country whose government it stands for.
    pub government_of: Option<String>,
}

/// The speaker of a statement: the source mention and the entity it resolves to.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// The source mention in the text (a name, pronoun, role noun, organisation or capital).
    pub span: Span,
    /// The entity it resolves to, as an index into `Document::entities`.
    pub entity: Option<u32>,
    /// Why the entity is unknown, when it is.
    pub unresolved: Option<String>,
}

/// Where the date of a statement came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementDateOrigin {
    /// A time expression that dates the act of saying: attached to the cue or its clause, or
    /// dating the communication that is the source (index into `Document::times`).
    Cue(u32),
    /// The article date.
    Article,
}

/// What kind of statement a quote is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// Something said, written or otherwise communicated (said, told, wrote, tweeted, announced,
    /// endorsed; every direct quotation).
    #[default]
    Speech,
    /// A belief, feeling, intention or plan (believes, fears, wants, plans, expects).
    Thought,
    /// Neither: a noun or perception without reported words (`his criticism of`), or negated
    /// speech (`declined to comment on`).
    Other,
}

impl QuoteKind {
    /// The record's label.
    pub fn label(self) -> &'static str {
        match self {
            QuoteKind::Speech => "speech",
            QuoteKind::Thought => "thought",
            QuoteKind::Other => "other",
        }
    }

    /// Parses a label.
    pub fn from_label(label: &str) -> Option<QuoteKind> {
        Some(match label {
            "speech" => QuoteKind::Speech,
            "thought" => QuoteKind::Thought,
            "other" => QuoteKind::Other,
            _ => return None,
        })
    }
}

/// The date a statement was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementDate {
    /// A TimeML value (`2025-02-12`, `2025-02`, `FUTURE_REF`).
    pub value: String,
    /// Where it came from.
    pub origin: StatementDateOrigin,
}

/// One attributed statement: direct quote, indirect speech or attributed belief.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The content spans (a split quote has several).
    pub content: Vec<Span>,
    /// True when the content is inside quotation marks.
    pub direct: bool,
    /// Speech, thought or other.
    pub kind: QuoteKind,
    /// The cue (`said`, `according to`), when there is one.
    pub cue: Option<Span>,
    /// The speaker, when the text names one.
    pub speaker: Option<Speaker>,
    /// Why there is no speaker, when there is none.
    pub no_speaker_reason: Option<String>,
    /// The date the statement was made or refers to.
    pub date: Option<StatementDate>,
    /// What made it.
    pub provenance: Provenance,
}

/// TimeML TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimexType {
    /// A calendar date or period (`Wednesday`, `2020`, `last month`).
    Date,
    /// A time of day (`10 a.m.`, `this morning`).
    Time,
    /// A length of time (`90 minutes`).
    Duration,
    /// A recurring time (`every Wednesday`).
    Set,
}

impl TimexType {
    /// The TimeML label.
    pub fn label(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }

    /// Parses a TimeML label.
    pub fn from_label(label: &str) -> Option<TimexType> {
        Some(match label {
            "DATE" => TimexType::Date,
            "TIME" => TimexType::Time,
            "DURATION" => TimexType::Duration,
            "SET" => TimexType::Set,
            _ => return None,
        })
    }
}

/// One time expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Timex {
    /// Where it is.
    pub span: Span,
    /// Its TimeML type.
    pub kind: TimexType,
    /// Its TimeML value; `None` when it cannot be resolved (a relative expression without an
    /// article date).
    pub value: Option<String>,
    /// What made it.
    pub provenance: Provenance,
}

/// One event (reserved for a later stage; the record already has a place for it).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The trigger word or phrase.
    pub span: Span,
    /// The event class.
    pub kind: String,
    /// What made it.
    pub provenance: Provenance,
}
