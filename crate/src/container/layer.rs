//! A writable layer: what overlayfs keeps in a container's upper directory. Paths map to
//! entries (files, directories with their opaque flag, symlinks, devices and fifos, and
//! whiteouts); regular files point at inodes, so that hardlinks share their bytes and
//! metadata as on a real filesystem. Every entry's ancestors are directories of the layer
//! (overlayfs copies parents up before it writes below them).
//!
//! The same type holds Docker's init layer and the tmpfs mounted on `/dev`.

use crate::fs::Kind;
use bytes::Bytes;
use std::collections::BTreeMap;
use std::ops::Bound;

/// An inode number, unique within one layer.
pub type Ino = u64;

/// Permission bits and ownership of an entry, and its modification time (seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Meta {
    /// `mode & 0o7777`.
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: u64,
}

/// One path of a writable layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Upper {
    /// A regular file: its bytes and metadata are the inode's.
    File(Ino),
    /// A directory; `opaque` hides every lower child (`trusted.overlay.opaque=y`).
    Dir {
        meta: Meta,
        opaque: bool,
    },
    Symlink {
        meta: Meta,
        target: String,
    },
    /// A character or block device (with its numbers) or a fifo.
    Special {
        kind: Kind,
        meta: Meta,
        device: Option<(u32, u32)>,
    },
    /// The path is deleted from the layers below (overlayfs' 0/0 character device), made
    /// at `mtime`.
    Whiteout {
        mtime: u64,
    },
}

impl Upper {
    /// The entry's kind (`None` for a whiteout).
    pub fn kind(&self) -> Option<Kind> {
        match self {
            Upper::File(_) => Some(Kind::File),
            Upper::Dir { .. } => Some(Kind::Dir),
            Upper::Symlink { .. } => Some(Kind::Symlink),
            Upper::Special { kind, .. } => Some(*kind),
            Upper::Whiteout { .. } => None,
        }
    }

    pub fn is_dir(&self) -> bool {
        matches!(self, Upper::Dir { .. })
    }
}

/// A regular file's bytes and metadata, shared by its hardlinks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inode {
    /// A view into an image layer after a copy-up, or bytes the container wrote.
    pub data: Bytes,
    pub meta: Meta,
}

/// What a layer says about a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State<'a> {
    /// The layer has an entry there.
    Entry(&'a Upper),
    /// The layer hides whatever the layers below have there (a whiteout at the path or
    /// above it, an opaque directory above it, or a non-directory above it).
    Hidden,
    /// The layer says nothing: look below.
    Absent,
}

/// A writable layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    entries: BTreeMap<String, Upper>,
    inodes: BTreeMap<Ino, Inode>,
    next_ino: Ino,
    /// The opaque directories among `entries` (kept so that lookups stay cheap).
    opaques: std::collections::BTreeSet<String>,
    /// How many entries name each inode (kept so that a stat needs no walk of `entries`).
    links: BTreeMap<Ino, u64>,
}

impl Layer {
    pub fn new() -> Layer {
        Layer::default()
    }

    /// Number of entries (whiteouts included).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at `path` (relative, cleaned), if the layer has one.
    pub fn get(&self, path: &str) -> Option<&Upper> {
        self.entries.get(path)
    }

    /// The inode a file entry points at.
    pub fn inode(&self, ino: Ino) -> Option<&Inode> {
        self.inodes.get(&ino)
    }

    pub(crate) fn inode_mut(&mut self, ino: Ino) -> Option<&mut Inode> {
        self.inodes.get_mut(&ino)
    }

    /// How many paths of the layer name the inode.
    pub fn links(&self, ino: Ino) -> u64 {
        self.links.get(&ino).copied().unwrap_or(0)
    }

