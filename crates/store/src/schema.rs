//! The database schema. `PRAGMA user_version` holds the schema version. Schema 2 keeps the
//! derived tables (actors, aliases, statements) up to date article by article; a schema 1 database
//! (regrouped from scratch after every ingest) is refused with the way out: ingest again. Schema 3
//! is schema 2 without the triggers that kept the full-text index: the writer keeps it (a trigger
//! makes SQLite open a savepoint per article, and FTS5 writes its pending index to disk at every
//! savepoint: one index segment per article, merged again and again); and entities are indexed by
//! key only when it is a bare surname. Schema 4 adds each quote's `kind` (speech, thought,
//! other). A schema 2 or 3 database is converted when opened for writing and read as it is (its
//! quotes read as speech, as their records say nothing else).

use rusqlite::Connection;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = 4;

/// The oldest schema this build reads (and converts when it writes).
pub const OLDEST_READABLE: i64 = 2;

const V3: &str = r#"
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    ext_id TEXT NOT NULL,
    path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT,
    date TEXT,
    date_origin TEXT,
    date_note TEXT,
    source TEXT,
    url TEXT,
    line INTEGER,
    language TEXT,
    text TEXT NOT NULL,
    record BLOB NOT NULL,
    extractor TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_key ON articles(ext_id, path);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_extractor ON articles(extractor);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    gender TEXT,
    government_of TEXT,
    n_mentions INTEGER NOT NULL,
    -- The entity's own actor key (`PERSON:donald trump`), before surname resolution and corrections.
    key TEXT NOT NULL,
    actor_id INTEGER
);
CREATE INDEX entities_actor ON entities(actor_id);
-- Entities are looked up by key only when a bare surname (`PERSON:clinton`) is resolved: the index
-- holds those alone (3 % of the entities), and the lookups repeat its condition word for word, as
-- SQLite requires to use it.
CREATE INDEX entities_surname ON entities(key) WHERE key GLOB 'PERSON:*' AND key NOT GLOB '* *';

CREATE TABLE mentions (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE roles (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    title TEXT,
    of TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX roles_entity ON roles(entity_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    text TEXT NOT NULL,
    direct INTEGER NOT NULL,
    content TEXT NOT NULL,
    cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
    speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
    speaker_entity INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    speaker_name TEXT,
    speaker_note TEXT,
    date TEXT,
    date_origin TEXT,
    kind TEXT NOT NULL DEFAULT 'speech',
    stage TEXT NOT NULL, rule TEXT NOT NULL, confidence REAL,
    statement_id INTEGER
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
CREATE INDEX quotes_statement ON quotes(statement_id);

CREATE TABLE times (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT
);
CREATE INDEX times_article ON times(article_id);

-- Derived (actors.rs): created when an article first names them, counts kept up to date by each
-- write; never edited directly.
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    n_mentions INTEGER NOT NULL,
    n_articles INTEGER NOT NULL,
    n_quotes INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT
);
CREATE INDEX actors_name ON actors(name COLLATE NOCASE);

-- `n`: name mentions written this way; `weight`: mentions of entities with this canonical name
-- (the candidates for the actor's name).
CREATE TABLE actor_aliases (
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    n INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    UNIQUE (actor_id, alias)
);
CREATE INDEX actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE);

-- Mentions of person keys by gender: who a bare surname (`Clinton`) is (derived).
CREATE TABLE person_keys (
    key TEXT NOT NULL,
    gender TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (key, gender)
) WITHOUT ROWID;

-- Where each bare surname (with the gender of its entities) went: the full name's key (derived).
CREATE TABLE surname_map (
    key TEXT NOT NULL,
    gender TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (key, gender)
) WITHOUT ROWID;

-- Actors whose counts must be recounted, and actors whose statements must be regrouped, by the
-- next `finalize` (work left by writes; empty when `meta.derived` is 'fresh').
CREATE TABLE dirty_actors (actor_id INTEGER PRIMARY KEY);
CREATE TABLE pending_actors (actor_id INTEGER PRIMARY KEY);

-- A user's corrections, by name: they apply to every article written later and survive re-ingest.
CREATE TABLE actor_corrections (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    UNIQUE (kind, a, b)
);

-- Statements: variants of one statement by one actor, grouped (derived). A statement's id is the
-- smallest id of its quotes; each quote starts as a statement of its own.
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER,
    quote_id INTEGER NOT NULL,
    n_variants INTEGER NOT NULL,
    first_date TEXT,
    -- The date statements are listed by: the representative quote's date, else its article's.
    sort_date TEXT
);
CREATE INDEX statements_actor ON statements(actor_id, sort_date, id);
CREATE INDEX statements_sort ON statements(sort_date, id);

-- Actors in the same articles are counted when asked (the actor page, the network), through this
-- index.
CREATE INDEX entities_article_actor ON entities(article_id, actor_id);

-- Who speaks about whom: the other people and organisations named inside a quote's content (the
-- network's speaks-about edges and their evidence; actors through the entities).
CREATE TABLE quote_mentions (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (quote_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX quote_mentions_entity ON quote_mentions(entity_id);

-- Kept by the writer (write.rs), not by triggers: see the module comment.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
-- Statements are searched through their article's full-text index and the `herald_has_words`
-- function (an FTS index of its own would double the cost of ingest for 20,000 short texts).

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"#;

/// Creates or migrates the schema; refuses a database newer than this build.
pub fn migrate(conn: &mut Connection) -> Result<(), crate::StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(crate::StoreError::TooNew { found: version, supported: SCHEMA_VERSION });
    }
    if version == 0 {
        let tx = conn.transaction()?;
        tx.execute_batch(V3)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
    } else if version < OLDEST_READABLE {
        return Err(crate::StoreError::TooOld { found: version });
    } else if version < SCHEMA_VERSION {
        let tx = conn.transaction()?;
        if version == 2 {
            tx.execute_batch(
                "DROP TRIGGER IF EXISTS articles_ai; DROP TRIGGER IF EXISTS articles_ad; DROP INDEX IF EXISTS entities_key;
                 CREATE INDEX IF NOT EXISTS entities_surname ON entities(key) WHERE key GLOB 'PERSON:*' AND key NOT GLOB '* *';",
            )?;
        }
        let has_kind: bool = tx.query_row("SELECT count(*) > 0 FROM pragma_table_info('quotes') WHERE name = 'kind'", [], |r| r.get(0))?;
        if !has_kind {
            tx.execute_batch("ALTER TABLE quotes ADD COLUMN kind TEXT NOT NULL DEFAULT 'speech';")?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
    }
    Ok(())
}
