//! Feature extraction for the entity tagger, shared by training and prediction so the two cannot
//! drift. Features are 64-bit hashes (FNV-1a of a template id and its values), so extraction
//! allocates only the per-sentence token views.
//!
//! Per token: the word, its lower-cased and digit-normalised forms, shapes, prefixes and suffixes,
//! the neighbouring words and shapes, word classes at four granularities (from public word
//! vectors), gazetteer matches (countries, cities, names, titles, organisations...), position and
//! capitalisation in context (headlines in capitals), and document-level evidence: whether the
//! word also appears lower-cased or capitalised mid-sentence elsewhere in the article, and which
//! types the tagger gave the same word earlier in the article (extended prediction history).

use super::Weights;
use super::tags::{self, N_TAGS, TYPES, Tag};
use crate::feature_hash::{FNV_OFFSET, fnv, mix, text_hash};
use crate::lexicon::{cat, lexicon};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

#[inline]
fn feat(template: u8, value: &str) -> u64 {
    fnv(fnv(FNV_OFFSET, &[template]), value.as_bytes())
}

#[inline]
fn feat2(template: u8, a: &str, b: &str) -> u64 {
    fnv(fnv(feat(template, a), &[0xff]), b.as_bytes())
}

/// A contextual feature of two values (text hashes or small numbers), in order: the words
/// around a token change with every token, so their features combine hashes kept with each word
/// instead of hashing text again.
#[inline]
fn pair(template: u8, a: u64, b: u64) -> u64 {
    mix(mix((u64::from(template) << 8 | 0xfd).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a) ^ b.rotate_left(31))
}

#[inline]
fn feat_num(template: u8, n: u32) -> u64 {
    fnv(fnv(FNV_OFFSET, &[template, 0xfe]), &n.to_le_bytes())
}

/// The text hashes of the sentence boundaries (`<s>`, `</s>`) as neighbours.
const SENTENCE_START: u64 = text_hash("<s>");
const SENTENCE_END: u64 = text_hash("</s>");

/// Template ids. Never reuse a number: a model file's features are these hashes.
mod t {
    pub const BIAS: u8 = 1;
    pub const WORD: u8 = 2;
    pub const LOWER: u8 = 3;
    pub const SHAPE: u8 = 4;
    pub const SHORT_SHAPE: u8 = 5;
    pub const PREFIX: u8 = 6;
    pub const SUFFIX: u8 = 7;
    pub const PREV_LOWER: u8 = 8;
    pub const NEXT_LOWER: u8 = 9;
    pub const PREV2_LOWER: u8 = 10;
    pub const NEXT2_LOWER: u8 = 11;
    pub const PREV_SHAPE: u8 = 12;
    pub const NEXT_SHAPE: u8 = 13;
    pub const SHAPE3: u8 = 14;
    pub const BIGRAM_PREV: u8 = 15;
    pub const BIGRAM_NEXT: u8 = 16;
    pub const CLASS: u8 = 17;
    pub const PREV_CLASS: u8 = 18;
    pub const NEXT_CLASS: u8 = 19;
    pub const GAZ: u8 = 20;
    pub const PREV_GAZ: u8 = 21;
    pub const NEXT_GAZ: u8 = 22;
    pub const FIRST_SHAPE: u8 = 23;
    pub const CAPS_SENT_LOWER: u8 = 24;
    pub const LOWER_SEEN: u8 = 25;
    pub const CAP_MID_SEEN: u8 = 26;
    pub const HIST: u8 = 27;
    pub const HIST_MAJ: u8 = 28;
    pub const PREV_HIST_MAJ: u8 = 29;
    pub const NEXT_HIST_MAJ: u8 = 30;
    pub const CAPS_SENT: u8 = 31;
    pub const PREV_WORD: u8 = 32;
    pub const NEXT_WORD: u8 = 33;
    pub const HYPHEN_PART_CLASS: u8 = 34;
    pub const HYPHEN_PART_GAZ: u8 = 35;
    pub const CLASS_PREV_LOWER: u8 = 36;
    pub const NO_CLASS_SHAPE: u8 = 37;
}

