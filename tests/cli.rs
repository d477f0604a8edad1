//! The CLI contract: trycmd cases in tests/cmd (args, stdin, expected stdout/stderr and
//! exit code), plus the cases that need real files (in-place writes, permissions).

use std::fs;
use std::process::Command;

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

fn unspin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
}

const SPUN: &str = "Tens of 1000's got here to the capital.\n";
const FIXED: &str = "Tens of thousands came to the capital.\n";

#[test]
fn write_in_place_is_atomic_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, SPUN).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let out = unspin().arg("fix").arg("--write").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn output_file_and_failed_write_leave_no_damage() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    fs::write(&input, SPUN).unwrap();
    let out_path = dir.path().join("out.txt");
    let out = unspin().arg("fix").arg(&input).arg("-o").arg(&out_path).output().unwrap();
    assert!(out.status.success());
    assert_eq!(fs::read_to_string(&out_path).unwrap(), FIXED);
    assert_eq!(fs::read_to_string(&input).unwrap(), SPUN, "the input is untouched");

    // A directory that cannot be written: the error names the file, the original stays.
    let missing = dir.path().join("no/such/dir/out.txt");
    let out = unspin().arg("fix").arg(&input).arg("-o").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("out.txt") && err.contains("temporary file"), "{err}");
}

#[test]
fn bad_inputs_get_clear_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("x.bin");
    fs::write(&bin, b"abc\0def").unwrap();
    let latin1 = dir.path().join("l.txt");
    fs::write(&latin1, b"line one\ncaf\xe9 got here\n").unwrap();
    for (path, needle) in [(&bin, "binary"), (&latin1, "l.txt:2:4: not valid UTF-8")] {
        let before = fs::read(path).unwrap();
        let out = unspin().args(["fix", "--write"]).arg(path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{err}");
        assert_eq!(fs::read(path).unwrap(), before, "the file must be untouched");
    }
    let out = unspin().arg("check").arg(dir.path().join("missing.txt")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt: cannot read"));
}
