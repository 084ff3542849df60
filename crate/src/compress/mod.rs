//! Compression of layers and archives, told apart by magic bytes, decoded as streams so
//! that long work can be split into short steps.

use crate::budget::Budget;
use crate::content::{Blob, BlobError, Source};
use crate::error::{Error, Result};
use std::io::{self, Read};

pub mod gunzip;
pub mod zstd;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
    Bzip2,
    Xz,
}

/// Bytes enough to recognise every format [`Compression::detect`] knows.
pub const MAGIC: u64 = 6;

impl Compression {
    /// Detects by magic bytes, as Docker's `archive.DetectCompression` does.
    pub fn detect(data: &[u8]) -> Compression {
        if data.starts_with(&[0x1f, 0x8b, 0x08]) {
            Compression::Gzip
        } else if data.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else if data.starts_with(b"BZh") {
            Compression::Bzip2
        } else if data.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Compression::Xz
        } else {
            Compression::None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "uncompressed",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
        }
    }
}

/// A reader that yields the decompressed bytes of a blob.
pub type Decoder = Box<dyn Read + Send>;

/// Opens a streaming decoder for `data`, or says why it cannot.
pub fn decoder(data: impl Into<Blob>, what: &str) -> Result<Decoder> {
    let data: Blob = data.into();
    let c = Compression::detect(&data.head(MAGIC));
    decoder_of(data.reader(), c, what)
}

/// A streaming decoder of compression `c` over `reader`.
pub fn decoder_of(
    reader: impl Read + Send + 'static,
    c: Compression,
    what: &str,
) -> Result<Decoder> {
    match c {
        Compression::None => Ok(Box::new(reader)),
        Compression::Gzip => Ok(Box::new(flate2::read::MultiGzDecoder::new(reader))),
        Compression::Zstd => {
            let d = zstd::MultiFrame::new(reader).map_err(|e| Error::Decompress {
                what: what.to_string(),
                msg: format!("zstd: {e}"),
            })?;
            Ok(Box::new(d))
        }
        other => Err(Error::Unsupported(format!(
            "{what}: {} compression is not supported (gzip and zstd are)",
            other.name()
        ))),
    }
}

/// Reads up to `buf.len()` bytes, mapping decoder failures to a one-line error.
pub fn read_some(d: &mut (impl Read + ?Sized), buf: &mut [u8], what: &str) -> Result<usize> {
    loop {
        match d.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Error::Decompress {
                    what: what.to_string(),
                    msg: decode_message(&e),
                })
            }
        }
    }
}

fn decode_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => "unexpected EOF in compressed data".to_string(),
        _ => format!("corrupt compressed data ({e})"),
    }
}

/// Decompresses a whole blob into one buffer, within the memory budget: when its size is
/// known (`expected`, a stored layer's recorded size) it is checked before anything is
/// decoded and reserved at once; otherwise bytes are counted as they come and the
/// decoding stops, holding no more, once they pass the limit.
pub fn decompress_all(
    data: impl Into<Blob>,
    what: &str,
    budget: Budget,
    expected: Option<u64>,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    if let Some(size) = expected {
        budget.check(what, size)?;
        out.reserve_exact(size as usize);
    }
    let mut d = decoder(data, what)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = read_some(&mut d, &mut buf, what)?;
        if n == 0 {
            return Ok(out);
        }
        if !budget.fits(out.len() as u64 + n as u64) {
            return Err(budget.over(what, None).into());
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// A compressed blob's inflated bytes as a [`Source`], read by range without holding
/// them: a read inflates from where the last one stopped when it starts there or later
/// (reading front to back costs one pass). Gzip streams keep checkpoints as they are
/// read (about every [`CHECKPOINT_SPACING`], at most [`MAX_CHECKPOINTS`] of about 43 KB
/// each), and a read behind the cursor, or far ahead of it, starts from the nearest one
/// before it. Zstd streams keep the start of a frame as a checkpoint (16 bytes: frames are
/// independent) at the same spacing, so a stream of many frames (zstd:chunked) is read
/// from the frame before; one of a single frame starts again from the blob's start.
pub struct Inflated {
    blob: Blob,
    len: u64,
    name: String,
    /// The compression, detected from the blob's first bytes.
    kind: Compression,
    /// Inflated bytes between checkpoints.
    spacing: u64,
    /// The decoder of the last read and how far into the inflated bytes it is.
    cursor: Mutex<Option<Cursor>>,
    /// Saved gzip positions, by inflated offset.
    checkpoints: Mutex<Vec<gunzip::Checkpoint>>,
    /// Saved zstd frame starts, by inflated offset.
    frames: Mutex<Vec<zstd::FrameStart>>,
}

/// The smallest distance between two checkpoints of a gzip stream.
pub const CHECKPOINT_SPACING: u64 = 16 << 20;
/// The most checkpoints one stream keeps (the spacing grows for larger streams).
pub const MAX_CHECKPOINTS: u64 = 256;

enum Cursor {
    Gzip(gunzip::Gunzip),
    /// A zstd stream read from the frame that starts at `base` (in both offsets).
    Zstd {
        base: zstd::FrameStart,
        d: Box<zstd::MultiFrame<crate::content::BlobReader>>,
    },
    Other(u64, Decoder),
}

impl Cursor {
    fn position(&self) -> u64 {
        match self {
            Cursor::Gzip(g) => g.position(),
            Cursor::Zstd { base, d } => base.decompressed + d.position(),
            Cursor::Other(at, _) => *at,
        }
    }
}

impl Read for Cursor {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Cursor::Gzip(g) => g.read(buf),
            Cursor::Zstd { d, .. } => d.read(buf),
            Cursor::Other(at, d) => {
                let n = d.read(buf)?;
                *at += n as u64;
                Ok(n)
            }
        }
    }
}

