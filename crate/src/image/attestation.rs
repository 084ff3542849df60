//! BuildKit's attestation manifests: an image manifest whose one layer is an in-toto
//! statement (SLSA provenance) about a platform's image manifest, listed in the index as
//! `unknown/unknown` with the `vnd.docker.reference.*` annotations naming that manifest.
//! The demo images carry one per platform, as Docker Hub's do; Docker 29's `docker build`
//! adds one (provenance `mode=min`) to every image it writes.

use super::manifest::{Descriptor, IndexEntry, Manifest, MT_CONFIG, MT_IN_TOTO, MT_MANIFEST};
use crate::digest::Digest;
use bytes::Bytes;
use serde_json::{json, Value};

/// An attestation manifest and its blobs.
pub struct Attestation {
    pub manifest: Bytes,
    pub config: Bytes,
    pub statement: Bytes,
}

impl Attestation {
    /// The provenance of the image manifest `manifest`, named `subject` (a purl:
    /// `pkg:docker/alpine?platform=linux%2Famd64`), with `predicate` as what it says.
    pub fn provenance(subject: &str, manifest: &[u8], predicate: Value) -> Attestation {
        let statement = json!({
            "_type": "https://in-toto.io/Statement/v0.1",
            "predicateType": "https://slsa.dev/provenance/v0.2",
            "subject": [{
                "name": subject,
                "digest": { "sha256": Digest::of(manifest).hex() },
            }],
            "predicate": predicate,
        });
        let statement = Bytes::from(serde_json::to_vec(&statement).unwrap_or_default());
        let config = Bytes::from(
            serde_json::to_vec(&json!({
                "architecture": "unknown",
                "os": "unknown",
                "config": {},
                "rootfs": { "type": "layers", "diff_ids": [Digest::of(&statement).to_string()] },
            }))
            .unwrap_or_default(),
        );
        let m = Manifest {
            config: Descriptor::new(MT_CONFIG, &config),
            layers: vec![Descriptor::new(MT_IN_TOTO, &statement)],
        };
        Attestation {
            manifest: Bytes::from(m.to_bytes()),
            config,
            statement,
        }
    }

    /// Its entry in an index, about the image manifest `of`.
    pub fn entry(&self, of: Digest) -> IndexEntry {
        IndexEntry {
            descriptor: Descriptor::new(MT_MANIFEST, &self.manifest),
            os: "unknown".into(),
            architecture: "unknown".into(),
            variant: String::new(),
            attests: Some(of),
        }
    }
}
