//! Long work split into short steps. A command that reads or writes many bytes returns a
//! job; the front end calls `step` with a byte budget until it is done, so that no single
//! call runs long (V8 runs one long wasm call about ten times slower) and progress can be
//! shown and the work cancelled, with nothing changed until the final step commits.

use crate::digest::Digest;
use bytes::Bytes;

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
    fn hash_request(&self) -> Option<Bytes> {
        None
    }
    /// The sha256 of the requested blob, computed by the host.
    fn provide_hash(&mut self, _digest: Digest) {}
}
