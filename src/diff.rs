//! Comparisons of two texts as data: the changes, the lines paired up, the lines worth
//! showing. The terminal views ([`crate::render`]), the unified diff
//! ([`crate::unified`]) and the HTML report ([`crate::html`]) all start here.
//!
//! A [`Comparison`] is an old text plus a list of [`Change`]s, sorted and not
//! overlapping; the new text is the old one with the changes applied. It comes either
//! from a repair's edit list ([`Comparison::from_edits`]), so that every view shows
//! exactly what `fix` would do, or from a word-level diff of two unrelated texts
//! ([`Comparison::between`]).
//!
//! ```
//! use unspin::diff::Comparison;
//! let cmp = Comparison::between("Tens of 1000's got here.", "Tens of thousands came.");
//! assert_eq!(cmp.changes.len(), 1);
//! assert_eq!(cmp.new, "Tens of thousands came.");
//! ```

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffTag};

use crate::dict::Kind;
use crate::edit::Edit;
use crate::repair::Repair;
use crate::score::SpinScore;

/// One replaced stretch of the old text.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Byte range in the old text (empty for a pure insertion).
    pub span: Range<usize>,
    /// What the new text has there.
    pub replacement: String,
    /// The dictionary entry (`pack:key`) behind the change, when it is a repair.
    pub entry: Option<String>,
    /// The entry's kind, when it is a repair.
    pub kind: Option<Kind>,
}

impl Change {
    /// `entry (kind)`, for tooltips; empty when the change is not a repair.
    pub fn label(&self) -> String {
        match (&self.entry, self.kind) {
            (Some(e), Some(k)) => format!("{e} ({k})"),
            (Some(e), None) => e.clone(),
            (None, Some(k)) => k.to_string(),
            (None, None) => String::new(),
        }
    }
}

/// An old text, its changes and the new text they make.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<'a> {
    /// The text as given.
    pub old: &'a str,
    /// The text with every change applied.
    pub new: String,
    /// The changes, sorted by start and not overlapping.
    pub changes: Vec<Change>,
}

impl<'a> Comparison<'a> {
    /// The comparison of `text` with its repair: one change per edit, so the new text
    /// is exactly [`crate::apply`]`(text, edits)`.
    pub fn from_edits(text: &'a str, edits: &[Edit]) -> Comparison<'a> {
        let changes = edits
            .iter()
            .map(|e| Change {
                span: e.span.clone(),
                replacement: e.replacement.clone(),
                entry: Some(e.entry.clone()),
                kind: Some(e.kind),
            })
            .collect();
        Comparison { old: text, new: crate::edit::apply(text, edits), changes }
    }

    /// The comparison of `old` with its repair.
    pub fn from_repair(old: &'a str, repair: &Repair) -> Comparison<'a> {
        Comparison::from_edits(old, &repair.edits)
    }

    /// A word-level comparison of `old` with any other text, through `similar`
    /// (patience diff over words, spaces and punctuation). Runs of changed words
    /// separated only by spaces are merged into one change. Very large, very different
    /// texts fall back to a coarser diff after a few seconds.
    pub fn between(old: &'a str, new: &str) -> Comparison<'a> {
        let (old_tokens, new_tokens) = (tokens(old), tokens(new));
        let old_words: Vec<&str> = old_tokens.iter().map(|r| &old[r.clone()]).collect();
        let new_words: Vec<&str> = new_tokens.iter().map(|r| &new[r.clone()]).collect();
        let deadline = Instant::now().checked_add(Duration::from_secs(5));
        let ops =
            similar::capture_diff_slices_deadline(Algorithm::Patience, &old_words, &new_words, deadline);
        // Byte offset of token `i` (or the end) in each text.
        let old_at = |i: usize| old_tokens.get(i).map_or(old.len(), |r| r.start);
        let new_at = |i: usize| new_tokens.get(i).map_or(new.len(), |r| r.start);
        // (old token range, new token range) of each change, merged across spaces.
        let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        for op in &ops {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                continue;
            }
            if let Some(last) = runs.last_mut() {
                let gap_is_space =
                    old_words[last.0.end..o.start].iter().all(|w| w.chars().all(char::is_whitespace));
                if gap_is_space && last.0.end < o.start && last.1.end < n.start {
                    *last = (last.0.start..o.end, last.1.start..n.end);
                    continue;
                }
            }
            runs.push((o, n));
        }
        let changes = runs
            .into_iter()
            .map(|(o, n)| Change {
                span: old_at(o.start)..old_at(o.end),
                replacement: new[new_at(n.start)..new_at(n.end)].to_owned(),
                entry: None,
                kind: None,
            })
            .collect();
        Comparison { old, new: new.to_owned(), changes }
    }

    /// The old text's lines paired with the new text's, changes marked.
    pub fn lines(&self) -> Vec<Line<'_>> {
        let mut b = LineBuilder { lines: Vec::new(), cur: Line { old_no: 1, new_no: 1, parts: Vec::new() } };
        let mut pos = 0;
        for (i, c) in self.changes.iter().enumerate() {
            b.same(&self.old[pos..c.span.start]);
            let old = &self.old[c.span.clone()];
            b.cur.parts.push(Part::Changed { old, new: &c.replacement, change: i });
            pos = c.span.end;
        }
        b.same(&self.old[pos..]);
        let LineBuilder { mut lines, cur } = b;
        if !cur.parts.is_empty() {
            lines.push(cur);
        }
        lines
    }
}

struct LineBuilder<'c> {
    lines: Vec<Line<'c>>,
    cur: Line<'c>,
}

