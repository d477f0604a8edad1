//! `check` and `fix` over many documents: files and walked directories, JSON lines,
//! WARC/WET records.
//!
//! One reader thread finds the inputs and cuts them into small batches (bounded in
//! documents and bytes). Each worker takes the next batch, checks its documents and,
//! when the batches before it are printed, prints it: a batch is parsed, checked and
//! printed on one core while it is in that core's cache. A batch checked before its
//! turn is held, and a worker that gets as many batches ahead as there are workers
//! waits, so memory does not grow with the corpus, and the output is the same on any
//! number of threads.
//!
//! `--threads 1` is one thread in all: the same batches are read, checked and printed
//! by turns on the calling thread. That is what running one unspin per core (`xargs
//! -P`, Spark's `pipe`) needs: with a reading and a printing thread beside each checker,
//! each process wanted more than its core, and two of them side by side took 3–5%
//! longer.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};
use serde_json::{json, Value};
use unspin::corpus::{self, Item, JsonlLines, RawLine, WarcReader};
use unspin::{Repair, Repairer};

use crate::args::{CheckArgs, CorpusArgs, FixArgs, FixFormat, Format, InputFormat};
use crate::input::{self, WriteOptions};
use crate::report::{self, FileReport, JsonReport};
use crate::walk::{self, Input};

/// A batch holds this many documents (or files)… A batch is printed as soon as it is
/// checked, so it can be small: its text is still in the core's cache when it is
/// parsed, checked and printed. On one thread, batches of 16 documents were 4–7%
/// faster than batches of 256 (A B B A; 4 was slower again, 32 the same).
const BATCH_DOCS: usize = 16;
/// …or this many bytes of text, whichever comes first. A few batches per thread are in
/// flight, so this bounds the memory of a run of large documents.
const BATCH_BYTES: usize = 2 << 20;
/// The input's and the output's buffers. Small on purpose: the reading thread runs on
/// the workers' cores, and the output is written by whichever worker's turn it is, so
/// every byte these buffers pass through pushes a worker's tables out of that core's
/// cache (512 KiB of L2 here). With 256 KiB buffers two threads were 2–6% slower than
/// with 16 KiB (A B B A runs, with a printing thread); the extra system calls cost
/// less than that.
const IO_BUFFER: usize = 16 << 10;

/// What to do with each document.
#[derive(Debug, Clone, Copy)]
enum Mode {
    Check(Format),
    /// Print the repair (corpus input: `{"id", "text"}` lines; `Jsonl`: full reports).
    Fix(FixFormat),
    /// Repair files in place.
    Write(WriteOptions),
}

/// Whether `fix` goes through the corpus pipeline rather than printing one text.
pub fn handles_fix(args: &FixArgs) -> bool {
    args.write || args.format == FixFormat::Jsonl || args.corpus.input_format != InputFormat::Text
}

/// `unspin check`.
pub fn check(args: &CheckArgs, repairer: &Repairer) -> Result<ExitCode> {
    run(&args.paths, &args.corpus, Mode::Check(args.format), repairer)
}

/// `unspin fix --write`, `fix --format jsonl`, `fix --input-format jsonl|warc`.
pub fn fix(args: &FixArgs, repairer: &Repairer) -> Result<ExitCode> {
    if args.output.is_some() {
        bail!("-o writes one repaired text; for corpora and --format jsonl redirect standard output");
    }
    let mode = if args.write {
        if args.corpus.input_format != InputFormat::Text || args.format != FixFormat::Text {
            bail!(
                "--write repairs text files in place; it does not go with --input-format or --format jsonl"
            );
        }
        if args.files.is_empty() || args.files.iter().any(|f| f.as_os_str() == "-") {
            bail!("--write needs files, not standard input");
        }
        Mode::Write(args.write_options())
    } else {
        Mode::Fix(args.format)
    };
    run(&args.files, &args.corpus, mode, repairer)
}

/// One unit of work for a worker.
enum Job {
    /// A text file, read by the worker.
    File { path: PathBuf, explicit: bool },
    /// Standard input as one text, read by the worker.
    Stdin,
    /// A JSON line, parsed by the worker.
    Line { source: Arc<str>, raw: RawLine },
    /// A WARC record, already read.
    Record { source: Arc<str>, item: Item },
    /// An input that failed before it became a document.
    Failed(String),
}

