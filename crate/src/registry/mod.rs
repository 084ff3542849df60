//! Registries that live in the page: `docker.io` with the demo images, and one more for
//! every other host a user pushes to. Each holds real OCI content (manifests, configs and
//! gzip layer blobs, addressed by sha256) behind the operations of the distribution API,
//! so that a registry reached over HTTP can later stand in for an in-page one.

pub mod credentials;
pub mod demo;
pub mod distribution;

pub mod network;
mod sources;

pub use crate::image::manifest::{
    is_index, Descriptor, Index, IndexEntry, Manifest, ManifestError, MANIFEST_ACCEPT, MT_CONFIG,
    MT_DOCKER_CONFIG, MT_DOCKER_LAYER, MT_DOCKER_LAYER_GZIP, MT_DOCKER_LIST, MT_DOCKER_MANIFEST,
    MT_INDEX, MT_IN_TOTO, MT_LAYER_GZIP, MT_MANIFEST,
};
pub(crate) use sources::by_likeness;
pub use sources::{LayerSource, LayerSources};

use crate::digest::Digest;
use crate::reference::{Reference, DEFAULT_DOMAIN};
use bytes::Bytes;
use distribution::{ApiError, Code};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;

/// Every registry of the session by host (`docker.io`, `localhost:5000`), and what the
/// daemon remembers about where its layers came from.
#[derive(Default)]
pub struct Registries {
    hosts: BTreeMap<String, Registry>,
    sources: LayerSources,
    /// Real registries, when the session uses the network; then no registry is simulated.
    network: Option<network::Network>,
}

impl Registries {
    pub fn new() -> Registries {
        Registries::default()
    }

    /// The registry at `host`, if there is one. `docker.io` always exists; its demo images
    /// are built on first use, so that a session that never pulls never pays for them.
    pub fn registry(&mut self, host: &str) -> Option<&mut Registry> {
        if host == DEFAULT_DOMAIN && !self.hosts.contains_key(host) {
            self.hosts.insert(host.to_string(), demo::registry());
        }
        self.hosts.get_mut(host)
    }

    /// The registry at `host`, created empty when it does not exist yet (a first push).
    pub fn registry_or_create(&mut self, host: &str) -> &mut Registry {
        if host == DEFAULT_DOMAIN && !self.hosts.contains_key(host) {
            self.hosts.insert(host.to_string(), demo::registry());
        }
        self.hosts.entry(host.to_string()).or_default()
    }

    /// The registry at `host` as it is now (`docker.io` only once [`Registries::registry`]
    /// has built it).
    pub fn get(&self, host: &str) -> Option<&Registry> {
        self.hosts.get(host)
    }

    pub fn has_registry(&self, host: &str) -> bool {
        host == DEFAULT_DOMAIN || self.hosts.contains_key(host)
    }

    pub fn sources(&self) -> &LayerSources {
        &self.sources
    }

    pub fn sources_mut(&mut self) -> &mut LayerSources {
        &mut self.sources
    }

    /// Makes the session use real registries through `network`.
    pub fn set_network(&mut self, network: network::Network) {
        self.network = Some(network);
    }

    /// Goes back to the simulated registries.
    pub fn clear_network(&mut self) {
        self.network = None;
    }

    pub fn network(&self) -> Option<&network::Network> {
        self.network.as_ref()
    }

    /// The network and what is known of layers' sources, borrowed together.
    pub fn network_mut(&mut self) -> Option<(&mut network::Network, &mut LayerSources)> {
        self.network.as_mut().map(|n| (n, &mut self.sources))
    }
}

/// A registry error, as the distribution spec's error codes read in Docker's messages
/// (`manifest unknown: manifest unknown`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryError {
    /// NAME_UNKNOWN: no such repository.
    NameUnknown,
    /// MANIFEST_UNKNOWN: no such tag or manifest digest in the repository.
    ManifestUnknown,
    /// BLOB_UNKNOWN: the repository does not hold this blob.
    BlobUnknown(Digest),
    /// MANIFEST_INVALID: the manifest does not parse or names blobs the repository lacks.
    ManifestInvalid(ManifestError),
    /// DENIED: the repository may not be written (Docker Hub's official images).
    Denied,
}

