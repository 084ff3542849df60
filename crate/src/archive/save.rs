//! `docker save` as a job: the Docker 25+ archive shape (an OCI image layout plus the
//! legacy manifest.json and repositories), written deterministically: the same store and
//! arguments always give the same bytes.
//!
//! Docker 29's containerd store exports its records instead ([`SaveJob::records`]): the
//! stored blobs as they are (the pulled index and manifests, compressed layers), as
//! containerd v2.3.3's `core/images/archive/exporter.go` writes them.

use crate::compress::{self, Compression};
use crate::content::Blob;
use crate::digest::Digest;
use crate::error::Result;
use crate::image::manifest::{ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME};
use crate::job::Progress;
use crate::reference::Reference;
use crate::store::{BlobContent, Store};
use crate::stream::Stream;
use crate::time::Timestamp;
use bytes::Bytes;
use serde_json::{json, Map, Value};

pub const MT_OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const MT_OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const MT_OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const MT_OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar";

/// One image to write, with the tags to record for it (none: saved by ID).
#[derive(Clone, Debug)]
pub struct SaveItem {
    pub id: Digest,
    pub tags: Vec<Reference>,
}

enum Content {
    Dir,
    Bytes(Bytes),
    /// A blob as stored, written as it is.
    Stored(Blob),
    /// An uncompressed layer tar, decompressed while writing when stored compressed.
    Layer {
        blob: Blob,
        compression: Compression,
        size: u64,
    },
}

struct Part {
    name: String,
    mtime: i64,
    content: Content,
    /// The file's mode; the classic store writes 0644 files and 0755 directories.
    mode: u32,
}

pub struct SaveJob {
    parts: Vec<Part>,
    current: usize,
    /// The archive so far: headers and metadata in memory, layers as blobs of the store's
    /// own (uncompressed ones as they are, compressed ones inflated when they are read), so
    /// saving copies no layer and holds nothing of its size.
    done: Vec<Blob>,
    /// Small pieces not yet moved to `done`.
    out: Stream,
    written: u64,
    total: u64,
}

/// Compact JSON as Go's encoding/json writes it (HTML characters escaped). serde_json
/// keeps insertion order (preserve_order), so the output is stable.
fn to_json(v: &Value) -> Vec<u8> {
    crate::go::json::to_string(v, true).into_bytes()
}

/// `json.NewEncoder(f).Encode(v)`: the same with a trailing newline.
fn to_json_line(v: &Value) -> Vec<u8> {
    let mut b = to_json(v);
    b.push(b'\n');
    b
}

