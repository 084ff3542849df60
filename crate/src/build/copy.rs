//! COPY and ADD: which paths the sources name (globs as `filepath.Match` per segment),
//! where they land (Docker's destination rules), with what owner and mode, and ADD's
//! extraction of local tar archives.

use super::context::{Context, File};
use super::error::Error;
use crate::container::rootfs::Rootfs;
use crate::fs::layer::{Kind, LayerIndex};
use crate::go::path::path_match;
use bytes::Bytes;

/// How the copied paths are owned and moded.
pub struct Options {
    pub owner: Option<(u64, u64)>,
    pub chmod: Option<u32>,
    /// ADD: a local tar archive is extracted rather than copied.
    pub unpack: bool,
    pub now: u64,
    /// What an ADDed archive may take once inflated (the session's memory budget).
    pub memory: crate::budget::Budget,
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect()
}

/// Cleans a source path against the context root (no way out of it with `..`).
fn clean(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

/// Context paths a source names: itself, or what its glob matches. `""` is the root.
pub fn matches(tree: &Context, source: &str) -> Vec<String> {
    let src = clean(source);
    if src.is_empty() {
        return vec![String::new()];
    }
    let has_glob = src.contains(['*', '?', '[']);
    if !has_glob {
        return if tree.files.contains_key(&src) {
            vec![src]
        } else {
            Vec::new()
        };
    }
    let pat = segments(&src);
    tree.files
        .keys()
        .filter(|p| {
            let s = segments(p);
            s.len() == pat.len()
                && pat
                    .iter()
                    .zip(&s)
                    .all(|(a, b)| path_match(a, b).unwrap_or(false))
        })
        .cloned()
        .collect()
}

/// The paths below `dir` (relative to it), with their files.
fn below<'a>(tree: &'a Context, dir: &'a str) -> impl Iterator<Item = (String, &'a File)> + 'a {
    tree.files.iter().filter_map(move |(p, f)| {
        let rel = if dir.is_empty() {
            Some(p.as_str())
        } else {
            p.strip_prefix(dir).and_then(|r| r.strip_prefix('/'))
        };
        rel.filter(|r| !r.is_empty()).map(|r| (r.to_string(), f))
    })
}

fn join(dir: &str, rel: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{rel}")
    } else {
        format!("{dir}/{rel}")
    }
}

/// Creates `dir` and its missing parents (0755), owned by `--chown`'s owner when given, as
/// BuildKit's copy does (`MkdirAll` with the chowner); otherwise by root.
fn mkdir_parents(fs: &mut Rootfs, dir: &str, opts: &Options) -> Result<(), Error> {
    let mut created = Vec::new();
    let mut at = String::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        at.push('/');
        at.push_str(seg);
        if !fs.exists(&at) {
            created.push(at.clone());
        }
    }
    if created.is_empty() {
        return Ok(());
    }
    fs.mkdir_all(dir, 0o755, opts.now)?;
    if let Some((uid, gid)) = opts.owner {
        for d in &created {
            fs.chown(d, Some(uid), Some(gid), false)?;
        }
    }
    Ok(())
}

/// Writes one path into the filesystem with its metadata.
fn put(fs: &mut Rootfs, path: &str, f: &File, opts: &Options) -> Result<(), Error> {
    let (uid, gid) = opts.owner.unwrap_or((f.uid, f.gid));
    if let Some(parent) = path
        .rsplit_once('/')
        .map(|(p, _)| p)
        .filter(|p| !p.is_empty())
    {
        mkdir_parents(fs, parent, opts)?;
    }
    match f.kind {
        Kind::Dir => {
            if !fs.stat(path).is_ok_and(|s| s.is_dir()) {
                if fs.lstat(path).is_ok() {
                    fs.remove_all(path, opts.now)?;
                }
                fs.mkdir(path, 0o755, opts.now)?;
            }
        }
        Kind::Symlink => {
            if fs.lstat(path).is_ok() {
                fs.remove_all(path, opts.now)?;
            }
            fs.symlink(f.link.as_deref().unwrap_or(""), path, opts.now)?;
            fs.chown(path, Some(uid), Some(gid), false)?;
            return Ok(());
        }
        _ => {
            if fs
                .lstat(path)
                .is_ok_and(|s| s.is_dir() || s.kind == Kind::Symlink)
            {
                fs.remove_all(path, opts.now)?;
            }
            fs.write_file(path, f.data.clone(), opts.now)?;
        }
    }
    fs.chmod(path, opts.chmod.unwrap_or(f.mode))?;
    fs.chown(path, Some(uid), Some(gid), true)?;
    // chown clears setuid/setgid bits; the source's mode is what COPY keeps.
    fs.chmod(path, opts.chmod.unwrap_or(f.mode))?;
    fs.touch(path, f.mtime, opts.now)?;
    Ok(())
}

