//! Golden transcripts natively (the wasm suites run the same files).
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn images() {
    common::golden::check("images.t", include_str!("golden/images.t"));
}

#[test]
fn tutorial() {
    common::golden::check("tutorial.t", include_str!("golden/tutorial.t"));
}

#[test]
fn notes() {
    common::golden::check("notes.t", include_str!("golden/notes.t"));
}

#[test]
fn containers() {
    common::golden::check("containers.t", include_str!("golden/containers.t"));
}

#[test]
fn build() {
    common::golden::check("build.t", include_str!("golden/build.t"));
}
