//! Containers' filesystems. A container is a thin writable layer on top of its image's
//! read-only layers: a write first copies the file up from the image (copy-on-write) and
//! a read falls through from the container layer to the image layers.
//!
//! - [`Rootfs`] is that filesystem: an `Arc<Union>` of the image (shared by all its
//!   containers), Docker's [init layer](init), the container's own [`Layer`], and the
//!   runtime mounts of a running container;
//! - [`Rootfs::changes`] is `docker diff`, [`Rootfs::commit_layer`] the layer
//!   `docker commit` makes, [`Rootfs::export_tar`] what `docker export` writes;
//! - [`sh`] runs command lines inside a `Rootfs` as busybox's `sh` would
//!   ([`sh::run`] for a line typed in a shell, [`sh::exec`] for a container's argv).
//!
//! Where the real thing differs: the container layer keeps a file's bytes as a view of
//! the image until the first write (no copy), hardlinks share an inode number within a
//! layer, and there are no permission checks (everything runs as root).

pub mod archive;
pub mod changes;
pub mod init;
pub mod layer;
pub mod process;
pub mod rootfs;
pub mod sh;
pub mod user;

pub use changes::{Change, ChangeKind};
pub use layer::{Ino, Inode, Layer, Meta, Upper};
pub use rootfs::{
    Errno, FsError, FsResult, MountInfo, Provider, Rootfs, Runtime, SharedTree, Stat, Tree,
};
