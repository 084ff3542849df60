//! The writes of a container's filesystem: files, directories, links, renames, removals
//! and metadata, each copying up from the image and leaving whiteouts as overlayfs does
//! (see the parent module).

use super::*;

impl Rootfs {
    /// Follows symlinks in the last component even when they dangle (as `open(O_CREAT)`
    /// does): the real path a write to `path` goes to, and what is there now.
    fn open_target(&self, path: &str) -> FsResult<(String, Option<Item>)> {
        let mut path = path.to_string();
        let asked = path.clone();
        for _ in 0..=MAX_SYMLINKS {
            let split = self
                .split(&path)
                .map_err(|e| FsError::new(e.errno, &asked))?;
            let Some(_) = &split.name else {
                return Err(FsError::new(Errno::IsADirectory, &asked));
            };
            let real = split.path();
            match self.find(&real) {
                Some(item) if item.stat.kind == Kind::Symlink => {
                    let target = item.stat.link.unwrap_or_default();
                    path = if target.starts_with('/') {
                        target
                    } else {
                        format!("/{}/{target}", split.parent)
                    };
                }
                found => return Ok((real, found)),
            }
        }
        Err(FsError::new(Errno::Loop, &asked))
    }

    /// Writes `data` to the file at `path`, creating it (mode 0644) or truncating it.
    pub fn write_file(&mut self, path: &str, data: Bytes, now: u64) -> FsResult<()> {
        self.put_bytes(path, data, false, now)
    }

    /// Appends `data` to the file at `path`, creating it (mode 0644) when missing.
    pub fn append_file(&mut self, path: &str, data: &[u8], now: u64) -> FsResult<()> {
        self.put_bytes(path, Bytes::copy_from_slice(data), true, now)
    }

    fn put_bytes(&mut self, path: &str, data: Bytes, append: bool, now: u64) -> FsResult<()> {
        let (real, found) = self.open_target(path)?;
        let Some(item) = found else {
            let meta = self.new_meta(0o644, now);
            return self
                .create(&real, now, |layer, _| {
                    Upper::File(layer.add_inode(data, meta))
                })
                .map_err(|e| FsError::new(e.errno, path));
        };
        match item.stat.kind {
            Kind::Dir => return Err(FsError::new(Errno::IsADirectory, path)),
            Kind::File | Kind::Hardlink => {}
            _ => return Ok(()), // devices and fifos swallow what they are given
        }
        let update = |inode: &mut Inode| {
            inode.data = if append {
                let mut v = Vec::with_capacity(inode.data.len() + data.len());
                v.extend_from_slice(&inode.data);
                v.extend_from_slice(&data);
                Bytes::from(v)
            } else {
                data.clone()
            };
            inode.meta.mtime = now;
        };
        match self.target(&real) {
            Target::Upper => {
                self.copy_up(&real)?;
                if let Some(Upper::File(ino)) = self.upper.get(&real).cloned() {
                    if let Some(inode) = self.upper.inode_mut(ino) {
                        update(inode);
                    }
                }
            }
            Target::Tmpfs(mp, inner) => {
                if let Some(mut t) = self.tmpfs_mut(&mp) {
                    if let Some(Upper::File(ino)) = t.layer.get(&inner).cloned() {
                        if let Some(inode) = t.layer.inode_mut(ino) {
                            update(inode);
                        }
                    }
                }
            }
            Target::BindFile(mp) => {
                if let Some(Mount::File { inode, .. }) = self.mounts.get_mut(&mp) {
                    update(inode);
                }
            }
            Target::ReadOnly => return Err(FsError::new(Errno::ReadOnly, path)),
        }
        Ok(())
    }

    /// Creates a directory.
    pub fn mkdir(&mut self, path: &str, mode: u32, now: u64) -> FsResult<()> {
        let split = self.split(path)?;
        if split.name.is_none() {
            return Err(FsError::new(Errno::Exists, path));
        }
        let real = split.path();
        if self.find(&real).is_some() {
            return Err(FsError::new(Errno::Exists, path));
        }
        let meta = self.new_meta(mode, now);
        self.create(&real, now, |_, over_whiteout| Upper::Dir {
            meta,
            opaque: over_whiteout,
        })
        .map_err(|e| FsError::new(e.errno, path))
    }

