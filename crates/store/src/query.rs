//! Read queries shared by the CLI and the HTTP API: the same functions answer both, so the page
//! and the CLI never disagree. Every list takes a limit (capped) and an offset.

use crate::{Result, Store, StoreError};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

/// The largest page any list returns.
pub const MAX_LIMIT: u32 = 1000;

/// The people and organisations (those in the most articles) among which [`Store::network`]
/// counts co-occurrence.
pub const NETWORK_ACTORS: i64 = 500;

/// Filters common to lists.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// At most this many rows (capped at [`MAX_LIMIT`]).
    pub limit: u32,
    /// Skip this many rows.
    pub offset: u32,
}

impl Page {
    fn limit(&self) -> i64 {
        i64::from(if self.limit == 0 { 20 } else { self.limit.min(MAX_LIMIT) })
    }
    fn offset(&self) -> i64 {
        i64::from(self.offset)
    }
}

/// Corpus figures.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Stats {
    /// Articles stored.
    pub articles: i64,
    /// Distinct outlets.
    pub sources: i64,
    /// Earliest article date.
    pub first_date: Option<String>,
    /// Latest article date.
    pub last_date: Option<String>,
    /// Articles without a date.
    pub undated_articles: i64,
    /// Entities (per article).
    pub entities: i64,
    /// Actors (across articles).
    pub actors: i64,
    /// Quotes (statements as found, variants included).
    pub quotes: i64,
    /// Statements (variants folded).
    pub statements: i64,
    /// Time expressions.
    pub times: i64,
    /// Share of quotes whose speaker resolved to an entity (percent).
    pub quotes_with_speaker: f64,
    /// Extractor versions that produced the stored records.
    pub extractors: Vec<String>,
}

/// One actor in a list.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ActorSummary {
    /// Actor id.
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mentions in all articles.
    pub mentions: i64,
    /// Articles that mention the actor.
    pub articles: i64,
    /// Quotes attributed to the actor.
    pub quotes: i64,
    /// First article date.
    pub first_date: Option<String>,
    /// Last article date.
    pub last_date: Option<String>,
    /// The most frequent roles (`President of United States`).
    pub roles: Vec<String>,
}

/// Filters for the actor list.
#[derive(Clone, Debug, Default)]
pub struct ActorFilter {
    /// Only this type (`PERSON`, `ORG`, `GPE`, ...).
    pub kind: Option<String>,
    /// Name or alias containing this text.
    pub q: Option<String>,
    /// Only actors seen on or after this date.
    pub since: Option<String>,
    /// Only actors seen on or before this date.
    pub until: Option<String>,
    /// Order by quotes instead of mentions.
    pub by_quotes: bool,
    /// Paging.
    pub page: Page,
}

/// A piece of evidence: where in which article.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Evidence {
    /// Article id.
    pub article_id: i64,
    /// First code point.
    pub start: i64,
    /// One past the last.
    pub end: i64,
    /// The covered text.
    pub text: String,
}

/// A role an actor was seen with.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RoleSeen {
    /// Title, or null for a bare affiliation.
    pub title: Option<String>,
    /// Of what.
    pub of: Option<String>,
    /// How often.
    pub times: i64,
    /// First article date with this role.
    pub first_date: Option<String>,
    /// Last article date with this role.
    pub last_date: Option<String>,
    /// One place it was said.
    pub evidence: Evidence,
}

/// An actor often in the same articles.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CoActor {
    /// Actor id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Shared articles.
    pub articles: i64,
}

/// A statement (variants folded) as lists show it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StatementRow {
    /// Statement id.
    pub statement_id: i64,
    /// The representative quote.
    pub quote_id: i64,
    /// Its text.
    pub text: String,
    /// Direct quote.
    pub direct: bool,
    /// The date it was made or refers to.
    pub date: Option<String>,
    /// Where that date came from (`sentence`, `governing`, `article`).
    pub date_origin: Option<String>,
    /// The speaker's canonical name, if resolved.
    pub speaker: Option<String>,
    /// The speaker's actor id.
    pub speaker_actor_id: Option<i64>,
    /// The source mention as written.
    pub speaker_text: Option<String>,
    /// Why there is no speaker, if there is none.
    pub speaker_note: Option<String>,
    /// The cue.
    pub cue: Option<String>,
    /// The article.
    pub article_id: i64,
    /// Its title.
    pub article_title: Option<String>,
    /// Its outlet.
    pub source: Option<String>,
    /// Its date.
    pub article_date: Option<String>,
    /// How many quotes say this (1 when no variants).
    pub variants: i64,
    /// Content spans in the article (code points).
    pub content: serde_json::Value,
    /// Confidence of the extraction.
    pub confidence: Option<f64>,
    /// `speech`, `thought` or `other`.
    pub kind: String,
    /// Which rule or model made it.
    pub rule: String,
}

/// Everything about one actor.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ActorDetail {
    /// The actor.
    pub actor: ActorSummary,
    /// Names and forms used for it, with counts.
    pub aliases: Vec<(String, i64)>,
    /// Roles with dates and evidence.
    pub roles: Vec<RoleSeen>,
    /// Actors most often in the same articles.
    pub co_actors: Vec<CoActor>,
    /// Latest statements.
    pub statements: Vec<StatementRow>,
}

