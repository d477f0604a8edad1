//! `unspin eval`: repair spun texts and score them against their originals.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};
use unspin::eval::{evaluate, evaluate_clean, CleanEval, DocEval, Report, Scores};

use crate::args::{EvalArgs, EvalFormat};
use crate::input::Source;

pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    if args.files.len() % 2 != 0 {
        bail!("eval takes pairs: SPUN ORIGINAL [SPUN ORIGINAL...], got {} files", args.files.len());
    }
    if args.files.is_empty() && args.clean.is_empty() {
        bail!("nothing to evaluate: give SPUN ORIGINAL pairs and/or --clean FILE...");
    }
    let repairer = crate::repairer(&args.engine)?;
    let read = |p: &Path| Source::File(p.to_owned()).read();
    let mut documents = Vec::new();
    for pair in args.files.chunks(2) {
        let (spun, original) = (read(&pair[0])?, read(&pair[1])?);
        documents.push(evaluate(&pair[0].display().to_string(), &spun, &original, &repairer.fix(&spun)));
    }
    let mut clean = Vec::new();
    for path in &args.clean {
        let text = read(path)?;
        clean.push(evaluate_clean(&path.display().to_string(), &text, &repairer.fix(&text)));
    }
    let report = Report::new(documents, clean);
    let mut out = io::stdout().lock();
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        EvalFormat::Text => write_text(&mut out, &report, args.regions)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn rate(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |x| format!("{x:.3}"))
}

fn row(out: &mut impl Write, name: &str, width: usize, s: &Scores) -> io::Result<()> {
    writeln!(
        out,
        "{name:<width$} {:>6} {:>7.4} {:>7.4} {:>6} {:>5} {:>6} {:>5} {:>6} {:>9} {:>6}",
        s.tokens,
        s.wer_spun,
        s.wer_repaired,
        s.needed,
        s.fixed,
        s.missed,
        s.wrong,
        s.damage,
        rate(s.precision),
        rate(s.recall),
    )
}

fn clean_row(out: &mut impl Write, name: &str, width: usize, c: &CleanEval) -> io::Result<()> {
    writeln!(out, "{name:<width$} {:>6} {:>7} {:>13.2}", c.words, c.changes, c.changes_per_1000_words)
}

fn write_text(out: &mut impl Write, report: &Report, regions: bool) -> io::Result<()> {
    if !report.documents.is_empty() {
        let width = report.documents.iter().map(|d| d.name.chars().count()).max().unwrap_or(0).max(8);
        writeln!(
            out,
            "{:<width$} {:>6} {:>7} {:>7} {:>6} {:>5} {:>6} {:>5} {:>6} {:>9} {:>6}",
            "document",
            "tokens",
            "WER",
            "WER",
            "needed",
            "fixed",
            "missed",
            "wrong",
            "damage",
            "precision",
            "recall"
        )?;
        writeln!(out, "{:<width$} {:>6} {:>7} {:>7}", "", "", "spun", "fixed")?;
        for d in &report.documents {
            row(out, &d.name, width, &d.scores)?;
        }
        if report.documents.len() > 1 {
            row(out, "total", width, &report.total)?;
        }
        if regions {
            for d in &report.documents {
                write_regions(out, d)?;
            }
        }
    }
    if !report.clean.is_empty() {
        if !report.documents.is_empty() {
            writeln!(out)?;
        }
        let width = report.clean.iter().map(|c| c.name.chars().count()).max().unwrap_or(0).max(10);
        writeln!(out, "{:<width$} {:>6} {:>7} {:>13}", "clean text", "words", "changes", "per 1000 words")?;
        for c in &report.clean {
            clean_row(out, &c.name, width, c)?;
        }
        if report.clean.len() > 1 {
            clean_row(out, "total", width, &report.clean_total)?;
        }
        if regions {
            for c in &report.clean {
                for r in &c.regions {
                    writeln!(out, "{}: damage {:?} -> {:?}", c.name, r.spun, r.repaired)?;
                }
            }
        }
    }
    Ok(())
}

/// Every region that is not fixed, as score.py lists them.
fn write_regions(out: &mut impl Write, d: &DocEval) -> io::Result<()> {
    for r in d.regions.iter().filter(|r| r.outcome != unspin::eval::Outcome::Fixed) {
        writeln!(
            out,
            "{}: {:<6} {:?} -> {:?} (original {:?})",
            d.name,
            r.outcome.as_str(),
            r.spun,
            r.repaired,
            r.gold
        )?;
    }
    Ok(())
}