impl Job {
    fn weight(&self) -> usize {
        match self {
            Job::Line { raw, .. } => raw.bytes.len(),
            Job::Record { item: Item::Doc(d), .. } => d.text.len(),
            // A file's size is unknown until it is read: count it as a batch's share.
            Job::File { .. } | Job::Stdin => BATCH_BYTES / BATCH_DOCS,
            _ => 64,
        }
    }
}

/// What one job produced, printed and counted in input order.
#[derive(Default)]
struct Outcome {
    stdout: Vec<u8>,
    stderr: Option<String>,
    /// A document that was checked.
    doc: Option<DocStats>,
    /// Bytes of text read.
    bytes: u64,
    skipped: bool,
    failed: bool,
    /// Not started: the user interrupted the run.
    interrupted: bool,
}

struct DocStats {
    words: usize,
    spun: bool,
    entries: Vec<String>,
}

impl Outcome {
    fn failed(message: String, stdout: Vec<u8>) -> Outcome {
        Outcome { stdout, stderr: Some(message), failed: true, ..Outcome::default() }
    }
}

/// The shared settings of the workers.
struct Worker<'a> {
    repairer: &'a Repairer,
    mode: Mode,
}

/// How a document is named in the output.
#[derive(Clone, Copy)]
enum Name<'a> {
    Path(&'a str),
    Id(&'a Value),
}

/// As the `id` of a `fix` line: the id as it is, a path as a string.
impl Serialize for Name<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Name::Path(p) => s.serialize_str(p),
            Name::Id(id) => id.serialize(s),
        }
    }
}

/// A line of `fix --input-format jsonl|warc`. Keys in alphabetical order, as they always were.
#[derive(Serialize)]
struct FixedLine<'a> {
    id: Name<'a>,
    text: &'a str,
}

