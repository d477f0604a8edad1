//! Repair quality on the spun/original pairs in tests/pairs: the word error rate
//! against the original must fall by at least half, in every pair.

use std::fs;
use std::path::Path;

use unspin::align::wer_text as wer;
use unspin::{Config, Dictionary, Repairer};

#[test]
fn repair_halves_the_word_error_rate() {
    let r = Repairer::new(&Dictionary::embedded().unwrap(), Config::default()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pairs");
    let mut report = Vec::new();
    let mut failed = false;
    let mut paths: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for spun_path in paths.iter().filter(|p| p.to_string_lossy().ends_with(".spun.txt")) {
        let orig_path = spun_path.to_string_lossy().replace(".spun.txt", ".orig.txt");
        let (spun, orig) = (fs::read_to_string(spun_path).unwrap(), fs::read_to_string(&orig_path).unwrap());
        let (before, after) = (wer(&spun, &orig), wer(&r.fix(&spun), &orig));
        failed |= after > before * 0.5;
        report.push(format!("{}: WER {before:.3} -> {after:.3}", spun_path.display()));
    }
    assert!(!report.is_empty(), "no pairs found");
    assert!(!failed, "repair did not halve the error:\n{}", report.join("\n"));
}
