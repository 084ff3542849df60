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
pub const MT_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";

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
    /// The manifest's bytes, as pushed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let v = json!({
            "schemaVersion": 2,
            "mediaType": MT_MANIFEST,
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
            if mt != MT_MANIFEST && mt != "application/vnd.docker.distribution.manifest.v2+json" {
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
}
