//! Parsing the dates news data carries: ISO 8601 dates and date-times, and `YYYY-MM-DD` inside
//! file names.

use chrono::NaiveDate;

/// Parses an ISO 8601 date (`2025-02-13`) or the date part of a date-time
/// (`2025-02-13T10:00:00Z`, `2025-02-13 10:00:00+01:00`). The date is taken as written, in the
/// publisher's own time zone: that is the day the article calls "today".
pub fn parse_iso_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    let bytes = value.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    if bytes.len() > 10 && !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    ymd_at(bytes, 0)
}

/// Finds the first valid `YYYY-MM-DD` (years 1800 to 2199) in a file name, not inside a longer run
/// of digits.
pub fn date_in_file_name(name: &str) -> Option<NaiveDate> {
    let bytes = name.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    for start in 0..=bytes.len() - 10 {
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        if bytes.get(start + 10).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let Some(date) = ymd_at(bytes, start) {
            return Some(date);
        }
    }
    None
}

fn ymd_at(bytes: &[u8], at: usize) -> Option<NaiveDate> {
    let b = bytes.get(at..at + 10)?;
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in &b[range] {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Some(n)
    };
    let year = num(0..4)?;
    if !(1800..2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_and_datetimes() {
        let d = NaiveDate::from_ymd_opt(2025, 2, 13).unwrap();
        assert_eq!(parse_iso_date("2025-02-13"), Some(d));
        assert_eq!(parse_iso_date("2025-02-13T23:10:00Z"), Some(d));
        assert_eq!(parse_iso_date(" 2025-02-13 10:00:00+01:00"), Some(d));
        assert_eq!(parse_iso_date("2025-02-30"), None);
        assert_eq!(parse_iso_date("13/02/2025"), None);
        assert_eq!(parse_iso_date("2025-02-130"), None);
    }

    #[test]
    fn file_name_dates() {
        let d = NaiveDate::from_ymd_opt(2016, 9, 12).unwrap();
        assert_eq!(date_in_file_name("breitbart_2016-09-12_stealth-over.txt"), Some(d));
        assert_eq!(date_in_file_name("x12016-09-12.txt"), None);
        assert_eq!(date_in_file_name("notes.txt"), None);
        assert_eq!(date_in_file_name("a_2016-19-12_b.txt"), None);
    }
}
