//! Part-of-speech tags: a greedy averaged perceptron over a coarse tag set, trained on the POS
//! column of CoNLL-2003 (Penn Treebank tags of Reuters news, folded into [`TAGS`]).
//!
//! The tags are not reported; later stages use them as features (the attribution tagger finds
//! clause and noun-phrase boundaries with them). Greedy left-to-right decoding: the previous two
//! tags are features, so a sentence costs one pass.

pub mod train;

use crate::feature_hash::{mix, text_hash};
use crate::lexicon::{normalize_word, word_class};
use crate::perceptron::{ModelCard, ModelError, Weights};
use std::sync::OnceLock;

/// The coarse tags, in tag order.
pub const TAGS: [&str; N_TAGS] =
    ["NOUN", "PROPN", "PRON", "VBD", "VBZP", "VB", "VBG", "VBN", "MD", "ADJ", "ADV", "IN", "DET", "CC", "TO", "WH", "NUM", "PUNCT", "POSS"];
/// Number of tags.
pub const N_TAGS: usize = 19;
/// A tag (index into [`TAGS`]).
pub type PosTag = u8;

/// Tag indices used by other stages.
pub mod tag {
    use super::PosTag;
    pub const NOUN: PosTag = 0;
    pub const PROPN: PosTag = 1;
    pub const PRON: PosTag = 2;
    pub const VBD: PosTag = 3;
    pub const VBZP: PosTag = 4;
    pub const VB: PosTag = 5;
    pub const VBG: PosTag = 6;
    pub const VBN: PosTag = 7;
    pub const MD: PosTag = 8;
    pub const ADJ: PosTag = 9;
    pub const ADV: PosTag = 10;
    pub const IN: PosTag = 11;
    pub const DET: PosTag = 12;
    pub const CC: PosTag = 13;
    pub const TO: PosTag = 14;
    pub const WH: PosTag = 15;
    pub const NUM: PosTag = 16;
    pub const PUNCT: PosTag = 17;
    pub const POSS: PosTag = 18;
}

/// The name in provenance and model cards.
pub const MODEL_NAME: &str = "pos.v1";

/// Folds a Penn Treebank tag into [`TAGS`].
pub fn fold_ptb(ptb: &str) -> PosTag {
    match ptb {
        "NN" | "NNS" => tag::NOUN,
        "NNP" | "NNPS" => tag::PROPN,
        "PRP" | "PRP$" | "EX" => tag::PRON,
        "VBD" => tag::VBD,
        "VBZ" | "VBP" => tag::VBZP,
        "VB" => tag::VB,
        "VBG" => tag::VBG,
        "VBN" => tag::VBN,
        "MD" => tag::MD,
        "JJ" | "JJR" | "JJS" => tag::ADJ,
        "RB" | "RBR" | "RBS" | "RP" => tag::ADV,
        "IN" => tag::IN,
        "DT" | "PDT" => tag::DET,
        "CC" => tag::CC,
        "TO" => tag::TO,
        "WDT" | "WP" | "WP$" | "WRB" => tag::WH,
        "CD" => tag::NUM,
        "POS" => tag::POSS,
        _ => tag::PUNCT,
    }
}

/// Features are hashes of a template number and a value.
#[inline]
fn feat(template: u64, value: u64) -> u64 {
    mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ value)
}

const START: u64 = text_hash("<s>");
const END: u64 = text_hash("</s>");

/// The shape of a word: character classes with runs collapsed (`Xx`, `d,d`, `X.X.`).
fn shape(word: &str) -> u64 {
    let mut h = crate::feature_hash::FNV_OFFSET;
    let mut last = 0u8;
    for c in word.chars().take(12) {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else {
            u8::try_from(u32::from(c)).unwrap_or(b'?')
        };
        if k != last {
            h = crate::feature_hash::fnv(h, &[k]);
            last = k;
        }
    }
    h
}

