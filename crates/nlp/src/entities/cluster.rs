//! Grouping names into entities within one article.
//!
//! - People: a full name opens an entity; a longer or shorter form of it joins it (`Donald
//!   Trump`, `Trump`, `Donald J. Trump`), but two full names that differ stay apart (`Donald
//!   Trump` and `Donald Trump Jr.`). A single word joins the person whose surname it is (the
//!   nearest one before it when several share it), else the one whose first name it is, if
//!   only one.
//! - Countries, capitals and demonyms: by country code (`US`, `U.S.`, `United States`).
//! - Organisations: by lexicon canonical name, by an acronym in brackets after the full name
//!   (`North Atlantic Treaty Organization (NATO)`), or by an acronym of a full name in the
//!   article; else by their text.
//! - Everything else: by text.

use super::{Ctx, Name};
use crate::lexicon::{cat, lexicon};
use herald_core::EntityType;
use std::collections::HashMap;

/// Name suffixes that make a different person (`Jr.`), not a longer form of the same one.
const GENERATIONAL: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// One entity: its names (indices into the names list) and its canonical name.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// Indices of its names, in text order.
    pub members: Vec<usize>,
    /// The canonical name.
    pub name: String,
    /// The type (the type of most of its names, by confidence).
    pub kind: EntityType,
    /// The country, for countries, capitals, demonyms and government seats.
    pub country: Option<[u8; 2]>,
}

fn person_tokens(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|w| !matches!(*w, "." | "," | "Mr." | "Mrs." | "Ms." | "Miss" | "Dr." | "Mr" | "Mrs" | "Ms" | "Dr"))
        .collect()
}

/// The surname: the last token that is not a generational suffix.
fn surname<'t>(tokens: &[&'t str]) -> Option<&'t str> {
    tokens.iter().rev().find(|t| !GENERATIONAL.contains(t)).copied()
}

/// True when two forms of a person's name can be the same person.
fn same_person(a: &[&str], b: &[&str]) -> bool {
    if a == b {
        return true;
    }
    let gen_a: Vec<&&str> = a.iter().filter(|t| GENERATIONAL.contains(t)).collect();
    let gen_b: Vec<&&str> = b.iter().filter(|t| GENERATIONAL.contains(t)).collect();
    if gen_a != gen_b {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 2 {
        return false;
    }
    // `Trump Jr.` is a short form of `Donald Trump Jr.`.
    if !gen_a.is_empty() && short.len() == 2 && long.ends_with(short) {
        return true;
    }
    // First and last names agree (middle names or initials may differ).
    short.first() == long.first() && surname(short) == surname(long)
}

fn initials(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "the" | "and" | "for" | "on" | "&"))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// The gender an honorific gives (`Mr.` male; `Mrs.`, `Ms.`, `Miss` female).
fn honorific_gender(text: &str) -> Option<herald_core::Gender> {
    match text.split_whitespace().next()? {
        "Mr." | "Mr" => Some(herald_core::Gender::Male),
        "Mrs." | "Mrs" | "Ms." | "Ms" | "Miss" => Some(herald_core::Gender::Female),
        _ => None,
    }
}

