//! A container's filesystem: the image's read-only [`Union`] (shared through `Arc` by every
//! container of the image, never copied), Docker's init layer, and the container's own
//! writable [`Layer`] on top, resolved as overlayfs does:
//! - a read falls through the container layer, then the init layer, then the image;
//! - the first write, chmod, chown, rename or hardlink of a lower path copies it up
//!   (bytes as a view, mode, owner and mtime kept), with its parent directories;
//! - deleting a lower path leaves a whiteout; creating a directory where a whiteout is
//!   gives an opaque directory (so `rm -rf DIR; mkdir DIR` hides the image's `DIR/*`);
//! - creating or removing a name updates its directory's mtime; copy-ups don't.
//!
//! While the container runs, [`Rootfs::start`] mounts what Docker mounts over the layers:
//! `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf` (bind mounts), a tmpfs on `/dev`
//! with its device nodes, and `/proc` and `/sys` (shown empty and read-only). Writes there
//! never reach the container layer, so `docker diff`, `commit` and `export` never see them.
//!
//! Paths are absolute (relative ones start at the root too: callers resolve them against
//! a working directory). Symbolic links resolve inside the root and `..` stops at `/`.
//! Errors are values with the text Linux gives (`No such file or directory`). The caller
//! passes the clock (seconds) to every operation that sets an mtime. There are no
//! permission checks: processes run as root.

mod mounts;
mod write;

pub use mounts::MountInfo;

use super::layer::{walk_order, Ino, Inode, Layer, Meta, State, Upper};
use crate::budget::Budget;
use crate::content::Blob;
use crate::fs::union::MAX_SYMLINKS;
use crate::fs::{Follow, Kind, Node, Union};
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

/// Which layer answers for a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// An image layer (bottom = 0).
    Image(usize),
    /// Docker's init layer (`/.dockerenv`, `/etc/hosts`, ... as empty mount targets).
    Init,
    /// The container's writable layer.
    Container,
    /// A runtime mount (`/dev`, `/proc`, `/sys`, the bind-mounted `/etc` files).
    Mount,
    /// A volume (`docker volume`, `-v NAME:/path`, an image's `VOLUME`): data outside the
    /// container's layers, shared with every container that mounts it.
    Volume,
    /// A bind mount of host files (`-v ./site:/path`, `--mount type=bind`).
    Bind,
    /// Nothing: the path does not exist.
    None,
}

/// The kinds of failure, each with the `strerror` text busybox prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Errno {
    /// ENOENT
    NotFound,
    /// ENOTDIR
    NotADirectory,
    /// EISDIR
    IsADirectory,
    /// ENOTEMPTY
    NotEmpty,
    /// EEXIST
    Exists,
    /// ELOOP
    Loop,
    /// EBUSY: a mount point.
    Busy,
    /// EROFS: `/proc`, `/sys`.
    ReadOnly,
    /// EINVAL: a directory moved into itself, `.` or `..` renamed.
    Invalid,
    /// EPERM: a hardlink to a directory.
    NotPermitted,
    /// EXDEV: a hardlink across filesystems.
    CrossDevice,
    /// ENAMETOOLONG: a path over 4096 bytes or a name over 255.
    NameTooLong,
    /// ENOMEM: a file's bytes, read whole, would pass the memory budget.
    NoMemory,
    /// EIO: a file's bytes could not be read from where they are (the user's file).
    Io,
}

impl Errno {
    /// The message, as glibc's `strerror` words it.
    pub fn reason(self) -> &'static str {
        match self {
            Errno::NotFound => "No such file or directory",
            Errno::NotADirectory => "Not a directory",
            Errno::IsADirectory => "Is a directory",
            Errno::NotEmpty => "Directory not empty",
            Errno::Exists => "File exists",
            Errno::Loop => "Too many levels of symbolic links",
            Errno::Busy => "Device or resource busy",
            Errno::ReadOnly => "Read-only file system",
            Errno::Invalid => "Invalid argument",
            Errno::NotPermitted => "Operation not permitted",
            Errno::CrossDevice => "Invalid cross-device link",
            Errno::NameTooLong => "File name too long",
            Errno::NoMemory => "Cannot allocate memory",
            Errno::Io => "Input/output error",
        }
    }
}

/// A failed filesystem operation: what went wrong, and the path as it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsError {
    pub errno: Errno,
    pub path: String,
}

impl FsError {
    pub fn new(errno: Errno, path: &str) -> FsError {
        FsError {
            errno,
            path: path.to_string(),
        }
    }

