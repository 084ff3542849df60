//! The core's errors, as data. Each renders to one lowercase line; where Docker has a text
//! for the same failure, the text is Docker's.

use crate::digest::Digest;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Neither manifest.json nor index.json.
    NoManifest,
    /// manifest.json holds `null`.
    NullManifest,
    LayersMismatch {
        expected: usize,
        got: usize,
    },
    DiffIdMismatch {
        index: usize,
        expected: String,
        got: Digest,
    },
    DigestMismatch {
        name: String,
        expected: Digest,
        actual: Digest,
    },
    /// A file the manifest names is not in the archive.
    MissingFile(String),
    /// An image index none of whose manifests is in the archive.
    NoPlatformManifest {
        index: String,
    },
    /// `docker load --platform` in Docker 29: images of the archive without a manifest of
    /// the platforms asked for (their familiar names), and those platforms.
    PlatformNotProvided {
        images: Vec<String>,
        platforms: Vec<String>,
    },
    /// manifest.json names as an image's `Parent` an image whose history is not the
    /// child's minus its last step (moby's `checkValidParent`).
    InvalidParent {
        parent: Digest,
        child: Digest,
    },
    /// The store has no image with this ID or reference (moby's `ErrImageDoesNotExist`).
    ImageNotFound {
        reference: String,
    },
    /// The store has no layer with this diffID (moby's `layer.ErrLayerDoesNotExist`,
    /// which names no layer).
    LayerNotFound {
        diff_id: Digest,
    },
    /// A `name:tag` or `name@digest` the store does not have (moby's reference store
    /// `ErrDoesNotExist`, which names no reference).
    ReferenceNotFound {
        reference: String,
    },
    /// The tar stream is malformed.
    Tar(String),
    /// JSON that does not parse or has the wrong shape.
    Json {
        file: String,
        msg: String,
    },
    /// A tar that moby's extraction refuses (its text is Go's, printed as is).
    Rule(RuleError),
    /// Past a fixed bound on work that streams (a layer verified while loading).
    TooLarge {
        what: String,
        limit: u64,
    },
    /// More than the session's memory budget would have to be held.
    Memory(crate::budget::OverBudget),
    Decompress {
        what: String,
        msg: String,
    },
    Unsupported(String),
    InvalidTag(String),
    /// The user cancelled a long command.
    Cancelled,
    /// A blob's bytes could not be read from where they live.
    Blob(crate::content::BlobError),
}

impl From<RuleError> for Error {
    fn from(e: RuleError) -> Error {
        Error::Rule(e)
    }
}

impl From<crate::budget::OverBudget> for Error {
    fn from(e: crate::budget::OverBudget) -> Error {
        Error::Memory(e)
    }
}

impl From<crate::content::BlobError> for Error {
    fn from(e: crate::content::BlobError) -> Error {
        Error::Blob(e)
    }
}

/// Why a tar breaks moby's extraction rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// A hardlink whose target is not (yet) in the tar, or is a directory.
    Hardlink {
        target: String,
        name: String,
        target_is_dir: bool,
    },
    /// A whiteout of `.` or `..`: overlay2 makes its character device on a directory that
    /// is there (`path`, relative to the root).
    Whiteout { path: String },
    /// Extracting into a directory below the root (`docker cp -`): a name that climbs out
    /// of it (`Unpack`'s breakout check).
    Outside { name: String, dest: String },
    /// ... a hardlink whose target (joined to the directory) is not under it.
    HardlinkOutside { target: String, link: String },
    /// ... a symlink whose target (joined to its own directory) is not under it.
    SymlinkOutside { path: String, link: String },
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::Hardlink {
                target,
                name,
                target_is_dir,
            } => {
                let why = if *target_is_dir {
                    "operation not permitted"
                } else {
                    "no such file or directory"
                };
                write!(f, "link /{target} /{name}: {why}")
            }
            RuleError::Outside { name, dest } => write!(f, "{name:?} is outside of {dest:?}"),
            RuleError::HardlinkOutside { target, link } => {
                write!(f, "invalid hardlink {target:?} -> {link:?}")
            }
            RuleError::SymlinkOutside { path, link } => {
                write!(f, "invalid symlink {path:?} -> {link:?}")
            }
            RuleError::Whiteout { path } => {
                write!(f, "failed to mknod('/{path}', S_IFCHR, 0): file exists")
            }
        }
    }
}

