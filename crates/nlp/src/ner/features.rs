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

use super::tags::{self, Tag, TYPES};
use crate::lexicon::{cat, lexicon, word_classes};
use std::collections::{HashMap, HashSet};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

#[inline]
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

#[inline]
fn feat(template: u8, value: &str) -> u64 {
    fnv(fnv(FNV_OFFSET, &[template]), value.as_bytes())
}

#[inline]
fn feat2(template: u8, a: &str, b: &str) -> u64 {
    fnv(fnv(feat(template, a), &[0xff]), b.as_bytes())
}

#[inline]
fn feat_num(template: u8, n: u32) -> u64 {
    fnv(fnv(FNV_OFFSET, &[template, 0xfe]), &n.to_le_bytes())
}

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

/// What extraction needs to know about one token.
struct TokenView {
    norm: String,
    lower: String,
    shape: String,
    short_shape: String,
    classes: Option<[u16; 4]>,
    capitalized: bool,
    /// Gazetteer matches covering the token: bit `2 * cat_idx` (begins here) or `2 * cat_idx + 1`
    /// (continues here).
    gaz: u32,
    /// Categories of matches covering the token, as flags.
    gaz_cats: u16,
}

fn word_class(word: &str, lower: &str) -> Option<[u16; 4]> {
    let wc = word_classes();
    wc.get(word).or_else(|| wc.get(lower)).or_else(|| {
        // A word in capitals (headline): try its title-case form.
        let mut chars = lower.chars();
        let first = chars.next()?;
        let title: String = first.to_uppercase().chain(chars).collect();
        wc.get(&title)
    })
}

/// Document-level evidence for the tagger, built from the whole article's words and the tags
/// predicted so far.
#[derive(Default)]
pub struct DocContext {
    /// Words that appear written in lower case somewhere in the article.
    lowercase_seen: HashSet<String>,
    /// Lower-cased forms of words that appear capitalised mid-sentence in normal text.
    capitalized_mid: HashSet<String>,
    /// For each lower-cased word, how often each type was predicted for it so far.
    history: HashMap<String, [u16; TYPES.len()]>,
}

/// True when a sentence is written in capitals (a headline or dateline).
pub fn is_caps_sentence<S: AsRef<str>>(words: &[S]) -> bool {
    let mut upper = 0;
    let mut lower = 0;
    for w in words {
        let w = w.as_ref();
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 {
            continue;
        }
        if w.chars().any(char::is_lowercase) {
            lower += 1;
        } else {
            upper += 1;
        }
    }
    upper > 0 && lower * 4 <= upper
}

impl DocContext {
    /// Context for an article given as sentences of words.
    pub fn new<S: AsRef<str>>(sentences: &[&[S]]) -> DocContext {
        let mut ctx = DocContext::default();
        for words in sentences {
            let caps = is_caps_sentence(words);
            for (i, w) in words.iter().enumerate() {
                let w = w.as_ref();
                let first = w.chars().next().unwrap_or(' ');
                if first.is_lowercase() && w.chars().all(|c| !c.is_uppercase()) {
                    ctx.lowercase_seen.insert(w.to_string());
                } else if first.is_uppercase() && i > 0 && !caps && w.chars().any(char::is_lowercase) {
                    let prev = words[i - 1].as_ref();
                    // After an opening quote or a colon a capital may just start a clause.
                    if !matches!(prev, "\"" | "“" | ":" | "'" | "‘" | "(" | "-" | "--") {
                        ctx.capitalized_mid.insert(w.to_lowercase());
                    }
                }
            }
        }
        ctx
    }

    /// Records the tags predicted for a sentence, for the history features of later sentences.
    pub fn record<S: AsRef<str>>(&mut self, words: &[S], tags: &[Tag]) {
        for (w, &tag) in words.iter().zip(tags) {
            if let Some(k) = tags::type_of(tag) {
                let w = w.as_ref();
                if w.chars().any(char::is_alphabetic) {
                    let counts = self.history.entry(w.to_lowercase()).or_insert([0; TYPES.len()]);
                    counts[k] = counts[k].saturating_add(1);
                }
            }
        }
    }

    fn history_majority(&self, lower: &str) -> Option<usize> {
        let counts = self.history.get(lower)?;
        let (k, &n) = counts.iter().enumerate().max_by_key(|(k, n)| (**n, usize::MAX - *k))?;
        (n > 0).then_some(k)
    }
}

