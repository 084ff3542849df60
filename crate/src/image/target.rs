//! What an image record of containerd's image store points at (Docker 29): an index or
//! an image manifest, kept as the bytes that were pulled, loaded or written, whose digest
//! is the image's ID. Of an index's manifests, those whose content is in the store carry
//! it (the manifest, its config and its layers' descriptors); the others are known by
//! their descriptors alone, as after pulling one platform of a multi-platform image.
//!
//! Sizes follow moby v29.7.2 `daemon/containerd/image_list.go` (multiPlatformSummary): a
//! manifest's content size is the manifest, its config and its layers as stored; the
//! index itself is counted by no manifest.

use super::manifest::{declared_media_type, Descriptor, IndexEntry, MT_MANIFEST};
use crate::digest::Digest;
use bytes::Bytes;
use serde_json::Value;

/// The index or manifest an image record names.
#[derive(Clone, Debug)]
pub struct Target {
    descriptor: Descriptor,
    /// What the record's descriptor says beyond its media type, digest and size (a loaded
    /// image's `index.json` entry: its annotations, then its platform).
    annotations: Vec<(String, String)>,
    platform: Option<(String, String, String)>,
    bytes: Bytes,
    members: Vec<Member>,
    /// The repositories it was pulled from (`docker.io/library/alpine`): containerd's
    /// `containerd.io/distribution.source` labels, which Docker 29 shows as the image's
    /// pull identity.
    sources: Vec<String>,
}

/// One manifest the target reaches: for an index, each entry in its order (attestation
/// manifests too); for a manifest target, the manifest itself.
#[derive(Clone, Debug)]
pub struct Member {
    pub entry: IndexEntry,
    pub content: Option<Content>,
}

/// A platform manifest's content in the store.
#[derive(Clone, Debug)]
pub struct Content {
    pub manifest: Bytes,
    pub config: Bytes,
    /// The layers as stored (maybe compressed), bottom first.
    pub layers: Vec<Descriptor>,
    /// The config's diffIDs, bottom first; none for an attestation manifest, whose layers
    /// are statements, never unpacked.
    pub diff_ids: Vec<Digest>,
    /// The bytes of the layers that are not unpacked layers (an attestation's statements),
    /// in the order of `layers`.
    pub payloads: Vec<Bytes>,
}

impl Content {
    /// The config's media type, as the manifest gives it (empty when it does not).
    pub fn config_media_type(&self) -> String {
        serde_json::from_slice::<Value>(&self.manifest)
            .ok()
            .and_then(|v| {
                v.pointer("/config/mediaType")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default()
    }

    /// What the manifest's content takes in the content store.
    pub fn size(&self) -> u64 {
        let layers: u64 = self.layers.iter().map(|l| l.size).sum();
        (self.manifest.len() + self.config.len()) as u64 + layers
    }
}

/// How moby writes a manifest of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// containerd's importer, for each image of a legacy archive: Docker schema 2, compact.
    Imported,
    /// `docker import`: OCI, compact.
    Import,
    /// `docker commit`: OCI, indented with four spaces, `mediaType` first.
    Commit,
    /// BuildKit's image exporter (`docker build`): OCI, indented with two spaces.
    BuildKit,
}

impl Target {
    /// An index (or manifest list) and its entries, none of them present yet.
    pub fn index(bytes: Bytes, entries: &[IndexEntry]) -> Target {
        Target {
            descriptor: Descriptor::new(&declared_media_type(&bytes), &bytes),
            annotations: Vec::new(),
            platform: None,
            sources: Vec::new(),
            members: entries
                .iter()
                .map(|e| Member {
                    entry: e.clone(),
                    content: None,
                })
                .collect(),
            bytes,
        }
    }

    /// An image manifest that is the target itself, with its content and platform
    /// (`os`, `architecture`, `variant` from its config).
    pub fn manifest(content: Content, platform: (&str, &str, &str)) -> Target {
        let descriptor =
            Descriptor::new(&declared_media_type(&content.manifest), &content.manifest);
        Target {
            bytes: content.manifest.clone(),
            members: vec![Member {
                entry: IndexEntry {
                    descriptor: descriptor.clone(),
                    os: platform.0.to_string(),
                    architecture: platform.1.to_string(),
                    variant: platform.2.to_string(),
                    attests: None,
                },
                content: Some(content),
            }],
            descriptor,
            annotations: Vec::new(),
            platform: None,
            sources: Vec::new(),
        }
    }