    /// The `strerror` text (`No such file or directory`).
    pub fn reason(&self) -> &'static str {
        self.errno.reason()
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason())
    }
}

impl std::error::Error for FsError {}

pub type FsResult<T> = Result<T, FsError>;

/// What `stat` says about a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stat {
    /// Never [`Kind::Hardlink`]: a hardlink is a regular file.
    pub kind: Kind,
    /// Permission bits (`& 0o7777`).
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: u64,
    /// Bytes for files, the target's length for symlinks, 4096 for directories.
    pub size: u64,
    /// A symlink's target.
    pub link: Option<String>,
    /// Major and minor numbers of a device.
    pub device: Option<(u32, u32)>,
    /// Number of hard links (directories: 2).
    pub nlink: u64,
    /// Which layer answered.
    pub provider: Provider,
}

impl Stat {
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }

    /// The metadata part.
    pub fn meta(&self) -> Meta {
        Meta {
            mode: self.mode,
            uid: self.uid,
            gid: self.gid,
            mtime: self.mtime,
        }
    }
}

/// Identifies a file's inode, so that hardlinks are written once to a tar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum InodeKey {
    None,
    /// The data of an image layer's tar, by layer and offset (hardlinks of a layer share it).
    Image(usize, u64),
    Init(Ino),
    Container(Ino),
    Mount,
}

/// A directory tree mounted into a container: the root directory's metadata and what is
/// below it, kept as a writable [`Layer`] without whiteouts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub root: Meta,
    pub layer: Layer,
}

/// A [`Tree`] behind a shared handle: a volume's data, which every container that mounts
/// the volume reads and writes (and which outlives them), or a tmpfs of one container.
#[derive(Clone, Debug, Default)]
pub struct SharedTree(Arc<Mutex<Tree>>);

impl SharedTree {
    /// An empty tree whose root directory has `root`'s metadata.
    pub fn new(root: Meta) -> SharedTree {
        SharedTree(Arc::new(Mutex::new(Tree {
            root,
            layer: Layer::new(),
        })))
    }

    /// The tree, locked (a poisoned lock still gives its data: nothing panics while it is
    /// held).
    pub fn lock(&self) -> MutexGuard<'_, Tree> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of the tree as it is now.
    pub fn snapshot(&self) -> Tree {
        self.lock().clone()
    }

    /// True when both handles name the same tree.
    pub fn same(&self, other: &SharedTree) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A path of the merged view: its stat, its bytes when it is a file, its inode.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub stat: Stat,
    /// Where the bytes are: nothing is read until they are asked for.
    pub data: Option<Blob>,
    pub key: InodeKey,
}

/// A mount over the container's layers.
#[derive(Debug)]
enum Mount {
    /// A bind-mounted file.
    File {
        inode: Inode,
        provider: Provider,
        readonly: bool,
    },
    /// A directory tree: a tmpfs (`provider` [`Provider::Mount`], the container's own), or a
    /// volume's or a bind mount's (shared).
    Tmpfs {
        tree: SharedTree,
        provider: Provider,
        readonly: bool,
    },
    /// An empty directory that refuses writes.
    ReadOnlyDir(Meta),
}

impl Clone for Mount {
    /// A container's own tmpfs is copied; a volume or bind mount stays shared.
    fn clone(&self) -> Mount {
        match self {
            Mount::Tmpfs {
                tree,
                provider: Provider::Mount,
                readonly,
            } => Mount::Tmpfs {
                tree: SharedTree(Arc::new(Mutex::new(tree.snapshot()))),
                provider: Provider::Mount,
                readonly: *readonly,
            },
            Mount::Tmpfs {
                tree,
                provider,
                readonly,
            } => Mount::Tmpfs {
                tree: tree.clone(),
                provider: *provider,
                readonly: *readonly,
            },
            Mount::File {
                inode,
                provider,
                readonly,
            } => Mount::File {
                inode: inode.clone(),
                provider: *provider,
                readonly: *readonly,
            },
            Mount::ReadOnlyDir(m) => Mount::ReadOnlyDir(*m),
        }
    }
}

impl Mount {
    /// Mounts made for a container's volumes and binds, which stay while it is stopped.
    fn is_volume(&self) -> bool {
        match self {
            Mount::File { provider, .. } | Mount::Tmpfs { provider, .. } => {
                matches!(provider, Provider::Volume | Provider::Bind)
            }
            Mount::ReadOnlyDir(_) => false,
        }
    }
}

/// The files Docker gives a running container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Runtime {
    /// `/etc/hostname` (the container's short ID unless `--hostname`), with its newline.
    pub hostname: Bytes,
    /// `/etc/hosts`.
    pub hosts: Bytes,
    /// `/etc/resolv.conf`.
    pub resolv_conf: Bytes,
    /// When the container started: the mtime of the mounts.
    pub started: u64,
}

