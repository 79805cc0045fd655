//! Named entities: a trained tagger (averaged perceptron, BIO, Viterbi) and its stage.
//!
//! Reads: tokens, sentences. Writes: `names` (the `entities` stage groups them into entities).
//!
//! The model predicts the CoNLL-2003 types (PER, ORG, LOC, MISC); the record's finer types come
//! from the gazetteers: a LOC that is a country, state or city is `GPE`, a MISC that is a
//! nationality or a religious or political group is `NORP`.

pub mod conll;
pub mod features;
pub mod tags;
pub mod train;

use crate::Stage;
use crate::perceptron::{ModelCard, ModelError};
use herald_core::{Diagnostic, Document, EntityType, NameMention, Provenance, Span};

/// The tagger's weights.
pub type Weights = crate::perceptron::Weights<{ tags::N_TAGS }>;
use std::sync::OnceLock;
use tags::Tag;

/// The embedded model file (see `models/ner.v1.md` for how it was made).
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/ner.v1.bin");

/// A loaded tagger.
pub struct Tagger {
    weights: Weights,
    card: ModelCard,
}

/// An entity mention found by the tagger, in token indices of its sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// CoNLL type index into [`tags::TYPES`].
    pub conll_type: usize,
    /// Confidence in `[0, 1]` from the Viterbi max-marginal margin of its weakest token.
    pub confidence: f32,
}

impl Tagger {
    /// Loads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let (weights, card) = Weights::from_file_bytes(bytes)?;
        Ok(Tagger { weights, card })
    }

    /// The model embedded in the binary, loaded on first use.
    pub fn embedded() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| Tagger::from_bytes(EMBEDDED_MODEL).expect("the embedded ner model loads (checked by tests)"))
    }

    /// Where the model came from.
    pub fn card(&self) -> &ModelCard {
        &self.card
    }

    /// The raw BIO tags and margins of every sentence of an article.
    pub fn tag<S: AsRef<str>>(&self, sentences: &[&[S]]) -> Vec<(Vec<Tag>, Vec<f32>)> {
        train::tag_article(&self.weights, sentences)
    }

    /// The entity chunks of every sentence of an article.
    pub fn chunks<S: AsRef<str>>(&self, sentences: &[&[S]]) -> Vec<Vec<Chunk>> {
        self.tag(sentences)
            .into_iter()
            .map(|(tags, margins)| {
                tags::chunks(&tags)
                    .into_iter()
                    .map(|(start, end, conll_type)| {
                        let margin = margins[start..end].iter().copied().fold(f32::INFINITY, f32::min);
                        Chunk { start, end, conll_type, confidence: confidence(margin) }
                    })
                    .collect()
            })
            .collect()
    }
}

/// Maps a Viterbi margin to `[0, 1]`.
fn confidence(margin: f32) -> f32 {
    if !margin.is_finite() {
        return 1.0;
    }
    1.0 / (1.0 + (-margin / 4.0).exp())
}

/// Words that end the names of places without a government of their own.
const PHYSICAL_PLACE_WORDS: &[&str] = &[
    "River",
    "Sea",
    "Ocean",
    "Mountains",
    "Mountain",
    "Mount",
    "Mt.",
    "Lake",
    "Valley",
    "Island",
    "Islands",
    "Peninsula",
    "Desert",
    "Gulf",
    "Bay",
    "Coast",
    "Strait",
    "Straits",
    "Canal",
    "Street",
    "Avenue",
    "Square",
    "Park",
    "Airport",
    "Bridge",
    "Forest",
    "Basin",
    "Plain",
    "Plains",
    "Hills",
    "Heights",
    "Range",
    "Channel",
    "Glacier",
    "Falls",
    "Delta",
    "Highway",
    "Road",
    "Stadium",
];

