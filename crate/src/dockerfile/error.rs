//! A Dockerfile error: what went wrong and the lines it concerns. It renders the way Docker
//! names a Dockerfile's line: `Dockerfile:7: unknown instruction: COPPY`.
//!
//! What went wrong is data: [`ErrorKind`] and the enums under it, one per step of the
//! front end ([`ParseError`] for the lines, [`DirectiveError`], [`HeredocError`],
//! [`FlagError`], [`InstructionError`] for an instruction's arguments). Their texts are
//! BuildKit's, rendered by the `Display` impls here and nowhere else.

use super::shell::LexError;
use crate::go::duration::{format_duration, Nanos};
use crate::go::strconv::quote as go_quote;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// First line (1-based) of the instruction or line at fault; 0 when the file as a whole is.
    pub line: usize,
    /// Last line of the instruction (equal to `line` for one-line instructions).
    pub end_line: usize,
    /// What went wrong; its `Display` is BuildKit's text for the failure.
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(line: usize, end_line: usize, kind: impl Into<ErrorKind>) -> Self {
        Error {
            line,
            end_line: end_line.max(line),
            kind: kind.into(),
        }
    }

    pub fn at(line: usize, kind: impl Into<ErrorKind>) -> Self {
        Error::new(line, line, kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dockerfile:{}: {}", self.line, self.kind)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong, by the step of the front end that found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The parser: the syntax of the lines.
    Parse(ParseError),
    /// Typing an instruction: its arguments and flags.
    Instruction(InstructionError),
    /// An instruction before the first FROM that is not an ARG.
    NoBuildStage,
    /// A word whose variables could not be expanded.
    Expand(LexError),
    /// A FROM whose image expands to nothing: the image as written.
    BlankBaseName { image: String },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Parse(e) => write!(f, "{e}"),
            ErrorKind::Instruction(e) => write!(f, "{e}"),
            ErrorKind::NoBuildStage => f.write_str("no build stage in current context"),
            ErrorKind::Expand(e) => write!(f, "{e}"),
            ErrorKind::BlankBaseName { image } => {
                write!(f, "base name ({image}) should not be blank")
            }
        }
    }
}

impl From<ParseError> for ErrorKind {
    fn from(e: ParseError) -> Self {
        ErrorKind::Parse(e)
    }
}

impl From<InstructionError> for ErrorKind {
    fn from(e: InstructionError) -> Self {
        ErrorKind::Instruction(e)
    }
}

impl From<LexError> for ErrorKind {
    fn from(e: LexError) -> Self {
        ErrorKind::Expand(e)
    }
}

/// Why the parser rejected a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A line longer than BuildKit's line buffer allows; `max` is the longest allowed.
    LineTooLong {
        max: usize,
    },
    Directive(DirectiveError),
    /// `# escape=` with a value other than `` ` `` or `\`.
    InvalidEscape {
        token: String,
    },
    /// ENV or LABEL in the `KEY value` form without a value.
    MissingValue {
        instruction: String,
    },
    /// ENV or LABEL in the `k=v` form with a word that has no `=`.
    MissingEquals {
        word: String,
    },
    /// A JSON array with an item that is not a string.
    NotStringArray,
    Heredoc(HeredocError),
    /// The file ended before a heredoc's delimiter.
    UnterminatedHeredoc,
    /// Nothing but comments, directives and blank lines.
    NoInstructions,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::LineTooLong { max } => {
                write!(f, "dockerfile line greater than max allowed size of {max}")
            }
            ParseError::Directive(e) => write!(f, "{e}"),
            ParseError::InvalidEscape { token } => {
                write!(f, "invalid escape token '{token}' does not match ` or \\")
            }
            ParseError::MissingValue { instruction } => {
                write!(f, "{instruction} must have two arguments")
            }
            ParseError::MissingEquals { word } => write!(
                f,
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                go_quote(word)
            ),
            ParseError::NotStringArray => f.write_str(
                "when using JSON array syntax, arrays must be comprised of strings only",
            ),
            ParseError::Heredoc(e) => write!(f, "{e}"),
            ParseError::UnterminatedHeredoc => f.write_str("unterminated heredoc"),
            ParseError::NoInstructions => f.write_str("file with no instructions"),
        }
    }
}

impl From<DirectiveError> for ParseError {
    fn from(e: DirectiveError) -> Self {
        ParseError::Directive(e)
    }
}

impl From<HeredocError> for ParseError {
    fn from(e: HeredocError) -> Self {
        ParseError::Heredoc(e)
    }
}

/// A parser directive given twice: its name (lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveError {
    pub name: String,
}

impl fmt::Display for DirectiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "only one {} parser directive can be used", self.name)
    }
}

/// Why a heredoc's delimiter word was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeredocError {
    /// The delimiter does not lex (an unterminated quote).
    Lex(LexError),
    /// Lexed with and without quotes, the delimiter gave different numbers of words.
    Inconsistent { word: String },
}

impl fmt::Display for HeredocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeredocError::Lex(e) => write!(f, "{e}"),
            HeredocError::Inconsistent { word } => write!(
                f,
                "internal lexing of heredoc produced inconsistent results: {word}"
            ),
        }
    }
}