impl Runtime {
    /// What Docker writes for a container on the default bridge network: `hostname` and
    /// its address in `/etc/hosts`, and the host's resolvers (here Docker's fallback,
    /// Google's public DNS, as on a host whose own resolver is a loopback address).
    pub fn bridge(hostname: &str, ip: &str, started: u64) -> Runtime {
        let hosts = format!(
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n{ip}\t{hostname}\n"
        );
        let resolv = "# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n\n# Based on host file: '/etc/resolv.conf' (legacy)\n# Overrides: []\n";
        Runtime {
            hostname: Bytes::from(format!("{hostname}\n")),
            hosts: Bytes::from(hosts),
            resolv_conf: Bytes::from(resolv),
            started,
        }
    }
}

/// Where a write to a real path goes.
enum Target {
    /// The container layer (with copy-up from the layers below).
    Upper,
    /// A tmpfs mount: its mount point and the path inside it.
    Tmpfs(String, String),
    /// A bind-mounted file (exactly its mount point).
    BindFile(String),
    /// `/proc`, `/sys`.
    ReadOnly,
}

/// A path split into its resolved parent directory and its last name.
struct Split {
    /// The parent's real path (relative, `""` for the root).
    parent: String,
    /// `None` when the path names a directory through `.`, `..` or `/`.
    name: Option<String>,
}

impl Split {
    fn path(&self) -> String {
        match &self.name {
            Some(n) => join(&self.parent, n),
            None => self.parent.clone(),
        }
    }
}

/// Joins a real directory path and a name.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// A container's filesystem.
#[derive(Clone, Debug)]
pub struct Rootfs {
    image: Arc<Union>,
    init: Option<Arc<Layer>>,
    upper: Layer,
    mounts: BTreeMap<String, Mount>,
    /// True between [`start`](Self::start) and [`stop`](Self::stop).
    running: bool,
    /// Owner of what the container creates.
    user: (u64, u64),
    /// How much of a file may be read whole (see [`crate::budget`]).
    memory: Budget,
}

impl Rootfs {
    /// A container's filesystem over `image`, with Docker's init layer made at `now`.
    pub fn new(image: Arc<Union>, now: u64) -> Rootfs {
        let init = super::init::init_layer(&image, now);
        Rootfs {
            image,
            init: Some(Arc::new(init)),
            upper: Layer::new(),
            mounts: BTreeMap::new(),
            running: false,
            user: (0, 0),
            memory: Budget::default(),
        }
    }

    /// A filesystem over `image` without Docker's init layer (what a build step sees).
    pub fn bare(image: Arc<Union>) -> Rootfs {
        Rootfs {
            image,
            init: None,
            upper: Layer::new(),
            mounts: BTreeMap::new(),
            running: false,
            user: (0, 0),
            memory: Budget::default(),
        }
    }

    /// The image's merged view, shared with every other container of the image.
    pub fn image(&self) -> &Arc<Union> {
        &self.image
    }

    /// Docker's init layer, when there is one.
    pub fn init_layer(&self) -> Option<&Layer> {
        self.init.as_deref()
    }

    /// The container's writable layer.
    pub fn upper(&self) -> &Layer {
        &self.upper
    }

    /// Who owns the files the container creates: `(uid, gid)`.
    pub fn user(&self) -> (u64, u64) {
        self.user
    }

    /// Sets who owns the files the container creates (`--user`); root by default.
    pub fn set_user(&mut self, uid: u64, gid: u64) {
        self.user = (uid, gid);
    }

    /// Mounts what a running container has: the three `/etc` files, a tmpfs on `/dev`
    /// with Docker's device nodes, `/proc` and `/sys`.
    pub fn start(&mut self, runtime: &Runtime) {
        let t = runtime.started;
        self.running = true;
        let file = |data: &Bytes| Mount::File {
            inode: Inode {
                data: data.clone(),
                meta: Meta {
                    mode: 0o644,
                    uid: 0,
                    gid: 0,
                    mtime: t,
                },
            },
            provider: Provider::Mount,
            readonly: false,
        };
        self.mounts
            .insert("etc/hostname".into(), file(&runtime.hostname));
        self.mounts.insert("etc/hosts".into(), file(&runtime.hosts));
        self.mounts
            .insert("etc/resolv.conf".into(), file(&runtime.resolv_conf));
        self.mounts.insert(
            "dev".into(),
            Mount::Tmpfs {
                tree: SharedTree(Arc::new(Mutex::new(Tree {
                    root: Meta {
                        mode: 0o755,
                        uid: 0,
                        gid: 0,
                        mtime: t,
                    },
                    layer: super::init::dev_tmpfs(t),
                }))),
                provider: Provider::Mount,
                readonly: false,
            },
        );
        let ro = Meta {
            mode: 0o555,
            uid: 0,
            gid: 0,
            mtime: t,
        };
        self.mounts.insert("proc".into(), Mount::ReadOnlyDir(ro));
        self.mounts.insert("sys".into(), Mount::ReadOnlyDir(ro));
    }

