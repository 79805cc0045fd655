//! Writing extraction records: one transaction per batch; an article already stored with the
//! same content hash is skipped (or re-extracted on request when an older extractor made it); a
//! changed article replaces its old facts.

use crate::actors::{self, ActorIds, BatchActors, KeyResolver};
use crate::{Result, Store};
use herald_record::Record;
use rusqlite::{OptionalExtension, Transaction, params};
use rustc_hash::FxHashMap;

/// One article to store, prepared off the writer thread: [`IngestItem::new`] encodes the stored
/// record, so that the single writer only binds values.
pub struct IngestItem {
    /// Its record, without the text.
    record: Record,
    /// The article text (stored apart, uncompressed, for full-text search).
    text: String,
    /// Its content hash ([`Store::content_hash`]).
    hash: String,
    /// The record as stored ([`encode_record`]).
    encoded: Vec<u8>,
}

impl IngestItem {
    /// Prepares a record (with its `text`) and its content hash for [`Store::write_batch`].
    pub fn new(mut record: Record, hash: String) -> Result<IngestItem> {
        let text = record.text.take().unwrap_or_default();
        let encoded = encode_record(&record)?;
        Ok(IngestItem { record, text, hash, encoded })
    }
}

/// What happened to an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Stored for the first time.
    Added,
    /// Replaced an older version (changed content or re-extraction).
    Replaced,
    /// Already stored.
    Unchanged,
}

impl Store {
    /// Whether an article with this hash is stored, and by which extractor.
    pub fn stored_extractor(&self, hash: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT extractor FROM articles WHERE content_hash = ?1", [hash], |r| r.get(0)).optional()?)
    }

    /// Writes a batch of articles in one transaction, with what they add to the actors and
    /// statements; `Store::finalize` completes the derived tables after the last batch. The
    /// articles are written as the iterator yields them: an ingest hands over each one as soon as
    /// it is extracted, so that writing overlaps extraction within a transaction too.
    pub fn write_batch(
        &mut self,
        items: impl IntoIterator<Item = IngestItem>,
        extractor: &str,
        reextract: bool,
    ) -> Result<Vec<WriteOutcome>> {
        let written = self.write_batch_tx(items, extractor, reextract);
        if written.is_err() {
            // Rolled back: actors created by this batch are gone again.
            self.actor_ids.clear();
        }
        written
    }

    fn write_batch_tx(
        &mut self,
        items: impl IntoIterator<Item = IngestItem>,
        extractor: &str,
        reextract: bool,
    ) -> Result<Vec<WriteOutcome>> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::new();
        let mut derive = Derive { resolver: KeyResolver::load(&tx)?, ids: &mut self.actor_ids, added: BatchActors::default() };
        for item in items {
            out.push(write_one(&tx, &item, extractor, reextract, &mut derive)?);
        }
        if out.iter().any(|o| *o != WriteOutcome::Unchanged) {
            derive.added.flush(&tx)?;
            // Committed with the facts: a crash before `finalize` leaves the mark, and the next
            // ingest finalizes even when it adds nothing.
            crate::mark_derived(&tx, false)?;
        }
        tx.commit()?;
        Ok(out)
    }
}

/// The state of one batch's derivations.
struct Derive<'a> {
    resolver: KeyResolver,
    ids: &'a mut ActorIds,
    /// What the batch's articles add to their actors.
    added: BatchActors,
}