/// Filters for statements.
#[derive(Clone, Debug)]
pub struct QuoteFilter {
    /// Only statements of this kind (`speech`, `thought`, `other`); `None` for every kind. Speech
    /// by default: what people read as "who said what".
    pub kind: Option<String>,
    /// The speaker (name, alias or actor id).
    pub speaker: Option<String>,
    /// Full-text words the statement must contain.
    pub about: Option<String>,
    /// Only direct quotes.
    pub direct_only: bool,
    /// On or after this date.
    pub since: Option<String>,
    /// On or before this date.
    pub until: Option<String>,
    /// Oldest first (timelines) instead of newest first.
    pub oldest_first: bool,
    /// Only dated statements.
    pub dated_only: bool,
    /// Paging.
    pub page: Page,
}

impl Default for QuoteFilter {
    fn default() -> QuoteFilter {
        QuoteFilter {
            kind: Some("speech".to_string()),
            speaker: None,
            about: None,
            direct_only: false,
            since: None,
            until: None,
            oldest_first: false,
            dated_only: false,
            page: Page::default(),
        }
    }
}

/// A search result.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SearchHit {
    /// `article` or `quote`.
    pub kind: String,
    /// Article id.
    pub article_id: i64,
    /// Quote id for quote hits.
    pub quote_id: Option<i64>,
    /// Article title.
    pub title: Option<String>,
    /// Snippet with matches between `[` and `]`.
    pub snippet: String,
    /// bm25 rank (lower is better).
    pub rank: f64,
}

/// One article with its facts (for the article view).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArticleDetail {
    /// Article id.
    pub id: i64,
    /// The extraction record, with the text.
    pub record: serde_json::Value,
    /// Actor ids of the record's entities (`E1` → actor id).
    pub entity_actors: std::collections::BTreeMap<String, i64>,
}

/// An article in a list.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ArticleSummary {
    /// Article id.
    pub id: i64,
    /// Its own id.
    pub ext_id: String,
    /// Title.
    pub title: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Quotes in it.
    pub quotes: i64,
}

/// Filters for articles.
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    /// Full-text words.
    pub q: Option<String>,
    /// On or after this date.
    pub since: Option<String>,
    /// On or before this date.
    pub until: Option<String>,
    /// Only this outlet.
    pub source: Option<String>,
    /// Paging.
    pub page: Page,
}

/// The lower-cased words of a text (letters, digits, inner apostrophes and hyphens).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// True when every word of `query` is a word of `text` (case-insensitive), as FTS5 would match.
///
/// Called once per candidate statement in searches, so it walks the text without allocating
/// (a word is lower-cased only when it is not ASCII) and stops once every word is found.
pub fn has_words(text: &str, query: &str) -> bool {
    let mut wanted = words(query);
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() || wanted.len() > 64 {
        return !wanted.is_empty() && {
            let have: rustc_hash::FxHashSet<String> = words(text).into_iter().collect();
            wanted.iter().all(|w| have.contains(w))
        };
    }
    let all = if wanted.len() == 64 { u64::MAX } else { (1u64 << wanted.len()) - 1 };
    let mut found = 0u64;
    for raw in text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-') {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        for (i, want) in wanted.iter().enumerate() {
            let same = if w.is_ascii() { w.eq_ignore_ascii_case(want) } else { w.to_lowercase() == *want };
            if same {
                found |= 1 << i;
            }
        }
        if found == all {
            return true;
        }
    }
    false
}

/// A snippet of `text` around the first query word, matches between `[` and `]`.
pub fn snippet(text: &str, query: &str, max_words: usize) -> String {
    let wanted: rustc_hash::FxHashSet<String> = words(query).into_iter().collect();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let is_hit = |t: &str| wanted.contains(&t.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let first = tokens.iter().position(|t| is_hit(t)).unwrap_or(0);
    let start = first.saturating_sub(max_words / 3);
    let end = (start + max_words).min(tokens.len());
    let mut out: Vec<String> = tokens[start..end].iter().map(|t| if is_hit(t) { format!("[{t}]") } else { (*t).to_string() }).collect();
    if start > 0 {
        out.insert(0, "…".to_string());
    }
    if end < tokens.len() {
        out.push("…".to_string());
    }
    out.join(" ")
}

/// Registers `herald_has_words(text, query)` and `herald_snippet(text, query)` on a connection.
pub(crate) fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("herald_has_words", 2, flags, |ctx| {
        // Borrowed, not copied: this runs for every candidate row.
        let text = ctx.get_raw(0).as_str().unwrap_or("");
        let query = ctx.get_raw(1).as_str().unwrap_or("");
        Ok(has_words(text, query))
    })?;
    conn.create_scalar_function("herald_snippet", 2, flags, |ctx| {
        let text: String = ctx.get(0)?;
        let query: String = ctx.get(1)?;
        Ok(snippet(&text, &query, 24))
    })?;
    Ok(())
}

