//! Recognising time expressions: at each token, every pattern is tried and the longest match
//! wins. A match carries an [`Expr`], the meaning before resolution against the article date.
//!
//! Extents follow TimeBank: a leading `the`, modifiers (`early`, `late`, `the end of`, `over`,
//! `more than`) and `ago`/`earlier` are inside; prepositions (`in`, `on`, `since`) and `later` (a
//! signal: `three days later` is the duration P3D) are outside.

use super::words::{self, Unit};

/// A token as the grammar sees it.
#[derive(Clone, Debug)]
pub struct Tok<'a> {
    /// As written.
    pub text: &'a str,
    /// Lower-cased (borrowed when the token has no capitals).
    pub lower: std::borrow::Cow<'a, str>,
}

/// A direction relative to now (or to the reference time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    /// Decided by the tense of the sentence.
    Infer,
    /// `last`, `previous`, `past`.
    Last,
    /// `this`, `current`.
    This,
    /// `next`, `coming`, `following`.
    Next,
}

/// The meaning of a time expression before resolution.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `now` (PRESENT_REF), `recently` (PAST_REF), `soon` (FUTURE_REF).
    Ref(&'static str),
    /// Calendar parts as written; a missing year is inferred.
    Date { y: Option<i32>, m: Option<u32>, d: Option<u32> },
    /// `fiscal 1989`.
    FiscalYear(i32),
    /// `last April`, `next March`, `this May`, `last Oct. 23`.
    MonthRel { m: u32, rel: Rel, d: Option<u32> },
    /// `June last year`: a month of the previous, this or next year.
    MonthOfYear { m: u32, rel: Rel },
    /// `the following year`, `the previous month`: shifted from the reference time.
    RefShift { unit: Unit, offset: i64 },
    /// `the 1990s` → 199.
    Decade(i32),
    /// `the 20th century` → 19.
    Century(i32),
    /// `the third quarter (of 1989)`, `third-quarter`, `the latest quarter` (q None).
    Quarter { y: Option<i32>, q: Option<u32>, rel: Rel },
    /// `last fall`, `the summer of 1998`.
    Season { y: Option<i32>, s: &'static str, rel: Rel },
    /// `Wednesday`, `last Friday`, `Friday morning`.
    Weekday { dow: u32, rel: Rel, part: Option<&'static str> },
    /// `today` (0), `yesterday` (-1), `tomorrow` (1), with a part of day (`tonight`).
    RelDay { offset: i64, part: Option<&'static str> },
    /// `last year`, `this month`, `next week`.
    RelUnit { unit: Unit, offset: i64 },
    /// `two years ago` (from now), `a year earlier` (from the reference time).
    Shift { n: Option<f64>, unit: Unit, sign: i64, from_reference: bool },
    /// `two years`, `90 minutes`, `several months`, `the past two months`.
    Duration { n: Option<f64>, unit: Unit },
    /// A duration of unknown length (`a while` → PXX, `a long time` → PXY).
    VagueDuration(&'static str),
    /// `10 a.m.`, `3:30 p.m. Friday`, `noon`.
    Clock { hour: u32, minute: Option<u32>, day: Option<Box<Expr>> },
    /// `this morning`, `last night`, `overnight`.
    PartOfDay { part: &'static str, day: Box<Expr> },
    /// A recurring time, already in TimeML form (`P1D`, `XXXX-WXX-3`).
    Set(String),
    /// A holiday (`Thanksgiving`, `Christmas Day`), resolved to its date in the nearest year.
    Holiday(&'static str),
    /// `the day`, `later in the day`, `the next day` (relative to the reference time).
    RefDay(i64),
    /// `that day`, `the same day`: the day of the date just mentioned (of a month just named,
    /// some day of it).
    SameDay,
    /// `the year`, `the quarter` (the reference time's period).
    RefUnit(Unit),
    /// `earlier this year`, `later this month`: the period, relative to now.
    Within { unit: Unit, offset: i64 },
    /// A quarter of a named year: `the 1988 third quarter`, `this year's third quarter`, `last
    /// year's quarter`, `the 1989 period` (q None: the quarter under discussion).
    QuarterOfYear { year: YearRef, q: Option<u32> },
    /// `the first half of 1989` → 1989-H1.
    Half { y: i32, h: u32 },
    /// `year-end`, `year end`: the last day of the article's year.
    YearEnd,
    /// `the week of March 6`, `Easter week`: the ISO week a day falls in.
    WeekOf(Box<Expr>),
    /// `the day before last Tuesday`, `the day after Christmas`: a day next to another.
    DayBeside { day: Box<Expr>, offset: i64 },
}

/// A year written out (`1988`) or relative to the article date (`this year's`: 0, `last
/// year's`: -1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum YearRef {
    /// A calendar year.
    Absolute(i32),
    /// Years from the article date's year.
    Relative(i64),
}

/// The TimeML type of an expression.
pub fn kind(e: &Expr) -> herald_core::TimexType {
    use herald_core::TimexType::*;
    match e {
        Expr::Duration { .. } | Expr::VagueDuration(_) => Duration,
        Expr::Clock { .. } | Expr::PartOfDay { .. } => Time,
        Expr::Weekday { part: Some(_), .. } | Expr::RelDay { part: Some(_), .. } => Time,
        Expr::Set(_) => Set,
        _ => Date,
    }
}

struct M<'t, 'a> {
    t: &'t [Tok<'a>],
}

impl<'t, 'a> M<'t, 'a> {
    fn w(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.lower.as_ref())
    }
    fn is(&self, i: usize, words: &[&str]) -> bool {
        words.contains(&self.w(i))
    }
    fn text(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.text)
    }

    fn year(&self, i: usize) -> Option<i32> {
        let w = self.w(i);
        let w = w.strip_prefix('\'').or_else(|| w.strip_prefix('’')).map_or(w, |x| x);
        if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = w.parse().ok()?;
            return (1000..=2199).contains(&y).then_some(y);
        }
        None
    }

    /// A year in digits (`1994`) or spoken, as broadcast transcripts write it (`nineteen
    /// ninety-four`, `two thousand`, `two thousand and one`): the end and the year.
    fn year_at(&self, i: usize) -> Option<(usize, i32)> {
        if let Some(y) = self.year(i) {
            return Some((i + 1, y));
        }
        let n = |j: usize| words::number(self.w(j)).filter(|n| n.fract() == 0.0 && !self.w(j).starts_with(|c: char| c.is_ascii_digit()));
        let first = n(i)?;
        if self.w(i) == "two" && self.w(i + 1) == "thousand" {
            let j = i + 2 + usize::from(self.w(i + 2) == "and");
            return match n(j).filter(|x| (1.0..100.0).contains(x) && self.w(j) != "a") {
                Some(x) => Some((j + 1, 2000 + x as i32)),
                None => Some((i + 2, 2000)),
            };
        }
        if (11.0..=20.0).contains(&first) {
            let second = n(i + 1).filter(|x| (10.0..100.0).contains(x))?;
            return Some((i + 2, (first as i32) * 100 + second as i32));
        }
        None
    }

    fn day_number(&self, i: usize) -> Option<u32> {
        let w = self.w(i);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix_ok = matches!(&w[digits.len()..], "" | "st" | "nd" | "rd" | "th");
        let d: u32 = digits.parse().ok()?;
        (suffix_ok && (1..=31).contains(&d) && digits.len() <= 2).then_some(d)
    }

    fn month(&self, i: usize) -> Option<u32> {
        words::month(self.w(i), self.text(i))
    }

    /// `Jan. 5, 1998`, `January 1998`, `5 January 1998`, `Jan. 5`, `the 5th of January`.
    fn calendar(&self, i: usize) -> Option<(usize, Expr)> {
        if let Some(m) = self.month(i) {
            if let Some(d) = self.day_number(i + 1) {
                let mut end = i + 2;
                let mut y = None;
                let comma = self.w(end) == ",";
                if let Some(yr) = self.year(end + usize::from(comma)) {
                    y = Some(yr);
                    end += 1 + usize::from(comma);
                }
                return Some((end, Expr::Date { y, m: Some(m), d: Some(d) }));
            }
            let of = self.w(i + 1) == "of";
            if let Some((end, yr)) = self.year_at(i + 1 + usize::from(of)) {
                return Some((end, Expr::Date { y: Some(yr), m: Some(m), d: None }));
            }
            // `June last year`, `March next year`
            if self.is(i + 1, &["last", "this", "next"]) && self.w(i + 2) == "year" {
                let rel = match self.w(i + 1) {
                    "last" => Rel::Last,
                    "next" => Rel::Next,
                    _ => Rel::This,
                };
                return Some((i + 3, Expr::MonthOfYear { m, rel }));
            }
            // A bare month: only full names or abbreviations with their period; not the name of
            // a march or event (`the annual March for Life`, `the March of the Mothers`).
            let w = self.w(i);
            let named_event = i > 0
                && self.is(i - 1, &["the", "annual", "\"", "“", "``", "'"])
                && self.is(i + 1, &["for", "of", "on", "against", "to"])
                && self.year_at(i + 2).is_none();
            if w.len() >= 3 && (w.ends_with('.') || w.len() > 3 || w == "may") && !named_event {
                return Some((i + 1, Expr::Date { y: None, m: Some(m), d: None }));
            }
            return None;
        }
        if let Some(d) = self.day_number(i)
            && let Some(m) = self.month(i + 1)
        {
            let mut end = i + 2;
            let mut y = None;
            if let Some(yr) = self.year(end) {
                y = Some(yr);
                end += 1;
            }
            return Some((end, Expr::Date { y, m: Some(m), d: Some(d) }));
        }
        // ISO and slashed dates.
        let w = self.w(i);
        let parts: Vec<&str> = w.split(['-', '/']).collect();
        if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let nums: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
            if w.contains('-') && parts[0].len() == 4 {
                return valid(nums[0], nums[1], nums[2]).map(|e| (i + 1, e));
            }
            if w.contains('/') {
                let y = if parts[2].len() == 2 { 1900 + nums[2] + if nums[2] < 50 { 100 } else { 0 } } else { nums[2] };
                return valid(y, nums[0], nums[1]).map(|e| (i + 1, e));
            }
        }
        // Day, month abbreviation and year (`19-Nov-12`, `5-Mar-2024`): the year is two or four
        // digits, and a month word between the hyphens rules out an identifier.
        if parts.len() == 3
            && w.contains('-')
            && (1..=2).contains(&parts[0].len())
            && matches!(parts[2].len(), 2 | 4)
            && parts[0].bytes().chain(parts[2].bytes()).all(|b| b.is_ascii_digit())
            // Between digits a month word is a month, whatever its case (`may` is not the verb).
            && let Some(m) = words::month(parts[1], "Month")
            && let (Ok(d), Ok(y)) = (parts[0].parse::<u32>(), parts[2].parse::<i32>())
        {
            let y = if parts[2].len() == 2 { 1900 + y + if y < 50 { 100 } else { 0 } } else { y };
            return valid(y, m as i32, d as i32).map(|e| (i + 1, e));
        }
        None
    }

    /// A count before a unit: a number, a vague quantity (`several`, `a few`), or `a`.
    fn count(&self, i: usize) -> Option<(usize, Option<f64>)> {
        if self.w(i) == "a" && self.is(i + 1, &["few", "couple"]) {
            let end = if self.w(i + 2) == "of" { i + 3 } else { i + 2 };
            return Some((end, if self.w(i + 1) == "couple" { Some(2.0) } else { None }));
        }
        // `the next couple of years` is two.
        if self.w(i) == "couple" && self.w(i + 1) == "of" {
            return Some((i + 2, Some(2.0)));
        }
        if words::vague_quantity(self.w(i)) && self.w(i) != "recent" {
            return Some((i + 1, None));
        }
        if let Some(n) = words::number(self.w(i)) {
            // `one and a half`
            if self.w(i + 1) == "and" && self.w(i + 2) == "a" && self.w(i + 3) == "half" {
                return Some((i + 4, Some(n + 0.5)));
            }
            // `2 1/2`, `5½`
            if n.fract() == 0.0 && self.w(i).bytes().all(|b| b.is_ascii_digit()) {
                if matches!(self.w(i + 1), "1/2" | "½") {
                    return Some((i + 2, Some(n + 0.5)));
                }
                if self.w(i + 1) == "1" && self.w(i + 2) == "/" && self.w(i + 3) == "2" {
                    return Some((i + 4, Some(n + 0.5)));
                }
            }
            // `twenty four`, written without its hyphen.
            if let Some(units) = words::number(self.w(i + 1))
                && words::is_tens_word(self.w(i))
                && (1.0..10.0).contains(&units)
                && !self.w(i + 1).starts_with(|c: char| c.is_ascii_digit())
                && !matches!(self.w(i + 1), "a" | "an")
            {
                return Some((i + 2, Some(n + units)));
            }
            return Some((i + 1, Some(n)));
        }
        None
    }

    /// `two years`, `90 minutes`, `two-year`, `90-day`.
    fn duration(&self, i: usize) -> Option<(usize, Option<f64>, Unit)> {
        // `two more weeks`, `an additional year`, `eight trading days`
        let counted = self.count(i).map(|(j, n)| {
            let j = j + usize::from(self.is(j, &["more", "additional", "extra", "further"]) && words::unit(self.w(j + 1)).is_some());
            let day = |k: usize| words::unit(self.w(k)).is_some_and(|(u, _)| u == Unit::Day);
            (j + usize::from(self.is(j, &["trading", "business", "working", "school"]) && day(j + 1)), n)
        });
        if let Some((j, n)) = counted
            && let Some((u, plural)) = words::unit(self.w(j))
        {
            // `a minute and a half`, `an hour and a half`
            if !plural && n.is_some_and(|n| n.fract() == 0.0) && self.w(j + 1) == "and" && self.w(j + 2) == "a" && self.w(j + 3) == "half" {
                return Some((j + 4, n.map(|n| n + 0.5), u));
            }
            return Some((j + 1, n, u));
        }
        // Hyphenated: `two-year`, `10-day`, `several-year`.
        let w = self.w(i);
        if let Some((a, b)) = w.rsplit_once('-')
            && let Some((u, false)) = words::unit(b)
        {
            if let Some(n) = words::number(a) {
                return Some((i + 1, Some(n), u));
            }
            if words::vague_quantity(a) && a != "recent" {
                return Some((i + 1, None, u));
            }
        }
        None
    }

    fn relative_word(&self, i: usize) -> Option<Rel> {
        Some(match self.w(i) {
            "last" | "previous" | "past" => Rel::Last,
            "this" | "current" => Rel::This,
            "next" | "coming" | "following" => Rel::Next,
            _ => return None,
        })
    }

    /// Clock times: `10 a.m.`, `3:30 p.m.`, `10:35`, `noon`, `midnight`, with an optional day.
    fn clock(&self, i: usize) -> Option<(usize, Expr)> {
        let w = self.w(i);
        // `high noon` is a showdown, not a time.
        if w == "noon" && i > 0 && self.w(i - 1) == "high" {
            return None;
        }
        let (mut hour, mut minute, mut end) = if w == "noon" {
            (12, Some(0), i + 1)
        } else if w == "midnight" {
            (24, None, i + 1)
        } else {
            let (h, m) = match w.split_once(':') {
                Some((h, m)) => (h.parse::<u32>().ok()?, Some(m.parse::<u32>().ok()?)),
                None => (w.parse::<u32>().ok()?, None),
            };
            if h > 24 || m.is_some_and(|m| m > 59) {
                return None;
            }
            let ampm = self.w(i + 1);
            let (pm, has) = match ampm.trim_end_matches('.') {
                "a.m" | "am" => (false, true),
                "p.m" | "pm" => (true, true),
                _ => (false, false),
            };
            // `4 in the morning`, `9 in the evening`, `11 at night`: the words say a.m. or p.m.
            if !has
                && m.is_none()
                && (1..=12).contains(&h)
                && let Some((pm, len)) = match (self.w(i + 1), self.w(i + 2), self.w(i + 3)) {
                    ("in", "the", "morning") => Some((false, 3)),
                    ("in", "the", "afternoon" | "evening") => Some((true, 3)),
                    ("at", "night", _) => Some((h >= 6, 2)),
                    _ => None,
                }
            {
                let hour = if pm && h < 12 {
                    h + 12
                } else if !pm && h == 12 {
                    0
                } else {
                    h
                };
                return Some((i + 1 + len, Expr::Clock { hour, minute: Some(0), day: None }));
            }
            if !has && m.is_none() {
                return None;
            }
            let mut h = h;
            if has {
                if h > 12 {
                    return None;
                }
                if pm && h < 12 {
                    h += 12;
                }
                if !pm && h == 12 {
                    h = 0;
                }
            }
            (h, m, i + 1 + usize::from(has))
        };
        // Time zones (`EST`, `GMT`) belong to the expression.
        if self.is(end, &["est", "edt", "pst", "pdt", "cst", "cdt", "gmt", "utc", "et", "pt"]) {
            end += 1;
        }
        let mut day = None;
        let comma = usize::from(self.w(end) == ",");
        if let Some((e, d)) = self.day_reference(end + comma) {
            day = Some(Box::new(d));
            end = e;
        } else if self.w(end) == "on"
            && let Some((_, d)) = self.day_reference(end + 1)
        {
            // `3 p.m. on Tuesday`: the day is an expression of its own, and the time is on it.
            day = Some(Box::new(d));
        }
        if hour == 24 && minute.is_none() {
            hour = 24;
            minute = None;
        }
        Some((end, Expr::Clock { hour, minute, day }))
    }

    /// A day: weekday, `today`, `yesterday`, or a calendar date.
    fn day_reference(&self, i: usize) -> Option<(usize, Expr)> {
        if let Some(dow) = words::weekday(self.w(i)) {
            return Some((i + 1, Expr::Weekday { dow, rel: Rel::Infer, part: None }));
        }
        match self.w(i) {
            "today" => return Some((i + 1, Expr::RelDay { offset: 0, part: None })),
            "yesterday" => return Some((i + 1, Expr::RelDay { offset: -1, part: None })),
            "tomorrow" => return Some((i + 1, Expr::RelDay { offset: 1, part: None })),
            _ => {}
        }
        self.calendar(i).filter(|(_, e)| matches!(e, Expr::Date { d: Some(_), .. }))
    }

    /// Holidays: `Thanksgiving (Day)`, `Christmas (Day|Eve)`, `New Year's Day`, `Election Day`,
    /// `Easter`, `Independence Day`, `Labor Day`, `Memorial Day`, `Veterans Day`, `Halloween`.
    fn holiday(&self, i: usize) -> Option<(usize, Expr)> {
        let day = |j: usize| usize::from(self.w(j) == "day");
        let (name, end) = match self.w(i) {
            "thanksgiving" => ("thanksgiving", i + 1 + day(i + 1)),
            "christmas" if self.w(i + 1) == "eve" => ("christmas_eve", i + 2),
            "christmas" => ("christmas", i + 1 + day(i + 1)),
            "halloween" => ("halloween", i + 1),
            "easter" => ("easter", i + 1 + usize::from(self.is(i + 1, &["sunday", "day"]))),
            "election" if self.w(i + 1) == "day" && self.text(i).starts_with('E') => ("election", i + 2),
            "independence" if self.w(i + 1) == "day" => ("independence", i + 2),
            "labor" | "labour" if self.w(i + 1) == "day" && self.text(i).starts_with('L') => ("labor", i + 2),
            "memorial" if self.w(i + 1) == "day" && self.text(i).starts_with('M') => ("memorial", i + 2),
            "veterans" if self.w(i + 1) == "day" => ("veterans", i + 2),
            "new" if self.w(i + 1) == "year" && self.is(i + 2, &["'s", "’s"]) && self.w(i + 3) == "day" => ("new_year", i + 4),
            "new" if self.w(i + 1) == "year" && self.is(i + 2, &["'s", "’s"]) && self.w(i + 3) == "eve" => ("new_year_eve", i + 4),
            _ => return None,
        };
        // `Easter week`, `Thanksgiving week`: the week the holiday falls in.
        if self.w(end) == "week" {
            return Some((end + 1, Expr::WeekOf(Box::new(Expr::Holiday(name)))));
        }
        Some((end, Expr::Holiday(name)))
    }

    /// All patterns at `i`; the longest match.
    fn best(&self, i: usize) -> Option<(usize, Expr)> {
        // The longest candidate; among equally long ones the last tried (as `max_by_key`).
        let mut best: Option<(usize, Expr)> = None;
        let mut push = |c: Option<(usize, Expr)>| {
            if let Some(c) = c
                && best.as_ref().is_none_or(|b| c.0 >= b.0)
            {
                best = Some(c);
            }
        };
        push(self.single(i));
        push(self.calendar(i));
        push(self.clock(i));
        push(self.with_modifiers(i));
        push(self.relative(i));
        push(self.quantity(i));
        push(self.sets(i));
        push(self.holiday(i));
        push(self.vague_plural(i));
        best
    }

    /// One- and two-word expressions.
    fn single(&self, i: usize) -> Option<(usize, Expr)> {
        let w = self.w(i);
        let next = self.w(i + 1);
        let e = match w {
            "now" | "currently" | "nowadays" | "presently" => Expr::Ref("PRESENT_REF"),
            "current" if !matches!(next, "account" | "accounts" | "events" | "affairs") => Expr::Ref("PRESENT_REF"),
            "recently" | "lately" | "formerly" => Expr::Ref("PAST_REF"),
            "today" => Expr::RelDay { offset: 0, part: None },
            "yesterday" => Expr::RelDay { offset: -1, part: None },
            "tomorrow" => Expr::RelDay { offset: 1, part: None },
            "tonight" => Expr::RelDay { offset: 0, part: Some("NI") },
            "overnight" => Expr::RelDay { offset: 0, part: Some("NI") },
            "daily" => Expr::Set("P1D".into()),
            "weekly" => Expr::Set("P1W".into()),
            "monthly" => Expr::Set("P1M".into()),
            "annually" | "yearly" => Expr::Set("P1Y".into()),
            "hourly" => Expr::Set("PT1H".into()),
            // `midday` is noon; `mid-afternoon`, `midmorning` the part of the day.
            "midday" | "mid-day" => Expr::Clock { hour: 12, minute: Some(0), day: None },
            // `mid-afternoon (yesterday)`, `mid morning`: the part of that day.
            "mid-afternoon" | "midafternoon" | "mid-morning" | "midmorning" | "mid"
                if w != "mid" || self.is(i + 1, &["afternoon", "morning"]) =>
            {
                let end = i + 1 + usize::from(w == "mid");
                let part = if self.w(end - 1).ends_with("afternoon") { "AF" } else { "MO" };
                let (end, day) = match self.day_reference(end) {
                    Some((e, day @ (Expr::RelDay { .. } | Expr::Weekday { .. }))) => (e, day),
                    _ => (end, Expr::RelDay { offset: 0, part: None }),
                };
                return Some((end, Expr::PartOfDay { part, day: Box::new(day) }));
            }
            // `at a later date`
            "a" if self.w(i + 1) == "later" && self.is(i + 2, &["date", "time", "stage"]) => {
                return Some((i + 3, Expr::Ref("FUTURE_REF")));
            }
            // `as soon as possible`
            "as" if self.w(i + 1) == "soon" && self.w(i + 2) == "as" && self.w(i + 3) == "possible" => {
                return Some((i + 4, Expr::Ref("FUTURE_REF")));
            }
            _ => {
                if let Some(dow) = words::weekday(w) {
                    // `Saturday, April 25`: the date says which.
                    let comma = usize::from(next == ",");
                    if let Some((end, date @ Expr::Date { d: Some(_), .. })) = self.calendar(i + 1 + comma) {
                        return Some((end, date));
                    }
                    // `Friday morning`, `Friday night`
                    if let Some(part) = words::part_of_day(next) {
                        return Some((i + 2, Expr::Weekday { dow, rel: Rel::Infer, part: Some(part) }));
                    }
                    return Some((i + 1, Expr::Weekday { dow, rel: Rel::Infer, part: None }));
                }
                if let Some(y) = self.year(i) {
                    // A year, not a count (`1998 people`) or part of an address.
                    if words::unit(next).is_some() || next.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    return Some((i + 1, Expr::Date { y: Some(y), m: None, d: None }));
                }
                // Decades: `1990s`, `'90s`.
                let stripped = w.trim_start_matches(['\'', '’']);
                if let Some(d) = stripped.strip_suffix('s') {
                    if d.len() == 4 && d.ends_with('0') && d.bytes().all(|b| b.is_ascii_digit()) {
                        return Some((i + 1, Expr::Decade(d[..3].parse().ok()?)));
                    }
                    if d.len() == 2 && d.ends_with('0') && d.bytes().all(|b| b.is_ascii_digit()) && stripped.len() < w.len() {
                        return Some((i + 1, Expr::Decade(190 + d[..1].parse::<i32>().ok()?)));
                    }
                }
                // `the nineties`, `the eighties` (of the twentieth century).
                if let Some(d) = decade_word(w)
                    && i > 0
                    && self.is(i - 1, &["the", "early", "late", "mid"])
                {
                    return Some((i + 1, Expr::Decade(190 + d)));
                }
                // A spoken year (`nineteen ninety-six`), as broadcast transcripts write them.
                // Only 1720–1999, with tens: `twelve fifteen` is more likely a clock time.
                if let Some((end, y)) = self.year_at(i).filter(|(end, y)| *end == i + 2 && (1700..2000).contains(y) && y % 100 >= 20) {
                    return Some((end, Expr::Date { y: Some(y), m: None, d: None }));
                }
                // `20th century` → 19, `11th century` → 10.
                if self.w(i + 1) == "century" {
                    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                    if !digits.is_empty()
                        && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
                        && let Ok(n) = digits.parse::<i32>()
                        && (1..=21).contains(&n)
                    {
                        return Some((i + 2, Expr::Century(n - 1)));
                    }
                }
                if w == "year-end" || (w == "year" && next == "end") {
                    return Some((i + 1 + usize::from(w == "year"), Expr::YearEnd));
                }
                // `third-quarter`, `fourth-quarter`
                if let Some((a, b)) = w.split_once('-') {
                    if b == "quarter"
                        && let Some(q) = words::ordinal(a).filter(|q| *q <= 4)
                    {
                        return Some((i + 1, Expr::Quarter { y: None, q: Some(q), rel: Rel::Infer }));
                    }
                    if a == "year" && matches!(b, "earlier" | "ago") {
                        return Some((i + 1, Expr::Shift { n: Some(1.0), unit: Unit::Year, sign: -1, from_reference: true }));
                    }
                    if a == "mid"
                        && let Some(y) = self.year_str(b)
                    {
                        return Some((i + 1, Expr::Date { y: Some(y), m: None, d: None }));
                    }
                    // `mid-1990s`
                    if a == "mid"
                        && let Some(d) = b.strip_suffix('s').filter(|d| d.len() == 4 && d.ends_with('0'))
                        && let Some(y) = self.year_str(d)
                    {
                        return Some((i + 1, Expr::Decade(y / 10)));
                    }
                    // `day-long`, `decades-long`: durations as adjectives.
                    if b == "long"
                        && let Some((u, plural)) = words::unit(a)
                    {
                        return Some((i + 1, Expr::Duration { n: if plural { None } else { Some(1.0) }, unit: u }));
                    }
                    // `mid-November`, `late-November`, `early-March`
                    if matches!(a, "mid" | "late" | "early")
                        && b.len() > 3
                        && let Some(m) = words::month(b, b)
                    {
                        return Some((i + 1, Expr::Date { y: None, m: Some(m), d: None }));
                    }
                }
                return None;
            }
        };
        Some((i + 1, e))
    }

    fn year_str(&self, s: &str) -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    }

    /// `early 1998`, `late last year`, `the end of the year`, `mid-October`, `over 90 minutes`,
    /// `more than two years`, `fiscal 1989`.
    fn with_modifiers(&self, i: usize) -> Option<(usize, Expr)> {
        let w = self.w(i);
        let after = match w {
            "early" | "late" | "mid" | "around" | "about" | "nearly" | "almost" | "roughly" | "over" | "approximately" | "some" => i + 1,
            "more" | "less" | "fewer" if self.w(i + 1) == "than" => i + 2,
            "at" if self.is(i + 1, &["least", "most"]) => i + 2,
            "up" if self.w(i + 1) == "to" => i + 2,
            "the" if self.is(i + 1, &["end", "beginning", "start", "middle", "rest", "remainder"]) && self.w(i + 2) == "of" => i + 3,
            "the" if self.is(i + 1, &["first", "second", "last"]) && self.w(i + 2) == "half" && self.w(i + 3) == "of" => {
                if let Some(y) = self.year(i + 4) {
                    let h = if self.w(i + 1) == "first" { 1 } else { 2 };
                    return Some((i + 5, Expr::Half { y, h }));
                }
                i + 4
            }
            "fiscal" => {
                let j = if self.w(i + 1) == "year" { i + 2 } else { i + 1 };
                if let Some(y) = self.year(j) {
                    return Some((j + 1, Expr::FiscalYear(y)));
                }
                if self.w(i + 1) == "year" {
                    return Some((i + 2, Expr::RefUnit(Unit::Year)));
                }
                return None;
            }
            _ => return None,
        };
        let approx = matches!(
            w,
            "around"
                | "about"
                | "nearly"
                | "almost"
                | "roughly"
                | "over"
                | "approximately"
                | "some"
                | "more"
                | "less"
                | "fewer"
                | "at"
                | "up"
        );
        let (end, e) = self.best(after)?;
        // Approximators only go with quantities and clock times; `some` only with durations.
        if approx && !matches!(e, Expr::Duration { .. } | Expr::Clock { .. } | Expr::Shift { .. }) {
            return None;
        }
        Some((end, e))
    }

    /// `last year`, `next week`, `the past two months`, `the coming weeks`, `last Friday`,
    /// `this morning`, `earlier this year`, `the day`, `that day`, `the next day`, `later in the
    /// day`, `the third quarter`, `the year-ago quarter`, `this summer`, `the future`.
    fn relative(&self, i: usize) -> Option<(usize, Expr)> {
        let mut j = i;
        let the = self.is(j, &["the", "that", "those", "these"]) && !self.is(j + 1, &["same"]);
        if self.w(j) == "these" && self.w(j + 1) == "days" {
            return Some((j + 2, Expr::Ref("PRESENT_REF")));
        }
        let det = self.w(j);
        if self.is(j, &["earlier", "later"])
            && self.w(j + 1) == "that"
            && let Some((u, false)) = words::unit(self.w(j + 2))
        {
            return Some((j + 3, if u == Unit::Day { Expr::RefDay(0) } else { Expr::RefUnit(u) }));
        }
        // `earlier this year`, `later this month`, `earlier in the day`
        if self.is(j, &["earlier", "later"]) {
            let sign = if self.w(j) == "earlier" { -1 } else { 1 };
            if self.w(j + 1) == "this" {
                // TimeBank marks `this year` in `earlier this year`; the pattern at `this` finds it.
                return None;
            }
            if self.w(j + 1) == "in" && self.w(j + 2) == "the" && self.is(j + 3, &["day", "week", "month", "year"]) {
                let u = words::unit(self.w(j + 3))?.0;
                return Some((j + 4, if u == Unit::Day { Expr::RefDay(0) } else { Expr::RefUnit(u) }));
            }
            let _ = sign;
            return None;
        }
        if self.is(j, &["the", "that"]) && self.w(j + 1) == "same" && self.w(j + 2) == "day" {
            return Some((j + 3, Expr::SameDay));
        }
        if the {
            j += 1;
        }
        // `the not-too-distant future`, `the near future`, `the future`, `the past`, `the present`
        let mut k = j;
        while k < j + 3
            && !self.is(k, &["future", "past", "present"])
            && self.w(k).chars().all(|c| c.is_alphabetic() || c == '-')
            && !self.w(k).is_empty()
        {
            k += 1;
        }
        if self.is(k, &["future", "past"]) && the && det == "the" && !self.is(k + 1, &["tense", "perfect"]) {
            let r = if self.w(k) == "future" { "FUTURE_REF" } else { "PAST_REF" };
            // `the past two months` is a duration: leave it to the quantity pattern.
            if !(self.w(k) == "past" && (self.count(k + 1).is_some() || words::unit(self.w(k + 1)).is_some())) {
                return Some((k + 1, Expr::Ref(r)));
            }
        }
        // `the near term`, `the short term`
        if the && det == "the" && self.is(j, &["near", "short"]) && self.w(j + 1) == "term" {
            return Some((j + 2, Expr::Ref("FUTURE_REF")));
        }
        if self.w(j) == "future" && !the && i > 0 && self.is(i - 1, &["in", "the", "near"]) {
            return Some((j + 1, Expr::Ref("FUTURE_REF")));
        }
        let rel = self.relative_word(j);
        let j2 = if rel.is_some() { j + 1 } else { j };
        // Weekdays, months, seasons, quarters with a relative word.
        if let Some(dow) = words::weekday(self.w(j2))
            && rel.is_some()
        {
            let part = words::part_of_day(self.w(j2 + 1));
            return Some((j2 + 1 + usize::from(part.is_some()), Expr::Weekday { dow, rel: rel.unwrap_or(Rel::Infer), part }));
        }
        if let Some(s) = words::season(self.w(j2))
            && (rel.is_some() || the)
        {
            let mut end = j2 + 1;
            let mut y = None;
            if self.w(end) == "of" {
                if let Some((e, yr)) = self.year_at(end + 1) {
                    y = Some(yr);
                    end = e;
                }
            } else if let Some(yr) = self.year(end) {
                y = Some(yr);
                end += 1;
            }
            return Some((end, Expr::Season { y, s, rel: rel.unwrap_or(Rel::Infer) }));
        }
        if let Some(m) = self.month(j2)
            && let Some(r) = rel
        {
            // `last Oct. 23`: a day of the month before or after the article's.
            if let Some(d) = self.day_number(j2 + 1).filter(|_| !the) {
                return Some((j2 + 2, Expr::MonthRel { m, rel: r, d: Some(d) }));
            }
            return Some((j2 + 1, Expr::MonthRel { m, rel: r, d: None }));
        }
        // Parts of day: `this morning`, `last night`, `the morning`.
        if let Some(part) = words::part_of_day(self.w(j2))
            && (rel.is_some() || the)
        {
            let offset = match (rel, part) {
                (Some(Rel::Last), "NI") => -1,
                (Some(Rel::Last), _) => -1,
                (Some(Rel::Next), _) => 1,
                _ => 0,
            };
            let day = if the && rel.is_none() && det == "the" { Expr::RefDay(0) } else { Expr::RelDay { offset, part: None } };
            return Some((j2 + 1, Expr::PartOfDay { part, day: Box::new(day) }));
        }
        // Quarters: `the third quarter (of 1989)`, `the first quarter`, `the latest quarter`,
        // `the year-ago quarter`, `the quarter`.
        {
            // `the 1988 third quarter`, `this year's third quarter`, `last year's quarter`,
            // `the 1989 period`.
            let year_ref = if let Some(y) = self.year(j2).filter(|_| the && rel.is_none()) {
                Some((j2 + 1, YearRef::Absolute(y)))
            } else if rel.is_some() && self.w(j2) == "year" && self.is(j2 + 1, &["'s", "’s"]) {
                let offset = match rel {
                    Some(Rel::Last) => -1,
                    Some(Rel::Next) => 1,
                    _ => 0,
                };
                Some((j2 + 2, YearRef::Relative(offset)))
            } else {
                None
            };
            if let Some((k, year)) = year_ref {
                let (q, at) = match words::ordinal(self.w(k)).filter(|o| *o <= 4) {
                    Some(o) => (Some(o), k + 1),
                    None => (None, k),
                };
                let fiscal = usize::from(self.w(at) == "fiscal" && q.is_none());
                if self.w(at + fiscal) == "quarter" || (q.is_none() && self.w(at) == "period") {
                    return Some((at + fiscal + 1, Expr::QuarterOfYear { year, q }));
                }
            }
            let mut q_at = j2;
            let mut q = None;
            let mut latest = false;
            let mut year_ago = false;
            if let Some(o) = words::ordinal(self.w(j2)).filter(|o| *o <= 4) {
                q = Some(o);
                q_at = j2 + 1;
            } else if self.is(j2, &["latest", "recent", "most", "full", "fiscal"]) {
                latest = true;
                q_at = j2 + 1 + usize::from(self.w(j2) == "most" && self.w(j2 + 1) == "recent");
            } else if self.is(j2, &["year-ago", "year-earlier"]) {
                year_ago = true;
                q_at = j2 + 1;
            }
            let bare_ordinal =
                !the && rel.is_none() && q.is_some() && i == j2 && (i == 0 || !self.is(i - 1, &["a", "every", "each", "one"]));
            if self.is(q_at, &["quarter", "period"])
                && (the || rel.is_some() || bare_ordinal)
                && (self.w(q_at) == "quarter" || latest || year_ago)
            {
                let mut end = q_at + 1;
                let mut y = None;
                if self.w(end) == "of" {
                    if let Some(yr) = self.year(end + 1) {
                        y = Some(yr);
                        end += 2;
                    } else if self.w(end + 1) == "fiscal"
                        && let Some(yr) = self.year(end + 2)
                    {
                        y = Some(yr);
                        end += 3;
                    }
                }
                if year_ago {
                    return Some((end, Expr::Shift { n: Some(1.0), unit: Unit::Year, sign: -1, from_reference: true }));
                }
                if latest || (q.is_none() && rel.is_none()) {
                    return Some((end, Expr::RefUnit(Unit::Quarter)));
                }
                return Some((end, Expr::Quarter { y, q, rel: rel.unwrap_or(Rel::Infer) }));
            }
        }
        // `the full year`: the year being reported on.
        if the && det == "the" && rel.is_none() && self.w(j2) == "full" && self.w(j2 + 1) == "year" {
            return Some((j2 + 2, Expr::RelUnit { unit: Unit::Year, offset: 0 }));
        }
        // `the nineties`, `the 1990s`: TimeBank keeps the article inside.
        if the && det == "the" && rel.is_none() {
            if let Some(d) = decade_word(self.w(j2)) {
                return Some((j2 + 1, Expr::Decade(190 + d)));
            }
            let w = self.w(j2);
            if w.ends_with('s')
                && w.starts_with(|c: char| c.is_ascii_digit() || c == '\'' || c == '’' || c == 'm')
                && let Some((end, e @ Expr::Decade(_))) = self.single(j2)
            {
                return Some((end, e));
            }
        }
        // `the year 2000`, `the year two thousand`
        if the
            && det == "the"
            && rel.is_none()
            && self.w(j2) == "year"
            && let Some((end, y)) = self.year_at(j2 + 1)
        {
            return Some((end, Expr::Date { y: Some(y), m: None, d: None }));
        }
        // `last year`, `this week`, `next month`, `the year`, `the day`, `that day`, `the next
        // day`, `the weekend`
        if let Some((u, plural)) = words::unit(self.w(j2)) {
            if plural {
                // `the coming weeks`, `the past years`, `in coming months`: vague durations.
                if rel.is_some() && (the || (rel == Some(Rel::Next) && i > 0 && self.is(i - 1, &["in", "over", "within", "for"]))) {
                    return Some((j2 + 1, Expr::Duration { n: None, unit: u }));
                }
                // `the weeks ahead`, `the months to come`
                if the && det == "the" && rel.is_none() {
                    if self.w(j2 + 1) == "ahead" {
                        return Some((j2 + 2, Expr::Duration { n: None, unit: u }));
                    }
                    if self.w(j2 + 1) == "to" && self.w(j2 + 2) == "come" {
                        return Some((j2 + 3, Expr::Duration { n: None, unit: u }));
                    }
                }
                return None;
            }
            match rel {
                Some(r) if !(the && r == Rel::Last && det == "the") => {
                    let offset = match r {
                        Rel::Last => -1,
                        Rel::Next => 1,
                        _ => 0,
                    };
                    // `the next day`, `the following year` are relative to the reference time.
                    if the && u == Unit::Day {
                        return Some((j2 + 1, Expr::RefDay(offset)));
                    }
                    if the && matches!(r, Rel::Next | Rel::Last) {
                        return Some((j2 + 1, Expr::RefShift { unit: u, offset }));
                    }
                    if u == Unit::Weekend {
                        return Some((j2 + 1, Expr::RelUnit { unit: Unit::Weekend, offset }));
                    }
                    return Some((j2 + 1, Expr::RelUnit { unit: u, offset }));
                }
                Some(_) if u == Unit::Year && self.w(j) == "past" => {
                    // `the past year`: TimeBank marks the previous calendar year.
                    return Some((j2 + 1, Expr::RelUnit { unit: u, offset: -1 }));
                }
                Some(_) => {
                    // `the last year`: a duration.
                    return Some((j2 + 1, Expr::Duration { n: Some(1.0), unit: u }));
                }
                None if the => {
                    // `the week of March 6`
                    if u == Unit::Week
                        && det == "the"
                        && self.w(j2 + 1) == "of"
                        && let Some((end, day @ (Expr::Date { d: Some(_), .. } | Expr::Holiday(_) | Expr::MonthRel { d: Some(_), .. }))) =
                            self.best(j2 + 2)
                    {
                        return Some((end, Expr::WeekOf(Box::new(day))));
                    }
                    // `the day after his death`, `the year before`: next to the date just
                    // mentioned; `the day before last Tuesday`: next to the day named after it.
                    if det == "the" && self.is(j2 + 1, &["after", "before"]) {
                        let offset = if self.w(j2 + 1) == "after" { 1 } else { -1 };
                        match self.t.get(j2 + 2).and_then(|_| self.best(j2 + 2)) {
                            None => {
                                let e = if u == Unit::Day { Expr::RefDay(offset) } else { Expr::RefShift { unit: u, offset } };
                                return Some((j2 + 2, e));
                            }
                            Some((end, day))
                                if u == Unit::Day
                                    && matches!(
                                        day,
                                        Expr::Weekday { part: None, .. }
                                            | Expr::Date { d: Some(_), .. }
                                            | Expr::MonthRel { d: Some(_), .. }
                                            | Expr::RelDay { part: None, .. }
                                            | Expr::Holiday(_)
                                    ) =>
                            {
                                return Some((end, Expr::DayBeside { day: Box::new(day), offset }));
                            }
                            Some(_) => {}
                        }
                    }
                    if u == Unit::Day && det == "that" {
                        return Some((j2 + 1, Expr::SameDay));
                    }
                    if u == Unit::Day && det == "the" {
                        return Some((j2 + 1, Expr::RefDay(0)));
                    }
                    // `for the year`, `during the year`: the span, not the date.
                    if u == Unit::Year && det == "the" && i > 0 && self.is(i - 1, &["for", "during", "over", "throughout", "through"]) {
                        return Some((j2 + 1, Expr::Duration { n: Some(1.0), unit: u }));
                    }
                    // `that year`, `that month`: the period of the date just mentioned.
                    if matches!(u, Unit::Year | Unit::Quarter | Unit::Month | Unit::Week) && matches!(det, "the" | "that") {
                        return Some((j2 + 1, Expr::RefUnit(u)));
                    }
                    if u == Unit::Weekend {
                        return Some((j2 + 1, Expr::RelUnit { unit: Unit::Weekend, offset: 0 }));
                    }
                    return None;
                }
                None => return None,
            }
        }
        None
    }

    /// Durations and shifts: `two years`, `the past two months`, `the first nine months`, `two
    /// years ago`, `a year earlier`, `two days (later)`, `for a long time`, `a while`, `recent
    /// years`.
    fn quantity(&self, i: usize) -> Option<(usize, Expr)> {
        let mut j = i;
        let the = self.w(j) == "the";
        if the {
            j += 1;
        }
        let mut span_word = false;
        if self.is(j, &["past", "last", "next", "first", "coming", "previous", "following", "final", "latest"]) {
            span_word = true;
            j += 1;
        }
        // `recent months`, `recent weeks` are spans reaching now (TimeBank: PXM, PXW); `recent
        // years`, `recent days` are mostly marked as the past.
        if self.w(j) == "recent" && self.is(j + 1, &["years", "months", "weeks", "days"]) && self.w(j + 2) == "and" {
            // `recent weeks and months`
            if let Some((_, true)) = words::unit(self.w(j + 3)) {
                return Some((j + 4, Expr::Ref("PAST_REF")));
            }
        }
        if self.w(j) == "recent" && self.is(j + 1, &["months", "weeks", "quarters"]) {
            let unit = if self.w(j + 1) == "weeks" { Unit::Week } else { Unit::Month };
            return Some((j + 2, Expr::Duration { n: None, unit }));
        }
        if self.w(j) == "recent" && self.is(j + 1, &["years", "days", "decades"]) {
            return Some((j + 2, Expr::Ref("PAST_REF")));
        }
        if self.w(i) == "a" && self.w(i + 1) == "while" {
            return Some((i + 2, Expr::VagueDuration("PXX")));
        }
        if self.w(i) == "a" && self.is(i + 1, &["long", "short"]) && self.w(i + 2) == "time" {
            return Some((i + 3, Expr::VagueDuration(if self.w(i + 1) == "long" { "PXY" } else { "PXX" })));
        }
        // `the 1988 quarter` names a year's quarter, not 1,988 quarters.
        if the && !span_word && self.year(j).is_some() {
            return None;
        }
        let (end, n, unit) = self.duration(j)?;
        if the
            && !span_word
            && !self.is(j, &["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])
            && words::number(self.w(j)).is_none()
        {
            return None;
        }
        // An age (`52 years old`) is not a time expression in TimeML.
        if self.w(end) == "old" {
            return None;
        }
        // `a second betrayal`, `a second term`: the ordinal before its noun.
        if unit == Unit::Second
            && self.w(end - 1) == "second"
            && self.t.get(end).is_some_and(|t| t.text.chars().all(|c| c.is_ascii_lowercase()) && t.text.len() > 2)
            && !self.is(end, &["later", "ago", "earlier", "after", "before", "and", "or", "too", "longer", "the", "for", "from", "per"])
        {
            return None;
        }
        // `two years ago`, `a year earlier`, `three weeks from now`; `two days | later`
        if !span_word {
            match self.w(end) {
                "ago" => return Some((end + 1, Expr::Shift { n, unit, sign: -1, from_reference: false })),
                "earlier" => return Some((end + 1, Expr::Shift { n, unit, sign: -1, from_reference: true })),
                // `three days later`: TimeML marks the duration and leaves `later` outside, as a
                // signal of the relation to the event before.
                "later" => return Some((end, Expr::Duration { n, unit })),
                "hence" => return Some((end + 1, Expr::Shift { n, unit, sign: 1, from_reference: true })),
                "from" if self.w(end + 1) == "now" => return Some((end + 2, Expr::Shift { n, unit, sign: 1, from_reference: false })),
                _ => {}
            }
        }
        // A plural unit alone (`years`) is too vague unless counted.
        Some((end, Expr::Duration { n, unit }))
    }

    /// `for years`, `in weeks`, `within days`: an unknown number of units.
    fn vague_plural(&self, i: usize) -> Option<(usize, Expr)> {
        let (u, plural) = words::unit(self.w(i))?;
        (plural && i > 0 && self.is(i - 1, &["for", "in", "over", "within", "after"]) && u != Unit::Quarter)
            .then_some((i + 1, Expr::Duration { n: None, unit: u }))
    }

    /// `every day`, `each Thursday`, `every month`, `twice a year`, `once a week`.
    fn sets(&self, i: usize) -> Option<(usize, Expr)> {
        if self.is(i, &["every", "each", "per"]) {
            if let Some((u, false)) = words::unit(self.w(i + 1)) {
                let (l, t) = u.letter();
                return Some((i + 2, Expr::Set(format!("P{}1{l}", if t { "T" } else { "" }))));
            }
            if let Some(dow) = words::weekday(self.w(i + 1)) {
                return Some((i + 2, Expr::Set(format!("XXXX-WXX-{dow}"))));
            }
            if let Some(m) = self.month(i + 1) {
                return Some((i + 2, Expr::Set(format!("XXXX-{m:02}"))));
            }
        }
        // `$5 a year`, `3% a month`: `a` after a quantity is `per`.
        if self.w(i) == "a"
            && i > 0
            && (words::number(self.w(i - 1)).is_some() || self.is(i - 1, &["%", "percent", "times"]))
            && let Some((u, false)) = words::unit(self.w(i + 1))
        {
            let (l, t) = u.letter();
            return Some((i + 2, Expr::Set(format!("P{}1{l}", if t { "T" } else { "" }))));
        }
        if self.is(i, &["once", "twice"])
            && self.is(i + 1, &["a", "per", "every", "each"])
            && let Some((u, false)) = words::unit(self.w(i + 2))
        {
            let (l, t) = u.letter();
            return Some((i + 3, Expr::Set(format!("P{}1{l}", if t { "T" } else { "" }))));
        }
        None
    }
}

/// `twenties` … `nineties`: the decade's digit.
fn decade_word(w: &str) -> Option<i32> {
    Some(match w {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        "nineties" => 9,
        _ => return None,
    })
}

fn valid(y: i32, m: i32, d: i32) -> Option<Expr> {
    (chrono::NaiveDate::from_ymd_opt(y, m as u32, d as u32).is_some() && (1800..2200).contains(&y)).then_some(Expr::Date {
        y: Some(y),
        m: Some(m as u32),
        d: Some(d as u32),
    })
}

/// A token can start an expression ([`can_start`]).
const STARTS: u8 = 1;
/// A token no expression goes without: a number, a unit, a calendar or clock word, a reference
/// word (`now`, `today`, `recently`…). The words that only lead into one (`the`, `last`, `about`,
/// `several`) are not.
const CORE: u8 = 2;

/// `as`, which starts only `as soon as possible`.
const AS: u8 = 4;

/// [`STARTS`], [`CORE`] and [`AS`] of each token, through a per-thread memo: most tokens are frequent
/// words that start nothing, and the checks behind the answer are a dozen word lists (the memo
/// starts afresh past 100,000 words; it is taken once per sentence).
fn can_start_each(tokens: &[Tok]) -> Vec<u8> {
    use std::cell::RefCell;
    thread_local! {
        static MEMO: RefCell<rustc_hash::FxHashMap<Box<str>, u8>> = RefCell::new(rustc_hash::FxHashMap::default());
    }
    MEMO.with_borrow_mut(|memo| {
        tokens
            .iter()
            .map(|t| {
                let w: &str = &t.lower;
                if let Some(&known) = memo.get(w) {
                    return known;
                }
                if memo.len() > 100_000 {
                    memo.clear();
                }
                let starts = can_start(w);
                // `a` (a number here) needs a unit or `while`, `time`, `term` after it (`a
                // while`, `a long time`, `the short term`), where the word that makes it an
                // expression is not its first.
                let core = (starts && !leads_in_only(w) && !matches!(w, "a" | "an")) || matches!(w, "term" | "while" | "time");
                let answer = (u8::from(starts) * STARTS) | (u8::from(core) * CORE) | (u8::from(w == "as") * AS);
                memo.insert(w.into(), answer);
                answer
            })
            .collect()
    })
}

/// True when a time expression can start with this (lower-cased) token; most tokens cannot, and
/// skipping them keeps the stage cheap.
fn can_start(w: &str) -> bool {
    let first = w.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() || ((first == '\'' || first == '’') && w[first.len_utf8()..].starts_with(|c: char| c.is_ascii_digit())) {
        return true;
    }
    if words::unit(w).is_some()
        || words::weekday(w).is_some()
        || words::part_of_day(w).is_some()
        || words::season(w).is_some()
        || words::number(w).is_some()
        || words::ordinal(w).is_some()
        || words::month(w, "X").is_some()
    {
        return true;
    }
    if w.contains('-')
        && (w.ends_with("quarter")
            || w.starts_with("mid")
            || w.ends_with("-long")
            || w.starts_with("year-")
            || w.starts_with("late-")
            || w.starts_with("early-")
            || w.rsplit('-').next().is_some_and(|u| words::unit(u).is_some()))
    {
        return true;
    }
    leads_in_only(w) || stands_alone(w)
}

/// Words that are an expression, or the word that makes one, on their own (`now`, `today`,
/// `recently`, `noon`, `christmas`).
fn stands_alone(w: &str) -> bool {
    matches!(
        w,
        "past"
            | "current"
            | "now"
            | "currently"
            | "nowadays"
            | "presently"
            | "recently"
            | "lately"
            | "formerly"
            | "today"
            | "yesterday"
            | "tomorrow"
            | "tonight"
            | "overnight"
            | "daily"
            | "weekly"
            | "monthly"
            | "annually"
            | "yearly"
            | "hourly"
            | "earlier"
            | "later"
            | "noon"
            | "midnight"
            | "midday"
            | "mid-day"
            | "midafternoon"
            | "midmorning"
            | "twenties"
            | "thirties"
            | "forties"
            | "fifties"
            | "sixties"
            | "seventies"
            | "eighties"
            | "nineties"
            | "future"
            | "thanksgiving"
            | "christmas"
            | "halloween"
            | "easter"
            | "year-ago"
            | "year-earlier"
    )
}

/// Words [`can_start`] accepts that no expression consists of alone: they lead into one.
fn leads_in_only(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "that"
            | "these"
            | "this"
            | "last"
            | "next"
            | "coming"
            | "previous"
            | "following"
            | "early"
            | "late"
            | "mid"
            | "around"
            | "about"
            | "nearly"
            | "almost"
            | "roughly"
            | "over"
            | "approximately"
            | "some"
            | "more"
            | "less"
            | "fewer"
            | "at"
            | "up"
            | "fiscal"
            | "every"
            | "each"
            | "per"
            | "once"
            | "twice"
            | "several"
            | "few"
            | "many"
            | "couple"
            | "numerous"
            | "recent"
            | "new"
            | "latest"
            | "full"
            | "election"
            | "independence"
            | "labor"
            | "labour"
            | "memorial"
            | "veterans"
    )
}

