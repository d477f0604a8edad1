//! Project configuration: `unspin.toml` or `.unspin.toml`, found from the current
//! directory upward (as typos finds `_typos.toml`), or named with `--config`; merged with
//! the command-line flags, which win. `unspin config show` prints the result and where
//! each setting came from. The format is described in docs/config.md.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use serde::Deserialize;

use crate::args::{EngineArgs, Quotes};

/// The names looked for in each directory, in order.
pub const FILE_NAMES: [&str; 2] = ["unspin.toml", ".unspin.toml"];

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration as TOML, with where each setting came from.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// The lowest kind of entry that applies, by confidence: `certain` alone, `contextual`
/// and above, or every kind (`likely`, the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MinKind {
    Certain,
    Contextual,
    Likely,
}

impl MinKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MinKind::Certain => "certain",
            MinKind::Contextual => "contextual",
            MinKind::Likely => "likely",
        }
    }

    /// Does an entry of kind `k` apply?
    pub fn admits(self, k: unspin::Kind) -> bool {
        k.confidence() >= self.min_confidence()
    }

    fn min_confidence(self) -> f64 {
        match self {
            MinKind::Certain => unspin::Kind::Certain.confidence(),
            MinKind::Contextual => unspin::Kind::Contextual.confidence(),
            MinKind::Likely => unspin::Kind::Likely.confidence(),
        }
    }
}

/// `unspin.toml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    dictionaries: Vec<PathBuf>,
    default_dictionaries: Option<bool>,
    packs: Option<Vec<String>>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    ignore: BTreeMap<String, toml::Value>,
    min_kind: Option<MinKind>,
    assume_spun: Option<bool>,
    quotes: Option<QuotesSetting>,
    threshold: Option<f64>,
    numbers: Option<bool>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum QuotesSetting {
    Skip,
    Repair,
}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(PathBuf),
    Flag,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Flag => f.write_str("command line"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    pub value: T,
    pub from: Origin,
}

impl<T> Sourced<T> {
    fn default(value: T) -> Sourced<T> {
        Sourced { value, from: Origin::Default }
    }
}

/// The effective settings: defaults, then the config file, then the flags.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file read, if any.
    pub file: Option<PathBuf>,
    /// Load the embedded packs.
    pub default_dictionaries: Sourced<bool>,
    /// User dictionaries, in layering order (the file's first, then `--dict`).
    pub dictionaries: Vec<Sourced<PathBuf>>,
    /// Embedded packs to use (`None`: all).
    pub packs: Sourced<Option<Vec<String>>>,
    /// Entry ids not to apply.
    pub disable: Vec<Sourced<String>>,
    /// Ignore rules: (phrase, entry ids).
    pub ignore: Vec<Sourced<(String, Vec<String>)>>,
    pub min_kind: Sourced<MinKind>,
    pub assume_spun: Sourced<bool>,
    pub quotes: Sourced<Quotes>,
    pub threshold: Sourced<f64>,
    pub numbers: Sourced<bool>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            file: None,
            default_dictionaries: Sourced::default(true),
            dictionaries: Vec::new(),
            packs: Sourced::default(None),
            disable: Vec::new(),
            ignore: Vec::new(),
            min_kind: Sourced::default(MinKind::Likely),
            assume_spun: Sourced::default(false),
            quotes: Sourced::default(Quotes::Skip),
            threshold: Sourced::default(unspin::score::DEFAULT_THRESHOLD),
            numbers: Sourced::default(true),
        }
    }
}

