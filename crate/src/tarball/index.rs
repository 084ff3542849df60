//! An index of an in-memory tar: each entry's name, type and the byte range of its data,
//! so that files inside an uploaded archive stay views into the uploaded buffer.

use super::rules::{Fed, Rules};
use crate::content::Blob;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, SeekFrom};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    Hardlink,
    Other,
}

#[derive(Clone, Debug)]
pub struct TarEntry {
    /// Cleaned name: no leading `./` or `/`, no trailing `/`.
    pub name: String,
    pub kind: EntryKind,
    pub offset: u64,
    pub size: u64,
    pub link: Option<String>,
}

#[derive(Default, Debug)]
pub struct TarIndex {
    entries: Vec<TarEntry>,
    by_name: HashMap<String, usize>,
}

const MAX_LINK_HOPS: usize = 40;

impl TarIndex {
    /// Walks the headers of `data`. Fails on malformed headers, truncated data and what moby's
    /// extraction refuses ([`super::rules`]).
    pub fn build(data: &[u8]) -> Result<TarIndex> {
        TarIndex::build_with(Cursor::new(data), data.len() as u64, None)
    }

    /// As [`TarIndex::build`], for a tar read by range (an archive that stays in the user's
    /// file): only its headers are read, data is skipped.
    pub fn build_blob(blob: &Blob) -> Result<TarIndex> {
        TarIndex::build_with(blob.reader(), blob.len(), None)
    }

    /// As [`TarIndex::build`], for a tar extracted into directory `dir` (`docker cp -`):
    /// moby's breakout checks apply ([`Rules::into_dir`]).
    pub fn build_into(data: &[u8], dir: &str) -> Result<TarIndex> {
        TarIndex::build_with(
            Cursor::new(data),
            data.len() as u64,
            Some(Rules::into_dir(dir)),
        )
    }

    fn build_with<R: Read + Seek>(data: R, len: u64, into: Option<Rules>) -> Result<TarIndex> {
        let mut index = TarIndex::default();
        let raw_rules = into.is_some();
        let mut rules = into.unwrap_or_default();
        let mut members_end = 0u64;
        let mut archive = tar::Archive::new(data);
        let entries = archive
            .entries_with_seek()
            .map_err(|e| Error::Tar(super::header::message(&e)))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::Tar(super::header::message(&e)))?;
            let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let name = clean_name(&raw_name);
            let header = entry.header();
            let kind = match header.entry_type() {
                tar::EntryType::Regular | tar::EntryType::Continuous => EntryKind::File,
                tar::EntryType::Directory => EntryKind::Dir,
                tar::EntryType::Symlink => EntryKind::Symlink,
                tar::EntryType::Link => EntryKind::Hardlink,
                // Old tars mark regular files with a NUL type and a trailing slash for dirs.
                t if t.as_byte() == 0 => {
                    if raw_name.ends_with('/') {
                        EntryKind::Dir
                    } else {
                        EntryKind::File
                    }
                }
                _ => EntryKind::Other,
            };
            let offset = entry.raw_file_position();
            let size = entry.size();
            members_end = super::header::member_end(offset, size);
            super::header::numbers(header, &raw_name).map_err(Error::Tar)?;
            let end = offset.checked_add(size);
            if end.is_none_or(|e| e > len) {
                return Err(Error::Tar(format!("{raw_name:?}: unexpected EOF")));
            }
            let link = match kind {
                EntryKind::Symlink | EntryKind::Hardlink => entry
                    .link_name_bytes()
                    .map(|l| String::from_utf8_lossy(&l).into_owned()),
                _ => None,
            };
            if name.is_empty() {
                continue;
            }
            let fed = match kind {
                EntryKind::Dir => Fed::Dir,
                EntryKind::Hardlink => Fed::Hardlink,
                EntryKind::Symlink => Fed::Symlink,
                _ => Fed::Other,
            };
            if raw_rules {
                rules.feed_raw(&raw_name, fed, link.as_deref())?;
            } else {
                let target = match kind {
                    EntryKind::Hardlink => link.as_deref().map(clean_name),
                    _ => None,
                };
                rules.feed(&name, fed, target.as_deref())?;
            }
            let i = index.entries.len();
            index.entries.push(TarEntry {
                name: name.clone(),
                kind,
                offset,
                size,
                link,
            });
            // A later entry of the same name replaces an earlier one, as extraction would.
            index.by_name.insert(name, i);
        }
        let mut data = archive.into_inner();
        let after = members_end.min(len);
        let mut tail = Vec::with_capacity(1024);
        data.seek(SeekFrom::Start(after))
            .and_then(|_| data.take(1024).read_to_end(&mut tail))
            .map_err(|e| Error::Tar(super::header::message(&e)))?;
        super::header::check_end(&tail).map_err(|m| Error::Tar(m.to_string()))?;
        Ok(index)
    }

    pub fn entries(&self) -> &[TarEntry] {
        &self.entries
    }

    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(&clean_name(name))
    }

    /// The regular file that `name` denotes, following symlinks (relative to their own
    /// directory, absolute ones relative to the archive root) and hardlinks.
    pub fn resolve(&self, name: &str) -> Result<&TarEntry> {
        let mut current = clean_name(name);
        for _ in 0..MAX_LINK_HOPS {
            let Some(&i) = self.by_name.get(&current) else {
                return Err(Error::MissingFile(name.to_string()));
            };
            let e = &self.entries[i];
            match (e.kind, &e.link) {
                (EntryKind::File, _) => return Ok(e),
                (EntryKind::Symlink, Some(target)) => {
                    current = if target.starts_with('/') {
                        clean_name(target)
                    } else {
                        let dir = current.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                        clean_name(&format!("{dir}/{target}"))
                    };
                }
                (EntryKind::Hardlink, Some(target)) => current = clean_name(target),
                _ => return Err(Error::MissingFile(name.to_string())),
            }
        }
        Err(Error::Tar(format!(
            "{name:?}: too many levels of symbolic links"
        )))
    }
}

