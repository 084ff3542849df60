//! The size Docker reports for a layer (overlay2's `DiffSize`): the bytes of its regular
//! files plus the length of each symlink target. Directories, hardlinks, whiteouts and tar
//! framing count nothing. Fed the uncompressed tar in pieces, so it runs alongside hashing.
//!
//! It also counts what the layer's snapshot takes on disk once unpacked ([`DiffSize::usage`]):
//! containerd's snapshot usage is continuity's `fs.DiskUsage`, `st_blocks` × 512 of each
//! inode under the snapshot's directory. The simulated disk is ext4 with 4 KiB blocks: a
//! directory takes a block, a regular file its size rounded up to blocks, a symbolic link
//! a block when its target is 60 bytes or longer (shorter ones live in the inode), a
//! hardlink, a device and a whiteout nothing, and the snapshot's own root one block.

/// Walks tar headers incrementally over a stream.
#[derive(Clone, Debug, Default)]
pub struct DiffSize {
    header: Vec<u8>,
    /// Bytes of entry data (plus padding) still to skip.
    skip: u64,
    /// Data of the current long-name/PAX entry, when it affects the next entry.
    meta: Option<(u8, Vec<u8>, u64)>,
    /// A link name set by a preceding GNU `K` entry or PAX `linkpath`.
    pending_link: Option<usize>,
    total: u64,
    /// Blocks' bytes of the entries so far (the root directory not included).
    blocks: u64,
}

/// The simulated file system's block size.
const BLOCK: u64 = 4096;
/// ext4 keeps a symbolic link's target in the inode when it is shorter than this.
const FAST_SYMLINK: usize = 60;

fn octal(field: &[u8]) -> u64 {
    // GNU base-256 for large sizes.
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        return field[1..]
            .iter()
            .fold(0u64, |a, &b| a.saturating_mul(256).saturating_add(b as u64));
    }
    let s: String = field
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| b as char)
        .collect();
    u64::from_str_radix(s.trim(), 8).unwrap_or(0)
}

impl DiffSize {
    pub fn new() -> DiffSize {
        DiffSize::default()
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// The bytes the unpacked layer's snapshot takes on disk (see the module's notes).
    pub fn usage(&self) -> u64 {
        self.blocks.saturating_add(BLOCK)
    }

    /// The size of the tar `r` reads, reading its headers and seeking over file data: what
    /// the tests hold the fed sizer to (a load sizes a layer as it walks it).
    #[cfg(test)]
    pub fn measure<R: std::io::Read + std::io::Seek>(mut r: R) -> std::io::Result<u64> {
        let mut sizer = DiffSize::new();
        let mut block = [0u8; 512];
        loop {
            if sizer.skip > 0 && sizer.meta.is_none() {
                r.seek(std::io::SeekFrom::Current(
                    sizer.skip.min(i64::MAX as u64) as i64
                ))?;
                sizer.skip = 0;
            }
            let mut got = 0;
            while got < 512 {
                let n = r.read(&mut block[got..])?;
                if n == 0 {
                    return Ok(sizer.total);
                }
                got += n;
            }
            sizer.feed(&block);
        }
    }

    /// How many of the next bytes are entry data it does not look at: a reader may pass
    /// them ([`DiffSize::pass`]) instead of feeding them.
    pub fn passable(&self) -> u64 {
        if self.meta.is_none() && self.header.is_empty() {
            self.skip
        } else {
            0
        }
    }

    /// Counts `n` bytes passed without being fed; at most [`DiffSize::passable`].
    pub fn pass(&mut self, n: u64) {
        debug_assert!(n <= self.passable());
        self.skip = self.skip.saturating_sub(n.min(self.passable()));
    }

    pub fn feed(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            if self.skip > 0 {
                let n = (self.skip.min(data.len() as u64)) as usize;
                if let Some((_, buf, want)) = &mut self.meta {
                    let room = (*want as usize).saturating_sub(buf.len()).min(n);
                    buf.extend_from_slice(&data[..room]);
                }
                self.skip -= n as u64;
                data = &data[n..];
                if self.skip == 0 {
                    self.finish_meta();
                }
                continue;
            }
            let need = 512 - self.header.len();
            let n = need.min(data.len());
            self.header.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.header.len() == 512 {
                let h = std::mem::take(&mut self.header);
                self.on_header(&h);
            }
        }
    }

