//! The shell language shared by the host command line and the shell inside containers:
//! [`parse`] turns a line into pipelines, connectors, redirections and words, [`expand`]
//! expands those words (variables, `$(...)`, globs against an [`fs::Fs`]); [`fs`] is
//! the file system the applets see, and [`applets`] are the commands both shells run.

pub mod applets;
pub mod expand;
pub mod fs;
pub mod interp;
pub mod parse;
