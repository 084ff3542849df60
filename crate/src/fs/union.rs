//! The merged view of a stack of layers (bottom first), as containerd's `applyNaive` and
//! overlayfs would show it once every layer is applied:
//! - `dir/.wh.name` hides `dir/name` and everything below it in the layers *below*; an
//!   entry of the same layer is never hidden by it, wherever it sits in the tar;
//! - `dir/.wh..wh..opq` hides every lower child of `dir`; the layer's own entries stay;
//! - a directory over a directory merges (the upper one's attributes win); anything else
//!   replaces the lower path whole (a file over a directory removes the directory's tree);
//! - a directory that a layer only implies (it has entries below it but no entry of its
//!   own) keeps a lower directory as it is, and otherwise appears with mode 0755.
//!
//! The tree is built once, in one pass per layer: a `BTreeMap` from path to [`Node`], so a
//! lookup is one O(log n) search per component and a subtree is one contiguous range.
//! Symbolic links resolve inside the image root; hardlinks are resolved when their layer
//! is applied, to the content they named at that moment.

use super::layer::{Kind, LayerIndex};
use super::{below_range, remove_below, PathLookupError};
use crate::content::Blob;
use bytes::Bytes;
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

/// Symbolic links followed before a lookup fails with ELOOP (Linux's MAXSYMLINKS).
pub const MAX_SYMLINKS: usize = 40;

/// Whether a lookup follows a symbolic link in the last component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// Like `stat`, `open`: the last component is followed too.
    Always,
    /// Like `lstat`, `readlink`: links before the last component only.
    ExceptLast,
}

/// Where a file's bytes start: in one layer's uncompressed tar (they run for the node's
/// size). Kept small, as a merged view holds one per path: the offset is stored plus one,
/// so that `Option<Content>` needs no room of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Content {
    at: std::num::NonZeroU64,
    layer: u32,
}

impl Content {
    fn new(layer: usize, offset: u64) -> Option<Content> {
        Some(Content {
            at: std::num::NonZeroU64::new(offset.checked_add(1)?)?,
            layer: u32::try_from(layer).ok()?,
        })
    }

    fn layer(self) -> usize {
        self.layer as usize
    }

    fn offset(self) -> u64 {
        self.at.get() - 1
    }
}

/// One path of the merged view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The layer (bottom = 0) whose entry this is.
    pub layer: usize,
    pub kind: Kind,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: u64,
    /// Files: bytes of data. Hardlinks: their target's bytes. Symlinks: the length of the
    /// target (as `lstat` reports). Others: 0.
    pub size: u64,
    /// A symlink's target as written, or a hardlink's target path.
    pub link: Option<String>,
    pub device: Option<(u32, u32)>,
    /// A directory no layer has an entry for: it exists because deeper paths do.
    pub implicit: bool,
    content: Option<Content>,
}

impl Node {
    fn implicit_dir(layer: usize) -> Node {
        Node {
            layer,
            kind: Kind::Dir,
            mode: 0o755,
            uid: 0,
            gid: 0,
            mtime: 0,
            size: 0,
            link: None,
            device: None,
            implicit: true,
            content: None,
        }
    }

    /// True when reading it gives bytes (a file, or a hardlink whose target was found).
    pub fn has_content(&self) -> bool {
        self.content.is_some()
    }
}

/// The merged tree of a stack of layers.
#[derive(Clone, Debug)]
pub struct Union {
    layers: Vec<Arc<LayerIndex>>,
    /// Every path, relative; the root is `""`.
    nodes: BTreeMap<String, Node>,
}

impl Default for Union {
    fn default() -> Union {
        Union::new()
    }
}

impl Union {
    /// The empty filesystem (`FROM scratch`): only the root directory.
    pub fn new() -> Union {
        let mut nodes = BTreeMap::new();
        nodes.insert(String::new(), Node::implicit_dir(0));
        Union {
            layers: Vec::new(),
            nodes,
        }
    }

    /// Merges `layers`, bottom first.
    pub fn build(layers: impl IntoIterator<Item = Arc<LayerIndex>>) -> Union {
        let mut u = Union::new();
        for l in layers {
            u.push(l);
        }
        u
    }

