//! The phrase matcher: every surface form of every entry, indexed by its first word.
//!
//! Every artifact phrase starts and ends on word boundaries, so the search walks the
//! words of the normalized view (see [`crate::text::Normalized`]) and looks each one
//! up in a hash table of the patterns' first words: one probe per word, where an
//! aho-corasick automaton over the same thousands of phrases pays for every byte and
//! for every phrase that matches inside a longer word ("round" in "ground"). At each
//! word the longest phrase that follows wins ("in opposition to" over "opposition").
//! A hit must end on a word boundary; a hit that the caller rejects (wrong context)
//! gives way to the longest shorter phrase at the same place, then to whatever starts
//! after it. These are exactly the leftmost-longest semantics of an aho-corasick
//! search with whole-word filtering, ASCII case-insensitive (a property test holds the
//! two together).

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::dict::{Dictionary, Entry, Kind};
use crate::error::{Error, Result};
use crate::text::{
    ascii_lowercase8, ascii_word_bytes, is_word_char, load_short, pack16, pack16_at, Normalized,
};

/// One surface form in the matcher.
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
    /// Its entry's kind, kept here because every hit asks for it.
    pub kind: Kind,
    /// Other patterns that are this one cut at a word boundary, longest first.
    shorter: Vec<usize>,
    /// See [`Pattern::may_hide_others`].
    hides: bool,
}

