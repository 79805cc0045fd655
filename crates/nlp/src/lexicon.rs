//! General lexicons and gazetteers, embedded in the binary: countries, capitals, cities,
//! subdivisions, regions, demonyms, religious and political groups, organisations, titles,
//! first names with gender, surnames; and the word classes derived from public word vectors.
//! Sources and licences: `data/gazetteers/README.md`, `data/lexicon/README.md`.
//!
//! Phrases are stored as their lower-cased tokens (tokenized by herald's own tokenizer, so
//! `U.S.` or `d'Ivoire` match the way the text is tokenized) joined by a space.

use crate::segment::tokenize::tokenize;
use herald_core::{Gender, Span, Token};
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Categories a phrase can belong to (bit flags).
pub mod cat {
    /// A country name.
    pub const COUNTRY: u16 = 1;
    /// A capital city.
    pub const CAPITAL: u16 = 1 << 1;
    /// A city of 15,000+ people.
    pub const CITY: u16 = 1 << 2;
    /// A state, province or region with a government.
    pub const SUBDIVISION: u16 = 1 << 3;
    /// A continent, region or body of water.
    pub const REGION: u16 = 1 << 4;
    /// A demonym (`Russian`, `Ukrainians`).
    pub const DEMONYM: u16 = 1 << 5;
    /// A religious or political group word (`Republican`, `Muslims`).
    pub const GROUP: u16 = 1 << 6;
    /// A well-known organisation.
    pub const ORG: u16 = 1 << 7;
    /// A first name.
    pub const FIRST_NAME: u16 = 1 << 8;
    /// A surname.
    pub const SURNAME: u16 = 1 << 9;
    /// A person's title or role (`President`, `Secretary of Defense`).
    pub const TITLE: u16 = 1 << 10;
    /// Names of the categories, for features.
    pub const NAMES: [(u16, &str); 11] = [
        (COUNTRY, "country"),
        (CAPITAL, "capital"),
        (CITY, "city"),
        (SUBDIVISION, "subdivision"),
        (REGION, "region"),
        (DEMONYM, "demonym"),
        (GROUP, "group"),
        (ORG, "org"),
        (FIRST_NAME, "first"),
        (SURNAME, "surname"),
        (TITLE, "title"),
    ];
}

/// What the lexicon knows about one phrase.
#[derive(Clone, Debug, Default)]
pub struct PhraseInfo {
    /// Category flags (`cat::*`).
    pub cats: u16,
    /// True when a longer phrase starts with this one (matching continues).
    pub is_prefix: bool,
    /// The ISO 3166-1 alpha-2 code of the country it names or belongs to.
    pub country: Option<[u8; 2]>,
    /// A canonical name (organisations: `NATO` → `North Atlantic Treaty Organization`).
    pub canonical: Option<Box<str>>,
    /// The class of a title (`head`, `minister`, `military`, ...) or the kind of an organisation
    /// (`alliance`, `government`, `agency`, ...).
    pub class: Option<Box<str>>,
}

/// A phrase found in a sentence.
#[derive(Clone, Debug)]
pub struct PhraseMatch<'a> {
    /// First token (index into the slice given to [`Lexicon::matches`]).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What is known about it.
    pub info: &'a PhraseInfo,
}

/// All lexicons, loaded once.
pub struct Lexicon {
    phrases: HashMap<Box<str>, PhraseInfo>,
    max_tokens: usize,
    first_names: HashMap<Box<str>, Option<Gender>>,
    country_names: HashMap<[u8; 2], Box<str>>,
}

const COUNTRIES: &str = include_str!("../data/gazetteers/countries.tsv");
const CAPITALS: &str = include_str!("../data/gazetteers/capitals.tsv");
const CITIES: &str = include_str!("../data/gazetteers/cities.tsv");
const SUBDIVISIONS: &str = include_str!("../data/gazetteers/subdivisions.tsv");
const FIRST_NAMES: &str = include_str!("../data/gazetteers/first_names.tsv");
const SURNAMES: &str = include_str!("../data/gazetteers/surnames.tsv");
const COUNTRY_ALIASES: &str = include_str!("../data/lexicon/country_aliases.tsv");
const DEMONYMS: &str = include_str!("../data/lexicon/demonyms.tsv");
const GROUPS: &str = include_str!("../data/lexicon/groups.tsv");
const ORGANISATIONS: &str = include_str!("../data/lexicon/organisations.tsv");
const REGIONS: &str = include_str!("../data/lexicon/regions.tsv");
const TITLES: &str = include_str!("../data/lexicon/titles.tsv");

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect())
}

