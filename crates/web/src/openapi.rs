//! The OpenAPI document, built from [`ENDPOINTS`], the one table of what the API takes. The web
//! tests walk the same table against the running server (every path answers, every documented
//! parameter is accepted, an undocumented one is refused), so the document cannot drift from the
//! server without a test failing.

use serde_json::{Map, Value, json};

/// One parameter of an endpoint.
pub struct Param {
    /// Its name.
    pub name: &'static str,
    /// `query` or `path`.
    pub location: &'static str,
    /// JSON schema type: `string`, `integer`, `boolean`.
    pub kind: &'static str,
    /// Required?
    pub required: bool,
    /// What it means.
    pub description: &'static str,
    /// A valid value (for the document's examples and for the tests).
    pub example: &'static str,
    /// The values the server accepts, as a JSON schema (bounds, patterns, enumerations):
    /// exactly what [`crate::api::Params`] enforces, so that a client generated from the
    /// document sends nothing the server refuses.
    pub accepts: Accepts,
}

/// What a parameter accepts.
#[derive(Clone, Copy)]
pub enum Accepts {
    /// Text of 1 to 200 characters with something other than white space (the server trims it).
    Text,
    /// A whole number in a range.
    Range(i64, i64),
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// `true`, `false`, `1`, `0` or `on`.
    Flag,
    /// A date: `YYYY`, `YYYY-MM` or a real calendar day `YYYY-MM-DD`.
    Date,
}

