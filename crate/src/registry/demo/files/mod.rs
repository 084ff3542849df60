//! The file trees of the demo images: the layout of the distributions they stand in for,
//! with the program names the real images have, at their real paths, and small text files
//! in place of the programs and libraries themselves. Every program says that it is a
//! layerlab stand-in. The files a learner reads to tell the images apart (`/etc/os-release`,
//! nginx's configuration and welcome page) have the real images' text; most other
//! configuration files whose format has comments say that they are demo files.
//!
//! One module per family: [`busybox`] (busybox and alpine), [`debian`] (Debian and Ubuntu),
//! [`centos`], [`nginx`] (the layers the nginx images add).

mod busybox;
mod centos;
mod debian;
mod nginx;

use super::tree::Tree;

pub(super) use busybox::{alpine, busybox};
pub(super) use centos::centos;
pub(super) use debian::{deb_base, BOOKWORM, BUSTER, NOBLE};
pub(super) use nginx::{
    entrypoint, entrypoint_script, nginx_log_links, nginx_package, NginxOn, ENTRYPOINT_SCRIPTS,
};

/// The text of a stand-in program or library.
fn stand_in(what: &str) -> String {
    format!("layerlab demo stand-in for {what}: programs do not run in the browser\n")
}

const NOTE: &str =
    "# layerlab demo file: part of a stand-in image made by layerlab, not the real one.\n";

fn noted(text: &str) -> String {
    format!("{NOTE}{text}")
}

/// Stand-in programs `dir/name` for every name of a whitespace-separated list.
fn programs(t: &mut Tree, dir: &str, names: &str) {
    for n in names.split_whitespace() {
        t.exec(&format!("{dir}/{n}"), &stand_in(n));
    }
}

// ---------------------------------------------------------------- hello-world

pub(super) fn hello_world() -> Tree {
    let mut t = Tree::new();
    t.exec(
        "hello",
        "layerlab demo stand-in for /hello (hello-world): programs do not run in the browser\n\
         The real program prints a greeting that explains how Docker ran it, then exits.\n",
    );
    t
}
