//! Host files: what the user uploaded and what commands wrote. The page keeps them in
//! memory ([`MemHost`]); the native binary maps them to a directory ([`DirHost`]).
//! Names are relative paths without `..`; `/` separates directories.

use bytes::Bytes;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostError {
    NotFound,
    IsDirectory,
    InvalidName,
    Io(String),
}

impl HostError {
    /// The tail of a shell message: `ls: cannot access 'x': No such file or directory`.
    pub fn reason(&self) -> String {
        match self {
            HostError::NotFound => "No such file or directory".into(),
            HostError::IsDirectory => "Is a directory".into(),
            HostError::InvalidName => "Invalid argument".into(),
            HostError::Io(e) => e.clone(),
        }
    }
}

pub trait Host {
    fn read(&self, name: &str) -> Result<Bytes, HostError>;
    fn write(&mut self, name: &str, data: Bytes) -> Result<(), HostError>;
    /// Writes a file made of pieces (a saved archive's headers and layer views) without
    /// joining them first where the host can avoid it.
    fn write_parts(&mut self, name: &str, parts: Vec<Bytes>) -> Result<(), HostError> {
        self.write(name, crate::stream::concat(parts))
    }
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
/// written in; reading it whole joins them once.
#[derive(Default)]
pub struct MemHost {
    files: BTreeMap<String, std::cell::RefCell<Vec<Bytes>>>,
}

impl MemHost {
    pub fn new() -> MemHost {
        MemHost::default()
    }
}

impl MemHost {
    fn find(&self, name: &str) -> Result<&std::cell::RefCell<Vec<Bytes>>, HostError> {
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

impl Host for MemHost {
    fn read(&self, name: &str) -> Result<Bytes, HostError> {
        let cell = self.find(name)?;
        let mut parts = cell.borrow_mut();
        if parts.len() > 1 {
            let joined = crate::stream::concat(std::mem::take(&mut *parts));
            parts.push(joined);
        }
        Ok(parts.first().cloned().unwrap_or_default())
    }
    fn write(&mut self, name: &str, data: Bytes) -> Result<(), HostError> {
        self.write_parts(name, vec![data])
    }
    fn write_parts(&mut self, name: &str, parts: Vec<Bytes>) -> Result<(), HostError> {
        let n = clean(name)?;
        self.files.insert(n, std::cell::RefCell::new(parts));
        Ok(())
    }
    fn size(&self, name: &str) -> Result<u64, HostError> {
        Ok(self
            .find(name)?
            .borrow()
            .iter()
            .map(|p| p.len() as u64)
            .sum())
    }
    fn read_range(&self, name: &str, offset: u64, len: u64) -> Result<Vec<u8>, HostError> {
        let cell = self.find(name)?;
        let parts = cell.borrow();
        let mut out = Vec::new();
        let (mut pos, end) = (0u64, offset.saturating_add(len));
        for p in parts.iter() {
            let (a, b) = (pos, pos + p.len() as u64);
            let (s, e) = (offset.max(a), end.min(b));
            if s < e {
                out.extend_from_slice(&p[(s - a) as usize..(e - a) as usize]);
            }
            pos = b;
        }
        Ok(out)
    }
    fn remove(&mut self, name: &str) -> Result<(), HostError> {
        let n = clean(name)?;
        self.files.remove(&n).map(|_| ()).ok_or(HostError::NotFound)
    }
    fn list(&self) -> Vec<(String, u64)> {
        self.files
            .iter()
            .map(|(k, v)| (k.clone(), v.borrow().iter().map(|p| p.len() as u64).sum()))
            .collect()
    }
}

/// Host files in a directory of the real file system (the native binary).
#[cfg(not(target_arch = "wasm32"))]
pub struct DirHost {
    root: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl DirHost {
    pub fn new(root: impl Into<std::path::PathBuf>) -> DirHost {
        DirHost { root: root.into() }
    }
    fn path(&self, name: &str) -> Result<std::path::PathBuf, HostError> {
        Ok(self.root.join(clean(name)?))
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
        self.write_parts(name, vec![data])
    }
    fn write_parts(&mut self, name: &str, parts: Vec<Bytes>) -> Result<(), HostError> {
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
            f.write_all(part).map_err(io_err)?;
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
    fn list(&self) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut stack = vec![(self.root.clone(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let name = format!("{prefix}{}", e.file_name().to_string_lossy());
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
}
