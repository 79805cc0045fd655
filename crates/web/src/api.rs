//! The JSON API. Lists answer `{"items", "limit", "offset", "next_offset"}`; `next_offset` is
//! null on the last page. Parameters are checked: an unknown parameter, a bad date, a limit out
//! of range is a 400 with the reason.

use crate::{ApiError, AppState, blocking};
use axum::Json;
use axum::extract::{Path, Query, State};
use herald_store::{ActorFilter, ArticleFilter, Page, QuoteFilter};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The largest page the API returns.
pub const API_MAX_LIMIT: u32 = 100;

/// Validated query parameters.
pub struct Params {
    map: BTreeMap<String, String>,
}

impl Params {
    /// Checks that only `allowed` parameters are given, each once.
    pub fn parse(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!("unknown parameter '{k}'; this endpoint takes: {}", allowed.join(", "))));
            }
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_request(format!("parameter '{k}' given twice")));
            }
        }
        Ok(Params { map })
    }

    /// As [`Params::parse`], for the API: a parameter given empty (or only white space) is refused,
    /// as the OpenAPI document says, where the pages' forms may send empty fields for absent ones.
    pub fn parse_api(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Params, ApiError> {
        if let Some((k, _)) = pairs.iter().find(|(_, v)| v.trim().is_empty()) {
            return Err(ApiError::bad_request(format!("parameter '{k}' is empty; leave it out to mean no value")));
        }
        Params::parse(pairs, allowed)
    }

    /// A text parameter (trimmed, at most 200 characters; empty means absent).
    pub fn text(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.map.get(key).map(|v| v.trim()) {
            None | Some("") => Ok(None),
            Some(v) if v.chars().count() > 200 => Err(ApiError::bad_request(format!("'{key}' is longer than 200 characters"))),
            Some(v) => Ok(Some(v.to_string())),
        }
    }

    /// A date parameter: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn date(&self, key: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(key)? else { return Ok(None) };
        let b = v.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = match b.len() {
            4 => digits(0..4),
            7 => digits(0..4) && b[4] == b'-' && digits(5..7) && (1..=12).contains(&v[5..7].parse::<u32>().unwrap_or(0)),
            10 => {
                digits(0..4)
                    && b[4] == b'-'
                    && digits(5..7)
                    && b[7] == b'-'
                    && digits(8..10)
                    && is_calendar_day(v[0..4].parse().unwrap_or(0), v[5..7].parse().unwrap_or(0), v[8..10].parse().unwrap_or(0))
            }
            _ => false,
        };
        if ok {
            Ok(Some(v))
        } else {
            Err(ApiError::bad_request(format!("'{key}' must be a date: YYYY, YYYY-MM or YYYY-MM-DD (got {v:?})")))
        }
    }

    /// An id: a whole number from 1 (ids are SQLite row ids).
    pub fn id(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.text(key)? {
            None => Ok(None),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if n >= 1 => Ok(Some(n)),
                _ => Err(ApiError::bad_request(format!("'{key}' must be an id: a whole number from 1 (got {v:?})"))),
            },
        }
    }

    /// A whole number in a range.
    pub fn number(&self, key: &str, default: u32, min: u32, max: u32) -> Result<u32, ApiError> {
        match self.text(key)? {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad_request(format!("'{key}' must be a whole number from {min} to {max} (got {v:?})"))),
            },
        }
    }

    /// A boolean (`true`, `false`, `1`, `0`).
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.text(key)?.as_deref() {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") | Some("on") => Ok(true),
            Some(v) => Err(ApiError::bad_request(format!("'{key}' must be true or false (got {v:?})"))),
        }
    }

    /// A statement kind (`kind=speech|thought|other|all`); speech when absent, `None` for all.
    pub fn statement_kind(&self) -> Result<Option<String>, ApiError> {
        match self.text("kind")?.as_deref() {
            None | Some("speech") => Ok(Some("speech".to_string())),
            Some(k @ ("thought" | "other")) => Ok(Some(k.to_string())),
            Some("all") => Ok(None),
            Some(v) => Err(ApiError::bad_request(format!("'kind' must be one of speech, thought, other, all (got {v:?})"))),
        }
    }

    /// `limit` and `offset`.
    pub fn page(&self) -> Result<Page, ApiError> {
        Ok(Page { limit: self.number("limit", 20, 1, API_MAX_LIMIT)?, offset: self.number("offset", 0, 0, 1_000_000)? })
    }

    /// An entity type.
    pub fn kind(&self) -> Result<Option<String>, ApiError> {
        match self.text("type")? {
            None => Ok(None),
            Some(t) => {
                let up = t.to_uppercase();
                if ["PERSON", "ORG", "GPE", "LOC", "NORP", "MISC"].contains(&up.as_str()) {
                    Ok(Some(up))
                } else {
                    Err(ApiError::bad_request(format!("'type' must be one of PERSON, ORG, GPE, LOC, NORP, MISC (got {t:?})")))
                }
            }
        }
    }
}

