//! When: time expressions (TimeML TIMEX3: DATE, TIME, DURATION, SET) with values resolved
//! against the article date.
//!
//! Reads: tokens, sentences, the article date. Writes: `times`.
//!
//! [`grammar`] finds expressions (longest match at each token) and their meaning; [`resolve`]
//! turns a meaning into a TimeML value using the article date, the sentence's tense and the
//! reference time (the last date mentioned).

pub mod grammar;
pub mod resolve;
pub mod words;

use crate::Stage;
use chrono::Datelike;
use grammar::{Expr, Tok, YearRef, find, kind};
use herald_core::{Diagnostic, Document, Provenance, Span, Timex};
use resolve::{Context, Point, Tense, is_prospective, resolve, tense, word_tense};

/// The time stage.
#[derive(Default)]
pub struct TimeStage;

/// The rule name in provenance.
pub const RULES: &str = "time.rules.v1";

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }

    fn process(&self, doc: &mut Document) -> Vec<Diagnostic> {
        doc.times = find_times(doc);
        Vec::new()
    }
}

/// The time expressions of a segmented document, in text order.
pub fn find_times(doc: &Document) -> Vec<Timex> {
    let dct = doc.meta.date.date();
    let mut reference: Option<Point> = None;
    let mut last_quarter: Option<Point> = None;
    let mut out = Vec::new();
    let mut person_names: Vec<Span> = doc
        .entities
        .iter()
        .filter(|e| e.kind == herald_core::EntityType::Person)
        .flat_map(|e| e.mentions.iter())
        .filter(|m| m.kind == herald_core::MentionKind::Name)
        .map(|m| m.span)
        .collect();
    // By start, so that the names near an expression are a binary search away.
    person_names.sort_by_key(|s| (s.start, s.end));
    let longest_name = person_names.iter().map(|s| s.end - s.start).max().unwrap_or(0);
    for sentence in &doc.sentences {
        let range = sentence.token_range();
        let toks: Vec<Tok> = range
            .clone()
            .map(|t| {
                let text = doc.token_text(t);
                // ASCII (most tokens) is lower-cased without the Unicode tables: the same result.
                let lower = if text.is_ascii() {
                    if text.bytes().any(|b| b.is_ascii_uppercase()) { text.to_ascii_lowercase().into() } else { text.into() }
                } else {
                    text.to_lowercase().into()
                };
                Tok { text, lower }
            })
            .collect();
        let mut found = find(&toks);
        // A month or weekday inside a person's name is the name (`Theresa May`, `April Ryan`).
        found.retain(|&(a, b, _)| {
            let span = Span::new(doc.tokens[range.start + a].span.start as usize, doc.tokens[range.start + b - 1].span.end as usize);
            let from = person_names.partition_point(|n| n.start.saturating_add(longest_name) < span.start);
            !person_names[from..].iter().take_while(|n| n.start < span.end).any(|n| n.overlaps(span))
        });
        if found.is_empty() {
            continue;
        }
        let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_ref()).collect();
        let sentence_tense = tense(&lower);
        let about_quarters = lower.iter().any(|w| matches!(*w, "quarter" | "quarters" | "period") || w.ends_with("-quarter"));
        // The previous expression of the sentence: where it ends and the day it names.
        let mut previous: Option<(usize, Option<Point>)> = None;
        // The previous expression when it is a clock time without a day: where it ends and its
        // index in `out`.
        let mut previous_clock: Option<(usize, usize)> = None;
        for (a, b, mut expr) in found {
            // `Oct. 12, the day before the plunge`: an apposition names the same day.
            if let Expr::RefDay(1 | -1) | Expr::RefShift { offset: 1 | -1, .. } = expr
                && matches!(lower[b - 1], "after" | "before")
                && previous.is_some_and(|(end, _)| end + 1 == a && lower[end] == ",")
            {
                expr = match expr {
                    Expr::RefShift { unit, .. } => Expr::RefUnit(unit),
                    _ => Expr::RefDay(0),
                };
            }
            // Days of the week follow the verb next to them; other expressions the sentence.
            // `On Sunday, police said …`: a day that opens the sentence takes the tense of the
            // clause after its comma.
            let opens = a == 0 || (a == 1 && matches!(lower[0], "on" | "by" | "until" | "since" | "last" | "next"));
            let local = local_tense(&lower, a, b)
                .or_else(|| (opens && lower.get(b) == Some(&",")).then(|| clause_tense(&lower, b + 1, b + 1)).flatten());
            let tense = match expr {
                Expr::Weekday { .. } | Expr::Clock { .. } | Expr::PartOfDay { .. } => {
                    local.unwrap_or(if sentence_tense == Tense::Future { Tense::Present } else { sentence_tense })
                }
                // A month without a year follows the verbs of its own clause (`stepped down in
                // March`, `will be named for a mission in December`), not the whole sentence
                // (`said the dividend is payable Dec. 7`).
                Expr::Date { y: None, .. } => local.or_else(|| clause_tense(&lower, a, b)).unwrap_or(Tense::Present),
                _ => local.unwrap_or(sentence_tense),
            };
            let ctx = Context { dct, reference, tense, tense_is_local: local.is_some(), quarter: last_quarter.filter(|_| about_quarters) };
            let (mut value, point) = resolve(&expr, &ctx);
            // `on Friday at 10 a.m.`: the time is on the day just named, not on the article date.
            if let Expr::Clock { day: None, .. } = expr
                && let Some((end, Some(Point::Day(day)))) = previous
                && end + 1 == a
                && lower[end] == "at"
                && let Some(v) = value.as_mut().filter(|v| v.len() > 10 && v.as_bytes()[10] == b'T')
            {
                v.replace_range(..10, &day.format("%Y-%m-%d").to_string());
            }
            // `at about 10:35 a.m. (0735 GMT) Friday`, `at 4 in the morning (4 a.m. Thursday)`:
            // a time followed by its day, past or inside a parenthesis.
            if let Some(Point::Day(day)) = point
                && let Some((end, clock_at)) = previous_clock
                && a > end
                && a - end <= 8
                && lower[end] == "("
                && (a == end + 1 || lower[a - 1] == ")")
                && let Some(v) =
                    out.get_mut(clock_at).and_then(|t: &mut Timex| t.value.as_mut()).filter(|v| v.len() > 10 && v.as_bytes()[10] == b'T')
            {
                v.replace_range(..10, &day.format("%Y-%m-%d").to_string());
            }
            previous_clock = matches!(expr, Expr::Clock { day: None, .. }).then_some((b, out.len()));
            previous = Some((b, point));
            // Comparisons (`a year earlier`, `the 1988 quarter`) and anaphora (`the quarter`)
            // refer to the reference time; they do not move it.
            let comparison = match &expr {
                Expr::Shift { .. } | Expr::RefUnit(_) | Expr::RefDay(_) | Expr::SameDay => true,
                Expr::QuarterOfYear { year, .. } => match year {
                    YearRef::Relative(offset) => *offset != 0,
                    YearRef::Absolute(y) => dct.is_none_or(|d| d.year() != *y),
                },
                _ => false,
            };
            if let Some(p) = point.filter(|_| !comparison) {
                reference = Some(p);
            }
            if let Some(p @ Point::Quarter(..)) = point.filter(|_| !comparison) {
                last_quarter = Some(quarter_under_discussion(last_quarter, p, dct));
            }
            let span = Span::new(doc.tokens[range.start + a].span.start as usize, doc.tokens[range.start + b - 1].span.end as usize);
            out.push(Timex { span, kind: kind(&expr), value, provenance: Provenance::rule("time", RULES) });
        }
    }
    out
}

