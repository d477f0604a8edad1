//! `unspin diff`: read, compare, render through the library, print.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{bail, Result};
use unspin::diff::{Comparison, Summary};
use unspin::render::Options;

use crate::args::{ColorWhen, DiffArgs, DiffFormat, DiffStyle};
use crate::input::{self, Source};

pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    let source = Source::from_arg(args.file.as_deref().unwrap_or("-".as_ref()));
    let name = source.name();
    let text = source.read()?;
    let other;
    let repair;
    let (cmp, summary) = match &args.against {
        Some(path) => {
            let against = Source::from_arg(path);
            if against == Source::Stdin && source == Source::Stdin {
                bail!("--against and FILE cannot both be standard input");
            }
            other = against.read()?;
            let cmp = Comparison::between(&text, &other);
            let summary = Summary::of_comparison(&name, &against.name(), &cmp);
            (cmp, summary)
        }
        None => {
            repair = super::repairer(&args.engine)?.repair(&text);
            (Comparison::from_repair(&text, &repair), Summary::of_repair(&name, &repair))
        }
    };
    let to_file = args.output.is_some();
    let color = !to_file
        && match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never,
        };
    let opts = Options {
        width: width(args.width),
        color: color && args.format == DiffFormat::Text,
        context: if args.full { None } else { Some(args.context.unwrap_or(1)) },
    };
    let rendered = match (args.format, args.style) {
        (DiffFormat::Html, _) => unspin::html::page(&cmp, &summary),
        (DiffFormat::Text, DiffStyle::SideBySide) => {
            unspin::render::side_by_side(&cmp, &summary.line(), &opts)
        }
        (DiffFormat::Text, DiffStyle::Inline) => unspin::render::inline(&cmp, &summary.line(), &opts),
        (DiffFormat::Text, DiffStyle::Unified) => {
            let new_name = match &args.against {
                Some(path) => path.display().to_string(),
                None => name.clone(),
            };
            let context = if args.full { usize::MAX / 4 } else { args.context.unwrap_or(3) };
            unspin::unified::unified(
                &cmp,
                &format!("a/{name}"),
                &format!("b/{new_name}"),
                context,
                opts.color,
            )
        }
    };
    match &args.output {
        // As `>` would: through a symbolic link, and in place for a file with other names.
        Some(path) => input::update_file(path, &rendered)?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--width`, else the terminal's width, else `$COLUMNS`, else 80.
fn width(flag: Option<u16>) -> usize {
    let terminal = || {
        io::stdout().is_terminal().then(terminal_size::terminal_size).flatten().map(|(w, _)| usize::from(w.0))
    };
    let columns =
        || std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()).filter(|&w| w > 0);
    flag.map(usize::from).or_else(terminal).or_else(columns).unwrap_or(80)
}
