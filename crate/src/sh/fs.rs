//! The file system the shell's applets see ([`Fs`]): the host's files on the command
//! line, a container's rootfs inside containers. Implementations live next to the types
//! they wrap (`crate::host`, `crate::container`); this module only names the operations.
//!
//! Paths are given as the user typed them: each implementation resolves relative paths
//! (against a working directory, or the host's flat namespace).

use bytes::Bytes;

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
    /// Devices, fifos, sockets.
    Other,
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
    fn mkdir(&mut self, path: &str) -> Result<()>;
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
    fn exists(&self, path: &str) -> bool {
        self.stat(path).is_ok()
    }
}
