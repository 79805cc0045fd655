//! Building the entity layer: mentions of each cluster, roles, and the references the tagger does
//! not see:
//!
//! - personal pronouns (`he`, `his`, `she`, `her`) resolve to the most salient person of a
//!   compatible gender; salience grows with each mention, more for a sentence's first mention
//!   (usually its subject), and halves with each sentence;
//! - role nouns (`the president`, `the Republican head of state`) resolve to the most salient
//!   person holding a role of that kind in the article;
//! - a capital used as the subject of a statement (`Moscow said`), or after `according to`, and
//!   a government seat (`the Kremlin`), stand for their country's government.

use super::cluster::Cluster;
use super::roles::FoundRole;
use super::{Ctx, Name};
use crate::lexicon::{cat, lexicon};
use herald_core::{Entity, EntityType, Gender, Mention, MentionKind, Provenance, Role, Span};

/// Verbs that make a capital before them stand for a government (`Moscow said`).
const STATEMENT_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "announced",
    "announces",
    "insisted",
    "insists",
    "warned",
    "warns",
    "denied",
    "denies",
    "claimed",
    "claims",
    "stated",
    "states",
    "responded",
    "rejected",
    "rejects",
    "declared",
    "declares",
    "views",
    "viewed",
    "believes",
    "wants",
    "accused",
    "accuses",
    "urged",
    "urges",
    "called",
    "calls",
    "demanded",
    "demands",
    "signaled",
    "signalled",
    "added",
    "noted",
    "stressed",
    "confirmed",
    "confirms",
    "reported",
    "argued",
    "argues",
    "told",
    "tells",
    "threatened",
    "threatens",
    "pledged",
    "promised",
    "hopes",
    "expects",
    "considers",
    "refused",
    "refuses",
    "condemned",
    "condemns",
    "welcomed",
    "welcomes",
    "criticized",
    "criticised",
    "sees",
    "saw",
    "asked",
    "asks",
    "agreed",
    "agrees",
];

/// Words that may stand between a subject and its verb (`Moscow has said`, `Moscow also said`).
const AUXILIARIES: &[&str] =
    &["has", "had", "have", "also", "again", "later", "quickly", "has also", "would", "will", "did", "does", "then"];