impl RegistryError {
    /// The error as a registry sends it. The reference registry gives each of these a
    /// detail, so Docker prints it as `code: message`.
    pub fn api_error(&self) -> ApiError {
        let code = match self {
            RegistryError::NameUnknown => Code::NAME_UNKNOWN,
            RegistryError::ManifestUnknown => Code::MANIFEST_UNKNOWN,
            RegistryError::BlobUnknown(_) => Code::BLOB_UNKNOWN,
            RegistryError::ManifestInvalid(msg) => {
                return ApiError::new(Code::MANIFEST_INVALID, msg.to_string())
            }
            RegistryError::Denied => Code::DENIED,
        };
        ApiError::new(code, code.message())
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.api_error())
    }
}

impl std::error::Error for RegistryError {}

/// One repository: its tags, and the manifests and blobs linked into it. As in the
/// reference registry, content is shared by the whole registry but a repository only
/// serves what was pushed or mounted into it.
#[derive(Clone, Default, Debug)]
struct Repository {
    tags: BTreeMap<String, Digest>,
    manifests: BTreeSet<Digest>,
    blobs: BTreeSet<Digest>,
}

/// One registry: repositories and a content store of blobs by digest.
#[derive(Clone, Default, Debug)]
pub struct Registry {
    repositories: BTreeMap<String, Repository>,
    content: BTreeMap<Digest, Bytes>,
    /// Path prefixes nobody may push to (`library/` on Docker Hub without a login).
    protected: Vec<String>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    /// A registry where pushing under `prefix` is denied.
    pub fn with_protected_prefix(prefix: &str) -> Registry {
        Registry {
            protected: vec![prefix.to_string()],
            ..Registry::default()
        }
    }

    fn repo(&self, path: &str) -> Result<&Repository, RegistryError> {
        self.repositories
            .get(path)
            .ok_or(RegistryError::NameUnknown)
    }

    /// The repositories, sorted (`GET /v2/_catalog`).
    pub fn repositories(&self) -> impl Iterator<Item = &str> {
        self.repositories.keys().map(String::as_str)
    }

    /// The manifest digest a reference names: its digest, or what its tag points at.
    /// Only the path, tag and digest of `reference` are used; the caller chose the host.
    pub fn resolve(&self, reference: &Reference) -> Result<Digest, RegistryError> {
        let repo = self
            .repo(reference.path())
            .map_err(|_| RegistryError::ManifestUnknown)?;
        if let Some(d) = reference.digest() {
            return if repo.manifests.contains(&d) {
                Ok(d)
            } else {
                Err(RegistryError::ManifestUnknown)
            };
        }
        let tag = reference.tag().unwrap_or("latest");
        repo.tags
            .get(tag)
            .copied()
            .ok_or(RegistryError::ManifestUnknown)
    }

    /// `GET /v2/<path>/tags/list`: the tags, sorted.
    pub fn tags(&self, path: &str) -> Result<Vec<String>, RegistryError> {
        Ok(self.repo(path)?.tags.keys().cloned().collect())
    }

    /// `GET /v2/<path>/manifests/<digest>`.
    pub fn manifest(&self, path: &str, digest: &Digest) -> Result<Bytes, RegistryError> {
        let repo = self
            .repo(path)
            .map_err(|_| RegistryError::ManifestUnknown)?;
        if !repo.manifests.contains(digest) {
            return Err(RegistryError::ManifestUnknown);
        }
        self.content
            .get(digest)
            .cloned()
            .ok_or(RegistryError::ManifestUnknown)
    }

    /// `GET /v2/<path>/blobs/<digest>`: a config or a layer.
    pub fn blob(&self, path: &str, digest: &Digest) -> Result<Bytes, RegistryError> {
        if !self.has_blob(path, digest) {
            return Err(RegistryError::BlobUnknown(*digest));
        }
        self.content
            .get(digest)
            .cloned()
            .ok_or(RegistryError::BlobUnknown(*digest))
    }

    /// `HEAD /v2/<path>/blobs/<digest>`.
    pub fn has_blob(&self, path: &str, digest: &Digest) -> bool {
        self.repositories
            .get(path)
            .is_some_and(|r| r.blobs.contains(digest))
    }

    /// Whether `path` may be pushed to.
    pub fn check_push(&self, path: &str) -> Result<(), RegistryError> {
        if self.protected.iter().any(|p| path.starts_with(p.as_str())) {
            return Err(RegistryError::Denied);
        }
        Ok(())
    }

