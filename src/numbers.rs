//! Small numbers: spinners write digits for spelled-out numbers ("the 2 regions",
//! "in 4 days", "5 million people"). This rule spells one to nine back out in running
//! prose, and stays away from names ("Nord Stream 2"), dates ("May 2"), ages, scores
//! ("2-1"), units ("4 km"), decimals ("3.5"), times, money, ordinals and lists of
//! figures ("2, 4 and 6").
//!
//! Both searches run on every document, so they allocate nothing for a figure they
//! reject: the words beside a digit are looked at as slices of the text, compared
//! without case against sorted word lists.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::{is_apostrophe, is_word_char};

const WORDS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/// [`WORDS`] as they start a sentence.
const CAPITALIZED: [&str; 10] =
    ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"];

/// Month names and their abbreviations: a digit beside one is part of a date. Sorted,
/// lowercase ASCII (a test checks), for [`listed`].
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "apr", "april", "aug", "august", "dec", "december", "feb", "february", "jan", "january", "jul", "july",
    "jun", "june", "mar", "march", "may", "nov", "november", "oct", "october", "sep", "sept", "september",
];

/// Words after which a digit is a label, not a count ("page 2", "round 2", "aged 5").
/// Sorted, lowercase ASCII.
#[rustfmt::skip]
const LABEL_BEFORE: &[&str] = &[
    "act", "age", "aged", "ages", "appendix", "article", "at", "between", "block", "box", "by", "category",
    "channel", "chapter", "class", "clause", "day", "district", "division", "episode", "exit", "fig",
    "figure", "floor", "from", "game", "gate", "grade", "highway", "interstate", "issue", "item", "lane",
    "league", "leg", "level", "line", "match", "minus", "model", "no", "nos", "number", "option", "over", "p",
    "page", "pages", "part", "phase", "pier", "platform", "plus", "pp", "race", "rated", "rating", "room",
    "round", "route", "rule", "score", "scored", "season", "section", "series", "set", "size", "stage",
    "step", "table", "term", "terminal", "tier", "times", "to", "top", "type", "under", "unit", "v",
    "version", "vol", "volume", "ward", "week", "x", "year", "zone",
];

/// Words after a digit that make it a measurement, time, date or label. Sorted,
/// lowercase ASCII.
const UNIT_AFTER: &[&str] = &[
    "a", "am", "bn", "c", "cm", "deg", "degrees", "f", "ft", "g", "games", "gb", "ghz", "goals", "gw", "hz",
    "k", "kb", "kg", "km", "kmh", "kph", "kw", "kwh", "l", "lb", "lbs", "m", "mb", "mg", "mhz", "mi", "ml",
    "mm", "mph", "mw", "nil", "nm", "o'clock", "oz", "p", "pc", "per", "percent", "pm", "points", "runs",
    "sets", "stars", "tb", "tn", "to", "v", "w", "wickets", "x",
];

/// Longer than any word of the lists, so a word is lowercased into a fixed buffer.
const LONGEST_LISTED: usize = 12;

/// A word as the lists spell it: lowercase, straight apostrophes. `None` when it
/// cannot be in any list: longer than every listed word, or with a character that
/// does not lowercase to ASCII.
fn listable(word: &str) -> Option<([u8; LONGEST_LISTED], usize)> {
    let mut buf = [0; LONGEST_LISTED];
    let mut len = 0;
    for c in word.chars() {
        let b = if c.is_ascii() {
            (c as u8).to_ascii_lowercase()
        } else if is_apostrophe(c) {
            b'\''
        } else if c == '\u{212A}' {
            // KELVIN SIGN, the one character outside ASCII whose lowercase is ASCII.
            b'k'
        } else {
            return None;
        };
        *buf.get_mut(len)? = b;
        len += 1;
    }
    Some((buf, len))
}

/// Is the lowercased word `word` in the sorted `list`?
fn listed(list: &[&str], word: &[u8]) -> bool {
    list.binary_search_by(|w| w.as_bytes().cmp(word)).is_ok()
}

/// A digit worth spelling out, with its spelled form (capitalized at a sentence start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallNumber {
    /// Byte range of the digit.
    pub span: Range<usize>,
    /// "two", or "Two" at the start of a sentence.
    pub word: String,
}

/// Bytes looked at together when searching for digits.
const CHUNK: usize = 32;