impl Worker<'_> {
    fn run(&self, job: Job) -> Outcome {
        match job {
            Job::Failed(message) => Outcome::failed(message, Vec::new()),
            Job::Stdin => match input::Source::Stdin.read() {
                Ok(text) => self.document(Name::Path("<stdin>"), &text),
                Err(e) => Outcome::failed(format!("{e:#}"), Vec::new()),
            },
            Job::File { path, explicit } => self.file(&path, explicit),
            Job::Line { source, raw } => match corpus::parse_jsonl_line(&raw) {
                Item::Doc(d) => self.document(Name::Id(&d.id), &d.text),
                Item::Bad(b) => self.bad(&source, b, "line"),
                Item::Skip(_) => unreachable!("JSON lines are documents or bad"),
            },
            Job::Record { source, item } => match item {
                Item::Doc(d) => self.document(Name::Id(&d.id), &d.text),
                Item::Bad(b) => self.bad(&source, b, "record"),
                // A record with no text (an image…) is no document: counted, not printed.
                Item::Skip(_) => Outcome { skipped: true, ..Outcome::default() },
            },
        }
    }

    /// A malformed record: an error on standard error and, in JSON lines output, an error
    /// line in its place so that output lines still match input lines.
    fn bad(&self, source: &str, bad: corpus::BadRecord, unit: &str) -> Outcome {
        let jsonl = matches!(self.mode, Mode::Check(Format::Jsonl) | Mode::Fix(_));
        let stdout = if jsonl {
            let mut line = serde_json::to_vec(&json!({ "id": bad.id, unit: bad.at, "error": bad.message }))
                .expect("JSON values serialize");
            line.push(b'\n');
            line
        } else {
            Vec::new()
        };
        Outcome::failed(format!("{source}: {}", bad.message), stdout)
    }

    fn file(&self, path: &Path, explicit: bool) -> Outcome {
        let name = path.display().to_string();
        let text = match read_text(path) {
            Ok(Text::Utf8(t)) => t,
            Ok(Text::Binary(_)) if !explicit => {
                return Outcome { skipped: true, ..Outcome::default() };
            }
            Ok(Text::Binary(at)) => {
                return Outcome::failed(
                    format!(
                        "{name}: looks like a binary file (NUL byte at offset {at}); unspin reads UTF-8 text"
                    ),
                    Vec::new(),
                )
            }
            Err(e) => return Outcome::failed(format!("{e:#}"), Vec::new()),
        };
        if let Mode::Write(options) = self.mode {
            if crate::interrupt::requested() {
                return Outcome { interrupted: true, ..Outcome::default() };
            }
            let repair = self.repairer.repair(&text);
            let fixed = (!repair.edits.is_empty()).then(|| repair.apply(&text));
            let mut outcome = stats(repair, text.len(), Vec::new());
            if let Some(fixed) = fixed {
                if let Err(e) = input::replace_file(path, &fixed, options) {
                    outcome.stderr = Some(format!("{e:#}"));
                    outcome.failed = true;
                }
            }
            return outcome;
        }
        self.document(Name::Path(&name), &text)
    }

    fn document(&self, name: Name, text: &str) -> Outcome {
        let repair = self.repairer.repair(text);
        // Room for the whole output (a finding takes some 200 bytes of JSON), so that it
        // is not grown piece by piece.
        let fixed_len = if matches!(self.mode, Mode::Fix(_)) { text.len() } else { 0 };
        let mut out = Vec::with_capacity(256 + 256 * repair.edits.len() + fixed_len);
        // The JSON report, serialized from borrowed parts (never through a `Value` tree).
        let findings = || report::findings(text, &repair);
        let json = |findings, fixed| {
            let mut r = JsonReport::new(&repair.score, findings);
            match name {
                Name::Path(p) => r.path = Some(p),
                Name::Id(id) => r.id = Some(id),
            }
            r.text = fixed;
            r
        };
        let written = match self.mode {
            Mode::Check(Format::Text) => {
                let label = match name {
                    Name::Path(p) => Cow::Borrowed(p),
                    Name::Id(Value::String(s)) => Cow::Borrowed(s.as_str()),
                    Name::Id(v) => Cow::Owned(v.to_string()),
                };
                FileReport::new(&label, text, &repair).write_text(&mut out)
            }
            Mode::Check(Format::Json) => {
                let mut pretty = Vec::new();
                serde_json::to_writer_pretty(&mut pretty, &json(&findings(), None))
                    .expect("reports serialize");
                // An element of the pretty array that `run` frames, indented as serde would.
                out.reserve(pretty.len() + pretty.len() / 8 + 2);
                out.extend_from_slice(b"  ");
                for piece in pretty.split_inclusive(|&b| b == b'\n') {
                    out.extend_from_slice(piece);
                    if piece.ends_with(b"\n") {
                        out.extend_from_slice(b"  ");
                    }
                }
                Ok(())
            }
            Mode::Check(Format::Jsonl) => {
                json(&findings(), None).write_line(&mut out);
                out.push(b'\n');
                Ok(())
            }
            Mode::Fix(FixFormat::Jsonl) => {
                let fixed = repair.apply(text);
                json(&findings(), Some(&fixed)).write_line(&mut out);
                out.push(b'\n');
                Ok(())
            }
            Mode::Fix(FixFormat::Text) => {
                json_line(&mut out, &FixedLine { id: name, text: &repair.apply(text) })
            }
            Mode::Write(_) => unreachable!("in-place repairs are files"),
        };
        written.expect("writing to memory cannot fail");
        stats(repair, text.len(), out)
    }
}

fn json_line(out: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.push(b'\n');
    Ok(())
}

/// The outcome of a checked document. The rule names move out of the repair: no copies.
fn stats(repair: Repair, bytes: usize, stdout: Vec<u8>) -> Outcome {
    Outcome {
        stdout,
        doc: Some(DocStats {
            words: repair.score.words,
            spun: repair.score.spun,
            entries: repair.edits.into_iter().map(|e| e.entry).collect(),
        }),
        bytes: bytes as u64,
        ..Outcome::default()
    }
}

enum Text {
    Utf8(String),
    /// A NUL byte at this offset in the first block.
    Binary(usize),
}

/// The first block decides whether a file is binary (as ripgrep does), so a large binary
/// file is not read whole just to be skipped.
const SNIFF: usize = 64 * 1024;