/// Digits become `0`, typographic quotes become ASCII ones: CoNLL text has straight quotes.
pub fn normalize(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '0'..='9' => '0',
            '“' | '”' | '„' | '«' | '»' | '‟' => '"',
            '‘' | '’' | 'ʼ' | '‚' => '\'',
            '–' | '—' => '-',
            _ => c,
        })
        .collect()
}

fn shape(word: &str, max_run: usize) -> String {
    let mut out = String::with_capacity(word.len().min(12));
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if class == last {
            run += 1;
            if run >= max_run {
                continue;
            }
        } else {
            run = 0;
            last = class;
        }
        out.push(class);
    }
    out
}

/// Everything about a word that does not depend on its context, computed once per article.
struct WordInfo {
    lower: String,
    short_shape: String,
    /// [`text_hash`] of `lower` and of `short_shape`, computed once per distinct word (see
    /// [`pair`]).
    lower_hash: u64,
    shape_hash: u64,
    capitalized: bool,
    classes: Option<[u16; 4]>,
    /// Id of the lower-cased form (history and document evidence are per lower-cased form).
    lower_id: u32,
    /// True when a lexicon phrase starts with this word (else no match can start here).
    starts_phrase: bool,
    /// Features that depend on this word alone, by the position it is seen from (see
    /// [`Group`]).
    groups: [Vec<u64>; N_GROUPS],
}

/// The positions from which a word's own features are seen: as the token itself, as the
/// previous or next token, or two away; in normal text or in a sentence in capitals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Group {
    /// The token itself.
    Own = 0,
    /// The token itself, in a sentence in capitals.
    OwnCaps = 1,
    /// The previous token.
    Prev = 2,
    /// The previous token, in a sentence in capitals.
    PrevCaps = 3,
    /// The next token.
    Next = 4,
    /// The next token, in a sentence in capitals.
    NextCaps = 5,
    /// Two tokens before.
    Prev2 = 6,
    /// Two tokens after.
    Next2 = 7,
}

/// Number of [`Group`]s.
pub const N_GROUPS: usize = 8;

/// Word id of the sentence-start boundary.
pub const START: u32 = 0;
/// Word id of the sentence-end boundary.
pub const END: u32 = 1;

/// The classes of a word, else of its lower-case form, else (a word in capitals, in a headline)
/// of its title-case form; through the per-thread cache of [`crate::lexicon::word_class`], since
/// every article looks up its words again.
fn word_class(word: &str, lower: &str) -> Option<[u16; 4]> {
    use crate::lexicon::word_class as cached;
    cached(word).or_else(|| cached(lower)).or_else(|| {
        let mut chars = lower.chars();
        let first = chars.next()?;
        let title: String = first.to_uppercase().chain(chars).collect();
        cached(&title)
    })
}

/// True when a sentence is written in capitals (a headline or dateline).
pub fn is_caps_sentence<S: AsRef<str>>(words: &[S]) -> bool {
    let mut upper = 0;
    let mut lower = 0;
    for w in words {
        let w = w.as_ref();
        let mut letters = 0;
        let mut has_lower = false;
        for c in w.chars() {
            if c.is_alphabetic() {
                letters += 1;
                has_lower |= c.is_lowercase();
            }
        }
        if letters < 2 {
            continue;
        }
        if has_lower {
            lower += 1;
        } else {
            upper += 1;
        }
    }
    upper > 0 && lower * 4 <= upper
}

