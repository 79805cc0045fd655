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
use std::collections::HashMap;

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

/// The longest title phrase starting and ending at each token, found one sentence at a time as
/// persons need them: a lookup costs one probe, however many titles the sentence holds.
struct TitleIndex {
    done: Vec<bool>,
    starting: HashMap<usize, TitleMatch>,
    ending: HashMap<usize, TitleMatch>,
}

impl TitleIndex {
    fn new(n_sentences: usize) -> TitleIndex {
        TitleIndex { done: vec![false; n_sentences], starting: HashMap::new(), ending: HashMap::new() }
    }

    /// Indexes the titles of sentence `sent_idx` (tokens `[ss, se)`) once.
    fn cover(&mut self, ctx: &Ctx, sent_idx: usize, ss: usize, se: usize) {
        if std::mem::replace(&mut self.done[sent_idx], true) {
            return;
        }
        // Of equally long titles, the last one found wins.
        for m in title_matches(ctx, ss, se) {
            let len = m.end - m.start;
            if self.starting.get(&m.start).is_none_or(|o| o.end - o.start <= len) {
                self.starting.insert(m.start, m.clone());
            }
            if self.ending.get(&m.end).is_none_or(|o| o.end - o.start <= len) {
                self.ending.insert(m.end, m);
            }
        }
    }

    /// The longest title ending right before token `t`.
    fn ending_at(&self, t: usize) -> Option<&TitleMatch> {
        self.ending.get(&t)
    }

    /// The longest title starting at token `t`.
    fn starting_at(&self, t: usize) -> Option<&TitleMatch> {
        self.starting.get(&t)
    }
}

/// The names by first token and by end token, and how many names cover each token, kept up to
/// date as the stage adds names and cuts them back: each lookup costs what it finds, not the
/// number of names in the document (a run of titled names is one long sentence).
struct NameIndex {
    starting: HashMap<usize, Vec<usize>>,
    ending: HashMap<usize, Vec<usize>>,
    cover: Vec<u32>,
}

impl NameIndex {
    fn new(names: &[Name], n_tokens: usize) -> NameIndex {
        let mut index = NameIndex { starting: HashMap::new(), ending: HashMap::new(), cover: vec![0; n_tokens] };
        for (i, n) in names.iter().enumerate() {
            index.add(i, n);
        }
        index
    }

    fn add(&mut self, i: usize, n: &Name) {
        self.starting.entry(n.first).or_default().push(i);
        self.ending.entry(n.last).or_default().push(i);
        let end = n.last.min(self.cover.len());
        for c in &mut self.cover[n.first.min(end)..end] {
            *c += 1;
        }
    }

    fn remove(&mut self, i: usize, n: &Name) {
        if let Some(v) = self.starting.get_mut(&n.first) {
            v.retain(|&j| j != i);
        }
        if let Some(v) = self.ending.get_mut(&n.last) {
            v.retain(|&j| j != i);
        }
        let end = n.last.min(self.cover.len());
        for c in &mut self.cover[n.first.min(end)..end] {
            *c = c.saturating_sub(1);
        }
    }

    /// Adds a name to the list and the index.
    fn push(&mut self, names: &mut Vec<Name>, name: Name) {
        self.add(names.len(), &name);
        names.push(name);
    }

    /// Ends name `i` at token `last` (exclusive), span included.
    fn cut(&mut self, ctx: &Ctx, names: &mut [Name], i: usize, last: usize) {
        self.remove(i, &names[i]);
        let n = &mut names[i];
        n.last = last;
        n.span = Span::new(n.span.start as usize, ctx.doc.tokens[last - 1].span.end as usize);
        self.add(i, &names[i]);
    }

    /// The names whose first token is `t`, in list order.
    fn starting_at(&self, t: usize) -> &[usize] {
        self.starting.get(&t).map_or(&[], Vec::as_slice)
    }

    /// The names ending right before token `t`, in list order.
    fn ending_at(&self, t: usize) -> &[usize] {
        self.ending.get(&t).map_or(&[], Vec::as_slice)
    }

