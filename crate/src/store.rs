//! The image store: layers (content keyed by diffID, stored once however many images use
//! them), images keyed by ID, and tags pointing at image IDs. Every value here was verified
//! before it was added; the store itself never hashes.

use crate::compress::Compression;
use crate::content::Blob;
use crate::digest::Digest;
use crate::image::Image;
use crate::reference::Reference;
use crate::time::Timestamp;
use bytes::Bytes;
use std::collections::BTreeMap;

/// A layer's content as it was received: maybe compressed, maybe a view into an upload.
#[derive(Clone, Debug)]
pub struct Layer {
    pub diff_id: Digest,
    /// The bytes as stored (a range of the uploaded archive when it came from one).
    pub blob: Blob,
    pub compression: Compression,
    /// sha256 of `blob`; equals `diff_id` when uncompressed.
    pub blob_digest: Digest,
    /// Size of the uncompressed tar.
    pub size: u64,
    /// What Docker reports as the layer's size: file bytes and symlink lengths.
    pub content_size: u64,
    /// What its unpacked snapshot takes on disk (containerd's snapshot usage).
    pub usage: u64,
}

impl Layer {
    /// The layer's blob as a manifest lists it: with Docker schema 2's media types (a
    /// legacy archive's import) or OCI's.
    pub fn descriptor(&self, docker: bool) -> crate::image::manifest::Descriptor {
        use crate::image::manifest as mt;
        let media_type = match (docker, self.compression) {
            (true, Compression::None) => mt::MT_DOCKER_LAYER,
            (true, _) => mt::MT_DOCKER_LAYER_GZIP,
            (false, Compression::None) => mt::MT_LAYER,
            (false, Compression::Zstd) => mt::MT_LAYER_ZSTD,
            (false, _) => mt::MT_LAYER_GZIP,
        };
        crate::image::manifest::Descriptor {
            media_type: media_type.to_string(),
            size: self.blob.len(),
            digest: self.blob_digest,
        }
    }

    /// A layer whose blob is `blob` (compressed as `compression`) and whose tar is `tar`,
    /// of digest `diff_id`.
    pub fn stored(blob: Bytes, compression: Compression, tar: &[u8], diff_id: Digest) -> Layer {
        let mut sizer = crate::tarball::DiffSize::new();
        sizer.feed(tar);
        Layer {
            diff_id,
            size: tar.len() as u64,
            content_size: sizer.total(),
            usage: sizer.usage(),
            blob_digest: Digest::of(&blob),
            blob: Blob::from(blob),
            compression,
        }
    }

    /// A layer made here (commit, build): an uncompressed tar.
    pub fn from_tar(tar: Vec<u8>) -> Layer {
        let diff_id = Digest::of(&tar);
        Layer::uncompressed(Bytes::from(tar), diff_id)
    }

    /// An uncompressed tar whose sha256 (`diff_id`) is already known.
    pub fn uncompressed(tar: Bytes, diff_id: Digest) -> Layer {
        let mut sizer = crate::tarball::DiffSize::new();
        sizer.feed(&tar);
        Layer {
            diff_id,
            size: tar.len() as u64,
            content_size: sizer.total(),
            usage: sizer.usage(),
            blob: Blob::from(tar),
            compression: Compression::None,
            blob_digest: diff_id,
        }
    }
}

#[derive(Clone, Default, Debug)]
pub struct Store {
    layers: BTreeMap<Digest, Layer>,
    images: BTreeMap<Digest, Image>,
    tags: BTreeMap<Reference, Digest>,
    /// `name@sha256:<manifest digest>` references from pulls and pushes (RepoDigests).
    digests: BTreeMap<Reference, Digest>,
    /// The build cache: what a build step made, keyed by everything it depended on. It
    /// outlives the images it made, as BuildKit's cache does.
    build_cache: BTreeMap<Digest, BuildRecord>,
    /// Each image's parent, as moby's image store keeps it beside the config (`SetParent`):
    /// `docker commit` records the container's image, `docker load` an archive's `Parent`.
    parents: BTreeMap<Digest, Digest>,
    /// The number of each snapshot containerd's overlayfs snapshotter holds
    /// (`snapshots/<n>/fs`), by key: an image layer's chain ID, a container's ID and its
    /// `<ID>-init`. Numbers come from one counter, in the order snapshots are made, and are
    /// never reused, as the snapshotter's metadata store allocates them.
    snapshot_ids: BTreeMap<String, u64>,
    last_snapshot_id: u64,
}

