//! What each layer changed, relative to the merged view of the layers below it, as dive
//! marks its trees: a path the layer brings that did not exist below is Added; one that
//! did is Modified, or Unchanged when type, mode, owner and contents are all the same
//! (a directory is Modified when its attributes or anything below it changed); a path a
//! whiteout or an opaque directory hides is Deleted, with the bytes it took.

use super::layer::{Entry, Kind, LayerIndex};
use super::union::{Node, Union};
use std::collections::HashSet;
use std::sync::Arc;

/// How a path changed in one layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Modified,
    /// Present in the layer, identical to what was below (dive's "unmodified").
    Unchanged,
    Deleted,
}

impl ChangeKind {
    /// `A`, `M`, `U` or `D`.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Added => 'A',
            ChangeKind::Modified => 'M',
            ChangeKind::Unchanged => 'U',
            ChangeKind::Deleted => 'D',
        }
    }
}

/// One changed path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Relative path (no leading `/`).
    pub path: String,
    pub kind: ChangeKind,
    /// What the path is in the layer (for Deleted: what it was below).
    pub node_kind: Kind,
    /// Added, Modified, Unchanged: the entry's data bytes. Deleted: the bytes of the
    /// regular files removed at and below the path.
    pub size: u64,
}

/// The changes of `layer` applied over `below`, in path order.
pub fn layer_changes(below: &Union, layer: &LayerIndex) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let deleted = |path: &str, node: &Node, out: &mut Vec<Change>| {
        if !layer.contains(path) {
            out.push(Change {
                path: path.to_string(),
                kind: ChangeKind::Deleted,
                node_kind: node.kind,
                size: below.file_bytes(path),
            });
        }
    };
    for dir in layer.opaque_dirs() {
        if let Ok(children) = below.children(dir) {
            for (name, node) in children {
                let path = if dir.is_empty() {
                    name.to_string()
                } else {
                    format!("{dir}/{name}")
                };
                if !layer.hides(&path) {
                    deleted(&path, node, &mut out);
                }
            }
        }
    }
    for path in layer.whiteouts() {
        if let Some(node) = below.get(path) {
            deleted(path, node, &mut out);
        }
    }
    // Directories decide last: they changed when anything below them did.
    let mut dirs: Vec<(String, Kind)> = Vec::new();
    for (path, entry) in layer.tree() {
        let old = below.get(path);
        let Some(entry) = entry else {
            match old {
                Some(n) if n.kind.is_dir() => {}
                Some(_) => out.push(change(path, ChangeKind::Modified, Kind::Dir, 0)),
                None => out.push(change(path, ChangeKind::Added, Kind::Dir, 0)),
            }
            continue;
        };
        let Some(old) = old else {
            out.push(change(path, ChangeKind::Added, entry.kind, entry.size));
            continue;
        };
        let same = same_attributes(old, entry) && same_contents(below, old, layer, entry);
        if entry.kind.is_dir() && same {
            dirs.push((path.to_string(), entry.kind));
            continue;
        }
        let kind = if same {
            ChangeKind::Unchanged
        } else {
            ChangeKind::Modified
        };
        out.push(change(path, kind, entry.kind, entry.size));
    }
    let mut dirty: HashSet<&str> = HashSet::new();
    for c in &out {
        if c.kind == ChangeKind::Unchanged {
            continue;
        }
        let mut p = super::parent(&c.path);
        while !p.is_empty() && dirty.insert(p) {
            p = super::parent(p);
        }
    }
    let decided: Vec<Change> = dirs
        .into_iter()
        .map(|(path, kind)| {
            let k = if dirty.contains(path.as_str()) {
                ChangeKind::Modified
            } else {
                ChangeKind::Unchanged
            };
            change(&path, k, kind, 0)
        })
        .collect();
    out.extend(decided);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The changes of every layer, bottom first.
pub fn image_changes(layers: &[Arc<LayerIndex>]) -> Vec<Vec<Change>> {
    let mut below = Union::new();
    let mut all = Vec::with_capacity(layers.len());
    for l in layers {
        all.push(layer_changes(&below, l));
        below.push(l.clone());
    }
    all
}

/// One line per change: `A      1.2kB  /etc/hostname` (Unchanged paths left out).
pub fn render(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes.iter().filter(|c| c.kind != ChangeKind::Unchanged) {
        s.push_str(&format!(
            "{}  {:>8}  /{}\n",
            c.kind.letter(),
            crate::format::human_size(c.size),
            c.path
        ));
    }
    s
}

fn change(path: &str, kind: ChangeKind, node_kind: Kind, size: u64) -> Change {
    Change {
        path: path.to_string(),
        kind,
        node_kind,
        size,
    }
}

fn same_attributes(old: &Node, new: &Entry) -> bool {
    old.kind == new.kind
        && old.mode == new.mode
        && old.uid == new.uid
        && old.gid == new.gid
        && old.device == new.device
}

fn same_contents(below: &Union, old: &Node, layer: &LayerIndex, new: &Entry) -> bool {
    match new.kind {
        Kind::File => {
            old.size == new.size
                && below
                    .content(old)
                    .zip(layer.data(new).ok())
                    .is_some_and(|(a, b)| a == b)
        }
        Kind::Symlink | Kind::Hardlink => old.link == new.link,
        _ => true,
    }
}