/// The quarter an earnings story reports on, after another quarter is named: the latest one
/// already over at the article date. A story dated in November about `third-quarter net` that
/// mentions `a flat second quarter`, `a fourth-quarter charge` (a forecast) or `the third quarter
/// of 1984` still compares `a year ago` with the third quarter. Without an article date, the
/// quarter named last.
fn quarter_under_discussion(current: Option<Point>, named: Point, dct: Option<chrono::NaiveDate>) -> Point {
    let Some(dct) = dct else { return named };
    let now = (dct.year(), (dct.month() - 1) / 3 + 1);
    let rank = |p: Point| match p {
        Point::Quarter(y, q) => ((y, q) < now, y, q),
        _ => (false, i32::MIN, 0),
    };
    match current {
        Some(c) if rank(c) >= rank(named) => c,
        _ => named,
    }
}

/// The tense of the nearest verb that marks one, looking left from an expression and then right,
/// inside its clause (a relative pronoun, `that`, a semicolon or a quote mark ends the search):
/// `who stepped down as chairman, president and chief executive in March` is past.
fn clause_tense(lower: &[&str], a: usize, b: usize) -> Option<Tense> {
    let boundary = |w: &str| matches!(w, ";" | ":" | "that" | "which" | "who" | "but" | "--" | "—" | "\"" | "“" | "”");
    for i in (0..a).rev() {
        if boundary(lower[i]) {
            break;
        }
        if lower[i] == "would" {
            return Some(Tense::Future);
        }
        if let Some(t) = word_tense(lower, i) {
            return Some(t).filter(|t| *t != Tense::Present);
        }
    }
    for i in b..lower.len() {
        if boundary(lower[i]) {
            break;
        }
        if let Some(t) = word_tense(lower, i) {
            return Some(t).filter(|t| *t != Tense::Present);
        }
    }
    None
}

