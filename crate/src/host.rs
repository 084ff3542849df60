//! Host files: what the user uploaded and what commands wrote. The page keeps them in
//! memory ([`MemHost`]); the native binary maps them to a directory ([`DirHost`]).
//! Names are relative paths without `..`; `/` separates directories.

use crate::content::{Blob, Source};
use bytes::Bytes;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostError {
    NotFound,
    IsDirectory,
    InvalidName,
    /// A symbolic link in the host directory that leads outside it (natively).
    OutsideHost,
    /// A file too large to read whole (one opened in the page and kept in the user's
    /// file): commands that read it by range (`docker load -i`) still can.
    TooLarge,
    Io(String),
}

impl HostError {
    /// The tail of a shell message: `ls: cannot access 'x': No such file or directory`.
    pub fn reason(&self) -> String {
        match self {
            HostError::NotFound => "No such file or directory".into(),
            HostError::IsDirectory => "Is a directory".into(),
            HostError::InvalidName => "Invalid argument".into(),
            HostError::OutsideHost => "Symbolic link leads outside the host directory".into(),
            HostError::TooLarge => "File too large".into(),
            HostError::Io(e) => e.clone(),
        }
    }
}

pub trait Host {
    fn read(&self, name: &str) -> Result<Bytes, HostError>;
    /// The file as a [`Blob`]: read by range where it stays in a file of the user's
    /// (the page's opened files, natively a mapped file), else its bytes.
    fn blob(&self, name: &str) -> Result<Blob, HostError> {
        self.read(name).map(Blob::from)
    }
    /// Adds a file that stays where it is and is read by range (the page's `File`).
    fn open(&mut self, _name: &str, _source: Arc<dyn Source>) -> Result<(), HostError> {
        Err(HostError::Io("this host keeps its own files".into()))
    }
    fn write(&mut self, name: &str, data: Bytes) -> Result<(), HostError>;
    /// Writes a file made of pieces (a saved archive's headers and layers) without joining
    /// or reading them first where the host can avoid it: the page keeps the pieces, so a
    /// piece that is a range of the user's file, or an inflated layer, stays unread until
    /// the file is.
    fn write_parts(&mut self, name: &str, parts: Vec<Blob>) -> Result<(), HostError>;
    /// The file's size.
    fn size(&self, name: &str) -> Result<u64, HostError> {
        self.read(name).map(|b| b.len() as u64)
    }
    /// A range of the file (for downloads in pieces).
    fn read_range(&self, name: &str, offset: u64, len: u64) -> Result<Vec<u8>, HostError> {
        let b = self.read(name)?;
        let start = (offset as usize).min(b.len());
        let end = start.saturating_add(len as usize).min(b.len());
        Ok(b[start..end].to_vec())
    }
    fn remove(&mut self, name: &str) -> Result<(), HostError>;
    /// All files, sorted by name, with their sizes.
    fn list(&self) -> Vec<(String, u64)>;
    fn append(&mut self, name: &str, data: &[u8]) -> Result<(), HostError> {
        let mut v = match self.read(name) {
            Ok(b) => b.to_vec(),
            Err(HostError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        };
        v.extend_from_slice(data);
        self.write(name, Bytes::from(v))
    }
    fn exists(&self, name: &str) -> bool {
        self.read(name).is_ok()
    }
}

/// The host files as the shell's applets see them ([`crate::sh::fs::Fs`]). Host files
/// have no directories of their own: a directory is the prefix of some file's name.
pub struct HostFs<'a>(pub &'a mut dyn Host);

impl From<HostError> for crate::sh::fs::Error {
    fn from(e: HostError) -> crate::sh::fs::Error {
        use crate::sh::fs::Error;
        match e {
            HostError::NotFound => Error::NotFound,
            HostError::IsDirectory => Error::IsDir,
            HostError::InvalidName => Error::Invalid,
            HostError::OutsideHost | HostError::TooLarge => Error::Other(e.reason()),
            HostError::Io(s) => Error::Other(s),
        }
    }
}

impl HostFs<'_> {
    /// The cleaned name, `""` for the top directory (`.`, `./`).
    fn name(path: &str) -> Result<String, HostError> {
        if path.split('/').all(|p| p.is_empty() || p == ".") && !path.starts_with('/') {
            return Ok(String::new());
        }
        clean(path)
    }

    /// The files under a directory (`""`: all), with their sizes.
    fn under(&self, dir: &str) -> Vec<(String, u64)> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.0
            .list()
            .into_iter()
            .filter_map(|(n, s)| Some((n.strip_prefix(&prefix)?.to_string(), s)))
            .collect()
    }
}

