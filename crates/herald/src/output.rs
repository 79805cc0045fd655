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
    err.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
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
