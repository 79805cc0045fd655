//! Features of the attribution tagger (sources, cues, contents), shared by training and
//! prediction. Sequences are paragraphs (a quotation may run over sentences); features see the
//! sentence a token is in, whether it is quoted, speech verbs near it, the entities the earlier
//! stages found, and part-of-speech tags (from [`crate::pos`], run here over each sentence).

use super::marks::{Quotation, quotation_of_token, quotations};
use crate::feature_hash::{mix, text_hash};
use crate::lexicon::{normalize_word, word_class};
use crate::perceptron::bio;
use herald_core::{Document, EntityType, MentionKind};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

// Features are hashes. A word is hashed once per token ([`text_hash`]); a feature mixes its
// template's number with the words' hashes or with a small number, so that building the twenty
// or so features of a token hashes no text.

/// A template's seed; `kind` keeps word and number features of one template apart.
#[inline]
fn seed(template: u8, kind: u64) -> u64 {
    (u64::from(template) << 8 | kind).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A feature of one word (by its hash).
#[inline]
fn feat(template: u8, word: u64) -> u64 {
    mix(seed(template, 1) ^ word)
}

/// A feature of two values (word hashes or small numbers), in order.
#[inline]
fn feat2(template: u8, a: u64, b: u64) -> u64 {
    mix(feat(template, a) ^ b.rotate_left(31))
}

/// A distance in tokens, in buckets (0, 1, 2, 3–5, 6–10, 11–20, more).
#[inline]
fn bucket(d: usize) -> u32 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3..=5 => 3,
        6..=10 => 4,
        11..=20 => 5,
        _ => 6,
    }
}

/// A feature of a small number.
#[inline]
fn num(template: u8, n: u32) -> u64 {
    mix(seed(template, 2) ^ u64::from(n))
}

const SPEECH_VERBS: &str = include_str!("../../data/lexicon/speech_verbs.tsv");
const CUE_WORDS: &str = include_str!("../../data/lexicon/cue_words.tsv");

/// Words that often belong to attribution cues in news (`statement`, `declined`, `citing`),
/// derived from PolNeAR train by `scripts/derive_cue_words.py`.
pub fn cue_words() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| CUE_WORDS.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next()).collect())
}

/// Inflected forms of words that report speech, writing or thought.
pub fn speech_verbs() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| SPEECH_VERBS.lines().filter(|l| !l.starts_with('#')).flat_map(|l| l.split('\t')).filter(|w| !w.is_empty()).collect())
}

/// Entity classes of tokens, for features.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Ent {
    None = 0,
    PersonName = 1,
    PersonPronoun = 2,
    PersonNominal = 3,
    Org = 4,
    Gpe = 5,
    Norp = 6,
    Other = 7,
}

/// The hashes of the sentence boundaries and of no word at all.
const SENTENCE_START: u64 = text_hash("<s>");
const SENTENCE_END: u64 = text_hash("</s>");
const NOTHING: u64 = text_hash("");

/// Everything the features need about one document, computed once.
pub struct Prepared<'a> {
    /// The document.
    pub doc: &'a Document,
    /// [`word_flag`]s of each token.
    flags: Vec<u8>,
    /// [`text_hash`] of each token's normalised form.
    hashes: Vec<u64>,
    classes: Vec<Option<[u16; 4]>>,
    /// The quotations.
    pub quotations: Vec<Quotation>,
    /// The quotation each token is in.
    pub quote_of: Vec<Option<u32>>,
    /// Tokens that are speech verbs.
    pub is_cue: Vec<bool>,
    /// Tokens that are other words often found in cues.
    pub cue_like: Vec<bool>,
    ent: Vec<Ent>,
    /// Each token's sentence.
    pub sentence_of: Vec<u32>,
    /// Token ranges of the paragraphs (the tagger's sequences).
    pub paragraphs: Vec<(usize, usize)>,
    pronoun: Vec<bool>,
    /// Per sentence: a speech verb outside quotes (bit 1), any speech verb (bit 2), a quotation
    /// (bit 3).
    sentence_flags: Vec<u32>,
    /// The nearest speech verb outside quotes before / after each token, in its sentence.
    cue_left: Vec<Option<u32>>,
    cue_right: Vec<Option<u32>>,
    /// The same for other cue words.
    like_left: Vec<Option<u32>>,
    like_right: Vec<Option<u32>>,
    /// Separators (`,` `;` `"`) before each token (a prefix count).
    separators: Vec<u32>,
    /// Inside parentheses opened earlier in the sentence.
    in_parens: Vec<bool>,
    /// Part-of-speech tags ([`crate::pos`]; `pos::N_TAGS` where no sentence covers the token).
    pos: Vec<u8>,
    /// Finite verbs (past, present, modal) before each token (a prefix count).
    finite: Vec<u32>,
    /// For each token, the end (exclusive) of the longest name, description or other mention
    /// but a pronoun that starts there; 0 where none does.
    mention_end: Vec<u32>,
    /// Tokens inside a time expression.
    in_time: Vec<bool>,
    /// Every mention of the document with its entity, by start and end.
    mentions: Vec<MentionAt>,
}

