//! A layer read once, in budgeted steps: the tar stream (inflated from a compressed blob,
//! or the blob itself) is hashed (its diffID), sized, and walked as a tar into the layer's index ([`IndexBuilder`]), whose
//! entries `docker load` checks against moby's rules with the layers below. Nothing of the
//! inflated tar is held.
//!
//! A step cannot keep a `tar::Archive` between calls (its entries borrow it), so one is
//! opened on the decoder for each header, and the entry's data is read past here
//! ([`LayerWalk::skip`]), a budgeted piece at a time; the archive's positions are offset by
//! the bytes read before it.

use crate::compress::{self, Decoder};
use crate::content::BlobReader;
use crate::digest::{Digest, Hasher};
use crate::error::{Error, Result};
use crate::fs::layer::{tar_error, IndexBuilder};
use crate::fs::LayerIndex;
use crate::tarball::DiffSize;
use std::cell::{Cell, RefCell};
use std::io::{Read, Seek, SeekFrom};

/// What a finished walk found.
pub struct Walked {
    /// The sha256 of the stream, unless the walk was told not to hash
    /// ([`LayerWalk::without_hash`]).
    pub diff_id: Option<Digest>,
    /// The inflated tar's length.
    pub size: u64,
    /// What [`DiffSize`] counts of it.
    pub content_size: u64,
    /// What [`DiffSize::usage`] counts: its snapshot's bytes on disk.
    pub usage: u64,
    pub index: LayerIndex,
}

/// What a walk reads: a decoder's stream, or an uncompressed layer's blob, over whose
/// entries' data it can pass without reading them when nothing hashes the stream.
enum Input {
    Stream(Decoder),
    Tar(BlobReader),
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::Stream(d) => d.read(buf),
            Input::Tar(r) => r.read(buf),
        }
    }
}

pub struct LayerWalk {
    decoder: Input,
    /// The layer, for errors.
    name: String,
    limit: u64,
    hasher: Option<Hasher>,
    sizer: DiffSize,
    /// Inflated bytes read so far.
    size: u64,
    builder: Option<IndexBuilder>,
    /// Bytes of the last entry's data (and padding) still to read before the next header.
    skip: u64,
    /// How much of `skip` is padding.
    pad: u64,
    /// The entry `skip` belongs to, for a truncated stream's error.
    last: String,
    /// The tar's end was read; what follows it is hashed to the stream's end.
    ended: bool,
    /// When the tar reader ended at a block of zeros: that block and what follows it, up to
    /// a second block, which Go's reader takes for a header when it is not zeros.
    after_end: Option<Vec<u8>>,
    buf: Vec<u8>,
}

/// The decoder as the tar reader sees it: every byte it gives is hashed, sized and
/// counted, and a decoding failure is kept (as the error the load reports) rather than
/// the tar reader's wrapping of it.
struct Through<'a> {
    decoder: &'a mut Input,
    hasher: &'a mut Option<Hasher>,
    sizer: &'a mut DiffSize,
    name: &'a str,
    size: &'a Cell<u64>,
    limit: u64,
    failed: &'a RefCell<Option<Error>>,
}

impl Read for Through<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = match compress::read_some(self.decoder, buf, self.name) {
            Ok(n) => n,
            Err(e) => {
                *self.failed.borrow_mut() = Some(e);
                return Err(std::io::Error::other("the layer does not decode"));
            }
        };
        if let Some(h) = self.hasher.as_mut() {
            h.update(&buf[..n]);
        }
        self.sizer.feed(&buf[..n]);
        let size = self.size.get() + n as u64;
        self.size.set(size);
        if size > self.limit {
            *self.failed.borrow_mut() = Some(Error::TooLarge {
                what: format!("{}: decompressed size", self.name),
                limit: self.limit,
            });
            return Err(std::io::Error::other("the layer is too large"));
        }
        Ok(n)
    }
}

/// The bytes an entry's data takes in the tar, padding included.
fn padded(size: u64) -> u64 {
    size.saturating_add(511) / 512 * 512
}

impl LayerWalk {
    /// A walk of the tar `decoder` inflates (`name`: the layer, for errors), refused past
    /// `limit` inflated bytes; `builder` indexes its entries.
    pub fn new(decoder: Decoder, name: &str, limit: u64, builder: IndexBuilder) -> LayerWalk {
        LayerWalk::of(Input::Stream(decoder), name, limit, builder)
    }

