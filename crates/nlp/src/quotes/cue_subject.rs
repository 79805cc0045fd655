//! What a cue says about the subject before it: a passive without its agent (`was asked`, `is
//! widely expected`), a question put to it (`Asked whether …`) or the writer's hedge (`seems`)
//! leaves the subject someone the words are about, not who spoke; `was criticized by Senator
//! Warren` names the one who did.

use super::assemble::Chunk;
use super::features::{Prepared, speech_verbs};
use herald_core::{EntityType, MentionKind, Span};

/// Whether a cue is a passive without its agent (`was asked`, `is widely expected`, `has been
/// called`; not `was asked by the moderator`): its subject is who the words are about or who was
/// addressed, not who spoke.
pub(super) fn passive_cue(prep: &Prepared, cue: &Chunk) -> bool {
    let agent = cue.last < prep.doc.tokens.len() && prep.doc.token_text(cue.last).eq_ignore_ascii_case("by");
    passive_form(prep, cue) && !agent
}

/// Participles of speech and perception not ending in `-ed`.
const IRREGULAR_PARTICIPLES: &[&str] =
    &["known", "told", "seen", "shown", "given", "taken", "written", "held", "heard", "thought", "said", "made"];

/// Participles that say how the subject feels: its own stance (`are determined`, `were worried`),
/// not a passive of speech.
const STANCE_PARTICIPLES: &[&str] = &[
    "determined",
    "concerned",
    "worried",
    "convinced",
    "pleased",
    "disappointed",
    "surprised",
    "satisfied",
    "committed",
    "prepared",
    "interested",
    "frustrated",
    "alarmed",
    "troubled",
    "opposed",
    "inclined",
    "excited",
    "encouraged",
    "dismayed",
    "relieved",
    "shocked",
    "annoyed",
    "unconvinced",
    "resigned",
    "skeptical",
    "confused",
    "delighted",
    "thrilled",
    "outraged",
    "angered",
    "divided",
    "assured",
    "focused",
    "devoted",
    "poised",
    "aligned",
];

/// Whether a cue's words are a passive: a form of `be`, adverbs, a participle that is not one of
/// stance, and no `by` (`are supported by` names its agent).
fn passive_form(prep: &Prepared, cue: &Chunk) -> bool {
    let doc = prep.doc;
    let words: Vec<String> = (cue.first..cue.last).map(|t| doc.token_text(t).to_lowercase()).collect();
    let mut i = 0;
    if words.len() > 2 && matches!(words[0].as_str(), "has" | "have" | "had") && words[1] == "been" {
        i = 1;
    }
    if words.len() < i + 2 || !matches!(words[i].as_str(), "is" | "are" | "was" | "were" | "been" | "be" | "being") {
        return false;
    }
    // The auxiliary, adverbs, the participle; what follows it is the cue's own (`was announced |
    // in Washington`).
    let adverb =
        |w: &&String| w.ends_with("ly") || matches!(w.as_str(), "not" | "also" | "first" | "now" | "still" | "never" | "often" | "later");
    let participle = |w: &String| (w.len() > 4 && w.ends_with("ed")) || IRREGULAR_PARTICIPLES.contains(&w.as_str());
    let stance = |w: &String| STANCE_PARTICIPLES.contains(&w.as_str());
    let rest = &words[i + 1..];
    rest.iter().find(|w| !adverb(w)).is_some_and(|w| participle(w) && !stance(w)) && !rest.iter().any(|w| w == "by")
}

/// The name after a passive cue's `by` (`was criticized by Senator Elizabeth Warren`), within
/// four words and before any punctuation.
pub(super) fn passive_agent(prep: &Prepared, cue: &Chunk) -> Option<Span> {
    let doc = prep.doc;
    let by = cue.last;
    if by + 1 >= doc.tokens.len() || !doc.token_text(by).eq_ignore_ascii_case("by") || !passive_form(prep, cue) {
        return None;
    }
    let end = (by + 1..(by + 5).min(doc.tokens.len()))
        .find(|&t| !doc.token_text(t).chars().next().is_some_and(char::is_alphanumeric))
        .unwrap_or((by + 5).min(doc.tokens.len()));
    let (from, to) = (doc.tokens[by + 1].span.start, doc.tokens[end - 1].span.end);
    doc.entities
        .iter()
        .filter(|e| matches!(e.kind, EntityType::Person | EntityType::Org | EntityType::Gpe))
        .flat_map(|e| e.mentions.iter())
        .filter(|m| m.kind == MentionKind::Name && m.span.start >= from && m.span.end <= to)
        .min_by_key(|m| m.span.start)
        .map(|m| m.span)
}

/// Whether a cue opens a participle clause of being asked (`Asked whether he would resign, …`,
/// `… when asked about the plan`): the one asked is the subject of the sentence, not the source
/// of the question.
pub(super) fn asked_clause(prep: &Prepared, cue: &Chunk) -> bool {
    let doc = prep.doc;
    if !matches!(doc.token_text(cue.first).to_lowercase().as_str(), "asked" | "pressed" | "questioned") {
        return false;
    }
    let sentence_start = doc.sentence_at(doc.tokens[cue.first].span.start as usize).map(|s| doc.sentences[s].tokens.start as usize);
    sentence_start == Some(cue.first)
        || (cue.first > 0 && matches!(doc.token_text(cue.first - 1).to_lowercase().as_str(), "when" | "if" | "once"))
}

/// Whether a cue is a hedge of the writer's (`seems`, `might seem like`, `appeared headed for`):
/// what seems so is its subject, not a source. A hedge on a verb of speech or thought (`seemed
/// to indicate`, `seem to be hoping`) leaves the subject speaking, and so does appearing on a
/// show (`appeared on Sunday news shows`).
pub(super) fn hedge_cue(prep: &Prepared, cue: &Chunk) -> bool {
    let doc = prep.doc;
    let is_hedge =
        |t: usize| matches!(doc.token_text(t).to_lowercase().as_str(), "seem" | "seems" | "seemed" | "appear" | "appears" | "appeared");
    let Some(hedge) = (cue.first..cue.last.min(cue.first + 2)).find(|&t| is_hedge(t)) else { return false };
    let next = (hedge + 1 < doc.tokens.len()).then(|| doc.token_text(hedge + 1).to_lowercase());
    if matches!(next.as_deref(), Some("on" | "in" | "at" | "before")) {
        return false;
    }
    // The verb may also follow the cue the tagger found (`her communications seem | to show`).
    let speech_verb = |t: usize| speech_verbs().contains(doc.token_text(t).to_lowercase().as_str());
    let after =
        cue.last < doc.tokens.len() && doc.token_text(cue.last) == "to" && cue.last + 1 < doc.tokens.len() && speech_verb(cue.last + 1);
    !after && !(hedge + 1..cue.last).any(speech_verb)
}
