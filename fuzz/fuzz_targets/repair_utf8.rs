//! The repair engine on arbitrary UTF-8, with the invariants the property tests check
//! on a smaller scale: bytes outside the edits are unchanged, and fix is idempotent.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use unspin::{Config, Dictionary, Gate, Repairer};

static SPUN: LazyLock<Repairer> = LazyLock::new(|| {
    let dict = Dictionary::embedded().expect("embedded packs parse");
    Repairer::new(&dict, Config { gate: Gate::AssumeSpun, ..Config::default() }).unwrap()
});

fuzz_target!(|text: &str| {
    let r = &*SPUN;
    let repair = r.repair(text);
    let fixed = repair.apply(text);
    // Every byte outside an edit is kept: rebuild the text from the gaps and the
    // replacements and compare.
    let mut rebuilt = String::with_capacity(fixed.len());
    let mut at = 0;
    for e in &repair.edits {
        assert!(e.span.start >= at && e.span.end <= text.len());
        rebuilt.push_str(&text[at..e.span.start]);
        rebuilt.push_str(&e.replacement);
        at = e.span.end;
    }
    rebuilt.push_str(&text[at..]);
    assert_eq!(rebuilt, fixed);
    assert_eq!(r.fix(&fixed), fixed, "fix is not idempotent on {text:?}");
});