/// Turns user words into an FTS5 query: each word quoted (no FTS syntax reaches SQLite), all
/// required.
pub fn fts_query(words: &str) -> Option<String> {
    let terms: Vec<String> = words
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

fn statement_row(r: &Row) -> rusqlite::Result<StatementRow> {
    let content: String = r.get("content")?;
    Ok(StatementRow {
        statement_id: r.get("statement_id")?,
        quote_id: r.get("quote_id")?,
        text: r.get("text")?,
        direct: r.get("direct")?,
        date: r.get("date")?,
        date_origin: r.get("date_origin")?,
        speaker: r.get("speaker")?,
        speaker_actor_id: r.get("speaker_actor_id")?,
        speaker_text: r.get("speaker_text")?,
        speaker_note: r.get("speaker_note")?,
        cue: r.get("cue_text")?,
        article_id: r.get("article_id")?,
        article_title: r.get("title")?,
        source: r.get("source")?,
        article_date: r.get("article_date")?,
        variants: r.get("n_variants")?,
        content: serde_json::from_str(&content).unwrap_or(serde_json::Value::Null),
        confidence: r.get("confidence")?,
        rule: r.get("rule")?,
        kind: r.get("kind")?,
    })
}

const STATEMENT_SELECT: &str = "SELECT s.id AS statement_id, q.id AS quote_id, q.text, q.direct, q.date, q.date_origin,
    a2.name AS speaker, a2.id AS speaker_actor_id, q.speaker_text, q.speaker_note, q.cue_text, q.article_id, ar.title,
    ar.source, ar.date AS article_date, s.n_variants, q.content, q.confidence, q.rule, q.kind
    FROM statements s
    JOIN quotes q ON q.id = s.quote_id
    JOIN articles ar ON ar.id = q.article_id
    LEFT JOIN actors a2 ON a2.id = s.actor_id";

/// The filter of [`Store::statements`]: ?1 speaker actor, ?2 FTS query, ?3 direct only, ?4 since,
/// ?5 until (a prefix: `2016` includes all of 2016), ?6 dated only, ?9 the words of `about`, ?10
/// the kind (NULL: every kind).
/// `{speaker}` is `s.actor_id = ?1` with a speaker (so the planner uses the actor index) and
/// `?1 IS NULL` without.
const STATEMENT_WHERE: &str = "WHERE {speaker}
    AND (?2 IS NULL OR s.id IN (SELECT q2.statement_id FROM quotes q2
         WHERE q2.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?2) AND herald_has_words(q2.text, ?9)))
    AND (?3 = 0 OR q.direct = 1)
    AND (?4 IS NULL OR s.sort_date >= ?4)
    AND (?5 IS NULL OR substr(s.sort_date, 1, length(?5)) <= ?5)
    AND (?6 = 0 OR s.sort_date IS NOT NULL)
    AND (?10 IS NULL OR q.kind = ?10)";

fn actor_summary(r: &Row) -> rusqlite::Result<ActorSummary> {
    Ok(ActorSummary {
        id: r.get("id")?,
        name: r.get("name")?,
        kind: r.get("type")?,
        mentions: r.get("n_mentions")?,
        articles: r.get("n_articles")?,
        quotes: r.get("n_quotes")?,
        first_date: r.get("first_date")?,
        last_date: r.get("last_date")?,
        roles: Vec::new(),
    })
}