impl Inflated {
    /// The inflated bytes of `blob`, `len` of them (known: a stored layer's recorded size).
    pub fn new(blob: Blob, len: u64, name: &str) -> Arc<Inflated> {
        let kind = Compression::detect(&blob.head(MAGIC));
        Arc::new(Inflated {
            blob,
            len,
            name: name.to_string(),
            kind,
            spacing: CHECKPOINT_SPACING.max(len / MAX_CHECKPOINTS),
            cursor: Mutex::new(None),
            checkpoints: Mutex::new(Vec::new()),
            frames: Mutex::new(Vec::new()),
        })
    }

    /// The inflated bytes as a blob.
    pub fn blob(blob: Blob, len: u64, name: &str) -> Blob {
        Blob::from_source(Inflated::new(blob, len, name))
    }

    /// How many checkpoints the stream has so far.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.lock().map_or(0, |c| c.len()) + self.frames.lock().map_or(0, |f| f.len())
    }

    /// The saved zstd frame start nearest before `offset`.
    fn nearest_frame(&self, offset: u64) -> Option<zstd::FrameStart> {
        let frames = self.frames.lock().unwrap_or_else(|e| e.into_inner());
        let i = frames.partition_point(|f| f.decompressed <= offset);
        i.checked_sub(1).and_then(|i| frames.get(i)).copied()
    }

    /// A zstd cursor at the frame `from` (the stream's start when none).
    fn zstd_at(&self, from: Option<zstd::FrameStart>) -> std::result::Result<Cursor, String> {
        let base = from.unwrap_or(zstd::FrameStart {
            compressed: 0,
            decompressed: 0,
        });
        let rest = self.blob.slice(base.compressed..self.blob.len());
        zstd::MultiFrame::new(rest.reader())
            .map(|d| Cursor::Zstd {
                base,
                d: Box::new(d),
            })
            .map_err(|e| format!("zstd: {e}"))
    }

    /// A decoder positioned at or before `offset`: the cursor when it is there and no
    /// checkpoint is nearer, else the nearest checkpoint, else the start.
    fn seek(&self, cursor: Option<Cursor>, offset: u64) -> std::result::Result<Cursor, String> {
        let nearest = if self.kind == Compression::Gzip {
            let points = self.checkpoints.lock().unwrap_or_else(|e| e.into_inner());
            let i = points.partition_point(|c| c.out <= offset);
            i.checked_sub(1).and_then(|i| points.get(i)).cloned()
        } else {
            None
        };
        let frame = if self.kind == Compression::Zstd {
            self.nearest_frame(offset)
        } else {
            None
        };
        let nearer = nearest
            .as_ref()
            .map(|n| n.out)
            .or(frame.map(|f| f.decompressed));
        match cursor {
            Some(c) if c.position() <= offset && nearer.is_none_or(|n| n <= c.position()) => Ok(c),
            _ => match nearest {
                Some(n) => Ok(Cursor::Gzip(gunzip::Gunzip::resume(self.blob.clone(), &n))),
                None if self.kind == Compression::Gzip => {
                    Ok(Cursor::Gzip(gunzip::Gunzip::new(self.blob.clone())))
                }
                None if self.kind == Compression::Zstd => self.zstd_at(frame),
                None => decoder(self.blob.clone(), &self.name)
                    .map(|d| Cursor::Other(0, d))
                    .map_err(|e| e.to_string()),
            },
        }
    }

    /// Keeps the start of the zstd frame being read (relative to `base`) when it lies
    /// `spacing` past the last one kept.
    fn keep_frame(&self, base: zstd::FrameStart, start: Option<zstd::FrameStart>) {
        let Some(start) = start else { return };
        let start = zstd::FrameStart {
            compressed: base.compressed + start.compressed,
            decompressed: base.decompressed + start.decompressed,
        };
        let mut frames = self.frames.lock().unwrap_or_else(|e| e.into_inner());
        let next = frames
            .last()
            .map_or(self.spacing, |f| f.decompressed + self.spacing);
        if start.decompressed >= next {
            frames.push(start);
        }
    }

    /// Reads into `buf` from the cursor, saving a checkpoint first when the cursor has
    /// come `spacing` past the last one.
    fn read_from(&self, c: &mut Cursor, buf: &mut [u8]) -> std::result::Result<usize, String> {
        if let Cursor::Gzip(g) = c {
            let mut points = self.checkpoints.lock().unwrap_or_else(|e| e.into_inner());
            let next = points.last().map_or(self.spacing, |p| p.out + self.spacing);
            if g.position() >= next {
                if let Some(p) = g.checkpoint() {
                    points.push(p);
                }
            }
        }
        loop {
            match c.read(buf) {
                Ok(n) => {
                    if let Cursor::Zstd { base, d } = c {
                        self.keep_frame(*base, d.last_start());
                    }
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(decode_message(&e)),
            }
        }
    }
}

