//! A container's copy-on-write layer: what `docker diff` lists, each change told as
//! what overlayfs did (a copy-up of an image path, a new path, a whiteout, an opaque
//! directory) with the image layer that had the path; and which layer answers a read.

use super::{abs, check_layer, find_container, find_image, shown, Attributes, ViewResult};
use crate::container::{Change, ChangeKind, Provider, Rootfs, Upper};
use crate::format::human_size;
use crate::fs::{Follow, Kind};
use crate::Session;
use serde_json::{json, Map, Value};

/// Which layer answered: `"container"`, `"init"`, `{"layer": n}` for an image layer,
/// `"mount"` for what Docker mounts into a running container, `"volume"` for a volume and
/// `"bind"` for a bind mount of host files (both bypass the layers), `null` for nothing.
fn provider(p: Provider) -> Value {
    match p {
        Provider::Container => "container".into(),
        Provider::Init => "init".into(),
        Provider::Image(n) => json!({ "layer": n }),
        Provider::Mount => "mount".into(),
        Provider::Volume => "volume".into(),
        Provider::Bind => "bind".into(),
        Provider::None => Value::Null,
    }
}

/// `{id, name, image, imageId, running, imageLayers, changeCount, changes}`:
/// - `imageLayers[i]`: `{index, diffId, size, sizeText, createdBy, lowerCount, lower}` of
///   the image below, where `lowerCount` counts the changes whose path that layer has
///   below the container (their `lowerLayer` is `i`) and `lower` is the first `limit` of
///   them;
/// - `changeCount`: how many changes the container layer holds; `changes`: the first
///   `limit` of them in `docker diff`'s order (the init layer left out, as Docker does),
///   each `{path, kind, type, size, mode, ..., lowerLayer?}` where `kind` is `copied-up`
///   (docker diff's `C`: the image has the path and the container layer now has its own
///   copy), `created` (`A`: only the container layer has it), `deleted` (`D`: a whiteout
///   hides it) or `opaque` (`D` of a directory deleted and made again: an opaque
///   directory hides everything the image had in it). `lowerLayer` is the image layer
///   that has the path below the container (`lowerInit: true` when it is the init
///   layer's); `lowerSize` its size there. A deleted path is described as it was below.
///
/// Only the changes of those windows become JSON: a container layer of 100,000 changes
/// costs a walk of its paths and a lookup of each below, and the rest comes a window at
/// a time from [`cow_changes_page`].
pub fn cow(session: &Session, container: &str, limit: usize) -> ViewResult {
    let c = find_container(session.containers(), container)?;
    let store = session.store();
    let image = find_image(store, &c.image.to_string()).ok();
    let history = image.map(|i| i.layer_history()).unwrap_or_default();
    let layer_count = c.rootfs.image().layers().len();
    let changes = c.rootfs.changes();
    // Per image layer: how many changes it has below the container, and the first ones.
    let mut lower: Vec<(usize, Vec<Value>)> = vec![(0, Vec::new()); layer_count];
    for ch in &changes {
        if let Some((count, first)) = lower_layer(&c.rootfs, ch).and_then(|n| lower.get_mut(n)) {
            *count += 1;
            if first.len() < limit {
                first.push(change(&c.rootfs, &ch.path, ch.kind));
            }
        }
    }
    let image_layers: Vec<Value> = lower
        .into_iter()
        .enumerate()
        .map(|(i, (lower_count, first))| {
            let diff_id = image.and_then(|img| img.diff_ids().get(i));
            let size = diff_id
                .and_then(|d| store.layer(d))
                .map_or(0, |l| l.content_size);
            let created_by = history
                .get(i)
                .copied()
                .flatten()
                .map(|(_, h)| h.created_by.clone().unwrap_or_default());
            json!({
                "index": i,
                "diffId": diff_id.map(|d| d.to_string()),
                "size": size,
                "sizeText": human_size(size),
                "createdBy": created_by,
                "lowerCount": lower_count,
                "lower": first,
            })
        })
        .collect();
    let first: Vec<Value> = changes
        .iter()
        .take(limit)
        .map(|ch| change(&c.rootfs, &ch.path, ch.kind))
        .collect();
    Ok(json!({
        "id": c.id.hex(),
        "name": c.name,
        "image": c.image_name,
        "imageId": c.image.to_string(),
        "running": c.is_running(),
        "imageLayers": image_layers,
        "changeCount": changes.len(),
        "changes": first,
    }))
}

/// A window of a container's changes, for a page that shows a container layer of any
/// size a screenful at a time: `{total, entries}`, where the changes are all of
/// [`cow`]'s (`lower` `None`) or those whose path image layer `lower` has below the
/// container, in `docker diff`'s order; `entries` are those at `offset..offset + limit`
/// (as [`cow`] gives them) and `total` counts them all.
pub fn cow_changes_page(
    session: &Session,
    container: &str,
    lower: Option<usize>,
    offset: usize,
    limit: usize,
) -> ViewResult {
    let c = find_container(session.containers(), container)?;
    let fs = &c.rootfs;
    if let Some(n) = lower {
        check_layer(n, fs.image().layers().len())?;
    }
    let changes = fs.changes();
    let kept: Vec<&Change> = match lower {
        None => changes.iter().collect(),
        Some(n) => changes
            .iter()
            .filter(|ch| lower_layer(fs, ch) == Some(n))
            .collect(),
    };
    let total = kept.len();
    let start = offset.min(total);
    let end = start.saturating_add(limit).min(total);
    let entries: Vec<Value> = kept[start..end]
        .iter()
        .map(|ch| change(fs, &ch.path, ch.kind))
        .collect();
    Ok(json!({ "total": total, "entries": entries }))
}

