//! Resolving expressions to TimeML values against the article date (the document creation time)
//! and the reference time (the last date the text mentioned: `later in the day` is the day just
//! mentioned, `a year earlier` is a year before the quarter being discussed).
//!
//! Past or future is chosen by the tense of the sentence: `Wednesday` in a past-tense sentence of
//! an article dated Thursday 2025-02-13 is 2025-02-12; `next Wednesday` is 2025-02-19. Without an
//! article date, relative expressions stay unresolved (`None`) or underspecified
//! (`XXXX-WXX-3`); absolute ones still resolve.

use super::grammar::{Expr, Rel, YearRef};
use super::words::Unit;
use chrono::{Datelike, Days, Months, NaiveDate};

/// The tense of a sentence, for choosing past or future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Past tense.
    Past,
    /// Future.
    Future,
    /// Present or unknown.
    Present,
}

/// Irregular past forms (and `ago`), which the `-ed` test misses.
#[rustfmt::skip]
fn is_irregular_past(w: &str) -> bool {
    matches!(
        w,
        "was" | "were" | "had" | "did" | "said" | "met" | "told" | "spoke" | "went" | "came" | "made" | "took" | "held" |
            "saw" | "gave" | "got" | "became" | "began" | "left" | "found" | "thought" | "felt" | "kept" | "knew" | "ran" |
            "sent" | "won" | "lost" | "paid" | "sold" | "bought" | "brought" | "fell" | "rose" | "wrote" | "led" | "stood" |
            "struck" | "spent" | "sought" | "hit" | "cut" | "put" | "quit" | "shut" | "set" | "hung" | "ago"
    )
}

/// Verbs whose infinitive complement lies ahead (`agreed to buy`, `expected to join`).
#[rustfmt::skip]
pub(crate) fn is_prospective(w: &str) -> bool {
    matches!(
        w,
        "plans" | "planned" | "planning" | "plan" | "expects" | "expected" | "expect" | "scheduled" | "due" | "agreed" | "agrees" |
            "decided" | "decides" | "promised" | "pledged" | "vowed" | "intends" | "intended" | "hopes" | "hoped" | "proposed" |
            "aims" | "set" | "likely" | "poised" | "slated"
    )
}

/// Words after a verb that show it is one (`met with`, `announced that`, `signed the`).
#[rustfmt::skip]
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "my" | "your" | "this" | "that" | "these" | "those" |
            "to" | "in" | "on" | "at" | "by" | "for" | "with" | "from" | "of" | "into" | "onto" | "over" | "about" | "after" |
            "before" | "since" | "until" | "up" | "down" | "out" | "off" | "back" | "away" | "him" | "them" | "us" | "me" |
            "it" | "he" | "she" | "they" | "we" | "you" | "and" | "or" | "but" | "as" | "than" | "last" | "next" | "earlier" |
            "later" | "yesterday" | "today" | "tonight" | "there" | "here" | "some" | "any" | "all" | "more" | "most" | "no" |
            "not" | "what" | "which" | "who" | "when" | "where" | "how" | "why" | "if" | "whether" | "because" | "while" |
            "through" | "against" | "during" | "without" | "under" | "between" | "among" | "around" | "across" | "toward" |
            "towards" | "again" | "also" | "too" | "so" | "then" | "now" | "once" | "twice" | "two" | "three" | "four" |
            "five" | "several" | "many" | "much" | "each" | "every" | "both" | "either" | "neither" | "another" | "other" |
            "such" | "own" | "is" | "was" | "be"
    )
}

