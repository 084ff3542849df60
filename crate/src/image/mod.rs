//! Images as values: the exact config bytes (whose sha256 is the image ID) with a parsed
//! view of the fields layerlab reads, and the ordered layer diffIDs. The bytes and the view
//! are made together and kept private, so they cannot drift apart.
//!
//! - [`config`]: the typed config a producer (moby or BuildKit) writes, and its writer;
//! - [`mutate`]: new images from old ones (`FROM scratch`, a layer more, another config);
//! - [`manifest`]: OCI and Docker manifests and indexes, as registries and archives hold them;
//! - [`target`]: what an image record of containerd's store (Docker 29) points at.
//!
//! Docker 28's classic store names an image by its config digest; Docker 29's containerd
//! store by its record's target (an index or a manifest). An image made for a Docker 29
//! session carries that [`target::Target`], and its ID is the target's digest.

pub mod attestation;
pub mod config;
pub mod manifest;
pub mod mutate;
pub mod target;

pub use config::{ConfigFile, ContainerConfig, HistoryEntry, Producer};

use crate::digest::Digest;
use crate::error::{Error, Result};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

/// The parts of an image config (OCI image-spec config.md) that commands read.
#[derive(Clone, Debug, Default)]
pub struct ConfigView {
    pub created: Option<String>,
    pub author: Option<String>,
    pub architecture: String,
    pub variant: Option<String>,
    pub os: String,
    pub docker_version: Option<String>,
    pub comment: Option<String>,
    pub parent: Option<String>,
    /// The `config` object (Env, Cmd, Labels...), `null` when absent.
    pub config: Value,
    pub diff_ids: Vec<Digest>,
    pub history: Vec<History>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct History {
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub empty_layer: bool,
}

#[derive(Deserialize)]
struct RawConfig {
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    architecture: Option<String>,
    #[serde(default)]
    variant: Option<String>,
    #[serde(default)]
    os: Option<String>,
    #[serde(default)]
    docker_version: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    config: Value,
    rootfs: Option<RawRootFs>,
    #[serde(default)]
    history: Option<Vec<History>>,
}

#[derive(Deserialize)]
struct RawRootFs {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    diff_ids: Option<Vec<String>>,
}

impl ConfigView {
    /// `linux/arm64/v8`: the platform the config says it is for.
    pub fn platform(&self) -> String {
        crate::platform::format(
            &self.os,
            &self.architecture,
            self.variant.as_deref().unwrap_or(""),
        )
    }

    /// Parses config bytes; `file` names them in errors.
    pub fn parse(bytes: &[u8], file: &str) -> Result<ConfigView> {
        let json_err = |msg: String| Error::Json {
            file: file.to_string(),
            msg,
        };
        let raw: RawConfig =
            serde_json::from_slice(bytes).map_err(|e| json_err(format!("image config: {e}")))?;
        let rootfs = raw
            .rootfs
            .ok_or_else(|| json_err("image config has no rootfs".to_string()))?;
        if let Some(k) = &rootfs.kind {
            if k != "layers" {
                return Err(json_err(format!("unsupported rootfs type {k:?}")));
            }
        }
        let diff_ids = rootfs
            .diff_ids
            .unwrap_or_default()
            .iter()
            .map(|d| Digest::parse(d).ok_or_else(|| json_err(format!("invalid diffID {d:?}"))))
            .collect::<Result<Vec<_>>>()?;
        Ok(ConfigView {
            created: raw.created,
            author: raw.author,
            architecture: raw.architecture.unwrap_or_default(),
            variant: raw.variant,
            os: raw.os.unwrap_or_default(),
            docker_version: raw.docker_version,
            comment: raw.comment,
            parent: raw.parent,
            config: raw.config,
            diff_ids,
            history: raw.history.unwrap_or_default(),
        })
    }
}

/// An image in the store: identity, exact config bytes and their parsed view, and in a
/// Docker 29 session the target its record names.
#[derive(Clone, Debug)]
pub struct Image {
    id: Digest,
    config_digest: Digest,
    config: Bytes,
    view: ConfigView,
    /// When a tag was last set here (Docker's Metadata.LastTagTime).
    last_tag_time: Option<crate::time::Timestamp>,
    target: Option<target::Target>,
}

impl Image {
    /// Builds the value from config bytes; the ID is their sha256.
    pub fn from_config(config: Bytes, file: &str) -> Result<Image> {
        let view = ConfigView::parse(&config, file)?;
        let id = Digest::of(&config);
        Ok(Image {
            id,
            config_digest: id,
            config,
            view,
            last_tag_time: None,
            target: None,
        })
    }

    /// Writes `config` as `producer` does and makes the image of those bytes.
    pub fn from_config_file(config: &ConfigFile, producer: Producer) -> Result<Image> {
        Image::from_config(config.to_bytes(producer), "config")
    }

    /// The image ID: the sha256 of the config bytes, or of the target when there is one.
    pub fn id(&self) -> Digest {
        self.id
    }

    /// The sha256 of the config bytes (Docker 28's image ID).
    pub fn config_digest(&self) -> Digest {
        self.config_digest
    }

