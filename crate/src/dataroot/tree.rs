//! The file trees below `overlay2/<dir>/diff` and `merged`, read from what layerlab
//! already holds (never copied): an image layer's tar index, a container's writable
//! layer or init layer, a running container's merged root.
//!
//! overlay2 stores a layer's whiteouts as overlayfs does: a `.wh.NAME` tar entry becomes
//! a character device 0/0 named `NAME`, and `.wh..wh..opq` becomes an attribute of its
//! directory (not shown).

use crate::container::layer::{Layer as Upper, Upper as UpperEntry};
use crate::container::rootfs::Rootfs;
use crate::fs::{Kind as TarKind, LayerIndex};
use crate::sh::fs::{Error, Kind, Result, Stat};
use bytes::Bytes;
use std::sync::Arc;

/// A tree, materialised.
pub(super) enum Tree<'a> {
    Layer(Arc<LayerIndex>),
    /// A container's writable layer or init layer.
    Upper(&'a Upper),
    /// A running container's root without its runtime mounts (what the host sees in
    /// `merged/`: the bind mounts live in the container's mount namespace).
    Merged(Box<Rootfs>),
    /// An empty directory.
    Empty,
}

pub(super) fn stat(kind: Kind, mode: u32, size: u64, mtime: u64) -> Stat {
    Stat {
        kind,
        size,
        mode,
        mtime,
        uid: 0,
        gid: 0,
        nlink: if kind == Kind::Dir { 2 } else { 1 },
        link: None,
        device: None,
    }
}

fn kind(k: TarKind) -> Kind {
    match k {
        TarKind::File | TarKind::Hardlink => Kind::File,
        TarKind::Dir => Kind::Dir,
        TarKind::Symlink => Kind::Symlink,
        TarKind::Char => Kind::Char,
        TarKind::Block => Kind::Block,
        TarKind::Fifo => Kind::Fifo,
    }
}

/// overlayfs' whiteout: `c---------` 0/0.
fn whiteout(mtime: u64) -> Stat {
    Stat {
        device: Some((0, 0)),
        ..stat(Kind::Char, 0, 0, mtime)
    }
}

fn parent(p: &str) -> &str {
    p.rsplit_once('/').map_or("", |(d, _)| d)
}

fn child_of<'a>(dir: &str, p: &'a str) -> Option<&'a str> {
    let rest = if dir.is_empty() {
        p
    } else {
        p.strip_prefix(dir)?.strip_prefix('/')?
    };
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

