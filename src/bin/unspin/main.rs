//! The `unspin` command: parse, read, call the library, print.

mod args;
mod diff_cmd;
mod input;
mod report;
mod review_cmd;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use unspin::{Dictionary, Pack, Repairer};

use args::{CheckArgs, Cli, Command, EngineArgs, FixArgs, Format};
use input::Source;
use report::FileReport;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Fix(a) => fix(&a),
        Command::Check(a) => check(&a),
        Command::Diff(a) => diff_cmd::run(&a),
        Command::Review(a) => review_cmd::run(&a),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("unspin: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed stdout (`unspin fix big.txt | head -1`) is the reader's choice, not an error.
/// serde_json wraps the I/O errors of `to_writer` in its own type, so look inside it too.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = match e.downcast_ref::<serde_json::Error>() {
            Some(json) => json.io_error_kind(),
            None => e.downcast_ref::<io::Error>().map(io::Error::kind),
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

fn repairer(engine: &EngineArgs) -> Result<Repairer> {
    let mut dict = if engine.no_default_dict {
        Dictionary::new()
    } else {
        Dictionary::embedded().context("the embedded dictionary is broken (a bug: please report it)")?
    };
    for path in &engine.dicts {
        let src = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read dictionary", path.display()))?;
        let pack = Pack::from_toml(&src, &path.display().to_string())?;
        dict.push(pack)?;
    }
    Ok(Repairer::new(&dict, engine.config())?)
}

fn sources(paths: &[PathBuf]) -> Vec<Source> {
    if paths.is_empty() {
        vec![Source::Stdin]
    } else {
        paths.iter().map(|p| Source::from_arg(p)).collect()
    }
}

fn fix(args: &FixArgs) -> Result<ExitCode> {
    let repairer = repairer(&args.engine)?;
    let sources = sources(&args.files);
    if (args.backup || args.follow_symlinks) && !args.write && args.output.is_none() {
        bail!("--backup and --follow-symlinks apply only with --write or -o");
    }
    if args.write {
        let mut failed = false;
        for source in &sources {
            let Source::File(path) = source else { bail!("--write needs files, not standard input") };
            if let Err(e) = fix_in_place(&repairer, path, args.write_options()) {
                eprintln!("unspin: {e:#}");
                failed = true;
            }
        }
        return Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS });
    }
    let [source] = sources.as_slice() else {
        bail!("fix prints one file; give one FILE, or use --write to repair several in place");
    };
    let text = source.read()?;
    let fixed = repairer.fix(&text);
    match &args.output {
        Some(path) => input::replace_file(path, &fixed, args.write_options())?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(fixed.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn fix_in_place(repairer: &Repairer, path: &Path, options: input::WriteOptions) -> Result<()> {
    let text = Source::File(path.to_owned()).read()?;
    let repair = repairer.repair(&text);
    if !repair.edits.is_empty() {
        input::replace_file(path, &repair.apply(&text), options)?;
    }
    Ok(())
}

/// Files under `path`, sorted; hidden entries are skipped.
fn walk(path: &Path, out: &mut Vec<Source>) -> Result<()> {
    if !path.is_dir() {
        out.push(Source::from_arg(path));
        return Ok(());
    }
    let mut children: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("{}: cannot read directory", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    children.sort();
    for child in children {
        walk(&child, out)?;
    }
    Ok(())
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let repairer = repairer(&args.engine)?;
    let mut files = Vec::new();
    for source in sources(&args.paths) {
        match &source {
            Source::File(p) => walk(p, &mut files)?,
            Source::Stdin => files.push(source),
        }
    }
    let mut out = io::stdout().lock();
    let (mut found, mut failed) = (false, false);
    let mut json = Vec::new();
    for source in &files {
        let text = match source.read() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("unspin: {e:#}");
                failed = true;
                continue;
            }
        };
        let repair = repairer.repair(&text);
        found |= !repair.edits.is_empty();
        let name = source.name();
        let report = FileReport::new(&name, &text, &repair);
        match args.format {
            Format::Text => report.write_text(&mut out)?,
            Format::Json => json.push(serde_json::to_value(&report)?),
        }
    }
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::from(if failed {
        2
    } else if found {
        1
    } else {
        0
    }))
}
