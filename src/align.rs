//! Word-level alignment of texts, for scoring a repair against the original
//! ([`crate::eval`]) and for learning entries from a spun copy ([`crate::learn`]).
//!
//! Texts are cut into tokens the way the project's scoring script does: a run of letters
//! and digits with any apostrophe-joined tails ("didn't", "1000's"), or one character of
//! punctuation; whitespace separates tokens and is not one. Curly apostrophes count as
//! straight ones. Two token lists are aligned with `similar` (patience diff), and a
//! *region* is the smallest stretch of the spun text where the spun text, the gold
//! original or the repair differ, with edges on which every alignment agrees.
//!
//! ```
//! use unspin::align::{regions, tokenize, wer};
//! let spun = "Tens of 1000's then got here.";
//! let (gold, fixed) = ("Tens of thousands then came.", "Tens of thousands then got here.");
//! let (s, g, f) = (tokenize(spun), tokenize(gold), tokenize(fixed));
//! assert_eq!(s.len(), 7);
//! assert!((wer(&s, &g) - 0.5).abs() < 1e-9); // "1000's" and "got here": 3 of 6 gold tokens wrong
//! let r = regions(&s, &g, &f);
//! assert_eq!(r.len(), 2); // "1000's" (fixed) and "got here" (missed)
//! ```

use std::ops::Range;
use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffOp};

use crate::text::is_apostrophe;

/// One token and where it is in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token as compared: curly apostrophes made straight, case kept.
    pub text: String,
    /// Byte range in the text.
    pub span: Range<usize>,
}

impl Token {
    /// Is it a word (letters or digits) rather than punctuation?
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
}

impl PartialEq<str> for Token {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

/// Cut `text` into tokens: `[alnum]+('[letters]+)*` or one punctuation character.
///
/// ```
/// use unspin::align::tokenize;
/// let t: Vec<String> = tokenize("Tens of 1000’s — didn't.").into_iter().map(|t| t.text).collect();
/// assert_eq!(t, ["Tens", "of", "1000's", "—", "didn't", "."]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            let t = if is_apostrophe(c) { "'".to_owned() } else { c.to_string() };
            out.push(Token { text: t, span: start..start + c.len_utf8() });
            continue;
        }
        let mut word = String::from(c);
        let mut end = start + c.len_utf8();
        loop {
            match chars.peek() {
                Some(&(i, n)) if n.is_alphanumeric() => {
                    word.push(n);
                    end = i + n.len_utf8();
                    chars.next();
                }
                // An apostrophe joins only when letters follow it ("didn't", not "dogs' ").
                Some(&(_, a)) if is_apostrophe(a) => {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if !ahead.peek().is_some_and(|&(_, l)| l.is_alphabetic()) {
                        break;
                    }
                    word.push('\'');
                    chars.next();
                    while let Some(&(i, l)) = chars.peek() {
                        if !l.is_alphabetic() {
                            break;
                        }
                        word.push(l);
                        end = i + l.len_utf8();
                        chars.next();
                    }
                }
                _ => break,
            }
        }
        out.push(Token { text: word, span: start..end });
    }
    out
}

/// What an [`Op`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    /// Both sides have the same tokens.
    Equal,
    /// Tokens of `a` stand where `b` has others.
    Replace,
    /// Tokens of `a` that `b` does not have.
    Delete,
    /// Tokens of `b` that `a` does not have.
    Insert,
}

/// One step of an alignment, in token indices of both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// What happens.
    pub tag: Tag,
    /// Token range in the first text.
    pub a: Range<usize>,
    /// Token range in the second text.
    pub b: Range<usize>,
}

/// How long an alignment may take before `similar` settles for a coarser one.
const DEADLINE: Duration = Duration::from_secs(10);

