//! Reads news articles into [`Document`]s.
//!
//! Formats (one module each): the seed format and plain text ([`text`]), JSON Lines ([`jsonl`]).
//! Inputs: files, directories (recursive, in file-name order), `-` for standard input; gzip and
//! zstd are decompressed transparently, recognised by their magic bytes.
//!
//! [`Articles`] is an iterator of `Result<Document, ReadError>`: a bad record (invalid UTF-8, a
//! binary or empty file, a broken JSON line, a missing text field, an article over the size limit)
//! is one `Err` naming the file and line, and reading goes on with the next record. JSON Lines
//! files stream line by line, so memory stays bounded by the per-article limit whatever the file
//! size.
//!
//! Invariant: a text document's `text` is the whole decoded file (header line included), so its
//! offsets can be checked against the file itself; a JSON document's `text` is its text field.
//!
//! ```
//! use herald_reader::{Articles, ReadOptions};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("a.txt");
//! std::fs::write(&path, "date 2025-02-13 Title\n\nTrump said so.\n").unwrap();
//! let docs: Vec<_> = Articles::new(vec![path.into()], ReadOptions::default()).collect();
//! assert_eq!(docs[0].as_ref().unwrap().meta.title.as_deref(), Some("Title"));
//! ```

mod date;
mod error;
pub mod jsonl;
pub mod text;

pub use date::{date_in_file_name, parse_iso_date};
pub use error::{ReadError, ReadErrorKind};

use chrono::NaiveDate;
use herald_core::Document;
use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The default per-article limit: 16 MiB.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// How to interpret an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension (`.txt` text, `.jsonl`/`.ndjson`/`.json` JSON Lines), else by the first
    /// non-blank byte (`{` means JSON Lines).
    #[default]
    Auto,
    /// Seed format or plain text.
    Text,
    /// JSON Lines.
    Jsonl,
}

/// Options for reading.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Articles (text files, or JSON lines) larger than this are skipped with an error.
    pub max_article_bytes: u64,
    /// The date of articles whose record has none (the `--date` flag).
    pub date: Option<NaiveDate>,
    /// How to interpret inputs.
    pub format: InputFormat,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES, date: None, format: InputFormat::Auto }
    }
}

/// One input named by the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file or directory.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl From<PathBuf> for Input {
    fn from(path: PathBuf) -> Input {
        if path.as_os_str() == "-" { Input::Stdin } else { Input::Path(path) }
    }
}

impl From<&str> for Input {
    fn from(path: &str) -> Input {
        Input::from(PathBuf::from(path))
    }
}

