//! The command line, as clap structs that only mirror the flags, and the one
//! conversion into the library's settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::input::WriteOptions;

/// Find and repair article-spinner artifacts ("tortured phrases") in English text.
///
/// Spinners swap words for wrong synonyms ("said" → "stated", "thousands" → "1000's",
/// "came" → "got here"). unspin restores the original wording from its dictionaries.
///
/// Exit codes: 0 success (check: no artifacts), 1 check found artifacts, 2 error.
#[derive(Debug, Parser)]
#[command(name = "unspin", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the repaired text (or write it back with --write).
    ///
    /// Reads FILE, or standard input when FILE is absent or '-'.
    Fix(FixArgs),
    /// Report artifacts and a spin score per file, without changing anything.
    ///
    /// Prints `path:line:col: found -> replacement (entry, kind)` for each finding.
    /// Exit code 0 when no artifact was found, 1 when some were, 2 when an input could not
    /// be read (even if artifacts were found in others) or on error.
    Check(CheckArgs),
    /// Show what fix would change: side by side, inline, as a unified diff or as HTML.
    ///
    /// Reads FILE, or standard input when FILE is absent or '-'. By default shows only the
    /// paragraphs with changes and one line around them, in two columns fitted to the
    /// terminal. With --against, compares FILE word by word with another text instead of
    /// with its repair. Exit code 0, or 2 on error.
    Diff(DiffArgs),
    /// Go through the edits one by one and apply only those you accept.
    ///
    /// Shows each edit in its sentence, before and after, and asks: y accept, n reject,
    /// a/d accept/reject all remaining edits of this entry, e edit the replacement, u undo,
    /// q quit and write what was decided, x abort without writing, ? help. In a terminal
    /// single keys answer; otherwise one answer per line of standard input. The prompts go
    /// to standard error. Writes FILE in place (atomically) or to -o. Exit code 0, 1 when
    /// aborted (nothing written), 2 on error.
    Review(ReviewArgs),
    /// Propose dictionary entries from a spun text and the original it was copied from.
    ///
    /// Repairs SPUN, aligns it word by word with ORIGINAL and proposes an entry for each
    /// substitution that is still wrong: TOML ready to append, with how often it was seen,
    /// a context and a guessed kind (certain when the artifact is not an English word or
    /// phrase). Entries that are not certain and have no sentence where they must not fire
    /// are printed commented out. With --to, appends the entries to a dictionary file.
    Learn(LearnArgs),
    /// Repair spun texts and score them against their originals.
    ///
    /// For each SPUN ORIGINAL pair: word error rate before and after, regions fixed,
    /// missed, wrong and damaged (changed where the spun text was right), precision and
    /// recall, and a total. --clean texts that were never spun count changes per 1,000 words.
    Eval(EvalArgs),
    /// Check, test, count, grow and export the dictionaries.
    Dict(crate::dict_cmd::DictArgs),
    /// Show the effective configuration (unspin.toml, .unspin.toml, --config, flags).
    Config(crate::config::ConfigArgs),
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories to repair ('-' or nothing: standard input). Several only with
    /// --write or --format jsonl.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the repaired text to this file instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "write")]
    pub output: Option<PathBuf>,
    /// Repair the files in place (atomically: a temporary file, then a rename).
    #[arg(short, long)]
    pub write: bool,
    /// Before replacing a file (--write or -o), keep a copy of it as FILE.orig.
    #[arg(long)]
    pub backup: bool,
    /// With --write or -o, write through a symbolic link to its target (by default a link
    /// is refused).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// With --write or -o, write a file that has other names (hard links) in place, so
    /// that every name sees the repair (by default such a file is refused: the rename
    /// would give the repair to one name only).
    #[arg(long)]
    pub keep_hard_links: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FixFormat::Text)]
    pub format: FixFormat,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

