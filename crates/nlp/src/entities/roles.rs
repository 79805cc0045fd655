//! Roles: the titles and affiliations the text gives a person, with their span.
//!
//! - before the name: `US President Donald Trump`, `Secretary of Defense Pete Hegseth`,
//!   `Russian Security Council Deputy Chairman Dmitry Medvedev`, `his Russian colleague President
//!   Vladimir Putin`, `former Senator X`;
//! - a possessive affiliation: `Ukraine's Volodymyr Zelensky` (no title);
//! - an appositive after the name: `Dmitry Medvedev, deputy chairman of Russia's Security
//!   Council,`, `Pete Hegseth, the defense secretary,`.
//!
//! A title that the tagger swallowed into a neighbouring name (`Security Council Deputy` +
//! `Chairman`) is cut out of that name.

use super::{Ctx, Name};
use crate::lexicon::{cat, lexicon};
use herald_core::{EntityType, Span};

/// A role found for a person name.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundRole {
    /// Index of the person name in the names list.
    pub name_idx: usize,
    /// The title, as written (`President`, `Secretary of Defense`).
    pub title: Option<String>,
    /// The class of the title (`head`, `minister`, ...), for matching role nouns later.
    pub class: Option<String>,
    /// The country or organisation (`United States`, `Russian Security Council`).
    pub of: Option<String>,
    /// The role phrase.
    pub span: Span,
    /// The rule that found it.
    pub rule: &'static str,
}

/// Words between a demonym and a title that say the person is that country's (`his Russian
/// colleague President Putin`).
const COUNTERPART_WORDS: &[&str] = &["colleague", "counterpart", "ally", "rival", "opposite", "number"];

/// Qualifiers kept in a role phrase but not in the title.
const QUALIFIERS: &[&str] = &["former", "acting", "then", "ex", "incoming", "outgoing", "interim", "late", "current", "newly", "elected"];

/// A title phrase in a sentence: tokens `[start, end)` and its class.
#[derive(Clone, Debug)]
struct TitleMatch {
    start: usize,
    end: usize,
    class: Option<String>,
}

fn title_matches(ctx: &Ctx, sent_start: usize, sent_end: usize) -> Vec<TitleMatch> {
    let lower = &ctx.lower[sent_start..sent_end];
    lexicon()
        .matches(lower)
        .into_iter()
        .filter(|m| m.info.cats & cat::TITLE != 0)
        .map(|m| TitleMatch { start: sent_start + m.start, end: sent_start + m.end, class: m.info.class.as_deref().map(str::to_string) })
        .collect()
}

/// What a name of a place, group or organisation contributes as the `of` of a role: countries
/// and demonyms by the country's name, anything else as written.
fn affiliation_name(ctx: &Ctx, name: &Name) -> String {
    let text = name.span.text(&ctx.doc.text);
    let lex = lexicon();
    match name.kind {
        EntityType::Gpe | EntityType::Norp => match lex.lookup(text).filter(|i| i.cats & (cat::COUNTRY | cat::DEMONYM) != 0) {
            Some(info) => info.country.and_then(|c| lex.country_name(c)).unwrap_or(text).to_string(),
            None => text.to_string(),
        },
        _ => text.to_string(),
    }
}

/// The name (not a person) that ends right before token `t`, allowing a possessive between:
/// returns its index and the first token of the phrase.
fn affiliation_before(ctx: &Ctx, names: &[Name], by_last: &[Option<usize>], t: usize) -> Option<(usize, usize)> {
    let mut end = t;
    if end > 0 && ctx.is_possessive(end - 1) {
        end -= 1;
    }
    let idx = by_last.get(end.checked_sub(1)?).copied().flatten()?;
    let name = &names[idx];
    (name.kind != EntityType::Person).then_some((idx, name.first))
}

