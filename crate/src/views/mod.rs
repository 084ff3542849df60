//! View models for the page's panels: the image list, the container list, an image's
//! layers and history with dive's efficiency numbers, what one layer changed, the merged
//! tree of the first layers (whiteouts and opaque directories made visible), file
//! contents, an image's index, manifests, config and layers as a tree, and a container's
//! copy-on-write layer. Each function reads the session and
//! returns JSON (`serde_json::Value`, camelCase keys, deterministic order) or a
//! [`ViewError`], whose text is Docker's one line; the page renders what it gets and
//! computes nothing itself.
//!
//! Everything here is built on what the commands use: images and containers are found
//! as `docker inspect` finds them, sizes and orders are those of `docker images`,
//! `docker ps` and `docker history`, the numbers are dive's ([`crate::fs::efficiency`]),
//! a layer's changes are [`crate::fs::diff`]'s, and a container's are `docker diff`'s.
//!
//! Paths in the output are absolute (`/etc/passwd`); paths given may be absolute or
//! relative to the root, and `.`, `..` and repeated slashes are taken as a shell would
//! (`..` stops at the root).

mod cache;
mod cow;
mod image;
mod lists;
mod structure;
mod tree;

pub use cow::{cow, cow_changes_page, cow_lookup};
pub use image::{image_overview, layer_blob, layer_changes, layer_changes_page, layer_tar};
pub use lists::{containers, images};
pub use structure::image_structure;
pub use tree::{
    file_blob, find, read_file, read_file_info, tree, tree_page, FileBlob, FileRead, ListOrder,
};

use crate::containers::{Container, ContainerLookupError, Containers};
use crate::fs::{Kind, Node, PathLookupError};
use crate::image::Image;
use crate::store::Store;
use crate::time::Timestamp;
use serde_json::{Map, Value};
use std::fmt;

/// Why a view could not be made. Each renders as the one line the page shows, Docker's
/// text where Docker has one for the same failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewError {
    /// `docker image inspect`'s: the reference as Docker shows it (`nosuch:latest`).
    ImageNotFound { reference: String },
    /// `docker container inspect`'s: no such container, or an ambiguous ID prefix.
    Container(ContainerLookupError),
    /// A layer index past the image's `count` layers.
    NoSuchLayer { layer: usize, count: usize },
    /// The image's layers could not be read.
    Image(crate::error::Error),
    /// A path of the merged tree, as the user gave it, that a lookup could not follow.
    Path {
        path: String,
        error: PathLookupError,
    },
    /// What the view would hand over (a file's bytes, a layer's tar) passes the session's
    /// memory budget.
    Memory(crate::budget::OverBudget),
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::ImageNotFound { reference } => {
                write!(f, "Error response from daemon: No such image: {reference}")
            }
            ViewError::Container(e) => write!(f, "Error response from daemon: {e}"),
            ViewError::NoSuchLayer { layer, count } => match count {
                0 => write!(f, "Error: no layer {layer}: the image has no layers"),
                1 => write!(f, "Error: no layer {layer}: the image has 1 layer (0)"),
                n => write!(
                    f,
                    "Error: no layer {layer}: the image has {n} layers (0 to {})",
                    n - 1
                ),
            },
            ViewError::Image(e) => write!(f, "Error: {e}"),
            ViewError::Memory(e) => write!(f, "Error: {e}"),
            // As a shell reports it: `/etc/nope: No such file or directory`.
            ViewError::Path { path, error } => write!(f, "{}: {}", shown(path), error.reason()),
        }
    }
}

impl std::error::Error for ViewError {}

/// What every view returns: JSON, or why not.
pub type ViewResult = Result<Value, ViewError>;

/// Finds an image as `docker image inspect` does (`name[:tag]`, `name@digest`, a full
/// or short ID); the error is Docker's.
pub(crate) fn find_image<'a>(store: &'a Store, name: &str) -> Result<&'a Image, ViewError> {
    store
        .lookup(name)
        .and_then(|id| store.image(&id))
        .ok_or_else(|| ViewError::ImageNotFound {
            reference: crate::cli::docker::with_latest(name),
        })
}

