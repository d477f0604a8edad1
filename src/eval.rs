//! Scoring a repair against the original it should restore.
//!
//! Given the spun text, the gold original and the repair, every [`region`](crate::align::regions)
//! where they differ is one of:
//!
//! - **fixed**: the spun text differed from the gold and the repair matches the gold;
//! - **missed**: the spun text differed and the repair left it as it was;
//! - **wrong**: the spun text differed and the repair changed it, but not to the gold;
//! - **damage**: the spun text already equalled the gold and the repair changed it.
//!
//! Precision is fixed / (fixed + wrong + damage), recall fixed / (fixed + missed +
//! wrong); the word error rates are over the gold's tokens. On a text that was never
//! spun every change is damage, counted per 1,000 words. The figures agree with the
//! project's scoring script (`score.py`), up to the diff algorithm (see [`crate::align::align`]).
//!
//! ```
//! use unspin::eval::evaluate;
//! let spun = "Tens of 1000's then got here.";
//! let e = evaluate("storm", spun, "Tens of thousands then came.", "Tens of thousands then got here.");
//! assert_eq!((e.scores.fixed, e.scores.missed, e.scores.wrong, e.scores.damage), (1, 1, 0, 0));
//! assert_eq!(e.scores.precision, Some(1.0));
//! assert_eq!(e.scores.recall, Some(0.5));
//! ```

use serde::Serialize;

use crate::align::{align, errors, join, regions, tokenize};
use crate::text::word_count;

/// What became of one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Restored to the gold.
    Fixed,
    /// Left as the spinner wrote it.
    Missed,
    /// Changed, but not to the gold.
    Wrong,
    /// Changed where the spun text was already right.
    Damage,
}

impl Outcome {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Fixed => "fixed",
            Outcome::Missed => "missed",
            Outcome::Wrong => "wrong",
            Outcome::Damage => "damage",
        }
    }
}

/// One judged region, its three sides as space-joined tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judged {
    /// What became of it.
    pub outcome: Outcome,
    /// The spun text's tokens.
    pub spun: String,
    /// The gold's tokens.
    pub gold: String,
    /// The repair's tokens.
    pub repaired: String,
}

/// The figures of one document or of a total.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Tokens of the gold text (words and punctuation marks).
    pub tokens: usize,
    /// Tokens wrong in the spun text, against the gold.
    pub errors_spun: usize,
    /// Tokens wrong in the repair, against the gold.
    pub errors_repaired: usize,
    /// Word error rate of the spun text.
    pub wer_spun: f64,
    /// Word error rate of the repair.
    pub wer_repaired: f64,
    /// Regions where the spun text differs from the gold.
    pub needed: usize,
    /// Regions restored.
    pub fixed: usize,
    /// Regions left alone.
    pub missed: usize,
    /// Regions changed to something else than the gold.
    pub wrong: usize,
    /// Changes where the spun text was already right.
    pub damage: usize,
    /// fixed / (fixed + wrong + damage); none when nothing was changed.
    pub precision: Option<f64>,
    /// fixed / needed; none when nothing needed fixing.
    pub recall: Option<f64>,
}

impl Scores {
    /// Fill in the rates from the counts.
    fn finish(mut self) -> Scores {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        self.wer_spun = ratio(self.errors_spun, self.tokens).unwrap_or(0.0);
        self.wer_repaired = ratio(self.errors_repaired, self.tokens).unwrap_or(0.0);
        self.needed = self.fixed + self.missed + self.wrong;
        self.precision = ratio(self.fixed, self.fixed + self.wrong + self.damage);
        self.recall = ratio(self.fixed, self.needed);
        self
    }

    /// The counts of several documents added up, the rates computed from the sums (so
    /// the total word error rate weighs each document by its length).
    pub fn total<'a>(all: impl IntoIterator<Item = &'a Scores>) -> Scores {
        let mut t = Scores::default();
        for s in all {
            t.tokens += s.tokens;
            t.errors_spun += s.errors_spun;
            t.errors_repaired += s.errors_repaired;
            t.fixed += s.fixed;
            t.missed += s.missed;
            t.wrong += s.wrong;
            t.damage += s.damage;
        }
        t.finish()
    }
}