/// Why an instruction's `--flags` were rejected; `name` is the flag's name without `--`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagError {
    /// A word the parser kept as a flag that does not start with `--`.
    NotAFlag {
        arg: String,
    },
    Unknown {
        name: String,
    },
    Duplicate {
        name: String,
    },
    MissingValue {
        name: String,
    },
    NotBoolean {
        name: String,
        value: String,
    },
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagError::NotAFlag { arg } => write!(f, "arg should start with -- : {arg}"),
            FlagError::Unknown { name } => write!(f, "unknown flag: --{name}"),
            FlagError::Duplicate { name } => write!(f, "duplicate flag specified: --{name}"),
            FlagError::MissingValue { name } => write!(f, "missing a value on flag: --{name}"),
            FlagError::NotBoolean { name, value } => {
                write!(f, "expecting boolean value for flag --{name}, not: {value}")
            }
        }
    }
}

/// Why an instruction's arguments or flags were rejected. `instruction` is the name in
/// upper case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstructionError {
    Flag(FlagError),
    AtLeastOneArgument {
        instruction: String,
    },
    ExactlyOneArgument {
        instruction: String,
    },
    /// ENV, LABEL or ARG with an empty name.
    BlankName {
        instruction: String,
    },
    /// COPY or ADD with one argument.
    NoDestination {
        instruction: String,
    },
    /// COPY or ADD whose destination is a heredoc.
    HeredocDestination {
        instruction: String,
    },
    /// `ONBUILD ONBUILD`.
    ChainedOnbuild,
    /// `ONBUILD FROM` or `ONBUILD MAINTAINER`: the trigger in upper case.
    ForbiddenTrigger {
        trigger: String,
    },
    UnknownInstruction {
        name: String,
    },
    /// `FROM image AS name` with a name that is not `[a-z][a-z0-9-_.]*`: the name as written.
    InvalidStageName {
        name: String,
    },
    /// FROM with two or more than three arguments.
    FromArguments,
    /// `RUN --network=` other than default, none or host.
    NetworkMode {
        mode: String,
    },
    /// `RUN --security=` other than sandbox or insecure.
    SecurityMode {
        mode: String,
    },
    EmptyVolume,
    ShellNotJson,
    HealthcheckNoneArguments,
    /// HEALTHCHECK with a type other than NONE or CMD: the type in upper case.
    HealthcheckType {
        kind: String,
    },
    HealthcheckMissingCommand,
    /// A HEALTHCHECK duration flag that Go's `time.ParseDuration` rejects, with its text.
    InvalidDuration {
        flag: String,
        reason: String,
    },
    /// A HEALTHCHECK duration flag that is neither 0 nor at least `min`.
    IntervalTooShort {
        flag: String,
        min: Nanos,
    },
    /// `--retries=` that is not a 32-bit integer.
    InvalidRetries {
        value: String,
    },
    NegativeRetries {
        retries: i64,
    },
}

impl fmt::Display for InstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstructionError::Flag(e) => write!(f, "{e}"),
            InstructionError::AtLeastOneArgument { instruction } => {
                write!(f, "{instruction} requires at least one argument")
            }
            InstructionError::ExactlyOneArgument { instruction } => {
                write!(f, "{instruction} requires exactly one argument")
            }
            InstructionError::BlankName { instruction } => {
                write!(f, "{instruction} names can not be blank")
            }
            InstructionError::NoDestination { instruction } => write!(
                f,
                "{instruction} requires at least two arguments, but only one was provided. Destination could not be determined"
            ),
            InstructionError::HeredocDestination { instruction } => {
                write!(f, "{instruction} cannot accept a heredoc as a destination")
            }
            InstructionError::ChainedOnbuild => {
                f.write_str("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
            }
            InstructionError::ForbiddenTrigger { trigger } => {
                write!(f, "{trigger} isn't allowed as an ONBUILD trigger")
            }
            InstructionError::UnknownInstruction { name } => {
                write!(f, "unknown instruction: {name}")
            }
            InstructionError::InvalidStageName { name } => write!(
                f,
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                go_quote(name)
            ),
            InstructionError::FromArguments => {
                f.write_str("FROM requires either one or three arguments")
            }
            InstructionError::NetworkMode { mode } => {
                write!(f, "network mode {} not supported by buildkit", go_quote(mode))
            }
            InstructionError::SecurityMode { mode } => {
                write!(f, "security mode {} not supported by buildkit", go_quote(mode))
            }
            InstructionError::EmptyVolume => {
                f.write_str("VOLUME specified can not be an empty string")
            }
            InstructionError::ShellNotJson => {
                f.write_str("SHELL requires the arguments to be in JSON form")
            }
            InstructionError::HealthcheckNoneArguments => {
                f.write_str("HEALTHCHECK NONE takes no arguments")
            }
            InstructionError::HealthcheckType { kind } => {
                write!(f, "Unknown type {} in HEALTHCHECK (try CMD)", go_quote(kind))
            }
            InstructionError::HealthcheckMissingCommand => {
                f.write_str("Missing command after HEALTHCHECK CMD")
            }
            InstructionError::InvalidDuration { reason, .. } => f.write_str(reason),
            InstructionError::IntervalTooShort { flag, min } => write!(
                f,
                "Interval {} cannot be less than {}",
                go_quote(flag),
                format_duration(*min)
            ),
            InstructionError::InvalidRetries { value } => write!(
                f,
                "strconv.ParseInt: parsing {}: invalid syntax",
                go_quote(value)
            ),
            InstructionError::NegativeRetries { retries } => {
                write!(f, "--retries cannot be negative ({retries})")
            }
        }
    }
}

impl From<FlagError> for InstructionError {
    fn from(e: FlagError) -> Self {
        InstructionError::Flag(e)
    }
}
