//! Who a source is: the entity a source span names (the head of its noun phrase, an apposed
//! name, the body its officials speak for), or why it names nobody (`a Democratic source`,
//! `lawyers for Ivana Trump`, an unresolved pronoun).

use super::features::Prepared;
use herald_core::{Entity, EntityType, MentionKind, Span, Speaker};

/// Whether the words between a head and a name make the name the head's (`the minister, | Andrii
/// Sybiha`, `Another, | a retired teacher named | Joan Ruiz`).
fn apposition(between: &str) -> bool {
    let between = between.trim();
    between == ","
        || between.strip_prefix(',').is_some_and(|rest| {
            let rest = rest.trim_end();
            rest.len() <= 48 && !rest.contains([',', ';', ':']) && (rest.ends_with(" named") || rest.ends_with(" called"))
        })
}

/// The entity a source span refers to: the entity with a mention inside it, people first, the
/// mention ending last (the head of `Top Republican donor Sheldon Adelson`).
fn resolve_source(entities: &[Entity], span: Span, text: &str) -> Option<u32> {
    // The possessor of a person is not the source (`his aide`, `Putin’s spokesman`); an
    // organisation or country is what its part speaks for (`Ukraine’s delegation`).
    let counts = |m: &herald_core::Mention, span: Span| !possessor_in(m.span, span, text);
    // `Joe Bateman, who traveled from Illinois,`: the head is before the first comma…
    let full = span;
    let span = match span.text(text).find(',') {
        Some(i) if i > 0 => Span::new(span.start as usize, span.start as usize + i),
        _ => span,
    };
    // …unless it names nobody and the name right after the comma does (`the minister, Andrii
    // Sybiha`; not `the delegation, led by … Andriy Yermak`).
    let apposed = || {
        entities.iter().position(|e| {
            e.kind == EntityType::Person
                && e.mentions.iter().any(|m| {
                    m.kind == MentionKind::Name
                        && m.span.start >= span.end
                        && m.span.end <= full.end
                        && apposition(&text[span.end as usize..m.span.start as usize])
                })
        })
    };
    // A country or organisation as the possessor of the head (`Ukraine's foreign minister, Andrii
    // Sybiha`) leaves the name after the comma the one who spoke.
    let possessive = |m: &herald_core::Mention| text[m.span.end as usize..].starts_with(['\'', '’']);
    let names_head = |e: &Entity, m: &herald_core::Mention| {
        m.kind == MentionKind::Name && span.overlaps(m.span) && counts(m, span) && (e.kind == EntityType::Person || !possessive(m))
    };
    if span != full
        && !entities.iter().any(|e| e.mentions.iter().any(|m| names_head(e, m)))
        && let Some(i) = apposed()
    {
        return Some(i as u32);
    }
    let mut best: Option<(bool, i64, u32)> = None;
    for (i, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            if span.overlaps(m.span) && counts(m, span) {
                // The longest part of the mention inside the source span wins.
                let key = (e.kind == EntityType::Person, i64::from(m.span.end) - i64::from(m.span.start.max(span.start)), i as u32);
                if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                    best = Some(key);
                }
            }
        }
    }
    best.map(|(_, _, i)| i)
}

/// Whether a mention is the possessor of a person in a longer source (`his | aide`, `Trump’s |
/// spokesman`): the source is the one possessed. (`Ukraine’s delegation` speaks for Ukraine.)
fn possessor_in(mention: Span, source: Span, text: &str) -> bool {
    if mention.end >= source.end || mention.start < source.start {
        return false;
    }
    let own = mention.text(text);
    let rest = &text[mention.end as usize..source.end as usize];
    let possessive = matches!(own.to_lowercase().as_str(), "his" | "her" | "their" | "its" | "our" | "my" | "your")
        || own.ends_with("'s")
        || own.ends_with("’s")
        || rest.starts_with("'s")
        || rest.starts_with("’s");
    let possessed = rest.trim_start_matches(['\'', '’', 's']).split_whitespace().next().unwrap_or("").to_lowercase();
    possessive && PEOPLE_NOUNS.contains(&possessed.trim_end_matches(|c: char| !c.is_alphabetic()))
}

/// Nouns for a person someone else has (`his aide`, `Putin’s spokesman`, `her lawyer`).
const PEOPLE_NOUNS: &[&str] = &[
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "lawyer",
    "lawyers",
    "attorney",
    "wife",
    "husband",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "friend",
    "friends",
    "assistant",
    "deputy",
    "secretary",
    "chief",
    "staff",
    "supporters",
    "supporter",
    "critics",
    "critic",
    "ally",
    "allies",
    "opponent",
    "opponents",
    "rival",
    "manager",
    "surrogate",
    "surrogates",
    "envoy",
    "representative",
];

pub(super) fn speaker_for(prep: &Prepared, span: Span) -> Speaker {
    let entities = &prep.doc.entities;
    match resolve_source(entities, span, &prep.doc.text) {
        Some(i) => {
            let e = &entities[i as usize];
            let voice = e.stands_for.or_else(|| official_of_country(prep, e, span));
            if voice.is_none()
                && let Some(reason) = unnamed_source(prep, e, span)
            {
                return Speaker { span, entity: None, unresolved: Some(reason.to_string()) };
            }
            Speaker { span, entity: Some(voice.unwrap_or(i)), unresolved: None }
        }
        None => {
            let text = span.text(&prep.doc.text).to_lowercase();
            let reason = if matches!(text.as_str(), "i" | "we" | "me" | "us") {
                "a first-person speaker the text does not name"
            } else if matches!(text.as_str(), "he" | "she" | "they" | "it" | "who") {
                "a pronoun no person in the article matches"
            } else {
                "the source is not a named person, organisation or place"
            };
            Speaker { span, entity: None, unresolved: Some(reason.to_string()) }
        }
    }
}