/// Where the bytes of a blob of containerd's content store are.
#[derive(Clone, Debug)]
pub enum BlobContent<'s> {
    /// An index, manifest, config or attestation statement.
    Bytes(Bytes),
    /// A layer as stored.
    Layer(&'s Layer),
}

/// The snapshots an image's manifests unpack to: each layer's chain ID with its diffID,
/// for the manifest it is unpacked as and for every other platform in the store.
pub fn snapshot_chains(img: &Image) -> Vec<(Digest, Digest)> {
    let mut lists = vec![img.diff_ids().to_vec()];
    lists.extend(
        img.target()
            .iter()
            .flat_map(|t| t.present())
            .map(|(_, c)| c.diff_ids.clone()),
    );
    lists
        .iter()
        .flat_map(|l| {
            crate::digest::chain_ids(l)
                .into_iter()
                .zip(l.iter().copied())
        })
        .collect()
}

/// One cached build step: its layer (none when it changed no file) and when it was made.
#[derive(Clone, Debug)]
pub struct BuildRecord {
    pub layer: Option<Layer>,
    pub created: Timestamp,
}

/// What tagging did: nothing, a new tag, or a tag moved off another image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagChange {
    Unchanged,
    Added,
    Moved { from: Digest },
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    pub fn cached_step(&self, key: &Digest) -> Option<&BuildRecord> {
        self.build_cache.get(key)
    }

    pub fn build_cache(&self) -> impl Iterator<Item = (&Digest, &BuildRecord)> {
        self.build_cache.iter()
    }

    pub fn cache_step(&mut self, key: Digest, record: BuildRecord) {
        self.build_cache.insert(key, record);
    }

    pub fn layer(&self, diff_id: &Digest) -> Option<&Layer> {
        self.layers.get(diff_id)
    }

    pub fn has_layer(&self, diff_id: &Digest) -> bool {
        self.layers.contains_key(diff_id)
    }

    /// Adds a verified layer unless one with the same diffID is there already.
    pub fn add_layer(&mut self, layer: Layer) {
        self.layers.entry(layer.diff_id).or_insert(layer);
    }

    pub fn image(&self, id: &Digest) -> Option<&Image> {
        self.images.get(id)
    }

    pub fn images(&self) -> impl Iterator<Item = &Image> {
        self.images.values()
    }

    /// Adds an image whose layers are all present. Returns false if it was there already
    /// (a record of containerd's store then takes the content the new one brings: another
    /// platform of the same index).
    pub fn add_image(&mut self, image: Image) -> bool {
        debug_assert!(image.diff_ids().iter().all(|d| self.layers.contains_key(d)));
        for (chain, _) in snapshot_chains(&image) {
            self.prepare_snapshot(chain.to_string());
        }
        if let Some(existing) = self.images.get_mut(&image.id()) {
            existing.absorb(image);
            return false;
        }
        self.images.insert(image.id(), image);
        true
    }

    /// Gives a snapshot its number unless it has one (containerd's snapshotter: an image
    /// layer's when it is unpacked, a container's when it is created).
    pub fn prepare_snapshot(&mut self, key: String) {
        if !self.snapshot_ids.contains_key(&key) {
            self.last_snapshot_id += 1;
            self.snapshot_ids.insert(key, self.last_snapshot_id);
        }
    }

    /// The number of a snapshot, by key.
    pub fn snapshot_id(&self, key: &str) -> Option<u64> {
        self.snapshot_ids.get(key).copied()
    }

    /// Every blob of a record of containerd's store, each once: the target, then each
    /// present manifest, its config, its layers as stored (a layer held in another
    /// compression than the manifest lists is not there) and an attestation's statements.
    pub fn record_blobs(&self, image: &Image) -> Vec<(Digest, BlobContent<'_>)> {
        match image.target() {
            Some(target) => self.target_blobs(target),
            None => Vec::new(),
        }
    }

    /// [`Store::record_blobs`] of a target (a record's, or one narrowed to platforms).
    pub fn target_blobs(
        &self,
        target: &crate::image::target::Target,
    ) -> Vec<(Digest, BlobContent<'_>)> {
        let mut out: Vec<(Digest, BlobContent<'_>)> = Vec::new();
        out.push((target.digest(), BlobContent::Bytes(target.bytes().clone())));
        for (entry, c) in target.present() {
            out.push((
                entry.descriptor.digest,
                BlobContent::Bytes(c.manifest.clone()),
            ));
            out.push((Digest::of(&c.config), BlobContent::Bytes(c.config.clone())));
            for (l, diff_id) in c.layers.iter().zip(&c.diff_ids) {
                if let Some(layer) = self.layer(diff_id).filter(|s| s.blob_digest == l.digest) {
                    out.push((l.digest, BlobContent::Layer(layer)));
                }
            }
            for (l, payload) in c.layers.iter().zip(&c.payloads) {
                out.push((l.digest, BlobContent::Bytes(payload.clone())));
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|(d, _)| seen.insert(*d));
        out
    }

    /// Points `reference` at `id`, as moby's TagImage does (`docker tag`, commit, import,
    /// build): the image's LastTagTime becomes `now`.
    pub fn tag(&mut self, reference: Reference, id: Digest, now: Timestamp) -> TagChange {
        let change = self.add_tag(reference, id);
        if let Some(img) = self.images.get_mut(&id) {
            img.set_last_tag_time(Some(now));
        }
        change
    }

    /// Points `reference` at `id` without touching LastTagTime, as moby's reference
    /// store AddTag does for `docker load` (image/tarexport/load.go setLoadedTag): a
    /// loaded image keeps `0001-01-01T00:00:00Z`.
    pub fn add_tag(&mut self, reference: Reference, id: Digest) -> TagChange {
        match self.tags.insert(reference, id) {
            None => TagChange::Added,
            Some(old) if old == id => TagChange::Unchanged,
            Some(old) => TagChange::Moved { from: old },
        }
    }

    pub fn resolve_tag(&self, reference: &Reference) -> Option<Digest> {
        match reference.digest() {
            // `name:tag@digest` resolves by the digest alone.
            Some(d) => self.digests.get(&reference.with_digest(d)).copied(),
            None => self.tags.get(reference).copied(),
        }
    }

    /// Records that `reference` (`name@sha256:...`) names image `id`.
    pub fn add_digest(&mut self, reference: Reference, id: Digest) {
        self.digests.insert(reference, id);
    }

    /// The digest references of an image, in the store's order.
    pub fn digests_of(&self, id: &Digest) -> Vec<&Reference> {
        self.digests
            .iter()
            .filter(|(_, v)| *v == id)
            .map(|(k, _)| k)
            .collect()
    }

    /// Removes a digest reference; returns the image it named.
    pub fn remove_digest(&mut self, reference: &Reference) -> Option<Digest> {
        self.digests.remove(reference)
    }

    /// Records `parent` as the image `child` was made from.
    pub fn set_parent(&mut self, child: Digest, parent: Digest) {
        if child != parent && self.images.contains_key(&parent) {
            self.parents.insert(child, parent);
        }
    }

    /// The image this one was made from, when the store knows it.
    pub fn parent(&self, id: &Digest) -> Option<Digest> {
        self.parents.get(id).copied()
    }

    /// The images made from this one.
    pub fn children(&self, id: &Digest) -> Vec<Digest> {
        self.parents
            .iter()
            .filter(|(_, p)| *p == id)
            .map(|(c, _)| *c)
            .collect()
    }

    /// Tags of an image, in the store's (sorted) order.
    pub fn tags_of(&self, id: &Digest) -> Vec<&Reference> {
        self.tags
            .iter()
            .filter(|(_, v)| *v == id)
            .map(|(k, _)| k)
            .collect()
    }

    pub fn tags(&self) -> impl Iterator<Item = (&Reference, &Digest)> {
        self.tags.iter()
    }

    /// The image's size as Docker reports it: in the classic store the sum of its layers'
    /// content sizes; in containerd's, its disk usage (content and snapshots).
    pub fn image_size(&self, image: &Image) -> u64 {
        self.image_usage(image).1
    }

    /// What a platform manifest of a containerd record takes: its content (manifest,
    /// config, layers as stored) and its unpacked snapshots (the chain of its layers, each
    /// snapshot's usage), as moby v29.7.2's image list sums them.
    pub fn manifest_usage(&self, content: &crate::image::target::Content) -> (u64, u64) {
        (content.size(), self.snapshot_usage(&content.diff_ids))
    }

    /// The disk usage of the snapshots of a chain of layers (containerd's
    /// calculateSnapshotTotalUsage: the top snapshot's and each ancestor's).
    pub fn snapshot_usage(&self, diff_ids: &[Digest]) -> u64 {
        diff_ids
            .iter()
            .filter_map(|d| self.layers.get(d))
            .map(|l| l.usage)
            .sum()
    }

    /// Docker 29's sizes of an image: its content size (what `docker images` shows as
    /// CONTENT SIZE) and its disk usage (content and snapshots: DISK USAGE), over every
    /// platform in the store. An image without a target (Docker 28's store) has no
    /// content of its own: its disk usage is the classic size.
    pub fn image_usage(&self, image: &Image) -> (u64, u64) {
        let Some(target) = image.target() else {
            let classic = image
                .diff_ids()
                .iter()
                .filter_map(|d| self.layers.get(d))
                .map(|l| l.content_size)
                .sum();
            return (0, classic);
        };
        target.present().fold((0, 0), |(c, d), (_, content)| {
            let (content_size, unpacked) = self.manifest_usage(content);
            (c + content_size, d + content_size + unpacked)
        })
    }

    /// Deletes the content of one platform manifest of a record (`docker rmi --platform`,
    /// moby docker-v29.7.2 image_delete.go `deleteImagePlatformByImageID`): the manifest,
    /// its config and the layers no other image uses go; the record stays. False when the
    /// record has no such manifest in the store.
    pub fn remove_platform(&mut self, id: &Digest, manifest: &Digest) -> bool {
        let Some((image, _)) = self
            .images
            .get(id)
            .and_then(|i| i.without_platform(manifest))
        else {
            return false;
        };
        self.images.insert(*id, image);
        let in_use: std::collections::HashSet<Digest> =
            self.images.values().flat_map(Image::all_diff_ids).collect();
        self.layers.retain(|d, _| in_use.contains(d));
        self.forget_unused_snapshots();
        true
    }

    /// The snapshotter forgets the image layers no image uses; a later unpack numbers them
    /// anew. Returns the chains still in use.
    fn forget_unused_snapshots(&mut self) -> std::collections::HashSet<Digest> {
        let kept: std::collections::HashSet<Digest> = self
            .images
            .values()
            .flat_map(|i| snapshot_chains(i).into_iter().map(|(c, _)| c))
            .collect();
        self.snapshot_ids
            .retain(|k, _| Digest::parse(k).is_none_or(|d| kept.contains(&d)));
        kept
    }

    /// Finds an image as Docker's daemon does: a reference (`name`, `name:tag`), a full
    /// `sha256:` ID, or a unique prefix of the hex ID.
    pub fn lookup(&self, name: &str) -> Option<Digest> {
        if let Some(d) = Digest::parse(name) {
            return self.images.contains_key(&d).then_some(d);
        }
        if let Ok(r) = Reference::parse_normalized(name) {
            let r = if r.tag().is_none() && r.digest().is_none() {
                r.with_tag("latest")
            } else {
                r
            };
            if let Some(id) = self.resolve_tag(&r) {
                return Some(id);
            }
        }
        let hex = name.strip_prefix("sha256:").unwrap_or(name);
        if !hex.is_empty() && hex.len() <= 64 && hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            let mut found = self.images.keys().filter(|d| d.hex().starts_with(hex));
            if let (Some(d), None) = (found.next(), found.next()) {
                return Some(*d);
            }
        }
        None
    }
}

