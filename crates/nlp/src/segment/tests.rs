use super::*;
use herald_core::ArticleMeta;

fn sentences(text: &str) -> Vec<String> {
    let mut doc = Document::new(ArticleMeta::default(), text.to_string());
    segment(&mut doc);
    doc.sentences.iter().map(|s| doc.slice(s.span).to_string()).collect()
}

#[test]
fn abbreviations_do_not_split() {
    assert_eq!(
        sentences("U.S. Sen. J.D. Vance met Gen. Smith on Jan. 5 in Washington. He left."),
        ["U.S. Sen. J.D. Vance met Gen. Smith on Jan. 5 in Washington.", "He left."]
    );
}

#[test]
fn abbreviation_can_end_a_sentence() {
    assert_eq!(
        sentences("Troops left the U.S. The war ended. Apple Inc. said no."),
        ["Troops left the U.S.", "The war ended.", "Apple Inc. said no."]
    );
}

#[test]
fn quotation_continuing_the_sentence() {
    assert_eq!(
        sentences("“Is it over?” he asked. “Not yet!”, she said. “Go.” Then silence."),
        ["“Is it over?” he asked.", "“Not yet!”, she said.", "“Go.”", "Then silence."]
    );
}

#[test]
fn attribution_after_question_in_quotes() {
    assert_eq!(
        sentences("“Who knows?” Trump told reporters. “Go.” Clinton said. “We won.” Trump said the party would win."),
        ["“Who knows?” Trump told reporters.", "“Go.” Clinton said.", "“We won.”", "Trump said the party would win."]
    );
}

#[test]
fn quotation_over_sentences() {
    assert_eq!(
        sentences("“We agreed. We will talk,” Trump said. Moscow said “soon”."),
        ["“We agreed.", "We will talk,” Trump said.", "Moscow said “soon”."]
    );
}

#[test]
fn ellipsis_inside_quotes() {
    assert_eq!(
        sentences("“I don’t think so, personally... They’ve said that... and I’m OK,” he said."),
        ["“I don’t think so, personally...", "They’ve said that... and I’m OK,” he said."]
    );
}

#[test]
fn headline_without_punctuation_and_paragraphs() {
    assert_eq!(
        sentences("Trump and Putin agreed\n\nThey talked. It went well.\n"),
        ["Trump and Putin agreed", "They talked.", "It went well."]
    );
    // Without blank lines each line is a paragraph.
    assert_eq!(sentences("Headline here\nFirst line. Second\nthird"), ["Headline here", "First line.", "Second", "third"]);
}

#[test]
fn seed_header_is_skipped() {
    let text = " date 2025-02-13 End of war\n\nBody here.";
    let mut doc = Document::new(ArticleMeta::default(), text.to_string());
    doc.header = Some(Span::new(1, 16));
    segment(&mut doc);
    let got: Vec<_> = doc.sentences.iter().map(|s| doc.slice(s.span)).collect();
    assert_eq!(got, ["End of war", "Body here."]);
}

#[test]
fn no_split_without_space() {
    assert_eq!(sentences("Visit example.com today. Or Amazon.Com now."), ["Visit example.com today.", "Or Amazon.Com now."]);
    // Scraped text that lost the space after a closed quotation still ends its sentence there.
    assert_eq!(sentences("He wrote: “So do voters!”After the rally he left."), ["He wrote: “So do voters!”", "After the rally he left."]);
}

#[test]
fn offsets_cover_text() {
    let text = "Ein „Zitat“ — «citation» and 🙂 emoji. Next one!";
    let mut doc = Document::new(ArticleMeta::default(), text.to_string());
    segment(&mut doc);
    for t in &doc.tokens {
        assert!(!doc.slice(t.span).trim().is_empty());
    }
    for s in &doc.sentences {
        let first = doc.tokens[s.tokens.start as usize].span.start;
        let last = doc.tokens[s.tokens.end as usize - 1].span.end;
        assert_eq!((first, last), (s.span.start, s.span.end));
    }
    assert_eq!(doc.sentences.len(), 2);
}

proptest::proptest! {
    #[test]
    fn segmentation_never_panics_and_spans_are_ordered(text in "\\PC{0,200}") {
        let mut doc = Document::new(ArticleMeta::default(), text.clone());
        segment(&mut doc);
        let mut last_end = 0;
        for t in &doc.tokens {
            proptest::prop_assert!(t.span.start < t.span.end);
            proptest::prop_assert!(t.span.start >= last_end);
            proptest::prop_assert!(text.is_char_boundary(t.span.start as usize) && text.is_char_boundary(t.span.end as usize));
            last_end = t.span.end;
        }
        let mut last = 0;
        for s in &doc.sentences {
            proptest::prop_assert!(s.tokens.start < s.tokens.end);
            proptest::prop_assert_eq!(s.tokens.start, last);
            last = s.tokens.end;
        }
        proptest::prop_assert_eq!(last as usize, doc.tokens.len());
    }
}

#[test]
fn a_signature_line_ends_at_the_line_break() {
    // Readers' comments, one per line, each signed after a dash (a paragraph of single lines).
    let text = "Intro.\n\n“It is a disgrace.” ― Ana Ruiz\n“He cannot answer a question.” ― Luis Gómez\n“Vote.” — Eva Díaz";
    assert_eq!(
        sentences(text),
        ["Intro.", "“It is a disgrace.”", "― Ana Ruiz", "“He cannot answer a question.”", "― Luis Gómez", "“Vote.”", "— Eva Díaz"]
    );
    // Signed without a space after the closing mark.
    assert_eq!(
        sentences("Intro.\n\n“It is a disgrace.”― Ana Ruiz\n“Vote.”\u{a0}— Eva Díaz"),
        ["Intro.", "“It is a disgrace.”", "― Ana Ruiz", "“Vote.”", "— Eva Díaz"]
    );
    // A dash inside a sentence, and a line break inside a sentence that does not open with one,
    // change nothing.
    assert_eq!(
        sentences("Intro.\n\nThe plan — if it works — helps.\nIt was\nlate."),
        ["Intro.", "The plan — if it works — helps.", "It was\nlate."]
    );
}

#[test]
fn two_apostrophes_close_a_quotation_like_a_quotation_mark() {
    // The ASCII convention of some archives: `''` for a double quotation mark.
    assert_eq!(
        sentences("''It is responsible.'' Leonard Burman said so on Monday. ''We are ready,'' he added."),
        ["''It is responsible.''", "Leonard Burman said so on Monday.", "''We are ready,'' he added."]
    );
}