fn read_text(path: &Path) -> Result<Text> {
    let name = path.display().to_string();
    let mut file = File::open(path).with_context(|| format!("{name}: cannot read"))?;
    let mut bytes = Vec::new();
    Read::by_ref(&mut file)
        .take(SNIFF as u64)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{name}: cannot read"))?;
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Ok(Text::Binary(at));
    }
    file.read_to_end(&mut bytes).with_context(|| format!("{name}: cannot read"))?;
    Ok(Text::Utf8(input::decode(&name, bytes)?))
}

/// Fills batches and hands each to `sink`, which says `false` once the printing has
/// stopped.
struct Batcher<F: FnMut(Vec<Job>) -> bool> {
    sink: F,
    batch: Vec<Job>,
    bytes: usize,
    limit: usize,
}

impl<F: FnMut(Vec<Job>) -> bool> Batcher<F> {
    fn new(limit: usize, sink: F) -> Self {
        Batcher { sink, batch: Vec::new(), bytes: 0, limit }
    }

    fn push(&mut self, job: Job) -> bool {
        if crate::interrupt::requested() {
            return false;
        }
        self.bytes += job.weight();
        self.batch.push(job);
        if self.batch.len() >= self.limit || self.bytes >= BATCH_BYTES {
            self.bytes = 0;
            return (self.sink)(std::mem::take(&mut self.batch));
        }
        true
    }

    fn finish(mut self) {
        if !self.batch.is_empty() {
            (self.sink)(std::mem::take(&mut self.batch));
        }
    }
}

/// Read every input as `format`, pushing jobs.
fn produce<F: FnMut(Vec<Job>) -> bool>(
    paths: &[PathBuf],
    opts: &CorpusArgs,
    batcher: &mut Batcher<F>,
) -> Result<()> {
    let format = opts.input_format;
    walk::inputs(paths, opts, |input| match (input, format) {
        (Input::Failed(message), _) => batcher.push(Job::Failed(message)),
        (Input::Stdin, InputFormat::Text) => batcher.push(Job::Stdin),
        (Input::File { path, explicit }, InputFormat::Text) => batcher.push(Job::File { path, explicit }),
        (Input::Stdin, _) => stream(Arc::from("<stdin>"), io::stdin().lock(), format, batcher),
        (Input::File { path, .. }, _) => {
            let source: Arc<str> = Arc::from(path.display().to_string());
            match File::open(&path) {
                Ok(file) => stream(source, BufReader::with_capacity(IO_BUFFER, file), format, batcher),
                Err(e) => batcher.push(Job::Failed(format!("{source}: cannot read: {e}"))),
            }
        }
    })
}

/// The documents of one JSONL or WARC stream; a read error ends that stream only.
fn stream<F: FnMut(Vec<Job>) -> bool>(
    source: Arc<str>,
    reader: impl io::BufRead,
    format: InputFormat,
    batcher: &mut Batcher<F>,
) -> bool {
    let fail = |e: io::Error| Job::Failed(format!("{source}: cannot read: {e}"));
    let reader = match corpus::decompress(reader) {
        Ok(r) => r,
        Err(e) => return batcher.push(fail(e)),
    };
    if format == InputFormat::Jsonl {
        for line in JsonlLines::new(reader) {
            let job = match line {
                Ok(raw) => Job::Line { source: source.clone(), raw },
                Err(e) => fail(e),
            };
            if !batcher.push(job) {
                return false;
            }
        }
    } else {
        for item in WarcReader::new(reader) {
            let job = match item {
                Ok(item) => Job::Record { source: source.clone(), item },
                Err(e) => fail(e),
            };
            if !batcher.push(job) {
                return false;
            }
        }
    }
    true
}

/// Totals for the closing summary.
#[derive(Default)]
struct Summary {
    documents: u64,
    words: u64,
    spun: u64,
    with_findings: u64,
    skipped: u64,
    failed: u64,
    interrupted: u64,
    bytes: u64,
    /// Findings per entry (FxHash: the keys are the dictionary's own names).
    entries: FxHashMap<String, u64>,
}

