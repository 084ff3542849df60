//! The file system the shell's applets see ([`Fs`]): the host's files on the command
//! line, a container's rootfs inside containers. Implementations live next to the types
//! they wrap (`crate::host`, `crate::container`); this module only names the operations.
//!
//! Paths are given as the user typed them: each implementation resolves relative paths
//! (against a working directory, or the host's flat namespace).

use bytes::Bytes;
use std::collections::BTreeMap;

/// Why a file operation failed, as an errno. [`Error::reason`] is the `strerror` text
/// both GNU coreutils and busybox print after the file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// ENOENT
    NotFound,
    /// EISDIR
    IsDir,
    /// ENOTDIR
    NotDir,
    /// EEXIST
    Exists,
    /// ENOTEMPTY
    NotEmpty,
    /// EINVAL
    Invalid,
    /// ELOOP
    Loop,
    /// EBUSY
    Busy,
    /// EROFS
    ReadOnly,
    /// EPERM
    NotPermitted,
    /// EXDEV
    CrossDevice,
    /// ENAMETOOLONG
    NameTooLong,
    /// Anything else, with its message.
    Other(String),
}

impl Error {
    /// The `strerror` text (`No such file or directory`).
    pub fn reason(&self) -> &str {
        match self {
            Error::NotFound => "No such file or directory",
            Error::IsDir => "Is a directory",
            Error::NotDir => "Not a directory",
            Error::Exists => "File exists",
            Error::NotEmpty => "Directory not empty",
            Error::Invalid => "Invalid argument",
            Error::Loop => "Too many levels of symbolic links",
            Error::Busy => "Device or resource busy",
            Error::ReadOnly => "Read-only file system",
            Error::NotPermitted => "Operation not permitted",
            Error::CrossDevice => "Invalid cross-device link",
            Error::NameTooLong => "File name too long",
            Error::Other(s) => s,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// What kind of file a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    /// A character device.
    Char,
    /// A block device.
    Block,
    Fifo,
}

impl Kind {
    /// `ls -l`'s first letter.
    pub fn letter(self) -> char {
        match self {
            Kind::File => '-',
            Kind::Dir => 'd',
            Kind::Symlink => 'l',
            Kind::Char => 'c',
            Kind::Block => 'b',
            Kind::Fifo => 'p',
        }
    }

    /// `drwxr-xr-x`, with `s`/`S`/`t`/`T` for the special bits.
    pub fn mode_string(self, mode: u32) -> String {
        crate::format::mode_column(self.letter(), mode)
    }
}

/// What `stat` says about a path (symbolic links followed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stat {
    pub kind: Kind,
    /// Bytes for files.
    pub size: u64,
    /// Permission bits (`& 0o7777`).
    pub mode: u32,
    /// Seconds since the epoch.
    pub mtime: u64,
    pub uid: u64,
    pub gid: u64,
    /// Number of hard links (directories: 2).
    pub nlink: u64,
    /// A symbolic link's target (from `lstat`).
    pub link: Option<String>,
    /// A device's major and minor numbers.
    pub device: Option<(u32, u32)>,
}

impl Stat {
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }
}

