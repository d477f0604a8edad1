//! `unspin dict …`: check, test, count, grow and export the dictionaries. The checks
//! themselves are data from [`unspin::lint`]; this file reads files, prints and writes.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use unspin::lint::{self, Problem};
use unspin::text::normalize_phrase;
use unspin::{Config, Dictionary, Gate, Kind, Pack, Repairer, Vocabulary};

use crate::input;

#[derive(Debug, Args)]
pub struct DictArgs {
    #[command(subcommand)]
    pub command: DictCommand,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Check dictionaries: parse errors, duplicate and conflicting forms, ordinary words
    /// marked certain, chains and cycles, missing and failing examples.
    ///
    /// Checks the embedded packs, plus the FILEs given (a FILE with the name of an embedded
    /// pack file, such as dictionaries/news.toml, replaces that pack). Prints one line per
    /// problem, `file:line: entry: message [kind]`. Exit code 0 when clean, 1 on problems.
    Check(CheckArgs),
    /// Run every example and keep; print failures as before / expected / got.
    Test(FilesArgs),
    /// Entries and expanded surface forms per pack and kind.
    Stats(StatsArgs),
    /// Add an entry to a dictionary file, refusing duplicates and conflicts.
    ///
    /// The entry goes into the section of its kind (in sorted position when the section
    /// is sorted); the file is validated with the new entry and written atomically.
    Add(AddArgs),
    /// Print every surface form with its replacement, entry and kind.
    Export(ExportArgs),
    /// Turn a published list of phrases (your own copy) into a dictionary file.
    ///
    /// Each line holds an artifact and its original, separated by a tab, "=>", "->",
    /// "→" or a comma (CSV quoting is understood); blank lines and lines starting with #
    /// are skipped. Every pair becomes a `certain` entry of a new pack written to --to
    /// (atomically); pairs that an embedded pack already defines, or that conflict with
    /// one, are left out and counted. Use the result with `--dict FILE`. unspin does not
    /// ship such lists: their licences are their authors'.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The list to read.
    #[arg(value_name = "LIST")]
    pub list: PathBuf,
    /// The dictionary file to write (refused if it exists).
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
    /// The pack name of the new file.
    #[arg(long, default_value = "imported")]
    pub name: String,
    /// Where the list comes from, for the file's header (default: the LIST path).
    #[arg(long)]
    pub source: Option<String>,
    /// The list's licence, for the file's header.
    #[arg(long, default_value = "as the source's licence says")]
    pub license: String,
    /// Skip the first line (a CSV header).
    #[arg(long)]
    pub header: bool,
}

#[derive(Debug, Args)]
pub struct FilesArgs {
    /// Dictionary files to add to the embedded packs.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub files: FilesArgs,
    /// A word list (one word per line, e.g. /usr/share/dict/words) of ordinary English,
    /// added to the words the dictionaries know; repeatable.
    #[arg(long = "words", value_name = "FILE")]
    pub words: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// A table.
    Text,
    /// A JSON array of {pack, kind, entries, forms}.
    Json,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub files: FilesArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One surface form per line (for `rg -F -f` and other automata).
    Lines,
    /// CSV with a header: form,replacement,entry,kind.
    Csv,
    /// A JSON array of {form, replacement, entry, kind}.
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub files: FilesArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Lines)]
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Never correct English.
    Certain,
    /// Correct English that spinners produce (needs --example and --keep).
    Likely,
    /// Right only next to certain words (needs --prev or --next, --example and --keep).
    Contextual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InflectArg {
    /// The first word of both sides is a verb.
    Verb,
    /// The last word of both sides is a noun.
    Noun,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// What the spinner wrote.
    pub artifact: String,
    /// What the author wrote.
    pub original: String,
    /// The dictionary file to add to (created if missing) [default: the first dictionary
    /// of the project's unspin.toml].
    #[arg(long = "to", value_name = "FILE")]
    pub to: Option<PathBuf>,
    /// The entry's kind.
    #[arg(long, value_enum, default_value_t = KindArg::Certain)]
    pub kind: KindArg,
    /// Expand the entry into every form of its verb or noun.
    #[arg(long, value_enum)]
    pub inflect: Option<InflectArg>,
    /// A sentence where the entry fires; its expected repair is the sentence with the
    /// artifact replaced. Repeatable.
    #[arg(long, value_name = "SENTENCE")]
    pub example: Vec<String>,
    /// A sentence where the entry must not fire. Repeatable.
    #[arg(long, value_name = "SENTENCE")]
    pub keep: Vec<String>,
    /// Words one of which must come just before the artifact (comma-separated).
    #[arg(long, value_name = "WORDS", value_delimiter = ',')]
    pub prev: Vec<String>,
    /// Words one of which must come just after the artifact (comma-separated).
    #[arg(long, value_name = "WORDS", value_delimiter = ',')]
    pub next: Vec<String>,
    /// Why the entry exists, for readers.
    #[arg(long)]
    pub note: Option<String>,
}