/// Calls `f` with the offset of every byte of `bytes` in `lo..=hi`, in order, until it
/// returns true; returns whether one did. Skips whole chunks without such a byte with
/// a test the compiler vectorizes, then goes through the chunk eight bytes at a time.
///
/// `lo` must be above 0 and `hi` below 128.
#[inline(always)]
fn each_byte_in(bytes: &[u8], lo: u8, hi: u8, mut f: impl FnMut(usize) -> bool) -> bool {
    let wanted = |b: u8| b.wrapping_sub(lo) <= hi - lo;
    let mut start = 0;
    while let Some(chunk) = bytes.get(start..start + CHUNK) {
        let whole: &[u8; CHUNK] = chunk.try_into().expect("a whole chunk");
        if whole.iter().fold(false, |any, &b| any | wanted(b)) {
            // Eight bytes at a time: the high bit of each byte of `m` says whether the
            // byte is in range (exactly, with no carry between bytes, as in "Bit
            // Twiddling Hacks", hasbetween).
            const L: u64 = u64::MAX / 255;
            for (j, word) in whole.chunks_exact(8).enumerate() {
                let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
                let low = x & (L * 127);
                let (below, above) = (u64::from(lo) - 1, u64::from(hi) + 1);
                let mut m = (L * (127 + above) - low) & !x & (low + L * (127 - below)) & (L * 128);
                while m != 0 {
                    if f(start + 8 * j + m.trailing_zeros() as usize / 8) {
                        return true;
                    }
                    m &= m - 1;
                }
            }
        }
        start += CHUNK;
    }
    for (k, &b) in bytes.iter().enumerate().skip(start) {
        if wanted(b) && f(k) {
            return true;
        }
    }
    false
}

/// Every lone digit 1–9 in running prose.
pub fn find(text: &str) -> Vec<SmallNumber> {
    let mut out = Vec::new();
    each_byte_in(text.as_bytes(), b'1', b'9', |i| {
        out.extend(small_number(text, i));
        false
    });
    out
}

/// Part of a longer token when one of these comes before: 2,000, 2:35, $5, #3, (2).
fn glued_before(c: char) -> bool {
    is_word_char(c)
        || matches!(
            c,
            '.' | ',' | ':' | '/' | '-' | '–' | '$' | '£' | '€' | '¥' | '#' | '+' | '(' | '@' | '&'
        )
        || matches!(c, '_' | '\'' | '’')
}

/// Part of a longer token when one of these comes after: 12, 2nd, 5%, 2-1, (2).
fn glued_after(c: char) -> bool {
    is_word_char(c) || matches!(c, '%' | '°' | '/' | '-' | '–' | ')' | '\'' | '’' | '&' | '_')
}

/// Can the words around a digit be apart by `c` (spaces and hyphens)?
fn between_words(c: char) -> bool {
    c.is_whitespace() || c == '-' || c == '\u{2010}'
}

/// The word just before `at` across spaces and hyphens, as [`crate::text::words_before`]
/// finds it (without leading apostrophes), but as a slice of the text: `None` if
/// other punctuation comes first.
fn word_before(text: &str, at: usize) -> Option<&str> {
    let head = &text[..at];
    let mut end = None;
    for (k, c) in head.char_indices().rev() {
        match end {
            None if is_word_char(c) => end = Some(k + c.len_utf8()),
            None if between_words(c) => {}
            None => return None,
            Some(_) if is_word_char(c) || is_apostrophe(c) => {}
            Some(e) => return Some(head[k + c.len_utf8()..e].trim_start_matches(is_apostrophe)),
        }
    }
    end.map(|e| head[..e].trim_start_matches(is_apostrophe))
}

/// The word just after `at`, as [`crate::text::words_after`] finds it (without
/// trailing apostrophes), as a slice of the text.
fn word_after(text: &str, at: usize) -> Option<&str> {
    let tail = &text[at..];
    let mut start = None;
    for (k, c) in tail.char_indices() {
        match start {
            None if is_word_char(c) => start = Some(k),
            None if between_words(c) => {}
            None => return None,
            Some(_) if is_word_char(c) || is_apostrophe(c) => {}
            Some(s) => return Some(tail[s..k].trim_end_matches(is_apostrophe)),
        }
    }
    start.map(|s| tail[s..].trim_end_matches(is_apostrophe))
}

