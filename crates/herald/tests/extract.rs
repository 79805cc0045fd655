//! End-to-end tests of `herald extract` on real files (issue 2).

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::io::Write;

fn extract(args: &[&str]) -> (Vec<Value>, String, i32) {
    let out = herald().arg("extract").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (json_lines(&out.stdout), stderr, out.status.code().unwrap_or(-1))
}

fn sentence_texts(record: &Value, text: &str) -> Vec<String> {
    record["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| slice_chars(text, s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
        .collect()
}

#[test]
fn seed_article_date_title_and_sentences() {
    let seed = seed();
    let (records, stderr, code) = extract(&[seed.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r["article"]["date"], "2025-02-13");
    assert_eq!(r["article"]["date_origin"], "header");
    assert_eq!(r["article"]["title"], "End of war in Ukraine nearer after Trump-Putin talks");
    assert_eq!(r["article"]["id"], "000_52261eb3b5464fb5");
    let text = std::fs::read_to_string(&seed).unwrap();
    assert_eq!(r["text_length"].as_u64().unwrap() as usize, text.chars().count());
    insta::assert_json_snapshot!("seed_sentences", sentence_texts(r, &text));
}

#[test]
fn every_span_slices_to_its_text() {
    let seed = seed();
    let (records, _, code) = extract(&["--with-tokens", "--with-text", seed.to_str().unwrap()]);
    assert_eq!(code, 0);
    let r = &records[0];
    let text = r["text"].as_str().unwrap();
    assert_eq!(text, std::fs::read_to_string(&seed).unwrap());
    for token in r["tokens"].as_array().unwrap() {
        let got = slice_chars(text, token["start"].as_u64().unwrap(), token["end"].as_u64().unwrap());
        assert_eq!(got, token["text"].as_str().unwrap());
    }
    // Sentences start and end on tokens and hold no surrounding white space.
    let token_starts: Vec<u64> = r["tokens"].as_array().unwrap().iter().map(|t| t["start"].as_u64().unwrap()).collect();
    let token_ends: Vec<u64> = r["tokens"].as_array().unwrap().iter().map(|t| t["end"].as_u64().unwrap()).collect();
    for s in r["sentences"].as_array().unwrap() {
        assert!(token_starts.contains(&s["start"].as_u64().unwrap()));
        assert!(token_ends.contains(&s["end"].as_u64().unwrap()));
        let covered = slice_chars(text, s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        assert_eq!(covered.trim(), covered);
    }
    // Every other fact with a text carries the text its span covers.
    for layer in ["entities", "quotes", "times", "events"] {
        for fact in r[layer].as_array().unwrap() {
            check_spans(text, fact);
        }
    }
}

/// Recursively checks every object with start, end and text.
fn check_spans(text: &str, value: &Value) {
    match value {
        Value::Object(map) => {
            if let (Some(s), Some(e), Some(Value::String(t))) = (map.get("start"), map.get("end"), map.get("text")) {
                assert_eq!(&slice_chars(text, s.as_u64().unwrap(), e.as_u64().unwrap()), t);
            }
            map.values().for_each(|v| check_spans(text, v));
        }
        Value::Array(items) => items.iter().for_each(|v| check_spans(text, v)),
        _ => {}
    }
}

#[test]
fn plain_text_date_from_file_name_then_flag() {
    let path = data("formats/example_2025-02-13_trump-putin-talks.txt");
    let (records, _, code) = extract(&[path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(records[0]["article"]["date"], "2025-02-13");
    assert_eq!(records[0]["article"]["date_origin"], "file_name");
    assert_eq!(records[0]["article"]["title"], "End of war in Ukraine nearer after Trump-Putin talks");
    let (records, _, _) = extract(&["--date", "2025-03-01", path.to_str().unwrap()]);
    assert_eq!(records[0]["article"]["date"], "2025-03-01");
    assert_eq!(records[0]["article"]["date_origin"], "flag");
}

#[test]
fn unknown_date_is_null_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, "Headline\n\nSomething happened on Wednesday.\n").unwrap();
    let (records, _, code) = extract(&[path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(records[0]["article"]["date"], Value::Null);
    assert!(records[0]["article"]["date_note"].as_str().unwrap().contains("no --date"));
}

#[test]
fn json_lines_fields() {
    let path = data("formats/articles.jsonl");
    let (records, stderr, code) = extract(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["article"]["id"], "seed-1");
    assert_eq!(records[0]["article"]["source"], "example.org");
    assert_eq!(records[0]["article"]["date_origin"], "field:date_publish");
    assert_eq!(records[0]["article"]["line"], 1);
    assert_eq!(records[1]["article"]["id"], "articles:2");
    assert_eq!(records[1]["article"]["title"], "Second record");
    assert_eq!(records[1]["article"]["source"], "Wire");
    assert_eq!(records[1]["article"]["date"], "2025-02-14");
    assert_eq!(records[2]["article"]["id"], "3");
    assert_eq!(records[2]["article"]["date"], Value::Null);
    // Offsets index the text field.
    let body = records[1].clone();
    assert_eq!(body["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(body["sentences"][0]["start"], 0);
}

#[test]
fn bad_json_lines_are_reported_and_skipped() {
    let path = data("bad/mixed.jsonl");
    let (records, stderr, code) = extract(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(records.len(), 2, "the two good lines are extracted");
    assert!(stderr.contains("mixed.jsonl:2: broken JSON"), "{stderr}");
    assert!(stderr.contains("mixed.jsonl:4: no text field"), "{stderr}");
    assert!(stderr.contains("mixed.jsonl:5: JSON value is not an object"), "{stderr}");
    assert!(stderr.contains("3 of 5 records skipped"), "{stderr}");
}

#[test]
fn bad_files_are_reported_and_the_rest_is_read() {
    let seed = seed();
    let bad = |name: &str| data(&format!("bad/{name}")).to_str().unwrap().to_string();
    let args = [
        bad("invalid-utf8.txt"),
        bad("binary.txt"),
        bad("empty.txt"),
        bad("blank.txt"),
        seed.to_str().unwrap().to_string(),
        "does-not-exist.txt".to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (records, stderr, code) = extract(&args);
    assert_eq!(code, 2);
    assert_eq!(records.len(), 1);
    assert!(stderr.contains("invalid-utf8.txt: invalid UTF-8 at byte 13 (line 3)"), "{stderr}");
    assert!(stderr.contains("binary.txt: binary file"), "{stderr}");
    assert!(stderr.contains("empty.txt: empty article"), "{stderr}");
    assert!(stderr.contains("blank.txt: empty article"), "{stderr}");
    assert!(stderr.contains("does-not-exist.txt: "), "{stderr}");
    assert!(stderr.contains("5 of 6 records skipped"), "{stderr}");
}

#[test]
fn article_over_the_limit_is_skipped() {
    let seed = seed();
    let path = data("formats/articles.jsonl");
    let (records, stderr, code) = extract(&["--max-article-bytes", "1000", seed.to_str().unwrap(), path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("000_52261eb3b5464fb5.txt: article larger than the limit of 1000 bytes"), "{stderr}");
    assert!(stderr.contains("articles.jsonl:1: article larger than the limit"), "{stderr}");
    assert_eq!(records.len(), 2);
}

#[test]
fn directories_recursive_and_hidden_files_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
    std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
    std::fs::copy(seed(), dir.path().join("b/c/one.txt")).unwrap();
    std::fs::copy(data("formats/articles.jsonl"), dir.path().join("a.jsonl")).unwrap();
    std::fs::copy(seed(), dir.path().join(".hidden/x.txt")).unwrap();
    std::fs::write(dir.path().join("notes.ann"), "T1\tSource 0 1\tx\n").unwrap();
    let (records, stderr, code) = extract(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = records.iter().map(|r| r["article"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["seed-1", "a:2", "3", "one"]);
}

#[test]
fn standard_input_text_and_json_lines() {
    let seed_text = std::fs::read_to_string(seed()).unwrap();
    let out = herald().args(["extract", "-"]).write_stdin(seed_text).output().unwrap();
    let records = json_lines(&out.stdout);
    assert_eq!(records[0]["article"]["id"], "stdin");
    assert_eq!(records[0]["article"]["path"], "-");
    assert_eq!(records[0]["article"]["date"], "2025-02-13");
    let jsonl = std::fs::read_to_string(data("formats/articles.jsonl")).unwrap();
    let out = herald().args(["extract", "-"]).write_stdin(jsonl).output().unwrap();
    assert_eq!(json_lines(&out.stdout).len(), 3);
}

#[test]
fn gzip_and_zstd_are_read_transparently() {
    let dir = tempfile::tempdir().unwrap();
    let seed_bytes = std::fs::read(seed()).unwrap();
    let jsonl_bytes = std::fs::read(data("formats/articles.jsonl")).unwrap();
    let gz = dir.path().join("000_52261eb3b5464fb5.txt.gz");
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::default());
    enc.write_all(&seed_bytes).unwrap();
    enc.finish().unwrap();
    let zst = dir.path().join("articles.jsonl.zst");
    std::fs::write(&zst, zstd::encode_all(&jsonl_bytes[..], 3).unwrap()).unwrap();
    let (records, stderr, code) = extract(&[gz.to_str().unwrap(), zst.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["article"]["id"], "000_52261eb3b5464fb5");
    assert_eq!(records[0]["article"]["date"], "2025-02-13");
    assert_eq!(records[1]["article"]["id"], "seed-1");
    // The same sentences as the uncompressed file.
    let (plain, _, _) = extract(&[seed().to_str().unwrap()]);
    assert_eq!(plain[0]["sentences"], records[0]["sentences"]);
}

#[test]
fn pretty_json_array_format() {
    let out = herald().args(["extract", "--format", "json"]).arg(seed()).arg(data("formats/articles.jsonl")).output().unwrap();
    assert!(out.status.success());
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 4);
    let out = herald().args(["extract", "--format", "json"]).arg(data("bad/empty.txt")).output().unwrap();
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value, Value::Array(vec![]));
}

#[test]
fn record_has_the_settled_shape() {
    let (records, _, _) = extract(&[seed().to_str().unwrap()]);
    let r = &records[0];
    for key in ["article", "text_length", "sentences", "entities", "quotes", "times", "events"] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    for key in ["id", "title", "date", "source", "url", "path"] {
        assert!(r["article"].get(key).is_some(), "missing article.{key}");
    }
    assert!(r.get("text").is_none(), "text only with --with-text");
}

#[test]
fn bad_flag_values_get_a_helpful_error() {
    herald()
        .args(["extract", "--date", "13/02/2025"])
        .arg(seed())
        .assert()
        .failure()
        .stderr(predicate::str::contains("write it as YYYY-MM-DD"));
}

#[test]
fn output_is_the_same_with_one_thread() {
    let many = herald().args(["extract"]).arg(seed()).arg(data("formats")).output().unwrap();
    let one = herald().args(["extract", "-j", "1"]).arg(seed()).arg(data("formats")).output().unwrap();
    assert_eq!(many.stdout, one.stdout);
}

#[test]
fn polnear_texts_read_and_segment_without_error() {
    let Some(polnear) = shared_data("polnear") else {
        return;
    };
    let out = herald().arg("extract").arg(polnear.join("train/text")).arg(polnear.join("dev/text")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let records = json_lines(&out.stdout);
    assert_eq!(records.len(), 924);
    assert!(records.iter().all(|r| r["article"]["date_origin"] == "file_name"));
    let n_sentences: usize = records.iter().map(|r| r["sentences"].as_array().unwrap().len()).sum();
    assert!(n_sentences > 30_000, "{n_sentences}");
}
