//! The image filesystem: what a stack of layers looks like once unpacked, without
//! unpacking anything. A layer's tar is indexed once ([`LayerIndex`], immutable, shared
//! through `Arc` by every image and container that uses it); a [`Union`] merges an
//! ordered stack of them with the whiteout rules of the OCI image spec and containerd;
//! [`diff`] lists what each layer changed; [`efficiency`] is dive's analysis of wasted
//! space. File contents stay views into the layers' tar bytes.

pub mod diff;
pub mod efficiency;
pub mod layer;
pub mod snapshots;
pub mod union;

pub use layer::{Entry, Kind, LayerIndex, Marker};
pub use snapshots::Snapshots;
pub use union::{Follow, Node, Union};

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

/// Why a path lookup in a [`Union`] failed. Each names the path as it was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathLookupError {
    /// ENOENT: a component does not exist (or a hardlink's target is gone).
    NotFound(String),
    /// ENOTDIR: a component before the last is not a directory.
    NotADirectory(String),
    /// ELOOP: more than 40 symbolic links on the way.
    Loop(String),
    /// EISDIR: file contents asked of a directory.
    IsADirectory(String),
    /// Contents asked of something that has none (a device, a fifo, a dangling hardlink).
    NotAFile(String),
}

impl PathLookupError {
    /// The path the lookup was asked for.
    pub fn path(&self) -> &str {
        match self {
            PathLookupError::NotFound(p)
            | PathLookupError::NotADirectory(p)
            | PathLookupError::Loop(p)
            | PathLookupError::IsADirectory(p)
            | PathLookupError::NotAFile(p) => p,
        }
    }

    /// The strerror text a shell prints (`cat: x: No such file or directory`).
    pub fn reason(&self) -> &'static str {
        match self {
            PathLookupError::NotFound(_) => "No such file or directory",
            PathLookupError::NotADirectory(_) => "Not a directory",
            PathLookupError::Loop(_) => "Too many levels of symbolic links",
            PathLookupError::IsADirectory(_) => "Is a directory",
            PathLookupError::NotAFile(_) => "No such device or address",
        }
    }
}

impl fmt::Display for PathLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.reason().to_lowercase())
    }
}

impl std::error::Error for PathLookupError {}

/// The keys strictly below `dir` in a map keyed by `/`-joined relative paths (the root is
/// `""`). Children of `a/b` are the keys from `a/b/` up to `a/b0` (`'0'` follows `'/'`).
pub(crate) fn below_range(dir: &str) -> (Bound<String>, Bound<String>) {
    if dir.is_empty() {
        (Bound::Excluded(String::new()), Bound::Unbounded)
    } else {
        (
            Bound::Included(format!("{dir}/")),
            Bound::Excluded(format!("{dir}0")),
        )
    }
}

/// Removes every key strictly below `dir`; returns how many went.
pub(crate) fn remove_below<V>(map: &mut BTreeMap<String, V>, dir: &str) -> usize {
    let keys: Vec<String> = map
        .range(below_range(dir))
        .map(|(k, _)| k.clone())
        .collect();
    for k in &keys {
        map.remove(k);
    }
    keys.len()
}

/// The parent of a relative path (`""` for top-level names).
pub(crate) fn parent(path: &str) -> &str {
    path.rfind('/').map(|i| &path[..i]).unwrap_or("")
}

/// The last component of a relative path.
pub(crate) fn base(path: &str) -> &str {
    path.rfind('/').map(|i| &path[i + 1..]).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_exactly_the_subtree() {
        let mut m: BTreeMap<String, ()> = BTreeMap::new();
        for k in ["", "a", "a-b", "a/b", "a/b/c", "a0", "a.c", "b"] {
            m.insert(k.to_string(), ());
        }
        let below: Vec<&str> = m.range(below_range("a")).map(|(k, _)| k.as_str()).collect();
        assert_eq!(below, ["a/b", "a/b/c"]);
        assert_eq!(m.range(below_range("")).count(), 7);
        assert_eq!(remove_below(&mut m, "a"), 2);
        assert!(m.contains_key("a") && m.contains_key("a0"));
        assert_eq!((parent("a/b/c"), base("a/b/c")), ("a/b", "c"));
        assert_eq!((parent("a"), base("a")), ("", "a"));
    }
}
