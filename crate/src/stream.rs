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
    /// Both streams in the order written: runs of (standard error?, bytes); what `order`
    /// does not cover comes last, standard output first.
    pub fn runs(&self) -> Vec<(bool, &[u8])> {
        let (mut o, mut e) = (0usize, 0usize);
        let mut runs = Vec::with_capacity(self.order.len() + 2);
        for &(err, n) in &self.order {
            let (src, at) = if err {
                (&self.stderr, &mut e)
            } else {
                (&self.stdout, &mut o)
            };
            let start = (*at).min(src.len());
            let end = (start + n).min(src.len());
            runs.push((err, &src[start..end]));
            *at = end;
        }
        runs.push((false, &self.stdout[o.min(self.stdout.len())..]));
        runs.push((true, &self.stderr[e.min(self.stderr.len())..]));
        runs.retain(|(_, b)| !b.is_empty());
        runs
    }

    /// Both streams as a terminal shows them, interleaved in the order written.
    pub fn terminal(&self) -> Vec<u8> {
        self.runs()
            .into_iter()
            .flat_map(|(_, b)| b.iter().copied())
            .collect()
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

    /// True when joining the stream into one buffer copies nothing (one piece or none).
    pub fn is_one_piece(&self) -> bool {
        self.parts.len() + usize::from(!self.buf.is_empty()) <= 1
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
