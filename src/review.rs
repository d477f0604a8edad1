//! Reviewing a repair edit by edit, as a state machine without I/O: `unspin review`
//! drives it from key presses, tests drive it directly.
//!
//! A [`Review`] walks the edits of a [`Repair`] in text order, grouped by sentence.
//! [`Review::current`] is the first edit not yet decided, with its sentence as
//! context; [`Review::answer`] decides it (and, for [`Answer::AcceptEntry`] and
//! [`Answer::RejectEntry`], every later undecided edit of the same entry);
//! [`Review::undo`] takes the last answer back. The result is a subset of the edits
//! ([`Review::decided_edits`]), some with a replacement typed by the reviewer, and the
//! text they make ([`Review::output`]); edits left undecided are rejected.
//!
//! ```
//! use unspin::review::{Answer, Review};
//! use unspin::{Config, Dictionary, Repairer};
//!
//! let repairer = Repairer::new(&Dictionary::embedded()?, Config::default())?;
//! let text = "Tens of 1000's got here to the capital.";
//! let repair = repairer.repair(text);
//! let mut review = Review::new(text, &repair);
//! assert_eq!(review.current().unwrap().edit.found, "1000's");
//! review.answer(Answer::Accept);
//! review.answer(Answer::Reject);
//! assert!(review.is_done());
//! assert_eq!(review.output(), "Tens of thousands got here to the capital.");
//! # Ok::<(), unspin::Error>(())
//! ```
//!
//! With `--remember`, what was decided becomes data for the next run ([`Review::lessons`],
//! [`remember`]): rejected findings become `[ignore]` rules and hand-typed replacements
//! become entries of a user dictionary.

use std::fmt;
use std::ops::Range;

use crate::casing::match_case;
use crate::dict::{Kind, Pack};
use crate::diff::{Change, Comparison};
use crate::edit::{apply, Edit};
use crate::error::{Error, Location, Result};
use crate::repair::Repair;
use crate::text::{normalize_phrase, words_after, words_before};

/// What the reviewer says about the current edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Apply it.
    Accept,
    /// Leave the text as it is.
    Reject,
    /// Apply it and every later undecided edit of the same entry.
    AcceptEntry,
    /// Reject it and every later undecided edit of the same entry.
    RejectEntry,
    /// Apply it with this replacement instead.
    Replace(String),
}

/// The fate of one edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Applied as proposed.
    Accepted,
    /// Not applied.
    Rejected,
    /// Applied with the reviewer's replacement.
    Replaced(String),
}

/// What a key asks for. The keys are the same in a terminal and on piped input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `y`: accept this edit.
    Accept,
    /// `n`: reject this edit.
    Reject,
    /// `a`: accept this and all remaining edits of its entry.
    AcceptEntry,
    /// `d`: reject this and all remaining edits of its entry.
    RejectEntry,
    /// `e`: type the replacement.
    Edit,
    /// `u`: undo the last answer.
    Undo,
    /// `q`: stop and write what was decided; undecided edits are rejected.
    Quit,
    /// `x`: stop without writing anything.
    Abort,
    /// `?`: show the keys.
    Help,
}

impl Command {
    /// Every command, in the order the prompt lists them.
    pub const ALL: [Command; 9] = [
        Command::Accept,
        Command::Reject,
        Command::AcceptEntry,
        Command::RejectEntry,
        Command::Edit,
        Command::Undo,
        Command::Quit,
        Command::Abort,
        Command::Help,
    ];

    /// The key that gives this command.
    pub fn key(self) -> char {
        match self {
            Command::Accept => 'y',
            Command::Reject => 'n',
            Command::AcceptEntry => 'a',
            Command::RejectEntry => 'd',
            Command::Edit => 'e',
            Command::Undo => 'u',
            Command::Quit => 'q',
            Command::Abort => 'x',
            Command::Help => '?',
        }
    }

    /// The command for a key (case-insensitive), if any.
    pub fn from_key(key: char) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.key() == key.to_ascii_lowercase())
    }

    /// What the command does, for the help.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Accept => "accept this edit",
            Command::Reject => "reject this edit",
            Command::AcceptEntry => "accept this and all remaining edits of this entry",
            Command::RejectEntry => "reject this and all remaining edits of this entry",
            Command::Edit => "edit the replacement, then accept it",
            Command::Undo => "undo the last answer",
            Command::Quit => "quit and write what was decided (undecided edits are rejected)",
            Command::Abort => "abort without writing anything",
            Command::Help => "show this help",
        }
    }

    /// The keys as the prompt shows them: `y,n,a,d,e,u,q,x,?`.
    pub fn prompt_keys() -> String {
        Command::ALL.iter().map(|c| c.key().to_string()).collect::<Vec<_>>().join(",")
    }

    /// One line per key: `y - accept this edit`.
    pub fn help() -> String {
        Command::ALL.iter().map(|c| format!("{} - {}\n", c.key(), c.describe())).collect()
    }
}

