//! Actors across articles: entities that are the same actor get one actor with a canonical name,
//! aliases and counts. Recomputed from scratch after each ingest and each correction, so the
//! result does not depend on the order articles arrived in.
//!
//! - An entity's key is its type and normalised canonical name (`PERSON:donald trump`).
//! - A one-word person name (`Trump`, from an article that never gives the full name) joins the
//!   most mentioned person whose surname it is; names with a generational suffix (`Donald Trump
//!   Jr.`) are passed over when another person has the surname. Two full names that differ stay
//!   apart.
//! - The user's corrections apply last: `merge` (key b becomes key a), `split` (entities named the
//!   alias leave actor a).

use crate::Result;
use rusqlite::{Transaction, params};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

const GENERATIONAL: &[&str] = &["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"];

const HONORIFICS: &[&str] = &["mr.", "mrs.", "ms.", "miss", "dr.", "mr", "mrs", "ms", "dr"];

/// Lower-cased, white space collapsed, possessive, honorific (`Mrs.`) and middle initials
/// (`Donald J. Trump`) removed.
pub fn normalize(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let lower = lower.strip_suffix("'s").or_else(|| lower.strip_suffix("’s")).unwrap_or(&lower).to_string();
    let tokens: Vec<&str> = lower.split_whitespace().filter(|t| !HONORIFICS.contains(t)).collect();
    let n = tokens.len();
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| !(*i > 0 && *i + 1 < n && t.len() == 2 && t.ends_with('.')))
        .map(|(_, t)| *t)
        .collect::<Vec<_>>()
        .join(" ")
}

fn surname(norm: &str) -> Option<&str> {
    norm.split(' ').rev().find(|t| !GENERATIONAL.contains(t))
}

struct EntityRow {
    id: i64,
    article_id: i64,
    name: String,
    kind: String,
    n_mentions: i64,
    gender: Option<String>,
}

