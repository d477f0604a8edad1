//! A write that fails halfway (issue 6): the disk fills up, or the file size limit is
//! reached, while `fix --write` writes the repaired text. The original must be left
//! byte-for-byte, no temporary file may be left behind, and the error must say which
//! file and what happened.

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// About 12 KB of spun text: the repaired copy is far larger than the limits below.
fn spun_text() -> String {
    "Officials stated that tens of 1000's of people got here to the capital. ".repeat(160)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn assert_failed_cleanly(out: &Output, dir: &Path, file: &Path, original: &str, cause: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains(&file.display().to_string()), "the error names the file: {stderr}");
    assert!(stderr.contains("the file is unchanged"), "{stderr}");
    assert!(stderr.to_lowercase().contains(cause), "the error gives the cause ({cause}): {stderr}");
    assert_eq!(fs::read_to_string(file).unwrap(), original, "the original changed");
    assert_eq!(listing(dir), ["a.txt"], "a temporary file was left behind");
}

/// RLIMIT_FSIZE works without privileges: with SIGXFSZ ignored, a write past the
/// limit fails with EFBIG ("File too large") halfway through the temporary file.
#[test]
fn a_write_past_the_file_size_limit_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    let original = spun_text();
    fs::write(&file, &original).unwrap();
    // dash and bash agree on nothing but `ulimit -f` in blocks: 4 blocks is at most 4 KiB.
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 4; exec "$0" fix --write "$1""#)
        .arg(env!("CARGO_BIN_EXE_unspin"))
        .arg(&file)
        .output()
        .unwrap();
    assert_failed_cleanly(&out, dir.path(), &file, &original, "too large");
}

/// A real full disk: a 64 KiB tmpfs, mostly filled, where the machine lets us mount
/// one (root in a container usually can; elsewhere the test says so and returns).
#[test]
fn a_full_disk_leaves_the_original() {
    let mount = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(mount.path())
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (the file size limit test covers the write error)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(mount.path());
    let dir = mount.path();
    let file = dir.join("a.txt");
    let original = spun_text();
    fs::write(&file, &original).unwrap();
    // Fill what is left but a few KiB: the temporary copy cannot fit.
    let filler = dir.join("filler");
    let _ = fs::write(&filler, vec![b'x'; 64 * 1024]);
    let free = 64 * 1024 - fs::metadata(&file).unwrap().len() as usize;
    fs::write(&filler, vec![b'x'; free.saturating_sub(8 * 1024)]).unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_unspin")).args(["fix", "--write"]).arg(&file).output().unwrap();
    fs::remove_file(&filler).unwrap();
    assert_failed_cleanly(&out, dir, &file, &original, "no space left");
}