impl Summary {
    /// Count `o`, taking its document's statistics out of it.
    fn add(&mut self, o: &mut Outcome) {
        self.bytes += o.bytes;
        self.skipped += u64::from(o.skipped);
        self.failed += u64::from(o.failed);
        self.interrupted += u64::from(o.interrupted);
        if let Some(d) = o.doc.take() {
            self.documents += 1;
            self.words += d.words as u64;
            self.spun += u64::from(d.spun);
            self.with_findings += u64::from(!d.entries.is_empty());
            for e in d.entries {
                *self.entries.entry(e).or_default() += 1;
            }
        }
    }

    /// Add the totals of `other` (a batch's) to these.
    fn merge(&mut self, other: Summary) {
        // Taken apart whole, so that a new field cannot be forgotten here.
        let Summary { documents, words, spun, with_findings, skipped, failed, interrupted, bytes, entries } =
            other;
        self.documents += documents;
        self.words += words;
        self.spun += spun;
        self.with_findings += with_findings;
        self.skipped += skipped;
        self.failed += failed;
        self.interrupted += interrupted;
        self.bytes += bytes;
        for (e, n) in entries {
            *self.entries.entry(e).or_default() += n;
        }
    }

    fn write(&self, out: &mut impl Write, elapsed: Duration, threads: usize) -> io::Result<()> {
        let secs = elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        writeln!(
            out,
            "unspin: {} documents, {} words: {} spun, {} with findings; {} skipped, {} failed",
            self.documents, self.words, self.spun, self.with_findings, self.skipped, self.failed
        )?;
        let mut top: Vec<(&String, &u64)> = self.entries.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !top.is_empty() {
            let list: Vec<String> = top.iter().take(5).map(|(e, n)| format!("{e} ({n})")).collect();
            writeln!(out, "unspin: most frequent: {}", list.join(", "))?;
        }
        let rate = if secs > 0.0 { mb / secs } else { 0.0 };
        let s = if threads == 1 { "" } else { "s" };
        writeln!(out, "unspin: {mb:.1} MB in {secs:.2} s ({rate:.1} MB/s) on {threads} thread{s}")
    }
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {human_pos} documents, {msg} [{elapsed}]")
            .expect("the template is valid"),
    );
    bar.set_message("0.0 MB");
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Prints the outcomes of batches, in the order it is given them, and sums them up.
struct Printer<'a, W: Write> {
    out: io::BufWriter<W>,
    bar: &'a ProgressBar,
    started: Instant,
    summary: Summary,
    /// `--format json`: one array around every document's report.
    json_array: bool,
    first: bool,
}

impl<'a, W: Write> Printer<'a, W> {
    fn new(out: W, bar: &'a ProgressBar, started: Instant, json_array: bool) -> Self {
        let out = io::BufWriter::with_capacity(IO_BUFFER, out);
        Printer { out, bar, started, summary: Summary::default(), json_array, first: true }
    }

    fn start(&mut self) -> io::Result<()> {
        if self.json_array {
            self.out.write_all(b"[")?;
        }
        Ok(())
    }

