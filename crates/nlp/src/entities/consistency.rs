//! One name, one type, one entity within an article (spaCy#3952, #5529): names get the type most
//! of their occurrences got; names the tagger tagged somewhere are found where it missed them;
//! hyphenated compounds of known names are split; and the gazetteers add countries, capitals,
//! states and demonyms the tagger missed; a person's title tagged with the name as an organisation
//! (`Senator Collins`) becomes the title of a person.

use super::{Ctx, Name};
use crate::lexicon::{cat, lexicon};
use herald_core::{EntityType, Span};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The names of the article after the consistency rules, in text order.
pub fn names(ctx: &Ctx) -> Vec<Name> {
    let doc = ctx.doc;
    let mut names: Vec<Name> = doc
        .names
        .iter()
        .map(|n| {
            let (first, last) = ctx.token_range(n.span);
            Name {
                span: n.span,
                first,
                last,
                kind: n.kind,
                confidence: n.provenance.confidence.unwrap_or(1.0),
                stage: n.provenance.stage,
                rule: n.provenance.rule.clone(),
            }
        })
        .collect();
    drop_function_words(ctx, &mut names);
    cut_at_headline_verbs(ctx, &mut names);
    clean_person_names(ctx, &mut names);
    split_leading_titles(ctx, &mut names);
    split_compounds(ctx, &mut names);
    fix_seat_types(ctx, &mut names);
    vote_types(ctx, &mut names);
    add_missed(ctx, &mut names);
    include_honorifics(ctx, &mut names);
    names.sort_by_key(|n| (n.span.start, n.span.end));
    names
}

/// A capitalised function word at a sentence start (`If`, `While`) is not a name, whatever the
/// tagger thought.
fn drop_function_words(ctx: &Ctx, names: &mut Vec<Name>) {
    names.retain(|n| {
        if n.last - n.first != 1 {
            return true;
        }
        let lower = ctx.lower[n.first];
        !(crate::segment::is_sentence_starter(lower)
            || matches!(
                lower,
                "is" | "are" | "was" | "were" | "be" | "do" | "does" | "did" | "can" | "will" | "would" | "should" | "could"
            ))
    });
}

/// Verbs that Title-Case headlines put after a name (`Lindsey Graham Says`, `Obama Seeks More
/// Muslim Refugees`): the tagger reads on through them.
const HEADLINE_VERBS: &[&str] = &[
    "says",
    "said",
    "urges",
    "seeks",
    "warns",
    "calls",
    "tells",
    "slams",
    "rejects",
    "wants",
    "blasts",
    "vows",
    "denies",
    "claims",
    "admits",
    "asks",
    "defends",
    "accuses",
    "praises",
    "backs",
    "endorses",
    "rips",
    "mocks",
    "attacks",
    "pushes",
    "touts",
    "explains",
    "signs",
    "sues",
    "threatens",
    "demands",
    "announces",
    "insists",
    "argues",
    "predicts",
    "responds",
    "fires",
    "hits",
    "knocks",
    "questions",
    "dismisses",
    "doubles",
    "agrees",
    "plans",
    "promises",
    "pledges",
];

/// A name that runs on into a headline's verb (`Lindsey Graham Says`, `Obama Seeks More Muslim
/// Refugees As He Recognizes …`) ends before the verb.
fn cut_at_headline_verbs(ctx: &Ctx, names: &mut [Name]) {
    let tokens = &ctx.doc.tokens;
    for n in names.iter_mut() {
        if n.last - n.first < 2 {
            continue;
        }
        let cut = (n.first + 1..n.last).find(|&t| {
            let word = ctx.doc.token_text(t);
            word.chars().next().is_some_and(char::is_uppercase) && HEADLINE_VERBS.contains(&ctx.lower[t])
        });
        if let Some(cut) = cut {
            n.last = cut;
            n.span = Span::new(n.span.start as usize, tokens[cut - 1].span.end as usize);
        }
    }
}

/// Prepositions and conjunctions a Title-Case headline capitalises (`Between Clinton and …`).
const CLOSED_CLASS: &[&str] = &[
    "between", "among", "against", "with", "without", "for", "from", "to", "of", "on", "in", "at", "by", "about", "over", "under", "vs",
    "vs.", "versus", "than", "and", "or", "but", "nor", "into", "onto", "upon", "toward", "towards", "amid",
];

