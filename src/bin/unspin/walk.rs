//! Finding the inputs: the paths given, with directories walked as ripgrep walks them
//! (the `ignore` crate: .gitignore, .ignore and hidden files honoured, `--glob`).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;

use crate::args::CorpusArgs;

/// One input found.
#[derive(Debug)]
pub enum Input {
    /// Standard input ('-' or no path at all).
    Stdin,
    /// A file; `explicit` when it was named on the command line rather than found in a
    /// directory.
    File { path: PathBuf, explicit: bool },
    /// Something that cannot be read (a dangling link, a directory that cannot be
    /// listed…), with the message to report.
    Failed(String),
}

/// The overrides built from `--glob`, matched relative to the current directory as
/// ripgrep's are.
fn overrides(globs: &[String]) -> Result<ignore::overrides::Override> {
    let cwd = std::env::current_dir().context("cannot find the current directory")?;
    let mut builder = OverrideBuilder::new(cwd);
    for glob in globs {
        builder.add(glob).with_context(|| format!("--glob {glob:?}: not a valid glob"))?;
    }
    builder.build().context("--glob: cannot build the globs")
}

/// Call `each` with every input under `paths`, in order: the arguments as given,
/// directory entries sorted by name. Stops early when `each` returns false.
///
/// In directories, only regular files are inputs; a symbolic link is read when it
/// points to a file (a link to a directory is not followed, which rules out cycles)
/// and reported when it points nowhere. Named paths are always read, whatever the
/// ignore rules, globs and hidden-file setting say.
pub fn inputs(paths: &[PathBuf], opts: &CorpusArgs, mut each: impl FnMut(Input) -> bool) -> Result<()> {
    if paths.is_empty() {
        each(Input::Stdin);
        return Ok(());
    }
    let overrides = overrides(&opts.globs)?;
    for path in paths {
        if path.as_os_str() == "-" {
            if !each(Input::Stdin) {
                return Ok(());
            }
            continue;
        }
        if !path.is_dir() {
            if !each(Input::File { path: path.clone(), explicit: true }) {
                return Ok(());
            }
            continue;
        }
        let walker = WalkBuilder::new(path)
            .hidden(!opts.hidden)
            .ignore(!opts.no_ignore)
            .git_ignore(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .parents(!opts.no_ignore)
            // .gitignore files count outside a git repository too: a corpus unpacked from
            // an archive keeps its exclusions.
            .require_git(false)
            .follow_links(false)
            .overrides(overrides.clone())
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let input = match entry {
                Err(e) => Input::Failed(e.to_string()),
                Ok(entry) => match entry.file_type() {
                    Some(t) if t.is_file() => Input::File { path: entry.into_path(), explicit: false },
                    Some(t) if t.is_symlink() => match linked_file(entry.path()) {
                        Ok(true) => Input::File { path: entry.into_path(), explicit: false },
                        Ok(false) => continue,
                        Err(e) => Input::Failed(format!("{e:#}")),
                    },
                    // Directories are walked; sockets, FIFOs and devices are not text files.
                    _ => continue,
                },
            };
            if !each(input) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Whether the link at `path` leads to a regular file; an error when it leads nowhere.
fn linked_file(path: &Path) -> Result<bool> {
    let meta = fs::metadata(path)
        .with_context(|| format!("{}: cannot read (a symbolic link to a missing file?)", path.display()))?;
    Ok(meta.is_file())
}