fn code(s: &str) -> Option<[u8; 2]> {
    let b = s.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase()).then(|| [b[0], b[1]])
}

/// English plural of a demonym or group word (`Russian` → `Russians`, `Frenchman` → `Frenchmen`).
fn plural(word: &str) -> Option<String> {
    if let Some(stem) = word.strip_suffix("man") {
        return Some(format!("{stem}men"));
    }
    if word.ends_with("ese") || word.ends_with("ss") || word.ends_with("sh") || word.ends_with("ch") || word.ends_with('s') {
        return None;
    }
    if word.ends_with('y') && !word.ends_with("ey") {
        return Some(format!("{}ies", &word[..word.len() - 1]));
    }
    Some(format!("{word}s"))
}

/// The lower-cased token key of a phrase.
pub fn phrase_key(phrase: &str) -> String {
    // Fast path: words of letters and digits separated by single spaces tokenize as themselves.
    let simple = !phrase.is_empty()
        && !phrase.starts_with(' ')
        && !phrase.ends_with(' ')
        && !phrase.contains("  ")
        && phrase.chars().all(|c| c.is_alphanumeric() || c == ' ');
    if simple {
        return phrase.to_lowercase();
    }
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(phrase, Span::new(0, phrase.len()), &mut tokens);
    let mut key = String::with_capacity(phrase.len());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&t.span.text(phrase).to_lowercase());
    }
    key
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut lex =
            Lexicon { phrases: HashMap::default(), max_tokens: 1, first_names: HashMap::default(), country_names: HashMap::default() };
        for r in rows(COUNTRIES).chain(rows(COUNTRY_ALIASES)) {
            let c = r.get(1).and_then(|c| code(c));
            lex.add(r[0], cat::COUNTRY, c, None, None);
            if let (Some(c), Some(name)) = (c, r.get(2)) {
                lex.country_names.insert(c, (*name).into());
            }
        }
        for r in rows(CAPITALS) {
            lex.add(r[0], cat::CAPITAL | cat::CITY, r.get(1).and_then(|c| code(c)), None, None);
        }
        for r in rows(CITIES) {
            lex.add(r[0], cat::CITY, r.get(1).and_then(|c| code(c)), None, None);
        }
        for r in rows(SUBDIVISIONS) {
            lex.add(r[0], cat::SUBDIVISION, r.get(1).and_then(|c| code(c)), None, None);
        }
        for r in rows(REGIONS) {
            lex.add(r[0], cat::REGION, None, None, None);
        }
        for r in rows(DEMONYMS) {
            let c = r.get(1).and_then(|c| code(c));
            lex.add(r[0], cat::DEMONYM, c, None, None);
            if let Some(p) = plural(r[0]) {
                lex.add(&p, cat::DEMONYM, c, None, None);
            }
        }
        for r in rows(GROUPS) {
            lex.add(r[0], cat::GROUP, None, None, None);
            if let Some(p) = plural(r[0]) {
                lex.add(&p, cat::GROUP, None, None, None);
            }
        }
        for r in rows(ORGANISATIONS) {
            lex.add(r[0], cat::ORG, r.get(3).and_then(|c| code(c)), r.get(1).copied(), r.get(2).copied());
        }
        for r in rows(TITLES) {
            lex.add(r[0], cat::TITLE, None, None, r.get(1).copied());
        }
        for r in rows(FIRST_NAMES) {
            let gender = match r.get(1).copied() {
                Some("M") => Some(Gender::Male),
                Some("F") => Some(Gender::Female),
                _ => None,
            };
            lex.first_names.insert(r[0].to_lowercase().into(), gender);
            lex.add(r[0], cat::FIRST_NAME, None, None, None);
        }
        for r in rows(SURNAMES) {
            lex.add(r[0], cat::SURNAME, None, None, None);
        }
        lex
    }

    fn add(&mut self, phrase: &str, cats: u16, country: Option<[u8; 2]>, canonical: Option<&str>, class: Option<&str>) {
        let key = phrase_key(phrase);
        if key.is_empty() {
            return;
        }
        let n_tokens = key.split(' ').count();
        self.max_tokens = self.max_tokens.max(n_tokens);
        // Register every proper prefix so that matching knows when to continue.
        let mut prefix_end = 0;
        for (i, part) in key.split(' ').enumerate() {
            if i + 1 == n_tokens {
                break;
            }
            prefix_end += part.len() + usize::from(i > 0);
            self.phrases.entry(key[..prefix_end].into()).or_default().is_prefix = true;
        }
        let info = self.phrases.entry(key.into()).or_default();
        info.cats |= cats;
        if info.country.is_none() {
            info.country = country;
        }
        if info.canonical.is_none() {
            info.canonical = canonical.map(Into::into);
        }
        if info.class.is_none() {
            info.class = class.map(Into::into);
        }
    }

    /// What the lexicon knows about a phrase (any case).
    pub fn lookup(&self, phrase: &str) -> Option<&PhraseInfo> {
        self.phrases.get(phrase_key(phrase).as_str()).filter(|i| i.cats != 0)
    }

    /// Every lexicon phrase in a token sequence (`lower` holds the lower-cased tokens); at each
    /// start, every length that matches.
    pub fn matches<'a, S: AsRef<str>>(&'a self, lower: &[S]) -> Vec<PhraseMatch<'a>> {
        self.matches_where(lower, |_| true)
    }

    /// True when some phrase starts with this lower-cased token.
    pub fn starts_phrase(&self, lower_token: &str) -> bool {
        self.phrases.contains_key(lower_token)
    }

    /// Like [`Lexicon::matches`], trying only the starts where `can_start` holds (callers that
    /// know [`Lexicon::starts_phrase`] for each token skip the others).
    pub fn matches_where<'a, S: AsRef<str>>(&'a self, lower: &[S], can_start: impl Fn(usize) -> bool) -> Vec<PhraseMatch<'a>> {
        let mut out = Vec::new();
        let mut key = String::new();
        for start in 0..lower.len() {
            if !can_start(start) {
                continue;
            }
            key.clear();
            for end in start + 1..=(start + self.max_tokens).min(lower.len()) {
                if end > start + 1 {
                    key.push(' ');
                }
                key.push_str(lower[end - 1].as_ref());
                match self.phrases.get(key.as_str()) {
                    Some(info) => {
                        if info.cats != 0 {
                            out.push(PhraseMatch { start, end, info });
                        }
                        if !info.is_prefix {
                            break;
                        }
                    }
                    None => break,
                }
            }
        }
        out
    }

    /// The gender of a first name, if the name lists know it; `None` when unknown or either.
    pub fn first_name_gender(&self, name: &str) -> Option<Gender> {
        self.first_names.get(name.to_lowercase().as_str()).copied().flatten()
    }

    /// True when the word is a known first name.
    pub fn is_first_name(&self, name: &str) -> bool {
        self.first_names.contains_key(name.to_lowercase().as_str())
    }

    /// The ISO code of the country a name, demonym, capital, state or government seat belongs to.
    pub fn country_of(&self, phrase: &str) -> Option<[u8; 2]> {
        self.lookup(phrase).and_then(|i| i.country)
    }

    /// The preferred English name of a country code (`RU` → `Russia`).
    pub fn country_name(&self, code: [u8; 2]) -> Option<&str> {
        self.country_names.get(&code).map(|s| &**s)
    }
}

