//! Invariants of the engine on generated text: fix is idempotent, bytes outside the
//! edits are untouched, edits are sorted, disjoint and on character boundaries, and a
//! text with no dictionary phrase comes back byte for byte.

use std::sync::LazyLock;

use proptest::prelude::*;
use unspin::{Config, Dictionary, Gate, Repairer};

static AUTO: LazyLock<Repairer> =
    LazyLock::new(|| Repairer::new(&Dictionary::embedded().unwrap(), Config::default()).unwrap());
static SPUN: LazyLock<Repairer> = LazyLock::new(|| {
    Repairer::new(&Dictionary::embedded().unwrap(), Config { gate: Gate::AssumeSpun, ..Config::default() })
        .unwrap()
});

/// Pieces that exercise the engine: artifacts of every kind, their contexts, clean
/// words, digits, quotes, apostrophes, odd whitespace and non-ASCII letters.
const PIECES: &[&str] = &[
    "1000's",
    "1000’s",
    "lots of of",
    "got here",
    "get here",
    "becoming a member of",
    "has become a member of",
    "no less than",
    "in opposition to",
    "stated",
    "Stated",
    "STATED",
    "individuals",
    "disaster",
    "navy",
    "assist",
    "personnel",
    "the",
    "a",
    "an",
    "superior",
    "weapons",
    "jap",
    "Europe",
    "round",
    "50",
    "2",
    "5",
    "million",
    "use",
    "power",
    "higher",
    "home",
    "parliament",
    "whereas",
    "additionally",
    "worldwide",
    "May",
    "Nord Stream",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    ".",
    ",",
    ":",
    "-",
    "—",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "naïve",
    "Zürich",
    "東京",
    "e\u{301}",
    "",
    "x",
    "troops",
    "in",
    "of",
    "making ready",
    "despatched",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|pieces| {
        let mut s = String::new();
        for (i, p) in pieces.iter().enumerate() {
            if i % 2 == 1 && !p.starts_with(char::is_whitespace) {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

fn check_invariants(r: &Repairer, text: &str) -> Result<(), TestCaseError> {
    let repair = r.repair(text);
    let mut pos = 0;
    for e in &repair.edits {
        prop_assert!(e.span.start >= pos, "edits overlap or are unsorted: {:?}", repair.edits);
        prop_assert!(e.span.end <= text.len() && e.span.start < e.span.end);
        prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        prop_assert_eq!(&text[e.span.clone()], e.found.as_str());
        pos = e.span.end;
    }
    // Bytes outside the edits are untouched: the fixed text is the gaps and the
    // replacements, in order.
    let fixed = repair.apply(text);
    let mut rebuilt = String::new();
    let mut pos = 0;
    for e in &repair.edits {
        rebuilt.push_str(&text[pos..e.span.start]);
        rebuilt.push_str(&e.replacement);
        pos = e.span.end;
    }
    rebuilt.push_str(&text[pos..]);
    prop_assert_eq!(&fixed, &rebuilt);
    let again = r.fix(&fixed);
    prop_assert_eq!(&again, &fixed, "not idempotent on {:?}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn invariants_hold_gated(text in text_strategy()) {
        check_invariants(&AUTO, &text)?;
    }

    #[test]
    fn invariants_hold_assume_spun(text in text_strategy()) {
        check_invariants(&SPUN, &text)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let repair = SPUN.repair(&text);
        for e in &repair.edits {
            prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }

    #[test]
    fn text_without_phrases_is_untouched(words in prop::collection::vec("[bcdfghjklmnpqrstvwxz]{1,8}", 0..40)) {
        let text = words.join(" ");
        prop_assert_eq!(SPUN.fix(&text), text);
    }
}