/// A mention of the document, as [`Prepared::mentions_from`] lists them.
#[derive(Clone, Copy, Debug)]
pub struct MentionAt {
    /// Where it is.
    pub span: herald_core::Span,
    /// Its entity.
    pub entity: u32,
    /// Name, nominal or pronoun.
    pub kind: MentionKind,
    /// Its place in its entity's mentions.
    pub index: u32,
}

/// The longest mention a search by end position reaches back for, in bytes.
pub const LONGEST_MENTION_BYTES: u32 = 400;

/// What the first pass of the tagger found in a document, as the second pass's features see it
/// (stacking: the second pass sees every first-pass tag of the sentence, not only its neighbour).
pub struct FirstPass {
    /// The first pass's tag of each token.
    tags: Vec<bio::Tag>,
    /// The nearest token of a cue / source before and after each token, in its sentence.
    cue_left: Vec<Option<u32>>,
    cue_right: Vec<Option<u32>>,
    src_left: Vec<Option<u32>>,
    src_right: Vec<Option<u32>>,
    /// Per sentence: bit `k` set when it has a chunk of type `k`.
    sentence_mask: Vec<u8>,
    /// Per quotation: 0 when none of its tokens is content, 2 when all are, else 1.
    quote_content: Vec<u8>,
}

impl FirstPass {
    /// Summarises the first pass's tags of a prepared document.
    pub fn new(prep: &Prepared, tags: Vec<bio::Tag>) -> FirstPass {
        let n = tags.len();
        let sentences: Vec<(usize, usize)> = prep.doc.sentences.iter().map(|s| (s.tokens.start as usize, s.tokens.end as usize)).collect();
        let of = |k: usize| {
            let tags = &tags;
            move |t: usize| bio::type_of(tags[t]) == Some(k)
        };
        let (cue_left, cue_right) = nearest(&sentences, n, of(1));
        let (src_left, src_right) = nearest(&sentences, n, of(0));
        let sentence_mask =
            sentences.iter().map(|&(a, b)| (a..b).filter_map(|t| bio::type_of(tags[t])).fold(0u8, |m, k| m | 1 << k)).collect();
        let mut counts = vec![(0u32, 0u32); prep.quotations.len()];
        for (t, q) in prep.quote_of.iter().enumerate() {
            if let Some(q) = q {
                let c = &mut counts[*q as usize];
                c.0 += 1;
                c.1 += u32::from(bio::type_of(tags[t]) == Some(2));
            }
        }
        let quote_content = counts
            .iter()
            .map(|&(all, con)| {
                if con == 0 {
                    0
                } else if con == all {
                    2
                } else {
                    1
                }
            })
            .collect();
        FirstPass { tags, cue_left, cue_right, src_left, src_right, sentence_mask, quote_content }
    }
}

/// Nearest marked token before / after each token within its sentence.
fn nearest(sentences: &[(usize, usize)], n: usize, marked: impl Fn(usize) -> bool) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let mut left = vec![None; n];
    let mut right = vec![None; n];
    for &(a, b) in sentences {
        let mut last = None;
        for (t, slot) in left.iter_mut().enumerate().take(b).skip(a) {
            *slot = last;
            if marked(t) {
                last = Some(t as u32);
            }
        }
        let mut next = None;
        for t in (a..b).rev() {
            right[t] = next;
            if marked(t) {
                next = Some(t as u32);
            }
        }
    }
    (left, right)
}

