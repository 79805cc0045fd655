//! Errors for one input record. A [`ReadError`] always names the file (and line) and says why the
//! record was skipped; reading goes on with the next record.

use std::fmt;
use std::io;

/// Why a record (a file, or a line of a JSON Lines file) could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file could not be opened or read (not found, permission denied, corrupt compression).
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The bytes are not UTF-8.
    #[error("invalid UTF-8 at byte {offset} (line {line}); convert the file to UTF-8 first")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte in the record.
        offset: u64,
        /// Line (1-based) of that byte within the record.
        line: u64,
    },
    /// The file holds NUL bytes, so it is not text.
    #[error("binary file (NUL byte at offset {offset}), not an article")]
    Binary {
        /// Offset of the first NUL byte.
        offset: u64,
    },
    /// The file or the text field is empty or only white space.
    #[error("empty article: no text")]
    Empty,
    /// The record is larger than the per-article limit.
    #[error("article larger than the limit of {limit} bytes; raise it with --max-article-bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A JSON Lines line is not valid JSON.
    #[error("broken JSON: {0}")]
    BrokenJson(String),
    /// A JSON Lines line is valid JSON but not an object.
    #[error("JSON value is not an object; each line must be one article object")]
    NotAnObject,
    /// A JSON record has no usable text field.
    #[error("no text field: expected one of {expected}")]
    MissingText {
        /// The accepted field names.
        expected: String,
    },
    /// A JSON record's text field is not a string.
    #[error("field '{field}' is not a string")]
    TextNotString {
        /// The field name.
        field: String,
    },
    /// A file holds a JSON array, which herald does not stream.
    #[error("a JSON array is not JSON Lines; write one article object per line")]
    JsonArray,
}

/// A record that could not be read: where it is and why.
#[derive(Debug, thiserror::Error)]
pub struct ReadError {
    /// The file (as given on the command line, or `-` for standard input).
    pub path: String,
    /// The line (1-based) of a JSON Lines record.
    pub line: Option<u64>,
    /// Why.
    #[source]
    pub kind: ReadErrorKind,
}

impl ReadError {
    pub(crate) fn new(path: &str, line: Option<u64>, kind: impl Into<ReadErrorKind>) -> ReadError {
        ReadError { path: path.to_string(), line, kind: kind.into() }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.kind),
            None => write!(f, "{}: {}", self.path, self.kind),
        }
    }
}