/// Groups names into entities; clusters are in order of their first name.
pub fn cluster(ctx: &Ctx, names: &[Name]) -> Vec<Cluster> {
    let text = |i: usize| names[i].span.text(&ctx.doc.text);
    let lex = lexicon();
    let mut cluster_of: Vec<Option<usize>> = vec![None; names.len()];
    let mut clusters: Vec<Cluster> = Vec::new();
    let new_cluster = |clusters: &mut Vec<Cluster>, i: usize, name: String, kind: EntityType, country: Option<[u8; 2]>| {
        clusters.push(Cluster { members: vec![i], name, kind, country });
        clusters.len() - 1
    };

    // People with two or more name tokens first: longest first, so short forms find them.
    let mut persons: Vec<usize> = (0..names.len()).filter(|&i| names[i].kind == EntityType::Person).collect();
    persons.sort_by_key(|&i| (std::cmp::Reverse(person_tokens(text(i)).len()), i));
    // The person clusters by surname: two forms of one name share it, so a name is compared
    // with the people of its surname only, not with every person of the article.
    let mut people_by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &persons {
        let tokens = person_tokens(text(i));
        if tokens.len() < 2 {
            continue;
        }
        let key = surname(&tokens).unwrap_or("").to_string();
        let found = people_by_surname
            .get(&key)
            .and_then(|cs| cs.iter().copied().find(|&c| same_person(&person_tokens(&clusters[c].name), &tokens)));
        match found {
            Some(c) => {
                clusters[c].members.push(i);
                cluster_of[i] = Some(c);
            }
            None => {
                let c = new_cluster(&mut clusters, i, text(i).to_string(), EntityType::Person, None);
                people_by_surname.entry(key).or_default().push(c);
                cluster_of[i] = Some(c);
            }
        }
    }
    // The same clusters by first name, for a single word that is one.
    let mut people_by_first: HashMap<String, Vec<usize>> = HashMap::new();
    for (c, cluster) in clusters.iter().enumerate() {
        let tokens = person_tokens(&cluster.name);
        if let Some(first) = tokens.first() {
            people_by_first.entry(first.to_string()).or_default().push(c);
        }
    }
    // Single words that are a person's name of their own (no fuller form in the article).
    let mut lone_people: HashMap<String, usize> = HashMap::new();
    // Single-word person names.
    let singles: Vec<usize> = (0..names.len()).filter(|&i| names[i].kind == EntityType::Person && cluster_of[i].is_none()).collect();
    for i in singles {
        let word_tokens = person_tokens(text(i));
        let word = word_tokens.first().copied().unwrap_or(text(i).trim());
        let mut by_surname: Vec<usize> = people_by_surname
            .get(word)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&c| clusters[c].kind == EntityType::Person && person_tokens(&clusters[c].name).len() > 1)
            .collect();
        // A bare surname is the senior's (`Trump` is not `Donald Trump Jr.`) when both are named.
        let without_suffix: Vec<usize> =
            by_surname.iter().copied().filter(|&c| !person_tokens(&clusters[c].name).iter().any(|t| GENERATIONAL.contains(t))).collect();
        if !without_suffix.is_empty() {
            by_surname = without_suffix;
        }
        // `Mr. Clinton` is not Hillary Clinton: honorific and first-name genders must agree.
        let mention_gender = honorific_gender(text(i));
        let compatible = |c: usize| {
            let first = person_tokens(&clusters[c].name).first().copied().unwrap_or("");
            match (mention_gender, lex.first_name_gender(first)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
        };
        by_surname.retain(|&c| compatible(c));
        let candidates = if by_surname.is_empty() {
            people_by_first
                .get(word)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&c| clusters[c].kind == EntityType::Person && person_tokens(&clusters[c].name).len() > 1)
                .collect::<Vec<_>>()
        } else {
            by_surname.clone()
        };
        let chosen = match candidates.len() {
            0 => None,
            1 => Some(candidates[0]),
            // Several people share the word: the nearest one mentioned before, else the most
            // mentioned, and without a surname match only if unambiguous.
            _ if !by_surname.is_empty() => {
                let nearest = candidates
                    .iter()
                    .filter_map(|&c| clusters[c].members.iter().filter(|&&m| m < i).max().map(|&m| (m, c)))
                    .max()
                    .map(|(_, c)| c);
                nearest.or_else(|| candidates.iter().copied().max_by_key(|&c| (clusters[c].members.len(), std::cmp::Reverse(c))))
            }
            _ => None,
        };
        let c = match chosen.or_else(|| lone_people.get(word).copied()) {
            Some(c) => {
                clusters[c].members.push(i);
                c
            }
            None => {
                let name = text(i).trim().to_string();
                let c = new_cluster(&mut clusters, i, name.clone(), EntityType::Person, None);
                lone_people.entry(name).or_insert(c);
                c
            }
        };
        cluster_of[i] = Some(c);
    }

    // Everything else, in text order.
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // Organisations of several words by their last word, when it is an institution's head noun
    // (`European Commission` → `commission`): a later `the Commission` is the same one.
    let mut by_head: HashMap<String, Vec<usize>> = HashMap::new();
    for i in 0..names.len() {
        if cluster_of[i].is_some() {
            continue;
        }
        let kind = names[i].kind;
        let t = text(i);
        let info = lex.lookup(t);
        let country = info.and_then(|inf| {
            (inf.cats & (cat::COUNTRY | cat::DEMONYM) != 0 || (inf.cats & cat::ORG != 0 && inf.country.is_some()))
                .then_some(inf.country)
                .flatten()
        });
        let (key, canonical) = match kind {
            EntityType::Gpe if info.is_some_and(|inf| inf.cats & cat::COUNTRY != 0) && country.is_some() => {
                let code = country.expect("checked");
                (format!("gpe:{}{}", code[0] as char, code[1] as char), lex.country_name(code).unwrap_or(t).to_string())
            }
            EntityType::Org => {
                let canonical = info.and_then(|inf| inf.canonical.as_deref()).unwrap_or(t).to_string();
                // `Apple Inc.` and `Apple` are one company.
                (format!("org:{}", herald_core::without_legal_form(&canonical.to_lowercase())), canonical)
            }
            EntityType::Norp => {
                // `Russian` and `Russians` are one group.
                let base = t.strip_suffix('s').filter(|b| lex.lookup(b).is_some()).unwrap_or(t);
                (format!("norp:{}", base.to_lowercase()), base.to_string())
            }
            _ => (format!("{}:{}", kind.label(), t.to_lowercase()), t.to_string()),
        };
        let head_of = |name: &str| {
            let last = name.rsplit(' ').next().unwrap_or(name).to_lowercase();
            INSTITUTION_HEADS.contains(&last.as_str()).then_some(last)
        };
        let short_form = (kind == EntityType::Org && !t.contains(' '))
            .then(|| head_of(t))
            .flatten()
            .and_then(|head| by_head.get(&head))
            .filter(|earlier| earlier.len() == 1)
            .map(|earlier| earlier[0]);
        if kind == EntityType::Org
            && t.contains(' ')
            && !by_key.contains_key(&key)
            && let Some(head) = head_of(t)
        {
            by_head.entry(head).or_default().push(clusters.len());
        }
        let c = match by_key.get(&key).copied().or(short_form) {
            Some(c) => {
                clusters[c].members.push(i);
                c
            }
            None => {
                let c = new_cluster(
                    &mut clusters,
                    i,
                    canonical,
                    kind,
                    if kind == EntityType::Org { info.and_then(|inf| inf.country) } else { country },
                );
                by_key.insert(key, c);
                c
            }
        };
        cluster_of[i] = Some(c);
    }
    merge_acronyms(ctx, names, &mut clusters, &cluster_of);
    for c in clusters.iter_mut() {
        c.members.sort_unstable();
    }
    clusters.retain(|c| !c.members.is_empty());
    clusters.sort_by_key(|c| c.members[0]);
    clusters
}

