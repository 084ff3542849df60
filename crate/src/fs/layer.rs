//! One layer, indexed: every tar entry with its attributes and the byte range of its data
//! in the uncompressed tar, the layer's own tree (last entry wins, parents implied), and
//! its whiteouts. Built once, never changed: share it with `Arc`.
//!
//! Whiteouts follow the OCI image spec (layer.md): `dir/.wh.name` hides `dir/name` in the
//! layers below, `dir/.wh..wh..opq` hides every lower child of `dir`. This is the only
//! module that knows those names; markers never appear in the layer's tree.

use super::{parent, remove_below};
use crate::budget::Budget;
use crate::compress::{self, Compression};
use crate::content::{Blob, BlobError};
use crate::error::{Error, Result};
use crate::tarball::rules::{Fed, Rules};
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};

use std::ops::Range;

/// The prefix of whiteout names.
pub const WHITEOUT_PREFIX: &str = ".wh.";
/// The name that makes its directory opaque.
pub const OPAQUE_MARKER: &str = ".wh..wh..opq";
/// Longer names cannot be extracted on Linux (PATH_MAX), so Docker refuses them too.
pub const MAX_PATH: usize = 4096;

/// Bytes counted for each entry of an index built within a budget, beside its name: the
/// entry, its node in the tree, and their map slots.
const PER_ENTRY: u64 = 160;

/// What a tar entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    Hardlink,
    Char,
    Block,
    Fifo,
}

impl Kind {
    pub fn is_dir(self) -> bool {
        self == Kind::Dir
    }

    /// The type letter of `ls -l` (a hardlink is a regular file).
    pub fn letter(self) -> char {
        match self {
            Kind::File | Kind::Hardlink => '-',
            Kind::Dir => 'd',
            Kind::Symlink => 'l',
            Kind::Char => 'c',
            Kind::Block => 'b',
            Kind::Fifo => 'p',
        }
    }

    /// The name views use for it: `file`, `dir`, `symlink`, `hardlink`, `char`, `block`,
    /// `fifo`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Dir => "dir",
            Kind::Symlink => "symlink",
            Kind::Hardlink => "hardlink",
            Kind::Char => "char",
            Kind::Block => "block",
            Kind::Fifo => "fifo",
        }
    }

    /// `ls -l`'s mode column for this kind and permission bits: `drwxr-xr-x`, with
    /// `s`/`S`/`t`/`T` for the setuid, setgid and sticky bits.
    pub fn mode_string(self, mode: u32) -> String {
        crate::format::mode_column(self.letter(), mode)
    }

    /// The tar typeflag byte.
    pub fn typeflag(self) -> u8 {
        match self {
            Kind::File => b'0',
            Kind::Hardlink => b'1',
            Kind::Symlink => b'2',
            Kind::Char => b'3',
            Kind::Block => b'4',
            Kind::Dir => b'5',
            Kind::Fifo => b'6',
        }
    }
}

/// A whiteout-style name, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Marker {
    /// `dir/.wh.name`: hides `dir/name` (and what is below it) in lower layers.
    Whiteout(String),
    /// `dir/.wh..wh..opq`: hides every lower child of `dir`.
    Opaque(String),
}

/// Decodes a cleaned path whose last component is a marker. `None` for ordinary names and
/// for whiteouts that name nothing (`.wh.`, `.wh..`, `.wh...`).
pub fn marker(path: &str) -> Option<Marker> {
    let (dir, name) = (parent(path), super::base(path));
    if name == OPAQUE_MARKER {
        return Some(Marker::Opaque(dir.to_string()));
    }
    let hidden = name.strip_prefix(WHITEOUT_PREFIX)?;
    if hidden.is_empty() || hidden == "." || hidden == ".." {
        return None;
    }
    Some(Marker::Whiteout(if dir.is_empty() {
        hidden.to_string()
    } else {
        format!("{dir}/{hidden}")
    }))
}