/// Prefixes and suffixes of 1 to 4 characters of words longer than that, hashed without
/// allocating.
fn push_affixes(out: &mut Vec<u64>, lower: &str) {
    let n_chars = lower.chars().count();
    let max = 4.min(n_chars.saturating_sub(1));
    let mut ends = lower.char_indices().map(|(i, _)| i).skip(1);
    for k in 1..=max {
        let end = ends.next().unwrap_or(lower.len());
        out.push(fnv(fnv(FNV_OFFSET, &[t::PREFIX, k as u8]), &lower.as_bytes()[..end]));
    }
    let mut starts = lower.char_indices().rev().map(|(i, _)| i);
    for k in 1..=max {
        let start = starts.next().unwrap_or(0);
        out.push(fnv(fnv(FNV_OFFSET, &[t::SUFFIX, k as u8]), &lower.as_bytes()[start..]));
    }
}

fn push_bits(out: &mut Vec<u64>, template: u8, mut bits: u32) {
    while bits != 0 {
        let b = bits.trailing_zeros();
        out.push(feat_num(template, b));
        bits &= bits - 1;
    }
}

impl WordInfo {
    fn new(word: &str, lower_id: u32, lower: String) -> WordInfo {
        let norm = normalize(word);
        let classes = word_class(word, &lower);
        let short_shape = shape(word, 1);
        let shape4 = shape(word, 4);
        let mut own = Vec::with_capacity(24);
        own.push(feat(t::WORD, &norm));
        own.push(feat(t::LOWER, &lower));
        push_affixes(&mut own, &lower);
        match classes {
            Some(c) => {
                for (level, class) in c.iter().enumerate() {
                    own.push(feat_num(t::CLASS, (level as u32) << 16 | u32::from(*class)));
                }
            }
            None => own.push(feat(t::NO_CLASS_SHAPE, &short_shape)),
        }
        // Parts of hyphenated words (`Trump-Putin`, `German-based`).
        if norm.contains('-') && norm.len() > 2 {
            for part in norm.split('-').filter(|p| !p.is_empty()) {
                if let Some(c) = crate::lexicon::word_class(part) {
                    own.push(feat_num(t::HYPHEN_PART_CLASS, u32::from(c[2])));
                }
                if part.chars().next().is_some_and(char::is_uppercase)
                    && let Some(info) = lexicon().lookup(part)
                {
                    push_bits(&mut own, t::HYPHEN_PART_GAZ, u32::from(info.cats));
                }
            }
        }
        let mut own_caps = own.clone();
        own.push(feat(t::SHAPE, &shape4));
        own.push(feat(t::SHORT_SHAPE, &short_shape));
        own_caps.push(feat_num(t::CAPS_SENT, 0));
        own_caps.push(feat(t::CAPS_SENT_LOWER, &lower));
        own_caps.push(feat2(t::CAPS_SENT, "shape", &short_shape));
        let neighbour = |lower_t: u8, word_t: u8, class_t: u8| {
            let mut g = vec![feat(lower_t, &lower), feat(word_t, &norm)];
            if let Some(c) = classes {
                g.push(feat_num(class_t, 1 << 16 | u32::from(c[1])));
                g.push(feat_num(class_t, 2 << 16 | u32::from(c[2])));
            }
            g
        };
        let prev_caps = neighbour(t::PREV_LOWER, t::PREV_WORD, t::PREV_CLASS);
        let mut prev = prev_caps.clone();
        prev.push(feat(t::PREV_SHAPE, &short_shape));
        let next_caps = neighbour(t::NEXT_LOWER, t::NEXT_WORD, t::NEXT_CLASS);
        let mut next = next_caps.clone();
        next.push(feat(t::NEXT_SHAPE, &short_shape));
        let groups =
            [own, own_caps, prev, prev_caps, next, next_caps, vec![feat(t::PREV2_LOWER, &lower)], vec![feat(t::NEXT2_LOWER, &lower)]];
        let starts_phrase = lexicon().starts_phrase(&lower);
        WordInfo {
            lower_hash: text_hash(&lower),
            shape_hash: text_hash(&short_shape),
            short_shape,
            capitalized: word.chars().next().is_some_and(char::is_uppercase),
            classes,
            lower,
            lower_id,
            starts_phrase,
            groups,
        }
    }

