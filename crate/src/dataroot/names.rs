//! The names overlay2 gives directories, and the `GraphDriver` data `docker inspect`
//! reports with them.
//!
//! moby names a layer's directory (its cache ID) and a container's (its mount ID) with
//! random 64-hex IDs (`stringid.GenerateRandomID`), and each short link in
//! `overlay2/l/` with 26 random base32 characters (`overlayutils.GenerateID`).
//! layerlab derives them instead, so that the same session shows the same names:
//!
//! - a layer's cache ID is the hex of `sha256("layerlab overlay2 cache-id <chain ID>")`;
//! - a container's mount ID is the hex of `sha256("layerlab overlay2 mount-id <container
//!   ID>")`, and its init layer is `<mount ID>-init`, as in moby;
//! - a directory's link is the first 26 base32 characters (RFC 4648 alphabet, as Go's
//!   `base32.StdEncoding`) of `sha256("layerlab overlay2 link <directory>")`.

use crate::digest::{chain_ids, Digest};
use crate::image::Image;
use serde_json::{json, Map, Value};

/// Where the data root is.
pub const ROOT: &str = "/var/lib/docker";

/// The directory name of an image layer in `overlay2/` (its layerdb `cache-id`).
pub fn cache_id(chain: &Digest) -> String {
    Digest::of(format!("layerlab overlay2 cache-id {chain}").as_bytes()).hex()
}

/// The directory name of a container's writable layer (its layerdb `mount-id`).
pub fn mount_id(container: &Digest) -> String {
    Digest::of(format!("layerlab overlay2 mount-id {container}").as_bytes()).hex()
}

/// The directory name of a container's init layer (its layerdb `init-id`).
pub fn init_id(container: &Digest) -> String {
    format!("{}-init", mount_id(container))
}

/// The short name in `overlay2/l/` of a layer directory.
pub fn link_id(dir: &str) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let d = Digest::of(format!("layerlab overlay2 link {dir}").as_bytes());
    let mut out = String::with_capacity(26);
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    for &b in d.as_bytes() {
        acc = ((acc << 8) | u64::from(b)) & 0xffff;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            let i = ((acc >> bits) & 31) as usize;
            out.push(char::from(ALPHABET.get(i).copied().unwrap_or(b'A')));
            if out.len() == 26 {
                return out;
            }
        }
    }
    out
}

/// `/var/lib/docker/overlay2/<dir>`.
pub fn overlay_dir(dir: &str) -> String {
    format!("{ROOT}/overlay2/{dir}")
}

/// The cache IDs of an image's layers, bottom first.
pub fn image_dirs(img: &Image) -> Vec<String> {
    chain_ids(img.diff_ids()).iter().map(cache_id).collect()
}

/// moby's overlay2 `GetMetadata`: the directory's merged, upper and work directories,
/// and the diff directories of the layers below it, nearest first (no `LowerDir` for a
/// layer without any).
fn metadata(top: &str, lower: &[String]) -> Value {
    let mut data = Map::new();
    if !lower.is_empty() {
        let dirs: Vec<String> = lower
            .iter()
            .rev()
            .map(|d| format!("{}/diff", overlay_dir(d)))
            .collect();
        data.insert("LowerDir".into(), dirs.join(":").into());
    }
    let dir = overlay_dir(top);
    data.insert("MergedDir".into(), format!("{dir}/merged").into());
    data.insert("UpperDir".into(), format!("{dir}/diff").into());
    data.insert("WorkDir".into(), format!("{dir}/work").into());
    Value::Object(data)
}

/// An image's `GraphDriver`: its top layer's metadata (`Data` is null for an image
/// without layers).
pub fn image_graph_driver(img: &Image) -> Value {
    let dirs = image_dirs(img);
    let data = match dirs.split_last() {
        Some((top, lower)) => metadata(top, lower),
        None => Value::Null,
    };
    json!({ "Data": data, "Name": "overlay2" })
}

/// A container's `GraphDriver`: its writable layer's metadata, over its init layer and
/// its image's layers (`image` is `None` when the image is gone).
pub fn container_graph_driver(container: &Digest, image: Option<&Image>) -> Value {
    let mut lower = image.map(image_dirs).unwrap_or_default();
    lower.push(init_id(container));
    json!({ "Data": metadata(&mount_id(container), &lower), "Name": "overlay2" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_26_base32_characters() {
        let l = link_id("abc");
        assert_eq!(l.len(), 26);
        assert!(l
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        assert_ne!(l, link_id("abd"));
        assert_eq!(init_id(&Digest::of(b"x")).len(), 69);
    }
}