pub fn run(args: &DictArgs) -> Result<ExitCode> {
    match &args.command {
        DictCommand::Check(a) => check(a),
        DictCommand::Test(a) => test(a),
        DictCommand::Stats(a) => stats(a),
        DictCommand::Add(a) => add(a),
        DictCommand::Export(a) => export(a),
        DictCommand::Import(a) => import(a),
    }
}

/// The embedded sources, with FILEs added; a FILE named like an embedded pack file
/// replaces it (checking `dictionaries/news.toml` before it is rebuilt into the binary).
fn sources(files: &[PathBuf]) -> Result<Vec<(String, String)>> {
    let mut sources = crate::engine::embedded_sources();
    for path in files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read dictionary", path.display()))?;
        let name = path.display().to_string();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match sources.iter_mut().find(|(n, _)| n.strip_prefix("<embedded>/") == Some(file_name.as_str())) {
            Some(slot) => *slot = (name, text),
            None => sources.push((name, text)),
        }
    }
    Ok(sources)
}

fn vocabulary(dict: &Dictionary, word_files: &[PathBuf]) -> Result<Vocabulary> {
    let mut vocab = Vocabulary::from_dictionary(dict);
    for path in word_files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read word list", path.display()))?;
        vocab.extend(text.lines());
    }
    Ok(vocab)
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let sources = sources(&args.files.files)?;
    let (dict, mut problems) = lint::load(&sources);
    problems.extend(lint::check(&dict, &vocabulary(&dict, &args.words)?));
    let mut out = io::stdout().lock();
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    out.flush()?;
    let forms: usize = lint::stats(&dict).iter().map(|r| r.forms).sum();
    eprintln!(
        "dict check: {} files, {} entries, {forms} forms: {}",
        sources.len(),
        dict.entries().count(),
        match problems.len() {
            0 => "no problem".to_owned(),
            1 => "1 problem".to_owned(),
            n => format!("{n} problems"),
        }
    );
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn load_or_report(files: &[PathBuf]) -> Result<std::result::Result<Dictionary, Vec<Problem>>> {
    let (dict, problems) = lint::load(&sources(files)?);
    Ok(if problems.is_empty() { Ok(dict) } else { Err(problems) })
}

fn print_problems(problems: &[Problem]) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    for p in problems {
        writeln!(out, "{p}")?;
    }
    out.flush()?;
    Ok(ExitCode::from(1))
}

