//! Who a source is: the entity a source span names (the head of its noun phrase, an apposed
//! name, the body its officials speak for), or why it names nobody (`a Democratic source`,
//! `lawyers for Ivana Trump`, an unresolved pronoun).

use super::features::Prepared;
use herald_core::{Entity, EntityType, MentionKind, Span, Speaker};
use std::collections::HashMap;

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
fn resolve_source(prep: &Prepared, span: Span) -> Option<u32> {
    let entities = &prep.doc.entities;
    let text = prep.doc.text.as_str();
    // The mentions that can overlap the source, in the order of the entities and their
    // mentions (ties go to the first).
    let mut found: Vec<(u32, u32)> = prep
        .mentions_from(span.start.saturating_sub(super::features::LONGEST_MENTION_BYTES), span.end)
        .iter()
        .filter(|m| m.span.end > span.start)
        .map(|m| (m.entity, m.index))
        .collect();
    found.sort_unstable();
    let near: Vec<(u32, &herald_core::Mention)> = found.into_iter().map(|(e, j)| (e, &entities[e as usize].mentions[j as usize])).collect();
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
        near.iter()
            .find(|(e, m)| {
                entities[*e as usize].kind == EntityType::Person
                    && m.kind == MentionKind::Name
                    && m.span.start >= span.end
                    && m.span.end <= full.end
                    && apposition(&text[span.end as usize..m.span.start as usize])
            })
            .map(|(e, _)| *e as usize)
    };
    // A country or organisation as the possessor of the head (`Ukraine's foreign minister, Andrii
    // Sybiha`) leaves the name after the comma the one who spoke.
    let possessive = |m: &herald_core::Mention| text[m.span.end as usize..].starts_with(['\'', '’']);
    let names_head = |e: &Entity, m: &herald_core::Mention| {
        m.kind == MentionKind::Name && span.overlaps(m.span) && counts(m, span) && (e.kind == EntityType::Person || !possessive(m))
    };
    if span != full
        && !near.iter().any(|(e, m)| names_head(&entities[*e as usize], m))
        && let Some(i) = apposed()
    {
        return Some(i as u32);
    }
    let mut best: Option<(bool, i64, u32)> = None;
    for &(i, m) in &near {
        let e = &entities[i as usize];
        if span.overlaps(m.span) && counts(m, span) {
            // The longest part of the mention inside the source span wins.
            let key = (e.kind == EntityType::Person, i64::from(m.span.end) - i64::from(m.span.start.max(span.start)), i);
            if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                best = Some(key);
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
    match resolve_source(prep, span) {
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

/// Whether a name mention only modifies or possesses what follows it (`a Clinton supporter`,
/// `Sanders’s supporters`): not someone a later pronoun goes back to.
fn modifier_mention(prep: &Prepared, m: Span) -> bool {
    let text = &prep.doc.text;
    if text[m.end as usize..].starts_with(['\'', '’']) {
        return true;
    }
    let next = prep.doc.token_at_or_after(m.end as usize);
    next < prep.doc.tokens.len()
        && prep.doc.tokens[next].span.start == m.end + 1
        && prep.doc.token_text(next).chars().next().is_some_and(char::is_lowercase)
        && matches!(prep.pos(next), crate::pos::tag::NOUN)
}

/// Whether a name is its sentence's subject as far as position tells: the first person named in
/// the sentence, with no verb before it (`Mr. Obama spoke of … Abraham Lincoln …`: Obama; `the
/// department was investigating his wife, … Hillary Clinton`: not Clinton).
fn sentence_subject(prep: &Prepared, person_names: &[Span], m: Span) -> bool {
    let doc = prep.doc;
    let Some(si) = doc.sentence_at(m.start as usize) else { return false };
    let first = doc.sentences[si].tokens.start as usize;
    let at = doc.token_at_or_after(m.start as usize);
    let from = person_names.partition_point(|o| o.start < doc.tokens[first].span.start);
    let person_before = person_names[from..].iter().take_while(|o| o.start < m.start).any(|o| o.end <= m.start);
    !person_before && !(first..at).any(|t| prep.is_finite_verb(t) || prep.pos(t) == crate::pos::tag::IN && doc.token_text(t) != "of")
}

/// Every person name mention of the document, by start.
fn person_name_spans(doc: &herald_core::Document) -> Vec<Span> {
    let mut spans: Vec<Span> = doc
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Person)
        .flat_map(|e| e.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(|m| m.span))
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans
}

/// The statements' contents as disjoint spans, by start: whether a span lies inside one is a
/// binary search.
fn content_cover(quotes: &[herald_core::Quote]) -> Vec<Span> {
    let mut spans: Vec<Span> = quotes.iter().flat_map(|q| q.content.iter().copied()).collect();
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// Whether a span lies inside the cover.
fn covered(cover: &[Span], s: Span) -> bool {
    let i = cover.partition_point(|c| c.start <= s.start);
    i > 0 && cover[i - 1].end >= s.end
}

/// Whether a title word and a description's head name the same office (`Rep.` and
/// `congressman`, `Sen.` and `senator`, `Justice` and `judge`).
fn same_office(title: &str, head: &str) -> bool {
    let title = title.trim_end_matches('.');
    fn class(w: &str) -> &str {
        match w {
            "rep" | "representative" | "congressman" | "congresswoman" | "lawmaker" => "house",
            "sen" | "senator" => "senate",
            "gov" | "governor" => "governor",
            "pres" | "president" => "president",
            "justice" | "judge" => "judge",
            "sec" | "secretary" => "secretary",
            "gen" | "general" => "general",
            other => other,
        }
    }
    class(title) == class(head) || (head == "lawmaker" && matches!(class(title), "house" | "senate"))
}

/// The last word of a definite description (`the prominent actress`, `The GOP presidential
/// nominee`, `the former secretary of state`), lower-cased, when the source is one.
fn description_head(source: &str) -> Option<String> {
    let rest = source.strip_prefix("the ").or_else(|| source.strip_prefix("The "))?;
    if rest.contains([',', '(']) || rest.split_whitespace().count() > 6 {
        return None;
    }
    let head = rest.split_whitespace().last()?.trim_matches(|c: char| !c.is_alphabetic());
    (head.chars().all(char::is_lowercase) && head.len() > 2).then(|| head.to_string())
}

/// The head noun of an indefinite description (`A New York judge`, `an aide`), or of a headline's
/// bare role noun (`Judge rejects …`, `Lawmaker urges …`): someone the story names further on.
fn introduced_head(source: &str, in_headline: bool) -> Option<String> {
    let rest = ["a ", "A ", "an ", "An "].iter().find_map(|a| source.strip_prefix(a));
    let rest = match rest {
        Some(rest) => rest,
        None if in_headline && !source.contains(' ') => source,
        None => return None,
    };
    if rest.contains([',', '(']) || rest.split_whitespace().count() > 5 {
        return None;
    }
    let head = rest.split_whitespace().last()?.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    (head.len() > 2 && ROLE_NOUNS.contains(&head.as_str())).then_some(head)
}

/// Nouns of office and occupation an introduced description is read for (`a judge`, `a
/// lawmaker`): words a later role or title of the person can match (see [`same_office`]).
const ROLE_NOUNS: &[&str] = &[
    "judge",
    "justice",
    "lawmaker",
    "senator",
    "congressman",
    "congresswoman",
    "representative",
    "governor",
    "mayor",
    "president",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "prosecutor",
    "attorney",
    "lawyer",
    "official",
    "ambassador",
    "general",
    "commissioner",
    "chairman",
    "chairwoman",
    "candidate",
    "nominee",
    "director",
    "chief",
    "sheriff",
];

/// How many names or statements back a description looks for whom it describes.
const LOOKBACK: usize = 2000;

/// How many paragraphs on an introduced description (`A New York judge has rejected …`) looks for
/// the person it introduces (`Judge Frank Nervo …`).
const INTRODUCED_REACH: usize = 3;

/// Speakers that follow the text, in text order. A `he` or `she` (also `his`/`her` before a noun
/// of speech) is the nearest person of its gender before it — a speaker of an earlier statement
/// or a name outside every statement's content — within the paragraph and the two before it; a
/// name inside a quotation or a reported clause is what was talked about and does not interrupt
/// the chain (`“I think Bernie would … back Clinton …,” she said` is the speaker before).
/// A definite description (`The actress said`, `the former secretary of state`) is the person
/// last named before it whose role has that word for its head. An indefinite one in the
/// headline or the lede (`A New York judge has rejected …`, a headline's `Judge rejects …`)
/// introduces someone: the first person named after it, within [`INTRODUCED_REACH`] paragraphs,
/// whose role has that head (`Judge Frank Nervo`).
pub(super) fn follow_speaker_chains(prep: &Prepared, quotes: &mut [herald_core::Quote]) {
    use herald_core::Gender;
    let doc = prep.doc;
    let text = &doc.text;
    let paragraph = |at: u32| doc.sentence_at(at as usize).map_or(0, |i| doc.sentences[i].paragraph);
    let cover = content_cover(quotes);
    let person_names = person_name_spans(doc);
    // Person name mentions outside every content, in text order.
    let mut every_name: Vec<(Span, u32)> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityType::Person)
        .flat_map(|(i, e)| e.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(move |m| (m.span, i as u32)))
        .collect();
    every_name.sort_by_key(|(s, _)| s.start);
    let all_names: Vec<(Span, u32)> =
        every_name.iter().copied().filter(|(s, _)| !covered(&cover, *s) && !modifier_mention(prep, *s)).collect();
    // Of those, the ones that are their sentence's subject: whom a pronoun goes back to.
    let names: Vec<(Span, u32)> = all_names.iter().copied().filter(|(s, _)| sentence_subject(prep, &person_names, *s)).collect();
    // Where each entity is named outside contents, by start.
    let mut named_at: HashMap<u32, Vec<u32>> = HashMap::new();
    for (s, e) in &all_names {
        named_at.entry(*e).or_default().push(s.start);
    }
    // Where each entity spoke in the statements seen so far, by start.
    let mut spoke_at: HashMap<u32, Vec<u32>> = HashMap::new();
    let record_speaker = |spoke_at: &mut HashMap<u32, Vec<u32>>, q: &herald_core::Quote| {
        if let Some(sp) = &q.speaker
            && let Some(e) = sp.entity
        {
            let starts = spoke_at.entry(e).or_default();
            let i = starts.partition_point(|&s| s <= sp.span.start);
            starts.insert(i, sp.span.start);
        }
    };
    for qi in 0..quotes.len() {
        if qi > 0 {
            record_speaker(&mut spoke_at, &quotes[qi - 1]);
        }
        let Some(sp) = quotes[qi].speaker.clone() else { continue };
        let source = sp.span.text(text);
        let gender = match source.to_lowercase().as_str() {
            "he" | "his" => Some(Gender::Male),
            "she" | "her" => Some(Gender::Female),
            _ => None,
        };
        let here = paragraph(sp.span.start);
        let introduced = if gender.is_none() && here <= 2 { introduced_head(source, here == 0) } else { None };
        let head = if gender.is_none() { description_head(source).or_else(|| introduced.clone()) } else { None };
        if gender.is_none() && head.is_none() {
            continue;
        }
        let fits =
            |e: u32| {
                let e = &doc.entities[e as usize];
                if e.kind != EntityType::Person {
                    return false;
                }
                match (&gender, &head) {
                    (Some(g), _) => e.gender.is_none_or(|eg| eg == *g),
                    // A role of the entity's, or the noun right before one of its names (`Oscar-winning
                    // actress Susan Sarandon`), has the description's head.
                    (None, Some(head)) => {
                        e.roles.iter().filter_map(|r| r.title.as_deref()).any(|t| {
                            let t = t.to_lowercase();
                            let last = t.split(" of ").next().and_then(|w| w.split_whitespace().last()).unwrap_or("");
                            same_office(last, head)
                        }) || e.mentions.iter().filter(|m| m.kind == MentionKind::Name).any(|m| {
                            text[..m.span.start as usize].split_whitespace().next_back().is_some_and(|w| w.eq_ignore_ascii_case(head))
                        })
                    }
                    _ => false,
                }
            };
        // A pronoun looks back over its paragraph and the two before it; a description over the
        // whole article before it (the president named once at the top is `the president` later).
        let near = |at: u32| head.is_some() || paragraph(at) + 2 >= here;
        // Candidates before the source: names outside contents, and earlier statements' speakers.
        // A pronoun goes back to a subject; a description to whoever was last named with its head,
        // inside a statement or not (`urged President Obama to …. This week, the president …`).
        let pool = if gender.is_some() { &names } else { &every_name };
        // Backwards from the source: a pronoun's search ends with its three paragraphs, a
        // description's after `LOOKBACK` candidates.
        let before = pool.partition_point(|(s, _)| s.start < sp.span.start);
        let from_names = pool[..before]
            .iter()
            .rev()
            .take(LOOKBACK)
            .take_while(|(s, _)| near(s.start))
            .find(|(s, e)| s.end <= sp.span.start && fits(*e))
            .map(|(s, e)| (s.start, *e));
        let from_speakers = quotes[..qi]
            .iter()
            .rev()
            .take(LOOKBACK)
            .filter_map(|q| q.speaker.as_ref())
            .filter_map(|s| s.entity.map(|e| (s.span.start, e)))
            .find(|(start, e)| *start < sp.span.start && near(*start) && fits(*e));
        // An introduced description names someone not met yet: the first fitting person after it.
        let introduced_later = introduced
            .as_ref()
            .and_then(|_| {
                every_name[every_name.partition_point(|(s, _)| s.start < sp.span.end)..]
                    .iter()
                    .take_while(|(s, _)| (paragraph(s.start) as usize) <= here as usize + INTRODUCED_REACH)
                    .take(LOOKBACK)
                    .find(|(_, e)| fits(*e))
            })
            .map(|(s, e)| (s.start, *e));
        let found =
            if introduced.is_some() { introduced_later } else { from_names.into_iter().chain(from_speakers).max_by_key(|(at, _)| *at) };
        let Some((at, entity)) = found else { continue };
        // The entity stage's reading stands when the text supports it at least as recently: a name
        // of it outside every content, or an earlier statement of it.
        if gender.is_some()
            && let Some(current) = sp.entity
        {
            let last_before = |starts: Option<&Vec<u32>>| {
                let starts = starts?;
                starts[..starts.partition_point(|&s| s < sp.span.start)].last().copied()
            };
            let named = last_before(named_at.get(&current));
            let spoke = last_before(spoke_at.get(&current));
            if named.max(spoke).is_some_and(|support| support >= at) {
                continue;
            }
        }
        let q = &mut quotes[qi];
        if q.speaker.as_ref().and_then(|s| s.entity) != Some(entity) {
            let sp = q.speaker.as_mut().expect("checked");
            sp.entity = Some(entity);
            sp.unresolved = None;
            q.no_speaker_reason = None;
            q.provenance.rule = format!("{}+speaker.chain", q.provenance.rule).into();
        }
    }
}

/// `Mr. Trump hardly clarified the matter, treating Mrs. Clinton's remark first as a compliment
/// -- ''That makes me smart''`: a possessive before a noun of speech (`Mrs. Clinton's remark
/// that …`) speaks only for that noun's own content, the words right after it (`that …`, `of …`,
/// `about …`, a colon or a quotation). A quotation the tagger hung on the possessive otherwise
/// belongs to the sentence's subject, the first person named in it with no verb before; with
/// none, to nobody the text names.
pub(super) fn confine_possessive_sources(prep: &Prepared, quotes: &mut [herald_core::Quote]) {
    let doc = prep.doc;
    let text = &doc.text;
    let mut person_names: Option<Vec<Span>> = None;
    for q in quotes.iter_mut() {
        let Some(sp) = &q.speaker else { continue };
        let source = sp.span.text(text);
        // A name's possessive (not `It’s`, `he's`) before a quotation: a tagger source is most
        // often right for reported speech, where the noun's content is the whole clause.
        let owner = source.trim_end_matches("'s").trim_end_matches("’s");
        if owner.len() == source.len()
            || !q.direct
            || source.split_whitespace().count() > 4
            || !owner.split_whitespace().last().is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            || matches!(owner.to_lowercase().as_str(), "it" | "he" | "she" | "that" | "there" | "who" | "what" | "here")
        {
            continue;
        }
        let Some(first) = q.content.first() else { continue };
        // Only a cue that is the possessed noun itself (`Mrs. Clinton's remark …`) is judged: a
        // cue further on has a subject of its own that the tagger's source may well be.
        let Some(cue) = q.cue else { continue };
        if !text.get(sp.span.end as usize..cue.start as usize).is_some_and(|between| between.trim().is_empty()) {
            continue;
        }
        let after = text.get(cue.end as usize..first.start as usize).unwrap_or("x").trim();
        let opening = text[first.start as usize..].trim_start().to_lowercase();
        // `Barrett’s dictum to his interns (…) was, “…”`: the noun's content after its copula.
        let after_copula = ["was,", "was:", "is,", "is:", "was", "is"].iter().any(|w| after.ends_with(w));
        let owns = after_copula
            || after.len() <= 2
                && (["that ", "of ", "about ", "on ", "to "].iter().any(|w| opening.starts_with(w))
                    || opening.starts_with(['"', '“', '\'', '‘', ':', '«', '`'])
                    || after.starts_with(':'));
        if owns {
            continue;
        }
        let person_names = person_names.get_or_insert_with(|| person_name_spans(doc));
        let subject = doc.sentence_at(sp.span.start as usize).and_then(|si| {
            let sentence = doc.sentences[si].span;
            doc.entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EntityType::Person)
                .flat_map(|(i, e)| e.mentions.iter().map(move |m| (i, m)))
                .filter(|(_, m)| m.kind == MentionKind::Name && sentence.contains(m.span) && m.span.end <= sp.span.start)
                .filter(|(_, m)| sentence_subject(prep, person_names, m.span) && !modifier_mention(prep, m.span))
                .min_by_key(|(_, m)| m.span.start)
                .map(|(i, m)| (i as u32, m.span))
        });
        match subject {
            Some((entity, span)) => {
                q.speaker = Some(Speaker { span, entity: Some(entity), unresolved: None });
                q.provenance.rule = format!("{}+speaker.subject", q.provenance.rule).into();
            }
            None => {
                q.speaker = None;
                q.no_speaker_reason = Some(
                    "a possessive before a noun of speech speaks only for that noun's content; the text names no other source".to_string(),
                );
            }
        }
    }
}