    /// The image as a record of containerd's store names it: its ID becomes the target's
    /// digest.
    pub fn with_target(mut self, target: target::Target) -> Image {
        self.id = target.digest();
        self.target = Some(target);
        self
    }

    /// What the image's record names, in a Docker 29 session.
    pub fn target(&self) -> Option<&target::Target> {
        self.target.as_ref()
    }

    /// Takes what `other`, the same record, has in the store and this one lacks (another
    /// platform pulled); its config becomes this image's when it is the host's platform
    /// and this one's is not, as the daemon prefers the host's platform.
    pub fn absorb(&mut self, other: Image) {
        if let (Some(mine), Some(theirs)) = (&mut self.target, &other.target) {
            mine.absorb(theirs);
        }
        let host =
            |v: &ConfigView| crate::platform::normalize(&v.platform()) == crate::platform::DEFAULT;
        if !host(&self.view) && host(&other.view) {
            self.config = other.config;
            self.config_digest = other.config_digest;
            self.view = other.view;
        }
    }

    /// The record without the platform manifest `digest`'s content (`docker rmi
    /// --platform`), and the content that went. When that was the platform the image is
    /// unpacked as, the image takes another platform in the store (the host's first), or
    /// keeps its config when none is left, as a record whose content is gone.
    pub fn without_platform(&self, digest: &Digest) -> Option<(Image, target::Content)> {
        let mut target = self.target.clone()?;
        let gone = target.set_absent(digest)?;
        let mut image = self.clone();
        if gone.config == self.config {
            let next = target
                .present()
                .filter(|(e, _)| e.attests.is_none())
                .min_by_key(|(e, _)| {
                    crate::platform::normalize(&e.platform()) != crate::platform::DEFAULT
                })
                .and_then(|(_, c)| Image::from_config(c.config.clone(), "config").ok());
            if let Some(next) = next {
                image.config = next.config;
                image.config_digest = next.config_digest;
                image.view = next.view;
            }
        }
        image.target = Some(target);
        Some((image, gone))
    }

    /// The config bytes, exactly as hashed.
    pub fn raw_config(&self) -> &Bytes {
        &self.config
    }

    /// The parsed view of the config bytes.
    pub fn config(&self) -> &ConfigView {
        &self.view
    }

    /// When a tag was last set on this image (Docker's `Metadata.LastTagTime`).
    pub fn last_tag_time(&self) -> Option<crate::time::Timestamp> {
        self.last_tag_time
    }

    pub fn set_last_tag_time(&mut self, t: Option<crate::time::Timestamp>) {
        self.last_tag_time = t;
    }

    pub fn diff_ids(&self) -> &[Digest] {
        &self.view.diff_ids
    }

    /// The layers of every platform of the image in the store: its config's, then those
    /// of the target's other present manifests.
    pub fn all_diff_ids(&self) -> Vec<Digest> {
        let mut out = self.view.diff_ids.clone();
        for (_, c) in self.target.iter().flat_map(|t| t.present()) {
            out.extend(
                c.diff_ids
                    .iter()
                    .filter(|d| !out.contains(d))
                    .copied()
                    .collect::<Vec<_>>(),
            );
        }
        out
    }

    /// For each history entry, the layer it made: entries without `empty_layer` made the
    /// layers in order (the k-th such entry made layer k), as `docker history` and dive
    /// pair them. The index may run past the layers when the history has too many entries.
    pub fn history_layers(&self) -> Vec<Option<usize>> {
        let mut layer = 0;
        self.view
            .history
            .iter()
            .map(|h| {
                if h.empty_layer {
                    return None;
                }
                layer += 1;
                Some(layer - 1)
            })
            .collect()
    }

    /// For each layer, the history entry that made it (its index and the entry), or
    /// `None` when the history has fewer such entries than there are layers.
    pub fn layer_history(&self) -> Vec<Option<(usize, &History)>> {
        let mut out: Vec<Option<(usize, &History)>> = vec![None; self.diff_ids().len()];
        for (h, layer) in self.history_layers().into_iter().enumerate() {
            if let (Some(slot), Some(entry)) =
                (layer.and_then(|l| out.get_mut(l)), self.view.history.get(h))
            {
                *slot = Some((h, entry));
            }
        }
        out
    }
}

/// The strings of a JSON array in a config (`Cmd`, `Entrypoint`, `Env`, `Shell`...): none
/// when the field is missing or not an array.
pub fn strings(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_minimal_config() {
        let c = br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]}}"#;
        let img = Image::from_config(Bytes::from_static(c), "c.json").unwrap();
        assert_eq!(img.diff_ids().len(), 1);
        assert_eq!(img.id, Digest::of(c));
    }

    #[test]
    fn rejects_wrong_shapes() {
        for c in [
            &b"null"[..],
            b"[]",
            b"{}",
            br#"{"rootfs":{"type":"layers","diff_ids":["nope"]}}"#,
            br#"{"rootfs":{"type":"layers","diff_ids":7}}"#,
            b"{\"rootfs\":",
        ] {
            assert!(
                ConfigView::parse(c, "c").is_err(),
                "{}",
                String::from_utf8_lossy(c)
            );
        }
    }
}
