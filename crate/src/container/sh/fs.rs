//! The container's rootfs as the shared applets see it ([`crate::sh::fs::Fs`]): paths
//! resolved against the shell's working directory, the shell's clock for mtimes.

use crate::container::rootfs::{Errno, FsError, Rootfs, Stat};
use crate::fs::Kind;
use crate::sh::fs::{self as shfs, Error, Fs};
use bytes::Bytes;
use std::collections::BTreeMap;

/// A rootfs seen from a working directory at a time.
pub(crate) struct ShellFs<'a> {
    pub root: &'a mut Rootfs,
    pub cwd: String,
    pub now: u64,
}

impl ShellFs<'_> {
    fn abs(&self, path: &str) -> String {
        if path.starts_with('/') {
            path.to_string()
        } else if self.cwd.ends_with('/') {
            format!("{}{path}", self.cwd)
        } else {
            format!("{}/{path}", self.cwd)
        }
    }
}

impl From<Errno> for Error {
    fn from(e: Errno) -> Error {
        match e {
            Errno::NotFound => Error::NotFound,
            Errno::NotADirectory => Error::NotDir,
            Errno::IsADirectory => Error::IsDir,
            Errno::NotEmpty => Error::NotEmpty,
            Errno::Exists => Error::Exists,
            Errno::Loop => Error::Loop,
            Errno::Busy => Error::Busy,
            Errno::ReadOnly => Error::ReadOnly,
            Errno::Invalid => Error::Invalid,
            Errno::NotPermitted => Error::NotPermitted,
            Errno::CrossDevice => Error::CrossDevice,
            Errno::NameTooLong => Error::NameTooLong,
            Errno::NoMemory | Errno::Io => Error::Other(e.reason().to_string()),
        }
    }
}

impl From<FsError> for Error {
    fn from(e: FsError) -> Error {
        e.errno.into()
    }
}

impl From<&Stat> for shfs::Stat {
    fn from(s: &Stat) -> shfs::Stat {
        shfs::Stat {
            kind: match s.kind {
                Kind::File | Kind::Hardlink => shfs::Kind::File,
                Kind::Dir => shfs::Kind::Dir,
                Kind::Symlink => shfs::Kind::Symlink,
                Kind::Char => shfs::Kind::Char,
                Kind::Block => shfs::Kind::Block,
                Kind::Fifo => shfs::Kind::Fifo,
            },
            size: s.size,
            mode: s.mode,
            mtime: s.mtime,
            uid: s.uid,
            gid: s.gid,
            nlink: s.nlink,
            link: s.link.clone(),
            device: s.device,
        }
    }
}

/// uid or gid → name, from a passwd- or group-format file of the rootfs.
pub(crate) fn names(fs: &Rootfs, file: &str) -> BTreeMap<u64, String> {
    let mut m = BTreeMap::new();
    if let Ok(b) = fs.read_file(file) {
        for line in String::from_utf8_lossy(&b).lines() {
            let f: Vec<&str> = line.split(':').collect();
            if let (Some(name), Some(id)) = (f.first(), f.get(2).and_then(|i| i.parse().ok())) {
                m.entry(id).or_insert_with(|| name.to_string());
            }
        }
    }
    m
}