fn test(args: &FilesArgs) -> Result<ExitCode> {
    let dict = match load_or_report(&args.files)? {
        Ok(d) => d,
        Err(problems) => return print_problems(&problems),
    };
    let run = lint::run_examples(&dict)?;
    let mut out = io::stdout().lock();
    for f in &run.failures {
        writeln!(out, "{}: {}", f.at, f.entry)?;
        match &f.expected {
            Some(expected) => {
                writeln!(out, "  before:   {}", f.before)?;
                writeln!(out, "  expected: {expected}")?;
            }
            None => {
                writeln!(out, "  keep:     {}  (the entry must not fire)", f.before)?;
            }
        }
        writeln!(out, "  got:      {}", f.got)?;
    }
    writeln!(out, "{} examples and keeps, {} failed", run.run, run.failures.len())?;
    out.flush()?;
    Ok(if run.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn stats(args: &StatsArgs) -> Result<ExitCode> {
    let dict = match load_or_report(&args.files.files)? {
        Ok(d) => d,
        Err(problems) => return print_problems(&problems),
    };
    let rows = lint::stats(&dict);
    let mut out = io::stdout().lock();
    match args.format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        StatsFormat::Text => {
            let width = rows.iter().map(|r| r.pack.len()).max().unwrap_or(0).max("total".len());
            writeln!(out, "{:width$}  {:<10}  {:>7}  {:>7}", "pack", "kind", "entries", "forms")?;
            let (mut entries, mut forms) = (0, 0);
            for r in &rows {
                writeln!(
                    out,
                    "{:width$}  {:<10}  {:>7}  {:>7}",
                    r.pack,
                    r.kind.as_str(),
                    r.entries,
                    r.forms
                )?;
                entries += r.entries;
                forms += r.forms;
            }
            writeln!(out, "{:width$}  {:<10}  {entries:>7}  {forms:>7}", "total", "")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn export(args: &ExportArgs) -> Result<ExitCode> {
    let dict = match load_or_report(&args.files.files)? {
        Ok(d) => d,
        Err(problems) => return print_problems(&problems),
    };
    let forms = lint::surface_forms(&dict);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        ExportFormat::Lines => {
            for f in &forms {
                writeln!(out, "{}", f.form)?;
            }
        }
        ExportFormat::Csv => {
            writeln!(out, "form,replacement,entry,kind")?;
            for f in &forms {
                writeln!(
                    out,
                    "{},{},{},{}",
                    csv_field(&f.form),
                    csv_field(&f.replacement),
                    csv_field(&f.entry),
                    f.kind
                )?;
            }
        }
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &forms)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The file `dict add` writes to: `--to`, else the first dictionary of the config file.
fn add_target(args: &AddArgs) -> Result<PathBuf> {
    if let Some(p) = &args.to {
        return Ok(p.clone());
    }
    let cwd = std::env::current_dir()?;
    if let Some(config) = crate::config::discover(&cwd) {
        let engine_default = crate::config::Settings::resolve_file(&config)?;
        if let Some(first) = engine_default.dictionaries.first() {
            return Ok(first.value.clone());
        }
    }
    bail!("say which dictionary file to add to with --to FILE (or list one under `dictionaries` in unspin.toml)")
}

fn kind_of(k: KindArg) -> Kind {
    match k {
        KindArg::Certain => Kind::Certain,
        KindArg::Likely => Kind::Likely,
        KindArg::Contextual => Kind::Contextual,
    }
}

fn add(args: &AddArgs) -> Result<ExitCode> {
    let path = add_target(args)?;
    let kind = kind_of(args.kind);
    let key = normalize_phrase(&args.artifact);
    let to = args.original.split_whitespace().collect::<Vec<_>>().join(" ");
    if key.is_empty() || to.is_empty() {
        bail!("the artifact and the original must not be empty");
    }
    if kind != Kind::Certain && (args.example.is_empty() || args.keep.is_empty()) {
        bail!(
            "a {kind} entry needs --example \"a sentence where it fires\" and --keep \"a sentence where it must not\""
        );
    }
    let name = path.display().to_string();
    let existing = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("{name}: cannot read dictionary")),
    };
    let current = Pack::from_toml(&existing, &name)?;

    // The examples' expected outputs: what the entry alone makes of each sentence.
    let bare = entry_value(args, &to, &[])?;
    let alone = Pack::from_toml(&section_doc(kind, &key, &bare), &name)?;
    let mut alone_dict = Dictionary::new();
    alone_dict.push(alone.clone())?;
    let alone_repairer =
        Repairer::new(&alone_dict, Config { gate: Gate::AssumeSpun, numbers: false, ..Config::default() })?;
    let mut examples = Vec::new();
    for sentence in &args.example {
        let fixed = alone_repairer.repair(sentence).apply(sentence);
        if &fixed == sentence {
            bail!(
                "the example \"{sentence}\" does not contain \"{}\" where the entry can fire",
                args.artifact
            );
        }
        examples.push((sentence.clone(), fixed));
    }

    // Refuse a form some pack already defines.
    let mut others = lint::load(&sources(&[])?).0;
    others.push(current)?;
    let new_entry = &alone.entries[0];
    for form in new_entry.forms() {
        if let Some(e) = others.entries().find(|e| e.forms().iter().any(|f| f.text == form.text)) {
            let what = if e.forms().iter().any(|f| f.text == form.text && f.replacement == form.replacement) {
                "duplicate"
            } else {
                "conflict"
            };
            bail!(
                "refused ({what}): \"{}\" is already defined by {}:{} ({})",
                form.text,
                e.pack,
                e.key,
                e.at
            );
        }
    }

    let value = entry_value(args, &to, &examples)?;
    let new_text = insert(&existing, &name, kind, &key, value)?;
    let pack = Pack::from_toml(&new_text, &name)?;
    let id = format!("{}:{}", pack.name, key);

    // Validate: every check of `dict check` that concerns the new entry.
    let mut sources = sources(&[])?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    sources.retain(|(n, _)| n.strip_prefix("<embedded>/") != Some(file_name.as_str()));
    sources.push((name.clone(), new_text.clone()));
    let (dict, mut problems) = lint::load(&sources);
    problems.extend(lint::check(&dict, &Vocabulary::from_dictionary(&dict)));
    let mine: Vec<&Problem> = problems
        .iter()
        .filter(|p| {
            p.entry.as_deref() == Some(id.as_str())
                || (p.kind == lint::ProblemKind::Parse && p.at.source == name)
        })
        .collect();
    if !mine.is_empty() {
        let list: Vec<String> = mine.iter().map(|p| p.to_string()).collect();
        bail!("refused: the entry does not pass `dict check`:\n{}", list.join("\n"));
    }
    input::update_file(&path, &new_text)?;
    eprintln!("added {id} ({kind}) to {name}");
    Ok(ExitCode::SUCCESS)
}

/// One line of a published list: (artifact, original), or `None` for a line to skip.
fn list_pair(line: &str) -> Option<std::result::Result<(String, String), &'static str>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let unquote = |f: &str| f.trim().trim_matches('"').replace("\"\"", "\"").trim().to_owned();
    let split = ["\t", "=>", "->", "→"].iter().find_map(|sep| line.split_once(sep)).or_else(|| {
        // CSV: the first comma outside quotes.
        let mut quoted = false;
        line.char_indices().find_map(|(i, c)| {
            quoted ^= c == '"';
            (c == ',' && !quoted).then(|| (&line[..i], &line[i + 1..]))
        })
    });
    let Some((a, b)) = split else { return Some(Err("no separator (tab, =>, ->, → or comma)")) };
    // Only the first two fields count: a CSV row may carry more.
    let b = b.split(['\t', ',']).next().unwrap_or(b);
    let (a, b) = (unquote(a), unquote(b));
    if a.is_empty() || b.is_empty() {
        return Some(Err("an empty field"));
    }
    if normalize_phrase(&a) == normalize_phrase(&b) {
        return Some(Err("the artifact is the original"));
    }
    Some(Ok((a, b)))
}

