//! The yardstick for `unspin check`: one aho-corasick pass (DFA, leftmost-longest, ASCII
//! case-insensitive: the semantics of unspin's matcher) of a list of surface forms
//! over a file, counting whole-word matches. Used by scripts/bench-corpus.sh with the
//! list from `unspin dict export --format lines`.
//!
//! `cargo run --release --example bare_scan -- FORMS.txt CORPUS`

use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, forms, corpus] = args.as_slice() else {
        return Err("usage: bare_scan FORMS.txt CORPUS".into());
    };
    let forms = std::fs::read_to_string(forms)?;
    let patterns: Vec<&str> = forms.lines().filter(|l| !l.is_empty()).collect();
    let ac = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&patterns)?;
    let hay = std::fs::read(corpus)?;
    let start = Instant::now();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'\'' || b >= 0x80;
    let count = ac
        .find_iter(&hay)
        .filter(|m| {
            (m.start() == 0 || !word(hay[m.start() - 1])) && hay.get(m.end()).is_none_or(|&b| !word(b))
        })
        .count();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"patterns\": {}, \"bytes\": {}, \"matches\": {count}, \"seconds\": {secs:.3}, \"mb_per_s\": {:.1}}}",
        patterns.len(),
        hay.len(),
        hay.len() as f64 / 1e6 / secs
    );
    Ok(())
}