/// Longest stretch of context shown on either side of an edit, in bytes.
const CONTEXT_BYTES: usize = 240;

/// One answer as given, with the edits it decided (the current one first).
#[derive(Debug, Clone, PartialEq)]
struct Step {
    answer: Answer,
    decided: Vec<usize>,
}

/// The state of a review. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct Review<'t> {
    text: &'t str,
    edits: Vec<Edit>,
    /// Byte ranges of the sentences that hold edits, in order.
    sentences: Vec<Range<usize>>,
    /// For each edit, the index of its sentence.
    sentence_of: Vec<usize>,
    decisions: Vec<Option<Decision>>,
    history: Vec<Step>,
}

/// The edit under review, with its sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Current<'r> {
    /// Index of the edit (0-based) among all edits.
    pub index: usize,
    /// Number of edits.
    pub total: usize,
    /// The edit.
    pub edit: &'r Edit,
    /// Index of its sentence (0-based) among the sentences with edits.
    pub sentence: usize,
    /// Number of sentences with edits.
    pub sentences: usize,
    /// The sentence (cut to a window around the edit if very long), on one line, with
    /// the other edits of the sentence that were accepted so far applied.
    pub context: String,
    /// Where the edit's found text sits in `context`.
    pub change: Range<usize>,
    /// The replacement, on one line.
    pub replacement: String,
}

impl Current<'_> {
    /// The context before and after this edit, as a comparison with one change, for
    /// [`crate::render::passage`].
    pub fn comparison(&self) -> Comparison<'_> {
        let change = Change {
            span: self.change.clone(),
            replacement: self.replacement.clone(),
            entry: Some(self.edit.entry.clone()),
            kind: Some(self.edit.kind),
        };
        let new = format!(
            "{}{}{}",
            &self.context[..self.change.start],
            self.replacement,
            &self.context[self.change.end..]
        );
        Comparison { old: &self.context, new, changes: vec![change] }
    }
}

impl<'t> Review<'t> {
    /// A review of `repair`, made from `text`.
    pub fn new(text: &'t str, repair: &Repair) -> Review<'t> {
        Review::from_edits(text, repair.edits.clone())
    }

    /// A review of `edits` (sorted, not overlapping, as the engine returns them).
    pub fn from_edits(text: &'t str, edits: Vec<Edit>) -> Review<'t> {
        let all = sentences(text);
        let mut groups: Vec<Range<usize>> = Vec::new();
        let mut sentence_of = Vec::with_capacity(edits.len());
        for edit in &edits {
            let s = all.partition_point(|r| r.end <= edit.span.start);
            let mut range = match all.get(s) {
                Some(r) if r.start <= edit.span.start => r.clone(),
                _ => edit.span.clone(),
            };
            range.end = range.end.max(edit.span.end);
            match groups.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => groups.push(range),
            }
            sentence_of.push(groups.len() - 1);
        }
        let decisions = vec![None; edits.len()];
        Review { text, edits, sentences: groups, sentence_of, decisions, history: Vec::new() }
    }

    /// The text under review.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Every edit proposed, in text order.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The decision on each edit so far (`None`: undecided).
    pub fn decisions(&self) -> &[Option<Decision>] {
        &self.decisions
    }

    /// Have all edits been decided?
    pub fn is_done(&self) -> bool {
        self.next_undecided().is_none()
    }

    /// Can [`Review::undo`] take something back?
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    fn next_undecided(&self) -> Option<usize> {
        self.decisions.iter().position(Option::is_none)
    }

    /// The edit to decide next, or `None` when all are decided.
    pub fn current(&self) -> Option<Current<'_>> {
        let index = self.next_undecided()?;
        let edit = &self.edits[index];
        let sentence = self.sentence_of[index];
        let group = &self.sentences[sentence];
        let window = window(self.text, group, &edit.span);
        let mut context = String::new();
        let mut pos = window.start;
        let mut change = 0..0;
        if window.start > group.start {
            context.push_str("… ");
        }
        for (i, other) in self.edits.iter().enumerate() {
            let inside = other.span.start >= window.start && other.span.end <= window.end;
            let replacement = match &self.decisions[i] {
                _ if i == index => None,
                Some(Decision::Accepted) => Some(other.replacement.as_str()),
                Some(Decision::Replaced(r)) => Some(r.as_str()),
                _ => continue,
            };
            if !inside {
                continue;
            }
            context.push_str(&self.text[pos..other.span.start]);
            match replacement {
                Some(r) => context.push_str(r),
                None => {
                    change.start = context.len();
                    context.push_str(&other.found);
                    change.end = context.len();
                }
            }
            pos = other.span.end;
        }
        context.push_str(&self.text[pos..window.end]);
        if window.end < group.end {
            context.push_str(" …");
        }
        Some(Current {
            index,
            total: self.edits.len(),
            edit,
            sentence,
            sentences: self.sentences.len(),
            context: one_line(&context),
            change,
            replacement: one_line(&edit.replacement),
        })
    }

