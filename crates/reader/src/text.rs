//! Text articles: the seed format (`date YYYY-MM-DD Title` header line) and plain text whose first
//! line is the headline. Offsets index the whole decoded file, header line included, so a user can
//! open the file and find every span.

use crate::ReadOptions;
use crate::date::{date_in_file_name, parse_iso_date};
use herald_core::{ArticleDate, ArticleMeta, DateOrigin, Document, Span};

/// The header of the seed format, when `text` starts with one (after optional white space).
struct SeedHeader<'a> {
    date_text: &'a str,
    /// The `date YYYY-MM-DD` prefix.
    prefix: Span,
    title: Span,
}

fn is_leading_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn parse_seed_header(text: &str) -> Option<SeedHeader<'_>> {
    let start = text.len() - text.trim_start_matches(is_leading_space).len();
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    let rest = line.strip_prefix("date")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let after_space = rest.trim_start_matches([' ', '\t']);
    let date_text = after_space.get(..10)?;
    let date_bytes = date_text.as_bytes();
    let looks_like_date = date_bytes.iter().enumerate().all(|(i, b)| match i {
        4 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !looks_like_date {
        return None;
    }
    let after_date = &after_space[10..];
    if !(after_date.is_empty() || after_date.starts_with(char::is_whitespace)) {
        return None;
    }
    let title_start = line_end - after_date.len();
    let title = Span::new(title_start, line_end).trim(text);
    Some(SeedHeader { date_text, prefix: Span::new(start, title_start), title })
}

/// The first non-blank line, trimmed.
fn first_line(text: &str) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(offset, offset + line.len()).trim(text);
        offset += line.len();
        if !span.is_empty() && !span.text(text).chars().all(|c| c == '\u{feff}') {
            // A BOM is not part of the headline.
            let lead = span.text(text).len() - span.text(text).trim_start_matches('\u{feff}').len();
            return Some(Span::new(span.start as usize + lead, span.end as usize));
        }
    }
    None
}

/// Builds the document of a text article. `path` is the display path; `file_name` the name used
/// for the id and the date (without compression extensions).
pub(crate) fn text_document(text: String, path: &str, stem: &str, file_name: &str, options: &ReadOptions) -> Document {
    let mut meta = ArticleMeta { id: stem.to_string(), path: Some(path.to_string()), ..ArticleMeta::default() };
    let header = parse_seed_header(&text);
    let title_span = match &header {
        Some(h) => (!h.title.is_empty()).then_some(h.title),
        None => first_line(&text),
    };
    meta.title = title_span.map(|s| s.text(&text).to_string());
    meta.date = match &header {
        Some(h) => match parse_iso_date(h.date_text) {
            Some(date) => ArticleDate::Known { date, origin: DateOrigin::Header },
            None => ArticleDate::Unknown { reason: format!("the header date '{}' is not a valid date", h.date_text) },
        },
        None => fallback_date(file_name, options, "no date header"),
    };
    // `publisher_2016-09-12_slug.txt`: the outlet is the part before the date.
    meta.source = source_in_file_name(file_name);
    let header_prefix = header.map(|h| h.prefix);
    let mut doc = Document::new(meta, text);
    doc.title_span = title_span;
    doc.header = header_prefix;
    doc
}

/// The outlet named before a `_YYYY-MM-DD_` date in a file name (`nyt_2016-10-02_a-plan.txt` →
/// `nyt`), when the prefix is one word of letters, digits and hyphens.
pub(crate) fn source_in_file_name(file_name: &str) -> Option<String> {
    let bytes = file_name.as_bytes();
    (1..bytes.len().saturating_sub(11)).find_map(|i| {
        let date_ok = bytes[i - 1] == b'_'
            && file_name.get(i..i + 10).and_then(crate::date::date_in_file_name).is_some()
            && bytes.get(i + 10) == Some(&b'_');
        let prefix = file_name.get(..i - 1)?;
        let prefix_ok = !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        (date_ok && prefix_ok).then(|| prefix.to_string())
    })
}

/// The date when the record itself has none: the `--date` flag, else a `YYYY-MM-DD` in the file
/// name, else unknown with the reason.
pub(crate) fn fallback_date(file_name: &str, options: &ReadOptions, why_not_in_record: &str) -> ArticleDate {
    if let Some(date) = options.date {
        return ArticleDate::Known { date, origin: DateOrigin::Flag };
    }
    if let Some(date) = date_in_file_name(file_name) {
        return ArticleDate::Known { date, origin: DateOrigin::FileName };
    }
    ArticleDate::Unknown { reason: format!("{why_not_in_record}, no --date flag, and no YYYY-MM-DD in the file name") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn read(text: &str, name: &str) -> Document {
        text_document(text.to_string(), name, "stem", name, &ReadOptions::default())
    }

    #[test]
    fn seed_header_with_leading_space() {
        let doc = read(" date 2025-02-13 End of war\n\nBody.\n", "x.txt");
        assert_eq!(doc.meta.date.date(), NaiveDate::from_ymd_opt(2025, 2, 13));
        assert_eq!(doc.meta.title.as_deref(), Some("End of war"));
        assert_eq!(doc.slice(doc.title_span.unwrap()), "End of war");
        assert_eq!(doc.slice(doc.header.unwrap()), "date 2025-02-13");
    }

    #[test]
    fn seed_header_with_bad_date_keeps_reason() {
        let doc = read("date 2025-02-31 Title\n\nBody.", "x.txt");
        assert!(matches!(doc.meta.date, ArticleDate::Unknown { ref reason } if reason.contains("2025-02-31")));
        assert_eq!(doc.meta.title.as_deref(), Some("Title"));
    }

    #[test]
    fn plain_text_headline_and_file_name_date() {
        let doc = read("\n  Headline here  \n\nBody text.", "cnn_2016-10-01_x.txt");
        assert_eq!(doc.meta.title.as_deref(), Some("Headline here"));
        assert_eq!(doc.meta.date, ArticleDate::Known { date: NaiveDate::from_ymd_opt(2016, 10, 1).unwrap(), origin: DateOrigin::FileName });
        assert_eq!(doc.meta.source.as_deref(), Some("cnn"));
        assert_eq!(source_in_file_name("notes_2016.txt"), None);
        assert_eq!(source_in_file_name("é_2016-09-08_x.txt"), None);
        assert_eq!(source_in_file_name("ab_é2016-09-08_x.txt"), None);
        assert_eq!(source_in_file_name("wash-post_2016-09-08_virginian.txt").as_deref(), Some("wash-post"));
    }

    #[test]
    fn word_date_is_not_a_header() {
        let doc = read("dated 2025-02-13 is not a header\n\nBody", "x.txt");
        assert_eq!(doc.meta.title.as_deref(), Some("dated 2025-02-13 is not a header"));
        assert!(doc.meta.date.date().is_none());
    }

    #[test]
    fn bom_is_not_in_the_headline() {
        let doc = read("\u{feff}Headline\n\nBody", "x.txt");
        assert_eq!(doc.meta.title.as_deref(), Some("Headline"));
    }
}