/// Whether `year-month-day` is a day of the Gregorian calendar (`2016-02-29` is, `2015-02-29`
/// and `2016-02-30` are not).
pub fn is_calendar_day(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// A page of items.
pub fn paged<T: Serialize>(items: Vec<T>, page: &Page) -> Value {
    let next = (items.len() as u32 == page.limit).then_some(page.offset + page.limit);
    json!({"items": items, "limit": page.limit, "offset": page.offset, "next_offset": next})
}

fn id_param(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::bad_request(format!("{what} id must be a positive whole number (got {raw:?})")))
}

type Q = Query<Vec<(String, String)>>;
type Answer = Result<Json<Value>, ApiError>;

pub async fn stats(State(s): State<AppState>, Query(q): Q) -> Answer {
    Params::parse_api(q, &[])?;
    let stats = blocking(&s, |st| Ok(st.stats()?)).await?;
    Ok(Json(serde_json::to_value(stats).map_err(|e| ApiError::internal(e.to_string()))?))
}

pub async fn articles(State(s): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["q", "since", "until", "source", "limit", "offset"])?;
    let filter =
        ArticleFilter { q: p.text("q")?, since: p.date("since")?, until: p.date("until")?, source: p.text("source")?, page: p.page()? };
    let page = filter.page.clone();
    let rows = blocking(&s, move |st| Ok(st.articles(&filter)?)).await?;
    Ok(Json(paged(rows, &page)))
}

pub async fn article(State(s): State<AppState>, Path(id): Path<String>, Query(q): Q) -> Answer {
    Params::parse_api(q, &[])?;
    let id = id_param(&id, "article")?;
    let detail = blocking(&s, move |st| Ok(st.article(id)?)).await?;
    Ok(Json(serde_json::to_value(detail).map_err(|e| ApiError::internal(e.to_string()))?))
}

pub async fn actors(State(s): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["q", "type", "top", "since", "until", "by", "limit", "offset"])?;
    let mut page = p.page()?;
    if p.text("top")?.is_some() {
        page.limit = p.number("top", 20, 1, API_MAX_LIMIT)?;
    }
    let by_quotes = match p.text("by")?.as_deref() {
        None | Some("mentions") => false,
        Some("quotes") => true,
        Some(v) => return Err(ApiError::bad_request(format!("'by' must be mentions or quotes (got {v:?})"))),
    };
    let filter =
        ActorFilter { kind: p.kind()?, q: p.text("q")?, since: p.date("since")?, until: p.date("until")?, by_quotes, page: page.clone() };
    let rows = blocking(&s, move |st| Ok(st.actors(&filter)?)).await?;
    Ok(Json(paged(rows, &page)))
}

pub async fn actor(State(s): State<AppState>, Path(id): Path<String>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["limit", "offset"])?;
    let id = id_param(&id, "actor")?;
    let page = p.page()?;
    let detail = blocking(&s, move |st| Ok(st.actor(&id.to_string(), &page)?)).await?;
    Ok(Json(serde_json::to_value(detail).map_err(|e| ApiError::internal(e.to_string()))?))
}

/// The statement filter of `/quotes` and `/timeline` (and their pages).
pub fn quote_filter(p: &Params, speaker_key: &str, about_key: &str) -> Result<QuoteFilter, ApiError> {
    Ok(QuoteFilter {
        speaker: p.text(speaker_key)?,
        about: p.text(about_key)?,
        direct_only: p.flag("direct")?,
        since: p.date("since")?,
        until: p.date("until")?,
        page: p.page()?,
        kind: p.statement_kind()?,
        ..QuoteFilter::default()
    })
}