impl<'c> LineBuilder<'c> {
    /// Add unchanged text, ending a line at each line break.
    fn same(&mut self, mut rest: &'c str) {
        while let Some(nl) = rest.find('\n') {
            if nl > 0 {
                self.cur.parts.push(Part::Same(&rest[..nl]));
            }
            // The next line starts after the breaks this one holds, inside changes too.
            let (mut old_no, mut new_no) = (self.cur.old_no + 1, self.cur.new_no + 1);
            for p in &self.cur.parts {
                if let Part::Changed { old, new, .. } = p {
                    old_no += old.matches('\n').count();
                    new_no += new.matches('\n').count();
                }
            }
            let next = Line { old_no, new_no, parts: Vec::new() };
            self.lines.push(std::mem::replace(&mut self.cur, next));
            rest = &rest[nl + 1..];
        }
        if !rest.is_empty() {
            self.cur.parts.push(Part::Same(rest));
        }
    }
}

/// Split text into words (letters, digits, apostrophes), runs of whitespace and single
/// other characters, as byte ranges.
fn tokens(text: &str) -> Vec<Range<usize>> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || crate::text::is_apostrophe(c) {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        match out.last_mut() {
            Some(last) if prev == Some(k) && k != Class::Other => last.end = i + c.len_utf8(),
            _ => out.push(i..i + c.len_utf8()),
        }
        prev = Some(k);
    }
    out
}

/// A line of the old text with the matching line of the new text. Changes that span
/// line breaks keep the lines they join together in one `Line`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<'c> {
    /// 1-based line number in the old text.
    pub old_no: usize,
    /// 1-based line number in the new text.
    pub new_no: usize,
    /// The line's text, without its line break, in order.
    pub parts: Vec<Part<'c>>,
}

/// A piece of a [`Line`].
#[derive(Debug, Clone, PartialEq)]
pub enum Part<'c> {
    /// Text both sides share.
    Same(&'c str),
    /// Old text replaced by new text.
    Changed {
        /// The old side (may be empty).
        old: &'c str,
        /// The new side (may be empty).
        new: &'c str,
        /// Index of the change in [`Comparison::changes`].
        change: usize,
    },
}

/// Which text of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The old text (the input).
    Old,
    /// The new text (the repair, or the other text).
    New,
}