/// The digit at `i`, spelled, if it stands alone in running prose. Kept out of the
/// search loop, which then keeps its state in registers.
#[inline(never)]
fn small_number(text: &str, i: usize) -> Option<SmallNumber> {
    let bytes = text.as_bytes();
    // Part of a longer token: 12, 2nd, 3.5, 2,000, 2:35, 2-1, $5, #3, (2), 5%, 4x4, A4.
    if text[..i].chars().next_back().is_some_and(glued_before) {
        return None;
    }
    let mut after = text[i + 1..].chars();
    match (after.next(), after.next()) {
        (Some(c), _) if glued_after(c) => return None,
        (Some('.' | ',' | ':'), Some(d)) if d.is_ascii_digit() => return None,
        _ => {}
    }
    if near_other_figure(bytes, i) {
        return None;
    }
    let prev = word_before(text, i);
    if prev.is_some_and(|w| {
        w.bytes().all(|b| b.is_ascii_digit())
            || listable(w).is_some_and(|(w, n)| listed(LABEL_BEFORE, &w[..n]) || listed(MONTHS, &w[..n]))
    }) {
        return None;
    }
    if word_after(text, i + 1).is_some_and(|w| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || listable(w).is_some_and(|(w, n)| listed(UNIT_AFTER, &w[..n]) || listed(MONTHS, &w[..n]))
    }) {
        return None;
    }
    // A capitalized word before, not at a sentence start: a name ("Nord Stream 2").
    let head = text[..i].trim_end();
    let sentence_start = head.is_empty() || head.ends_with(['.', '!', '?', ':', '\n', '"', '“', '—', '–']);
    if !sentence_start && prev.is_none() {
        // Punctuation other than a sentence end right before: "(", ",", a list.
        return None;
    }
    let prev_word_original = head.rsplit(|c: char| !is_word_char(c)).next().unwrap_or("");
    if !sentence_start && prev_word_original.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let digit = usize::from(bytes[i] - b'0');
    let word = if sentence_start { CAPITALIZED[digit] } else { WORDS[digit] };
    Some(SmallNumber { span: i..i + 1, word: word.to_owned() })
}

/// Another figure close by on either side makes this one part of a list or a range
/// ("2 or 3", "1 in 5", "2, 4 and 6"): an ASCII digit among the 12 characters either
/// side of `i`. Counts characters by their first bytes.
fn near_other_figure(bytes: &[u8], i: usize) -> bool {
    const REACH: usize = 12;
    let starts_char = |b: u8| (b as i8) >= -0x40; // not a UTF-8 continuation byte
    let mut chars = 0;
    for &b in bytes[..i].iter().rev() {
        if b.is_ascii_digit() {
            return true;
        }
        chars += usize::from(starts_char(b));
        if chars == REACH {
            break;
        }
    }
    chars = 0;
    for &b in &bytes[i + 1..] {
        if chars == REACH && starts_char(b) {
            break;
        }
        if b.is_ascii_digit() {
            return true;
        }
        chars += usize::from(starts_char(b));
    }
    false
}

/// A digit the spinner spelled out inside a figure: "one.8%", "two:35 p.m.",
/// "$eight.2bn", "3.five", "five%". Never correct English, so the rule is certain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpelledDigit {
    /// Byte range of the number word.
    pub span: Range<usize>,
    /// The digit it stands for.
    pub digit: char,
}

/// A number word glued to a figure: before a separator and a digit, or a percent
/// sign; after a currency sign; or after a digit and a separator.
static SPELLED_IN_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    // Case folded for ASCII only ("-u"), as the digit is looked up: Unicode folding
    // would let "ſix" (long s) match a word the lookup does not know.
    let w = "(?-u:zero|one|two|three|four|five|six|seven|eight|nine)";
    Regex::new(&format!(
        // ASCII classes and boundaries only: they keep the regex on its fast DFA engines.
        r"(?i)(?:^|[^0-9A-Za-z_$£€¥.:,'’-])(?P<a>{w})(?:[.:,][0-9]|%)|[$£€¥](?P<b>{w})(?-u:\b)|[0-9][.:](?P<c>{w})(?-u:\b)"
    ))
    .expect("valid regex")
});

