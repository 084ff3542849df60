//! Reading image archives into a plan: which images, with which config bytes, layer blobs
//! and tags. Three shapes are understood: `docker save` (manifest.json, legacy or Docker 25+),
//! OCI image layouts (index.json, nested indexes), and their gzip/zstd-compressed forms.
//! Nothing here hashes layer data: the load job verifies the plan before anything is stored.

use crate::content::Blob;
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::image::manifest::{ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME};
use crate::image::Image;
use crate::tarball::index::TarIndex;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

/// One layer blob to verify: its bytes and what they must hash to.
#[derive(Clone, Debug)]
pub struct PlannedLayer {
    /// The archive path (for messages).
    pub name: String,
    pub blob: Blob,
    /// The diffID the config promises (checked against the uncompressed content).
    pub diff_id: Digest,
    /// The digest the blob itself must have (OCI blobs are content-addressed).
    pub blob_digest: Option<Digest>,
}

#[derive(Clone, Debug)]
pub struct PlannedImage {
    pub image: Image,
    pub layers: Vec<PlannedLayer>,
    /// Tags as written in the archive, parsed and normalised (`docker.io/library/x:1`).
    pub tags: Vec<crate::reference::Reference>,
    /// The image it was made from, when manifest.json says so and that image is in the
    /// same archive (moby's `validatedParentLinks`).
    pub parent: Option<Digest>,
    /// For Docker 29, loading an OCI layout: the `index.json` entry the image's record
    /// names. A legacy archive has none: the load writes a manifest for it.
    pub entry: Option<Entry>,
}

/// An `index.json` entry as containerd's importer makes it an image record's target.
#[derive(Clone, Debug)]
pub struct Entry {
    pub media_type: String,
    /// The entry's blob: an index or an image manifest.
    pub bytes: Bytes,
    pub annotations: Vec<(String, String)>,
    /// `os`, `architecture`, `variant`.
    pub platform: Option<(String, String, String)>,
    /// The image manifest taken for the platform (the entry's own bytes when it is one).
    pub manifest: Bytes,
}

#[derive(Clone, Debug, Default)]
pub struct LoadPlan {
    pub images: Vec<PlannedImage>,
}

const MANIFEST_JSON: &str = "manifest.json";
const INDEX_JSON: &str = "index.json";
const MAX_INDEX_DEPTH: usize = 8;

const MT_OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const MT_DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";

/// Keeps the `Parent` links whose parent is loaded by the same archive, and checks each as
/// moby's `checkValidParent` does: the child's history is the parent's and one step more.
fn link_parents(plan: &mut LoadPlan) -> Result<()> {
    let mut kept = Vec::with_capacity(plan.images.len());
    for planned in &plan.images {
        let child = &planned.image;
        let parent = planned.parent.and_then(|id| {
            plan.images
                .iter()
                .map(|p| &p.image)
                .find(|p| p.id() == id && id != child.id())
        });
        let Some(parent) = parent else {
            kept.push(None);
            continue;
        };
        let (ph, ch) = (&parent.config().history, &child.config().history);
        let valid = (ph.is_empty() && ch.is_empty())
            || (ch.len() == ph.len() + 1
                && ph.iter().zip(ch.iter()).all(|(a, b)| {
                    (
                        &a.created,
                        &a.created_by,
                        &a.author,
                        &a.comment,
                        a.empty_layer,
                    ) == (
                        &b.created,
                        &b.created_by,
                        &b.author,
                        &b.comment,
                        b.empty_layer,
                    )
                }));
        if !valid {
            return Err(Error::InvalidParent {
                parent: parent.id(),
                child: child.id(),
            });
        }
        kept.push(Some(parent.id()));
    }
    for (planned, parent) in plan.images.iter_mut().zip(kept) {
        planned.parent = parent;
    }
    Ok(())
}

/// The largest metadata file read whole (manifest.json, index.json, a config): real ones
/// are kilobytes; this stops a crafted archive from asking for gigabytes of memory.
pub const MAX_METADATA: u64 = 64 << 20;

