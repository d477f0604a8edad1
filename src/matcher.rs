//! The phrase matcher: every surface form of every entry in one aho-corasick automaton.
//!
//! Built once per dictionary. Search runs leftmost-longest over the normalized view of
//! the text (see [`crate::text::Normalized`]), so the longest artifact phrase wins
//! ("in opposition to" over "opposition"). A hit must sit on word boundaries; a hit
//! that the caller rejects (wrong context) gives way to the longest shorter phrase at
//! the same place, then to whatever starts after it.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use crate::dict::{Dictionary, Entry};
use crate::error::{Error, Result};
use crate::text::{is_word_char, Normalized};

/// One surface form in the automaton.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Normalized spelling.
    pub text: String,
    /// Index of its entry in [`Matcher::entries`].
    pub entry: usize,
    /// The replacement.
    pub replacement: String,
    /// The replacement after a form of "have", if different.
    pub after_have: Option<String>,
    /// Other patterns that are this one cut at a word boundary, longest first.
    shorter: Vec<usize>,
}

impl Pattern {
    /// Could another pattern start inside this one's span? Only if it has more than
    /// one word ("lots of of", "step-up", "1000's"); a plain word hides nothing.
    pub fn may_hide_others(&self) -> bool {
        !self.text.chars().all(is_word_char)
    }
}

/// A pattern found on word boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// Byte range in the normalized view.
    pub norm: Range<usize>,
    /// Index into [`Matcher::patterns`].
    pub pattern: usize,
}

/// The compiled dictionary.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: AhoCorasick,
    /// Length in bytes of the longest pattern.
    longest: usize,
    patterns: Vec<Pattern>,
    entries: Vec<Entry>,
}

impl Matcher {
    /// Compile every form of every entry. Later packs override earlier ones form by
    /// form.
    pub fn new(dict: &Dictionary) -> Result<Matcher> {
        let entries: Vec<Entry> = dict.entries().cloned().collect();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (e, entry) in entries.iter().enumerate() {
            for form in entry.forms() {
                let p = Pattern {
                    text: form.text,
                    entry: e,
                    replacement: form.replacement,
                    after_have: form.after_have,
                    shorter: Vec::new(),
                };
                match index.get(&p.text) {
                    Some(&i) => patterns[i] = p,
                    None => {
                        index.insert(p.text.clone(), patterns.len());
                        patterns.push(p);
                    }
                }
            }
        }
        for p in &mut patterns {
            let mut cuts: Vec<usize> =
                p.text.match_indices(' ').filter_map(|(i, _)| index.get(&p.text[..i]).copied()).collect();
            cuts.reverse();
            p.shorter = cuts;
        }
        // A contiguous NFA, not a DFA: with five thousand forms the DFA took half of
        // start-up to build (a one-page `fix` is mostly start-up) and searched only
        // 10-15% faster, a few percent of a whole repair (measured; see the benches).
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(patterns.iter().map(|p| &p.text))
            .or_else(|_| {
                // Let the crate choose if a very large dictionary is too much for it.
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .build(patterns.iter().map(|p| &p.text))
            })
            .map_err(|e| Error::Build(e.to_string()))?;
        let longest = patterns.iter().map(|p| p.text.len()).max().unwrap_or(0);
        Ok(Matcher { ac, longest, patterns, entries })
    }

