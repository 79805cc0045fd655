//! Statements and their variants: quotes of one speaker that say the same thing in other words
//! (`We agreed to work together, very closely…` / `We have agreed to collaborate very closely…`)
//! are one statement. Candidates come from MinHash signatures over word-pair shingles with
//! locality-sensitive banding; a pair joins when at least half of the shorter quote's shingles
//! are in the other.
//!
//! Each quote is written as a statement of its own; after an ingest, only the speakers who got new
//! quotes (or lost or gained some) are regrouped, and only the groups that changed are written.

use crate::Result;
use rusqlite::{Connection, params};
use rustc_hash::FxHashSet;

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

/// Word-pair shingles of a quote (lower-cased words of letters and digits), hashed; sorted, each
/// once.
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) { fnv(w.to_lowercase().as_bytes(), 0) } else { fnv(w.as_bytes(), 0) }
        })
        .collect();
    let mut out: Vec<u64> = words.windows(2).map(|pair| pair[0].rotate_left(23) ^ pair[1].wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect();
    if words.len() == 1 {
        out.push(words[0]);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Share of the smaller set found in the other (both sorted, as [`shingles`] gives them).
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < small.len() && j < large.len() {
        match small[i].cmp(&large[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / small.len() as f64
}

/// MinHash signature: for each of `N_HASHES` hash functions (odd multipliers of the shingle
/// hash, mixed), the smallest value over the shingles.
fn signature(s: &[u64]) -> [u64; N_HASHES] {
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

/// Groups the quotes of one speaker: for each quote, the index of its group's first quote.
/// Candidates share a band of their signatures (quotes of fewer than three shingles have none);
/// each candidate pair is checked once. A group is a connected component of the pairs that pass,
/// whatever the order they are met in.
fn group(sets: &[Vec<u64>]) -> Vec<usize> {
    let n = sets.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // (band, band hash, quote), sorted: runs of equal (band, hash) are the LSH buckets.
    let mut banded: Vec<(u8, u64, u32)> = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        if set.len() < 3 {
            continue;
        }
        let sig = signature(set);
        for (band, rows) in sig.chunks(ROWS_PER_BAND).enumerate() {
            let mut h = 0u64;
            for r in rows {
                h = h.rotate_left(17) ^ r;
            }
            banded.push((band as u8, h, i as u32));
        }
    }
    banded.sort_unstable();
    let mut checked: FxHashSet<(usize, usize)> = FxHashSet::default();
    for bucket in banded.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        for x in 0..bucket.len() {
            for y in x + 1..bucket.len() {
                let (a, b) = (bucket[x].2 as usize, bucket[y].2 as usize);
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
    (0..n).map(|i| find(&mut parent, i)).collect()
}

/// A quote of a speaker being regrouped, with the statement row that has its id, if any.
struct SpokenQuote {
    id: i64,
    text: String,
    statement_id: Option<i64>,
    date: Option<String>,
    sort_date: Option<String>,
    /// The statement row with this quote's id.
    row: Option<GroupRow>,
}

/// A statement row as stored: speaker, representative quote, variants, first date, sort date.
#[derive(Clone, Debug, PartialEq)]
struct GroupRow {
    actor: Option<i64>,
    quote: i64,
    variants: i64,
    first_date: Option<String>,
    sort_date: Option<String>,
}

/// The statement changes of one regrouping, applied at the end.
#[derive(Default)]
struct Changes {
    delete: Vec<i64>,
    upsert: Vec<(i64, GroupRow)>,
    relink: Vec<(i64, i64)>,
}

fn regroup_actor(actor: i64, quotes: &[SpokenQuote], changes: &mut Changes) {
    let sets: Vec<Vec<u64>> = quotes.iter().map(|q| shingles(&q.text)).collect();
    let roots = group(&sets);
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, &r) in roots.iter().enumerate() {
        groups.entry(r).or_default().push(i);
    }
    for members in groups.values() {
        // The statement's id is its first quote's; its representative the earliest quote.
        let gid = quotes[members[0]].id;
        let rep = *members
            .iter()
            .min_by(|&&a, &&b| quotes[a].date.cmp(&quotes[b].date).then(quotes[a].id.cmp(&quotes[b].id)))
            .unwrap_or(&members[0]);
        let first_date = members.iter().filter_map(|&m| quotes[m].date.clone()).min();
        let row = GroupRow {
            actor: Some(actor),
            quote: quotes[rep].id,
            variants: members.len() as i64,
            first_date,
            sort_date: quotes[rep].sort_date.clone(),
        };
        if quotes[members[0]].row.as_ref() != Some(&row) {
            changes.upsert.push((gid, row));
        }
        for &m in members {
            if m != members[0] && quotes[m].row.is_some() {
                changes.delete.push(quotes[m].id);
            }
            if quotes[m].statement_id != Some(gid) {
                changes.relink.push((quotes[m].id, gid));
            }
        }
    }
}

/// Quotes read before their speakers are regrouped (in parallel): the memory regrouping holds.
const QUOTES_PER_CHUNK: usize = 50_000;

/// Regroups the speakers of a chunk on all cores; their changes in the speakers' order.
fn regroup_chunk(chunk: &mut Vec<(i64, Vec<SpokenQuote>)>, changes: &mut Changes) {
    use rayon::prelude::*;
    let parts: Vec<Changes> = chunk
        .par_iter()
        .map(|(actor, quotes)| {
            let mut part = Changes::default();
            regroup_actor(*actor, quotes, &mut part);
            part
        })
        .collect();
    for part in parts {
        changes.delete.extend(part.delete);
        changes.upsert.extend(part.upsert);
        changes.relink.extend(part.relink);
    }
    chunk.clear();
}

/// Regroups the statements of the speakers whose quotes changed since the last time
/// (`pending_actors`); writes only the groups that changed. The joins are pinned to start from
/// the pending speakers (`CROSS JOIN`): otherwise SQLite, which does not know how few they are,
/// may read every quote, and only one speaker's quotes are sorted at a time. Speakers are
/// regrouped in parallel, a chunk of quotes at a time; the changes are the same in any case.
pub(crate) fn regroup(conn: &Connection) -> Result<()> {
    let mut changes = Changes::default();
    {
        let mut stmt = conn.prepare(
            "SELECT e.actor_id, q.id, q.text, q.statement_id, q.date, coalesce(q.date, ar.date),
                    s.actor_id, s.quote_id, s.n_variants, s.first_date, s.sort_date
             FROM pending_actors p CROSS JOIN entities e ON e.actor_id = p.actor_id CROSS JOIN quotes q ON q.speaker_entity = e.id
             JOIN articles ar ON ar.id = q.article_id LEFT JOIN statements s ON s.id = q.id
             ORDER BY p.actor_id, q.id",
        )?;
        let mut rows = stmt.query([])?;
        // Speakers with their quotes, read but not yet regrouped.
        let mut chunk: Vec<(i64, Vec<SpokenQuote>)> = Vec::new();
        let mut n_read = 0;
        while let Some(r) = rows.next()? {
            let actor: i64 = r.get(0)?;
            if chunk.last().is_none_or(|(current, _)| *current != actor) {
                // A speaker's quotes are never split between chunks.
                if n_read >= QUOTES_PER_CHUNK {
                    regroup_chunk(&mut chunk, &mut changes);
                    n_read = 0;
                }
                chunk.push((actor, Vec::new()));
            }
            let rep: Option<i64> = r.get(7)?;
            let quote = SpokenQuote {
                id: r.get(1)?,
                text: r.get(2)?,
                statement_id: r.get(3)?,
                date: r.get(4)?,
                sort_date: r.get(5)?,
                row: match rep {
                    Some(quote) => {
                        Some(GroupRow { actor: r.get(6)?, quote, variants: r.get(8)?, first_date: r.get(9)?, sort_date: r.get(10)? })
                    }
                    None => None,
                },
            };
            if let Some((_, quotes)) = chunk.last_mut() {
                quotes.push(quote);
            }
            n_read += 1;
        }
        regroup_chunk(&mut chunk, &mut changes);
    }
    let mut delete = conn.prepare_cached("DELETE FROM statements WHERE id = ?1")?;
    for id in &changes.delete {
        delete.execute([id])?;
    }
    let mut upsert = conn.prepare_cached(
        "INSERT OR REPLACE INTO statements(id, actor_id, quote_id, n_variants, first_date, sort_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (id, row) in &changes.upsert {
        upsert.execute(params![id, row.actor, row.quote, row.variants, row.first_date, row.sort_date])?;
    }
    let mut relink = conn.prepare_cached("UPDATE quotes SET statement_id = ?2 WHERE id = ?1")?;
    for (quote, statement) in &changes.relink {
        relink.execute([quote, statement])?;
    }
    conn.execute("DELETE FROM pending_actors", [])?;
    Ok(())
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