    /// Creates a directory and its missing parents (`mkdir -p`); an existing directory is
    /// fine.
    pub fn mkdir_all(&mut self, path: &str, mode: u32, now: u64) -> FsResult<()> {
        check_length(path)?;
        let mut real = String::new();
        let mut starts: Vec<usize> = Vec::new();
        let mut pending: Vec<&str> = components(path).rev().collect();
        while let Some(c) = pending.pop() {
            if c == ".." {
                if let Some(at) = starts.pop() {
                    real.truncate(at.saturating_sub(1));
                }
                continue;
            }
            let at = if real.is_empty() { 0 } else { real.len() + 1 };
            let candidate = join(&real, c);
            match self.find(&candidate) {
                Some(item) if item.stat.is_dir() => {}
                Some(item) if item.stat.kind == Kind::Symlink => {
                    // Through a symlink: let the general lookup find where it leads.
                    match self.resolve(&format!("/{candidate}"), Follow::Always) {
                        Ok((r, i)) if i.stat.is_dir() => {
                            starts.push(at);
                            real = r;
                            continue;
                        }
                        Ok(_) => return Err(FsError::new(Errno::Exists, path)),
                        Err(e) if e.errno == Errno::NotFound => {
                            self.mkdir(&format!("/{candidate}"), mode, now)?;
                            let (r, _) = self.resolve(&format!("/{candidate}"), Follow::Always)?;
                            starts.push(at);
                            real = r;
                            continue;
                        }
                        Err(e) => return Err(FsError::new(e.errno, path)),
                    }
                }
                Some(_) => {
                    let errno = if pending.is_empty() {
                        Errno::Exists
                    } else {
                        Errno::NotADirectory
                    };
                    return Err(FsError::new(errno, path));
                }
                None => {
                    let meta = self.new_meta(mode, now);
                    self.create(&candidate, now, |_, over_whiteout| Upper::Dir {
                        meta,
                        opaque: over_whiteout,
                    })
                    .map_err(|e| FsError::new(e.errno, path))?;
                }
            }
            starts.push(at);
            real = candidate;
        }
        Ok(())
    }

    /// Removes a non-directory (`unlink(2)`): a file, a symlink (not its target), a device.
    pub fn remove(&mut self, path: &str, now: u64) -> FsResult<()> {
        let split = self.split(path)?;
        if split.name.is_none() {
            return Err(FsError::new(Errno::IsADirectory, path));
        }
        let real = split.path();
        let Some(item) = self.find(&real) else {
            return Err(FsError::new(Errno::NotFound, path));
        };
        if item.stat.is_dir() {
            return Err(FsError::new(Errno::IsADirectory, path));
        }
        self.delete(&real, now)
            .map_err(|e| FsError::new(e.errno, path))
    }

    /// Removes an empty directory (`rmdir(2)`).
    pub fn remove_dir(&mut self, path: &str, now: u64) -> FsResult<()> {
        let split = self.split(path)?;
        let real = split.path();
        if split.name.is_none() {
            return Err(FsError::new(
                if real.is_empty() {
                    Errno::Busy
                } else {
                    Errno::Invalid
                },
                path,
            ));
        }
        let Some(item) = self.find(&real) else {
            return Err(FsError::new(Errno::NotFound, path));
        };
        if !item.stat.is_dir() {
            return Err(FsError::new(Errno::NotADirectory, path));
        }
        if self.mounts.contains_key(&real) {
            return Err(FsError::new(Errno::Busy, path));
        }
        if !self.read_dir(&format!("/{real}"))?.is_empty() {
            return Err(FsError::new(Errno::NotEmpty, path));
        }
        self.delete(&real, now)
            .map_err(|e| FsError::new(e.errno, path))
    }

