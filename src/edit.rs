//! Edits: the one output of the engine. The repaired text, the findings, the JSON and
//! every later view are derived from a list of edits.

use std::ops::Range;

use serde::Serialize;

use crate::dict::Kind;

/// One proposed change to the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edit {
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The text found there.
    pub found: String,
    /// What replaces it.
    pub replacement: String,
    /// The rule that proposed it: `pack:key`, or `numbers:small` for the built-in rule.
    pub entry: String,
    /// How sure the rule is.
    pub kind: Kind,
    /// A rough probability that the edit is right.
    pub confidence: f64,
}

/// Apply `edits` (sorted by start, not overlapping, as the engine returns them) to
/// `text`. Bytes outside the edits are copied unchanged.
///
/// ```
/// use unspin::{apply, Edit, Kind};
/// let edits = [Edit { span: 4..10, found: "stated".into(), replacement: "said".into(),
///     entry: "news:stated".into(), kind: Kind::Likely, confidence: 0.8 }];
/// assert_eq!(apply("She stated it.", &edits), "She said it.");
/// ```
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in edits {
        debug_assert!(edit.span.start >= pos, "edits overlap or are out of order");
        out.push_str(&text[pos..edit.span.start]);
        out.push_str(&edit.replacement);
        pos = edit.span.end;
    }
    out.push_str(&text[pos..]);
    out
}