impl Accepts {
    /// The JSON schema of the parameter's value.
    pub fn schema(self) -> Value {
        match self {
            Accepts::Text => json!({"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}),
            Accepts::Range(min, max) => json!({"type": "integer", "minimum": min, "maximum": max}),
            Accepts::OneOf(values) => json!({"type": "string", "enum": values}),
            Accepts::Flag => json!({"type": "string", "enum": ["true", "false", "1", "0", "on"]}),
            Accepts::Date => json!({"anyOf": [
                {"type": "string", "pattern": "^[0-9]{4}$"},
                {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
                {"type": "string", "format": "date"}
            ]}),
        }
    }
}

/// One endpoint.
pub struct Endpoint {
    /// Path template under the server root.
    pub path: &'static str,
    /// What it answers.
    pub summary: &'static str,
    /// Its parameters.
    pub params: &'static [Param],
    /// The response schema component.
    pub response: &'static str,
}

const fn q(name: &'static str, kind: &'static str, description: &'static str, example: &'static str) -> Param {
    let accepts = match kind.as_bytes() {
        b"integer" => Accepts::Range(0, 1_000_000),
        b"boolean" => Accepts::Flag,
        _ => Accepts::Text,
    };
    Param { name, location: "query", kind, required: false, description, example, accepts }
}

/// A query parameter with the values it accepts.
const fn qa(name: &'static str, kind: &'static str, description: &'static str, example: &'static str, accepts: Accepts) -> Param {
    Param { name, location: "query", kind, required: false, description, example, accepts }
}

/// The largest id: ids are SQLite row ids.
const MAX_ID: i64 = i64::MAX;
/// The largest offset the server pages to.
pub const MAX_OFFSET: i64 = 1_000_000;

const LIMIT: Param = qa("limit", "integer", "Page size, 1 to 100 (default 20).", "5", Accepts::Range(1, 100));
const OFFSET: Param =
    qa("offset", "integer", "Items to skip (the `next_offset` of the previous page).", "0", Accepts::Range(0, MAX_OFFSET));
const SINCE: Param = qa("since", "string", "From this date: YYYY, YYYY-MM or YYYY-MM-DD.", "2016", Accepts::Date);
const KIND: Param = qa(
    "kind",
    "string",
    "Which statements: speech (the default: said, written, announced…), thought, other, or all.",
    "speech",
    Accepts::OneOf(&["speech", "thought", "other", "all"]),
);
const UNTIL: Param = qa("until", "string", "Up to this date (a prefix: `2016` includes all of 2016).", "2026-12-31", Accepts::Date);

const fn id(description: &'static str) -> Param {
    Param { name: "id", location: "path", kind: "integer", required: true, description, example: "1", accepts: Accepts::Range(1, MAX_ID) }
}

/// Every endpoint of `/api/v1`.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint { path: "/api/v1/stats", summary: "Corpus figures.", params: &[], response: "Stats" },
    Endpoint {
        path: "/api/v1/articles",
        summary: "Articles, newest first.",
        params: &[
            q("q", "string", "Words the article contains (full-text).", "Trump"),
            SINCE,
            UNTIL,
            q("source", "string", "The outlet, exactly.", "seed"),
            LIMIT,
            OFFSET,
        ],
        response: "ArticlePage",
    },
    Endpoint {
        path: "/api/v1/articles/{id}",
        summary: "One article: its text and every fact (entities, mentions, roles, quotes, times) with code point spans; `entity_actors` maps the article's entity ids to actor ids.",
        params: &[id("Article id.")],
        response: "Article",
    },
    Endpoint {
        path: "/api/v1/actors",
        summary: "Actors (people, organisations, places, groups across articles), most mentioned first.",
        params: &[
            q("q", "string", "Part of the name or an alias.", "Trump"),
            qa(
                "type",
                "string",
                "PERSON, ORG, GPE, LOC, NORP or MISC.",
                "PERSON",
                Accepts::OneOf(&["PERSON", "ORG", "GPE", "LOC", "NORP", "MISC"]),
            ),
            qa("top", "integer", "Shorthand for `limit`.", "10", Accepts::Range(1, 100)),
            SINCE,
            UNTIL,
            qa("by", "string", "Order by `mentions` (default) or `quotes`.", "quotes", Accepts::OneOf(&["mentions", "quotes"])),
            LIMIT,
            OFFSET,
        ],
        response: "ActorPage",
    },
    Endpoint {
        path: "/api/v1/actors/{id}",
        summary: "One actor: aliases, roles with dates and evidence, statements (paged with limit/offset, variants folded), co-occurring actors.",
        params: &[id("Actor id."), LIMIT, OFFSET],
        response: "Actor",
    },
    Endpoint {
        path: "/api/v1/quotes",
        summary: "Statements (a quote and its variants across articles folded into one), newest first.",
        params: &[
            q("speaker", "string", "Actor id, name, alias or surname.", "Trump"),
            q("about", "string", "Words the statement contains.", "peace"),
            SINCE,
            UNTIL,
            q("direct", "boolean", "Only direct (quoted) statements.", "true"),
            KIND,
            LIMIT,
            OFFSET,
        ],
        response: "StatementPage",
    },
    Endpoint {
        path: "/api/v1/quotes/{id}/variants",
        summary: "Every quote folded into a statement.",
        params: &[id("Statement id.")],
        response: "Variants",
    },
    Endpoint {
        path: "/api/v1/timeline",
        summary: "Dated statements, oldest first.",
        params: &[
            q("actor", "string", "Actor id, name, alias or surname.", "Trump"),
            q("q", "string", "Words the statement contains.", "war"),
            SINCE,
            UNTIL,
            KIND,
            LIMIT,
            OFFSET,
        ],
        response: "StatementPage",
    },
    Endpoint {
        path: "/api/v1/search",
        summary: "Articles and statements containing words, best first.",
        params: &[
            Param {
                name: "q",
                location: "query",
                kind: "string",
                required: true,
                description: "The words.",
                example: "peace talks",
                accepts: Accepts::Text,
            },
            LIMIT,
            OFFSET,
        ],
        response: "SearchPage",
    },
    Endpoint {
        path: "/api/v1/network",
        summary: "Actor network: co-occurrence edges (shared articles, among the 500 people and organisations in the most articles) and speaks-about edges (one actor's name in the other's statement).",
        params: &[
            qa("min_articles", "integer", "Least shared articles for a co-occurrence edge (default 2).", "1", Accepts::Range(1, 100_000)),
            qa("limit", "integer", "Most edges of each kind, 1 to 100 (default 60).", "20", Accepts::Range(1, 100)),
            OFFSET,
        ],
        response: "Network",
    },
    Endpoint {
        path: "/api/v1/network/evidence",
        summary: "The sentences (co-occurrence) or statements (speaks-about) behind an edge.",
        params: &[
            Param {
                name: "a",
                location: "query",
                kind: "integer",
                required: true,
                description: "One actor id (the speaker for speaks-about).",
                example: "1",
                accepts: Accepts::Range(1, MAX_ID),
            },
            Param {
                name: "b",
                location: "query",
                kind: "integer",
                required: true,
                description: "The other actor id.",
                example: "2",
                accepts: Accepts::Range(1, MAX_ID),
            },
            qa(
                "kind",
                "string",
                "`co-occurrence` (default) or `speaks-about`.",
                "co-occurrence",
                Accepts::OneOf(&["co-occurrence", "speaks-about"]),
            ),
            LIMIT,
            OFFSET,
        ],
        response: "EvidencePage",
    },
    Endpoint { path: "/api/v1/openapi.json", summary: "This document.", params: &[], response: "OpenApi" },
];

fn paged(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["items", "limit", "offset", "next_offset"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "next_offset": {"type": ["integer", "null"], "description": "Offset of the next page; null on the last."}
        }
    })
}

