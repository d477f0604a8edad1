//! Small numbers: spinners write digits for spelled-out numbers ("the 2 regions",
//! "in 4 days", "5 million people"). This rule spells one to nine back out in running
//! prose, and stays away from names ("Nord Stream 2"), dates ("May 2"), ages, scores
//! ("2-1"), units ("4 km"), decimals ("3.5"), times, money, ordinals and lists of
//! figures ("2, 4 and 6").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::{is_word_char, words_after, words_before};

const WORDS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/// Month names and their abbreviations: a digit beside one is part of a date.
const MONTHS: &str = "january february march april may june july august september october november december \
                      jan feb mar apr jun jul aug sep sept oct nov dec";

/// Is `word` one of the space-separated words of `list`?
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Words after which a digit is a label, not a count ("page 2", "round 2", "aged 5").
const LABEL_BEFORE: &str = concat!(
    "page pages p pp chapter section article clause part volume vol issue no number nos room level ",
    "grade phase stage round game match leg set race day week episode season series step figure fig ",
    "table appendix category class type version v model gate platform terminal route highway ",
    "interstate channel line lane zone district ward division league tier aged age ages at by score ",
    "scored rated rating size floor exit pier block unit box option item rule act term year top under ",
    "over from to x times minus plus between ",
);

/// Words after a digit that make it a measurement, time, date or label.
const UNIT_AFTER: &str = concat!(
    "km m cm mm kg g mg lb lbs ft mi mph kph kmh percent per pc pm am p a o'clock degrees deg c f gb ",
    "mb tb kb kw mw gw kwh bn tn ml l hz ghz mhz v w k x nm oz to nil points goals wickets runs sets ",
    "games stars ",
);

/// A digit worth spelling out, with its spelled form (capitalized at a sentence start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallNumber {
    /// Byte range of the digit.
    pub span: Range<usize>,
    /// "two", or "Two" at the start of a sentence.
    pub word: String,
}

/// Every lone digit 1–9 in running prose.
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
        // Part of a longer token: 12, 2nd, 3.5, 2,000, 2:35, 2-1, $5, #3, (2), 5%, 4x4, A4.
        let glued_before = before.is_some_and(|c| is_word_char(c) || ".,:/-–$£€¥#+(@&_'’".contains(c));
        let glued_after = after.is_some_and(|c| is_word_char(c) || "%°/-–)'’&_".contains(c))
            || (after.is_some_and(|c| ".,:".contains(c)) && after2.is_some_and(|c| c.is_ascii_digit()));
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
        // A capitalized word before, not at a sentence start: a name ("Nord Stream 2").
        let head = text[..i].trim_end();
        let sentence_start =
            head.is_empty() || head.ends_with(['.', '!', '?', ':', '\n', '"', '“', '—', '–']);
        if !sentence_start && prev.is_empty() {
            // Punctuation other than a sentence end right before: "(", ",", a list.
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

/// Another figure close by on either side makes this one part of a list or a range
/// ("2 or 3", "1 in 5", "2, 4 and 6").
fn near_other_figure(text: &str, i: usize) -> bool {
    const REACH: usize = 12;
    let before = text[..i].chars().rev().take(REACH);
    let after = text[i + 1..].chars().take(REACH);
    before.chain(after).any(|c| c.is_ascii_digit())
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
    let w = "zero|one|two|three|four|five|six|seven|eight|nine";
    Regex::new(&format!(
        // ASCII classes and boundaries only: they keep the regex on its fast DFA engines.
        r"(?i)(?:^|[^0-9A-Za-z_$£€¥.:,'’-])(?P<a>{w})(?:[.:,][0-9]|%)|[$£€¥](?P<b>{w})(?-u:\b)|[0-9][.:](?P<c>{w})(?-u:\b)"
    ))
    .expect("valid regex")
});

/// A quick pass that rules out nearly every text: a spelled digit in a figure needs a
/// letter glued to a separator and a digit ("one.8", "two:35"), a letter before "%",
/// a currency sign before a letter, or a digit and a separator before a letter.
fn may_hold_spelled_digit(b: &[u8]) -> bool {
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    memchr::memchr3_iter(b'.', b':', b',', b)
        .any(|i| i > 0 && ((letter(i - 1) && digit(i + 1)) || (digit(i - 1) && letter(i + 1))))
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
}
