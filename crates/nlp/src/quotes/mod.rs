//! Who said what: direct quotes, indirect speech and attributed statements, with their cues and
//! speakers.
//!
//! Reads: tokens, sentences, paragraphs, entities. Writes: `quotes`.
//!
//! A tagger trained on PolNeAR (`attribution.v2`, an averaged perceptron over BIO tags for
//! source, cue and content, one paragraph at a time, in two passes: the second reads the first
//! pass's tags across the sentence and its neighbours) finds the pieces; quotation marks are paired
//! by [`marks`]; [`assemble`] links contents to cues and cues to sources, keeps split quotes
//! together and resolves speakers to entities.

pub mod assemble;
mod chunk_index;
pub mod confidence;
mod cue_subject;
pub mod features;
pub mod kind;
pub mod marks;
pub mod polnear;
pub mod rules;
pub mod speakers;
pub mod train;

use crate::Stage;
use crate::perceptron::{ModelCard, ModelError, PairedRows, Weights, bio, stacked_from_file_bytes};
use assemble::{Chunk, Role};
use features::Prepared;
use herald_core::{Diagnostic, Document};
use std::sync::OnceLock;

/// The tagger's types, in tag order.
pub const TYPES: [&str; 3] = ["SRC", "CUE", "CON"];
/// Number of BIO tags.
pub const N_TAGS: usize = 1 + 2 * TYPES.len();
/// The rule name in provenance.
pub const MODEL_NAME: &str = "attribution.v2";

/// The embedded model file (see `models/attribution.v2.md`).
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/attribution.v2.bin");

/// A loaded attribution tagger.
pub struct AttributionTagger {
    weights: Weights<N_TAGS>,
    /// The second pass, when the model has one: its transitions with those of its features the
    /// first pass lacks (the context features among them), and the rows of both passes paired
    /// for the features they share.
    context: Option<(Weights<N_TAGS>, PairedRows<N_TAGS>)>,
    card: ModelCard,
}

impl AttributionTagger {
    /// Loads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<AttributionTagger, ModelError> {
        let (mut passes, card) = stacked_from_file_bytes(bytes)?;
        if passes.len() > 2 {
            return Err(ModelError::Shape(format!("{} passes; the attribution tagger has one or two", passes.len())));
        }
        let second = (passes.len() == 2).then(|| passes.pop()).flatten();
        let weights = passes.pop().expect("a model file has at least one pass");
        // The second pass scores the tokens' own features with the first (one lookup for both)
        // and its context features from a table of its own features only: the first pass has
        // none of them, and a small table answers faster.
        let context = second.map(|second| {
            let paired = PairedRows::new(&weights, &second);
            (second.restricted(|key| !weights.index.contains_key(&key)), paired)
        });
        Ok(AttributionTagger { weights, context, card })
    }

    /// The embedded model, if the binary was built with one.
    pub fn embedded() -> Option<&'static AttributionTagger> {
        static TAGGER: OnceLock<Option<AttributionTagger>> = OnceLock::new();
        TAGGER.get_or_init(|| AttributionTagger::from_bytes(EMBEDDED_MODEL).ok()).as_ref()
    }

    /// Where the model came from.
    pub fn card(&self) -> &ModelCard {
        &self.card
    }

    /// True when the model has a second pass (`--accurate` runs it).
    pub fn has_second_pass(&self) -> bool {
        self.context.is_some()
    }

    /// Tags every paragraph (with the second pass when asked and the model has one) and adds the
    /// rule patterns; returns the chunks (global token indices).
    pub fn chunks(&self, prep: &Prepared, second_pass: bool) -> Vec<Chunk> {
        let mut chunks = self.tag(prep, second_pass);
        rules::extend_subject_only_contents(prep, &mut chunks);
        rules::extend_prepositional_phrases(prep, &mut chunks);
        rules::add_quote_patterns(prep, &mut chunks);
        rules::add_reported_clauses(prep, &mut chunks);
        chunks
    }

    /// Tags every paragraph of a prepared document: the first pass, then (when asked and the
    /// model has one) the second, which reads the token's own features again and the first
    /// pass's tags around it. Returns the chunks (global token indices).
    pub fn tag(&self, prep: &Prepared, second_pass: bool) -> Vec<Chunk> {
        let (tags, margins) = match self.context.as_ref().filter(|_| second_pass) {
            None => decode(&self.weights, prep, &emissions(&self.weights, prep)),
            Some((second_only, paired)) => {
                // Both passes score the token's own features: one lookup serves both.
                let n = prep.doc.tokens.len();
                let mut feats = Vec::with_capacity(64);
                let mut first = vec![[0f32; N_TAGS]; n];
                let mut second = vec![[0f32; N_TAGS]; n];
                for t in 0..n {
                    feats.clear();
                    prep.features(t, &mut feats);
                    paired.add_features(&feats, &mut first[t], &mut second[t]);
                }
                let pass = features::FirstPass::new(prep, best_paths(&self.weights, prep, &first));
                for (t, s) in second.iter_mut().enumerate() {
                    feats.clear();
                    prep.context_features(&pass, t, &mut feats);
                    second_only.add_features(&feats, s);
                }
                decode(second_only, prep, &second)
            }
        };
        let mut out = Vec::new();
        for &(base, end) in &prep.paragraphs {
            for (a, b, k) in bio::chunks(&tags[base..end]) {
                let margin = margins[base + a..base + b].iter().copied().fold(f32::INFINITY, f32::min);
                let confidence = if margin.is_finite() { 1.0 / (1.0 + (-margin / 4.0).exp()) } else { 1.0 };
                let role = match k {
                    0 => Role::Source,
                    1 => Role::Cue,
                    _ => Role::Content,
                };
                out.push(Chunk { role, first: base + a, last: base + b, confidence, rule: MODEL_NAME });
            }
        }
        out
    }
}