    /// Decide the current edit. Returns false (and changes nothing) when every edit is
    /// already decided.
    pub fn answer(&mut self, answer: Answer) -> bool {
        let Some(index) = self.next_undecided() else { return false };
        let decision = match &answer {
            Answer::Accept | Answer::AcceptEntry => Decision::Accepted,
            Answer::Reject | Answer::RejectEntry => Decision::Rejected,
            Answer::Replace(r) => Decision::Replaced(r.clone()),
        };
        let mut decided = vec![index];
        if matches!(answer, Answer::AcceptEntry | Answer::RejectEntry) {
            let entry = &self.edits[index].entry;
            decided.extend(
                (index + 1..self.edits.len())
                    .filter(|&j| self.decisions[j].is_none() && &self.edits[j].entry == entry),
            );
        }
        for &i in &decided {
            self.decisions[i] = Some(decision.clone());
        }
        self.history.push(Step { answer, decided });
        true
    }

    /// Take back the last answer: the edits it decided are undecided again, and the
    /// first of them is current. Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.history.pop() else { return false };
        for i in step.decided {
            self.decisions[i] = None;
        }
        true
    }

    /// The accepted edits, with the reviewer's replacements; undecided edits count as
    /// rejected.
    pub fn decided_edits(&self) -> Vec<Edit> {
        self.edits
            .iter()
            .zip(&self.decisions)
            .filter_map(|(edit, decision)| match decision {
                Some(Decision::Accepted) => Some(edit.clone()),
                Some(Decision::Replaced(r)) => Some(Edit { replacement: r.clone(), ..edit.clone() }),
                Some(Decision::Rejected) | None => None,
            })
            .collect()
    }

    /// The text with the accepted edits applied.
    pub fn output(&self) -> String {
        apply(self.text, &self.decided_edits())
    }

    /// Accepted and rejected edits per entry.
    pub fn summary(&self) -> Tally {
        let mut rows: Vec<TallyRow> = Vec::new();
        for (edit, decision) in self.edits.iter().zip(&self.decisions) {
            let row = match rows.iter_mut().position(|r| r.entry == edit.entry) {
                Some(i) => &mut rows[i],
                None => {
                    rows.push(TallyRow { entry: edit.entry.clone(), kind: edit.kind, ..TallyRow::default() });
                    rows.last_mut().expect("just pushed")
                }
            };
            match decision {
                Some(Decision::Accepted) => row.accepted += 1,
                Some(Decision::Replaced(_)) => {
                    row.accepted += 1;
                    row.edited += 1;
                }
                Some(Decision::Rejected) => row.rejected += 1,
                None => {
                    row.rejected += 1;
                    row.undecided += 1;
                }
            }
        }
        Tally { rows }
    }

    /// What `--remember` keeps: a rejected edit (`n`) becomes an ignore rule for its
    /// entry in its context (the word before, the found text, the word after); edits
    /// rejected with their whole entry (`d`) become rules for the found text anywhere;
    /// replacements typed by the reviewer (`e`) become entries. Undecided edits teach
    /// nothing.
    pub fn lessons(&self) -> Lessons {
        let mut lessons = Lessons::default();
        let mut ignore = |phrase: String, entry: &str| {
            if !lessons.ignores.iter().any(|(p, e)| *p == phrase && e == entry) {
                lessons.ignores.push((phrase, entry.to_owned()));
            }
        };
        let mut learned: Vec<Learned> = Vec::new();
        for step in &self.history {
            let first = &self.edits[step.decided[0]];
            match &step.answer {
                Answer::Reject => ignore(self.context_phrase(step.decided[0]), &first.entry),
                Answer::RejectEntry => {
                    for &i in &step.decided {
                        ignore(normalize_phrase(&self.edits[i].found), &self.edits[i].entry);
                    }
                }
                Answer::Replace(r) => {
                    if let Some(l) = self.learn(step.decided[0], r) {
                        learned.retain(|old| old.key != l.key);
                        learned.push(l);
                    }
                }
                Answer::Accept | Answer::AcceptEntry => {}
            }
        }
        lessons.entries = learned;
        lessons
    }

    /// The phrase an ignore rule for edit `i` pins: the word before, the found text and
    /// the word after, leaving out a neighbour that another edit changes (so that the
    /// rule holds in the text as found and as repaired).
    fn context_phrase(&self, i: usize) -> String {
        let span = &self.edits[i].span;
        let joined = |a: usize, b: usize| {
            self.text[a..b].chars().all(|c| c.is_whitespace() || matches!(c, '-' | '\u{2010}'))
        };
        let prev_edited = i > 0 && joined(self.edits[i - 1].span.end, span.start);
        let next_edited = self.edits.get(i + 1).is_some_and(|e| joined(span.end, e.span.start));
        let mut words = Vec::new();
        if !prev_edited {
            words.extend(words_before(self.text, span.start, 1));
        }
        words.push(normalize_phrase(&self.edits[i].found));
        if !next_edited {
            words.extend(words_after(self.text, span.end, 1));
        }
        words.join(" ")
    }

    /// The entry that edit `i` with replacement `to` teaches, if any.
    fn learn(&self, i: usize, to: &str) -> Option<Learned> {
        let edit = &self.edits[i];
        let key = normalize_phrase(&edit.found);
        let to = to.split_whitespace().collect::<Vec<_>>().join(" ");
        if key.is_empty() || to.is_empty() || normalize_phrase(&to) == key {
            return None;
        }
        // Store "arrived" rather than "Arrived" when the capital only copies the text's.
        let lower = lower_first(&to);
        let to = if match_case(&edit.found, &lower) == to { lower } else { to };
        let group = &self.sentences[self.sentence_of[i]];
        let accepted: Vec<Edit> = self
            .decided_edits()
            .into_iter()
            .filter(|e| e.span.start >= group.start && e.span.end <= group.end)
            .map(|e| Edit { span: e.span.start - group.start..e.span.end - group.start, ..e })
            .collect();
        let sentence = &self.text[group.clone()];
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let example = (squash(sentence), squash(&apply(sentence, &accepted)));
        let (mut prev, mut next) = (None, None);
        if edit.kind == Kind::Contextual {
            next = words_after(self.text, edit.span.end, 1).pop();
            if next.is_none() {
                prev = words_before(self.text, edit.span.start, 1).pop();
            }
        }
        let kind = match edit.kind {
            Kind::Contextual if next.is_none() && prev.is_none() => Kind::Likely,
            k => k,
        };
        Some(Learned { kind, key, to, example, prev, next })
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Line breaks and tabs as spaces (one byte for one, so offsets stay valid).
fn one_line(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect()
}

/// `group` cut to at most [`CONTEXT_BYTES`] either side of `span`, at spaces.
fn window(text: &str, group: &Range<usize>, span: &Range<usize>) -> Range<usize> {
    let mut start = group.start;
    if span.start - group.start > CONTEXT_BYTES {
        let mut from = span.start - CONTEXT_BYTES;
        while !text.is_char_boundary(from) {
            from += 1;
        }
        start = text[from..span.start].find(char::is_whitespace).map_or(span.start, |i| {
            let rest = &text[from + i..span.start];
            from + i + (rest.len() - rest.trim_start().len())
        });
    }
    let mut end = group.end;
    if group.end - span.end > CONTEXT_BYTES {
        let mut to = span.end + CONTEXT_BYTES;
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        end = text[span.end..to]
            .rfind(char::is_whitespace)
            .map_or(span.end, |i| span.end + text[span.end..span.end + i].trim_end().len());
    }
    start..end
}

/// The sentences of `text` as byte ranges, without surrounding whitespace. A sentence
/// ends after `.`, `!`, `?` or `…` (and any closing quotes or brackets) followed by
/// whitespace, at a blank line, or at the end of the text. Abbreviations end
/// sentences too: the ranges are context for a reader, not grammar.
///
/// ```
/// use unspin::review::sentences;
/// let text = "One. “Two?” Three\n\nFour 2.5 five";
/// let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(s, ["One.", "“Two?”", "Three", "Four 2.5 five"]);
/// ```
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |j: usize| chars.get(j).map_or(text.len(), |&(p, _)| p);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let Some(s) = start else {
            if !c.is_whitespace() {
                start = Some(pos);
            }
            i += 1;
            continue;
        };
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j].1, '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»')
            {
                j += 1;
            }
            if j == chars.len() || chars[j].1.is_whitespace() {
                out.push(s..at(j));
                start = None;
            }
            i = j;
            continue;
        }
        if c == '\n' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != '\n' && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j < chars.len() && chars[j].1 == '\n' {
                out.push(s..s + text[s..pos].trim_end().len());
                start = None;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push(s..s + text[s..].trim_end().len());
    }
    out
}