    /// `POST /v2/<path>/blobs/uploads/?mount=<digest>&from=<from>`: links a blob of
    /// another repository of this registry. False when `from` does not hold it.
    pub fn mount_blob(
        &mut self,
        path: &str,
        digest: &Digest,
        from: &str,
    ) -> Result<bool, RegistryError> {
        self.check_push(path)?;
        if !self.has_blob(from, digest) {
            return Ok(false);
        }
        self.repositories
            .entry(path.to_string())
            .or_default()
            .blobs
            .insert(*digest);
        Ok(true)
    }

    /// An upload: stores `data` and links it into `path`. Returns its digest.
    pub fn put_blob(&mut self, path: &str, data: Bytes) -> Result<Digest, RegistryError> {
        self.check_push(path)?;
        Ok(self.insert_blob(path, data))
    }

    fn insert_blob(&mut self, path: &str, data: Bytes) -> Digest {
        let d = Digest::of(&data);
        self.content.entry(d).or_insert(data);
        self.repositories
            .entry(path.to_string())
            .or_default()
            .blobs
            .insert(d);
        d
    }

    /// `PUT /v2/<path>/manifests/<tag>`: checks that the manifest parses and that the
    /// repository holds every blob it names, then stores it and points `tag` at it.
    pub fn put_manifest(
        &mut self,
        path: &str,
        tag: &str,
        data: Bytes,
    ) -> Result<Digest, RegistryError> {
        self.check_push(path)?;
        self.insert_manifest(path, tag, data)
    }

    /// Stores a manifest or index pushed by its digest (no tag).
    pub fn put_untagged_manifest(
        &mut self,
        path: &str,
        data: Bytes,
    ) -> Result<Digest, RegistryError> {
        self.check_push(path)?;
        self.link_manifest(path, data)
    }

    fn insert_manifest(
        &mut self,
        path: &str,
        tag: &str,
        data: Bytes,
    ) -> Result<Digest, RegistryError> {
        let digest = self.link_manifest(path, data)?;
        let repo = self.repositories.entry(path.to_string()).or_default();
        repo.tags.insert(tag.to_string(), digest);
        Ok(digest)
    }

    /// Stores a manifest or an index in `path` without a tag, once what it names is there:
    /// a manifest's blobs, an index's manifests.
    fn link_manifest(&mut self, path: &str, data: Bytes) -> Result<Digest, RegistryError> {
        if is_index(&data) {
            let index = Index::parse(&data).map_err(RegistryError::ManifestInvalid)?;
            let repo = self.repositories.get(path);
            for m in &index.manifests {
                if !repo.is_some_and(|r| r.manifests.contains(&m.descriptor.digest)) {
                    return Err(RegistryError::ManifestUnknown);
                }
            }
        } else {
            let m = Manifest::parse(&data).map_err(RegistryError::ManifestInvalid)?;
            for d in std::iter::once(&m.config).chain(&m.layers) {
                if !self.has_blob(path, &d.digest) {
                    return Err(RegistryError::BlobUnknown(d.digest));
                }
            }
        }
        let digest = Digest::of(&data);
        self.content.entry(digest).or_insert(data);
        let repo = self.repositories.entry(path.to_string()).or_default();
        repo.manifests.insert(digest);
        Ok(digest)
    }

    /// Uploads `blobs` (config and layers) then the manifest, tagged as `reference`.
    pub fn push(
        &mut self,
        reference: &Reference,
        manifest: Bytes,
        blobs: impl IntoIterator<Item = Bytes>,
    ) -> Result<Digest, RegistryError> {
        let path = reference.path();
        self.check_push(path)?;
        for b in blobs {
            self.insert_blob(path, b);
        }
        self.insert_manifest(path, reference.tag().unwrap_or("latest"), manifest)
    }

    /// Like [`Registry::push`] but past the protection: how the demo images get in. The
    /// `manifests` (an index's platforms) go in untagged, then `top` under each tag.
    fn seed(
        &mut self,
        path: &str,
        tags: &[&str],
        top: Bytes,
        manifests: impl IntoIterator<Item = Bytes>,
        blobs: impl IntoIterator<Item = Bytes>,
    ) -> Result<Digest, RegistryError> {
        for b in blobs {
            self.insert_blob(path, b);
        }
        for m in manifests {
            self.link_manifest(path, m)?;
        }
        let mut digest = Digest::of(&top);
        for t in tags {
            digest = self.insert_manifest(path, t, top.clone())?;
        }
        Ok(digest)
    }
}

/// Gzip as layer blobs are written: no name, no modification time, default level, so the
/// same tar always gives the same blob and digest.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzipWriter::new();
    e.write(data);
    e.finish()
}