impl FixArgs {
    /// How files are replaced.
    pub fn write_options(&self) -> WriteOptions {
        WriteOptions {
            backup: self.backup,
            follow_symlinks: self.follow_symlinks,
            keep_hard_links: self.keep_hard_links,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check ('-' or nothing: standard input).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The text to repair ('-' or nothing: standard input).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// How to show the changes.
    #[arg(long, value_enum, default_value_t = DiffStyle::SideBySide)]
    pub style: DiffStyle,
    /// Terminal text, or a self-contained HTML page.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Write to this file instead of standard output (never colored).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Compare FILE with this text (e.g. the article it was copied from), not with its repair.
    #[arg(long, value_name = "ORIGINAL")]
    pub against: Option<PathBuf>,
    /// Lines of context around changed paragraphs [default: 1; unified: 3].
    #[arg(short = 'C', long, value_name = "N")]
    pub context: Option<usize>,
    /// Show the whole text, not only the changed paragraphs.
    #[arg(long, conflicts_with = "context")]
    pub full: bool,
    /// When to color the output (NO_COLOR and CLICOLOR_FORCE are honoured under auto).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Width in columns [default: the terminal's, else $COLUMNS, else 80].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The text to review; it is rewritten in place unless -o is given.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the result to this file instead of changing FILE.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write through a symbolic link to its target (by default a link is refused before
    /// the review starts).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Write a file that has other names (hard links) in place, so that every name sees
    /// the result (by default such a file is refused before the review starts).
    #[arg(long)]
    pub keep_hard_links: bool,
    /// Keep what you decide in this user dictionary (created if missing): rejected edits
    /// become [ignore] rules, typed replacements become entries. Use it later with --dict.
    #[arg(long, value_name = "DICT")]
    pub remember: Option<PathBuf>,
    /// When to color the sentences (NO_COLOR and CLICOLOR_FORCE are honoured under auto).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The spun copy.
    #[arg(value_name = "SPUN")]
    pub spun: PathBuf,
    /// The original it was copied from.
    #[arg(value_name = "ORIGINAL")]
    pub original: PathBuf,
    /// After showing the proposals, append them to this dictionary file (atomically;
    /// created with a [pack] header if missing).
    #[arg(long, value_name = "FILE")]
    pub to: Option<PathBuf>,
    /// Propose only substitutions seen at least N times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: usize,
    /// A word list (one word per line, e.g. /usr/share/dict/words) of ordinary English,
    /// added to the words the dictionaries and ORIGINAL know: an artifact made of known
    /// words is not guessed certain; repeatable.
    #[arg(long = "words", value_name = "FILE")]
    pub words: Vec<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Pairs of texts: a spun copy, then its original.
    #[arg(value_name = "SPUN ORIGINAL")]
    pub files: Vec<PathBuf>,
    /// Texts that were never spun: every change counts against the repair.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub clean: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// Also list every region that was not fixed (and every change to a clean text).
    #[arg(long)]
    pub regions: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// A table per document and a total.
    Text,
    /// One JSON object: documents with their regions, totals, clean texts.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffStyle {
    /// Original and repaired text in two columns.
    SideBySide,
    /// One column with [-old-]{+new+} marks.
    Inline,
    /// A unified diff that patch and git apply accept.
    Unified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text for a terminal or a pager, in the chosen --style.
    Text,
    /// A self-contained HTML page with both texts side by side.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Color when standard output is a terminal.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per finding, then a score line per file.
    Text,
    /// A JSON array with one object per file.
    Json,
    /// One JSON object per line and document (streamed; for corpora).
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FixFormat {
    /// The repaired text (for JSONL and WARC input: `{"id", "text"}` lines).
    Text,
    /// One JSON object per line and document: score, findings and the repaired text.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Each file is one document (directories are walked).
    Text,
    /// JSON lines, `{"id": …, "text": "…"}` each (gzip or plain).
    Jsonl,
    /// WARC or Common Crawl WET records (gzip or plain); the id is WARC-Target-URI.
    Warc,
}

/// How inputs are found and read, and how the work is spread.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputFormat::Text, value_name = "FORMAT")]
    pub input_format: InputFormat,
    /// Worker threads (0: one per core; 1: one thread in all, for one unspin per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// No summary and no progress bar on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// In directories, also read hidden files and directories.
    #[arg(long)]
    pub hidden: bool,
    /// In directories, do not honour .gitignore, .ignore and .git/info/exclude files.
    #[arg(long)]
    pub no_ignore: bool,
    /// In directories, read only files matching GLOB, or skip them with '!GLOB'
    /// (repeatable; as ripgrep's --glob).
    #[arg(long = "glob", short = 'g', value_name = "GLOB")]
    pub globs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Quotes {
    /// Inside quotations apply only certain entries.
    Skip,
    /// Repair quotations like the rest of the text.
    Repair,
}

/// Dictionary and engine settings shared by every command.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Layer a user dictionary (TOML) over the embedded ones; repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Do not load the embedded dictionaries.
    #[arg(long)]
    pub no_default_dict: bool,
    /// Apply only entries of kind `certain`.
    #[arg(long, conflicts_with = "assume_spun")]
    pub only_certain: bool,
    /// Apply `likely` and `contextual` entries whatever the spin score.
    #[arg(long)]
    pub assume_spun: bool,
    /// What to do inside quotations [default: skip].
    #[arg(long, value_enum)]
    pub quotes: Option<Quotes>,
    /// Certain artifacts per 1,000 words from which a text counts as spun [default: 2].
    #[arg(long, value_name = "N", value_parser = parse_threshold)]
    pub threshold: Option<f64>,
    /// Leave digits alone (by default "the 2 regions" becomes "the two regions" in spun text).
    #[arg(long)]
    pub no_numbers: bool,
    /// Use only these embedded packs (comma-separated, e.g. news,science) [default: all].
    #[arg(long = "pack", value_name = "NAMES", value_delimiter = ',')]
    pub packs: Vec<String>,
    /// Read settings from this file instead of an unspin.toml or .unspin.toml found from the
    /// current directory upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore unspin.toml and .unspin.toml files (--config still applies).
    #[arg(long)]
    pub isolated: bool,
}

/// A spin-score threshold: a finite number of at least 0 ("nan" and "-1" are refused).
fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("expected a number of at least 0 (certain artifacts per 1,000 words), not {s:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
