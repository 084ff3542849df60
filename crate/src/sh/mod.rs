//! The shell language shared by the host command line and the shell inside containers:
//! [`parse`] turns a line into pipelines, connectors, redirections and words; [`fs`] is
//! the file system the applets see, and [`applets`] are the commands both shells run.

pub mod applets;
pub mod fs;
pub mod parse;