    /// Every entry, in path order (a directory before what is below it).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Upper)> + '_ {
        self.entries.iter().map(|(p, e)| (p.as_str(), e))
    }

    /// What the layer says about `path`, as overlayfs resolves it.
    pub fn state(&self, path: &str) -> State<'_> {
        if let Some(e) = self.entries.get(path) {
            return match e {
                Upper::Whiteout { .. } => State::Hidden,
                e => State::Entry(e),
            };
        }
        if self.covers(path) {
            State::Hidden
        } else {
            State::Absent
        }
    }

    /// True when an ancestor of `path` in this layer hides the lower layers' `path`: a
    /// whiteout, an opaque directory or a non-directory above it. Every entry's parents
    /// are directories of the layer, so only the nearest ancestor present needs a look,
    /// besides the (few) opaque directories.
    pub fn covers(&self, path: &str) -> bool {
        let mut p = crate::fs::parent(path);
        while !p.is_empty() {
            match self.entries.get(p) {
                None => {}
                Some(Upper::Dir { .. }) => break,
                Some(_) => return true,
            }
            p = crate::fs::parent(p);
        }
        if self.opaques.is_empty() {
            return false;
        }
        let mut p = crate::fs::parent(path);
        while !p.is_empty() {
            if self.opaques.contains(p) {
                return true;
            }
            p = crate::fs::parent(p);
        }
        false
    }

    /// The names directly below `dir` that the layer has (whiteouts included).
    pub fn child_names(&self, dir: &str) -> Vec<String> {
        let (lo, hi) = crate::fs::below_range(dir);
        let prefix = if dir.is_empty() { 0 } else { dir.len() + 1 };
        let mut out = Vec::new();
        let mut cursor = lo;
        while let Some((p, _)) = self.entries.range((cursor, hi.clone())).next() {
            let rest = p.get(prefix..).unwrap_or("");
            match rest.find('/') {
                None => {
                    out.push(rest.to_string());
                    cursor = Bound::Excluded(p.clone());
                }
                Some(i) => {
                    let child = p.get(..prefix + i).unwrap_or(p);
                    cursor = Bound::Included(format!("{child}0"));
                }
            }
        }
        out
    }

    /// Every path strictly below `dir`, in path order.
    pub fn below(&self, dir: &str) -> impl Iterator<Item = (&str, &Upper)> + '_ {
        self.entries
            .range(crate::fs::below_range(dir))
            .map(|(p, e)| (p.as_str(), e))
    }

    /// Adds an inode and returns its number.
    pub(crate) fn add_inode(&mut self, data: Bytes, meta: Meta) -> Ino {
        self.next_ino += 1;
        self.inodes.insert(self.next_ino, Inode { data, meta });
        self.next_ino
    }

    /// Puts `entry` at `path`; when it replaces a directory by something else, what was
    /// below goes too. Inodes no path names any more are dropped.
    pub(crate) fn insert(&mut self, path: &str, entry: Upper) {
        let replaces_tree = !entry.is_dir();
        if matches!(entry, Upper::Dir { opaque: true, .. }) {
            self.opaques.insert(path.to_string());
        } else {
            self.opaques.remove(path);
        }
        if let Upper::File(ino) = entry {
            *self.links.entry(ino).or_default() += 1;
        }
        if let Some(old) = self.entries.insert(path.to_string(), entry) {
            self.unlink(&old);
            if old.is_dir() && replaces_tree {
                self.remove_below(path);
            } else {
                self.collect();
            }
        }
    }

    /// Removes `path` and everything below it.
    pub(crate) fn remove_tree(&mut self, path: &str) {
        if path.is_empty() {
            self.entries.clear();
            self.opaques.clear();
            self.links.clear();
        } else {
            if let Some(old) = self.entries.remove(path) {
                self.unlink(&old);
            }
            self.opaques.remove(path);
        }
        self.remove_below(path);
    }

    /// Removes everything strictly below `path`.
    pub(crate) fn remove_below(&mut self, path: &str) {
        let gone: Vec<String> = self
            .entries
            .range(crate::fs::below_range(path))
            .map(|(p, _)| p.clone())
            .collect();
        for p in gone {
            if let Some(old) = self.entries.remove(&p) {
                self.unlink(&old);
            }
        }
        let below: Vec<String> = self
            .opaques
            .range(crate::fs::below_range(path))
            .cloned()
            .collect();
        for b in below {
            self.opaques.remove(&b);
        }
        self.collect();
    }

    pub(crate) fn entry_mut(&mut self, path: &str) -> Option<&mut Upper> {
        self.entries.get_mut(path)
    }

    /// One entry less names `old`'s inode, when it is a file.
    fn unlink(&mut self, old: &Upper) {
        if let Upper::File(ino) = old {
            if let Some(n) = self.links.get_mut(ino) {
                *n -= 1;
                if *n == 0 {
                    self.links.remove(ino);
                }
            }
        }
    }

    /// Drops inodes that no entry names.
    fn collect(&mut self) {
        let links = &self.links;
        self.inodes.retain(|i, _| links.contains_key(i));
    }
}

/// Orders paths as a depth-first walk with each directory's names sorted bytewise
/// (Go's `filepath.Walk`): `a`, `a/x`, `a-b` — where a plain string sort gives `a-b`
/// before `a/x`.
pub fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> Upper {
        Upper::Dir {
            meta: Meta::default(),
            opaque: false,
        }
    }

    #[test]
    fn state_follows_overlay_rules() {
        let mut l = Layer::new();
        l.insert("a", dir());
        l.insert(
            "a/o",
            Upper::Dir {
                meta: Meta::default(),
                opaque: true,
            },
        );
        l.insert("a/w", Upper::Whiteout { mtime: 1 });
        let ino = l.add_inode(Bytes::from_static(b"x"), Meta::default());
        l.insert("a/f", Upper::File(ino));
        assert!(matches!(l.state("a"), State::Entry(_)));
        assert_eq!(l.state("a/o/x"), State::Hidden);
        assert_eq!(l.state("a/w"), State::Hidden);
        assert_eq!(l.state("a/w/deep"), State::Hidden);
        assert_eq!(l.state("a/f/x"), State::Hidden);
        assert_eq!(l.state("a/other"), State::Absent);
        assert_eq!(l.state("b"), State::Absent);
        assert_eq!(l.child_names("a"), ["f", "o", "w"]);
        assert_eq!(l.child_names(""), ["a"]);
        l.insert("a", Upper::Whiteout { mtime: 2 });
        assert_eq!(l.len(), 1);
        assert!(l.inode(ino).is_none());
    }

    #[test]
    fn walk_order_is_depth_first() {
        let mut v = vec!["a-b", "a/x", "a", "a.c", "b", "a/x/y"];
        v.sort_by(|a, b| walk_order(a, b));
        assert_eq!(v, ["a", "a/x", "a/x/y", "a-b", "a.c", "b"]);
    }
}
