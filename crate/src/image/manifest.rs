//! OCI image manifests (image-spec manifest.md) as registries store them. The bytes are
//! written as Docker's distribution library writes a manifest it pushes (Go's
//! `json.MarshalIndent` with three spaces; descriptors as mediaType, size, digest), and
//! the manifest digest is the sha256 of exactly those bytes.

use crate::digest::Digest;
use serde::Deserialize;
use serde_json::{json, Value};
use std::fmt;

pub const MT_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const MT_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// The annotations naming an image in an OCI layout's `index.json`: containerd's full
/// name (`docker.io/library/alpine:latest`) and the OCI reference name (`latest`).
pub const ANNOTATION_IMAGE_NAME: &str = "io.containerd.image.name";
pub const ANNOTATION_REF_NAME: &str = "org.opencontainers.image.ref.name";

pub const MT_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
pub const MT_LAYER: &str = "application/vnd.oci.image.layer.v1.tar";
pub const MT_LAYER_ZSTD: &str = "application/vnd.oci.image.layer.v1.tar+zstd";

/// Why bytes are not an image manifest this registry takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestError {
    /// Not JSON, or not a manifest's shape (serde_json's message).
    Json { msg: String },
    /// `schemaVersion` missing or other than 2.
    SchemaVersion,
    /// A `mediaType` that is neither OCI's nor Docker schema 2's image manifest.
    MediaType { media_type: String },
    /// A descriptor whose digest does not parse.
    Digest { digest: String },
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Json { msg } => write!(f, "manifest: {msg}"),
            ManifestError::SchemaVersion => f.write_str("manifest: schemaVersion is not 2"),
            ManifestError::MediaType { media_type } => {
                write!(f, "unsupported manifest media type {media_type:?}")
            }
            ManifestError::Digest { digest } => write!(f, "invalid digest {digest:?}"),
        }
    }
}

impl std::error::Error for ManifestError {}

/// What a manifest says about one blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Descriptor {
    pub media_type: String,
    pub size: u64,
    pub digest: Digest,
}

impl Descriptor {
    /// Describes `data` as a blob of `media_type`.
    pub fn new(media_type: &str, data: &[u8]) -> Descriptor {
        Descriptor {
            media_type: media_type.to_string(),
            size: data.len() as u64,
            digest: Digest::of(data),
        }
    }

    /// The descriptor as image-spec's Go type marshals it: mediaType, digest, size.
    pub fn to_oci_json(&self) -> Value {
        json!({
            "mediaType": self.media_type,
            "digest": self.digest.to_string(),
            "size": self.size,
        })
    }

    fn to_json(&self) -> Value {
        json!({
            "mediaType": self.media_type,
            "size": self.size,
            "digest": self.digest.to_string(),
        })
    }
}