/// What the features need to know about a word on its own.
#[derive(Clone, Copy)]
struct WordInfo {
    /// [`text_hash`] of the lower-cased word.
    lower: u64,
    /// Its word class (the finer of the lexicon's), if it has one.
    class: Option<u16>,
}

fn word_info(word: &str) -> WordInfo {
    let lower =
        if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) { text_hash(word) } else { text_hash(&word.to_lowercase()) };
    WordInfo { lower, class: word_class(word).map(|c| c[1]) }
}

/// The features of a word on its own (the same wherever it occurs): its form, suffixes, shape
/// and classes.
fn word_features(word: &str, info: WordInfo, out: &mut Vec<u64>) {
    out.push(feat(1, 0));
    out.push(feat(2, info.lower));
    let mut suffix = [crate::feature_hash::FNV_OFFSET; 3];
    let tail: Vec<char> = word.chars().rev().take(3).collect();
    for (k, slot) in suffix.iter_mut().enumerate() {
        let mut h = crate::feature_hash::FNV_OFFSET;
        for c in tail[..(k + 1).min(tail.len())].iter().rev().flat_map(|c| c.to_lowercase()) {
            let mut buf = [0u8; 4];
            h = crate::feature_hash::fnv(h, c.encode_utf8(&mut buf).as_bytes());
        }
        *slot = h;
    }
    out.push(feat(9, suffix[0]));
    out.push(feat(10, suffix[1]));
    out.push(feat(11, suffix[2]));
    out.push(feat(12, shape(word)));
    if let Some(c) = word_class(word) {
        out.push(feat(14, u64::from(c[1])));
        out.push(feat(15, u64::from(c[2])));
    }
    if word.contains('-') {
        out.push(feat(17, 0));
    }
}

/// Templates of the features that name one neighbour's word: the word before and the word after
/// (with its class). Prediction scores them once per word (see [`PosTagger::tag`]).
const NEIGHBOUR_TEMPLATES: [(u64, isize); N_NEIGHBOURS] = [(3, -1), (4, 1)];
const N_NEIGHBOURS: usize = 2;

/// The lower-cased word at `j`, or the sentence edge.
#[inline]
fn lower_at(infos: &[WordInfo], j: isize) -> u64 {
    if j < 0 {
        START
    } else if j as usize >= infos.len() {
        END
    } else {
        infos[j as usize].lower
    }
}

/// The capitalisation of token `i` and whether it starts the sentence (four values).
#[inline]
fn capitalisation(word: &str, i: usize) -> u64 {
    u64::from(word.chars().next().is_some_and(char::is_uppercase)) | u64::from(i == 0) << 1
}

/// The features of a word as the next token's neighbour: its form and its class.
fn as_next_features(info: WordInfo, out: &mut Vec<u64>) {
    out.push(feat(4, info.lower));
    if let Some(c) = info.class {
        out.push(feat(16, u64::from(c)));
    }
}

/// All the features of token `i` from its neighbours and position.
fn context_features<S: AsRef<str>>(words: &[S], infos: &[WordInfo], i: usize, out: &mut Vec<u64>) {
    for (template, d) in NEIGHBOUR_TEMPLATES {
        let j = i as isize + d;
        if template == 4 && j < infos.len() as isize {
            as_next_features(infos[j as usize], out);
        } else {
            out.push(feat(template, lower_at(infos, j)));
        }
    }
    out.push(feat(13, capitalisation(words[i].as_ref(), i)));
}

/// Every feature of every token of a sentence that does not depend on tags (appended to
/// `feats`, with `offsets` marking where each token's start, and one more entry at the end).
/// Training uses these; prediction scores the word features once per distinct word.
pub fn static_features<S: AsRef<str>>(words: &[S], feats: &mut Vec<u64>, offsets: &mut Vec<u32>) {
    let infos: Vec<WordInfo> = words.iter().map(|w| word_info(w.as_ref())).collect();
    for (i, w) in words.iter().enumerate() {
        offsets.push(feats.len() as u32);
        word_features(w.as_ref(), infos[i], feats);
        context_features(words, &infos, i, feats);
    }
    offsets.push(feats.len() as u32);
}