/// A quick pass that rules out nearly every text: a spelled digit in a figure needs a
/// letter glued to a separator and a digit ("one.8", "two:35"), a letter before "%",
/// a currency sign before a letter, or a digit and a separator before a letter. (Only
/// ASCII letters count, so "$ſix" alone is not looked at, though the regex matches it.)
///
/// The separators are common, so the first test goes from digit to digit; the other
/// bytes are rare, and found with `memchr`.
fn may_hold_spelled_digit(b: &[u8]) -> bool {
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    let separator = |i: usize| matches!(b.get(i), Some(b'.' | b':' | b','));
    // A letter, a separator and the digit at `i`, or the digit, a separator and a letter.
    let in_figure =
        |i: usize| (i >= 2 && separator(i - 1) && letter(i - 2)) || (separator(i + 1) && letter(i + 2));
    each_byte_in(b, b'0', b'9', in_figure)
        || memchr::memchr_iter(b'%', b).any(|i| i > 0 && letter(i - 1))
        // "$", and the last byte of "£", "¥" (C2 A3, C2 A5) and "€" (E2 82 AC).
        || memchr::memchr3_iter(b'$', 0xA3, 0xA5, b).any(|i| letter(i + 1))
        || memchr::memchr_iter(0xAC, b).any(|i| letter(i + 1))
}