/// The lexicon, built on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::build)
}

/// Word classes: for each word (case-sensitive), its class path at four granularities
/// (32 / 256 / 2,048 classes, and the 20,000 vector rows), from `scripts/derive_word_classes.py`.
///
/// The table is the decompressed TSV, sorted by word (byte order); lookups binary-search the
/// line starts, so loading is one decompression and one scan, without hashing 684,000 words.
pub struct WordClasses {
    text: String,
    line_starts: Vec<u32>,
}

const WORD_CLASSES_ZST: &[u8] = include_bytes!("../data/word_classes.tsv.zst");

impl WordClasses {
    fn build() -> WordClasses {
        let bytes = zstd::decode_all(WORD_CLASSES_ZST).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        let mut line_starts = Vec::with_capacity(700_000);
        let mut start = 0;
        for end in memchr_newlines(text.as_bytes()) {
            if end > start {
                line_starts.push(start as u32);
            }
            start = end + 1;
        }
        if start < text.len() {
            line_starts.push(start as u32);
        }
        WordClasses { text, line_starts }
    }

    fn line(&self, idx: usize) -> &str {
        let start = self.line_starts[idx] as usize;
        let rest = &self.text[start..];
        rest.split('\n').next().unwrap_or("")
    }

    /// The class path of a word.
    pub fn get(&self, word: &str) -> Option<[u16; 4]> {
        let idx = self
            .line_starts
            .binary_search_by(|&start| {
                let rest = &self.text.as_bytes()[start as usize..];
                let key_end = rest.iter().position(|&b| b == b'\t').unwrap_or(rest.len());
                rest[..key_end].cmp(word.as_bytes())
            })
            .ok()?;
        let (_, path) = self.line(idx).split_once('\t')?;
        let mut levels = [0u16; 4];
        let mut level = 0;
        for b in path.bytes() {
            match b {
                b'/' => level += 1,
                b'0'..=b'9' if level < 4 => levels[level] = levels[level].wrapping_mul(10).wrapping_add(u16::from(b - b'0')),
                _ => {}
            }
        }
        // Level values are unique within their parent; make them unique overall.
        levels[1] += levels[0] * 8;
        levels[2] += levels[1] * 8;
        Some(levels)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.line_starts.len()
    }

