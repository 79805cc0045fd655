//! The whole pipeline on arbitrary news-like text: nothing panics, and every span it reports
//! lies inside the text on character boundaries. Texts are made of the pieces the stages react
//! to (names, labels and colons, quotation marks of every kind, speech verbs, dates, paragraph and
//! line breaks), in any order, so that patterns meet the edges of sentences, paragraphs and the
//! article.

use herald_core::{ArticleMeta, Document};
use herald_nlp::Pipeline;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "Sanders",
    "SANDERS",
    "WALLACE",
    "CORRECTION",
    "Bernie",
    "Mr.",
    "Trump",
    "Moscow",
    "he",
    "she",
    "who",
    "said",
    "says",
    "told",
    "according",
    "to",
    "added",
    ":",
    ",",
    ".",
    "?",
    "—",
    "–",
    "―",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "''",
    "``",
    "«",
    "»",
    "(",
    ")",
    "\n",
    "\n\n",
    "Wednesday",
    "last",
    "week",
    "2020",
    "90",
    "minutes",
    "ago",
    "a",
    "half",
    "and",
    "twenty",
    "four",
    "hours",
    "the",
    "future",
    "in",
    "of",
    "that",
    "é",
    "Zelenskyy’s",
    "U.S.",
    "1.5",
    "47",
    "-",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), prop::bool::ANY), 0..60)
        .prop_map(|parts| parts.into_iter().map(|(piece, space)| if space { format!("{piece} ") } else { piece.to_string() }).collect())
}

/// Texts whose last paragraph is a short tail (a label with nothing after it, a lone mark): the
/// edge where a pattern runs out of tokens.
fn text_with_tail() -> impl Strategy<Value = String> {
    let tails =
        prop::sample::select(&["Bernie Sanders:", "Sanders:", "SANDERS:", "WALLACE: Hi.\n\nSANDERS:", "“", "\"Sanders said", ":"][..]);
    (text(), tails).prop_map(|(body, tail)| format!("Bernie Sanders spoke. {body}\n\n{tail}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn the_pipeline_never_panics_and_spans_stay_in_the_text(text in prop_oneof![text(), text_with_tail()]) {
        let pipeline = Pipeline::standard();
        let mut doc = Document::new(ArticleMeta::default(), text.clone());
        pipeline.run(&mut doc);
        let inside = |start: u32, end: u32| {
            start <= end && (end as usize) <= text.len() && text.is_char_boundary(start as usize) && text.is_char_boundary(end as usize)
        };
        for e in &doc.entities {
            for m in &e.mentions {
                prop_assert!(inside(m.span.start, m.span.end));
            }
        }
        for q in &doc.quotes {
            for c in &q.content {
                prop_assert!(inside(c.start, c.end));
            }
            if let Some(s) = &q.speaker {
                prop_assert!(inside(s.span.start, s.span.end));
            }
        }
        for t in &doc.times {
            prop_assert!(inside(t.span.start, t.span.end));
        }
    }
}