/// Every number word that stands for a digit inside a figure, left to right.
pub fn spelled_digits(text: &str) -> Vec<SpelledDigit> {
    if !may_hold_spelled_digit(text.as_bytes()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    // `find_at` runs the fast engines over the whole text; the slower capture search
    // runs only on the few bytes of each match.
    while let Some(found) = SPELLED_IN_FIGURE.find_at(text, at) {
        let local = &text[found.start()..found.end()];
        let caps = SPELLED_IN_FIGURE.captures(local).expect("the match matches");
        let m = caps.name("a").or_else(|| caps.name("b")).or_else(|| caps.name("c")).expect("one group");
        let digit = WORDS.iter().position(|w| w.eq_ignore_ascii_case(m.as_str())).expect("a number word");
        let span = found.start() + m.start()..found.start() + m.end();
        // The next figure may share this one's trailing digit ("one.two.three").
        at = span.end.max(found.start() + 1);
        out.push(SpelledDigit { span, digit: char::from(b'0' + digit as u8) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(text: &str) -> Vec<String> {
        find(text).into_iter().map(|n| n.word).collect()
    }

    #[test]
    fn running_prose_digits_are_spelled() {
        assert_eq!(spelled("the 2 breakaway regions"), ["two"]);
        assert_eq!(spelled("killed in 4 days"), ["four"]);
        assert_eq!(spelled("could displace 5 million people"), ["five"]);
        assert_eq!(spelled("3 men were arrested."), ["Three"]);
        assert_eq!(spelled("It rained. 3 men left."), ["Three"]);
    }

    fn digits(text: &str) -> String {
        let mut out = text.to_owned();
        for d in spelled_digits(text).into_iter().rev() {
            out.replace_range(d.span, &d.digit.to_string());
        }
        out
    }

    #[test]
    fn digits_spelled_inside_figures_come_back() {
        for (spun, original) in [
            ("growth of one.8% in May", "growth of 1.8% in May"),
            ("at two:35 p.m. local time", "at 2:35 p.m. local time"),
            ("a $eight.2bn deal", "a $8.2bn deal"),
            ("fell to £three million", "fell to £3 million"),
            ("rose 3.five per cent", "rose 3.5 per cent"),
            ("up five% on the year", "up 5% on the year"),
            ("One.5 million people", "1.5 million people"),
            ("between zero.5 and one.2", "between 0.5 and 1.2"),
            ("a score of seven,000 points", "a score of 7,000 points"),
        ] {
            assert_eq!(digits(spun), original, "{spun}");
        }
    }

    #[test]
    fn number_words_in_prose_stay() {
        for t in [
            "one of the two men",
            "Chapter one. Two days later",
            "She was one: the first.",
            "one, two, three",
            "at one o'clock",
            "one.",
            "someone.5",
            "anyone:2",
            "one-2 win",
            "No. one",
        ] {
            assert_eq!(digits(t), t, "{t}");
        }
    }

    #[test]
    fn figures_that_stay() {
        for t in [
            "Nord Stream 2 pipeline",
            "dated February 22",
            "on May 2 the",
            "on 2 May the",
            "aged between 18 and 60",
            "aged 5 and over",
            "see page 2 for",
            "they won 2-1 at home",
            "a 4 km walk",
            "rates of 3.5 per cent",
            "at 5 pm",
            "at 2:35 in the",
            "cost $5 each",
            "grew 5% last year",
            "a 7-year-old girl",
            "scores of 2, 4 and 6",
            "between 2 and 3 days",
            "1 in 5 adults",
            "Windows 7 users",
            "World War 2 veterans",
            "round 2 of the cup",
            "the 2nd time",
            "item (3) says",
            "in 2014 the",
            "G7 leaders",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    /// The implementation before the allocation-free rewrite, kept to prove that the
    /// rewrite finds exactly the same numbers and figures.
    mod reference {
        use std::sync::LazyLock;

        use regex::Regex;

        use super::super::{SmallNumber, SpelledDigit, WORDS};
        // `text::words_after` and `words_before` as they were.
        use crate::text::is_word_char;
        use crate::text::tests::reference::{words_after, words_before};

        pub const MONTHS: &str =
            "january february march april may june july august september october november december \
                                  jan feb mar apr jun jul aug sep sept oct nov dec";

        fn listed(list: &str, word: &str) -> bool {
            list.split_whitespace().any(|w| w == word)
        }

        pub const LABEL_BEFORE: &str = concat!(
            "page pages p pp chapter section article clause part volume vol issue no number nos room level ",
            "grade phase stage round game match leg set race day week episode season series step figure fig ",
            "table appendix category class type version v model gate platform terminal route highway ",
            "interstate channel line lane zone district ward division league tier aged age ages at by score ",
            "scored rated rating size floor exit pier block unit box option item rule act term year top under ",
            "over from to x times minus plus between ",
        );

        pub const UNIT_AFTER: &str = concat!(
            "km m cm mm kg g mg lb lbs ft mi mph kph kmh percent per pc pm am p a o'clock degrees deg c f gb ",
            "mb tb kb kw mw gw kwh bn tn ml l hz ghz mhz v w k x nm oz to nil points goals wickets runs sets ",
            "games stars ",
        );

        pub fn find(text: &str) -> Vec<SmallNumber> {
            let bytes = text.as_bytes();
            let mut out = Vec::new();
            for (i, &b) in bytes.iter().enumerate() {
                if !(b'1'..=b'9').contains(&b) {
                    continue;
                }
                let before = text[..i].chars().next_back();
                let after = text[i + 1..].chars().next();
                let after2 = text[i + 1..].chars().nth(1);
                let glued_before =
                    before.is_some_and(|c| is_word_char(c) || ".,:/-–$£€¥#+(@&_'’".contains(c));
                let glued_after = after.is_some_and(|c| is_word_char(c) || "%°/-–)'’&_".contains(c))
                    || (after.is_some_and(|c| ".,:".contains(c))
                        && after2.is_some_and(|c| c.is_ascii_digit()));
                if glued_before || glued_after {
                    continue;
                }
                let prev = words_before(text, i, 1);
                let next = words_after(text, i + 1, 1);
                if prev.first().is_some_and(|w| {
                    listed(LABEL_BEFORE, w) || listed(MONTHS, w) || w.chars().all(|c| c.is_ascii_digit())
                }) || next.first().is_some_and(|w| {
                    listed(UNIT_AFTER, w) || listed(MONTHS, w) || w.starts_with(|c: char| c.is_ascii_digit())
                }) {
                    continue;
                }
                let head = text[..i].trim_end();
                let sentence_start =
                    head.is_empty() || head.ends_with(['.', '!', '?', ':', '\n', '"', '“', '—', '–']);
                if !sentence_start && prev.is_empty() {
                    continue;
                }
                let prev_word_original = head.rsplit(|c: char| !is_word_char(c)).next().unwrap_or("");
                if !sentence_start && prev_word_original.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                if near_other_figure(text, i) {
                    continue;
                }
                let word = WORDS[(b - b'0') as usize];
                let word = if sentence_start { crate::casing::capitalize(word) } else { word.to_owned() };
                out.push(SmallNumber { span: i..i + 1, word });
            }
            out
        }

        fn near_other_figure(text: &str, i: usize) -> bool {
            const REACH: usize = 12;
            let before = text[..i].chars().rev().take(REACH);
            let after = text[i + 1..].chars().take(REACH);
            before.chain(after).any(|c| c.is_ascii_digit())
        }

        static SPELLED_IN_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
            let w = "zero|one|two|three|four|five|six|seven|eight|nine";
            Regex::new(&format!(
                r"(?i)(?:^|[^0-9A-Za-z_$£€¥.:,'’-])(?P<a>{w})(?:[.:,][0-9]|%)|[$£€¥](?P<b>{w})(?-u:\b)|[0-9][.:](?P<c>{w})(?-u:\b)"
            ))
            .expect("valid regex")
        });

        fn may_hold_spelled_digit(b: &[u8]) -> bool {
            let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
            let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
            memchr::memchr3_iter(b'.', b':', b',', b)
                .any(|i| i > 0 && ((letter(i - 1) && digit(i + 1)) || (digit(i - 1) && letter(i + 1))))
                || memchr::memchr_iter(b'%', b).any(|i| i > 0 && letter(i - 1))
                || memchr::memchr3_iter(b'$', 0xA3, 0xA5, b).any(|i| letter(i + 1))
                || memchr::memchr_iter(0xAC, b).any(|i| letter(i + 1))
        }

        pub fn spelled_digits(text: &str) -> Vec<SpelledDigit> {
            if !may_hold_spelled_digit(text.as_bytes()) {
                return Vec::new();
            }
            let mut out = Vec::new();
            let mut at = 0;
            while let Some(found) = SPELLED_IN_FIGURE.find_at(text, at) {
                let local = &text[found.start()..found.end()];
                let caps = SPELLED_IN_FIGURE.captures(local).expect("the match matches");
                let m =
                    caps.name("a").or_else(|| caps.name("b")).or_else(|| caps.name("c")).expect("one group");
                let digit =
                    WORDS.iter().position(|w| w.eq_ignore_ascii_case(m.as_str())).expect("a number word");
                let span = found.start() + m.start()..found.start() + m.end();
                at = span.end.max(found.start() + 1);
                out.push(SpelledDigit { span, digit: char::from(b'0' + digit as u8) });
            }
            out
        }
    }

    #[test]
    fn each_byte_in_finds_every_byte_in_range() {
        // Every byte value, at every offset of a chunk and in the tail after it.
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).chain(0..=40).collect();
        for (lo, hi) in [(b'0', b'9'), (b'1', b'9'), (1, 127), (b'a', b'a')] {
            let mut found = Vec::new();
            assert!(!each_byte_in(&bytes, lo, hi, |i| {
                found.push(i);
                false
            }));
            let expected: Vec<usize> = (0..bytes.len()).filter(|&i| (lo..=hi).contains(&bytes[i])).collect();
            assert_eq!(found, expected, "{lo}..={hi}");
        }
    }

    #[test]
    fn word_lists_are_the_old_lists_sorted() {
        for (list, old) in [
            (LABEL_BEFORE, reference::LABEL_BEFORE),
            (UNIT_AFTER, reference::UNIT_AFTER),
            (MONTHS, reference::MONTHS),
        ] {
            let mut old: Vec<&str> = old.split_whitespace().collect();
            old.sort_unstable();
            old.dedup();
            assert_eq!(list, old);
            assert!(list
                .iter()
                .all(|w| w.len() <= LONGEST_LISTED && w.bytes().all(|b| !b.is_ascii_uppercase())));
        }
    }

    /// Pieces of text around figures: digits, separators, number words, currency signs,
    /// listed words in several cases, apostrophes of every kind, odd whitespace and
    /// letters outside ASCII (among them the Kelvin sign, which lowercases to "k").
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "0", "1", "2", "3", "5", "7", "9", "12", "2014", "3.5", " ", " ", " ", "  ", "\n", "\t", "\u{2000}",
        "\u{a0}", ".", ",", ":", ";", "-", "–", "—", "\u{2010}", "/", "%", "°", "$", "£", "€", "¥", "#", "+",
        "(", ")", "@", "&", "_", "'", "’", "‘", "ʼ", "\"", "“", "!", "?", "zero", "one", "two", "three",
        "four", "five", "six", "seven", "eight", "nine", "One", "TWO", "Eight", "sIx", "someone", "page",
        "Page", "PAGE", "May", "may", "sept", "km", "KM", "\u{212A}m", "o'clock", "o’clock", "O’Clock", "pm",
        "per", "aged", "a", "x", "p", "v", "the", "men", "Nord", "Stream", "é", "ß", "İ", "Σ", "ж", "日",
        "\u{301}", "a.1", "b:2", "1.c", "bn", "interstate", "Interstates", "ã", "¬", "São", "ſix",
    ];

    /// Running prose with a few digits, where most digits stand alone.
    #[rustfmt::skip]
    const PROSE: &[&str] = &[
        " the", " men", " days", " aged", " Page", " km", " MAY", " o’clock", " Nord", " One", " eight", " £",
        ".", ",", ":", "\n", " “", " (", "ʼ", "-", " ", " 4", " 7", " 2", " 9",
    ];

    fn texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::sample::select;
        // Dense texts try every neighbour of a digit; prose lets digits stand alone.
        let dense = proptest::collection::vec(select(PIECES), 0..48);
        let prose =
            proptest::collection::vec(proptest::prop_oneof![6 => select(PROSE), 1 => select(PIECES)], 0..48);
        proptest::prop_oneof![dense, prose].prop_map(|p| p.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn find_equals_the_reference(text in texts()) {
            prop_assert_eq!(find(&text), reference::find(&text));
        }

        #[test]
        fn spelled_digits_equal_the_reference(text in texts()) {
            // Both panic on a long s after a currency sign or a figure (see below).
            let text = text.replace('ſ', "s");
            prop_assert_eq!(spelled_digits(&text), reference::spelled_digits(&text));
        }
    }

    /// The sample documents (tests/pairs, examples) whole, as a first pass sees them,
    /// and cut into windows of about 500 bytes, as later passes do.
    fn samples() -> (Vec<String>, Vec<String>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut docs = Vec::new();
        for dir in ["tests/pairs", "examples"] {
            let mut paths: Vec<_> =
                std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
                docs.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let mut windows = Vec::new();
        for doc in &docs {
            let mut start = 0;
            while start < doc.len() {
                let mut end = (start + 500).min(doc.len());
                while !doc.is_char_boundary(end) {
                    end += 1;
                }
                windows.push(doc[start..end].to_owned());
                start = end;
            }
        }
        (docs, windows)
    }

    #[test]
    fn sample_texts_equal_the_reference() {
        let (docs, windows) = samples();
        for text in docs.iter().chain(&windows) {
            assert_eq!(find(text), reference::find(text));
            assert_eq!(spelled_digits(text), reference::spelled_digits(text));
        }
    }

    /// Instruction counts, before and after: run this test under callgrind
    /// (`valgrind --tool=callgrind target/release/deps/unspin-… numbers::tests::timing
    /// --ignored`) and compare the inclusive costs of `find` and `reference::find`, or
    /// read the times printed (`cargo test --release --lib numbers::tests::timing --
    /// --ignored --nocapture`).
    #[test]
    #[ignore]
    #[allow(clippy::print_stderr)] // a measurement, run by hand: its output is the point
    fn timing() {
        let (docs, windows) = samples();
        let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(200);
        for (name, texts) in [("documents", docs), ("windows", windows)] {
            let time = |f: &dyn Fn(&str) -> usize| {
                let start = std::time::Instant::now();
                let mut n = 0;
                for _ in 0..rounds {
                    n += texts.iter().map(|t| f(std::hint::black_box(t))).sum::<usize>();
                }
                (start.elapsed(), n)
            };
            let (new, n1) = time(&|t| find(t).len());
            let (old, n2) = time(&|t| reference::find(t).len());
            assert_eq!(n1, n2);
            eprintln!("{name}: find {new:?} vs {old:?} before ({n1} numbers)");
            let (new, n1) = time(&|t| spelled_digits(t).len());
            let (old, n2) = time(&|t| reference::spelled_digits(t).len());
            assert_eq!(n1, n2);
            eprintln!("{name}: spelled_digits {new:?} vs {old:?} before ({n1} figures)");
        }
    }

    #[test]
    fn a_long_s_is_no_number_word() {
        // Found by the equivalence test: the regex once folded case with Unicode ("ſ"
        // is an "s") and the digit lookup with ASCII only, and the lookup panicked.
        assert!(spelled_digits("a.1 $ſix").is_empty());
        assert!(spelled_digits("ſix.5% and $ſeven").is_empty());
        assert_eq!(spelled_digits("$SIX.5bn").len(), 1);
    }
}