impl Pattern {
    /// Could another pattern start inside this one's span? Only if it has more than
    /// one word ("lots of of", "step-up", "1000's"); a plain word hides nothing.
    pub fn may_hide_others(&self) -> bool {
        self.hides
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

/// A pattern under its first word, with the next eight bytes of its text packed into
/// a word: most of the dozens of phrases that start with "the" or "in" are ruled out
/// by one comparison, before any byte-by-byte look.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    pattern: usize,
    /// The pattern's length in bytes.
    len: usize,
    /// The bytes after the first word, up to eight, little-endian…
    next: u64,
    /// …and which of them count.
    mask: u64,
}

/// The candidates under one first word. Dozens of phrases start with "the" or "in":
/// those of three bytes or more past the first word are split by the two bytes after
/// it (" o" of "in opposition"), so a text word is held against a handful. Each list
/// is longest first, and every phrase of a subgroup is longer than every short one.
#[derive(Debug, Clone)]
struct Group {
    /// Into [`Matcher::subgroups`].
    subgroups: Range<u32>,
    /// Into [`Matcher::candidates`]: phrases at most one byte longer than the word.
    short: Range<u32>,
    /// Bit `b % 64` is set when a subgroup's second byte is `b`: a text whose second
    /// byte after the word has no bit set needs no look at the subgroups.
    seconds: u64,
    /// No two subgroups share a bit of `seconds` (nearly always: the first byte after
    /// the word is a space, the second a letter). The subgroups are in the order of
    /// their bits, so the one to look at is the count of set bits below its own.
    direct: bool,
}

/// Up to eight bytes of `bytes`, ASCII-lowercased, little-endian, zero-padded.
#[inline(always)]
fn pack8(bytes: &[u8]) -> u64 {
    let raw = match bytes.get(..8) {
        Some(chunk) => u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
        None => load_short(bytes) as u64,
    };
    ascii_lowercase8(raw)
}

/// Bits in [`Matcher`]'s filter of first words: 8 KiB, a few percent of them set by
/// the dictionaries' two to three thousand first words.
const FIRST8_FILTER_BITS: usize = 1 << 16;

/// The bit of [`Matcher`]'s filter for first word `key`.
#[inline(always)]
fn first8_bit(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

/// The compiled dictionary.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Patterns by their first word (or, for a pattern that starts with punctuation,
    /// its first character), for first words of nine to sixteen bytes, packed into an
    /// integer: a probe compares integers, with no pointer to follow and no `memcmp`.
    by_first: FxHashMap<u128, Group>,
    /// The same for first words of up to eight bytes (most of them), in a table of
    /// their own: the search reads a short word and its key from one 8-byte load.
    by_first8: FxHashMap<u64, Group>,
    /// One bit per hash of a key of `by_first8` ([`first8_bit`]): half the words of
    /// running text start no phrase, and most of them are turned away here, by one
    /// bit in a table that stays in the fastest cache, before the map is probed.
    first8_filter: Box<[u64]>,
    /// Longer first words.
    by_long_first: FxHashMap<Box<[u8]>, Group>,
    /// Every pattern as a candidate, grouped by first word.
    candidates: Vec<Candidate>,
    /// Subgroups of a first word's candidates by the two bytes after it.
    subgroups: Vec<(u16, Range<u32>)>,
    /// Whether some pattern starts with a character that is not part of a word: only
    /// then is punctuation looked up too.
    punctuation_starts: bool,
    /// Length in bytes of the longest first word: longer words are not looked up.
    longest_first: usize,
    /// Length in bytes of the longest pattern.
    longest: usize,
    /// Every word (run of word characters) of up to sixteen bytes that some pattern
    /// holds after its start, packed as first words are, with the furthest byte into
    /// a pattern it starts at: see [`Matcher::reach_into`].
    inner_words: FxHashMap<u128, usize>,
    patterns: Vec<Pattern>,
    entries: Vec<Entry>,
    /// Each entry's rule name, `pack:key`, spelled once: every edit carries one.
    rule_names: Vec<String>,
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
                    hides: !form.text.chars().all(is_word_char),
                    text: form.text,
                    entry: e,
                    replacement: form.replacement,
                    after_have: form.after_have,
                    kind: entry.kind,
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
        let mut groups: FxHashMap<&[u8], Vec<Candidate>> = FxHashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            if p.text.is_empty() {
                return Err(Error::Build("an empty phrase cannot be matched".to_owned()));
            }
            let key = first_key(&p.text);
            let rest = &p.text.as_bytes()[key.len()..];
            let counted = rest.len().min(8);
            let mask = if counted == 8 { u64::MAX } else { (1u64 << (8 * counted)) - 1 };
            let candidate = Candidate { pattern: i, len: p.text.len(), next: pack8(rest), mask };
            groups.entry(key).or_default().push(candidate);
        }
        let mut by_first = FxHashMap::default();
        let mut by_first8 = FxHashMap::default();
        let mut by_long_first = FxHashMap::default();
        let mut candidates = Vec::with_capacity(patterns.len());
        let mut keys: Vec<&[u8]> = groups.keys().copied().collect();
        keys.sort_unstable(); // the same layout on every run
        let mut subgroups: Vec<(u16, Range<u32>)> = Vec::new();
        for key in keys {
            let group = groups.remove(key).unwrap_or_default();
            let (mut long, mut short): (Vec<Candidate>, Vec<Candidate>) =
                group.into_iter().partition(|c| c.len >= key.len() + 2);
            // By bit of `seconds` first, so that a direct group's subgroups are in bit order.
            long.sort_by_key(|c| (second_bit(c.next), c.next as u16, std::cmp::Reverse(c.len)));
            short.sort_by_key(|c| std::cmp::Reverse(c.len));
            let first_subgroup = subgroups.len() as u32;
            for c in long {
                let two = c.next as u16;
                let here = candidates.len() as u32;
                match subgroups[first_subgroup as usize..].last_mut() {
                    Some((k, r)) if *k == two => r.end += 1,
                    _ => subgroups.push((two, here..here + 1)),
                }
                candidates.push(c);
            }
            let short_start = candidates.len() as u32;
            candidates.extend(short);
            let seconds = subgroups[first_subgroup as usize..]
                .iter()
                .fold(0u64, |bits, (two, _)| bits | 1 << second_bit(u64::from(*two)));
            let direct = seconds.count_ones() as usize == subgroups.len() - first_subgroup as usize;
            let group = Group {
                subgroups: first_subgroup..subgroups.len() as u32,
                short: short_start..candidates.len() as u32,
                seconds,
                direct,
            };
            match pack16(key) {
                Some(packed) if packed >> 64 == 0 => by_first8.insert(packed as u64, group),
                Some(packed) => by_first.insert(packed, group),
                None => by_long_first.insert(key.into(), group),
            };
        }
        let mut first8_filter = vec![0u64; FIRST8_FILTER_BITS / 64].into_boxed_slice();
        for &key in by_first8.keys() {
            let bit = first8_bit(key);
            first8_filter[bit / 64] |= 1 << (bit % 64);
        }
        let punctuation_starts = patterns.iter().any(|p| !p.text.starts_with(is_word_char));
        let longest_first = patterns.iter().map(|p| first_key(&p.text).len()).max().unwrap_or(0);
        let longest = patterns.iter().map(|p| p.text.len()).max().unwrap_or(0);
        let mut inner_words = FxHashMap::with_capacity_and_hasher(patterns.len(), Default::default());
        for p in &patterns {
            let text = p.text.as_bytes();
            // Each word after the first byte: where it starts, from the end of the one
            // before (ASCII by bytes, the rest by characters).
            let mut s = text.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(text.len());
            while s < text.len() {
                let (word, len) = word_char_at(&p.text, s);
                if !word {
                    s += len;
                    continue;
                }
                let mut e = s + len;
                while e < text.len() {
                    match word_char_at(&p.text, e) {
                        (true, len) => e += len,
                        (false, _) => break,
                    }
                }
                // A word too long to pack is not kept: `reach_into` assumes the worst.
                if let Some(key) = pack16(&text[s..e]) {
                    let at = inner_words.entry(key).or_insert(0);
                    *at = s.max(*at);
                }
                s = e;
            }
        }
        Ok(Matcher {
            by_first,
            by_first8,
            first8_filter,
            by_long_first,
            candidates,
            subgroups,
            punctuation_starts,
            longest_first,
            longest,
            inner_words,
            patterns,
            rule_names: entries.iter().map(|e| format!("{}:{}", e.pack, e.key)).collect(),
            entries,
        })
    }

    /// How far before the word `hay[at..at + len]` (a whole run of word characters)
    /// can a pattern start that runs on into it? The furthest any pattern holds that
    /// word after its start, in any case; 0 if none does. A later pass of the repair
    /// asks this of each replacement's first word: only so far back can a phrase run
    /// into it.
    pub fn reach_into(&self, hay: &[u8], at: usize, len: usize) -> usize {
        match pack16_at(hay, at, len) {
            Some(key) => self.inner_words.get(&key).copied().unwrap_or(0),
            None => self.longest,
        }
    }

    /// The surface forms, indexed by [`Hit::pattern`].
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The entries, indexed by [`Pattern::entry`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The rule name (`pack:key`) of entry `entry`, as edits name it.
    pub fn rule_name(&self, entry: usize) -> &str {
        &self.rule_names[entry]
    }

    /// Length in bytes of the longest pattern.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The group of phrases whose first word packs to `key` (of up to eight bytes).
    #[inline(always)]
    fn first8(&self, key: u64) -> Option<&Group> {
        let bit = first8_bit(key);
        if self.first8_filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.by_first8.get(&key)
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
        let bytes = hay.as_bytes();
        // Room for a hit every 128 bytes, about as many as spun text holds, so that the
        // list is not regrown hit by hit.
        let mut hits = Vec::with_capacity((starts.end - starts.start) / 128);
        let mut key = Vec::new(); // for words too long to pack, rare
        let mut hint = 0; // where the last hit was in the view's map to the original
        let mut i = starts.start;
        let mut after_word = hay[..i].chars().next_back().is_some_and(is_word_char);
        while i < starts.end {
            let (word, len) = word_char_at(hay, i);
            if word && after_word {
                i += len;
                continue;
            }
            // The common case: an ASCII word of under eight bytes. One load holds the
            // whole word, where it ends and its key. (A non-ASCII byte after it may
            // continue the word: the general path below.) Its outcome handling repeats
            // the general path's on purpose: one shared tail cost 3% of a repair's
            // instructions (callgrind).
            if word && len == 1 {
                if let Some(chunk) = bytes.get(i..i + 8) {
                    let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                    let n = ascii_word_bytes(x);
                    if n < 8 && bytes[i + n].is_ascii() {
                        let end = i + n;
                        let key = ascii_lowercase8(x & ((1u64 << (8 * n)) - 1));
                        match self
                            .first8(key)
                            .and_then(|g| self.take(norm, i, end, g, &mut accept, &mut hint))
                        {
                            Some(hit) => {
                                i = hit.norm.end;
                                after_word = hay[..i].chars().next_back().is_some_and(is_word_char);
                                hits.push(hit);
                            }
                            // Nothing starts here. The next word is most often one
                            // space on (no phrase starts with a space): go straight there.
                            None if bytes[end] == b' '
                                && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) =>
                            {
                                after_word = false;
                                i = end + 1;
                            }
                            None => {
                                after_word = true;
                                i = end;
                            }
                        }
                        continue;
                    }
                }
            }
            // A word starts here (or punctuation that a pattern may start with): its
            // end, and the key to look up.
            let mut end = i + len;
            if word {
                loop {
                    if let Some(chunk) = bytes.get(end..end + 8) {
                        let n = ascii_word_bytes(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
                        end += n;
                        if n == 8 {
                            continue;
                        }
                    } else if bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                        end += 1;
                        continue;
                    }
                    match bytes.get(end) {
                        Some(&b) if !b.is_ascii() => match word_char_at(hay, end) {
                            (true, len) => end += len,
                            (false, _) => break,
                        },
                        _ => break,
                    }
                }
            } else if !self.punctuation_starts {
                after_word = false;
                i = end;
                continue;
            }
            let word_bytes = &bytes[i..end];
            let range = match pack16_at(bytes, i, end - i) {
                Some(packed) if packed >> 64 == 0 => self.first8(packed as u64),
                Some(packed) => self.by_first.get(&packed),
                None if word_bytes.len() > self.longest_first => None,
                None => {
                    key.clear();
                    key.extend(word_bytes.iter().map(u8::to_ascii_lowercase));
                    self.by_long_first.get(key.as_slice())
                }
            };
            let taken = range.and_then(|group| self.take(norm, i, end, group, &mut accept, &mut hint));
            match taken {
                Some(hit) => {
                    i = hit.norm.end;
                    after_word = hay[..i].chars().next_back().is_some_and(is_word_char);
                    hits.push(hit);
                }
                // Nothing else starts inside this word.
                None => {
                    after_word = word;
                    i = end;
                }
            }
        }
        hits
    }

    /// Does `hay` hold candidate `c` at `start`? `next` is the packed eight bytes after
    /// the first word (already equal), which settle most candidates at once.
    #[inline(always)]
    fn fits(&self, c: &Candidate, next: u64, hay: &[u8], start: usize, first_end: usize) -> bool {
        next & c.mask == c.next
            && start + c.len <= hay.len()
            && (c.len <= first_end - start + 8
                || hay.get(first_end..start + c.len).is_some_and(|h| {
                    h.eq_ignore_ascii_case(&self.patterns[c.pattern].text.as_bytes()[first_end - start..])
                }))
    }

    /// The hit at `start`: the longest of `candidates` that the text holds, or failing
    /// its word boundary or `accept`, the longest shorter phrase inside it that passes.
    #[inline(always)]
    fn take(
        &self,
        norm: &Normalized,
        start: usize,
        first_end: usize,
        group: &Group,
        accept: &mut impl FnMut(&Hit) -> bool,
        hint: &mut usize,
    ) -> Option<Hit> {
        let hay = norm.as_str().as_bytes();
        // The first word is already equal; compare the next eight bytes at once.
        let next = pack8(&hay[first_end..]);
        let list = |r: &Range<u32>| &self.candidates[r.start as usize..r.end as usize];
        let mut longest = None;
        // Most words that start a phrase ("the", "in") start none here: one bit says
        // whether any subgroup has the byte after the next one.
        let bit = second_bit(next);
        if group.seconds & (1 << bit) != 0 {
            let subgroups = &self.subgroups[group.subgroups.start as usize..group.subgroups.end as usize];
            let subgroup = if group.direct {
                let below = (group.seconds & ((1u64 << bit) - 1)).count_ones() as usize;
                subgroups.get(below).filter(|(two, _)| *two == next as u16)
            } else {
                subgroups.iter().find(|(two, _)| *two == next as u16)
            };
            if let Some((_, r)) = subgroup {
                longest = list(r).iter().find(|c| self.fits(c, next, hay, start, first_end));
            }
        }
        let longest = match longest {
            Some(c) => c,
            None => list(&group.short).iter().find(|c| self.fits(c, next, hay, start, first_end))?,
        }
        .pattern;
        let text = norm.as_str();
        for candidate in std::iter::once(longest).chain(self.patterns[longest].shorter.iter().copied()) {
            let end = start + self.patterns[candidate].text.len();
            let right_ok = !text[end..].starts_with(is_word_char) || !text[..end].ends_with(is_word_char);
            if !right_ok {
                continue;
            }
            let hit = Hit {
                span: norm.original_near(start, hint)..norm.original_near(end, hint),
                norm: start..end,
                pattern: candidate,
            };
            if accept(&hit) {
                return Some(hit);
            }
        }
        None
    }
}

