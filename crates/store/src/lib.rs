//! herald's store: articles and every fact extracted from them in SQLite (bundled; WAL; FTS5),
//! actors across articles, statements grouped with their variants, and the queries behind the
//! CLI and the HTTP API.
//!
//! Invariants:
//! - one writer ([`Store::write_batch`]), many readers ([`Store::open_read_only`]);
//! - an article is stored once per content hash; a changed article (same id and path, new hash)
//!   replaces its old facts in the same transaction;
//! - actors and statements are derived from the entities and quotes and the user's corrections
//!   (`actor_corrections`): each batch adds what its articles bring ([`Store::write_batch`]), and
//!   [`Store::finalize`] completes what depends on the whole corpus (bare surnames, regrouped
//!   statements) for what changed. The same articles in the same order give the same database,
//!   whether or not an ingest was interrupted on the way;
//! - only this crate knows SQL; every query is parameterised.

mod actors;
mod query;
mod schema;
mod variants;
mod write;

pub use query::*;
pub use schema::SCHEMA_VERSION;
pub use write::{IngestItem, WriteOutcome};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A record could not be (de)serialised.
    #[error("record encoding: {0}")]
    Json(#[from] serde_json::Error),
    /// The database was written by a newer herald.
    #[error("database schema {found} is newer than this herald understands ({supported}); use a newer herald")]
    TooNew {
        /// The version found.
        found: i64,
        /// The newest version this build reads.
        supported: i64,
    },
    /// The database was written by an older herald whose layout this one does not convert.
    #[error("this database was made by an older herald (schema {found}); ingest the articles into a new database")]
    TooOld {
        /// The version found.
        found: i64,
    },
    /// Nothing by that name.
    #[error("{0}")]
    NotFound(String),
}

/// The result type of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A connection to a herald database.
pub struct Store {
    conn: Connection,
    /// Actor ids by key as the writes of this connection met them: most entities of a batch
    /// name actors that earlier batches created. Emptied whenever actors may have been deleted or
    /// renumbered (finalize, rebuild) and when a write fails (its transaction rolled back).
    actor_ids: actors::ActorIds,
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    query::register_functions(conn)?;
    Ok(())
}