impl Source for Inflated {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, len: usize) -> std::result::Result<bytes::Bytes, BlobError> {
        let fail = |msg: String| BlobError::Read {
            source: self.name.clone(),
            reason: msg,
        };
        let mut guard = self.cursor.lock().unwrap_or_else(|e| e.into_inner());
        let mut c = self.seek(guard.take(), offset).map_err(fail)?;
        let mut skip = vec![0u8; 1 << 16];
        while c.position() < offset {
            let want = (offset - c.position()).min(skip.len() as u64) as usize;
            if self.read_from(&mut c, &mut skip[..want]).map_err(fail)? == 0 {
                return Ok(bytes::Bytes::new());
            }
        }
        let want = (len as u64).min(self.len.saturating_sub(offset)) as usize;
        let mut out = vec![0u8; want];
        let mut got = 0;
        while got < want {
            let n = self.read_from(&mut c, &mut out[got..]).map_err(fail)?;
            if n == 0 {
                break;
            }
            got += n;
        }
        out.truncate(got);
        *guard = Some(c);
        Ok(bytes::Bytes::from(out))
    }

    fn name(&self) -> String {
        self.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::io::Write;

    #[test]
    fn detects_and_roundtrips_gzip() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b"hello world").unwrap();
        let gz = e.finish().unwrap();
        assert_eq!(Compression::detect(&gz), Compression::Gzip);
        let out = decompress_all(Bytes::from(gz), "x", Budget::native(100), None).unwrap();
        assert_eq!(out, b"hello world");
    }

    #[test]
    fn inflated_reads_any_range_and_front_to_back_in_one_pass() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 253) as u8).collect();
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&data).unwrap();
        let gz = Blob::from(e.finish().unwrap());
        let b = Inflated::blob(gz.clone(), data.len() as u64, "layer");
        assert_eq!(
            &b.read(2_000_000..2_000_100).unwrap()[..],
            &data[2_000_000..2_000_100]
        );
        // Backwards: inflated again from the start.
        assert_eq!(&b.read(10..20).unwrap()[..], &data[10..20]);
        let mut all = Vec::new();
        b.reader().read_to_end(&mut all).unwrap();
        assert_eq!(all, data);
        // A recorded size larger than the content: reading past the content is an error.
        let n = data.len() as u64;
        let short = Inflated::blob(gz, n + 10, "layer");
        assert!(short.read(n - 5..n + 10).is_err());
    }

    /// A source that counts the bytes read from it.
    struct Counted(Bytes, std::sync::atomic::AtomicU64);

    impl Source for Counted {
        fn len(&self) -> u64 {
            self.0.len() as u64
        }
        fn read_at(&self, offset: u64, len: usize) -> std::result::Result<Bytes, BlobError> {
            self.1
                .fetch_add(len as u64, std::sync::atomic::Ordering::Relaxed);
            let end = (offset as usize + len).min(self.0.len());
            Ok(self.0.slice(offset as usize..end))
        }
        fn name(&self) -> String {
            "counted".into()
        }
    }

    #[test]
    fn inflated_gzip_reads_deep_ranges_from_its_checkpoints() {
        // 80 MiB of text that compresses about 4:1, so the compressed reads show the work.
        let data = text(80 << 20);
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&data).unwrap();
        // One pass front to back saves a checkpoint every 16 MiB.
        reads_deep_ranges_from_checkpoints(Bytes::from(e.finish().unwrap()), &data);
    }

    /// At least `len` bytes of pseudo-random hex words.
    fn text(len: usize) -> Vec<u8> {
        let mut data = Vec::with_capacity(len);
        let mut x: u32 = 7;
        while data.len() < len {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            data.extend_from_slice(format!("{:x} ", x >> 12).as_bytes());
        }
        data
    }

    /// Reads `compressed` (of `data`, about 80 MiB) front to back through [`Inflated`],
    /// which keeps 4 checkpoints; then a range near the end, one near the start, near the
    /// end again and in the middle: each inflates from the checkpoint before it, under a
    /// quarter of a pass, not from the start.
    fn reads_deep_ranges_from_checkpoints(compressed: Bytes, data: &[u8]) {
        let counted = Arc::new(Counted(compressed, Default::default()));
        let read = || counted.1.load(std::sync::atomic::Ordering::Relaxed);
        let inflated = Inflated::new(
            Blob::from_source(counted.clone()),
            data.len() as u64,
            "layer",
        );
        let b = Blob::from_source(inflated.clone());
        let mut all = Vec::new();
        b.reader().read_to_end(&mut all).unwrap();
        assert!(all == data);
        assert_eq!(inflated.checkpoints(), 4);
        let pass = read();
        for at in [78u64 << 20, 1 << 20, (79 << 20) + 12345, 40 << 20] {
            let before = read();
            let r = b.read(at..at + 1000).unwrap();
            assert!(r[..] == data[at as usize..at as usize + 1000], "at {at}");
            assert!(
                read() - before < pass / 4,
                "at {at}: {} of {pass}",
                read() - before
            );
        }
    }

    /// `data` as zstd frames of `frame` bytes each, with a skippable frame (as zstd:chunked
    /// writes its metadata in) after the first.
    fn zstd_frames(data: &[u8], frame: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, piece) in data.chunks(frame).enumerate() {
            out.extend(ruzstd::encoding::compress_to_vec(
                piece,
                ruzstd::encoding::CompressionLevel::Fastest,
            ));
            if i == 0 {
                out.extend_from_slice(&0x184D_2A50u32.to_le_bytes());
                out.extend_from_slice(&5u32.to_le_bytes());
                out.extend_from_slice(b"skip!");
            }
        }
        out
    }

    #[test]
    fn zstd_streams_of_many_frames_decode_whole() {
        // Docker (Go's zstd) reads every frame; ruzstd's decoder stops after the first.
        let data: Vec<u8> = (0..300_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let z = zstd_frames(&data, 100_000);
        let out =
            decompress_all(Bytes::from(z.clone()), "x", Budget::native(1 << 30), None).unwrap();
        assert!(out == data);
        // Cut short in the middle of the second frame: an error, not a short layer.
        let cut = Bytes::from(z[..z.len() / 2].to_vec());
        assert!(decompress_all(cut, "x", Budget::native(1 << 30), None).is_err());
    }

    #[test]
    fn inflated_zstd_reads_deep_ranges_from_the_frame_before() {
        // 80 MiB in frames of 1 MiB: frame starts 16 MiB apart are kept as checkpoints.
        let mut data = text(80 << 20);
        data.truncate(80 << 20);
        reads_deep_ranges_from_checkpoints(Bytes::from(zstd_frames(&data, 1 << 20)), &data);
    }

    #[test]
    fn corrupt_gzip_is_an_error() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&[7u8; 10000]).unwrap();
        let mut gz = e.finish().unwrap();
        gz.truncate(gz.len() / 2);
        assert!(
            decompress_all(Bytes::from(gz.clone()), "x", Budget::native(1 << 20), None).is_err()
        );
        for b in gz.iter_mut().skip(12) {
            *b = b.wrapping_mul(31).wrapping_add(7);
        }
        assert!(decompress_all(Bytes::from(gz), "x", Budget::native(1 << 20), None).is_err());
    }

    #[test]
    fn limit_stops_bombs() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&vec![0u8; 1 << 20]).unwrap();
        let gz = e.finish().unwrap();
        let err = decompress_all(Bytes::from(gz.clone()), "layer", Budget::native(1000), None)
            .unwrap_err();
        assert!(matches!(err, Error::Memory(_)));
        // A known size is refused before anything is decoded.
        let err = decompress_all(Bytes::from(gz), "layer", Budget::page(1000), Some(1 << 20))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "layer: too large to hold in this browser tab (1 MiB; the limit is 1000 bytes)"
        );
    }

    #[test]
    fn garbage_zstd_is_an_error() {
        let mut data = vec![0x28, 0xb5, 0x2f, 0xfd];
        data.extend_from_slice(&[0xff; 64]);
        assert!(decompress_all(Bytes::from(data), "x", Budget::native(1 << 20), None).is_err());
    }
}
