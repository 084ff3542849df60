//! An image as a tree of what describes it, the page's view of what `docker save` writes:
//! with containerd's store (Docker 29) the record's target as stored, the index (or
//! manifest) whose digest is the image ID, each manifest it lists (the platforms not
//! pulled marked as missing, attestation manifests with their statements), and below each
//! pulled one its config and its layers as stored; with the classic store (Docker 28),
//! which keeps no manifest, the manifest `docker save` writes for it (uncompressed layers
//! named by their diffIDs) over the config whose digest is the image ID.
//!
//! Each node: `{kind, mediaType, digest, size, platform?, text?, diffId?, layer?, stored?,
//! missing?, written?, children}`, where `kind` is `index`, `manifest`, `attestation`,
//! `config`, `layer` or `statement`; `text` the blob's JSON (indexes, manifests, configs,
//! statements); `layer` the index of the layer in the image's stack (the platform it is
//! unpacked as); `stored` whether the layer's blob is held as the manifest lists it;
//! `missing` a manifest the index lists whose content was not pulled; `written` a manifest
//! made when saved, not stored.

use super::{find_image, ViewResult};
use crate::digest::Digest;
use crate::image::manifest::{Descriptor, MT_CONFIG};
use crate::image::target::Content;
use crate::image::Image;
use crate::store::Store;
use crate::Session;
use bytes::Bytes;
use serde_json::{Map, Value};

fn node(kind: &str, media_type: &str, digest: &Digest, size: u64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kind".into(), kind.into());
    m.insert("mediaType".into(), media_type.into());
    m.insert("digest".into(), digest.to_string().into());
    m.insert("size".into(), size.into());
    m
}

fn text(bytes: &Bytes) -> Value {
    String::from_utf8_lossy(bytes).into_owned().into()
}

fn finish(mut m: Map<String, Value>, children: Vec<Value>) -> Value {
    m.insert("children".into(), children.into());
    Value::Object(m)
}

/// A config under its manifest, with the media type the manifest gives it.
fn config_node(media_type: &str, config: &Bytes) -> Value {
    let mut m = node(
        "config",
        media_type,
        &Digest::of(config),
        config.len() as u64,
    );
    m.insert("text".into(), text(config));
    finish(m, Vec::new())
}

/// A pulled manifest's config and layers (or an attestation's statements).
fn manifest_children(store: &Store, img: &Image, c: &Content) -> Vec<Value> {
    let media_type = Some(c.config_media_type())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| MT_CONFIG.to_string());
    let mut out = vec![config_node(&media_type, &c.config)];
    let unpacked = c.diff_ids == img.diff_ids();
    for (i, (l, diff_id)) in c.layers.iter().zip(&c.diff_ids).enumerate() {
        let mut m = node("layer", &l.media_type, &l.digest, l.size);
        m.insert("diffId".into(), diff_id.to_string().into());
        let stored = store
            .layer(diff_id)
            .is_some_and(|s| s.blob_digest == l.digest);
        m.insert("stored".into(), stored.into());
        if unpacked {
            m.insert("layer".into(), i.into());
        }
        out.push(finish(m, Vec::new()));
    }
    for (l, payload) in c.layers.iter().zip(&c.payloads) {
        let mut m = node("statement", &l.media_type, &l.digest, l.size);
        m.insert("text".into(), text(payload));
        out.push(finish(m, Vec::new()));
    }
    out
}