fn host_stat(kind: crate::sh::fs::Kind, size: u64) -> crate::sh::fs::Stat {
    crate::sh::fs::Stat {
        kind,
        size,
        mode: if kind == crate::sh::fs::Kind::Dir {
            0o755
        } else {
            0o644
        },
        mtime: 0,
        uid: 0,
        gid: 0,
        nlink: if kind == crate::sh::fs::Kind::Dir {
            2
        } else {
            1
        },
        link: None,
        device: None,
    }
}

impl HostFs<'_> {
    /// Where a host file's bytes are, read nothing yet (a file of any size can be streamed).
    pub fn blob(&self, path: &str) -> crate::sh::fs::Result<crate::content::Blob> {
        let n = Self::name(path)?;
        if n.is_empty() {
            return Err(crate::sh::fs::Error::IsDir);
        }
        Ok(self.0.blob(&n)?)
    }
}

impl crate::sh::fs::Fs for HostFs<'_> {
    fn read(&self, path: &str) -> crate::sh::fs::Result<Bytes> {
        let n = Self::name(path)?;
        if n.is_empty() {
            return Err(crate::sh::fs::Error::IsDir);
        }
        Ok(self.0.read(&n)?)
    }
    fn write(&mut self, path: &str, data: Bytes) -> crate::sh::fs::Result<()> {
        Ok(self.0.write(path, data)?)
    }
    fn append(&mut self, path: &str, data: &[u8]) -> crate::sh::fs::Result<()> {
        Ok(self.0.append(path, data)?)
    }
    fn stat(&self, path: &str) -> crate::sh::fs::Result<crate::sh::fs::Stat> {
        use crate::sh::fs::Kind;
        let n = Self::name(path)?;
        if n.is_empty() {
            return Ok(host_stat(Kind::Dir, 4096));
        }
        match self.0.size(&n) {
            Ok(size) => Ok(host_stat(Kind::File, size)),
            Err(HostError::IsDirectory) => Ok(host_stat(Kind::Dir, 4096)),
            Err(e) => Err(e.into()),
        }
    }
    fn list(&self, dir: &str) -> crate::sh::fs::Result<Vec<(String, crate::sh::fs::Stat)>> {
        use crate::sh::fs::Kind;
        let n = Self::name(dir)?;
        if self.stat(&n)?.kind != Kind::Dir {
            return Err(crate::sh::fs::Error::NotDir);
        }
        let mut out: Vec<(String, crate::sh::fs::Stat)> = Vec::new();
        for (rest, size) in self.under(&n) {
            match rest.split_once('/') {
                Some((d, _)) => {
                    if out.last().is_none_or(|(last, _)| last != d) {
                        out.push((d.to_string(), host_stat(Kind::Dir, 4096)));
                    }
                }
                None => out.push((rest, host_stat(Kind::File, size))),
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        Ok(out)
    }
    fn mkdir(&mut self, path: &str, _mode: u32) -> crate::sh::fs::Result<()> {
        // Host directories exist through their files; an empty one cannot be kept.
        match self.stat(path) {
            Ok(_) => Err(crate::sh::fs::Error::Exists),
            Err(_) => Err(crate::sh::fs::Error::NotPermitted),
        }
    }
    fn remove(&mut self, path: &str) -> crate::sh::fs::Result<()> {
        Ok(self.0.remove(path)?)
    }
    fn remove_all(&mut self, path: &str) -> Result<(), (Option<String>, crate::sh::fs::Error)> {
        use crate::sh::fs::Kind;
        let n = Self::name(path).map_err(|e| (None, e.into()))?;
        if self.stat(&n).map_err(|e| (None, e))?.kind != Kind::Dir {
            return self.0.remove(&n).map_err(|e| (None, e.into()));
        }
        for (rest, _) in self.under(&n) {
            let f = if n.is_empty() {
                rest
            } else {
                format!("{n}/{rest}")
            };
            self.0.remove(&f).map_err(|e| (Some(f.clone()), e.into()))?;
        }
        Ok(())
    }
    fn implicit_dirs(&self) -> bool {
        true
    }
    /// The host's files belong to the user, shown as `user`.
    fn owner_names(&self) -> (BTreeMap<u64, String>, BTreeMap<u64, String>) {
        let user = BTreeMap::from([(0, "user".to_string())]);
        (user.clone(), user)
    }
    /// Host files are written whole when the command has finished (from the pieces
    /// its output was made of, without copying them); opening only checks the name.
    fn open_write(&mut self, path: &str, _append: bool) -> crate::sh::fs::Result<()> {
        clean(path)?;
        Ok(())
    }
    fn write_opened(
        &mut self,
        path: &str,
        parts: Vec<Bytes>,
        append: bool,
    ) -> crate::sh::fs::Result<()> {
        if append {
            Ok(self.0.append(path, &crate::stream::concat(parts))?)
        } else {
            Ok(self
                .0
                .write_parts(path, parts.into_iter().map(Blob::from).collect())?)
        }
    }
    fn remove_dir(&mut self, path: &str) -> crate::sh::fs::Result<()> {
        use crate::sh::fs::{Error, Kind};
        match self.stat(path)?.kind {
            Kind::Dir => Err(Error::NotEmpty),
            _ => Err(Error::NotDir),
        }
    }
    fn rename(&mut self, from: &str, to: &str) -> crate::sh::fs::Result<()> {
        use crate::sh::fs::Kind;
        let (f, t) = (Self::name(from)?, clean(to)?);
        if self.stat(&f)?.kind == Kind::Dir {
            for (rest, _) in self.under(&f) {
                let data = self.0.read(&format!("{f}/{rest}"))?;
                self.0.write(&format!("{t}/{rest}"), data)?;
                self.0.remove(&format!("{f}/{rest}"))?;
            }
            return Ok(());
        }
        let data = self.0.read(&f)?;
        self.0.write(&t, data)?;
        if f != t {
            self.0.remove(&f)?;
        }
        Ok(())
    }
}

/// Cleans a user-given name (`./a`, `a//b`) and refuses `..` and absolute names.
pub fn clean(name: &str) -> Result<String, HostError> {
    let mut parts = Vec::new();
    for p in name.split('/') {
        match p {
            "" | "." => {}
            ".." => return Err(HostError::InvalidName),
            p => parts.push(p),
        }
    }
    if parts.is_empty() || name.starts_with('/') {
        return Err(HostError::InvalidName);
    }
    Ok(parts.join("/"))
}

/// Host files held in memory (the page, tests). A file is kept as the pieces it was
/// written in; reading it whole joins them once. A file the user opened in the page is a
/// [`Source`] read by range: it stays in the user's file ([`MemHost::open`]).
#[derive(Default)]
pub struct MemHost {
    files: BTreeMap<String, MemFile>,
}

/// A file's pieces: bytes, ranges of the user's files, inflated layers.
struct MemFile(std::cell::RefCell<Vec<Blob>>);

impl MemFile {
    fn len(&self) -> u64 {
        self.0.borrow().iter().map(|p| p.len()).sum()
    }
}

/// The largest opened file read whole (`cat`, `tar -x`, a build context): more than a
/// browser tab may hold at once.
pub const MAX_WHOLE_READ: u64 = 1 << 30;

impl MemHost {
    pub fn new() -> MemHost {
        MemHost::default()
    }

    fn find(&self, name: &str) -> Result<&MemFile, HostError> {
        let n = clean(name)?;
        if let Some(f) = self.files.get(&n) {
            return Ok(f);
        }
        let prefix = format!("{n}/");
        if self.files.keys().any(|k| k.starts_with(&prefix)) {
            return Err(HostError::IsDirectory);
        }
        Err(HostError::NotFound)
    }
}

fn blob_error(e: crate::content::BlobError) -> HostError {
    HostError::Io(e.to_string())
}

impl Host for MemHost {
    fn read(&self, name: &str) -> Result<Bytes, HostError> {
        let file = self.find(name)?;
        if file.len() > MAX_WHOLE_READ {
            return Err(HostError::TooLarge);
        }
        let mut parts = file.0.borrow_mut();
        if parts.len() == 1 {
            if let Some(b) = parts[0].as_memory() {
                return Ok(b.clone());
            }
        }
        let mut bytes = Vec::with_capacity(parts.len());
        for p in parts.iter() {
            bytes.push(p.to_bytes().map_err(blob_error)?);
        }
        // Joined once: later reads are views of the joined bytes.
        let joined = crate::stream::concat(bytes);
        *parts = vec![Blob::from(joined.clone())];
        Ok(joined)
    }
    fn blob(&self, name: &str) -> Result<Blob, HostError> {
        let file = self.find(name)?;
        let parts = file.0.borrow();
        match parts.len() {
            0 => Ok(Blob::default()),
            1 => Ok(parts[0].clone()),
            _ => Ok(Blob::from_source(Arc::new(Pieces::new(
                parts.clone(),
                name,
            )))),
        }
    }
    fn open(&mut self, name: &str, source: Arc<dyn Source>) -> Result<(), HostError> {
        self.write_parts(name, vec![Blob::from_source(source)])
    }
    fn write(&mut self, name: &str, data: Bytes) -> Result<(), HostError> {
        self.write_parts(name, vec![Blob::from(data)])
    }
    fn write_parts(&mut self, name: &str, parts: Vec<Blob>) -> Result<(), HostError> {
        let n = clean(name)?;
        let parts = parts.into_iter().filter(|p| !p.is_empty()).collect();
        self.files
            .insert(n, MemFile(std::cell::RefCell::new(parts)));
        Ok(())
    }
    fn size(&self, name: &str) -> Result<u64, HostError> {
        Ok(self.find(name)?.len())
    }
    fn read_range(&self, name: &str, offset: u64, len: u64) -> Result<Vec<u8>, HostError> {
        let file = self.find(name)?;
        let parts = file.0.borrow();
        read_pieces(&parts, offset, len).map_err(blob_error)
    }
    fn remove(&mut self, name: &str) -> Result<(), HostError> {
        let n = clean(name)?;
        self.files.remove(&n).map(|_| ()).ok_or(HostError::NotFound)
    }
    fn list(&self) -> Vec<(String, u64)> {
        self.files
            .iter()
            .map(|(k, v)| (k.clone(), v.len()))
            .collect()
    }
}

/// `len` bytes from `offset` of the file the pieces make (fewer at its end).
fn read_pieces(
    parts: &[Blob],
    offset: u64,
    len: u64,
) -> Result<Vec<u8>, crate::content::BlobError> {
    let mut out = Vec::new();
    let (mut pos, end) = (0u64, offset.saturating_add(len));
    for p in parts {
        let (a, b) = (pos, pos + p.len());
        let (s, e) = (offset.max(a), end.min(b));
        if s < e {
            out.extend_from_slice(&p.read(s - a..e - a)?);
        }
        pos = b;
    }
    Ok(out)
}

/// A file made of pieces as one [`Source`] (a saved archive read as one blob).
struct Pieces {
    parts: Vec<Blob>,
    len: u64,
    name: String,
}

impl Pieces {
    fn new(parts: Vec<Blob>, name: &str) -> Pieces {
        Pieces {
            len: parts.iter().map(Blob::len).sum(),
            parts,
            name: name.to_string(),
        }
    }
}

impl Source for Pieces {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, len: usize) -> Result<Bytes, crate::content::BlobError> {
        read_pieces(&self.parts, offset, len as u64).map(Bytes::from)
    }
    fn name(&self) -> String {
        self.name.clone()
    }
    fn parts(&self) -> Option<&[Blob]> {
        Some(&self.parts)
    }
}