/// The first `unspin.toml` or `.unspin.toml` in `dir` or one of its ancestors.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// The config file the flags point to: `--config`, else (unless `--isolated`) the one
/// found from the current directory upward.
pub fn locate(engine: &EngineArgs) -> Result<Option<PathBuf>> {
    if let Some(path) = &engine.config {
        return Ok(Some(path.clone()));
    }
    if engine.isolated {
        return Ok(None);
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(discover(&cwd))
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Parse a config file's text; `path` names it in errors and anchors relative paths.
fn parse(src: &str, path: &Path) -> Result<FileConfig> {
    toml::from_str(src).map_err(|e| {
        let at = match e.span() {
            Some(s) => format!("{}:{}", path.display(), line_of(src, s.start)),
            None => path.display().to_string(),
        };
        anyhow::anyhow!("{at}: {}", e.message().trim())
    })
}

impl Settings {
    /// Defaults, overlaid with the config file the flags select, overlaid with the flags.
    pub fn resolve(engine: &EngineArgs) -> Result<Settings> {
        let mut s = match locate(engine)? {
            Some(path) => Settings::resolve_file(&path)?,
            None => Settings::default(),
        };
        s.apply_flags(engine);
        Ok(s)
    }

    /// Defaults overlaid with the config file `path`.
    pub fn resolve_file(path: &Path) -> Result<Settings> {
        let mut s = Settings::default();
        let src = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read config", path.display()))?;
        s.apply_file(parse(&src, path)?, path)?;
        Ok(s)
    }

    fn apply_file(&mut self, f: FileConfig, path: &Path) -> Result<()> {
        let from = || Origin::File(path.to_owned());
        let dir = path.parent().unwrap_or(Path::new(""));
        self.file = Some(path.to_owned());
        if let Some(v) = f.default_dictionaries {
            self.default_dictionaries = Sourced { value: v, from: from() };
        }
        self.dictionaries =
            f.dictionaries.iter().map(|d| Sourced { value: dir.join(d), from: from() }).collect();
        if let Some(packs) = f.packs {
            self.packs = Sourced { value: Some(packs), from: from() };
        }
        self.disable = f.disable.into_iter().map(|id| Sourced { value: id, from: from() }).collect();
        for (phrase, value) in f.ignore {
            let ids = unspin::ignore::entry_ids(value).with_context(|| {
                format!(
                    "{}: [ignore] \"{phrase}\": expected an entry id such as \"news:navy\", or a list of them",
                    path.display()
                )
            })?;
            self.ignore.push(Sourced { value: (phrase, ids), from: from() });
        }
        if let Some(v) = f.min_kind {
            self.min_kind = Sourced { value: v, from: from() };
        }
        if let Some(v) = f.assume_spun {
            self.assume_spun = Sourced { value: v, from: from() };
        }
        if let Some(v) = f.quotes {
            let value = match v {
                QuotesSetting::Skip => Quotes::Skip,
                QuotesSetting::Repair => Quotes::Repair,
            };
            self.quotes = Sourced { value, from: from() };
        }
        if let Some(v) = f.threshold {
            if !(v.is_finite() && v >= 0.0) {
                anyhow::bail!("{}: threshold must be a number of at least 0, not {v}", path.display());
            }
            self.threshold = Sourced { value: v, from: from() };
        }
        if let Some(v) = f.numbers {
            self.numbers = Sourced { value: v, from: from() };
        }
        Ok(())
    }

    fn apply_flags(&mut self, e: &EngineArgs) {
        let flag = |value| Sourced { value, from: Origin::Flag };
        if e.no_default_dict {
            self.default_dictionaries = flag(false);
        }
        self.dictionaries.extend(e.dicts.iter().map(|d| Sourced { value: d.clone(), from: Origin::Flag }));
        if !e.packs.is_empty() {
            self.packs = Sourced { value: Some(e.packs.clone()), from: Origin::Flag };
        }
        if e.only_certain {
            self.min_kind = Sourced { value: MinKind::Certain, from: Origin::Flag };
            self.assume_spun = Sourced { value: false, from: Origin::Flag };
        }
        if e.assume_spun {
            self.assume_spun = flag(true);
            if self.min_kind.value == MinKind::Certain {
                self.min_kind = Sourced { value: MinKind::Likely, from: Origin::Flag };
            }
        }
        if let Some(q) = e.quotes {
            self.quotes = Sourced { value: q, from: Origin::Flag };
        }
        if let Some(t) = e.threshold {
            self.threshold = Sourced { value: t, from: Origin::Flag };
        }
        if e.no_numbers {
            self.numbers = Sourced { value: false, from: Origin::Flag };
        }
    }

    /// The effective configuration as TOML, each setting followed by where it came from.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let list =
            |items: &[String]| format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "));
        let mut out = String::new();
        match &self.file {
            Some(p) => _ = writeln!(out, "# config file: {}", p.display()),
            None => out.push_str("# config file: none\n"),
        }
        kv(
            &mut out,
            "default_dictionaries",
            self.default_dictionaries.value.to_string(),
            &self.default_dictionaries.from,
        );
        let dicts: Vec<String> = self.dictionaries.iter().map(|d| d.value.display().to_string()).collect();
        let from = self.dictionaries.iter().map(|d| d.from.to_string()).collect::<Vec<_>>();
        let dict_from = if from.is_empty() {
            Origin::Default
        } else if from.iter().all(|f| f == &from[0]) {
            self.dictionaries[0].from.clone()
        } else {
            Origin::File(PathBuf::from(from.join(", ")))
        };
        kv(&mut out, "dictionaries", list(&dicts), &dict_from);
        match &self.packs.value {
            Some(p) => kv(&mut out, "packs", list(p), &self.packs.from),
            None => _ = writeln!(out, "# packs: all  # {}", self.packs.from),
        }
        let disabled: Vec<String> = self.disable.iter().map(|d| d.value.clone()).collect();
        let disable_from = self.disable.first().map_or(Origin::Default, |d| d.from.clone());
        kv(&mut out, "disable", list(&disabled), &disable_from);
        kv(&mut out, "min_kind", q(self.min_kind.value.as_str()), &self.min_kind.from);
        kv(&mut out, "assume_spun", self.assume_spun.value.to_string(), &self.assume_spun.from);
        let quotes = match self.quotes.value {
            Quotes::Skip => "skip",
            Quotes::Repair => "repair",
        };
        kv(&mut out, "quotes", q(quotes), &self.quotes.from);
        kv(&mut out, "threshold", format!("{:?}", self.threshold.value), &self.threshold.from);
        kv(&mut out, "numbers", self.numbers.value.to_string(), &self.numbers.from);
        if !self.ignore.is_empty() {
            out.push_str("\n[ignore]\n");
            for i in &self.ignore {
                let (phrase, ids) = &i.value;
                let value = if let [one] = ids.as_slice() { q(one) } else { list(ids) };
                _ = writeln!(out, "{} = {value}  # {}", q(phrase), i.from);
            }
        }
        out
    }
}

fn kv(out: &mut String, key: &str, value: String, from: &Origin) {
    _ = writeln!(out, "{key} = {value}  # {from}");
}

/// `unspin config …`.
pub fn run(args: &ConfigArgs) -> Result<ExitCode> {
    match &args.command {
        ConfigCommand::Show(a) => {
            let settings = Settings::resolve(&a.engine)?;
            // Building the engine validates the packs, entries and dictionaries named.
            crate::engine::build(&settings)?;
            let mut out = std::io::stdout().lock();
            out.write_all(settings.to_toml().as_bytes())?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        engine: EngineArgs,
    }

    fn flags(args: &[&str]) -> EngineArgs {
        T::parse_from(std::iter::once("t").chain(args.iter().copied())).engine
    }

    fn settings(src: &str, args: &[&str]) -> Result<Settings> {
        let mut s = Settings::default();
        let path = Path::new("/proj/unspin.toml");
        s.apply_file(parse(src, path)?, path)?;
        s.apply_flags(&flags(args));
        Ok(s)
    }

    #[test]
    fn file_then_flags() {
        let src = "dictionaries = [\"words.toml\"]\npacks = [\"news\"]\nquotes = \"repair\"\nthreshold = 5.0\n\
                   min_kind = \"certain\"\ndisable = [\"news:navy\"]\n[ignore]\n\"navy blue\" = \"news:navy\"\n";
        let s = settings(src, &[]).unwrap();
        assert_eq!(s.dictionaries[0].value, Path::new("/proj/words.toml"));
        assert_eq!(s.packs.value.as_deref(), Some(&["news".to_owned()][..]));
        assert_eq!(s.quotes.value, Quotes::Repair);
        assert_eq!(s.threshold.value, 5.0);
        assert_eq!(s.min_kind.value, MinKind::Certain);
        assert_eq!(s.ignore[0].value, ("navy blue".to_owned(), vec!["news:navy".to_owned()]));
        assert!(matches!(&s.threshold.from, Origin::File(p) if p == Path::new("/proj/unspin.toml")));

        let s = settings(src, &["--threshold", "1", "--quotes", "skip", "--assume-spun", "--dict", "x.toml"])
            .unwrap();
        assert_eq!((s.threshold.value, &s.threshold.from), (1.0, &Origin::Flag));
        assert_eq!(s.quotes.value, Quotes::Skip);
        assert_eq!(s.min_kind.value, MinKind::Likely, "--assume-spun undoes a file's min_kind = certain");
        assert!(s.assume_spun.value);
        let dicts: Vec<_> = s.dictionaries.iter().map(|d| d.value.clone()).collect();
        assert_eq!(dicts, [PathBuf::from("/proj/words.toml"), PathBuf::from("x.toml")]);
        let shown = s.to_toml();
        assert!(shown.contains("threshold = 1.0  # command line"), "{shown}");
        assert!(shown.contains("packs = [\"news\"]  # /proj/unspin.toml"), "{shown}");
        assert!(shown.contains("\"navy blue\" = \"news:navy\"  # /proj/unspin.toml"), "{shown}");
        shown.parse::<toml::Table>().expect("config show prints TOML");
    }

    #[test]
    fn parse_errors_name_file_and_line() {
        let e = settings("packs = [\"news\"]\nthreshhold = 3\n", &[]).unwrap_err().to_string();
        assert!(e.starts_with("/proj/unspin.toml:2:") && e.contains("threshhold"), "{e}");
        let e = settings("quotes = \"sometimes\"\n", &[]).unwrap_err().to_string();
        assert!(e.starts_with("/proj/unspin.toml:1:"), "{e}");
    }

    #[test]
    fn discovery_walks_upward_and_prefers_the_plain_name() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep).filter(|p| p.starts_with(dir.path())), None);
        std::fs::write(dir.path().join(".unspin.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join(".unspin.toml")));
        std::fs::write(dir.path().join("a/unspin.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join("a/unspin.toml")));
        std::fs::write(dir.path().join("a/.unspin.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join("a/unspin.toml")));
    }

    #[test]
    fn min_kind_orders_by_confidence() {
        use unspin::Kind;
        assert!(MinKind::Certain.admits(Kind::Certain) && !MinKind::Certain.admits(Kind::Contextual));
        assert!(MinKind::Contextual.admits(Kind::Contextual) && !MinKind::Contextual.admits(Kind::Likely));
        assert!(MinKind::Likely.admits(Kind::Likely));
    }
}