/// [`gzip`] fed in pieces (the output does not depend on how the input is split).
pub struct GzipWriter(flate2::write::GzEncoder<Vec<u8>>);

impl Default for GzipWriter {
    fn default() -> Self {
        GzipWriter::new()
    }
}

impl GzipWriter {
    pub fn new() -> GzipWriter {
        GzipWriter(
            flate2::GzBuilder::new()
                .mtime(0)
                .operating_system(255)
                .write(Vec::new(), flate2::Compression::default()),
        )
    }

    pub fn write(&mut self, data: &[u8]) {
        // Writing into a Vec cannot fail.
        let _ = self.0.write_all(data);
    }

    /// The compressed bytes made so far and not taken yet.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(self.0.get_mut())
    }

    /// The rest of the compressed bytes, with gzip's trailer.
    pub fn finish(self) -> Vec<u8> {
        self.0.finish().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(s: &str) -> Reference {
        Reference::parse_with_default_tag(s).unwrap()
    }

    #[test]
    fn gzip_is_deterministic_and_split_independent() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let once = gzip(&data);
        let mut w = GzipWriter::new();
        for chunk in data.chunks(777) {
            w.write(chunk);
        }
        assert_eq!(w.finish(), once);
        // Taken as it is made, the pieces are the same stream.
        let mut w = GzipWriter::new();
        let mut pieces = Vec::new();
        for chunk in data.chunks(5000) {
            w.write(chunk);
            pieces.extend(w.take());
        }
        pieces.extend(w.finish());
        assert_eq!(pieces, once);
        assert_eq!(&once[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        let back = crate::compress::decompress_all(
            Bytes::from(once),
            "x",
            crate::budget::Budget::native(1 << 20),
            None,
        )
        .unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn push_resolve_and_fetch() {
        let mut r = Registry::new();
        let config = Bytes::from_static(b"{}");
        let layer = Bytes::from(gzip(b"layer"));
        let m = Manifest {
            config: Descriptor::new(MT_CONFIG, &config),
            layers: vec![Descriptor::new(MT_LAYER_GZIP, &layer)],
        };
        let bytes = Bytes::from(m.to_bytes());
        let app = reference("localhost:5000/app:1");
        let d = r
            .push(&app, bytes.clone(), [config.clone(), layer.clone()])
            .unwrap();
        assert_eq!(d, Digest::of(&bytes));
        assert_eq!(r.resolve(&app), Ok(d));
        assert_eq!(r.tags("app"), Ok(vec!["1".to_string()]));
        assert_eq!(r.manifest("app", &d), Ok(bytes));
        assert_eq!(r.blob("app", &Digest::of(&layer)), Ok(layer.clone()));
        let other = reference("localhost:5000/other:1");
        assert_eq!(r.resolve(&other), Err(RegistryError::ManifestUnknown));
        assert_eq!(r.tags("other"), Err(RegistryError::NameUnknown));
        assert!(!r.has_blob("other", &Digest::of(&layer)));
        assert_eq!(r.mount_blob("other", &Digest::of(&layer), "app"), Ok(true));
        assert!(r.has_blob("other", &Digest::of(&layer)));
        assert_eq!(
            r.resolve(&reference("localhost:5000/app:2")),
            Err(RegistryError::ManifestUnknown)
        );
    }

    #[test]
    fn manifests_must_name_blobs_of_the_repository() {
        let mut r = Registry::new();
        let config = Bytes::from_static(b"{}");
        let m = Manifest {
            config: Descriptor::new(MT_CONFIG, &config),
            layers: vec![],
        };
        let err = r
            .put_manifest("a", "1", Bytes::from(m.to_bytes()))
            .unwrap_err();
        assert_eq!(err, RegistryError::BlobUnknown(Digest::of(&config)));
        let err = r
            .put_manifest("a", "1", Bytes::from_static(b"{"))
            .unwrap_err();
        assert!(matches!(err, RegistryError::ManifestInvalid(_)));
    }

    #[test]
    fn protected_prefix_denies_pushes() {
        let mut r = Registry::with_protected_prefix("library/");
        assert_eq!(
            r.put_blob("library/x", Bytes::from_static(b"x")),
            Err(RegistryError::Denied)
        );
        assert!(r.put_blob("learner/x", Bytes::from_static(b"x")).is_ok());
        assert_eq!(
            RegistryError::Denied.to_string(),
            "denied: requested access to the resource is denied"
        );
    }
}
