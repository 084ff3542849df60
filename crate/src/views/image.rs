//! One image: its layers (sizes as `docker history` shows them, commands as dive pairs
//! them with the history), its history, dive's efficiency numbers and inefficient
//! files; what one layer changed; and a layer's tar.

use super::cache::image_fs;
use super::ListOrder;
use super::{abs, check_layer, created, find_image, repo_tags, Attributes, ViewError, ViewResult};
use crate::compress::Compression;
use crate::content::Blob;
use crate::format::human_size;
use crate::fs::diff::ChangeKind;
use crate::Session;
use bytes::Bytes;
use serde_json::{json, Map, Value};

/// `{id, shortId, repoTags, created, size, sizeText, layers, history, efficiency,
/// wastedBytes, wastedText, userWastedPercent, imageSize, userSize, wasted}`:
/// - `layers[i]`: `{index, diffId, digest?, size, sizeText, diveSize, createdBy,
///   command, created, files, whiteouts, opaqueDirs}`, where `size` is the layer's size as
///   Docker reports it (DiffSize), `diveSize` dive's (the sum of its tar header sizes),
///   `createdBy` the history entry that made the layer (`null` when the history has too
///   few) and `command` that entry as dive shows it; `digest` is the digest of the blob
///   as stored when it is compressed (as pulled); `files` counts the tar's entries but
///   its whiteout markers, which `whiteouts` and `opaqueDirs` count;
/// - `history[i]`: every entry in config order, with the `layer` it made (or `null`);
/// - `efficiency`, `wastedBytes`, `userWastedPercent` (`null` when the image has only a
///   base layer: dive divides by zero there), `imageSize`, `userSize`: dive's numbers;
/// - `wasted`: dive's inefficient files, largest first as dive lists them.
pub fn image_overview(session: &Session, image: &str) -> ViewResult {
    let store = session.store();
    let img = find_image(store, image)?;
    let mut fs = image_fs(session, img)?;
    let a = fs.analysis()?;
    let history = img.layer_history();
    let layers: Vec<Value> = img
        .diff_ids()
        .iter()
        .enumerate()
        .map(|(i, diff_id)| {
            let stored = store.layer(diff_id);
            let size = stored.map_or(0, |l| l.content_size);
            let made_by = history.get(i).copied().flatten().map(|(_, h)| h);
            let created_by = made_by.map(|h| h.created_by.clone().unwrap_or_default());
            let index = fs.layers.get(i);
            let mut m = Map::new();
            m.insert("index".into(), i.into());
            m.insert("diffId".into(), diff_id.to_string().into());
            if let Some(l) = stored.filter(|l| l.compression != Compression::None) {
                m.insert("digest".into(), l.blob_digest.to_string().into());
            }
            m.insert("size".into(), size.into());
            m.insert("sizeText".into(), human_size(size).into());
            m.insert(
                "diveSize".into(),
                a.layer_sizes.get(i).copied().unwrap_or(0).into(),
            );
            m.insert(
                "command".into(),
                created_by
                    .as_deref()
                    .map_or(Value::Null, |c| crate::cli::docker::dive::command(c).into()),
            );
            m.insert("createdBy".into(), created_by.into());
            m.insert(
                "created".into(),
                super::time_value(made_by.and_then(|h| h.created.as_deref())),
            );
            m.insert(
                "files".into(),
                index
                    .map_or(0, |l| {
                        l.entries().iter().filter(|e| e.marker().is_none()).count()
                    })
                    .into(),
            );
            m.insert(
                "whiteouts".into(),
                index.map_or(0, |l| l.whiteouts().count()).into(),
            );
            m.insert(
                "opaqueDirs".into(),
                index.map_or(0, |l| l.opaque_dirs().count()).into(),
            );
            Value::Object(m)
        })
        .collect();
    let history: Vec<Value> = img
        .config()
        .history
        .iter()
        .zip(img.history_layers())
        .enumerate()
        .map(|(i, (h, layer))| {
            json!({
                "index": i,
                "created": super::time_value(h.created.as_deref()),
                "createdBy": h.created_by.clone().unwrap_or_default(),
                "emptyLayer": h.empty_layer,
                "comment": h.comment.clone().unwrap_or_default(),
                "layer": layer.filter(|l| *l < img.diff_ids().len()),
            })
        })
        .collect();
    let wasted: Vec<Value> = a
        .largest_first()
        .map(|f| json!({ "path": f.path, "count": f.count, "totalSize": f.size }))
        .collect();
    let size = store.image_size(img);
    Ok(json!({
        "id": img.id().to_string(),
        "shortId": img.id().short(),
        "repoTags": repo_tags(store, img),
        "created": created(img),
        "size": size,
        "sizeText": human_size(size),
        "layers": layers,
        "history": history,
        "efficiency": finite(a.efficiency),
        "wastedBytes": a.wasted_bytes,
        "wastedText": human_size(a.wasted_bytes),
        "userWastedPercent": finite(a.wasted_user_percent),
        "imageSize": a.size_bytes,
        "userSize": a.user_size_bytes,
        "wasted": wasted,
    }))
}

/// A ratio as JSON: `null` when it is not a number (dive's division by zero).
fn finite(f: f64) -> Value {
    if f.is_finite() {
        f.into()
    } else {
        Value::Null
    }
}