/// True when the last component starts with `.wh.` (a marker, valid or not).
pub fn is_marker(path: &str) -> bool {
    super::base(path).starts_with(WHITEOUT_PREFIX)
}

/// One tar entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Cleaned and relative: no leading `/` or `./`, no `.` or `..` components.
    pub path: String,
    pub kind: Kind,
    /// Permission bits, setuid, setgid and sticky (`mode & 0o7777`).
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// The header's size: the length of the entry's data (0 for links and directories in
    /// any tar a real tool writes).
    pub size: u64,
    /// Seconds since the epoch.
    pub mtime: u64,
    /// A symlink's target as written, or a hardlink's target path (cleaned, relative).
    pub link: Option<String>,
    /// Major and minor numbers of character and block devices.
    pub device: Option<(u32, u32)>,
    /// Where the data starts in the uncompressed tar.
    pub offset: u64,
}

impl Entry {
    /// The byte range of the entry's data in the uncompressed tar.
    pub fn data_range(&self) -> Range<u64> {
        self.offset..self.offset.saturating_add(self.size)
    }

    /// The marker this entry is, if it is one.
    pub fn marker(&self) -> Option<Marker> {
        marker(&self.path)
    }
}

/// A path of the layer's own tree: an entry, or a directory implied by deeper entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Entry(usize),
    Implicit,
}

/// The layer's own tree once built, compact (a layer of a million files keeps one `u32`
/// a path beside its entries): its paths in order, each the index of the entry whose path
/// it is, or (with [`IMPLIED`] set) of a directory only implied by deeper entries.
#[derive(Clone, Debug, Default)]
struct Tree {
    slots: Vec<u32>,
    implied: Vec<String>,
}

/// The bit of a [`Tree`] slot that marks an implied directory.
const IMPLIED: u32 = 1 << 31;

impl Tree {
    /// The tree `map` ([`IndexBuilder`] builds it), its entries by index.
    fn compact(map: BTreeMap<String, Slot>) -> Result<Tree> {
        let mut t = Tree {
            slots: Vec::with_capacity(map.len()),
            implied: Vec::new(),
        };
        for (path, slot) in map {
            let small = |i: usize| u32::try_from(i).ok().filter(|n| n & IMPLIED == 0);
            let n = match slot {
                Slot::Entry(i) => small(i),
                Slot::Implicit => {
                    t.implied.push(path);
                    small(t.implied.len() - 1).map(|n| n | IMPLIED)
                }
            };
            let n = n.ok_or_else(|| Error::Tar("the layer has too many entries".into()))?;
            t.slots.push(n);
        }
        Ok(t)
    }

    fn path<'a>(&'a self, entries: &'a [Entry], slot: u32) -> &'a str {
        if slot & IMPLIED != 0 {
            self.implied
                .get((slot & !IMPLIED) as usize)
                .map_or("", String::as_str)
        } else {
            entries.get(slot as usize).map_or("", |e| e.path.as_str())
        }
    }

    fn find(&self, entries: &[Entry], path: &str) -> Option<Slot> {
        let at = self
            .slots
            .binary_search_by(|&s| self.path(entries, s).cmp(path))
            .ok()?;
        let s = self.slots[at];
        Some(if s & IMPLIED != 0 {
            Slot::Implicit
        } else {
            Slot::Entry(s as usize)
        })
    }
}

/// An indexed layer.
#[derive(Clone, Debug, Default)]
pub struct LayerIndex {
    tar: Blob,
    entries: Vec<Entry>,
    tree: Tree,
    whiteouts: BTreeSet<String>,
    opaques: BTreeSet<String>,
}

/// The largest compressed layer whose tar is inflated into memory to be indexed, so that its
/// files are read at once. A larger one is indexed as a stream and its tar never held: a
/// file is read by inflating the layer up to it ([`compress::Inflated`]).
pub const INFLATE_WHOLE: u64 = 64 << 20;

