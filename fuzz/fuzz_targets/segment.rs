//! Any UTF-8 text through the segmenter: tokens are ordered, non-empty and on char boundaries;
//! sentences partition the tokens.
#![no_main]

use herald_core::{ArticleMeta, Document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut doc = Document::new(ArticleMeta::default(), text.to_string());
    herald_nlp::segment::segment(&mut doc);
    let mut last_end = 0;
    for t in &doc.tokens {
        assert!(t.span.start < t.span.end && t.span.start >= last_end);
        assert!(text.is_char_boundary(t.span.start as usize) && text.is_char_boundary(t.span.end as usize));
        last_end = t.span.end;
    }
    let mut next = 0;
    for s in &doc.sentences {
        assert_eq!(s.tokens.start, next);
        assert!(s.tokens.start < s.tokens.end);
        next = s.tokens.end;
    }
    assert_eq!(next as usize, doc.tokens.len());
});
