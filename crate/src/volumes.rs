//! The session's volumes (`docker volume`, `-v NAME:/path`, an image's `VOLUME`): data that
//! lives outside every container's layers, so that writes to it bypass the storage driver
//! (no copy-up), `docker diff` and `docker commit` never see it, and it outlives the
//! containers that mount it and is shared between them.
//!
//! Each volume's files are a [`SharedTree`] that the containers mounting it hold too (see
//! `container::rootfs::mounts`). The read API for other code (a rendering of
//! `/var/lib/docker/volumes/<name>/_data`, the views): [`Volumes::iter`] / [`Volumes::get`]
//! give a [`Volume`] with [`Volume::name`], [`Volume::created`], [`Volume::labels`],
//! [`Volume::anonymous`], [`Volume::files`] (paths, kinds and sizes) and [`Volume::size`].

use crate::container::{Meta, SharedTree, Upper};
use crate::digest::Digest;
use crate::fs::Kind;
use crate::time::Timestamp;
use std::fmt;

/// Where the `local` driver keeps a volume's files on the Docker host.
pub fn mountpoint(name: &str) -> String {
    format!("/var/lib/docker/volumes/{name}/_data")
}

/// One volume.
#[derive(Clone, Debug)]
pub struct Volume {
    pub name: String,
    pub created: Timestamp,
    /// `--label k=v`, in the order given (a repeated key keeps its last value).
    pub labels: Vec<(String, String)>,
    /// `-o k=v` (none are accepted yet: the local driver's options need a real mount).
    pub options: Vec<(String, String)>,
    /// Made for `-v /path`, `--mount type=volume` without a source, or an image's
    /// `VOLUME` (moby labels these `com.docker.volume.anonymous`).
    pub anonymous: bool,
    /// The files.
    pub data: SharedTree,
}

/// A path in a volume, as a listing of `_data` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeFile {
    /// Relative to the volume's root (`dir/file.txt`).
    pub path: String,
    pub kind: Kind,
    /// Bytes for files, the target's length for symlinks, 0 otherwise.
    pub size: u64,
    pub mode: u32,
}

impl Volume {
    /// Every path in the volume, in path order.
    pub fn files(&self) -> Vec<VolumeFile> {
        let t = self.data.lock();
        t.layer
            .iter()
            .filter_map(|(p, e)| {
                let (kind, size, mode) = match e {
                    Upper::File(ino) => {
                        let i = t.layer.inode(*ino)?;
                        (Kind::File, i.data.len() as u64, i.meta.mode)
                    }
                    Upper::Dir { meta, .. } => (Kind::Dir, 0, meta.mode),
                    Upper::Symlink { meta, target } => {
                        (Kind::Symlink, target.len() as u64, meta.mode)
                    }
                    Upper::Special { kind, meta, .. } => (*kind, 0, meta.mode),
                    Upper::Whiteout { .. } => return None,
                };
                Some(VolumeFile {
                    path: p.to_string(),
                    kind,
                    size,
                    mode,
                })
            })
            .collect()
    }

    /// The bytes its files hold (each inode once), as `docker system df -v` counts them.
    pub fn size(&self) -> u64 {
        let t = self.data.lock();
        let mut seen = std::collections::BTreeSet::new();
        t.layer
            .iter()
            .map(|(_, e)| match e {
                Upper::File(ino) if seen.insert(*ino) => {
                    t.layer.inode(*ino).map_or(0, |i| i.data.len() as u64)
                }
                Upper::Symlink { target, .. } => target.len() as u64,
                _ => 0,
            })
            .sum()
    }

    /// True when nothing is in it (what decides whether an image's content is copied in).
    pub fn is_empty(&self) -> bool {
        self.data.lock().layer.is_empty()
    }
}

/// Why a volume operation failed: moby's volume/service OpErr texts (`OP NAME: ERR`), which
/// the command line prefixes with `Error response from daemon: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VolumeError {
    /// volume/local's validateName.
    InvalidName { name: String },
    /// A one-character name.
    TooShort { name: String },
    /// `get NAME: no such volume`.
    NotFound { name: String },
    /// `remove NAME: volume is in use - [ID, ...]`: the containers using it (full IDs).
    InUse { name: String, refs: Vec<String> },
    /// `create NAME: error looking up volume plugin DRIVER: plugin "DRIVER" not found`.
    NoDriver { name: String, driver: String },
}

