//! containerd's root, `/var/lib/containerd`, as Docker 29 with the containerd image store
//! leaves it on a fresh install, where dockerd uses the system's containerd (the
//! `docker.service` of Docker's packages runs `dockerd --containerd=/run/containerd/
//! containerd.sock`), derived from the store and the containers:
//!
//! - `io.containerd.content.v1.content/blobs/sha256/<hex>`: each blob of each image
//!   record, named by its digest, read-only (0444): the index or manifest the image ID
//!   names, the platform manifests, configs and layers as pulled (compressed), attestation
//!   statements; `ingest/` (downloads in progress, none here). containerd v2.3.3
//!   `plugins/content/local/store.go`.
//! - `io.containerd.snapshotter.v1.overlayfs/snapshots/<n>/`: one directory per snapshot,
//!   numbered in the order they were made: each unpacked image layer (keyed by its chain
//!   ID), each container's init layer and writable layer; `fs/` holds the layer's files
//!   (whiteouts as overlayfs keeps them), `work/` is overlayfs' work directory. containerd
//!   v2.3.3 `plugins/snapshots/overlay/overlay.go` (`prepareDirectory`).
//!
//! containerd's bolt databases (`io.containerd.metadata.v1.bolt/meta.db`, the
//! snapshotter's `metadata.db`), which map names, keys and numbers, are left out: they
//! are binary, and `docker` commands show what they hold.

use super::{file, DataRoot, Node, TreeRef};
use crate::sh::fs::{Error, Result};
use crate::store::{snapshot_chains, BlobContent};
use std::collections::BTreeMap;

pub const CONTENT: &str = "io.containerd.content.v1.content";
pub const SNAPSHOTTER: &str = "io.containerd.snapshotter.v1.overlayfs";

impl DataRoot<'_> {
    /// The entries of a made-up directory below `containerd/`.
    pub(super) fn containerd_children(&self, c: &[&str]) -> Result<Vec<(String, Node)>> {
        let named = |v: Vec<(&str, Node)>| -> Vec<(String, Node)> {
            v.into_iter().map(|(n, x)| (n.to_string(), x)).collect()
        };
        Ok(match c {
            [] => named(vec![
                (CONTENT, Node::Dir(0o755)),
                (SNAPSHOTTER, Node::Dir(0o700)),
            ]),
            [CONTENT] => named(vec![
                ("blobs", Node::Dir(0o755)),
                ("ingest", Node::Dir(0o755)),
            ]),
            [CONTENT, "ingest"] => Vec::new(),
            [CONTENT, "blobs"] => named(vec![("sha256", Node::Dir(0o755))]),
            [CONTENT, "blobs", "sha256"] => self.blobs().into_iter().collect(),
            [SNAPSHOTTER] => named(vec![("snapshots", Node::Dir(0o700))]),
            [SNAPSHOTTER, "snapshots"] => self
                .snapshots()
                .into_keys()
                .map(|n| (n.to_string(), Node::Dir(0o700)))
                .collect(),
            [SNAPSHOTTER, "snapshots", n] => {
                let n: u64 = n.parse().map_err(|_| Error::NotFound)?;
                let tree = self.snapshots().remove(&n).ok_or(Error::NotFound)?;
                named(vec![("fs", Node::Tree(tree)), ("work", Node::Dir(0o711))])
            }
            [SNAPSHOTTER, "snapshots", _, "work"] => Vec::new(),
            _ => return Err(Error::NotFound),
        })
    }

    /// The content store's blobs, by hex digest.
    fn blobs(&self) -> BTreeMap<String, Node> {
        let mut out = BTreeMap::new();
        for img in self.store.images() {
            for (digest, blob) in self.store.record_blobs(img) {
                let node = match blob {
                    BlobContent::Bytes(b) => file(b, 0o444),
                    BlobContent::Layer(l) => Node::Blob(l.blob.clone(), 0o444),
                };
                out.entry(digest.hex()).or_insert(node);
            }
        }
        out
    }

    /// The snapshots, by number: the images' unpacked layers and the containers' layers.
    fn snapshots(&self) -> BTreeMap<u64, TreeRef> {
        let mut out = BTreeMap::new();
        for img in self.store.images() {
            for (chain, diff_id) in snapshot_chains(img) {
                if let Some(n) = self.store.snapshot_id(&chain.to_string()) {
                    out.insert(n, TreeRef::Layer(diff_id));
                }
            }
        }
        for (i, c) in self.containers.iter().enumerate() {
            let hex = c.id.hex();
            if let Some(n) = self.store.snapshot_id(&format!("{hex}-init")) {
                out.insert(n, TreeRef::Init(i));
            }
            if let Some(n) = self.store.snapshot_id(&hex) {
                out.insert(n, TreeRef::Upper(i));
            }
        }
        out
    }
}
