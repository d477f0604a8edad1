//! `unspin dict …` on the embedded packs and on broken and grown files.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn unspin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspin")).current_dir(dir).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_on_the_embedded_packs_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = unspin(dir.path(), &["dict", "check"]);
    assert_eq!(stdout(&out), "", "problems in the embedded packs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_names_file_and_line_of_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("syntax.toml", "[certain]\n\"a b\" = \"c\"\n\"d e\" = \n", "syntax.toml:3:", "[parse]"),
        (
            "dup.toml",
            "[certain]\n\"zz qq\" = \"x\"\n\"got here\" = \"arrived\"\n",
            "dup.toml:3: dup:got here:",
            "[conflict]",
        ),
        ("chain.toml", "[certain]\n\"zq xx\" = \"got here\"\n", "chain.toml:2: chain:zq xx:", "[chain]"),
        (
            "missing.toml",
            "[likely]\n\"zq yy\" = { to = \"said\", keeps = [\"Nothing here.\"] }\n",
            "missing.toml:2: missing:zq yy:",
            "[missing-example]",
        ),
        (
            "regex.toml",
            "[contextual]\n\"zq ww\" = { to = \"x\", next_re = \"(\" }\n",
            "regex.toml:2:",
            "invalid regex",
        ),
    ];
    for (name, text, location, kind) in cases {
        fs::write(dir.path().join(name), text).unwrap();
        let out = unspin(dir.path(), &["dict", "check", name]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {text}");
        assert!(
            text.lines().any(|l| l.starts_with(location) && l.contains(kind)),
            "{name}: expected {location} … {kind} in:\n{text}"
        );
        // Every line names a file and a line.
        for line in text.lines() {
            let (file, rest) = line.split_once(':').unwrap();
            assert!(!file.is_empty() && rest.split(':').next().unwrap().parse::<usize>().is_ok(), "{line}");
        }
    }
}

#[test]
fn add_then_check_passes_and_the_entry_fires() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out =
        unspin(d, &["dict", "add", "zorbled out", "took out", "--to", "mine.toml", "--inflect", "verb"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = unspin(
        d,
        &[
            "dict",
            "add",
            "blorp",
            "said",
            "--to",
            "mine.toml",
            "--kind",
            "likely",
            "--example",
            "The mayor blorp it was over.",
            "--keep",
            "A blorp of paint.",
            "--next",
            "it",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = fs::read_to_string(d.join("mine.toml")).unwrap();
    assert!(file.contains("[certain]") && file.contains("[likely]"), "{file}");
    assert!(file.contains("[\"The mayor blorp it was over.\", \"The mayor said it was over.\"]"), "{file}");

    // (Problems of the embedded packs are theirs: only this file's lines count here.)
    let out = unspin(d, &["dict", "check", "mine.toml"]);
    let report = stdout(&out);
    let mine: Vec<&str> = report.lines().filter(|l| !l.starts_with("<embedded>/")).collect();
    assert!(mine.is_empty(), "{mine:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .current_dir(d)
        .args(["fix", "--dict", "mine.toml", "-"])
        .stdin(
            fs::File::open({
                fs::write(d.join("in.txt"), "They zorbled out loans.\n").unwrap();
                d.join("in.txt")
            })
            .unwrap(),
        )
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "They took out loans.\n");

    // Refused: a duplicate, a conflict with the embedded packs, a likely entry without a keep,
    // an ordinary word as certain. The file is left as it was.
    for args in [
        &["dict", "add", "zorbled out", "took out", "--to", "mine.toml"][..],
        &["dict", "add", "got here", "arrived", "--to", "mine.toml"],
        &[
            "dict",
            "add",
            "flurb",
            "said",
            "--to",
            "mine.toml",
            "--kind",
            "likely",
            "--example",
            "He flurb no.",
        ],
        &["dict", "add", "navy", "military", "--to", "mine.toml"],
    ] {
        let out = unspin(d, args);
        assert_eq!(out.status.code(), Some(2), "{args:?} should be refused");
        assert_eq!(fs::read_to_string(d.join("mine.toml")).unwrap(), file, "{args:?}");
    }
}

#[test]
fn export_lines_match_stats_forms() {
    let dir = tempfile::tempdir().unwrap();
    let lines = stdout(&unspin(dir.path(), &["dict", "export", "--format", "lines"]));
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(&unspin(dir.path(), &["dict", "stats", "--format", "json"]))).unwrap();
    let forms: u64 = stats.as_array().unwrap().iter().map(|r| r["forms"].as_u64().unwrap()).sum();
    assert!(forms > 0);
    assert_eq!(lines.lines().count() as u64, forms);
    assert!(lines.lines().any(|l| l == "got here"));
    let csv = stdout(&unspin(dir.path(), &["dict", "export", "--format", "csv"]));
    assert_eq!(csv.lines().count() as u64, forms + 1);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&unspin(dir.path(), &["dict", "export", "--format", "json"]))).unwrap();
    assert!(json.as_array().unwrap().iter().any(|f| f["form"] == "got here" && f["replacement"] == "came"));
}

