//! What a Docker 29 load makes each image's record name, as containerd's importer does
//! (containerd v2.3.3 `core/images/archive/importer.go`, vendored by moby v29.7.2): an OCI
//! layout's `index.json` entry as it is, or, for a legacy `docker save` archive, a Docker
//! schema 2 manifest it writes (compact JSON; the config as stored; each layer as stored,
//! or as the store already holds it, typed by its first bytes: a tar stays a tar) with the
//! entry's annotations naming the image and its normalised platform.

use super::load::PlannedImage;
use crate::image::manifest::{
    Descriptor, Index, Manifest, ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME, MT_DOCKER_CONFIG,
    MT_DOCKER_MANIFEST,
};
use crate::image::target::{Content, Target, Written};
use crate::store::Store;

/// The target of a loaded image's record; its layers must be in the store.
pub fn target(planned: &PlannedImage, store: &Store) -> Target {
    let image = &planned.image;
    match &planned.entry {
        Some(entry) => {
            let layers = Manifest::parse(&entry.manifest)
                .map(|m| m.layers)
                .unwrap_or_default();
            let content = Content {
                manifest: entry.manifest.clone(),
                config: image.raw_config().clone(),
                layers,
                diff_ids: image.diff_ids().to_vec(),
                payloads: Vec::new(),
            };
            let target = match Index::parse(&entry.bytes) {
                Ok(index) if crate::image::manifest::is_index(&entry.bytes) => {
                    let mut t = Target::index(entry.bytes.clone(), &index.manifests);
                    t.set_present(&crate::digest::Digest::of(&entry.manifest), content);
                    t
                }
                _ => Target::manifest(content, platform_of(planned)),
            };
            target.described(
                &entry.media_type,
                entry.annotations.clone(),
                entry.platform.clone(),
            )
        }
        None => {
            let layers: Vec<Descriptor> = image
                .diff_ids()
                .iter()
                .filter_map(|d| store.layer(d))
                .map(|l| l.descriptor(true))
                .collect();
            let config = Descriptor::new(MT_DOCKER_CONFIG, image.raw_config());
            let (os, arch, variant) = platform_of(planned);
            let annotations = planned
                .tags
                .first()
                .map(|t| {
                    vec![
                        (ANNOTATION_IMAGE_NAME.to_string(), t.to_string()),
                        (
                            ANNOTATION_REF_NAME.to_string(),
                            t.tag().unwrap_or("latest").to_string(),
                        ),
                    ]
                })
                .unwrap_or_default();
            let platform = (
                os.to_string(),
                arch.to_string(),
                crate::platform::normalized_variant(arch, variant).to_string(),
            );
            Target::written(image, config, layers, Written::Imported).described(
                MT_DOCKER_MANIFEST,
                annotations,
                Some(platform),
            )
        }
    }
}

fn platform_of(planned: &PlannedImage) -> (&str, &str, &str) {
    let c = planned.image.config();
    (&c.os, &c.architecture, c.variant.as_deref().unwrap_or(""))
}
