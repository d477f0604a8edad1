//! Checks on dictionaries as data: what `unspin dict check`, `dict test`, `dict stats` and
//! `dict export` report. Nothing here reads files or prints; the caller passes the TOML
//! sources and renders the [`Problem`]s.
//!
//! ```
//! use unspin::lint;
//! let sources = [("mine.toml".to_owned(), "[certain]\n\"1000's\" = \"thousands\"\n".to_owned())];
//! let (dict, problems) = lint::load(&sources);
//! assert!(problems.is_empty());
//! let problems = lint::check(&dict, &unspin::Vocabulary::from_dictionary(&dict));
//! assert!(problems.is_empty(), "{problems:?}");
//! assert_eq!(lint::stats(&dict)[0].forms, 1);
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::dict::{Dictionary, Entry, Kind, Pack};
use crate::error::{Error, Location};
use crate::repair::{Config, Gate, Repairer};
use crate::text::normalize_phrase;
use crate::vocab::Vocabulary;

/// What is wrong with a dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The file is not valid TOML, breaks the schema, or has an invalid regex.
    Parse,
    /// Two entries produce the same form with the same replacement.
    Duplicate,
    /// Two entries produce the same form with different replacements.
    Conflict,
    /// A `certain` single-word artifact that is an ordinary English word, unfenced.
    OrdinaryWord,
    /// A replacement that is itself an artifact.
    Chain,
    /// Replacements that lead back to the artifact.
    Cycle,
    /// A non-certain entry without an example where it fires.
    MissingExample,
    /// A non-certain entry without a sentence where it must not fire.
    MissingKeep,
    /// An example whose repair is not the expected output, or a keep where it fires.
    FailingExample,
}

impl ProblemKind {
    /// A short name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Parse => "parse",
            ProblemKind::Duplicate => "duplicate",
            ProblemKind::Conflict => "conflict",
            ProblemKind::OrdinaryWord => "ordinary-word",
            ProblemKind::Chain => "chain",
            ProblemKind::Cycle => "cycle",
            ProblemKind::MissingExample => "missing-example",
            ProblemKind::MissingKeep => "missing-keep",
            ProblemKind::FailingExample => "failing-example",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File and line.
    pub at: Location,
    /// The entry concerned, `pack:key`, when there is one.
    pub entry: Option<String>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.at)?;
        if let Some(entry) = &self.entry {
            write!(f, "{entry}: ")?;
        }
        write!(f, "{} [{}]", self.message, self.kind)
    }
}

/// The entry id `check` prints: `pack:key`.
pub fn entry_id(e: &Entry) -> String {
    format!("{}:{}", e.pack, e.key)
}

/// A library error while loading, as a problem.
pub fn problem_of(err: &Error, source: &str) -> Problem {
    let (at, entry, message) = match err {
        Error::Parse { at, message } => (at.clone(), None, message.clone()),
        Error::Entry { at, key, message } => (at.clone(), Some(key.clone()), message.clone()),
        Error::Conflict(c) => (
            c.at.clone(),
            Some(c.key.clone()),
            format!("the form \"{}\" is already defined by \"{}\" ({})", c.form, c.other, c.other_at),
        ),
        other => (Location { source: source.to_owned(), line: None }, None, other.to_string()),
    };
    // One problem, one line: the TOML parser explains itself over several.
    let message = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ");
    Problem { at, entry: entry.map(|k| format!("\"{k}\"")), kind: ProblemKind::Parse, message }
}

/// Parse `sources` (name, TOML text) in order into one dictionary. A file that does not
/// load becomes a [`ProblemKind::Parse`] problem and is left out; the others are kept.
pub fn load(sources: &[(String, String)]) -> (Dictionary, Vec<Problem>) {
    let mut dict = Dictionary::new();
    let mut problems = Vec::new();
    for (name, text) in sources {
        match Pack::from_toml(text, name).and_then(|pack| dict.push(pack)) {
            Ok(()) => {}
            Err(e) => problems.push(problem_of(&e, name)),
        }
    }
    (dict, problems)
}

fn has_conditions(e: &Entry) -> bool {
    let c = &e.conditions;
    c.has_positive()
        || !c.unless_prev.is_empty()
        || !c.unless_next.is_empty()
        || !c.unless_near.is_empty()
        || c.unless_prev_re.is_some()
        || c.unless_next_re.is_some()
}

