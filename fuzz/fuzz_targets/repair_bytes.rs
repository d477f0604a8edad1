//! The repair engine on arbitrary bytes: whatever decodes as UTF-8 (lossily, as a
//! reader that replaced bad bytes would hand it over) is repaired under every gate, and
//! the edits must stay inside the text, on character boundaries, sorted and disjoint.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use unspin::{Config, Dictionary, Gate, Repairer};

static REPAIRERS: LazyLock<Vec<Repairer>> = LazyLock::new(|| {
    let dict = Dictionary::embedded().expect("embedded packs parse");
    [Gate::Auto, Gate::AssumeSpun, Gate::OnlyCertain]
        .into_iter()
        .map(|gate| Repairer::new(&dict, Config { gate, ..Config::default() }).unwrap())
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let r = &REPAIRERS[pick as usize % REPAIRERS.len()];
    let repair = r.repair(&text);
    let mut end = 0;
    for e in &repair.edits {
        assert!(e.span.start >= end, "edits overlap or are unsorted: {:?}", repair.edits);
        assert!(e.span.end <= text.len() && e.span.start <= e.span.end);
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        assert_eq!(&text[e.span.clone()], e.found);
        end = e.span.end;
    }
    let fixed = repair.apply(&text);
    assert_eq!(fixed, r.fix(&text), "repair().apply and fix disagree");
});