fn import(args: &ImportArgs) -> Result<ExitCode> {
    let list = args.list.display().to_string();
    let text = input::Source::File(args.list.clone()).read()?;
    if args.to.exists() {
        bail!("{}: exists; choose a new file (import never overwrites a dictionary)", args.to.display());
    }
    let known = lint::load(&sources(&[])?).0;
    let mut defined: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for e in known.entries() {
        for f in e.forms() {
            defined.insert(f.text, f.replacement);
        }
    }
    let mut doc = toml_edit::DocumentMut::new();
    let mut header = toml_edit::Table::new();
    header["name"] = toml_edit::value(args.name.as_str());
    header["description"] = toml_edit::value(format!("Imported by `unspin dict import` from {list}."));
    header["source"] = toml_edit::value(args.source.clone().unwrap_or_else(|| list.clone()));
    header["license"] = toml_edit::value(args.license.as_str());
    header["scope"] = toml_edit::value("as the source's");
    doc["pack"] = toml_edit::Item::Table(header);
    let mut certain = toml_edit::Table::new();
    let (mut added, mut known_same, mut conflicts, mut repeated) = (0, 0, 0, 0);
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate().skip(usize::from(args.header)) {
        let (artifact, original) = match list_pair(line) {
            None => continue,
            Some(Err(why)) => {
                bad.push(format!("{list}:{}: {why}", i + 1));
                continue;
            }
            Some(Ok(pair)) => pair,
        };
        let key = normalize_phrase(&artifact);
        match defined.get(&key) {
            Some(r) if normalize_phrase(r) == normalize_phrase(&original) => known_same += 1,
            Some(_) => conflicts += 1,
            None if certain.contains_key(&key) => repeated += 1,
            None => {
                certain[key.as_str()] = toml_edit::value(original);
                added += 1;
            }
        }
    }
    doc["certain"] = toml_edit::Item::Table(certain);
    let out = doc.to_string();
    let name = args.to.display().to_string();
    // Validate as unspin will load it, on top of the embedded packs.
    let mut dict = known;
    dict.push(Pack::from_toml(&out, &name)?)?;
    Repairer::new(&dict, Config::default())?;
    input::update_file(&args.to, &out)?;
    for b in bad.iter().take(20) {
        eprintln!("skipped {b}");
    }
    eprintln!(
        "dict import: {added} entries written to {name}; left out: {known_same} already in unspin, \
         {conflicts} conflicting with unspin, {repeated} repeated, {} malformed lines",
        bad.len()
    );
    eprintln!("use it with: unspin check --dict {name} … (or dictionaries = [\"{name}\"] in unspin.toml)");
    Ok(ExitCode::SUCCESS)
}

