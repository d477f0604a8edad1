//! `unspin review` driven through piped standard input (one answer per line), and
//! through a real pseudo-terminal (single key presses in raw mode).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Five certain artifacts: 1000’s, got here, Lots of of, despatched, no less than.
const SPUN: &str =
    "Tens of 1000’s got here to the capital.\nLots of of people despatched letters no less than twice.\n";

fn unspin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
}

/// A temporary directory holding `spun.txt`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spun.txt");
    fs::write(&path, SPUN).unwrap();
    (dir, path)
}

/// Run `unspin review ARGS` with `answers` on standard input.
fn review(args: &[&Path], extra: &[&str], answers: &str) -> Output {
    let mut child = unspin()
        .arg("review")
        .args(args)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A review that stops before its first question (a refused link) may exit before
    // its answers are written: a closed pipe is its answer, not the test's failure.
    match child.stdin.take().unwrap().write_all(answers.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.unwrap(),
    }
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn output_holds_exactly_the_accepted_edits() {
    let (dir, input) = setup();
    let out_path = dir.path().join("out.txt");
    let out = review(&[&input, "-o".as_ref(), &out_path], &["--color", "never"], "y\nn\ny\nn\ny\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "standard output stays clean");
    assert_eq!(
        fs::read_to_string(&out_path).unwrap(),
        "Tens of thousands got here to the capital.\nHundreds of people despatched letters at least twice.\n"
    );
    assert_eq!(fs::read_to_string(&input).unwrap(), SPUN, "with -o the input is untouched");
    let err = stderr(&out);
    assert!(err.contains("  - Tens of [-1000’s-] got here to the capital."), "{err}");
    assert!(err.contains("  + Tens of {+thousands+} got here to the capital."), "{err}");
    assert!(err.contains("3 accepted, 2 rejected"), "{err}");
    assert!(err.contains("news:despatched (certain): 0 accepted, 1 rejected"), "{err}");
}

#[test]
fn links_are_refused_before_the_first_question() {
    let (dir, input) = setup();
    let other = dir.path().join("other-name.txt");
    fs::hard_link(&input, &other).unwrap();
    // Refused up front: no answer is asked for and then thrown away.
    let out = review(&[&input], &[], "a\n");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("hard links") && err.contains("--keep-hard-links"), "{err}");
    assert!(!err.contains("to review"), "{err}");
    assert_eq!(fs::read_to_string(&input).unwrap(), SPUN);
    // Told to: every name sees the result.
    let out = review(&[&input], &["--keep-hard-links"], "a\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&other).unwrap(), fs::read_to_string(&input).unwrap());
    assert_ne!(fs::read_to_string(&other).unwrap(), SPUN);
    // A symbolic link as the output is refused the same way.
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    let out = review(&[&input, "-o".as_ref(), &link], &[], "a\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
}

#[test]
fn in_place_by_default_and_quit_rejects_the_rest() {
    let (_dir, input) = setup();
    let out = review(&[&input], &[], "a\ny\nq\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&input).unwrap(),
        "Tens of thousands came to the capital.\nLots of of people despatched letters no less than twice.\n"
    );
    assert!(stderr(&out).contains("2 accepted, 3 rejected (3 undecided)"), "{}", stderr(&out));
}

#[test]
fn abort_leaves_the_file_byte_for_byte() {
    let (dir, input) = setup();
    let before = fs::read(&input).unwrap();
    let out = review(&[&input], &[], "y\ny\nx\n");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read(&input).unwrap(), before);
    assert!(stderr(&out).contains("aborted, nothing written"));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    // Abort with -o: the output is not even created.
    let out_path = dir.path().join("out.txt");
    let out = review(&[&input, "-o".as_ref(), &out_path], &[], "x\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_path.exists());
}

#[test]
fn undo_takes_back_the_last_answer() {
    let (dir, input) = setup();
    let out_path = dir.path().join("out.txt");
    // y (1000’s), n (got here), u: got here again, y; u twice more is one too many at the
    // start; then d for the rest of "lots of of", and undo it, then n, n, n.
    let out = review(&[&input, "-o".as_ref(), &out_path], &[], "y\nn\nu\ny\nd\nu\nn\nn\ny\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&out_path).unwrap(),
        "Tens of thousands came to the capital.\nLots of of people despatched letters at least twice.\n"
    );
    assert!(stderr(&out).contains("undone"));
    let out = review(&[&input, "-o".as_ref(), &out_path], &[], "u\nq\n");
    assert!(stderr(&out).contains("nothing to undo"), "{}", stderr(&out));
}

#[test]
fn edit_types_a_replacement() {
    let (dir, input) = setup();
    let out_path = dir.path().join("out.txt");
    let out = review(&[&input, "-o".as_ref(), &out_path], &[], "n\ne\narrived\ne\n\nn\nq\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&out_path).unwrap(),
        "Tens of 1000’s arrived to the capital.\nLots of of people despatched letters no less than twice.\n"
    );
    let err = stderr(&out);
    assert!(err.contains("edit cancelled"), "an empty line cancels: {err}");
    assert!(err.contains("1 accepted (1 edited)"), "{err}");
}

#[test]
fn remember_then_dict_does_not_propose_rejected_edits_again() {
    let (dir, input) = setup();
    let dict = dir.path().join("mine.toml");
    let out_path = dir.path().join("out.txt");
    // Reject "got here" and "despatched", type a replacement for "no less than".
    let out = review(
        &[&input, "-o".as_ref(), &out_path],
        &["--remember", dict.to_str().unwrap()],
        "y\nn\ny\nn\ne\nat the very least\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let file = fs::read_to_string(&dict).unwrap();
    assert!(file.contains("[ignore]") && file.contains("[certain]"), "{file}");

    // The same file again, with the dictionary: only the accepted kinds come back, and
    // the typed replacement is the new repair.
    let check = unspin().arg("fix").arg("--dict").arg(&dict).arg(&input).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "Tens of thousands got here to the capital.\nHundreds of people despatched letters at the very least twice.\n"
    );
    // The repaired output, reviewed again, proposes nothing.
    let out = review(&[&out_path], &["--dict", dict.to_str().unwrap()], "");
    assert!(stderr(&out).contains("0 edits to review"), "{}", stderr(&out));
}

#[test]
fn standard_input_cannot_be_reviewed() {
    let out = review(&["-".as_ref()], &[], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("standard input carries the answers"), "{}", stderr(&out));
}

/// The real thing: a pseudo-terminal, raw mode, single key presses.
#[cfg(unix)]
mod pty {
    use std::time::Duration;

    use expectrl::process::unix::WaitStatus;
    use expectrl::session::OsSession as Session;
    use expectrl::{Eof, Expect};

    use super::*;

    const PROMPT: &str = "Apply this edit? [y,n,a,d,e,u,q,x,?]";

    fn spawn(args: &[&Path]) -> Session {
        let mut cmd = unspin();
        cmd.arg("review").args(args).args(["--color", "never"]).env("COLUMNS", "100");
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        session
    }

    /// Wait for the prompt about `found`, then press `key`.
    fn answer(s: &mut Session, found: &str, key: &str) {
        s.expect(format!("[-{found}-]").as_str()).unwrap_or_else(|e| panic!("waiting for {found}: {e}"));
        s.expect(PROMPT).unwrap();
        s.send(key).unwrap();
    }

    fn exit_code(s: &mut Session) -> i32 {
        s.expect(Eof).unwrap();
        match s.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn single_keys_undo_and_quit_write_the_accepted_edits() {
        let (dir, input) = setup();
        let out_path = dir.path().join("out.txt");
        let mut s = spawn(&[&input, "-o".as_ref(), &out_path]);
        answer(&mut s, "1000’s", "y");
        answer(&mut s, "got here", "n");
        answer(&mut s, "Lots of of", "u"); // back to "got here"
        s.expect("undone").unwrap();
        answer(&mut s, "got here", "y");
        answer(&mut s, "Lots of of", "?");
        s.expect("x - abort without writing anything").unwrap();
        s.expect(PROMPT).unwrap();
        s.send("n").unwrap();
        // Edit with the line editor: the proposal is pre-filled; Ctrl-U clears it.
        answer(&mut s, "despatched", "e");
        s.expect("New text (empty: cancel): sent").unwrap();
        s.send("\x15mailed\r").unwrap();
        answer(&mut s, "no less than", "q");
        s.expect("3 accepted (1 edited), 2 rejected (1 undecided)").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(exit_code(&mut s), 0);
        assert_eq!(
            fs::read_to_string(&out_path).unwrap(),
            "Tens of thousands came to the capital.\nLots of of people mailed letters no less than twice.\n"
        );
    }

    #[test]
    fn abort_writes_nothing() {
        let (_dir, input) = setup();
        let mut s = spawn(&[&input]);
        answer(&mut s, "1000’s", "y");
        answer(&mut s, "got here", "x");
        s.expect("aborted, nothing written").unwrap();
        assert_eq!(exit_code(&mut s), 1);
        assert_eq!(fs::read_to_string(&input).unwrap(), SPUN);
    }

    #[test]
    fn ctrl_c_aborts() {
        let (_dir, input) = setup();
        let mut s = spawn(&[&input]);
        answer(&mut s, "1000’s", "\x03");
        s.expect("aborted, nothing written").unwrap();
        assert_eq!(exit_code(&mut s), 1);
        assert_eq!(fs::read_to_string(&input).unwrap(), SPUN);
    }
}
