//! `unspin learn` through the built binary: on a pair whose artifacts a small dictionary
//! covers except a few, it proposes exactly the missing ones, and what it writes with
//! --to loads and repairs them. The dictionary is written here, so that the test does
//! not depend on the embedded packs.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use unspin::Pack;

const SMALL_DICT: &str = r#"[pack]
name = "small"
description = "test"
source = "test"
license = "test"

[certain]
"1000's" = "thousands"
"get here" = { to = "come", inflect = "verb" }
"within the" = "in the"
"#;

// Covered: 1000's, got here, within the. Missing: peaceable (twice) and yr, neither a
// word of the vocabulary (the dictionary's correct text plus the original), so both
// certain; and "mentioned" for "said", an English word that the original itself uses
// correctly ("mentioned in passing"): contextual, fenced to "that", with that sentence
// as its keep.
const SPUN: &str = "Tens of 1000's got here to the capital on Sunday. The march began within the \
morning and stayed peaceable all day. Organisers mentioned that nobody was hurt.\n\nBy the end of \
the yr, the movement had spread to nine cities, and every march was peaceable. The cost was \
mentioned in passing.\n";
const ORIGINAL: &str = "Tens of thousands came to the capital on Sunday. The march began in the \
morning and stayed peaceful all day. Organisers said that nobody was hurt.\n\nBy the end of \
the year, the movement had spread to nine cities, and every march was peaceful. The cost was \
mentioned in passing.\n";

fn unspin(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .current_dir(dir)
        .args(args)
        .args(["--isolated", "--no-default-dict", "--dict", "small.toml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("small.toml"), SMALL_DICT).unwrap();
    fs::write(dir.path().join("spun.txt"), SPUN).unwrap();
    fs::write(dir.path().join("orig.txt"), ORIGINAL).unwrap();
    dir
}

/// The active entries of rendered proposals: `[kind."key"]` lines not commented out.
fn active_keys(toml: &str) -> Vec<String> {
    toml.lines().filter(|l| l.starts_with('[')).map(str::to_owned).collect()
}

#[test]
fn proposes_exactly_the_missing_entries() {
    let dir = setup();
    let out = unspin(dir.path(), &["learn", "spun.txt", "orig.txt"]);
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        active_keys(&shown),
        ["[certain.\"peaceable\"]", "[contextual.\"mentioned\"]", "[certain.\"yr\"]"],
        "{shown}"
    );
    assert!(shown.contains("\"peaceable\" -> \"peaceful\": seen 2 times"), "{shown}");
    assert!(shown.contains("next = [\"that\"]\n"), "{shown}");
    assert!(shown.contains("keeps = [\"The cost was mentioned in passing\"]\n"), "{shown}");
    // Nothing the dictionary already repairs is proposed.
    for covered in ["1000's", "got here", "within the"] {
        assert!(!shown.contains(&format!("\"{covered}\" ->")), "{covered} proposed:\n{shown}");
    }
    // Without --to nothing is written.
    assert!(!dir.path().join("learned.toml").exists());
    // --min-count 2 keeps only what was seen twice.
    let out = unspin(dir.path(), &["learn", "spun.txt", "orig.txt", "--min-count", "2"]);
    assert_eq!(active_keys(&String::from_utf8(out.stdout).unwrap()), ["[certain.\"peaceable\"]"]);
}

#[test]
fn written_entries_load_and_repair() {
    let dir = setup();
    let out = unspin(dir.path(), &["learn", "spun.txt", "orig.txt", "--to", "mine.toml"]);
    let shown = String::from_utf8(out.stdout).unwrap();
    let written = fs::read_to_string(dir.path().join("mine.toml")).unwrap();
    assert!(written.starts_with("[pack]\nname = \"mine\""), "{written}");
    assert!(written.ends_with(&shown), "the file holds what was shown:\n{written}");
    let pack = Pack::from_toml(&written, "mine.toml").unwrap();
    let keys: Vec<&str> = pack.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["peaceable", "yr", "mentioned"]);
    // With the learned file, fix restores the original, and leaves the keep alone.
    let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .current_dir(dir.path())
        .args([
            "fix",
            "spun.txt",
            "--isolated",
            "--no-default-dict",
            "--dict",
            "small.toml",
            "--dict",
            "mine.toml",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), ORIGINAL);
    // Learning again into the same file proposes nothing new and keeps it loadable.
    let again = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .current_dir(dir.path())
        .args(["learn", "spun.txt", "orig.txt", "--to", "mine.toml"])
        .args(["--isolated", "--no-default-dict", "--dict", "small.toml", "--dict", "mine.toml"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(active_keys(&String::from_utf8(again.stdout).unwrap()).is_empty());
    let after = fs::read_to_string(dir.path().join("mine.toml")).unwrap();
    Pack::from_toml(&after, "mine.toml").unwrap();
}

#[test]
fn appends_to_an_existing_pack_with_sections() {
    let dir = setup();
    // A hand-written file with its own [certain] table: the learned entries go in as
    // tables of their own and the file still loads.
    let mine = "[pack]\nname = \"mine\"\n\n[certain]\n\"sq.\" = \"square\"\n";
    fs::write(dir.path().join("mine.toml"), mine).unwrap();
    unspin(dir.path(), &["learn", "spun.txt", "orig.txt", "--to", "mine.toml"]);
    let written = fs::read_to_string(dir.path().join("mine.toml")).unwrap();
    assert!(written.starts_with(mine));
    let pack = Pack::from_toml(&written, "mine.toml").unwrap();
    let keys: Vec<&str> = pack.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["peaceable", "sq.", "yr", "mentioned"]);
}