/// Head nouns of institutions' names that the names' short forms keep (`the Commission`, `the
/// Court`, `the Party`).
const INSTITUTION_HEADS: &[&str] = &[
    "commission",
    "council",
    "court",
    "committee",
    "party",
    "department",
    "ministry",
    "agency",
    "bank",
    "parliament",
    "assembly",
    "board",
    "fund",
    "foundation",
    "administration",
    "campaign",
    "institute",
    "university",
    "union",
    "league",
    "alliance",
    "coalition",
    "authority",
    "bureau",
    "service",
    "tribunal",
];

/// Merges an organisation known by its acronym with its full name: `Full Name (ACR)` in the
/// text, or an acronym equal to the initials of a full name in the article.
fn merge_acronyms(ctx: &Ctx, names: &[Name], clusters: &mut [Cluster], cluster_of: &[Option<usize>]) {
    let text = |i: usize| names[i].span.text(&ctx.doc.text);
    let n = names.len();
    let mut merges: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        if names[i].kind != EntityType::Org || !text(i).contains(' ') {
            continue;
        }
        let full_initials = initials(text(i));
        for j in 0..n {
            if i == j || names[j].kind != EntityType::Org {
                continue;
            }
            let acr = text(j);
            let is_acronym = acr.len() >= 2 && acr.chars().all(|c| c.is_uppercase() || c == '.') && acr.replace('.', "") == full_initials;
            let bracketed = names[j].first == names[i].last + 1 && ctx.words.get(names[i].last) == Some(&"(");
            if (is_acronym || (bracketed && acr.chars().all(|c| c.is_uppercase())))
                && let (Some(a), Some(b)) = (cluster_of[i], cluster_of[j])
                && a != b
            {
                merges.push((a, b));
            }
        }
    }
    for (keep, drop) in merges {
        if clusters[drop].members.is_empty() || clusters[keep].members.is_empty() {
            continue;
        }
        let members = std::mem::take(&mut clusters[drop].members);
        clusters[keep].members.extend(members);
        // The full name is the canonical one.
        if clusters[drop].name.len() > clusters[keep].name.len() {
            clusters[keep].name = clusters[drop].name.clone();
        }
    }
}
