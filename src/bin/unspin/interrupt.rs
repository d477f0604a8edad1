//! Ctrl-C during `fix --write`: the file being written is finished (each write is a
//! temporary file and a rename, so it is whole either way), no new file is started,
//! and the run ends with exit code 130 saying how far it got. A second Ctrl-C ends
//! the process at once; even then every file is its old or its new version.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Exit code of an interrupted run (128 + SIGINT, as shells report it).
pub const EXIT_CODE: u8 = 130;

/// Catch SIGINT (and SIGTERM) from now on. Harmless to call twice.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_CODE));
        }
    });
}

/// Has the user asked to stop?
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