/// Titles that alone name nobody (`Mr.` tagged without its name).
const LONE_TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "prof", "rev", "sir", "madam", "mister"];

/// Person names as the tagger's slips leave them: a lone title (`Mr.`) is no name; a function word
/// that opens a sentence is not part of the name after it (`Despite Santilli`); a name that ends
/// with a body's word or opens with `Team` is an organisation (`Clinton Foundation`, `Team
/// Clinton`).
fn clean_person_names(ctx: &Ctx, names: &mut Vec<Name>) {
    let tokens = &ctx.doc.tokens;
    names.retain(|n| {
        n.kind != EntityType::Person
            || (n.first..n.last).any(|t| {
                let w = ctx.lower[t].trim_end_matches('.');
                !LONE_TITLES.contains(&w) && ctx.lower[t] != "."
            })
    });
    // Words the article also writes in lower case are common words, not names (`Claim Clinton`,
    // `Clinton Ally` in a Title-Case headline); a first name is a name whatever else it is
    // (`Bill`).
    let lower_words: HashSet<&str> =
        (0..tokens.len()).filter(|&t| ctx.doc.token_text(t).chars().next().is_some_and(char::is_lowercase)).map(|t| ctx.lower[t]).collect();
    let lex = lexicon();
    let common = |t: usize| {
        let w = ctx.lower[t];
        !lex.is_first_name(w) && (lower_words.contains(w) || lex.lookup(w).is_some_and(|i| i.cats & (cat::DEMONYM | cat::GROUP) != 0))
    };
    let headline = |n: &Name| ctx.doc.sentence_at(n.span.start as usize).is_some_and(|i| ctx.doc.sentences[i].paragraph == 0);
    for n in names.iter_mut().filter(|n| n.kind == EntityType::Person) {
        while n.last - n.first >= 2
            && ((crate::segment::is_sentence_starter(ctx.lower[n.first]) && ctx.lower[n.first] != "a")
                || CLOSED_CLASS.contains(&ctx.lower[n.first])
                || common(n.first))
        {
            n.first += 1;
            n.span = Span::new(tokens[n.first].span.start as usize, n.span.end as usize);
        }
        while n.last - n.first >= 2 && headline(n) && common(n.last - 1) {
            n.last -= 1;
            n.span = Span::new(n.span.start as usize, tokens[n.last - 1].span.end as usize);
        }
        if n.last - n.first >= 2 && (BODY_WORDS.contains(&ctx.lower[n.last - 1]) || ctx.lower[n.first] == "team") {
            n.kind = EntityType::Org;
        }
    }
}

/// Words that end the names of bodies, not of people (`King Abdullah University`).
const BODY_WORDS: &[&str] = &[
    "university",
    "council",
    "committee",
    "party",
    "foundation",
    "institute",
    "center",
    "centre",
    "office",
    "department",
    "ministry",
    "administration",
    "commission",
    "court",
    "house",
    "senate",
    "fund",
    "bank",
    "association",
    "hospital",
    "school",
    "college",
    "airport",
    "street",
    "church",
    "group",
    "agency",
    "board",
    "club",
    "company",
    "corporation",
];

