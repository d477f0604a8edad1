//! Project configuration: discovery upward, --config, --isolated, flag precedence,
//! disabled entries and `config show`.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const SPUN: &str = "Tens of 1000's got here to the capital.\n";

fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails early may not read its input: a broken pipe is fine here.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn fix(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["fix"];
    all.extend_from_slice(args);
    let out = run(dir, &all, SPUN);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A project with a config file at its root and a nested working directory.
fn project(config: &str, name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), config).unwrap();
    let deep = dir.path().join("a/b");
    fs::create_dir_all(&deep).unwrap();
    (dir, deep)
}

#[test]
fn disabled_entry_does_not_fire_and_isolated_ignores_the_file() {
    let (_dir, deep) = project("disable = [\"news:got here\"]\n", "unspin.toml");
    assert_eq!(fix(&deep, &[]), "Tens of thousands got here to the capital.\n");
    assert_eq!(fix(&deep, &["--isolated"]), "Tens of thousands came to the capital.\n");
}

#[test]
fn hidden_name_config_and_explicit_config() {
    let (dir, deep) = project("[ignore]\n\"tens of 1000's\" = \"news:1000's\"\n", ".unspin.toml");
    assert_eq!(fix(&deep, &[]), "Tens of 1000's came to the capital.\n");
    // --config replaces discovery, even with --isolated.
    let other = dir.path().join("other.toml");
    fs::write(&other, "disable = [\"news:1000's\"]\n").unwrap();
    let other = other.to_str().unwrap();
    assert_eq!(fix(&deep, &["--config", other]), "Tens of 1000's came to the capital.\n");
    assert_eq!(fix(&deep, &["--isolated", "--config", other]), "Tens of 1000's came to the capital.\n");
}

#[test]
fn flags_win_over_the_file_and_config_show_says_where() {
    let (dir, deep) = project("quotes = \"repair\"\nthreshold = 7.5\npacks = [\"news\"]\n", "unspin.toml");
    let out = run(&deep, &["config", "show", "--threshold", "1.5"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = String::from_utf8(out.stdout).unwrap();
    let file = dir.path().join("unspin.toml");
    assert!(shown.contains(&format!("# config file: {}", file.display())), "{shown}");
    assert!(shown.contains("threshold = 1.5  # command line"), "{shown}");
    assert!(shown.contains(&format!("quotes = \"repair\"  # {}", file.display())), "{shown}");
    assert!(shown.contains("numbers = true  # default"), "{shown}");

    // The threshold from the file gates a likely entry; the flag overrides it.
    let text = "Officials stated that tens of 1000's got here.\n";
    let out = run(&deep, &["fix"], text);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Officials said that tens of thousands came.\n");
    fs::write(dir.path().join("unspin.toml"), "threshold = 900\n").unwrap();
    let out = run(&deep, &["fix"], text);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Officials stated that tens of thousands came.\n");
    let out = run(&deep, &["fix", "--threshold", "2"], text);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Officials said that tens of thousands came.\n");
}

#[test]
fn errors_name_the_file_and_line_and_unknown_packs_list_the_packs() {
    let (dir, deep) = project("packs = [\"news\"]\nthreshhold = 3\n", "unspin.toml");
    let out = run(&deep, &["fix"], SPUN);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let at = format!("{}:2:", dir.path().join("unspin.toml").display());
    assert!(err.contains(&at) && err.contains("threshhold"), "{err}");

    let out = run(&deep, &["check", "--isolated", "--pack", "news,nope", "-"], SPUN);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown pack \"nope\"") && err.contains("the packs are: news"), "{err}");
    let out = run(&deep, &["check", "--isolated", "--pack", "news", "-"], SPUN);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}