impl LayerIndex {
    /// Indexes a stored layer. One stored compressed is inflated into memory when it is
    /// small ([`INFLATE_WHOLE`]), and read as a stream otherwise.
    pub fn from_layer(layer: &crate::store::Layer, budget: Budget) -> Result<LayerIndex> {
        if let Some(tar) = LayerIndex::read_in_place(layer) {
            return LayerIndex::parse(tar);
        }
        let what = format!("layer {}", layer.diff_id);
        let tar = compress::decompress_all(layer.blob.clone(), &what, budget, Some(layer.size))?;
        LayerIndex::parse(Blob::from(tar))
    }

    /// Where a stored layer's files are read from when its tar is not held in memory: the
    /// blob itself when it is uncompressed, the blob inflated as it is read when it is
    /// compressed and large. `None` for a small compressed layer, which
    /// [`LayerIndex::from_layer`] inflates into memory.
    fn read_in_place(layer: &crate::store::Layer) -> Option<Blob> {
        if layer.compression == Compression::None {
            return Some(layer.blob.clone());
        }
        (layer.size > INFLATE_WHOLE).then(|| {
            let what = format!("layer {}", layer.diff_id);
            compress::Inflated::blob(layer.blob.clone(), layer.size, &what)
        })
    }

    /// The index a load built while it walked `layer` (its tar read as a stream, not
    /// kept), made to read the layer's files as [`LayerIndex::from_layer`]'s would, so that
    /// the layer need not be read again to be indexed. `None` where `from_layer` would
    /// hold the tar in memory (a small compressed layer): indexing it again is cheap.
    pub fn adopted(mut self, layer: &crate::store::Layer) -> Option<LayerIndex> {
        self.tar = LayerIndex::read_in_place(layer)?;
        Some(self)
    }

    /// Indexes a blob that may be gzip- or zstd-compressed (`what` names it in errors);
    /// decompressed output past the memory budget is refused.
    pub fn from_blob(blob: impl Into<Blob>, what: &str, budget: Budget) -> Result<LayerIndex> {
        let blob: Blob = blob.into();
        if Compression::detect(&blob.head(compress::MAGIC)) == Compression::None {
            return LayerIndex::parse(blob);
        }
        let tar = compress::decompress_all(blob, what, budget, None)?;
        LayerIndex::parse(Blob::from(tar))
    }

    /// Feeds a stored layer's entries to `rules` (see [`LayerIndex::feed_rules`]) after
    /// checking the layer alone as [`LayerIndex::parse`] does, reading a compressed layer
    /// as a stream: nothing of its tar is held, only its entries, whose memory (names and
    /// attributes) must fit the budget.
    pub fn check_rules(
        layer: &crate::store::Layer,
        rules: &mut Rules,
        budget: Budget,
    ) -> Result<()> {
        let index = if layer.compression == Compression::None {
            LayerIndex::parse(layer.blob.clone())?
        } else {
            let what = format!("layer {}", layer.diff_id);
            let decoder = compress::decoder(layer.blob.clone(), &what)?;
            let mut archive = tar::Archive::new(decoder);
            let entries = archive.entries().map_err(|e| tar_error(&e))?;
            LayerIndex::build(entries, Blob::default(), layer.size, Some((budget, &what)))?
        };
        index.feed_rules(rules)
    }

    /// Indexes an uncompressed tar. Fails on malformed headers, truncated data and what
    /// moby's extraction refuses ([`crate::tarball::rules`]); names that climb above the
    /// root stop at it, as under moby's chroot.
    pub fn parse(tar: impl Into<Blob>) -> Result<LayerIndex> {
        let tar: Blob = tar.into();
        let mut archive = tar::Archive::new(tar.reader());
        let entries = archive.entries_with_seek().map_err(|e| tar_error(&e))?;
        let len = tar.len();
        LayerIndex::build(entries, tar.clone(), len, None)
    }