    fn batch(&mut self, outcomes: Vec<Outcome>, counted: Summary) -> io::Result<()> {
        for o in outcomes {
            if let Some(message) = &o.stderr {
                self.out.flush()?;
                self.bar.suspend(|| eprintln!("unspin: {message}"));
            }
            if !o.stdout.is_empty() {
                if self.json_array {
                    self.out.write_all(if self.first { b"\n" } else { b",\n" })?;
                }
                self.first = false;
                self.out.write_all(&o.stdout)?;
            }
        }
        self.summary.merge(counted);
        if self.bar.is_hidden() {
            return Ok(());
        }
        self.bar.set_position(self.summary.documents);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{:.1} MB, {:.1} MB/s",
            self.summary.bytes as f64 / 1e6,
            self.summary.bytes as f64 / 1e6 / secs
        ));
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.json_array {
            self.out.write_all(if self.first { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// Check a batch's documents and count them.
fn check_batch(worker: &Worker, batch: Vec<Job>) -> (Vec<Outcome>, Summary) {
    let mut checked: Vec<Outcome> = batch.into_iter().map(|j| worker.run(j)).collect();
    // Counted here, so that the rule names are freed by the thread that made them
    // (freeing them on the printing thread made the allocator's locks contended) and
    // the printing only adds up a batch's totals.
    let mut counted = Summary::default();
    checked.iter_mut().for_each(|o| counted.add(o));
    (checked, counted)
}

/// Everything on this thread: each batch is read, checked and printed in turn. One
/// thread means one, as `xargs -P` or a Spark executor running one unspin per core
/// expects.
fn run_sequential<W: Write>(
    paths: &[PathBuf],
    opts: &CorpusArgs,
    worker: &Worker,
    printer: &mut Printer<W>,
) -> Result<()> {
    let mut printed = printer.start();
    let mut batcher = Batcher::new(BATCH_DOCS, |batch| {
        if printed.is_ok() {
            let (outcomes, counted) = check_batch(worker, batch);
            printed = printer.batch(outcomes, counted);
        }
        printed.is_ok()
    });
    let produced = produce(paths, opts, &mut batcher);
    batcher.finish();
    printed?;
    printer.finish()?;
    produced
}

/// `m`, locked; a panic elsewhere (there is none) does not stop the rest.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The batches between the reader and the workers of [`run_parallel`]. Each side is
/// woken only when it has something to do: the reader when the queue has fallen to
/// half, a worker when a batch comes. (A channel woke the reader at every batch taken,
/// and small batches made that a system call every few milliseconds.)
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
    capacity: usize,
}

#[derive(Default)]
struct QueueState {
    batches: VecDeque<(u64, Vec<Job>)>,
    /// The reader has read everything.
    closed: bool,
    /// The printing failed: read no more.
    stopped: bool,
    reader_waits: bool,
    workers_waiting: usize,
}

impl Queue {
    /// Add a batch; false once the workers have stopped.
    fn push(&self, batch: (u64, Vec<Job>)) -> bool {
        let mut q = lock(&self.state);
        while q.batches.len() >= self.capacity && !q.stopped {
            q.reader_waits = true;
            q = self.changed.wait(q).unwrap_or_else(PoisonError::into_inner);
        }
        if q.stopped {
            return false;
        }
        q.batches.push_back(batch);
        if q.workers_waiting > 0 {
            self.changed.notify_all();
        }
        true
    }

    /// The next batch, or `None` when there are no more.
    fn pop(&self) -> Option<(u64, Vec<Job>)> {
        let mut q = lock(&self.state);
        loop {
            if q.stopped {
                return None;
            }
            if let Some(batch) = q.batches.pop_front() {
                if q.reader_waits && q.batches.len() <= self.capacity / 2 {
                    q.reader_waits = false;
                    self.changed.notify_all();
                }
                return Some(batch);
            }
            if q.closed {
                return None;
            }
            q.workers_waiting += 1;
            q = self.changed.wait(q).unwrap_or_else(PoisonError::into_inner);
            q.workers_waiting -= 1;
        }
    }

    /// No more batches will come (`stop`: and none will be taken).
    fn end(&self, stop: bool) {
        let mut q = lock(&self.state);
        q.closed = true;
        q.stopped |= stop;
        self.changed.notify_all();
    }
}

/// Runs its closure if the thread unwinds: a thread of [`run_parallel`] that panics
/// stops the others, which would otherwise wait for its batch (or its next one) for
/// ever; the panic then reaches the caller when the threads are joined.
struct OnPanic<F: Fn()>(F);

impl<F: Fn()> Drop for OnPanic<F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            (self.0)();
        }
    }
}

/// Where the workers of [`run_parallel`] print, by turns.
struct Turns<'p, 'a, W: Write> {
    printer: &'p mut Printer<'a, W>,
    /// The number of the next batch to print…
    next: u64,
    /// …and the batches checked before their turn came.
    held: BTreeMap<u64, (Vec<Outcome>, Summary)>,
    printed: io::Result<()>,
    /// Workers waiting for the printing to catch up.
    waiting: usize,
}

