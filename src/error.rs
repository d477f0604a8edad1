//! The library's one error type.

use std::fmt;

/// Where in a dictionary source a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The dictionary's name: a file path, or `<embedded>/news.toml`.
    pub source: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.source),
            None => write!(f, "{}", self.source),
        }
    }
}

/// Everything that can go wrong in the library. Text repair itself never fails;
/// only building a dictionary or a repairer can.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The dictionary is not valid TOML, or does not follow the schema.
    #[error("{at}: {message}")]
    Parse {
        /// Where.
        at: Location,
        /// The parser's explanation.
        message: String,
    },
    /// An entry is well-formed TOML but makes no sense (an empty key, a bad regex…).
    #[error("{at}: entry \"{key}\": {message}")]
    Entry {
        /// Where.
        at: Location,
        /// The entry's artifact key.
        key: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// Two entries claim the same surface form.
    #[error("{0}")]
    Conflict(Box<Conflict>),
    /// The matcher could not be built (an empty phrase).
    #[error("cannot build the phrase matcher: {0}")]
    Build(String),
}

/// Two entries of one pack produce the same surface form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: entry \"{key}\": the form \"{form}\" is already defined by \"{other}\" ({other_at}); remove one of them")]
pub struct Conflict {
    /// Where the later entry is.
    pub at: Location,
    /// The later entry's key.
    pub key: String,
    /// The surface form both produce.
    pub form: String,
    /// The earlier entry's key.
    pub other: String,
    /// Where the earlier entry is.
    pub other_at: Location,
}

/// `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