/// What layer `index` added (`A`), modified (`M`) or deleted (`D`) relative to the
/// layers below it, in path order: `[{path, change, type, size, mode, modeOctal, uid,
/// gid, target?, opaque?, whiteout?, viaOpaque?}]`.
/// - A and M entries describe the path as the layer leaves it (`size`: a file's bytes, a
///   symlink's target length, 0 for a directory); D entries what was deleted (`size`:
///   the bytes of the files removed at and below it), with
///   `whiteout: true` when a `.wh.` marker of the layer names the path and
///   `viaOpaque: true` when the layer made its directory opaque;
/// - a directory the layer made opaque has `opaque: true` (and is listed as `M` even
///   when nothing else about it changed: the marker is a change);
/// - as in [`crate::fs::diff`], what the layer left unchanged is not listed, nor a
///   directory it only implies (entries below it, none of its own) over a directory.
pub fn layer_changes(session: &Session, image: &str, index: usize) -> ViewResult {
    let store = session.store();
    let img = find_image(store, image)?;
    let mut fs = image_fs(session, img)?;
    check_layer(index, fs.layers.len())?;
    let Some(layer) = fs.layers.get(index).cloned() else {
        return Ok(Value::Array(Vec::new()));
    };
    let below = fs.union(index)?;
    let after = fs.union(index + 1)?;
    let changes = fs.changes()?.get(index).cloned().unwrap_or_default();
    let mut rows: Vec<(String, Value)> = Vec::new();
    let mut listed = std::collections::HashSet::new();
    for c in &changes {
        let opaque = layer.is_opaque(&c.path);
        let letter = match c.kind {
            ChangeKind::Unchanged if opaque => 'M',
            ChangeKind::Unchanged => continue,
            k => k.letter(),
        };
        let node = if c.kind == ChangeKind::Deleted {
            below.get(&c.path)
        } else {
            after.get(&c.path)
        };
        let mut m = Map::new();
        m.insert("path".into(), abs(&c.path).into());
        m.insert("change".into(), letter.to_string().into());
        match node {
            // A file's bytes, a symlink's target length (Docker counts both); for a
            // deletion, the bytes deleted.
            Some(n) if c.kind != ChangeKind::Deleted && !n.kind.is_dir() => {
                Attributes::of(n, n.size).insert(&mut m)
            }
            Some(n) => Attributes::of(n, c.size).insert(&mut m),
            None => {
                m.insert("type".into(), c.node_kind.name().into());
                m.insert("size".into(), c.size.into());
            }
        }
        if opaque {
            m.insert("opaque".into(), true.into());
        }
        if c.kind == ChangeKind::Deleted {
            if layer.hides(&c.path) {
                m.insert("whiteout".into(), true.into());
            } else {
                m.insert("viaOpaque".into(), true.into());
            }
        }
        listed.insert(c.path.clone());
        rows.push((c.path.clone(), Value::Object(m)));
    }
    // An opaque directory the diff did not list (a directory the layer only implies,
    // over a directory below): the marker still changed it.
    for dir in layer.opaque_dirs() {
        if dir.is_empty() || listed.contains(dir) {
            continue;
        }
        let Some(n) = after.get(dir) else { continue };
        let mut m = Map::new();
        m.insert("path".into(), abs(dir).into());
        m.insert("change".into(), "M".into());
        Attributes::of(n, 0).insert(&mut m);
        m.insert("opaque".into(), true.into());
        rows.push((dir.to_string(), Value::Object(m)));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Value::Array(rows.into_iter().map(|(_, v)| v).collect()))
}

/// A window of [`layer_changes`], for a page that shows a layer of any size a screenful
/// at a time: `{total, entries}`, the changes whose path contains `filter` (ignoring
/// case; all when empty), in path order or by size (largest first, ties in path order),
/// `entries` those at `offset..offset + limit` and `total` the count of them all.
pub fn layer_changes_page(
    session: &Session,
    image: &str,
    index: usize,
    filter: &str,
    order: ListOrder,
    offset: usize,
    limit: usize,
) -> ViewResult {
    let rows = match layer_changes(session, image, index)? {
        Value::Array(rows) => rows,
        _ => Vec::new(),
    };
    let needle = filter.to_lowercase();
    let mut rows: Vec<Value> = rows
        .into_iter()
        .filter(|r| {
            needle.is_empty()
                || r["path"]
                    .as_str()
                    .is_some_and(|p| p.to_lowercase().contains(&needle))
        })
        .collect();
    if order == ListOrder::Size {
        // Stable: equal sizes stay in path order.
        rows.sort_by_key(|r| std::cmp::Reverse(r["size"].as_u64().unwrap_or(0)));
    }
    let total = rows.len();
    let start = offset.min(total);
    let end = start.saturating_add(limit).min(total);
    let entries: Vec<Value> = rows.drain(start..end).collect();
    Ok(json!({ "total": total, "entries": entries }))
}

/// The uncompressed tar of layer `index` (a view of the stored bytes when the layer was
/// stored uncompressed).
pub fn layer_tar(session: &Session, image: &str, index: usize) -> Result<Bytes, ViewError> {
    let tar = layer_blob(session, image, index)?;
    // The page gets a copy of the tar: it must fit the memory budget.
    let what = format!("the tar of layer {index}");
    session
        .memory_budget()
        .check(what, tar.len())
        .map_err(ViewError::Memory)?;
    tar.to_bytes().map_err(|e| ViewError::Image(e.into()))
}

/// Where the uncompressed tar of layer `index` is, read nothing yet (a download).
pub fn layer_blob(session: &Session, image: &str, index: usize) -> Result<Blob, ViewError> {
    let store = session.store();
    let img = find_image(store, image)?;
    let fs = image_fs(session, img)?;
    check_layer(index, fs.layers.len())?;
    Ok(fs
        .layers
        .get(index)
        .map(|l| l.tar().clone())
        .unwrap_or_default())
}