/// The outcome of a review per entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// One row per entry, in the order the entries first occur in the text.
    pub rows: Vec<TallyRow>,
}

/// The outcome for one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyRow {
    /// The entry, `pack:key`.
    pub entry: String,
    /// Its kind.
    pub kind: Kind,
    /// Edits applied (with the reviewer's replacement or not).
    pub accepted: usize,
    /// Of the accepted, those with a replacement typed by the reviewer.
    pub edited: usize,
    /// Edits not applied (undecided ones included).
    pub rejected: usize,
    /// Of the rejected, those left undecided.
    pub undecided: usize,
}

impl Default for TallyRow {
    fn default() -> TallyRow {
        TallyRow {
            entry: String::new(),
            kind: Kind::Certain,
            accepted: 0,
            edited: 0,
            rejected: 0,
            undecided: 0,
        }
    }
}

impl Tally {
    /// Accepted edits in all.
    pub fn accepted(&self) -> usize {
        self.rows.iter().map(|r| r.accepted).sum()
    }

    /// Rejected edits in all, undecided ones included.
    pub fn rejected(&self) -> usize {
        self.rows.iter().map(|r| r.rejected).sum()
    }
}

fn counts(
    f: &mut fmt::Formatter<'_>,
    accepted: usize,
    edited: usize,
    rejected: usize,
    undecided: usize,
) -> fmt::Result {
    write!(f, "{accepted} accepted")?;
    if edited > 0 {
        write!(f, " ({edited} edited)")?;
    }
    write!(f, ", {rejected} rejected")?;
    if undecided > 0 {
        write!(f, " ({undecided} undecided)")?;
    }
    Ok(())
}