/// Extensions read when walking a directory (compressed variants too). Files named explicitly are
/// read whatever their extension.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "json"];
const COMPRESSION_EXTENSIONS: &[&str] = &["gz", "zst", "zstd"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson", "json"];

/// Names derived from a file path: the display path, the file name without compression
/// extensions, and the stem (that name without its last extension) used as the article id.
struct Names {
    display: String,
    inner_name: String,
    stem: String,
}

impl Names {
    fn of(path: &Path) -> Names {
        let display = path.display().to_string();
        let mut inner = PathBuf::from(path.file_name().map(OsString::from).unwrap_or_default());
        while inner.extension().is_some_and(|e| COMPRESSION_EXTENSIONS.contains(&e.to_string_lossy().as_ref())) {
            inner.set_extension("");
        }
        let inner_name = inner.to_string_lossy().into_owned();
        let stem = inner.file_stem().map_or_else(|| inner_name.clone(), |s| s.to_string_lossy().into_owned());
        Names { display, inner_name, stem }
    }

    fn stdin() -> Names {
        Names { display: "-".to_string(), inner_name: String::new(), stem: "stdin".to_string() }
    }

    fn extension(&self) -> Option<String> {
        Path::new(&self.inner_name).extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
    }
}

/// A JSON Lines stream being read.
struct JsonlStream {
    reader: Box<dyn BufRead + Send>,
    names: Names,
    line: u64,
    buf: Vec<u8>,
}

/// The articles of a list of inputs, in order; see the crate documentation.
pub struct Articles {
    queue: VecDeque<Input>,
    options: ReadOptions,
    walker: Option<Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send>>,
    jsonl: Option<JsonlStream>,
}

impl Articles {
    /// Reads the given inputs in order.
    pub fn new(inputs: Vec<Input>, options: ReadOptions) -> Articles {
        Articles { queue: inputs.into(), options, walker: None, jsonl: None }
    }

    /// Opens a file or standard input: returns its document (text) or starts a JSON Lines stream
    /// (returns `None`), or the error that stops the whole file.
    fn open(&mut self, input: Option<&Path>) -> Option<Result<Document, ReadError>> {
        let names = input.map_or_else(Names::stdin, Names::of);
        let raw: Box<dyn BufRead + Send> = match input {
            Some(path) => match File::open(path) {
                Ok(file) => {
                    // An uncompressed text file over the limit is refused before reading it.
                    let too_large = file.metadata().is_ok_and(|m| m.len() > self.options.max_article_bytes);
                    let compressed = path.extension().is_some_and(|e| COMPRESSION_EXTENSIONS.contains(&e.to_string_lossy().as_ref()));
                    if too_large && !compressed && !self.is_jsonl_by_name(&names) {
                        return Some(Err(ReadError::new(
                            &names.display,
                            None,
                            ReadErrorKind::TooLarge { limit: self.options.max_article_bytes },
                        )));
                    }
                    Box::new(BufReader::with_capacity(64 * 1024, file))
                }
                Err(e) => return Some(Err(ReadError::new(&names.display, None, e))),
            },
            None => Box::new(BufReader::with_capacity(64 * 1024, io::stdin())),
        };
        self.open_reader(raw, names)
    }

    fn is_jsonl_by_name(&self, names: &Names) -> bool {
        self.options.format == InputFormat::Jsonl || names.extension().as_deref().is_some_and(|e| JSONL_EXTENSIONS.contains(&e))
    }

    /// Decompresses and sniffs an opened input, then reads it as text or starts a JSON Lines
    /// stream (returns `None`).
    fn open_reader(&mut self, raw: Box<dyn BufRead + Send>, names: Names) -> Option<Result<Document, ReadError>> {
        let fail = |kind: ReadErrorKind, names: &Names| Some(Err(ReadError::new(&names.display, None, kind)));
        let mut reader = match decompress(raw) {
            Ok(reader) => reader,
            Err(e) => return fail(e.into(), &names),
        };
        let first_byte = match first_non_blank_byte(&mut reader) {
            Ok(b) => b,
            Err(e) => return fail(e.into(), &names),
        };
        let jsonl = match self.options.format {
            InputFormat::Jsonl => true,
            InputFormat::Text => false,
            InputFormat::Auto => match names.extension().as_deref() {
                Some(e) if JSONL_EXTENSIONS.contains(&e) => true,
                Some("txt" | "text" | "md") => false,
                _ => first_byte == Some(b'{'),
            },
        };
        if jsonl {
            if first_byte == Some(b'[') {
                return fail(ReadErrorKind::JsonArray, &names);
            }
            if first_byte.is_none() {
                return fail(ReadErrorKind::Empty, &names);
            }
            self.jsonl = Some(JsonlStream { reader, names, line: 0, buf: Vec::new() });
            return None;
        }
        Some(read_text(reader, &names, &self.options))
    }
}

/// Reads articles from bytes already in memory, exactly as from a file called `file_name`
/// (decompression, format detection, errors). Used by `herald demo` for the embedded sample and
/// by the fuzz targets.
pub fn read_bytes(bytes: Vec<u8>, file_name: &str, options: ReadOptions) -> Vec<Result<Document, ReadError>> {
    let mut articles = Articles::new(Vec::new(), options);
    let raw: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(bytes));
    let mut out = Vec::new();
    if let Some(result) = articles.open_reader(raw, Names::of(Path::new(file_name))) {
        out.push(result);
    }
    out.extend(articles);
    out
}

