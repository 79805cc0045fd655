//! TimeML values written for people: `2016-09-30TNI` is `2016-09-30 (night)`, `2016-W38` is
//! `week 38 of 2016`, `PAST_REF` is `in the past`. Every place a person reads a date (CLI
//! tables, CSV, pages) shows this form; the record and the JSON keep the TimeML value.

/// A TimeML value as a person reads it; a value it does not know is returned as it is.
pub fn readable_time_value(value: &str) -> String {
    match value {
        "PAST_REF" => return "in the past".to_string(),
        "PRESENT_REF" => return "now".to_string(),
        "FUTURE_REF" => return "in the future".to_string(),
        _ => {}
    }
    let b = value.as_bytes();
    let year_ok = b.len() >= 4 && b[..4].iter().all(|c| c.is_ascii_digit() || *c == b'X');
    if !year_ok {
        return value.to_string();
    }
    let (year, rest) = value.split_at(4);
    let Some(rest) = rest.strip_prefix('-') else { return value.to_string() };
    // A day, with a part of the day or a clock time after it.
    if rest.len() >= 5 && rest.as_bytes()[2] == b'-' && rest[..2].bytes().all(|c| c.is_ascii_digit()) {
        let day = &value[..10];
        let Some(time) = value[10..].strip_prefix('T') else { return value.to_string() };
        let part = match time {
            "MO" => "morning",
            "MI" => "midday",
            "AF" => "afternoon",
            "EV" => "evening",
            "NI" => "night",
            "DT" => "daytime",
            clock if clock.len() >= 5 && clock.as_bytes()[2] == b':' => return format!("{day} {}", &clock[..5]),
            _ => return value.to_string(),
        };
        return format!("{day} ({part})");
    }
    if let Some(week) = rest.strip_prefix('W') {
        let (week, weekend) = match week.split_once("-WE") {
            Some((w, _)) => (w, true),
            None => (week, false),
        };
        if week.bytes().all(|c| c.is_ascii_digit()) && !week.is_empty() {
            let week = week.trim_start_matches('0');
            return if weekend { format!("the weekend of week {week} of {year}") } else { format!("week {week} of {year}") };
        }
        return value.to_string();
    }
    let season = match rest {
        "SP" => Some("spring"),
        "SU" => Some("summer"),
        "FA" => Some("fall"),
        "WI" => Some("winter"),
        "H1" => Some("first half of"),
        "H2" => Some("second half of"),
        "Q1" | "Q2" | "Q3" | "Q4" => return format!("{year} {rest}"),
        _ => None,
    };
    match season {
        Some(s) => format!("{s} {year}"),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::readable_time_value as r;

    #[test]
    fn values_read_as_people_write_them() {
        assert_eq!(r("2016-09-30TNI"), "2016-09-30 (night)");
        assert_eq!(r("2016-09-30T14:30"), "2016-09-30 14:30");
        assert_eq!(r("2016-09-30"), "2016-09-30");
        assert_eq!(r("2016-09"), "2016-09");
        assert_eq!(r("2016-W38"), "week 38 of 2016");
        assert_eq!(r("2016-W05-WE"), "the weekend of week 5 of 2016");
        assert_eq!(r("2016-Q3"), "2016 Q3");
        assert_eq!(r("2016-SU"), "summer 2016");
        assert_eq!(r("PAST_REF"), "in the past");
        assert_eq!(r("P3D"), "P3D");
    }
}
