//! Helpers shared by the CLI tests: the binary, the repository's test data, the shared corpora.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;

/// The `herald` binary under test.
pub fn herald() -> Command {
    let mut cmd = Command::cargo_bin("herald").expect("the herald binary is built");
    cmd.env_remove("HERALD_LOG");
    cmd
}

/// A path under the repository's `tests/data`.
pub fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(rel)
}

/// The seed article.
pub fn seed() -> PathBuf {
    data("seed/000_52261eb3b5464fb5.txt")
}

/// `../shared/data/<rel>` when it exists (in CI); `None` with a note on a fresh clone.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("note: {} is missing (a fresh clone has no ../shared); this check runs in CI", path.display());
        None
    }
}

/// Slices by code points, as Python does.
pub fn slice_chars(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

/// Parses JSON Lines output.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Runs `herald extract -` on one JSON record and returns the extraction record of it.
pub fn extract_record(record: &serde_json::Value) -> serde_json::Value {
    let out = herald().args(["extract", "-"]).write_stdin(record.to_string() + "\n").output().expect("herald runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    json_lines(&out.stdout).remove(0)
}