    /// Applies one more layer on top.
    pub fn push(&mut self, layer: Arc<LayerIndex>) {
        let i = self.layers.len();
        // Markers hide lower content only, so they go first: what this layer adds below
        // is applied afterwards and stays.
        for dir in layer.opaque_dirs() {
            if self.nodes.get(dir).is_some_and(|n| n.kind.is_dir()) {
                remove_below(&mut self.nodes, dir);
            }
        }
        for path in layer.whiteouts() {
            if self.nodes.remove(path).is_some() {
                remove_below(&mut self.nodes, path);
            }
        }
        for (path, entry) in layer.tree() {
            let Some(entry) = entry else {
                // An implied directory keeps a lower directory and replaces anything else.
                if !self.nodes.get(path).is_some_and(|n| n.kind.is_dir()) {
                    self.replace(path, Node::implicit_dir(i));
                }
                continue;
            };
            let mut node = Node {
                layer: i,
                kind: entry.kind,
                mode: entry.mode,
                uid: entry.uid,
                gid: entry.gid,
                mtime: entry.mtime,
                size: 0,
                link: entry.link.clone(),
                device: entry.device,
                implicit: false,
                content: None,
            };
            match entry.kind {
                Kind::File => {
                    node.size = entry.size;
                    node.content = Content::new(i, entry.offset);
                }
                Kind::Symlink => node.size = entry.link.as_ref().map_or(0, |l| l.len() as u64),
                Kind::Hardlink => {
                    let found = entry
                        .link
                        .as_deref()
                        .and_then(|t| self.hardlink_content(&layer, i, t));
                    node.content = found.map(|(c, _)| c);
                    node.size = found.map_or(0, |(_, len)| len);
                }
                _ => {}
            }
            match self.nodes.get_mut(path) {
                Some(old) if old.kind.is_dir() && node.kind.is_dir() => *old = node,
                _ => self.replace(path, node),
            }
        }
        self.layers.push(layer);
    }

    /// Puts `node` at `path`, removing whatever was there and below it.
    fn replace(&mut self, path: &str, node: Node) {
        if self.nodes.insert(path.to_string(), node).is_some() {
            remove_below(&mut self.nodes, path);
        }
    }

    /// The bytes a hardlink in layer `i` names, and their length: an entry of its own
    /// layer, else what the layers below show at that path.
    fn hardlink_content(
        &self,
        layer: &LayerIndex,
        i: usize,
        target: &str,
    ) -> Option<(Content, u64)> {
        let mut target = target.to_string();
        for _ in 0..=MAX_SYMLINKS {
            if let Some(e) = layer.get(&target) {
                match (e.kind, &e.link) {
                    (Kind::File, _) => return Content::new(i, e.offset).map(|c| (c, e.size)),
                    (Kind::Hardlink, Some(next)) => {
                        target = next.clone();
                        continue;
                    }
                    _ => return None,
                }
            }
            if layer.contains(&target) {
                return None; // a directory this layer implies
            }
            return self
                .nodes
                .get(&target)
                .filter(|n| matches!(n.kind, Kind::File | Kind::Hardlink))
                .and_then(|n| n.content.map(|c| (c, n.size)));
        }
        None
    }

    /// The layers, bottom first.
    pub fn layers(&self) -> &[Arc<LayerIndex>] {
        &self.layers
    }

    /// Number of paths, the root not counted.
    pub fn len(&self) -> usize {
        self.nodes.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The node at `path` exactly as named: no symbolic link is followed. `path` may be
    /// absolute or relative to the root; `.` and `..` are taken lexically.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(&clean(path))
    }

