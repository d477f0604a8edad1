//! The TOML dictionary loader on arbitrary input: a user's broken file must give an
//! error, never a panic or a hang, and a file that loads must build a working engine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspin::{Config, Dictionary, Gate, Pack, Repairer};

const SAMPLE: &str = "Officials stated that lots of of people got here to the navy base in jap Ukraine.";

fuzz_target!(|src: &str| {
    let Ok(pack) = Pack::from_toml(src, "fuzz.toml") else { return };
    let mut dict = Dictionary::new();
    if dict.push(pack).is_err() {
        return;
    }
    for e in dict.entries() {
        let _ = e.forms();
    }
    let Ok(r) = Repairer::new(&dict, Config { gate: Gate::AssumeSpun, ..Config::default() }) else {
        return;
    };
    let repair = r.repair(SAMPLE);
    for e in &repair.edits {
        assert!(e.span.end <= SAMPLE.len() && SAMPLE.is_char_boundary(e.span.start));
    }
    let _ = repair.apply(SAMPLE);
});