impl SaveJob {
    /// Plans the archive for `items` (images must be in `store`).
    pub fn new(store: &Store, items: &[SaveItem]) -> SaveJob {
        let mut blobs: std::collections::BTreeMap<Digest, Part> = Default::default();
        let mut manifest_json = Vec::new();
        let mut index_manifests = Vec::new();
        let mut repositories: std::collections::BTreeMap<String, Map<String, Value>> =
            Default::default();
        let mut last_created = 0;
        for item in items {
            let Some(image) = store.image(&item.id) else {
                continue;
            };
            let mtime = image
                .config()
                .created
                .as_deref()
                .and_then(Timestamp::parse_rfc3339)
                .map(|t| t.unix_seconds())
                .unwrap_or(0);
            let blob_name = |d: &Digest| format!("blobs/sha256/{}", d.hex());
            blobs.entry(image.id()).or_insert_with(|| Part {
                name: blob_name(&image.id()),
                mtime,
                content: Content::Bytes(image.raw_config().clone()),
                mode: 0o644,
            });
            let mut layer_paths = Vec::new();
            let mut layer_sources = std::collections::BTreeMap::new();
            last_created = mtime;
            for d in image.diff_ids() {
                let Some(layer) = store.layer(d) else {
                    continue;
                };
                blobs.entry(*d).or_insert_with(|| Part {
                    name: blob_name(d),
                    mtime,
                    content: Content::Layer {
                        blob: layer.blob.clone(),
                        compression: layer.compression,
                        size: layer.size,
                    },
                    mode: 0o644,
                });
                layer_paths.push(Value::String(blob_name(d)));
                layer_sources.insert(
                    d.to_string(),
                    json!({"mediaType": MT_OCI_LAYER, "size": layer.size, "digest": d.to_string()}),
                );
            }
            let manifest = classic_manifest(store, image);
            let manifest_digest = Digest::of(&manifest);
            let manifest_len = manifest.len();
            blobs.entry(manifest_digest).or_insert_with(|| Part {
                name: blob_name(&manifest_digest),
                mtime,
                content: Content::Bytes(Bytes::from(manifest)),
                mode: 0o644,
            });
            let descriptor = |annotations: Option<Value>| {
                let mut m = Map::new();
                m.insert("mediaType".into(), MT_OCI_MANIFEST.into());
                m.insert("digest".into(), manifest_digest.to_string().into());
                m.insert("size".into(), manifest_len.into());
                if let Some(a) = annotations {
                    m.insert("annotations".into(), a);
                }
                Value::Object(m)
            };
            if item.tags.is_empty() {
                index_manifests.push(descriptor(None));
            }
            for t in &item.tags {
                index_manifests.push(descriptor(Some(json!({
                    ANNOTATION_IMAGE_NAME: t.to_string(),
                    ANNOTATION_REF_NAME: t.tag().unwrap_or("latest"),
                }))));
                if let Some(top) = image.diff_ids().last() {
                    repositories
                        .entry(t.familiar_name())
                        .or_default()
                        .insert(t.tag().unwrap_or("latest").to_string(), top.hex().into());
                }
            }
            let repo_tags: Vec<Value> = item
                .tags
                .iter()
                .map(|t| Value::String(t.familiar()))
                .collect();
            let mut entry = Map::new();
            entry.insert("Config".into(), blob_name(&image.id()).into());
            entry.insert(
                "RepoTags".into(),
                if repo_tags.is_empty() {
                    Value::Null
                } else {
                    Value::Array(repo_tags)
                },
            );
            entry.insert("Layers".into(), Value::Array(layer_paths));
            // moby's validatedParentLinks: a parent is named only when it is saved too.
            if let Some(parent) = store
                .parent(&image.id())
                .filter(|p| items.iter().any(|i| i.id == *p))
            {
                entry.insert("Parent".into(), parent.to_string().into());
            }
            entry.insert(
                "LayerSources".into(),
                Value::Object(layer_sources.into_iter().collect()),
            );
            manifest_json.push(Value::Object(entry));
        }
        let index = json!({
            "schemaVersion": 2,
            "mediaType": MT_OCI_INDEX,
            "manifests": index_manifests,
        });
        let mut parts = vec![
            // Docker 28 stamps blobs/ with the last image's creation time.
            Part {
                name: "blobs/".into(),
                mtime: last_created,
                content: Content::Dir,
                mode: 0o755,
            },
            Part {
                name: "blobs/sha256/".into(),
                mtime: 0,
                content: Content::Dir,
                mode: 0o755,
            },
        ];
        parts.extend(blobs.into_values());
        let file = |name: &str, data: Vec<u8>| Part {
            name: name.to_string(),
            mtime: 0,
            content: Content::Bytes(Bytes::from(data)),
            mode: 0o644,
        };
        parts.push(file("index.json", to_json(&index)));
        parts.push(file(
            "manifest.json",
            to_json_line(&Value::Array(manifest_json)),
        ));
        parts.push(file(
            "oci-layout",
            br#"{"imageLayoutVersion": "1.0.0"}"#.to_vec(),
        ));
        if !repositories.is_empty() {
            let repos: Map<String, Value> = repositories
                .into_iter()
                .map(|(k, v)| (k, Value::Object(v)))
                .collect();
            parts.push(file("repositories", to_json_line(&Value::Object(repos))));
        }
        SaveJob::of(parts)
    }

    fn of(parts: Vec<Part>) -> SaveJob {
        let total = parts.iter().map(|p| 512 + padded(p.len())).sum::<u64>() + 1024;
        SaveJob {
            parts,
            current: 0,
            done: Vec::new(),
            out: Stream::new(),
            written: 0,
            total,
        }
    }

