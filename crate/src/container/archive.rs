//! The tars a container makes: the layer `docker commit` adds (its writable layer as
//! overlay2's `Diff` writes it: every entry of the layer in walk order, whiteouts as
//! `.wh.NAME`, an opaque directory followed by its `.wh..wh..opq`), and the flat rootfs
//! `docker export` writes (the merged view without the runtime mounts, whiteouts
//! resolved, the init layer's entries included, the root itself left out).
//!
//! Both are deterministic: entries in walk order (depth first, names sorted bytewise),
//! names relative with a `/` after directories, modes, owners and mtimes from the
//! entries, no user or group names (moby's `FileInfoHeaderNoLookups`). A file with
//! several names is written once and then as hardlinks to its first name. Names that do
//! not fit USTAR (or are not ASCII) get a PAX header, as Go's tar writer does.

use super::layer::{Meta, Upper};
use super::rootfs::{InodeKey, Rootfs};
use crate::budget::{Budget, OverBudget};
use crate::content::{Blob, BlobError};
use crate::fs::layer::{OPAQUE_MARKER, WHITEOUT_PREFIX};
use crate::fs::Kind;
use std::collections::HashMap;

/// Builds an uncompressed tar as pieces: headers in small buffers, file bytes as views.
#[derive(Default)]
pub(crate) struct TarWriter {
    parts: Vec<Blob>,
    buf: Vec<u8>,
}

/// One entry to write.
pub(crate) struct TarEntry<'a> {
    pub name: &'a str,
    pub kind: Kind,
    pub meta: Meta,
    /// Symlink target, or the name a hardlink points at.
    pub link: Option<&'a str>,
    pub device: Option<(u32, u32)>,
    /// The bytes: passed on as they are (a slice of a layer is not read).
    pub data: Blob,
}

impl TarWriter {
    pub fn new() -> TarWriter {
        TarWriter::default()
    }

    pub fn append(&mut self, e: &TarEntry) {
        let mut pax: Vec<(&str, &str)> = Vec::new();
        let mut h = tar::Header::new_ustar();
        if !set_name(&mut h, e.name) {
            pax.push(("path", e.name));
        }
        if let Some(link) = e.link {
            if link.len() > 100 || !link.is_ascii() || h.set_link_name_literal(link).is_err() {
                pax.push(("linkpath", link));
                let _ = h.set_link_name_literal(truncate(link, 100));
            }
        }
        h.set_entry_type(tar::EntryType::new(e.kind.typeflag()));
        h.set_mode(e.meta.mode & 0o7777);
        h.set_uid(e.meta.uid);
        h.set_gid(e.meta.gid);
        h.set_mtime(e.meta.mtime);
        h.set_size(e.data.len() as u64);
        if let Some((major, minor)) = e.device {
            let _ = h.set_device_major(major);
            let _ = h.set_device_minor(minor);
        }
        if !pax.is_empty() {
            pax.sort();
            self.pax_header(e.name, e.meta.mtime, &pax);
        }
        h.set_cksum();
        self.buf.extend_from_slice(h.as_bytes());
        self.data(e.data.clone());
    }

    fn pax_header(&mut self, name: &str, mtime: u64, records: &[(&str, &str)]) {
        let mut body = Vec::new();
        for (k, v) in records {
            let rest = format!(" {k}={v}\n");
            let mut len = rest.len() + 1;
            while format!("{len}").len() + rest.len() != len {
                len += 1;
            }
            body.extend_from_slice(format!("{len}{rest}").as_bytes());
        }
        let (dir, base) = match name.trim_end_matches('/').rsplit_once('/') {
            Some((d, b)) => (format!("{d}/"), b),
            None => (String::new(), name.trim_end_matches('/')),
        };
        let pax_name = format!("{dir}PaxHeaders.0/{base}");
        let mut h = tar::Header::new_ustar();
        let _ = set_name(&mut h, truncate(&pax_name, 100));
        h.set_entry_type(tar::EntryType::XHeader);
        h.set_mode(0o644);
        h.set_mtime(mtime);
        h.set_size(body.len() as u64);
        h.set_cksum();
        self.buf.extend_from_slice(h.as_bytes());
        self.data(Blob::from(body));
    }

