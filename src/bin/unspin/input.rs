//! Reading and writing files: clear errors for input that is not UTF-8 text, and
//! atomic writes that never leave a file half-written.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Where text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn from_arg(path: &Path) -> Source {
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(path.to_owned())
        }
    }

    /// How the source is named in output.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// Read the whole source as UTF-8 text.
    pub fn read(&self) -> Result<String> {
        let bytes = match self {
            Source::Stdin => {
                let mut buf = Vec::new();
                io::stdin().read_to_end(&mut buf).context("cannot read standard input")?;
                buf
            }
            Source::File(p) => fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?,
        };
        decode(&self.name(), bytes)
    }
}

/// Bytes to text, or an error that says which byte is wrong and what to do.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String> {
    if let Some(at) = bytes.iter().take(64 * 1024).position(|&b| b == 0) {
        bail!("{name}: looks like a binary file (NUL byte at offset {at}); unspin reads UTF-8 text");
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let head = &e.as_bytes()[..good];
        let line = head.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(&head[head.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..]).chars().count() + 1;
        anyhow::anyhow!(
            "{name}:{line}:{col}: not valid UTF-8 (byte offset {good}); convert the file to UTF-8 first, e.g. with `iconv -f latin1 -t utf-8`"
        )
    })
}

/// How `fix` replaces a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Keep a copy of the file being replaced as `FILE.orig`.
    pub backup: bool,
    /// Write through a symbolic link to its target instead of refusing it.
    pub follow_symlinks: bool,
    /// Write a file that has other names (hard links) in place, instead of refusing it.
    pub keep_hard_links: bool,
}

/// Replace `path` as `fix --write`, `fix -o` and `review` do: atomically (a temporary
/// file in the same directory, given the original's permissions, renamed over it; if
/// anything fails the original is untouched, and a read-only file is refused), but see
/// [`Replacement::check`] for links, and with `backup` the old contents are kept as
/// `FILE.orig` before the rename.
pub fn replace_file(path: &Path, contents: &str, options: WriteOptions) -> Result<()> {
    Replacement::check(path, options)?.write(contents)
}

/// Rewrite a file that unspin keeps for the user (a user dictionary grown by `dict add`,
/// `dict import`, `learn` or `review --remember`, a report written by `diff -o`) where
/// it really is: through a symbolic link, and in place when it has other names, as a
/// shell's `>` would, so that growing a dictionary kept in a dotfiles repository never
/// turns its link into a copy.
pub fn update_file(path: &Path, contents: &str) -> Result<()> {
    let options = WriteOptions { backup: false, follow_symlinks: true, keep_hard_links: true };
    replace_file(path, contents, options)
}

/// A file that may be replaced: checked before any work is spent on it.
#[derive(Debug)]
pub struct Replacement {
    target: PathBuf,
    in_place: bool,
    backup: bool,
}

impl Replacement {
    /// May `path` be replaced under `options`? A symbolic link is refused unless
    /// `follow_symlinks` (the rename would replace the link itself with a regular file
    /// and leave its target as it was); a file with other names (hard links) unless
    /// `keep_hard_links`, and then it is written in place.
    pub fn check(path: &Path, options: WriteOptions) -> Result<Replacement> {
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let target = if !is_link {
            path.to_owned()
        } else if options.follow_symlinks {
            fs::canonicalize(path).with_context(|| {
                format!("{}: cannot resolve the symbolic link; the file is unchanged", path.display())
            })?
        } else {
            bail!(
                "{}: is a symbolic link; unspin does not write through it (the link would become a plain file). Pass the real path, or --follow-symlinks to repair its target",
                path.display()
            );
        };
        // How many names the file has (only Unix tells).
        #[cfg(unix)]
        let names = {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(&target).map_or(1, |m| m.nlink())
        };
        #[cfg(not(unix))]
        let names = 1;
        if names > 1 && !options.keep_hard_links {
            bail!(
                "{}: the file has {names} names (hard links), and replacing it would give the new text to this name only; it is unchanged. Pass --keep-hard-links to write it in place for every name, or -o to write the repair elsewhere",
                target.display()
            );
        }
        Ok(Replacement { target, in_place: names > 1, backup: options.backup })
    }

    /// Write `contents`.
    pub fn write(&self, contents: &str) -> Result<()> {
        if self.in_place {
            write_in_place(&self.target, contents, self.backup)
        } else {
            write_atomic_with(&self.target, contents, self.backup)
        }
    }
}