    /// Removes `path` and everything below it (`rm -rf`); a symlink is removed, not
    /// followed. Mount points cannot go: every other path still does, and the first
    /// failure is returned.
    pub fn remove_all(&mut self, path: &str, now: u64) -> FsResult<()> {
        let split = self.split(path)?;
        let real = split.path();
        if self.find(&real).is_none() {
            return Err(FsError::new(Errno::NotFound, path));
        }
        if !self.has_mount_within(&real) {
            return self
                .delete(&real, now)
                .map_err(|e| FsError::new(e.errno, path));
        }
        // Deepest first, so that directories are empty when their turn comes.
        let mut paths: Vec<(String, bool)> = self
            .walk(&real, true)
            .into_iter()
            .map(|(p, i)| (p, i.stat.is_dir()))
            .collect();
        paths.reverse();
        let mut first: Option<FsError> = None;
        for (p, is_dir) in paths {
            if self.find(&p).is_none() {
                continue;
            }
            let r = if self.mounts.contains_key(&p) || p.is_empty() {
                Err(FsError::new(Errno::Busy, &format!("/{p}")))
            } else if is_dir
                && !self
                    .child_names(&p, true)
                    .iter()
                    .all(|n| self.find(&join(&p, n)).is_none())
            {
                Err(FsError::new(Errno::NotEmpty, &format!("/{p}")))
            } else {
                self.delete(&p, now)
            };
            if let Err(e) = r {
                first.get_or_insert(e);
            }
        }
        match first {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Renames `from` to `to` (`rename(2)`): `to` is replaced when it is a file, or an
    /// empty directory that `from` (a directory) replaces. A lower path is copied up
    /// first, and a lower directory is copied whole (overlayfs without `redirect_dir`,
    /// as Docker mounts it, makes `mv` copy and delete).
    pub fn rename(&mut self, from: &str, to: &str, now: u64) -> FsResult<()> {
        let fs = self.split(from)?;
        let ts = self.split(to)?;
        let (Some(_), Some(_)) = (&fs.name, &ts.name) else {
            return Err(FsError::new(Errno::Busy, from));
        };
        let (src, dst) = (fs.path(), ts.path());
        let Some(item) = self.find(&src) else {
            return Err(FsError::new(Errno::NotFound, from));
        };
        if src == dst {
            return Ok(());
        }
        if item.stat.is_dir() && dst.starts_with(&format!("{src}/")) {
            return Err(FsError::new(Errno::Invalid, to));
        }
        if self.has_mount_within(&src) || self.mounts.contains_key(&dst) {
            return Err(FsError::new(Errno::Busy, from));
        }
        if let Some(old) = self.find(&dst) {
            match (item.stat.is_dir(), old.stat.is_dir()) {
                (true, false) => return Err(FsError::new(Errno::NotADirectory, to)),
                (false, true) => return Err(FsError::new(Errno::IsADirectory, to)),
                (true, true) => {
                    if !self.read_dir(&format!("/{dst}"))?.is_empty() {
                        return Err(FsError::new(Errno::NotEmpty, to));
                    }
                }
                (false, false) => {}
            }
            self.delete(&dst, now)?;
        }
        let tree = self.walk(&src, true);
        let mut dirs: Vec<(String, u64)> = Vec::new();
        for (p, item) in tree {
            let rel = p.get(src.len()..).unwrap_or("");
            let new = format!("{dst}{rel}");
            self.place_copy(&new, &item, now)?;
            if item.stat.is_dir() {
                dirs.push((new, item.stat.mtime));
            }
        }
        self.delete(&src, now)
            .map_err(|e| FsError::new(e.errno, from))?;
        // What moved keeps its mtimes: creating the copies touched the directories.
        for (d, mtime) in dirs.into_iter().rev() {
            self.set_mtime_real(&d, mtime);
        }
        Ok(())
    }

    /// Creates `real` as a copy of `item` (same kind, metadata and bytes; a container
    /// file keeps its inode when it stays in the container layer).
    fn place_copy(&mut self, real: &str, item: &Item, now: u64) -> FsResult<()> {
        let meta = item.stat.meta();
        let same_layer_ino = match (item.key, self.target(real)) {
            (InodeKey::Container(ino), Target::Upper) => Some(ino),
            _ => None,
        };
        let stat = item.stat.clone();
        let data = match (&item.data, same_layer_ino) {
            (Some(b), None) => self.hold(real, b)?,
            _ => Bytes::new(),
        };
        self.create(real, now, |layer, over_whiteout| match stat.kind {
            Kind::Dir => Upper::Dir {
                meta,
                opaque: over_whiteout,
            },
            Kind::Symlink => Upper::Symlink {
                meta,
                target: stat.link.clone().unwrap_or_default(),
            },
            Kind::Char | Kind::Block | Kind::Fifo => Upper::Special {
                kind: stat.kind,
                meta,
                device: stat.device,
            },
            Kind::File | Kind::Hardlink => match same_layer_ino {
                Some(ino) => Upper::File(ino),
                None => Upper::File(layer.add_inode(data, meta)),
            },
        })?;
        Ok(())
    }

    /// Creates a symbolic link at `link` whose target is `target` (stored as given).
    pub fn symlink(&mut self, target: &str, link: &str, now: u64) -> FsResult<()> {
        let split = self.split(link)?;
        if split.name.is_none() {
            return Err(FsError::new(Errno::Exists, link));
        }
        let real = split.path();
        if self.find(&real).is_some() {
            return Err(FsError::new(Errno::Exists, link));
        }
        let meta = self.new_meta(0o777, now);
        let target = target.to_string();
        self.create(&real, now, |_, _| Upper::Symlink { meta, target })
            .map_err(|e| FsError::new(e.errno, link))
    }

    /// Creates a hard link `new` to the file `existing` (a lower file is copied up first,
    /// as overlayfs does, and both names then share it).
    pub fn link(&mut self, existing: &str, new: &str, now: u64) -> FsResult<()> {
        let (src, item) = self.resolve(existing, Follow::ExceptLast)?;
        if item.stat.is_dir() {
            return Err(FsError::new(Errno::NotPermitted, existing));
        }
        let split = self.split(new)?;
        if split.name.is_none() {
            return Err(FsError::new(Errno::Exists, new));
        }
        let dst = split.path();
        if self.find(&dst).is_some() {
            return Err(FsError::new(Errno::Exists, new));
        }
        match (self.target(&src), self.target(&dst)) {
            (Target::Upper, Target::Upper) => {
                self.copy_up(&src)?;
                let entry = self
                    .upper
                    .get(&src)
                    .cloned()
                    .ok_or_else(|| FsError::new(Errno::NotFound, existing))?;
                // A file shares its inode; a symlink or device gets a copy of itself.
                self.create(&dst, now, |_, _| entry)
            }
            (Target::Tmpfs(m1, i1), Target::Tmpfs(m2, _)) if m1 == m2 => {
                let entry = match self.tmpfs_mut(&m1).and_then(|t| t.layer.get(&i1).cloned()) {
                    Some(e) => e,
                    None => return Err(FsError::new(Errno::NotFound, existing)),
                };
                self.create(&dst, now, |_, _| entry)
            }
            _ => Err(FsError::new(Errno::CrossDevice, new)),
        }
    }

    /// Applies `change` to the metadata of the real path `real`, copying it up first.
    fn change_meta(&mut self, real: &str, path: &str, change: impl Fn(&mut Meta)) -> FsResult<()> {
        if real.is_empty() {
            return Ok(()); // the root's entry is never recorded
        }
        self.copy_up(real)
            .map_err(|e| FsError::new(e.errno, path))?;
        let apply_layer = |layer: &mut Layer, p: &str| match layer.get(p).cloned() {
            Some(Upper::File(ino)) => {
                if let Some(i) = layer.inode_mut(ino) {
                    change(&mut i.meta);
                }
            }
            Some(_) => {
                if let Some(
                    Upper::Dir { meta, .. }
                    | Upper::Symlink { meta, .. }
                    | Upper::Special { meta, .. },
                ) = layer.entry_mut(p)
                {
                    change(meta);
                }
            }
            None => {}
        };
        match self.target(real) {
            Target::Upper => apply_layer(&mut self.upper, real),
            Target::Tmpfs(mp, inner) => {
                if let Some(mut t) = self.tmpfs_mut(&mp) {
                    let Tree { root, layer } = &mut *t;
                    if inner.is_empty() {
                        change(root);
                    } else {
                        apply_layer(layer, &inner);
                    }
                }
            }
            Target::BindFile(mp) => {
                if let Some(Mount::File { inode, .. }) = self.mounts.get_mut(&mp) {
                    change(&mut inode.meta);
                }
            }
            Target::ReadOnly => return Err(FsError::new(Errno::ReadOnly, path)),
        }
        Ok(())
    }

    fn set_mtime_real(&mut self, real: &str, mtime: u64) {
        let _ = self.change_meta(real, real, |m| m.mtime = mtime);
    }

    /// Sets the permission bits (`chmod(2)`, links followed).
    pub fn chmod(&mut self, path: &str, mode: u32) -> FsResult<()> {
        let (real, _) = self.resolve(path, Follow::Always)?;
        self.change_meta(&real, path, |m| m.mode = mode & 0o7777)
    }

    /// Sets the owner and/or group (`chown(2)`; `follow: false` is `lchown`). Like Linux,
    /// a chown clears the setuid and setgid bits of a file.
    pub fn chown(
        &mut self,
        path: &str,
        uid: Option<u64>,
        gid: Option<u64>,
        follow: bool,
    ) -> FsResult<()> {
        let how = if follow {
            Follow::Always
        } else {
            Follow::ExceptLast
        };
        let (real, item) = self.resolve(path, how)?;
        let clear = if item.stat.kind == Kind::File {
            0o6000
        } else {
            0
        };
        self.change_meta(&real, path, |m| {
            if let Some(u) = uid {
                m.uid = u;
            }
            if let Some(g) = gid {
                m.gid = g;
            }
            m.mode &= !clear;
        })
    }

    /// Sets the mtime (`utimes(2)`, links followed); creates an empty file when `path`
    /// does not exist, as `touch` does.
    pub fn touch(&mut self, path: &str, mtime: u64, now: u64) -> FsResult<()> {
        match self.resolve(path, Follow::Always) {
            Ok((real, _)) => self.change_meta(&real, path, |m| m.mtime = mtime),
            Err(e) if e.errno == Errno::NotFound => {
                self.append_file(path, b"", now)?;
                let (real, _) = self.resolve(path, Follow::Always)?;
                self.change_meta(&real, path, |m| m.mtime = mtime)
            }
            Err(e) => Err(e),
        }
    }

    /// Creates a device node or fifo (`mknod(2)`).
    pub fn mknod(
        &mut self,
        path: &str,
        kind: Kind,
        mode: u32,
        device: Option<(u32, u32)>,
        now: u64,
    ) -> FsResult<()> {
        if !matches!(kind, Kind::Char | Kind::Block | Kind::Fifo) {
            return Err(FsError::new(Errno::Invalid, path));
        }
        let split = self.split(path)?;
        let real = split.path();
        if split.name.is_none() || self.find(&real).is_some() {
            return Err(FsError::new(Errno::Exists, path));
        }
        let meta = self.new_meta(mode, now);
        self.create(&real, now, |_, _| Upper::Special { kind, meta, device })
            .map_err(|e| FsError::new(e.errno, path))
    }

    /// The paths of the container layer in walk order (depth first, names sorted).
    pub(crate) fn upper_walk(&self) -> Vec<(&str, &Upper)> {
        let mut v: Vec<(&str, &Upper)> = self.upper.iter().collect();
        v.sort_by(|a, b| walk_order(a.0, b.0));
        v
    }

    /// True when any layer below the container layer has `real` in its own tree, or a
    /// whiteout for it: Docker's test for "it existed before", layer by layer.
    pub(crate) fn in_lower_layers(&self, real: &str) -> bool {
        self.init.as_ref().is_some_and(|l| l.get(real).is_some())
            || self
                .image
                .layers()
                .iter()
                .any(|l| l.contains(real) || l.hides(real))
    }
}