/// Finds a container as `docker container inspect` does (full ID, name, unique ID
/// prefix); the error is Docker's.
pub(crate) fn find_container<'a>(
    containers: &'a Containers,
    name: &str,
) -> Result<&'a Container, ViewError> {
    let i = containers.find(name).map_err(ViewError::Container)?;
    containers.get(i).ok_or_else(|| {
        ViewError::Container(ContainerLookupError::NotFound {
            name: name.to_string(),
        })
    })
}

/// `layer` must be one of the image's `count` layers.
pub(crate) fn check_layer(layer: usize, count: usize) -> Result<(), ViewError> {
    if layer < count {
        Ok(())
    } else {
        Err(ViewError::NoSuchLayer { layer, count })
    }
}

/// A relative path (`etc/passwd`, `""` for the root) as the output shows it.
pub(crate) fn abs(path: &str) -> String {
    format!("/{path}")
}

/// A path as the user gave it, for error messages: absolute.
pub(crate) fn shown(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// Joins a real directory path and a name (both relative).
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// An image's creation time as `docker inspect` shows it (RFC 3339), or `null`.
pub(crate) fn created(img: &Image) -> Value {
    img.config()
        .created
        .as_deref()
        .and_then(Timestamp::parse_rfc3339)
        .map_or(Value::Null, |t| Value::String(t.to_rfc3339_nano()))
}

/// A history entry's creation time (RFC 3339), or `null`.
pub(crate) fn time_value(t: Option<&str>) -> Value {
    t.and_then(Timestamp::parse_rfc3339)
        .map_or(Value::Null, |t| Value::String(t.to_rfc3339_nano()))
}

/// The repository tags of an image, as `docker inspect` lists them.
pub(crate) fn repo_tags(store: &Store, img: &Image) -> Value {
    Value::Array(
        store
            .tags_of(&img.id())
            .iter()
            .map(|t| Value::String(t.familiar()))
            .collect(),
    )
}

/// The fields every file entry has, in this order: type, size, permissions (as `ls -l`
/// shows them and in octal), owner, and the link target when it is a link (a symlink's
/// as written, a hardlink's as an absolute path).
pub(crate) struct Attributes<'a> {
    pub kind: Kind,
    pub size: u64,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub link: Option<&'a str>,
}

impl Attributes<'_> {
    pub fn of(node: &Node, size: u64) -> Attributes<'_> {
        Attributes {
            kind: node.kind,
            size,
            mode: node.mode,
            uid: node.uid,
            gid: node.gid,
            link: node.link.as_deref(),
        }
    }

    pub fn insert(&self, m: &mut Map<String, Value>) {
        m.insert("type".into(), self.kind.name().into());
        m.insert("size".into(), self.size.into());
        m.insert("mode".into(), self.kind.mode_string(self.mode).into());
        m.insert(
            "modeOctal".into(),
            format!("{:04o}", self.mode & 0o7777).into(),
        );
        m.insert("uid".into(), self.uid.into());
        m.insert("gid".into(), self.gid.into());
        let target = match (self.kind, self.link) {
            (Kind::Symlink, Some(l)) => Some(l.to_string()),
            (Kind::Hardlink, Some(l)) => Some(abs(l)),
            _ => None,
        };
        if let Some(t) = target {
            m.insert("target".into(), t.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_errors_and_paths() {
        assert_eq!(check_layer(0, 1), Ok(()));
        assert_eq!(
            check_layer(0, 0).unwrap_err().to_string(),
            "Error: no layer 0: the image has no layers"
        );
        assert_eq!(
            check_layer(3, 3).unwrap_err().to_string(),
            "Error: no layer 3: the image has 3 layers (0 to 2)"
        );
        assert_eq!(
            (shown("etc"), shown("/etc"), shown("")),
            ("/etc".into(), "/etc".into(), "/".into())
        );
        assert_eq!(
            (join("", "a"), join("a", "b")),
            ("a".to_string(), "a/b".to_string())
        );
    }

    #[test]
    fn attributes_in_listing_order() {
        let mut m = Map::new();
        Attributes {
            kind: Kind::Hardlink,
            size: 5,
            mode: 0o4755,
            uid: 1,
            gid: 2,
            link: Some("usr/bin/x"),
        }
        .insert(&mut m);
        assert_eq!(
            Value::Object(m).to_string(),
            r#"{"type":"hardlink","size":5,"mode":"-rwsr-xr-x","modeOctal":"4755","uid":1,"gid":2,"target":"/usr/bin/x"}"#
        );
    }
}