    /// Entry data and its padding to 512 bytes: small bytes in memory are copied into
    /// the current piece, anything else is a piece of its own.
    fn data(&mut self, data: Blob) {
        let pad = (512 - data.len() % 512) % 512;
        match data.as_memory() {
            Some(b) if b.len() < 4096 => self.buf.extend_from_slice(b),
            _ => {
                self.flush();
                self.parts.push(data);
            }
        }
        self.buf.extend(std::iter::repeat_n(0u8, pad as usize));
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.parts.push(Blob::from(std::mem::take(&mut self.buf)));
        }
    }

    /// The archive: the entries, then two zero blocks.
    pub fn finish(mut self) -> Vec<Blob> {
        self.buf.extend(std::iter::repeat_n(0u8, 1024));
        self.flush();
        self.parts
    }
}

/// The first `n` bytes of `s`, cut at a character boundary.
fn truncate(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// Writes `name` into the USTAR name (and prefix) fields; false when it does not fit.
fn set_name(h: &mut tar::Header, name: &str) -> bool {
    let bytes = name.as_bytes();
    let Some(ustar) = h.as_ustar_mut() else {
        return false;
    };
    let fits = name.is_ascii() && !bytes.contains(&0);
    if fits && bytes.len() <= 100 {
        ustar.name.fill(0);
        ustar.name[..bytes.len()].copy_from_slice(bytes);
        return true;
    }
    if fits {
        // Split at a `/` so that the prefix holds at most 155 bytes and the name 100.
        let body = name.trim_end_matches('/');
        let trailing = name.len() - body.len();
        for (i, _) in body.match_indices('/') {
            let (prefix, rest) = (&bytes[..i], &bytes[i + 1..]);
            if prefix.len() <= 155 && rest.len() <= 100 && rest.len() > trailing {
                ustar.prefix.fill(0);
                ustar.prefix[..prefix.len()].copy_from_slice(prefix);
                ustar.name.fill(0);
                ustar.name[..rest.len()].copy_from_slice(rest);
                return true;
            }
        }
    }
    let cut = truncate(name, 100).as_bytes();
    ustar.name.fill(0);
    ustar.name[..cut.len()].copy_from_slice(cut);
    false
}

/// Joins pieces into one buffer, reading those that are not in memory.
pub fn concat_parts(parts: &[Blob]) -> Result<Vec<u8>, BlobError> {
    let total = parts.iter().map(Blob::len).fold(0u64, u64::saturating_add);
    let mut v = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    for p in parts {
        match p.as_memory() {
            Some(b) => v.extend_from_slice(b),
            None => v.extend_from_slice(&p.to_bytes()?),
        }
    }
    Ok(v)
}

impl Rootfs {
    /// The layer `docker commit` makes: exactly the container layer, as an uncompressed
    /// OCI changeset tar. Applied over the image (`LayerIndex` + `Union::push`) it gives
    /// the container's view of the layers (without the init layer and the runtime mounts,
    /// which Docker never commits).
    /// It is joined into one buffer, so it must fit the memory budget.
    pub fn commit_layer(&self, memory: Budget) -> Result<Vec<u8>, OverBudget> {
        let mut w = TarWriter::new();
        let mut first: HashMap<u64, String> = HashMap::new();
        for (path, entry) in self.upper_walk() {
            match entry {
                Upper::Whiteout { mtime } => {
                    let (dir, base) = (crate::fs::parent(path), crate::fs::base(path));
                    let name = if dir.is_empty() {
                        format!("{WHITEOUT_PREFIX}{base}")
                    } else {
                        format!("{dir}/{WHITEOUT_PREFIX}{base}")
                    };
                    w.append(&TarEntry {
                        name: &name,
                        kind: Kind::File,
                        meta: Meta {
                            mode: 0o600,
                            uid: 0,
                            gid: 0,
                            mtime: *mtime,
                        },
                        link: None,
                        device: None,
                        data: Blob::default(),
                    });
                }
                Upper::Dir { meta, opaque } => {
                    w.append(&dir_entry(&format!("{path}/"), *meta));
                    if *opaque {
                        w.append(&TarEntry {
                            name: &format!("{path}/{OPAQUE_MARKER}"),
                            kind: Kind::File,
                            meta: Meta {
                                mode: meta.mode & 0o777,
                                mtime: 0,
                                ..*meta
                            },
                            link: None,
                            device: None,
                            data: Blob::default(),
                        });
                    }
                }
                Upper::File(ino) => {
                    let Some(inode) = self.upper().inode(*ino) else {
                        continue;
                    };
                    match first.get(ino) {
                        Some(target) => w.append(&TarEntry {
                            name: path,
                            kind: Kind::Hardlink,
                            meta: inode.meta,
                            link: Some(target),
                            device: None,
                            data: Blob::default(),
                        }),
                        None => {
                            first.insert(*ino, path.to_string());
                            w.append(&TarEntry {
                                name: path,
                                kind: Kind::File,
                                meta: inode.meta,
                                link: None,
                                device: None,
                                data: inode.data.clone().into(),
                            });
                        }
                    }
                }
                Upper::Symlink { meta, target } => w.append(&TarEntry {
                    name: path,
                    kind: Kind::Symlink,
                    meta: *meta,
                    link: Some(target),
                    device: None,
                    data: Blob::default(),
                }),
                Upper::Special { kind, meta, device } => w.append(&TarEntry {
                    name: path,
                    kind: *kind,
                    meta: *meta,
                    link: None,
                    device: *device,
                    data: Blob::default(),
                }),
            }
        }
        let parts = w.finish();
        memory.check("the new layer", parts.iter().map(|p| p.len()).sum())?;
        // The container layer is in memory: joining it reads nothing.
        Ok(concat_parts(&parts).unwrap_or_default())
    }

    /// What `docker export` writes, as pieces (file bytes are views into the layers, not
    /// copies): the merged rootfs without the runtime mounts, the root left out.
    pub fn export_tar(&self) -> Vec<Blob> {
        let mut w = TarWriter::new();
        let mut first: HashMap<InodeKey, String> = HashMap::new();
        for (path, item) in self.walk("", false) {
            if path.is_empty() {
                continue;
            }
            let s = &item.stat;
            let meta = s.meta();
            match s.kind {
                Kind::Dir => w.append(&dir_entry(&format!("{path}/"), meta)),
                Kind::File | Kind::Hardlink => {
                    let key = item.key;
                    let linked = key != InodeKey::None && key != InodeKey::Mount;
                    match first.get(&key).filter(|_| linked) {
                        Some(target) => w.append(&TarEntry {
                            name: &path,
                            kind: Kind::Hardlink,
                            meta,
                            link: Some(target),
                            device: None,
                            data: Blob::default(),
                        }),
                        None => {
                            if linked {
                                first.insert(key, path.clone());
                            }
                            w.append(&TarEntry {
                                name: &path,
                                kind: Kind::File,
                                meta,
                                link: None,
                                device: None,
                                data: item.data.clone().unwrap_or_default(),
                            });
                        }
                    }
                }
                Kind::Symlink => w.append(&TarEntry {
                    name: &path,
                    kind: Kind::Symlink,
                    meta,
                    link: s.link.as_deref(),
                    device: None,
                    data: Blob::default(),
                }),
                Kind::Char | Kind::Block | Kind::Fifo => w.append(&TarEntry {
                    name: &path,
                    kind: s.kind,
                    meta,
                    link: None,
                    device: s.device,
                    data: Blob::default(),
                }),
            }
        }
        w.finish()
    }
}

fn dir_entry(name: &str, meta: Meta) -> TarEntry<'_> {
    TarEntry {
        name,
        kind: Kind::Dir,
        meta,
        link: None,
        device: None,
        data: Blob::default(),
    }
}
