//! `docker cp`: copies files between host files and a container's filesystem, in either
//! direction (`CONTAINER:SRC DEST` or `SRC CONTAINER:DEST`).

use super::{parse_flags, Usage};
use crate::cli::flags::{flag, Spec};
use crate::cli::Ctx;
use crate::container::rootfs::FsError;
use crate::containers::ContainerLookupError;
use crate::content::Blob;
use crate::fs::Kind;
use crate::host::HostError;
use bytes::Bytes;
use std::fmt;

pub const USAGE: Usage = Usage {
    command: "docker cp",
    synopsis: "docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    summary: "Copy files/folders between a container and the local filesystem",
    aliases: "docker container cp, docker cp",
    options: "  -a, --archive       Archive mode (copy all uid/gid information)\n  -L, --follow-link   Always follow symbol link in SRC_PATH\n  -q, --quiet         Suppress progress output during copy. Progress output is\n                      automatically suppressed if no terminal is attached\n",
};

const SPECS: &[Spec] = &[
    flag(Some('a'), "archive"),
    flag(Some('L'), "follow-link"),
    flag(Some('q'), "quiet"),
];

/// Why a copy failed; each renders as the line `docker cp` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CopyError {
    /// `CONTAINER:SRC CONTAINER:DEST`.
    BetweenContainers,
    /// Neither argument names a container.
    NoContainer,
    /// No such container, or an ambiguous ID prefix.
    Container(ContainerLookupError),
    /// A container path (or a destination's parent) that does not exist.
    FileNotFound { path: String, container: String },
    /// A source file in the container that cannot be read (its `strerror` text).
    Read(FsError),
    /// A destination in the container that cannot be written.
    Write(FsError),
    /// A host source that does not exist.
    SourceNotFound { path: String },
    /// A host destination that cannot be written.
    HostWrite { name: String, error: HostError },
    /// A tar stream on standard input that does not parse.
    Archive(crate::error::Error),
    /// Writing the tar stream for standard output failed.
    Tar { msg: String },
    /// The tar stream for standard output would pass the memory budget.
    Memory(crate::budget::OverBudget),
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::BetweenContainers => {
                f.write_str("copying between containers is not supported")
            }
            CopyError::NoContainer => f.write_str("must specify at least one container source"),
            CopyError::Container(e) => write!(f, "Error response from daemon: {e}"),
            CopyError::FileNotFound { path, container } => write!(
                f,
                "Error response from daemon: Could not find the file {path} in container {container}"
            ),
            CopyError::Read(e) => f.write_str(e.reason()),
            CopyError::Write(e) => write!(f, "Error response from daemon: {}", e.reason()),
            CopyError::SourceNotFound { path } => {
                write!(f, "lstat {path}: no such file or directory")
            }
            CopyError::HostWrite { name, error } => {
                write!(f, "open {name}: {}", error.reason().to_lowercase())
            }
            CopyError::Archive(e) => write!(f, "Error response from daemon: {e}"),
            CopyError::Tar { msg } => f.write_str(msg),
            CopyError::Memory(e) => write!(f, "Error response from daemon: {e}"),
        }
    }
}

/// The index of container `name`.
fn find(cx: &Ctx, name: &str) -> Result<usize, CopyError> {
    cx.containers.find(name).map_err(CopyError::Container)
}

/// `name:path` → (container, path); a host path has no colon before its first slash.
fn split(arg: &str) -> Option<(&str, &str)> {
    let (c, p) = arg.split_once(':')?;
    (!c.is_empty() && !c.contains('/')).then_some((c, p))
}

/// Bytes a tar stream of these files would take (what Docker reports as copied).
/// The size of a tar of files of these sizes.
fn tar_size(sizes: impl Iterator<Item = u64>) -> u64 {
    sizes
        .map(|n| 512 + n.div_ceil(512) * 512)
        .fold(1024, u64::saturating_add)
}

fn base(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

pub fn run(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &USAGE, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, &USAGE, &p, super::Args::Exactly(2)) {
        return code;
    }
    let (src, dst) = (&p.args[0], &p.args[1]);
    let result = match (split(src), split(dst)) {
        (Some((c, path)), None) => from_container(cx, c, path, dst),
        (None, Some((c, path))) => to_container(cx, src, c, path),
        (Some(_), Some(_)) => Err(CopyError::BetweenContainers),
        (None, None) => Err(CopyError::NoContainer),
    };
    match result {
        Ok((size, to)) => {
            // Docker's CLI is quiet unless told otherwise when its standard output is not
            // a terminal (docker/cli v28.2.2 cli/command/container/cp.go).
            if !p.on("quiet") && cx.io.stdout_is_terminal && to != "STDOUT" {
                cx.io.err(&format!(
                    "Successfully copied {} to {to}\n",
                    crate::format::human_size_4(size)
                ));
            }
            0
        }
        Err(e) => {
            cx.io.err(&format!("{e}\n"));
            1
        }
    }
}

/// Files under `path` in the container (one file, or a directory's files by relative name).
fn collect(
    fs: &crate::container::Rootfs,
    path: &str,
    rel: &str,
    out: &mut Vec<(String, Blob)>,
    depth: usize,
) -> Result<(), CopyError> {
    if depth > 64 {
        return Ok(());
    }
    let st = fs.stat(path).map_err(CopyError::Read)?;
    if st.kind == Kind::Dir {
        for (name, _) in fs.read_dir(path).map_err(CopyError::Read)? {
            collect(
                fs,
                &format!("{}/{name}", path.trim_end_matches('/')),
                &format!("{rel}/{name}"),
                out,
                depth + 1,
            )?;
        }
    } else if st.kind == Kind::File {
        out.push((
            rel.to_string(),
            fs.read_blob(path).map_err(CopyError::Read)?,
        ));
    }
    Ok(())
}

