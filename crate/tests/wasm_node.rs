//! The shared scenarios inside WebAssembly under Node (`wasm-pack test --node`).
#![cfg(target_arch = "wasm32")]

mod common;
include!("wasm_cases.in");