fn object(required: &[&str], props: Value) -> Value {
    json!({"type": "object", "required": required, "properties": props})
}

fn schemas() -> Value {
    let text = json!({"type": "string"});
    let int = json!({"type": "integer"});
    let opt_text = json!({"type": ["string", "null"]});
    let opt_int = json!({"type": ["integer", "null"]});
    json!({
        "Problem": object(&["type", "title", "status", "detail"], json!({"type": text, "title": text, "status": int, "detail": text})),
        "Stats": object(&["articles", "sources", "actors", "quotes", "statements", "times", "quotes_with_speaker"], json!({
            "articles": int, "sources": int, "first_date": opt_text, "last_date": opt_text, "undated_articles": int, "entities": int,
            "actors": int, "quotes": int, "statements": int, "times": int, "quotes_with_speaker": {"type": "number"},
            "extractors": {"type": "array", "items": text}
        })),
        "ArticleSummary": object(&["id", "ext_id", "title", "date", "source", "quotes"], json!({
            "id": int, "ext_id": text, "title": opt_text, "date": opt_text, "source": opt_text, "quotes": int
        })),
        "ArticlePage": paged("ArticleSummary"),
        "Article": object(&["id", "record", "entity_actors"], json!({
            "id": int,
            "record": {"type": "object", "description": "The article's record (see docs/record.md) with its text; spans are code points, end exclusive."},
            "entity_actors": {"type": "object", "additionalProperties": int}
        })),
        "ActorSummary": object(&["id", "name", "type", "mentions", "articles", "quotes", "roles"], json!({
            "id": int, "name": text, "type": text, "mentions": int, "articles": int, "quotes": int,
            "first_date": opt_text, "last_date": opt_text, "roles": {"type": "array", "items": text}
        })),
        "ActorPage": paged("ActorSummary"),
        "Actor": object(&["actor", "aliases", "roles", "co_actors", "statements"], json!({
            "actor": {"$ref": "#/components/schemas/ActorSummary"},
            "aliases": {"type": "array", "items": {"type": "array", "prefixItems": [text, int]}},
            "roles": {"type": "array", "items": object(&["times", "evidence"], json!({
                "title": opt_text, "of": opt_text, "times": int, "first_date": opt_text, "last_date": opt_text,
                "evidence": object(&["article_id", "start", "end", "text"], json!({"article_id": int, "start": int, "end": int, "text": text}))
            }))},
            "co_actors": {"type": "array", "items": object(&["id", "name", "type", "articles"], json!({"id": int, "name": text, "type": text, "articles": int}))},
            "statements": {"type": "array", "items": {"$ref": "#/components/schemas/Statement"}}
        })),
        "Statement": object(&["statement_id", "quote_id", "text", "direct", "article_id", "variants", "content", "rule"], json!({
            "statement_id": int, "quote_id": int, "text": text, "direct": {"type": "boolean"}, "date": opt_text, "date_origin": opt_text,
            "speaker": opt_text, "speaker_actor_id": opt_int, "speaker_text": opt_text,
            "speaker_note": {"type": ["string", "null"], "description": "Why there is no speaker."},
            "cue": opt_text, "article_id": int, "article_title": opt_text, "source": opt_text, "article_date": opt_text, "variants": int,
            "content": {"type": "array", "items": object(&["start", "end"], json!({"start": int, "end": int}))},
            "confidence": {"type": ["number", "null"], "description": "The probability that the content and the speaker are both right."},
            "rule": text,
            "kind": {"type": "string", "enum": ["speech", "thought", "other"]}
        })),
        "StatementPage": paged("Statement"),
        "Variants": object(&["items"], json!({"items": {"type": "array", "items": {"$ref": "#/components/schemas/Statement"}}})),
        "SearchHit": object(&["kind", "article_id", "snippet", "rank"], json!({
            "kind": {"enum": ["article", "quote"]}, "article_id": int, "quote_id": opt_int, "title": opt_text,
            "snippet": {"type": "string", "description": "Plain text; matched words between [ and ]."}, "rank": {"type": "number"}
        })),
        "SearchPage": paged("SearchHit"),
        "Network": object(&["nodes", "edges"], json!({
            "nodes": {"type": "array", "items": object(&["id", "name", "type"], json!({"id": int, "name": text, "type": text, "mentions": int, "quotes": int}))},
            "edges": {"type": "array", "items": object(&["source", "target", "kind", "weight"], json!({
                "source": int, "target": int, "kind": {"enum": ["co-occurrence", "speaks-about"]}, "weight": int
            }))}
        })),
        "Evidence": object(&["article_id", "text"], json!({"article_id": int, "title": opt_text, "text": text, "quote_id": opt_int})),
        "EvidencePage": paged("Evidence"),
        "OpenApi": {"type": "object"}
    })
}

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let params: Vec<Value> = e
            .params
            .iter()
            .map(|p| {
                json!({
                    "name": p.name, "in": p.location, "required": p.required, "description": p.description,
                    "schema": p.accepts.schema(), "example": p.example
                })
            })
            .collect();
        let problem = json!({"description": "Problem details", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
        paths.insert(
            e.path.to_string(),
            json!({"get": {
                "summary": e.summary,
                "parameters": params,
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", e.response)}}}},
                    "400": problem.clone(),
                    "404": problem,
                }
            }}),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "herald API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only access to a herald database: articles, actors, statements with speakers, times, and the actor network. Every fact carries code point offsets into its article. Unknown parameters are refused (400)."
        },
        "paths": paths,
        "components": {"schemas": schemas()}
    })
}

pub async fn spec(
    axum::extract::Query(q): axum::extract::Query<Vec<(String, String)>>,
) -> Result<axum::response::Response, crate::ApiError> {
    use axum::response::IntoResponse;
    crate::api::Params::parse_api(q, &[])?;
    // The document never changes while the server runs: serialize it once.
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = DOCUMENT.get_or_init(|| document().to_string()).as_str();
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for part in text.split("#/components/schemas/").skip(1) {
            let name: String = part.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            assert!(schemas.contains_key(&name), "unresolved $ref {name}");
        }
    }

    #[test]
    fn every_path_parameter_is_in_its_template() {
        for e in ENDPOINTS {
            for p in e.params.iter().filter(|p| p.location == "path") {
                assert!(e.path.contains(&format!("{{{}}}", p.name)), "{} lacks {{{}}}", e.path, p.name);
            }
        }
    }
}