/// The features of token `i` that depend on the tags before it.
#[inline]
fn history_features(prev: Option<PosTag>, prev2: Option<PosTag>, out: &mut [u64; 2]) {
    let p = prev.map_or(NO_TAG, u64::from);
    let p2 = prev2.map_or(NO_TAG, u64::from);
    out[0] = feat(20, p);
    out[1] = feat(21, p << 8 | p2);
}

/// The history value before the sentence start.
const NO_TAG: u64 = N_TAGS as u64;

/// The scores of the history features of every pair of previous tags, looked up at prediction
/// instead of hashed (`[prev][prev2]`, `N_TAGS` standing for the sentence start).
struct HistoryScores(Vec<[f32; N_TAGS]>);

impl HistoryScores {
    fn new(weights: &Weights<N_TAGS>) -> HistoryScores {
        let mut table = Vec::with_capacity((N_TAGS + 1) * (N_TAGS + 1));
        let mut feats = [0u64; 2];
        for p in 0..=N_TAGS {
            for p2 in 0..=N_TAGS {
                let tag = |k: usize| (k < N_TAGS).then_some(k as PosTag);
                history_features(tag(p), tag(p2), &mut feats);
                let mut scores = [0f32; N_TAGS];
                weights.add_features(&feats, &mut scores);
                table.push(scores);
            }
        }
        HistoryScores(table)
    }

    #[inline]
    fn get(&self, prev: Option<PosTag>, prev2: Option<PosTag>) -> &[f32; N_TAGS] {
        let index = |t: Option<PosTag>| t.map_or(N_TAGS, usize::from);
        &self.0[index(prev) * (N_TAGS + 1) + index(prev2)]
    }
}

/// A loaded tagger.
pub struct PosTagger {
    weights: Weights<N_TAGS>,
    history: HistoryScores,
    /// The scores of each [`capitalisation`] value.
    capitalisation: [[f32; N_TAGS]; 4],
    /// The scores of the sentence edges as each neighbour of [`NEIGHBOUR_TEMPLATES`].
    edges: [[f32; N_TAGS]; N_NEIGHBOURS],
    card: ModelCard,
}

const EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/pos.v1.bin");

