//! Writing to standard output and reporting skipped records.

use herald_reader::ReadError;

/// `println!` that returns the write error instead of panicking (a closed pipe ends the command
/// quietly; see [`is_broken_pipe`]).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}
use std::io;

/// True when the error is a closed pipe (`herald extract ... | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    // serde_json and csv wrap the I/O error without exposing it as a cause: asked by kind.
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
    })
}

/// Counts and reports records that could not be read. Each is reported once, as it happens, on
/// standard error; the summary at the end says how many.
#[derive(Debug, Default)]
pub struct SkipReport {
    pub n_read: u64,
    pub n_skipped: u64,
}

impl SkipReport {
    /// Reports one skipped record.
    pub fn skip(&mut self, err: &ReadError) {
        self.n_skipped += 1;
        eprintln!("herald: skipped {err}");
    }

    /// Reports one article that a stage failed on (it is left out; the others go on).
    pub fn fail(&mut self, meta: &herald_core::ArticleMeta, failure: &herald_nlp::guard::StageFailure) {
        self.n_skipped += 1;
        self.n_read = self.n_read.saturating_sub(1);
        eprintln!("herald: skipped {}: {failure}", article_place(meta));
    }

    /// Prints the summary when anything was skipped; returns the exit code to use.
    pub fn finish(&self) -> std::process::ExitCode {
        if self.n_skipped == 0 {
            return std::process::ExitCode::SUCCESS;
        }
        eprintln!(
            "herald: {} of {} records skipped (see the messages above); the others were processed",
            self.n_skipped,
            self.n_read + self.n_skipped
        );
        std::process::ExitCode::from(2)
    }
}

/// Where an article came from, as a skipped record names it: `file`, `file:line`, or its id.
pub fn article_place(meta: &herald_core::ArticleMeta) -> String {
    match (&meta.path, meta.line) {
        (Some(path), Some(line)) => format!("{path}:{line}"),
        (Some(path), None) => path.clone(),
        (None, Some(line)) => format!("line {line} (article {})", meta.id),
        (None, None) => format!("article {}", meta.id),
    }
}

/// Shortens text to `max` characters (with `…`), on one line.
pub fn shorten(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// A plain-text table: columns padded to their widest cell (each capped at `max_widths`).
pub fn table(headers: &[&str], rows: &[Vec<String>], max_widths: &[usize]) -> String {
    let cells: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().enumerate().map(|(i, c)| shorten(c, max_widths.get(i).copied().unwrap_or(40))).collect()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
    }
    let line = |cols: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cols.iter().enumerate() {
            if i + 1 == cols.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(widths[i].saturating_sub(c.chars().count()) + 2));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for r in &cells {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}
