//! Compression of layers and archives, told apart by magic bytes, decoded as streams so
//! that long work can be split into short steps.

use crate::budget::Budget;
use crate::content::Blob;
use crate::error::{Error, Result};
use std::io::{self, Read};

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
    let reader = data.reader();
    match c {
        Compression::None => Ok(Box::new(reader)),
        Compression::Gzip => Ok(Box::new(flate2::read::MultiGzDecoder::new(reader))),
        Compression::Zstd => {
            let d =
                ruzstd::decoding::StreamingDecoder::new(reader).map_err(|e| Error::Decompress {
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
pub fn read_some(d: &mut Decoder, buf: &mut [u8], what: &str) -> Result<usize> {
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
