//! herald's NLP pipeline.
//!
//! A [`Pipeline`] is one explicit list of [`Stage`]s; each stage reads some layers of a
//! [`Document`] and writes one. Stages never fail on text: they return [`Diagnostic`]s.
//!
//! | stage | reads | writes |
//! |---|---|---|
//! | [`segment::Segmenter`] | text, header | paragraphs, tokens, sentences |
//! | [`ner::NerStage`] | tokens, sentences | names |
//! | [`entities::EntityStage`] | tokens, sentences, names | entities |
//! | [`time::TimeStage`] | tokens, sentences, article date | times |
//! | [`quotes::QuoteStage`] | tokens, sentences, paragraphs, entities, times | quotes |
//!
//! [`pos`] is not a stage: the quote stage's features run its part-of-speech tagger.

pub mod entities;
mod feature_hash;
pub mod guard;
pub mod lexicon;
pub mod ner;
pub mod perceptron;
pub mod pos;
pub mod quotes;
pub mod segment;
pub mod time;

use herald_core::{Diagnostic, Document};

/// The version of the extractor: herald's version and the models and rules of each stage. Stored
/// with every record, so that `herald ingest --reextract` knows what a newer herald would change.
pub fn extractor_version(second_attribution_pass: bool) -> String {
    let quotes = if second_attribution_pass { format!("{}, second pass", quotes::MODEL_NAME) } else { quotes::MODEL_NAME.to_string() };
    format!("herald {} ({}, {}, {quotes}, {})", env!("CARGO_PKG_VERSION"), ner::MODEL_NAME, pos::MODEL_NAME, time::RULES)
}

/// One step of the pipeline: adds one layer to a document.
pub trait Stage: Send + Sync {
    /// A short stable name (`segment`, `ner`, `quotes`, `time`), used in provenance.
    fn name(&self) -> &'static str;
    /// Adds this stage's layer to the document; problems are reported, never raised.
    fn process(&self, doc: &mut Document) -> Vec<Diagnostic>;
}

/// The stages to run, in order.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// The full extraction pipeline with the embedded models.
    pub fn standard() -> Pipeline {
        Pipeline::with_second_attribution_pass(false)
    }

    /// The full pipeline, with the attribution tagger's second pass or without (the standard
    /// pipeline): the second pass finds statements and their sources more accurately and makes
    /// the whole extraction about an eighth slower.
    pub fn with_second_attribution_pass(second_pass: bool) -> Pipeline {
        Pipeline {
            stages: vec![
                Box::new(segment::Segmenter),
                Box::new(ner::NerStage),
                Box::new(entities::EntityStage),
                Box::new(time::TimeStage),
                Box::new(quotes::QuoteStage { second_pass, uncalibrated: false }),
            ],
        }
    }

    /// Only segmentation (for reading benchmarks and checks).
    pub fn segmentation_only() -> Pipeline {
        Pipeline { stages: vec![Box::new(segment::Segmenter)] }
    }

    /// The stages up to and including `name`; `None` when there is no such stage.
    pub fn until(mut self, name: &str) -> Option<Pipeline> {
        let idx = self.stages.iter().position(|s| s.name() == name)?;
        self.stages.truncate(idx + 1);
        Some(self)
    }

    /// The stages before `name` (what that stage reads); `None` when there is no such stage.
    pub fn before(mut self, name: &str) -> Option<Pipeline> {
        let idx = self.stages.iter().position(|s| s.name() == name)?;
        self.stages.truncate(idx);
        Some(self)
    }

    /// The names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage, adding the time each took to `times` (one entry per stage).
    pub fn run_timed(&self, doc: &mut Document, times: &mut [std::time::Duration]) {
        for (stage, time) in self.stages.iter().zip(times.iter_mut()) {
            let start = std::time::Instant::now();
            let diagnostics = stage.process(doc);
            *time += start.elapsed();
            doc.diagnostics.extend(diagnostics);
        }
    }

    /// Runs every stage on the document; diagnostics are appended to `doc.diagnostics`.
    pub fn run(&self, doc: &mut Document) {
        for stage in &self.stages {
            let diagnostics = stage.process(doc);
            doc.diagnostics.extend(diagnostics);
        }
    }

    /// Runs every stage as [`Pipeline::run`] does, but a stage that fails (a bug: stages do not
    /// fail on text) fails this article only: its error names the stage and what went wrong, and
    /// the caller reports it as that article's error and goes on with the next. The document is
    /// then half-processed and must not be used.
    pub fn run_guarded(&self, doc: &mut Document) -> Result<(), guard::StageFailure> {
        self.run_timed_guarded(doc, &mut vec![std::time::Duration::ZERO; self.stages.len()])
    }

    /// [`Pipeline::run_guarded`] with the time each stage took added to `times`.
    pub fn run_timed_guarded(&self, doc: &mut Document, times: &mut [std::time::Duration]) -> Result<(), guard::StageFailure> {
        for (stage, time) in self.stages.iter().zip(times.iter_mut()) {
            let start = std::time::Instant::now();
            let diagnostics = guard::guarded(stage.name(), || {
                guard::failpoint(stage.name(), &doc.text);
                stage.process(doc)
            })?;
            *time += start.elapsed();
            doc.diagnostics.extend(diagnostics);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Pipeline;

    #[test]
    fn until_and_before_cut_the_pipeline_at_a_stage() {
        assert_eq!(Pipeline::standard().stage_names(), ["segment", "ner", "entities", "time", "quotes"]);
        assert_eq!(Pipeline::standard().until("entities").unwrap().stage_names(), ["segment", "ner", "entities"]);
        assert_eq!(Pipeline::standard().before("quotes").unwrap().stage_names(), ["segment", "ner", "entities", "time"]);
        assert!(Pipeline::standard().before("segment").unwrap().stage_names().is_empty());
        assert!(Pipeline::standard().before("events").is_none());
    }
}