/// The evaluation of one repaired document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocEval {
    /// The document's name (its path, for the command line).
    pub name: String,
    /// Its figures.
    #[serde(flatten)]
    pub scores: Scores,
    /// Every region that counts, in text order.
    pub regions: Vec<Judged>,
}

/// Score `repaired` (the repair of `spun`) against `gold`.
pub fn evaluate(name: &str, spun: &str, gold: &str, repaired: &str) -> DocEval {
    let (s, g, r) = (tokenize(spun), tokenize(gold), tokenize(repaired));
    let mut scores = Scores {
        tokens: g.len(),
        errors_spun: errors(&align(&s, &g)),
        errors_repaired: errors(&align(&r, &g)),
        ..Scores::default()
    };
    let mut judged = Vec::new();
    for region in regions(&s, &g, &r) {
        let (st, gt, rt) = (&s[region.spun], &g[region.gold], &r[region.repaired]);
        let same = |x: &[crate::align::Token], y: &[crate::align::Token]| {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.text == b.text)
        };
        let (needed, made) = (!same(st, gt), !same(st, rt));
        let outcome = match (needed, made) {
            (true, _) if same(rt, gt) => Outcome::Fixed,
            (true, false) => Outcome::Missed,
            (true, true) => Outcome::Wrong,
            (false, true) => Outcome::Damage,
            (false, false) => continue,
        };
        match outcome {
            Outcome::Fixed => scores.fixed += 1,
            Outcome::Missed => scores.missed += 1,
            Outcome::Wrong => scores.wrong += 1,
            Outcome::Damage => scores.damage += 1,
        }
        judged.push(Judged { outcome, spun: join(st), gold: join(gt), repaired: join(rt) });
    }
    DocEval { name: name.to_owned(), scores: scores.finish(), regions: judged }
}

/// The evaluation of a repair of a text that was never spun: every change is damage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CleanEval {
    /// The text's name.
    pub name: String,
    /// Its words (whitespace-separated, as `wc -w` counts them).
    pub words: usize,
    /// Regions the repair changed.
    pub changes: usize,
    /// Changes per 1,000 words.
    pub changes_per_1000_words: f64,
    /// The changes, spun side = gold side = the text.
    pub regions: Vec<Judged>,
}

/// Score the repair `repaired` of the clean text `text`.
///
/// ```
/// let c = unspin::eval::evaluate_clean("a", "She stated her case.", "She said her case.");
/// assert_eq!((c.words, c.changes), (4, 1));
/// assert_eq!(c.changes_per_1000_words, 250.0);
/// ```
pub fn evaluate_clean(name: &str, text: &str, repaired: &str) -> CleanEval {
    let doc = evaluate(name, text, text, repaired);
    CleanEval::new(name, word_count(text), doc.regions)
}

impl CleanEval {
    fn new(name: &str, words: usize, regions: Vec<Judged>) -> CleanEval {
        let changes = regions.len();
        CleanEval {
            name: name.to_owned(),
            words,
            changes,
            changes_per_1000_words: per_1000(changes, words),
            regions,
        }
    }

    /// Several clean texts as one: words and changes added up.
    pub fn total<'a>(all: impl IntoIterator<Item = &'a CleanEval>) -> CleanEval {
        let (mut words, mut changes) = (0, 0);
        for c in all {
            words += c.words;
            changes += c.changes;
        }
        CleanEval {
            name: "total".into(),
            words,
            changes,
            changes_per_1000_words: per_1000(changes, words),
            regions: Vec::new(),
        }
    }
}

fn per_1000(changes: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        1000.0 * changes as f64 / words as f64
    }
}

/// An evaluation run: spun/original pairs and clean texts, each with its figures, and
/// the totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// One per pair.
    pub documents: Vec<DocEval>,
    /// The pairs added up.
    pub total: Scores,
    /// One per clean text.
    pub clean: Vec<CleanEval>,
    /// The clean texts added up (no regions).
    pub clean_total: CleanEval,
}

