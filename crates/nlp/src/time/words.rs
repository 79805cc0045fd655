//! The words time expressions are made of: months, weekdays, numbers, units, parts of day,
//! seasons. General English, lower-cased.

/// A calendar unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weekends.
    Weekend,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Quarters of a year.
    Quarter,
    /// Years.
    Year,
    /// Decades.
    Decade,
    /// Centuries.
    Century,
}

impl Unit {
    /// The TimeML duration letter (`Y`, `M`, `W`, `D`, `H`, `M`, `S`, `Q`, `DE`, `CE`) and
    /// whether it is a time unit (after `T`).
    pub fn letter(self) -> (&'static str, bool) {
        match self {
            Unit::Second => ("S", true),
            Unit::Minute => ("M", true),
            Unit::Hour => ("H", true),
            Unit::Day => ("D", false),
            Unit::Weekend => ("WE", false),
            Unit::Week => ("W", false),
            Unit::Month => ("M", false),
            Unit::Quarter => ("Q", false),
            Unit::Year => ("Y", false),
            Unit::Decade => ("DE", false),
            Unit::Century => ("CE", false),
        }
    }
}

/// A unit word, singular or plural (`year`, `years`, `yr`); the bool is true for plurals.
pub fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" | "sec" | "sec." => (Unit::Second, false),
        "seconds" | "secs" => (Unit::Second, true),
        "minute" | "min" | "min." => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "weekend" => (Unit::Weekend, false),
        "weekends" => (Unit::Weekend, true),
        "week" | "wk" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" | "mo" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" | "yr" => (Unit::Year, false),
        "years" | "yrs" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// A month name or abbreviation; `may` and `march` only when written with a capital (`may` is a
/// verb more often than a month).
pub fn month(lower: &str, original: &str) -> Option<u32> {
    let capital = original.chars().next().is_some_and(char::is_uppercase);
    Some(match lower.trim_end_matches('.') {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" if capital => 3,
        "mar" if capital => 3,
        "april" | "apr" => 4,
        "may" if capital => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// A weekday (1 = Monday … 7 = Sunday).
pub fn weekday(lower: &str) -> Option<u32> {
    Some(match lower {
        "monday" | "mon." => 1,
        "tuesday" | "tue." | "tues." => 2,
        "wednesday" | "wed." => 3,
        "thursday" | "thu." | "thur." | "thurs." => 4,
        "friday" | "fri." => 5,
        "saturday" | "sat." => 6,
        "sunday" => 7,
        _ => return None,
    })
}

/// A weekday in the plural (`Mondays`), for sets.
pub fn weekday_plural(lower: &str) -> Option<u32> {
    lower.strip_suffix('s').and_then(weekday)
}

/// A part of the day, as TimeML writes it (`MO`, `AF`, `EV`, `NI`, `DT`).
pub fn part_of_day(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "morning" | "mornings" | "dawn" => "MO",
        "afternoon" | "afternoons" => "AF",
        "evening" | "evenings" => "EV",
        "night" | "nights" | "overnight" => "NI",
        "daytime" => "DT",
        _ => return None,
    })
}

/// A season (`SP`, `SU`, `FA`, `WI`).
pub fn season(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

fn small_number(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// `twenty` … `ninety`.
pub fn is_tens_word(w: &str) -> bool {
    matches!(w, "twenty" | "thirty" | "forty" | "fifty" | "sixty" | "seventy" | "eighty" | "ninety")
}

/// A number written in digits (`90`, `1,000`, `1.5`) or words (`two`, `twenty-five`, `a`).
pub fn number(w: &str) -> Option<f64> {
    if let Some(n) = small_number(w) {
        return Some(f64::from(n));
    }
    if let Some((a, b)) = w.split_once('-')
        && let (Some(x), Some(y)) = (small_number(a), small_number(b))
        && x >= 20
        && y < 10
    {
        return Some(f64::from(x + y));
    }
    if w.bytes().next().is_some_and(|b| b.is_ascii_digit()) && w.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') {
        return w.replace(',', "").parse().ok();
    }
    None
}

/// Words that stand for an unknown quantity (`several years`, `a few days`).
pub fn vague_quantity(w: &str) -> bool {
    matches!(w, "several" | "few" | "many" | "some" | "couple" | "numerous" | "recent")
}

/// An ordinal (`first` … `twelfth`, `1st`, `4th`).
pub fn ordinal(w: &str) -> Option<u32> {
    Some(match w {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "sixth" | "6th" => 6,
        "seventh" | "7th" => 7,
        "eighth" | "8th" => 8,
        "ninth" | "9th" => 9,
        "tenth" | "10th" => 10,
        "eleventh" | "11th" => 11,
        "twelfth" | "12th" => 12,
        "thirteenth" | "13th" => 13,
        "fourteenth" | "14th" => 14,
        "fifteenth" | "15th" => 15,
        "sixteenth" | "16th" => 16,
        "seventeenth" | "17th" => 17,
        "eighteenth" | "18th" => 18,
        "nineteenth" | "19th" => 19,
        "twentieth" | "20th" => 20,
        "twenty-first" | "21st" => 21,
        _ => return None,
    })
}