    /// A walk of an uncompressed layer's blob. Told not to hash ([`LayerWalk::without_hash`]),
    /// it reads the tar's headers and passes over its files' data: in the page, hashing
    /// workers read those bytes, and the core's thread is left free for them.
    pub fn of_tar(reader: BlobReader, name: &str, limit: u64, builder: IndexBuilder) -> LayerWalk {
        LayerWalk::of(Input::Tar(reader), name, limit, builder)
    }

    fn of(decoder: Input, name: &str, limit: u64, builder: IndexBuilder) -> LayerWalk {
        LayerWalk {
            decoder,
            name: name.to_string(),
            limit,
            hasher: Some(Hasher::new()),
            sizer: DiffSize::new(),
            size: 0,
            builder: Some(builder),
            skip: 0,
            pad: 0,
            last: String::new(),
            ended: false,
            after_end: None,
            buf: vec![0u8; 1 << 20],
        }
    }

    /// A walk that does not hash the stream: its digest is known already (the host hashed
    /// an uncompressed layer).
    pub fn without_hash(mut self) -> LayerWalk {
        self.hasher = None;
        self
    }

    /// Inflated bytes read so far.
    pub fn inflated(&self) -> u64 {
        self.size
    }

    /// Reads about `budget` inflated bytes. `Ok(Some(_))` once the stream ended.
    pub fn step(&mut self, budget: u64) -> Result<Option<Walked>> {
        let start = self.size;
        let size = Cell::new(self.size);
        let failed = RefCell::new(None);
        while size.get() - start < budget {
            if self.skip > 0 && self.pass(&size)? {
                continue;
            }
            let mut through = Through {
                decoder: &mut self.decoder,
                hasher: &mut self.hasher,
                sizer: &mut self.sizer,
                name: &self.name,
                size: &size,
                limit: self.limit,
                failed: &failed,
            };
            if self.skip > 0 {
                // The data of the entry just indexed, and its padding.
                let want = self.skip.min(self.buf.len() as u64) as usize;
                let n = read(&mut through, &mut self.buf[..want], &failed)?;
                if n == 0 {
                    // Go's reader (and so moby) takes a stream that ends in the last entry's
                    // padding as ended; one that ends in its data is cut short.
                    if self.skip > self.pad {
                        return Err(Error::Tar(format!("{:?}: unexpected EOF", self.last)));
                    }
                    self.skip = 0;
                    self.ended = true;
                }
                self.skip -= n as u64;
                continue;
            }
            if self.ended {
                // Past the tar's end: the rest of the stream (padding to a record) is hashed too.
                let n = read(&mut through, &mut self.buf, &failed)?;
                if let Some(after) = self.after_end.as_mut() {
                    let want = 1024usize.saturating_sub(after.len()).min(n);
                    after.extend_from_slice(&self.buf[..want]);
                }
                if n == 0 {
                    if let Some(after) = &self.after_end {
                        crate::tarball::header::check_end(after)
                            .map_err(|m| Error::Tar(m.to_string()))?;
                    }
                    self.size = size.get();
                    let index = match self.builder.take() {
                        Some(b) => b.finish()?,
                        None => return Err(Error::Tar("the layer was walked already".into())),
                    };
                    return Ok(Some(Walked {
                        diff_id: self.hasher.take().map(Hasher::finish),
                        size: self.size,
                        content_size: self.sizer.total(),
                        usage: self.sizer.usage(),
                        index,
                    }));
                }
                continue;
            }
            // A header (with the extension entries before it): one entry at a time, as its
            // data is read here, in budgeted pieces.
            let base = size.get();
            let Some(builder) = self.builder.as_mut() else {
                return Err(Error::Tar("the layer was walked already".into()));
            };
            let mut archive = tar::Archive::new(&mut through);
            let mut entries = archive.entries().map_err(|e| tar_error(&e))?;
            let mut entry = match entries.next() {
                None => {
                    // The tar reader stops after one block of zeros.
                    self.ended = true;
                    self.after_end = Some(vec![0; 512]);
                    continue;
                }
                Some(Ok(entry)) => entry,
                Some(Err(e)) => return Err(failed.take().unwrap_or_else(|| tar_error(&e))),
            };
            builder
                .add(&mut entry, base)
                .map_err(|e| failed.take().unwrap_or(e))?;
            let next = base + entry.raw_file_position() + padded(entry.size());
            self.skip = next.saturating_sub(size.get());
            self.pad = padded(entry.size()) - entry.size();
            self.last = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        }
        self.size = size.get();
        Ok(None)
    }
}

