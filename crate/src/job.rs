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

/// Hashing the host can do faster than the core (the browser's `crypto.subtle`): a blob
/// whose sha256 the job needs before it can go on.
pub trait HashOffload {
    /// The blob the job waits on, if it is waiting on one.
    fn hash_request(&self) -> Option<crate::content::Blob> {
        None
    }
    /// The sha256 of the requested blob, computed by the host.
    fn provide_hash(&mut self, _digest: Digest) {}
}

/// The largest blob in a host's file the host is asked to hash: it reads it into one
/// buffer to hash it (`crypto.subtle` cannot hash in pieces, and copies what it hashes),
/// so this bounds what the page holds for it twice. Larger ones are hashed by the core as
/// a stream.
pub const HOST_HASH_MAX: u64 = 128 << 20;

/// Whether the host can hash `blob`: it lies in the core's memory, or is a range the
/// host can read whole of a file it holds.
pub fn host_can_hash(blob: &crate::content::Blob) -> bool {
    blob.as_memory().is_some()
        || blob
            .host_range()
            .is_some_and(|(_, _, len)| len <= HOST_HASH_MAX)
}