    /// The surface forms, indexed by [`Hit::pattern`].
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The entries, indexed by [`Pattern::entry`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The automaton, for benchmarks that compare against a bare scan.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The automaton over every pattern, for benchmarks that want the bare scan.
    pub fn automaton(&self) -> &AhoCorasick {
        &self.ac
    }

    /// Every non-overlapping hit on word boundaries that `accept` takes, left to right.
    pub fn find(&self, norm: &Normalized, accept: impl FnMut(&Hit) -> bool) -> Vec<Hit> {
        self.find_in(norm, 0..norm.as_str().len(), accept)
    }

    /// Like [`Matcher::find`], for hits that start inside `starts` (normalized offsets).
    pub fn find_in(
        &self,
        norm: &Normalized,
        starts: Range<usize>,
        mut accept: impl FnMut(&Hit) -> bool,
    ) -> Vec<Hit> {
        let hay = norm.as_str();
        let mut hits = Vec::new();
        let mut pos = starts.start;
        while pos < starts.end {
            // A hit that starts before `starts.end` ends within the longest pattern of it.
            let limit = hay.len().min(starts.end.saturating_add(self.longest));
            let Some(m) = self.ac.find(Input::new(hay).span(pos..limit)) else { break };
            let start = m.start();
            if start >= starts.end {
                break;
            }
            let left_ok = !hay[..start].chars().next_back().is_some_and(is_word_char)
                || !hay[start..].starts_with(is_word_char);
            let mut taken = None;
            if left_ok {
                let id = m.pattern().as_usize();
                for candidate in std::iter::once(id).chain(self.patterns[id].shorter.iter().copied()) {
                    let end = start + self.patterns[candidate].text.len();
                    let right_ok =
                        !hay[end..].starts_with(is_word_char) || !hay[..end].ends_with(is_word_char);
                    if !right_ok {
                        continue;
                    }
                    let hit = Hit {
                        span: norm.original(start)..norm.original(end),
                        norm: start..end,
                        pattern: candidate,
                    };
                    if accept(&hit) {
                        taken = Some((hit, end));
                        break;
                    }
                }
            }
            match taken {
                Some((hit, end)) => {
                    hits.push(hit);
                    pos = end;
                }
                // Nothing can start later inside this word: skip to its end.
                None => {
                    let rest = &hay[start..];
                    pos = match rest.find(|c: char| !is_word_char(c)) {
                        Some(0) | None if rest.is_empty() => hay.len(),
                        Some(0) => start + rest.chars().next().map_or(1, char::len_utf8),
                        Some(i) => start + i,
                        None => hay.len(),
                    };
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Pack;

    fn matcher(src: &str) -> Matcher {
        let mut d = Dictionary::new();
        d.push(Pack::from_toml(src, "t.toml").unwrap()).unwrap();
        Matcher::new(&d).unwrap()
    }

    /// (text, found substrings)
    macro_rules! t {
        ($m:expr, $text:expr, [$($found:expr),*]) => {{
            let text = $text;
            let got: Vec<&str> = $m.find(&Normalized::new(text), |_| true).iter().map(|h| &text[h.span.clone()]).collect();
            let want: Vec<&str> = vec![$($found),*];
            assert_eq!(got, want, "in {text:?}");
        }};
    }

    const DICT: &str = r#"
[certain]
"1000's" = "thousands"
"in opposition to" = "against"
"lots of of" = "hundreds of"
"got here" = "came"
"introduced" = "announced"
"navy" = "military"
"opposition" = "resistance"
"#;

    #[test]
    fn match_semantics() {
        let m = matcher(DICT);
        t!(m, "tens of 1000's of", ["1000's"]);
        t!(m, "tens of 1000’s of", ["1000’s"]);
        t!(m, "TENS OF 1000'S", ["1000'S"]);
        t!(m, "help in opposition to Kyiv", ["in opposition to"]);
        t!(m, "the opposition party", ["opposition"]);
        t!(m, "it got\n  here late", ["got\n  here"]);
        t!(m, "Got Here", ["Got Here"]);
        t!(m, "navyblue and navy", ["navy"]);
        t!(m, "reintroduced, introduced", ["introduced"]);
        t!(m, "21000's", []);
        t!(m, "lots of of lots of of", ["lots of of", "lots of of"]);
        t!(m, "naïve navy Zürich", ["navy"]);
        t!(m, "", []);
    }

    #[test]
    fn rejected_longest_gives_way_to_shorter_and_later() {
        let m = matcher("[certain]\n\"in opposition to\" = \"against\"\n\"in opposition\" = \"opposed\"\n\"opposition\" = \"x\"\n");
        let text = "in opposition to it";
        let longest = m.patterns().iter().position(|p| p.text == "in opposition to").unwrap();
        let hits = m.find(&Normalized::new(text), |h| h.pattern != longest);
        assert_eq!(&text[hits[0].span.clone()], "in opposition");
        let hits = m.find(&Normalized::new(text), |h| m.patterns()[h.pattern].text == "opposition");
        assert_eq!(&text[hits[0].span.clone()], "opposition");
    }

    #[test]
    fn later_pack_overrides() {
        let mut d = Dictionary::new();
        d.push(Pack::from_toml("[certain]\nstated = \"said\"\n", "a.toml").unwrap()).unwrap();
        d.push(Pack::from_toml("[certain]\nstated = \"declared\"\n", "b.toml").unwrap()).unwrap();
        let m = Matcher::new(&d).unwrap();
        assert_eq!(m.patterns().len(), 1);
        assert_eq!(m.patterns()[0].replacement, "declared");
    }
}
