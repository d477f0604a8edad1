//! Clean text is sacred: the clean-text set written for these tests uses every risky
//! word rightly ("the navy", "a stated goal", "a natural disaster"), and `fix` must
//! change nothing in it. The spun examples must be repaired, and repairing repaired
//! text must change nothing.

use std::fs;
use std::path::Path;

mod common;

use common::dict;
use unspin::{Config, Repairer};

fn repairer() -> Repairer {
    Repairer::new(&dict(), Config::default()).unwrap()
}

fn texts(dir: &str, suffix: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no {suffix} files in {}", dir.display());
    out
}

#[test]
fn clean_texts_are_untouched() {
    let r = repairer();
    let mut words = 0;
    let mut damage = Vec::new();
    for (path, text) in texts("tests/clean", ".txt") {
        let repair = r.repair(&text);
        words += repair.score.words;
        for e in &repair.edits {
            damage.push(format!("{path}: {:?} -> {:?} ({})", e.found, e.replacement, e.entry));
        }
    }
    assert!(words >= 3000, "the clean set has only {words} words");
    assert!(damage.is_empty(), "clean text changed:\n{}", damage.join("\n"));
}

#[test]
fn clean_texts_are_untouched_even_with_certain_only() {
    let r = Repairer::new(&dict(), Config { gate: unspin::Gate::OnlyCertain, ..Config::default() }).unwrap();
    for (path, text) in texts("tests/clean", ".txt") {
        assert_eq!(r.repair(&text).score.certain, 0, "{path} has a certain artifact");
    }
}

#[test]
fn examples_are_repaired_and_fix_is_idempotent() {
    let r = repairer();
    for (path, text) in texts("examples", ".txt").into_iter().chain(texts("tests/pairs", ".spun.txt")) {
        let once = r.fix(&text);
        let twice = r.fix(&once);
        assert_eq!(once, twice, "{path}: fixing twice changed more");
        if path.contains("spun") && !path.contains("original") {
            assert!(r.repair(&text).score.spun, "{path} should look spun");
            assert_ne!(once, text, "{path}: nothing repaired");
        }
    }
}