/// The record type of a mention the model tagged with a CoNLL type.
pub fn refine_type(conll_type: usize, text: &str) -> EntityType {
    use crate::lexicon::{cat, lexicon};
    let lex = lexicon();
    let cats = lex.lookup(text).map_or(0, |i| i.cats);
    match tags::TYPES[conll_type] {
        "PER" => EntityType::Person,
        "ORG" => EntityType::Org,
        "LOC" => {
            if cats & (cat::COUNTRY | cat::CAPITAL | cat::SUBDIVISION) != 0 {
                EntityType::Gpe
            } else if cats & cat::REGION != 0 {
                EntityType::Loc
            } else if cats & cat::CITY != 0 {
                EntityType::Gpe
            } else {
                let words: Vec<&str> = text.split_whitespace().collect();
                let physical = words.iter().any(|w| PHYSICAL_PLACE_WORDS.contains(w));
                if physical { EntityType::Loc } else { EntityType::Gpe }
            }
        }
        _ => {
            let last = text.split_whitespace().last().unwrap_or(text);
            let last_cats = lex.lookup(last).map_or(0, |i| i.cats);
            if (cats | last_cats) & (cat::DEMONYM | cat::GROUP) != 0 { EntityType::Norp } else { EntityType::Misc }
        }
    }
}

/// The CoNLL type a record type maps back to, for scoring against CoNLL.
pub fn conll_type(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "PER",
        EntityType::Org => "ORG",
        EntityType::Gpe | EntityType::Loc => "LOC",
        EntityType::Norp | EntityType::Misc => "MISC",
    }
}

/// The tagging stage: writes the names it finds.
#[derive(Default)]
pub struct NerStage;

/// The rule name in provenance.
pub const MODEL_NAME: &str = "ner.v1";

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn process(&self, doc: &mut Document) -> Vec<Diagnostic> {
        let tagger = Tagger::embedded();
        let words: Vec<Vec<&str>> =
            doc.sentences.iter().map(|s| s.token_range().map(|i| doc.tokens[i].span.text(&doc.text)).collect()).collect();
        let sentences: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let chunks = tagger.chunks(&sentences);
        let mut names = Vec::new();
        for (sentence, sentence_chunks) in doc.sentences.iter().zip(chunks) {
            let first = sentence.tokens.start as usize;
            for chunk in sentence_chunks {
                let span =
                    Span::new(doc.tokens[first + chunk.start].span.start as usize, doc.tokens[first + chunk.end - 1].span.end as usize);
                let kind = refine_type(chunk.conll_type, span.text(&doc.text));
                names.push(NameMention { span, kind, provenance: Provenance::scored("ner", MODEL_NAME, chunk.confidence) });
            }
        }
        doc.names = names;
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads_and_tags() {
        let tagger = Tagger::embedded();
        assert_eq!(tagger.card().name, "ner.v1");
        let words = ["US", "President", "Donald", "Trump", "spoke", "with", "Vladimir", "Putin", "in", "Moscow", "."];
        let chunks = &tagger.chunks(&[&words[..]])[0];
        let found: Vec<(usize, usize, &str)> = chunks.iter().map(|c| (c.start, c.end, tags::TYPES[c.conll_type])).collect();
        assert!(found.contains(&(2, 4, "PER")), "{found:?}");
        assert!(found.contains(&(6, 8, "PER")), "{found:?}");
        assert!(found.contains(&(9, 10, "LOC")), "{found:?}");
    }

    #[test]
    fn refined_types() {
        let loc = tags::TYPES.iter().position(|t| *t == "LOC").unwrap();
        let misc = tags::TYPES.iter().position(|t| *t == "MISC").unwrap();
        assert_eq!(refine_type(loc, "Ukraine"), EntityType::Gpe);
        assert_eq!(refine_type(loc, "Brussels"), EntityType::Gpe);
        assert_eq!(refine_type(loc, "Europe"), EntityType::Loc);
        assert_eq!(refine_type(loc, "Yangtze River"), EntityType::Loc);
        assert_eq!(refine_type(misc, "Russian"), EntityType::Norp);
        assert_eq!(refine_type(misc, "Shiite Muslims"), EntityType::Norp);
        assert_eq!(refine_type(misc, "World Cup"), EntityType::Misc);
    }
}