    /// Every path but the root, in path order (parents before children).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> + '_ {
        self.nodes
            .iter()
            .filter(|(p, _)| !p.is_empty())
            .map(|(p, n)| (p.as_str(), n))
    }

    /// Every path strictly below `dir` (a real path, as [`lookup`](Self::lookup) gives),
    /// in path order.
    pub fn below(&self, dir: &str) -> impl Iterator<Item = (&str, &Node)> + '_ {
        self.nodes
            .range(below_range(dir))
            .map(|(p, n)| (p.as_str(), n))
    }

    /// Resolves `path` inside the image root: absolute symlink targets start at the root,
    /// `..` stops at the root, every component's links are followed (the last one's as
    /// `follow` says). Returns the real path (relative, `""` for the root) and its node.
    pub fn lookup(&self, path: &str, follow: Follow) -> Result<(String, &Node), PathLookupError> {
        let mut pending: Vec<String> = path
            .split('/')
            .rev()
            .filter(|c| !c.is_empty() && *c != ".")
            .map(str::to_string)
            .collect();
        // The resolved prefix, and where each of its components starts (for `..`).
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
            let candidate = if real.is_empty() {
                c.clone()
            } else {
                format!("{real}/{c}")
            };
            let Some(node) = self.nodes.get(&candidate) else {
                return Err(PathLookupError::NotFound(path.to_string()));
            };
            let last = pending.is_empty();
            if node.kind == Kind::Symlink && (!last || follow == Follow::Always) {
                hops += 1;
                if hops > MAX_SYMLINKS {
                    return Err(PathLookupError::Loop(path.to_string()));
                }
                let target = node.link.as_deref().unwrap_or("");
                if target.starts_with('/') {
                    real.clear();
                    starts.clear();
                }
                pending.extend(
                    target
                        .split('/')
                        .rev()
                        .filter(|c| !c.is_empty() && *c != ".")
                        .map(str::to_string),
                );
                continue;
            }
            if !last && !node.kind.is_dir() {
                return Err(PathLookupError::NotADirectory(path.to_string()));
            }
            starts.push(at);
            real = candidate;
        }
        match self.nodes.get(&real) {
            Some(node) => Ok((real, node)),
            None => Err(PathLookupError::NotFound(path.to_string())),
        }
    }

    /// The entries of a directory (links followed), in name order.
    pub fn children(&self, dir: &str) -> Result<Vec<(&str, &Node)>, PathLookupError> {
        let (real, node) = self.lookup(dir, Follow::Always)?;
        if !node.kind.is_dir() {
            return Err(PathLookupError::NotADirectory(dir.to_string()));
        }
        let mut out = Vec::new();
        let (lo, hi) = below_range(&real);
        let prefix = if real.is_empty() { 0 } else { real.len() + 1 };
        // Keys sort bytewise, so a child's subtree (`c/...`) comes after the siblings that
        // extend its name (`c-x`, `c.y`). Walk the keys, jumping over each subtree met:
        // one search per child and per child subtree, never a walk through a subtree.
        let mut cursor = lo;
        while let Some((p, n)) = self.nodes.range((cursor, hi.clone())).next() {
            let rest = p.get(prefix..).unwrap_or("");
            match rest.find('/') {
                None => {
                    out.push((rest, n));
                    cursor = Bound::Excluded(p.clone());
                }
                Some(i) => {
                    let child = p.get(..prefix + i).unwrap_or(p);
                    cursor = Bound::Included(format!("{child}0"));
                }
            }
        }
        Ok(out)
    }

    /// The bytes of the file at `path` (links followed): a view into a layer, no copy.
    pub fn read(&self, path: &str) -> Result<Bytes, PathLookupError> {
        self.read_blob(path)?
            .to_bytes()
            .map_err(|_| PathLookupError::NotAFile(path.to_string()))
    }

    /// Where the bytes of the file at `path` (links followed) are, read nothing yet.
    pub fn read_blob(&self, path: &str) -> Result<Blob, PathLookupError> {
        let (_, node) = self.lookup(path, Follow::Always)?;
        match node.kind {
            Kind::Dir => Err(PathLookupError::IsADirectory(path.to_string())),
            _ => self
                .content_blob(node)
                .ok_or_else(|| PathLookupError::NotAFile(path.to_string())),
        }
    }

    /// A node's bytes, when it has any.
    pub fn content(&self, node: &Node) -> Option<Bytes> {
        // A source that cannot be read has no content to give.
        self.content_blob(node)?.to_bytes().ok()
    }

    /// Where a node's bytes are, as a slice of its layer's tar: nothing is read, so a
    /// file of any size in a file-backed layer costs nothing until its bytes are asked for.
    pub fn content_blob(&self, node: &Node) -> Option<Blob> {
        let c = node.content?;
        let tar = self.layers.get(c.layer())?.tar();
        let end = c.offset().checked_add(node.size)?;
        (end <= tar.len()).then(|| tar.slice(c.offset()..end))
    }

    /// What identifies a node's bytes: its layer and their offset in the layer's tar
    /// (hardlinks of a layer share it).
    pub fn content_key(&self, node: &Node) -> Option<(usize, u64)> {
        node.content.map(|c| (c.layer(), c.offset()))
    }

    /// Bytes of regular files at and below `path` (hardlinks not counted twice).
    pub fn file_bytes(&self, path: &str) -> u64 {
        let own = self
            .nodes
            .get(path)
            .filter(|n| n.kind == Kind::File)
            .map_or(0, |n| n.size);
        self.nodes
            .range(below_range(path))
            .filter(|(_, n)| n.kind == Kind::File)
            .map(|(_, n)| n.size)
            .fold(own, u64::saturating_add)
    }
}

/// A path as a key: relative, `.` dropped, `..` taken lexically and stopped at the root.
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}
