//! The `unspin` command: parse, read, call the library, print.

// mimalloc: see Cargo.toml for why. The library leaves the choice to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod config;
mod corpus_cmd;
mod dict_cmd;
mod diff_cmd;
mod engine;
mod eval_cmd;
mod input;
mod interrupt;
mod learn_cmd;
mod report;
mod review_cmd;
mod walk;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Parser;
use unspin::Repairer;

use args::{CheckArgs, Cli, Command, EngineArgs, FixArgs};
use input::Source;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Fix(a) => fix(&a),
        Command::Check(a) => check(&a),
        Command::Diff(a) => diff_cmd::run(&a),
        Command::Review(a) => review_cmd::run(&a),
        Command::Learn(a) => learn_cmd::run(&a),
        Command::Eval(a) => eval_cmd::run(&a),
        Command::Dict(a) => dict_cmd::run(&a),
        Command::Config(a) => config::run(&a),
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

/// Every command builds its engine the same way (flags, config file, packs): see engine.rs.
/// Built once and never dropped, for the reason in `engine::build`.
fn repairer(engine: &EngineArgs) -> Result<&'static Repairer> {
    Ok(Box::leak(Box::new(engine::repairer(engine)?)))
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
    if (args.backup || args.follow_symlinks || args.keep_hard_links) && !args.write && args.output.is_none() {
        bail!("--backup, --follow-symlinks and --keep-hard-links apply only with --write or -o");
    }
    if corpus_cmd::handles_fix(args) {
        return corpus_cmd::fix(args, repairer);
    }
    let [source] = sources.as_slice() else {
        bail!("fix prints one file; give one FILE, or use --write to repair several in place (or --format jsonl to print them)");
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

fn check(args: &CheckArgs) -> Result<ExitCode> {
    corpus_cmd::check(args, repairer(&args.engine)?)
}
