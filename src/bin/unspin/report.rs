//! Human and JSON renderings of a repair. Every view is derived from the edit list.

use std::io::{self, Write};

use serde::Serialize;
use unspin::text::LineIndex;
use unspin::{Repair, SpinScore};

/// One finding, positioned for people (line, column) and tools (byte offsets).
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    pub found: &'a str,
    pub replacement: &'a str,
    pub entry: &'a str,
    pub kind: unspin::Kind,
    pub confidence: f64,
}

/// A checked document.
#[derive(Debug, Serialize)]
pub struct FileReport<'a> {
    pub path: &'a str,
    #[serde(flatten)]
    pub score: SpinScore,
    pub findings: Vec<Finding<'a>>,
}

impl<'a> FileReport<'a> {
    pub fn new(path: &'a str, text: &'a str, repair: &'a Repair) -> FileReport<'a> {
        let lines = LineIndex::new(text);
        let findings = repair
            .edits
            .iter()
            .map(|e| {
                let (line, column) = lines.line_col(text, e.span.start);
                Finding {
                    line,
                    column,
                    start: e.span.start,
                    end: e.span.end,
                    found: &e.found,
                    replacement: &e.replacement,
                    entry: &e.entry,
                    kind: e.kind,
                    confidence: e.confidence,
                }
            })
            .collect();
        FileReport { path, score: repair.score, findings }
    }

    /// `path:line:col: found -> replacement (entry, kind)` lines and a score line.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        for f in &self.findings {
            writeln!(
                out,
                "{}:{}:{}: {} -> {} ({}, {})",
                self.path,
                f.line,
                f.column,
                one_line(f.found),
                f.replacement,
                f.entry,
                f.kind
            )?;
        }
        let s = &self.score;
        writeln!(
            out,
            "{}: spin score {:.1} ({} certain in {} words): {}, {} finding{}",
            self.path,
            s.per_1000,
            s.certain,
            s.words,
            if s.spun { "spun" } else { "not spun" },
            self.findings.len(),
            if self.findings.len() == 1 { "" } else { "s" }
        )
    }
}

/// Line breaks inside a found phrase would break the one-line format.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