    /// Indexes the entries of a tar of `len` bytes, whose bytes are `tar` (empty when it
    /// was read as a stream and not kept). With a budget, the index's own memory (a
    /// path's name, node and map slot each) is counted against it as it grows.
    fn build<R: std::io::Read>(
        entries: tar::Entries<'_, R>,
        tar: Blob,
        len: u64,
        budget: Option<(Budget, &str)>,
    ) -> Result<LayerIndex> {
        let mut builder =
            IndexBuilder::new(tar, Some(len), budget.map(|(b, w)| (b, w.to_string())));
        for entry in entries {
            let mut entry = entry.map_err(|e| tar_error(&e))?;
            builder.add(&mut entry, 0)?;
        }
        builder.finish()
    }

    /// Feeds the layer's entries to `rules` (moby's extraction rules,
    /// [`crate::tarball::rules`]): one `Rules` fed an image's layers in order checks them
    /// as moby applies them; a fresh `Rules::new()` checks a tar extracted on its own.
    pub fn feed_rules(&self, rules: &mut Rules) -> Result<()> {
        for e in &self.entries {
            let kind = match e.kind {
                Kind::Dir => Fed::Dir,
                Kind::Hardlink => Fed::Hardlink,
                Kind::Symlink => Fed::Symlink,
                _ => Fed::Other,
            };
            rules.feed(&e.path, kind, e.link.as_deref())?;
        }
        Ok(())
    }

    /// The uncompressed tar.
    pub fn tar(&self) -> &Blob {
        &self.tar
    }

    /// Every entry in tar order, markers and replaced entries included.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry that provides `path` in this layer (cleaned, relative), if any.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        match self.tree.find(&self.entries, path)? {
            Slot::Entry(i) => self.entries.get(i),
            Slot::Implicit => None,
        }
    }

    /// The layer's own tree in path order (parents before children): each path with its
    /// entry, or `None` for a directory only implied by deeper entries.
    pub fn tree(&self) -> impl Iterator<Item = (&str, Option<&Entry>)> + '_ {
        self.tree.slots.iter().map(|&s| {
            let e = if s & IMPLIED != 0 {
                None
            } else {
                self.entries.get(s as usize)
            };
            (self.tree.path(&self.entries, s), e)
        })
    }

    /// True when the layer's tree has `path` (an entry or an implied directory).
    pub fn contains(&self, path: &str) -> bool {
        self.tree.find(&self.entries, path).is_some()
    }

    /// Number of paths in the layer's tree.
    pub fn len(&self) -> usize {
        self.tree.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.slots.is_empty() && self.whiteouts.is_empty() && self.opaques.is_empty()
    }

    /// Paths this layer hides in the layers below (`.wh.` markers), sorted.
    pub fn whiteouts(&self) -> impl Iterator<Item = &str> + '_ {
        self.whiteouts.iter().map(String::as_str)
    }

    /// True when a `.wh.` marker of this layer names `path`.
    pub fn hides(&self, path: &str) -> bool {
        self.whiteouts.contains(path)
    }

    /// True when a `.wh..wh..opq` marker of this layer makes `dir` opaque.
    pub fn is_opaque(&self, dir: &str) -> bool {
        self.opaques.contains(dir)
    }

    /// Directories whose lower children this layer hides (`.wh..wh..opq`), sorted.
    pub fn opaque_dirs(&self) -> impl Iterator<Item = &str> + '_ {
        self.opaques.iter().map(String::as_str)
    }

    /// An entry's data: a view into the tar when it is in memory (no copy), read from
    /// its source otherwise.
    pub fn data(&self, entry: &Entry) -> std::result::Result<Bytes, BlobError> {
        let r = entry.data_range();
        if r.end <= self.tar.len() {
            self.tar.read(r)
        } else {
            Ok(Bytes::new())
        }
    }

    /// The sum of the header sizes of every entry: what dive calls the layer's size.
    pub fn header_bytes(&self) -> u64 {
        self.entries
            .iter()
            .map(|e| e.size)
            .fold(0, u64::saturating_add)
    }
}

