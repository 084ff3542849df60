//! A gzip reader over a blob whose position can be saved and resumed: the inflater's
//! whole state (miniz_oxide's `InflateState`, its 32 KiB window included) is cloned at a
//! point of the stream with the compressed and inflated offsets there, as zlib's `zran`
//! example keeps access points. Reading from a saved point gives the bytes the stream
//! gives from there, so a read deep into a large compressed layer starts near its
//! offset instead of at the layer's start.
//!
//! Multi-member streams (concatenated gzip members, as `pigz` writes) are read through.
//! CRCs are not checked here: a layer's bytes were verified against its diffID when it
//! was loaded.

use crate::content::Blob;
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};
use std::io::{self, Read};

/// Compressed bytes read from the blob at a time.
const CHUNK: u64 = 256 << 10;

/// Where the reader is within a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// At a member's header.
    Header,
    /// Inside a member's deflate data.
    Body,
    /// The deflate data ended: the 8-byte trailer, then another member or the end.
    Trailer,
    Done,
}

/// A saved position: resuming there reads what the stream reads from `out` on.
#[derive(Clone)]
pub struct Checkpoint {
    /// Inflated bytes before this point.
    pub out: u64,
    /// Compressed bytes consumed before this point.
    input: u64,
    state: Box<InflateState>,
}

/// A gzip stream's inflated bytes, read in order.
pub struct Gunzip {
    blob: Blob,
    /// The compressed bytes buffered from `start`, and how far into them the reader is.
    buf: bytes::Bytes,
    start: u64,
    used: usize,
    state: Box<InflateState>,
    phase: Phase,
    out: u64,
}

