//! A container's copy-on-write layer: what `docker diff` lists, each change told as
//! what overlayfs did (a copy-up of an image path, a new path, a whiteout, an opaque
//! directory) with the image layer that had the path; and which layer answers a read.

use super::{abs, find_container, find_image, shown, Attributes, ViewResult};
use crate::container::{ChangeKind, Provider, Rootfs, Upper};
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

/// `{id, name, image, imageId, running, imageLayers, changes}`:
/// - `imageLayers[i]`: `{index, diffId, size, sizeText, createdBy}` of the image below;
/// - `changes`: `docker diff`'s list in its order (the init layer left out, as Docker
///   does), each `{path, kind, type, size, mode, ..., lowerLayer?}` where `kind` is
///   `copied-up` (docker diff's `C`: the image has the path and the container layer now
///   has its own copy), `created` (`A`: only the container layer has it), `deleted` (`D`:
///   a whiteout hides it) or `opaque` (`D` of a directory deleted and made again: an
///   opaque directory hides everything the image had in it). `lowerLayer` is the image
///   layer that has the path below the container (`lowerInit: true` when it is the init
///   layer's); `lowerSize` its size there. A deleted path is described as it was below.
pub fn cow(session: &Session, container: &str) -> ViewResult {
    let c = find_container(session.containers(), container)?;
    let store = session.store();
    let image = find_image(store, &c.image.to_string()).ok();
    let history = image.map(|i| i.layer_history()).unwrap_or_default();
    let layer_count = c.rootfs.image().layers().len();
    let image_layers: Vec<Value> = (0..layer_count)
        .map(|i| {
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
            })
        })
        .collect();
    let changes: Vec<Value> = c
        .rootfs
        .changes()
        .iter()
        .map(|ch| change(&c.rootfs, &ch.path, ch.kind))
        .collect();
    Ok(json!({
        "id": c.id.hex(),
        "name": c.name,
        "image": c.image_name,
        "imageId": c.image.to_string(),
        "running": c.is_running(),
        "imageLayers": image_layers,
        "changes": changes,
    }))
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