    /// True when a name covers token `t`.
    fn covered(&self, t: usize) -> bool {
        self.cover.get(t).is_some_and(|&c| c > 0)
    }
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
fn affiliation_before(ctx: &Ctx, names: &[Name], index: &NameIndex, t: usize) -> Option<(usize, usize)> {
    let mut end = t;
    if end > 0 && ctx.is_possessive(end - 1) {
        end -= 1;
    }
    // Of several names ending there, the one added last.
    let idx = index.ending_at(end).iter().copied().max()?;
    let name = &names[idx];
    (name.kind != EntityType::Person).then_some((idx, name.first))
}

/// Finds the roles of every person name; trims names that swallowed a title.
pub fn find(ctx: &Ctx, names: &mut Vec<Name>) -> Vec<FoundRole> {
    let n_tokens = ctx.doc.tokens.len();
    let mut roles = Vec::new();
    let mut titles = TitleIndex::new(ctx.doc.sentences.len());
    let mut index = NameIndex::new(names, n_tokens);
    let person_idxs: Vec<usize> = (0..names.len()).filter(|&i| names[i].kind == EntityType::Person).collect();
    let mut dropped: Vec<usize> = Vec::new();
    for &pi in &person_idxs {
        let (first, last) = (names[pi].first, names[pi].last);
        if first >= n_tokens {
            continue;
        }
        let sent_idx = ctx.sentence_of[first] as usize;
        let (ss, se) = ctx.sentence_bounds(first);
        titles.cover(ctx, sent_idx, ss, se);
        // Titles ending right before the name; the longest.
        if let Some(title) = titles.ending_at(first).cloned() {
            // A name inside the title (`National Security` of `National Security Advisor`) is
            // part of the title, not a name.
            for t in title.start..first {
                dropped.extend(index.starting_at(t).iter().filter(|&&i| names[i].kind != EntityType::Person && names[i].last <= first));
            }
            // A name the tagger ran into the title (`Security Council Deputy`): cut it back.
            let ran_in: Vec<usize> = (title.start + 1..=first)
                .flat_map(|t| index.ending_at(t).iter().copied())
                .filter(|&i| names[i].kind != EntityType::Person && names[i].first < title.start)
                .collect();
            for i in ran_in {
                index.cut(ctx, names, i, title.start);
            }
            let mut start = title.start;
            let mut title_start = title.start;
            // Titles made of several lexicon entries (`Deputy` + `Chairman`).
            while let Some(prev) = titles.ending_at(title_start) {
                title_start = prev.start;
                start = prev.start;
            }
            // Capitalised words before the title that no name covers are the organisation the
            // title belongs to (`Security Council` in `Russian Security Council Deputy Chairman`).
            add_untagged_affiliation(ctx, names, &mut index, ss, start);
            let mut of = None;
            let mut rule = "role.title_before_name";
            if let Some((idx, phrase_start)) = affiliation_before(ctx, names, &index, start) {
                // `Russian Security Council`: a demonym or country before the organisation.
                let mut of_start = phrase_start;
                if let Some((idx2, s2)) = affiliation_before(ctx, names, &index, phrase_start)
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
            } else if start >= 2
                && COUNTERPART_WORDS.contains(&ctx.lower[start - 1])
                && let Some((idx, s2)) = affiliation_before(ctx, names, &index, start - 1)
                && matches!(names[idx].kind, EntityType::Norp | EntityType::Gpe)
            {
                of = Some(affiliation_name(ctx, &names[idx]));
                start = s2;
                rule = "role.counterpart_title_before_name";
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
        } else if first >= 2
            && ctx.is_possessive(first - 1)
            && let Some((idx, phrase_start)) = affiliation_before(ctx, names, &index, first)
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
        // Appositive after the name: `, [the|a] [demonym|country's] TITLE [of NAME] ,`
        if last < se && ctx.words[last] == "," {
            let mut t = last + 1;
            while t < se && matches!(ctx.lower[t], "the" | "a" | "an") {
                t += 1;
            }
            let mut of = None;
            let modifier_start = t;
            let first_named = |t: usize| index.starting_at(t).iter().copied().filter(|&i| names[i].kind != EntityType::Person).min();
            if let Some(idx) = first_named(t) {
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
            if let Some(title) = titles.starting_at(t) {
                let mut end = title.end;
                if end + 1 < se
                    && ctx.lower[end] == "of"
                    && let Some(idx) = first_named(end + 1)
                {
                    // `of Russia's Security Council`
                    let mut of_end = names[idx].last;
                    if of_end < se
                        && ctx.is_possessive(of_end)
                        && let Some(idx2) =
                            index.starting_at(of_end + 1).iter().copied().filter(|&i| names[i].kind == EntityType::Org).min()
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

fn add_untagged_affiliation(ctx: &Ctx, names: &mut Vec<Name>, index: &mut NameIndex, sentence_start: usize, title_start: usize) {
    let mut t = title_start;
    while t > sentence_start {
        let w = ctx.words[t - 1];
        let capitalized = w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase);
        if !capitalized || index.covered(t - 1) || lexicon().lookup(w).is_some_and(|i| i.cats & cat::TITLE != 0) {
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
    index.push(
        names,
        Name {
            span: Span::new(ctx.doc.tokens[t].span.start as usize, ctx.doc.tokens[title_start - 1].span.end as usize),
            first: t,
            last: title_start,
            kind: EntityType::Org,
            confidence: 0.5,
            stage: "entities",
            rule: std::borrow::Cow::Borrowed("role.affiliation_name"),
        },
    );
}