impl Tree<'_> {
    /// The root directory's time.
    fn root(&self, mtime: u64) -> Stat {
        stat(Kind::Dir, 0o755, 4096, mtime)
    }

    /// `lstat` of a path inside the tree (`""`: its root).
    pub fn lstat(&self, p: &str, mtime: u64) -> Result<Stat> {
        if p.is_empty() {
            return Ok(self.root(mtime));
        }
        match self {
            Tree::Layer(ix) => layer_stat(ix, p).ok_or(Error::NotFound),
            Tree::Upper(l) => upper_stat(l, p).ok_or(Error::NotFound),
            Tree::Merged(r) => Ok((&r.lstat(&format!("/{p}"))?).into()),
            Tree::Empty => Err(Error::NotFound),
        }
    }

    /// `stat`: a symbolic link inside the tree is followed while its target is relative
    /// (an absolute target names a path of the host, where the image's files are not).
    pub fn stat(&self, p: &str, mtime: u64) -> Result<Stat> {
        let mut p = p.to_string();
        for _ in 0..16 {
            let st = self.lstat(&p, mtime)?;
            let Some(target) = st.link.clone().filter(|_| st.kind == Kind::Symlink) else {
                return Ok(st);
            };
            if target.starts_with('/') {
                return Err(Error::NotFound);
            }
            p = clean(&format!("{}/{target}", parent(&p))).ok_or(Error::NotFound)?;
        }
        Err(Error::Loop)
    }

    pub fn list(&self, p: &str, mtime: u64) -> Result<Vec<(String, Stat)>> {
        if !self.stat(p, mtime)?.is_dir() {
            return Err(Error::NotDir);
        }
        let mut out: Vec<(String, Stat)> = match self {
            Tree::Layer(ix) => {
                let mut v: Vec<(String, Stat)> = ix
                    .tree()
                    .filter_map(|(path, _)| child_of(p, path))
                    .filter(|n| !n.starts_with(".wh."))
                    .filter_map(|n| {
                        let full = join(p, n);
                        Some((n.to_string(), layer_stat(ix, &full)?))
                    })
                    .collect();
                v.extend(
                    ix.whiteouts()
                        .filter_map(|w| child_of(p, w))
                        .filter(|n| !ix.contains(&join(p, n)))
                        .map(|n| (n.to_string(), whiteout(0))),
                );
                v
            }
            Tree::Upper(l) => l
                .child_names(p)
                .into_iter()
                .filter_map(|n| {
                    let st = upper_stat(l, &join(p, &n))?;
                    Some((n, st))
                })
                .collect(),
            Tree::Merged(r) => r
                .read_dir(&format!("/{p}"))?
                .into_iter()
                .map(|(n, s)| (n, (&s).into()))
                .collect(),
            Tree::Empty => Vec::new(),
        };
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        Ok(out)
    }

    pub fn read(&self, p: &str, mtime: u64) -> Result<Bytes> {
        let st = self.stat(p, mtime)?;
        if st.is_dir() {
            return Err(Error::IsDir);
        }
        let mut p = p.to_string();
        // Follow relative links as `stat` did.
        for _ in 0..16 {
            let l = self.lstat(&p, mtime)?;
            match l.link.filter(|_| l.kind == Kind::Symlink) {
                Some(t) => p = clean(&format!("{}/{t}", parent(&p))).ok_or(Error::NotFound)?,
                None => break,
            }
        }
        match self {
            Tree::Layer(ix) => {
                let Some(mut e) = ix.get(&p) else {
                    return Ok(Bytes::new());
                };
                if e.kind == TarKind::Hardlink {
                    if let Some(t) = e.link.as_deref().and_then(|t| ix.get(t)) {
                        e = t;
                    }
                }
                if e.kind != TarKind::File {
                    return Ok(Bytes::new());
                }
                ix.data(e).map_err(|e| Error::Other(e.to_string()))
            }
            Tree::Upper(l) => Ok(match l.get(&p) {
                Some(UpperEntry::File(ino)) => {
                    l.inode(*ino).map(|i| i.data.clone()).unwrap_or_default()
                }
                _ => Bytes::new(),
            }),
            Tree::Merged(r) => Ok(r.read_file(&format!("/{p}"))?),
            Tree::Empty => Err(Error::NotFound),
        }
    }
}

/// A layer entry as overlay2's `diff/` holds it.
fn layer_stat(ix: &LayerIndex, p: &str) -> Option<Stat> {
    match ix.get(p) {
        Some(e) => {
            let mut e = e;
            if e.kind == TarKind::Hardlink {
                e = e.link.as_deref().and_then(|t| ix.get(t)).unwrap_or(e);
            }
            let k = kind(e.kind);
            let size = match k {
                Kind::Dir => 4096,
                Kind::Symlink => e.link.as_ref().map_or(0, |l| l.len() as u64),
                Kind::File => e.size,
                _ => 0,
            };
            Some(Stat {
                uid: e.uid,
                gid: e.gid,
                link: e.link.clone().filter(|_| k == Kind::Symlink),
                device: e.device,
                ..stat(k, e.mode, size, e.mtime)
            })
        }
        None if ix.contains(p) => Some(stat(Kind::Dir, 0o755, 4096, 0)),
        None if ix.hides(p) => Some(whiteout(0)),
        None => None,
    }
}

/// A writable layer's entry as overlayfs keeps it in the upper directory.
fn upper_stat(l: &Upper, p: &str) -> Option<Stat> {
    Some(match l.get(p)? {
        UpperEntry::File(ino) => {
            let i = l.inode(*ino)?;
            Stat {
                uid: i.meta.uid,
                gid: i.meta.gid,
                nlink: l.links(*ino),
                ..stat(Kind::File, i.meta.mode, i.data.len() as u64, i.meta.mtime)
            }
        }
        UpperEntry::Dir { meta, .. } => Stat {
            uid: meta.uid,
            gid: meta.gid,
            ..stat(Kind::Dir, meta.mode, 4096, meta.mtime)
        },
        UpperEntry::Symlink { meta, target } => Stat {
            uid: meta.uid,
            gid: meta.gid,
            link: Some(target.clone()),
            ..stat(Kind::Symlink, meta.mode, target.len() as u64, meta.mtime)
        },
        UpperEntry::Special {
            kind: k,
            meta,
            device,
        } => Stat {
            uid: meta.uid,
            gid: meta.gid,
            device: *device,
            ..stat(kind(*k), meta.mode, 0, meta.mtime)
        },
        UpperEntry::Whiteout { mtime } => whiteout(*mtime),
    })
}

pub(super) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// A relative path with `.` and `..` taken; `None` when it climbs out of the tree.
pub(super) fn clean(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}
