//! A zstd stream of any number of frames, as Go's zstd decoder (and so Docker) reads one:
//! frames one after another, skippable frames (zstd:chunked's metadata) passed over.
//! ruzstd's `StreamingDecoder` reads one frame; this reads on where it stops. It also says
//! where each frame began, in the compressed and the decompressed bytes: frames are
//! independent, so [`super::Inflated`] can start reading again at one.

use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use std::io::{self, Read};

/// A reader that counts what it has read and can give one byte back.
struct Counted<R> {
    inner: R,
    /// Bytes taken from `inner`, less one when `back` holds a byte.
    at: u64,
    back: Option<u8>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if let Some(b) = self.back.take() {
            buf[0] = b;
            self.at += 1;
            return Ok(1);
        }
        let n = self.inner.read(buf)?;
        self.at += n as u64;
        Ok(n)
    }
}

impl<R: Read> Counted<R> {
    /// Whether anything is left, without consuming it.
    fn at_end(&mut self) -> io::Result<bool> {
        if self.back.is_some() {
            return Ok(false);
        }
        let mut b = [0u8; 1];
        loop {
            match self.inner.read(&mut b) {
                Ok(0) => return Ok(true),
                Ok(_) => {
                    self.back = Some(b[0]);
                    return Ok(false);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// Where a frame began: its offset in the compressed stream and in the decompressed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameStart {
    pub compressed: u64,
    pub decompressed: u64,
}

/// The decompressed bytes of every frame of a zstd stream, in order.
pub struct MultiFrame<R: Read> {
    decoder: FrameDecoder,
    source: Counted<R>,
    /// A data frame is open in `decoder`.
    in_frame: bool,
    /// Decompressed bytes given out so far.
    out: u64,
    last_start: Option<FrameStart>,
}

fn invalid(e: FrameDecoderError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

impl<R: Read> MultiFrame<R> {
    /// Opens the stream; its first data frame's header must be sound.
    pub fn new(inner: R) -> io::Result<MultiFrame<R>> {
        let mut s = MultiFrame {
            decoder: FrameDecoder::new(),
            source: Counted {
                inner,
                at: 0,
                back: None,
            },
            in_frame: false,
            out: 0,
            last_start: None,
        };
        if !s.next_frame()? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "no zstd frame",
            ));
        }
        Ok(s)
    }

    /// Where the last frame opened began.
    pub fn last_start(&self) -> Option<FrameStart> {
        self.last_start
    }

    /// Decompressed bytes given out so far.
    pub fn position(&self) -> u64 {
        self.out
    }

    /// Opens the next data frame, passing skippable ones; false at the end of the stream.
    fn next_frame(&mut self) -> io::Result<bool> {
        loop {
            if self.source.at_end()? {
                return Ok(false);
            }
            let start = FrameStart {
                compressed: self.source.at,
                decompressed: self.out,
            };
            match self.decoder.init(&mut self.source) {
                Ok(()) => {
                    self.in_frame = true;
                    self.last_start = Some(start);
                    return Ok(true);
                }
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let length = u64::from(length);
                    let skipped = io::copy(&mut (&mut self.source).take(length), &mut io::sink())?;
                    if skipped < length {
                        return Err(io::ErrorKind::UnexpectedEof.into());
                    }
                }
                Err(e) => return Err(invalid(e)),
            }
        }
    }
}

impl<R: Read> Read for MultiFrame<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.in_frame {
                if self.decoder.can_collect() > 0 {
                    let n = self.decoder.read(buf)?;
                    self.out += n as u64;
                    return Ok(n);
                }
                if !self.decoder.is_finished() {
                    self.decoder
                        .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1))
                        .map_err(invalid)?;
                    continue;
                }
                self.in_frame = false;
            }
            if !self.next_frame()? {
                return Ok(0);
            }
        }
    }
}
