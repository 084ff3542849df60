//! Ports of the Go standard library (and docker/cli helpers built on it) whose exact output
//! Docker users see: quoting, JSON strings, float formatting, durations, `path.Match`,
//! `text/template` and `net/url` query escaping. This is the crate's bottom floor: nothing here uses
//! the rest of layerlab.

pub mod duration;
pub mod fmt;
pub mod json;
pub mod path;
mod print_table;
pub mod strconv;
pub mod template;
pub mod url;