/// Builds a [`LayerIndex`] one tar entry at a time, so that a stream can be indexed in
/// steps ([`LayerIndex::parse`] and the streaming reads are loops over it).
pub struct IndexBuilder {
    index: LayerIndex,
    /// The layer's tree as it is built (made compact by [`IndexBuilder::finish`]).
    tree: BTreeMap<String, Slot>,
    /// The tar's length when known: an entry whose data runs past it is truncated.
    len: Option<u64>,
    budget: Option<(Budget, String)>,
    held: u64,
    members_end: u64,
    /// The layers below are unknown here: `docker load` checks an image's layers together.
    rules: Rules,
}

impl IndexBuilder {
    /// A builder for a tar whose bytes are `tar` (empty when it is read as a stream and not
    /// kept) and whose length is `len` when known; within `budget` (and what it is called)
    /// when given.
    pub fn new(tar: Blob, len: Option<u64>, budget: Option<(Budget, String)>) -> IndexBuilder {
        IndexBuilder {
            index: LayerIndex {
                tar,
                ..LayerIndex::default()
            },
            tree: BTreeMap::new(),
            len,
            budget,
            held: 0,
            members_end: 0,
            rules: Rules::layer(),
        }
    }

    /// Adds the next entry of the tar, read by an archive that began `base` bytes into it.
    pub fn add<R: std::io::Read>(
        &mut self,
        entry: &mut tar::Entry<'_, R>,
        base: u64,
    ) -> Result<()> {
        let raw = entry.path_bytes().into_owned();
        let raw_name = String::from_utf8_lossy(&raw).into_owned();
        let header = entry.header();
        self.members_end =
            crate::tarball::header::member_end(base + entry.raw_file_position(), entry.size());
        let kind = match header.entry_type().as_byte() {
            b'0' | b'7' => Kind::File,
            // Old tars mark regular files with NUL and directories with a trailing slash.
            0 if raw_name.ends_with('/') => Kind::Dir,
            0 => Kind::File,
            b'1' => Kind::Hardlink,
            b'2' => Kind::Symlink,
            b'3' => Kind::Char,
            b'4' => Kind::Block,
            b'5' => Kind::Dir,
            b'6' => Kind::Fifo,
            // Global PAX headers, GNU volume labels and sparse files hold nothing to show.
            _ => return Ok(()),
        };
        let offset = base + entry.raw_file_position();
        let size = entry.size();
        if offset
            .checked_add(size)
            .is_none_or(|end| self.len.is_some_and(|len| end > len))
        {
            return Err(Error::Tar(format!("{raw_name:?}: unexpected EOF")));
        }
        if raw.contains(&0) {
            return Err(Error::Tar(format!("{raw_name:?}: NUL in a file name")));
        }
        let path = crate::tarball::index::clean_name(&raw_name);
        if path.is_empty() {
            return Ok(()); // the root itself
        }
        if path.len() > MAX_PATH {
            return Err(Error::Tar(format!("{raw_name:?}: file name too long")));
        }
        let header = entry.header();
        let numbers = crate::tarball::header::numbers(header, &raw_name).map_err(Error::Tar)?;
        // On disk a symlink's permission bits are always 0777, whatever the header says
        // (what Docker's export and umoci's unpack both show).
        let mode = if kind == Kind::Symlink {
            0o777
        } else {
            numbers.mode
        };
        let (uid, gid) = (numbers.uid, numbers.gid);
        let mut mtime = numbers.mtime;
        let device = match kind {
            Kind::Char | Kind::Block => Some((
                header.device_major().ok().flatten().unwrap_or(0),
                header.device_minor().ok().flatten().unwrap_or(0),
            )),
            _ => None,
        };
        let link = match kind {
            Kind::Symlink | Kind::Hardlink => {
                let l = entry
                    .link_name_bytes()
                    .map(|l| String::from_utf8_lossy(&l).into_owned())
                    .unwrap_or_default();
                if kind == Kind::Hardlink {
                    // Hardlink targets name an archive member: relative, often without `/`.
                    Some(crate::tarball::index::clean_name(&l))
                } else {
                    Some(l)
                }
            }
            _ => None,
        };
        if let Ok(Some(pax)) = entry.pax_extensions() {
            for ext in pax.flatten() {
                if ext.key_bytes() == b"mtime" {
                    let v = String::from_utf8_lossy(ext.value_bytes());
                    let whole = v.split('.').next().unwrap_or("");
                    if let Ok(t) = whole.parse::<u64>() {
                        mtime = t;
                    }
                }
            }
        }
        let fed = match kind {
            Kind::Dir => Fed::Dir,
            Kind::Hardlink => Fed::Hardlink,
            Kind::Symlink => Fed::Symlink,
            _ => Fed::Other,
        };
        let target = if kind == Kind::Hardlink {
            link.as_deref()
        } else {
            None
        };
        self.rules.feed(&path, fed, target)?;
        if let Some((budget, what)) = &self.budget {
            self.held +=
                PER_ENTRY + path.len() as u64 + link.as_ref().map_or(0, |l| l.len() as u64);
            if !budget.fits(self.held) {
                return Err(budget.over(format!("the file list of {what}"), None).into());
            }
        }
        let i = self.index.entries.len();
        self.index.entries.push(Entry {
            path: path.clone(),
            kind,
            mode,
            uid,
            gid,
            size,
            mtime,
            link,
            device,
            offset,
        });
        if is_marker(&path) {
            // A marker's directory exists in the layer, as extracting it would create it.
            match marker(&path) {
                Some(Marker::Whiteout(p)) => {
                    self.imply_parents(&p);
                    self.index.whiteouts.insert(p);
                }
                Some(Marker::Opaque(d)) => {
                    self.imply_parents(&path);
                    self.index.opaques.insert(d);
                }
                None => {}
            }
            return Ok(());
        }
        self.place(path, i);

        Ok(())
    }

