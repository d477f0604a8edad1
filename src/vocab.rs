//! A vocabulary of correct English words, for telling an artifact that is an ordinary
//! word ("stated", "navy") from one that never is ("1000's", "yr").
//!
//! The dictionaries themselves are the seed: every replacement, every expected output of
//! an example and every sentence that must be kept is correct English by construction.
//! A caller can add a larger word list (`/usr/share/dict/words`) with
//! [`Vocabulary::extend`]; the library reads no files.
//!
//! ```
//! use unspin::{Dictionary, Vocabulary};
//! let mut vocab = Vocabulary::from_dictionary(&Dictionary::embedded()?);
//! assert!(vocab.contains("Thousands"));
//! vocab.extend(["Dalek", "ornithopter"]);
//! assert!(vocab.contains_phrase("the ornithopter"));
//! assert!(!vocab.contains("1000's"));
//! # Ok::<(), unspin::Error>(())
//! ```

use std::collections::HashSet;

use crate::dict::Dictionary;
use crate::text::{is_apostrophe, is_word_char};

/// A set of known words, compared case-insensitively with straight and curly
/// apostrophes alike.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    words: HashSet<String>,
}

/// The words of `text`: runs of word characters, with apostrophes and hyphens inside a
/// word kept ("don't", "year-old"), lowercased, apostrophes straightened.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(is_word_char(c) || is_apostrophe(c) || c == '-'))
        .map(|w| w.trim_matches(|c: char| is_apostrophe(c) || c == '-'))
        .filter(|w| !w.is_empty())
        .map(normalize_word)
}

fn normalize_word(w: &str) -> String {
    w.chars().map(|c| if is_apostrophe(c) { '\'' } else { c }).collect::<String>().to_lowercase()
}

impl Vocabulary {
    /// An empty vocabulary.
    pub fn new() -> Vocabulary {
        Vocabulary::default()
    }

    /// Every word of every entry's replacement, of its examples' expected outputs and of
    /// its keeps.
    pub fn from_dictionary(dict: &Dictionary) -> Vocabulary {
        let mut vocab = Vocabulary::new();
        for entry in dict.entries() {
            vocab.add_text(&entry.to);
            for form in entry.forms() {
                vocab.add_text(&form.replacement);
            }
            for (_, expected) in &entry.examples {
                vocab.add_text(expected);
            }
            for keep in &entry.keeps {
                vocab.add_text(keep);
            }
        }
        vocab
    }

    /// Add every word of a running text.
    pub fn add_text(&mut self, text: &str) {
        self.words.extend(words(text));
    }

    /// Add words, one per item (a word list such as `/usr/share/dict/words`, split into
    /// lines by the caller). Blank items are skipped.
    pub fn extend<I, S>(&mut self, words: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for w in words {
            let w = w.as_ref().trim();
            if !w.is_empty() {
                self.words.insert(normalize_word(w));
            }
        }
    }

    /// Is `word` known?
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&normalize_word(word.trim()))
    }

    /// Is every word of `phrase` known? (False for a phrase without words.)
    pub fn contains_phrase(&self, phrase: &str) -> bool {
        let mut any = false;
        for w in words(phrase) {
            if !self.words.contains(&w) {
                return false;
            }
            any = true;
        }
        any
    }

    /// How many words are known.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True if no word is known.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pack;

    fn vocab(src: &str) -> Vocabulary {
        let mut d = Dictionary::new();
        d.push(Pack::from_toml(src, "t.toml").unwrap()).unwrap();
        Vocabulary::from_dictionary(&d)
    }

    #[test]
    fn replacements_examples_and_keeps_are_known() {
        let v = vocab(
            "[certain]\n\"got here\" = { to = \"come\", inflect = \"verb\" }\n\
             [likely]\nstated = { to = \"said\", examples = [[\"He stated it.\", \"He said it.\"]], keeps = [\"Its stated goal.\"] }\n",
        );
        for w in ["come", "came", "coming", "said", "he", "it", "its", "goal", "Stated"] {
            assert!(v.contains(w), "{w}");
        }
        // The artifacts themselves are not learned from the keys.
        assert!(!v.contains("got"));
        assert!(!v.contains("here"));
        assert!(v.contains_phrase("He said it"));
        assert!(!v.contains_phrase("got here"));
        assert!(!v.contains_phrase(" , "));
    }

    #[test]
    fn extend_and_apostrophes() {
        let mut v = Vocabulary::new();
        assert!(v.is_empty());
        v.extend(["Don't", "", "  year-old "]);
        assert_eq!(v.len(), 2);
        assert!(v.contains("don’t"));
        assert!(!v.contains_phrase("A year-old, don't!"), "\"a\" is not known yet");
        v.extend(["a"]);
        assert!(v.contains_phrase("A year-old, don't!"));
    }
}