/// An image manifest: a config and layers, bottom first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub config: Descriptor,
    pub layers: Vec<Descriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawManifest {
    schema_version: Option<i64>,
    #[serde(default)]
    media_type: Option<String>,
    config: RawDescriptor,
    #[serde(default)]
    layers: Vec<RawDescriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDescriptor {
    #[serde(default)]
    media_type: String,
    size: u64,
    digest: String,
}

impl RawDescriptor {
    fn into_descriptor(self) -> Result<Descriptor, ManifestError> {
        let Some(digest) = Digest::parse(&self.digest) else {
            return Err(ManifestError::Digest {
                digest: self.digest,
            });
        };
        Ok(Descriptor {
            media_type: self.media_type,
            size: self.size,
            digest,
        })
    }
}

impl Manifest {
    /// The manifest's bytes as an OCI image manifest.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.write(MT_MANIFEST)
    }

    /// The manifest's bytes as Docker 28's push writes them: Docker schema 2, its config
    /// and gzip layer media types (moby `distribution/push_v2.go`'s schema2 builder).
    pub fn to_docker_bytes(&self) -> Vec<u8> {
        let retype = |d: &Descriptor, mt: &str| Descriptor {
            media_type: mt.to_string(),
            ..d.clone()
        };
        Manifest {
            config: retype(&self.config, MT_DOCKER_CONFIG),
            layers: self
                .layers
                .iter()
                .map(|l| retype(l, MT_DOCKER_LAYER_GZIP))
                .collect(),
        }
        .write(MT_DOCKER_MANIFEST)
    }

    /// The manifest as Go's `json.Marshal` writes image-spec's `ocispec.Manifest` with a
    /// `mediaType` (compact; schemaVersion, mediaType, config, layers; descriptors as
    /// mediaType, digest, size; no layers is `null`): containerd's importer writes a legacy
    /// archive's images so (Docker schema 2), and moby's `docker import` so (OCI).
    pub fn to_compact_bytes(&self, media_type: &str) -> Vec<u8> {
        let v = self.oci_value(media_type, false, true);
        crate::go::json::to_string(&v, true).into_bytes()
    }

    /// The manifest as moby's `docker commit` writes it (v29.7.2
    /// `daemon/containerd/image_builder.go` writeContentsForImage: `json.MarshalIndent`
    /// with four spaces of an anonymous struct whose `mediaType` comes first).
    pub fn to_commit_bytes(&self) -> Vec<u8> {
        let v = self.oci_value(MT_MANIFEST, true, true);
        crate::go::json::to_string_indent(&v, "    ", true).into_bytes()
    }

    /// The manifest as BuildKit's image exporter writes an OCI manifest
    /// (`json.MarshalIndent` with two spaces; schemaVersion, mediaType, config, layers).
    pub fn to_buildkit_bytes(&self) -> Vec<u8> {
        let v = self.oci_value(MT_MANIFEST, false, false);
        crate::go::json::to_string_indent(&v, "  ", true).into_bytes()
    }

    /// The manifest as a Go struct of image-spec's descriptors marshals: `mediaType` before
    /// or after `schemaVersion`, then config and layers (`null` when there are none and the
    /// struct's slice was never made).
    fn oci_value(&self, media_type: &str, media_type_first: bool, nil_layers: bool) -> Value {
        let layers = match nil_layers && self.layers.is_empty() {
            true => Value::Null,
            false => self.layers.iter().map(Descriptor::to_oci_json).collect(),
        };
        let mut m = serde_json::Map::new();
        if media_type_first {
            m.insert("mediaType".into(), media_type.into());
        }
        m.insert("schemaVersion".into(), 2.into());
        if !media_type_first {
            m.insert("mediaType".into(), media_type.into());
        }
        m.insert("config".into(), self.config.to_oci_json());
        m.insert("layers".into(), layers);
        Value::Object(m)
    }

    fn write(&self, media_type: &str) -> Vec<u8> {
        let v = json!({
            "schemaVersion": 2,
            "mediaType": media_type,
            "config": self.config.to_json(),
            "layers": self.layers.iter().map(Descriptor::to_json).collect::<Vec<_>>(),
        });
        let mut out = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"   ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
        // Serialising a Value into a Vec cannot fail.
        let _ = serde::Serialize::serialize(&v, &mut ser);
        out
    }

    /// Reads an OCI image manifest (or a Docker schema 2 one, which has the same shape).
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let raw: RawManifest = serde_json::from_slice(bytes)
            .map_err(|e| ManifestError::Json { msg: e.to_string() })?;
        if raw.schema_version != Some(2) {
            return Err(ManifestError::SchemaVersion);
        }
        if let Some(mt) = &raw.media_type {
            if mt != MT_MANIFEST && mt != MT_DOCKER_MANIFEST {
                return Err(ManifestError::MediaType {
                    media_type: mt.clone(),
                });
            }
        }
        Ok(Manifest {
            config: raw.config.into_descriptor()?,
            layers: raw
                .layers
                .into_iter()
                .map(RawDescriptor::into_descriptor)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// Docker schema 2's image config media type.
pub const MT_DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
/// Docker schema 2's gzip layer media type.
pub const MT_DOCKER_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar";
pub const MT_DOCKER_LAYER_GZIP: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
/// Docker schema 2's image manifest media type.
pub const MT_DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
/// An OCI image index.
pub const MT_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// Docker's manifest list.
pub const MT_DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";

/// Whether a media type is an image manifest's, an index's or a manifest list's (Docker's
/// or OCI's), as containerd's `IsManifestType` and `IsIndexType` say.
pub fn is_manifest_type(media_type: &str) -> bool {
    [MT_MANIFEST, MT_INDEX, MT_DOCKER_MANIFEST, MT_DOCKER_LIST].contains(&media_type)
}

/// The `mediaType` an index or manifest declares; without one, an index when it lists
/// `manifests`, else an OCI image manifest.
pub fn declared_media_type(bytes: &[u8]) -> String {
    let v: Value = serde_json::from_slice(bytes).unwrap_or(Value::Null);
    match v.get("mediaType").and_then(Value::as_str) {
        Some(mt) => mt.to_string(),
        None if v.get("manifests").is_some() => MT_INDEX.to_string(),
        None => MT_MANIFEST.to_string(),
    }
}

/// Whether manifest bytes are an index or manifest list: their `mediaType` says so, or,
/// with none declared, they list `manifests`.
pub fn is_index(bytes: &[u8]) -> bool {
    let mt = declared_media_type(bytes);
    mt == MT_INDEX || mt == MT_DOCKER_LIST
}

/// What a client accepts when it fetches a manifest, most wanted first.
pub const MANIFEST_ACCEPT: [&str; 4] = [MT_DOCKER_MANIFEST, MT_DOCKER_LIST, MT_MANIFEST, MT_INDEX];

/// One manifest of an index, and the platform it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    pub descriptor: Descriptor,
    pub os: String,
    pub architecture: String,
    pub variant: String,
    /// An attestation manifest's `vnd.docker.reference.digest`: the image manifest it is
    /// about (BuildKit's attestations, platform `unknown/unknown`).
    pub attests: Option<Digest>,
}

/// The media type of an in-toto statement, the layer of an attestation manifest.
pub const MT_IN_TOTO: &str = "application/vnd.in-toto+json";

impl IndexEntry {
    /// `linux/arm64/v8`, as containerd formats a platform.
    pub fn platform(&self) -> String {
        crate::platform::format(&self.os, &self.architecture, &self.variant)
    }
}

/// An image index or manifest list: manifests by platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    pub manifests: Vec<IndexEntry>,
}

#[derive(Deserialize)]
struct RawIndex {
    #[serde(rename = "schemaVersion")]
    schema_version: Option<i64>,
    #[serde(default)]
    manifests: Vec<RawIndexEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawIndexEntry {
    #[serde(default)]
    media_type: String,
    size: u64,
    digest: String,
    #[serde(default)]
    platform: Option<RawPlatform>,
    #[serde(default)]
    annotations: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
struct RawPlatform {
    #[serde(default)]
    os: String,
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    variant: String,
}

impl Index {
    /// The index's bytes as BuildKit writes an OCI image index (`json.MarshalIndent`, two
    /// spaces; descriptors as mediaType, digest, size, annotations, platform).
    pub fn to_bytes(&self) -> Vec<u8> {
        let manifests: Vec<Value> = self
            .manifests
            .iter()
            .map(|m| {
                let mut d = serde_json::Map::new();
                d.insert("mediaType".into(), m.descriptor.media_type.clone().into());
                d.insert("digest".into(), m.descriptor.digest.to_string().into());
                d.insert("size".into(), m.descriptor.size.into());
                if let Some(a) = m.attests {
                    d.insert(
                        "annotations".into(),
                        json!({
                            "vnd.docker.reference.digest": a.to_string(),
                            "vnd.docker.reference.type": "attestation-manifest",
                        }),
                    );
                }
                let mut p = serde_json::Map::new();
                p.insert("architecture".into(), m.architecture.clone().into());
                p.insert("os".into(), m.os.clone().into());
                if !m.variant.is_empty() {
                    p.insert("variant".into(), m.variant.clone().into());
                }
                d.insert("platform".into(), Value::Object(p));
                Value::Object(d)
            })
            .collect();
        let v = json!({
            "schemaVersion": 2,
            "mediaType": MT_INDEX,
            "manifests": manifests,
        });
        let mut out = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
        // Serialising a Value into a Vec cannot fail.
        let _ = serde::Serialize::serialize(&v, &mut ser);
        out
    }

    /// The image manifests (attestations left out).
    pub fn images(&self) -> impl Iterator<Item = &IndexEntry> {
        self.manifests.iter().filter(|m| m.attests.is_none())
    }

    pub fn parse(bytes: &[u8]) -> Result<Index, ManifestError> {
        let raw: RawIndex = serde_json::from_slice(bytes)
            .map_err(|e| ManifestError::Json { msg: e.to_string() })?;
        if raw.schema_version != Some(2) {
            return Err(ManifestError::SchemaVersion);
        }
        let manifests = raw
            .manifests
            .into_iter()
            .map(|m| {
                let p = m.platform.unwrap_or_default();
                let descriptor = RawDescriptor {
                    media_type: m.media_type,
                    size: m.size,
                    digest: m.digest,
                }
                .into_descriptor()?;
                let attests = m
                    .annotations
                    .get("vnd.docker.reference.digest")
                    .filter(|_| {
                        m.annotations
                            .get("vnd.docker.reference.type")
                            .map(String::as_str)
                            == Some("attestation-manifest")
                    })
                    .and_then(|d| Digest::parse(d));
                Ok(IndexEntry {
                    descriptor,
                    os: p.os,
                    architecture: p.architecture,
                    variant: p.variant,
                    attests,
                })
            })
            .collect::<Result<_, ManifestError>>()?;
        Ok(Index { manifests })
    }

    /// The manifest for `platform` (`linux/amd64`, `linux/arm64/v8`, as
    /// `platforms.Parse` normalises them) as containerd's matcher picks it: the same OS
    /// and architecture, and the variant asked for (none asked: any, the first listed;
    /// `arm64` and `arm64/v8` are the same). Attestations (`unknown/unknown`) never match.
    pub fn select(&self, platform: &str) -> Option<&IndexEntry> {
        let mut parts = platform.split('/');
        let os = parts.next().unwrap_or("");
        let arch = parts.next().unwrap_or("");
        let variant = parts.next().unwrap_or("");
        let norm = crate::platform::normalized_variant;
        let want = norm(arch, variant);
        self.images().find(|m| {
            m.os == os
                && m.architecture == arch
                && (want.is_empty() && arch != "arm" || norm(&m.architecture, &m.variant) == want)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_distributions_layout_and_reads_it_back() {
        let m = Manifest {
            config: Descriptor::new(MT_CONFIG, b"{}"),
            layers: vec![Descriptor::new(MT_LAYER_GZIP, b"x")],
        };
        let text = String::from_utf8(m.to_bytes()).unwrap();
        let expected = format!(
            "{{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"{MT_MANIFEST}\",\n   \"config\": {{\n      \"mediaType\": \"{MT_CONFIG}\",\n      \"size\": 2,\n      \"digest\": \"{}\"\n   }},\n   \"layers\": [\n      {{\n         \"mediaType\": \"{MT_LAYER_GZIP}\",\n         \"size\": 1,\n         \"digest\": \"{}\"\n      }}\n   ]\n}}",
            Digest::of(b"{}"),
            Digest::of(b"x")
        );
        assert_eq!(text, expected);
        assert_eq!(Manifest::parse(text.as_bytes()), Ok(m));
        let empty = Manifest {
            config: Descriptor::new(MT_CONFIG, b"{}"),
            layers: vec![],
        };
        assert!(String::from_utf8(empty.to_bytes())
            .unwrap()
            .contains("\"layers\": []"));
    }

    #[test]
    fn rejects_bad_manifests() {
        for bad in [
            &b""[..],
            b"null",
            b"{}",
            br#"{"schemaVersion":1,"config":{"size":1,"digest":"sha256:00"}}"#,
            br#"{"schemaVersion":2,"config":{"size":1,"digest":"md5:00"}}"#,
            br#"{"schemaVersion":2,"mediaType":"x","config":{"size":1,"digest":"sha256:00"}}"#,
        ] {
            assert!(Manifest::parse(bad).is_err());
        }
        let err = |b: &[u8]| Manifest::parse(b).unwrap_err().to_string();
        assert_eq!(
            err(br#"{"schemaVersion":1,"config":{"size":1,"digest":"sha256:00"}}"#),
            "manifest: schemaVersion is not 2"
        );
        assert_eq!(
            err(br#"{"schemaVersion":2,"config":{"size":1,"digest":"md5:00"}}"#),
            "invalid digest \"md5:00\""
        );
        assert_eq!(
            err(br#"{"schemaVersion":2,"mediaType":"x","config":{"size":1,"digest":"sha256:00"}}"#),
            "unsupported manifest media type \"x\""
        );
        assert!(err(b"").starts_with("manifest: EOF while parsing"));
    }

    #[test]
    fn indexes_select_a_platform() {
        let text = format!(
            r#"{{"schemaVersion":2,"mediaType":"{MT_INDEX}","manifests":[
            {{"mediaType":"{MT_MANIFEST}","size":1,"digest":"{a}","platform":{{"os":"linux","architecture":"amd64"}}}},
            {{"mediaType":"{MT_MANIFEST}","size":1,"digest":"{b}","platform":{{"os":"linux","architecture":"arm64","variant":"v8"}}}},
            {{"mediaType":"{MT_MANIFEST}","size":1,"digest":"{c}","platform":{{"os":"linux","architecture":"arm","variant":"v7"}}}},
            {{"mediaType":"{MT_MANIFEST}","size":1,"digest":"{d}","platform":{{"os":"unknown","architecture":"unknown"}}}}]}}"#,
            a = Digest::of(b"a"),
            b = Digest::of(b"b"),
            c = Digest::of(b"c"),
            d = Digest::of(b"d")
        );
        let index = Index::parse(text.as_bytes()).unwrap();
        let pick = |p: &str| index.select(p).map(|m| m.descriptor.digest);
        assert_eq!(pick("linux/amd64"), Some(Digest::of(b"a")));
        assert_eq!(pick("linux/arm64"), Some(Digest::of(b"b")));
        assert_eq!(pick("linux/arm64/v8"), Some(Digest::of(b"b")));
        assert_eq!(pick("linux/arm"), Some(Digest::of(b"c")));
        assert_eq!(pick("linux/arm/v6"), None);
        assert_eq!(pick("linux/s390x"), None);
        assert_eq!(index.manifests[1].platform(), "linux/arm64/v8");
    }
}