    /// Puts entry `i` at `path` in the layer's tree, as extracting the tar in order would:
    /// a later entry replaces an earlier one of the same name, a non-directory drops what
    /// was below its name, and a deeper entry turns a non-directory parent into a directory.
    fn place(&mut self, path: String, i: usize) {
        let is_dir = self.index.entries.get(i).is_some_and(|e| e.kind.is_dir());
        self.imply_parents(&path);
        let before = self.tree.insert(path.clone(), Slot::Entry(i));
        if before.is_some() && !is_dir {
            remove_below(&mut self.tree, &path);
        }
    }

    /// Makes every ancestor of `path` a directory of this layer, stopping at the first one
    /// that already is (those above it are too).
    fn imply_parents(&mut self, path: &str) {
        let mut p = parent(path);
        while !p.is_empty() {
            let present_dir = match self.tree.get(p) {
                Some(Slot::Implicit) => Some(true),
                Some(Slot::Entry(i)) => {
                    Some(self.index.entries.get(*i).is_some_and(|e| e.kind.is_dir()))
                }
                None => None,
            };
            match present_dir {
                Some(true) => return,
                Some(false) => {
                    // A non-directory has nothing below it, and its ancestors are directories.
                    self.tree.insert(p.to_string(), Slot::Implicit);
                    return;
                }
                None => {
                    self.tree.insert(p.to_string(), Slot::Implicit);
                }
            }
            p = parent(p);
        }
    }

    /// The index, once every entry was added; checks what follows the last member when
    /// the tar's bytes were kept (a stream has no way back to them).
    pub fn finish(self) -> Result<LayerIndex> {
        let mut index = self.index;
        index.tree = Tree::compact(self.tree)?;
        let after = self.members_end.min(index.tar.len());
        let tail = index
            .tar
            .read(after..index.tar.len().min(after.saturating_add(1024)))
            .map_err(|e| Error::Tar(e.to_string()))?;
        crate::tarball::header::check_end(&tail).map_err(|m| Error::Tar(m.to_string()))?;
        Ok(index)
    }
}