/// `3 accepted (1 edited), 2 rejected`, then one indented line per entry.
impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sum = |g: fn(&TallyRow) -> usize| self.rows.iter().map(g).sum::<usize>();
        counts(f, sum(|r| r.accepted), sum(|r| r.edited), sum(|r| r.rejected), sum(|r| r.undecided))?;
        for r in &self.rows {
            write!(f, "\n  {} ({}): ", r.entry, r.kind)?;
            counts(f, r.accepted, r.edited, r.rejected, r.undecided)?;
        }
        Ok(())
    }
}

/// What a review teaches a user dictionary (see [`Review::lessons`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lessons {
    /// `[ignore]` rules: (phrase, entry id).
    pub ignores: Vec<(String, String)>,
    /// New entries.
    pub entries: Vec<Learned>,
}

impl Lessons {
    /// Nothing to remember?
    pub fn is_empty(&self) -> bool {
        self.ignores.is_empty() && self.entries.is_empty()
    }
}

/// An entry learned from a replacement the reviewer typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learned {
    /// The kind of the entry that proposed the edit (`likely` for a `contextual` one
    /// without a word around it to condition on).
    pub kind: Kind,
    /// The artifact, normalized.
    pub key: String,
    /// The replacement.
    pub to: String,
    /// The sentence as found and as decided, the entry's example.
    pub example: (String, String),
    /// For `contextual`: the word that must come before (when no word follows).
    pub prev: Option<String>,
    /// For `contextual`: the word that must follow.
    pub next: Option<String>,
}