impl Store {
    /// Opens (creating and migrating if needed) a database for writing.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A 64 MB page cache and fewer checkpoints keep the writer off the disk during ingest.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn, actor_ids: actors::ActorIds::default() })
    }

    /// Opens an existing database read-only (queries, the HTTP server).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::NotFound(format!("no database at {}; create one with `herald ingest`", path.display())));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        configure(&conn)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { found: version, supported: SCHEMA_VERSION });
        }
        if version == 0 {
            return Err(StoreError::NotFound(format!("{} is not a herald database", path.display())));
        }
        if version < schema::OLDEST_READABLE {
            return Err(StoreError::TooOld { found: version });
        }
        let has_kind: bool =
            conn.query_row("SELECT count(*) > 0 FROM pragma_table_info('quotes') WHERE name = 'kind'", [], |r| r.get(0))?;
        if !has_kind {
            // Read as it is: its quotes, which predate kinds, read as speech through a view in
            // the connection's own temporary schema (searched before `main`).
            conn.execute_batch("CREATE TEMP VIEW quotes AS SELECT *, 'speech' AS kind FROM main.quotes;")?;
        }
        Ok(Store { conn, actor_ids: actors::ActorIds::default() })
    }

    /// An in-memory database (tests).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn, actor_ids: actors::ActorIds::default() })
    }

    /// The content hash of an article: its id, metadata and text.
    pub fn content_hash(record: &herald_record::Record, text: &str) -> String {
        let a = &record.article;
        let mut h = blake3::Hasher::new();
        for part in [Some(a.id.as_str()), a.title.as_deref(), a.date.as_deref(), a.source.as_deref(), a.url.as_deref(), Some(text)] {
            h.update(part.unwrap_or("").as_bytes());
            h.update(&[0xff]);
        }
        h.finalize().to_hex().to_string()
    }

    /// Whether the derived tables wait for [`Store::finalize`] (articles were written since the
    /// last one, or an ingest was interrupted before it).
    pub fn needs_finalize(&self) -> Result<bool> {
        let state: Option<String> = self.conn.query_row("SELECT value FROM meta WHERE key = 'derived'", [], |r| r.get(0)).optional()?;
        Ok(state.as_deref() != Some("fresh"))
    }

    /// Whether an ingest stopped before finishing the derived tables (`meta.derived` is 'stale'):
    /// actors and statement groups may then miss what the last articles brought, and the query
    /// commands and the server say so.
    pub fn is_unfinished(&self) -> Result<bool> {
        let state: Option<String> = self.conn.query_row("SELECT value FROM meta WHERE key = 'derived'", [], |r| r.get(0)).optional()?;
        Ok(state.as_deref() == Some("stale"))
    }

    /// The numbers of actors and statement groups as stored.
    pub fn derived_counts(&self) -> Result<DerivedCounts> {
        let (n_actors, n_statements): (i64, i64) =
            self.conn
                .query_row("SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM statements)", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(DerivedCounts { n_actors: n_actors as u64, n_statements: n_statements as u64 })
    }

    /// Completes the derived tables after the writes of an ingest, in one transaction: bare
    /// surnames go to the person they now resolve to, actors whose entities moved or were
    /// deleted are recounted, and the speakers with new quotes have their statements regrouped.
    /// Costs in proportion to what changed, not to the corpus.
    pub fn finalize(&mut self) -> Result<DerivedCounts> {
        self.derive(false)
    }

    /// Puts every entity in its actor again (after a correction), then [`Store::finalize`].
    pub fn rebuild(&mut self) -> Result<DerivedCounts> {
        self.derive(true)
    }

    fn derive(&mut self, everything: bool) -> Result<DerivedCounts> {
        self.actor_ids.clear();
        let tx = self.conn.transaction()?;
        let mut laps = Laps::start();
        actors::resolve_surnames(&tx)?;
        laps.lap("surnames resolved");
        if everything {
            actors::reassign_all(&tx)?;
            laps.lap("entities reassigned");
        }
        actors::recount(&tx)?;
        laps.lap("actors recounted");
        variants::regroup(&tx)?;
        laps.lap("statements regrouped");
        mark_derived(&tx, true)?;
        tx.commit()?;
        laps.lap("derived tables committed");
        self.derived_counts()
    }

    /// Records that actor `b` is the same as actor `a` (by name); applied now and on every
    /// article written later.
    pub fn merge_actors(&mut self, a: &str, b: &str) -> Result<()> {
        let ka = self.actor_key(a)?;
        let kb = self.actor_key(b)?;
        self.conn.execute("INSERT OR IGNORE INTO actor_corrections(kind, a, b) VALUES ('merge', ?1, ?2)", (&ka, &kb))?;
        self.rebuild()?;
        Ok(())
    }

    /// Records that the entities named `alias` are not actor `a`; applied now and on every
    /// article written later.
    pub fn split_actor(&mut self, a: &str, alias: &str) -> Result<()> {
        let ka = self.actor_key(a)?;
        self.conn.execute("INSERT OR IGNORE INTO actor_corrections(kind, a, b) VALUES ('split', ?1, ?2)", (&ka, alias))?;
        self.rebuild()?;
        Ok(())
    }

    fn actor_key(&self, name: &str) -> Result<String> {
        let id = self.resolve_actor(name)?.ok_or_else(|| StoreError::NotFound(format!("no actor named {name:?}; see `herald actors`")))?;
        Ok(self.conn.query_row("SELECT key FROM actors WHERE id = ?1", [id], |r| r.get(0))?)
    }
}

/// The sizes of the derived tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DerivedCounts {
    /// Actors.
    pub n_actors: u64,
    /// Statement groups.
    pub n_statements: u64,
}

/// Logs, at debug level, the time since the previous lap: where `finalize` spends its time
/// (`herald -vv ingest …`).
pub(crate) struct Laps(std::time::Instant);

impl Laps {
    pub(crate) fn start() -> Laps {
        Laps(std::time::Instant::now())
    }

    pub(crate) fn lap(&mut self, what: &str) {
        tracing::debug!("{what}: {:.3} s", self.0.elapsed().as_secs_f64());
        self.0 = std::time::Instant::now();
    }
}

/// Records whether the derived tables (actors, statement groups) are complete ('fresh') or wait
/// for `finalize` ('stale').
pub(crate) fn mark_derived(conn: &rusqlite::Connection, fresh: bool) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('derived', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [if fresh { "fresh" } else { "stale" }],
    )?;
    Ok(())
}
