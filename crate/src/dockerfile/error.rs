//! A Dockerfile error: what went wrong and the lines it concerns. It renders the way Docker
//! names a Dockerfile's line: `Dockerfile:7: unknown instruction: COPPY`.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// First line (1-based) of the instruction or line at fault; 0 when the file as a whole is.
    pub line: usize,
    /// Last line of the instruction (equal to `line` for one-line instructions).
    pub end_line: usize,
    /// BuildKit's text for the failure.
    pub message: String,
}

impl Error {
    pub fn new(line: usize, end_line: usize, message: impl Into<String>) -> Self {
        Error {
            line,
            end_line: end_line.max(line),
            message: message.into(),
        }
    }

    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Error::new(line, line, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dockerfile:{}: {}", self.line, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
