//! `volumes/`: where Docker keeps named volumes (`volumes/<name>/_data/` with the
//! volume's files, and `volumes/metadata.db`, the volume store's boltdb, which layerlab
//! leaves out).
//!
//! The hook for volumes: a [`Volumes`] gives the entries of `volumes/` and of every
//! directory below it. The session has no volumes yet ([`NoVolumes`]: `volumes/` is
//! empty); when it has, implement [`Volumes`] over them (`entries(&[])` lists one
//! directory per volume, `entries(&["NAME"])` gives `_data`, `entries(&["NAME", "_data",
//! ...])` the volume's files) and hand it to [`super::DataRoot::new`].

use bytes::Bytes;

/// An entry of a directory below `volumes/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A directory with these permission bits.
    Dir(u32),
    /// A file's bytes and permission bits.
    File(Bytes, u32),
}

/// The volumes' side of the data root.
pub trait Volumes {
    /// The entries of `volumes/<path...>` (`path` empty: `volumes/` itself), by name;
    /// empty for a directory that has none or does not exist.
    fn entries(&self, path: &[&str]) -> Vec<(String, Entry)>;
}

/// A session without volumes.
pub struct NoVolumes;

impl Volumes for NoVolumes {
    fn entries(&self, _path: &[&str]) -> Vec<(String, Entry)> {
        Vec::new()
    }
}

/// The session's volumes (`docker volume`), each as `volumes/<name>/_data/` with its files.
pub struct SessionVolumes<'a>(pub &'a crate::volumes::Volumes);

impl Volumes for SessionVolumes<'_> {
    fn entries(&self, path: &[&str]) -> Vec<(String, Entry)> {
        use crate::container::layer::Upper;
        match path {
            // moby's local driver makes a volume's directory 0701 and `_data` 0755
            // (volume/local/local.go).
            [] => self
                .0
                .iter()
                .map(|v| (v.name.clone(), Entry::Dir(0o701)))
                .collect(),
            [name] => match self.0.get(name) {
                Some(_) => vec![("_data".to_string(), Entry::Dir(0o755))],
                None => Vec::new(),
            },
            [name, "_data", rest @ ..] => {
                let Some(v) = self.0.get(name) else {
                    return Vec::new();
                };
                let dir = rest.join("/");
                let t = v.data.lock();
                t.layer
                    .iter()
                    .filter_map(|(p, e)| {
                        let (parent, base) = match p.rsplit_once('/') {
                            Some((a, b)) => (a, b),
                            None => ("", p),
                        };
                        if parent != dir || base.is_empty() {
                            return None;
                        }
                        let entry = match e {
                            Upper::File(ino) => {
                                let i = t.layer.inode(*ino)?;
                                Entry::File(i.data.clone(), i.meta.mode)
                            }
                            Upper::Dir { meta, .. } => Entry::Dir(meta.mode),
                            _ => return None,
                        };
                        Some((base.to_string(), entry))
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}