pub(crate) fn tar_error(e: &std::io::Error) -> Error {
    Error::Tar(crate::tarball::header::message(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tar with raw names and link names (so that hostile ones can be written too).
    fn tar_of(entries: &[(&str, u8, &[u8], &str)]) -> Bytes {
        let mut b = tar::Builder::new(Vec::new());
        for (name, kind, data, link) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::new(*kind));
            h.set_size(data.len() as u64);
            h.set_mode(0o100644);
            let old = h.as_old_mut();
            old.name.fill(0);
            old.name[..name.len()].copy_from_slice(name.as_bytes());
            old.linkname.fill(0);
            old.linkname[..link.len()].copy_from_slice(link.as_bytes());
            h.set_cksum();
            b.append(&h, *data).unwrap();
        }
        Bytes::from(b.into_inner().unwrap())
    }

    #[test]
    fn indexes_entries_markers_and_tree() {
        let t = tar_of(&[
            ("./a/b/file", b'0', b"hello", ""),
            ("a/.wh.gone", b'0', b"", ""),
            ("a/.wh..wh..opq", b'0', b"", ""),
            ("/c", b'2', b"", "/a/b/file"),
            ("d", b'1', b"", "/a/b/file"),
            ("a/b/file", b'0', b"again", ""),
        ]);
        let l = LayerIndex::parse(t).unwrap();
        assert_eq!(l.entries().len(), 6);
        let f = l.get("a/b/file").unwrap();
        assert_eq!(&l.data(f).unwrap()[..], b"again");
        assert_eq!(f.mode, 0o644);
        assert_eq!(l.get("c").unwrap().link.as_deref(), Some("/a/b/file"));
        assert_eq!(l.get("d").unwrap().link.as_deref(), Some("a/b/file"));
        assert!(l.contains("a") && l.get("a").is_none());
        assert_eq!(l.whiteouts().collect::<Vec<_>>(), ["a/gone"]);
        assert_eq!(l.opaque_dirs().collect::<Vec<_>>(), ["a"]);
        let paths: Vec<&str> = l.tree().map(|(p, _)| p).collect();
        assert_eq!(paths, ["a", "a/b", "a/b/file", "c", "d"]);
    }

    #[test]
    fn later_entries_replace_earlier_ones() {
        let t = tar_of(&[
            ("x/y", b'0', b"1", ""),
            ("x", b'0', b"file", ""),
            ("f", b'0', b"f", ""),
            ("f/g", b'0', b"g", ""),
        ]);
        let l = LayerIndex::parse(t).unwrap();
        let paths: Vec<(&str, bool)> = l.tree().map(|(p, e)| (p, e.is_some())).collect();
        assert_eq!(paths, [("f", false), ("f/g", true), ("x", true)]);
    }

    #[test]
    fn keeps_names_inside_and_ignores_empty_whiteouts() {
        // moby extracts under a chroot: `..` stops at the root.
        let l = LayerIndex::parse(tar_of(&[("../x", b'0', b"", "")])).unwrap();
        let paths: Vec<&str> = l.tree().map(|(p, _)| p).collect();
        assert_eq!(paths, ["x"]);
        // A hardlink may not name one of the layer's directories.
        let e = LayerIndex::parse(tar_of(&[("d", b'5', b"", ""), ("h", b'1', b"", "../../d")]))
            .unwrap_err();
        assert_eq!(e.to_string(), "link /d /h: operation not permitted");
        let l =
            LayerIndex::parse(tar_of(&[("a/.wh.", b'0', b"", ""), ("./", b'5', b"", "")])).unwrap();
        assert_eq!(l.len(), 0);
        assert_eq!(l.whiteouts().count(), 0);
        assert_eq!(marker("x/.wh..wh..opq"), Some(Marker::Opaque("x".into())));
        assert_eq!(marker(".wh.y"), Some(Marker::Whiteout("y".into())));
        assert_eq!(
            marker("x/.wh..wh.plnk"),
            Some(Marker::Whiteout("x/.wh.plnk".into()))
        );
        assert_eq!(marker("x/y"), None);
    }
}