impl Store {
    /// Corpus figures.
    pub fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let one = |sql: &str| -> Result<i64> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
        // Two queries, so each is one step down the date index.
        let first_date: Option<String> = c.query_row("SELECT min(date) FROM articles", [], |r| r.get(0))?;
        let last_date: Option<String> = c.query_row("SELECT max(date) FROM articles", [], |r| r.get(0))?;
        let quotes = one("SELECT count(*) FROM quotes")?;
        let with_speaker = one("SELECT count(*) FROM quotes WHERE speaker_entity IS NOT NULL")?;
        let mut stmt = c.prepare("SELECT DISTINCT extractor FROM articles ORDER BY extractor")?;
        let extractors = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Stats {
            articles: one("SELECT count(*) FROM articles")?,
            sources: one("SELECT count(DISTINCT source) FROM articles")?,
            first_date,
            last_date,
            undated_articles: one("SELECT count(*) FROM articles WHERE date IS NULL")?,
            entities: one("SELECT count(*) FROM entities")?,
            actors: one("SELECT count(*) FROM actors")?,
            quotes,
            statements: one("SELECT count(*) FROM statements")?,
            times: one("SELECT count(*) FROM times")?,
            quotes_with_speaker: if quotes > 0 { 100.0 * with_speaker as f64 / quotes as f64 } else { 0.0 },
            extractors,
        })
    }

    /// The id of the actor a user means by `name`: an actor id, an exact name, an exact alias (the
    /// actor using it most), or a surname (`Trump` → the most mentioned `… Trump`).
    pub fn resolve_actor(&self, name: &str) -> Result<Option<i64>> {
        let c = &self.conn;
        let name = name.trim();
        if let Ok(id) = name.parse::<i64>()
            && let Some(id) = c.query_row("SELECT id FROM actors WHERE id = ?1", [id], |r| r.get(0)).optional()?
        {
            return Ok(Some(id));
        }
        // Every actor the name can mean (exact name, alias, surname of a full name); the most
        // mentioned wins, so `Trump` is Donald Trump, not a Trump organisation or Donald Trump Jr.
        let pattern = format!("% {}", name.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        Ok(c.query_row(
            "SELECT a.id FROM actors a WHERE a.name = ?1 COLLATE NOCASE
               OR a.id IN (SELECT actor_id FROM actor_aliases WHERE alias = ?1 COLLATE NOCASE AND n > 0)
               OR (a.type = 'PERSON' AND a.name LIKE ?2 ESCAPE '\\')
             ORDER BY (a.name = ?1 COLLATE NOCASE AND a.type = 'PERSON') DESC, a.n_mentions DESC, a.id LIMIT 1",
            params![name, pattern],
            |r| r.get(0),
        )
        .optional()?)
    }

    /// The other actors a name could mean, most mentioned first (at most five): for `Clinton`,
    /// which is Hillary Clinton, `Bill Clinton` and `Chelsea Clinton`. Empty for an id or a name
    /// that only one actor has.
    pub fn other_actors_named(&self, name: &str) -> Result<Vec<String>> {
        let name = name.trim();
        let Some(chosen) = self.resolve_actor(name)? else { return Ok(Vec::new()) };
        if name.parse::<i64>().is_ok() {
            return Ok(Vec::new());
        }
        let pattern = format!("% {}", name.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.name FROM actors a WHERE a.id != ?3 AND a.n_mentions > 0 AND (a.name = ?1 COLLATE NOCASE
               OR a.id IN (SELECT actor_id FROM actor_aliases WHERE alias = ?1 COLLATE NOCASE AND n > 0)
               OR (a.type = 'PERSON' AND a.name LIKE ?2 ESCAPE '\\'))
             ORDER BY a.n_mentions DESC, a.id LIMIT 5",
        )?;
        let rows = stmt.query_map(params![name, pattern, chosen], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// The actor's three most frequent roles, as `title (of)`, titles normalised
    /// ([`normalize_title`]). A title seen without its country
    /// or organisation borrows the actor's one affiliation when the articles give exactly one
    /// (`Ukraine's Volodymyr Zelensky` … `President Zelensky` → `President (Ukraine)`).
    fn roles_summary(&self, actor_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.title, r.of, count(*) AS n FROM roles r JOIN entities e ON e.id = r.entity_id
             WHERE e.actor_id = ?1 AND (r.title IS NOT NULL OR r.of IS NOT NULL)
             GROUP BY r.title, r.of ORDER BY n DESC, r.title",
        )?;
        let raw = stmt
            .query_map([actor_id], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // One row per title as people write it (`Sen.`, `Senator` and `senator` are one), most
        // frequent first.
        let mut counts: Vec<(Option<String>, Option<String>, i64)> = Vec::new();
        for (title, of, n) in raw {
            let mut title = title.as_deref().map(normalize_title).filter(|t| !t.is_empty());
            // `former President` read as a president of `Former`: the word is the title's.
            let of = match of {
                Some(o) if o.eq_ignore_ascii_case("former") => {
                    title = title.map(|t| format!("Former {t}"));
                    None
                }
                other => other,
            };
            if title.is_none() && of.is_none() {
                continue;
            }
            match counts.iter_mut().find(|(t, o, _)| *t == title && *o == of) {
                Some(row) => row.2 += n,
                None => counts.push((title, of, n)),
            }
        }
        counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let rows: Vec<(Option<String>, Option<String>)> = counts.into_iter().map(|(t, o, _)| (t, o)).collect();
        let mut affiliations = rows.iter().filter(|(title, _)| title.is_none()).filter_map(|(_, of)| of.as_deref());
        let only_affiliation = match (affiliations.next(), affiliations.next()) {
            (Some(of), None) => Some(of),
            _ => None,
        };
        let mut out: Vec<String> = Vec::new();
        for (title, of) in &rows {
            let Some(title) = title else { continue };
            let label = match of.as_deref().or(only_affiliation) {
                Some(of) => format!("{title} ({of})"),
                None => title.clone(),
            };
            if !out.contains(&label) {
                out.push(label);
            }
            if out.len() == 3 {
                break;
            }
        }
        Ok(out)
    }

    /// Actors by mentions (or quotes), with filters.
    pub fn actors(&self, filter: &ActorFilter) -> Result<Vec<ActorSummary>> {
        let order = if filter.by_quotes { "n_quotes DESC, n_mentions DESC" } else { "n_mentions DESC, n_quotes DESC" };
        let sql = format!(
            "SELECT * FROM actors a WHERE (?1 IS NULL OR a.type = ?1)
             AND (?2 IS NULL OR a.name LIKE ('%' || ?2 || '%') OR EXISTS (SELECT 1 FROM actor_aliases al WHERE al.actor_id = a.id AND al.alias LIKE ('%' || ?2 || '%')))
             AND (?3 IS NULL OR a.last_date >= ?3) AND (?4 IS NULL OR a.first_date <= ?4)
             ORDER BY {order}, a.id LIMIT ?5 OFFSET ?6"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![filter.kind, filter.q, filter.since, filter.until, filter.page.limit(), filter.page.offset()],
            actor_summary,
        )?;
        let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        for a in &mut out {
            a.roles = self.roles_summary(a.id)?;
        }
        Ok(out)
    }

    /// The summaries of actors by id (without roles), in the order asked; unknown ids are left out.
    pub fn actor_summaries(&self, ids: &[i64]) -> Result<Vec<ActorSummary>> {
        let mut stmt = self.conn.prepare_cached("SELECT * FROM actors WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(a) = stmt.query_row([id], actor_summary).optional()? {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Everything about one actor (by id, name, alias or surname).
    pub fn actor(&self, name: &str, statements: &Page) -> Result<ActorDetail> {
        let id = self.resolve_actor(name)?.ok_or_else(|| StoreError::NotFound(format!("no actor named {name:?}; see `herald actors`")))?;
        let c = &self.conn;
        let mut actor = c.query_row("SELECT * FROM actors WHERE id = ?1", [id], actor_summary)?;
        actor.roles = self.roles_summary(id)?;
        let mut stmt = c.prepare_cached("SELECT alias, n FROM actor_aliases WHERE actor_id = ?1 ORDER BY n DESC, alias")?;
        let aliases = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = c.prepare_cached(
            "SELECT r.title, r.of, count(*), min(ar.date), max(ar.date), min(e.article_id), min(r.start), min(r.end), min(r.text)
             FROM roles r JOIN entities e ON e.id = r.entity_id JOIN articles ar ON ar.id = e.article_id
             WHERE e.actor_id = ?1 GROUP BY r.title, r.of ORDER BY count(*) DESC, r.title LIMIT 20",
        )?;
        let roles = stmt
            .query_map([id], |r| {
                Ok(RoleSeen {
                    title: r.get(0)?,
                    of: r.get(1)?,
                    times: r.get(2)?,
                    first_date: r.get(3)?,
                    last_date: r.get(4)?,
                    evidence: Evidence { article_id: r.get(5)?, start: r.get(6)?, end: r.get(7)?, text: r.get(8)? },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Counted when asked, through the (article, actor) index: a few thousand rows for the
        // most frequent actor of a thousand articles.
        let mut stmt = c.prepare_cached(
            "SELECT a.id, a.name, a.type, l.articles FROM
               (SELECT e2.actor_id AS other_id, count(DISTINCT e2.article_id) AS articles
                FROM (SELECT DISTINCT article_id FROM entities WHERE actor_id = ?1) mine
                JOIN entities e2 ON e2.article_id = mine.article_id
                WHERE e2.actor_id IS NOT NULL AND e2.actor_id != ?1 GROUP BY e2.actor_id) l
             JOIN actors a ON a.id = l.other_id
             ORDER BY l.articles DESC, a.n_mentions DESC, a.id LIMIT 10",
        )?;
        let co_actors = stmt
            .query_map([id], |r| Ok(CoActor { id: r.get(0)?, name: r.get(1)?, kind: r.get(2)?, articles: r.get(3)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let statements =
            self.statements(&QuoteFilter { speaker: Some(id.to_string()), page: statements.clone(), ..QuoteFilter::default() })?;
        Ok(ActorDetail { actor, aliases, roles, co_actors, statements })
    }

    /// The speaker's actor id and the full-text query of a statement filter; `None` when the
    /// words cannot match anything (so there is nothing to ask).
    fn statement_params(&self, filter: &QuoteFilter) -> Result<Option<(Option<i64>, Option<String>)>> {
        let speaker = match &filter.speaker {
            Some(name) => Some(
                self.resolve_actor(name)?.ok_or_else(|| StoreError::NotFound(format!("no actor named {name:?}; see `herald actors`")))?,
            ),
            None => None,
        };
        let about = filter.about.as_deref().and_then(fts_query);
        if filter.about.is_some() && about.is_none() {
            return Ok(None);
        }
        Ok(Some((speaker, about)))
    }

    /// [`STATEMENT_WHERE`] for a filter with or without a speaker.
    fn statement_where(speaker: Option<i64>) -> String {
        STATEMENT_WHERE.replace("{speaker}", if speaker.is_some() { "s.actor_id = ?1" } else { "?1 IS NULL" })
    }

    /// Statements (variants folded), newest first (or oldest first for timelines).
    pub fn statements(&self, filter: &QuoteFilter) -> Result<Vec<StatementRow>> {
        let mut rows = Vec::new();
        self.statements_paged(filter, filter.oldest_first, filter.page.limit(), filter.page.offset(), |row| {
            rows.push(row);
            Ok::<(), StoreError>(())
        })?;
        Ok(rows)
    }

    /// Every statement matching `filter` (its page ignored), oldest first, handed one by one to
    /// `each` as SQLite reads them: an export of any size in constant memory. Returns how many.
    pub fn each_statement<E: From<StoreError>>(
        &self,
        filter: &QuoteFilter,
        each: impl FnMut(StatementRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        // LIMIT -1: no limit.
        self.statements_paged(filter, true, -1, 0, each)
    }

    /// The statements of `filter` in date order, `limit` (-1: all) from `offset`, to `each`.
    fn statements_paged<E: From<StoreError>>(
        &self,
        filter: &QuoteFilter,
        oldest_first: bool,
        limit: i64,
        offset: i64,
        mut each: impl FnMut(StatementRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let Some((speaker, about)) = self.statement_params(filter)? else { return Ok(0) };
        let order = if oldest_first { "ASC" } else { "DESC" };
        let sql =
            format!("{STATEMENT_SELECT} {} ORDER BY s.sort_date {order}, s.id {order} LIMIT ?7 OFFSET ?8", Self::statement_where(speaker));
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params![
                speaker,
                about,
                filter.direct_only,
                filter.since,
                filter.until,
                filter.dated_only,
                limit,
                offset,
                filter.about,
                filter.kind
            ])
            .map_err(StoreError::from)?;
        let mut n = 0;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            each(statement_row(row).map_err(StoreError::from)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// How many statements match `filter` (its page ignored) per month, `YYYY-MM` ascending; for
    /// the timeline charts, so a chart and its list always agree.
    pub fn statement_months(&self, filter: &QuoteFilter) -> Result<Vec<(String, i64)>> {
        let Some((speaker, about)) = self.statement_params(filter)? else { return Ok(Vec::new()) };
        let sql = format!(
            "SELECT substr(s.sort_date, 1, 7) AS month, count(*) FROM statements s
             JOIN quotes q ON q.id = s.quote_id
             {} AND length(s.sort_date) >= 7 AND ?7 >= 0 AND ?8 >= 0
             GROUP BY month ORDER BY month",
            Self::statement_where(speaker)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![speaker, about, filter.direct_only, filter.since, filter.until, filter.dated_only, 0, 0, filter.about, filter.kind],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The variants of a statement (all its quotes).
    pub fn variants(&self, statement_id: i64) -> Result<Vec<StatementRow>> {
        let sql = "SELECT s.id AS statement_id, q.id AS quote_id, q.text, q.direct, q.date, q.date_origin, a2.name AS speaker,
             a2.id AS speaker_actor_id, q.speaker_text, q.speaker_note, q.cue_text, q.article_id, ar.title, ar.source,
             ar.date AS article_date, s.n_variants, q.content, q.confidence, q.rule, q.kind
             FROM quotes q JOIN statements s ON s.id = q.statement_id JOIN articles ar ON ar.id = q.article_id
             LEFT JOIN actors a2 ON a2.id = s.actor_id WHERE s.id = ?1 ORDER BY q.id"
            .to_string();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([statement_id], statement_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Full-text search over articles and statements, best first.
    pub fn search(&self, words: &str, page: &Page) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(words) else { return Ok(Vec::new()) };
        // Rank every hit first and build snippets only for the page shown: a snippet re-reads
        // its article, and a common word matches hundreds of them.
        let mut stmt = self.conn.prepare_cached(
            "WITH hits AS (
               SELECT 'article' AS kind, articles_fts.rowid AS article_id, NULL AS quote_id, bm25(articles_fts) AS rank
               FROM articles_fts WHERE articles_fts MATCH ?1
               UNION ALL
               SELECT 'quote', q.article_id, q.id, bm25(articles_fts) - 1.0
               FROM articles_fts JOIN quotes q ON q.article_id = articles_fts.rowid
               WHERE articles_fts MATCH ?1 AND herald_has_words(q.text, ?4)
             ), page AS (
               SELECT * FROM hits ORDER BY rank, kind, article_id, quote_id LIMIT ?2 OFFSET ?3
             )
             SELECT p.kind, p.article_id, p.quote_id, a.title,
                    CASE WHEN p.kind = 'article'
                         THEN (SELECT snippet(articles_fts, 1, '[', ']', '…', 16) FROM articles_fts
                               WHERE articles_fts MATCH ?1 AND articles_fts.rowid = p.article_id)
                         ELSE herald_snippet(q.text, ?4) END,
                    p.rank
             FROM page p JOIN articles a ON a.id = p.article_id LEFT JOIN quotes q ON q.id = p.quote_id
             ORDER BY p.rank, p.kind, p.article_id, p.quote_id",
        )?;
        let rows = stmt.query_map(params![q, page.limit(), page.offset(), words], |r| {
            Ok(SearchHit {
                kind: r.get(0)?,
                article_id: r.get(1)?,
                quote_id: r.get(2)?,
                title: r.get(3)?,
                snippet: r.get(4)?,
                rank: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Articles, newest first.
    pub fn articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>> {
        let q = filter.q.as_deref().and_then(fts_query);
        if filter.q.is_some() && q.is_none() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.ext_id, a.title, a.date, a.source, (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
             FROM articles a
             WHERE (?1 IS NULL OR a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1))
             AND (?2 IS NULL OR a.date >= ?2) AND (?3 IS NULL OR a.date <= ?3) AND (?4 IS NULL OR a.source = ?4)
             ORDER BY a.date DESC, a.id DESC LIMIT ?5 OFFSET ?6",
        )?;
        let rows =
            stmt.query_map(params![q, filter.since, filter.until, filter.source, filter.page.limit(), filter.page.offset()], |r| {
                Ok(ArticleSummary {
                    id: r.get(0)?,
                    ext_id: r.get(1)?,
                    title: r.get(2)?,
                    date: r.get(3)?,
                    source: r.get(4)?,
                    quotes: r.get(5)?,
                })
            })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One article with its record and text.
    pub fn article(&self, id: i64) -> Result<ArticleDetail> {
        let (record, text): (Vec<u8>, String) = self
            .conn
            .query_row("SELECT record, text FROM articles WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no article {id}")))?;
        let mut record = crate::write::decode_record(&record)?;
        record["text"] = serde_json::Value::String(text);
        let mut stmt =
            self.conn.prepare_cached("SELECT local_id, actor_id FROM entities WHERE article_id = ?1 AND actor_id IS NOT NULL")?;
        let entity_actors = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(ArticleDetail { id, record, entity_actors })
    }

    /// Pairs of actors in the same articles (co-occurrence), strongest first, with the number of
    /// shared articles; and pairs where one speaks about the other (the other's name in the
    /// speaker's quote), with the quotes as evidence. Co-occurrence is counted when asked, among
    /// the [`NETWORK_ACTORS`] people and organisations in the most articles.
    pub fn network(&self, min_articles: i64, page: &Page) -> Result<Vec<NetworkEdge>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.article_id, e.actor_id FROM
               (SELECT id FROM actors WHERE type IN ('PERSON', 'ORG') ORDER BY n_articles DESC, id LIMIT ?1) top
             JOIN entities e ON e.actor_id = top.id
             GROUP BY e.article_id, e.actor_id ORDER BY e.article_id, e.actor_id",
        )?;
        let mut pairs: rustc_hash::FxHashMap<(i64, i64), i64> = rustc_hash::FxHashMap::default();
        let mut article: Vec<i64> = Vec::new();
        let mut current = None;
        let mut count = |actors: &[i64]| {
            for (i, &a) in actors.iter().enumerate() {
                for &b in &actors[i + 1..] {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        };
        let mut rows = stmt.query([NETWORK_ACTORS])?;
        while let Some(r) = rows.next()? {
            let (article_id, actor): (i64, i64) = (r.get(0)?, r.get(1)?);
            if current != Some(article_id) {
                count(&article);
                article.clear();
                current = Some(article_id);
            }
            article.push(actor);
        }
        count(&article);
        let mut edges: Vec<NetworkEdge> = pairs
            .into_iter()
            .filter(|&(_, n)| n >= min_articles)
            .map(|((a, b), n)| NetworkEdge { source: a, target: b, kind: "co-occurrence".to_string(), weight: n })
            .collect();
        edges.sort_unstable_by(|x, y| y.weight.cmp(&x.weight).then(x.source.cmp(&y.source)).then(x.target.cmp(&y.target)));
        let mut edges: Vec<NetworkEdge> = edges.into_iter().skip(page.offset() as usize).take(page.limit() as usize).collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT se.actor_id, oe.actor_id, count(DISTINCT qm.quote_id) AS n FROM quote_mentions qm
             JOIN quotes q ON q.id = qm.quote_id JOIN entities se ON se.id = q.speaker_entity JOIN entities oe ON oe.id = qm.entity_id
             WHERE se.actor_id IS NOT NULL AND oe.actor_id IS NOT NULL AND se.actor_id != oe.actor_id
             GROUP BY se.actor_id, oe.actor_id ORDER BY n DESC, se.actor_id, oe.actor_id LIMIT ?1",
        )?;
        let about = stmt
            .query_map([page.limit()], |r| {
                Ok(NetworkEdge { source: r.get(0)?, target: r.get(1)?, kind: "speaks-about".to_string(), weight: r.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        edges.extend(about);
        Ok(edges)
    }

    /// The evidence behind an edge: the sentences or quotes that connect two actors.
    pub fn edge_evidence(&self, a: i64, b: i64, kind: &str, page: &Page) -> Result<Vec<EdgeEvidence>> {
        if kind == "speaks-about" {
            let mut stmt = self.conn.prepare_cached(
                "SELECT q.article_id, ar.title, q.text, q.id FROM quotes q JOIN articles ar ON ar.id = q.article_id
                 WHERE q.speaker_entity IN (SELECT id FROM entities WHERE actor_id = ?1)
                 AND EXISTS (SELECT 1 FROM quote_mentions qm JOIN entities oe ON oe.id = qm.entity_id WHERE qm.quote_id = q.id AND oe.actor_id = ?2)
                 ORDER BY q.id LIMIT ?3 OFFSET ?4",
            )?;
            let rows = stmt.query_map(params![a, b, page.limit(), page.offset()], |r| {
                Ok(EdgeEvidence { article_id: r.get(0)?, title: r.get(1)?, text: r.get(2)?, quote_id: r.get(3)? })
            })?;
            return Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT ar.id, ar.title, substr(ar.text, 1, 0), NULL FROM articles ar
             WHERE EXISTS (SELECT 1 FROM entities e WHERE e.article_id = ar.id AND e.actor_id = ?1)
             AND EXISTS (SELECT 1 FROM entities e WHERE e.article_id = ar.id AND e.actor_id = ?2)
             ORDER BY ar.date DESC, ar.id LIMIT ?3 OFFSET ?4",
        )?;
        let articles: Vec<(i64, Option<String>)> =
            stmt.query_map(params![a, b, page.limit(), page.offset()], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (article_id, title) in articles {
            out.push(EdgeEvidence { article_id, title, text: self.shared_sentence(article_id, a, b)?, quote_id: None });
        }
        Ok(out)
    }

    /// The first sentence of an article that mentions both actors (else the first mentioning one).
    fn shared_sentence(&self, article_id: i64, a: i64, b: i64) -> Result<String> {
        let (record, text): (Vec<u8>, String) =
            self.conn.query_row("SELECT record, text FROM articles WHERE id = ?1", [article_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let record = crate::write::decode_record(&record)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.actor_id, m.start, m.end FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.article_id = ?1 AND e.actor_id IN (?2, ?3)",
        )?;
        let mentions: Vec<(i64, i64, i64)> =
            stmt.query_map(params![article_id, a, b], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let chars: Vec<char> = text.chars().collect();
        let sentences = record["sentences"].as_array().cloned().unwrap_or_default();
        let mut fallback = None;
        for s in &sentences {
            let (start, end) = (s["start"].as_i64().unwrap_or(0), s["end"].as_i64().unwrap_or(0));
            let has = |who: i64| mentions.iter().any(|m| m.0 == who && m.1 >= start && m.2 <= end);
            let slice = || chars[start.max(0) as usize..(end as usize).min(chars.len())].iter().collect::<String>();
            if has(a) && has(b) {
                return Ok(slice());
            }
            if fallback.is_none() && (has(a) || has(b)) {
                fallback = Some(slice());
            }
        }
        Ok(fallback.unwrap_or_default())
    }
}

/// An edge of the actor network.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkEdge {
    /// One actor.
    pub source: i64,
    /// The other (for `speaks-about`: the one spoken about).
    pub target: i64,
    /// `co-occurrence` or `speaks-about`.
    pub kind: String,
    /// Shared articles, or quotes.
    pub weight: i64,
}

/// Evidence for an edge.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EdgeEvidence {
    /// The article.
    pub article_id: i64,
    /// Its title.
    pub title: Option<String>,
    /// The sentence or quote.
    pub text: String,
    /// The quote, for `speaks-about`.
    pub quote_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_words_matches_whole_words_in_any_case() {
        assert!(has_words("Trump said the WALL would be built.", "wall trump"));
        assert!(has_words("“Émigrés’ rights,” she said", "émigrés’"));
        assert!(has_words("a well-known fact", "well-known"));
        assert!(!has_words("the wallet was lost", "wall"));
        assert!(!has_words("Trump spoke", "trump wall"));
        assert!(!has_words("anything", " ,;"));
        assert!(has_words("ÉTAT de droit", "état"));
    }

    #[test]
    fn has_words_agrees_with_the_word_set() {
        let texts = [
            "Mr. O'Neill's plan — “no deal” — failed, Sanders said.",
            "Trump-Putin talks: peace? Peace!",
            "Le président Macron a dit: « non ».",
        ];
        let queries = ["o'neill's plan", "peace", "trump-putin", "macron non", "deal failed sanders", "président"];
        for t in texts {
            for q in queries {
                let have: rustc_hash::FxHashSet<String> = words(t).into_iter().collect();
                let expected = words(q).iter().all(|w| have.contains(w));
                assert_eq!(has_words(t, q), expected, "{t:?} / {q:?}");
            }
        }
    }
}

/// A title as a person reads it, one spelling for each: abbreviations written out (`Sen.` is
/// `Senator`, `Gov.` `Governor`), each word capitalised but `of`, `the`, `and` (`secretary of
/// state` is `Secretary of State`), `front-runner` one way; `former` kept in front.
pub fn normalize_title(title: &str) -> String {
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            // `CEO`, `FBI`: an acronym stays as it is.
            if w.len() >= 2 && w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase()) {
                return w.to_string();
            }
            let lower = w.to_lowercase();
            let full = match lower.as_str() {
                "sen." | "sen" => "senator",
                "rep." | "rep" => "representative",
                "gov." | "gov" => "governor",
                "gen." | "gen" => "general",
                "lt." => "lieutenant",
                "rev." => "reverend",
                "sec." => "secretary",
                "pres." => "president",
                "atty." => "attorney",
                "amb." => "ambassador",
                "dr." => "doctor",
                "prof." => "professor",
                "frontrunner" => "front-runner",
                other => other,
            };
            full.to_string()
        })
        .collect();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && matches!(w.as_str(), "of" | "the" | "and" | "for" | "on" | "to") {
                return w.clone();
            }
            if w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()) {
                return w.clone();
            }
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod title_tests {
    use super::normalize_title;

    #[test]
    fn titles_have_one_spelling() {
        assert_eq!(normalize_title("Sen."), "Senator");
        assert_eq!(normalize_title("senator"), "Senator");
        assert_eq!(normalize_title("secretary of state"), "Secretary of State");
        assert_eq!(normalize_title("Secretary of State"), "Secretary of State");
        assert_eq!(normalize_title("former secretary of state"), "Former Secretary of State");
        assert_eq!(normalize_title("frontrunner"), "Front-runner");
        assert_eq!(normalize_title("CEO"), "CEO");
    }
}