/// The bit of [`Group::seconds`] for packed bytes `next`: their second byte, mod 64.
#[inline(always)]
fn second_bit(next: u64) -> u32 {
    ((next >> 8) & 63) as u32
}

/// Is the character at byte `i` of `s` part of a word, and how long is it? ASCII (most
/// of any English text) by a table, without decoding.
#[inline(always)]
fn word_char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    (is_word_char(c), c.len_utf8())
}

/// A pattern's lookup key: its first word, or its first character if that is not part
/// of a word.
fn first_key(text: &str) -> &[u8] {
    let end = match text.find(|c: char| !is_word_char(c)) {
        Some(0) => text.chars().next().map_or(0, char::len_utf8),
        Some(i) => i,
        None => text.len(),
    };
    &text.as_bytes()[..end]
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

    #[test]
    fn reach_into_is_the_furthest_a_pattern_holds_a_word() {
        let m = matcher("[certain]\n\"lots of of\" = \"hundreds of\"\n\"in opposition to\" = \"against\"\n\"1000's\" = \"thousands\"\n");
        let reach = |word: &str| m.reach_into(word.as_bytes(), 0, word.len());
        assert_eq!(reach("of"), 8, "the later of its two places in \"lots of of\"");
        assert_eq!(reach("OF"), 8, "in any case");
        assert_eq!(reach("opposition"), 3);
        assert_eq!(reach("s"), 5, "after the apostrophe of \"1000's\"");
        assert_eq!(reach("lots"), 0, "only ever a first word");
        assert_eq!(reach("against"), 0, "in no pattern");
        assert_eq!(reach("internationalisation"), m.longest(), "too long to pack: the worst case");
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

    /// The matcher this one replaced: an aho-corasick automaton, leftmost-longest,
    /// ASCII case-insensitive, whose hits are filtered to word boundaries.
    fn reference_find(m: &Matcher, norm: &Normalized, mut accept: impl FnMut(&Hit) -> bool) -> Vec<Hit> {
        use aho_corasick::{AhoCorasick, Input, MatchKind};
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(m.patterns.iter().map(|p| &p.text))
            .unwrap();
        let hay = norm.as_str();
        let mut hits = Vec::new();
        let mut pos = 0;
        while let Some(found) = ac.find(Input::new(hay).span(pos..hay.len())) {
            let start = found.start();
            let left_ok = !hay[..start].chars().next_back().is_some_and(is_word_char)
                || !hay[start..].starts_with(is_word_char);
            let id = found.pattern().as_usize();
            let taken = left_ok
                .then(|| {
                    std::iter::once(id).chain(m.patterns[id].shorter.iter().copied()).find_map(|c| {
                        let end = start + m.patterns[c].text.len();
                        let right_ok =
                            !hay[end..].starts_with(is_word_char) || !hay[..end].ends_with(is_word_char);
                        let hit = Hit {
                            span: norm.original(start)..norm.original(end),
                            norm: start..end,
                            pattern: c,
                        };
                        (right_ok && accept(&hit)).then_some(hit)
                    })
                })
                .flatten();
            match taken {
                Some(hit) => {
                    pos = hit.norm.end;
                    hits.push(hit);
                }
                None => {
                    let rest = &hay[start..];
                    pos = match rest.find(|c: char| !is_word_char(c)) {
                        Some(0) => start + rest.chars().next().map_or(1, char::len_utf8),
                        Some(i) => start + i,
                        None => hay.len(),
                    };
                }
            }
        }
        hits
    }

    const TABLE: &str = r#"
[certain]
"1000's" = "thousands"
"in opposition to" = "against"
"in opposition" = "opposed"
"opposition" = "resistance"
"lots of of" = "hundreds of"
"lots of" = "many"
"got here" = "came"
"navy" = "military"
"navy blue" = "dark blue"
"step-up" = "increase"
"trafalgar sq." = "Trafalgar Square"
"sq" = "square"
"naïve" = "simple"
"o'clock" = "hour"
"#;

    /// Patterns that start with punctuation are looked up at punctuation too.
    const PUNCTUATION: &str = r#"
[certain]
"-fold" = "times"
"'s navy" = "'s military"
"navy" = "military"
"of" = "off"
"#;

    proptest::proptest! {
        #[test]
        fn word_index_matches_the_automaton(
            words in proptest::collection::vec(
                "(1000's|1000’s|in|opposition|to|lots|of|got|here|navy|blue|step|up|trafalgar|sq|naïve|NAÏVE|o'clock|Navy|OF|x|[a-z]{1,3})",
                0..24,
            ),
            seps in proptest::collection::vec("( |  |-|\\.|\\. |, |\n|’|'|é|\u{2003})", 24),
            reject in proptest::collection::vec(proptest::bool::ANY, 32),
            punctuation in proptest::bool::ANY,
        ) {
            let m = matcher(if punctuation { PUNCTUATION } else { TABLE });
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            let norm = Normalized::new(&text);
            // The same caller decisions for both: reject by (start, pattern).
            let verdict = |h: &Hit| !reject[(h.norm.start * 7 + h.pattern) % reject.len()];
            let got = m.find(&norm, verdict);
            let want = reference_find(&m, &norm, verdict);
            proptest::prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    #[test]
    fn word_index_matches_the_automaton_on_the_embedded_dictionary() {
        let m = Matcher::new(&Dictionary::embedded().unwrap()).unwrap();
        let texts = [
            include_str!("../examples/spun-news.txt"),
            include_str!("../examples/clean-news.txt"),
            include_str!("../tests/clean/science.txt"),
        ];
        for text in texts {
            let norm = Normalized::new(text);
            for modulus in [usize::MAX, 2, 3, 5] {
                let verdict = |h: &Hit| (h.norm.start + h.pattern) % modulus != 1;
                let got = m.find(&norm, verdict);
                assert!(modulus != usize::MAX || got.len() > 10);
                assert_eq!(got, reference_find(&m, &norm, verdict));
            }
        }
    }

    #[test]
    fn eight_bytes_of_a_word_at_once() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[at] = b;
                let want = if b.is_ascii_alphanumeric() { 8 } else { at };
                assert_eq!(ascii_word_bytes(u64::from_le_bytes(chunk)), want, "{b:#x} at {at}");
            }
        }
        assert_eq!(ascii_word_bytes(u64::from_le_bytes(*b"Navy blu")), 4);
        assert_eq!(ascii_word_bytes(u64::from_le_bytes(*b"1000's o")), 4);
    }

    #[test]
    fn eight_bytes_lowercase_at_once() {
        for s in ["", "ABCXYZ@[", "Navy", "NAÏVE", "a`z{Z@", "\u{7f}\u{80}A"] {
            let b = s.as_bytes();
            let want: Vec<u8> = b.iter().take(8).map(u8::to_ascii_lowercase).collect();
            assert_eq!(pack8(b).to_le_bytes()[..want.len()], want[..], "{s:?}");
        }
        for x in 0..=255u8 {
            assert_eq!(ascii_lowercase8(u64::from(x)), u64::from(x.to_ascii_lowercase()), "{x}");
        }
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