impl Report {
    /// Gather evaluations and compute the totals.
    pub fn new(documents: Vec<DocEval>, clean: Vec<CleanEval>) -> Report {
        let total = Scores::total(documents.iter().map(|d| &d.scores));
        let clean_total = CleanEval::total(&clean);
        Report { documents, total, clean, clean_total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(e: &DocEval) -> (usize, usize, usize, usize) {
        (e.scores.fixed, e.scores.missed, e.scores.wrong, e.scores.damage)
    }

    #[test]
    fn perfect_repair() {
        let e = evaluate(
            "t",
            "Lots of of people got here.",
            "Hundreds of people came.",
            "Hundreds of people came.",
        );
        assert_eq!(e.scores.missed + e.scores.wrong + e.scores.damage, 0);
        assert!(e.scores.fixed >= 2, "{:?}", e.regions);
        assert_eq!(e.scores.precision, Some(1.0));
        assert_eq!(e.scores.recall, Some(1.0));
        assert_eq!(e.scores.wer_repaired, 0.0);
        assert!(e.scores.wer_spun > 0.0);
    }

    #[test]
    fn each_outcome_once() {
        // jap -> eastern fixed; navy -> military missed; requested -> demanded wrong (gold
        // asked); "capital" -> "city" damage.
        let spun = "Leaders in jap towns requested navy help in the capital .";
        let gold = "Leaders in eastern towns asked military help in the capital .";
        let rep = "Leaders in eastern towns demanded navy help in the city .";
        let e = evaluate("t", spun, gold, rep);
        assert_eq!(counts(&e), (1, 1, 1, 1), "{:#?}", e.regions);
        assert_eq!(e.scores.needed, 3);
        assert_eq!(e.scores.precision, Some(1.0 / 3.0));
        assert_eq!(e.scores.recall, Some(1.0 / 3.0));
        // 11 gold tokens; spun has 3 wrong, the repair 3 (requested, navy, city).
        assert_eq!(e.scores.tokens, 11);
        assert_eq!((e.scores.errors_spun, e.scores.errors_repaired), (3, 3));
        assert_eq!(e.scores.wer_spun, 3.0 / 11.0);
        let outcomes: Vec<Outcome> = e.regions.iter().map(|r| r.outcome).collect();
        assert_eq!(outcomes, [Outcome::Fixed, Outcome::Wrong, Outcome::Missed, Outcome::Damage]);
        assert_eq!(e.regions[1].gold, "asked");
        assert_eq!(e.regions[1].repaired, "demanded");
    }

    #[test]
    fn nothing_to_do_and_nothing_done() {
        let e = evaluate("t", "All is well.", "All is well.", "All is well.");
        assert_eq!(counts(&e), (0, 0, 0, 0));
        assert_eq!((e.scores.precision, e.scores.recall), (None, None));
        assert_eq!(e.scores.wer_spun, 0.0);
    }

    #[test]
    fn totals_weigh_by_length() {
        let a = evaluate("a", "x b c d", "a b c d", "a b c d");
        let b = evaluate("b", "one two", "one two", "one too");
        let t = Scores::total([&a.scores, &b.scores]);
        assert_eq!((t.fixed, t.damage, t.tokens), (1, 1, 6));
        assert_eq!(t.errors_spun, 1);
        assert_eq!(t.errors_repaired, 1);
        assert_eq!(t.precision, Some(0.5));
        assert_eq!(t.recall, Some(1.0));
        assert!((t.wer_spun - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn clean_text_changes() {
        let c =
            evaluate_clean("c", "The navy stated it. Nothing else.", "The military said it. Nothing else.");
        assert_eq!((c.words, c.changes), (6, 2));
        assert!((c.changes_per_1000_words - 2000.0 / 6.0).abs() < 1e-9);
        assert!(c.regions.iter().all(|r| r.outcome == Outcome::Damage));
        let same = evaluate_clean("d", "Untouched text.", "Untouched text.");
        assert_eq!(same.changes, 0);
        let total = CleanEval::total([&c, &same]);
        assert_eq!((total.words, total.changes), (8, 2));
        assert_eq!(total.changes_per_1000_words, 250.0);
    }
}
