//! The fuzz targets' checks, one function a target. The same file is compiled into the
//! corpus replay test (`crate/tests/fuzz_corpora.rs`), so `npm test` holds every saved
//! input to what the fuzzers held it to.
mod checks;
pub use checks::*;