impl fmt::Display for VolumeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VolumeError::InvalidName { name } => write!(
                f,
                "create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
            ),
            VolumeError::TooShort { name } => write!(
                f,
                "create {name}: volume name is too short, names should be at least two alphanumeric characters"
            ),
            VolumeError::NotFound { name } => write!(f, "get {name}: no such volume"),
            VolumeError::InUse { name, refs } => {
                write!(f, "remove {name}: volume is in use - [{}]", refs.join(", "))
            }
            VolumeError::NoDriver { name, driver } => write!(
                f,
                "create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" not found"
            ),
        }
    }
}

impl std::error::Error for VolumeError {}

/// volume/local's name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (at least two characters).
pub fn valid_name(name: &str) -> bool {
    name.len() > 1
        && name
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_alphanumeric() || (i > 0 && matches!(b, b'_' | b'.' | b'-')))
}

/// The session's volumes, in the order they were made.
#[derive(Debug, Default)]
pub struct Volumes {
    list: Vec<Volume>,
    /// Anonymous volumes made so far, so that their names never repeat in a session.
    made: u64,
}

impl Volumes {
    pub fn new() -> Volumes {
        Volumes::default()
    }

    /// Every volume, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Volume> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The volume named exactly `name` (volumes have no ID prefixes).
    pub fn get(&self, name: &str) -> Option<&Volume> {
        self.list.iter().find(|v| v.name == name)
    }

    /// The volume, or moby's `get NAME: no such volume`.
    pub fn find(&self, name: &str) -> Result<&Volume, VolumeError> {
        self.get(name).ok_or_else(|| VolumeError::NotFound {
            name: name.to_string(),
        })
    }

    /// A fresh 64-hex name for an anonymous volume (moby uses random bytes; layerlab's is
    /// sha256 of the clock and a counter, so that a session replays the same).
    pub fn anonymous_name(&mut self, now: Timestamp) -> String {
        self.made += 1;
        Digest::of(format!("layerlab-volume {} {}", now.0, self.made).as_bytes()).hex()
    }

    /// `docker volume create`: makes the volume, or returns the one of that name as it is
    /// (moby's create is idempotent; the labels of the first create stay). `None` makes an
    /// anonymous volume with a fresh name.
    pub fn create(
        &mut self,
        name: Option<&str>,
        labels: Vec<(String, String)>,
        anonymous: bool,
        now: Timestamp,
    ) -> Result<&Volume, VolumeError> {
        let name = match name {
            Some(n) => n.to_string(),
            None => self.anonymous_name(now),
        };
        if name.len() == 1 && valid_name(&format!("{name}a")) {
            return Err(VolumeError::TooShort { name });
        }
        if !valid_name(&name) {
            return Err(VolumeError::InvalidName { name });
        }
        if let Some(i) = self.list.iter().position(|v| v.name == name) {
            return Ok(&self.list[i]);
        }
        let secs = now.unix_seconds().max(0) as u64;
        self.list.push(Volume {
            name,
            created: now,
            labels,
            options: Vec::new(),
            anonymous,
            data: SharedTree::new(Meta {
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime: secs,
            }),
        });
        let last = self.list.len() - 1;
        Ok(&self.list[last])
    }

    /// Removes the volume (the caller checked that no container uses it). Its data stays
    /// only in the trees that still hold it (none, when no container mounts it).
    pub fn remove(&mut self, name: &str) -> Option<Volume> {
        let i = self.list.iter().position(|v| v.name == name)?;
        Some(self.list.remove(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_is_idempotent_and_checks_names() {
        let mut v = Volumes::new();
        let now = Timestamp(0);
        assert!(v
            .create(Some("data"), vec![("a".into(), "b".into())], false, now)
            .is_ok());
        assert!(v.create(Some("data"), vec![], false, now).is_ok());
        assert_eq!(v.len(), 1);
        assert_eq!(v.get("data").map(|x| x.labels.len()), Some(1));
        let e = v.create(Some("a/b"), vec![], false, now).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("create a/b: \"a/b\" includes invalid"));
        let anon = v.create(None, vec![], true, now).unwrap().name.clone();
        assert_eq!(anon.len(), 64);
        assert!(v.get(&anon).is_some_and(|x| x.anonymous && x.is_empty()));
        assert_eq!(
            v.find("nope").unwrap_err().to_string(),
            "get nope: no such volume"
        );
    }
}
