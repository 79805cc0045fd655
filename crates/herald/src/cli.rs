//! The command-line interface: every command and flag, in the order of the help text.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// herald reads news and turns it into a structured, source-linked, time-aware record: actors,
/// quotes with speakers, times, each tied to the characters of the text it came from.
#[derive(Debug, Parser)]
#[command(name = "herald", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// More log output on standard error (-v info, -vv debug); HERALD_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the record of each article and print it as JSON
    Extract(ExtractArgs),
    /// Extract articles and keep the records in a database (SQLite)
    Ingest(IngestArgs),
    /// List actors, or correct how names were grouped into actors
    Actors(ActorsArgs),
    /// Everything about one actor: aliases, roles over time, companions, statements
    Actor(ActorArgs),
    /// Statements (variants folded), with speaker, date, outlet and article
    Quotes(QuotesArgs),
    /// Dated statements in order
    Timeline(TimelineArgs),
    /// Full-text search over articles and statements
    Search(SearchArgs),
    /// Corpus size, date range and counts
    Stats(StatsArgs),
    /// Every statement (variants folded) as JSON Lines or CSV, without a cap, oldest first
    Export(ExportArgs),
    /// Serve the database over HTTP: a JSON API under /api/v1 and a web page
    Serve(ServeArgs),
    /// Train a model on annotated data (writes weights to commit and embed)
    #[command(subcommand)]
    Train(TrainCommand),
    /// Score herald against gold data
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Run herald on the bundled sample article and show what it finds
    Demo(DemoArgs),
    /// Measure speed on real files (reading, segmenting, extraction)
    Bench(BenchArgs),
}

/// How inputs are read: shared by every command that reads articles.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Files or directories to read (`-` for standard input): seed-format or plain text, JSON
    /// Lines; `.gz`/`.zst` are decompressed
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Publication date for articles whose record has none (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// How to read the inputs
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// Skip (with an error) articles larger than this many bytes
    #[arg(long, default_value_t = herald_reader::DEFAULT_MAX_ARTICLE_BYTES, value_name = "BYTES")]
    pub max_article_bytes: u64,
}

impl InputArgs {
    /// The reader's options.
    pub fn read_options(&self) -> herald_reader::ReadOptions {
        herald_reader::ReadOptions {
            max_article_bytes: self.max_article_bytes,
            date: self.date,
            format: match self.input_format {
                InputFormatArg::Auto => herald_reader::InputFormat::Auto,
                InputFormatArg::Text => herald_reader::InputFormat::Text,
                InputFormatArg::Jsonl => herald_reader::InputFormat::Jsonl,
            },
        }
    }

