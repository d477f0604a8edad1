//! Human and JSON renderings of a repair. Every view is derived from the edit list.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;
use unspin::{Repair, SpinScore};

/// One finding, positioned for people (line, column) and tools (byte offsets). The
/// fields are in alphabetical order, the order of the keys in the JSON output.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    pub column: usize,
    pub confidence: f64,
    pub end: usize,
    pub entry: &'a str,
    pub found: &'a str,
    pub kind: unspin::Kind,
    pub line: usize,
    pub replacement: &'a str,
    pub start: usize,
}

/// The findings of `repair` in `text`.
pub fn findings<'a>(text: &str, repair: &'a Repair) -> Vec<Finding<'a>> {
    let mut lines = LineCursor::new(text);
    repair
        .edits
        .iter()
        .map(|e| {
            let (line, column) = lines.line_col(e.span.start);
            Finding {
                column,
                confidence: e.confidence,
                end: e.span.end,
                entry: &e.entry,
                found: &e.found,
                kind: e.kind,
                line,
                replacement: &e.replacement,
                start: e.span.start,
            }
        })
        .collect()
}

/// A checked document as a JSON object, serialized straight from borrowed parts. The
/// fields are in alphabetical order: the keys have always come out sorted (the objects
/// used to go through `serde_json::Value`), and the output stays byte for byte the same.
/// A document is named by its `path` (files) or its `id` (corpus records).
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub certain: usize,
    pub findings: &'a [Finding<'a>],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    pub per_1000: f64,
    pub spun: bool,
    /// The repaired text (`fix --format jsonl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    pub words: usize,
}

impl<'a> JsonReport<'a> {
    pub fn new(score: &SpinScore, findings: &'a [Finding<'a>]) -> JsonReport<'a> {
        JsonReport {
            certain: score.certain,
            findings,
            id: None,
            path: None,
            per_1000: score.per_1000,
            spun: score.spun,
            text: None,
            words: score.words,
        }
    }
}

impl JsonReport<'_> {
    /// This report as one compact JSON line, byte for byte what `serde_json::to_writer`
    /// writes (a property test holds the two together). Written by hand because a
    /// corpus check prints some 200 bytes of JSON per finding, and serde's writer, which
    /// escapes every key and value through a general loop, cost a tenth of `check`.
    pub fn write_line(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"certain\":");
        integer(out, self.certain);
        out.extend_from_slice(b",\"findings\":[");
        for (i, f) in self.findings.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"column\":");
            integer(out, f.column);
            out.extend_from_slice(b",\"confidence\":");
            confidence(out, f.confidence);
            out.extend_from_slice(b",\"end\":");
            integer(out, f.end);
            out.extend_from_slice(b",\"entry\":");
            string(out, f.entry);
            out.extend_from_slice(b",\"found\":");
            string(out, f.found);
            // A kind's name is a plain word: no escape to look for.
            out.extend_from_slice(b",\"kind\":\"");
            out.extend_from_slice(f.kind.as_str().as_bytes());
            out.push(b'"');
            out.extend_from_slice(b",\"line\":");
            integer(out, f.line);
            out.extend_from_slice(b",\"replacement\":");
            string(out, f.replacement);
            out.extend_from_slice(b",\"start\":");
            integer(out, f.start);
            out.push(b'}');
        }
        out.push(b']');
        if let Some(id) = self.id {
            out.extend_from_slice(b",\"id\":");
            serde_json::to_writer(&mut *out, id).expect("JSON values serialize");
        }
        if let Some(path) = self.path {
            out.extend_from_slice(b",\"path\":");
            string(out, path);
        }
        out.extend_from_slice(b",\"per_1000\":");
        float(out, self.per_1000);
        out.extend_from_slice(if self.spun { b",\"spun\":true" } else { b",\"spun\":false" });
        if let Some(text) = self.text {
            out.extend_from_slice(b",\"text\":");
            string(out, text);
        }
        out.extend_from_slice(b",\"words\":");
        integer(out, self.words);
        out.push(b'}');
    }
}

fn integer(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Floats through serde_json itself, so that they are spelled exactly as before.
fn float(out: &mut Vec<u8>, x: f64) {
    serde_json::to_writer(&mut *out, &x).expect("floats serialize");
}

/// A finding's confidence: one of the kinds' own, spelled once per run (spelling the
/// same three numbers again for every finding was a percent of `check`).
fn confidence(out: &mut Vec<u8>, x: f64) {
    static SPELLED: std::sync::OnceLock<[(f64, Vec<u8>); 3]> = std::sync::OnceLock::new();
    let spelled = SPELLED.get_or_init(|| {
        [unspin::Kind::Certain, unspin::Kind::Likely, unspin::Kind::Contextual].map(|k| {
            let mut s = Vec::new();
            float(&mut s, k.confidence());
            (k.confidence(), s)
        })
    });
    match spelled.iter().find(|(c, _)| c.to_bits() == x.to_bits()) {
        Some((_, s)) => out.extend_from_slice(s),
        None => float(out, x),
    }
}

/// A JSON string. Most need no escape at all (no quote, backslash or control
/// character): those are copied whole; the others go through serde_json.
fn string(out: &mut Vec<u8>, s: &str) {
    if !needs_escape(s.as_bytes()) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, s).expect("strings serialize");
    }
}