/// The emission scores of every token's own features under one pass's weights.
fn emissions(weights: &Weights<N_TAGS>, prep: &Prepared) -> Vec<[f32; N_TAGS]> {
    let mut feats = Vec::with_capacity(64);
    (0..prep.doc.tokens.len())
        .map(|t| {
            feats.clear();
            prep.features(t, &mut feats);
            let mut s = [0f32; N_TAGS];
            weights.add_features(&feats, &mut s);
            s
        })
        .collect()
}

/// The tags of a prepared document under one pass's weights (the first pass's, in training).
pub fn first_pass_tags(weights: &Weights<N_TAGS>, prep: &Prepared) -> Vec<bio::Tag> {
    best_paths(weights, prep, &emissions(weights, prep))
}

/// The best tags, paragraph by paragraph, without margins (what the second pass reads).
fn best_paths(weights: &Weights<N_TAGS>, prep: &Prepared, emissions: &[[f32; N_TAGS]]) -> Vec<bio::Tag> {
    let mut tags = vec![bio::O; prep.doc.tokens.len()];
    for &(a, b) in &prep.paragraphs {
        tags[a..b].copy_from_slice(&weights.best_path(&emissions[a..b]));
    }
    tags
}

/// The best tags and their margins, paragraph by paragraph, under the given emission scores and
/// the transitions of `weights`.
fn decode(weights: &Weights<N_TAGS>, prep: &Prepared, emissions: &[[f32; N_TAGS]]) -> (Vec<bio::Tag>, Vec<f32>) {
    let n = prep.doc.tokens.len();
    let mut tags = vec![bio::O; n];
    let mut margins = vec![f32::INFINITY; n];
    for &(a, b) in &prep.paragraphs {
        let (paragraph_tags, paragraph_margins) = weights.viterbi(&emissions[a..b]);
        tags[a..b].copy_from_slice(&paragraph_tags);
        margins[a..b].copy_from_slice(&paragraph_margins);
    }
    (tags, margins)
}

/// The attribution stage.
#[derive(Default)]
pub struct QuoteStage {
    /// Run the tagger's second pass (more accurate, about an eighth slower overall; see
    /// `models/attribution.v2.md`).
    pub second_pass: bool,
    /// Keep the tagger's own confidence instead of the calibrated probability (what
    /// `herald train calibration` reads).
    pub uncalibrated: bool,
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn process(&self, doc: &mut Document) -> Vec<Diagnostic> {
        let Some(tagger) = AttributionTagger::embedded() else {
            doc.quotes.clear();
            return vec![Diagnostic {
                stage: "quotes",
                message: "this build has no attribution model; no statements extracted".to_string(),
                span: None,
            }];
        };
        let mut quotes = {
            let prep = Prepared::new(doc);
            let chunks = tagger.chunks(&prep, self.second_pass);
            assemble::assemble(&prep, chunks)
        };
        for q in &mut quotes {
            q.date = statement_date(doc, q);
            q.kind = kind::kind_of(doc, q);
        }
        if !self.uncalibrated {
            let model = confidence::Calibration::embedded();
            let names = confidence::NameSpans::new(doc);
            for q in &mut quotes {
                let p = model.probability(&confidence::features(doc, &names, q));
                q.provenance.confidence = Some((p * 1000.0).round() / 1000.0);
            }
        }
        doc.quotes = quotes;
        Vec::new()
    }
}

/// A duration in whole days (`P3D` 3, `P2W` 14); hours and minutes count as the same day
/// (`PT1H` 0); months and longer are not a number of days.
fn whole_days(value: &str) -> Option<u64> {
    if value.starts_with("PT") {
        return Some(0);
    }
    let body = value.strip_prefix('P')?;
    let (n, unit) = body.split_at(body.len().checked_sub(1)?);
    let n: u64 = n.parse().ok()?;
    match unit {
        "D" => Some(n),
        "W" => n.checked_mul(7),
        _ => None,
    }
}

