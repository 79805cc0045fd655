//! Name forms shared by the entity stage (one entity per article) and the store (one actor across
//! articles).

/// A company name without its legal form (`apple inc.` → `apple`); the name itself when nothing
/// but an article would be left (`the corporation`). Takes and gives lower-cased text.
pub fn without_legal_form(name: &str) -> &str {
    const FORMS: &[&str] = &[
        " inc.",
        " inc",
        " incorporated",
        " corp.",
        " corp",
        " corporation",
        " co.",
        " ltd.",
        " ltd",
        " limited",
        " llc",
        " l.l.c.",
        " plc",
        " ag",
        " s.a.",
        " sa",
        " n.v.",
        " gmbh",
    ];
    let trimmed = name.trim_end().trim_end_matches(',');
    for form in FORMS {
        if let Some(base) = trimmed.strip_suffix(form) {
            let base = base.trim_end().trim_end_matches(',');
            if !matches!(base, "" | "the" | "a" | "an") {
                return base;
            }
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms() {
        assert_eq!(without_legal_form("apple inc."), "apple");
        assert_eq!(without_legal_form("alphabet, inc."), "alphabet");
        assert_eq!(without_legal_form("volkswagen ag"), "volkswagen");
        assert_eq!(without_legal_form("apple"), "apple");
        assert_eq!(without_legal_form("inc."), "inc.");
        assert_eq!(without_legal_form("the corporation"), "the corporation");
    }
}