impl Fs for ShellFs<'_> {
    fn read(&self, path: &str) -> shfs::Result<Bytes> {
        Ok(self.root.read_file(&self.abs(path))?)
    }
    fn write(&mut self, path: &str, data: Bytes) -> shfs::Result<()> {
        let p = self.abs(path);
        Ok(self.root.write_file(&p, data, self.now)?)
    }
    fn append(&mut self, path: &str, data: &[u8]) -> shfs::Result<()> {
        let p = self.abs(path);
        Ok(self.root.append_file(&p, data, self.now)?)
    }
    fn stat(&self, path: &str) -> shfs::Result<shfs::Stat> {
        Ok((&self.root.stat(&self.abs(path))?).into())
    }
    fn list(&self, dir: &str) -> shfs::Result<Vec<(String, shfs::Stat)>> {
        Ok(self
            .root
            .read_dir(&self.abs(dir))?
            .iter()
            .map(|(n, s)| (n.clone(), s.into()))
            .collect())
    }
    fn mkdir(&mut self, path: &str, mode: u32) -> shfs::Result<()> {
        let p = self.abs(path);
        Ok(self.root.mkdir(&p, mode, self.now)?)
    }
    fn mkdir_all(&mut self, path: &str, mode: u32) -> shfs::Result<()> {
        let p = self.abs(path);
        Ok(self.root.mkdir_all(&p, mode, self.now)?)
    }
    fn chmod(&mut self, path: &str, mode: u32) -> shfs::Result<()> {
        Ok(self.root.chmod(&self.abs(path), mode)?)
    }
    fn chown(&mut self, path: &str, uid: u64, gid: u64, follow: bool) -> shfs::Result<()> {
        Ok(self
            .root
            .chown(&self.abs(path), Some(uid), Some(gid), follow)?)
    }
    fn set_mtime(&mut self, path: &str, mtime: u64) -> shfs::Result<()> {
        Ok(self.root.touch(&self.abs(path), mtime, self.now)?)
    }
    fn touch(&mut self, path: &str) -> shfs::Result<()> {
        Ok(self.root.touch(&self.abs(path), self.now, self.now)?)
    }
    fn symlink(&mut self, target: &str, path: &str) -> shfs::Result<()> {
        let p = self.abs(path);
        Ok(self.root.symlink(target, &p, self.now)?)
    }
    fn readlink(&self, path: &str) -> shfs::Result<String> {
        Ok(self.root.readlink(&self.abs(path))?)
    }
    fn copy_node(&mut self, from: &str, to: &str) -> shfs::Result<()> {
        let st = self.root.lstat(&self.abs(from))?;
        let p = self.abs(to);
        Ok(self.root.mknod(&p, st.kind, st.mode, st.device, self.now)?)
    }
    fn realpath(&self, path: &str) -> shfs::Result<String> {
        Ok(self.root.realpath(&self.abs(path))?)
    }
    fn absolute(&self, path: &str) -> String {
        self.abs(path)
    }
    fn owner_names(&self) -> (BTreeMap<u64, String>, BTreeMap<u64, String>) {
        (
            names(self.root, "/etc/passwd"),
            names(self.root, "/etc/group"),
        )
    }
    fn remove(&mut self, path: &str) -> shfs::Result<()> {
        let p = self.abs(path);
        Ok(self.root.remove(&p, self.now)?)
    }
    fn remove_dir(&mut self, path: &str) -> shfs::Result<()> {
        let p = self.abs(path);
        Ok(self.root.remove_dir(&p, self.now)?)
    }
    fn lstat(&self, path: &str) -> shfs::Result<shfs::Stat> {
        Ok((&self.root.lstat(&self.abs(path))?).into())
    }
    fn remove_all(&mut self, path: &str) -> Result<(), (Option<String>, Error)> {
        let p = self.abs(path);
        self.root
            .remove_all(&p, self.now)
            .map_err(|e| ((e.path != p).then(|| e.path.clone()), e.errno.into()))
    }
    fn rename(&mut self, from: &str, to: &str) -> shfs::Result<()> {
        let (f, t) = (self.abs(from), self.abs(to));
        Ok(self.root.rename(&f, &t, self.now)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Union;
    use std::sync::Arc;

    #[test]
    fn rootfs_from_a_working_directory() {
        let mut root = Rootfs::bare(Arc::new(Union::default()));
        let mut fs = ShellFs {
            root: &mut root,
            cwd: "/".into(),
            now: 5,
        };
        fs.mkdir("w", 0o755).unwrap();
        fs.cwd = "/w".into();
        fs.write("a", Bytes::from_static(b"hi")).unwrap();
        fs.append("/w/a", b"!").unwrap();
        assert_eq!(fs.read("a").unwrap(), Bytes::from_static(b"hi!"));
        assert_eq!(fs.stat("/w").unwrap().kind, shfs::Kind::Dir);
        assert_eq!(fs.stat("a").unwrap().mtime, 5);
        assert_eq!(fs.read("/w"), Err(Error::IsDir));
        assert_eq!(fs.mkdir("a", 0o755), Err(Error::Exists));
        fs.rename("a", "b").unwrap();
        assert_eq!(fs.list(".").unwrap()[0].0, "b");
        assert_eq!(fs.remove_dir("/w"), Err(Error::NotEmpty));
        fs.remove("b").unwrap();
        assert_eq!(fs.stat("b"), Err(Error::NotFound));
    }
}
