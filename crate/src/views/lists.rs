//! The image and container lists: the rows of `docker images` (one per image, not per
//! tag) and of `docker ps -a`, with the same orders, sizes and status texts.

use super::{created, repo_tags};
use crate::cli::docker::{images as docker_images, ps};
use crate::format::human_size;
use crate::Session;
use serde_json::{json, Value};

/// Every image, in `docker images` order (newest first):
/// `[{id, shortId, repoTags, created, createdSince, size, sizeText, layers}]`.
pub fn images(session: &Session) -> Value {
    let store = session.store();
    let rows = docker_images::listing_order(store)
        .into_iter()
        .map(|img| {
            let size = store.image_size(img);
            let since = docker_images::created_since(img, session.now());
            json!({
                "id": img.id().to_string(),
                "shortId": img.id().short(),
                "repoTags": repo_tags(store, img),
                "created": created(img),
                "createdSince": if since.is_empty() { Value::Null } else { since.into() },
                "size": size,
                "sizeText": human_size(size),
                "layers": img.diff_ids().len(),
            })
        })
        .collect();
    Value::Array(rows)
}

/// Every container, in `docker ps -a` order (newest first):
/// `[{id, shortId, name, image, imageId, status, state, command, created}]`.
pub fn containers(session: &Session) -> Value {
    let rows = session
        .containers()
        .newest_first()
        .into_iter()
        .map(|c| {
            json!({
                "id": c.id.hex(),
                "shortId": c.id.short(),
                "name": c.name,
                "image": c.image_name,
                "imageId": c.image.to_string(),
                "status": ps::status(c, session.now()),
                "state": ps::state_name(c),
                "command": c.command(),
                "created": c.created.to_rfc3339_nano(),
            })
        })
        .collect();
    Value::Array(rows)
}
