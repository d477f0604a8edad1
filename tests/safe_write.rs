//! Safe writes (issue 6): `--backup`, symbolic links, read-only files and directories,
//! and a reader that closes the pipe early.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn unspin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
}

const SPUN: &str = "Tens of 1000's got here to the capital.\n";
const FIXED: &str = "Tens of thousands came to the capital.\n";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn backup_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, SPUN).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let out = unspin().args(["fix", "--write", "--backup"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXED);
    let orig = dir.path().join("a.txt.orig");
    assert_eq!(fs::read_to_string(&orig).unwrap(), SPUN);
    assert_eq!(fs::metadata(&orig).unwrap().permissions().mode() & 0o777, 0o640);
    assert_eq!(listing(dir.path()), ["a.txt", "a.txt.orig"]);

    // A second run has nothing to repair: the file is not written and the backup stays.
    let out = unspin().args(["fix", "--write", "--backup"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&orig).unwrap(), SPUN);

    // With -o the replaced output file is the one kept.
    let target = dir.path().join("out.txt");
    fs::write(&target, "old output\n").unwrap();
    fs::write(&path, SPUN).unwrap();
    let out = unspin().args(["fix", "--backup", "-o"]).arg(&target).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&target).unwrap(), FIXED);
    assert_eq!(fs::read_to_string(dir.path().join("out.txt.orig")).unwrap(), "old output\n");

    // Without a file to replace the flag means nothing: say so.
    let out = unspin().args(["fix", "--backup"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--write"), "{}", stderr(&out));
}

#[test]
fn write_refuses_a_symlink_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    fs::write(&real, SPUN).unwrap();
    symlink(&real, &link).unwrap();

    let out = unspin().args(["fix", "--write"]).arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("link.txt") && err.contains("symbolic link"), "{err}");
    assert!(err.contains("real path") && err.contains("--follow-symlinks"), "{err}");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
    assert_eq!(fs::read_to_string(&real).unwrap(), SPUN, "the target is untouched");

    // -o to a link is refused the same way.
    let input = dir.path().join("in.txt");
    fs::write(&input, SPUN).unwrap();
    let out = unspin().arg("fix").arg(&input).arg("-o").arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&real).unwrap(), SPUN);

    let out = unspin().args(["fix", "--write", "--follow-symlinks", "--backup"]).arg(&link).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert_eq!(fs::read_to_string(&real).unwrap(), FIXED, "the target is repaired");
    assert_eq!(fs::read_to_string(dir.path().join("real.txt.orig")).unwrap(), SPUN);
    assert_eq!(listing(dir.path()), ["in.txt", "link.txt", "real.txt", "real.txt.orig"]);
}

#[test]
fn a_read_only_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.txt");
    fs::write(&path, SPUN).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    for extra in [&[][..], &["--backup"][..]] {
        let out = unspin().args(["fix", "--write"]).args(extra).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains("ro.txt") && err.contains("read-only"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), SPUN);
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o444);
        assert_eq!(listing(dir.path()), ["ro.txt"], "no temporary file or backup is left");
    }
}

#[test]
fn a_read_only_directory_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).unwrap();
    let path = sub.join("a.txt");
    fs::write(&path, SPUN).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    // Root (as in CI containers) may write into a 0o555 directory anyway.
    let probe = sub.join(".probe");
    if fs::write(&probe, "").is_ok() {
        let _ = fs::remove_file(&probe);
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("note: skipping the read-only directory case: this user can write into a 0o555 directory");
        return;
    }
    let out = unspin().args(["fix", "--write", "--backup"]).arg(&path).output().unwrap();
    let listed = listing(&sub);
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("a.txt") && err.contains("unchanged"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), SPUN);
    assert_eq!(listed, ["a.txt"]);
}

/// Spawn `unspin ARGS`, read a few bytes of its output, close the pipe, and wait.
fn read_a_little_then_close(args: &[&str], file: &Path) -> Output {
    let mut child =
        unspin().args(args).arg(file).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0; 10];
    stdout.read_exact(&mut buf).unwrap();
    drop(stdout);
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // 800 KB, far more than a pipe buffer (64 KiB): writing must hit the closed pipe.
    fs::write(&big, SPUN.repeat(20_000)).unwrap();
    // `check --format json` used to end with exit 2 and "Broken pipe": serde_json wraps
    // the I/O error in its own type, which the broken-pipe test did not look into.
    let cases: [&[&str]; 4] =
        [&["fix"], &["check"], &["check", "--format", "json"], &["diff", "--full", "--color", "never"]];
    for args in cases {
        let out = read_a_little_then_close(args, &big);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        // A closed pipe counts as success; `check` may also finish first and find artifacts.
        let finished = if args[0] == "check" { 1 } else { 0 };
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(finished),
            "{args:?}: {:?} {err}",
            out.status
        );
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn write_refuses_a_hard_linked_file_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.txt");
    let two = dir.path().join("two.txt");
    fs::write(&one, SPUN).unwrap();
    fs::hard_link(&one, &two).unwrap();

    // The rename would give the repair to one name and leave the other with the old text.
    let out = unspin().args(["fix", "--write"]).arg(&one).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("one.txt") && err.contains("2 names (hard links)"), "{err}");
    assert!(err.contains("--keep-hard-links") && err.contains("unchanged"), "{err}");
    assert_eq!(fs::read_to_string(&one).unwrap(), SPUN);
    assert_eq!(listing(dir.path()), ["one.txt", "two.txt"]);

    // In place: both names see the repair, and nothing is left beside them.
    let out = unspin().args(["fix", "--write", "--keep-hard-links"]).arg(&one).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&one).unwrap(), FIXED);
    assert_eq!(fs::read_to_string(&two).unwrap(), FIXED);
    assert_eq!(listing(dir.path()), ["one.txt", "two.txt"]);

    // With --backup the old text is kept; the names stay one file.
    fs::write(&two, SPUN).unwrap();
    let out = unspin().args(["fix", "--write", "--keep-hard-links", "--backup"]).arg(&two).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&one).unwrap(), FIXED);
    assert_eq!(fs::read_to_string(dir.path().join("two.txt.orig")).unwrap(), SPUN);
    assert_eq!(listing(dir.path()), ["one.txt", "two.txt", "two.txt.orig"]);

    // A directory walk refuses it the same way and goes on with the rest.
    let sub = dir.path().join("tree");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("plain.txt"), SPUN).unwrap();
    fs::write(sub.join("linked.txt"), SPUN).unwrap();
    fs::hard_link(sub.join("linked.txt"), dir.path().join("elsewhere.txt")).unwrap();
    let out = unspin().args(["fix", "--write"]).arg(&sub).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("linked.txt"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(sub.join("plain.txt")).unwrap(), FIXED);
    assert_eq!(fs::read_to_string(sub.join("linked.txt")).unwrap(), SPUN);
}