/// What the features need of a word on its own (the same wherever it occurs).
#[derive(Clone, Copy)]
struct WordFacts {
    /// [`text_hash`] of its [`normalize_word`] form.
    hash: u64,
    /// [`word_flag`]s.
    flags: u8,
}

/// Classes of words the features test.
mod word_flag {
    pub const SPEECH_VERB: u8 = 1;
    pub const CUE_WORD: u8 = 2;
    pub const PRONOUN: u8 = 4;
    /// `,` `;` and quotation marks.
    pub const SEPARATOR: u8 = 8;
    pub const OPEN_PAREN: u8 = 16;
    pub const CLOSE_PAREN: u8 = 32;
    /// A double quotation mark of any style.
    pub const QUOTE_MARK: u8 = 64;
}

/// A word's [`WordFacts`], kept per thread: most words recur, and finding them costs a normalised
/// copy and two set lookups.
fn word_facts(word: &str) -> WordFacts {
    use std::cell::RefCell;
    thread_local! {
        static CACHE: RefCell<rustc_hash::FxHashMap<u64, WordFacts>> = RefCell::new(rustc_hash::FxHashMap::default());
    }
    CACHE.with_borrow_mut(|cache| {
        if cache.len() > 100_000 {
            cache.clear();
        }
        *cache.entry(text_hash(word)).or_insert_with(|| {
            let lower = normalize_word(word);
            let w = lower.as_ref();
            let mut flags = 0;
            for (test, flag) in [
                (speech_verbs().contains(w), word_flag::SPEECH_VERB),
                (cue_words().contains(w), word_flag::CUE_WORD),
                (matches!(w, "he" | "she" | "they" | "we" | "i" | "it" | "you" | "who" | "his" | "her" | "their"), word_flag::PRONOUN),
                (matches!(w, "," | ";" | "\""), word_flag::SEPARATOR),
                (w == "(", word_flag::OPEN_PAREN),
                (w == ")", word_flag::CLOSE_PAREN),
                (w == "\"", word_flag::QUOTE_MARK),
            ] {
                if test {
                    flags |= flag;
                }
            }
            WordFacts { hash: text_hash(w), flags }
        })
    })
}