    /// The sentence boundaries: `<s>` before the first token, `</s>` after the last.
    fn boundary(marker: &str, is_start: bool) -> WordInfo {
        let mut groups: [Vec<u64>; N_GROUPS] = Default::default();
        if is_start {
            groups[Group::PrevCaps as usize] = vec![feat(t::PREV_LOWER, marker), feat(t::PREV_WORD, marker)];
            groups[Group::Prev as usize] = vec![feat(t::PREV_LOWER, marker), feat(t::PREV_WORD, marker), feat(t::PREV_SHAPE, marker)];
            groups[Group::Prev2 as usize] = vec![feat(t::PREV2_LOWER, marker)];
        } else {
            groups[Group::NextCaps as usize] = vec![feat(t::NEXT_LOWER, marker), feat(t::NEXT_WORD, marker)];
            groups[Group::Next as usize] = vec![feat(t::NEXT_LOWER, marker), feat(t::NEXT_WORD, marker), feat(t::NEXT_SHAPE, marker)];
            groups[Group::Next2 as usize] = vec![feat(t::NEXT2_LOWER, marker)];
        }
        WordInfo {
            lower: marker.to_string(),
            short_shape: marker.to_string(),
            lower_hash: text_hash(marker),
            shape_hash: text_hash(marker),
            capitalized: false,
            classes: None,
            lower_id: u32::MAX,
            starts_phrase: false,
            groups,
        }
    }

    fn class(&self) -> Option<[u16; 4]> {
        self.classes
    }
}

/// Words seen so far with their features, shared across articles (a word's features do not
/// depend on its article), and the cached scores of their feature groups under one set of
/// weights.
pub struct WordStore {
    /// [`text_hash`] of a word → its id (hashes, not strings, so that a lookup compares no text).
    ids: HashMap<u64, u32>,
    words: Vec<WordInfo>,
    lower_ids: HashMap<Box<str>, u32>,
    /// Cached group scores (prediction only), valid for the weights with id `scores_owner`.
    scores: Vec<[Option<[f32; N_TAGS]>; N_GROUPS]>,
    scores_owner: u64,
}

impl Default for WordStore {
    fn default() -> Self {
        WordStore {
            ids: HashMap::default(),
            words: vec![WordInfo::boundary("<s>", true), WordInfo::boundary("</s>", false)],
            lower_ids: HashMap::default(),
            scores: Vec::new(),
            scores_owner: 0,
        }
    }
}

impl WordStore {
    fn intern(&mut self, word: &str) -> u32 {
        let key = text_hash(word);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let lower = normalize(word).to_lowercase();
        let next_lower = self.lower_ids.len() as u32;
        let lower_id = *self.lower_ids.entry(lower.as_str().into()).or_insert(next_lower);
        let id = self.words.len() as u32;
        self.words.push(WordInfo::new(word, lower_id, lower));
        self.ids.insert(key, id);
        id
    }

    /// Number of distinct words (including the two sentence boundaries).
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when only the boundaries are stored.
    pub fn is_empty(&self) -> bool {
        self.words.len() <= 2
    }

    /// The features a word contributes from a position.
    pub fn group_features(&self, word_id: u32, group: Group) -> &[u64] {
        &self.words[word_id as usize].groups[group as usize]
    }
}

/// One article being tagged: its sentences as word ids, document-level evidence, and the types
/// predicted so far (extended prediction history).
pub struct Article<'s> {
    store: &'s mut WordStore,
    /// The word ids of each sentence.
    sentences: Vec<Vec<u32>>,
    caps: Vec<bool>,
    /// Lower-cased forms that appear written in lower case somewhere in the article.
    lowercase_seen: HashSet<u32>,
    /// Lower-cased forms of words that appear capitalised mid-sentence in normal text.
    capitalized_mid: HashSet<u32>,
    /// Per lower-cased form: how often each type was predicted for it so far.
    history: HashMap<u32, [u16; TYPES.len()]>,
}