    /// Plans the archive of records of containerd's store (Docker 29; moby v29.7.2
    /// `daemon/containerd/image_exporter.go` ExportImage, containerd v2.3.3
    /// `core/images/archive/exporter.go`): entries sorted by name, the blobs read-only
    /// (0444) and every time zero; each record's target and, of its manifests, those in
    /// the store with their configs and layers as stored; `index.json` one entry per name
    /// (the target's descriptor, its annotations with the name's and where it was pulled
    /// from); `manifest.json` one entry per image, for the platform the host prefers; all
    /// compact JSON without a final newline.
    /// `platforms` narrows each record as `docker save --platform` does
    /// ([`crate::image::target::Target::for_platforms`]); `Err(i)` when item `i` has no
    /// manifest of the one platform asked for.
    pub fn records(
        store: &Store,
        items: &[SaveItem],
        platforms: &[String],
    ) -> std::result::Result<SaveJob, usize> {
        let blob_name = |d: &Digest| format!("blobs/sha256/{}", d.hex());
        let mut blobs: std::collections::BTreeMap<String, Part> = Default::default();
        let mut put = |d: &Digest, content: Content| {
            blobs.entry(blob_name(d)).or_insert_with(|| Part {
                name: blob_name(d),
                mtime: 0,
                content,
                mode: 0o444,
            });
        };
        let mut index_manifests = Vec::new();
        let mut manifest_json = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(image) = store.image(&item.id) else {
                continue;
            };
            let Some(target) = image.target() else {
                continue;
            };
            let narrowed = target.for_platforms(platforms).ok_or(i)?;
            let target = &narrowed;
            for (digest, blob) in store.target_blobs(target) {
                let content = match blob {
                    BlobContent::Bytes(b) => Content::Bytes(b),
                    BlobContent::Layer(layer) => Content::Stored(layer.blob.clone()),
                };
                put(&digest, content);
            }
            let mut base = match target.descriptor_json() {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            let mut annotations: std::collections::BTreeMap<String, Value> = base
                .remove("annotations")
                .and_then(|a| a.as_object().cloned())
                .unwrap_or_default()
                .into_iter()
                .filter(|(k, _)| k != ANNOTATION_IMAGE_NAME && k != ANNOTATION_REF_NAME)
                .collect();
            for (registry, repos) in distribution_sources(target.sources()) {
                annotations.insert(
                    format!("containerd.io/distribution.source.{registry}"),
                    repos.into(),
                );
            }
            let platform = base.remove("platform");
            let entry = |names: Option<&Reference>| {
                let mut m = base.clone();
                let mut a = annotations.clone();
                if let Some(t) = names {
                    a.insert(ANNOTATION_IMAGE_NAME.into(), t.to_string().into());
                    a.insert(
                        ANNOTATION_REF_NAME.into(),
                        t.tag().unwrap_or("latest").into(),
                    );
                }
                if !a.is_empty() {
                    m.insert("annotations".into(), Value::Object(a.into_iter().collect()));
                }
                if let Some(p) = &platform {
                    m.insert("platform".into(), p.clone());
                }
                Value::Object(m)
            };
            if item.tags.is_empty() {
                index_manifests.push(entry(None));
            }
            for t in &item.tags {
                index_manifests.push(entry(Some(t)));
            }
            // The platform manifest the host prefers: the image's own, else the first
            // exported.
            let preferred = target
                .present()
                .find(|(_, c)| c.config == *image.raw_config())
                .or_else(|| target.present().find(|(e, _)| e.attests.is_none()));
            if let Some((_, c)) = preferred {
                let repo_tags: Vec<Value> = item
                    .tags
                    .iter()
                    .map(|t| Value::String(t.familiar()))
                    .collect();
                let layers: Vec<Value> = c
                    .layers
                    .iter()
                    .map(|l| Value::String(blob_name(&l.digest)))
                    .collect();
                let null_if_empty = |v: Vec<Value>| match v.is_empty() {
                    true => Value::Null,
                    false => Value::Array(v),
                };
                manifest_json.push(json!({
                    "Config": blob_name(&Digest::of(&c.config)),
                    "RepoTags": null_if_empty(repo_tags),
                    "Layers": null_if_empty(layers),
                }));
            }
        }
        let dir = |name: &str| Part {
            name: name.to_string(),
            mtime: 0,
            content: Content::Dir,
            mode: 0o755,
        };
        let file = |name: &str, data: Vec<u8>, mode: u32| Part {
            name: name.to_string(),
            mtime: 0,
            content: Content::Bytes(Bytes::from(data)),
            mode,
        };
        let mut parts = vec![dir("blobs/"), dir("blobs/sha256/")];
        parts.extend(blobs.into_values());
        let index = json!({
            "schemaVersion": 2,
            "mediaType": MT_OCI_INDEX,
            "manifests": index_manifests,
        });
        parts.push(file("index.json", to_json(&index), 0o644));
        parts.push(file(
            "manifest.json",
            to_json(&Value::Array(manifest_json)),
            0o644,
        ));
        parts.push(file(
            "oci-layout",
            br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
            0o444,
        ));
        Ok(SaveJob::of(parts))
    }