/// The tense a word marks at position `i` of `words` (lower-cased), if any: `will`, `going to`,
/// `agreed to` look ahead; a past form looks back unless `has`/`have` makes it present perfect;
/// `is`, `says` mark the present.
pub fn word_tense(words: &[&str], i: usize) -> Option<Tense> {
    let w = words[i];
    let next = words.get(i + 1).copied();
    if matches!(w, "will" | "'ll" | "’ll" | "shall" | "tomorrow" | "upcoming")
        || (w == "going" && next == Some("to"))
        || (is_prospective(w) && next == Some("to"))
    {
        return Some(Tense::Future);
    }
    if matches!(w, "is" | "are" | "am" | "says" | "say" | "remains" | "remain" | "effective") {
        return Some(Tense::Present);
    }
    let past_form = is_irregular_past(w)
        || (w.len() > 4
            && w.ends_with("ed")
            && !w.ends_with("ceed")
            && !matches!(w, "need" | "indeed" | "speed" | "feed" | "seed" | "bleed" | "breed"));
    if !past_form {
        return None;
    }
    match i.checked_sub(1).map(|j| words[j]) {
        // Present perfect (`has extended … through January`) speaks of now.
        Some("has" | "have" | "'ve" | "’ve") => Some(Tense::Present),
        // A passive participle (`will be named`, `is expected in January`) takes its tense from
        // the auxiliary.
        Some("be" | "been" | "being" | "is" | "are" | "am") => None,
        // An `-ed` form right before a noun is an adjective (`an unspecified date`, `a proposed sale`).
        _ if !is_irregular_past(w)
            && next.is_some_and(|n| {
                n.len() > 2 && n.bytes().all(|b| b.is_ascii_lowercase()) && !is_function_word(n) && !n.ends_with("ly")
            }) =>
        {
            None
        }
        _ => Some(Tense::Past),
    }
}

/// The tense of a sentence (lower-cased words): future if anything marks the future, else past
/// if a past form appears, else present.
pub fn tense(words: &[&str]) -> Tense {
    let mut past = false;
    for i in 0..words.len() {
        match word_tense(words, i) {
            Some(Tense::Future) => return Tense::Future,
            Some(Tense::Past) => past = true,
            _ => {}
        }
    }
    if past { Tense::Past } else { Tense::Present }
}

/// A resolved point or period, with its granularity; the reference time is one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// A day.
    Day(NaiveDate),
    /// A month.
    Month(i32, u32),
    /// A quarter.
    Quarter(i32, u32),
    /// A year.
    Year(i32),
    /// An ISO week.
    Week(i32, u32),
}

impl Point {
    fn value(self) -> String {
        match self {
            Point::Day(d) => d.format("%Y-%m-%d").to_string(),
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Point::Year(y) => format!("{y:04}"),
            Point::Week(y, w) => format!("{y:04}-W{w:02}"),
        }
    }

    fn year(self) -> i32 {
        match self {
            Point::Day(d) => d.year(),
            Point::Month(y, _) | Point::Quarter(y, _) | Point::Year(y) | Point::Week(y, _) => y,
        }
    }

    /// Shifts by `n` units (negative for the past), keeping the point's granularity where the unit
    /// allows.
    fn shift(self, unit: Unit, n: i64) -> Option<Point> {
        let months = |n: i64| -> i64 {
            match unit {
                Unit::Month => n,
                Unit::Quarter => 3 * n,
                Unit::Year => 12 * n,
                Unit::Decade => 120 * n,
                Unit::Century => 1200 * n,
                _ => 0,
            }
        };
        Some(match self {
            Point::Day(d) => match unit {
                Unit::Day => Point::Day(add_days(d, n)?),
                Unit::Week | Unit::Weekend => Point::Day(add_days(d, 7 * n)?),
                Unit::Hour | Unit::Minute | Unit::Second => Point::Day(d),
                _ => Point::Day(add_months(d, months(n))?),
            },
            Point::Month(y, m) => {
                let total = i64::from(y) * 12 + i64::from(m) - 1 + months(n);
                Point::Month((total.div_euclid(12)) as i32, (total.rem_euclid(12) + 1) as u32)
            }
            Point::Quarter(y, q) => {
                let total = i64::from(y) * 4 + i64::from(q) - 1 + months(n) / 3;
                Point::Quarter(total.div_euclid(4) as i32, (total.rem_euclid(4) + 1) as u32)
            }
            Point::Year(y) => Point::Year(y + (months(n) / 12) as i32),
            Point::Week(y, w) => {
                let monday = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)?;
                let d = add_days(monday, 7 * n)?;
                Point::Week(d.iso_week().year(), d.iso_week().week())
            }
        })
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 { d.checked_add_days(Days::new(n as u64)) } else { d.checked_sub_days(Days::new((-n) as u64)) }
}