/// Align two token lists: equal stretches and the changes between them, in order,
/// covering both lists. Consecutive deletions and insertions come as one `Replace`.
///
/// The patience algorithm anchors on tokens that occur once in both lists. On spun text
/// it agrees with the scoring script's difflib where a minimal (Myers) diff may pair a
/// repeated word the other way ("lots of of" against "hundreds of") and so split one
/// substitution in two.
///
/// ```
/// use unspin::align::{align, tokenize, Tag};
/// let ops = align(&tokenize("they got here today"), &tokenize("they came today"));
/// let tags: Vec<Tag> = ops.iter().map(|o| o.tag).collect();
/// assert_eq!(tags, [Tag::Equal, Tag::Replace, Tag::Equal]);
/// assert_eq!((ops[1].a.clone(), ops[1].b.clone()), (1..3, 1..2));
/// ```
pub fn align(a: &[Token], b: &[Token]) -> Vec<Op> {
    let (a, b): (Vec<&str>, Vec<&str>) =
        (a.iter().map(|t| t.text.as_str()).collect(), b.iter().map(|t| t.text.as_str()).collect());
    let deadline = Instant::now().checked_add(DEADLINE);
    similar::capture_diff_slices_deadline(Algorithm::Patience, &a, &b, deadline)
        .into_iter()
        .map(|op| {
            let (tag, a, b) = match op {
                DiffOp::Equal { old_index, new_index, len } => {
                    (Tag::Equal, old_index..old_index + len, new_index..new_index + len)
                }
                DiffOp::Delete { old_index, old_len, new_index } => {
                    (Tag::Delete, old_index..old_index + old_len, new_index..new_index)
                }
                DiffOp::Insert { old_index, new_index, new_len } => {
                    (Tag::Insert, old_index..old_index, new_index..new_index + new_len)
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    (Tag::Replace, old_index..old_index + old_len, new_index..new_index + new_len)
                }
            };
            Op { tag, a, b }
        })
        .collect()
}

/// Tokens wrong in an alignment of a hypothesis with a reference: for each change, the
/// larger of its two sides.
pub fn errors(ops: &[Op]) -> usize {
    ops.iter().filter(|o| o.tag != Tag::Equal).map(|o| o.a.len().max(o.b.len())).sum()
}

/// Word error rate of `hyp` against `reference`: [`errors`] over the reference's length.
pub fn wer(hyp: &[Token], reference: &[Token]) -> f64 {
    errors(&align(hyp, reference)) as f64 / reference.len().max(1) as f64
}

/// Word error rate of one text against another (see [`tokenize`]).
///
/// ```
/// assert_eq!(unspin::align::wer_text("a b c d", "a b c d"), 0.0);
/// assert_eq!(unspin::align::wer_text("a x c d", "a b c d"), 0.25);
/// ```
pub fn wer_text(hyp: &str, reference: &str) -> f64 {
    wer(&tokenize(hyp), &tokenize(reference))
}

/// A spun text aligned with another: which of its positions lie inside a change, and
/// where its safe positions land in the other text.
struct Projection {
    /// Changed stretches of the spun text, as token ranges (empty for an insertion).
    changed: Vec<Range<usize>>,
    /// `inside[p]`: position `p` (between tokens p-1 and p) is strictly inside a change.
    inside: Vec<bool>,
    /// The position in the other text of a safe position, as the start of a region.
    /// It differs from `end` only where the other text inserts tokens: a region that
    /// starts there takes them in, and so does a region that ends there.
    start: Vec<Option<usize>>,
    /// The same, as the end of a region.
    end: Vec<Option<usize>>,
}

impl Projection {
    fn new(a: &[Token], b: &[Token]) -> Projection {
        let n = a.len() + 1;
        let mut p = Projection {
            changed: Vec::new(),
            inside: vec![false; n],
            start: vec![None; n],
            end: vec![None; n],
        };
        for op in align(a, b) {
            match op.tag {
                // An insertion just before has set the first position's projections.
                Tag::Equal => {
                    p.start[op.a.start].get_or_insert(op.b.start);
                    p.end[op.a.start].get_or_insert(op.b.start);
                    for k in 1..=op.a.len() {
                        p.start[op.a.start + k] = Some(op.b.start + k);
                        p.end[op.a.start + k] = Some(op.b.start + k);
                    }
                }
                // Word-for-word swaps of equal length are one change per word, so that
                // two neighbouring swaps can be judged apart.
                Tag::Replace if op.a.len() == op.b.len() => {
                    for k in 0..=op.a.len() {
                        if k < op.a.len() {
                            p.changed.push(op.a.start + k..op.a.start + k + 1);
                        }
                        p.start[op.a.start + k] = Some(op.b.start + k);
                        p.end[op.a.start + k] = Some(op.b.start + k);
                    }
                }
                _ => {
                    p.changed.push(op.a.clone());
                    p.start[op.a.start] = Some(op.b.start);
                    p.end[op.a.end] = Some(op.b.end);
                    // At the far edges, where no equal stretch comes before or after.
                    p.end[op.a.start].get_or_insert(op.b.start);
                    p.start[op.a.end].get_or_insert(op.b.end);
                    for q in op.a.start + 1..op.a.end {
                        p.inside[q] = true;
                    }
                }
            }
        }
        p
    }
}