/// True for a value that names a calendar point (`2025-02-12`, `2025-02`, `2025-W07`, `2020`).
fn is_calendar_value(value: &str) -> bool {
    value.len() >= 4 && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
}

/// The days a week, month, quarter or year value covers (`2025-W06`, `2025-02`, `2025-Q1`,
/// `2025`), first and last.
fn period_of(value: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::{Datelike, NaiveDate, Weekday};
    let year: i32 = value.get(..4)?.parse().ok()?;
    let rest = &value[4..];
    let month_span = |m1: u32, m2: u32| {
        let first = NaiveDate::from_ymd_opt(year, m1, 1)?;
        let next = if m2 == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(year, m2 + 1, 1)? };
        Some((first, next.pred_opt()?))
    };
    match rest.as_bytes() {
        [] => month_span(1, 12),
        [b'-', b'W', ..] => {
            let week: u32 = rest[2..].parse().ok()?;
            let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
            Some((monday, monday + chrono::Duration::days(6)))
        }
        [b'-', b'Q', q] if (b'1'..=b'4').contains(q) => {
            let q = u32::from(q - b'0');
            month_span(3 * q - 2, 3 * q)
        }
        [b'-', m1, m2] if m1.is_ascii_digit() && m2.is_ascii_digit() => {
            let m: u32 = rest[1..].parse().ok()?;
            month_span(m, m).filter(|(d, _)| d.month() == m)
        }
        _ => None,
    }
}

/// Nouns for a piece of communication that a date before them dates (`a 2014 study`, `in a June
/// report`, `a 2008 interview`): the statement was made then.
const DATED_COMMUNICATIONS: &[&str] = &[
    "study",
    "report",
    "survey",
    "poll",
    "interview",
    "speech",
    "statement",
    "letter",
    "memo",
    "ruling",
    "decision",
    "op-ed",
    "column",
    "article",
    "tweet",
    "post",
    "paper",
    "analysis",
    "testimony",
    "address",
    "remarks",
    "book",
    "filing",
    "opinion",
    "editorial",
    "essay",
    "broadcast",
    "documentary",
    "press",
];

/// The value a statement date takes from a time: a day as it is, a week as the month holding its
/// Thursday (readers date `last week` to a month, and a week value is not a calendar date most
/// tools read), a month, quarter or year as it is.
fn statement_value(value: &str) -> String {
    use chrono::Datelike;
    if value.len() >= 10 && value.as_bytes()[7] == b'-' {
        return value.to_string();
    }
    if value.get(4..6) == Some("-W")
        && let Some((first, _)) = period_of(&value[..value.len().min(8)])
    {
        let thursday = first + chrono::Duration::days(3);
        return format!("{:04}-{:02}", thursday.year(), thursday.month());
    }
    value.to_string()
}

/// The first day a calendar value can mean (`2025-02-12`, `2025-02`, `2025-W07`, `2025`).
fn first_day(value: &str) -> Option<chrono::NaiveDate> {
    if value.len() >= 10 && value.as_bytes()[7] == b'-' {
        return chrono::NaiveDate::parse_from_str(&value[..10], "%Y-%m-%d").ok();
    }
    let end = value.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(value.len());
    let core = &value[..end];
    // `2025-W06-WE` (a weekend), `2025-SU` (a season): the week or the year.
    let core = if core.len() > 8 && core.get(4..6) == Some("-W") { &core[..8] } else { core };
    period_of(core).or_else(|| period_of(&core[..4])).map(|(first, _)| first)
}