impl std::error::Error for RuleError {}

pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoManifest => f.write_str("invalid archive: does not contain a manifest.json"),
            Error::NullManifest => {
                f.write_str("invalid manifest, manifest cannot be null (but can be [])")
            }
            Error::LayersMismatch { expected, got } => write!(
                f,
                "invalid manifest, layers length mismatch: expected {expected}, got {got}"
            ),
            Error::DiffIdMismatch {
                index,
                expected,
                got,
            } => write!(
                f,
                "invalid diffID for layer {index}: expected {expected:?}, got \"{got}\""
            ),
            Error::DigestMismatch {
                name,
                expected,
                actual,
            } => write!(
                f,
                "invalid archive: {name}: digest mismatch: expected {expected}, got {actual}"
            ),
            Error::MissingFile(name) => {
                write!(f, "invalid archive: {name:?}: no such file in the archive")
            }
            Error::InvalidParent { parent, child } => {
                write!(f, "image {parent} is not a valid parent for {child}")
            }
            // moby docker-v29.7.2 daemon/containerd/image_exporter.go
            // verifyImagesProvidePlatform (the platforms as Go prints a []string).
            Error::PlatformNotProvided { images, platforms } => {
                let platforms = platforms.join(" ");
                match images.as_slice() {
                    [one] => write!(
                        f,
                        "image {one} was loaded, but doesn't provide the requested platform ([{platforms}])"
                    ),
                    many => write!(
                        f,
                        "images [{}] were loaded, but don't provide the requested platform ([{platforms}])",
                        many.join(", ")
                    ),
                }
            }
            Error::NoPlatformManifest { index } => {
                write!(f, "invalid archive: {index}: no manifest for any platform")
            }
            Error::ImageNotFound { reference } => write!(f, "No such image: {reference}"),
            Error::Blob(e) => write!(f, "{e}"),
            Error::LayerNotFound { .. } => f.write_str("layer does not exist"),
            Error::ReferenceNotFound { .. } => f.write_str("reference does not exist"),
            Error::Tar(msg) => write!(f, "invalid archive: {msg}"),
            Error::Json { file, msg } => write!(f, "invalid archive: {file}: {msg}"),
            Error::Rule(e) => write!(f, "{e}"),
            Error::TooLarge { what, limit } => {
                write!(f, "{what}: larger than the limit of {limit} bytes")
            }
            Error::Memory(e) => write!(f, "{e}"),
            Error::Decompress { what, msg } => write!(f, "{what}: {msg}"),
            Error::Unsupported(msg) => f.write_str(msg),
            Error::InvalidTag(t) => write!(f, "invalid tag {t:?}"),
            Error::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_lookups_are_not_archive_errors() {
        let d = Digest::of(b"x");
        let text = |e: Error| e.to_string();
        assert_eq!(
            text(Error::ImageNotFound {
                reference: d.to_string()
            }),
            format!("No such image: {d}")
        );
        assert_eq!(
            text(Error::LayerNotFound { diff_id: d }),
            "layer does not exist"
        );
        assert_eq!(
            text(Error::ReferenceNotFound {
                reference: "a:b".into()
            }),
            "reference does not exist"
        );
        assert_eq!(
            text(Error::NoPlatformManifest {
                index: "blobs/sha256/ab".into()
            }),
            "invalid archive: blobs/sha256/ab: no manifest for any platform"
        );
    }
}