fn write_one(tx: &Transaction, item: &IngestItem, extractor: &str, reextract: bool, derive: &mut Derive<'_>) -> Result<WriteOutcome> {
    let rec = &item.record;
    let a = &rec.article;
    let path = a.path.clone().unwrap_or_default();
    let by_hash: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, extractor FROM articles WHERE content_hash = ?1")?
        .query_row([&item.hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut outcome = WriteOutcome::Added;
    if let Some((id, stored_by)) = by_hash {
        if !(reextract && stored_by != extractor) {
            return Ok(WriteOutcome::Unchanged);
        }
        // What the batch added so far is written first: the article may be one of it.
        derive.added.flush(tx)?;
        delete_article(tx, id)?;
        outcome = WriteOutcome::Replaced;
    }
    let by_key: Option<i64> = tx
        .prepare_cached("SELECT id FROM articles WHERE ext_id = ?1 AND path = ?2")?
        .query_row(params![a.id, path], |r| r.get(0))
        .optional()?;
    if let Some(id) = by_key {
        derive.added.flush(tx)?;
        delete_article(tx, id)?;
        outcome = WriteOutcome::Replaced;
    }
    let text = item.text.as_str();
    tx.execute(
        "INSERT INTO articles(ext_id, path, content_hash, title, date, date_origin, date_note, source, url, line, language, text, record, extractor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            a.id,
            path,
            item.hash,
            a.title,
            a.date,
            a.date_origin,
            a.date_note,
            a.source,
            a.url,
            a.line.map(|l| l as i64),
            a.language,
            text,
            item.encoded,
            extractor
        ],
    )?;
    let article_id = tx.last_insert_rowid();
    // The full-text entry, written here rather than by a trigger (see schema.rs).
    tx.prepare_cached("INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?.execute(params![article_id, a.title, text])?;
    let added = &mut derive.added;
    let date = a.date.as_deref();
    // Entity local id → (row id, actor, type).
    let mut entity_rows: FxHashMap<&str, (i64, i64, &str)> = FxHashMap::default();
    {
        let mut ins_entity = tx.prepare_cached(
            "INSERT INTO entities(article_id, local_id, name, type, gender, government_of, n_mentions, key, actor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut ins_mention = tx.prepare_cached("INSERT INTO mentions(entity_id, start, end, text, kind) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        let mut ins_role =
            tx.prepare_cached("INSERT INTO roles(entity_id, title, of, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for e in &rec.entities {
            let norm = actors::normalize(&e.name);
            let own = actors::own_key(&e.kind, &norm);
            let actor_key = derive.resolver.actor_key(&own, &e.kind, &norm, e.gender.as_deref());
            let actor = derive.ids.get(tx, &actor_key, &e.kind, &e.name)?;
            let n_mentions = e.mentions.len() as i64;
            ins_entity.execute(params![article_id, e.id, e.name, e.kind, e.gender, e.government_of, n_mentions, own, actor])?;
            let entity_id = tx.last_insert_rowid();
            entity_rows.insert(e.id.as_str(), (entity_id, actor, e.kind.as_str()));
            added.entity(article_id, date, actor, &own, e);
            for m in &e.mentions {
                ins_mention.execute(params![entity_id, m.start, m.end, m.text, m.kind])?;
                if m.kind == "name" {
                    added.name_mention(actor, &m.text);
                }
            }
            for r in &e.roles {
                ins_role.execute(params![entity_id, r.title, r.of, r.start, r.end, r.text])?;
            }
        }
    }
    {
        // Explicit ids: each quote is at first a statement of its own, with the quote's id.
        let first_id: i64 = tx.prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM quotes")?.query_row([], |r| r.get(0))?;
        let mut ins_quote = tx.prepare_cached(
            "INSERT INTO quotes(id, article_id, local_id, text, direct, content, cue_start, cue_end, cue_text, speaker_start, speaker_end,
             speaker_text, speaker_entity, speaker_name, speaker_note, date, date_origin, stage, rule, confidence, statement_id, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?1, ?21)",
        )?;
        let mut ins_statement = tx.prepare_cached(
            "INSERT INTO statements(id, actor_id, quote_id, n_variants, first_date, sort_date) VALUES (?1, ?2, ?1, 1, ?3, coalesce(?3, ?4))",
        )?;
        let mut ins_named = tx.prepare_cached("INSERT OR IGNORE INTO quote_mentions(quote_id, entity_id) VALUES (?1, ?2)")?;
        for (quote_id, q) in (first_id..).zip(&rec.quotes) {
            let sp = q.speaker.as_ref();
            let speaker = sp.and_then(|s| s.entity.as_deref()).and_then(|id| entity_rows.get(id)).copied();
            let date = q.date.as_ref().map(|d| d.value.clone());
            ins_quote.execute(params![
                quote_id,
                article_id,
                q.id,
                q.text,
                q.direct,
                serde_json::to_string(&q.content)?,
                q.cue.as_ref().map(|c| c.start),
                q.cue.as_ref().map(|c| c.end),
                q.cue.as_ref().map(|c| c.text.clone()),
                sp.map(|s| s.start),
                sp.map(|s| s.end),
                sp.map(|s| s.text.clone()),
                speaker.map(|s| s.0),
                sp.and_then(|s| s.name.clone()),
                sp.and_then(|s| s.note.clone()).or_else(|| q.speaker_note.clone()),
                date,
                q.date.as_ref().map(|d| d.origin.clone()),
                q.provenance.stage,
                q.provenance.rule,
                q.provenance.confidence,
                q.kind,
            ])?;
            ins_statement.execute(params![quote_id, speaker.map(|s| s.1), date, a.date])?;
            let Some((speaker_row, speaker_actor, _)) = speaker else { continue };
            added.quote(speaker_actor);
            // The people and organisations the speaker names inside the quote.
            for e in &rec.entities {
                let Some(&(row, _, kind)) = entity_rows.get(e.id.as_str()) else { continue };
                if row == speaker_row || (kind != "PERSON" && kind != "ORG") {
                    continue;
                }
                let named = e.mentions.iter().any(|m| q.content.iter().any(|c| m.start >= c.start && m.end <= c.end));
                if named {
                    ins_named.execute([quote_id, row])?;
                }
            }
        }
    }
    {
        let mut ins_time = tx
            .prepare_cached("INSERT INTO times(article_id, local_id, start, end, text, type, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for t in &rec.times {
            ins_time.execute(params![article_id, t.id, t.start, t.end, t.text, t.kind, t.value])?;
        }
    }
    Ok(outcome)
}

/// Deletes a stored article: what it added to the actors, its full-text entry, its row and (by
/// cascade) its facts.
fn delete_article(tx: &Transaction, id: i64) -> Result<()> {
    actors::forget_article(tx, id)?;
    // The entry is removed with the values it was indexed with (an external-content table). The
    // cascading DELETE below opens a savepoint, so FTS5 writes its pending index out once per
    // replaced article; a fresh article costs no such flush.
    let (title, text): (Option<String>, String) =
        tx.query_row("SELECT title, text FROM articles WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    tx.prepare_cached("INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', ?1, ?2, ?3)")?
        .execute(params![id, title, text])?;
    tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
    Ok(())
}

/// The record as stored: JSON compressed with zstd (a quarter of the size; the text is stored
/// apart, uncompressed, for full-text search). Level 1 and one compressor per thread: ingest
/// encodes every record, and higher levels cost more time than they save space.
pub(crate) fn encode_record(record: &Record) -> Result<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> = const { std::cell::RefCell::new(None) };
    }
    let json = serde_json::to_vec(record)?;
    let failed = |e: std::io::Error| crate::StoreError::NotFound(format!("compressing a record: {e}"));
    COMPRESSOR.with_borrow_mut(|slot| {
        let compressor = match slot {
            Some(c) => c,
            None => slot.insert(zstd::bulk::Compressor::new(1).map_err(failed)?),
        };
        compressor.compress(&json).map_err(failed)
    })
}

/// The inverse of [`encode_record`], as a JSON value.
pub(crate) fn decode_record(bytes: &[u8]) -> Result<serde_json::Value> {
    let json = zstd::decode_all(bytes).map_err(|e| crate::StoreError::NotFound(format!("a stored record does not decompress: {e}")))?;
    Ok(serde_json::from_slice(&json)?)
}
