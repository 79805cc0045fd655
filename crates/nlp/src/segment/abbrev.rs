//! Abbreviations that keep their period, and how each behaves at a possible sentence end. General
//! English news lexicons, not tied to any article.

/// Titles and name parts that are never the last word of a sentence (`Gen. Smith`, `Mr. Lee`).
const TITLES: &[&str] = &[
    "Adm", "Amb", "Atty", "Brig", "Capt", "Cdr", "Cmdr", "Col", "Cpl", "Dr", "Ft", "Gen", "Gov", "Hon", "Lt", "Maj", "Messrs", "Mme",
    "Mmes", "Mr", "Mrs", "Ms", "Msgr", "Mt", "Pfc", "Pres", "Prof", "Rep", "Reps", "Rev", "Sen", "Sens", "Sgt", "Sr", "St", "Supt",
];

/// Abbreviations that can end a sentence (`... Apple Inc. The company ...`).
const ENDERS: &[&str] = &[
    "Ala", "Ariz", "Ark", "Ave", "Blvd", "Calif", "Co", "Colo", "Conn", "Corp", "Del", "Dept", "Fla", "Ga", "Ill", "Inc", "Ind", "Jr",
    "Kan", "Ky", "La", "Ltd", "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Plc", "Rd", "Tenn",
    "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "approx", "cf", "dept", "est", "etc", "vs",
];

/// Month abbreviations (`Jan. 5`).
const MONTHS: &[&str] = &["Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"];

/// True when the word (without its period) is an abbreviation that keeps its period.
pub fn is_known_abbreviation(word: &str) -> bool {
    TITLES.contains(&word) || ENDERS.contains(&word) || MONTHS.contains(&word)
}

/// `No.` and `Nos.` take a period only before a number.
pub fn takes_period_before_number(word: &str) -> bool {
    matches!(word, "No" | "Nos" | "no" | "Art" | "Vol" | "pp" | "Fig")
}

/// True when an abbreviation token (with its period) is a title that never ends a sentence.
pub fn is_title_abbreviation(token: &str) -> bool {
    token.strip_suffix('.').is_some_and(|w| TITLES.contains(&w))
}

/// Words that commonly start a sentence, lower-cased: after an abbreviation that can end a
/// sentence (`U.S.`, `Inc.`, `Jan.`), one of these starting with a capital means a new sentence.
pub fn is_sentence_starter(word_lower: &str) -> bool {
    const STARTERS: &[&str] = &[
        "a",
        "according",
        "after",
        "all",
        "also",
        "although",
        "an",
        "and",
        "another",
        "as",
        "at",
        "because",
        "before",
        "both",
        "but",
        "by",
        "despite",
        "during",
        "each",
        "earlier",
        "even",
        "for",
        "from",
        "he",
        "her",
        "here",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "instead",
        "it",
        "its",
        "last",
        "later",
        "many",
        "meanwhile",
        "more",
        "most",
        "my",
        "nevertheless",
        "next",
        "no",
        "not",
        "now",
        "of",
        "on",
        "one",
        "only",
        "or",
        "our",
        "she",
        "since",
        "so",
        "some",
        "still",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "thus",
        "to",
        "two",
        "under",
        "unlike",
        "we",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "why",
        "with",
        "yet",
        "you",
        "your",
    ];
    STARTERS.binary_search(&word_lower).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_are_sorted_for_binary_search() {
        assert!(is_sentence_starter("the"));
        assert!(is_sentence_starter("a"));
        assert!(is_sentence_starter("your"));
        assert!(!is_sentence_starter("president"));
    }
}