    /// The inputs.
    pub fn inputs(&self) -> Vec<herald_reader::Input> {
        self.paths.iter().cloned().map(herald_reader::Input::from).collect()
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("'{s}' is not a date; write it as YYYY-MM-DD"))
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InputFormatArg {
    /// By extension, else by content
    Auto,
    /// Seed format or plain text (first line is the headline)
    Text,
    /// JSON Lines, one article object per line
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per line (for streams)
    Jsonl,
    /// One pretty-printed JSON array
    Json,
    /// Predictions in the PolNeAR scorer's JSONL format, one line per statement
    Polnear,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Include the article text in each record
    #[arg(long)]
    pub with_text: bool,
    /// Include the tokens in each record
    #[arg(long)]
    pub with_tokens: bool,
    /// Worker threads (default: all cores)
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Run the attribution tagger's second pass: more statements and sources right (dev
    /// attribution F1 +1.8), about an eighth slower
    #[arg(long)]
    pub accurate: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Stop after this stage (default: the whole pipeline)
    #[arg(long, value_name = "STAGE")]
    pub until: Option<String>,
    /// Repeat the measurement this many times and report the best
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Print the result as one JSON object
    #[arg(long)]
    pub json: bool,
    /// Run the attribution tagger's second pass: more statements and sources right (dev
    /// attribution F1 +1.8), about an eighth slower
    #[arg(long)]
    pub accurate: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Print the sample's record as JSON instead of the tour
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// The named-entity tagger, on CoNLL-2003 files
    Ner(TrainNerArgs),
    /// The attribution tagger (sources, cues, contents), on PolNeAR
    Attribution(TrainAttributionArgs),
    /// The part-of-speech tagger, on the POS column of CoNLL-2003 files
    Pos(TrainPosArgs),
    /// The statements' confidence (the probability that content and speaker are right), on
    /// PolNeAR train
    Calibration(TrainCalibrationArgs),
}

#[derive(Debug, Args)]
pub struct TrainCalibrationArgs {
    /// The PolNeAR directory (with train/ and dev/)
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Gradient steps
    #[arg(long, default_value_t = 3000)]
    pub iterations: usize,
    /// Where to write the model
    #[arg(long, default_value = "crates/nlp/models/calibration.v1.txt", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TrainPosArgs {
    /// Training data (CoNLL-2003: word, POS, chunk, NER)
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development data, scored after each epoch
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Passes over the training data
    #[arg(long, default_value_t = 8)]
    pub epochs: u32,
    /// Seed of the shuffling
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the model
    #[arg(long, default_value = "crates/nlp/models/pos.v1.bin", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TrainAttributionArgs {
    /// The PolNeAR directory (with train/ and dev/)
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Passes over the training data
    #[arg(long, default_value_t = 8)]
    pub epochs: u32,
    /// Seed of the shuffling
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Train on only the first N articles (quick checks)
    #[arg(long, value_name = "N")]
    pub limit_docs: Option<usize>,
    /// Train a second pass that reads the first pass's tags; it learns from first-pass tags of
    /// the training articles made by models trained on the other parts of N (0: one pass only)
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub folds: usize,
    /// Where to write the model
    #[arg(long, default_value = "crates/nlp/models/attribution.v2.bin", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Training data (CoNLL format, IOB1 or IOB2)
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development data, scored after each epoch
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Passes over the training data
    #[arg(long, default_value_t = 12)]
    pub epochs: u32,
    /// Seed of the shuffling
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Train on only the first N documents (quick checks)
    #[arg(long, value_name = "N")]
    pub limit_docs: Option<usize>,
    /// Where to write the model
    #[arg(long, default_value = "crates/nlp/models/ner.v1.bin", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Entities: conlleval precision, recall and F1 on a CoNLL file (IOB1 or IOB2)
    Ner(EvalNerArgs),
    /// Attribution: the PolNeAR reference scorer's metrics (content, direct quotes, sources)
    Attribution(EvalAttributionArgs),
    /// Time expressions: TempEval-3 extent, type and value scores on TimeML files
    Time(EvalTimeArgs),
    /// Part-of-speech tags: token accuracy on the POS column of a CoNLL-2003 file
    Pos(EvalPosArgs),
    /// Who said it, what kind, and when: speaker accuracy, kind, date and calibration against
    /// a reader's gold (`polnear/speakers/dev.jsonl`), the metrics of `speakers_score.py`
    Speakers(EvalSpeakersArgs),
}

#[derive(Debug, Args)]
pub struct EvalSpeakersArgs {
    /// The gold file (JSON Lines, one attribution a line; its articles are read from
    /// `../dev/text/DOC.txt` beside it unless --text or --records says otherwise)
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// The directory holding the articles' `DOC.txt` files
    #[arg(long, value_name = "DIR", conflicts_with = "records")]
    pub text: Option<PathBuf>,
    /// Score these herald records (`herald extract` output) instead of extracting again
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// Run the attribution tagger's second pass
    #[arg(long, conflicts_with = "records")]
    pub accurate: bool,
    /// Print one JSON object (the reference scorer's keys, fractions)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalPosArgs {
    /// Gold data in CoNLL-2003 format (word, POS, chunk, NER)
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Score this model file instead of the embedded one
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Print one JSON object (percentages)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalTimeArgs {
    /// A directory of TimeML `.tml` files
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Also write every disagreement with the gold data to this file
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Print one JSON object (percentages)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalAttributionArgs {
    /// The PolNeAR directory (with train/ and dev/)
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Which split to score
    #[arg(long, default_value = "dev")]
    pub split: String,
    /// Score this model file instead of the embedded one
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Print one JSON object (percentages)
    #[arg(long)]
    pub json: bool,
    /// Run the attribution tagger's second pass: more statements and sources right (dev
    /// attribution F1 +1.8), about an eighth slower
    #[arg(long)]
    pub accurate: bool,
    /// Score PolNeAR's annotators instead of herald: on the split's articles that several
    /// annotators marked up, every other annotator's file against the first (the human ceiling)
    #[arg(long, conflicts_with_all = ["model", "accurate"])]
    pub agreement: bool,
}

#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// Gold data in CoNLL format
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Score this model file instead of the embedded one
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Also write every disagreement with the gold data to this file
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Print one JSON object (percentages)
    #[arg(long)]
    pub json: bool,
}

/// The database every corpus command uses.
#[derive(Debug, Args, Clone)]
pub struct DbArgs {
    /// The database file (created by `herald ingest`)
    #[arg(long, env = "HERALD_DB", default_value = "herald.db", value_name = "FILE")]
    pub db: PathBuf,
}

/// Paging and dates shared by the query commands.
#[derive(Debug, Args, Clone)]
pub struct QueryArgs {
    /// At most this many rows
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Skip this many rows
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Only on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_partial_date)]
    pub since: Option<String>,
    /// Only on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_partial_date)]
    pub until: Option<String>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD`.
pub fn parse_partial_date(s: &str) -> Result<String, String> {
    let ok = match s.len() {
        4 => s.parse::<u32>().is_ok(),
        7 => NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").is_ok(),
        10 => NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
        _ => false,
    };
    if ok { Ok(s.to_string()) } else { Err(format!("'{s}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")) }
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub db: DbArgs,
    /// Re-extract articles an older extractor stored
    #[arg(long)]
    pub reextract: bool,
    /// Worker threads (default: all cores)
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Run the attribution tagger's second pass: more statements and sources right (dev
    /// attribution F1 +1.8), about an eighth slower; recorded in the extractor version, so
    /// `--reextract` switches a store from one mode to the other
    #[arg(long)]
    pub accurate: bool,
}

#[derive(Debug, Args)]
pub struct ActorsArgs {
    #[command(subcommand)]
    pub action: Option<ActorsAction>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Only actors of this type (PERSON, ORG, GPE, LOC, NORP, MISC)
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// The N most mentioned actors (same as --limit N)
    #[arg(long, value_name = "N")]
    pub top: Option<u32>,
    /// Only actors whose name or alias contains this
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Order by statements instead of mentions
    #[arg(long)]
    pub by_quotes: bool,
    #[command(flatten)]
    pub query: QueryArgs,
}

#[derive(Debug, Subcommand)]
pub enum ActorsAction {
    /// Treat actor B as the same actor as A (kept across re-ingests)
    Merge {
        /// The actor to keep
        a: String,
        /// The actor that is the same
        b: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Take the entities named ALIAS out of ACTOR (kept across re-ingests)
    Split {
        /// The actor
        actor: String,
        /// The name that is someone else
        alias: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Args)]
pub struct ActorArgs {
    /// The actor: a name, an alias, a surname or an id
    pub name: String,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub query: QueryArgs,
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: StatementFilterArgs,
    /// Which kind of statement: what was said (the default), thought, other, or all
    #[arg(long, value_enum, default_value_t = KindArg::Speech)]
    pub kind: KindArg,
    /// Also list each statement's variants
    #[arg(long)]
    pub variants: bool,
    #[command(flatten)]
    pub query: QueryArgs,
}

/// Which statements: shared by `herald quotes` and `herald export`.
#[derive(Debug, Args)]
pub struct StatementFilterArgs {
    /// Only statements of this speaker (name, alias, surname or actor id)
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only statements containing these words
    #[arg(long, value_name = "TEXT")]
    pub about: Option<String>,
    /// Only direct quotes
    #[arg(long)]
    pub direct: bool,
}

/// `--kind`: which statements a query shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Said, written, told, announced… (every direct quotation)
    Speech,
    /// Believes, fears, wants, plans, expects…
    Thought,
    /// A noun or perception without reported words, or negated speech
    Other,
    /// Every statement
    All,
}

impl KindArg {
    /// The store's kind filter (`None`: every kind).
    pub fn filter(self) -> Option<String> {
        match self {
            KindArg::Speech => Some("speech".into()),
            KindArg::Thought => Some("thought".into()),
            KindArg::Other => Some("other".into()),
            KindArg::All => None,
        }
    }
}

impl StatementFilterArgs {
    /// The store's filter, with a date range.
    pub fn to_filter(&self, kind: KindArg, since: &Option<String>, until: &Option<String>) -> herald_store::QuoteFilter {
        herald_store::QuoteFilter {
            speaker: self.speaker.clone(),
            about: self.about.clone(),
            direct_only: self.direct,
            since: since.clone(),
            until: until.clone(),
            kind: kind.filter(),
            ..herald_store::QuoteFilter::default()
        }
    }
}

/// Formats of `herald export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line (the fields of `herald quotes --json`)
    Jsonl,
    /// Comma-separated values with a header row (RFC 4180)
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub filter: StatementFilterArgs,
    /// Which kind of statement: every one (the default), speech, thought or other
    #[arg(long, value_enum, default_value_t = KindArg::All)]
    pub kind: KindArg,
    /// Only on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_partial_date)]
    pub since: Option<String>,
    /// Only on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_partial_date)]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only statements of this actor
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// Only statements containing these words
    #[arg(long, value_name = "TEXT")]
    pub about: Option<String>,
    /// Which kind of statement: what was said (the default), thought, other, or all
    #[arg(long, value_enum, default_value_t = KindArg::Speech)]
    pub kind: KindArg,
    #[command(flatten)]
    pub query: QueryArgs,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (all must occur)
    pub query: String,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub page: QueryArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on (loopback by default; use 0.0.0.0:PORT to serve the network, and
    /// port 0 for any free port)
    #[arg(long, env = "HERALD_ADDR", default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: std::net::SocketAddr,
    /// Megabytes of answers kept in memory until the database changes (0: answer every request
    /// from the database)
    #[arg(long, default_value_t = 64, value_name = "MB")]
    pub cache_mb: usize,
    /// Open connections at most; at the cap a new connection replaces the oldest idle one, and
    /// is refused with 503 when all are busy
    #[arg(long, env = "HERALD_MAX_CONNECTIONS", default_value_t = 4096, value_name = "N")]
    pub max_connections: usize,
    /// Seconds a connection may take to send a request's headers, when new and between requests
    /// (then it is closed)
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub header_timeout: u64,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap validates its definitions only in debug builds, where a flag that conflicts with an
    /// argument its command does not have makes every command panic; this check runs in release
    /// builds too (`get_arg_conflicts_with` panics on an unknown argument).
    #[test]
    fn every_conflict_names_an_argument_of_its_command() {
        fn walk(cmd: &clap::Command) {
            for arg in cmd.get_arguments() {
                cmd.get_arg_conflicts_with(arg);
            }
            cmd.get_subcommands().for_each(walk);
        }
        let mut cmd = Cli::command();
        cmd.build();
        walk(&cmd);
    }
}