/// Plans the load of an uncompressed archive. Only its tar headers and metadata files are
/// read; layers stay ranges of `data` (a file the user opened stays in that file).
///
/// For Docker 29 (`containerd`), as containerd's importer reads archives: an OCI layout
/// (`oci-layout`) by its `index.json`, each entry becoming a record named by its
/// `io.containerd.image.name` or else its `org.opencontainers.image.ref.name`; other
/// archives by their `manifest.json`.
///
/// `platforms` (`docker load --platform`): Docker 28 skips the images of other platforms
/// (moby v28.2.2 image/tarexport/load.go); Docker 29 takes an index's manifest of the first
/// platform asked for that the archive holds, and refuses the load when an image provides
/// none of them (where Docker keeps the records it imported without unpacking them).
pub fn plan(data: &Blob, containerd: bool, platforms: &[String]) -> Result<LoadPlan> {
    let index = TarIndex::build_blob(data)?;
    let archive = Archive {
        data,
        index,
        containerd,
        platforms,
        unprovided: Default::default(),
    };
    let oci_first = containerd && archive.index.contains(OCI_LAYOUT);
    let plan = if archive.index.contains(MANIFEST_JSON) && !oci_first {
        archive.plan_docker()
    } else if archive.index.contains(INDEX_JSON) {
        archive.plan_oci()
    } else {
        Err(Error::NoManifest)
    }?;
    let unprovided = archive.unprovided.into_inner();
    if !unprovided.is_empty() {
        return Err(Error::PlatformNotProvided {
            images: unprovided,
            platforms: platforms.to_vec(),
        });
    }
    Ok(plan)
}

const OCI_LAYOUT: &str = "oci-layout";

struct Archive<'a> {
    data: &'a Blob,
    index: TarIndex,
    containerd: bool,
    /// The platforms asked for (none: any).
    platforms: &'a [String],
    /// Docker 29: the images that provide none of them.
    unprovided: std::cell::RefCell<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ManifestItem {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    layers: Option<Vec<String>>,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: Option<String>,
    digest: String,
    #[serde(default)]
    annotations: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    platform: Option<Platform>,
}

#[derive(Deserialize, Clone)]
struct Platform {
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    os: String,
    #[serde(default)]
    variant: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IndexDoc {
    #[serde(default)]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
    // Present when the document is an image manifest rather than an index.
    #[serde(default)]
    config: Option<Descriptor>,
    #[serde(default)]
    layers: Option<Vec<Descriptor>>,
}

fn json_err(file: &str, e: impl std::fmt::Display) -> Error {
    Error::Json {
        file: file.to_string(),
        msg: e.to_string(),
    }
}

impl Archive<'_> {
    /// The bytes of a regular file in the archive, following links, as a view.
    fn file(&self, name: &str) -> Result<Bytes> {
        let e = self.index.resolve(name)?;
        if e.size > MAX_METADATA {
            return Err(Error::TooLarge {
                what: name.to_string(),
                limit: MAX_METADATA,
            });
        }
        Ok(self.data.read(e.offset..e.offset + e.size)?)
    }

    /// A file of the archive left where it is (a layer), following links.
    fn blob(&self, name: &str) -> Result<Blob> {
        let e = self.index.resolve(name)?;
        Ok(self.data.slice(e.offset..e.offset + e.size))
    }

    /// A content-addressed blob `blobs/sha256/<hex>`, verified (blobs read whole are small:
    /// configs, manifests, indexes).
    fn small_blob(&self, digest: &Digest) -> Result<Bytes> {
        let name = format!("blobs/sha256/{}", digest.hex());
        let b = self.file(&name)?;
        let actual = Digest::of(&b);
        if actual != *digest {
            return Err(Error::DigestMismatch {
                name,
                expected: *digest,
                actual,
            });
        }
        Ok(b)
    }

    /// The digest a path names when it is `blobs/sha256/<hex>` or crane's `sha256:<hex>`
    /// or `<hex>.tar.gz`: such files must hash to their name.
    fn named_digest(name: &str) -> Option<Digest> {
        let base = name.rsplit('/').next().unwrap_or(name);
        if let Some(hex) = name.strip_prefix("blobs/sha256/") {
            return Digest::parse_hex(hex);
        }
        if let Some(d) = Digest::parse(base) {
            return Some(d);
        }
        let stem = base
            .strip_suffix(".tar.gz")
            .or_else(|| base.strip_suffix(".tar"))?;
        Digest::parse_hex(stem)
    }

