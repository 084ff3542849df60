//! What Docker adds to every container besides the image: the init layer, made once when
//! the container is created (moby's `setupInitLayer`), and the tmpfs it mounts on `/dev`
//! while the container runs.
//!
//! The init layer holds the mount targets, over the image: directories `/dev/pts`,
//! `/dev/shm`, `/proc` and `/sys`; empty files (mode 0755) `/.dockerenv`,
//! `/etc/resolv.conf`, `/etc/hosts`, `/etc/hostname` and `/dev/console`; and the symlink
//! `/etc/mtab -> /proc/mounts`. As in moby, a non-directory already at one of these paths
//! (or on the way to it) is replaced, and a path that already exists is kept.

use super::layer::{Layer, Meta, Upper};
use super::rootfs::Rootfs;
use crate::fs::{Kind, Union};
use bytes::Bytes;
use std::sync::Arc;

/// What the init layer puts at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitEntry {
    Dir,
    /// An empty file, mode 0755.
    File,
    /// A symlink with this target.
    Symlink(&'static str),
}

/// The init layer's paths, as moby lists them.
pub const INIT_PATHS: [(&str, InitEntry); 10] = [
    ("/dev/pts", InitEntry::Dir),
    ("/dev/shm", InitEntry::Dir),
    ("/proc", InitEntry::Dir),
    ("/sys", InitEntry::Dir),
    ("/.dockerenv", InitEntry::File),
    ("/etc/resolv.conf", InitEntry::File),
    ("/etc/hosts", InitEntry::File),
    ("/etc/hostname", InitEntry::File),
    ("/dev/console", InitEntry::File),
    ("/etc/mtab", InitEntry::Symlink("/proc/mounts")),
];

/// True for the paths Docker mounts over while the container runs (and `/.dockerenv`,
/// `/etc/mtab`): a container's changes there never reach its own layer.
pub fn is_runtime_path(path: &str) -> bool {
    let p = path.trim_start_matches('/');
    matches!(
        p,
        ".dockerenv" | "etc/hosts" | "etc/hostname" | "etc/resolv.conf" | "etc/mtab"
    ) || ["dev", "proc", "sys"]
        .iter()
        .any(|d| p == *d || p.strip_prefix(d).is_some_and(|r| r.starts_with('/')))
}

/// Builds the init layer over `image`, every entry made at `now`.
pub(crate) fn init_layer(image: &Arc<Union>, now: u64) -> Layer {
    let mut fs = Rootfs::bare(image.clone());
    for (path, what) in INIT_PATHS {
        // moby unlinks every prefix first: that removes files and symlinks, not dirs.
        let mut prefix = String::new();
        for c in path.split('/').filter(|c| !c.is_empty()) {
            prefix.push('/');
            prefix.push_str(c);
            if fs.lstat(&prefix).is_ok_and(|s| !s.is_dir()) {
                let _ = fs.remove(&prefix, now);
            }
        }
        if fs.stat(path).is_ok() {
            continue;
        }
        let parent = path.rsplit_once('/').map_or("/", |(p, _)| p);
        let _ = fs.mkdir_all(parent, 0o755, now);
        let _ = match what {
            InitEntry::Dir => fs.mkdir_all(path, 0o755, now),
            InitEntry::File => fs
                .write_file(path, Bytes::new(), now)
                .and_then(|_| fs.chmod(path, 0o755)),
            InitEntry::Symlink(target) => fs.symlink(target, path, now),
        };
    }
    fs.into_upper()
}

/// The tmpfs Docker mounts on `/dev`: the standard device nodes, `pts`, `shm`, `mqueue`
/// and the `fd`/`stdin`/`stdout`/`stderr` links.
pub(crate) fn dev_tmpfs(now: u64) -> Layer {
    let meta = |mode| Meta {
        mode,
        uid: 0,
        gid: 0,
        mtime: now,
    };
    let mut l = Layer::new();
    for (name, major, minor) in [
        ("full", 1, 7),
        ("null", 1, 3),
        ("random", 1, 8),
        ("tty", 5, 0),
        ("urandom", 1, 9),
        ("zero", 1, 5),
    ] {
        l.insert(
            name,
            Upper::Special {
                kind: Kind::Char,
                meta: meta(0o666),
                device: Some((major, minor)),
            },
        );
    }
    for (name, mode) in [("mqueue", 0o1777), ("pts", 0o755), ("shm", 0o1777)] {
        l.insert(
            name,
            Upper::Dir {
                meta: meta(mode),
                opaque: false,
            },
        );
    }
    for (name, target) in [
        ("core", "/proc/kcore"),
        ("fd", "/proc/self/fd"),
        ("ptmx", "pts/ptmx"),
        ("stderr", "/proc/self/fd/2"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
    ] {
        l.insert(
            name,
            Upper::Symlink {
                meta: meta(0o777),
                target: target.to_string(),
            },
        );
    }
    l
}
