//! The quality gate, through the built binary as a user runs it: `unspin eval` on the
//! project's spun/original pairs (tests/pairs) and its clean texts (tests/clean).
//!
//! Thresholds: total precision at least 0.9, no damage, no change to clean text, and
//! total recall no lower than measured when the gate was set (0.613 on 2026-11-25, with
//! the news pack of 820 entries) minus a small margin. Raise the floor as the packs grow.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.60;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

fn eval(args: &[&Path], extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .current_dir(root())
        .arg("eval")
        .args(args)
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "eval failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn quality_gate_on_pairs_and_clean_texts() {
    let spun = files("tests/pairs", ".spun.txt");
    assert!(spun.len() >= 6, "pairs are missing");
    let originals: Vec<PathBuf> =
        spun.iter().map(|p| PathBuf::from(p.to_string_lossy().replace(".spun.txt", ".orig.txt"))).collect();
    let clean = files("tests/clean", ".txt");
    assert!(!clean.is_empty(), "clean texts are missing");
    let mut args: Vec<&Path> = Vec::new();
    for (s, o) in spun.iter().zip(&originals) {
        args.push(s);
        args.push(o);
    }
    args.push(Path::new("--clean"));
    args.extend(clean.iter().map(PathBuf::as_path));
    let report = eval(&args, &["--format", "json", "--isolated"]);

    let total = &report["total"];
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), spun.len());
    let mut lines = Vec::new();
    for d in docs {
        lines.push(format!(
            "{}: WER {:.4} -> {:.4}, fixed {}/{}, wrong {}, damage {}",
            d["name"],
            f(&d["wer_spun"]),
            f(&d["wer_repaired"]),
            d["fixed"],
            d["needed"],
            d["wrong"],
            d["damage"]
        ));
        // Each pair on its own: repair helps and never damages.
        assert!(f(&d["wer_repaired"]) < f(&d["wer_spun"]), "{}", lines.join("\n"));
    }
    let (precision, recall) = (f(&total["precision"]), f(&total["recall"]));
    let summary = format!(
        "{}\ntotal: precision {precision:.3}, recall {recall:.3}, damage {}, clean changes {}",
        lines.join("\n"),
        total["damage"],
        report["clean_total"]["changes"]
    );
    println!("{summary}");
    assert!(precision >= MIN_PRECISION, "precision below {MIN_PRECISION}:\n{summary}");
    assert!(recall >= MIN_RECALL, "recall below {MIN_RECALL}:\n{summary}");
    assert_eq!(total["damage"], 0, "damage on the pairs:\n{summary}");
    // The counts add up, and the total's rates come from them.
    let sum = |k: &str| docs.iter().map(|d| d[k].as_u64().unwrap()).sum::<u64>();
    for k in ["needed", "fixed", "missed", "wrong", "damage", "tokens"] {
        assert_eq!(total[k].as_u64().unwrap(), sum(k), "{k}");
    }
    assert!((recall - sum("fixed") as f64 / sum("needed") as f64).abs() < 1e-12);

    let clean_total = &report["clean_total"];
    assert_eq!(report["clean"].as_array().unwrap().len(), clean.len());
    assert!(clean_total["words"].as_u64().unwrap() > 4000);
    let changed: Vec<String> = report["clean"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["regions"].as_array().unwrap().iter().map(move |r| format!("{}: {r}", c["name"])))
        .collect();
    assert_eq!(clean_total["changes"], 0, "changes to clean text:\n{}", changed.join("\n"));
    assert_eq!(f(&clean_total["changes_per_1000_words"]), 0.0);
}

#[test]
fn text_table_and_errors() {
    let pairs = root().join("tests/pairs");
    let (s, o) = (pairs.join("courts.spun.txt"), pairs.join("courts.orig.txt"));
    let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(["eval", "--isolated"])
        .arg(&s)
        .arg(&o)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("document"), "{text}");
    assert!(text.contains("courts.spun.txt"), "{text}");
    // A spun text evaluated against itself: nothing needed, so any change is damage.
    let same = eval(&[&s, &s], &["--format", "json", "--isolated"]);
    assert_eq!(same["total"]["needed"], 0);
    assert!(same["total"]["damage"].as_u64().unwrap() > 0, "the repair changes a spun text");
    assert_eq!(same["total"]["precision"], 0.0);
    // An odd number of files is an error (exit code 2).
    let odd = Command::new(env!("CARGO_BIN_EXE_unspin")).arg("eval").arg(&s).output().unwrap();
    assert_eq!(odd.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&odd.stderr).contains("pairs"));
}