/// `as soon as possible` starts at token `i`: the one expression that starts with `as` and has
/// no word that makes an expression on its own.
fn as_soon_as_possible(tokens: &[Tok], i: usize) -> bool {
    let w = |k: usize| tokens.get(i + k).map_or("", |t| t.lower.as_ref());
    w(0) == "as" && w(1) == "soon" && w(2) == "as" && w(3) == "possible"
}

/// The time expressions of a token sequence: `(start, end, expr)` in token indices.
pub fn find(tokens: &[Tok]) -> Vec<(usize, usize, Expr)> {
    let m = M { t: tokens };
    let starts = can_start_each(tokens);
    // A sentence without a word no expression goes without has none: the matchers are not tried.
    if !starts.iter().any(|&s| s & CORE != 0) && !starts.iter().enumerate().any(|(i, &s)| s & AS != 0 && as_soon_as_possible(tokens, i)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // `as` starts only `as soon as possible`; it is too common to try every pattern at.
        if starts[i] & STARTS == 0 && !(starts[i] & AS != 0 && as_soon_as_possible(tokens, i)) {
            i += 1;
            continue;
        }
        match m.best(i) {
            Some((end, e)) if end > i => {
                // TimeBank leaves approximators (`over`, `more than`) and the article before a
                // count (`the two days`) outside the extent; the value is the same.
                let mut start = i;
                loop {
                    let two = matches!(
                        (m.w(start), m.w(start + 1)),
                        ("more" | "less" | "fewer", "than") | ("at", "least" | "most") | ("up", "to")
                    );
                    if two && start + 2 < end {
                        start += 2;
                    } else if start + 1 < end
                        && (matches!(m.w(start), "over" | "about" | "around" | "nearly" | "almost" | "roughly" | "approximately" | "some")
                            || (m.w(start) == "the" && words::number(m.w(start + 1)).is_some() && matches!(e, Expr::Duration { .. })))
                    {
                        start += 1;
                    } else {
                        break;
                    }
                }
                out.push((start, end, e));
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}
