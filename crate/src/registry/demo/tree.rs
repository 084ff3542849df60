//! A layer's file tree, written as a tar the way image builders write layers: sorted
//! entries, parents before children, owner 0:0, one fixed modification time. The same
//! tree always gives the same bytes, and so the same diffID.
//!
//! Hard links are written as tar writes them: the first name of a group (in sorted order)
//! carries the data, and every later name is a link entry naming that first one.

use std::collections::BTreeMap;

#[derive(Clone, Debug)]
enum Node {
    Dir(u32),
    File(u32, Vec<u8>),
    Symlink(String),
    /// Another name for the file at this path.
    Hardlink(String),
}

/// The entries of one layer, by path without a leading `/`.
#[derive(Clone, Debug, Default)]
pub(super) struct Tree {
    entries: BTreeMap<String, Node>,
}

impl Tree {
    pub(super) fn new() -> Tree {
        Tree::default()
    }

    /// A directory (mode 0755 unless given otherwise with [`Tree::dir_mode`]).
    pub(super) fn dir(&mut self, path: &str) -> &mut Tree {
        self.dir_mode(path, 0o755)
    }

    pub(super) fn dir_mode(&mut self, path: &str, mode: u32) -> &mut Tree {
        self.entries.insert(path.to_string(), Node::Dir(mode));
        self
    }

    /// Several directories with mode 0755.
    pub(super) fn dirs(&mut self, paths: &[&str]) -> &mut Tree {
        for p in paths {
            self.dir(p);
        }
        self
    }

    /// A regular file with mode 0644.
    pub(super) fn file(&mut self, path: &str, text: &str) -> &mut Tree {
        self.entries.insert(
            path.to_string(),
            Node::File(0o644, text.as_bytes().to_vec()),
        );
        self
    }

    /// A program (mode 0755).
    pub(super) fn exec(&mut self, path: &str, text: &str) -> &mut Tree {
        self.entries.insert(
            path.to_string(),
            Node::File(0o755, text.as_bytes().to_vec()),
        );
        self
    }

    pub(super) fn symlink(&mut self, path: &str, target: &str) -> &mut Tree {
        self.entries
            .insert(path.to_string(), Node::Symlink(target.to_string()));
        self
    }

    /// Hard links `dir/name` to the file at `target` for every name.
    pub(super) fn hardlinks(&mut self, dir: &str, names: &[&str], target: &str) -> &mut Tree {
        for n in names {
            let path = format!("{dir}/{n}");
            if path != target {
                self.entries
                    .insert(path, Node::Hardlink(target.to_string()));
            }
        }
        self
    }

    /// Symlinks `dir/name -> target` for every name.
    pub(super) fn symlinks(&mut self, dir: &str, names: &[&str], target: &str) -> &mut Tree {
        for n in names {
            self.symlink(&format!("{dir}/{n}"), target);
        }
        self
    }

    /// The layer tar, every entry stamped `mtime` (seconds since the epoch).
    pub(super) fn to_tar(&self, mtime: u64) -> Vec<u8> {
        let mut entries = self.entries.clone();
        // Every parent directory gets an entry of its own, as builders write them.
        for path in self.entries.keys() {
            let mut parent = path.as_str();
            while let Some((p, _)) = parent.rsplit_once('/') {
                entries.entry(p.to_string()).or_insert(Node::Dir(0o755));
                parent = p;
            }
        }
        // Of each group of hard links, the first name written carries the data.
        let mut first: BTreeMap<&str, &str> = BTreeMap::new();
        for (path, node) in &entries {
            if let Node::Hardlink(target) = node {
                let target = target.as_str();
                let path = path.as_str();
                first
                    .entry(target)
                    .and_modify(|f| *f = (*f).min(path))
                    .or_insert_with(|| path.min(target));
            }
        }
        let mut b = tar::Builder::new(Vec::new());
        for (path, node) in &entries {
            // A name of a group: the data goes with its first name, the others link to it.
            let group = match node {
                Node::Hardlink(t) => Some(t.as_str()),
                Node::File(..) => first.contains_key(path.as_str()).then_some(path.as_str()),
                _ => None,
            };
            let (node, link_to) = match group.and_then(|t| first.get(t).map(|f| (t, *f))) {
                Some((t, f)) if f == path => (entries.get(t).unwrap_or(node), None),
                Some((_, f)) => (node, Some(f)),
                None => (node, None),
            };
            let mut h = tar::Header::new_ustar();
            h.set_uid(0);
            h.set_gid(0);
            h.set_mtime(mtime);
            let (name, data): (String, &[u8]) = match (node, link_to) {
                (_, Some(target)) => {
                    h.set_entry_type(tar::EntryType::Link);
                    h.set_mode(0o755);
                    h.set_size(0);
                    let _ = h.set_link_name(target);
                    (path.clone(), &[])
                }
                (Node::Dir(mode), None) => {
                    h.set_entry_type(tar::EntryType::Directory);
                    h.set_mode(*mode);
                    h.set_size(0);
                    (format!("{path}/"), &[])
                }
                (Node::File(mode, data), None) => {
                    h.set_entry_type(tar::EntryType::Regular);
                    h.set_mode(*mode);
                    h.set_size(data.len() as u64);
                    (path.clone(), data)
                }
                (Node::Symlink(target), None) => {
                    h.set_entry_type(tar::EntryType::Symlink);
                    h.set_mode(0o777);
                    h.set_size(0);
                    let _ = h.set_link_name(target);
                    (path.clone(), &[])
                }
                // A link whose target is missing: written as a link, as given.
                (Node::Hardlink(target), None) => {
                    h.set_entry_type(tar::EntryType::Link);
                    h.set_mode(0o755);
                    h.set_size(0);
                    let _ = h.set_link_name(target);
                    (path.clone(), &[])
                }
            };
            // Demo paths are short, relative and free of `..`: these cannot fail.
            let _ = h.set_path(&name);
            h.set_cksum();
            let _ = b.append(&h, data);
        }
        b.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_first_and_deterministic() {
        let mut t = Tree::new();
        t.file("etc/nginx/nginx.conf", "x")
            .symlink("bin", "usr/bin")
            .dir_mode("tmp", 0o1777);
        let a = t.to_tar(1_700_000_000);
        assert_eq!(a, t.to_tar(1_700_000_000));
        let mut ar = tar::Archive::new(&a[..]);
        let names: Vec<String> = ar
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            ["bin", "etc/", "etc/nginx/", "etc/nginx/nginx.conf", "tmp/"]
        );
    }

    #[test]
    fn hard_links_carry_data_once_under_the_first_name() {
        let mut t = Tree::new();
        t.exec("bin/busybox", "x")
            .hardlinks("bin", &["[", "busybox", "ls"], "bin/busybox");
        let a = t.to_tar(0);
        let mut ar = tar::Archive::new(&a[..]);
        let got: Vec<(String, tar::EntryType, u64, Option<String>)> = ar
            .entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let link = e.link_name().unwrap().map(|l| l.display().to_string());
                (
                    e.path().unwrap().display().to_string(),
                    e.header().entry_type(),
                    e.size(),
                    link,
                )
            })
            .collect();
        let link = |p: &str| (p.to_string(), tar::EntryType::Link, 0, Some("bin/[".into()));
        assert_eq!(
            got,
            [
                ("bin/".to_string(), tar::EntryType::Directory, 0, None),
                ("bin/[".to_string(), tar::EntryType::Regular, 1, None),
                link("bin/busybox"),
                link("bin/ls"),
            ]
        );
    }
}