    /// The target of an image moby writes a manifest for: `config` its config's
    /// descriptor, `layers` its layers as stored.
    pub fn written(
        image: &super::Image,
        config: Descriptor,
        layers: Vec<Descriptor>,
        how: Written,
    ) -> Target {
        use super::manifest::{Manifest, MT_DOCKER_MANIFEST};
        let manifest = Manifest { config, layers };
        let bytes = Bytes::from(match how {
            Written::Imported => manifest.to_compact_bytes(MT_DOCKER_MANIFEST),
            Written::Import => manifest.to_compact_bytes(MT_MANIFEST),
            Written::Commit => manifest.to_commit_bytes(),
            Written::BuildKit => manifest.to_buildkit_bytes(),
        });
        let c = image.config();
        Target::manifest(
            Content {
                manifest: bytes,
                config: image.raw_config().clone(),
                layers: manifest.layers,
                diff_ids: image.diff_ids().to_vec(),
                payloads: Vec::new(),
            },
            (&c.os, &c.architecture, c.variant.as_deref().unwrap_or("")),
        )
    }

    /// The record's descriptor as an archive's `index.json` entry gave it: its media type
    /// (which may differ from what the bytes declare), annotations and platform.
    pub fn described(
        mut self,
        media_type: &str,
        annotations: Vec<(String, String)>,
        platform: Option<(String, String, String)>,
    ) -> Target {
        if !media_type.is_empty() {
            self.descriptor.media_type = media_type.to_string();
        }
        self.annotations = annotations;
        self.platform = platform;
        self
    }

    /// The record's descriptor as image-spec's Go type marshals it: mediaType, digest,
    /// size, annotations, platform (architecture, os, variant), empty ones left out.
    pub fn descriptor_json(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert(
            "mediaType".into(),
            self.descriptor.media_type.clone().into(),
        );
        m.insert("digest".into(), self.descriptor.digest.to_string().into());
        m.insert("size".into(), self.descriptor.size.into());
        if !self.annotations.is_empty() {
            let a: serde_json::Map<String, Value> = self
                .annotations
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            m.insert("annotations".into(), Value::Object(a));
        }
        if let Some((os, arch, variant)) = &self.platform {
            m.insert("platform".into(), platform_json(os, arch, variant));
        }
        Value::Object(m)
    }

    /// The descriptor of the platform manifest whose layers are `diff_ids` (what an
    /// image is unpacked as), with its platform, as moby's `ImageManifest.Target()` and a
    /// container's `ImageManifestDescriptor` give it.
    pub fn manifest_descriptor_json(&self, diff_ids: &[Digest]) -> Option<Value> {
        let (entry, _) = self
            .present()
            .find(|(e, c)| e.attests.is_none() && c.diff_ids == diff_ids)?;
        let d = &entry.descriptor;
        Some(serde_json::json!({
            "mediaType": d.media_type,
            "digest": d.digest.to_string(),
            "size": d.size,
            "platform": platform_json(&entry.os, &entry.architecture, &entry.variant),
        }))
    }

    /// Records that it was pulled from `repository` (a full name).
    pub fn pulled_from(mut self, repository: &str) -> Target {
        if !self.sources.iter().any(|s| s == repository) {
            self.sources.push(repository.to_string());
        }
        self
    }

    /// The repositories it was pulled from, in the order they were first pulled from.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    pub fn digest(&self) -> Digest {
        self.descriptor.digest
    }

    pub fn descriptor(&self) -> &Descriptor {
        &self.descriptor
    }

    /// The index's or manifest's bytes, as stored.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    pub fn is_index(&self) -> bool {
        self.members.len() != 1 || self.members[0].entry.descriptor.digest != self.digest()
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// Forgets the content of the manifest `digest` (`docker rmi --platform`); what it had.
    pub fn set_absent(&mut self, digest: &Digest) -> Option<Content> {
        self.members
            .iter_mut()
            .find(|m| m.entry.descriptor.digest == *digest)
            .and_then(|m| m.content.take())
    }

    /// Records that the manifest `digest` is now in the store; false when the target does
    /// not reach it.
    pub fn set_present(&mut self, digest: &Digest, content: Content) -> bool {
        match self
            .members
            .iter_mut()
            .find(|m| m.entry.descriptor.digest == *digest)
        {
            Some(m) => {
                m.content = Some(content);
                true
            }
            None => false,
        }
    }

    /// Takes the content `other` (the same target) has and this one lacks, and where it
    /// was pulled from.
    pub fn absorb(&mut self, other: &Target) {
        for s in &other.sources {
            if !self.sources.contains(s) {
                self.sources.push(s.clone());
            }
        }
        for m in &other.members {
            if let Some(c) = &m.content {
                if let Some(mine) = self
                    .members
                    .iter_mut()
                    .find(|x| x.entry.descriptor.digest == m.entry.descriptor.digest)
                {
                    if mine.content.is_none() {
                        mine.content = Some(c.clone());
                    }
                }
            }
        }
    }