/// What removing an image freed: the image and the layers (by chain ID, top first) that no
/// other image uses, and the bytes those layers held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removal {
    pub image: Option<Digest>,
    pub chains: Vec<Digest>,
    pub reclaimed: u64,
}

impl Store {
    /// Removes a tag; returns the image it pointed at.
    pub fn untag(&mut self, reference: &Reference) -> Option<Digest> {
        self.tags.remove(reference)
    }

    /// Deletes an image (its tags must be gone already) and every layer no other image
    /// uses. Returns what was freed, in the order `docker rmi` prints it.
    pub fn remove_image(&mut self, id: &Digest) -> Removal {
        let Some(image) = self.images.remove(id) else {
            return Removal::default();
        };
        self.digests.retain(|_, v| v != id);
        self.parents.remove(id);
        self.parents.retain(|_, p| p != id);
        let in_use_chains: std::collections::HashSet<Digest> = self
            .images
            .values()
            .flat_map(|i| crate::digest::chain_ids(i.diff_ids()))
            .collect();
        let chains = crate::digest::chain_ids(image.diff_ids());
        let mut removal = Removal {
            image: Some(image.id()),
            ..Removal::default()
        };
        for (chain, diff) in chains.iter().zip(image.diff_ids()).rev() {
            if in_use_chains.contains(chain) {
                continue;
            }
            removal.chains.push(*chain);
            removal.reclaimed += self.layers.get(diff).map(|l| l.content_size).unwrap_or(0);
        }
        let in_use_layers: std::collections::HashSet<Digest> =
            self.images.values().flat_map(Image::all_diff_ids).collect();
        for d in &image.all_diff_ids() {
            if !in_use_layers.contains(d) {
                self.layers.remove(d);
            }
        }
        removal
    }