impl Line<'_> {
    /// Does the line hold a change?
    pub fn is_changed(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Changed { .. }))
    }

    /// Is the line empty or only whitespace, on both sides?
    pub fn is_blank(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Same(s) if s.trim().is_empty()))
    }

    /// The line's text on one side.
    pub fn text(&self, side: Side) -> String {
        self.parts
            .iter()
            .map(|p| match (p, side) {
                (Part::Same(s), _) => *s,
                (Part::Changed { old, .. }, Side::Old) => old,
                (Part::Changed { new, .. }, Side::New) => new,
            })
            .collect()
    }
}

/// The stretches of `lines` (index ranges) worth showing: every paragraph with a
/// change, plus `context` non-blank lines before and after it (and the blank lines
/// between). `None` shows everything. Stretches one line apart are joined, since
/// a note that one line was skipped takes as much room as the line.
pub fn visible(lines: &[Line<'_>], context: Option<usize>) -> Vec<Range<usize>> {
    let Some(context) = context else {
        return if lines.is_empty() { Vec::new() } else { std::iter::once(0..lines.len()).collect() };
    };
    let mut show = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        if !line.is_changed() {
            continue;
        }
        let mut start = i;
        while start > 0 && !lines[start - 1].is_blank() {
            start -= 1;
        }
        let mut end = i + 1;
        while end < lines.len() && !lines[end].is_blank() {
            end += 1;
        }
        let mut found = 0;
        while found < context && start > 0 {
            start -= 1;
            found += usize::from(!lines[start].is_blank());
        }
        while start < i && lines[start].is_blank() {
            start += 1;
        }
        found = 0;
        while found < context && end < lines.len() {
            found += usize::from(!lines[end].is_blank());
            end += 1;
        }
        while end > i + 1 && lines[end - 1].is_blank() {
            end -= 1;
        }
        show[start..end].iter_mut().for_each(|s| *s = true);
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (i, _) in show.iter().enumerate().filter(|(_, s)| **s) {
        match ranges.last_mut() {
            Some(r) if i <= r.end + 1 => r.end = i + 1,
            _ => ranges.push(i..i + 1),
        }
    }
    ranges
}

/// What a diff is about, for its header line.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The input's name.
    pub name: String,
    /// The other text's name, for a comparison with another text.
    pub against: Option<String>,
    /// The input's spin score, for a repair.
    pub score: Option<SpinScore>,
    /// Changes in all.
    pub changes: usize,
    /// Changes per kind: certain, likely, contextual (all zero for another text).
    pub per_kind: [usize; 3],
}

impl Summary {
    /// The summary of a repair of the file `name`.
    pub fn of_repair(name: &str, repair: &Repair) -> Summary {
        let count = |k: Kind| repair.edits.iter().filter(|e| e.kind == k).count();
        Summary {
            name: name.to_owned(),
            against: None,
            score: Some(repair.score),
            changes: repair.edits.len(),
            per_kind: [count(Kind::Certain), count(Kind::Likely), count(Kind::Contextual)],
        }
    }

    /// The summary of a comparison of the file `name` with the file `other`.
    pub fn of_comparison(name: &str, other: &str, cmp: &Comparison<'_>) -> Summary {
        Summary {
            name: name.to_owned(),
            against: Some(other.to_owned()),
            score: None,
            changes: cmp.changes.len(),
            per_kind: [0; 3],
        }
    }