impl Iterator for Articles {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(stream) = &mut self.jsonl {
                match next_json_record(stream, &self.options) {
                    Some(result) => return Some(result),
                    None => self.jsonl = None,
                }
                continue;
            }
            if let Some(walker) = &mut self.walker {
                match walker.next() {
                    Some(Ok(entry)) => {
                        if entry.file_type().is_file() && is_article_file(entry.path()) {
                            let path = entry.into_path();
                            if let Some(result) = self.open(Some(&path)) {
                                return Some(result);
                            }
                        }
                    }
                    Some(Err(e)) => {
                        let path = e.path().map_or_else(String::new, |p| p.display().to_string());
                        let kind = ReadErrorKind::Io(e.into());
                        return Some(Err(ReadError::new(&path, None, kind)));
                    }
                    None => self.walker = None,
                }
                continue;
            }
            match self.queue.pop_front()? {
                Input::Stdin => {
                    if let Some(result) = self.open(None) {
                        return Some(result);
                    }
                }
                Input::Path(path) if path.is_dir() => {
                    self.walker = Some(Box::new(walk(&path)));
                }
                Input::Path(path) => {
                    if let Some(result) = self.open(Some(&path)) {
                        return Some(result);
                    }
                }
            }
        }
    }
}

/// The entries of a directory input, in name order: hidden files and directories (`.git`) left
/// out; symbolic links followed, to files and directories alike, with a loop (a link to a
/// directory above it) or a broken link reported as an error for that path, never followed twice.
fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send + use<> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
}

/// The article files a directory input holds, as [`Articles`] reads them (unreadable entries
/// left out: reading reports them).
pub fn article_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir).filter_map(Result::ok).filter(|e| e.file_type().is_file() && is_article_file(e.path())).map(|e| e.into_path()).collect()
}

fn is_article_file(path: &Path) -> bool {
    let names = Names::of(path);
    if names.inner_name.starts_with('.') {
        return false;
    }
    names.extension().is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.as_str()))
}

/// Wraps the reader in a gzip or zstd decoder when its first bytes are one's magic number.
fn decompress(mut raw: Box<dyn BufRead + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    let head = raw.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        return Ok(Box::new(BufReader::with_capacity(64 * 1024, flate2::bufread::MultiGzDecoder::new(raw))));
    }
    if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Ok(Box::new(BufReader::with_capacity(64 * 1024, zstd::stream::read::Decoder::with_buffer(raw)?)));
    }
    Ok(raw)
}

/// The first byte that is not ASCII white space (or a UTF-8 BOM), without consuming anything
/// beyond what the first buffer holds.
fn first_non_blank_byte(reader: &mut Box<dyn BufRead + Send>) -> io::Result<Option<u8>> {
    let head = reader.fill_buf()?;
    let head = head.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(head);
    Ok(head.iter().copied().find(|b| !b.is_ascii_whitespace()))
}

fn read_text(reader: Box<dyn BufRead + Send>, names: &Names, options: &ReadOptions) -> Result<Document, ReadError> {
    let err = |kind: ReadErrorKind| ReadError::new(&names.display, None, kind);
    let mut bytes = Vec::new();
    reader.take(options.max_article_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| err(e.into()))?;
    if bytes.len() as u64 > options.max_article_bytes {
        return Err(err(ReadErrorKind::TooLarge { limit: options.max_article_bytes }));
    }
    let text = decode_text(bytes).map_err(err)?;
    Ok(text::text_document(text, &names.display, &names.stem, &names.inner_name, options))
}

/// Checks that bytes are a non-empty, non-binary UTF-8 text.
fn decode_text(bytes: Vec<u8>) -> Result<String, ReadErrorKind> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(ReadErrorKind::Binary { offset: offset as u64 });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = memchr::memchr_iter(b'\n', &e.as_bytes()[..offset]).count() as u64 + 1;
        ReadErrorKind::InvalidUtf8 { offset: offset as u64, line }
    })?;
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err(ReadErrorKind::Empty);
    }
    Ok(text)
}

