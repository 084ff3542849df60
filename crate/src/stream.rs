//! A command's standard output: small writes gather in a buffer, large blobs (a saved
//! archive's layers) are kept as shared views, so that `docker save > file` writes an
//! archive of any size without copying its layers. [`Output`] is what a whole command line
//! printed, and how it ended.

use bytes::Bytes;

/// What a line printed, and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub code: i32,
    /// The order a terminal shows them in: runs of (standard error?, length). Empty:
    /// standard output, then standard error.
    pub order: Vec<(bool, usize)>,
}

impl Output {
    /// Both streams as a terminal shows them, interleaved in the order written.
    pub fn terminal(&self) -> Vec<u8> {
        if self.order.is_empty() {
            return [self.stdout.as_slice(), self.stderr.as_slice()].concat();
        }
        let mut t = Vec::with_capacity(self.stdout.len() + self.stderr.len());
        let (mut o, mut e) = (0usize, 0usize);
        for &(err, n) in &self.order {
            let (src, at) = if err {
                (&self.stderr, &mut e)
            } else {
                (&self.stdout, &mut o)
            };
            let end = (*at + n).min(src.len());
            t.extend_from_slice(&src[(*at).min(end)..end]);
            *at = end;
        }
        t.extend_from_slice(&self.stdout[o.min(self.stdout.len())..]);
        t.extend_from_slice(&self.stderr[e.min(self.stderr.len())..]);
        t
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

#[derive(Default, Debug)]
pub struct Stream {
    parts: Vec<Bytes>,
    buf: Vec<u8>,
    /// Bytes in `parts`.
    parts_len: usize,
}

impl Stream {
    pub fn new() -> Stream {
        Stream::default()
    }

    pub fn extend_from_slice(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    pub fn push(&mut self, byte: u8) {
        self.buf.push(byte);
    }

    /// Appends a blob without copying it.
    pub fn push_bytes(&mut self, data: Bytes) {
        self.flush();
        if !data.is_empty() {
            self.parts_len += data.len();
            self.parts.push(data);
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.parts_len += self.buf.len();
            self.parts.push(Bytes::from(std::mem::take(&mut self.buf)));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        self.buf.len() + self.parts_len
    }

    pub fn append(&mut self, other: &mut Stream) {
        let other = std::mem::take(other);
        for p in other.into_parts() {
            self.push_bytes(p);
        }
    }

    /// The pieces, in order.
    pub fn into_parts(mut self) -> Vec<Bytes> {
        self.flush();
        self.parts
    }

    /// One contiguous buffer (copies when there are several pieces).
    pub fn into_bytes(self) -> Bytes {
        concat(self.into_parts())
    }
}

/// Joins pieces into one buffer, without copying when there is only one.
pub fn concat(mut parts: Vec<Bytes>) -> Bytes {
    match parts.len() {
        0 => Bytes::new(),
        1 => parts.pop().unwrap_or_default(),
        _ => {
            let mut v = Vec::with_capacity(parts.iter().map(Bytes::len).sum());
            for p in &parts {
                v.extend_from_slice(p);
            }
            Bytes::from(v)
        }
    }
}