#[test]
fn test_reports_before_expected_got() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("t.toml"),
        "[likely]\n\"zq blah\" = { to = \"told\", examples = [[\"She zq blah me.\", \"She said me.\"]], keeps = [\"x\"] }\n",
    )
    .unwrap();
    let out = unspin(dir.path(), &["dict", "test", "t.toml"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("t.toml:2: t:zq blah"), "{text}");
    assert!(text.contains("  expected: She said me.\n  got:      She told me."), "{text}");
}

#[test]
fn import_turns_a_list_into_a_pack_leaving_out_what_unspin_has() {
    let dir = tempfile::tempdir().unwrap();
    let list = "artifact,original\n\
                zorbly quux\tfine words\n\
                \"plinth, vexed\",calm words,extra column\n\
                novel lineage => new line\n\
                got here\tcame\n\
                got here\tarrived\n\
                same\tsame\n\
                no separator here\n\
                zorbly quux\tother words\n";
    fs::write(dir.path().join("list.csv"), list).unwrap();
    let out = unspin(
        dir.path(),
        &["dict", "import", "list.csv", "--header", "--to", "mine.toml", "--name", "mine"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("3 entries written"), "{err}");
    assert!(
        err.contains("1 already in unspin") && err.contains("1 conflicting") && err.contains("1 repeated"),
        "{err}"
    );
    assert!(err.contains("list.csv:7: the artifact is the original"), "{err}");
    assert!(err.contains("list.csv:8: no separator"), "{err}");
    let toml = fs::read_to_string(dir.path().join("mine.toml")).unwrap();
    assert!(toml.contains("name = \"mine\"") && toml.contains("source = \"list.csv\""), "{toml}");

    // The file loads and repairs; dict check accepts it.
    fs::write(dir.path().join("t.txt"), "Zorbly quux and plinth, vexed and a novel lineage.\n").unwrap();
    let out = unspin(dir.path(), &["fix", "--isolated", "--dict", "mine.toml", "t.txt"]);
    assert_eq!(stdout(&out), "Fine words and calm words and a new line.\n");
    let out = unspin(dir.path(), &["dict", "check", "mine.toml"]);
    assert!(out.status.success(), "{}", stdout(&out));

    // Never overwrites.
    let out = unspin(dir.path(), &["dict", "import", "list.csv", "--to", "mine.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn add_writes_through_links_to_the_dictionary() {
    // A user dictionary kept elsewhere (a dotfiles repository) and linked in: growing it
    // must change the file itself, not turn the link into a copy.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("dotfiles")).unwrap();
    fs::write(d.join("dotfiles/mine.toml"), "[certain]\n\"zq xx\" = \"took out\"\n").unwrap();
    std::os::unix::fs::symlink("dotfiles/mine.toml", d.join("mine.toml")).unwrap();
    fs::hard_link(d.join("dotfiles/mine.toml"), d.join("copy.toml")).unwrap();
    let out = unspin(d, &["dict", "add", "blorped up", "gave up", "--to", "mine.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(fs::symlink_metadata(d.join("mine.toml")).unwrap().file_type().is_symlink());
    for name in ["dotfiles/mine.toml", "copy.toml"] {
        let file = fs::read_to_string(d.join(name)).unwrap();
        assert!(file.contains("zq xx") && file.contains("blorped up"), "{name}: {file}");
    }
}
