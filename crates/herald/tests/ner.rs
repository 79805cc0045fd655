//! `herald train ner` and `herald eval ner` (issue 3), on the CoNLL-2003 data when present.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn committed_model_scores_on_dev() {
    let Some(dev) = shared_data("conll2003/eng.testa") else {
        return;
    };
    let out = herald().args(["eval", "ner", "--json", "--data"]).arg(&dev).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["f1"].as_f64().unwrap() >= 92.0, "{report}");
    for ty in ["PER", "ORG", "LOC", "MISC"] {
        assert!(report["types"][ty]["f1"].as_f64().unwrap() >= 85.0, "{ty}: {report}");
    }
}

#[test]
fn eval_table_and_json_keys() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.conll");
    std::fs::write(
        &gold,
        "-DOCSTART- -X- -X- O\n\nVladimir NNP I-NP I-PER\nPutin NNP I-NP I-PER\nvisited VBD I-VP O\nGermany NNP I-NP I-LOC\n. . O O\n\n",
    )
    .unwrap();
    let out = herald().args(["eval", "ner", "--json", "--data"]).arg(&gold).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["p", "r", "f1", "types"] {
        assert!(report.get(key).is_some(), "{key}");
    }
    assert_eq!(report["f1"], 100.0);
    let out = herald().args(["eval", "ner", "--data"]).arg(&gold).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("overall"), "{table}");
}

#[test]
fn training_on_a_slice_is_deterministic_and_learns() {
    let Some(train) = shared_data("conll2003/eng.train") else {
        return;
    };
    let Some(dev) = shared_data("conll2003/eng.testa") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The same command twice (the card records the command, output path included).
    let a = dir.path().join("model.bin");
    let mut runs = Vec::new();
    for _ in 0..2 {
        let status = herald()
            .args(["train", "ner", "--limit-docs", "60", "--epochs", "3", "--train"])
            .arg(&train)
            .arg("--out")
            .arg(&a)
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        runs.push(std::fs::read(&a).unwrap());
    }
    assert!(runs[0] == runs[1], "same data, same seed: the model file must be identical");
    let out = herald().args(["eval", "ner", "--json", "--model"]).arg(&a).arg("--data").arg(&dev).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["f1"].as_f64().unwrap() > 60.0, "{report}");
}

#[test]
fn bad_training_file_is_reported() {
    herald()
        .args(["train", "ner", "--train", "no-such-file.conll", "--out", "x.bin"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no-such-file.conll"));
}