    fn plan_docker(&self) -> Result<LoadPlan> {
        let raw = self.file(MANIFEST_JSON)?;
        let value: Value = serde_json::from_slice(&raw).map_err(|e| json_err(MANIFEST_JSON, e))?;
        if value.is_null() {
            return Err(Error::NullManifest);
        }
        let items: Vec<ManifestItem> =
            serde_json::from_value(value).map_err(|e| json_err(MANIFEST_JSON, e))?;
        let mut plan = LoadPlan::default();
        for item in items {
            let config = self.file(&item.config)?;
            if let Some(d) = Self::named_digest(&item.config) {
                let actual = Digest::of(&config);
                if actual != d {
                    return Err(Error::DigestMismatch {
                        name: item.config.clone(),
                        expected: d,
                        actual,
                    });
                }
            }
            let image = Image::from_config(config, &item.config)?;
            if !self.provides(&image) {
                if self.containerd {
                    let name = item.repo_tags.as_ref().and_then(|t| t.first()).cloned();
                    self.unprovided
                        .borrow_mut()
                        .push(name.unwrap_or_else(|| image.config_digest().to_string()));
                }
                continue;
            }
            let layer_names = item.layers.unwrap_or_default();
            let diff_ids = image.diff_ids().to_vec();
            if layer_names.len() != diff_ids.len() {
                return Err(Error::LayersMismatch {
                    expected: layer_names.len(),
                    got: diff_ids.len(),
                });
            }
            let mut layers = Vec::with_capacity(layer_names.len());
            for (name, diff_id) in layer_names.iter().zip(diff_ids) {
                let entry = self.index.resolve(name)?;
                // The digest in the name of the file the path finally leads to.
                let blob_digest =
                    Self::named_digest(&entry.name).or_else(|| Self::named_digest(name));
                layers.push(PlannedLayer {
                    name: name.clone(),
                    blob: self.data.slice(entry.offset..entry.offset + entry.size),
                    diff_id,
                    blob_digest: blob_digest.filter(|_| looks_content_addressed(name, entry)),
                });
            }
            let tags = parse_tags(item.repo_tags.unwrap_or_default())?;
            plan.images.push(PlannedImage {
                image,
                layers,
                tags,
                parent: item.parent.as_deref().and_then(Digest::parse),
                entry: None,
            });
        }
        link_parents(&mut plan)?;
        Ok(plan)
    }

    fn plan_oci(&self) -> Result<LoadPlan> {
        let raw = self.file(INDEX_JSON)?;
        let doc: IndexDoc = serde_json::from_slice(&raw).map_err(|e| json_err(INDEX_JSON, e))?;
        let mut plan = LoadPlan::default();
        let manifests = doc.manifests.unwrap_or_default();
        for desc in &manifests {
            let annotation = |k: &str| desc.annotations.as_ref().and_then(|a| a.get(k)).cloned();
            let mut name = annotation(ANNOTATION_IMAGE_NAME);
            let mut top = None;
            if self.containerd {
                name = name.or_else(|| annotation(ANNOTATION_REF_NAME));
                let digest = Digest::parse(&desc.digest).ok_or_else(|| {
                    json_err(INDEX_JSON, format!("invalid digest {:?}", desc.digest))
                })?;
                top = Some(Entry {
                    media_type: desc.media_type.clone().unwrap_or_default(),
                    bytes: self.small_blob(&digest)?,
                    annotations: desc
                        .annotations
                        .iter()
                        .flatten()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    platform: desc
                        .platform
                        .as_ref()
                        .map(|p| (p.os.clone(), p.architecture.clone(), p.variant.clone())),
                    manifest: Bytes::new(),
                });
            }
            self.plan_descriptor(desc, name, 0, &mut plan, top)?;
        }
        Ok(plan)
    }