    /// The record as `docker save --platform` exports it (moby docker-v29.7.2
    /// daemon/containerd/image_exporter.go): every platform when none is asked for; for
    /// one, that platform's manifest in the store as the target (`None` when the store has
    /// none); for several, the index with only the asked platforms' manifests in the store
    /// and their attestations.
    pub fn for_platforms(&self, wanted: &[String]) -> Option<Target> {
        let asked = |e: &IndexEntry| {
            wanted
                .iter()
                .any(|w| crate::platform::matches(w, &e.platform()))
        };
        match wanted {
            [] => Some(self.clone()),
            [_] => {
                let (entry, content) = self
                    .present()
                    .find(|(e, _)| e.attests.is_none() && asked(e))?;
                Some(Target {
                    descriptor: entry.descriptor.clone(),
                    annotations: Vec::new(),
                    platform: Some((
                        entry.os.clone(),
                        entry.architecture.clone(),
                        entry.variant.clone(),
                    )),
                    bytes: content.manifest.clone(),
                    members: vec![Member {
                        entry: entry.clone(),
                        content: Some(content.clone()),
                    }],
                    sources: self.sources.clone(),
                })
            }
            _ => {
                let mut t = self.clone();
                let kept: Vec<Digest> = t
                    .members
                    .iter()
                    .filter(|m| m.entry.attests.is_none() && asked(&m.entry))
                    .map(|m| m.entry.descriptor.digest)
                    .collect();
                for m in &mut t.members {
                    let keep = match m.entry.attests {
                        Some(of) => kept.contains(&of),
                        None => kept.contains(&m.entry.descriptor.digest),
                    };
                    if !keep {
                        m.content = None;
                    }
                }
                Some(t)
            }
        }
    }

    /// The manifests whose content is in the store.
    pub fn present(&self) -> impl Iterator<Item = (&IndexEntry, &Content)> {
        self.members
            .iter()
            .filter_map(|m| m.content.as_ref().map(|c| (&m.entry, c)))
    }

    /// Every blob the target reaches that is in the store, each once, target first: the
    /// index, then each present manifest, its config and its layers.
    pub fn blobs(&self) -> Vec<Descriptor> {
        let mut out = vec![self.descriptor.clone()];
        for (entry, c) in self.present() {
            if entry.descriptor.digest != self.digest() {
                out.push(entry.descriptor.clone());
            }
            out.push(Descriptor::new(&c.config_media_type(), &c.config));
            out.extend(c.layers.iter().cloned());
        }
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|d| seen.insert(d.digest));
        out
    }
}

/// image-spec's `Platform` as Go marshals it: architecture, os, variant when there is one.
fn platform_json(os: &str, arch: &str, variant: &str) -> Value {
    let mut p = serde_json::Map::new();
    p.insert("architecture".into(), arch.into());
    p.insert("os".into(), os.into());
    if !variant.is_empty() {
        p.insert("variant".into(), variant.into());
    }
    Value::Object(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::manifest::{Index, Manifest, MT_CONFIG, MT_INDEX, MT_LAYER_GZIP};

    fn content(layer: &[u8]) -> Content {
        let config = Bytes::from_static(b"{\"rootfs\":{}}");
        let m = Manifest {
            config: Descriptor::new(MT_CONFIG, &config),
            layers: vec![Descriptor::new(MT_LAYER_GZIP, layer)],
        };
        Content {
            manifest: Bytes::from(m.to_bytes()),
            config,
            layers: m.layers.clone(),
            diff_ids: vec![Digest::of(b"tar")],
            payloads: Vec::new(),
        }
    }

    #[test]
    fn an_index_counts_only_present_manifests() {
        let a = content(b"layer-a");
        let b = content(b"layer-bb");
        let entry = |c: &Content, arch: &str| IndexEntry {
            descriptor: Descriptor::new(MT_MANIFEST, &c.manifest),
            os: "linux".into(),
            architecture: arch.into(),
            variant: String::new(),
            attests: None,
        };
        let index = Index {
            manifests: vec![entry(&a, "amd64"), entry(&b, "s390x")],
        };
        let mut t = Target::index(Bytes::from(index.to_bytes()), &index.manifests);
        assert!(t.is_index());
        assert_eq!(t.present().count(), 0);
        let da = index.manifests[0].descriptor.digest;
        assert!(t.set_present(&da, a.clone()));
        assert!(!t.set_present(&Digest::of(b"other"), a.clone()));
        assert_eq!(t.present().count(), 1);
        assert_eq!(
            a.size(),
            (a.manifest.len() + a.config.len()) as u64 + b"layer-a".len() as u64
        );
        // The index, the manifest, the config and the layer.
        assert_eq!(t.blobs().len(), 4);
        assert_eq!(t.blobs()[0].media_type, MT_INDEX);
    }

    #[test]
    fn a_manifest_target_is_its_own_member() {
        let c = content(b"x");
        let t = Target::manifest(c.clone(), ("linux", "amd64", ""));
        assert!(!t.is_index());
        assert_eq!(t.digest(), Digest::of(&c.manifest));
        assert_eq!(t.blobs().len(), 3);
        assert_eq!(t.members()[0].entry.platform(), "linux/amd64");
    }
}