impl PosTagger {
    /// Loads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<PosTagger, ModelError> {
        let (weights, card) = Weights::from_file_bytes(bytes)?;
        let history = HistoryScores::new(&weights);
        let capitalisation = std::array::from_fn(|v| {
            let mut scores = [0f32; N_TAGS];
            weights.add_features(&[feat(13, v as u64)], &mut scores);
            scores
        });
        let edges = NEIGHBOUR_TEMPLATES.map(|(template, d)| {
            let mut scores = [0f32; N_TAGS];
            weights.add_features(&[feat(template, if d < 0 { START } else { END })], &mut scores);
            scores
        });
        Ok(PosTagger { weights, history, capitalisation, edges, card })
    }

    /// The embedded model.
    pub fn embedded() -> Option<&'static PosTagger> {
        static TAGGER: OnceLock<Option<PosTagger>> = OnceLock::new();
        TAGGER.get_or_init(|| PosTagger::from_bytes(EMBEDDED_MODEL).ok()).as_ref()
    }

    /// Where the model came from.
    pub fn card(&self) -> &ModelCard {
        &self.card
    }

    /// Tags one sentence. The features of a word on its own, and those that name it as a
    /// neighbour, are scored once per thread and word (most words recur, and looking up a dozen
    /// features of a large model is what tagging costs); the capitalisation and the previous two
    /// tags come from tables made when the model is loaded.
    pub fn tag<S: AsRef<str>>(&self, words: &[S], out: &mut Vec<PosTag>) {
        out.clear();
        let mut classes = Vec::with_capacity(words.len());
        self.tag_with_classes(words, out, &mut classes);
    }

    /// Tags one sentence (appending to `out`) and gives each word's classes (appending to
    /// `classes`): the word's own, else those of its [`normalize_word`] form. Later stages need
    /// both, and the tagger looks each word up anyway.
    pub fn tag_with_classes<S: AsRef<str>>(&self, words: &[S], out: &mut Vec<PosTag>, classes: &mut Vec<Option<[u16; 4]>>) {
        use std::cell::RefCell;
        thread_local! {
            static CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
        }
        CACHE.with_borrow_mut(|cache| {
            if cache.weights_id != self.weights.id || cache.words.len() > MAX_CACHED_WORDS {
                cache.index.clear();
                cache.words.clear();
                cache.weights_id = self.weights.id;
            }
            let WordCache { index, words: arena, slots, feats, .. } = cache;
            slots.clear();
            for word in words {
                let word = word.as_ref();
                let slot = *index.entry(text_hash(word)).or_insert_with(|| {
                    arena.push(self.score_word(word, feats));
                    (arena.len() - 1) as u32
                });
                slots.push(slot);
            }
            let base = out.len();
            let n = words.len() as isize;
            for i in 0..words.len() {
                let word = &arena[slots[i] as usize];
                classes.push(word.classes);
                let mut scores = word.own;
                for (k, (_, d)) in NEIGHBOUR_TEMPLATES.iter().enumerate() {
                    let j = i as isize + d;
                    let add = if (0..n).contains(&j) { &arena[slots[j as usize] as usize].as_neighbour[k] } else { &self.edges[k] };
                    for (s, x) in scores.iter_mut().zip(add) {
                        *s += x;
                    }
                }
                let capitalised = &self.capitalisation[capitalisation(words[i].as_ref(), i) as usize];
                let prev = i.checked_sub(1).map(|j| out[base + j]);
                let prev2 = i.checked_sub(2).map(|j| out[base + j]);
                for ((s, x), y) in scores.iter_mut().zip(self.history.get(prev, prev2)).zip(capitalised) {
                    *s += x + y;
                }
                out.push(argmax(&scores));
            }
        })
    }

    fn score(&self, features: &[u64]) -> [f32; N_TAGS] {
        let mut scores = [0f32; N_TAGS];
        self.weights.add_features(features, &mut scores);
        scores
    }

    /// A word's scores on its own and as each neighbour.
    fn score_word(&self, word: &str, feats: &mut Vec<u64>) -> CachedWord {
        let info = word_info(word);
        feats.clear();
        word_features(word, info, feats);
        let own = self.score(feats);
        let as_neighbour = NEIGHBOUR_TEMPLATES.map(|(template, _)| {
            feats.clear();
            if template == 4 {
                as_next_features(info, feats);
            } else {
                feats.push(feat(template, info.lower));
            }
            self.score(feats)
        });
        let classes = word_class(word).or_else(|| word_class(&normalize_word(word)));
        CachedWord { own, as_neighbour, classes }
    }
}

/// A word's scores as the token itself and as each neighbour of [`NEIGHBOUR_TEMPLATES`].
struct CachedWord {
    own: [f32; N_TAGS],
    as_neighbour: [[f32; N_TAGS]; N_NEIGHBOURS],
    /// The word's classes for later stages (see [`PosTagger::tag_with_classes`]).
    classes: Option<[u16; 4]>,
}

/// A thread's scored words (see [`PosTagger::tag`]) and scratch space.
#[derive(Default)]
struct WordCache {
    /// The weights the scores come from.
    weights_id: u64,
    /// Word hash → position in `words`.
    index: rustc_hash::FxHashMap<u64, u32>,
    words: Vec<CachedWord>,
    /// The current sentence's positions in `words`.
    slots: Vec<u32>,
    feats: Vec<u64>,
}

/// Words whose scores a thread keeps before starting over (bounded memory on any corpus).
const MAX_CACHED_WORDS: usize = 50_000;

