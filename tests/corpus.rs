//! Screening corpora from the command line: walked directories, JSON lines and WARC/WET
//! streams, on several threads, with the closing summary.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn unspin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
}

fn run_with_stdin(mut cmd: Command, stdin: &[u8]) -> Output {
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let out = child.wait_with_output().unwrap();
    // A child that stops reading early (a refused input) closes the pipe: what it
    // printed is what the test judges.
    match writer.join().unwrap() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("cannot write the input: {e}"),
        _ => out,
    }
}

/// Two certain artifacts in a short text: spun.
fn spun(i: usize) -> String {
    format!("Report {i}: tens of 1000's got here to the square.\n")
}

fn clean(i: usize) -> String {
    format!("Note {i}: the council met on Monday to discuss the budget.\n")
}

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The figures of the summary's first line:
/// `N documents, W words: S spun, F with findings; K skipped, X failed`.
fn summary(stderr: &[u8]) -> [u64; 6] {
    let err = String::from_utf8_lossy(stderr);
    let line =
        err.lines().find(|l| l.contains(" documents, ")).unwrap_or_else(|| panic!("no summary in {err}"));
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    numbers.try_into().unwrap_or_else(|n| panic!("unexpected summary {line:?}: {n:?}"))
}

#[test]
fn a_directory_of_ten_thousand_files_with_bad_ones_among_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let mut expected_spun = Vec::new();
    let mut texts = 0;
    for d in 0..100 {
        let sub = root.join(format!("d{d:03}"));
        fs::create_dir_all(&sub).unwrap();
        for f in 0..100 {
            let i = d * 100 + f;
            let path = sub.join(format!("f{f:03}.txt"));
            if i % 97 == 0 {
                fs::write(&path, spun(i)).unwrap();
                expected_spun.push(path.display().to_string());
            } else {
                fs::write(&path, clean(i)).unwrap();
            }
            texts += 1;
        }
    }
    // Skipped and counted: binary files (a NUL in the first block).
    for n in 0..3 {
        fs::write(root.join(format!("d00{n}/image{n}.bin")), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    }
    // Reported: files that are not UTF-8.
    fs::write(root.join("d010/latin1.txt"), b"caf\xe9 au lait\n").unwrap();
    fs::write(root.join("d020/cp1252.txt"), b"\x93quoted\x94\n").unwrap();
    // Reported: a link inside the tree to a file that does not exist, and one given
    // explicitly. (Tests may run as root, for whom chmod 000 does not stop reading, so
    // dangling links are the unreadable files every user has; chmod 000 is added when
    // it does stop this user.)
    symlink(dir.path().join("gone.txt"), root.join("d030/dangling.txt")).unwrap();
    let explicit_dangling = dir.path().join("missing-link.txt");
    symlink(dir.path().join("also-gone.txt"), &explicit_dangling).unwrap();
    let mut unreadable = 2;
    let locked = root.join("d040/locked.txt");
    fs::write(&locked, clean(0)).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
        texts += 1;
    } else {
        unreadable += 1;
    }
    // Not inputs at all: hidden and ignored files.
    fs::write(root.join(".hidden.txt"), spun(1)).unwrap();
    fs::write(root.join(".gitignore"), "ignored.txt\n").unwrap();
    fs::write(root.join("d050/ignored.txt"), spun(2)).unwrap();

    let check = |threads: &str| {
        unspin()
            .args(["check", "--format", "jsonl", "--threads", threads])
            .arg(&root)
            .arg(&explicit_dangling)
            .output()
            .unwrap()
    };
    let out = check("2");
    assert_eq!(out.status.code(), Some(2), "something failed, so 2 even though artifacts were found");
    let docs = json_lines(&out.stdout);
    assert_eq!(docs.len(), texts, "every text file is checked, once");
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files come out in walk order whatever the threads");
    let spun_paths: Vec<String> =
        docs.iter().filter(|d| d["spun"] == true).map(|d| d["path"].as_str().unwrap().to_owned()).collect();
    assert_eq!(spun_paths, expected_spun);
    assert!(!paths.iter().any(|p| p.contains("hidden") || p.contains("ignored") || p.ends_with(".bin")));

    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("latin1.txt:1:4: not valid UTF-8"), "{err}");
    assert!(err.contains("cp1252.txt:1:1: not valid UTF-8"), "{err}");
    assert!(err.contains("dangling.txt: cannot read"), "{err}");
    assert!(err.contains("missing-link.txt: cannot read"), "{err}");
    let words: u64 = docs.iter().map(|d| d["words"].as_u64().unwrap()).sum();
    let [documents, total_words, spun_docs, with_findings, skipped, failed] = summary(&out.stderr);
    assert_eq!(documents, texts as u64);
    assert_eq!(total_words, words);
    assert_eq!(spun_docs, expected_spun.len() as u64);
    assert_eq!(with_findings, expected_spun.len() as u64);
    assert_eq!(skipped, 3, "the binary files");
    assert_eq!(failed, 2 + unreadable, "two not UTF-8, the unreadable ones");
    assert!(err.contains("most frequent: news:1000's"), "{err}");
    assert!(err.contains("MB/s"), "{err}");

    // One thread reads, checks and prints by turns, with the same result.
    let one = check("1");
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(one.stdout, out.stdout, "the same output on one thread and on two");
    assert_eq!(summary(&one.stderr), summary(&out.stderr));
    assert!(
        String::from_utf8_lossy(&one.stderr).contains("on 1 thread\n"),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
}