impl<'a> Prepared<'a> {
    /// Prepares a document that went through segmentation and the entity stages.
    pub fn new(doc: &'a Document) -> Prepared<'a> {
        let n = doc.tokens.len();
        let facts: Vec<WordFacts> = (0..n).map(|t| word_facts(doc.token_text(t))).collect();
        let hashes = facts.iter().map(|f| f.hash).collect();
        let flags: Vec<u8> = facts.iter().map(|f| f.flags).collect();
        let sentences: Vec<(usize, usize)> = doc.sentences.iter().map(|s| (s.tokens.start as usize, s.tokens.end as usize)).collect();
        // Part-of-speech tags and word classes in one pass (the tagger looks each word up once).
        let mut pos = vec![crate::pos::N_TAGS as u8; n];
        let mut classes = vec![None; n];
        let mut covered = 0;
        if let Some(tagger) = crate::pos::PosTagger::embedded() {
            let (mut words, mut sentence_tags, mut sentence_classes) = (Vec::new(), Vec::new(), Vec::new());
            for &(a, b) in &sentences {
                words.clear();
                words.extend((a..b).map(|t| doc.token_text(t)));
                sentence_tags.clear();
                sentence_classes.clear();
                tagger.tag_with_classes(&words, &mut sentence_tags, &mut sentence_classes);
                pos[a..b].copy_from_slice(&sentence_tags);
                classes[a..b].copy_from_slice(&sentence_classes);
                covered += b - a;
            }
        }
        if covered != n {
            classes = (0..n).map(|t| word_class(doc.token_text(t)).or_else(|| word_class(&normalize_word(doc.token_text(t))))).collect();
        }
        let quotations = quotations(doc);
        let quote_of = quotation_of_token(doc, &quotations);
        let is_cue = flags.iter().map(|f| f & word_flag::SPEECH_VERB != 0).collect();
        let cue_like = flags.iter().map(|f| f & word_flag::CUE_WORD != 0).collect();
        let mut ent = vec![Ent::None; n];
        let mut mention_end = vec![0u32; n];
        let mut mentions = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            for (j, m) in e.mentions.iter().enumerate() {
                mentions.push(MentionAt { span: m.span, entity: i as u32, kind: m.kind, index: j as u32 });
                let t = doc.token_at_or_after(m.span.start as usize);
                if m.kind != MentionKind::Pronoun && t < n && doc.tokens[t].span.start == m.span.start {
                    let end = doc.token_at_or_after(m.span.end as usize);
                    let end = if end < n && doc.tokens[end].span.start < m.span.end { end + 1 } else { end };
                    mention_end[t] = mention_end[t].max(end as u32);
                }
                let class = match (e.kind, m.kind) {
                    (EntityType::Person, MentionKind::Name) => Ent::PersonName,
                    (EntityType::Person, MentionKind::Pronoun) => Ent::PersonPronoun,
                    (EntityType::Person, MentionKind::Nominal) => Ent::PersonNominal,
                    (EntityType::Org, _) => Ent::Org,
                    (EntityType::Gpe, _) => Ent::Gpe,
                    (EntityType::Norp, _) => Ent::Norp,
                    _ => Ent::Other,
                };
                let first = doc.token_at_or_after(m.span.start as usize);
                let mut t = first;
                while t < n && doc.tokens[t].span.start < m.span.end {
                    ent[t] = class;
                    t += 1;
                }
            }
        }
        let mut sentence_of = vec![0u32; n];
        for (i, s) in doc.sentences.iter().enumerate() {
            for t in s.token_range() {
                sentence_of[t] = i as u32;
            }
        }
        let paragraphs = doc
            .sentences
            .chunk_by(|a, b| a.paragraph == b.paragraph)
            .map(|g| (g[0].tokens.start as usize, g[g.len() - 1].tokens.end as usize))
            .collect();
        let pronoun = flags.iter().map(|f| f & word_flag::PRONOUN != 0).collect();
        let is_cue_v: &Vec<bool> = &is_cue;
        let cue_like_v: &Vec<bool> = &cue_like;
        let (cue_left, cue_right) = nearest(&sentences, n, |t| is_cue_v[t] && quote_of[t].is_none());
        let (like_left, like_right) = nearest(&sentences, n, |t| cue_like_v[t] && quote_of[t].is_none());
        let sentence_flags = sentences
            .iter()
            .map(|&(a, b)| {
                let outside = (a..b).any(|i| is_cue_v[i] && quote_of[i].is_none());
                let any = (a..b).any(|i| is_cue_v[i]);
                let quoted = (a..b).any(|i| quote_of[i].is_some());
                u32::from(outside) << 1 | u32::from(any) << 2 | u32::from(quoted) << 3
            })
            .collect();
        let mut separators = Vec::with_capacity(n + 1);
        let mut count = 0u32;
        for f in &flags {
            separators.push(count);
            count += u32::from(f & word_flag::SEPARATOR != 0);
        }
        separators.push(count);
        let mut in_parens = vec![false; n];
        for &(a, b) in &sentences {
            let mut open = false;
            for t in a..b {
                in_parens[t] = open;
                if flags[t] & word_flag::OPEN_PAREN != 0 {
                    open = true;
                } else if flags[t] & word_flag::CLOSE_PAREN != 0 {
                    open = false;
                }
            }
        }
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
        let mut in_time = vec![false; n];
        for x in &doc.times {
            let first = doc.tokens.partition_point(|t| t.span.start < x.span.start);
            for (inside, token) in in_time[first..].iter_mut().zip(&doc.tokens[first..]) {
                if !x.span.contains(token.span) {
                    break;
                }
                *inside = true;
            }
        }
        let mut finite = Vec::with_capacity(n + 1);
        let mut count = 0u32;
        for &p in &pos {
            finite.push(count);
            count += u32::from(matches!(p, crate::pos::tag::VBD | crate::pos::tag::VBZP | crate::pos::tag::MD));
        }
        finite.push(count);
        Prepared {
            doc,
            pos,
            finite,
            mention_end,
            in_time,
            mentions,
            flags,
            hashes,
            classes,
            quotations,
            quote_of,
            is_cue,
            cue_like,
            ent,
            sentence_of,
            paragraphs,
            pronoun,
            sentence_flags,
            cue_left,
            cue_right,
            like_left,
            like_right,
            separators,
            in_parens,
        }
    }

    /// The part-of-speech tag of token `t` (`pos::N_TAGS` when the sentence was not tagged).
    pub fn pos(&self, t: usize) -> u8 {
        self.pos[t]
    }

