//! The build context: the files a Dockerfile's COPY and ADD can read. It comes from host
//! files under a directory (`docker build site/`), from a tar archive (plain, gzip or zstd:
//! `docker build ctx.tar.gz`, or `docker build - < ctx.tar`), or is empty (a Dockerfile on
//! standard input). `.dockerignore` at its root leaves paths out.

use super::error::Error;
use super::ignore::Ignore;
use crate::budget::Budget;
use crate::fs::layer::{Kind, LayerIndex};
use crate::host::Host;
use bytes::Bytes;
use std::collections::BTreeMap;

/// One path of the context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub kind: Kind,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: u64,
    pub data: Bytes,
    /// A symlink's target.
    pub link: Option<String>,
}

/// Paths are relative, cleaned, without a leading `/`; directories are listed too.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub files: BTreeMap<String, File>,
    /// What `load build context` transfers, in bytes (for the progress line).
    pub size: u64,
}

impl Context {
    pub fn empty() -> Context {
        Context::default()
    }

    /// Host files named `dir/...` (`.` or `./` for all of them). `None` when there is none.
    pub fn from_host_dir(host: &dyn Host, dir: &str, mtime: u64) -> Option<Context> {
        let prefix = match dir.trim_end_matches('/') {
            "" | "." => String::new(),
            d => format!("{}/", d.trim_start_matches("./")),
        };
        let mut cx = Context::default();
        let mut found = false;
        for (name, _) in host.list() {
            let Some(rel) = name.strip_prefix(&prefix) else {
                continue;
            };
            let Ok(data) = host.read(&name) else { continue };
            found = true;
            cx.add_parents(rel, mtime);
            cx.files.insert(
                rel.to_string(),
                File {
                    kind: Kind::File,
                    mode: 0o644,
                    uid: 0,
                    gid: 0,
                    mtime,
                    data,
                    link: None,
                },
            );
        }
        found.then_some(cx)
    }

    /// A tar archive (any compression layerlab reads; `what` names it in errors),
    /// inflated within the memory budget.
    pub fn from_tar(blob: Bytes, what: &str, memory: Budget) -> Result<Context, Error> {
        let index = LayerIndex::from_blob(blob, what, memory).map_err(Error::ContextArchive)?;
        // Extracted on its own: every hardlink names a file of the same tar.
        index
            .feed_rules(&mut crate::tarball::rules::Rules::new())
            .map_err(Error::ContextArchive)?;
        let mut cx = Context::from_index(&index)?;
        let paths: Vec<(String, u64)> =
            cx.files.iter().map(|(p, f)| (p.clone(), f.mtime)).collect();
        for (path, mtime) in paths {
            cx.add_parents(&path, mtime);
        }
        Ok(cx)
    }

    /// The entries of a tar as they are (no implied parent directories): a hardlink is the
    /// file it links to; devices and fifos are left out, as a build context leaves them.
    pub fn from_index(index: &LayerIndex) -> Result<Context, Error> {
        let mut cx = Context::default();
        for e in index.entries() {
            if e.path.is_empty() {
                continue;
            }
            let (kind, link, data) = match e.kind {
                Kind::Hardlink => match e.link.as_ref().and_then(|t| cx.files.get(t)) {
                    Some(target) => (Kind::File, None, target.data.clone()),
                    None => continue,
                },
                Kind::File => (
                    Kind::File,
                    None,
                    index.data(e).map_err(|e| Error::ContextArchive(e.into()))?,
                ),
                Kind::Dir | Kind::Symlink => (e.kind, e.link.clone(), Bytes::new()),
                _ => continue,
            };
            cx.files.insert(
                e.path.clone(),
                File {
                    kind,
                    mode: e.mode,
                    uid: e.uid,
                    gid: e.gid,
                    mtime: e.mtime,
                    data,
                    link,
                },
            );
        }
        Ok(cx)
    }

    /// The files of an image or an earlier stage (`COPY --from=`).
    pub fn from_union(union: &crate::fs::union::Union) -> Context {
        let mut cx = Context::default();
        for (path, node) in union.iter() {
            let kind = match node.kind {
                Kind::Hardlink => Kind::File,
                k @ (Kind::File | Kind::Dir | Kind::Symlink) => k,
                _ => continue,
            };
            let data = if kind == Kind::File {
                union.content(node).unwrap_or_default()
            } else {
                Bytes::new()
            };
            let link = if kind == Kind::Symlink {
                node.link.clone()
            } else {
                None
            };
            cx.files.insert(
                path.to_string(),
                File {
                    kind,
                    mode: node.mode,
                    uid: node.uid,
                    gid: node.gid,
                    mtime: node.mtime,
                    data,
                    link,
                },
            );
        }
        cx
    }

    fn add_parents(&mut self, path: &str, mtime: u64) {
        let mut at = 0;
        while let Some(i) = path[at..].find('/') {
            let dir = &path[..at + i];
            self.files.entry(dir.to_string()).or_insert(File {
                kind: Kind::Dir,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime,
                data: Bytes::new(),
                link: None,
            });
            at += i + 1;
        }
    }

    /// Reads `.dockerignore` and leaves out what it names (the Dockerfile and the
    /// `.dockerignore` are read before that, as BuildKit does).
    pub fn apply_dockerignore(&mut self) -> Result<(), Error> {
        let Some(f) = self.files.get(".dockerignore") else {
            return Ok(());
        };
        let ignore = Ignore::parse(&String::from_utf8_lossy(&f.data))?;
        self.files.retain(|path, _| !ignore.excludes(path));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::MemHost;

    #[test]
    fn host_dir_and_dockerignore() {
        let mut h = MemHost::new();
        h.write("site/index.html", Bytes::from_static(b"<h1>hi</h1>"))
            .unwrap();
        h.write("site/css/a.css", Bytes::from_static(b"a")).unwrap();
        h.write("site/.dockerignore", Bytes::from_static(b"*.md\n"))
            .unwrap();
        h.write("site/notes.md", Bytes::from_static(b"x")).unwrap();
        h.write("other.txt", Bytes::from_static(b"x")).unwrap();
        let mut cx = Context::from_host_dir(&h, "site/", 7).unwrap();
        cx.apply_dockerignore().unwrap();
        let paths: Vec<&str> = cx.files.keys().map(String::as_str).collect();
        assert_eq!(paths, [".dockerignore", "css", "css/a.css", "index.html"]);
        assert_eq!(cx.files["css"].kind, Kind::Dir);
        assert!(Context::from_host_dir(&h, "nosuch", 0).is_none());
        assert_eq!(Context::from_host_dir(&h, ".", 0).unwrap().files.len(), 7);
    }
}
