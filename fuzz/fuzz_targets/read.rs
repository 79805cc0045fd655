//! Any bytes, read as a text file and as a JSON Lines file (with the gzip/zstd sniffing in front),
//! then segmented and turned into a record: nothing may panic, and every span must slice the text.
#![no_main]

use herald_reader::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions { max_article_bytes: 1 << 16, ..ReadOptions::default() };
    for name in ["article_2025-02-13_x.txt", "feed.jsonl", "unknown"] {
        for result in read_bytes(data.to_vec(), name, options.clone()) {
            let Ok(mut doc) = result else { continue };
            herald_nlp::Pipeline::standard().run(&mut doc);
            for t in &doc.tokens {
                assert!(doc.text.get(t.span.range()).is_some());
            }
            let _ = herald_record::Record::from_document(&doc, herald_record::RecordOptions { with_text: false, with_tokens: true });
        }
    }
});
