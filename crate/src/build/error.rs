//! Why a build failed, as data. [`InputError`]: the context or the Dockerfile could not be
//! read, before anything is solved (printed as one `ERROR: ...` line). [`Error`]: a part of
//! the solve failed (an image, the base image's layers, the files COPY and ADD write).
//! Their texts are what `docker build` prints, rendered by the `Display` impls here.

use crate::container::rootfs::FsError;
use crate::dockerfile::shell::LexError;
use crate::host::HostError;
use crate::reference::ParseReferenceError;
use std::fmt;

/// A failure of a part of the solve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A context archive that does not read: the archive reader's error.
    ContextArchive(crate::error::Error),
    /// `.dockerignore` with a malformed pattern, as written (less a leading `!`).
    IgnorePattern { pattern: String },
    /// A FROM or `COPY --from` image that is not a valid reference.
    InvalidImageName {
        name: String,
        error: ParseReferenceError,
    },
    /// An image neither in the store nor pulled: its normalized name and why.
    ResolveMetadata {
        image: String,
        reason: ResolveFailure,
    },
    /// The base image left the store during the build.
    BaseImageGone,
    /// A layer of the base image is not in the store.
    BaseLayerMissing,
    /// The base image's config is not a JSON object: the JSON reader's text.
    BaseConfig { reason: String },
    /// A layer that could not be indexed.
    LayerIndex(crate::error::Error),
    /// A COPY or ADD source that is neither in the context nor a glob: the cleaned path.
    SourceNotFound { path: String },
    /// A directory copied onto a path that is not one.
    NotADirectory { path: String },
    /// A filesystem operation of COPY or ADD.
    Fs(FsError),
    /// A here-document body whose variables could not be expanded.
    Expand(LexError),
}

/// Why an image could not be resolved, as containerd's resolver words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveFailure {
    AccessDenied,
    NotFound,
    /// Another error of the registry: its text.
    Registry(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ContextArchive(e) | Error::LayerIndex(e) => write!(f, "{e}"),
            Error::IgnorePattern { pattern } => write!(f, "syntax error in pattern: {pattern}"),
            Error::InvalidImageName { name, error } => {
                write!(f, "failed to parse stage name \"{name}\": {error}")
            }
            Error::ResolveMetadata { image, reason } => {
                write!(f, "failed to resolve source metadata for {image}: ")?;
                match reason {
                    ResolveFailure::AccessDenied => f.write_str("pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"),
                    ResolveFailure::NotFound => write!(f, "{image}: not found"),
                    ResolveFailure::Registry(text) => f.write_str(text),
                }
            }
            Error::BaseImageGone => f.write_str("the base image is gone"),
            Error::BaseLayerMissing => f.write_str("a layer of the base image is missing"),
            Error::BaseConfig { reason } => f.write_str(reason),
            Error::SourceNotFound { path } => write!(
                f,
                "failed to calculate checksum of ref layerlab::context: \"/{path}\": not found"
            ),
            Error::NotADirectory { path } => write!(f, "cannot copy to non-directory: {path}"),
            Error::Fs(e) => write!(f, "{e}"),
            Error::Expand(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<FsError> for Error {
    fn from(e: FsError) -> Self {
        Error::Fs(e)
    }
}

/// The build's input could not be read: what `docker build` prints after `ERROR: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// `docker build -` given an archive that does not read.
    StdinContext(Error),
    /// The PATH argument names a host file that cannot be read.
    HostRead { path: String, error: HostError },
    /// The PATH argument names a host file that is not a readable archive.
    HostContext { path: String, error: Error },
    /// The PATH argument names neither a host file nor a directory of them.
    ContextNotFound { path: String },
    /// `-f FILE` names no host file.
    DockerfileNotFound { file: String },
    /// No `-f`, and the context has no `Dockerfile`.
    NoDockerfile,
    /// `.dockerignore` could not be applied.
    Dockerignore(Error),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::StdinContext(e) => {
                write!(f, "failed to build: failed to read context: {e}")
            }
            InputError::HostRead { path, error } => write!(f, "{path}: {}", error.reason()),
            InputError::HostContext { path, error } => {
                write!(f, "failed to build: unable to prepare context: {path}: {error}")
            }
            InputError::ContextNotFound { path } => {
                write!(f, "unable to prepare context: path \"{path}\" not found")
            }
            InputError::DockerfileNotFound { file } => write!(
                f,
                "failed to build: resolve : lstat {file}: no such file or directory"
            ),
            InputError::NoDockerfile => f.write_str("failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory"),
            InputError::Dockerignore(e) => write!(f, "failed to build: failed to solve: {e}"),
        }
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        assert_eq!(
            Error::ResolveMetadata {
                image: "docker.io/library/nosuch:latest".into(),
                reason: ResolveFailure::NotFound,
            }
            .to_string(),
            "failed to resolve source metadata for docker.io/library/nosuch:latest: docker.io/library/nosuch:latest: not found"
        );
        assert_eq!(
            Error::SourceNotFound { path: "a/b".into() }.to_string(),
            "failed to calculate checksum of ref layerlab::context: \"/a/b\": not found"
        );
        assert_eq!(
            InputError::Dockerignore(Error::IgnorePattern {
                pattern: "[".into()
            })
            .to_string(),
            "failed to build: failed to solve: syntax error in pattern: ["
        );
        assert_eq!(
            InputError::HostRead {
                path: "ctx.tar".into(),
                error: HostError::IsDirectory,
            }
            .to_string(),
            "ctx.tar: Is a directory"
        );
    }
}
