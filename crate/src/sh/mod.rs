//! The shell language shared by the host command line and the shell inside containers:
//! [`parse`] turns a line into pipelines, connectors, redirections and words.

pub mod parse;
