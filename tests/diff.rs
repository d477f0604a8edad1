//! `unspin diff` end to end: the unified diff applies with `patch` and yields exactly
//! what `fix` prints; color follows --color, NO_COLOR and CLICOLOR_FORCE; the HTML
//! report is written to a file.

use std::fs;
use std::process::{Command, Output};

fn unspin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_unspin"));
    // The tests decide about color themselves.
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run unspin");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Spun text with changes near the start, in the middle and on a last line without a
/// line break, and with tabs, CJK and curly quotes in between.
const SPUN: &str = "Tens of 1000’s got here to the capital.\n\
    \n\
    A quiet line.\n\
    \tAnother\tquiet line, 東京.\n\
    A third quiet line.\n\
    A fourth quiet line.\n\
    \n\
    Officials stated that “lots of of” people got here.\n\
    More quiet text.\n\
    The end got here";

fn have_patch() -> bool {
    Command::new("patch").arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn unified_diff_applies_with_patch_and_gives_the_fix_output() {
    if !have_patch() {
        println!("note: `patch` is not installed; skipping the patch round trip");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("spun.txt"), SPUN).unwrap();
    let fixed = run(unspin().current_dir(dir.path()).args(["fix", "spun.txt"])).stdout;
    assert_ne!(fixed, SPUN.as_bytes(), "the text has something to repair");
    for context in [None, Some("0"), Some("1")] {
        fs::write(dir.path().join("spun.txt"), SPUN).unwrap();
        let mut cmd = unspin();
        cmd.current_dir(dir.path()).args(["diff", "--style", "unified", "--color", "always", "spun.txt"]);
        // Color is never written into a file, and never asked for by a pipe: check both.
        cmd.args(["-o", "fix.patch"]);
        if let Some(c) = context {
            cmd.args(["--context", c]);
        }
        run(&mut cmd);
        let patch = fs::read_to_string(dir.path().join("fix.patch")).unwrap();
        assert!(patch.starts_with("--- a/spun.txt\n+++ b/spun.txt\n@@ "), "{patch}");
        assert!(!patch.contains('\u{1b}'), "no color in files");
        let out = Command::new("patch")
            .current_dir(dir.path())
            .args(["-p1", "--batch", "--input", "fix.patch"])
            .output()
            .unwrap();
        assert!(out.status.success(), "patch failed:\n{}{}", String::from_utf8_lossy(&out.stdout), patch);
        let patched = fs::read(dir.path().join("spun.txt")).unwrap();
        assert_eq!(String::from_utf8_lossy(&patched), String::from_utf8_lossy(&fixed), "context {context:?}");
    }
}

#[test]
fn no_changes_no_patch() {
    let out = run(unspin()
        .args(["diff", "--style", "unified"])
        .env("CLICOLOR_FORCE", "1")
        .arg("-")
        .stdin_text("Clean.\n"));
    assert!(out.stdout.is_empty());
}

#[test]
fn color_follows_flags_and_environment() {
    let colored = |cmd: &mut Command| run(cmd).stdout.contains(&0x1b);
    let diff = || {
        let mut c = unspin();
        c.args(["diff", "--width", "80"]);
        c
    };
    // stdout is a pipe here: auto means no color.
    assert!(!colored(diff().stdin_text(SPUN)));
    assert!(colored(diff().args(["--color", "always"]).stdin_text(SPUN)));
    assert!(colored(diff().env("CLICOLOR_FORCE", "1").stdin_text(SPUN)));
    assert!(!colored(diff().env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").stdin_text(SPUN)));
    assert!(!colored(diff().env("CLICOLOR_FORCE", "1").args(["--color", "never"]).stdin_text(SPUN)));
}

#[test]
fn against_compares_with_another_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("spun.txt"), "The organisers stated that 1000’s got here.\n").unwrap();
    fs::write(dir.path().join("orig.txt"), "The organisers said that thousands came.\n").unwrap();
    let out = run(unspin().current_dir(dir.path()).args([
        "diff",
        "--against",
        "orig.txt",
        "--style",
        "inline",
        "--color",
        "never",
        "spun.txt",
    ]));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "spun.txt vs orig.txt: 2 changes\n\
         1 The organisers [-stated-]{+said+} that [-1000’s got here-]{+thousands came+}.\n"
    );
}

#[test]
fn html_report_goes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("spun.txt"), SPUN).unwrap();
    run(unspin().current_dir(dir.path()).args(["diff", "--format", "html", "-o", "report.html", "spun.txt"]));
    let page = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("title=\"news:1000&#39;s (certain)\">1000’s</del>"), "{page}");
    assert!(page.contains("Spin score <strong>"));
}

#[cfg(unix)]
#[test]
fn a_report_written_through_a_symbolic_link_keeps_the_link() {
    // `-o` writes where the link points, as `>` would; before, the rename turned the
    // link into a plain file and left its target as it was.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("spun.txt"), SPUN).unwrap();
    fs::create_dir(dir.path().join("reports")).unwrap();
    fs::write(dir.path().join("reports/real.html"), "old").unwrap();
    std::os::unix::fs::symlink("reports/real.html", dir.path().join("report.html")).unwrap();
    run(unspin().current_dir(dir.path()).args(["diff", "--format", "html", "-o", "report.html", "spun.txt"]));
    let link = fs::symlink_metadata(dir.path().join("report.html")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let page = fs::read_to_string(dir.path().join("reports/real.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
}

trait StdinText {
    fn stdin_text(&mut self, text: &str) -> &mut Self;
}

impl StdinText for Command {
    /// Feed `text` on standard input (through a temporary file, so no thread is needed).
    fn stdin_text(&mut self, text: &str) -> &mut Self {
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        std::io::Seek::rewind(&mut file).unwrap();
        self.stdin(file)
    }
}