fn pronoun_gender(lower: &str) -> Option<Gender> {
    match lower {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

fn gender_compatible(entity: Option<Gender>, pronoun: Gender) -> bool {
    entity.is_none_or(|g| g == pronoun)
}

/// A role noun phrase found in the text (`the Republican head of state`).
struct Nominal {
    span: Span,
    first: usize,
    /// The title words, lower-cased (`head of state`).
    head: String,
    class: Option<String>,
}

/// `covered` marks tokens inside any name, `person` tokens inside a person's name.
fn find_nominals(ctx: &Ctx, covered: &[bool], person: &[bool]) -> Vec<Nominal> {
    let mut out = Vec::new();
    for sentence in &ctx.doc.sentences {
        let (ss, se) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
        // Role nouns matter only shortly after `the`.
        let near_the = |i: usize| (1..=3).any(|d| ss + i >= d && ss + i - d >= ss && ctx.lower[ss + i - d] == "the");
        let matches = lexicon().matches_where(&ctx.lower[ss..se], near_the);
        for t in ss..se {
            if ctx.lower[t] != "the" {
                continue;
            }
            // the [up to two modifiers] TITLE, not followed by a name (that is a title before a
            // name) and not plural.
            for skip in 0..=2 {
                let start = t + 1 + skip;
                if start >= se || (t + 1..start).any(|m| !ctx.words[m].chars().all(char::is_alphabetic) || person[m]) {
                    break;
                }
                let Some(m) =
                    matches.iter().filter(|m| m.start + ss == start && m.info.cats & cat::TITLE != 0).max_by_key(|m| m.end - m.start)
                else {
                    continue;
                };
                let end = m.end + ss;
                let class = m.info.class.as_deref();
                if class == Some("honorific") {
                    break;
                }
                let next = ctx.words.get(end).copied().unwrap_or("");
                let followed_by_name = end < se && next.chars().next().is_some_and(char::is_uppercase) && covered[end];
                // `the minister, Andrii Sybiha,`: the name in apposition says who it is; the
                // most salient minister so far is not.
                let apposed_name = next == "," && end + 1 < se && person[end + 1];
                if followed_by_name || apposed_name {
                    break;
                }
                out.push(Nominal {
                    span: Span::new(ctx.doc.tokens[t].span.start as usize, ctx.doc.tokens[end - 1].span.end as usize),
                    first: t,
                    head: ctx.lower[start..end].join(" "),
                    class: class.map(str::to_string),
                });
                break;
            }
        }
    }
    out
}

/// Builds the entities of the article.
pub fn build_entities(ctx: &Ctx, names: &[Name], roles: &[FoundRole], clusters: Vec<Cluster>) -> Vec<Entity> {
    let lex = lexicon();
    let mut cluster_of_name = vec![usize::MAX; names.len()];
    for (c, cluster) in clusters.iter().enumerate() {
        for &m in &cluster.members {
            cluster_of_name[m] = c;
        }
    }
    let mut entities: Vec<Entity> = clusters
        .iter()
        .map(|c| Entity {
            // A name broken over two lines is still one name: `Democratic\nParty` is
            // `Democratic Party` (the mention keeps the text as written).
            name: if c.name.contains(|ch: char| ch.is_whitespace() && ch != ' ') || c.name.contains("  ") {
                c.name.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                c.name.clone()
            },
            kind: c.kind,
            mentions: c
                .members
                .iter()
                .map(|&m| Mention {
                    span: names[m].span,
                    kind: MentionKind::Name,
                    provenance: Provenance::scored(names[m].stage, names[m].rule.clone(), names[m].confidence),
                })
                .collect(),
            roles: Vec::new(),
            gender: None,
            stands_for: None,
            government_of: None,
        })
        .collect();
    // Roles, without repeats.
    for r in roles {
        let c = cluster_of_name[r.name_idx];
        if c == usize::MAX {
            continue;
        }
        let entity = &mut entities[c];
        if r.class.as_deref() == Some("honorific") {
            let title = r.title.as_deref().unwrap_or("");
            entity.gender = entity.gender.or(match title {
                "Mr." | "Mr" => Some(Gender::Male),
                "Mrs." | "Mrs" | "Ms." | "Ms" | "Miss" => Some(Gender::Female),
                _ => None,
            });
            continue;
        }
        let same = entity.roles.iter().any(|x| x.title == r.title && x.of == r.of);
        if !same {
            entity.roles.push(Role {
                title: r.title.clone(),
                of: r.of.clone(),
                span: r.span,
                provenance: Provenance::rule("entities", r.rule),
            });
        }
    }
    // A title without its country adds nothing when the same title is known with it.
    for e in entities.iter_mut() {
        let specific: Vec<Option<String>> = e.roles.iter().filter(|r| r.of.is_some()).map(|r| r.title.clone()).collect();
        e.roles.retain(|r| r.of.is_some() || r.title.is_none() || !specific.contains(&r.title));
    }
    // Gender from honorifics (`Mrs. Clinton`), then from first names.
    for e in entities.iter_mut().filter(|e| e.kind == EntityType::Person) {
        for m in &e.mentions {
            let text = m.span.text(&ctx.doc.text);
            if e.gender.is_none() {
                if text.starts_with("Mr.") || text.starts_with("Mr ") {
                    e.gender = Some(Gender::Male);
                } else if ["Mrs.", "Ms.", "Miss ", "Mrs ", "Ms "].iter().any(|h| text.starts_with(h)) {
                    e.gender = Some(Gender::Female);
                }
            }
        }
        if e.gender.is_none()
            && let Some(first) = e.name.split_whitespace().next()
            && e.name.contains(' ')
        {
            e.gender = lex.first_name_gender(first);
        }
    }
    resolve_references(ctx, names, &cluster_of_name, &clusters, &mut entities, roles);
    mark_governments(ctx, names, &cluster_of_name, &clusters, &mut entities);
    for e in entities.iter_mut() {
        e.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        e.roles.sort_by_key(|r| r.span.start);
    }
    entities
}

/// Pronouns and role nouns, in one left-to-right pass with salience.
fn resolve_references(
    ctx: &Ctx,
    names: &[Name],
    cluster_of_name: &[usize],
    clusters: &[Cluster],
    entities: &mut [Entity],
    roles: &[FoundRole],
) {
    let n_tokens = ctx.doc.tokens.len();
    let mut covered = vec![false; n_tokens];
    let mut person = vec![false; n_tokens];
    let mut name_at: Vec<Option<usize>> = vec![None; n_tokens];
    for (i, n) in names.iter().enumerate() {
        for t in n.first..n.last.min(n_tokens) {
            covered[t] = true;
            person[t] |= n.kind == EntityType::Person;
        }
        if n.first < n_tokens && name_at[n.first].is_none() {
            name_at[n.first] = Some(i);
        }
    }
    let nominals = find_nominals(ctx, &covered, &person);
    let quoted = inside_quotes(ctx);
    let mut nominal_at: Vec<Option<usize>> = vec![None; n_tokens];
    for (i, nom) in nominals.iter().enumerate() {
        nominal_at[nom.first] = Some(i);
    }
    // Role kinds each person holds: title words and classes.
    let mut role_words: Vec<Vec<String>> = vec![Vec::new(); entities.len()];
    for r in roles {
        let c = cluster_of_name[r.name_idx];
        if c == usize::MAX {
            continue;
        }
        if let Some(t) = &r.title {
            role_words[c].push(t.to_lowercase());
        }
        if let Some(class) = &r.class {
            role_words[c].push(format!("class:{class}"));
        }
    }
    let mut salience = vec![0f32; entities.len()];
    let mut new_mentions: Vec<(usize, Mention)> = Vec::new();
    let mut last_paragraph = u32::MAX;
    for sentence in &ctx.doc.sentences {
        for s in salience.iter_mut() {
            *s *= 0.5;
        }
        if sentence.paragraph != last_paragraph {
            for s in salience.iter_mut() {
                *s *= 0.7;
            }
            last_paragraph = sentence.paragraph;
        }
        let mut first_reference = true;
        let mut t = sentence.tokens.start as usize;
        let end = sentence.tokens.end as usize;
        while t < end {
            if let Some(i) = name_at[t] {
                let c = cluster_of_name[i];
                if c != usize::MAX && clusters[c].kind == EntityType::Person {
                    // Someone a speaker mentions inside a quotation is less salient than the
                    // people the narration is about.
                    salience[c] += if quoted[t] { 0.3 } else { 1.0 + if first_reference { 1.0 } else { 0.0 } };
                }
                if c != usize::MAX && !quoted[t] {
                    first_reference = false;
                }
                t = names[i].last.max(t + 1);
                continue;
            }
            if let Some(ni) = nominal_at[t] {
                let nom = &nominals[ni];
                let wanted_class = nom.class.as_ref().map(|c| format!("class:{c}"));
                let best = (0..entities.len())
                    .filter(|&c| clusters[c].kind == EntityType::Person && salience[c] > 0.1)
                    .filter(|&c| role_words[c].iter().any(|w| *w == nom.head || Some(w) == wanted_class.as_ref()))
                    .max_by(|&a, &b| salience[a].total_cmp(&salience[b]).then(b.cmp(&a)));
                if let Some(c) = best {
                    let total: f32 = (0..entities.len()).filter(|&x| clusters[x].kind == EntityType::Person).map(|x| salience[x]).sum();
                    let confidence = (salience[c] / total.max(1e-6)).clamp(0.0, 1.0);
                    new_mentions.push((
                        c,
                        Mention {
                            span: nom.span,
                            kind: MentionKind::Nominal,
                            provenance: Provenance::scored("entities", "nominal.role_salience", confidence),
                        },
                    ));
                    salience[c] += 1.0 + if first_reference { 1.0 } else { 0.0 };
                }
                first_reference = false;
                t += 1;
                continue;
            }
            // A third-person pronoun inside a quotation is about someone the speaker talks
            // about; the quote stage knows the speaker, this stage does not guess.
            if let Some(gender) = pronoun_gender(ctx.lower[t]).filter(|_| !quoted[t]) {
                let candidates: Vec<usize> = (0..entities.len())
                    .filter(|&c| {
                        clusters[c].kind == EntityType::Person && salience[c] > 0.2 && gender_compatible(entities[c].gender, gender)
                    })
                    .collect();
                let best = candidates.iter().copied().max_by(|&a, &b| salience[a].total_cmp(&salience[b]).then(b.cmp(&a)));
                if let Some(c) = best {
                    let total: f32 = candidates.iter().map(|&x| salience[x]).sum();
                    let confidence = (salience[c] / total.max(1e-6)).clamp(0.0, 1.0);
                    new_mentions.push((
                        c,
                        Mention {
                            span: ctx.doc.tokens[t].span,
                            kind: MentionKind::Pronoun,
                            provenance: Provenance::scored("entities", "pronoun.salience", confidence),
                        },
                    ));
                    salience[c] += 0.5 + if first_reference { 1.0 } else { 0.0 };
                    if entities[c].gender.is_none() {
                        entities[c].gender = Some(gender);
                    }
                }
                first_reference = false;
            }
            t += 1;
        }
    }
    for (c, m) in new_mentions {
        entities[c].mentions.push(m);
    }
}

/// Marks tokens between double quotation marks (curly quotes pair by direction, straight ones
/// alternate); a paragraph end closes any open quotation.
pub fn inside_quotes(ctx: &Ctx) -> Vec<bool> {
    let mut out = vec![false; ctx.doc.tokens.len()];
    for sentence_group in ctx.doc.sentences.chunk_by(|a, b| a.paragraph == b.paragraph) {
        let mut open = false;
        let start = sentence_group[0].tokens.start as usize;
        let end = sentence_group[sentence_group.len() - 1].tokens.end as usize;
        for (word, inside) in ctx.words[start..end].iter().zip(&mut out[start..end]) {
            match *word {
                "“" | "«" | "„" => open = true,
                "”" | "»" => open = false,
                "\"" => open = !open,
                _ => *inside = open,
            }
        }
    }
    out
}

/// Capitals used as the subject of a statement and government seats stand for their country.
fn mark_governments(ctx: &Ctx, names: &[Name], cluster_of_name: &[usize], clusters: &[Cluster], entities: &mut [Entity]) {
    let lex = lexicon();
    let country_entity = |code: [u8; 2]| {
        clusters.iter().position(|c| {
            c.kind == EntityType::Gpe && c.country == Some(code) && lex.lookup(&c.name).is_some_and(|i| i.cats & cat::COUNTRY != 0)
        })
    };
    for (i, n) in names.iter().enumerate() {
        let c = cluster_of_name[i];
        if c == usize::MAX {
            continue;
        }
        let text = n.span.text(&ctx.doc.text);
        let Some(info) = lex.lookup(text) else {
            continue;
        };
        let seat = info.cats & cat::ORG != 0 && info.class.as_deref() == Some("government");
        let capital = info.cats & cat::CAPITAL != 0 && n.kind == EntityType::Gpe;
        let Some(code) = info.country else { continue };
        let as_government = seat || (capital && used_as_actor(ctx, n));
        if !as_government {
            continue;
        }
        entities[c].government_of = lex.country_name(code).map(str::to_string);
        entities[c].stands_for = country_entity(code).filter(|&x| x != c).map(|x| x as u32);
    }
}

/// True when a place name acts: the subject of a statement verb, or after `according to`.
fn used_as_actor(ctx: &Ctx, n: &Name) -> bool {
    let mut t = n.last;
    let (_, se) = ctx.sentence_bounds(n.first);
    while t < se && AUXILIARIES.contains(&ctx.lower[t]) {
        t += 1;
    }
    let verb = t < se && STATEMENT_VERBS.contains(&ctx.lower[t]);
    let according = n.first >= 2 && ctx.lower[n.first - 2] == "according" && ctx.lower[n.first - 1] == "to";
    verb || according
}
