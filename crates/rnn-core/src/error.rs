//! Errors a user can cause: a bad config, bad text, a bad model file. Each message says what to do.

use alloc::string::String;
use core::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// A config value out of its allowed range; `field` is its JSON path, e.g. `model.hidden`.
    Config { field: &'static str, message: String },
    /// Text given as a corpus or prompt that cannot be used.
    Text(String),
    /// A model file that is truncated, corrupt, too large or of another version.
    ModelFile(String),
    /// A shard's job or result, as it crosses between web workers, that does not fit its model.
    Shard(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { field, message } => write!(f, "config field `{field}`: {message}"),
            Error::Text(message) => write!(f, "text: {message}"),
            Error::ModelFile(message) => write!(f, "model file: {message}"),
            Error::Shard(message) => write!(f, "shard: {message}"),
        }
    }
}

impl core::error::Error for Error {}

pub type Result<T, E = Error> = core::result::Result<T, E>;