#[inline]
fn argmax(scores: &[f32; N_TAGS]) -> PosTag {
    let mut best = 0;
    for k in 1..N_TAGS {
        if scores[k] > scores[best] {
            best = k;
        }
    }
    best as PosTag
}

/// Greedy decoding with the given weights.
pub(crate) fn decode<S: AsRef<str>>(weights: &Weights<N_TAGS>, words: &[S], feats: &[u64], offsets: &[u32], out: &mut Vec<PosTag>) {
    out.clear();
    let mut hist = [0u64; 2];
    for i in 0..words.len() {
        let mut scores = [0f32; N_TAGS];
        weights.add_features(&feats[offsets[i] as usize..offsets[i + 1] as usize], &mut scores);
        let prev = i.checked_sub(1).map(|j| out[j]);
        let prev2 = i.checked_sub(2).map(|j| out[j]);
        history_features(prev, prev2, &mut hist);
        weights.add_features(&hist, &mut scores);
        out.push(argmax(&scores));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penn_tags_fold_into_the_coarse_set() {
        assert_eq!(fold_ptb("NNS"), tag::NOUN);
        assert_eq!(fold_ptb("NNPS"), tag::PROPN);
        assert_eq!(fold_ptb("VBP"), tag::VBZP);
        assert_eq!(fold_ptb("WRB"), tag::WH);
        assert_eq!(fold_ptb("POS"), tag::POSS);
        assert_eq!(fold_ptb("$"), tag::PUNCT);
        assert_eq!(TAGS.len(), N_TAGS);
    }

    #[test]
    fn the_embedded_tagger_reads_a_news_sentence() {
        let tagger = PosTagger::embedded().expect("the model is embedded");
        assert_eq!(tagger.card().name, MODEL_NAME);
        let words = ["Trump", "said", "on", "Tuesday", "that", "Russia", "would", "attend", "the", "talks", "."];
        let mut tags = Vec::new();
        let mut classes = Vec::new();
        tagger.tag_with_classes(&words, &mut tags, &mut classes);
        let names: Vec<&str> = tags.iter().map(|&t| TAGS[t as usize]).collect();
        assert_eq!(names, ["PROPN", "VBD", "IN", "PROPN", "IN", "PROPN", "MD", "VB", "DET", "NOUN", "PUNCT"]);
        assert_eq!(classes.len(), words.len());
        // Tagging appends; `tag` starts afresh; the word cache gives the same answer twice.
        tagger.tag_with_classes(&words, &mut tags, &mut classes);
        assert_eq!(tags.len(), 2 * words.len());
        let mut again = Vec::new();
        tagger.tag(&words, &mut again);
        assert_eq!(again, tags[..words.len()]);
        tagger.tag::<&str>(&[], &mut again);
        assert!(again.is_empty());
    }

    #[test]
    fn training_learns_and_prediction_matches_training() {
        let text = "-DOCSTART- -X- -X- O\n\nThe DT B-NP O\nminister NN I-NP O\nsaid VBD B-VP O\nit PRP B-NP O\nwould MD B-VP O\nrain VB I-VP O\n. . O O\n\n\
                    Moscow NNP B-NP B-LOC\nsays VBZ B-VP O\nthe DT B-NP O\ntalks NNS I-NP O\nended VBD B-VP O\n. . O O\n";
        let sentences = train::parse_conll(text);
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[1].tags[1], tag::VBZP);
        let weights = train::train(&sentences, &[], 5, 1, |_, _, _| {});
        assert_eq!(train::accuracy(&weights, &sentences), 100.0);
        let tagger = PosTagger::from_bytes(&weights.to_file_bytes(&TAGS, ModelCard::default())).unwrap();
        assert_eq!(train::score(&tagger, &sentences).accuracy, 100.0);
        let again = train::train(&sentences, &[], 5, 1, |_, _, _| {});
        assert_eq!(weights.to_file_bytes(&TAGS, ModelCard::default()), again.to_file_bytes(&TAGS, ModelCard::default()));
    }
}