/// The date a statement was made: a time that dates the act of saying — in the statement's
/// sentence, outside its content, not in a relative clause, and either an adverbial
/// (`said Tuesday`, `told CNN on Monday`, `Last month, the administration announced`) or the date
/// of a piece of communication (`a 2014 study found`, `in a 2008 interview`) — the one nearest the
/// cue; else that many days after the day named before it (`Three days later, Smith said`); else
/// the article date. Never a time inside the content, never a day after the article date; a time
/// elsewhere in the article is what it dates, not this statement (a date carried over from earlier
/// sentences was wrong more often than right on the speakers gold).
pub fn statement_date(doc: &Document, q: &herald_core::Quote) -> Option<herald_core::StatementDate> {
    use herald_core::{StatementDate, StatementDateOrigin, TimexType};
    let anchor = q.cue.or_else(|| q.speaker.as_ref().map(|s| s.span)).or_else(|| q.content.first().copied())?;
    let sentence = doc.sentence_at(anchor.start as usize).map(|i| doc.sentences[i].span);
    let in_content = |s: herald_core::Span| q.content.iter().any(|c| c.overlaps(s));
    let article = doc.meta.date.date();
    // A time in a relative clause is about its subject, not the statement (`Rubio, who arrived on
    // Sunday, said …`).
    let in_relative_clause = |t: &herald_core::Timex| {
        let Some(s) = doc.sentence_at(t.span.start as usize).map(|i| doc.sentences[i].span) else { return false };
        let before = &doc.text[s.start as usize..t.span.start as usize];
        let clause = before.rsplit(',').next().unwrap_or(before).trim_start().to_lowercase();
        ["which ", "who ", "whom ", "whose ", "where ", "when "].iter().any(|w| clause.starts_with(w) || clause.contains(&format!(" {w}")))
    };
    // Not a year that names a thing (`the 2011 raid`, `his 1995 tax return`, `the Act of 1993`),
    // unless the thing is a piece of communication.
    let dates_the_saying = |t: &herald_core::Timex, sentence: herald_core::Span| {
        let before = &doc.text[sentence.start as usize..t.span.start as usize];
        let previous = before.split_whitespace().last().unwrap_or("").to_lowercase();
        // `since 2008`, `from 2005 levels`, `until Friday`, `by 2030`: a span or a limit of what
        // is said, not when.
        let modifier = matches!(
            previous.as_str(),
            "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "my"
                | "your"
                | "of"
                | "since"
                | "from"
                | "until"
                | "till"
                | "through"
                | "than"
                | "to"
                | "by"
                | "between"
                | "and"
                | "or"
        ) || previous.ends_with("'s")
            || previous.ends_with("’s");
        let next = doc.text[t.span.end as usize..sentence.end as usize].split_whitespace().next().unwrap_or("").to_lowercase();
        let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
        let communication = DATED_COMMUNICATIONS.contains(&next) || DATED_COMMUNICATIONS.contains(&next.trim_end_matches('s'));
        communication || (!modifier && !in_relative_clause(t))
    };
    let calendar = |t: &herald_core::Timex| {
        matches!(t.kind, TimexType::Date | TimexType::Time)
            && t.value.as_deref().is_some_and(|v| is_calendar_value(v) && first_day(v).is_some_and(|d| article.is_none_or(|a| d <= a)))
    };
    // The times of a stretch of text (the layer is in text order): a quote looks at its
    // sentence's, not at every time of the article.
    let times_in = |s: herald_core::Span| {
        let lo = doc.times.partition_point(|t| t.span.start < s.start);
        let hi = doc.times.partition_point(|t| t.span.start < s.end);
        (lo..hi.max(lo)).map(|i| (i, &doc.times[i]))
    };
    if let Some(sentence) = sentence {
        let distance = |s: herald_core::Span| {
            if s.end <= anchor.start { anchor.start - s.end } else { s.start.saturating_sub(anchor.end) }
        };
        let chosen = times_in(sentence)
            .filter(|(_, t)| sentence.contains(t.span) && !in_content(t.span) && calendar(t) && dates_the_saying(t, sentence))
            .min_by_key(|(_, t)| distance(t.span));
        if let Some((idx, t)) = chosen {
            let value = statement_value(t.value.as_deref().unwrap_or_default());
            return Some(StatementDate { value, origin: StatementDateOrigin::Cue(idx as u32) });
        }
    }
    // `Three days later, Smith said …`: TimeML marks the duration (`later` is a signal outside
    // it); the statement is that long after the day named before it.
    let day_level = |t: &herald_core::Timex| {
        calendar(t) && t.value.as_deref().is_some_and(|v| v.len() >= 10 && v.as_bytes()[7] == b'-') && !in_relative_clause(t)
    };
    if let Some(sentence) = sentence
        && let Some((idx, t)) = times_in(sentence).find(|(_, t)| {
            sentence.contains(t.span)
                && !in_content(t.span)
                && t.kind == TimexType::Duration
                && doc.text[t.span.end as usize..].trim_start().get(..5).is_some_and(|w| w.eq_ignore_ascii_case("later"))
        })
        && let Some(days) = t.value.as_deref().and_then(whole_days)
        // The day named before it: among the few times before (a window, not the whole article).
        && let Some(base) = doc.times[..idx].iter().rev().take(64).find(|b| b.span.end <= t.span.start && day_level(b)).and_then(|b| b.value.as_deref())
        && let Ok(base) = chrono::NaiveDate::parse_from_str(&base[..10], "%Y-%m-%d")
        && let Some(day) = base.checked_add_days(chrono::Days::new(days))
        && article.is_none_or(|a| day <= a)
    {
        return Some(StatementDate { value: day.format("%Y-%m-%d").to_string(), origin: StatementDateOrigin::Cue(idx as u32) });
    }
    article.map(|d| StatementDate { value: d.format("%Y-%m-%d").to_string(), origin: StatementDateOrigin::Article })
}