    pub fn progress(&self) -> Progress {
        Progress {
            label: "Saving",
            done: self.written,
            total: self.total,
        }
    }

    /// Writes about `budget` bytes of headers and metadata (a layer counts as written
    /// once placed). Returns the archive's pieces when complete: blobs that are read when
    /// the archive is.
    pub fn step(&mut self, budget: usize) -> Result<Option<Vec<Blob>>> {
        let start = self.written;
        while self.written - start < budget as u64 {
            let Some(part) = self.parts.get(self.current) else {
                self.out.extend_from_slice(&[0u8; 1024]);
                self.flush();
                return Ok(Some(std::mem::take(&mut self.done)));
            };
            let len = part.len();
            let before = self.out.len();
            write_header(&mut self.out, part, len);
            let mut placed = (self.out.len() - before) as u64;
            let layer = match &part.content {
                Content::Dir => None,
                Content::Bytes(b) => {
                    self.out.push_bytes(b.clone());
                    placed += len;
                    None
                }
                Content::Stored(blob) => Some(blob.clone()),
                Content::Layer {
                    blob, compression, ..
                } if *compression == Compression::None => Some(blob.clone()),
                Content::Layer { blob, .. } => {
                    Some(compress::Inflated::blob(blob.clone(), len, &part.name))
                }
            };
            if let Some(layer) = layer {
                self.flush();
                self.done.push(layer);
                placed += len;
            }
            let pad = (padded(len) - len) as usize;
            self.out.extend_from_slice(&[0u8; 512][..pad]);
            self.written += placed + pad as u64;
            self.current += 1;
        }
        Ok(None)
    }

    /// Moves the small pieces written so far to the archive.
    fn flush(&mut self) {
        let out = std::mem::take(&mut self.out);
        self.done
            .extend(out.into_parts().into_iter().map(Blob::from));
    }
}

impl Part {
    fn len(&self) -> u64 {
        match &self.content {
            Content::Dir => 0,
            Content::Bytes(b) => b.len() as u64,
            Content::Stored(b) => b.len(),
            Content::Layer { size, .. } => *size,
        }
    }
}

/// containerd's `containerd.io/distribution.source.<registry>` labels: for each registry,
/// the repositories pulled from, comma-separated (`docker.io` -> `library/alpine`).
/// The OCI manifest Docker 28's `docker save` writes for an image of the classic store
/// (which keeps no manifest): its config and its layers as uncompressed tars, indented as
/// moby's exporter writes it.
pub fn classic_manifest(store: &Store, image: &crate::image::Image) -> Vec<u8> {
    let layers: Vec<Value> = image
        .diff_ids()
        .iter()
        .filter_map(|d| store.layer(d).map(|l| (d, l)))
        .map(|(d, layer)| {
            json!({
                "mediaType": MT_OCI_LAYER,
                "digest": d.to_string(),
                "size": layer.size,
            })
        })
        .collect();
    to_json(&json!({
        "schemaVersion": 2,
        "mediaType": MT_OCI_MANIFEST,
        "config": {
            "mediaType": MT_OCI_CONFIG,
            "digest": image.id().to_string(),
            "size": image.raw_config().len(),
        },
        "layers": layers,
    }))
}

fn distribution_sources(repositories: &[String]) -> std::collections::BTreeMap<String, String> {
    let mut out: std::collections::BTreeMap<String, String> = Default::default();
    for r in repositories {
        let (registry, path) = r.split_once('/').unwrap_or(("docker.io", r));
        let e = out.entry(registry.to_string()).or_default();
        if !e.is_empty() {
            e.push(',');
        }
        e.push_str(path);
    }
    out
}

fn padded(n: u64) -> u64 {
    n.div_ceil(512) * 512
}

fn write_header(out: &mut Stream, part: &Part, len: u64) {
    let mut h = tar::Header::new_ustar();
    let is_dir = matches!(part.content, Content::Dir);
    // Names here are at most 77 bytes, within ustar's 100.
    let _ = h.set_path(&part.name);
    h.set_entry_type(if is_dir {
        tar::EntryType::Directory
    } else {
        tar::EntryType::Regular
    });
    h.set_mode(part.mode);
    h.set_uid(0);
    h.set_gid(0);
    h.set_size(len);
    h.set_mtime(part.mtime.max(0) as u64);
    h.set_cksum();
    out.extend_from_slice(h.as_bytes());
}