impl<'s> Article<'s> {
    /// Interns the words of an article given as sentences.
    pub fn new<S: AsRef<str>>(store: &'s mut WordStore, sentences: &[&[S]]) -> Article<'s> {
        let mut article = Article {
            store,
            sentences: Vec::with_capacity(sentences.len()),
            caps: Vec::with_capacity(sentences.len()),
            lowercase_seen: HashSet::default(),
            capitalized_mid: HashSet::default(),
            history: HashMap::default(),
        };
        for words in sentences {
            let ids: Vec<u32> = words.iter().map(|w| article.store.intern(w.as_ref())).collect();
            let caps = is_caps_sentence(words);
            for (i, &id) in ids.iter().enumerate() {
                let w = words[i].as_ref();
                let lower_id = article.store.words[id as usize].lower_id;
                let first = w.chars().next().unwrap_or(' ');
                if first.is_lowercase() && !w.chars().any(char::is_uppercase) {
                    article.lowercase_seen.insert(lower_id);
                } else if first.is_uppercase() && i > 0 && !caps && w.chars().any(char::is_lowercase) {
                    let prev = words[i - 1].as_ref();
                    // After an opening quote or a colon a capital may just start a clause.
                    if !matches!(prev, "\"" | "“" | ":" | "'" | "‘" | "(" | "-" | "--") {
                        article.capitalized_mid.insert(lower_id);
                    }
                }
            }
            article.sentences.push(ids);
            article.caps.push(caps);
        }
        article
    }

    /// The features a word contributes from a position (shared by all its occurrences).
    pub fn group_features(&self, word_id: u32, group: Group) -> &[u64] {
        self.store.group_features(word_id, group)
    }

    /// Emission scores of every token of the sentence in `buf`. With `cache` (prediction), each
    /// word's group scores are computed once and kept in the store; training passes `false`
    /// because its weights change after every sentence.
    pub fn emissions(&mut self, weights: &Weights, buf: &FeatureBuffer, cache: bool, out: &mut Vec<[f32; N_TAGS]>) {
        out.clear();
        let store = &mut *self.store;
        if cache {
            if store.scores_owner != weights.id {
                store.scores.clear();
                store.scores_owner = weights.id;
            }
            if store.scores.len() < store.words.len() {
                store.scores.resize(store.words.len(), [None; N_GROUPS]);
            }
        }
        for i in 0..buf.len() {
            let mut scores = [0f32; N_TAGS];
            for (word_id, group) in buf.groups(i) {
                if cache {
                    let words = &store.words;
                    let cached = store.scores[word_id as usize][group as usize].get_or_insert_with(|| {
                        let mut s = [0f32; N_TAGS];
                        weights.add_features(&words[word_id as usize].groups[group as usize], &mut s);
                        s
                    });
                    for (s, x) in scores.iter_mut().zip(cached.iter()) {
                        *s += x;
                    }
                } else {
                    weights.add_features(store.group_features(word_id, group), &mut scores);
                }
            }
            weights.add_features(buf.token(i), &mut scores);
            out.push(scores);
        }
    }

    /// Records the tags predicted for sentence `sentence_idx`, for later history features.
    pub fn record(&mut self, sentence_idx: usize, tags: &[Tag]) {
        for (&id, &tag) in self.sentences[sentence_idx].iter().zip(tags) {
            if let Some(k) = tags::type_of(tag) {
                let info = &self.store.words[id as usize];
                if info.lower_id != u32::MAX && info.lower.chars().any(char::is_alphabetic) {
                    let counts = self.history.entry(info.lower_id).or_insert([0; TYPES.len()]);
                    counts[k] = counts[k].saturating_add(1);
                }
            }
        }
    }

    fn history_majority(&self, lower_id: u32) -> Option<usize> {
        let counts = self.history.get(&lower_id)?;
        let (k, &n) = counts.iter().enumerate().max_by_key(|(k, n)| (**n, usize::MAX - *k))?;
        (n > 0).then_some(k)
    }

    /// Extracts the contextual features of sentence `sentence_idx` into `buf` (cleared first);
    /// each token's full feature set is its word's static features plus these.
    pub fn extract(&self, sentence_idx: usize, buf: &mut FeatureBuffer) {
        buf.feats.clear();
        buf.offsets.clear();
        buf.word_ids.clear();
        buf.refs.clear();
        let ids = &self.sentences[sentence_idx];
        buf.word_ids.extend_from_slice(ids);
        let caps = self.caps[sentence_idx];
        buf.caps = caps;
        let n = ids.len();
        let id_at = |j: isize| -> u32 {
            if j < 0 {
                START
            } else if j as usize >= n {
                END
            } else {
                ids[j as usize]
            }
        };
        for i in 0..n as isize {
            buf.refs.push([id_at(i), id_at(i - 1), id_at(i + 1), id_at(i - 2), id_at(i + 2)]);
        }
        let info = |i: usize| &self.store.words[ids[i] as usize];
        // Gazetteer matches over the sentence.
        let lowers: Vec<&str> = ids.iter().map(|&id| self.store.words[id as usize].lower.as_str()).collect();
        let mut gaz = vec![0u32; n];
        let mut gaz_cats = vec![0u16; n];
        for m in lexicon().matches_where(&lowers, |i| info(i).starts_phrase) {
            let cats = if info(m.start).capitalized { m.info.cats } else { m.info.cats & cat::TITLE };
            if cats == 0 {
                continue;
            }
            for (cat_idx, (flag, _)) in cat::NAMES.iter().enumerate() {
                if cats & flag == 0 {
                    continue;
                }
                for i in m.start..m.end {
                    gaz[i] |= 1 << (2 * cat_idx + usize::from(i > m.start));
                    gaz_cats[i] |= flag;
                }
            }
        }
        let out = &mut buf.feats;
        for i in 0..n {
            buf.offsets.push(out.len() as u32);
            let v = info(i);
            let prev = i.checked_sub(1).map(info);
            let next = (i + 1 < n).then(|| info(i + 1));
            let prev_lower = prev.map_or(SENTENCE_START, |p| p.lower_hash);
            let next_lower = next.map_or(SENTENCE_END, |p| p.lower_hash);
            out.push(feat_num(t::BIAS, 0));
            out.push(pair(t::BIGRAM_PREV, prev_lower, v.lower_hash));
            out.push(pair(t::BIGRAM_NEXT, v.lower_hash, next_lower));
            if !caps {
                let ps = prev.map_or(SENTENCE_START, |p| p.shape_hash);
                let ns = next.map_or(SENTENCE_END, |p| p.shape_hash);
                out.push(mix(pair(t::SHAPE3, ps, v.shape_hash) ^ ns.rotate_left(17)));
            }
            if let Some(c) = v.class() {
                out.push(pair(t::CLASS_PREV_LOWER, prev_lower, u64::from(c[2])));
            }
            push_bits(out, t::GAZ, gaz[i]);
            if i > 0 {
                push_bits(out, t::PREV_GAZ, u32::from(gaz_cats[i - 1]));
            }
            if i + 1 < n {
                push_bits(out, t::NEXT_GAZ, u32::from(gaz_cats[i + 1]));
            }
            if i == 0 {
                out.push(feat(t::FIRST_SHAPE, &v.short_shape));
            }
            if v.capitalized {
                if self.lowercase_seen.contains(&v.lower_id) {
                    out.push(feat_num(t::LOWER_SEEN, u32::from(i == 0)));
                }
                if self.capitalized_mid.contains(&v.lower_id) {
                    out.push(feat_num(t::CAP_MID_SEEN, u32::from(i == 0) | u32::from(caps) << 1));
                }
            }
            if let Some(counts) = self.history.get(&v.lower_id) {
                for (k, &c) in counts.iter().enumerate() {
                    if c > 0 {
                        out.push(feat_num(t::HIST, k as u32));
                    }
                }
            }
            if let Some(k) = self.history_majority(v.lower_id) {
                out.push(feat_num(t::HIST_MAJ, k as u32));
            }
            if let Some(k) = prev.and_then(|p| self.history_majority(p.lower_id)) {
                out.push(feat_num(t::PREV_HIST_MAJ, k as u32));
            }
            if let Some(k) = next.and_then(|p| self.history_majority(p.lower_id)) {
                out.push(feat_num(t::NEXT_HIST_MAJ, k as u32));
            }
        }
        buf.offsets.push(out.len() as u32);
    }
}

/// The features of every token of a sentence: token `i`'s features are the [`Group`] features
/// of the words around it (`refs[i]`: itself, previous, next, two before, two after) plus its
/// contextual features `feats[offsets[i]..offsets[i + 1]]`.
#[derive(Default, Clone)]
pub struct FeatureBuffer {
    /// The word id of each token.
    pub word_ids: Vec<u32>,
    /// Word ids at offsets 0, -1, +1, -2, +2 of each token (boundaries use [`START`], [`END`]).
    pub refs: Vec<[u32; 5]>,
    /// True when the sentence is in capitals.
    pub caps: bool,
    /// The contextual feature hashes.
    pub feats: Vec<u64>,
    /// Start of each token's contextual features, plus the end.
    pub offsets: Vec<u32>,
}

impl FeatureBuffer {
    /// Contextual features of token `i`.
    #[inline]
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Number of tokens.
    #[inline]
    pub fn len(&self) -> usize {
        self.word_ids.len()
    }