    /// The end (exclusive) of the longest mention other than a pronoun starting at token `t`.
    pub fn mention_end(&self, t: usize) -> Option<usize> {
        self.mention_end.get(t).filter(|&&e| e > 0).map(|&e| e as usize)
    }

    /// The mentions starting at or after byte `from` and before byte `to`, by start: a search
    /// near a place in the text looks at the mentions there, not at every entity's.
    pub fn mentions_from(&self, from: u32, to: u32) -> &[MentionAt] {
        let a = self.mentions.partition_point(|m| m.span.start < from);
        let b = self.mentions.partition_point(|m| m.span.start < to);
        &self.mentions[a..b.max(a)]
    }

    /// The mentions whose last token is `t` (up to [`LONGEST_MENTION_BYTES`] long), in the
    /// order of the entities and their mentions.
    pub fn mentions_ending_in(&self, t: usize) -> Vec<MentionAt> {
        let token = self.doc.tokens[t].span;
        let mut found: Vec<MentionAt> = self
            .mentions_from(token.end.saturating_sub(LONGEST_MENTION_BYTES), token.end)
            .iter()
            .filter(|m| m.span.end > token.start && m.span.end <= token.end)
            .copied()
            .collect();
        found.sort_by_key(|m| (m.entity, m.index));
        found
    }

    /// True when token `t` is inside a time expression.
    pub fn in_time(&self, t: usize) -> bool {
        self.in_time[t]
    }

    /// True when token `t` is a finite verb or a modal (`was`, `says`, `would`).
    pub fn is_finite_verb(&self, t: usize) -> bool {
        matches!(self.pos[t], crate::pos::tag::VBD | crate::pos::tag::VBZP | crate::pos::tag::MD)
    }

    /// The token range of the sentence of token `t`.
    pub fn sentence_bounds(&self, t: usize) -> (usize, usize) {
        let s = &self.doc.sentences[self.sentence_of[t] as usize];
        (s.tokens.start as usize, s.tokens.end as usize)
    }