#[test]
fn walking_honours_globs_hidden_and_ignore_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), spun(1)).unwrap();
    fs::write(root.join("b.md"), spun(2)).unwrap();
    fs::write(root.join(".c.txt"), spun(3)).unwrap();
    fs::write(root.join("d.txt"), spun(4)).unwrap();
    fs::write(root.join(".gitignore"), "d.txt\n").unwrap();
    let checked = |extra: &[&str]| -> Vec<String> {
        let out = unspin().args(["check", "--format", "jsonl", "-q"]).args(extra).arg(root).output().unwrap();
        assert!(out.stderr.is_empty(), "--quiet: {}", String::from_utf8_lossy(&out.stderr));
        json_lines(&out.stdout)
            .iter()
            .map(|d| {
                Path::new(d["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned()
            })
            .collect()
    };
    assert_eq!(checked(&[]), ["a.txt", "b.md"]);
    assert_eq!(checked(&["--hidden"]), [".c.txt", ".gitignore", "a.txt", "b.md"]);
    assert_eq!(checked(&["--no-ignore"]), ["a.txt", "b.md", "d.txt"]);
    assert_eq!(checked(&["--glob", "*.md"]), ["b.md"]);
    assert_eq!(checked(&["--glob", "!*.md"]), ["a.txt"]);

    // fix --write walks the same way and repairs in place.
    let out = unspin().args(["fix", "--write", "-q"]).arg(root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        fs::read_to_string(root.join("a.txt")).unwrap(),
        "Report 1: tens of thousands came to the square.\n"
    );
    assert_eq!(fs::read_to_string(root.join("d.txt")).unwrap(), spun(4), "ignored files are left alone");
    assert_eq!(fs::read_to_string(root.join(".c.txt")).unwrap(), spun(3), "hidden files too");
}

/// Lines of `{"id": …, "text": …}`: ids of several JSON types, some texts spun, one
/// line broken at `bad`.
fn jsonl_corpus(n: usize, bad: usize) -> (Vec<u8>, Vec<Value>) {
    let mut input = Vec::new();
    let mut ids = Vec::new();
    for i in 0..n {
        let id: Value = if i % 3 == 0 { Value::from(i) } else { Value::from(format!("doc-{i}")) };
        if i == bad {
            writeln!(input, "{{\"id\": {id}, \"text\": ").unwrap();
        } else {
            let text = if i % 10 == 0 { spun(i) } else { clean(i) };
            let line = serde_json::json!({ "id": id, "text": text, "source": "test" });
            writeln!(input, "{line}").unwrap();
        }
        ids.push(id);
    }
    (input, ids)
}

#[test]
fn jsonl_streams_keep_lines_ids_and_order() {
    let (input, ids) = jsonl_corpus(3000, 1234);
    let check = |threads: &str| {
        let mut cmd = unspin();
        cmd.args(["check", "--input-format", "jsonl", "--format", "jsonl", "--threads", threads]);
        run_with_stdin(cmd, &input)
    };
    let two = check("2");
    assert_eq!(two.status.code(), Some(2), "a bad line is a failure");
    let docs = json_lines(&two.stdout);
    assert_eq!(docs.len(), ids.len(), "one output line per input line");
    for (i, (doc, id)) in docs.iter().zip(&ids).enumerate() {
        assert_eq!(&doc["id"], id, "line {}", i + 1);
        if i == 1234 {
            assert_eq!(doc["line"], 1235);
            assert!(doc["error"].as_str().unwrap().contains("not valid JSON"), "{doc}");
        } else {
            assert_eq!(doc["spun"], i % 10 == 0, "line {}", i + 1);
        }
    }
    let err = String::from_utf8_lossy(&two.stderr);
    assert!(err.contains("<stdin>: line 1235: not valid JSON"), "{err}");
    assert_eq!(summary(&two.stderr)[..3], [2999, docs.iter().filter_map(|d| d["words"].as_u64()).sum(), 300]);
    let one = check("1");
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(one.stdout, two.stdout, "the same output on one thread and on two");
    assert_eq!(summary(&one.stderr), summary(&two.stderr));
    assert!(String::from_utf8_lossy(&one.stderr).contains("<stdin>: line 1235: not valid JSON"));
    // More workers than cores: batches are checked out of turn, held, and printed in order.
    let seven = check("7");
    assert_eq!(seven.stdout, two.stdout, "the same output on seven threads");
    assert_eq!(summary(&seven.stderr), summary(&two.stderr));
    assert!(String::from_utf8_lossy(&seven.stderr).contains("on 7 threads"));

    // fix gives the corpus back, repaired, line for line.
    let mut cmd = unspin();
    cmd.args(["fix", "--input-format", "jsonl", "-q"]);
    let fixed = run_with_stdin(cmd, &input);
    let lines = json_lines(&fixed.stdout);
    assert_eq!(lines.len(), 3000);
    assert_eq!(
        lines[10],
        serde_json::json!({ "id": "doc-10", "text": "Report 10: tens of thousands came to the square.\n" })
    );
    assert_eq!(lines[11]["text"], clean(11));
    // --format jsonl adds the findings to the repaired text.
    let mut cmd = unspin();
    cmd.args(["fix", "--input-format", "jsonl", "--format", "jsonl", "-q"]);
    let report = json_lines(
        &run_with_stdin(cmd, &input[..input.iter().position(|&b| b == b'\n').unwrap() + 1]).stdout,
    );
    assert_eq!(report[0]["id"], 0);
    assert_eq!(report[0]["findings"][0]["found"], "1000's");
    assert_eq!(report[0]["findings"][0]["start"], 18);
    assert_eq!(report[0]["text"], "Report 0: tens of thousands came to the square.\n");
}

fn warc_record(kind: &str, uri: &str, block: &str) -> Vec<u8> {
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n\
         Content-Type: text/plain\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
    .into_bytes()
}

#[test]
fn gzipped_wet_files_are_read_record_by_record() {
    // One gzip member per record, as Common Crawl writes them.
    let mut records = vec![warc_record("warcinfo", "", "software: test\r\nformat: WARC File Format 1.0\r\n")];
    let mut expected = Vec::new();
    for i in 0..8 {
        let uri = format!("https://site{i}.example/page");
        let text = if i % 3 == 0 { spun(i).repeat(3) } else { clean(i).repeat(3) };
        records.push(warc_record("conversion", &uri, &text));
        expected.push((uri, i % 3 == 0));
    }
    let mut gz = Vec::new();
    for r in &records {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(r).unwrap();
        gz.extend(e.finish().unwrap());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.wet.gz");
    fs::write(&path, &gz).unwrap();

    let out =
        unspin().args(["check", "--input-format", "warc", "--format", "jsonl"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out.stdout);
    let got: Vec<(String, bool)> =
        docs.iter().map(|d| (d["id"].as_str().unwrap().to_owned(), d["spun"].as_bool().unwrap())).collect();
    assert_eq!(got, expected);
    assert_eq!(summary(&out.stderr)[0], 8, "warcinfo is not a document");

    // The same records uncompressed, from standard input, in the text format.
    let mut cmd = unspin();
    cmd.args(["check", "--input-format", "warc", "-q"]);
    let out = run_with_stdin(cmd, &records.concat());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("https://site3.example/page:1:19: 1000's -> thousands"), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains(": spin score")).count(), 8);
}
