//! The document's spin score, and the gate it opens.
//!
//! `likely` entries are correct English that spinners produce: "stated", "individuals",
//! "disaster". Applied to clean prose they would do damage, so they apply only where a
//! document shows the spinner's hand: enough `certain` artifacts ("got here", "1000's"),
//! which no clean text contains.

use serde::Serialize;

/// Certain artifacts per 1,000 words from which a document looks spun.
pub const DEFAULT_THRESHOLD: f64 = 2.0;
/// The fewest certain artifacts that can make a document look spun, so that one odd
/// phrase in a short clean text does not open the gate.
pub const MIN_CERTAIN: usize = 2;

/// How a document scored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpinScore {
    /// Words in the document.
    pub words: usize,
    /// Certain artifacts found.
    pub certain: usize,
    /// Certain artifacts per 1,000 words.
    pub per_1000: f64,
    /// Whether the document looks spun at the threshold in force.
    pub spun: bool,
}

impl SpinScore {
    /// Score `certain` artifacts in `words` words against `threshold`.
    pub fn new(words: usize, certain: usize, threshold: f64) -> SpinScore {
        let per_1000 = if words == 0 { 0.0 } else { certain as f64 * 1000.0 / words as f64 };
        SpinScore { words, certain, per_1000, spun: certain >= MIN_CERTAIN && per_1000 >= threshold }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate() {
        assert!(SpinScore::new(500, 5, DEFAULT_THRESHOLD).spun);
        assert!(!SpinScore::new(500, 1, DEFAULT_THRESHOLD).spun, "one artifact is not enough");
        assert!(!SpinScore::new(5000, 3, DEFAULT_THRESHOLD).spun, "0.6 per 1000 is below the threshold");
        assert!(!SpinScore::new(0, 0, DEFAULT_THRESHOLD).spun);
        assert_eq!(SpinScore::new(2000, 4, 1.0).per_1000, 2.0);
    }
}
