//! layerlab's core: an in-memory Docker image store and the command interpreter that
//! drives it. Plain Rust, tested natively; `wasm` only carries calls for the page.

#![recursion_limit = "256"]

pub mod archive;
pub mod budget;
pub mod build;
pub mod changes;
pub mod cli;
pub mod compress;
pub mod container;
pub mod containers;
pub mod content;
pub mod dataroot;
pub mod digest;
pub mod dockerfile;
pub mod engine;
pub mod error;
pub mod format;
pub mod fs;
pub mod go;
pub mod host;
pub mod image;
pub mod job;
pub mod names;
#[cfg(not(target_arch = "wasm32"))]
pub mod net_native;
pub mod page;
pub mod platform;
pub mod reference;
pub mod regex;
pub mod registry;
pub mod sh;
pub mod store;
pub mod stream;
pub mod tarball;
pub mod time;
pub mod views;
pub mod volumes;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
mod wasm_views;

pub use cli::Session;
pub use stream::Output;