/// Finds the roles of every person name; trims names that swallowed a title.
pub fn find(ctx: &Ctx, names: &mut Vec<Name>) -> Vec<FoundRole> {
    let n_tokens = ctx.doc.tokens.len();
    let mut roles = Vec::new();
    let mut titles_by_sentence: Vec<Option<Vec<TitleMatch>>> = vec![None; ctx.doc.sentences.len()];
    let person_idxs: Vec<usize> = (0..names.len()).filter(|&i| names[i].kind == EntityType::Person).collect();
    let mut dropped: Vec<usize> = Vec::new();
    for &pi in &person_idxs {
        let (first, last) = (names[pi].first, names[pi].last);
        if first >= n_tokens {
            continue;
        }
        let sent_idx = ctx.sentence_of[first] as usize;
        let (ss, se) = ctx.sentence_bounds(first);
        let titles = titles_by_sentence[sent_idx].get_or_insert_with(|| title_matches(ctx, ss, se)).clone();
        // Titles ending right before the name; the longest.
        let before = titles.iter().filter(|m| m.end == first).max_by_key(|m| m.end - m.start).cloned();
        if let Some(title) = before {
            // A name inside the title (`National Security` of `National Security Advisor`) is
            // part of the title, not a name.
            for (i, n) in names.iter().enumerate() {
                if n.kind != EntityType::Person && n.first >= title.start && n.last <= first {
                    dropped.push(i);
                }
            }
            // A name the tagger ran into the title (`Security Council Deputy`): cut it back.
            for n in names.iter_mut() {
                if n.kind != EntityType::Person && n.first < title.start && n.last > title.start && n.last <= first {
                    n.last = title.start;
                    n.span = Span::new(n.span.start as usize, ctx.doc.tokens[title.start - 1].span.end as usize);
                }
            }
            let mut start = title.start;
            let mut title_start = title.start;
            // Titles made of several lexicon entries (`Deputy` + `Chairman`).
            while let Some(prev) = titles.iter().filter(|m| m.end == title_start).max_by_key(|m| m.end - m.start) {
                title_start = prev.start;
                start = prev.start;
            }
            // Capitalised words before the title that no name covers are the organisation the
            // title belongs to (`Security Council` in `Russian Security Council Deputy Chairman`).
            add_untagged_affiliation(ctx, names, ss, start);
            let by_last = index_by_last(names, n_tokens);
            let mut of = None;
            let mut rule = "role.title_before_name";
            if let Some((idx, phrase_start)) = affiliation_before(ctx, names, &by_last, start) {
                // `Russian Security Council`: a demonym or country before the organisation.
                let mut of_start = phrase_start;
                if let Some((idx2, s2)) = affiliation_before(ctx, names, &by_last, phrase_start)
                    && names[idx].kind == EntityType::Org
                    && matches!(names[idx2].kind, EntityType::Norp | EntityType::Gpe)
                {
                    of_start = s2;
                }
                of = Some(if of_start < phrase_start {
                    ctx.text_of(of_start, names[idx].last).to_string()
                } else {
                    affiliation_name(ctx, &names[idx])
                });
                start = of_start;
                rule = "role.affiliation_title_before_name";
            } else if start >= 2 && COUNTERPART_WORDS.contains(&ctx.lower[start - 1]) {
                let by_last = index_by_last(names, n_tokens);
                if let Some((idx, s2)) = affiliation_before(ctx, names, &by_last, start - 1)
                    && matches!(names[idx].kind, EntityType::Norp | EntityType::Gpe)
                {
                    of = Some(affiliation_name(ctx, &names[idx]));
                    start = s2;
                    rule = "role.counterpart_title_before_name";
                }
            }
            while start > ss && QUALIFIERS.contains(&ctx.lower[start - 1]) {
                start -= 1;
            }
            let title_text = ctx.text_of(title_start, title.end).to_string();
            roles.push(FoundRole {
                name_idx: pi,
                title: Some(title_text),
                class: title.class.clone(),
                of,
                span: Span::new(ctx.doc.tokens[start].span.start as usize, ctx.doc.tokens[title.end - 1].span.end as usize),
                rule,
            });
        } else if first >= 2 && ctx.is_possessive(first - 1) {
            // (The index is built only here: building it for every person cost as much as the
            // rest of the stage.)
            let by_last = index_by_last(names, n_tokens);
            if let Some((idx, phrase_start)) = affiliation_before(ctx, names, &by_last, first)
                && matches!(names[idx].kind, EntityType::Gpe | EntityType::Org | EntityType::Norp)
            {
                roles.push(FoundRole {
                    name_idx: pi,
                    title: None,
                    class: None,
                    of: Some(affiliation_name(ctx, &names[idx])),
                    span: Span::new(ctx.doc.tokens[phrase_start].span.start as usize, ctx.doc.tokens[first - 1].span.end as usize),
                    rule: "role.possessive_affiliation",
                });
            }
        }
        // Appositive after the name: `, [the|a] [demonym|country's] TITLE [of NAME] ,`
        if last < se && ctx.words[last] == "," {
            let mut t = last + 1;
            while t < se && matches!(ctx.lower[t], "the" | "a" | "an") {
                t += 1;
            }
            let mut of = None;
            let modifier_start = t;
            if let Some(idx) = names.iter().position(|n| n.first == t && n.kind != EntityType::Person) {
                let mut after = names[idx].last;
                if after < se && ctx.is_possessive(after) {
                    after += 1;
                }
                of = Some(affiliation_name(ctx, &names[idx]));
                t = after;
            }
            while t < se && QUALIFIERS.contains(&ctx.lower[t]) {
                t += 1;
            }
            if let Some(title) = titles.iter().filter(|m| m.start == t).max_by_key(|m| m.end - m.start) {
                let mut end = title.end;
                if end + 1 < se
                    && ctx.lower[end] == "of"
                    && let Some(idx) = names.iter().position(|n| n.first == end + 1 && n.kind != EntityType::Person)
                {
                    // `of Russia's Security Council`
                    let mut of_end = names[idx].last;
                    if of_end < se
                        && ctx.is_possessive(of_end)
                        && let Some(idx2) = names.iter().position(|n| n.first == of_end + 1 && n.kind == EntityType::Org)
                    {
                        of_end = names[idx2].last;
                    }
                    of = Some(if of_end > names[idx].last {
                        ctx.text_of(end + 1, of_end).to_string()
                    } else {
                        affiliation_name(ctx, &names[idx])
                    });
                    end = of_end;
                }
                if end <= se
                    && (end == se || matches!(ctx.words[end], "," | "." | ";" | "”" | "\"" | ")" | "and" | "said" | "says" | "told"))
                {
                    roles.push(FoundRole {
                        name_idx: pi,
                        title: Some(ctx.text_of(title.start, title.end).to_string()),
                        class: title.class.clone(),
                        of,
                        span: Span::new(ctx.doc.tokens[modifier_start].span.start as usize, ctx.doc.tokens[end - 1].span.end as usize),
                        rule: "role.appositive",
                    });
                }
            }
        }
    }
    // Remove the dropped names and renumber the roles' names.
    dropped.sort_unstable();
    dropped.dedup();
    let mut new_idx = vec![usize::MAX; names.len()];
    let mut kept = 0;
    for (i, slot) in new_idx.iter_mut().enumerate() {
        if dropped.binary_search(&i).is_err() {
            *slot = kept;
            kept += 1;
        }
    }
    let mut i = 0;
    names.retain(|_| {
        i += 1;
        dropped.binary_search(&(i - 1)).is_err()
    });
    for r in roles.iter_mut() {
        r.name_idx = new_idx[r.name_idx];
    }
    roles.retain(|r| r.name_idx != usize::MAX);
    roles
}

