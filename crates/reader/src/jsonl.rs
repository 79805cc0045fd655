//! JSON Lines articles: one object per line, with the field names news datasets use
//! (news-please, newspaper, GDELT-style dumps, NewsAPI). Offsets index the text field.

use crate::ReadOptions;
use crate::date::parse_iso_date;
use crate::error::ReadErrorKind;
use crate::text::fallback_date;
use herald_core::{ArticleDate, ArticleMeta, DateOrigin, Document};
use serde_json::{Map, Value};

/// Accepted names of the text field, in order of preference.
pub const TEXT_FIELDS: &[&str] = &["text", "body", "content", "maintext", "article", "full_text"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const DATE_FIELDS: &[&str] =
    &["date", "published", "date_publish", "publish_date", "published_at", "date_published", "publication_date", "pubdate"];
const SOURCE_FIELDS: &[&str] = &["source", "outlet", "source_domain", "publisher", "site_name"];
const ID_FIELDS: &[&str] = &["id", "_id", "uuid", "guid"];
const URL_FIELDS: &[&str] = &["url", "link", "source_url"];
const LANGUAGE_FIELDS: &[&str] = &["language", "lang"];

fn first_field<'a>(object: &'a Map<String, Value>, names: &[&'static str]) -> Option<(&'static str, &'a Value)> {
    names.iter().find_map(|name| object.get(*name).filter(|v| !v.is_null()).map(|v| (*name, v)))
}

/// A field as a non-empty string: strings as they are, numbers printed, `{"name": ...}` objects
/// (NewsAPI's `source`) by their name.
fn string_field(object: &Map<String, Value>, names: &[&'static str]) -> Option<String> {
    let (_, value) = first_field(object, names)?;
    let s = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(inner) => match inner.get("name") {
            Some(Value::String(s)) => s.trim().to_string(),
            _ => return None,
        },
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Builds the document of one JSON Lines record.
pub(crate) fn json_document(
    line_text: &str,
    path: &str,
    stem: &str,
    file_name: &str,
    line: u64,
    options: &ReadOptions,
) -> Result<Document, ReadErrorKind> {
    let value: Value = serde_json::from_str(line_text).map_err(|e| ReadErrorKind::BrokenJson(e.to_string()))?;
    let Value::Object(mut object) = value else {
        return Err(ReadErrorKind::NotAnObject);
    };
    let (text_field, _) =
        first_field(&object, TEXT_FIELDS).ok_or_else(|| ReadErrorKind::MissingText { expected: TEXT_FIELDS.join("/") })?;
    let text = match object.remove(text_field) {
        Some(Value::String(s)) => s,
        _ => {
            return Err(ReadErrorKind::TextNotString { field: text_field.to_string() });
        }
    };
    if text.trim().is_empty() {
        return Err(ReadErrorKind::Empty);
    }
    if text.len() as u64 > options.max_article_bytes {
        return Err(ReadErrorKind::TooLarge { limit: options.max_article_bytes });
    }
    let date = match first_field(&object, DATE_FIELDS) {
        Some((name, Value::String(s))) => match parse_iso_date(s) {
            Some(date) => ArticleDate::Known { date, origin: DateOrigin::Field(name.to_string()) },
            None => ArticleDate::Unknown { reason: format!("field '{name}' is not an ISO 8601 date: {s:?}") },
        },
        Some((name, _)) => ArticleDate::Unknown { reason: format!("field '{name}' is not a string") },
        None => fallback_date(file_name, options, "no date field"),
    };
    let meta = ArticleMeta {
        id: string_field(&object, ID_FIELDS).unwrap_or_else(|| format!("{stem}:{line}")),
        title: string_field(&object, TITLE_FIELDS),
        date,
        source: string_field(&object, SOURCE_FIELDS),
        url: string_field(&object, URL_FIELDS),
        path: Some(path.to_string()),
        line: Some(line),
        language: string_field(&object, LANGUAGE_FIELDS),
    };
    Ok(Document::new(meta, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn read(line: &str) -> Result<Document, ReadErrorKind> {
        json_document(line, "a.jsonl", "a", "a.jsonl", 3, &ReadOptions::default())
    }

    #[test]
    fn news_please_fields() {
        let doc = read(r#"{"title":"T","maintext":"Body.","date_publish":"2025-02-13 10:00:00","source_domain":"example.org","url":"u","language":"en"}"#).unwrap();
        assert_eq!(doc.text, "Body.");
        assert_eq!(doc.meta.id, "a:3");
        assert_eq!(doc.meta.source.as_deref(), Some("example.org"));
        assert_eq!(
            doc.meta.date,
            ArticleDate::Known { date: NaiveDate::from_ymd_opt(2025, 2, 13).unwrap(), origin: DateOrigin::Field("date_publish".into()) }
        );
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn newsapi_source_object_and_numeric_id() {
        let doc = read(r#"{"id":17,"headline":"H","content":"C","source":{"id":null,"name":"Wire"},"published":"2025-02-13T23:00:00Z"}"#)
            .unwrap();
        assert_eq!(doc.meta.id, "17");
        assert_eq!(doc.meta.title.as_deref(), Some("H"));
        assert_eq!(doc.meta.source.as_deref(), Some("Wire"));
    }

    #[test]
    fn bad_records() {
        assert!(matches!(read("{\"text\": "), Err(ReadErrorKind::BrokenJson(_))));
        assert!(matches!(read("[1,2]"), Err(ReadErrorKind::NotAnObject)));
        assert!(matches!(read(r#"{"title":"x"}"#), Err(ReadErrorKind::MissingText { .. })));
        assert!(matches!(read(r#"{"text":5}"#), Err(ReadErrorKind::TextNotString { .. })));
        assert!(matches!(read(r#"{"text":"  "}"#), Err(ReadErrorKind::Empty)));
    }

    #[test]
    fn unparseable_date_is_unknown_with_reason() {
        let doc = read(r#"{"text":"x","date":"last Tuesday"}"#).unwrap();
        assert!(matches!(doc.meta.date, ArticleDate::Unknown { ref reason } if reason.contains("last Tuesday")));
    }
}
