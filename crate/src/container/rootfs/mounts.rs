//! Volumes and bind mounts in a container's filesystem: a [`SharedTree`] (or a host file)
//! mounted at a path, which reads and writes reach instead of the container's layers, so
//! that `docker diff`, `commit` and `export` never see what is written there. They stay
//! mounted while the container is stopped (layerlab's shortcut: Docker mounts them at each
//! start), so that `docker cp` and a restarted container see the same data.

use super::*;

/// A volume or bind mount of a container, as the views show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountInfo {
    /// The mount point, absolute (`/data`).
    pub path: String,
    /// [`Provider::Volume`] or [`Provider::Bind`].
    pub provider: Provider,
    pub readonly: bool,
}

/// The real path (relative, cleaned) of a mount point; `None` for the root.
fn mount_point(target: &str) -> Option<String> {
    let real = components(target)
        .filter(|c| *c != "..")
        .collect::<Vec<_>>()
        .join("/");
    (!real.is_empty()).then_some(real)
}

impl Rootfs {
    /// Mounts `tree` (a volume's data, or a bind mount's) at `target`. The mount point is
    /// made in the container layer when no layer has it (runc makes it before it mounts,
    /// so `docker diff` shows `A /data`). `provider` is [`Provider::Volume`] or
    /// [`Provider::Bind`]. Returns false for the root, which cannot be a mount point here.
    pub fn mount_tree(
        &mut self,
        target: &str,
        tree: SharedTree,
        provider: Provider,
        readonly: bool,
        now: u64,
    ) -> bool {
        let Some(real) = mount_point(target) else {
            return false;
        };
        self.make_mount_point(&real, true, now);
        self.mounts.insert(
            real,
            Mount::Tmpfs {
                tree,
                provider,
                readonly,
            },
        );
        true
    }

    /// Bind-mounts a host file's bytes at `target` (the mount point is made as an empty
    /// file when missing).
    pub fn mount_file(&mut self, target: &str, data: Bytes, readonly: bool, now: u64) -> bool {
        let Some(real) = mount_point(target) else {
            return false;
        };
        self.make_mount_point(&real, false, now);
        self.mounts.insert(
            real,
            Mount::File {
                inode: Inode {
                    data,
                    meta: Meta {
                        mode: 0o644,
                        uid: 0,
                        gid: 0,
                        mtime: now,
                    },
                },
                provider: Provider::Bind,
                readonly,
            },
        );
        true
    }

    /// Makes `real` (a directory, or an empty file) in the container layer, with its
    /// parents, when the layers below the mounts have nothing there.
    fn make_mount_point(&mut self, real: &str, dir: bool, now: u64) {
        if self.find_layers(real, true).is_some() {
            return;
        }
        let mut missing = Vec::new();
        let mut p = real;
        while !p.is_empty() && self.find_layers(p, true).is_none() {
            missing.push(p.to_string());
            p = crate::fs::parent(p);
        }
        if !p.is_empty() && self.find_layers(p, true).is_some_and(|i| !i.stat.is_dir()) {
            return; // a file is in the way: nothing is made
        }
        for (k, a) in missing.iter().rev().enumerate() {
            let last = k + 1 == missing.len();
            self.copy_up_parents(a);
            let meta = self.new_meta(if dir || !last { 0o755 } else { 0o644 }, now);
            let entry = if dir || !last {
                Upper::Dir {
                    meta,
                    opaque: matches!(self.upper.get(a), Some(Upper::Whiteout { .. })),
                }
            } else {
                Upper::File(self.upper.add_inode(Bytes::new(), meta))
            };
            self.upper.insert(a, entry);
        }
    }

    /// What the layers (image, init and container layer, no mounts) have at and below
    /// `target`, copied into `tree` when the tree is empty: what Docker does the first
    /// time an empty volume is mounted over a directory of the image (`nocopy` aside).
    /// The tree's root takes the directory's metadata. Returns true when it copied.
    pub fn populate(&self, target: &str, tree: &SharedTree) -> bool {
        let Some(real) = mount_point(target) else {
            return false;
        };
        let Some(top) = self.find_layers(&real, true) else {
            return false;
        };
        if !top.stat.is_dir() {
            return false;
        }
        let below = self.walk_layers(&real);
        let mut t = tree.lock();
        if !t.layer.is_empty() {
            return false;
        }
        t.root = top.stat.meta();
        for (p, item) in below {
            let Some(rel) = p.strip_prefix(&real).and_then(|r| r.strip_prefix('/')) else {
                continue;
            };
            let meta = item.stat.meta();
            let entry = match item.stat.kind {
                Kind::Dir => Upper::Dir {
                    meta,
                    opaque: false,
                },
                Kind::Symlink => Upper::Symlink {
                    meta,
                    target: item.stat.link.clone().unwrap_or_default(),
                },
                Kind::Char | Kind::Block | Kind::Fifo => Upper::Special {
                    kind: item.stat.kind,
                    meta,
                    device: item.stat.device,
                },
                Kind::File | Kind::Hardlink => {
                    // A file too large to hold stays out of the volume (it is still in
                    // the image below); one that cannot be read is left empty.
                    let data = match &item.data {
                        Some(b) => match self.hold(&p, b) {
                            Ok(d) => d,
                            Err(e) if e.errno == Errno::NoMemory => continue,
                            Err(_) => Bytes::new(),
                        },
                        None => Bytes::new(),
                    };
                    Upper::File(t.layer.add_inode(data, meta))
                }
            };
            t.layer.insert(rel, entry);
        }
        true
    }

    /// Every path at and below the real path `real` in the layers, mounts left out.
    fn walk_layers(&self, real: &str) -> Vec<(String, Item)> {
        let mut out = Vec::new();
        let mut stack = vec![real.to_string()];
        while let Some(p) = stack.pop() {
            let Some(item) = self.find_layers(&p, true) else {
                continue;
            };
            let is_dir = item.stat.is_dir();
            out.push((p.clone(), item));
            if is_dir {
                for name in self.child_names(&p, false).into_iter().rev() {
                    stack.push(join(&p, &name));
                }
            }
        }
        out
    }

    /// The volumes and bind mounts, by mount point.
    pub fn volume_mounts(&self) -> Vec<MountInfo> {
        self.mounts
            .iter()
            .filter_map(|(mp, m)| match m {
                Mount::File {
                    provider, readonly, ..
                }
                | Mount::Tmpfs {
                    provider, readonly, ..
                } if matches!(provider, Provider::Volume | Provider::Bind) => Some(MountInfo {
                    path: format!("/{mp}"),
                    provider: *provider,
                    readonly: *readonly,
                }),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_under_a_volume_bypass_the_container_layer() {
        let image = Arc::new(Union::default());
        let mut a = Rootfs::bare(image.clone());
        let mut b = Rootfs::bare(image);
        let vol = SharedTree::new(Meta::default());
        assert!(a.mount_tree("/data", vol.clone(), Provider::Volume, false, 1));
        assert!(b.mount_tree("/srv", vol.clone(), Provider::Volume, true, 1));
        a.write_file("/data/f", Bytes::from_static(b"one"), 2)
            .unwrap();
        assert!(a.upper().get("data/f").is_none());
        assert_eq!(a.provider("/data/f"), Provider::Volume);
        assert_eq!(b.read_file("/srv/f").unwrap(), Bytes::from_static(b"one"));
        let e = b.write_file("/srv/g", Bytes::new(), 3).unwrap_err();
        assert_eq!(e.errno, Errno::ReadOnly);
        assert_eq!(vol.lock().layer.len(), 1);
        a.stop();
        assert_eq!(a.volume_mounts().len(), 1);
    }
}
