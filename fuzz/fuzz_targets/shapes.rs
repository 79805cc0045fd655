//! Articles built from the shapes that once broke a stage (issue 23): the input bytes choose
//! pieces — abbreviations, titles, names, quotation marks, speech verbs, scripts — and how many
//! times each repeats, so that the fuzzer reaches long runs (`U.S. ` × 21, `Mr. ` × 1,000, a
//! paragraph of attributions) that random bytes never spell. The whole pipeline runs guarded; a
//! stage failure or a span outside the text is a crash, and `-timeout` catches a slow input.
#![no_main]

use herald_core::{ArticleMeta, Document};
use libfuzzer_sys::fuzz_target;

const PIECES: &[&str] = &[
    "U.S. ", "Inc. ", "Mr. ", "Mrs. ", "Sen. ", "Gov. ", "Dr. ", "President ", "Secretary of State ", "former ", "Smith ",
    "Hillary ", "Clinton ", "Trump ", "Putin ", "Moscow ", "the ", "a ", "and ", "of ", "said ", "told ", "says ", "according to ",
    "added ", "he ", "she ", "they ", "who ", "it was announced ", "“", "”", "\"", "‘", "’", "'", "''", "«", "»", "(", ")", ", ",
    ". ", "? ", ": ", "; ", "— ", "– ", "― ", "\n", "\n\n", "SMITH: ", "on Wednesday ", "last week ", "in 1789 ", "2016-02-30 ",
    "eight years earlier ", "Москва ", "北京 ", "القاهرة ", "😀 ", "e\u{301} ", "\u{200d}", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

fuzz_target!(|data: &[u8]| {
    // Up to 16 KB of text: room for runs of hundreds of pieces, short enough for hundreds of
    // executions a second (time on long texts is `crates/nlp/tests/linear_time.rs`'s check).
    let mut text = String::from("A title\n\n");
    for pair in data.chunks(2) {
        if text.len() >= 1 << 14 {
            break;
        }
        let piece = PIECES[pair[0] as usize % PIECES.len()];
        let times = pair.get(1).map_or(1, |&n| 1 + n as usize * 2);
        for _ in 0..times {
            text.push_str(piece);
        }
    }
    let mut doc = Document::new(ArticleMeta::default(), text);
    let pipeline = herald_nlp::Pipeline::standard();
    if let Err(failure) = pipeline.run_guarded(&mut doc) {
        panic!("{failure}");
    }
    let ok = |s: herald_core::Span| doc.text.get(s.start as usize..s.end as usize).is_some();
    assert!(doc.tokens.iter().all(|t| ok(t.span)));
    assert!(doc.entities.iter().flat_map(|e| &e.mentions).all(|m| ok(m.span)));
    assert!(doc.times.iter().all(|t| ok(t.span)));
    for q in &doc.quotes {
        assert!(q.content.iter().all(|c| ok(*c)));
        assert!(q.speaker.as_ref().is_none_or(|s| ok(s.span)));
        assert!(q.cue.is_none_or(ok));
    }
    let _ = herald_record::Record::from_document(&doc, herald_record::RecordOptions { with_text: false, with_tokens: true });
});