/// Add `lessons` to the user dictionary `existing` (TOML, possibly empty) and return
/// the new file, keeping the file's comments and layout, with a note for each lesson
/// that could not be kept (one that would make the file fail to load). Ignore rules
/// go to `[ignore]`; an entry replaces an entry of the file with the same key. The
/// result loads with [`Pack::from_toml`]; `source_name` names the file in errors.
pub fn remember(existing: &str, source_name: &str, lessons: &Lessons) -> Result<(String, Vec<String>)> {
    Pack::from_toml(existing, source_name)?;
    let mut doc: toml_edit::DocumentMut =
        existing.parse().map_err(|e: toml_edit::TomlError| Error::Parse {
            at: Location { source: source_name.to_owned(), line: None },
            message: e.message().to_owned(),
        })?;
    if existing.trim().is_empty() {
        doc.decor_mut().set_prefix(
            "# Written by `unspin review --remember`: findings turned down ([ignore]) and\n\
             # replacements typed during review. Use it with `unspin --dict FILE`.\n\n",
        );
    }
    let mut notes = Vec::new();
    // Make sure table `name` exists: a new one goes last, after a blank line (after
    // the comments of a file that has nothing else).
    let section = |doc: &mut toml_edit::DocumentMut, name: &str| -> Option<()> {
        if !doc.contains_key(name) {
            let mut table = toml_edit::Table::new();
            let prefix = if doc.is_empty() {
                let comments = doc.trailing().as_str().unwrap_or("").to_owned();
                doc.set_trailing("");
                if comments.is_empty() {
                    comments
                } else {
                    comments + "\n"
                }
            } else {
                "\n".to_owned()
            };
            table.decor_mut().set_prefix(prefix);
            doc.insert(name, toml_edit::Item::Table(table));
        }
        doc[name].as_table_like_mut().map(|_| ())
    };
    for (phrase, entry) in &lessons.ignores {
        let before = doc.clone();
        if section(&mut doc, "ignore").is_none() {
            notes.push(format!("{source_name}: [ignore] is not a table; cannot add \"{phrase}\""));
            continue;
        }
        let table = doc["ignore"].as_table_like_mut().expect("checked");
        match table.get_mut(phrase) {
            None => {
                table.insert(phrase, toml_edit::value(entry.as_str()));
            }
            Some(item) => {
                let mut ids: Vec<String> = match item.as_value() {
                    Some(toml_edit::Value::String(s)) => vec![s.value().clone()],
                    Some(toml_edit::Value::Array(a)) => {
                        a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
                    }
                    _ => Vec::new(),
                };
                if !ids.contains(entry) {
                    ids.push(entry.clone());
                    *item = toml_edit::value(ids.into_iter().collect::<toml_edit::Array>());
                }
            }
        }
        if let Err(e) = Pack::from_toml(&doc.to_string(), source_name) {
            notes.push(format!("cannot remember to ignore \"{phrase}\" for {entry}: {e}"));
            doc = before;
        }
    }
    for l in &lessons.entries {
        let before = doc.clone();
        for kind in [Kind::Certain, Kind::Likely, Kind::Contextual] {
            if let Some(t) = doc.get_mut(kind.as_str()).and_then(|i| i.as_table_like_mut()) {
                let same: Vec<String> =
                    t.iter().map(|(k, _)| k.to_owned()).filter(|k| normalize_phrase(k) == l.key).collect();
                for k in same {
                    t.remove(&k);
                }
            }
        }
        let value = match l.kind {
            Kind::Certain => toml_edit::value(l.to.as_str()),
            Kind::Likely | Kind::Contextual => {
                let mut t = toml_edit::InlineTable::new();
                t.insert("to", l.to.as_str().into());
                if let Some(w) = &l.prev {
                    t.insert("prev", toml_edit::Array::from_iter([w.as_str()]).into());
                }
                if let Some(w) = &l.next {
                    t.insert("next", toml_edit::Array::from_iter([w.as_str()]).into());
                }
                let pair = toml_edit::Array::from_iter([l.example.0.as_str(), l.example.1.as_str()]);
                t.insert("examples", toml_edit::Array::from_iter([pair]).into());
                toml_edit::value(t)
            }
        };
        if section(&mut doc, l.kind.as_str()).is_none() {
            notes.push(format!("{source_name}: [{}] is not a table; cannot add \"{}\"", l.kind, l.key));
            continue;
        }
        doc[l.kind.as_str()].as_table_like_mut().expect("checked").insert(&l.key, value);
        if let Err(e) = Pack::from_toml(&doc.to_string(), source_name) {
            notes.push(format!("cannot remember \"{}\" = \"{}\": {e}", l.key, l.to));
            doc = before;
        }
    }
    Ok((doc.to_string(), notes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Dictionary, Repairer};

    const TEXT: &str = "Tens of 1000’s got here to the capital. The crowd got here early.\n\
                        Lots of of people despatched letters.\n";

    fn repair(text: &str) -> Repair {
        Repairer::new(&Dictionary::embedded().unwrap(), Config::default()).unwrap().repair(text)
    }

    fn founds(review: &Review<'_>) -> Vec<String> {
        review.decided_edits().into_iter().map(|e| e.found).collect()
    }

    #[test]
    fn walks_edits_in_order_grouped_by_sentence() {
        let repair = repair(TEXT);
        let found: Vec<&str> = repair.edits.iter().map(|e| e.found.as_str()).collect();
        assert_eq!(found, ["1000’s", "got here", "got here", "Lots of of", "despatched"]);
        let mut r = Review::new(TEXT, &repair);
        let c = r.current().unwrap();
        assert_eq!((c.index, c.total, c.sentence, c.sentences), (0, 5, 0, 3));
        assert_eq!(c.context, "Tens of 1000’s got here to the capital.");
        assert_eq!(&c.context[c.change.clone()], "1000’s");
        r.answer(Answer::Accept);
        // Accepted edits of the sentence show as applied in the context of the next.
        let c = r.current().unwrap();
        assert_eq!(c.context, "Tens of thousands got here to the capital.");
        assert_eq!(&c.context[c.change.clone()], "got here");
        assert_eq!(c.comparison().new, "Tens of thousands came to the capital.");
        r.answer(Answer::Reject);
        let c = r.current().unwrap();
        assert_eq!((c.index, c.sentence), (2, 1));
        assert_eq!(c.context, "The crowd got here early.");
        // A sentence across a line break is shown on one line.
        r.answer(Answer::Accept);
        assert_eq!(r.current().unwrap().sentence, 2);
    }

    #[test]
    fn entry_wide_answers_and_undo() {
        let repair = repair(TEXT);
        let mut r = Review::new(TEXT, &repair);
        r.answer(Answer::Accept);
        r.answer(Answer::RejectEntry); // both "got here"
        assert_eq!(r.current().unwrap().edit.found, "Lots of of");
        assert!(r.undo());
        assert_eq!(r.current().unwrap().index, 1);
        assert_eq!(r.decisions()[2], None, "undo frees every edit the answer decided");
        r.answer(Answer::AcceptEntry);
        r.answer(Answer::Reject);
        r.answer(Answer::Accept);
        assert!(r.is_done() && r.current().is_none());
        assert!(!r.answer(Answer::Accept), "nothing left to answer");
        assert_eq!(founds(&r), ["1000’s", "got here", "got here", "despatched"]);
        assert_eq!(
            r.output(),
            "Tens of thousands came to the capital. The crowd came early.\nLots of of people sent letters.\n"
        );
        while r.undo() {}
        assert!(!r.can_undo());
        assert_eq!(r.current().unwrap().index, 0);
        assert_eq!(r.output(), TEXT);
    }

    #[test]
    fn replace_quit_and_summary() {
        let repair = repair(TEXT);
        let mut r = Review::new(TEXT, &repair);
        r.answer(Answer::Accept);
        r.answer(Answer::Replace("arrived".into()));
        r.answer(Answer::Reject);
        // Quit here: the last two are undecided, so rejected.
        assert_eq!(
            r.output(),
            "Tens of thousands arrived to the capital. The crowd got here early.\n\
                                Lots of of people despatched letters.\n"
        );
        let t = r.summary();
        assert_eq!((t.accepted(), t.rejected()), (2, 3));
        let id = |i: usize| repair.edits[i].entry.clone();
        assert_eq!(
            t.to_string(),
            format!(
                "2 accepted (1 edited), 3 rejected (2 undecided)\n  \
                 {} (certain): 1 accepted, 0 rejected\n  \
                 {} (certain): 1 accepted (1 edited), 1 rejected\n  \
                 {} (certain): 0 accepted, 1 rejected (1 undecided)\n  \
                 {} (certain): 0 accepted, 1 rejected (1 undecided)",
                id(0),
                id(1),
                id(3),
                id(4)
            )
        );
    }

    #[test]
    fn commands_and_keys() {
        for c in Command::ALL {
            assert_eq!(Command::from_key(c.key()), Some(c));
        }
        assert_eq!(Command::from_key('Y'), Some(Command::Accept));
        assert_eq!(Command::from_key('z'), None);
        assert_eq!(Command::prompt_keys(), "y,n,a,d,e,u,q,x,?");
        assert!(Command::help().lines().count() == 9);
    }

    #[test]
    fn sentences_split_at_ends_and_blank_lines() {
        let text = "  Mr. Smith came! He said: \"yes.\" Then\nmore\n \nnew para";
        let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(s, ["Mr.", "Smith came!", "He said: \"yes.\"", "Then\nmore", "new para"]);
        assert!(sentences("").is_empty() && sentences(" \n ").is_empty());
    }

    #[test]
    fn long_sentences_are_cut_around_the_edit() {
        let filler = "word ".repeat(100);
        let text = format!("{filler}got here {filler}end.");
        let repair = repair(&text);
        let r = Review::new(&text, &repair);
        let c = r.current().unwrap();
        assert!(c.context.starts_with("… word") && c.context.ends_with("word …"), "{}", c.context);
        assert!(c.context.len() < 2 * CONTEXT_BYTES + 40);
        assert_eq!(&c.context[c.change.clone()], "got here");
    }

    #[test]
    fn lessons_and_remember_round_trip() {
        let text = "Tens of 1000’s got here to the capital. The navy stated it would help. \
                    Lots of of people despatched letters.";
        let repair = Repairer::new(
            &Dictionary::embedded().unwrap(),
            Config { gate: crate::Gate::AssumeSpun, ..Config::default() },
        )
        .unwrap()
        .repair(text);
        let mut r = Review::new(text, &repair);
        let mut entries = Vec::new();
        while let Some(c) = r.current() {
            entries.push(c.edit.entry.clone());
            let answer = match c.edit.found.as_str() {
                "1000’s" => Answer::Accept,
                "got here" => Answer::Replace("arrived".into()),
                "despatched" => Answer::RejectEntry,
                _ => Answer::Reject,
            };
            r.answer(answer);
        }
        let lessons = r.lessons();
        let lots = repair.edits.iter().find(|e| e.found == "Lots of of").unwrap();
        assert!(lessons.ignores.contains(&("lots of of people".into(), lots.entry.clone())), "{lessons:?}");
        let sent = repair.edits.iter().find(|e| e.found == "despatched").unwrap();
        assert!(lessons.ignores.contains(&("despatched".into(), sent.entry.clone())), "{lessons:?}");
        assert_eq!(lessons.entries.len(), 1);
        let l = &lessons.entries[0];
        assert_eq!((l.kind, l.key.as_str(), l.to.as_str()), (Kind::Certain, "got here", "arrived"));

        let (file, notes) = remember("# mine\n", "mine.toml", &lessons).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert!(file.starts_with("# mine\n\n[ignore]\n"), "{file}");
        // The file loads, and a repair with it proposes none of the rejected edits.
        let mut dict = Dictionary::embedded().unwrap();
        dict.push(Pack::from_toml(&file, "mine.toml").unwrap()).unwrap();
        let again = Repairer::new(&dict, Config { gate: crate::Gate::AssumeSpun, ..Config::default() })
            .unwrap()
            .repair(text);
        let fixed = again.apply(text);
        assert!(fixed.starts_with("Tens of thousands arrived to the capital."), "{fixed}");
        assert!(fixed.contains("Lots of of people despatched letters."), "{fixed}");
        // Remembering again changes nothing.
        let (twice, _) = remember(&file, "mine.toml", &lessons).unwrap();
        assert_eq!(twice, file);
    }

    #[test]
    fn remember_likely_and_contextual_entries_load() {
        let text = "They sent navy help. It stated so.";
        let edits = vec![
            Edit {
                span: 10..14,
                found: "navy".into(),
                replacement: "military".into(),
                entry: "news:navy".into(),
                kind: Kind::Contextual,
                confidence: 0.9,
            },
            Edit {
                span: 24..30,
                found: "stated".into(),
                replacement: "said".into(),
                entry: "news:stated".into(),
                kind: Kind::Likely,
                confidence: 0.8,
            },
        ];
        let mut r = Review::from_edits(text, edits);
        r.answer(Answer::Replace("armed forces'".into()));
        r.answer(Answer::Replace("claimed".into()));
        let lessons = r.lessons();
        assert_eq!(lessons.entries[0].next.as_deref(), Some("help"));
        let (file, notes) = remember("", "mine.toml", &lessons).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert!(file.starts_with("# Written by `unspin review --remember`"), "{file}");
        let pack = Pack::from_toml(&file, "mine.toml").unwrap();
        let navy = pack.entries.iter().find(|e| e.key == "navy").unwrap();
        assert_eq!(navy.kind, Kind::Contextual);
        assert_eq!(navy.examples, [("They sent navy help.".into(), "They sent armed forces' help.".into())]);
        let stated = pack.entries.iter().find(|e| e.key == "stated").unwrap();
        assert_eq!((stated.kind, stated.to.as_str()), (Kind::Likely, "claimed"));
        // A second review that changes its mind replaces the entry.
        let mut r = Review::from_edits(text, r.edits().to_vec());
        r.answer(Answer::Reject);
        r.answer(Answer::Replace("said".into()));
        let (file, notes) = remember(&file, "mine.toml", &r.lessons()).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        let pack = Pack::from_toml(&file, "mine.toml").unwrap();
        assert_eq!(pack.entries.iter().filter(|e| e.key == "stated").count(), 1);
        assert_eq!(pack.ignore.len(), 1);
        assert!(file.contains("\"sent navy help\" = \"news:navy\""), "{file}");
    }

    #[test]
    fn a_capital_that_only_copies_the_text_is_not_learned() {
        let text = "Got here late. got here late.";
        let edit = |start: usize, found: &str| Edit {
            span: start..start + 8,
            found: found.into(),
            replacement: "came".into(),
            entry: "news:got here".into(),
            kind: Kind::Certain,
            confidence: 0.99,
        };
        let mut r = Review::from_edits(text, vec![edit(0, "Got here"), edit(15, "got here")]);
        r.answer(Answer::Replace("Arrived".into()));
        assert_eq!(r.lessons().entries[0].to, "arrived");
        r.answer(Answer::Replace("NASA".into()));
        assert_eq!(r.lessons().entries[0].to, "NASA", "the last replacement of a key wins");
    }

    #[test]
    fn ignore_context_leaves_out_edited_neighbours() {
        let text = "Tens of 1000’s got here to the capital.";
        let repair = repair(text);
        let mut r = Review::new(text, &repair);
        r.answer(Answer::Reject);
        r.answer(Answer::Reject);
        let phrases: Vec<String> = r.lessons().ignores.into_iter().map(|(p, _)| p).collect();
        assert_eq!(phrases, ["of 1000's", "got here to"]);
    }

    #[test]
    fn remember_refuses_a_broken_file() {
        assert!(remember("[certain\n", "mine.toml", &Lessons::default()).is_err());
        assert!(remember("[oops]\n", "mine.toml", &Lessons::default()).is_err());
    }
}