    /// The features of token `t` (appended to `out`).
    pub fn features(&self, t: usize, out: &mut Vec<u64>) {
        let (ss, se) = self.sentence_bounds(t);
        let w = |i: isize| -> u64 {
            if i < ss as isize {
                SENTENCE_START
            } else if i >= se as isize {
                SENTENCE_END
            } else {
                self.hashes[i as usize]
            }
        };
        let ti = t as isize;
        out.push(num(1, 0));
        out.push(feat(2, w(ti)));
        out.push(feat(3, w(ti - 1)));
        out.push(feat(4, w(ti + 1)));
        out.push(feat(5, w(ti - 2)));
        out.push(feat(6, w(ti + 2)));
        out.push(feat2(7, w(ti - 1), w(ti)));
        out.push(feat2(8, w(ti), w(ti + 1)));
        if let Some(c) = self.classes[t] {
            out.push(num(9, u32::from(c[0])));
            out.push(num(10, u32::from(c[1])));
        }
        for (template, j) in [(11u8, ti - 1), (12, ti + 1)] {
            if j >= ss as isize
                && j < se as isize
                && let Some(c) = self.classes[j as usize]
            {
                out.push(num(template, u32::from(c[1])));
            }
        }
        let word = self.doc.token_text(t);
        let cap = word.chars().next().is_some_and(char::is_uppercase);
        out.push(num(13, u32::from(cap) | (u32::from(t == ss) << 1)));
        // Quotation context.
        let q = self.quote_of[t];
        let mark = self.flags[t] & word_flag::QUOTE_MARK != 0;
        let q_state = match q {
            None => 0,
            Some(qi) => {
                let quotation = &self.quotations[qi as usize];
                let first = quotation.pieces.iter().any(|&(a, _)| a == t);
                let last = quotation.pieces.iter().any(|&(_, b)| b == t);
                1 + u32::from(first) + 2 * u32::from(last) + 4 * u32::from(quotation.closed)
            }
        };
        out.push(num(14, q_state));
        out.push(num(15, q_state.min(1) << 4 | u32::from(mark)));
        // Quoted and the sentence has a speech verb outside the quotation.
        out.push(num(16, u32::from(q.is_some()) | self.sentence_flags[self.sentence_of[t] as usize]));
        // Speech verbs around: distance buckets to the nearest on each side in the sentence.
        let left_idx = self.cue_left[t].map(|i| i as usize);
        let right_idx = self.cue_right[t].map(|i| i as usize);
        let left = left_idx.map(|i| bucket(t - i));
        let right = right_idx.map(|i| bucket(i - t));
        out.push(num(17, left.map_or(9, |b| b)));
        out.push(num(18, right.map_or(9, |b| b)));
        out.push(num(19, left.map_or(9, |b| b) * 16 + right.map_or(9, |b| b)));
        // Which speech verb is nearest, with the side and distance.
        let separated = |a: usize, b: usize| a < b && self.separators[b] > self.separators[a];
        if let Some(i) = left_idx {
            out.push(feat2(30, self.hashes[i], u64::from(left.unwrap_or(9))));
            // Tokens right after the verb (`said that`, `told reporters`) shape the content start.
            out.push(feat2(31, self.hashes[i], self.hashes.get(i + 1).copied().unwrap_or(NOTHING)));
            // A comma or quotation mark between the verb and this token.
            let comma = separated(i + 1, t);
            out.push(num(32, u32::from(comma) * 16 + left.unwrap_or(9)));
        }
        if let Some(i) = right_idx {
            out.push(feat2(33, self.hashes[i], u64::from(right.unwrap_or(9))));
            let comma = separated(t + 1, i);
            out.push(num(34, u32::from(comma) * 16 + right.unwrap_or(9)));
        }
        if self.is_cue[t] {
            out.push(num(20, u32::from(q.is_some())));
        }
        // Entities.
        let ent = self.ent[t] as u32;
        out.push(num(21, ent));
        out.push(num(22, ent * 16 + right.map_or(9, |b| b)));
        out.push(num(23, ent * 16 + left.map_or(9, |b| b)));
        if t > ss {
            out.push(num(24, self.ent[t - 1] as u32));
        }
        if t + 1 < se {
            out.push(num(25, self.ent[t + 1] as u32));
        }
        if self.pronoun[t] {
            out.push(num(26, right.map_or(9, |b| b)));
        }
        // Position in the sentence.
        out.push(num(27, bucket(t - ss) * 16 + bucket(se - 1 - t)));
        if t > ss && self.is_cue[t - 1] {
            out.push(feat(28, w(ti)));
        }
        // Other cue words: this token, and the nearest on each side.
        if self.cue_like[t] {
            out.push(num(41, u32::from(q.is_some())));
        }
        let left_like = self.like_left[t].map(|i| bucket(t - i as usize));
        let right_like = self.like_right[t].map(|i| bucket(i as usize - t));
        out.push(num(42, left_like.map_or(9, |b| b) * 16 + right_like.map_or(9, |b| b)));
        // Word and quotation state together; sentence edges; parentheses.
        out.push(feat2(35, w(ti), u64::from(q.is_some())));
        out.push(feat2(36, w(ss as isize), w(se as isize - 1)));
        if self.in_parens[t] {
            out.push(num(37, 0));
        }
        // A quotation this token is in, followed by a speech verb or preceded by one.
        if let Some(qi) = q {
            let quotation = &self.quotations[qi as usize];
            if let Some(&(_, end)) = quotation.pieces.last() {
                let after = (end + 1..(end + 5).min(self.is_cue.len())).find(|&i| self.is_cue[i]).map(|i| i - end);
                out.push(num(38, after.map_or(9, |d| d as u32)));
            }
            if let Some(&(start, _)) = quotation.pieces.first() {
                let before = (start.saturating_sub(4)..start).rev().find(|&i| self.is_cue[i]).map(|i| start - i);
                out.push(num(39, before.map_or(9, |d| d as u32)));
            }
        }
        out.push(feat2(40, w(ti), self.ent[t] as u64));
        // Previous token's quotation state and the next's (content boundaries at marks).
        let q_at = |i: isize| if i < 0 || i as usize >= self.quote_of.len() { 2 } else { u32::from(self.quote_of[i as usize].is_some()) };
        out.push(num(29, q_at(ti - 1) * 4 + q_at(ti + 1)));
        // Part of speech: this token's and its neighbours', with the speech verbs around; the tag
        // after the verb before (`said that`, `said the`); finite verbs between this token and
        // the speech verb on each side (is it in the verb's own clause?).
        let p = |i: isize| if i < ss as isize || i >= se as isize { 98 } else { u32::from(self.pos[i as usize]) };
        let (p0, pl, pr) = (p(ti), p(ti - 1), p(ti + 1));
        out.push(num(50, p0));
        out.push(num(51, pl * 128 + p0));
        out.push(num(52, p0 * 128 + pr));
        out.push(num(53, pl * 16384 + p0 * 128 + pr));
        out.push(num(54, p0 * 16 + left.map_or(9, |b| b)));
        out.push(num(55, p0 * 16 + right.map_or(9, |b| b)));
        out.push(num(56, p0 * 4 + u32::from(q.is_some())));
        let verbs_between = |a: usize, b: usize| (self.finite[b] - self.finite[a]).min(2);
        if let Some(i) = left_idx {
            out.push(num(57, p(i as isize + 1) * 16 + left.unwrap_or(9)));
            out.push(num(58, verbs_between(i + 1, t) * 4 + u32::from(separated(i + 1, t)) * 2 + u32::from(q.is_some())));
        }
        if let Some(i) = right_idx {
            out.push(num(59, verbs_between(t + 1, i) * 4 + u32::from(separated(t + 1, i)) * 2 + u32::from(q.is_some())));
        }
        out.push(num(60, p0 * 16 + ent));
    }