/// Overwrite `path` in place, so that every hard link to it sees `contents`. This cannot
/// be atomic, so both texts are on disk before the file is touched: the repair in a
/// temporary file, the old text in the backup or another temporary file. If the
/// write fails, both are kept and the error says where.
fn write_in_place(path: &Path, contents: &str, backup: bool) -> Result<()> {
    let meta = fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let dir = writable_dir(path, Some(&meta))?;
    let saved = |text: &[u8], what: &str| -> Result<tempfile::NamedTempFile> {
        let save = || -> io::Result<tempfile::NamedTempFile> {
            let mut tmp = tempfile::Builder::new().prefix(".unspin-").tempfile_in(dir)?;
            tmp.write_all(text)?;
            tmp.as_file().sync_all()?;
            Ok(tmp)
        };
        save().with_context(|| {
            format!("{}: cannot save {what} beside it; the file is unchanged", path.display())
        })
    };
    let repaired = saved(contents.as_bytes(), "the repaired text")?;
    let old = if backup {
        keep_backup(path)?;
        None
    } else {
        let text =
            fs::read(path).with_context(|| format!("{}: cannot read; it is unchanged", path.display()))?;
        Some(saved(&text, "the old text")?)
    };
    let written = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .and_then(|mut f| f.write_all(contents.as_bytes()).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        // Kept under their temporary names, which the message gives.
        let kept = |tmp: tempfile::NamedTempFile| {
            let at = tmp.path().display().to_string();
            let _ = tmp.keep();
            at
        };
        let old_at = match old {
            Some(tmp) => kept(tmp),
            None => backup_path(path).display().to_string(),
        };
        bail!(
            "{}: cannot write in place: {e}. It may be cut short: the repaired text is in {} and the old text in {}",
            path.display(),
            kept(repaired),
            old_at
        );
    }
    Ok(())
}

/// `path` with `.orig` appended to its name.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".orig");
    PathBuf::from(name)
}

/// The directory a replacement of `path` is written in; a read-only file is refused.
fn writable_dir<'p>(path: &'p Path, meta: Option<&fs::Metadata>) -> Result<&'p Path> {
    // Permission bits, not access: even root should not silently replace a file that
    // someone made read-only.
    if meta.is_some_and(|m| m.permissions().readonly()) {
        bail!(
            "{}: the file is read-only; it is unchanged (make it writable first, e.g. `chmod u+w`)",
            path.display()
        );
    }
    Ok(match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    })
}

/// Copy `path` to `FILE.orig` before it is replaced.
fn keep_backup(path: &Path) -> Result<()> {
    let orig = backup_path(path);
    fs::copy(path, &orig).with_context(|| {
        format!("{}: cannot keep a backup as {}; the file is unchanged", path.display(), orig.display())
    })?;
    Ok(())
}

fn write_atomic_with(path: &Path, contents: &str, backup: bool) -> Result<()> {
    let meta = fs::metadata(path).ok();
    let dir = writable_dir(path, meta.as_ref())?;
    let mut tmp = tempfile::Builder::new().prefix(".unspin-").tempfile_in(dir).with_context(|| {
        format!(
            "{}: cannot create a temporary file in {}; the file is unchanged",
            path.display(),
            dir.display()
        )
    })?;
    tmp.write_all(contents.as_bytes()).and_then(|()| tmp.as_file().sync_all()).with_context(|| {
        format!("{}: cannot write the repaired text; the file is unchanged", path.display())
    })?;
    if let Some(meta) = &meta {
        fs::set_permissions(tmp.path(), meta.permissions())
            .with_context(|| format!("{}: cannot copy permissions; the file is unchanged", path.display()))?;
        if backup {
            // Before the rename: if the copy fails, nothing has been replaced yet.
            keep_backup(path)?;
        }
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("{}: cannot replace the file; it is unchanged", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_say_where() {
        let e = decode("a.txt", b"ok\nab\xffcd".to_vec()).unwrap_err().to_string();
        assert!(e.starts_with("a.txt:2:3: not valid UTF-8 (byte offset 5)"), "{e}");
        let e = decode("b.bin", b"ab\0cd".to_vec()).unwrap_err().to_string();
        assert!(e.contains("binary") && e.contains("offset 2"), "{e}");
        assert_eq!(decode("c", Vec::new()).unwrap(), "");
    }
}
