//! Long work split into short steps. A command that reads or writes many bytes returns a
//! job; the front end calls `step` with a byte budget until it is done, so that no single
//! call runs long (V8 runs one long wasm call about ten times slower) and progress can be
//! shown and the work cancelled, with nothing changed until the final step commits.

use crate::digest::Digest;

/// How far a job has come, in bytes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub label: &'static str,
    pub done: u64,
    pub total: u64,
}

/// Hashing the host does for the core, where it is faster (the page: `crypto.subtle`, and
/// hashing workers beside the core's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostHashing {
    /// Blobs in the core's memory: a job waits for their digest before it reads them.
    pub memory: bool,
    /// Ranges of the host's files, of any size: the host hashes them on other threads
    /// while the job reads them (it names the ones to come, [`HashOffload::hash_hints`]),
    /// and the job asks for the digest once it has read the blob.
    pub files: bool,
}

/// A job's blobs the host hashes (see [`HostHashing`]).
pub trait HashOffload {
    /// The blob the job waits on, if it is waiting on one.
    fn hash_request(&self) -> Option<crate::content::Blob> {
        None
    }
    /// The sha256 of the requested blob, computed by the host.
    fn provide_hash(&mut self, _digest: Digest) {}
    /// The blobs in host files the job will ask for, in order, the next one first: the
    /// host may begin hashing them before they are asked for.
    fn hash_hints(&self) -> Vec<crate::content::Blob> {
        Vec::new()
    }
}