fn from_container(
    cx: &mut Ctx,
    name: &str,
    path: &str,
    dst: &str,
) -> Result<(u64, String), CopyError> {
    let i = find(cx, name)?;
    let gone = || {
        CopyError::Container(ContainerLookupError::NotFound {
            name: name.to_string(),
        })
    };
    let c = cx.containers.get(i).ok_or_else(gone)?;
    let abs = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let st = c.rootfs.stat(&abs).map_err(|_| CopyError::FileNotFound {
        path: abs.clone(),
        container: name.to_string(),
    })?;
    let mut files = Vec::new();
    collect(&c.rootfs, &abs, "", &mut files, 0)?;
    let size = tar_size(files.iter().map(|(_, d)| d.len() as u64));
    if dst == "-" {
        // A tar stream of the source on standard output, named as the source's base: it is
        // built in one buffer.
        cx.memory
            .check(format!("the tar of {name}:{abs}"), size)
            .map_err(CopyError::Memory)?;
        let mut b = tar::Builder::new(Vec::new());
        for (rel, blob) in &files {
            let data = blob
                .to_bytes()
                .map_err(|e| CopyError::Tar { msg: e.to_string() })?;
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_mtime(st.mtime);
            let name = format!("{}{rel}", base(&abs));
            b.append_data(&mut h, name, &data[..])
                .map_err(|e| CopyError::Tar { msg: e.to_string() })?;
        }
        let tar = b
            .into_inner()
            .map_err(|e| CopyError::Tar { msg: e.to_string() })?;
        cx.io.stdout.push_bytes(Bytes::from(tar));
        return Ok((size, "STDOUT".into()));
    }
    // Into an existing host directory (or a path ending in /), the source keeps its name.
    let dst_is_dir = dst.ends_with('/')
        || cx
            .host
            .list()
            .iter()
            .any(|(n, _)| n.starts_with(&format!("{}/", dst.trim_end_matches('/'))));
    let target = if dst_is_dir {
        format!("{}/{}", dst.trim_end_matches('/'), base(&abs))
    } else {
        dst.to_string()
    };
    for (rel, data) in files {
        let name = if st.kind == Kind::Dir {
            format!("{target}{rel}")
        } else {
            target.clone()
        };
        // A file of a layer that stays in the user's file is written from it in pieces.
        if let Err(error) = cx.host.write_parts(&name, vec![data]) {
            return Err(CopyError::HostWrite { name, error });
        }
    }
    Ok((size, dst.to_string()))
}

fn to_container(
    cx: &mut Ctx,
    src: &str,
    name: &str,
    path: &str,
) -> Result<(u64, String), CopyError> {
    let i = find(cx, name)?;
    let prefix = format!("{}/", src.trim_end_matches('/'));
    let stdin_tar = if src == "-" {
        Some(cx.io.stdin.take().unwrap_or_default())
    } else {
        None
    };
    let files: Vec<(String, Bytes)> = if let Some(data) = stdin_tar {
        // A tar stream on standard input is extracted into the destination directory.
        // moby extracts it into the destination directory (archive.Untar under the
        // container's root), with its breakout checks.
        let index =
            crate::tarball::index::TarIndex::build_into(&data, path).map_err(CopyError::Archive)?;
        index
            .entries()
            .iter()
            .filter(|e| e.kind == crate::tarball::index::EntryKind::File)
            .map(|e| {
                (
                    format!("/{}", e.name),
                    data.slice(e.offset as usize..(e.offset + e.size) as usize),
                )
            })
            .collect()
    } else {
        match cx.host.read(src) {
            Ok(b) => vec![(String::new(), b)],
            Err(_) => {
                let names: Vec<String> = cx
                    .host
                    .list()
                    .into_iter()
                    .map(|(n, _)| n)
                    .filter(|n| n.starts_with(&prefix))
                    .collect();
                if names.is_empty() {
                    return Err(CopyError::SourceNotFound {
                        path: src.to_string(),
                    });
                }
                names
                    .into_iter()
                    .filter_map(|n| {
                        cx.host
                            .read(&n)
                            .ok()
                            .map(|b| (format!("/{}", &n[prefix.len()..]), b))
                    })
                    .collect()
            }
        }
    };
    let size = tar_size(files.iter().map(|(_, d)| d.len() as u64));
    let now = cx.now.unix_seconds().max(0) as u64;
    let c = cx.containers.get_mut(i).ok_or_else(|| {
        CopyError::Container(ContainerLookupError::NotFound {
            name: name.to_string(),
        })
    })?;
    let abs = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let dest_is_dir = c.rootfs.stat(&abs).is_ok_and(|s| s.kind == Kind::Dir);
    let parent = abs
        .trim_end_matches('/')
        .rsplit_once('/')
        .map(|(p, _)| if p.is_empty() { "/" } else { p })
        .unwrap_or("/")
        .to_string();
    if !dest_is_dir && !c.rootfs.exists(&parent) {
        return Err(CopyError::FileNotFound {
            path: parent,
            container: name.to_string(),
        });
    }
    let target = if src == "-" {
        abs.trim_end_matches('/').to_string()
    } else if dest_is_dir {
        format!("{}/{}", abs.trim_end_matches('/'), base(src))
    } else {
        abs.clone()
    };
    for (rel, data) in files {
        let path = format!("{target}{rel}");
        if let Some((dir, _)) = path.rsplit_once('/') {
            if !dir.is_empty() {
                c.rootfs
                    .mkdir_all(dir, 0o755, now)
                    .map_err(CopyError::Write)?;
            }
        }
        c.rootfs
            .write_file(&path, data, now)
            .map_err(CopyError::Write)?;
    }
    Ok((size, format!("{name}:{path}")))
}