    fn on_header(&mut self, h: &[u8]) {
        if h.iter().all(|&b| b == 0) {
            return; // end-of-archive blocks (two in a row end it; harmless to keep reading)
        }
        let size = octal(&h[124..136]);
        let kind = h[156];
        let padded = size.div_ceil(512).saturating_mul(512);
        match kind {
            b'0' | 0 | b'7' => {
                self.total = self.total.saturating_add(size);
                self.blocks = self
                    .blocks
                    .saturating_add(size.div_ceil(BLOCK).saturating_mul(BLOCK));
                self.pending_link = None;
            }
            b'2' => {
                let link_len = self
                    .pending_link
                    .take()
                    .unwrap_or_else(|| h[157..257].iter().take_while(|&&b| b != 0).count());
                self.total = self.total.saturating_add(link_len as u64);
                if link_len >= FAST_SYMLINK {
                    self.blocks = self.blocks.saturating_add(BLOCK);
                }
            }
            b'5' => {
                let name: &[u8] = &h[..h[..100].iter().position(|&b| b == 0).unwrap_or(100)];
                if !matches!(name, b"./" | b"." | b"/") {
                    self.blocks = self.blocks.saturating_add(BLOCK);
                }
                self.pending_link = None;
            }
            b'K' => self.meta = Some((b'K', Vec::new(), size)),
            b'x' => self.meta = Some((b'x', Vec::new(), size)),
            _ => self.pending_link = None,
        }
        self.skip = padded;
        if self.skip == 0 {
            self.finish_meta();
        }
    }

    fn finish_meta(&mut self) {
        let Some((kind, buf, _)) = self.meta.take() else {
            return;
        };
        if kind == b'K' {
            let len = buf.iter().take_while(|&&b| b != 0).count();
            self.pending_link = Some(len);
            return;
        }
        // PAX records: "LEN key=value\n".
        let mut rest = &buf[..];
        while let Some(sp) = rest.iter().position(|&b| b == b' ') {
            let len: usize = std::str::from_utf8(&rest[..sp])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if len <= sp || len > rest.len() {
                break;
            }
            let record = &rest[sp + 1..len];
            if let Some(v) = record.strip_prefix(b"linkpath=") {
                self.pending_link = Some(v.len().saturating_sub(1));
            }
            rest = &rest[len..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_files_and_links_only() {
        let mut b = tar::Builder::new(Vec::new());
        let mut add = |name: &str, data: &[u8], kind: tar::EntryType, link: Option<&str>| {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(kind);
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            match link {
                Some(l) => b.append_link(&mut h, name, l).unwrap(),
                None => b.append_data(&mut h, name, data).unwrap(),
            }
        };
        add("dir/", b"", tar::EntryType::Directory, None);
        add("dir/a", &[1u8; 1000], tar::EntryType::Regular, None);
        add("dir/b", b"", tar::EntryType::Link, Some("dir/a"));
        add("dir/c", b"", tar::EntryType::Symlink, Some("a"));
        let long = "x".repeat(150);
        add("dir/d", b"", tar::EntryType::Symlink, Some(&long));
        add("dir/.wh.e", b"", tar::EntryType::Regular, None);
        let t = b.into_inner().unwrap();
        let mut whole = DiffSize::new();
        whole.feed(&t);
        assert_eq!(whole.total(), 1000 + 1 + 150);
        let mut pieces = DiffSize::new();
        for c in t.chunks(7) {
            pieces.feed(c);
        }
        assert_eq!(pieces.total(), whole.total());
        // On disk: the root and `dir` a block each, `a` one block, the long link one, the
        // short link, the hardlink and the whiteout none.
        assert_eq!(whole.usage(), 4 * 4096);
        assert_eq!(pieces.usage(), whole.usage());
        // Reading headers only, seeking over data, gives the same (long names included).
        let measured = DiffSize::measure(std::io::Cursor::new(&t)).unwrap();
        assert_eq!(measured, whole.total());
    }
}