fn corrupt(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

impl Gunzip {
    pub fn new(blob: Blob) -> Gunzip {
        Gunzip {
            blob,
            buf: bytes::Bytes::new(),
            start: 0,
            used: 0,
            state: InflateState::new_boxed(DataFormat::Raw),
            phase: Phase::Header,
            out: 0,
        }
    }

    /// A reader that goes on from `at` (a checkpoint of a reader of the same blob).
    pub fn resume(blob: Blob, at: &Checkpoint) -> Gunzip {
        Gunzip {
            blob,
            buf: bytes::Bytes::new(),
            start: at.input,
            used: 0,
            state: at.state.clone(),
            phase: Phase::Body,
            out: at.out,
        }
    }

    /// Inflated bytes read so far.
    pub fn position(&self) -> u64 {
        self.out
    }

    /// The current position, when it is inside deflate data (where a resume can start).
    pub fn checkpoint(&self) -> Option<Checkpoint> {
        (self.phase == Phase::Body).then(|| Checkpoint {
            out: self.out,
            input: self.start + self.used as u64,
            state: self.state.clone(),
        })
    }

    /// The unread buffered input, refilled from the blob when it is used up (empty at the
    /// blob's end).
    fn input(&mut self) -> io::Result<&[u8]> {
        if self.used >= self.buf.len() {
            self.start += self.buf.len() as u64;
            let end = self.start.saturating_add(CHUNK).min(self.blob.len());
            self.buf = if self.start < end {
                self.blob
                    .read(self.start..end)
                    .map_err(|e| io::Error::other(e.to_string()))?
            } else {
                bytes::Bytes::new()
            };
            self.used = 0;
        }
        Ok(self.buf.get(self.used..).unwrap_or_default())
    }

    fn byte(&mut self) -> io::Result<u8> {
        let b = *self
            .input()?
            .first()
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        self.used += 1;
        Ok(b)
    }

    fn skip(&mut self, n: usize) -> io::Result<()> {
        for _ in 0..n {
            self.byte()?;
        }
        Ok(())
    }

    fn skip_string(&mut self) -> io::Result<()> {
        while self.byte()? != 0 {}
        Ok(())
    }

    /// A member's header (RFC 1952): magic, method 8, and the optional fields its flags
    /// name.
    fn header(&mut self) -> io::Result<()> {
        if self.byte()? != 0x1f || self.byte()? != 0x8b || self.byte()? != 8 {
            return Err(corrupt("invalid gzip header"));
        }
        let flags = self.byte()?;
        self.skip(6)?; // mtime, extra flags, OS
        if flags & 4 != 0 {
            let len = u16::from_le_bytes([self.byte()?, self.byte()?]);
            self.skip(len as usize)?;
        }
        if flags & 8 != 0 {
            self.skip_string()?;
        }
        if flags & 16 != 0 {
            self.skip_string()?;
        }
        if flags & 2 != 0 {
            self.skip(2)?;
        }
        self.state = InflateState::new_boxed(DataFormat::Raw);
        Ok(())
    }

    /// After a member's trailer: another member when gzip's magic follows, else the end.
    fn after_trailer(&mut self) -> io::Result<Phase> {
        self.skip(8)?;
        let next = self.input()?;
        Ok(if next.is_empty() || next[0] != 0x1f {
            Phase::Done
        } else {
            Phase::Header
        })
    }
}

impl Read for Gunzip {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match self.phase {
                Phase::Done => return Ok(0),
                Phase::Header => {
                    self.header()?;
                    self.phase = Phase::Body;
                }
                Phase::Trailer => self.phase = self.after_trailer()?,
                Phase::Body => {
                    self.input()?;
                    let input = self.buf.get(self.used..).unwrap_or_default();
                    let at_end = input.is_empty();
                    let r = inflate(&mut self.state, input, out, MZFlush::None);
                    self.used += r.bytes_consumed;
                    self.out += r.bytes_written as u64;
                    match r.status {
                        Ok(MZStatus::StreamEnd) => self.phase = Phase::Trailer,
                        Ok(_) => {}
                        Err(MZError::Buf) if at_end => {
                            return Err(io::Error::from(io::ErrorKind::UnexpectedEof))
                        }
                        Err(MZError::Buf) => {}
                        Err(_) => return Err(corrupt("invalid deflate data")),
                    }
                    if r.bytes_written > 0 {
                        return Ok(r.bytes_written);
                    }
                    if r.bytes_consumed == 0 && self.phase == Phase::Body {
                        return Err(if at_end {
                            io::Error::from(io::ErrorKind::UnexpectedEof)
                        } else {
                            corrupt("invalid deflate data")
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8], level: u32) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn sample(n: usize) -> Vec<u8> {
        // Text with repeats at every distance, so matches reach back into the window.
        let mut v = Vec::with_capacity(n);
        let mut x: u32 = 1;
        while v.len() < n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let word = format!("w{} ", (x >> 16) % 2000);
            v.extend_from_slice(word.as_bytes());
        }
        v.truncate(n);
        v
    }

    fn read_all(mut r: impl Read) -> io::Result<Vec<u8>> {
        let mut v = Vec::new();
        r.read_to_end(&mut v)?;
        Ok(v)
    }

    #[test]
    fn reads_what_flate2_reads_and_resumes_from_any_checkpoint() {
        let data = sample(3 << 20);
        let gz = Blob::from(gzip(&data, 6));
        let mut r = Gunzip::new(gz.clone());
        let mut got = Vec::new();
        let mut points = Vec::new();
        let mut buf = vec![0u8; 100_000];
        loop {
            if let Some(c) = r.checkpoint() {
                points.push(c);
            }
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        assert_eq!(got, data);
        assert!(points.len() > 20, "{}", points.len());
        for c in points.iter().step_by(7) {
            let rest = read_all(Gunzip::resume(gz.clone(), c)).unwrap();
            assert_eq!(rest, &data[c.out as usize..], "from {}", c.out);
        }
    }

    #[test]
    fn reads_members_one_after_another() {
        let (a, b) = (sample(70_000), b"second member\n".to_vec());
        let mut gz = gzip(&a, 1);
        gz.extend(gzip(&b, 9));
        let got = read_all(Gunzip::new(Blob::from(gz))).unwrap();
        assert_eq!(got, [a, b].concat());
    }

    #[test]
    fn header_fields_are_skipped() {
        let mut gz = Vec::new();
        let mut e = flate2::GzBuilder::new()
            .filename("f.txt")
            .comment("c")
            .extra(vec![1, 2, 3])
            .write(&mut gz, flate2::Compression::default());
        e.write_all(b"named").unwrap();
        e.finish().unwrap();
        assert_eq!(read_all(Gunzip::new(Blob::from(gz))).unwrap(), b"named");
    }

    #[test]
    fn truncated_and_corrupt_streams_fail() {
        let gz = gzip(&sample(200_000), 6);
        let cut = Blob::from(gz[..gz.len() / 2].to_vec());
        assert_eq!(
            read_all(Gunzip::new(cut)).unwrap_err().kind(),
            io::ErrorKind::UnexpectedEof
        );
        let mut bad = gz.clone();
        bad[0] = 0;
        assert!(read_all(Gunzip::new(Blob::from(bad))).is_err());
        for n in [0, 1, 5, 10, 11] {
            assert!(
                read_all(Gunzip::new(Blob::from(gz[..n].to_vec()))).is_err(),
                "{n}"
            );
        }
    }
}