/// A month, or a day of it, whose year the text does not give and no article date can supply
/// (`XXXX-03`, `XXXX-03-06`).
fn without_year(m: u32, d: Option<u32>) -> String {
    match d {
        Some(d) => format!("XXXX-{m:02}-{d:02}"),
        None => format!("XXXX-{m:02}"),
    }
}

/// A month of year `y`, or a day of it (none when the day does not exist).
fn month_or_day(y: i32, m: u32, d: Option<u32>) -> Option<Point> {
    match d {
        Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(Point::Day),
        None => Some(Point::Month(y, m)),
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 { d.checked_add_months(Months::new(n as u32)) } else { d.checked_sub_months(Months::new((-n) as u32)) }
}

fn quarter_of(month: u32) -> u32 {
    (month - 1) / 3 + 1
}

fn duration_value(n: Option<f64>, unit: Unit) -> String {
    let (letter, time) = unit.letter();
    let t = if time { "T" } else { "" };
    // A half is written in the next smaller unit, as TimeML's annotators do (`a minute and a
    // half`, PT1M30S): ISO 8601 allows a decimal only in the smallest unit of a value.
    if let Some(n) = n
        && n.fract() == 0.5
        && let Some((whole_part, half)) = match unit {
            Unit::Minute => Some(("M", "30S")),
            Unit::Hour => Some(("H", "30M")),
            Unit::Day => Some(("D", "T12H")),
            Unit::Year => Some(("Y", "6M")),
            _ => None,
        }
    {
        let whole = n.trunc() as i64;
        let whole = if whole > 0 { format!("{whole}{whole_part}") } else { String::new() };
        let half = if whole.is_empty() { half.trim_start_matches('T') } else { half };
        let t = if time || (half.ends_with('H') && whole.is_empty()) { "T" } else { t };
        return format!("P{t}{whole}{half}");
    }
    match n {
        Some(n) if unit == Unit::Decade => format!("P{}Y", (n * 10.0) as i64),
        Some(n) if unit == Unit::Century => format!("P{}Y", (n * 100.0) as i64),
        Some(n) if n.fract() == 0.0 => format!("P{t}{}{letter}", n as i64),
        Some(n) => format!("P{t}{n}{letter}"),
        // Counted decades are written in years (`two decades`, P20Y), so `decades` is PXY.
        None if unit == Unit::Decade => "PXY".to_string(),
        None => format!("P{t}X{letter}"),
    }
}

/// What resolution knows: the article date, the reference time, the sentence's tense.
pub struct Context {
    /// The article date.
    pub dct: Option<NaiveDate>,
    /// The last point the text mentioned.
    pub reference: Option<Point>,
    /// The sentence's tense.
    pub tense: Tense,
    /// True when `tense` comes from a verb right next to the expression (`said Sunday`), not from
    /// the rest of the sentence.
    pub tense_is_local: bool,
    /// The quarter under discussion, when the sentence talks about quarters or periods
    /// (earnings news: `net rose 5% from a year earlier` compares quarters).
    pub quarter: Option<Point>,
}

/// Resolves an expression: its TimeML value (`None` when it cannot be resolved without an
/// article date) and the point it names (to become the reference time).
pub fn resolve(e: &Expr, ctx: &Context) -> (Option<String>, Option<Point>) {
    let dct = ctx.dct;
    let pt = |p: Option<Point>| (p.map(Point::value), p);
    match e {
        Expr::Ref(r) => (Some((*r).to_string()), None),
        Expr::Set(s) => (Some(s.clone()), None),
        Expr::VagueDuration(s) => (Some((*s).to_string()), None),
        Expr::Duration { n, unit } => (Some(duration_value(*n, *unit)), None),
        Expr::Decade(p) => (Some(format!("{p}")), None),
        Expr::Century(c) => (Some(format!("{c:02}")), None),
        Expr::FiscalYear(y) => (Some(format!("{y:04}")), Some(Point::Year(*y))),
        Expr::Date { y: Some(y), m: Some(m), d } => pt(month_or_day(*y, *m, *d)),
        Expr::Date { y: Some(y), m: None, .. } => pt(Some(Point::Year(*y))),
        Expr::Date { y: None, m: Some(m), d } => {
            let Some(dct) = dct else { return (Some(without_year(*m, *d)), None) };
            // The tense of the words next to the date picks the past or the next occurrence;
            // without one, the past occurrence unless the next is at least three months nearer
            // the article date (news looks back: `from $29.75 in March` in an October article).
            let this_year = dct.year();
            let day = d.unwrap_or(if *m == dct.month() { dct.day() } else { 15 });
            let on_or_before = (*m, day) <= (dct.month(), dct.day());
            let past_year = if on_or_before { this_year } else { this_year - 1 };
            let next_year = if on_or_before && (*m, day) != (dct.month(), dct.day()) { this_year + 1 } else { this_year };
            let months_from_dct = |y: i32| ((y - dct.year()) * 12 + *m as i32 - dct.month() as i32).abs();
            let nearest = if months_from_dct(next_year) + 2 < months_from_dct(past_year) { next_year } else { past_year };
            let y = match ctx.tense {
                // The tense wins unless it sends the date half a year away while the other
                // occurrence is within two months.
                Tense::Past if !(months_from_dct(past_year) > 6 && months_from_dct(next_year) <= 2) => past_year,
                Tense::Future if !(months_from_dct(next_year) > 6 && months_from_dct(past_year) <= 2) => next_year,
                _ => nearest,
            };
            pt(month_or_day(y, *m, *d))
        }
        Expr::Date { y: None, m: None, .. } => (None, None),
        Expr::MonthRel { m, rel, d } => {
            let Some(dct) = dct else { return (Some(without_year(*m, *d)), None) };
            // With a day, the same month can still be this year's (`last April 10` on April 19).
            // Without one, the month just before the article's is last year's: this year's would
            // be `last month` (`last February` on March 1).
            let here = (dct.month(), d.map_or(0, |_| dct.day()));
            let there = (*m, d.unwrap_or(0));
            let month_before = d.is_none() && *m + 1 == dct.month();
            let y = match rel {
                Rel::Last if there < here && !month_before => dct.year(),
                Rel::Last => dct.year() - 1,
                Rel::Next if there > here => dct.year(),
                Rel::Next => dct.year() + 1,
                _ => dct.year(),
            };
            pt(month_or_day(y, *m, *d))
        }
        Expr::Holiday(name) => {
            let Some(dct) = dct else { return (None, None) };
            // The occurrence nearest the article date.
            let dates: Vec<NaiveDate> = (dct.year() - 1..=dct.year() + 1).filter_map(|y| holiday_date(name, y)).collect();
            let best = dates.into_iter().min_by_key(|d| (*d - dct).num_days().abs());
            pt(best.map(Point::Day))
        }
        Expr::MonthOfYear { m, rel } => {
            let Some(dct) = dct else { return (Some(format!("XXXX-{m:02}")), None) };
            let y = dct.year()
                + match rel {
                    Rel::Last => -1,
                    Rel::Next => 1,
                    _ => 0,
                };
            pt(Some(Point::Month(y, *m)))
        }
        Expr::RefShift { unit, offset } => {
            let anchor = ctx.reference.or_else(|| dct.map(Point::Day));
            let p = anchor.and_then(|a| a.shift(*unit, *offset)).map(|p| match (p, unit) {
                (Point::Day(d), Unit::Year) => Point::Year(d.year()),
                (Point::Day(d), Unit::Month) => Point::Month(d.year(), d.month()),
                (p, _) => p,
            });
            pt(p)
        }
        Expr::Quarter { y, q, rel } => {
            let Some(dct) = dct else {
                return match (y, q) {
                    (Some(y), Some(q)) => pt(Some(Point::Quarter(*y, *q))),
                    _ => (None, None),
                };
            };
            let current = quarter_of(dct.month());
            let p = match (y, q, rel) {
                (Some(y), Some(q), _) => Point::Quarter(*y, *q),
                (None, Some(q), Rel::Last) => Point::Quarter(if *q < current { dct.year() } else { dct.year() - 1 }, *q),
                (None, Some(q), Rel::Next) => Point::Quarter(if *q > current { dct.year() } else { dct.year() + 1 }, *q),
                (None, Some(q), _) => {
                    let y = if *q > current && ctx.tense != Tense::Future { dct.year() - 1 } else { dct.year() };
                    Point::Quarter(y, *q)
                }
                (_, None, Rel::Last) => {
                    Point::Quarter(dct.year(), current).shift(Unit::Quarter, -1).unwrap_or(Point::Quarter(dct.year(), current))
                }
                (_, None, Rel::Next) => {
                    Point::Quarter(dct.year(), current).shift(Unit::Quarter, 1).unwrap_or(Point::Quarter(dct.year(), current))
                }
                (_, None, _) => Point::Quarter(dct.year(), current),
            };
            pt(Some(p))
        }
        Expr::Season { y, s, rel } => {
            let year = match (y, dct) {
                (Some(y), _) => *y,
                (None, Some(dct)) => {
                    let idx = |s: &str| ["WI", "SP", "SU", "FA"].iter().position(|x| *x == s).unwrap_or(0);
                    let now = idx(match dct.month() {
                        12 | 1 | 2 => "WI",
                        3..=5 => "SP",
                        6..=8 => "SU",
                        _ => "FA",
                    });
                    match rel {
                        Rel::Last if idx(s) >= now => dct.year() - 1,
                        Rel::Next if idx(s) <= now => dct.year() + 1,
                        Rel::Infer if ctx.tense == Tense::Past && idx(s) > now => dct.year() - 1,
                        _ => dct.year(),
                    }
                }
                (None, None) => return (Some(format!("XXXX-{s}")), None),
            };
            (Some(format!("{year:04}-{s}")), Some(Point::Year(year)))
        }
        Expr::Weekday { dow, rel, part } => {
            let Some(dct) = dct else { return (Some(format!("XXXX-WXX-{dow}")), None) };
            let today = dct.weekday().number_from_monday() as i64;
            let target = i64::from(*dow);
            let back = (today - target).rem_euclid(7);
            let fwd = (target - today).rem_euclid(7);
            let offset = match rel {
                Rel::Last => -(if back == 0 { 7 } else { back }),
                Rel::Next => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Rel::This => target - today,
                // News mostly reports the days just past: the future only when the words near the
                // day say so (`will meet Friday`).
                Rel::Infer => match ctx.tense {
                    Tense::Future => {
                        if fwd == 0 {
                            7
                        } else {
                            fwd
                        }
                    }
                    // A day just ahead is more likely than one almost a week back, unless the
                    // verb right next to the day is in the past (`said on Sunday`): a past
                    // tense from elsewhere in the sentence is often a reporting verb
                    // (`would be ready as soon as Tuesday, Castro said`).
                    Tense::Past => {
                        if !ctx.tense_is_local && back >= 5 && fwd <= 2 {
                            fwd
                        } else {
                            -back
                        }
                    }
                    Tense::Present => {
                        if back <= 4 {
                            -back
                        } else {
                            fwd
                        }
                    }
                },
            };
            let day = add_days(dct, offset);
            let value = day.map(|d| match part {
                Some(p) => format!("{}T{p}", d.format("%Y-%m-%d")),
                None => d.format("%Y-%m-%d").to_string(),
            });
            (value, day.map(Point::Day))
        }
        Expr::RelDay { offset, part } => {
            let Some(dct) = dct else { return (None, None) };
            let day = add_days(dct, *offset);
            let value = day.map(|d| match part {
                Some(p) => format!("{}T{p}", d.format("%Y-%m-%d")),
                None => d.format("%Y-%m-%d").to_string(),
            });
            (value, day.map(Point::Day))
        }
        Expr::RelUnit { unit, offset } => {
            let Some(dct) = dct else { return (None, None) };
            let p = match unit {
                Unit::Year => Some(Point::Year(dct.year() + *offset as i32)),
                Unit::Month => Point::Month(dct.year(), dct.month()).shift(Unit::Month, *offset),
                Unit::Quarter => Point::Quarter(dct.year(), quarter_of(dct.month())).shift(Unit::Quarter, *offset),
                Unit::Week => Point::Week(dct.iso_week().year(), dct.iso_week().week()).shift(Unit::Week, *offset),
                Unit::Weekend => {
                    // `the weekend` in a weekday article is the one just past, unless the future.
                    let weekday = dct.weekday().number_from_monday();
                    let back = i64::from(*offset == 0 && weekday < 6 && ctx.tense != Tense::Future);
                    let w = Point::Week(dct.iso_week().year(), dct.iso_week().week()).shift(Unit::Week, *offset - back);
                    return (w.map(|w| format!("{}-WE", w.value())), w);
                }
                Unit::Day => add_days(dct, *offset).map(Point::Day),
                Unit::Decade => return (Some(format!("{}", (dct.year() / 10) + *offset as i32)), None),
                Unit::Century => return (Some(format!("{:02}", dct.year() / 100 + *offset as i32)), None),
                _ => Some(Point::Day(dct)),
            };
            pt(p)
        }
        Expr::Within { unit, offset } => resolve(&Expr::RelUnit { unit: *unit, offset: *offset }, ctx),
        Expr::Shift { n, unit, sign, from_reference } => {
            let Some(n) = n else { return (Some(if *sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_string()), None) };
            let steps = *sign * n.round() as i64;
            // Earnings news counts `a year ago` from the quarter under discussion.
            let quarter = ctx.quarter.filter(|_| matches!(unit, Unit::Year | Unit::Quarter));
            let use_reference =
                quarter.is_some() || (ctx.reference.is_some() && (*from_reference || matches!(ctx.reference, Some(Point::Quarter(..)))));
            let anchor = if let Some(q) = quarter {
                Some(q)
            } else if use_reference {
                ctx.reference
            } else {
                dct.map(|d| match unit {
                    Unit::Year | Unit::Decade | Unit::Century => Point::Year(d.year()),
                    Unit::Month | Unit::Quarter => Point::Month(d.year(), d.month()),
                    Unit::Week | Unit::Weekend => Point::Week(d.iso_week().year(), d.iso_week().week()),
                    _ => Point::Day(d),
                })
            };
            let Some(anchor) = anchor else { return (None, None) };
            let p = anchor.shift(*unit, steps);
            let p = match (p, unit) {
                // A year before a day mentioned without context: the year.
                (Some(Point::Day(d)), Unit::Year) if !use_reference => Some(Point::Year(d.year())),
                (p, _) => p,
            };
            pt(p)
        }
        Expr::Clock { hour, minute, day } => {
            let base = match day {
                Some(d) => resolve(d, ctx).1,
                None => dct.map(Point::Day).or(ctx.reference),
            };
            let Some(Point::Day(d)) = base else {
                return (Some(format!("XXXX-XX-XXT{hour:02}:{:02}", minute.unwrap_or(0))), None);
            };
            let time = if *hour == 24 { "T24:00".to_string() } else { format!("T{hour:02}:{:02}", minute.unwrap_or(0)) };
            (Some(format!("{}{time}", d.format("%Y-%m-%d"))), Some(Point::Day(d)))
        }
        Expr::PartOfDay { part, day } => {
            let (_, p) = resolve(day, ctx);
            match p {
                Some(Point::Day(d)) => (Some(format!("{}T{part}", d.format("%Y-%m-%d"))), Some(Point::Day(d))),
                _ => (None, None),
            }
        }
        Expr::WeekOf(day) => match resolve(day, ctx).1 {
            Some(Point::Day(d)) => pt(Some(Point::Week(d.iso_week().year(), d.iso_week().week()))),
            _ => (None, None),
        },
        Expr::DayBeside { day, offset } => {
            let day = match resolve(day, ctx).1 {
                Some(Point::Day(d)) => add_days(d, *offset),
                _ => None,
            };
            pt(day.map(Point::Day))
        }
        // `that same day` after `last October`: a day of that month, which one unknown.
        Expr::SameDay if let Some(Point::Month(y, m)) = ctx.reference => (Some(format!("{y:04}-{m:02}-XX")), None),
        Expr::SameDay => resolve(&Expr::RefDay(0), ctx),
        Expr::RefDay(offset) => {
            let base = match ctx.reference {
                Some(Point::Day(d)) => Some(d),
                _ => dct,
            };
            let day = base.and_then(|d| add_days(d, *offset));
            pt(day.map(Point::Day))
        }
        Expr::YearEnd => {
            // The article's year: `by year-end` looks ahead from the article date.
            match dct.and_then(|d| NaiveDate::from_ymd_opt(d.year(), 12, 31)) {
                Some(d) => (Some(d.format("%Y-%m-%d").to_string()), None),
                None => (Some("XXXX-12-31".to_string()), None),
            }
        }
        Expr::Half { y, h } => (Some(format!("{y:04}-H{h}")), Some(Point::Year(*y))),
        Expr::QuarterOfYear { year, q } => {
            let y = match year {
                YearRef::Absolute(y) => Some(*y),
                YearRef::Relative(offset) => dct.map(|d| d.year() + *offset as i32),
            };
            let Some(y) = y else { return (None, None) };
            // Without its number, the quarter under discussion (else the last full one).
            let q = q.or(match (ctx.quarter, ctx.reference) {
                (Some(Point::Quarter(_, q)), _) | (_, Some(Point::Quarter(_, q))) => Some(q),
                _ => dct.map(|d| (quarter_of(d.month()) + 2) % 4 + 1),
            });
            match q {
                Some(q) => pt(Some(Point::Quarter(y, q))),
                None => (Some(format!("{y:04}")), Some(Point::Year(y))),
            }
        }
        Expr::RefUnit(unit) => {
            let p = match (unit, ctx.reference) {
                // `the latest quarter` is the one the story reports on.
                (Unit::Quarter, _) if ctx.quarter.is_some() => ctx.quarter,
                (Unit::Quarter, Some(p @ Point::Quarter(..))) => Some(p),
                (Unit::Year, Some(p)) => Some(Point::Year(p.year())),
                (Unit::Month, Some(Point::Month(y, m))) => Some(Point::Month(y, m)),
                (Unit::Month, Some(Point::Day(d))) => Some(Point::Month(d.year(), d.month())),
                (Unit::Quarter, _) => dct.map(|d| {
                    Point::Quarter(d.year(), quarter_of(d.month())).shift(Unit::Quarter, -1).unwrap_or(Point::Quarter(d.year(), 1))
                }),
                (Unit::Year, None) => dct.map(|d| Point::Year(d.year())),
                (Unit::Month, _) => dct.map(|d| Point::Month(d.year(), d.month())),
                (Unit::Week, _) => dct.map(|d| Point::Week(d.iso_week().year(), d.iso_week().week())),
                _ => None,
            };
            pt(p)
        }
    }
}

fn nth_weekday(y: i32, m: u32, weekday: chrono::Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, weekday, n)
}