/// Features of every token of a sentence, flattened: token `i`'s features are
/// `feats[offsets[i]..offsets[i + 1]]`.
#[derive(Default, Clone)]
pub struct FeatureBuffer {
    /// The feature hashes.
    pub feats: Vec<u64>,
    /// Start of each token's features, plus the end.
    pub offsets: Vec<u32>,
}

impl FeatureBuffer {
    /// Features of token `i`.
    #[inline]
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Number of tokens.
    #[inline]
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True when there are no tokens.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn views<S: AsRef<str>>(words: &[S]) -> Vec<TokenView> {
    let mut views: Vec<TokenView> = words
        .iter()
        .map(|w| {
            let w = w.as_ref();
            let norm = normalize(w);
            let lower = norm.to_lowercase();
            TokenView {
                shape: shape(w, 4),
                short_shape: shape(w, 1),
                classes: word_class(w, &lower),
                capitalized: w.chars().next().is_some_and(char::is_uppercase),
                norm,
                lower,
                gaz: 0,
                gaz_cats: 0,
            }
        })
        .collect();
    let lowers: Vec<&str> = views.iter().map(|v| v.lower.as_str()).collect();
    let matches = lexicon().matches(&lowers);
    for m in matches {
        let cats = if views[m.start].capitalized { m.info.cats } else { m.info.cats & cat::TITLE };
        if cats == 0 {
            continue;
        }
        for (cat_idx, (flag, _)) in cat::NAMES.iter().enumerate() {
            if cats & flag == 0 {
                continue;
            }
            for (i, v) in views[m.start..m.end].iter_mut().enumerate() {
                v.gaz |= 1 << (2 * cat_idx + usize::from(i > 0));
                v.gaz_cats |= flag;
            }
        }
    }
    views
}

fn push_bits(out: &mut Vec<u64>, template: u8, mut bits: u32) {
    while bits != 0 {
        let b = bits.trailing_zeros();
        out.push(feat_num(template, b));
        bits &= bits - 1;
    }
}

/// Extracts the features of one sentence into `buf` (cleared first).
pub fn extract<S: AsRef<str>>(words: &[S], ctx: &DocContext, buf: &mut FeatureBuffer) {
    buf.feats.clear();
    buf.offsets.clear();
    let views = views(words);
    let caps = is_caps_sentence(words);
    let n = views.len();
    let out = &mut buf.feats;
    for i in 0..n {
        buf.offsets.push(out.len() as u32);
        let v = &views[i];
        let prev = i.checked_sub(1).map(|j| &views[j]);
        let next = views.get(i + 1);
        let prev_lower = prev.map_or("<s>", |p| p.lower.as_str());
        let next_lower = next.map_or("</s>", |p| p.lower.as_str());
        out.push(feat_num(t::BIAS, 0));
        out.push(feat(t::WORD, &v.norm));
        out.push(feat(t::LOWER, &v.lower));
        if !caps {
            out.push(feat(t::SHAPE, &v.shape));
            out.push(feat(t::SHORT_SHAPE, &v.short_shape));
        } else {
            out.push(feat_num(t::CAPS_SENT, 0));
            out.push(feat(t::CAPS_SENT_LOWER, &v.lower));
            out.push(feat2(t::CAPS_SENT, "shape", &v.short_shape));
        }
        let chars: Vec<char> = v.lower.chars().collect();
        for k in 1..=4.min(chars.len().saturating_sub(1)) {
            let prefix: String = chars[..k].iter().collect();
            let suffix: String = chars[chars.len() - k..].iter().collect();
            out.push(feat2(t::PREFIX, &k.to_string(), &prefix));
            out.push(feat2(t::SUFFIX, &k.to_string(), &suffix));
        }
        out.push(feat(t::PREV_LOWER, prev_lower));
        out.push(feat(t::NEXT_LOWER, next_lower));
        out.push(feat(t::PREV2_LOWER, if i >= 2 { views[i - 2].lower.as_str() } else { "<s>" }));
        out.push(feat(t::NEXT2_LOWER, views.get(i + 2).map_or("</s>", |p| p.lower.as_str())));
        out.push(feat(t::PREV_WORD, prev.map_or("<s>", |p| p.norm.as_str())));
        out.push(feat(t::NEXT_WORD, next.map_or("</s>", |p| p.norm.as_str())));
        out.push(feat2(t::BIGRAM_PREV, prev_lower, &v.lower));
        out.push(feat2(t::BIGRAM_NEXT, &v.lower, next_lower));
        if !caps {
            let ps = prev.map_or("<s>", |p| p.short_shape.as_str());
            let ns = next.map_or("</s>", |p| p.short_shape.as_str());
            out.push(feat(t::PREV_SHAPE, ps));
            out.push(feat(t::NEXT_SHAPE, ns));
            out.push(feat2(t::SHAPE3, &format!("{ps}|{}", v.short_shape), ns));
        }
        match v.classes {
            Some(c) => {
                for (level, class) in c.iter().enumerate() {
                    out.push(feat_num(t::CLASS, (level as u32) << 16 | u32::from(*class)));
                }
                out.push(feat2(t::CLASS_PREV_LOWER, prev_lower, &c[2].to_string()));
            }
            None => out.push(feat(t::NO_CLASS_SHAPE, &v.short_shape)),
        }
        for (template, other) in [(t::PREV_CLASS, prev), (t::NEXT_CLASS, next)] {
            if let Some(c) = other.and_then(|o| o.classes) {
                out.push(feat_num(template, 1 << 16 | u32::from(c[1])));
                out.push(feat_num(template, 2 << 16 | u32::from(c[2])));
            }
        }
        push_bits(out, t::GAZ, v.gaz);
        if let Some(p) = prev {
            push_bits(out, t::PREV_GAZ, u32::from(p.gaz_cats));
        }
        if let Some(nx) = next {
            push_bits(out, t::NEXT_GAZ, u32::from(nx.gaz_cats));
        }
        // Parts of hyphenated words (`Trump-Putin`, `German-based`).
        if v.norm.contains('-') && v.norm.len() > 2 {
            for part in v.norm.split('-').filter(|p| !p.is_empty()) {
                if let Some(c) = word_classes().get(part) {
                    out.push(feat_num(t::HYPHEN_PART_CLASS, u32::from(c[2])));
                }
                if let Some(info) = lexicon().lookup(part) {
                    if part.chars().next().is_some_and(char::is_uppercase) {
                        push_bits(out, t::HYPHEN_PART_GAZ, u32::from(info.cats));
                    }
                }
            }
        }
        if i == 0 {
            out.push(feat(t::FIRST_SHAPE, &v.short_shape));
        }
        if v.capitalized {
            if ctx.lowercase_seen.contains(&v.lower) {
                out.push(feat_num(t::LOWER_SEEN, u32::from(i == 0)));
            }
            if ctx.capitalized_mid.contains(&v.lower) {
                out.push(feat_num(t::CAP_MID_SEEN, u32::from(i == 0) | u32::from(caps) << 1));
            }
        }
        if let Some(counts) = ctx.history.get(&v.lower) {
            for (k, &c) in counts.iter().enumerate() {
                if c > 0 {
                    out.push(feat_num(t::HIST, k as u32));
                }
            }
        }
        if let Some(k) = ctx.history_majority(&v.lower) {
            out.push(feat_num(t::HIST_MAJ, k as u32));
        }
        if let Some(k) = prev.and_then(|p| ctx.history_majority(&p.lower)) {
            out.push(feat_num(t::PREV_HIST_MAJ, k as u32));
        }
        if let Some(k) = next.and_then(|p| ctx.history_majority(&p.lower)) {
            out.push(feat_num(t::NEXT_HIST_MAJ, k as u32));
        }
    }
    buf.offsets.push(out.len() as u32);
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
        let words = ["President", "Vladimir", "Putin", "said", "."];
        let ctx = DocContext::new(&[&words[..]]);
        let mut a = FeatureBuffer::default();
        let mut b = FeatureBuffer::default();
        extract(&words, &ctx, &mut a);
        extract(&words, &ctx, &mut b);
        assert_eq!(a.feats, b.feats);
        assert_eq!(a.len(), 5);
        assert!(a.token(1).len() > 20);
    }

    #[test]
    fn caps_sentences() {
        assert!(is_caps_sentence(&["CRICKET", "-", "LEICESTERSHIRE", "TAKE", "OVER"]));
        assert!(!is_caps_sentence(&["U.S.", "President", "Donald", "Trump"]));
    }
}
