//! Hostile and careless input through the whole extraction, as `herald extract` runs it (reader,
//! every stage, the record): generated articles built from the shapes that once broke a stage —
//! runs of abbreviations (`U.S. U.S. …`, `Inc.`, `Mr.`), runs of titled names, runs of quotations
//! and attributions, nested and unbalanced quotation marks, long tokens, every script, extreme
//! and impossible header dates — mixed with ordinary news text. For each: no panic, no article
//! over ten seconds, and every span of the record inside the text.
//!
//! The suite is seeded (the same articles on every run) and runs `HERALD_ROBUSTNESS_CASES`
//! articles (10,000 by default, in two halves that run in parallel); a longer campaign is the same
//! test with a larger count and another `HERALD_ROBUSTNESS_SEED` (see docs/EVAL.md).

use herald_nlp::Pipeline;
use herald_reader::{ReadOptions, read_bytes};
use herald_record::{Record, RecordOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::time::{Duration, Instant};

/// Pieces repeated into runs: each once made a stage slow or panic when repeated.
const RUN_PIECES: &[&str] = &[
    "U.S. ",
    "Inc. ",
    "Mr. ",
    "Mrs. ",
    "Sen. ",
    "Gov. ",
    "Dr. ",
    "Gen. ",
    "St. ",
    "Jan. ",
    "No. ",
    "p.m. ",
    "e.g. ",
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "'",
    "''",
    "« ",
    "» ",
    "(",
    ")",
    ", ",
    "; ",
    ": ",
    "— ",
    "– ",
    "… ",
    "said ",
    "according to ",
    "he said. ",
    "’s ",
    "President ",
    "the ",
    "and ",
    "\n",
    "\n\n",
    "Smith ",
    "SMITH: ",
    "http://x.y/z ",
    "@user ",
    "#tag ",
    "1,000 ",
    "2016 ",
];
const TITLES: &[&str] =
    &["President", "Sen.", "Senator", "Gov.", "Dr.", "Mr.", "Mrs.", "Gen.", "Secretary of State", "former Rep.", "Prime Minister"];
const FIRST: &[&str] = &["Li", "Ali", "John", "Mary", "Ana", "Omar", "Wei", "Sara", "Hillary", "Donald", "Jean-Luc", "O'Neil"];
const LAST: &[&str] = &["Smith", "Khan", "Jones", "Wang", "Lopez", "Clinton", "Trump", "Petrov", "Mensah", "Wasserman Schultz"];
const SCRIPTS: &[&str] = &[
    "Москва заявила, что «переговоры» продолжатся.",
    "北京表示：“我们反对。”",
    "وقال المتحدث \"لا\" يوم الأربعاء.",
    "Η Αθήνα είπε «όχι».",
    "東京は「はい」と述べた。",
    "서울은 “예”라고 말했다.",
    "הדובר אמר \"לא\".",
    "नई दिल्ली ने कहा “हाँ”।",
    "Zoë Björk-Ødegård said “ça va”.",
    "e\u{301}\u{301}\u{301} a\u{200d}b \u{202e}txet\u{202c} \u{feff}x",
    "😀👍🏽🇺🇸 said the emoji 👨‍👩‍👧.",
    "\u{0}\u{1}\u{7f}\u{85}\u{2028}\u{2029}",
];
const SENTENCES: &[&str] = &[
    "“We will win,” Smith said on Wednesday.",
    "The senator told reporters that the plan would fail.",
    "According to officials, the talks ended last week.",
    "“It is,” he said, “a disgrace.”",
    "She said: “No.”",
    "Trump and Putin agreed to meet in 2017, the Kremlin said.",
    "In 1789, eight years earlier, the company was founded.",
    "Rubio was asked whether he would run.",
    "WALLACE: Good evening.",
    "“Unclosed quotation runs on",
    "He added ‘nested “quotes” inside’ here.",
];
const HEADER_DATES: &[&str] = &[
    "2016-03-29",
    "9999-12-31",
    "0001-01-01",
    "1970-01-01",
    "2016-02-30",
    "2016-13-01",
    "-0044-03-15",
    "99999-01-01",
    "2016-02-29T25:61:00Z",
    "yesterday",
    "",
];

/// One piece of an article.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (prop::sample::select(RUN_PIECES), 1usize..400).prop_map(|(p, n)| p.repeat(n)),
        2 => prop::collection::vec((prop::sample::select(TITLES), prop::sample::select(FIRST), prop::sample::select(LAST)), 1..80)
            .prop_map(|v| v.into_iter().map(|(t, f, l)| format!("{t} {f} {l} ")).collect::<String>()),
        2 => (prop::sample::select(FIRST), prop::sample::select(LAST), 1usize..120)
            .prop_map(|(f, l, n)| (0..n).map(|i| format!("\"Yes,\" said {f} {l}{i}. He said “no.” ")).collect::<String>()),
        2 => prop::sample::select(SENTENCES).prop_map(str::to_string),
        1 => prop::sample::select(SCRIPTS).prop_map(str::to_string),
        1 => (prop::sample::select(&["x", "é", "中", "-", "’", "0"][..]), 1usize..6000).prop_map(|(c, n)| c.repeat(n)),
        1 => "\\PC{0,200}",
        1 => prop::collection::vec(any::<char>(), 0..80).prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

/// An article as a file: maybe a header with a date, a title, then paragraphs of pieces.
fn article() -> impl Strategy<Value = (String, String)> {
    (
        prop::option::of(prop::sample::select(HEADER_DATES)),
        prop::collection::vec(prop::collection::vec(piece(), 1..5), 1..6),
        prop::bool::ANY,
    )
        .prop_map(|(date, paragraphs, jsonl)| {
            let body = paragraphs.into_iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("\n\n");
            if jsonl {
                let mut record = serde_json::json!({"title": "A title", "text": body});
                if let Some(d) = date {
                    record["date"] = serde_json::Value::from(d);
                }
                ("feed.jsonl".to_string(), format!("{record}\n"))
            } else {
                let header = date.map(|d| format!("Date: {d}\n")).unwrap_or_default();
                ("article.txt".to_string(), format!("{header}A title\n\n{body}"))
            }
        })
}

/// Every `start`/`end` pair of the record, at any depth, is a range of code points inside the text.
fn check_spans(value: &serde_json::Value, text_length: u64, path: &str) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(s), Some(e)) = (map.get("start").and_then(|v| v.as_u64()), map.get("end").and_then(|v| v.as_u64()))
                && (s > e || e > text_length)
            {
                return Err(format!("span {s}..{e} at {path} outside the text of {text_length} code points"));
            }
            for (k, v) in map {
                check_spans(v, text_length, &format!("{path}.{k}"))?;
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_spans(v, text_length, &format!("{path}[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn run_cases(seed_offset: u64, cases: u32) {
    let seed: u64 = std::env::var("HERALD_ROBUSTNESS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261207) + seed_offset;
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let pipeline = Pipeline::standard();
    herald_nlp::guard::install_panic_hook();
    let options = ReadOptions { max_article_bytes: 1 << 20, ..ReadOptions::default() };
    let result = runner.run(&article(), |(name, content)| {
        for read in read_bytes(content.into_bytes(), &name, options.clone()) {
            let Ok(mut doc) = read else { continue };
            let started = Instant::now();
            let run = pipeline.run_guarded(&mut doc);
            let took = started.elapsed();
            prop_assert!(run.is_ok(), "{}", run.unwrap_err());
            prop_assert!(took < Duration::from_secs(10), "{} bytes took {took:?}", doc.text.len());
            let record = Record::from_document(&doc, RecordOptions { with_text: false, with_tokens: true });
            let value = serde_json::to_value(&record).expect("a record serialises");
            let length = record.text_length as u64;
            check_spans(&value, length, "record").map_err(TestCaseError::fail)?;
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

fn cases() -> u32 {
    std::env::var("HERALD_ROBUSTNESS_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000)
}

#[test]
fn generated_articles_first_half() {
    run_cases(0, cases() / 2);
}

#[test]
fn generated_articles_second_half() {
    run_cases(1, cases() - cases() / 2);
}