    /// True when no classes were loaded.
    pub fn is_empty(&self) -> bool {
        self.line_starts.is_empty()
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i)
}

/// The class path of a word through a per-thread cache: the table is binary-searched once per
/// word and thread (the cache starts afresh past 200,000 words).
pub fn word_class(word: &str) -> Option<[u16; 4]> {
    use std::cell::RefCell;
    thread_local! {
        static CACHE: RefCell<HashMap<Box<str>, Option<[u16; 4]>>> = RefCell::new(HashMap::default());
    }
    CACHE.with_borrow_mut(|cache| {
        if let Some(found) = cache.get(word) {
            return *found;
        }
        if cache.len() > 200_000 {
            cache.clear();
        }
        let found = word_classes().get(word);
        cache.insert(word.into(), found);
        found
    })
}

/// A word as the attribution features see it, and the form whose word classes a word without
/// its own takes: lower case, digits as `0`, typographic quotes, apostrophes and dashes as their
/// ASCII forms, and the ASCII quote pairs `''` and ``` `` ``` as `"`. (The NER features keep case
/// and have their own `ner::features::normalize`; changing either means retraining its model.)
pub fn normalize_word(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if word == "''" || word == "``" {
        return Cow::Borrowed("\"");
    }
    // Most tokens are ASCII: lower-cased and digits folded byte by byte, without the per-char
    // case tables (the same result); most are already lower case, and are borrowed.
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Cow::Borrowed(word);
        }
        return Cow::Owned(word.bytes().map(|b| if b.is_ascii_digit() { '0' } else { char::from(b.to_ascii_lowercase()) }).collect());
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                '“' | '”' | '„' | '«' | '»' | '‟' => '"',
                '‘' | '’' | 'ʼ' => '\'',
                '–' | '—' => '-',
                '0'..='9' => '0',
                _ => c,
            })
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

/// The word classes, loaded on first use.
pub fn word_classes() -> &'static WordClasses {
    static CLASSES: OnceLock<WordClasses> = OnceLock::new();
    CLASSES.get_or_init(WordClasses::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_cities_demonyms_titles() {
        let lex = lexicon();
        assert!(lex.lookup("Ukraine").unwrap().cats & cat::COUNTRY != 0);
        assert!(lex.lookup("Saudi Arabia").unwrap().cats & cat::COUNTRY != 0);
        assert!(lex.lookup("Kyiv").unwrap().cats & cat::CAPITAL != 0);
        assert!(lex.lookup("U.S.").unwrap().cats & cat::COUNTRY != 0);
        assert!(lex.lookup("Russians").unwrap().cats & cat::DEMONYM != 0);
        assert!(lex.lookup("Republicans").unwrap().cats & cat::GROUP != 0);
        assert!(lex.lookup("Secretary of Defense").unwrap().cats & cat::TITLE != 0);
        assert_eq!(lex.lookup("NATO").unwrap().canonical.as_deref(), Some("North Atlantic Treaty Organization"));
        assert_eq!(lex.country_name(*b"RU"), Some("Russia"));
        assert_eq!(lex.country_name(*b"US"), Some("United States"));
        assert_eq!(lex.first_name_gender("Donald"), Some(Gender::Male));
        assert_eq!(lex.first_name_gender("Hillary"), Some(Gender::Female));
    }

    #[test]
    fn longest_and_nested_matches() {
        let lex = lexicon();
        let words = ["in", "saudi", "arabia", "and", "the", "north", "atlantic", "treaty", "organization"];
        let found: Vec<(usize, usize)> = lex.matches(&words).iter().map(|m| (m.start, m.end)).collect();
        assert!(found.contains(&(1, 3)), "{found:?}");
        assert!(found.contains(&(5, 9)), "{found:?}");
    }

    #[test]
    fn word_classes_load() {
        let wc = word_classes();
        assert!(wc.len() > 500_000);
        assert!(wc.get("Moscow").is_some());
        assert_ne!(wc.get("Moscow"), wc.get("said"));
    }
}