    /// The (word, group) pairs whose features token `i` has.
    #[inline]
    pub fn groups(&self, i: usize) -> [(u32, Group); 5] {
        let r = self.refs[i];
        let (own, prev, next) =
            if self.caps { (Group::OwnCaps, Group::PrevCaps, Group::NextCaps) } else { (Group::Own, Group::Prev, Group::Next) };
        [(r[0], own), (r[1], prev), (r[2], next), (r[3], Group::Prev2), (r[4], Group::Next2)]
    }

    /// True when there are no tokens.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.word_ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Trump", 4), "Xxxxx");
        assert_eq!(shape("Washington", 4), "Xxxxx");
        assert_eq!(shape("Trump", 1), "Xx");
        assert_eq!(shape("U.S.", 1), "X.X.");
        assert_eq!(shape("1996-08-30", 1), "d-d-d");
        assert_eq!(normalize("“1,000”"), "\"0,000\"");
    }

    #[test]
    fn features_are_deterministic_and_per_token() {
        let words = ["President", "Vladimir", "Putin", "said", ".", "Putin"];
        let mut store = WordStore::default();
        let article = Article::new(&mut store, &[&words[..]]);
        assert_eq!(article.store.len(), 7);
        let mut a = FeatureBuffer::default();
        let mut b = FeatureBuffer::default();
        article.extract(0, &mut a);
        article.extract(0, &mut b);
        assert_eq!(a.feats, b.feats);
        assert_eq!(a.len(), 6);
        assert_eq!(a.word_ids[2], a.word_ids[5]);
        let n_group: usize = a.groups(1).iter().map(|(w, g)| article.group_features(*w, *g).len()).sum();
        assert!(a.token(1).len() + n_group > 30);
    }

    #[test]
    fn caps_sentences() {
        assert!(is_caps_sentence(&["CRICKET", "-", "LEICESTERSHIRE", "TAKE", "OVER"]));
        assert!(!is_caps_sentence(&["U.S.", "President", "Donald", "Trump"]));
    }
}