    /// The second pass's features of token `t`: what the first pass tagged around it, beyond the
    /// reach of the transitions (the speech verb it found three words away, whether the sentence
    /// or the one before has a source, how much of this quotation it took as content).
    pub fn context_features(&self, first: &FirstPass, t: usize, out: &mut Vec<u64>) {
        let (ss, se) = self.sentence_bounds(t);
        let tag = |i: isize| -> u32 { if i < ss as isize || i >= se as isize { 7 } else { u32::from(first.tags[i as usize]) } };
        let kind = |i: usize| bio::type_of(first.tags[i]).map_or(0, |k| k as u32 + 1);
        let ti = t as isize;
        let k0 = kind(t);
        out.push(num(70, tag(ti)));
        out.push(num(71, tag(ti - 1) * 64 + tag(ti) * 8 + tag(ti + 1)));
        out.push(num(72, tag(ti - 2) * 8 + tag(ti + 2)));
        let left = first.cue_left[t].map(|i| i as usize);
        let right = first.cue_right[t].map(|i| i as usize);
        let lb = left.map_or(9, |i| bucket(t - i));
        let rb = right.map_or(9, |i| bucket(i - t));
        out.push(num(73, (lb * 16 + rb) * 4 + k0));
        let separated = |a: usize, b: usize| a < b && self.separators[b] > self.separators[a];
        if let Some(i) = left {
            out.push(feat2(74, self.hashes[i], u64::from(lb * 4 + k0)));
            out.push(num(75, (u32::from(separated(i + 1, t)) * 16 + lb) * 4 + k0));
        }
        if let Some(i) = right {
            out.push(feat2(76, self.hashes[i], u64::from(rb * 4 + k0)));
            out.push(num(77, (u32::from(separated(t + 1, i)) * 16 + rb) * 4 + k0));
        }
        let sl = first.src_left[t].map_or(9, |i| bucket(t - i as usize));
        let sr = first.src_right[t].map_or(9, |i| bucket(i as usize - t));
        out.push(num(78, (sl * 16 + sr) * 4 + k0));
        // What the sentence, the one before and the one after hold.
        let s = self.sentence_of[t] as usize;
        let mask = |s: Option<usize>| s.and_then(|s| first.sentence_mask.get(s)).map_or(8, |&m| u32::from(m));
        let quoted = u32::from(self.quote_of[t].is_some());
        out.push(num(79, (mask(Some(s)) * 4 + k0) * 2 + quoted));
        out.push(num(80, (mask(s.checked_sub(1)) * 16 + mask(Some(s + 1))) * 8 + k0 * 2 + quoted));
        // How much of this token's quotation the first pass took as content.
        if let Some(q) = self.quote_of[t] {
            out.push(num(81, u32::from(first.quote_content[q as usize]) * 4 + k0));
        }
        // The first pass's tag at the sentence's edges (a content running over sentences).
        let before = if ss > 0 { u32::from(first.tags[ss - 1]) } else { 7 };
        out.push(num(82, before * 8 + tag(ti)));
        out.push(feat2(83, self.hashes[t], u64::from(k0)));
    }
}
