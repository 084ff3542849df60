//! [`Blob`]: bytes in memory, or a range of a [`Source`] read when asked for.

use bytes::Bytes;
use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::Arc;

/// Bytes that live outside the blob and are read by range: a host file, a browser `File`.
pub trait Source: Send + Sync {
    /// The source's length in bytes.
    fn len(&self) -> u64;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// `len` bytes from `offset` (fewer only at the end of the source).
    fn read_at(&self, offset: u64, len: usize) -> Result<Bytes, BlobError>;
    /// What the source is, for error messages (`upload.tar`).
    fn name(&self) -> String;
    /// The number the host knows this source by, when it can read (and hash) it itself:
    /// the page's handle on a `File`.
    fn handle(&self) -> Option<u32> {
        None
    }
    /// The blobs the source is made of, in order, when it is a concatenation of them (a
    /// host file written in pieces): [`Blob::leaves`] looks through it.
    fn parts(&self) -> Option<&[Blob]> {
        None
    }
}

/// Why a blob's bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobError {
    /// The source failed to deliver a range (the file went away, an I/O error).
    Read { source: String, reason: String },
    /// The source delivered fewer bytes than its length promised.
    Truncated { source: String, offset: u64 },
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobError::Read { source, reason } => write!(f, "read {source}: {reason}"),
            BlobError::Truncated { source, offset } => {
                write!(
                    f,
                    "read {source}: unexpected end of file at offset {offset}"
                )
            }
        }
    }
}

impl std::error::Error for BlobError {}

#[derive(Clone)]
enum Repr {
    Memory(Bytes),
    Range {
        source: Arc<dyn Source>,
        start: u64,
        len: u64,
    },
}

/// A blob's bytes: cloning and slicing copy nothing.
#[derive(Clone)]
pub struct Blob(Repr);

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Memory(b) => write!(f, "Blob(memory, {} bytes)", b.len()),
            Repr::Range { source, start, len } => {
                write!(f, "Blob({}, {start}+{len})", source.name())
            }
        }
    }
}

impl Default for Blob {
    fn default() -> Blob {
        Blob(Repr::Memory(Bytes::new()))
    }
}

impl From<Bytes> for Blob {
    fn from(b: Bytes) -> Blob {
        Blob(Repr::Memory(b))
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Blob {
        Blob(Repr::Memory(Bytes::from(v)))
    }
}

impl Blob {
    /// The whole of a source.
    pub fn from_source(source: Arc<dyn Source>) -> Blob {
        let len = source.len();
        Blob(Repr::Range {
            source,
            start: 0,
            len,
        })
    }