/// Host files in a directory of the real file system (the native binary). Nothing reads
/// or writes outside it: names have no `..`, and a symbolic link inside the directory is
/// followed only when where it leads (canonicalized) is inside the directory too; one that
/// leads out, or dangles, fails with [`HostError::OutsideHost`].
#[cfg(not(target_arch = "wasm32"))]
pub struct DirHost {
    root: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl DirHost {
    pub fn new(root: impl Into<std::path::PathBuf>) -> DirHost {
        let root: std::path::PathBuf = root.into();
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        DirHost { root }
    }

    /// The real path of host file `name`, each component checked: a symbolic link must
    /// resolve inside the root; components that do not exist yet are taken as named.
    fn path(&self, name: &str) -> Result<std::path::PathBuf, HostError> {
        let name = clean(name)?;
        let mut cur = self.root.clone();
        let mut exists = true;
        for part in name.split('/') {
            cur.push(part);
            if !exists {
                continue;
            }
            match std::fs::symlink_metadata(&cur) {
                Ok(m) if m.file_type().is_symlink() => {
                    cur = self.inside(&cur)?;
                }
                Ok(_) => {}
                Err(_) => exists = false,
            }
        }
        Ok(cur)
    }

    /// Where symbolic link `link` leads, if that is inside the root.
    fn inside(&self, link: &std::path::Path) -> Result<std::path::PathBuf, HostError> {
        match std::fs::canonicalize(link) {
            Ok(real) if real.starts_with(&self.root) => Ok(real),
            _ => Err(HostError::OutsideHost),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn io_err(e: std::io::Error) -> HostError {
    match e.kind() {
        std::io::ErrorKind::NotFound => HostError::NotFound,
        _ => HostError::Io(e.to_string()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Host for DirHost {
    /// Maps the file instead of copying it: loading a 1 GiB archive then costs no copy.
    /// (A file changed by another program while mapped would change under the session.)
    fn read(&self, name: &str) -> Result<Bytes, HostError> {
        let p = self.path(name)?;
        if p.is_dir() {
            return Err(HostError::IsDirectory);
        }
        let file = std::fs::File::open(&p).map_err(io_err)?;
        let len = file.metadata().map_err(io_err)?.len();
        if len == 0 {
            return Ok(Bytes::new());
        }
        // SAFETY: the mapping is read-only and private to this process; the host directory
        // is the session's own working area.
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Ok(Bytes::from_owner(map)),
            Err(_) => std::fs::read(p).map(Bytes::from).map_err(io_err),
        }
    }
    fn write(&mut self, name: &str, data: Bytes) -> Result<(), HostError> {
        self.write_parts(name, vec![Blob::from(data)])
    }
    fn write_parts(&mut self, name: &str, parts: Vec<Blob>) -> Result<(), HostError> {
        use std::io::Write;
        let p = self.path(name)?;
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(io_err)?;
        }
        // Write to a new file and rename, so that a file being read (mapped) is not
        // truncated under the reader: `docker save x > x.tar` after `docker load < x.tar`.
        let tmp = p.with_extension("layerlab-partial");
        let mut f = std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(&tmp).map_err(io_err)?,
        );
        for part in &parts {
            let mut at = 0;
            while at < part.len() {
                let chunk = part.read(at..at + (8 << 20)).map_err(blob_error)?;
                f.write_all(&chunk).map_err(io_err)?;
                at += chunk.len() as u64;
            }
        }
        f.flush().map_err(io_err)?;
        drop(f);
        std::fs::rename(&tmp, &p).map_err(io_err)
    }
    fn append(&mut self, name: &str, data: &[u8]) -> Result<(), HostError> {
        use std::io::Write;
        let p = self.path(name)?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .map_err(io_err)?;
        f.write_all(data).map_err(io_err)
    }
    fn remove(&mut self, name: &str) -> Result<(), HostError> {
        let p = self.path(name)?;
        if p.is_dir() {
            return Err(HostError::IsDirectory);
        }
        std::fs::remove_file(p).map_err(io_err)
    }
    /// Every file under the root. A symbolic link counts as the file it leads to when that
    /// is inside the root; directories reached through links are not walked (no loops, no
    /// way out).
    fn list(&self) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut stack = vec![(self.root.clone(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let name = format!("{prefix}{}", e.file_name().to_string_lossy());
                let Ok(kind) = e.file_type() else {
                    continue;
                };
                if kind.is_symlink() {
                    if let Ok(m) = self.inside(&e.path()).and_then(|p| {
                        std::fs::metadata(p).map_err(|e| HostError::Io(e.to_string()))
                    }) {
                        if m.is_file() {
                            out.push((name, m.len()));
                        }
                    }
                    continue;
                }
                match e.metadata() {
                    Ok(m) if m.is_dir() => stack.push((e.path(), format!("{name}/"))),
                    Ok(m) => out.push((name, m.len())),
                    Err(_) => {}
                }
            }
        }
        out.sort();
        out
    }
}

/// The directory the host files are in, as the Docker host sees it: `./site` and
/// `/home/learner/site` in a bind mount both name the host files under `site/`.
pub const HOST_DIR: &str = "/home/learner";

/// The host-file prefix an absolute host path names (`/home/learner/site` → `site`,
/// `/home/learner` → `""`); `None` for a path outside [`HOST_DIR`].
pub fn host_name(abs: &str) -> Option<String> {
    let rest = abs.strip_prefix(HOST_DIR)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let parts: Vec<&str> = rest
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mem_host_basics() {
        let mut h = MemHost::new();
        h.write("a/b.tar", Bytes::from_static(b"x")).unwrap();
        assert_eq!(h.read("./a//b.tar").unwrap(), Bytes::from_static(b"x"));
        assert_eq!(h.read("a"), Err(HostError::IsDirectory));
        assert_eq!(h.read("../etc/passwd"), Err(HostError::InvalidName));
        h.append("a/b.tar", b"y").unwrap();
        assert_eq!(h.list(), vec![("a/b.tar".to_string(), 2)]);
        h.remove("a/b.tar").unwrap();
        assert_eq!(h.remove("a/b.tar"), Err(HostError::NotFound));
    }

    #[test]
    fn host_files_as_a_file_system() {
        use crate::sh::fs::{Error, Fs, Kind};
        let mut h = MemHost::new();
        h.write("a.txt", Bytes::from_static(b"hi\n")).unwrap();
        h.write("d/x.txt", Bytes::from_static(b"x")).unwrap();
        h.write("d/e/y.txt", Bytes::from_static(b"y")).unwrap();
        let mut fs = HostFs(&mut h);
        assert_eq!(fs.stat("a.txt").unwrap().size, 3);
        assert_eq!(fs.stat("./d/").unwrap().kind, Kind::Dir);
        assert_eq!(fs.stat(".").unwrap().kind, Kind::Dir);
        assert_eq!(fs.read("d"), Err(Error::IsDir));
        assert_eq!(fs.read("nope"), Err(Error::NotFound));
        assert_eq!(fs.read("../x"), Err(Error::Invalid));
        let names: Vec<String> = fs.list("d").unwrap().into_iter().map(|e| e.0).collect();
        assert_eq!(names, ["e", "x.txt"]);
        let top: Vec<String> = fs.list(".").unwrap().into_iter().map(|e| e.0).collect();
        assert_eq!(top, ["a.txt", "d"]);
        fs.append("a.txt", b"more").unwrap();
        fs.rename("d", "f").unwrap();
        assert_eq!(fs.read("f/e/y.txt").unwrap(), Bytes::from_static(b"y"));
        assert_eq!(fs.remove_dir("f"), Err(Error::NotEmpty));
        fs.copy("a.txt", "b.txt").unwrap();
        fs.remove("a.txt").unwrap();
        assert_eq!(h.read("b.txt").unwrap(), Bytes::from_static(b"hi\nmore"));
    }

    /// A fresh directory under the system's temporary directory.
    #[cfg(not(target_arch = "wasm32"))]
    fn temp_dir(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("layerlab-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[cfg(all(unix, not(target_arch = "wasm32")))]
    #[test]
    fn dir_host_stays_inside_its_directory() {
        use std::os::unix::fs::symlink;
        let d = temp_dir("confine");
        std::fs::create_dir_all(d.join("in")).unwrap();
        std::fs::write(d.join("in/ok.txt"), b"ok").unwrap();
        let outside = temp_dir("confine-outside");
        std::fs::write(outside.join("secret"), b"s").unwrap();
        symlink("/etc", d.join("etc")).unwrap();
        symlink(&outside, d.join("out")).unwrap();
        symlink(outside.join("new"), d.join("dangling")).unwrap();
        symlink("../..", d.join("in/up")).unwrap();
        symlink("in", d.join("alias")).unwrap();
        symlink("ok.txt", d.join("in/same")).unwrap();
        let mut h = DirHost::new(&d);
        for name in ["etc/passwd", "out/secret", "in/up/etc/passwd", "dangling"] {
            assert_eq!(h.read(name), Err(HostError::OutsideHost), "{name}");
        }
        for name in ["etc/evil", "out/new", "dangling", "in/up/x"] {
            assert_eq!(
                h.write(name, Bytes::from_static(b"x")),
                Err(HostError::OutsideHost)
            );
            assert_eq!(h.append(name, b"x"), Err(HostError::OutsideHost));
        }
        assert_eq!(h.remove("out/secret"), Err(HostError::OutsideHost));
        assert!(outside.join("secret").exists());
        assert!(!outside.join("new").exists());
        assert_eq!(
            HostError::OutsideHost.reason(),
            "Symbolic link leads outside the host directory"
        );
        // Links that stay inside work; the listing shows no file outside.
        assert_eq!(&h.read("alias/ok.txt").unwrap()[..], b"ok");
        assert_eq!(&h.read("in/same").unwrap()[..], b"ok");
        h.write("alias/made.txt", Bytes::from_static(b"m")).unwrap();
        assert!(d.join("in/made.txt").exists());
        let names: Vec<String> = h.list().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["in/made.txt", "in/ok.txt", "in/same"]);
        let _ = std::fs::remove_dir_all(&d);
        let _ = std::fs::remove_dir_all(&outside);
    }
}