    /// Deletes a record of containerd's store (Docker 29) and lets its content go as
    /// containerd's garbage collector would: the blobs and snapshots no other image uses.
    /// Returns the index and manifest blobs that went (target first), and the bytes freed:
    /// those blobs' sizes and the freed snapshots' usage (moby v29.7.2
    /// `daemon/containerd/image_prune.go`).
    pub fn remove_record(&mut self, id: &Digest) -> (Vec<Digest>, u64) {
        let Some(image) = self.images.get(id).cloned() else {
            return (Vec::new(), 0);
        };
        let blobs = image.target().map(|t| t.blobs()).unwrap_or_default();
        let mine: Vec<(Digest, u64)> = snapshot_chains(&image)
            .into_iter()
            .map(|(chain, diff_id)| (chain, self.layers.get(&diff_id).map_or(0, |l| l.usage)))
            .collect();
        self.remove_image(id);
        let kept_blobs: std::collections::HashSet<Digest> = self
            .images
            .values()
            .filter_map(Image::target)
            .flat_map(|t| t.blobs())
            .map(|d| d.digest)
            .collect();
        let kept_chains = self.forget_unused_snapshots();
        let mut reclaimed = 0;
        let mut deleted = Vec::new();
        for b in blobs.iter().filter(|b| !kept_blobs.contains(&b.digest)) {
            reclaimed += b.size;
            if crate::image::manifest::is_manifest_type(&b.media_type) {
                deleted.push(b.digest);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (chain, usage) in mine {
            if !kept_chains.contains(&chain) && seen.insert(chain) {
                reclaimed += usage;
            }
        }
        (deleted, reclaimed)
    }

    /// Images with no tag and no child (digest references alone leave an image dangling;
    /// a parent of another image is an intermediate image, not a dangling one).
    pub fn dangling(&self) -> Vec<Digest> {
        let tagged: std::collections::HashSet<&Digest> = self.tags.values().collect();
        let parents: std::collections::HashSet<&Digest> = self.parents.values().collect();
        self.images
            .keys()
            .filter(|id| !tagged.contains(id) && !parents.contains(id))
            .copied()
            .collect()
    }

    /// Finds an image by a hex ID prefix; `Err(true)` when the prefix is ambiguous.
    pub fn by_prefix(&self, hex: &str) -> Result<Digest, bool> {
        let hex = hex.strip_prefix("sha256:").unwrap_or(hex);
        if hex.is_empty() || hex.len() > 64 || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(false);
        }
        let mut found = self.images.keys().filter(|d| d.hex().starts_with(hex));
        match (found.next(), found.next()) {
            (Some(d), None) => Ok(*d),
            (Some(_), Some(_)) => Err(true),
            _ => Err(false),
        }
    }
}