/// The tense of the verb next to an expression (`said Tuesday`, `will meet Friday`), when one is
/// within three words on the same side of a comma or relative pronoun (`shares issued July 1,
/// which will …` is past); the nearest one wins. `since` before it means the past.
fn local_tense(lower: &[&str], a: usize, b: usize) -> Option<Tense> {
    let stop = |w: &str| matches!(w, "," | ";" | "which" | "who" | "that");
    let from = (a.saturating_sub(3)..a).rev().take_while(|&i| !stop(lower[i])).last().unwrap_or(a);
    let to = (b..(b + 3).min(lower.len())).take_while(|&i| !stop(lower[i])).last().map_or(b, |i| i + 1);
    if lower[from..a].contains(&"since") {
        return Some(Tense::Past);
    }
    // The nearest verb that marks a tense decides (`said Monday they will …` is past).
    for d in 1..=3 {
        let sides = [a.checked_sub(d).filter(|&i| i >= from), Some(b + d - 1).filter(|&i| i < to)];
        for i in sides.into_iter().flatten() {
            // Only an auxiliary marks the future this close (`had been due to expire Friday`
            // was a plan in the past), or a present plan or schedule (`is scheduled to close
            // Monday`, `is to resume trading Tuesday`, `postponed until Tuesday`).
            if matches!(lower[i], "will" | "'ll" | "’ll" | "shall") || scheduled_ahead(lower, i) {
                return Some(Tense::Future);
            }
            // A plan made in the past is for a day ahead (`planned a rally on Saturday`, `were
            // planning to march on Monday`).
            if let Some(Tense::Past) = word_tense(lower, i)
                && !is_prospective(lower[i])
                && !lower.get(i + 1).is_some_and(|w| is_prospective(w))
            {
                return Some(Tense::Past);
            }
        }
    }
    None
}

