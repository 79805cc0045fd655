//! `herald train pos` and `herald eval pos`: the part-of-speech tagger the attribution features
//! use, on a small fixture and on the CoNLL-2003 data when present.

mod common;

use common::*;
use serde_json::Value;

const GOLD: &str = "-DOCSTART- -X- -X- O\n\nThe DT B-NP O\nminister NN I-NP O\nsaid VBD B-VP O\nit PRP B-NP O\nwould MD B-VP O\nrain VB I-VP O\n. . O O\n\n\
                    Moscow NNP B-NP B-LOC\nsays VBZ B-VP O\nthe DT B-NP O\ntalks NNS I-NP O\nended VBD B-VP O\n. . O O\n";

#[test]
fn train_then_eval_on_a_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.conll");
    std::fs::write(&gold, GOLD).unwrap();
    let model = dir.path().join("pos.bin");
    let mut files = Vec::new();
    for _ in 0..2 {
        let out = herald().args(["train", "pos", "--epochs", "4", "--train"]).arg(&gold).arg("--out").arg(&model).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        files.push(std::fs::read(&model).unwrap());
    }
    assert!(files[0] == files[1], "same data, same seed: the model file must be identical");
    let out = herald().args(["eval", "pos", "--json", "--model"]).arg(&model).arg("--data").arg(&gold).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["tokens"], 13);
    assert_eq!(report["accuracy"], 100.0);
    assert_eq!(report["tags"]["VBD"], 100.0);
    let out = herald().args(["eval", "pos", "--data"]).arg(&gold).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("with pos.v1") && table.contains("accuracy"), "{table}");
}

#[test]
fn committed_model_scores_on_dev() {
    let Some(dev) = shared_data("conll2003/eng.testa") else {
        return;
    };
    let out = herald().args(["eval", "pos", "--json", "--data"]).arg(&dev).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["accuracy"].as_f64().unwrap() >= 95.0, "{report}");
}

#[test]
fn bad_training_file_is_reported() {
    herald()
        .args(["train", "pos", "--train", "no-such-file.conll", "--out", "x.bin"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no-such-file.conll"));
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.conll");
    std::fs::write(&empty, "").unwrap();
    herald().args(["eval", "pos", "--data"]).arg(&empty).assert().failure().stderr(predicates::str::contains("no CoNLL sentences"));
}