/// The operations the applets need.
pub trait Fs {
    /// A file's bytes (`IsDir` for a directory).
    fn read(&self, path: &str) -> Result<Bytes>;
    /// Creates or truncates a file.
    fn write(&mut self, path: &str, data: Bytes) -> Result<()>;
    /// Appends to a file, creating it.
    fn append(&mut self, path: &str, data: &[u8]) -> Result<()>;
    fn stat(&self, path: &str) -> Result<Stat>;
    /// A directory's entries (names, sorted), without `.` and `..`.
    fn list(&self, dir: &str) -> Result<Vec<(String, Stat)>>;
    /// Makes a directory with these permission bits.
    fn mkdir(&mut self, path: &str, mode: u32) -> Result<()>;
    /// Removes a file (not a directory: `IsDir`).
    fn remove(&mut self, path: &str) -> Result<()>;
    /// Removes an empty directory.
    fn remove_dir(&mut self, path: &str) -> Result<()>;
    fn rename(&mut self, from: &str, to: &str) -> Result<()>;
    /// Copies a file's bytes to a new or truncated file.
    fn copy(&mut self, from: &str, to: &str) -> Result<()> {
        let data = self.read(from)?;
        self.write(to, data)
    }
    /// Like [`Fs::stat`], but a symbolic link is itself.
    fn lstat(&self, path: &str) -> Result<Stat> {
        self.stat(path)
    }
    /// Removes a directory and everything in it (or a file). On failure, the path that
    /// could not be removed when it is not `path` itself, and why.
    fn remove_all(&mut self, path: &str) -> std::result::Result<(), (Option<String>, Error)> {
        if self.lstat(path).map_err(|e| (None, e))?.kind != Kind::Dir {
            return self.remove(path).map_err(|e| (None, e));
        }
        let entries = self.list(path).map_err(|e| (None, e))?;
        for (name, _) in entries {
            let child = format!("{}/{name}", path.trim_end_matches('/'));
            self.remove_all(&child)
                .map_err(|(at, e)| (Some(at.unwrap_or(child.clone())), e))?;
        }
        self.remove_dir(path).map_err(|e| (None, e))
    }
    /// Opens a redirection's file before its command runs: `>` creates or truncates it,
    /// `>>` creates it.
    fn open_write(&mut self, path: &str, append: bool) -> Result<()> {
        if append {
            self.append(path, b"")
        } else {
            self.write(path, Bytes::new())
        }
    }
    /// Writes a finished command's redirected output to a file [`Fs::open_write`]
    /// opened (`append` as it was opened).
    fn write_opened(&mut self, path: &str, parts: Vec<Bytes>, _append: bool) -> Result<()> {
        for p in parts {
            self.append(path, &p)?;
        }
        Ok(())
    }
    /// The path as this file system resolves it now (absolute against a working
    /// directory), so that it names the same file after a `cd`.
    fn absolute(&self, path: &str) -> String {
        path.to_string()
    }
    /// Makes a directory and the missing ones above it (`mkdir -p`); existing
    /// directories are fine.
    fn mkdir_all(&mut self, path: &str, mode: u32) -> Result<()> {
        let absolute = path.starts_with('/');
        let mut at = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            if absolute || !at.is_empty() {
                at.push('/');
            }
            at.push_str(part);
            match self.stat(&at) {
                Ok(s) if s.is_dir() => {}
                Ok(_) => return Err(Error::Exists),
                Err(_) => self.mkdir(&at, mode)?,
            }
        }
        Ok(())
    }
    /// Sets permission bits (file systems without them ignore it).
    fn chmod(&mut self, _path: &str, _mode: u32) -> Result<()> {
        Ok(())
    }
    /// Sets the owner; `follow` a symbolic link or change the link itself (file systems
    /// without owners ignore it).
    fn chown(&mut self, _path: &str, _uid: u64, _gid: u64, _follow: bool) -> Result<()> {
        Ok(())
    }
    /// Sets the modification time (file systems without times ignore it).
    fn set_mtime(&mut self, _path: &str, _mtime: u64) -> Result<()> {
        Ok(())
    }
    /// Creates an empty file, or sets an existing one's time to now (`touch`).
    fn touch(&mut self, path: &str) -> Result<()> {
        match self.lstat(path) {
            Ok(_) => Ok(()),
            Err(_) => self.write(path, Bytes::new()),
        }
    }
    /// Makes `path` a symbolic link to `target`.
    fn symlink(&mut self, _target: &str, _path: &str) -> Result<()> {
        Err(Error::NotPermitted)
    }
    /// A symbolic link's target.
    fn readlink(&self, _path: &str) -> Result<String> {
        Err(Error::Invalid)
    }
    /// Makes at `to` a device or fifo like the one at `from` (`cp -r` of `/dev` nodes).
    fn copy_node(&mut self, _from: &str, _to: &str) -> Result<()> {
        Err(Error::NotPermitted)
    }
    /// The path with every symbolic link resolved, absolute where the file system has a
    /// root; the path must exist.
    fn realpath(&self, path: &str) -> Result<String> {
        self.stat(path)?;
        Ok(self.absolute(path))
    }
    /// User and group names by id (`ls -l`), from where the file system keeps them.
    fn owner_names(&self) -> (BTreeMap<u64, String>, BTreeMap<u64, String>) {
        (BTreeMap::new(), BTreeMap::new())
    }
    /// True when directories exist only through the files in them (the host's files):
    /// writing `d/f` makes `d`, and an empty directory cannot be kept.
    fn implicit_dirs(&self) -> bool {
        false
    }
    fn exists(&self, path: &str) -> bool {
        self.stat(path).is_ok()
    }
}
