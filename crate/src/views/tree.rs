//! The merged filesystem of an image's first layers, one directory at a time, as a layer
//! explorer shows it: each path with the layer that provides it and the layers that
//! touched it, and the paths a whiteout or an opaque directory deleted, shown as deleted
//! (they are not in the merged tree); a search by name; and file contents.

use super::cache::{image_fs, ImageFs};
use super::{abs, check_layer, find_image, join, shown, Attributes, ViewError, ViewResult};
use crate::content::Blob;
use crate::fs::diff::ChangeKind;
use crate::fs::{Follow, Node, PathLookupError, Union};
use crate::Session;
use bytes::Bytes;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many layers `up_to` (the index of the top layer shown, all when `None`) takes.
fn layer_count(fs: &ImageFs, up_to: Option<usize>) -> Result<usize, ViewError> {
    match up_to {
        None => Ok(fs.layers.len()),
        Some(top) => {
            check_layer(top, fs.layers.len())?;
            Ok(top + 1)
        }
    }
}

/// The image's layers and the merged view of the first `up_to + 1` of them.
fn merged<'s>(
    session: &'s Session,
    image: &str,
    up_to: Option<usize>,
) -> Result<(ImageFs<'s>, usize, Arc<Union>), ViewError> {
    let store = session.store();
    let img = find_image(store, image)?;
    let mut fs = image_fs(session, img)?;
    let count = layer_count(&fs, up_to)?;
    let u = fs.union(count)?;
    Ok((fs, count, u))
}

/// A failed lookup of `path` (as the user gave it).
fn lookup_error(path: &str) -> impl Fn(PathLookupError) -> ViewError + '_ {
    move |error| ViewError::Path {
        path: path.to_string(),
        error,
    }
}

/// A file whose bytes cannot be read (its source failed): not a file to give.
fn unreadable(path: &str) -> ViewError {
    lookup_error(path)(PathLookupError::NotAFile(path.to_string()))
}

/// The entry of a path of the merged view `u` of layers `0..count`.
fn entry(fs: &ImageFs, count: usize, u: &Union, path: &str, name: &str, node: &Node) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), name.into());
    m.insert("path".into(), abs(path).into());
    let size = if node.kind.is_dir() {
        u.file_bytes(path)
    } else {
        node.size
    };
    Attributes::of(node, size).insert(&mut m);
    m.insert("mtime".into(), node.mtime.into());
    m.insert("layer".into(), node.layer.into());
    m.insert("modifiedIn".into(), touched_in(fs, count, path).into());
    if node.kind.is_dir() {
        let children = u.children(path).map_or(0, |c| c.len());
        m.insert("childCount".into(), children.into());
        if let Some(k) = opaque_in(fs, count, path) {
            m.insert("opaqueIn".into(), k.into());
        }
    }
    Value::Object(m)
}

/// The layers among `0..count` whose tar names `path`: an entry, a directory implied by
/// entries below it, or a whiteout.
fn touched_in(fs: &ImageFs, count: usize, path: &str) -> Vec<usize> {
    fs.layers
        .iter()
        .take(count)
        .enumerate()
        .filter(|(_, l)| l.contains(path) || l.hides(path))
        .map(|(i, _)| i)
        .collect()
}

/// The last layer among `0..count` that made the directory opaque.
fn opaque_in(fs: &ImageFs, count: usize, dir: &str) -> Option<usize> {
    fs.layers.iter().take(count).rposition(|l| l.is_opaque(dir))
}

/// The two orders the explorer lists paths in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOrder {
    /// A directory's children: directories first, then names in byte order (as dive
    /// sorts its tree); a layer's changes: path order.
    Name,
    /// Largest first (a directory by the bytes of its files); ties as by name.
    Size,
}

impl ListOrder {
    /// The order the page names (`name` or `size`); anything else is by name.
    pub fn parse(s: &str) -> ListOrder {
        match s {
            "size" => ListOrder::Size,
            _ => ListOrder::Name,
        }
    }
}

/// A child of the listed directory before its JSON is built: what sorting needs, and
/// where to build the entry from. A directory of 100,000 children is sorted on these,
/// and only the entries of the window asked for become JSON.
struct Child<'u> {
    is_dir: bool,
    name: String,
    /// Filled only for [`ListOrder::Size`] (a directory's costs a walk of its subtree).
    size: u64,
    what: Provided<'u>,
}

enum Provided<'u> {
    /// In the merged view.
    Live { path: String, node: &'u Node },
    /// Deleted by layer `layer` (a whiteout or an opaque directory).
    Deleted {
        layer: usize,
        path: String,
        info: Deletion,
    },
}