/// `Senator Collins` tagged as an organisation at the start of a sentence: a person's title
/// followed by capitalised words (not a body's name) is the title of the person those words name;
/// the name loses the title (which `roles` then finds before it) and is a person.
fn split_leading_titles(ctx: &Ctx, names: &mut [Name]) {
    // Names that open with a title and go on with capitalised words that are not a body's name.
    let candidates: Vec<(usize, usize)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind != EntityType::Person && n.last - n.first >= 2 && n.span.start == ctx.doc.tokens[n.first].span.start)
        .filter_map(|(i, n)| {
            let title_end = lexicon()
                .matches(&ctx.lower[n.first..n.last])
                .into_iter()
                .filter(|m| m.start == 0 && m.info.cats & cat::TITLE != 0)
                .map(|m| n.first + m.end)
                .max()?;
            let rest = title_end..n.last;
            // Ranks that are also adjectives (`In A Major Way` in a headline) do not count alone.
            let adjective = title_end == n.first + 1 && matches!(ctx.lower[n.first], "major" | "general" | "chief" | "private" | "first");
            let body = adjective
                || rest.is_empty()
                || rest.len() > 3
                || !rest.clone().all(|t| capitalized(ctx.words[t]))
                || rest.clone().any(|t| BODY_WORDS.contains(&ctx.lower[t]))
                || lexicon().lookup(&ctx.lower[rest].join(" ")).is_some_and(|i| i.cats & !(cat::FIRST_NAME | cat::SURNAME) != 0);
            (!body).then_some((i, title_end))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    // The words after the title must name a person: one the article names elsewhere, or a
    // known first name or surname (not `General Assembly`, `Queen City`).
    let persons = person_words(ctx, names);
    let names_person = |t: usize| {
        persons.contains_key(ctx.words[t]) || lexicon().lookup(ctx.lower[t]).is_some_and(|i| i.cats & (cat::FIRST_NAME | cat::SURNAME) != 0)
    };
    for (i, title_end) in candidates {
        let n = &mut names[i];
        if !names_person(n.last - 1) {
            continue;
        }
        n.first = title_end;
        n.span = Span::new(ctx.doc.tokens[title_end].span.start as usize, n.span.end as usize);
        n.kind = EntityType::Person;
        n.rule = Cow::Owned(format!("{}+title_split", n.rule));
    }
}

/// `Mrs. Clinton`, `Mr. Trump`: the honorific is part of how the person is named (an alias), so
/// the mention includes it.
fn include_honorifics(ctx: &Ctx, names: &mut [Name]) {
    for n in names.iter_mut().filter(|n| n.kind == EntityType::Person) {
        if n.first == 0 || n.span.start != ctx.doc.tokens[n.first].span.start {
            continue;
        }
        let prev = n.first - 1;
        if matches!(ctx.words[prev], "Mr." | "Mrs." | "Ms." | "Miss" | "Dr." | "Mr" | "Mrs" | "Ms" | "Dr")
            && ctx.sentence_of[prev] == ctx.sentence_of[n.first]
        {
            n.first = prev;
            n.span = Span::new(ctx.doc.tokens[prev].span.start as usize, n.span.end as usize);
        }
    }
}

/// Single-token person names known in the article (surnames and one-word names).
fn person_words(ctx: &Ctx, names: &[Name]) -> HashMap<String, f32> {
    let mut out = HashMap::new();
    for n in names.iter().filter(|n| n.kind == EntityType::Person) {
        let last = n.span.text(&ctx.doc.text).split_whitespace().last().unwrap_or("").to_string();
        let conf = out.entry(last).or_insert(0f32);
        *conf = conf.max(n.confidence);
    }
    out
}

/// `Trump-Putin` (tagged MISC, or not at all) names two people known in the article.
fn split_compounds(ctx: &Ctx, names: &mut Vec<Name>) {
    let persons = person_words(ctx, names);
    let mut out = Vec::with_capacity(names.len());
    let mut split_tokens = Vec::new();
    for n in names.drain(..) {
        let text = n.span.text(&ctx.doc.text);
        if n.last - n.first == 1 && text.contains('-') && n.kind != EntityType::Person {
            let parts: Vec<&str> = text.split('-').collect();
            if parts.len() >= 2 && parts.iter().all(|p| persons.contains_key(*p)) {
                let mut offset = n.span.start as usize;
                for p in parts {
                    out.push(Name {
                        span: Span::new(offset, offset + p.len()),
                        first: n.first,
                        last: n.last,
                        kind: EntityType::Person,
                        confidence: persons[p],
                        stage: "entities",
                        rule: Cow::Borrowed("consistency.compound"),
                    });
                    offset += p.len() + 1;
                }
                split_tokens.push(n.first);
                continue;
            }
        }
        out.push(n);
    }
    *names = out;
}

/// Government seats from the lexicon (`Kremlin`, `White House`) are organisations whatever the
/// tagger said.
fn fix_seat_types(ctx: &Ctx, names: &mut [Name]) {
    for n in names.iter_mut() {
        if let Some(info) = lexicon().lookup(n.span.text(&ctx.doc.text))
            && info.cats & cat::ORG != 0
            && n.kind != EntityType::Org
        {
            n.kind = EntityType::Org;
            n.rule = Cow::Owned(format!("{}+lexicon.org", n.rule));
        }
    }
}

/// Every occurrence of a name gets the type with the most confidence over its occurrences; a
/// single word that is the surname of a person named in full is a person.
fn vote_types(ctx: &Ctx, names: &mut [Name]) {
    let mut votes: HashMap<String, [f32; 6]> = HashMap::new();
    for n in names.iter() {
        let key = n.span.text(&ctx.doc.text).to_string();
        votes.entry(key).or_insert([0.0; 6])[type_idx(n.kind)] += n.confidence;
    }
    // The last words of the persons named in full.
    let surnames: std::collections::HashSet<String> = names
        .iter()
        .filter(|n| n.kind == EntityType::Person && n.span.text(&ctx.doc.text).contains(' '))
        .filter_map(|n| n.span.text(&ctx.doc.text).rsplit(' ').next().map(str::to_string))
        .collect();
    for n in names.iter_mut() {
        let text = n.span.text(&ctx.doc.text);
        let is_surname = !text.contains(' ') && surnames.contains(text);
        let best = if is_surname {
            EntityType::Person
        } else {
            let v = &votes[text];
            EntityType::ALL[(0..6).max_by(|a, b| v[*a].total_cmp(&v[*b]).then(b.cmp(a))).unwrap_or(0)]
        };
        if best != n.kind {
            n.kind = best;
            n.rule = Cow::Owned(format!("{}+consistency.type", n.rule));
        }
    }
}

fn type_idx(kind: EntityType) -> usize {
    EntityType::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// Words that start with a capital only because they start a sentence must not become names.
fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Adds single-token names the tagger missed: words tagged as a name elsewhere in the article
/// (with that type), and countries, capitals, states, regions and demonyms from the gazetteers.
fn add_missed(ctx: &Ctx, names: &mut Vec<Name>) {
    let mut covered = vec![false; ctx.doc.tokens.len()];
    for n in names.iter() {
        for c in covered.iter_mut().take(n.last).skip(n.first) {
            *c = true;
        }
    }
    let mut known: HashMap<&str, (EntityType, f32)> = HashMap::new();
    for n in names.iter() {
        let text = n.span.text(&ctx.doc.text);
        if n.last - n.first == 1 && n.span == ctx.doc.tokens[n.first].span {
            let entry = known.entry(text).or_insert((n.kind, 0.0));
            if n.confidence > entry.1 {
                *entry = (n.kind, n.confidence);
            }
        }
    }
    // Surnames of people named in full count as known person words.
    let persons = person_words(ctx, names);
    let lex = lexicon();
    let mut added = Vec::new();
    let mut t = 0;
    while t < ctx.doc.tokens.len() {
        if covered[t] || !capitalized(ctx.words[t]) {
            t += 1;
            continue;
        }
        let word = ctx.words[t];
        let span = ctx.doc.tokens[t].span;
        // A capital at the start of a sentence may be just the sentence's capital.
        let sentence_initial =
            ctx.sentence_bounds(t).0 == t || matches!(ctx.words.get(t.wrapping_sub(1)).copied(), Some("“" | "\"" | "‘" | "(" | ":"));
        let found = if let Some(&(kind, conf)) = known.get(word).filter(|(_, c)| !sentence_initial || *c >= 0.9) {
            Some((kind, conf, "consistency.same_name"))
        } else if let Some(&conf) = persons.get(word).filter(|c| !sentence_initial || **c >= 0.9) {
            Some((EntityType::Person, conf, "consistency.surname"))
        } else {
            lex.lookup(word).and_then(|info| {
                let kind = if info.cats & cat::COUNTRY != 0 {
                    EntityType::Gpe
                } else if info.cats & cat::DEMONYM != 0 {
                    EntityType::Norp
                } else if sentence_initial {
                    return None;
                } else if info.cats & (cat::CAPITAL | cat::SUBDIVISION) != 0 {
                    EntityType::Gpe
                } else if info.cats & cat::REGION != 0 {
                    EntityType::Loc
                } else {
                    return None;
                };
                Some((kind, 0.6, "gazetteer"))
            })
        };
        if let Some((kind, confidence, rule)) = found {
            added.push(Name { span, first: t, last: t + 1, kind, confidence, stage: "entities", rule: Cow::Borrowed(rule) });
        }
        t += 1;
    }
    names.extend(added);
}