fn add_untagged_affiliation(ctx: &Ctx, names: &mut Vec<Name>, sentence_start: usize, title_start: usize) {
    let covered = |t: usize| names.iter().any(|n| n.first <= t && t < n.last);
    let mut t = title_start;
    while t > sentence_start {
        let w = ctx.words[t - 1];
        let capitalized = w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase);
        if !capitalized || covered(t - 1) || lexicon().lookup(w).is_some_and(|i| i.cats & cat::TITLE != 0) {
            break;
        }
        t -= 1;
    }
    // Function words (`Is`, `If`) at the start of the run are not part of a name.
    while t < title_start && {
        let lower = ctx.lower[t];
        crate::segment::is_sentence_starter(lower) || matches!(lower, "is" | "are" | "was" | "were")
    } {
        t += 1;
    }
    // One capitalised word at the start of a sentence may be just the sentence's capital.
    let n_words = title_start - t;
    if n_words == 0 || n_words > 4 || (n_words == 1 && t == sentence_start) {
        return;
    }
    names.push(Name {
        span: Span::new(ctx.doc.tokens[t].span.start as usize, ctx.doc.tokens[title_start - 1].span.end as usize),
        first: t,
        last: title_start,
        kind: EntityType::Org,
        confidence: 0.5,
        stage: "entities",
        rule: std::borrow::Cow::Borrowed("role.affiliation_name"),
    });
}

/// For each token, the index of the name whose last token it is.
fn index_by_last(names: &[Name], n_tokens: usize) -> Vec<Option<usize>> {
    let mut by_last = vec![None; n_tokens];
    for (i, n) in names.iter().enumerate() {
        if n.last >= 1 && n.last - 1 < n_tokens {
            by_last[n.last - 1] = Some(i);
        }
    }
    by_last
}