    /// Unmounts what [`start`](Self::start) mounted (the tmpfs contents are lost); the
    /// volumes and binds stay.
    pub fn stop(&mut self) {
        self.running = false;
        self.mounts.retain(|_, m| m.is_volume());
    }

    /// The container layer, taken out (how the init layer is made).
    pub(crate) fn into_upper(self) -> Layer {
        self.upper
    }

    /// True while the runtime mounts are there.
    pub fn is_running(&self) -> bool {
        self.running
    }

    // ---- lookups -------------------------------------------------------------------

    /// The mount `p` is on: its mount point, the path inside it, the mount.
    /// The deepest one wins (a volume at `/data/sub` inside one at `/data`).
    fn mount_at<'a>(&'a self, p: &'a str) -> Option<(&'a str, &'a str, &'a Mount)> {
        let mut best: Option<(&'a str, &'a str, &'a Mount)> = None;
        for (mp, m) in &self.mounts {
            let inner = if p == mp {
                Some("")
            } else {
                p.strip_prefix(mp.as_str())
                    .and_then(|r| r.strip_prefix('/'))
            };
            if let Some(inner) = inner {
                if best.is_none_or(|(b, _, _)| b.len() < mp.len()) {
                    best = Some((mp, inner, m));
                }
            }
        }
        best
    }

    /// The merged view of the real path `p` (no link followed).
    pub(crate) fn find(&self, p: &str) -> Option<Item> {
        self.find_with(p, true)
    }

    /// The merged view of `p`, with or without the runtime mounts.
    pub(crate) fn find_with(&self, p: &str, mounts: bool) -> Option<Item> {
        if let Some((_, inner, m)) = self.mount_at(p).filter(|_| mounts) {
            return match m {
                Mount::File {
                    inode, provider, ..
                } if inner.is_empty() => Some(Item {
                    stat: file_stat(&inode.meta, inode.data.len() as u64, 1, *provider),
                    data: Some(inode.data.clone().into()),
                    key: InodeKey::Mount,
                }),
                Mount::File { .. } => None,
                Mount::Tmpfs { tree, provider, .. } => {
                    let t = tree.lock();
                    if inner.is_empty() {
                        Some(dir_item(&t.root, *provider))
                    } else {
                        t.layer
                            .get(inner)
                            .and_then(|e| layer_item(&t.layer, e, *provider))
                    }
                }
                Mount::ReadOnlyDir(meta) if inner.is_empty() => {
                    Some(dir_item(meta, Provider::Mount))
                }
                Mount::ReadOnlyDir(_) => None,
            };
        }
        self.find_layers(p, true)
    }

    /// The view of `p` in the layers: with the container layer, or only below it.
    pub(crate) fn find_layers(&self, p: &str, with_upper: bool) -> Option<Item> {
        if with_upper {
            match self.upper.state(p) {
                State::Entry(e) => return layer_item(&self.upper, e, Provider::Container),
                State::Hidden => return None,
                State::Absent => {}
            }
        }
        if let Some(init) = &self.init {
            match init.state(p) {
                State::Entry(e) => return layer_item(init, e, Provider::Init),
                State::Hidden => return None,
                State::Absent => {}
            }
        }
        let node = self.image.get(p)?;
        Some(self.image_item(node))
    }

    fn image_item(&self, node: &Node) -> Item {
        let data = self.image.content_blob(node);
        let kind = match node.kind {
            Kind::Hardlink => Kind::File,
            k => k,
        };
        let key = match self.image.content_key(node) {
            Some((layer, offset)) if kind == Kind::File => InodeKey::Image(layer, offset),
            _ => InodeKey::None,
        };
        let stat = Stat {
            kind,
            mode: node.mode,
            uid: node.uid,
            gid: node.gid,
            mtime: node.mtime,
            size: match kind {
                Kind::Dir => 4096,
                Kind::File => data.as_ref().map_or(0, |d| d.len() as u64),
                _ => node.size,
            },
            link: if kind == Kind::Symlink {
                node.link.clone()
            } else {
                None
            },
            device: node.device,
            nlink: if kind == Kind::Dir { 2 } else { 1 },
            provider: Provider::Image(node.layer),
        };
        Item {
            stat,
            data: if kind == Kind::File { data } else { None },
            key,
        }
    }

    /// Resolves `path` inside the root: every component's symlinks are followed (the
    /// last one's as `follow` says). Returns the real path (relative, `""` for `/`).
    pub(crate) fn resolve(&self, path: &str, follow: Follow) -> FsResult<(String, Item)> {
        check_length(path)?;
        let mut pending: Vec<String> = components(path).rev().map(str::to_string).collect();
        let mut real = String::new();
        let mut starts: Vec<usize> = Vec::new();
        let mut hops = 0;
        while let Some(c) = pending.pop() {
            if c == ".." {
                if let Some(at) = starts.pop() {
                    real.truncate(at.saturating_sub(1));
                }
                continue;
            }
            let at = if real.is_empty() { 0 } else { real.len() + 1 };
            let candidate = join(&real, &c);
            let Some(item) = self.find(&candidate) else {
                return Err(FsError::new(Errno::NotFound, path));
            };
            let last = pending.is_empty();
            if item.stat.kind == Kind::Symlink && (!last || follow == Follow::Always) {
                hops += 1;
                if hops > MAX_SYMLINKS {
                    return Err(FsError::new(Errno::Loop, path));
                }
                let target = item.stat.link.as_deref().unwrap_or("");
                if target.starts_with('/') {
                    real.clear();
                    starts.clear();
                }
                pending.extend(components(target).rev().map(str::to_string));
                continue;
            }
            if !last && item.stat.kind != Kind::Dir {
                return Err(FsError::new(Errno::NotADirectory, path));
            }
            starts.push(at);
            real = candidate;
        }
        match self.find(&real) {
            Some(item) => Ok((real, item)),
            None => Err(FsError::new(Errno::NotFound, path)),
        }
    }

    /// Resolves everything but the last name of `path`, which must be a directory.
    fn split(&self, path: &str) -> FsResult<Split> {
        check_length(path)?;
        let comps: Vec<&str> = components(path).collect();
        let Some((last, dirs)) = comps.split_last() else {
            return Ok(Split {
                parent: String::new(),
                name: None,
            });
        };
        if *last == ".." {
            let (real, item) = self.resolve(path, Follow::Always)?;
            if !item.stat.is_dir() {
                return Err(FsError::new(Errno::NotADirectory, path));
            }
            return Ok(Split {
                parent: real,
                name: None,
            });
        }
        let (parent, item) = self.resolve(&dirs.join("/"), Follow::Always).map_err(|e| {
            FsError::new(e.errno, path) // the error names the whole path, as Linux does
        })?;
        if !item.stat.is_dir() {
            return Err(FsError::new(Errno::NotADirectory, path));
        }
        Ok(Split {
            parent,
            name: Some((*last).to_string()),
        })
    }

    // ---- reads ---------------------------------------------------------------------

    /// `stat(2)`: symlinks followed.
    pub fn stat(&self, path: &str) -> FsResult<Stat> {
        Ok(self.resolve(path, Follow::Always)?.1.stat)
    }

    /// `lstat(2)`: a symlink in the last component is described, not followed.
    pub fn lstat(&self, path: &str) -> FsResult<Stat> {
        Ok(self.resolve(path, Follow::ExceptLast)?.1.stat)
    }

    /// The real path `path` names, symlinks resolved (`/` followed by it, as `realpath`).
    pub fn realpath(&self, path: &str) -> FsResult<String> {
        Ok(format!("/{}", self.resolve(path, Follow::Always)?.0))
    }

    /// True when `path` exists (symlinks followed).
    pub fn exists(&self, path: &str) -> bool {
        self.resolve(path, Follow::Always).is_ok()
    }

    /// Which layer answers for `path` as named (the last symlink not followed).
    pub fn provider(&self, path: &str) -> Provider {
        self.resolve(path, Follow::ExceptLast)
            .map_or(Provider::None, |(_, i)| i.stat.provider)
    }

    /// A symlink's target.
    pub fn readlink(&self, path: &str) -> FsResult<String> {
        let (_, item) = self.resolve(path, Follow::ExceptLast)?;
        item.stat
            .link
            .ok_or_else(|| FsError::new(Errno::Invalid, path))
    }

    /// A file's bytes, read whole (a view, no copy, when they are in memory): ENOMEM
    /// past the memory budget. Devices and fifos read as empty.
    pub fn read_file(&self, path: &str) -> FsResult<Bytes> {
        let blob = self.read_blob(path)?;
        self.hold(path, &blob)
    }

    /// Where a file's bytes are, nothing read: what copies them elsewhere (`docker cp`,
    /// `docker export`) passes them on in pieces.
    pub fn read_blob(&self, path: &str) -> FsResult<Blob> {
        let (_, item) = self.resolve(path, Follow::Always)?;
        match item.stat.kind {
            Kind::Dir => Err(FsError::new(Errno::IsADirectory, path)),
            Kind::File => Ok(item.data.unwrap_or_default()),
            _ => Ok(Blob::default()),
        }
    }

    /// A blob's bytes in memory: ENOMEM past the memory budget (a 4 GiB file of a layer
    /// that stays in the user's file, read by a process), EIO when its source fails.
    pub(crate) fn hold(&self, path: &str, blob: &Blob) -> FsResult<Bytes> {
        if let Some(b) = blob.as_memory() {
            return Ok(b.clone());
        }
        if !self.memory.fits(blob.len()) {
            return Err(FsError::new(Errno::NoMemory, path));
        }
        blob.to_bytes().map_err(|_| FsError::new(Errno::Io, path))
    }

    /// The memory budget a file read whole must fit.
    pub fn set_memory(&mut self, memory: Budget) {
        self.memory = memory;
    }

    /// A directory's entries (links followed to it), merged over every layer and sorted
    /// by name.
    pub fn read_dir(&self, path: &str) -> FsResult<Vec<(String, Stat)>> {
        let (real, item) = self.resolve(path, Follow::Always)?;
        if !item.stat.is_dir() {
            return Err(FsError::new(Errno::NotADirectory, path));
        }
        Ok(self
            .child_names(&real, true)
            .into_iter()
            .filter_map(|name| {
                let item = self.find(&join(&real, &name))?;
                Some((name, item.stat))
            })
            .collect())
    }

    /// Every name any layer or mount has directly below the real directory `real`
    /// (some may be hidden).
    fn child_names(&self, real: &str, mounts: bool) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        if let Some((_, inner, m)) = self.mount_at(real).filter(|_| mounts) {
            if let Mount::Tmpfs { tree, .. } = m {
                names.extend(tree.lock().layer.child_names(inner));
            }
            // A mount inside this one (a volume below a volume).
            for mp in self.mounts.keys() {
                if crate::fs::parent(mp) == real && !mp.is_empty() {
                    names.insert(crate::fs::base(mp).to_string());
                }
            }
            return names;
        }
        names.extend(self.upper.child_names(real));
        if let Some(init) = &self.init {
            names.extend(init.child_names(real));
        }
        if self.image.get(real).is_some_and(|n| n.kind.is_dir()) {
            if let Ok(children) = self.image.children(real) {
                names.extend(children.into_iter().map(|(n, _)| n.to_string()));
            }
        }
        for mp in self.mounts.keys().filter(|_| mounts) {
            if crate::fs::parent(mp) == real && !mp.is_empty() {
                names.insert(crate::fs::base(mp).to_string());
            }
        }
        names
    }

    /// Every path at and below the real path `real` in the merged view (with or
    /// without the runtime mounts), in walk order (depth first, names sorted).
    pub(crate) fn walk(&self, real: &str, mounts: bool) -> Vec<(String, Item)> {
        let mut out = Vec::new();
        let mut stack = vec![real.to_string()];
        while let Some(p) = stack.pop() {
            let Some(item) = self.find_with(&p, mounts) else {
                continue;
            };
            let is_dir = item.stat.is_dir();
            out.push((p.clone(), item));
            if is_dir {
                let names = self.child_names(&p, mounts);
                for name in names.into_iter().rev() {
                    stack.push(join(&p, &name));
                }
            }
        }
        out
    }

    // ---- where writes go -----------------------------------------------------------

    fn target(&self, real: &str) -> Target {
        match self.mount_at(real) {
            None => Target::Upper,
            Some((mp, inner, m)) => match m {
                Mount::File { readonly: true, .. } | Mount::Tmpfs { readonly: true, .. } => {
                    Target::ReadOnly
                }
                Mount::File { .. } => Target::BindFile(mp.to_string()),
                Mount::Tmpfs { .. } => Target::Tmpfs(mp.to_string(), inner.to_string()),
                Mount::ReadOnlyDir(_) => Target::ReadOnly,
            },
        }
    }

    /// The tree mounted at `mp`, locked for a write (hold it for no longer than the write).
    fn tmpfs_mut(&self, mp: &str) -> Option<MutexGuard<'_, Tree>> {
        match self.mounts.get(mp) {
            Some(Mount::Tmpfs { tree, .. }) => Some(tree.lock()),
            _ => None,
        }
    }

    /// True when the layers below the container layer show something at `real` that the
    /// container layer does not hide.
    fn lower_visible(&self, real: &str) -> bool {
        !self.upper.covers(real) && self.find_layers(real, false).is_some()
    }

    /// Copies every ancestor directory of `real` into the container layer (up to the
    /// first one already there: those above it are too).
    fn copy_up_parents(&mut self, real: &str) {
        let mut missing = Vec::new();
        let mut p = crate::fs::parent(real);
        while !p.is_empty() && !self.upper.get(p).is_some_and(Upper::is_dir) {
            missing.push(p.to_string());
            p = crate::fs::parent(p);
        }
        for a in missing.into_iter().rev() {
            let meta = self
                .find_layers(&a, false)
                .filter(|i| i.stat.is_dir())
                .map_or(self.new_meta(0o755, 0), |i| i.stat.meta());
            self.upper.insert(
                &a,
                Upper::Dir {
                    meta,
                    opaque: false,
                },
            );
        }
    }

    /// Makes the real path `real` (which exists) an entry of the filesystem it is on,
    /// copying it up from the layers below the container layer when needed.
    fn copy_up(&mut self, real: &str) -> FsResult<()> {
        match self.target(real) {
            Target::Upper => {}
            Target::ReadOnly => return Err(FsError::new(Errno::ReadOnly, real)),
            Target::Tmpfs(..) | Target::BindFile(_) => return Ok(()),
        }
        if real.is_empty() || matches!(self.upper.state(real), State::Entry(_)) {
            return Ok(());
        }
        let Some(item) = self.find_layers(real, false) else {
            return Err(FsError::new(Errno::NotFound, real));
        };
        self.copy_up_parents(real);
        let entry = self.entry_from(real, &item, true)?;
        self.upper.insert(real, entry);
        Ok(())
    }

    /// A container-layer entry with an item's kind, metadata and bytes.
    fn entry_from(&mut self, real: &str, item: &Item, upper: bool) -> FsResult<Upper> {
        let meta = item.stat.meta();
        Ok(match item.stat.kind {
            Kind::Dir => Upper::Dir {
                meta,
                opaque: false,
            },
            Kind::Symlink => Upper::Symlink {
                meta,
                target: item.stat.link.clone().unwrap_or_default(),
            },
            Kind::Char | Kind::Block | Kind::Fifo => Upper::Special {
                kind: item.stat.kind,
                meta,
                device: item.stat.device,
            },
            Kind::File | Kind::Hardlink => {
                let data = match &item.data {
                    Some(b) => self.hold(real, b)?,
                    None => Bytes::new(),
                };
                let ino = if upper {
                    self.upper.add_inode(data, meta)
                } else {
                    0
                };
                Upper::File(ino)
            }
        })
    }

    fn new_meta(&self, mode: u32, now: u64) -> Meta {
        Meta {
            mode: mode & 0o7777,
            uid: self.user.0,
            gid: self.user.1,
            mtime: now,
        }
    }

    /// A directory's contents changed: its mtime becomes `now`.
    fn dir_changed(&mut self, real: &str, now: u64) {
        if real.is_empty() {
            return; // the root's own entry is never recorded
        }
        match self.target(real) {
            Target::Upper => {
                if self.copy_up(real).is_ok() {
                    if let Some(Upper::Dir { meta, .. }) = self.upper.entry_mut(real) {
                        meta.mtime = now;
                    }
                }
            }
            Target::Tmpfs(mp, inner) => {
                if let Some(mut t) = self.tmpfs_mut(&mp) {
                    if inner.is_empty() {
                        t.root.mtime = now;
                    } else if let Some(Upper::Dir { meta, .. }) = t.layer.entry_mut(&inner) {
                        meta.mtime = now;
                    }
                }
            }
            Target::BindFile(_) | Target::ReadOnly => {}
        }
    }

    /// Puts a new entry at the real path `real` (whose parent exists and which does not),
    /// and updates the parent's mtime. `make` builds the entry from the layer it goes to.
    fn create(
        &mut self,
        real: &str,
        now: u64,
        make: impl FnOnce(&mut Layer, bool) -> Upper,
    ) -> FsResult<()> {
        match self.target(real) {
            Target::Upper => {
                let parent = crate::fs::parent(real).to_string();
                self.copy_up(&parent)?;
                self.copy_up_parents(real);
                let over_whiteout = matches!(self.upper.get(real), Some(Upper::Whiteout { .. }));
                let entry = make(&mut self.upper, over_whiteout);
                self.upper.insert(real, entry);
            }
            Target::Tmpfs(mp, inner) => {
                if inner.is_empty() {
                    return Err(FsError::new(Errno::Exists, real));
                }
                if let Some(mut t) = self.tmpfs_mut(&mp) {
                    let entry = make(&mut t.layer, false);
                    t.layer.insert(&inner, entry);
                }
            }
            Target::BindFile(_) => return Err(FsError::new(Errno::Exists, real)),
            Target::ReadOnly => return Err(FsError::new(Errno::ReadOnly, real)),
        }
        self.dir_changed(crate::fs::parent(real), now);
        Ok(())
    }

    /// Removes the real path `real` and what is below it, from whichever filesystem it is
    /// on; a lower path gets a whiteout.
    fn delete(&mut self, real: &str, now: u64) -> FsResult<()> {
        match self.target(real) {
            Target::Upper => {
                if real.is_empty() {
                    return Err(FsError::new(Errno::Busy, "/"));
                }
                if self.lower_visible(real) {
                    self.copy_up_parents(real);
                    self.upper.insert(real, Upper::Whiteout { mtime: now });
                    self.upper.remove_below(real);
                } else {
                    self.upper.remove_tree(real);
                }
            }
            Target::Tmpfs(mp, inner) => {
                if inner.is_empty() {
                    return Err(FsError::new(Errno::Busy, real));
                }
                if let Some(mut t) = self.tmpfs_mut(&mp) {
                    t.layer.remove_tree(&inner);
                }
            }
            Target::BindFile(_) => return Err(FsError::new(Errno::Busy, real)),
            Target::ReadOnly => return Err(FsError::new(Errno::ReadOnly, real)),
        }
        self.dir_changed(crate::fs::parent(real), now);
        Ok(())
    }

    /// True when a mount point is at or below the real path `real`.
    fn has_mount_within(&self, real: &str) -> bool {
        self.mounts.keys().any(|mp| {
            real.is_empty()
                || mp == real
                || mp
                    .strip_prefix(real)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

/// Linux's limits: PATH_MAX and NAME_MAX.
fn check_length(path: &str) -> FsResult<()> {
    if path.len() > crate::fs::layer::MAX_PATH || path.split('/').any(|c| c.len() > 255) {
        return Err(FsError::new(Errno::NameTooLong, path));
    }
    Ok(())
}

/// The components of a path that matter (`""` and `.` dropped).
fn components(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty() && *c != ".")
}

fn file_stat(meta: &Meta, size: u64, nlink: u64, provider: Provider) -> Stat {
    Stat {
        kind: Kind::File,
        mode: meta.mode,
        uid: meta.uid,
        gid: meta.gid,
        mtime: meta.mtime,
        size,
        link: None,
        device: None,
        nlink,
        provider,
    }
}

fn dir_item(meta: &Meta, provider: Provider) -> Item {
    Item {
        stat: Stat {
            kind: Kind::Dir,
            size: 4096,
            nlink: 2,
            ..file_stat(meta, 0, 2, provider)
        },
        data: None,
        key: InodeKey::None,
    }
}

/// The item of a writable layer's entry (`None` for a whiteout).
fn layer_item(layer: &Layer, entry: &Upper, provider: Provider) -> Option<Item> {
    let key_of = |ino: Ino| match provider {
        Provider::Init => InodeKey::Init(ino),
        Provider::Container => InodeKey::Container(ino),
        _ => InodeKey::Mount,
    };
    Some(match entry {
        Upper::File(ino) => {
            let inode = layer.inode(*ino)?;
            Item {
                stat: file_stat(
                    &inode.meta,
                    inode.data.len() as u64,
                    layer.links(*ino),
                    provider,
                ),
                data: Some(inode.data.clone().into()),
                key: key_of(*ino),
            }
        }
        Upper::Dir { meta, .. } => dir_item(meta, provider),
        Upper::Symlink { meta, target } => Item {
            stat: Stat {
                kind: Kind::Symlink,
                size: target.len() as u64,
                link: Some(target.clone()),
                ..file_stat(meta, 0, 1, provider)
            },
            data: None,
            key: InodeKey::None,
        },
        Upper::Special { kind, meta, device } => Item {
            stat: Stat {
                kind: *kind,
                device: *device,
                ..file_stat(meta, 0, 1, provider)
            },
            data: None,
            key: InodeKey::None,
        },
        Upper::Whiteout { .. } => return None,
    })
}