/// Nouns for those who speak for the body named before them (`Pentagon officials`, `the Trump
/// campaign`): the body is the speaker.
const BODY_VOICES: &[&str] = &[
    "campaign",
    "administration",
    "team",
    "staff",
    "office",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "representatives",
    "camp",
    "headquarters",
    "press",
    "communications",
    "aides",
    "leadership",
    "board",
    "management",
    "statement",
    "website",
    "account",
    "twitter",
    "release",
    "poll",
    "polls",
    "survey",
    "study",
    "report",
    "analysis",
    "data",
    "investigation",
    "audit",
    "review",
    "ruling",
    "editorial",
    "newspaper",
    "network",
    "chain",
];

/// Words that open a source naming members of a group without naming them (`One Republican`,
/// `Many Mexicans`, `A Democratic source`).
const QUANTIFIERS: &[&str] =
    &["one", "a", "an", "several", "some", "many", "two", "three", "four", "few", "most", "another", "other", "numerous", "various"];

/// Why a source that holds a name is nonetheless nobody the text names, or `None` when the name
/// is the source: a group's or place's name modifying the head (`a Democratic source`, `Several
/// former RT journalists`, `Recent polls in Pennsylvania`), a name after the head's preposition
/// (`lawyers for Ivana Trump`, `the vice chairman of the Columbia University department`), or a
/// quantified member of a group (`One Republican`, `Many Mexicans`). Those who speak for a body
/// (`Pentagon officials`, `the Trump campaign`) speak for it.
fn unnamed_source(prep: &Prepared, e: &Entity, span: Span) -> Option<&'static str> {
    let text = &prep.doc.text;
    let head_end = span.text(text).find(',').map_or(span.end, |i| span.start + i as u32);
    let mention = e.mentions.iter().find(|m| m.span.start >= span.start && m.span.end <= head_end)?;
    let lower_word = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-')
    };
    let voice = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        STATE_VOICES.contains(&w.as_str()) || BODY_VOICES.contains(&w.as_str())
    };
    let before: Vec<&str> = text[span.start as usize..mention.span.start as usize].split_whitespace().collect();
    // `lawyers for Ivana Trump`, `the vice chairman of the … department`: a head before a
    // preposition.
    if let Some(p) = before.iter().position(|w| matches!(*w, "for" | "of" | "at" | "from" | "in" | "with" | "on"))
        && p > 0
        && !before[..p].iter().any(|w| matches!(*w, "that" | "who" | "which"))
        && lower_word(before[p - 1])
        && !voice(before[p - 1])
        && !matches!(before[p - 1], "the" | "a" | "an")
    {
        return Some("an unnamed source: the text names only whom or what the source belongs to");
    }
    if e.kind == EntityType::Person {
        return None;
    }
    let after = text[mention.span.end as usize..head_end as usize].trim_start();
    let next = after.split_whitespace().next().unwrap_or("");
    // The word after the name is the head when the tagger reads it as a noun or adjective
    // (`source`, `former`), not a conjunction or adverb (`and the Gannett chain`, `this month`).
    let next_token = prep.doc.token_at_or_after(mention.span.end as usize);
    let head_like = next_token < prep.doc.tokens.len()
        && prep.doc.tokens[next_token].span.end <= head_end
        && matches!(prep.pos(next_token), crate::pos::tag::NOUN | crate::pos::tag::ADJ);
    if !after.starts_with(['\'', '’']) && head_like && lower_word(next) && !after.split_whitespace().any(voice) {
        return Some("an unnamed source: the name only describes it (`a Democratic source`)");
    }
    if e.kind == EntityType::Norp && next.is_empty() && before.first().is_some_and(|w| QUANTIFIERS.contains(&w.to_lowercase().as_str())) {
        return Some("an unnamed member of a group (`One Republican`)");
    }
    None
}

/// Words for those who speak for a state (`a senior Egyptian official`, `Russian diplomats`).
const STATE_VOICES: &[&str] = &[
    "official",
    "officials",
    "diplomat",
    "diplomats",
    "minister",
    "ministry",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "authorities",
    "government",
    "military",
    "army",
    "negotiator",
    "negotiators",
    "delegation",
    "envoy",
    "ambassador",
    "embassy",
    "leaders",
    "leadership",
    "president",
    "prime",
];

/// `A senior Egyptian official said`: a nationality before a word for those who speak for a
/// state stands for that state, when the article names it (a group such as `Egyptian
/// protesters` stays the nationality).
fn official_of_country(prep: &Prepared, e: &Entity, span: Span) -> Option<u32> {
    if e.kind != EntityType::Norp {
        return None;
    }
    let text = &prep.doc.text;
    let mention = e.mentions.iter().find(|m| m.span.start >= span.start && m.span.end <= span.end)?;
    let next = text[mention.span.end as usize..span.end as usize].split_whitespace().next()?.to_lowercase();
    if !STATE_VOICES.contains(&next.as_str()) {
        return None;
    }
    let lex = crate::lexicon::lexicon();
    let country = lex.country_name(lex.lookup(&mention.span.text(text).to_lowercase())?.country?)?;
    prep.doc.entities.iter().position(|c| c.kind == EntityType::Gpe && c.name == country).map(|i| i as u32)
}
