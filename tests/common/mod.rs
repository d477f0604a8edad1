//! Shared by the integration tests.

use unspin::{Dictionary, Pack};

/// The embedded packs, plus any pack files listed (comma-separated) in the environment
/// variable `UNSPIN_TEST_PACKS`: a contributor runs the whole dictionary and clean-text
/// suite on a draft pack before adding it to the embedded list.
pub fn dict() -> Dictionary {
    let mut d = Dictionary::embedded().expect("embedded packs parse");
    if let Ok(list) = std::env::var("UNSPIN_TEST_PACKS") {
        for path in list.split(',').filter(|p| !p.trim().is_empty()) {
            let path = path.trim();
            let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let pack = Pack::from_toml(&src, path).unwrap_or_else(|e| panic!("{e}"));
            d.push(pack).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    d
}