/// The tree of an image, found as `docker inspect` finds it.
pub fn image_structure(session: &Session, image: &str) -> ViewResult {
    let store = session.store();
    let img = find_image(store, image)?;
    let Some(target) = img.target() else {
        let manifest = Bytes::from(crate::archive::save::classic_manifest(store, img));
        let d = Descriptor::new(crate::image::manifest::MT_MANIFEST, &manifest);
        let mut root = node("manifest", &d.media_type, &d.digest, d.size);
        root.insert("written".into(), true.into());
        root.insert("text".into(), text(&manifest));
        let mut children = vec![config_node(MT_CONFIG, img.raw_config())];
        for (i, diff_id) in img.diff_ids().iter().enumerate() {
            let size = store.layer(diff_id).map_or(0, |l| l.size);
            let mut m = node("layer", crate::image::manifest::MT_LAYER, diff_id, size);
            m.insert("diffId".into(), diff_id.to_string().into());
            m.insert("stored".into(), true.into());
            m.insert("layer".into(), i.into());
            children.push(finish(m, Vec::new()));
        }
        return Ok(finish(root, children));
    };
    let t = target.descriptor();
    let members: Vec<Value> = target
        .members()
        .iter()
        .map(|member| {
            let e = &member.entry;
            let kind = if e.attests.is_some() {
                "attestation"
            } else {
                "manifest"
            };
            let d = &e.descriptor;
            let mut m = node(kind, &d.media_type, &d.digest, d.size);
            if !e.os.is_empty() {
                m.insert("platform".into(), e.platform().into());
            }
            match &member.content {
                Some(c) => {
                    m.insert("text".into(), text(&c.manifest));
                    finish(m, manifest_children(store, img, c))
                }
                None => {
                    m.insert("missing".into(), true.into());
                    finish(m, Vec::new())
                }
            }
        })
        .collect();
    if !target.is_index() {
        // The record names the manifest itself.
        return Ok(members.into_iter().next().unwrap_or(Value::Null));
    }
    let mut root = node("index", &t.media_type, &t.digest, t.size);
    root.insert("text".into(), text(target.bytes()));
    Ok(finish(root, members))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::host::MemHost;

    fn run(s: &mut Session, line: &str) -> String {
        let o = s.run(line);
        assert_eq!(o.code, 0, "{line}: {}", o.stderr_text());
        o.stdout_text()
    }

    fn kinds(v: &Value, out: &mut Vec<String>, depth: usize) {
        let k = v["kind"].as_str().unwrap_or("?");
        let flag = if v.get("missing").is_some() { "?" } else { "" };
        out.push(format!("{}{k}{flag}", "  ".repeat(depth)));
        for c in v["children"].as_array().into_iter().flatten() {
            kinds(c, out, depth + 1);
        }
    }

    #[test]
    fn docker29_shows_the_pulled_index_and_docker28_the_saved_manifest() {
        for (engine, root) in [(Engine::Docker29, "index"), (Engine::Docker28, "manifest")] {
            let mut s = Session::new(Box::new(MemHost::new()));
            s.set_engine(engine);
            run(&mut s, "docker pull -q busybox");
            let v = image_structure(&s, "busybox").unwrap();
            let mut k = Vec::new();
            kinds(&v, &mut k, 0);
            assert_eq!(k[0], root);
            let id = run(&mut s, "docker images -q --no-trunc busybox");
            let digest = v["digest"].as_str().unwrap();
            if engine == Engine::Docker29 {
                // The image ID is the index's digest; one platform pulled, the others
                // listed only; the pulled one's layer is the stack's layer 0.
                assert_eq!(id.trim(), digest);
                assert_eq!(&k[1..4], ["  manifest", "    config", "    layer"]);
                assert!(k.contains(&"  manifest?".to_string()), "{k:?}");
                assert!(k.contains(&"  attestation".to_string()), "{k:?}");
                assert_eq!(v["children"][0]["platform"], "linux/amd64");
                assert_eq!(v["children"][0]["children"][1]["layer"], 0);
                assert_eq!(v["children"][0]["children"][1]["stored"], true);
                let index: Value = serde_json::from_str(v["text"].as_str().unwrap()).unwrap();
                assert_eq!(index["manifests"][0]["digest"], v["children"][0]["digest"]);
            } else {
                // The ID is the config's digest.
                assert_eq!(k, ["manifest", "  config", "  layer"]);
                assert_eq!(v["written"], true);
                assert_eq!(id.trim(), v["children"][0]["digest"].as_str().unwrap());
            }
        }
        assert!(image_structure(&Session::new(Box::new(MemHost::new())), "nosuch").is_err());
    }
}