fn sort_children(children: &mut [Child], order: ListOrder) {
    match order {
        ListOrder::Name => {
            children.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)))
        }
        ListOrder::Size => {
            children.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.name.cmp(&b.name)))
        }
    }
}

/// The children of `dir` in the merged view of layers `0..=up_to` (all when `None`):
/// `[{name, path, type, size, mode, modeOctal, uid, gid, target?, mtime, layer,
/// modifiedIn, childCount?, opaqueIn?}]`, directories first, then by name.
/// - `layer`: the layer whose entry provides the path; `modifiedIn`: every layer (up to
///   `up_to`) whose tar names it (an entry, an implied directory or a whiteout);
/// - directories: `size` is the bytes of the regular files below, `childCount` the
///   number of children, `opaqueIn` the last layer that made it opaque;
/// - paths a layer up to `up_to` deleted (a whiteout, or an opaque directory) and no
///   later layer brought back are listed too, with `deleted: true`, `deletedIn` (the
///   layer that deleted them), `whiteout` (true for a `.wh.` marker, false for an
///   opaque directory), and what they were before (`layer` is the layer that had
///   provided them, `size` the bytes deleted).
///
/// `dir` is resolved as `ls` would (symbolic links followed); the paths listed are
/// below the real directory.
pub fn tree(session: &Session, image: &str, up_to: Option<usize>, dir: &str) -> ViewResult {
    let mut page = tree_page(
        session,
        image,
        up_to,
        dir,
        ListOrder::Name,
        0,
        usize::MAX,
        &[],
    )?;
    Ok(page["entries"].take())
}

/// A window of [`tree`]'s listing, for a page that shows a directory of any size a
/// screenful at a time: `{total, entries, open: {name: index}}`, where the children
/// (deleted paths included) are sorted in `order`, `entries` are those at
/// `offset..offset + limit` (as [`tree`] gives them), `total` counts them all, and
/// `open` gives the index of each child named in `open_names` that is there (so the page
/// finds its expanded directories again after a re-sort or a change of layer).
#[allow(clippy::too_many_arguments)]
pub fn tree_page(
    session: &Session,
    image: &str,
    up_to: Option<usize>,
    dir: &str,
    order: ListOrder,
    offset: usize,
    limit: usize,
    open_names: &[String],
) -> ViewResult {
    let (mut fs, count, u) = merged(session, image, up_to)?;
    let (real, node) = u.lookup(dir, Follow::Always).map_err(lookup_error(dir))?;
    if !node.kind.is_dir() {
        return Err(lookup_error(dir)(PathLookupError::NotADirectory(
            dir.into(),
        )));
    }
    let by_size = order == ListOrder::Size;
    let mut children: Vec<Child> = u
        .children(&real)
        .map_err(lookup_error(dir))?
        .into_iter()
        .map(|(name, node)| {
            let path = join(&real, name);
            let size = match (by_size, node.kind.is_dir()) {
                (false, _) => 0,
                (true, true) => u.file_bytes(&path),
                (true, false) => node.size,
            };
            Child {
                is_dir: node.kind.is_dir(),
                name: name.to_string(),
                size,
                what: Provided::Live { path, node },
            }
        })
        .collect();
    // The paths deleted below this directory: the last layer to delete each wins.
    let mut deleted: BTreeMap<String, (usize, Deletion)> = BTreeMap::new();
    let all = fs.changes()?;
    for (k, changes) in all.iter().enumerate().take(count) {
        for c in changes {
            if c.kind == ChangeKind::Deleted
                && crate::fs::parent(&c.path) == real
                && u.get(&c.path).is_none()
            {
                let info = Deletion {
                    kind: c.node_kind,
                    size: c.size,
                };
                deleted.insert(c.path.clone(), (k, info));
            }
        }
    }
    children.extend(deleted.into_iter().map(|(path, (layer, info))| Child {
        is_dir: info.kind.is_dir(),
        name: crate::fs::base(&path).to_string(),
        size: if by_size { info.size } else { 0 },
        what: Provided::Deleted { layer, path, info },
    }));
    sort_children(&mut children, order);

    let total = children.len();
    let mut open = Map::new();
    for name in open_names {
        if let Some(i) = children.iter().position(|c| &c.name == name) {
            open.insert(name.clone(), i.into());
        }
    }
    let start = offset.min(total);
    let end = start.saturating_add(limit).min(total);
    let mut entries = Vec::with_capacity(end - start);
    for c in &children[start..end] {
        entries.push(match &c.what {
            Provided::Live { path, node } => entry(&fs, count, &u, path, &c.name, node),
            Provided::Deleted { layer, path, info } => {
                deleted_entry(&mut fs, count, *layer, path, &c.name, *info)?
            }
        });
    }
    Ok(json!({ "total": total, "entries": entries, "open": open }))
}