pub async fn quotes(State(s): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["speaker", "about", "since", "until", "direct", "kind", "limit", "offset"])?;
    let filter = quote_filter(&p, "speaker", "about")?;
    let page = filter.page.clone();
    let rows = blocking(&s, move |st| Ok(st.statements(&filter)?)).await?;
    Ok(Json(paged(rows, &page)))
}

pub async fn variants(State(s): State<AppState>, Path(id): Path<String>, Query(q): Q) -> Answer {
    Params::parse_api(q, &[])?;
    let id = id_param(&id, "statement")?;
    let rows = blocking(&s, move |st| Ok(st.variants(id)?)).await?;
    if rows.is_empty() {
        return Err(ApiError::not_found(format!("no statement {id}")));
    }
    Ok(Json(json!({"items": rows})))
}

pub async fn timeline(State(s): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["actor", "q", "since", "until", "kind", "limit", "offset"])?;
    let mut filter = quote_filter(&p, "actor", "q")?;
    filter.oldest_first = true;
    filter.dated_only = true;
    let page = filter.page.clone();
    let rows = blocking(&s, move |st| Ok(st.statements(&filter)?)).await?;
    Ok(Json(paged(rows, &page)))
}

pub async fn search(State(s): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["q", "limit", "offset"])?;
    let words = p.text("q")?.ok_or_else(|| ApiError::bad_request("'q' is required: the words to search for"))?;
    let page = p.page()?;
    let pg = page.clone();
    let rows = blocking(&s, move |st| Ok(st.search(&words, &pg)?)).await?;
    Ok(Json(paged(rows, &page)))
}

/// Nodes and edges of the actor network.
pub fn network_json(st: &herald_store::Store, min_articles: i64, page: &Page) -> Result<Value, ApiError> {
    let edges = st.network(min_articles, page)?;
    let mut ids: Vec<i64> = edges.iter().flat_map(|e| [e.source, e.target]).collect();
    ids.sort_unstable();
    ids.dedup();
    let nodes: Vec<Value> = st
        .actor_summaries(&ids)?
        .into_iter()
        .map(|a| json!({"id": a.id, "name": a.name, "type": a.kind, "mentions": a.mentions, "quotes": a.quotes}))
        .collect();
    Ok(json!({"nodes": nodes, "edges": edges}))
}

pub async fn network(State(s): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["min_articles", "limit", "offset"])?;
    let min = i64::from(p.number("min_articles", 2, 1, 100_000)?);
    let page = Page { limit: p.number("limit", 60, 1, API_MAX_LIMIT)?, offset: p.number("offset", 0, 0, 1_000_000)? };
    let value = blocking(&s, move |st| network_json(st, min, &page)).await?;
    Ok(Json(value))
}

/// The `kind` of an edge.
pub fn edge_kind(p: &Params) -> Result<String, ApiError> {
    match p.text("kind")?.as_deref() {
        None | Some("co-occurrence") => Ok("co-occurrence".to_string()),
        Some("speaks-about") => Ok("speaks-about".to_string()),
        Some(v) => Err(ApiError::bad_request(format!("'kind' must be co-occurrence or speaks-about (got {v:?})"))),
    }
}

pub async fn evidence(State(s): State<AppState>, Query(q): Q) -> Answer {
    let p = Params::parse_api(q, &["a", "b", "kind", "limit", "offset"])?;
    if p.text("a")?.is_none() || p.text("b")?.is_none() {
        return Err(ApiError::bad_request("'a' and 'b' (actor ids) are required"));
    }
    let a = p.id("a")?.ok_or_else(|| ApiError::bad_request("'a' (an actor id) is required"))?;
    let b = p.id("b")?.ok_or_else(|| ApiError::bad_request("'b' (an actor id) is required"))?;
    let kind = edge_kind(&p)?;
    let page = p.page()?;
    let pg = page.clone();
    let rows = blocking(&s, move |st| Ok(st.edge_evidence(a, b, &kind, &pg)?)).await?;
    Ok(Json(paged(rows, &page)))
}