    /// One line: `a.txt: spin score 200.0 (2 certain in 10 words), 3 edits: 2 certain,
    /// 1 likely, 0 contextual`, or `a.txt vs b.txt: 4 changes`.
    pub fn line(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match (&self.against, &self.score) {
            (Some(other), _) => {
                format!("{} vs {}: {}", self.name, other, plural(self.changes, "change", "changes"))
            }
            (None, Some(s)) => format!(
                "{}: spin score {:.1} ({} certain in {} words), {}: {} certain, {} likely, {} contextual",
                self.name,
                s.per_1000,
                s.certain,
                s.words,
                plural(self.changes, "edit", "edits"),
                self.per_kind[0],
                self.per_kind[1],
                self.per_kind[2]
            ),
            (None, None) => format!("{}: {}", self.name, plural(self.changes, "change", "changes")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(span: Range<usize>, new: &str) -> Change {
        Change { span, replacement: new.into(), entry: Some("news:x".into()), kind: Some(Kind::Certain) }
    }

    fn cmp<'a>(old: &'a str, changes: Vec<Change>) -> Comparison<'a> {
        let edits: Vec<Edit> = changes
            .iter()
            .map(|c| Edit {
                span: c.span.clone(),
                found: old[c.span.clone()].into(),
                replacement: c.replacement.clone(),
                entry: "news:x".into(),
                kind: Kind::Certain,
                confidence: 0.99,
            })
            .collect();
        Comparison::from_edits(old, &edits)
    }

    #[test]
    fn lines_pair_up_and_count_both_sides() {
        let old = "one got\nhere two\n\nthree\n";
        let c = cmp(old, vec![change(4..12, "came")]);
        assert_eq!(c.new, "one came two\n\nthree\n");
        let lines = c.lines();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!((lines[0].old_no, lines[0].new_no), (1, 1));
        assert_eq!(lines[0].text(Side::Old), "one got\nhere two");
        assert_eq!(lines[0].text(Side::New), "one came two");
        assert!(lines[1].is_blank() && !lines[1].is_changed());
        assert_eq!((lines[1].old_no, lines[1].new_no), (3, 2));
        assert_eq!((lines[2].old_no, lines[2].new_no), (4, 3));
        assert_eq!(Comparison::between("", "").lines(), Vec::new());
        assert_eq!(Comparison::between("a", "a").lines().len(), 1, "a last line without a break counts");
    }

    #[test]
    fn between_is_word_level_and_merges_across_spaces() {
        let c = Comparison::between(
            "Tens of 1000’s got here to the capital.",
            "Tens of thousands came to the capital.",
        );
        let found: Vec<(&str, &str)> =
            c.changes.iter().map(|ch| (&c.old[ch.span.clone()], ch.replacement.as_str())).collect();
        assert_eq!(found, [("1000’s got here", "thousands came")]);
        let c = Comparison::between("a b c d", "a x c y");
        assert_eq!(c.changes.len(), 2);
        assert_eq!(c.changes[0].label(), "");
    }

    #[test]
    fn visible_takes_paragraphs_and_context() {
        let old = "a\n\nb\n\nc1\nc2 x\nc3\n\nd\n\ne\n\nf\n";
        let x = old.find('x').unwrap();
        let c = cmp(old, vec![change(x..x + 1, "y")]);
        let lines = c.lines();
        // Lines: a, _, b, _, c1, c2, c3, _, d, _, e, _, f
        assert_eq!(visible(&lines, Some(0)), vec![4..7; 1]);
        assert_eq!(visible(&lines, Some(1)), vec![2..9; 1]);
        assert_eq!(visible(&lines, Some(2)), vec![0..11; 1]);
        assert_eq!(visible(&lines, None), vec![0..13; 1]);
        assert!(visible(&Comparison::between("a\n", "a\n").lines(), Some(1)).is_empty());
    }

    #[test]
    fn summary_lines() {
        let repair = Repair {
            score: SpinScore::new(10, 2, 2.0),
            edits: vec![Edit {
                span: 0..1,
                found: "a".into(),
                replacement: "b".into(),
                entry: "news:a".into(),
                kind: Kind::Likely,
                confidence: 0.8,
            }],
        };
        assert_eq!(
            Summary::of_repair("f.txt", &repair).line(),
            "f.txt: spin score 200.0 (2 certain in 10 words), 1 edit: 0 certain, 1 likely, 0 contextual"
        );
        let c = Comparison::between("a b", "a c");
        assert_eq!(Summary::of_comparison("s.txt", "o.txt", &c).line(), "s.txt vs o.txt: 1 change");
    }
}