/// Rebuilds the actors; returns how many there are.
pub fn rebuild(tx: &Transaction) -> Result<u64> {
    let mut laps = crate::Laps::start();
    let mut rows = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, article_id, name, type, n_mentions, gender FROM entities ORDER BY id")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            rows.push(EntityRow {
                id: r.get(0)?,
                article_id: r.get(1)?,
                name: r.get(2)?,
                kind: r.get(3)?,
                n_mentions: r.get(4)?,
                gender: r.get(5)?,
            });
        }
    }
    laps.lap("actors: entities loaded");
    // `Apple Inc.` in one article and `Apple` in another are one company.
    let key_of = |kind: &str, norm: &str| {
        if kind == "ORG" { format!("{kind}:{}", herald_core::without_legal_form(norm)) } else { format!("{kind}:{norm}") }
    };
    // Mentions per full key, to choose between people sharing a surname.
    let mut mentions_by_key: BTreeMap<String, i64> = BTreeMap::new();
    for e in &rows {
        *mentions_by_key.entry(key_of(&e.kind, &normalize(&e.name))).or_default() += e.n_mentions;
    }
    // The gender of each full name, by most mentions (for `Mr. Clinton` against `Hillary Clinton`).
    let mut gender_votes: FxHashMap<String, (i64, i64)> = FxHashMap::default();
    for e in &rows {
        let votes = gender_votes.entry(key_of(&e.kind, &normalize(&e.name))).or_default();
        match e.gender.as_deref() {
            Some("male") => votes.0 += e.n_mentions,
            Some("female") => votes.1 += e.n_mentions,
            _ => {}
        }
    }
    let gender_of = |key: &str| -> Option<&'static str> {
        let (m, f) = gender_votes.get(key).copied().unwrap_or_default();
        if m > 2 * f {
            Some("male")
        } else if f > 2 * m {
            Some("female")
        } else {
            None
        }
    };
    // Full person names by surname.
    let mut by_surname: FxHashMap<String, Vec<(String, bool, i64)>> = FxHashMap::default();
    for (key, n) in &mentions_by_key {
        if let Some(norm) = key.strip_prefix("PERSON:")
            && norm.contains(' ')
        {
            let generational = norm.split(' ').any(|t| GENERATIONAL.contains(&t));
            if let Some(s) = surname(norm) {
                by_surname.entry(s.to_string()).or_default().push((key.clone(), generational, *n));
            }
        }
    }
    let mut corrections: Vec<(String, String, String)> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT kind, a, b FROM actor_corrections ORDER BY id")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            corrections.push((r.get(0)?, r.get(1)?, r.get(2)?));
        }
    }
    let mut keys: Vec<String> = rows
        .iter()
        .map(|e| {
            let norm = normalize(&e.name);
            if e.kind == "PERSON"
                && !norm.contains(' ')
                && let Some(cands) = by_surname.get(&norm)
            {
                // Only people of a compatible gender (`Mr. Clinton` is not Hillary Clinton).
                let cands: Vec<(String, bool, i64)> = cands
                    .iter()
                    .filter(|c| e.gender.is_none() || gender_of(&c.0).is_none() || gender_of(&c.0) == e.gender.as_deref())
                    .cloned()
                    .collect();
                let plain: Vec<&(String, bool, i64)> = cands.iter().filter(|c| !c.1).collect();
                let pool: Vec<&(String, bool, i64)> = if plain.is_empty() { cands.iter().collect() } else { plain };
                if let Some(best) = pool.iter().max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(&a.0))) {
                    return best.0.clone();
                }
            }
            key_of(&e.kind, &norm)
        })
        .collect();
    for (kind, a, b) in &corrections {
        match kind.as_str() {
            "merge" => {
                for k in keys.iter_mut() {
                    if k == b {
                        *k = a.clone();
                    }
                }
            }
            "split" => {
                let alias = normalize(b);
                for (k, e) in keys.iter_mut().zip(&rows) {
                    if k == a && normalize(&e.name) == alias {
                        *k = key_of(&e.kind, &alias);
                    }
                }
            }
            _ => {}
        }
    }
    laps.lap("actors: keys");
    // Group and write, in key order for stable ids.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        groups.entry(k.as_str()).or_default().push(i);
    }
    tx.execute("DELETE FROM actor_aliases", [])?;
    tx.execute("DELETE FROM actors", [])?;
    let mut article_dates: FxHashMap<i64, Option<String>> = FxHashMap::default();
    {
        let mut stmt = tx.prepare("SELECT id, date FROM articles")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            article_dates.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut quotes_by_entity: FxHashMap<i64, i64> = FxHashMap::default();
    {
        let mut stmt =
            tx.prepare("SELECT speaker_entity, count(*) FROM quotes WHERE speaker_entity IS NOT NULL GROUP BY speaker_entity")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            quotes_by_entity.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut ins_actor = tx.prepare(
        "INSERT INTO actors(id, key, name, type, n_mentions, n_articles, n_quotes, first_date, last_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    // Entity → actor in a temporary table, then one UPDATE: far fewer statements than one per
    // entity, and only rows whose actor changed are written (every entity is in a group).
    tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS entity_actor (entity_id INTEGER PRIMARY KEY, actor_id INTEGER NOT NULL); DELETE FROM entity_actor;")?;
    let mut set_actor = tx.prepare("INSERT INTO entity_actor(entity_id, actor_id) VALUES (?1, ?2)")?;
    let mut n_actors = 0u64;
    for (actor_idx, (key, members)) in groups.iter().enumerate() {
        let actor_id = actor_idx as i64 + 1;
        let kind = rows[members[0]].kind.clone();
        // The canonical name: the fullest name, then the most frequent.
        let mut names: BTreeMap<&str, i64> = BTreeMap::new();
        for &m in members {
            *names.entry(rows[m].name.as_str()).or_default() += rows[m].n_mentions;
        }
        // The canonical name: a full name (two words or more, honorifics aside) if there is
        // one, the most mentioned of those; `Donald Trump` over `Donald J. Trump` when it is
        // used more.
        let full = |n: &str| normalize(n).split(' ').count() >= 2;
        let honorific = |n: &str| n.split_whitespace().next().is_some_and(|t| HONORIFICS.contains(&t.to_lowercase().as_str()));
        let name = names
            .iter()
            .max_by(|a, b| (full(a.0), !honorific(a.0), a.1).cmp(&(full(b.0), !honorific(b.0), b.1)).then(b.0.cmp(a.0)))
            .map(|(n, _)| (*n).to_string())
            .unwrap_or_default();
        let n_mentions: i64 = members.iter().map(|&m| rows[m].n_mentions).sum();
        let mut articles: Vec<i64> = members.iter().map(|&m| rows[m].article_id).collect();
        articles.sort_unstable();
        articles.dedup();
        let n_quotes: i64 = members.iter().map(|&m| quotes_by_entity.get(&rows[m].id).copied().unwrap_or(0)).sum();
        let dates: Vec<&String> = articles.iter().filter_map(|a| article_dates.get(a).and_then(|d| d.as_ref())).collect();
        let first = dates.iter().min().map(|d| (*d).clone());
        let last = dates.iter().max().map(|d| (*d).clone());
        ins_actor.execute(params![actor_id, key, name, kind, n_mentions, articles.len() as i64, n_quotes, first, last])?;
        for &m in members {
            set_actor.execute(params![rows[m].id, actor_id])?;
        }
        n_actors += 1;
    }
    laps.lap("actors: inserted");
    tx.execute_batch(
        "UPDATE entities SET actor_id = ea.actor_id FROM entity_actor ea WHERE ea.entity_id = entities.id AND entities.actor_id IS NOT ea.actor_id;
         INSERT INTO actor_aliases(actor_id, alias, n)
           SELECT actor_id, alias, sum(n) FROM (
             SELECT e.actor_id, m.text AS alias, 1 AS n FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.kind = 'name'
             UNION ALL
             SELECT e.actor_id, e.name, 0 FROM entities e
           ) GROUP BY actor_id, alias ORDER BY actor_id, alias;
         DELETE FROM entity_actor;",
    )?;
    laps.lap("actors: entities updated, aliases");
    link_actors(tx)?;
    laps.lap("actors: links");
    Ok(n_actors)
}

/// Links kept per actor.
const LINKS_PER_ACTOR: usize = 12;

/// Counts, for every pair of actors, the articles that mention both, and keeps each actor's
/// strongest links (the actor page's companions and the network's co-occurrence edges).
fn link_actors(tx: &Transaction) -> Result<()> {
    let mut by_article: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    {
        let mut stmt =
            tx.prepare("SELECT DISTINCT article_id, actor_id FROM entities WHERE actor_id IS NOT NULL ORDER BY article_id, actor_id")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            by_article.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut pairs: FxHashMap<(i64, i64), i64> = FxHashMap::default();
    for actors in by_article.values() {
        for (i, &a) in actors.iter().enumerate() {
            for &b in &actors[i + 1..] {
                *pairs.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut per_actor: FxHashMap<i64, Vec<(i64, i64)>> = FxHashMap::default();
    for (&(a, b), &n) in &pairs {
        per_actor.entry(a).or_default().push((n, b));
        per_actor.entry(b).or_default().push((n, a));
    }
    let mut laps = crate::Laps::start();
    link_speech(tx)?;
    laps.lap("actors: speech links");
    tx.execute("DELETE FROM actor_links", [])?;
    let mut ins = tx.prepare("INSERT INTO actor_links(actor_id, other_id, articles) VALUES (?1, ?2, ?3)")?;
    let mut actors: Vec<i64> = per_actor.keys().copied().collect();
    actors.sort_unstable();
    for a in actors {
        let links = per_actor.get_mut(&a).expect("present");
        links.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(n, b) in links.iter().take(LINKS_PER_ACTOR) {
            ins.execute(params![a, b, n])?;
        }
    }
    Ok(())
}

/// Finds, for every quote with a speaker, the other actors named inside its content.
fn link_speech(tx: &Transaction) -> Result<()> {
    // Name mentions of actors, by article, in text order.
    let mut mentions: FxHashMap<i64, Vec<(i64, i64, i64)>> = FxHashMap::default();
    {
        let mut stmt = tx.prepare(
            "SELECT e.article_id, m.start, m.end, e.actor_id FROM mentions m JOIN entities e ON e.id = m.entity_id
             WHERE e.actor_id IS NOT NULL AND e.type IN ('PERSON', 'ORG') ORDER BY e.article_id, m.start",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            mentions.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    tx.execute("DELETE FROM actor_speech", [])?;
    let mut ins = tx.prepare("INSERT OR IGNORE INTO actor_speech(speaker_id, other_id, quote_id) VALUES (?1, ?2, ?3)")?;
    let mut stmt = tx.prepare(
        "SELECT q.id, q.article_id, e.actor_id, q.content FROM quotes q JOIN entities e ON e.id = q.speaker_entity WHERE e.actor_id IS NOT NULL",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let (quote_id, article_id, speaker): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let Some(named) = mentions.get(&article_id) else { continue };
        let content: String = r.get(3)?;
        let spans: Vec<serde_json::Value> = serde_json::from_str(&content).unwrap_or_default();
        for span in &spans {
            let (start, end) = (span["start"].as_i64().unwrap_or(0), span["end"].as_i64().unwrap_or(0));
            let first = named.partition_point(|m| m.0 < start);
            for &(_, m_end, other) in named[first..].iter().take_while(|m| m.0 < end) {
                if m_end <= end && other != speaker {
                    ins.execute(params![speaker, other, quote_id])?;
                }
            }
        }
    }
    Ok(())
}