/// `threads` workers, each of which takes the next batch, checks it and prints it
/// when its turn comes (a batch checked early is held until the ones before it are
/// printed), beside one thread that reads and batches. A batch's text is parsed,
/// checked and printed on one core, while it is in that core's cache, as on one
/// thread. Workers that get `threads` batches ahead of the printing wait, so memory
/// stays bounded whatever the input.
fn run_parallel<W: Write + Send>(
    paths: &[PathBuf],
    opts: &CorpusArgs,
    worker: &Worker,
    threads: usize,
    printer: &mut Printer<W>,
) -> Result<()> {
    let queue = Queue { state: Mutex::default(), changed: Condvar::new(), capacity: 4 * threads };
    let started = printer.start();
    let turns = Mutex::new(Turns { printer, next: 0, held: BTreeMap::new(), printed: started, waiting: 0 });
    let turned = Condvar::new();
    let take_batches = || loop {
        {
            let mut t = lock(&turns);
            while t.printed.is_ok() && t.held.len() >= threads {
                t.waiting += 1;
                t = turned.wait(t).unwrap_or_else(PoisonError::into_inner);
                t.waiting -= 1;
            }
            if t.printed.is_err() {
                return;
            }
        }
        let Some((number, batch)) = queue.pop() else { return };
        let checked = check_batch(worker, batch);
        let mut t = lock(&turns);
        t.held.insert(number, checked);
        loop {
            let n = t.next;
            let Some((outcomes, counted)) = t.held.remove(&n) else { break };
            t.next += 1;
            if t.printed.is_ok() {
                t.printed = t.printer.batch(outcomes, counted);
            }
        }
        if t.printed.is_err() {
            queue.end(true);
        }
        if t.waiting > 0 || t.printed.is_err() {
            turned.notify_all();
        }
    };
    let stop_all = || {
        lock(&turns).printed = Err(io::Error::other("a worker thread panicked"));
        queue.end(true);
        turned.notify_all();
    };
    let work = || {
        let _stop = OnPanic(&stop_all);
        take_batches();
    };
    let produced = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let _stop = OnPanic(&stop_all);
            let mut number = 0;
            let mut batcher = Batcher::new(BATCH_DOCS, |batch| {
                number += 1;
                queue.push((number - 1, batch))
            });
            let result = produce(paths, opts, &mut batcher);
            batcher.finish();
            queue.end(false);
            result
        });
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
        reader.join().expect("the reader thread does not panic")
    });
    let Turns { printer, printed, .. } = turns.into_inner().unwrap_or_else(PoisonError::into_inner);
    printed?;
    printer.finish()?;
    produced
}

fn run(paths: &[PathBuf], opts: &CorpusArgs, mode: Mode, repairer: &Repairer) -> Result<ExitCode> {
    let started = Instant::now();
    if matches!(mode, Mode::Write(_)) {
        crate::interrupt::install();
    }
    // A summary when there is more than one document to sum up.
    let many = opts.input_format != InputFormat::Text || paths.len() > 1 || paths.iter().any(|p| p.is_dir());
    let bar = progress_bar(opts.quiet || !many);
    let worker = Worker { repairer, mode };
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let json_array = matches!(mode, Mode::Check(Format::Json));
    let (printed, summary) = if threads == 1 {
        let mut printer = Printer::new(io::stdout().lock(), &bar, started, json_array);
        (run_sequential(paths, opts, &worker, &mut printer), printer.summary)
    } else {
        // Printed by whichever worker's turn it is: standard output itself, not a lock
        // of it, which stays with the thread that took it.
        let mut printer = Printer::new(io::stdout(), &bar, started, json_array);
        (run_parallel(paths, opts, &worker, threads, &mut printer), printer.summary)
    };
    bar.finish_and_clear();
    printed?;
    if many && !opts.quiet {
        summary.write(&mut io::stderr().lock(), started.elapsed(), threads)?;
    }
    if crate::interrupt::requested() {
        eprintln!(
            "unspin: interrupted: {} files repaired or checked; the rest were not touched (every file is whole)",
            summary.documents
        );
        return Ok(ExitCode::from(crate::interrupt::EXIT_CODE));
    }
    let found = summary.with_findings > 0 && matches!(mode, Mode::Check(_));
    Ok(ExitCode::from(if summary.failed > 0 {
        2
    } else if found {
        1
    } else {
        0
    }))
}
