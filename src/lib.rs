//! # unspin
//!
//! Article spinners copy a text and swap its words for wrong "synonyms" so that the
//! copy escapes plagiarism checks: "said" becomes "stated", "thousands" becomes
//! "1000's", "came" becomes "got here", "eastern Europe" becomes "jap Europe". unspin
//! finds these artifacts and restores the original wording.
//!
//! The library does all the work and never prints or touches files; the `unspin`
//! binary is a thin front end over it.
//!
//! ## The pipeline
//!
//! 1. A [`Dictionary`] is a stack of [`Pack`]s parsed from TOML (the embedded ones, then
//!    any of the user's). Each entry maps an artifact to its original and has a
//!    [`Kind`]: `certain`, `likely` or `contextual`.
//! 2. A [`Repairer`] compiles the dictionary once into a matcher over every surface
//!    form (inflected forms included), indexed by first word, and holds the [`Config`].
//! 3. [`Repairer::repair`] returns a [`Repair`]: the document's [`SpinScore`] and a list
//!    of [`Edit`]s. Everything else — the fixed text ([`apply`]), findings, JSON — is
//!    derived from that list.
//!
//! ```
//! use unspin::{Config, Dictionary, Repairer};
//!
//! let repairer = Repairer::new(&Dictionary::embedded()?, Config::default())?;
//! let text = "Tens of 1000's got here to the capital.";
//! let repair = repairer.repair(text);
//! assert_eq!(repair.edits.len(), 2);
//! assert_eq!(repair.apply(text), "Tens of thousands came to the capital.");
//! # Ok::<(), unspin::Error>(())
//! ```
//!
//! ## Not damaging clean text
//!
//! `likely` entries ("stated" → "said") are correct English that spinners happen to
//! produce, so they are applied only when the document's spin score — `certain`
//! artifacts per 1,000 words — shows the spinner's hand (see [`score`]), and not
//! inside quotations unless asked ([`QuoteMode`]). `contextual` entries also need their
//! neighbouring words. Every entry that is not certain carries, in its TOML, examples
//! where it fires and sentences where it must not; the test suite runs them all.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod casing;
pub mod corpus;
pub mod dict;
pub mod diff;
pub mod edit;
pub mod error;
pub mod eval;
pub mod html;
pub mod ignore;
pub mod inflect;
pub mod learn;
pub mod lint;
pub mod matcher;
pub mod numbers;
pub mod quotes;
pub mod render;
pub mod repair;
pub mod review;
pub mod score;
pub mod text;
pub mod unified;
pub mod vocab;

pub use dict::{Dictionary, Entry, Kind, Pack};
pub use diff::{Comparison, Summary};
pub use edit::{apply, Edit};
pub use error::{Error, Result};
pub use repair::{Config, Gate, QuoteMode, Repair, Repairer};
pub use score::SpinScore;
pub use vocab::Vocabulary;
