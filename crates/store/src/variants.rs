//! Statements and their variants: quotes of one speaker that say the same thing in other words
//! (`We agreed to work together, very closely…` / `We have agreed to collaborate very closely…`)
//! are one statement. Candidates come from MinHash signatures over word-pair shingles with
//! locality-sensitive banding; a pair joins when at least half of the shorter quote's shingles
//! are in the other.

use crate::Result;
use rusqlite::{Transaction, params};
use rustc_hash::{FxHashMap, FxHashSet};

const N_HASHES: usize = 32;
const ROWS_PER_BAND: usize = 2;
/// Shared shingles over the smaller set's size for two quotes to be variants.
pub const MIN_CONTAINMENT: f64 = 0.5;

fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Word-pair shingles of a quote (lower-cased words of letters and digits), hashed.
pub fn shingles(text: &str) -> FxHashSet<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) { fnv(w.to_lowercase().as_bytes(), 0) } else { fnv(w.as_bytes(), 0) }
        })
        .collect();
    let mut out = FxHashSet::default();
    for pair in words.windows(2) {
        out.insert(pair[0].rotate_left(23) ^ pair[1].wrapping_mul(0x9e37_79b9_7f4a_7c15));
    }
    if words.len() == 1 {
        out.insert(words[0]);
    }
    out
}

/// Share of the smaller set found in the other.
pub fn containment(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|x| large.contains(x)).count() as f64 / small.len() as f64
}

/// MinHash signature: for each of `N_HASHES` hash functions (odd multipliers of the shingle
/// hash, mixed), the smallest value over the shingles.
fn signature(s: &FxHashSet<u64>) -> [u64; N_HASHES] {
    let mut sig = [u64::MAX; N_HASHES];
    for &x in s {
        for (i, slot) in sig.iter_mut().enumerate() {
            let m = x.wrapping_mul(0x9e37_79b9_7f4a_7c15 ^ ((i as u64) << 1 | 1).wrapping_mul(0xbf58_476d_1ce4_e5b9) | 1);
            let h = m ^ (m >> 31);
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut j = i;
    while parent[j] != r {
        let next = parent[j];
        parent[j] = r;
        j = next;
    }
    r
}

/// Rebuilds the statement groups; returns how many there are.
pub fn rebuild(tx: &Transaction) -> Result<u64> {
    let mut laps = crate::Laps::start();
    // Quotes by speaker actor (quotes without an actor are their own statements).
    let mut quotes: Vec<(i64, Option<i64>, String, Option<String>)> = Vec::new();
    {
        let mut stmt = tx.prepare(
            "SELECT q.id, e.actor_id, q.text, q.date FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity ORDER BY q.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            quotes.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    laps.lap("statements: quotes loaded");
    let n = quotes.len();
    // Shingles only for quotes with a speaker: the others are statements of their own.
    let sets: Vec<FxHashSet<u64>> = quotes.iter().map(|q| if q.1.is_some() { shingles(&q.2) } else { FxHashSet::default() }).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut by_actor: FxHashMap<i64, Vec<usize>> = FxHashMap::default();
    for (i, q) in quotes.iter().enumerate() {
        if let Some(actor) = q.1 {
            by_actor.entry(actor).or_default().push(i);
        }
    }
    for members in by_actor.values() {
        let mut buckets: FxHashMap<(usize, u64), Vec<usize>> = FxHashMap::default();
        for &i in members {
            if sets[i].len() < 3 {
                continue;
            }
            let sig = signature(&sets[i]);
            for (band, rows) in sig.chunks(ROWS_PER_BAND).enumerate() {
                let mut h = 0u64;
                for r in rows {
                    h = h.rotate_left(17) ^ r;
                }
                buckets.entry((band, h)).or_default().push(i);
            }
        }
        let mut checked: FxHashSet<(usize, usize)> = FxHashSet::default();
        let mut keys: Vec<&(usize, u64)> = buckets.keys().collect();
        keys.sort_unstable();
        for key in keys {
            let bucket = &buckets[key];
            for x in 0..bucket.len() {
                for y in x + 1..bucket.len() {
                    let (a, b) = (bucket[x].min(bucket[y]), bucket[x].max(bucket[y]));
                    if a == b || !checked.insert((a, b)) {
                        continue;
                    }
                    if containment(&sets[a], &sets[b]) >= MIN_CONTAINMENT {
                        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                        if ra != rb {
                            parent[ra.max(rb)] = ra.min(rb);
                        }
                    }
                }
            }
        }
    }
    laps.lap("statements: grouped");
    // One statement per group, represented by its earliest quote; ids in quote order.
    tx.execute("DELETE FROM statements", [])?;
    tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS quote_statement (quote_id INTEGER PRIMARY KEY, statement_id INTEGER NOT NULL); DELETE FROM quote_statement;")?;
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut ins = tx.prepare("INSERT INTO statements(id, actor_id, quote_id, n_variants, first_date) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let mut set = tx.prepare("INSERT INTO quote_statement(statement_id, quote_id) VALUES (?1, ?2)")?;
    let mut n_statements = 0u64;
    for (idx, members) in groups.values().enumerate() {
        let statement_id = idx as i64 + 1;
        let rep =
            *members.iter().min_by(|&&a, &&b| quotes[a].3.cmp(&quotes[b].3).then(quotes[a].0.cmp(&quotes[b].0))).unwrap_or(&members[0]);
        let first_date = members.iter().filter_map(|&m| quotes[m].3.clone()).min();
        ins.execute(params![statement_id, quotes[rep].1, quotes[rep].0, members.len() as i64, first_date])?;
        for &m in members {
            set.execute(params![statement_id, quotes[m].0])?;
        }
        n_statements += 1;
    }
    laps.lap("statements: inserted");
    tx.execute_batch(
        "UPDATE quotes SET statement_id = qs.statement_id FROM quote_statement qs
           WHERE qs.quote_id = quotes.id AND quotes.statement_id IS NOT qs.statement_id;
         DELETE FROM quote_statement;
         UPDATE statements SET sort_date = (SELECT coalesce(q.date, ar.date) FROM quotes q JOIN articles ar ON ar.id = q.article_id
                                            WHERE q.id = statements.quote_id);",
    )?;
    laps.lap("statements: quotes updated, sort dates");
    Ok(n_statements)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_variants_are_close_and_others_are_not() {
        let a = shingles(
            "We agreed to work together, very closely, including by visiting each other's nations. We also agreed that our respective teams will begin negotiations immediately and we will begin by calling President Zelensky",
        );
        let b = shingles(
            "We have agreed to collaborate very closely, including by visiting our respective nations. We have also agreed that our respective teams will begin negotiations immediately",
        );
        let c = shingles("It is time to stop this ridiculous war, where there has been massive and unnecessary destruction and death");
        assert!(containment(&a, &b) >= MIN_CONTAINMENT, "{}", containment(&a, &b));
        assert!(containment(&a, &c) < 0.2);
    }
}