/// The image layer that has a change's path below the container (what [`change`] gives
/// as `lowerLayer`): none for a path the container created, nor for the init layer's.
fn lower_layer(fs: &Rootfs, ch: &Change) -> Option<usize> {
    if ch.kind == ChangeKind::Added {
        return None;
    }
    match fs
        .find_layers(ch.path.trim_start_matches('/'), false)?
        .stat
        .provider
    {
        Provider::Image(n) => Some(n),
        _ => None,
    }
}

/// One line of `docker diff`, told as copy-on-write.
fn change(fs: &Rootfs, path: &str, kind: ChangeKind) -> Value {
    let real = path.trim_start_matches('/');
    let upper = fs.upper().get(real);
    let name = match (kind, upper) {
        (_, Some(Upper::Dir { opaque: true, .. })) => "opaque",
        (ChangeKind::Deleted, _) => "deleted",
        (ChangeKind::Added, _) => "created",
        (ChangeKind::Modified, _) => "copied-up",
    };
    let lower = if name == "created" {
        None
    } else {
        fs.find_layers(real, false)
    };
    // A deleted path is described as it was; anything else as the container has it.
    let item = if name == "deleted" {
        lower.clone()
    } else {
        fs.find_layers(real, true)
    };
    let mut m = Map::new();
    m.insert("path".into(), abs(real).into());
    m.insert("kind".into(), name.into());
    match &item {
        Some(i) => {
            let s = &i.stat;
            Attributes {
                kind: s.kind,
                size: if s.kind == Kind::Dir { 0 } else { s.size },
                mode: s.mode,
                uid: s.uid,
                gid: s.gid,
                link: s.link.as_deref(),
            }
            .insert(&mut m);
        }
        None => {
            let kind = upper.and_then(Upper::kind).unwrap_or(Kind::File);
            m.insert("type".into(), kind.name().into());
            m.insert("size".into(), 0.into());
        }
    }
    if let Some(l) = &lower {
        match l.stat.provider {
            Provider::Image(n) => {
                m.insert("lowerLayer".into(), n.into());
            }
            Provider::Init => {
                m.insert("lowerInit".into(), true.into());
            }
            _ => {}
        }
        let size = if l.stat.kind == Kind::Dir {
            0
        } else {
            l.stat.size
        };
        m.insert("lowerSize".into(), size.into());
    }
    Value::Object(m)
}

/// Which layer answers a read of `path` in the container (symbolic links followed, as
/// `cat` follows them): `{path, resolved, found, answeredBy, type?, size?, mode?, ...}`.
/// `answeredBy` is `"container"` (the container layer has the path: written, created or
/// copied up), `"init"` (Docker's init layer), `{"layer": n}` (image layer `n`: the
/// container never wrote it), `"mount"` (a running container's `/etc/hosts`, `/dev`...)
/// or `null` when nothing has it (`error` then says why: `No such file or directory`;
/// `hiddenBy: "container"` when the container deleted it).
pub fn cow_lookup(session: &Session, container: &str, path: &str) -> ViewResult {
    let c = find_container(session.containers(), container)?;
    let fs = &c.rootfs;
    let mut m = Map::new();
    m.insert("path".into(), shown(path).into());
    match fs.resolve(path, Follow::Always) {
        Ok((real, item)) => {
            let s = &item.stat;
            m.insert("resolved".into(), abs(&real).into());
            m.insert("found".into(), true.into());
            m.insert("answeredBy".into(), provider(s.provider));
            Attributes {
                kind: s.kind,
                size: if s.kind == Kind::Dir { 0 } else { s.size },
                mode: s.mode,
                uid: s.uid,
                gid: s.gid,
                link: s.link.as_deref(),
            }
            .insert(&mut m);
        }
        Err(e) => {
            m.insert("resolved".into(), Value::Null);
            m.insert("found".into(), false.into());
            m.insert("answeredBy".into(), Value::Null);
            m.insert("error".into(), e.reason().into());
            if hidden_by_container(fs, path) {
                m.insert("hiddenBy".into(), "container".into());
            }
        }
    }
    Ok(Value::Object(m))
}

/// True when the container layer's whiteout (or opaque directory) is why `path` is not
/// found: its parent resolves, and the container layer hides the name there.
fn hidden_by_container(fs: &Rootfs, path: &str) -> bool {
    let trimmed = path.trim_end_matches('/');
    let (parent, name) = match trimmed.rfind('/') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => ("", trimmed),
    };
    if name.is_empty() || name == "." || name == ".." {
        return false;
    }
    let Ok((dir, item)) = fs.resolve(parent, Follow::Always) else {
        return false;
    };
    if !item.stat.is_dir() {
        return false;
    }
    let real = super::join(&dir, name);
    matches!(
        fs.upper().state(&real),
        crate::container::layer::State::Hidden
    ) && fs.find_layers(&real, false).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_and_binds_are_providers_beside_the_layers() {
        assert_eq!(provider(Provider::Volume), json!("volume"));
        assert_eq!(provider(Provider::Bind), json!("bind"));
    }
}
