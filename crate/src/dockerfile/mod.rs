//! The Dockerfile front end of `docker build` ([`crate::build`]): BuildKit's parser and its
//! variable expansion. Nothing here executes an instruction; the build does.
//!
//! - [`parser`]: text to one [`parser::Node`] per instruction (directives, comments, line
//!   continuations, flags, JSON and shell forms, heredocs), and BuildKit's AST dump.
//! - [`instructions`]: nodes to typed [`instructions::Command`]s, split into stages.
//! - [`shell`]: BuildKit's shell-word lexer (`$V`, `${V:-x}`, quotes, escapes...).
//! - [`scope`]: Docker's ARG/ENV scoping, build args and predefined args, applied to a
//!   stage's instructions.
//!
//! Errors are data ([`Error`]: the lines, and an [`ErrorKind`] whose `Display` is BuildKit's
//! text); no input makes these panic.

pub mod directives;
pub mod error;
pub mod flags;
pub mod heredoc;
pub mod instructions;
pub mod parser;
pub mod scope;
pub mod shell;

pub use error::{Error, ErrorKind, Result};
pub use instructions::{Command, Dockerfile, Instruction, Stage};
pub use parser::{parse, Ast, Node};
