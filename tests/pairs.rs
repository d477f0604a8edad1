//! Repair quality on the spun/original pairs in tests/pairs: the word error rate
//! against the original must fall by at least half, in every pair.

use std::fs;
use std::path::Path;

use similar::{capture_diff_slices, Algorithm, DiffOp};
use unspin::{Config, Dictionary, Repairer};

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let c = if c == '’' { '\'' } else { c };
        if c.is_alphanumeric() || (c == '\'' && !word.is_empty()) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Word error rate of `hyp` against `reference`.
fn wer(hyp: &str, reference: &str) -> f64 {
    let (h, r) = (tokens(hyp), tokens(reference));
    let errors: usize = capture_diff_slices(Algorithm::Myers, &h, &r)
        .iter()
        .map(|op| match *op {
            DiffOp::Equal { .. } => 0,
            DiffOp::Delete { old_len, .. } => old_len,
            DiffOp::Insert { new_len, .. } => new_len,
            DiffOp::Replace { old_len, new_len, .. } => old_len.max(new_len),
        })
        .sum();
    errors as f64 / r.len().max(1) as f64
}

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