/// True when the word at `i` schedules what follows for later, in the present: `is to`, `is
/// scheduled to`, `plans to`, or a delay `until` (`postponed until`).
fn scheduled_ahead(lower: &[&str], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map_or("", |j| lower[j]);
    let present = |w: &str| matches!(w, "is" | "are" | "am");
    match lower[i] {
        "to" => present(before(1)) || (is_prospective(before(1)) && present(before(2))),
        "plans" | "expects" | "intends" | "aims" => lower.get(i + 1) == Some(&"to"),
        "until" | "till" => {
            let verb = if before(1) == "off" { before(2) } else { before(1) };
            ["postpone", "delay", "defer", "adjourn", "recess", "put"].iter().any(|v| verb.starts_with(v))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use herald_core::{ArticleDate, ArticleMeta, DateOrigin};

    fn values(text: &str, date: &str) -> Vec<(String, String)> {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let meta = ArticleMeta { date: ArticleDate::Known { date, origin: DateOrigin::Flag }, ..ArticleMeta::default() };
        let mut doc = Document::new(meta, text.to_string());
        crate::Pipeline::segmentation_only().run(&mut doc);
        find_times(&doc).into_iter().map(|t| (doc.slice(t.span).to_string(), t.value.unwrap_or_default())).collect()
    }

    fn value_of(text: &str, date: &str, expr: &str) -> String {
        let all = values(text, date);
        all.iter().find(|(t, _)| t == expr).unwrap_or_else(|| panic!("{expr} not found in {all:?}")).1.clone()
    }

    #[test]
    fn sentences_whose_only_time_word_is_not_the_first_of_its_expression() {
        // Sentences without a number, unit or calendar word are skipped; these are not.
        assert_eq!(value_of("Mistakes were made in the past.", "1998-02-27", "the past"), "PAST_REF");
        assert_eq!(value_of("It will hurt profits in the short term.", "1989-10-27", "the short term"), "FUTURE_REF");
        assert_eq!(value_of("We have waited a long time for this.", "1998-08-21", "a long time"), "PXY");
        assert_eq!(value_of("The law passed in nineteen ninety-six.", "1998-02-27", "nineteen ninety-six"), "1996");
        assert!(values("The talks went well, and the mood was good.", "2025-02-13").is_empty());
    }

    #[test]
    fn a_day_takes_the_tense_of_the_verb_next_to_it() {
        // Friday 1998-09-11. `said on Sunday` is the Sunday just past, even though the next is
        // nearer; so is a day that opens the sentence before a past clause.
        assert_eq!(value_of("Police said on Sunday they had made progress.", "1998-09-11", "Sunday"), "1998-09-06");
        assert_eq!(value_of("On Sunday, police and agents said they had made progress.", "1998-09-11", "Sunday"), "1998-09-06");
        // A plan made in the past is for a day ahead.
        assert_eq!(value_of("Protesters planned a rally on Saturday and were planning to march.", "2000-01-07", "Saturday"), "2000-01-08");
        // A reporting verb elsewhere in the sentence does not make a day just ahead a past one.
        assert_eq!(value_of("The group would be ready to leave as soon as Tuesday, Castro said.", "2000-04-03", "Tuesday"), "2000-04-04");
    }

    #[test]
    fn a_month_without_tense_is_the_past_one_unless_the_next_is_much_nearer() {
        // No verb of its clause marks a tense (`has fluctuated` is present perfect): March of this
        // year, seven months back, not next March, five months ahead.
        let s = "The stock has fluctuated sharply, rising to a high in June from $29.75 in March.";
        assert_eq!(value_of(s, "1989-10-30", "March"), "1989-03");
        // Next month is nearer by far.
        let s = "The report is due in November.";
        assert_eq!(value_of(s, "1989-10-30", "November"), "1989-11");
        // `last` + month: the latest one before the article's month, except the month right
        // before it, which would be `last month`.
        assert_eq!(value_of("Sales peaked last April.", "1989-10-27", "last April"), "1989-04");
        assert_eq!(value_of("Sales peaked last February.", "1998-03-01", "last February"), "1997-02");
    }

    #[test]
    fn months_follow_the_verbs_of_their_clause() {
        // The nearest verb to the left decides, across a list of titles.
        let s = "He succeeds James Taylor, who stepped down as chairman, president and chief executive in March for health reasons.";
        assert_eq!(value_of(s, "1989-11-02", "March"), "1989-03");
        // A present passive looks ahead (`is expected in January`), whatever the reporting verb.
        let s = "The vote is expected in January, officials said.";
        assert_eq!(value_of(s, "2024-10-15", "January"), "2025-01");
        // A passive future: `will be named`.
        let s = "Collins will be named commander of the shuttle for a mission in December.";
        assert_eq!(value_of(s, "1998-03-04", "December"), "1998-12");
        // `succeed` is not a past form; `will` governs.
        let s = "Mr. Schwarz, 52 years old, will succeed Daniel P. Davison Feb. 1, soon after he retires.";
        assert_eq!(value_of(s, "1989-10-26", "Feb. 1"), "1990-02-01");
        // The verb after a comma and a relative pronoun belongs to another clause.
        let s = "It will pay 1,800 francs each for a block of shares issued July 1, which will receive partial dividends.";
        assert_eq!(value_of(s, "1989-10-27", "July 1"), "1989-07-01");
        // An `-ed` adjective is not a past tense; `would` looks ahead.
        let s = "The split would be paid on a still unspecified date in January to holders of record.";
        assert_eq!(value_of(s, "1989-10-26", "January"), "1990-01");
    }

    #[test]
    fn quarters_of_named_years_halves_and_spoken_years() {
        let s = "Profit rose in the third quarter. Sales were flat with the 1988 quarter, and this year's second quarter was weak.";
        assert_eq!(value_of(s, "1989-10-30", "the 1988 quarter"), "1988-Q3");
        assert_eq!(value_of(s, "1989-10-30", "this year's second quarter"), "1989-Q2");
        let s = "Output fell in the last half of 1989.";
        assert_eq!(value_of(s, "1990-02-01", "the last half of 1989"), "1989-H2");
        let s = "Jobs were promised by the year two thousand, after the winter of nineteen ninety-four and January nineteen ninety-seven.";
        assert_eq!(value_of(s, "1998-03-03", "the year two thousand"), "2000");
        assert_eq!(value_of(s, "1998-03-03", "the winter of nineteen ninety-four"), "1994-WI");
        assert_eq!(value_of(s, "1998-03-03", "January nineteen ninety-seven"), "1997-01");
        // A count is not a year.
        assert!(values("Two thousand people marched.", "1998-03-03").is_empty());
    }

    #[test]
    fn recent_spans_and_the_past_year() {
        assert_eq!(value_of("Prices climbed in recent months.", "1998-04-02", "recent months"), "PXM");
        assert_eq!(value_of("Over the past year, prices climbed.", "1998-03-03", "the past year"), "1997");
        // `shortly` is not a time expression of its own (TimeBank and AQUAINT never mark it).
        assert!(values("He left shortly after the vote.", "1998-03-03").is_empty());
    }

    #[test]
    fn centuries_spoken_years_and_hyphenated_months() {
        let s = "Built in the 11th century, it was restored in nineteen ninety-six and again in mid-November.";
        assert_eq!(value_of(s, "1998-03-03", "11th century"), "10");
        assert_eq!(value_of(s, "1998-03-03", "nineteen ninety-six"), "1996");
        assert_eq!(value_of(s, "1998-03-03", "mid-November"), "1997-11");
        assert_eq!(value_of("Gains are likely in the near term.", "1998-03-03", "the near term"), "FUTURE_REF");
        assert_eq!(value_of("The sale should close by year-end.", "1989-10-30", "year-end"), "1989-12-31");
    }

    #[test]
    fn the_nearest_verb_decides_a_weekday() {
        // `said` is next to the day; `will` belongs to what was said.
        let s = "Federal officials said Monday they will order the relatives to surrender the boy.";
        assert_eq!(value_of(s, "2000-04-05", "Monday"), "2000-04-03");
        assert_eq!(value_of("The two leaders will meet Friday.", "2000-04-05", "Friday"), "2000-04-07");
    }

    #[test]
    fn clock_times_on_a_named_day_and_written_dates() {
        let s = "They met at 3 p.m. on Tuesday. They will meet on Friday at 10 a.m. The filing is dated 19-Nov-12.";
        assert_eq!(value_of(s, "2025-02-13", "3 p.m."), "2025-02-11T15:00");
        assert_eq!(value_of(s, "2025-02-13", "Tuesday"), "2025-02-11");
        assert_eq!(value_of(s, "2025-02-13", "10 a.m."), "2025-02-14T10:00");
        assert_eq!(value_of(s, "2025-02-13", "19-Nov-12"), "2012-11-19");
        // An identifier with hyphens is not a date.
        assert!(values("Order 19-4471-12 shipped.", "2025-02-13").is_empty());
    }

    #[test]
    fn halves_and_tens_written_apart() {
        let s = "The talks lasted an hour and a half. Traders watched the last twenty four hours closely.";
        assert_eq!(value_of(s, "2025-02-13", "an hour and a half"), "PT1H30M");
        assert_eq!(value_of(s, "2025-02-13", "the last twenty four hours"), "PT24H");
        assert_eq!(value_of("It took two and a half years.", "2025-02-13", "two and a half years"), "P2Y6M");
        assert_eq!(value_of("He spent twenty days there.", "2025-02-13", "twenty days"), "P20D");
    }

    #[test]
    fn extra_counts_fractions_decade_words_and_the_year_just_named() {
        let d = "1998-02-27";
        assert_eq!(value_of("He spent 2 1/2 years there.", d, "2 1/2 years"), "P2Y6M");
        assert_eq!(value_of("They want two more weeks and an additional year.", d, "two more weeks"), "P2W");
        assert_eq!(value_of("They want two more weeks and an additional year.", d, "an additional year"), "P1Y");
        assert_eq!(value_of("Shares fell for eight trading days.", d, "eight trading days"), "P8D");
        assert_eq!(value_of("It will take the next couple of years.", d, "the next couple of years"), "P2Y");
        assert_eq!(value_of("It is a several-year effort.", d, "several-year"), "PXY");
        assert_eq!(value_of("It will be settled at a later date.", d, "a later date"), "FUTURE_REF");
        assert_eq!(value_of("It was a day-long trial in a decades-long feud.", d, "day-long"), "P1D");
        assert_eq!(value_of("It was a day-long trial in a decades-long feud.", d, "decades-long"), "PXY");
        // Decades as TimeML writes them: the first three digits.
        assert_eq!(value_of("Prices rose in the nineties.", d, "the nineties"), "199");
        assert_eq!(value_of("Prices rose in the mid-1990s.", d, "the mid-1990s"), "199");
        assert_eq!(value_of("Prices rose in the 1960s.", d, "the 1960s"), "196");
        // `that year`, `later that year`: the year just named.
        let s = "He moved to Paris in 1990. Later that year he married, and that year he wrote a book.";
        assert_eq!(value_of(s, d, "Later that year"), "1990");
        assert_eq!(value_of(s, d, "that year"), "1990");
        // Parts of days and vague futures.
        assert_eq!(value_of("Trading halted at mid-afternoon yesterday.", d, "mid-afternoon yesterday"), "1998-02-26TAF");
        assert_eq!(value_of("It closed at midday.", d, "midday"), "1998-02-27T12:00");
        assert_eq!(value_of("It will act as soon as possible.", d, "as soon as possible"), "FUTURE_REF");
        assert_eq!(value_of("Prices will rise in coming weeks.", d, "coming weeks"), "PXW");
        assert_eq!(value_of("It will be hard in the weeks ahead.", d, "the weeks ahead"), "PXW");
    }

    #[test]
    fn names_and_ordinals_that_look_like_times() {
        let d = "1999-01-22";
        assert!(values("Agents watched the annual March for Life on Capitol Hill.", d).is_empty());
        assert!(values("For Poland, high noon has come.", d).is_empty());
        assert!(values("It would be a second betrayal.", d).is_empty());
        // The month and the duration are still found where they are ones.
        assert_eq!(value_of("The march ends in March for the first time.", d, "March"), "1999-03");
        assert_eq!(value_of("It lasted a second or two.", d, "a second"), "PT1S");
    }

    #[test]
    fn days_next_to_a_named_day_and_schedules() {
        // Saturday 1998-11-21: `the day after` the day just named; an apposition is that day.
        let s = "Slepian was shot on Oct. 23. Two men came to his house the day after his death.";
        assert_eq!(value_of(s, "1998-11-21", "the day after"), "1998-10-24");
        let s = "Prices fell after Oct. 12, the day before the plunge.";
        assert_eq!(value_of(s, "1989-10-30", "the day before"), "1989-10-12");
        let s = "Revenue dropped to $300 million last year, down from $450 million the year before.";
        assert_eq!(value_of(s, "1998-09-07", "the year before"), "1996");
        // A clock time takes the day written after its parenthesis.
        let s = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday.";
        assert_eq!(value_of(s, "1998-08-08", "10:35 a.m."), "1998-08-07T10:35");
        let s = "He will leave at 4 in the morning (4 a.m. EDT Thursday), Castro said.";
        assert_eq!(value_of(s, "2000-04-05", "4 in the morning"), "2000-04-06T04:00");
        // A day next to another; a day of a month named with `last`.
        let s = "The day before last Tuesday's hearing, Manuel met the nuns.";
        assert_eq!(value_of(s, "2000-02-24", "The day before last Tuesday"), "2000-02-21");
        // TimeML leaves `later` outside, as a signal: the duration is the expression.
        let s = "He was shot at home. Just over an hour later, he was declared dead.";
        assert_eq!(value_of(s, "1998-10-25", "an hour"), "PT1H");
        // `that same day` after a month: some day of that month.
        let s = "Slepian was killed last October. His name was crossed out that same day.";
        assert_eq!(value_of(s, "1999-02-06", "that same day"), "1998-10-XX");
        // The week a day falls in.
        let s = "A hearing is set for the week of March 6, after Easter week.";
        assert_eq!(value_of(s, "2000-02-24", "the week of March 6"), "2000-W10");
        assert_eq!(value_of(s, "2000-02-24", "Easter week"), "2000-W16");
        let s = "A jogger saw the car last Oct. 23 near the house.";
        assert_eq!(value_of(s, "1999-04-19", "last Oct. 23"), "1998-10-23");
        // Thursday 1989-11-02: a schedule in the present looks ahead, whatever else the sentence says.
        assert_eq!(value_of("The purchase is scheduled to close Monday, the company said.", "1989-11-02", "Monday"), "1989-11-06");
        assert_eq!(value_of("Officials postponed until Tuesday any action.", "2000-03-30", "Tuesday"), "2000-04-04");
    }

    #[test]
    fn a_year_ago_in_an_earnings_story_is_the_reported_quarter_a_year_back() {
        // A November story on the third quarter that also names a forecast for the fourth and a
        // weak second quarter: `a year ago` and `the latest quarter` stay with the third.
        let s = "Net rose 11% in the third quarter. It expects a fourth-quarter charge. \
                 After a flat second quarter, earnings rose in the latest quarter from a year ago.";
        assert_eq!(value_of(s, "1989-11-02", "the latest quarter"), "1989-Q3");
        assert_eq!(value_of(s, "1989-11-02", "a year ago"), "1988-Q3");
    }
}