pub use super::rules::clean_name;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a tar in memory from (name, content) pairs, and symlinks as ("name", "->target").
    pub fn make_tar(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            if let Some(target) = std::str::from_utf8(data)
                .ok()
                .and_then(|s| s.strip_prefix("->"))
            {
                h.set_entry_type(tar::EntryType::Symlink);
                h.set_size(0);
                h.set_mode(0o777);
                b.append_link(&mut h, name, target).unwrap();
            } else {
                h.set_size(data.len() as u64);
                h.set_mode(0o644);
                h.set_cksum();
                b.append_data(&mut h, name, *data).unwrap();
            }
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn indexes_and_resolves_links() {
        let t = make_tar(&[
            ("abc.tar", b"layer"),
            ("dir/layer.tar", b"->../abc.tar"),
            ("./manifest.json", b"[]"),
        ]);
        let idx = TarIndex::build(&t).unwrap();
        let e = idx.resolve("dir/layer.tar").unwrap();
        assert_eq!(
            &t[e.offset as usize..(e.offset + e.size) as usize],
            b"layer"
        );
        assert!(idx.contains("manifest.json"));
        assert!(matches!(idx.resolve("nope"), Err(Error::MissingFile(_))));
    }

    #[test]
    fn link_loops_end() {
        let t = make_tar(&[("a", b"->b"), ("b", b"->a")]);
        let idx = TarIndex::build(&t).unwrap();
        assert!(idx.resolve("a").is_err());
    }

    #[test]
    fn clamps_escapes_and_rejects_truncation() {
        assert_eq!(clean_name("../x"), "x");
        assert_eq!(clean_name("./a//b/"), "a/b");
        let t = make_tar(&[("a", &[1u8; 2000])]);
        assert!(TarIndex::build(&t[..1024]).is_err());
        let mut bad = t.clone();
        bad[10] ^= 0x55;
        assert!(TarIndex::build(&bad).is_err());
    }
}
