//! The WARC/WET reader on arbitrary bytes (plain or gzip): records, bad records or an
//! I/O error, never a panic or an endless loop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspin::corpus::{self, Item, WarcReader};

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = corpus::decompress(data) else { return };
    for item in WarcReader::new(reader).take(10_000) {
        match item {
            Ok(Item::Doc(d)) => {
                let _ = (d.id.to_string(), d.text.len());
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
});