impl LayerWalk {
    /// Passes over entry data without reading it, when the stream is an uncompressed blob
    /// nobody hashes here; false when it must be read. Never past the blob's end, so that a
    /// stream cut short fails as when it is read.
    fn pass(&mut self, size: &Cell<u64>) -> Result<bool> {
        let Input::Tar(reader) = &mut self.decoder else {
            return Ok(false);
        };
        if self.hasher.is_some() {
            return Ok(false);
        }
        let n = self
            .skip
            .min(self.sizer.passable())
            .min(reader.remaining())
            .min(i64::MAX as u64);
        if n == 0 {
            return Ok(false);
        }
        reader
            .seek(SeekFrom::Current(n as i64))
            .map_err(|e| tar_error(&e))?;
        self.sizer.pass(n);
        self.skip -= n;
        size.set(size.get() + n);
        if size.get() > self.limit {
            return Err(Error::TooLarge {
                what: format!("{}: decompressed size", self.name),
                limit: self.limit,
            });
        }
        Ok(true)
    }
}

/// One read through the decoder; its own failure comes out as it is (`Through` keeps it).
fn read(
    through: &mut Through<'_>,
    buf: &mut [u8],
    failed: &RefCell<Option<Error>>,
) -> Result<usize> {
    through
        .read(buf)
        .map_err(|e| failed.take().unwrap_or_else(|| tar_error(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::content::Blob;

    /// A layer with a long (PAX) name, a hardlink, a directory and files larger than a
    /// step, ended by a tar's end and a record's padding.
    fn layer() -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        let mut add = |name: &str, kind: tar::EntryType, data: &[u8], link: Option<&str>| {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(kind);
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_mtime(1_700_000_000);
            if let Some(l) = link {
                b.append_link(&mut h, name, l).unwrap();
            } else {
                b.append_data(&mut h, name, data).unwrap();
            }
        };
        add("etc/", tar::EntryType::Directory, b"", None);
        add(
            "etc/big",
            tar::EntryType::Regular,
            &vec![7u8; 3 << 20],
            None,
        );
        let long = format!("usr/{}/file", "d".repeat(150));
        add(&long, tar::EntryType::Regular, b"hello", None);
        add("etc/link", tar::EntryType::Link, b"", Some("etc/big"));
        add("odd", tar::EntryType::Regular, &vec![1u8; 1000], None);
        b.into_inner().unwrap()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn walk(gz: &[u8], budget: u64) -> Result<(Walked, usize)> {
        let decoder = compress::decoder(Blob::from(gz.to_vec()), "layer")?;
        let builder = IndexBuilder::new(
            Blob::default(),
            None,
            Some((Budget::native(1 << 30), "layer".into())),
        );
        let mut w = LayerWalk::new(decoder, "layer", 1 << 30, builder);
        let mut steps = 1;
        loop {
            if let Some(done) = w.step(budget)? {
                return Ok((done, steps));
            }
            steps += 1;
        }
    }

    #[test]
    fn a_walk_in_small_steps_indexes_and_hashes_the_layer_as_reading_it_whole_does() {
        let tar = layer();
        let gz = gzip(&tar);
        let whole = LayerIndex::parse(Blob::from(tar.clone())).unwrap();
        for budget in [1, 4096, 64 << 10, 1 << 30] {
            let (w, steps) = walk(&gz, budget).unwrap();
            assert_eq!(w.diff_id, Some(Digest::of(&tar)), "budget {budget}");
            assert_eq!(w.size, tar.len() as u64);
            assert_eq!(
                w.content_size,
                DiffSize::measure(std::io::Cursor::new(&tar)).unwrap()
            );
            assert_eq!(w.index.entries(), whole.entries(), "budget {budget}");
            // Small budgets stop inside the large file's data and go on from there.
            assert!(
                budget > 1 << 20 || steps > 3,
                "budget {budget}: {steps} steps"
            );
        }
    }

    #[test]
    fn a_stream_that_ends_in_the_last_entrys_padding_has_ended_as_in_go() {
        let tar = layer();
        // "odd" (1000 bytes, the last entry) ends 24 bytes of padding and the two zero
        // blocks of the tar's end before the stream's end.
        let data_end = tar.len() - 1024 - 24;
        for budget in [1, 512, 1 << 30] {
            for cut in [data_end, data_end + 10] {
                // Uncompressed, as `docker import` keeps such a tar and saves it.
                let (w, _) = walk(&tar[..cut], budget).unwrap();
                assert_eq!(w.diff_id, Some(Digest::of(&tar[..cut])));
                assert!(w.index.entries().iter().any(|e| e.path == "odd"));
            }
            let e = walk(&tar[..data_end - 10], budget)
                .err()
                .unwrap()
                .to_string();
            assert!(
                e.ends_with("\"odd\": unexpected EOF"),
                "budget {budget}: {e}"
            );
        }
    }

    /// A source that counts the bytes read from it.
    struct Counted(Vec<u8>, std::sync::atomic::AtomicU64);

    impl crate::content::Source for Counted {
        fn len(&self) -> u64 {
            self.0.len() as u64
        }
        fn read_at(
            &self,
            offset: u64,
            len: usize,
        ) -> std::result::Result<bytes::Bytes, crate::content::BlobError> {
            let start = (offset as usize).min(self.0.len());
            let end = start.saturating_add(len).min(self.0.len());
            self.1
                .fetch_add((end - start) as u64, std::sync::atomic::Ordering::Relaxed);
            Ok(bytes::Bytes::copy_from_slice(&self.0[start..end]))
        }
        fn name(&self) -> String {
            "counted".into()
        }
    }

    /// Walks `tar` as an uncompressed blob nobody hashes; returns the walk and the bytes read.
    fn walk_unhashed(tar: &[u8], budget: u64) -> Result<(Walked, u64)> {
        let source = std::sync::Arc::new(Counted(tar.to_vec(), 0.into()));
        let blob = Blob::from_source(source.clone());
        let builder = IndexBuilder::new(Blob::default(), None, None);
        let mut w = LayerWalk::of_tar(blob.reader(), "layer", 1 << 40, builder).without_hash();
        loop {
            if let Some(done) = w.step(budget)? {
                let read = source.1.load(std::sync::atomic::Ordering::Relaxed);
                return Ok((done, read));
            }
        }
    }

    #[test]
    fn an_unhashed_tar_is_walked_from_its_headers_and_passes_over_file_data() {
        let mut tar = tar::Builder::new(Vec::new());
        for (i, size) in [40usize << 20, 100, 30 << 20, 0, 5000]
            .into_iter()
            .enumerate()
        {
            let mut h = tar::Header::new_gnu();
            h.set_size(size as u64);
            h.set_mode(0o644);
            tar.append_data(&mut h, format!("f{i}"), &vec![i as u8; size][..])
                .unwrap();
        }
        let tar = tar.into_inner().unwrap();
        let whole = LayerIndex::parse(Blob::from(tar.clone())).unwrap();
        let (hashed, _) = walk(&tar, 1 << 20).unwrap();
        for budget in [512, 1 << 20, 1 << 40] {
            let (w, read) = walk_unhashed(&tar, budget).unwrap();
            assert_eq!(w.diff_id, None);
            assert_eq!(w.size, tar.len() as u64);
            assert_eq!(w.content_size, hashed.content_size);
            assert_eq!(w.index.entries(), whole.entries());
            assert!(
                read < tar.len() as u64 / 2,
                "budget {budget}: read {read} of {}",
                tar.len()
            );
        }
        // The rules for a stream cut short are those of a stream read whole.
        let tar = layer();
        let data_end = tar.len() - 1024 - 24;
        for budget in [1, 512, 1 << 30] {
            for cut in [data_end, data_end + 10] {
                let (w, _) = walk_unhashed(&tar[..cut], budget).unwrap();
                assert!(w.index.entries().iter().any(|e| e.path == "odd"));
            }
            for cut in [data_end - 10, 2 << 20] {
                let e = walk_unhashed(&tar[..cut], budget)
                    .err()
                    .unwrap()
                    .to_string();
                assert!(e.ends_with("unexpected EOF"), "budget {budget}: {e}");
            }
        }
    }

    #[test]
    fn a_truncated_or_undecodable_layer_fails_in_one_line() {
        let tar = layer();
        // Cut inside the big file's data: the stream ends with the entry's data still due.
        let cut = gzip(&tar[..2 << 20]);
        let e = walk(&cut, 64 << 10).err().unwrap().to_string();
        assert!(e.contains("unexpected EOF"), "{e}");
        // A gzip stream cut short is the decoder's error, not the tar reader's wrapping.
        let gz = gzip(&tar);
        let e = walk(&gz[..gz.len() / 2], 64 << 10)
            .err()
            .unwrap()
            .to_string();
        assert!(
            !e.contains("does not decode") && e.lines().count() == 1,
            "{e}"
        );
        // Past the limit of inflated bytes.
        let decoder = compress::decoder(Blob::from(gz.clone()), "layer").unwrap();
        let mut w = LayerWalk::new(
            decoder,
            "layer",
            1 << 20,
            IndexBuilder::new(Blob::default(), None, None),
        );
        let e = loop {
            match w.step(64 << 10) {
                Ok(None) => continue,
                Ok(Some(_)) => panic!("walked past the limit"),
                Err(e) => break e.to_string(),
            }
        };
        assert!(e.contains("decompressed size"), "{e}");
    }
}
