//! The JSON lines reader on arbitrary bytes (plain or gzip): every line becomes a
//! document or a reported bad line, never a panic, and reading ends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspin::corpus::{self, Item, JsonlReader};

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = corpus::decompress(data) else { return };
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut items = 0;
    for item in JsonlReader::new(reader) {
        items += 1;
        if let Ok(Item::Doc(d)) = item {
            let _ = d.text.len();
        }
        // Plain input gives at most one item per line; gzip may hold more lines.
        assert!(items <= lines || data.starts_with(&[0x1f, 0x8b]), "more items than lines");
    }
});