    fn plan_descriptor(
        &self,
        desc: &Descriptor,
        name: Option<String>,
        depth: usize,
        plan: &mut LoadPlan,
        top: Option<Entry>,
    ) -> Result<()> {
        if depth > MAX_INDEX_DEPTH {
            return Err(json_err(INDEX_JSON, "indexes nested too deeply"));
        }
        let digest = Digest::parse(&desc.digest)
            .ok_or_else(|| json_err(INDEX_JSON, format!("invalid digest {:?}", desc.digest)))?;
        let file = format!("blobs/sha256/{}", digest.hex());
        let raw = self.small_blob(&digest)?;
        let doc: IndexDoc = serde_json::from_slice(&raw).map_err(|e| json_err(&file, e))?;
        let is_index = matches!(
            desc.media_type.as_deref(),
            Some(MT_OCI_INDEX | MT_DOCKER_LIST)
        ) || matches!(
            doc.media_type.as_deref(),
            Some(MT_OCI_INDEX | MT_DOCKER_LIST)
        ) || (doc.manifests.is_some() && doc.config.is_none());
        if is_index {
            let children = doc.manifests.unwrap_or_default();
            let present = |d: &Descriptor| {
                Digest::parse(&d.digest)
                    .is_some_and(|x| self.index.contains(&format!("blobs/sha256/{}", x.hex())))
            };
            let chosen = if self.platforms.is_empty() {
                choose_platform(&children, present)
            } else {
                self.platforms.iter().find_map(|w| {
                    children.iter().find(|d| {
                        present(d)
                            && d.platform.as_ref().is_some_and(|p| {
                                crate::platform::matches(
                                    w,
                                    &crate::platform::format(&p.os, &p.architecture, &p.variant),
                                )
                            })
                    })
                })
            };
            return match chosen {
                Some(child) => self.plan_descriptor(child, name, depth + 1, plan, top),
                None if !self.platforms.is_empty() => {
                    self.unprovided
                        .borrow_mut()
                        .push(name.map_or_else(|| desc.digest.clone(), |n| familiar(&n)));
                    Ok(())
                }
                None => Err(Error::NoPlatformManifest { index: file }),
            };
        }
        let config_desc = doc
            .config
            .ok_or_else(|| json_err(&file, "image manifest has no config"))?;
        let config_digest = Digest::parse(&config_desc.digest).ok_or_else(|| {
            json_err(
                &file,
                format!("invalid config digest {:?}", config_desc.digest),
            )
        })?;
        let config = self.small_blob(&config_digest)?;
        let image = Image::from_config(config, &format!("blobs/sha256/{}", config_digest.hex()))?;
        if !self.provides(&image) {
            if self.containerd {
                self.unprovided
                    .borrow_mut()
                    .push(name.map_or_else(|| desc.digest.clone(), |n| familiar(&n)));
            }
            return Ok(());
        }
        let layer_descs = doc.layers.unwrap_or_default();
        let diff_ids = image.diff_ids().to_vec();
        if layer_descs.len() != diff_ids.len() {
            return Err(Error::LayersMismatch {
                expected: layer_descs.len(),
                got: diff_ids.len(),
            });
        }
        let mut layers = Vec::with_capacity(layer_descs.len());
        for (d, diff_id) in layer_descs.iter().zip(diff_ids) {
            let blob_digest = Digest::parse(&d.digest)
                .ok_or_else(|| json_err(&file, format!("invalid layer digest {:?}", d.digest)))?;
            let lname = format!("blobs/sha256/{}", blob_digest.hex());
            layers.push(PlannedLayer {
                blob: self.blob(&lname)?,
                name: lname,
                diff_id,
                blob_digest: Some(blob_digest),
            });
        }
        // Only a full image name makes a tag; a bare ref.name such as "latest" does not.
        let tags = parse_tags(name.into_iter().collect())?;
        let entry = top.map(|e| Entry {
            manifest: raw.clone(),
            ..e
        });
        // The same image listed twice (two tags) is planned once with both tags: the same
        // config for Docker 28, the same entry for Docker 29.
        let same = |p: &&mut PlannedImage| match (&p.entry, &entry) {
            (Some(a), Some(b)) => a.bytes == b.bytes,
            _ => p.image.id() == image.id(),
        };
        if let Some(existing) = plan.images.iter_mut().find(same) {
            for t in tags {
                if !existing.tags.contains(&t) {
                    existing.tags.push(t);
                }
            }
            return Ok(());
        }
        plan.images.push(PlannedImage {
            image,
            layers,
            tags,
            parent: None,
            entry,
        });
        Ok(())
    }
}

impl Archive<'_> {
    /// Whether an image's config is of a platform asked for (any, when none is).
    fn provides(&self, image: &Image) -> bool {
        let actual = image.config().platform();
        self.platforms.is_empty()
            || self
                .platforms
                .iter()
                .any(|w| crate::platform::matches(w, &actual))
    }
}

/// A name as Docker prints it (`alpine:latest`), or as given when it is not one.
fn familiar(name: &str) -> String {
    crate::reference::Reference::parse_normalized(name)
        .map(|r| r.familiar())
        .unwrap_or_else(|_| name.to_string())
}

/// A legacy `<dir>/layer.tar` is not content-addressed; a blob path or crane name is.
fn looks_content_addressed(name: &str, entry: &crate::tarball::index::TarEntry) -> bool {
    let last = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    last(name) != "layer.tar" || last(&entry.name) != "layer.tar"
}

/// Prefers linux/amd64, then any entry whose blob is present.
fn choose_platform(
    children: &[Descriptor],
    present: impl Fn(&Descriptor) -> bool,
) -> Option<&Descriptor> {
    let is = |d: &Descriptor, arch: &str| {
        d.platform
            .as_ref()
            .is_some_and(|p| p.os == "linux" && p.architecture == arch)
    };
    children
        .iter()
        .find(|d| is(d, "amd64") && present(d))
        .or_else(|| {
            children.iter().find(|d| {
                present(d)
                    && d.platform
                        .as_ref()
                        .is_none_or(|p| p.architecture != "unknown" && p.os != "unknown")
            })
        })
}

fn parse_tags(tags: Vec<String>) -> Result<Vec<crate::reference::Reference>> {
    tags.into_iter()
        .map(|t| {
            let r = crate::reference::Reference::parse_normalized(&t)
                .map_err(|_| Error::InvalidTag(t.clone()))?;
            if r.tag().is_none() {
                return Err(Error::InvalidTag(t));
            }
            Ok(r)
        })
        .collect()
}
