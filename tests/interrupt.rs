//! SIGINT in the middle of `fix --write` over 10,000 files (issue 6): every file is
//! either its old or its new version, never half written, no temporary file is left
//! behind, and the run says how far it got.

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use unspin::{Config, Dictionary, Repairer};

const FILES: usize = 10_000;

fn text(i: usize) -> String {
    // Spun enough to be repaired, different in every file, a few hundred bytes long.
    format!(
        "Report {i}. Officials stated that tens of 1000's of people got here to the square, \
         and lots of of them stayed in the present day. The authorities mentioned no less than \
         {i} buses were sent, in accordance with a spokesperson.\n"
    )
    .repeat(3)
}

fn names(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn sigint_leaves_every_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let r = Repairer::new(&Dictionary::embedded().unwrap(), Config::default()).unwrap();
    let mut expected = Vec::with_capacity(FILES);
    for i in 0..FILES {
        let old = text(i);
        let new = r.fix(&old);
        assert_ne!(old, new);
        fs::write(dir.path().join(format!("doc{i:05}.txt")), &old).unwrap();
        expected.push((old, new));
    }
    let child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(["fix", "--write", "--threads", "1"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the run is under way (some file is new), then interrupt it.
    let started = Instant::now();
    let first = dir.path().join("doc00000.txt");
    while fs::read_to_string(&first).is_ok_and(|t| t == expected[0].0) {
        assert!(started.elapsed() < Duration::from_secs(120), "the run never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);

    let (mut old, mut new) = (0, 0);
    let paths = names(dir.path());
    let stray: Vec<&PathBuf> =
        paths.iter().filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("doc")).collect();
    assert!(stray.is_empty(), "left behind: {stray:?}");
    for (i, path) in paths.iter().enumerate() {
        let got = fs::read_to_string(path).unwrap();
        if got == expected[i].0 {
            old += 1;
        } else if got == expected[i].1 {
            new += 1;
        } else {
            panic!("{} is neither its old nor its new version:\n{got}", path.display());
        }
    }
    assert_eq!(old + new, FILES);
    assert!(new >= 1, "nothing was written");
    if old > 0 {
        // Interrupted for real: the exit status and the message say so.
        assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
        assert!(stderr.contains("interrupted"), "stderr: {stderr}");
    }
    eprintln!("interrupted after {new} of {FILES} files; {old} untouched");
}