/// Does `s` hold a quote, a backslash or a control character? Eight bytes at a time:
/// the strings of a finding are a few bytes long, too short for vector code to pay.
fn needs_escape(s: &[u8]) -> bool {
    if s.len() < 8 {
        return s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    let special = |chunk: &[u8]| {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let each = |b: u8| 0x0101_0101_0101_0101 * u64::from(b);
        // A byte below `n`, or a zero byte of `x ^ each(b)`: the high bit of the lowest
        // such byte is set (higher ones may be set falsely, which "any" does not mind).
        let below = |x: u64, n: u8| x.wrapping_sub(each(n)) & !x;
        (below(x, 0x20) | below(x ^ each(b'"'), 1) | below(x ^ each(b'\\'), 1)) & each(0x80) != 0
    };
    // Whole chunks, then the last eight bytes (overlapping the last chunk).
    s.chunks_exact(8).any(special) || special(&s[s.len() - 8..])
}

/// A checked document, for the human rendering.
#[derive(Debug)]
pub struct FileReport<'a> {
    pub path: &'a str,
    pub score: SpinScore,
    pub findings: Vec<Finding<'a>>,
}

impl<'a> FileReport<'a> {
    pub fn new(path: &'a str, text: &str, repair: &'a Repair) -> FileReport<'a> {
        FileReport { path, score: repair.score, findings: findings(text, repair) }
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

/// Line and column of offsets taken in increasing order, counted as
/// `unspin::text::LineIndex` counts them (1-based line, 1-based column in characters),
/// without indexing the whole text: a document with no findings costs nothing.
struct LineCursor<'a> {
    text: &'a str,
    /// Where the counts below stand.
    offset: usize,
    line: usize,
    line_start: usize,
    /// Characters from `line_start` to `offset`.
    chars: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> LineCursor<'a> {
        LineCursor { text, offset: 0, line: 1, line_start: 0, chars: 0 }
    }

    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        if offset < self.offset {
            *self = LineCursor::new(self.text);
        }
        let between = &self.text.as_bytes()[self.offset..offset];
        let mut newlines = memchr::memchr_iter(b'\n', between);
        match newlines.next_back() {
            Some(last) => {
                self.line += 1 + newlines.count();
                self.line_start = self.offset + last + 1;
                self.chars = self.text[self.line_start..offset].chars().count();
            }
            None => self.chars += self.text[self.offset..offset].chars().count(),
        }
        self.offset = offset;
        (self.line, self.chars + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::any;
    use unspin::text::LineIndex;

    fn value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
            proptest::collection::vec(".{0,4}", 0..3).prop_map(Value::from),
        ]
    }

    proptest::proptest! {
        /// The eight-at-a-time test finds what a byte-by-byte one finds.
        #[test]
        fn escapes_are_found_eight_bytes_at_a_time(s in proptest::collection::vec(
            proptest::prop_oneof![0u8..0x20, 0x20u8..0x80, 0x80u8..=0xff, proptest::strategy::Just(b'"'), proptest::strategy::Just(b'\\')],
            0..40,
        )) {
            let want = s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(needs_escape(&s), want);
        }

        /// The hand-written JSON line is serde_json's, byte for byte, whatever the
        /// strings hold (quotes, backslashes, control characters, any Unicode).
        #[test]
        fn json_lines_are_serde_json_lines(
            findings in proptest::collection::vec(
                (any::<usize>(), any::<f64>(), any::<usize>(), ".{0,12}", "(.|\\n|\\t|\"|\\\\){0,12}", 0..3u8, any::<usize>(), ".{0,12}", any::<usize>()),
                0..5,
            ),
            id in proptest::option::of(value()),
            path in proptest::option::of(".{0,12}"),
            text in proptest::option::of("(.|\\n|\\u{1}|\"){0,30}"),
            (certain, per_1000, spun, words) in (any::<usize>(), any::<f64>(), any::<bool>(), any::<usize>()),
        ) {
            let kinds = [unspin::Kind::Certain, unspin::Kind::Likely, unspin::Kind::Contextual];
            let findings: Vec<Finding> = findings
                .iter()
                .map(|(column, confidence, end, entry, found, kind, line, replacement, start)| Finding {
                    column: *column,
                    confidence: *confidence,
                    end: *end,
                    entry,
                    found,
                    kind: kinds[*kind as usize],
                    line: *line,
                    replacement,
                    start: *start,
                })
                .collect();
            let report = JsonReport {
                certain,
                findings: &findings,
                id: id.as_ref(),
                path: path.as_deref(),
                per_1000,
                spun,
                text: text.as_deref(),
                words,
            };
            let mut ours = Vec::new();
            report.write_line(&mut ours);
            let theirs = serde_json::to_vec(&report).unwrap();
            proptest::prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        }
    }

    #[test]
    fn line_cursor_counts_as_line_index() {
        let texts = ["", "abc", "a\nb\n", "\n\n\n", "héllo wörld\r\nnext ünï\n\nlast 😀 line", "x\ny"];
        for text in texts {
            let index = LineIndex::new(text);
            let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut cursor = LineCursor::new(text);
            for &o in &offsets {
                assert_eq!(cursor.line_col(o), index.line_col(text, o), "{text:?} at {o}");
            }
            // Going back starts over.
            for &o in offsets.iter().rev() {
                assert_eq!(cursor.line_col(o), index.line_col(text, o), "{text:?} back at {o}");
            }
            let mut cursor = LineCursor::new(text);
            for &o in offsets.iter().step_by(3) {
                assert_eq!(cursor.line_col(o), index.line_col(text, o), "{text:?} skipping to {o}");
            }
        }
    }
}
