//! Adversarial sizes that belong in a benchmark rather than a test (issue 6): a single
//! 200 MB line, a million artifacts in a row, and a user regex that would be
//! catastrophic in a backtracking engine, whose cost per byte must stay flat as the
//! input grows (the regex crate is linear and sees a bounded window).
//!
//! Run: `cargo bench --bench adversarial`. Divan prints MB/s per case; compare the rows
//! of `catastrophic_regex` with each other.

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use unspin::{Config, Dictionary, Pack, Repairer};

fn main() {
    divan::main();
}

static REPAIRER: LazyLock<Repairer> =
    LazyLock::new(|| Repairer::new(&Dictionary::embedded().unwrap(), Config::default()).unwrap());

/// 200 MB of spun prose with no line break at all.
static HUGE_LINE: LazyLock<String> = LazyLock::new(|| {
    let sentence = "Officials stated that tens of 1000's of residents got here to the square, and lots of of them stayed in the present day. ";
    let mut s = String::with_capacity(200 * 1024 * 1024 + sentence.len());
    while s.len() < 200 * 1024 * 1024 {
        s.push_str(sentence);
    }
    s
});

/// `fix` on one 200 MB line: memory is a few copies of the text, time is linear.
#[divan::bench(sample_count = 2)]
fn huge_line(bencher: Bencher) {
    let text = &*HUGE_LINE;
    bencher.counter(BytesCount::new(text.len())).bench(|| REPAIRER.fix(black_box(text)).len());
}

/// A million certain artifacts back to back.
#[divan::bench(sample_count = 3)]
fn million_artifacts(bencher: Bencher) {
    let text = "1000's ".repeat(1_000_000);
    bencher.counter(BytesCount::new(text.len())).bench(|| REPAIRER.repair(black_box(&text)).edits.len());
}

/// `(a+)+$` after the artifact, on "zqx-aaaa…ab" runs of growing length: MB/s must
/// not fall as `n` grows.
#[divan::bench(args = [100, 10_000, 1_000_000, 10_000_000], sample_count = 5)]
fn catastrophic_regex(bencher: Bencher, n: usize) {
    let src = "[certain]\n\"zqx-\" = { to = \"done\", next_re = '(a+)+$' }\n";
    let mut dict = Dictionary::new();
    dict.push(Pack::from_toml(src, "re.toml").unwrap()).unwrap();
    let r = Repairer::new(&dict, Config::default()).unwrap();
    // Many triggers, each followed by a long run that ends in a non-matching byte.
    let unit = format!("zqx-{}b ", "a".repeat(1_000));
    let text = unit.repeat(n.div_ceil(unit.len()));
    bencher.counter(BytesCount::new(text.len())).bench(|| r.repair(black_box(&text)).edits.len());
}
