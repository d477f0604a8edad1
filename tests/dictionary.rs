//! The embedded dictionaries are data with their own tests: every entry parses, no
//! form is defined twice across packs, no replacement is itself an artifact, every
//! entry that is not `certain` shows where it fires and where it must not, and every
//! example round-trips through the whole engine.

use std::collections::HashMap;

mod common;

use common::dict;
use unspin::{Config, Dictionary, Gate, Kind, Repairer};

fn spun_repairer(d: &Dictionary) -> Repairer {
    Repairer::new(d, Config { gate: Gate::AssumeSpun, ..Config::default() }).unwrap()
}

#[test]
fn packs_have_headers_and_enough_entries() {
    let d = dict();
    for pack in d.packs() {
        assert!(!pack.description.is_empty(), "{}: [pack] description is missing", pack.name);
        assert!(!pack.source.is_empty(), "{}: [pack] source is missing", pack.name);
        assert!(!pack.license.is_empty(), "{}: [pack] license is missing", pack.name);
    }
    // Several files make up one pack: count by name.
    let entries =
        |name: &str| d.packs().iter().filter(|p| p.name == name).map(|p| p.entries.len()).sum::<usize>();
    assert!(entries("news") >= 2000, "news has {} entries", entries("news"));
    assert!(entries("science") >= 800, "science has {} entries", entries("science"));
}

#[test]
fn no_form_is_defined_twice_across_packs() {
    let d = dict();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut problems = Vec::new();
    for e in d.entries() {
        for f in e.forms() {
            // The file is part of the identity: several files may make up one pack.
            let id = format!("{}:{} in {}", e.pack, e.key, e.at.source);
            if let Some(other) = seen.insert(f.text.clone(), id.clone()) {
                if other != id {
                    problems.push(format!("{} ({}) also in {other}", f.text, e.key));
                }
            }
        }
    }
    assert!(problems.is_empty(), "duplicate forms:\n{}", problems.join("\n"));
}

#[test]
fn replacements_are_not_artifacts() {
    // A replacement that is itself a certain artifact would make fix non-idempotent.
    let d = dict();
    let r = Repairer::new(&d, Config { gate: Gate::OnlyCertain, ..Config::default() }).unwrap();
    let mut problems = Vec::new();
    for e in d.entries() {
        for f in e.forms() {
            let edits = r.repair(&f.replacement).edits;
            if !edits.is_empty() {
                problems
                    .push(format!("{}: {} -> {} contains {}", e.at, f.text, f.replacement, edits[0].entry));
            }
        }
    }
    assert!(problems.is_empty(), "chains:\n{}", problems.join("\n"));
}

#[test]
fn uncertain_entries_carry_examples_both_ways() {
    let d = dict();
    let missing: Vec<String> = d
        .entries()
        .filter(|e| e.kind != Kind::Certain && (e.examples.is_empty() || e.keeps.is_empty()))
        .map(|e| format!("{}: \"{}\" ({})", e.at, e.key, e.kind))
        .collect();
    assert!(missing.is_empty(), "entries without a firing example and a keep:\n{}", missing.join("\n"));
}

#[test]
fn every_example_round_trips() {
    let d = dict();
    let r = spun_repairer(&d);
    let mut failures = Vec::new();
    for e in d.entries() {
        let id = format!("{}:{}", e.pack, e.key);
        for (input, expected) in &e.examples {
            let repair = r.repair(input);
            let got = repair.apply(input);
            if &got != expected || !repair.edits.iter().any(|x| x.entry == id) {
                failures.push(format!(
                    "{}: {id}\n  input:    {input}\n  expected: {expected}\n  got:      {got}",
                    e.at
                ));
            }
        }
        for keep in &e.keeps {
            let repair = r.repair(keep);
            if let Some(edit) = repair.edits.iter().find(|x| x.entry == id) {
                failures.push(format!(
                    "{}: {id} must not fire\n  keep: {keep}\n  got:  {}",
                    e.at,
                    repair.apply(keep)
                ));
                let _ = edit;
            }
        }
    }
    assert!(failures.is_empty(), "{} example failures:\n{}", failures.len(), failures.join("\n"));
}
