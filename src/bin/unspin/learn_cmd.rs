//! `unspin learn`: propose dictionary entries from a spun copy and its original, and
//! optionally append them to a dictionary file.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use unspin::learn::{header, learn, render, Options, Proposal};
use unspin::{Kind, Pack, Vocabulary};

use crate::args::LearnArgs;
use crate::input::{self, Source};

pub fn run(args: &LearnArgs) -> Result<ExitCode> {
    if args.min_count == 0 {
        bail!("--min-count must be at least 1");
    }
    let settings = crate::config::Settings::resolve(&args.engine)?;
    let dict = crate::engine::dictionary(&settings)?;
    let spun = Source::File(args.spun.clone()).read()?;
    let original = Source::File(args.original.clone()).read()?;
    // An existing target file: its entries must not be proposed again.
    let existing = match &args.to {
        Some(path) if path.exists() => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read dictionary", path.display()))?,
        ),
        _ => None,
    };
    let pack_name = match &args.to {
        Some(path) => match &existing {
            Some(src) => Pack::from_toml(src, &path.display().to_string())?.name,
            None => stem(path),
        },
        None => "learned".to_owned(),
    };
    // English is what the dictionaries write as correct text, plus the original itself.
    let mut vocab = Vocabulary::from_dictionary(&dict);
    vocab.add_text(&original);
    for path in &args.words {
        let list = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read word list", path.display()))?;
        vocab.extend(list.lines());
    }
    let english = |phrase: &str| vocab.contains_phrase(phrase);
    let options = Options { min_count: args.min_count, pack: pack_name };
    let mut proposals = learn(&spun, &original, &dict, crate::engine::config(&settings), &options, &english)?;
    if let (Some(path), Some(src)) = (&args.to, &existing) {
        let there = Pack::from_toml(src, &path.display().to_string())?;
        proposals.retain(|p| {
            // An entry, or a proposal left there commented out by an earlier run.
            let dup = there.entries.iter().any(|e| e.key == p.artifact)
                || src.contains(&format!("[{}.\"{}\"]", p.kind, p.artifact));
            if dup {
                eprintln!(
                    "unspin: {}: \"{}\" is already there; not proposed again",
                    path.display(),
                    p.artifact
                );
            }
            !dup
        });
    }
    let text = render(&proposals);
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    eprintln!("{}", summary(&proposals));
    if let Some(path) = &args.to {
        if !proposals.is_empty() {
            append(path, existing.as_deref(), &options.pack, &text)?;
            let n = proposals.iter().filter(|p| p.active).count();
            eprintln!(
                "unspin: appended {n} entr{} ({} commented out) to {}",
                if n == 1 { "y" } else { "ies" },
                proposals.len() - n,
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| "learned".to_owned(), |s| s.to_string_lossy().into_owned())
}

fn summary(proposals: &[Proposal]) -> String {
    let count = |k: Kind| proposals.iter().filter(|p| p.kind == k && p.active).count();
    let inactive = proposals.iter().filter(|p| !p.active).count();
    format!(
        "unspin: {} proposal{}: {} certain, {} likely, {} contextual, {inactive} commented out (need a keep or a fix)",
        proposals.len(),
        if proposals.len() == 1 { "" } else { "s" },
        count(Kind::Certain),
        count(Kind::Likely),
        count(Kind::Contextual),
    )
}

/// Append `text` to the dictionary at `path` (created with a header if missing), after
/// checking that the result still loads; written atomically.
fn append(path: &Path, existing: Option<&str>, name: &str, text: &str) -> Result<()> {
    let mut all = match existing {
        Some(src) => src.to_owned(),
        None => header(name),
    };
    if !all.is_empty() && !all.ends_with('\n') {
        all.push('\n');
    }
    all.push('\n');
    all.push_str(text);
    Pack::from_toml(&all, &path.display().to_string()).with_context(|| {
        format!("{}: the entries would not load there; the file is unchanged", path.display())
    })?;
    input::update_file(path, &all)
}