    pub fn len(&self) -> u64 {
        match &self.0 {
            Repr::Memory(b) => b.len() as u64,
            Repr::Range { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes when they are in memory already.
    pub fn as_memory(&self) -> Option<&Bytes> {
        match &self.0 {
            Repr::Memory(b) => Some(b),
            Repr::Range { .. } => None,
        }
    }

    /// A part of the blob (clamped to its end), without reading or copying.
    pub fn slice(&self, range: Range<u64>) -> Blob {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        match &self.0 {
            Repr::Memory(b) => Blob(Repr::Memory(b.slice(start as usize..end as usize))),
            Repr::Range {
                source, start: s, ..
            } => Blob(Repr::Range {
                source: source.clone(),
                start: s + start,
                len: end - start,
            }),
        }
    }

    /// The bytes of `range` (clamped to the blob's end): a view when in memory, a read
    /// otherwise.
    pub fn read(&self, range: Range<u64>) -> Result<Bytes, BlobError> {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        match &self.0 {
            Repr::Memory(b) => Ok(b.slice(start as usize..end as usize)),
            Repr::Range {
                source, start: s, ..
            } => {
                let want = (end - start) as usize;
                let got = source.read_at(s + start, want)?;
                if got.len() < want {
                    return Err(BlobError::Truncated {
                        source: source.name(),
                        offset: s + start + got.len() as u64,
                    });
                }
                Ok(got)
            }
        }
    }

    /// The whole blob as one buffer (a view when in memory; read, and so copied, from a
    /// source).
    pub fn to_bytes(&self) -> Result<Bytes, BlobError> {
        self.read(0..self.len())
    }

    /// The first `n` bytes or fewer (for recognising a format by its magic bytes); empty
    /// when they cannot be read.
    pub fn head(&self, n: u64) -> Bytes {
        self.read(0..n).unwrap_or_default()
    }

    /// Where the blob lies in a source the host can read itself: `(handle, start, len)`.
    pub fn host_range(&self) -> Option<(u32, u64, u64)> {
        match &self.0 {
            Repr::Range { source, start, len } => Some((source.handle()?, *start, *len)),
            Repr::Memory(_) => None,
        }
    }

    /// The blobs that make this one, in order, looking through sources that are
    /// concatenations ([`Source::parts`]): each is in memory or a range of one plain source.
    /// Empty pieces are left out.
    pub fn leaves(&self) -> Vec<Blob> {
        let mut out = Vec::new();
        self.leaves_into(&mut out);
        out
    }

    fn leaves_into(&self, out: &mut Vec<Blob>) {
        if self.is_empty() {
            return;
        }
        let Repr::Range { source, start, len } = &self.0 else {
            out.push(self.clone());
            return;
        };
        let Some(parts) = source.parts() else {
            out.push(self.clone());
            return;
        };
        let (start, end) = (*start, start + len);
        let mut pos = 0u64;
        for p in parts {
            let (a, b) = (pos, pos + p.len());
            let (s, e) = (start.max(a), end.min(b));
            if s < e {
                p.slice(s - a..e - a).leaves_into(out);
            }
            pos = b;
        }
    }

    /// The sha256 of the blob's bytes, read a piece at a time (never held whole).
    pub fn digest(&self) -> Result<crate::digest::Digest, BlobError> {
        let mut hasher = crate::digest::Hasher::new();
        let mut at = 0;
        while at < self.len() {
            let chunk = self.read(at..at + CHUNK)?;
            hasher.update(&chunk);
            at += chunk.len() as u64;
        }
        Ok(hasher.finish())
    }

    /// A reader over the blob, which can seek (skipping costs nothing).
    pub fn reader(&self) -> BlobReader {
        BlobReader {
            blob: self.clone(),
            pos: 0,
            chunk: Bytes::new(),
            chunk_at: 0,
            want: CHUNK,
        }
    }
}

/// How much a reader of a source-backed blob reads at a time: in the page each read is a
/// `FileReaderSync` call, which moves 8 MiB pieces about 1.5 times as fast as 1 MiB ones.
pub(crate) const CHUNK: u64 = 8 << 20;

/// Reads a [`Blob`] front to back, in chunks when it lives in a source.
pub struct BlobReader {
    blob: Blob,
    pos: u64,
    /// The last chunk read from a source, and where it starts.
    chunk: Bytes,
    chunk_at: u64,
    /// What the next read from the source asks for: [`CHUNK`] front to back; after a seek
    /// past the chunk held, [`AFTER_SEEK`], growing fourfold a read (a walk that passes over
    /// large files reads their neighbours' headers, not 8 MiB after each).
    want: u64,
}

/// What a reader's first read after a seek asks for.
const AFTER_SEEK: u64 = 64 << 10;

impl BlobReader {
    /// Bytes left to read.
    pub fn remaining(&self) -> u64 {
        self.blob.len().saturating_sub(self.pos)
    }
}

impl Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let len = self.blob.len();
        if self.pos >= len || buf.is_empty() {
            return Ok(0);
        }
        if let Some(b) = self.blob.as_memory() {
            let start = self.pos as usize;
            let n = buf.len().min(b.len() - start);
            buf[..n].copy_from_slice(&b[start..start + n]);
            self.pos += n as u64;
            return Ok(n);
        }
        let in_chunk =
            self.pos >= self.chunk_at && self.pos < self.chunk_at + self.chunk.len() as u64;
        if !in_chunk {
            let front_to_back = self.pos == self.chunk_at + self.chunk.len() as u64;
            self.want = if front_to_back {
                self.want.saturating_mul(4).min(CHUNK)
            } else {
                AFTER_SEEK
            };
            self.chunk = self
                .blob
                .read(self.pos..self.pos.saturating_add(self.want))
                .map_err(|e| io::Error::other(e.to_string()))?;
            self.chunk_at = self.pos;
            if self.chunk.is_empty() {
                return Ok(0);
            }
        }
        let off = (self.pos - self.chunk_at) as usize;
        let n = buf.len().min(self.chunk.len() - off);
        buf[..n].copy_from_slice(&self.chunk[off..off + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let len = self.blob.len() as i128;
        let target = match to {
            SeekFrom::Start(n) => n as i128,
            SeekFrom::End(d) => len + d as i128,
            SeekFrom::Current(d) => self.pos as i128 + d as i128,
        };
        if target < 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the blob",
            ));
        }
        self.pos = target.min(u64::MAX as i128) as u64;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A source that counts its reads, to show what is read and what is skipped.
    struct Counted(Bytes, AtomicUsize);

    impl Source for Counted {
        fn len(&self) -> u64 {
            self.0.len() as u64
        }
        fn read_at(&self, offset: u64, len: usize) -> Result<Bytes, BlobError> {
            self.1.fetch_add(1, Ordering::Relaxed);
            let start = (offset as usize).min(self.0.len());
            let end = start.saturating_add(len).min(self.0.len());
            Ok(self.0.slice(start..end))
        }
        fn name(&self) -> String {
            "counted".into()
        }
    }

    #[test]
    fn memory_and_source_blobs_read_the_same() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let src = Arc::new(Counted(Bytes::from(data.clone()), AtomicUsize::new(0)));
        let blobs = [Blob::from(data.clone()), Blob::from_source(src.clone())];
        for b in &blobs {
            assert_eq!(b.len(), data.len() as u64);
            let s = b.slice(10..2_000_010);
            assert_eq!(&s.read(5..9).unwrap()[..], &data[15..19]);
            let mut all = Vec::new();
            s.reader().read_to_end(&mut all).unwrap();
            assert_eq!(all, &data[10..2_000_010]);
            let mut r = b.reader();
            r.seek(SeekFrom::End(-3)).unwrap();
            let mut tail = Vec::new();
            r.read_to_end(&mut tail).unwrap();
            assert_eq!(tail, &data[data.len() - 3..]);
            assert_eq!(b.read(2_999_999..u64::MAX).unwrap().len(), 1);
        }
        // Seeking skips without reading: two 1 MiB chunks for the reads above, plus the
        // slice's two and the small reads.
        assert!(src.1.load(Ordering::Relaxed) < 10);
    }

    #[test]
    fn a_short_source_is_an_error() {
        struct Liar;
        impl Source for Liar {
            fn len(&self) -> u64 {
                10
            }
            fn read_at(&self, _: u64, _: usize) -> Result<Bytes, BlobError> {
                Ok(Bytes::from_static(b"abc"))
            }
            fn name(&self) -> String {
                "liar".into()
            }
        }
        let b = Blob::from_source(Arc::new(Liar));
        assert_eq!(
            b.to_bytes(),
            Err(BlobError::Truncated {
                source: "liar".into(),
                offset: 3
            })
        );
        assert!(b.reader().read_to_end(&mut Vec::new()).is_err());
    }
}
