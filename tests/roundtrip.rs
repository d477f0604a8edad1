//! Round trip: spin the project's clean texts (tests/clean) with the inverse of the news
//! pack, then repair them, and measure how much comes back.
//!
//! The inverse takes every `certain` entry of the news pack (every inflected form),
//! turns it round (original → artifact), and where several artifacts share an original
//! picks one deterministically: the alphabetically first. Applying it leftmost-longest,
//! whole words, case-insensitively (the artifact takes the case of the word it
//! replaces) gives a heavily spun text whose every substitution the dictionary knows.
//! What `fix` fails to restore is therefore not missing coverage but ambiguity: an
//! artifact shared by two originals, a fence that blocks it, a longer entry that wins.
//!
//! `cargo test --test roundtrip -- --nocapture` prints the measured rate.

use std::collections::BTreeMap;

use unspin::align::tokenize;
use unspin::casing::match_case;
use unspin::eval::{evaluate, Scores};
use unspin::text::normalize_phrase;
use unspin::{Config, Dictionary, Gate, Kind, Repairer};

/// The lowest restoration rate (regions restored / regions spun) accepted. Measured
/// 0.984 (60 of 61) on 2026-11-25 with the 820-entry news pack.
const MIN_RATE: f64 = 0.9;

/// original (normalized) → the artifact that stands for it.
fn inverse(dict: &Dictionary) -> BTreeMap<String, String> {
    let mut inv: BTreeMap<String, String> = BTreeMap::new();
    for entry in dict.entries().filter(|e| e.pack == "news" && e.kind == Kind::Certain) {
        for form in entry.forms() {
            let original = normalize_phrase(&form.replacement);
            match inv.get(&original) {
                Some(a) if *a <= form.text => {}
                _ => {
                    inv.insert(original, form.text.clone());
                }
            }
        }
    }
    inv
}

/// Spin `text` with the inverse: at each token, the longest run of tokens (within a
/// line) whose normalized text is an original is replaced by its artifact. Returns
/// the spun text and the number of substitutions.
fn spin(text: &str, inv: &BTreeMap<String, String>) -> (String, usize) {
    let longest = inv.keys().map(|k| tokenize(k).len()).max().unwrap_or(0);
    let tokens = tokenize(text);
    let (mut out, mut pos, mut i, mut n) = (String::new(), 0, 0, 0);
    'next: while i < tokens.len() {
        if tokens[i].is_word() {
            for len in (1..=longest.min(tokens.len() - i)).rev() {
                let last = &tokens[i + len - 1];
                if !last.is_word() {
                    continue;
                }
                let span = tokens[i].span.start..last.span.end;
                let found = &text[span.clone()];
                if found.contains('\n') {
                    continue;
                }
                if let Some(artifact) = inv.get(&normalize_phrase(found)) {
                    out.push_str(&text[pos..span.start]);
                    out.push_str(&match_case(found, artifact));
                    pos = span.end;
                    i += len;
                    n += 1;
                    continue 'next;
                }
            }
        }
        i += 1;
    }
    out.push_str(&text[pos..]);
    (out, n)
}

#[test]
fn spin_helper_inverts_entries() {
    let mut inv = BTreeMap::new();
    inv.insert("thousands".to_owned(), "1000's".to_owned());
    inv.insert("came".to_owned(), "got here".to_owned());
    inv.insert("in the".to_owned(), "within the".to_owned());
    let (spun, n) = spin("Thousands came in the night; in\nthe end, the income fell.", &inv);
    // Whole words only ("income"), not across a line break, case kept.
    assert_eq!(spun, "1000's got here within the night; in\nthe end, the income fell.");
    assert_eq!(n, 3);
}

#[test]
fn inverse_of_the_news_pack_is_restored() {
    let dict = Dictionary::embedded().unwrap();
    let inv = inverse(&dict);
    assert!(inv.len() > 100, "the news pack has few certain entries: {}", inv.len());
    let repairer = Repairer::new(&dict, Config::default()).unwrap();
    // The same with certain entries only: what is left of the damage above is then not
    // the gate opening `likely` entries on the spun text.
    let certain = Repairer::new(&dict, Config { gate: Gate::OnlyCertain, ..Config::default() }).unwrap();
    let mut only_certain = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clean");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let (mut all, mut substitutions, mut identical, mut lost) = (Vec::new(), 0, 0, Vec::new());
    for path in &paths {
        let clean = std::fs::read_to_string(path).unwrap();
        let (spun, n) = spin(&clean, &inv);
        substitutions += n;
        let fixed = repairer.fix(&spun);
        identical += usize::from(fixed == clean);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let e = evaluate(&name, &spun, &clean, &fixed);
        for r in e.regions.iter().filter(|r| r.outcome != unspin::eval::Outcome::Fixed) {
            lost.push(format!(
                "{name}: {} {:?} -> {:?} (original {:?})",
                r.outcome.as_str(),
                r.spun,
                r.repaired,
                r.gold
            ));
        }
        all.push(e.scores);
        only_certain.push(evaluate(&name, &spun, &clean, &certain.fix(&spun)).scores);
    }
    let total = Scores::total(&all);
    let rate = total.recall.unwrap_or(0.0);
    println!(
        "round trip over {} clean texts: {substitutions} substitutions, {} regions, {} restored: \
         rate {rate:.3}; precision {:.3}; {} wrong, {} damage; WER {:.4} -> {:.4}; {identical} texts byte-identical",
        paths.len(),
        total.needed,
        total.fixed,
        total.precision.unwrap_or(0.0),
        total.wrong,
        total.damage,
        total.wer_spun,
        total.wer_repaired,
    );
    let c = Scores::total(&only_certain);
    println!(
        "with certain entries only: {} restored, rate {:.3}; precision {:.3}; {} wrong, {} damage",
        c.fixed,
        c.recall.unwrap_or(0.0),
        c.precision.unwrap_or(0.0),
        c.wrong,
        c.damage
    );
    for l in &lost {
        println!("  {l}");
    }
    assert!(substitutions >= 40, "too few substitutions to measure: {substitutions}");
    assert!(rate >= MIN_RATE, "restoration rate {rate:.3} below {MIN_RATE}");
}