/// One line of a JSON Lines stream.
enum Line {
    /// The line is in the buffer.
    Record,
    /// The line was longer than the limit; it was consumed but not kept.
    TooLong,
    /// End of input.
    Eof,
}

/// Reads one line into `buf` (without its line break) while never holding more than `limit` bytes.
fn read_line_bounded(reader: &mut dyn BufRead, buf: &mut Vec<u8>, limit: u64) -> io::Result<Line> {
    buf.clear();
    let mut seen_any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (seen_any, too_long) {
                (false, _) => Line::Eof,
                (true, true) => Line::TooLong,
                (true, false) => Line::Record,
            });
        }
        seen_any = true;
        let (chunk_len, found_newline) = match memchr::memchr(b'\n', available) {
            Some(i) => (i, true),
            None => (available.len(), false),
        };
        if !too_long {
            if (buf.len() + chunk_len) as u64 > limit {
                too_long = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(&available[..chunk_len]);
            }
        }
        reader.consume(chunk_len + usize::from(found_newline));
        if found_newline {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if too_long { Line::TooLong } else { Line::Record });
        }
    }
}

fn next_json_record(stream: &mut JsonlStream, options: &ReadOptions) -> Option<Result<Document, ReadError>> {
    loop {
        let line_result = read_line_bounded(&mut stream.reader, &mut stream.buf, options.max_article_bytes);
        stream.line += 1;
        let line = stream.line;
        let err = |kind: ReadErrorKind| Some(Err(ReadError::new(&stream.names.display, Some(line), kind)));
        match line_result {
            Err(e) => {
                // A read error (corrupt compression) ends the file: later lines cannot be trusted.
                let result = err(e.into());
                stream.reader = Box::new(io::empty());
                return result;
            }
            Ok(Line::Eof) => return None,
            Ok(Line::TooLong) => {
                return err(ReadErrorKind::TooLarge { limit: options.max_article_bytes });
            }
            Ok(Line::Record) => {}
        }
        if stream.buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let bytes = stream.buf.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(&stream.buf);
        let line_text = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                return err(ReadErrorKind::InvalidUtf8 { offset: e.valid_up_to() as u64, line: 1 });
            }
        };
        let names = &stream.names;
        return Some(
            jsonl::json_document(line_text, &names.display, &names.stem, &names.inner_name, line, options)
                .map_err(|kind| ReadError::new(&names.display, Some(line), kind)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines_skip_long_ones() {
        let data = b"short\n0123456789ABCDEF\r\nok\r\nlast";
        let mut reader: &[u8] = data;
        let mut buf = Vec::new();
        assert!(matches!(read_line_bounded(&mut reader, &mut buf, 8).unwrap(), Line::Record));
        assert_eq!(buf, b"short");
        assert!(matches!(read_line_bounded(&mut reader, &mut buf, 8).unwrap(), Line::TooLong));
        assert!(matches!(read_line_bounded(&mut reader, &mut buf, 8).unwrap(), Line::Record));
        assert_eq!(buf, b"ok");
        assert!(matches!(read_line_bounded(&mut reader, &mut buf, 8).unwrap(), Line::Record));
        assert_eq!(buf, b"last");
        assert!(matches!(read_line_bounded(&mut reader, &mut buf, 8).unwrap(), Line::Eof));
    }

    #[test]
    fn decode_rejects_bad_text() {
        assert!(matches!(decode_text(b"ab\0c".to_vec()), Err(ReadErrorKind::Binary { offset: 2 })));
        assert!(matches!(decode_text(b"a\nb\xffc".to_vec()), Err(ReadErrorKind::InvalidUtf8 { offset: 3, line: 2 })));
        assert!(matches!(decode_text(b" \n\t ".to_vec()), Err(ReadErrorKind::Empty)));
        assert_eq!(decode_text(b"ok".to_vec()).unwrap(), "ok");
    }
}