/// The entry as a TOML value: a plain string when nothing but the original is given.
fn entry_value(args: &AddArgs, to: &str, examples: &[(String, String)]) -> Result<toml_edit::Item> {
    let plain = args.inflect.is_none()
        && examples.is_empty()
        && args.keep.is_empty()
        && args.prev.is_empty()
        && args.next.is_empty()
        && args.note.is_none();
    if plain {
        return Ok(toml_edit::value(to));
    }
    let mut t = toml_edit::InlineTable::new();
    t.insert("to", to.into());
    if let Some(i) = args.inflect {
        t.insert("inflect", if i == InflectArg::Verb { "verb" } else { "noun" }.into());
    }
    let list = |items: &[String]| toml_edit::Array::from_iter(items.iter().map(|s| s.trim()));
    if !args.prev.is_empty() {
        t.insert("prev", list(&args.prev).into());
    }
    if !args.next.is_empty() {
        t.insert("next", list(&args.next).into());
    }
    if !examples.is_empty() {
        let pairs = examples.iter().map(|(a, b)| toml_edit::Array::from_iter([a.as_str(), b.as_str()]));
        t.insert("examples", toml_edit::Array::from_iter(pairs).into());
    }
    if !args.keep.is_empty() {
        t.insert("keeps", list(&args.keep).into());
    }
    if let Some(n) = &args.note {
        t.insert("note", n.as_str().into());
    }
    Ok(toml_edit::value(t))
}

/// A one-entry document.
fn section_doc(kind: Kind, key: &str, value: &toml_edit::Item) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    let mut table = toml_edit::Table::new();
    table.insert(key, value.clone());
    doc.insert(kind.as_str(), toml_edit::Item::Table(table));
    doc.to_string()
}

/// `existing` with `key = value` in section `kind`: in sorted position if the section's
/// keys are sorted, else last; a missing section is added at the end.
fn insert(existing: &str, name: &str, kind: Kind, key: &str, value: toml_edit::Item) -> Result<String> {
    let mut doc: toml_edit::DocumentMut =
        existing.parse().map_err(|e: toml_edit::TomlError| anyhow::anyhow!("{name}: {}", e.message()))?;
    let section = kind.as_str();
    if !doc.contains_key(section) {
        let mut table = toml_edit::Table::new();
        if !doc.is_empty() {
            table.decor_mut().set_prefix("\n");
        }
        doc.insert(section, toml_edit::Item::Table(table));
    }
    let Some(table) = doc[section].as_table_mut() else {
        bail!("{name}: [{section}] is not a table");
    };
    let keys: Vec<String> =
        table.iter().filter(|(_, v)| !v.is_table()).map(|(k, _)| normalize_phrase(k)).collect();
    let sorted = keys.windows(2).all(|w| w[0] <= w[1]);
    table.insert(key, value);
    if sorted {
        table.sort_values_by(|a, _, b, _| normalize_phrase(a.get()).cmp(&normalize_phrase(b.get())));
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inserted(existing: &str, key: &str) -> String {
        insert(existing, "t.toml", Kind::Certain, key, toml_edit::value("x")).unwrap()
    }

    #[test]
    fn insert_keeps_a_sorted_section_sorted() {
        let src = "# head\n[certain]\n\"a b\" = \"c\"\n# about m\n\"m\" = \"n\"\n\n[likely]\n";
        let out = inserted(src, "k");
        assert_eq!(
            out,
            "# head\n[certain]\n\"a b\" = \"c\"\nk = \"x\"\n# about m\n\"m\" = \"n\"\n\n[likely]\n"
        );
    }

    #[test]
    fn insert_appends_to_an_unsorted_section_and_creates_missing_ones() {
        let src = "[certain]\nz = \"c\"\na = \"n\"\n";
        assert_eq!(inserted(src, "k"), "[certain]\nz = \"c\"\na = \"n\"\nk = \"x\"\n");
        assert_eq!(
            inserted("[pack]\nname = \"mine\"\n", "k"),
            "[pack]\nname = \"mine\"\n\n[certain]\nk = \"x\"\n"
        );
        assert_eq!(inserted("", "k"), "[certain]\nk = \"x\"\n");
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("got here"), "got here");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