/// Every check of `dict check` but parsing: duplicates and conflicts across packs and
/// files, ordinary words among certain artifacts (judged by `vocab`), chains and cycles,
/// missing examples and keeps, and failing examples. Sorted by file and line.
pub fn check(dict: &Dictionary, vocab: &Vocabulary) -> Vec<Problem> {
    let mut problems = Vec::new();
    let entries: Vec<&Entry> = dict.entries().collect();
    let problem = |e: &Entry, kind, message: String| Problem {
        at: e.at.clone(),
        entry: Some(entry_id(e)),
        kind,
        message,
    };

    // Duplicates and conflicts: the first entry to claim a form owns it.
    let mut owner: HashMap<String, (usize, String)> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for form in e.forms() {
            match owner.get(&form.text) {
                None => {
                    owner.insert(form.text.clone(), (i, form.replacement.clone()));
                }
                Some((j, _)) if *j == i => {}
                Some((j, replacement)) => {
                    let other = entries[*j];
                    let (kind, what) = if replacement.eq_ignore_ascii_case(&form.replacement) {
                        (ProblemKind::Duplicate, "with the same replacement".to_owned())
                    } else {
                        (
                            ProblemKind::Conflict,
                            format!("as \"{replacement}\", here \"{}\"", form.replacement),
                        )
                    };
                    problems.push(problem(
                        e,
                        kind,
                        format!(
                            "the form \"{}\" is also defined by {} ({}) {what}",
                            form.text,
                            entry_id(other),
                            other.at
                        ),
                    ));
                }
            }
        }
    }

    for e in &entries {
        // An unfenced single English word can never be certain.
        if e.kind == Kind::Certain && !has_conditions(e) {
            if let Some(word) =
                e.forms().into_iter().map(|f| f.text).find(|t| !t.contains(' ') && vocab.contains(t))
            {
                problems.push(problem(
                    e,
                    ProblemKind::OrdinaryWord,
                    format!(
                        "\"{word}\" is an ordinary English word: move the entry to [likely] or \
                         [contextual] with examples and keeps, or fence it with conditions"
                    ),
                ));
            }
        }
        // Loading checks a regex's syntax only and compiles it on first use; a regex
        // that parses but cannot compile (an unknown Unicode class, the size limit)
        // would leave its entry quiet, so compile every one here.
        let c = &e.conditions;
        for (field, re) in [
            ("prev_re", &c.prev_re),
            ("next_re", &c.next_re),
            ("unless_prev_re", &c.unless_prev_re),
            ("unless_next_re", &c.unless_next_re),
        ] {
            if let Some(Err(message)) = re.as_ref().map(|re| re.check()) {
                problems.push(problem(e, ProblemKind::Parse, format!("{field}: invalid regex: {message}")));
            }
        }
        if e.kind != Kind::Certain {
            if e.examples.is_empty() {
                problems.push(problem(
                    e,
                    ProblemKind::MissingExample,
                    format!("a {} entry needs an example where it fires (examples = [[in, out]])", e.kind),
                ));
            }
            if e.keeps.is_empty() {
                problems.push(problem(
                    e,
                    ProblemKind::MissingKeep,
                    format!("a {} entry needs a sentence where it must not fire (keeps = [...])", e.kind),
                ));
            }
        }
    }

    // Chains: a replacement in which a certain entry fires (the repair would not be
    // final), or a certain entry's replacement that is itself a likely artifact (in a
    // spun document it is rewritten again). A gated entry's examples show its
    // replacement in context, so they arbitrate for it.
    match Repairer::new(dict, Config { gate: Gate::OnlyCertain, numbers: false, ..Config::default() }) {
        Err(e) => problems.push(problem_of(&e, "dictionary")),
        Ok(certain) => {
            let mut reported = HashSet::new();
            for e in &entries {
                for form in e.forms() {
                    let edits = certain.repair(&form.replacement).edits;
                    let whole = owner
                        .get(&normalize_phrase(&form.replacement))
                        .map(|(j, _)| entries[*j])
                        .filter(|o| e.kind == Kind::Certain && o.kind == Kind::Likely);
                    let found = edits
                        .first()
                        .map(|x| (x.entry.clone(), x.found.clone()))
                        .or_else(|| whole.map(|o| (entry_id(o), form.replacement.clone())));
                    if let Some((other, found)) = found {
                        if reported.insert(entry_id(e)) {
                            problems.push(problem(
                                e,
                                ProblemKind::Chain,
                                format!(
                                    "the replacement \"{}\" (of \"{}\") contains the artifact \"{found}\" of {other}",
                                    form.replacement, form.text
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }

    // Cycles: follow whole replacements that are forms again.
    let next = |text: &str| -> Option<String> {
        owner.get(text).map(|(_, r)| normalize_phrase(r)).filter(|r| owner.contains_key(r))
    };
    let mut in_cycle = HashSet::new();
    for e in &entries {
        for form in e.forms() {
            if in_cycle.contains(&form.text) {
                continue;
            }
            let mut path = vec![form.text.clone()];
            let mut at = form.text.clone();
            while let Some(n) = next(&at) {
                if n == form.text {
                    in_cycle.extend(path.iter().cloned());
                    problems.push(problem(
                        e,
                        ProblemKind::Cycle,
                        format!("replacements go round in a cycle: {} -> {n}", path.join(" -> ")),
                    ));
                    break;
                }
                if path.contains(&n) || path.len() > 16 {
                    break;
                }
                path.push(n.clone());
                at = n;
            }
        }
    }

    match run_examples(dict) {
        Ok(run) => problems.extend(run.failures.iter().map(ExampleFailure::problem)),
        Err(e) => problems.push(problem_of(&e, "dictionary")),
    }
    problems.sort_by(|a, b| {
        (&a.at.source, a.at.line, a.kind, &a.entry).cmp(&(&b.at.source, b.at.line, b.kind, &b.entry))
    });
    problems.dedup();
    problems
}

/// An example that does not come out as expected, or a keep where its entry fires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Where the entry is.
    pub at: Location,
    /// The entry, `pack:key`.
    pub entry: String,
    /// The sentence given to the engine.
    pub before: String,
    /// What should come out; `None` for a keep (the entry must not fire).
    pub expected: Option<String>,
    /// What came out.
    pub got: String,
}

impl ExampleFailure {
    /// As a one-line problem.
    pub fn problem(&self) -> Problem {
        let message = match &self.expected {
            Some(expected) => {
                format!("example fails: \"{}\" should give \"{expected}\", got \"{}\"", self.before, self.got)
            }
            None => format!("fires on a keep: \"{}\" became \"{}\"", self.before, self.got),
        };
        Problem {
            at: self.at.clone(),
            entry: Some(self.entry.clone()),
            kind: ProblemKind::FailingExample,
            message,
        }
    }
}

/// What [`run_examples`] found.
#[derive(Debug, Clone, Default)]
pub struct ExampleRun {
    /// Examples and keeps run.
    pub run: usize,
    /// Those that failed.
    pub failures: Vec<ExampleFailure>,
}

/// Run every example and keep of every entry through the whole engine, as a spun
/// document (`Gate::AssumeSpun`): an example must come out as expected with its entry
/// among the edits; on a keep its entry must not fire.
pub fn run_examples(dict: &Dictionary) -> crate::Result<ExampleRun> {
    let r = Repairer::new(dict, Config { gate: Gate::AssumeSpun, ..Config::default() })?;
    let mut out = ExampleRun::default();
    for e in dict.entries() {
        let id = entry_id(e);
        for (input, expected) in &e.examples {
            out.run += 1;
            let repair = r.repair(input);
            let got = repair.apply(input);
            if &got != expected || !repair.edits.iter().any(|x| x.entry == id) {
                out.failures.push(ExampleFailure {
                    at: e.at.clone(),
                    entry: id.clone(),
                    before: input.clone(),
                    expected: Some(expected.clone()),
                    got,
                });
            }
        }
        for keep in &e.keeps {
            out.run += 1;
            let repair = r.repair(keep);
            if repair.edits.iter().any(|x| x.entry == id) {
                out.failures.push(ExampleFailure {
                    at: e.at.clone(),
                    entry: id.clone(),
                    before: keep.clone(),
                    expected: None,
                    got: repair.apply(keep),
                });
            }
        }
    }
    Ok(out)
}

/// Entries and expanded surface forms of one pack and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatRow {
    /// Pack name.
    pub pack: String,
    /// Entry kind.
    pub kind: Kind,
    /// Entries.
    pub entries: usize,
    /// Surface forms they stand for (inflections expanded).
    pub forms: usize,
}

/// Entries and forms per pack (in stack order; files of one pack together) and kind.
pub fn stats(dict: &Dictionary) -> Vec<StatRow> {
    let mut rows: Vec<StatRow> = Vec::new();
    for e in dict.entries() {
        let forms = e.forms().len();
        match rows.iter_mut().find(|r| r.pack == e.pack && r.kind == e.kind) {
            Some(r) => {
                r.entries += 1;
                r.forms += forms;
            }
            None => rows.push(StatRow { pack: e.pack.clone(), kind: e.kind, entries: 1, forms }),
        }
    }
    let order: Vec<String> = dict.packs().iter().map(|p| p.name.clone()).collect();
    rows.sort_by_key(|r| (order.iter().position(|n| n == &r.pack), r.kind));
    rows
}

/// One surface form with what replaces it, for `dict export`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurfaceForm {
    /// The normalized artifact spelling.
    pub form: String,
    /// Its replacement.
    pub replacement: String,
    /// The entry, `pack:key`.
    pub entry: String,
    /// The entry's kind.
    pub kind: Kind,
}

/// Every surface form of every entry, in stack order (one per entry and form: the count
/// equals the sum of [`StatRow::forms`]).
pub fn surface_forms(dict: &Dictionary) -> Vec<SurfaceForm> {
    dict.entries()
        .flat_map(|e| {
            let id = entry_id(e);
            e.forms().into_iter().map(move |f| SurfaceForm {
                form: f.text,
                replacement: f.replacement,
                entry: id.clone(),
                kind: e.kind,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(files: &[(&str, &str)]) -> Vec<Problem> {
        let sources: Vec<(String, String)> =
            files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect();
        let (dict, mut problems) = load(&sources);
        problems.extend(check(&dict, &Vocabulary::from_dictionary(&dict)));
        problems
    }

    fn kinds(problems: &[Problem]) -> Vec<ProblemKind> {
        problems.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn a_regex_that_parses_but_cannot_compile_is_reported() {
        let src = "[contextual]\nx = { to = \"y\", next_re = '\\p{NoSuchClass}', examples = [[\"x a\", \"y a\"]], keeps = [\"z\"] }\n";
        let (dict, problems) = load(&[("re.toml".to_owned(), src.to_owned())]);
        assert!(problems.is_empty(), "{problems:#?}");
        let p = check(&dict, &Vocabulary::default());
        assert!(p.iter().any(|x| x.kind == ProblemKind::Parse && x.message.contains("next_re")), "{p:#?}");
    }

    #[test]
    fn clean_pack_has_no_problem() {
        let p = lint(&[(
            "a.toml",
            "[certain]\n\"get here\" = { to = \"come\", inflect = \"verb\" }\n\"1000's\" = \"thousands\"\n\
             [likely]\nstated = { to = \"said\", examples = [[\"He stated it. Tens of 1000's got here.\", \"He said it. Tens of thousands came.\"]], keeps = [\"Its stated aim.\"], unless_next = [\"aim\"] }\n",
        )]);
        assert!(p.is_empty(), "{p:#?}");
    }

    #[test]
    fn parse_errors_are_located_and_other_files_still_load() {
        let sources = vec![
            ("bad.toml".to_owned(), "[certain]\n\"a\" = \"b\"\n\"c\" = \n".to_owned()),
            ("re.toml".to_owned(), "[contextual]\nx = { to = \"y\", next_re = \"(\" }\n".to_owned()),
            ("ok.toml".to_owned(), "[certain]\n\"1000's\" = \"thousands\"\n".to_owned()),
        ];
        let (dict, problems) = load(&sources);
        assert_eq!(dict.packs().len(), 1);
        assert_eq!(kinds(&problems), [ProblemKind::Parse, ProblemKind::Parse]);
        assert_eq!(problems[0].at.to_string(), "bad.toml:3");
        assert_eq!(problems[1].at.to_string(), "re.toml:2");
        assert!(problems[1].message.contains("invalid regex"), "{}", problems[1]);
    }

    #[test]
    fn duplicates_and_conflicts_across_files() {
        let p = lint(&[
            ("a.toml", "[certain]\n\"get here\" = { to = \"come\", inflect = \"verb\" }\n"),
            ("b.toml", "[certain]\n\"1000's\" = \"thousands\"\n\"got here\" = \"came\"\n"),
            ("c.toml", "[certain]\n\"getting here\" = \"arriving\"\n"),
        ]);
        assert_eq!(kinds(&p), [ProblemKind::Duplicate, ProblemKind::Conflict], "{p:#?}");
        assert_eq!(p[0].at.to_string(), "b.toml:3");
        assert!(p[0].message.contains("a:get here (a.toml:2)"), "{}", p[0]);
        assert!(p[1].message.contains("\"coming\", here \"arriving\""), "{}", p[1]);
    }

    #[test]
    fn ordinary_word_chain_and_cycle() {
        let p = lint(&[(
            "a.toml",
            "[certain]\n\"1000's\" = \"thousands\"\n\"navy\" = \"military\"\n\
             \"tens of 1000's\" = \"tens of thousands\"\n\"got here\" = \"came\"\n\"lotsa\" = \"got here\"\n\
             \"foo bar\" = \"baz qux\"\n\"baz qux\" = \"foo bar\"\n\
             [likely]\nx = { to = \"military\", examples = [[\"x\", \"military\"]], keeps = [\"a navy coat\"] }\n",
        )]);
        let find = |k| p.iter().filter(move |x| x.kind == k).collect::<Vec<_>>();
        let ordinary = find(ProblemKind::OrdinaryWord);
        assert_eq!(ordinary.len(), 1, "{p:#?}");
        assert_eq!(ordinary[0].entry.as_deref(), Some("a:navy"));
        let chains: Vec<_> = find(ProblemKind::Chain).iter().map(|x| x.entry.clone().unwrap()).collect();
        assert!(chains.contains(&"a:lotsa".to_owned()), "{p:#?}");
        assert!(chains.contains(&"a:foo bar".to_owned()), "{p:#?}");
        assert!(!chains.contains(&"a:tens of 1000's".to_owned()), "{p:#?}");
        assert_eq!(find(ProblemKind::Cycle).len(), 1, "{p:#?}");
    }

    #[test]
    fn certain_into_likely_is_a_chain_but_gated_entries_are_judged_by_examples() {
        let p = lint(&[(
            "a.toml",
            "[certain]\n\"in latest times\" = \"in recent times\"\n\
             [likely]\n\"in recent times\" = { to = \"in recent years\", examples = [[\"Sales fell in recent times.\", \"Sales fell in recent years.\"]], keeps = [\"x\"] }\n\
             noticed = { to = \"saw\", unless_next = [\"a\"], examples = [[\"We noticed it.\", \"We saw it.\"]], keeps = [\"We noticed a cat.\"] }\n\
             seen = { to = \"noticed\", next = [\"a\"], examples = [[\"We seen a cat.\", \"We noticed a cat.\"]], keeps = [\"We have seen it.\"] }\n",
        )]);
        let chains: Vec<_> =
            p.iter().filter(|x| x.kind == ProblemKind::Chain).map(|x| x.entry.clone().unwrap()).collect();
        assert_eq!(chains, ["a:in latest times"], "{p:#?}");
    }

    #[test]
    fn missing_and_failing_examples() {
        let p = lint(&[(
            "a.toml",
            "[likely]\nstated = { to = \"said\", keeps = [\"He stated it.\"] }\n\
             informed = { to = \"told\", examples = [[\"She informed me.\", \"She said me.\"]] }\n",
        )]);
        assert_eq!(
            kinds(&p),
            [
                ProblemKind::MissingExample,
                ProblemKind::FailingExample,
                ProblemKind::MissingKeep,
                ProblemKind::FailingExample
            ],
            "{p:#?}"
        );
        assert!(p[1].message.contains("fires on a keep"), "{}", p[1]);
        assert!(p[3].message.contains("got \"She told me.\""), "{}", p[3]);
    }

    #[test]
    fn stats_and_export_agree() {
        let sources = vec![(
            "a.toml".to_owned(),
            "[certain]\n\"get here\" = { to = \"come\", inflect = \"verb\" }\n\"1000's\" = \"thousands\"\n\
             [likely]\nstated = { to = \"said\", examples = [[\"He stated it.\", \"He said it.\"]], keeps = [\"x\"] }\n"
                .to_owned(),
        )];
        let (dict, _) = load(&sources);
        let rows = stats(&dict);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].kind, rows[0].entries), (Kind::Certain, 2));
        assert!(rows[0].forms > 5, "verb forms are expanded: {rows:?}");
        let forms = surface_forms(&dict);
        assert_eq!(forms.len(), rows.iter().map(|r| r.forms).sum::<usize>());
        assert!(forms
            .iter()
            .any(|f| f.form == "got here" && f.replacement == "came" && f.entry == "a:get here"));
    }
}
