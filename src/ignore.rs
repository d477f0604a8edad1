//! Ignore rules: false positives a user has turned down, so that they are not proposed
//! again.
//!
//! A rule is a phrase with the artifact in it, plus the entry that must not fire there.
//! In a dictionary file they sit in an `[ignore]` table (see `docs/dictionary.md`):
//!
//! ```toml
//! [ignore]
//! "navy blue" = "news:navy"        # "navy" right before "blue"
//! "the navy stated" = "news:navy"  # "navy" between "the" and "stated"
//! "individuals" = "news:individuals"  # that entry, wherever it finds "individuals"
//! ```
//!
//! The words of the phrase around the artifact are context: the rule holds where the
//! text has exactly those words next to the artifact, compared like the dictionary's
//! word lists (case-insensitive, straight and curly apostrophes alike, not across
//! punctuation other than hyphens).
//!
//! ```
//! use unspin::ignore::Ignore;
//! let rule = Ignore::new("navy blue", "news:navy").unwrap();
//! let text = "She wore a Navy blue coat.";
//! assert!(rule.vetoes("news", "navy", text, &(11..15)));
//! assert!(!rule.vetoes("news", "navy", "They sent navy help.", &(10..14)));
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use crate::error::{Error, Location, Result};
use crate::text::{normalize_phrase, words_after, words_before};

/// One ignore rule: `entry` must not fire on the artifact inside `phrase`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    /// The phrase, normalized (lowercase, single spaces, straight apostrophes).
    pub phrase: String,
    /// The pack of the entry (`news` in `news:navy`).
    pub pack: String,
    /// The entry's key, normalized (`navy` in `news:navy`).
    pub key: String,
}

impl Ignore {
    /// A rule from a phrase and an entry id `pack:key`. `None` when the phrase is
    /// empty or the id has no `:`.
    pub fn new(phrase: &str, entry: &str) -> Option<Ignore> {
        let phrase = normalize_phrase(phrase);
        let (pack, key) = entry.split_once(':')?;
        let (pack, key) = (pack.trim(), normalize_phrase(key));
        if phrase.is_empty() || pack.is_empty() || key.is_empty() {
            return None;
        }
        Some(Ignore { phrase, pack: pack.to_owned(), key })
    }

    /// The entry id, `pack:key`.
    pub fn entry(&self) -> String {
        format!("{}:{}", self.pack, self.key)
    }

    /// Does the rule veto entry `pack:key` finding `text[span]`? True when the
    /// phrase contains the found text on word boundaries and the words of the phrase
    /// before and after it are the words next to `span` in `text`.
    pub fn vetoes(&self, pack: &str, key: &str, text: &str, span: &Range<usize>) -> bool {
        if pack != self.pack || key != self.key {
            return false;
        }
        let found = normalize_phrase(&text[span.clone()]);
        if found.is_empty() {
            return false;
        }
        let p = self.phrase.as_str();
        p.match_indices(found.as_str()).any(|(i, _)| {
            let end = i + found.len();
            let on_boundaries =
                (i == 0 || p[..i].ends_with(' ')) && (end == p.len() || p[end..].starts_with(' '));
            if !on_boundaries {
                return false;
            }
            let before: Vec<&str> = p[..i].split_whitespace().collect();
            let after: Vec<&str> = p[end..].split_whitespace().collect();
            // (The helpers read "up to n words" with n = 0 as "all of them".)
            let text_before =
                if before.is_empty() { Vec::new() } else { words_before(text, span.start, before.len()) };
            let text_after =
                if after.is_empty() { Vec::new() } else { words_after(text, span.end, after.len()) };
            text_before.iter().rev().map(String::as_str).eq(before.iter().copied())
                && text_after.iter().map(String::as_str).eq(after.iter().copied())
        })
    }
}

/// The entry ids of an `[ignore]` value: one id, or a list of them; `None` for
/// anything else (shared by dictionaries and the project config file).
pub fn entry_ids(value: toml::Value) -> Option<Vec<String>> {
    match value {
        toml::Value::String(id) => Some(vec![id]),
        toml::Value::Array(list) => list.into_iter().map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => None,
    }
}

/// The rules of an `[ignore]` table, whose values are an entry id or a list of them.
/// `at` locates a key for errors.
pub(crate) fn parse_table(
    table: BTreeMap<String, toml::Value>,
    at: impl Fn(&str) -> Location,
) -> Result<Vec<Ignore>> {
    let mut rules = Vec::new();
    for (phrase, value) in table {
        let bad =
            |message: &str| Error::Entry { at: at(&phrase), key: phrase.clone(), message: message.into() };
        let ids = entry_ids(value)
            .ok_or_else(|| bad("[ignore]: expected an entry id such as \"news:navy\", or a list of them"))?;
        for id in ids {
            let rule = Ignore::new(&phrase, &id)
                .ok_or_else(|| bad("[ignore]: expected a phrase and an entry id such as \"news:navy\""))?;
            rules.push(rule);
        }
    }
    Ok(rules)
}

/// The phrase that pins down one finding: the word before `span` (if any, within the
/// clause), the found text, and the word after. [`Ignore::vetoes`] holds for it there.
///
/// ```
/// use unspin::ignore::context_phrase;
/// assert_eq!(context_phrase("The navy stated it.", &(4..8)), "the navy stated");
/// assert_eq!(context_phrase("Navy, they said.", &(0..4)), "navy");
/// ```
pub fn context_phrase(text: &str, span: &Range<usize>) -> String {
    let before = words_before(text, span.start, 1);
    let after = words_after(text, span.end, 1);
    let found = normalize_phrase(&text[span.clone()]);
    before
        .iter()
        .map(String::as_str)
        .chain([found.as_str()])
        .chain(after.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vetoes(phrase: &str, text: &str, found: &str) -> bool {
        let start = text.find(found).unwrap();
        Ignore::new(phrase, "news:navy").unwrap().vetoes("news", "navy", text, &(start..start + found.len()))
    }

    #[test]
    fn context_words_must_match() {
        assert!(vetoes("navy", "The navy stated it.", "navy"));
        assert!(vetoes("navy blue", "a NAVY  blue coat", "NAVY"));
        assert!(vetoes("the navy", "The navy stated it.", "navy"));
        assert!(vetoes("the navy stated", "The navy stated it.", "navy"));
        assert!(!vetoes("navy blue", "navy help", "navy"));
        assert!(!vetoes("the navy", "Send navy help.", "navy"));
        // Not across punctuation, not inside words.
        assert!(!vetoes("navy blue", "navy. Blue", "navy"));
        assert!(!vetoes("navyblue", "navy blue", "navy"));
    }

    #[test]
    fn only_the_named_entry() {
        let rule = Ignore::new("navy", "news:navy").unwrap();
        assert!(!rule.vetoes("news", "navies", "navy", &(0..4)));
        assert!(!rule.vetoes("mine", "navy", "navy", &(0..4)));
        assert!(Ignore::new("navy", "navy").is_none());
        assert!(Ignore::new("  ", "news:navy").is_none());
        assert_eq!(Ignore::new("Got  Here", "news:Got here").unwrap().entry(), "news:got here");
    }

    #[test]
    fn apostrophes_and_phrases() {
        let text = "Tens of 1000’s got here.";
        let rule = Ignore::new("of 1000's got", "news:1000's").unwrap();
        assert!(rule.vetoes("news", "1000's", text, &(8..16)));
        let phrase = context_phrase(text, &(8..16));
        assert_eq!(phrase, "of 1000's got");
    }
}