/// The entry of `path`, deleted by layer `k`: what it was before, and how it went.
fn deleted_entry(
    fs: &mut ImageFs,
    count: usize,
    k: usize,
    path: &str,
    name: &str,
    info: Deletion,
) -> ViewResult {
    let below = fs.union(k)?;
    let mut m = Map::new();
    m.insert("name".into(), name.into());
    m.insert("path".into(), abs(path).into());
    match below.get(path) {
        Some(n) => {
            Attributes::of(n, info.size).insert(&mut m);
            m.insert("mtime".into(), n.mtime.into());
            m.insert("layer".into(), n.layer.into());
        }
        None => {
            m.insert("type".into(), info.kind.name().into());
            m.insert("size".into(), info.size.into());
        }
    }
    m.insert("modifiedIn".into(), touched_in(fs, count, path).into());
    m.insert("deleted".into(), true.into());
    m.insert("deletedIn".into(), k.into());
    let whiteout = fs.layers.get(k).is_some_and(|l| l.hides(path));
    m.insert("whiteout".into(), whiteout.into());
    Ok(Value::Object(m))
}

/// What a deletion removed.
#[derive(Clone, Copy)]
struct Deletion {
    kind: crate::fs::Kind,
    size: u64,
}

/// The paths of the merged view of layers `0..=up_to` whose name contains `pattern`
/// (ignoring case), in path order, at most `limit` of them: `{entries: [...], truncated}`
/// with the entries of [`tree`].
pub fn find(
    session: &Session,
    image: &str,
    up_to: Option<usize>,
    pattern: &str,
    limit: usize,
) -> ViewResult {
    let (fs, count, u) = merged(session, image, up_to)?;
    let needle = pattern.to_lowercase();
    let mut entries = Vec::new();
    let mut truncated = false;
    for (path, node) in u.iter() {
        let name = crate::fs::base(path);
        if !name.to_lowercase().contains(&needle) {
            continue;
        }
        if entries.len() >= limit {
            truncated = true;
            break;
        }
        entries.push(entry(&fs, count, &u, path, name, node));
    }
    Ok(json!({ "entries": entries, "truncated": truncated }))
}

/// A regular file's bytes in a merged view, and where they came from.
#[derive(Clone, Debug)]
pub struct FileRead {
    /// The real path, symbolic links resolved (absolute).
    pub path: String,
    /// The layer whose entry provides the file.
    pub layer: usize,
    pub data: Bytes,
}

/// The bytes of the file at `path` in the merged view of layers `0..=up_to`, links
/// followed as `cat` follows them. A directory, a device or a missing path is an error
/// (`/etc: Is a directory`).
pub fn read_file(
    session: &Session,
    image: &str,
    up_to: Option<usize>,
    path: &str,
) -> Result<FileRead, ViewError> {
    let f = file_blob(session, image, up_to, path)?;
    // The page gets a copy of the bytes: they must fit the memory budget.
    session
        .memory_budget()
        .check(f.path.clone(), f.data.len())
        .map_err(ViewError::Memory)?;
    let data = f.data.to_bytes().map_err(|_| unreadable(path))?;
    Ok(FileRead {
        path: f.path,
        layer: f.layer,
        data,
    })
}

/// Where the bytes of the file [`read_file`] gives are, read nothing yet: a download or
/// the head the file viewer shows.
#[derive(Clone, Debug)]
pub struct FileBlob {
    pub path: String,
    pub layer: usize,
    pub data: Blob,
}

pub fn file_blob(
    session: &Session,
    image: &str,
    up_to: Option<usize>,
    path: &str,
) -> Result<FileBlob, ViewError> {
    let (_, _, u) = merged(session, image, up_to)?;
    let (real, node) = u.lookup(path, Follow::Always).map_err(lookup_error(path))?;
    let layer = node.layer;
    let data = u.read_blob(&real).map_err(lookup_error(path))?;
    Ok(FileBlob {
        path: abs(&real),
        layer,
        data,
    })
}

/// What [`read_file`] would give, without the bytes: `{path, resolved, size, layer,
/// binary}` (`binary`: a NUL byte or invalid UTF-8 in the first 8000 bytes).
pub fn read_file_info(
    session: &Session,
    image: &str,
    up_to: Option<usize>,
    path: &str,
) -> ViewResult {
    let f = file_blob(session, image, up_to, path)?;
    let head = f.data.read(0..8000).map_err(|_| unreadable(path))?;
    let binary = head.contains(&0)
        || matches!(std::str::from_utf8(&head), Err(e) if e.error_len().is_some());
    Ok(json!({
        "path": shown(path),
        "resolved": f.path,
        "size": f.data.len(),
        "layer": f.layer,
        "binary": binary,
    }))
}
