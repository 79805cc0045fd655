//! The database schema and its migrations. `PRAGMA user_version` holds the schema version; each
//! migration moves one version forward inside a transaction.

use rusqlite::Connection;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

const V1: &str = r#"
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
    actor_id INTEGER
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_actor ON entities(actor_id);

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
    stage TEXT NOT NULL, rule TEXT NOT NULL, confidence REAL,
    statement_id INTEGER
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
CREATE INDEX quotes_date ON quotes(date);
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

-- Derived by `rebuild_actors` after each ingest; never edited directly.
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

CREATE TABLE actor_aliases (
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    n INTEGER NOT NULL
);
CREATE INDEX actor_aliases_actor ON actor_aliases(actor_id);
CREATE INDEX actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE);

-- A user's corrections, by name: they survive re-ingest and every rebuild.
CREATE TABLE actor_corrections (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    UNIQUE (kind, a, b)
);

-- Statements: variants of one statement by one actor, grouped (derived).
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

-- For each actor, the actors most often in the same articles (derived).
CREATE TABLE actor_links (
    actor_id INTEGER NOT NULL,
    other_id INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (actor_id, other_id)
) WITHOUT ROWID;
CREATE INDEX entities_article_actor ON entities(article_id, actor_id);

-- Who speaks about whom: a quote by one actor naming another inside its content (derived; the
-- network's speaks-about edges and their evidence).
CREATE TABLE actor_speech (
    speaker_id INTEGER NOT NULL,
    other_id INTEGER NOT NULL,
    quote_id INTEGER NOT NULL,
    PRIMARY KEY (speaker_id, other_id, quote_id)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
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
    if version < 1 {
        let tx = conn.transaction()?;
        tx.execute_batch(V1)?;
        tx.pragma_update(None, "user_version", 1)?;
        tx.commit()?;
    }
    Ok(())
}