fn last_weekday(y: i32, m: u32, weekday: chrono::Weekday) -> Option<NaiveDate> {
    (1..=5).rev().find_map(|n| NaiveDate::from_weekday_of_month_opt(y, m, weekday, n))
}

/// Easter Sunday (the anonymous Gregorian computus).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// The date of a holiday in a year (US holidays for the movable ones).
fn holiday_date(name: &str, y: i32) -> Option<NaiveDate> {
    use chrono::Weekday::*;
    match name {
        "thanksgiving" => nth_weekday(y, 11, Thu, 4),
        "christmas" => NaiveDate::from_ymd_opt(y, 12, 25),
        "christmas_eve" => NaiveDate::from_ymd_opt(y, 12, 24),
        "halloween" => NaiveDate::from_ymd_opt(y, 10, 31),
        "easter" => easter(y),
        "election" => nth_weekday(y, 11, Mon, 1).and_then(|d| d.succ_opt()),
        "independence" => NaiveDate::from_ymd_opt(y, 7, 4),
        "labor" => nth_weekday(y, 9, Mon, 1),
        "memorial" => last_weekday(y, 5, Mon),
        "veterans" => NaiveDate::from_ymd_opt(y, 11, 11),
        "new_year" => NaiveDate::from_ymd_opt(y, 1, 1),
        "new_year_eve" => NaiveDate::from_ymd_opt(y, 12, 31),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(tense: Tense) -> Context {
        Context { dct: NaiveDate::from_ymd_opt(2025, 2, 13), reference: None, tense, tense_is_local: false, quarter: None }
    }

    #[test]
    fn weekdays_by_tense() {
        let wed = Expr::Weekday { dow: 3, rel: Rel::Infer, part: None };
        assert_eq!(resolve(&wed, &ctx(Tense::Past)).0.as_deref(), Some("2025-02-12"));
        let next = Expr::Weekday { dow: 3, rel: Rel::Next, part: None };
        assert_eq!(resolve(&next, &ctx(Tense::Past)).0.as_deref(), Some("2025-02-19"));
        assert_eq!(
            resolve(&wed, &Context { dct: None, reference: None, tense: Tense::Past, tense_is_local: false, quarter: None }).0.as_deref(),
            Some("XXXX-WXX-3")
        );
    }

    #[test]
    fn units_and_shifts() {
        let c = ctx(Tense::Past);
        assert_eq!(resolve(&Expr::RelUnit { unit: Unit::Year, offset: -1 }, &c).0.as_deref(), Some("2024"));
        assert_eq!(resolve(&Expr::RelUnit { unit: Unit::Week, offset: 0 }, &c).0.as_deref(), Some("2025-W07"));
        assert_eq!(resolve(&Expr::RelUnit { unit: Unit::Month, offset: -2 }, &c).0.as_deref(), Some("2024-12"));
        assert_eq!(
            resolve(&Expr::Shift { n: Some(2.0), unit: Unit::Year, sign: -1, from_reference: false }, &c).0.as_deref(),
            Some("2023")
        );
        assert_eq!(resolve(&Expr::Duration { n: Some(90.0), unit: Unit::Minute }, &c).0.as_deref(), Some("PT90M"));
        assert_eq!(resolve(&Expr::Duration { n: Some(3.0), unit: Unit::Year }, &c).0.as_deref(), Some("P3Y"));
        // Halves in the next smaller unit.
        let half = |n: f64, unit: Unit| resolve(&Expr::Duration { n: Some(n), unit }, &c).0.unwrap_or_default();
        assert_eq!(half(1.5, Unit::Minute), "PT1M30S");
        assert_eq!(half(1.5, Unit::Hour), "PT1H30M");
        assert_eq!(half(0.5, Unit::Hour), "PT30M");
        assert_eq!(half(2.5, Unit::Day), "P2DT12H");
        assert_eq!(half(0.5, Unit::Day), "PT12H");
        assert_eq!(half(2.5, Unit::Year), "P2Y6M");
        assert_eq!(half(0.5, Unit::Year), "P6M");
        assert_eq!(half(1.5, Unit::Week), "P1.5W");
        let q = Context {
            dct: NaiveDate::from_ymd_opt(1989, 10, 25),
            reference: Some(Point::Quarter(1989, 3)),
            tense: Tense::Past,
            tense_is_local: false,
            quarter: None,
        };
        assert_eq!(
            resolve(&Expr::Shift { n: Some(1.0), unit: Unit::Year, sign: -1, from_reference: false }, &q).0.as_deref(),
            Some("1988-Q3")
        );
    }

    #[test]
    fn holidays() {
        assert_eq!(easter(2000), NaiveDate::from_ymd_opt(2000, 4, 23));
        assert_eq!(holiday_date("thanksgiving", 1999), NaiveDate::from_ymd_opt(1999, 11, 25));
        assert_eq!(holiday_date("election", 1998), NaiveDate::from_ymd_opt(1998, 11, 3));
    }

    #[test]
    fn relative_without_article_date_stays_unresolved() {
        let c = Context { dct: None, reference: None, tense: Tense::Past, tense_is_local: false, quarter: None };
        assert_eq!(resolve(&Expr::RelDay { offset: -1, part: None }, &c).0, None);
        assert_eq!(resolve(&Expr::Date { y: Some(2020), m: None, d: None }, &c).0.as_deref(), Some("2020"));
    }
}
