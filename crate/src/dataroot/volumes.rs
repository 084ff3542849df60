//! `volumes/`: where Docker keeps named volumes (`volumes/<name>/_data/` with the
//! volume's files, and `volumes/metadata.db`, the volume store's boltdb, which layerlab
//! leaves out).
//!
//! The hook for volumes: a [`Volumes`] gives the entries of `volumes/` and of every
//! directory below it. The session has no volumes yet ([`NoVolumes`]: `volumes/` is
//! empty); when it has, implement [`Volumes`] over them (`entries(&[])` lists one
//! directory per volume, `entries(&["NAME"])` gives `_data`, `entries(&["NAME", "_data",
//! ...])` the volume's files) and hand it to [`super::DataRoot::new`].

use bytes::Bytes;

/// An entry of a directory below `volumes/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A directory with these permission bits.
    Dir(u32),
    /// A file's bytes and permission bits.
    File(Bytes, u32),
}

/// The volumes' side of the data root.
pub trait Volumes {
    /// The entries of `volumes/<path...>` (`path` empty: `volumes/` itself), by name;
    /// empty for a directory that has none or does not exist.
    fn entries(&self, path: &[&str]) -> Vec<(String, Entry)>;
}

/// A session without volumes.
pub struct NoVolumes;

impl Volumes for NoVolumes {
    fn entries(&self, _path: &[&str]) -> Vec<(String, Entry)> {
        Vec::new()
    }
}
