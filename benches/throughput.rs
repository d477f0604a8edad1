//! Throughput of `fix` and `check` on a generated spun corpus of about 12 MB, beside a
//! bare aho-corasick scan of the same patterns over the same text (the floor any
//! phrase-based repair pays), and the cost of building the matcher.
//!
//! Run: `cargo bench --bench throughput`. Divan prints MB/s per benchmark; the ratio
//! fix/bare-scan is the figure to watch.
//!
//! Where `check` spends its time (2026-11-26, fourth round of work on it). This
//! machine has no cycle counters, so costs were counted by cachegrind with its branch
//! and cache simulation over a megabyte of the corpus benchmark's text, weighing a
//! mispredicted branch as 15 instructions and an L1 miss as 10: the matcher's word walk
//! and first-word lookups are a bit over a third, judging contexts an eighth,
//! allocation and copies a tenth (system allocator), normalizing 4%, numbers and
//! figures a few percent. A third of all mispredicted branches are the matcher's: half
//! the words of English prose are the first word of some phrase, so whether a lookup
//! hits is a coin toss. Misses in a simulated 512 KiB cache (this machine's L2) cost
//! about 3%: the tables fit. The second look at the windows around a spun document's
//! repairs made under 1% of the edits and was a quarter of the instructions, for it
//! walked its windows (a third of the corpus's bytes) again. Since the fifth round it
//! walks only where the first pass turned a hit down on text that a repair touched,
//! and near each repair, as far back as some phrase holds the repair's first word:
//! two thirds less walking, and a sixth of the instructions.

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use unspin::{Config, Dictionary, Repairer};

fn main() {
    divan::main();
}

/// Spun and clean documents, as a screening job sees them.
const DOCS: &[&str] = &[
    include_str!("../examples/spun-news.txt"),
    include_str!("../tests/clean/politics.txt"),
    include_str!("../examples/spun-news.txt"),
    include_str!("../tests/clean/sport.txt"),
    include_str!("../tests/clean/science.txt"),
];

const CORPUS_BYTES: usize = 12 * 1024 * 1024;

/// Documents of the corpus: the samples repeated until the corpus reaches 12 MB.
static CORPUS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut docs = Vec::new();
    let mut size = 0;
    for doc in DOCS.iter().cycle() {
        if size >= CORPUS_BYTES {
            break;
        }
        docs.push(*doc);
        size += doc.len();
    }
    docs
});

static REPAIRER: LazyLock<Repairer> =
    LazyLock::new(|| Repairer::new(&Dictionary::embedded().unwrap(), Config::default()).unwrap());

fn corpus_bytes() -> BytesCount {
    BytesCount::new(CORPUS.iter().map(|d| d.len()).sum::<usize>())
}

/// The floor a phrase matcher is measured against: one leftmost-longest aho-corasick
/// pass (ASCII case-insensitive) over the same surface forms, counting matches.
#[divan::bench(sample_count = 10)]
fn bare_scan(bencher: Bencher) {
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(REPAIRER.matcher().patterns().iter().map(|p| &p.text))
        .unwrap();
    bencher
        .counter(corpus_bytes())
        .bench(|| CORPUS.iter().map(|d| ac.find_iter(black_box(*d)).count()).sum::<usize>());
}

/// `unspin check`: the edits and score of every document.
#[divan::bench(sample_count = 10)]
fn check(bencher: Bencher) {
    bencher
        .counter(corpus_bytes())
        .bench(|| CORPUS.iter().map(|d| REPAIRER.repair(black_box(d)).edits.len()).sum::<usize>());
}

/// `unspin fix`: the repaired text of every document.
#[divan::bench(sample_count = 10)]
fn fix(bencher: Bencher) {
    bencher
        .counter(corpus_bytes())
        .bench(|| CORPUS.iter().map(|d| REPAIRER.fix(black_box(d)).len()).sum::<usize>());
}

/// Start-up: parse the embedded packs and build the matcher.
#[divan::bench(sample_count = 20)]
fn build_matcher() -> Repairer {
    Repairer::new(&Dictionary::embedded().unwrap(), Config::default()).unwrap()
}

/// `fix` on one article, to set the start-up cost against.
#[divan::bench(sample_count = 50)]
fn fix_one_article(bencher: Bencher) {
    bencher.bench(|| REPAIRER.fix(black_box(DOCS[0])).len());
}