/// A tar archive ADD extracts: by content, as Docker decides (plain, gzip, bzip2, xz, zstd).
/// A tar that moby's extraction refuses ([`crate::tarball::rules`]) fails the step.
fn archive(name: &str, data: &Bytes, opts: &Options) -> Result<Option<LayerIndex>, Error> {
    let compressed =
        crate::compress::Compression::detect(data) != crate::compress::Compression::None;
    let plain_tar = data.len() >= 512 && &data[257..262] == b"ustar";
    if !compressed && !plain_tar {
        return Ok(None);
    }
    let index = match LayerIndex::from_blob(data.clone(), name, opts.memory) {
        Ok(i) if !i.is_empty() => i,
        Err(e @ (crate::error::Error::Rule(_) | crate::error::Error::Memory(_))) => {
            return Err(Error::LayerIndex(e))
        }
        _ => return Ok(None),
    };
    // Extracted on its own: every hardlink names a file of the same tar.
    index
        .feed_rules(&mut crate::tarball::rules::Rules::new())
        .map_err(Error::LayerIndex)?;
    Ok(Some(index))
}

fn extract(fs: &mut Rootfs, dest: &str, index: &LayerIndex, opts: &Options) -> Result<(), Error> {
    let tree = Context::from_index(index)?;
    // An archive's own owners stay; --chown only owns the directories made for it.
    mkdir_parents(fs, dest, opts)?;
    let keep = Options {
        owner: None,
        chmod: None,
        unpack: false,
        now: opts.now,
        memory: opts.memory,
    };
    for (rel, f) in below(&tree, "") {
        put(fs, &join(dest, &rel), f, &keep)?;
    }
    Ok(())
}

fn has_glob(source: &str) -> bool {
    source.contains(['*', '?', '['])
}

/// Copies `sources` (context paths, possibly globs) from `tree` to `dest` (absolute), each
/// in turn as BuildKit's file op does: a directory's contents go to `dest`; a file goes
/// into `dest` when it ends with `/` (`dest_is_dir`) or is a directory, else becomes
/// `dest` (so several files onto one path: the last wins). A glob that matches nothing
/// copies nothing (BuildKit's AllowEmptyWildcard); a missing path is an error.
pub fn copy(
    fs: &mut Rootfs,
    tree: &Context,
    sources: &[String],
    dest: &str,
    dest_is_dir: bool,
    opts: &Options,
) -> Result<(), Error> {
    let mut picked: Vec<String> = Vec::new();
    for s in sources {
        let found = matches(tree, s);
        if found.is_empty() && !has_glob(s) {
            return Err(Error::SourceNotFound { path: clean(s) });
        }
        picked.extend(found);
    }
    let dest = if dest.len() > 1 {
        dest.trim_end_matches('/')
    } else {
        dest
    };
    for src in &picked {
        let root_dir = src.is_empty() || tree.files.get(src).is_some_and(|f| f.kind == Kind::Dir);
        if root_dir {
            // A directory: its contents go to dest. A missing dest is made as its parents
            // are (0755, the --chown owner or root: fsutil's prepareTargetDir), not with
            // the source directory's mode; an existing one keeps its metadata.
            match fs.lstat(dest) {
                Ok(st) if !st.is_dir() && !fs.stat(dest).is_ok_and(|s| s.is_dir()) => {
                    return Err(Error::NotADirectory {
                        path: dest.to_string(),
                    });
                }
                Ok(_) => {}
                Err(_) => mkdir_parents(fs, dest, opts)?,
            }
            for (rel, f) in below(tree, src) {
                put(fs, &join(dest, &rel), f, opts)?;
            }
            continue;
        }
        let Some(f) = tree.files.get(src) else {
            continue;
        };
        if opts.unpack && f.kind == Kind::File {
            if let Some(index) = archive(src, &f.data, opts)? {
                extract(fs, dest, &index, opts)?;
                continue;
            }
        }
        let name = src.rsplit('/').next().unwrap_or(src);
        let into_dir = dest_is_dir || fs.stat(dest).is_ok_and(|s| s.is_dir());
        let target = if into_dir {
            join(dest, name)
        } else {
            dest.to_string()
        };
        put(fs, &target, f, opts)?;
    }
    Ok(())
}

/// The bytes of the files the sources name (what BuildKit sends of the context: only the
/// paths COPY and ADD use, its `FollowPaths`).
pub fn size_of(tree: &Context, sources: &[String]) -> u64 {
    let mut seen = std::collections::BTreeSet::new();
    for s in sources {
        for m in matches(tree, s) {
            if let Some(f) = tree.files.get(&m) {
                seen.insert((m.clone(), f.data.len() as u64));
            }
            for (rel, f) in below(tree, &m) {
                seen.insert((join(&m, &rel), f.data.len() as u64));
            }
        }
    }
    seen.into_iter().map(|(_, n)| n).sum()
}

/// A digest of what the sources name (paths, metadata and contents): the cache key part of
/// a COPY or ADD.
pub fn checksum(tree: &Context, sources: &[String]) -> crate::digest::Digest {
    let mut text = String::new();
    for s in sources {
        for m in matches(tree, s) {
            let mut add = |p: &str, f: &File| {
                text.push_str(&format!(
                    "{p}\0{:?}\0{:o}\0{}\0{}\0{}\0{}\n",
                    f.kind,
                    f.mode,
                    f.uid,
                    f.gid,
                    f.link.as_deref().unwrap_or(""),
                    crate::digest::Digest::of(&f.data)
                ));
            };
            if let Some(f) = tree.files.get(&m) {
                add(&m, f);
            }
            for (rel, f) in below(tree, &m) {
                add(&join(&m, &rel), f);
            }
        }
    }
    crate::digest::Digest::of(text.as_bytes())
}
