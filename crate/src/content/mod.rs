//! Content: bytes addressed by digest, wherever they live. A [`Blob`] is a cheap handle on
//! bytes held in memory or on a range of a larger source read on demand (a host file the
//! native binary maps, and in the page a browser `File`). Everything above reads a blob
//! through it (ranges, a streaming reader), so no layer needs to be one contiguous
//! in-memory slice to be indexed, hashed or decompressed.

mod blob;

pub(crate) use blob::CHUNK;
pub use blob::{Blob, BlobError, BlobReader, Source};