/// One stretch where a spun text, its gold original and its repair are compared, as
/// token ranges of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Tokens of the spun text.
    pub spun: Range<usize>,
    /// Tokens of the gold original.
    pub gold: Range<usize>,
    /// Tokens of the repair.
    pub repaired: Range<usize>,
}

/// The regions where `spun`, `gold` and `repaired` are not all the same: every change
/// of the spun text towards the gold and towards the repair, widened until both
/// alignments agree on its edges, overlapping ones merged. Regions where all three
/// agree after widening are kept too; the caller sorts them out (see
/// [`crate::eval::evaluate`]).
pub fn regions(spun: &[Token], gold: &[Token], repaired: &[Token]) -> Vec<Region> {
    let (g, r) = (Projection::new(spun, gold), Projection::new(spun, repaired));
    let inside = |p: usize| g.inside[p] || r.inside[p];
    let mut spans: Vec<(usize, usize)> =
        g.changed.iter().chain(&r.changed).map(|c| (c.start, c.end)).collect();
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (mut a, mut b) in spans {
        while inside(a) {
            a -= 1;
        }
        while inside(b) {
            b += 1;
        }
        match out.last_mut() {
            // Overlapping, the same span again, or touching an insertion: one region.
            // Two stretches of words that only touch: two regions.
            Some(last) if a <= last.1 && !(a == last.1 && a < b && last.0 < last.1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out.into_iter()
        .map(|(a, b)| {
            // Edges are never inside a change, so both projections know them.
            let at = |m: &[Option<usize>], i: usize| m[i].expect("region edges are safe positions");
            Region {
                spun: a..b,
                gold: at(&g.start, a)..at(&g.end, b),
                repaired: at(&r.start, a)..at(&r.end, b),
            }
        })
        .collect()
}

/// The text of `tokens` joined by single spaces, as regions are shown.
pub fn join(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &[Token]) -> Vec<&str> {
        t.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn tokenization_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  \n ", &[]),
            ("Tens of 1000's", &["Tens", "of", "1000's"]),
            ("1000’s got here.", &["1000's", "got", "here", "."]),
            ("the dogs' bowls", &["the", "dogs", "'", "bowls"]),
            ("'quoted'", &["'", "quoted", "'"]),
            ("well-being", &["well", "-", "being"]),
            ("$8.2bn, 1.8%", &["$", "8", ".", "2bn", ",", "1", ".", "8", "%"]),
            ("Zürich naïve", &["Zürich", "naïve"]),
            ("rock'n'roll", &["rock'n'roll"]),
        ];
        for (text, want) in cases {
            assert_eq!(texts(&tokenize(text)), *want, "{text:?}");
        }
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "Tens of 1000’s — got\nhere.";
        for t in tokenize(text) {
            assert_eq!(text[t.span.clone()].replace('’', "'"), t.text);
        }
    }

    #[test]
    fn alignment_table() {
        let op = |tag, a: Range<usize>, b: Range<usize>| Op { tag, a, b };
        let cases: Vec<(&str, &str, Vec<Op>)> = vec![
            ("a b c", "a b c", vec![op(Tag::Equal, 0..3, 0..3)]),
            (
                "a x c",
                "a b c",
                vec![op(Tag::Equal, 0..1, 0..1), op(Tag::Replace, 1..2, 1..2), op(Tag::Equal, 2..3, 2..3)],
            ),
            (
                "a b",
                "a x b",
                vec![op(Tag::Equal, 0..1, 0..1), op(Tag::Insert, 1..1, 1..2), op(Tag::Equal, 1..2, 2..3)],
            ),
            (
                "a x b",
                "a b",
                vec![op(Tag::Equal, 0..1, 0..1), op(Tag::Delete, 1..2, 1..1), op(Tag::Equal, 2..3, 1..2)],
            ),
            ("got here now", "came now", vec![op(Tag::Replace, 0..2, 0..1), op(Tag::Equal, 2..3, 1..2)]),
            ("", "a", vec![op(Tag::Insert, 0..0, 0..1)]),
        ];
        for (a, b, want) in cases {
            assert_eq!(align(&tokenize(a), &tokenize(b)), want, "{a:?} / {b:?}");
        }
    }

    #[test]
    fn word_error_rate() {
        assert_eq!(wer_text("", ""), 0.0);
        assert_eq!(wer_text("a b c d", "a b c d"), 0.0);
        // One substitution in four.
        assert_eq!(wer_text("a x c d", "a b c d"), 0.25);
        // "got here" for "came": two tokens stand for one, so two errors out of four.
        assert_eq!(wer_text("they got here today .", "they came today ."), 0.5);
        assert_eq!(wer_text("a", "a b c d"), 0.75);
    }

    fn shown(spun: &str, gold: &str, rep: &str) -> Vec<(String, String, String)> {
        let (s, g, r) = (tokenize(spun), tokenize(gold), tokenize(rep));
        regions(&s, &g, &r)
            .into_iter()
            .map(|x| (join(&s[x.spun]), join(&g[x.gold]), join(&r[x.repaired])))
            .collect()
    }

    fn triple(s: &str, g: &str, r: &str) -> (String, String, String) {
        (s.to_owned(), g.to_owned(), r.to_owned())
    }

    #[test]
    fn regions_table() {
        // Nothing changed anywhere: no region.
        assert!(shown("a b c", "a b c", "a b c").is_empty());
        // Two swaps, one repaired: two regions.
        assert_eq!(
            shown(
                "Tens of 1000's then got here.",
                "Tens of thousands then came.",
                "Tens of thousands then got here."
            ),
            [triple("1000's", "thousands", "thousands"), triple("got here", "came", "got here")]
        );
        // Two swaps side by side are one region: half repaired is not repaired.
        assert_eq!(
            shown("Tens of 1000's got here.", "Tens of thousands came.", "Tens of thousands got here."),
            [triple("1000's got here", "thousands came", "thousands got here")]
        );
        // A change where the gold agrees with the spun text is a region of its own.
        assert_eq!(
            shown("she stated it", "she stated it", "she said it"),
            [triple("stated", "stated", "said")]
        );
        // Neighbouring one-word swaps stay apart.
        assert_eq!(
            shown("jap navy help", "eastern military help", "eastern navy help"),
            [triple("jap", "eastern", "eastern"), triple("navy", "military", "navy")]
        );
        // Changes that overlap in the two alignments make one region covering both.
        assert_eq!(shown("p a b c q", "p X c q", "p a Y q"), [triple("a b c", "X c", "a Y")]);
        // Words the spinner dropped are a region too, missed when the repair leaves the
        // gap, fixed when it fills it.
        assert_eq!(shown("a c d", "a b c d", "a c d"), [triple("", "b", "")]);
        assert_eq!(shown("a c d", "a b c d", "a b c d"), [triple("", "b", "b")]);
        assert_eq!(shown("a c", "a c b", "a c"), [triple("", "b", "")]);
        // A dropped word next to a swap joins its region.
        assert_eq!(shown("p x c q", "p b y c q", "p y c q"), [triple("x", "b y", "y")]);
        // The same change in both: the region of the change.
        assert_eq!(
            shown("x lots of of y", "x hundreds of y", "x hundreds of y"),
            [triple("lots of", "hundreds", "hundreds")]
        );
    }
}
