//! `docker diff`: what a container changed, computed as moby does for overlay2
//! (`archive.OverlayChanges`): a walk of the container layer in `filepath.Walk` order
//! (depth first, names sorted bytewise), where
//! - a whiteout is `D path`, and so is an opaque directory (moby reports a directory that
//!   was deleted and made again as deleted; what is inside it follows as `A`/`C`);
//! - a path no layer below has is `A`; one that some layer below has is `C`, except a
//!   directory whose mode and mtime are those below (it was only copied up because
//!   something inside it changed), which is left out;
//! - before an `A` or `D`, its parent directory is listed as `C` unless it was listed
//!   already (only the immediate parent: grandparents appear only if they changed).
//!
//! The runtime mounts (`/etc/hosts`, `/dev`, ...) never reach the container layer, so
//! they never show, as in Docker.

use super::layer::Upper;
use super::rootfs::Rootfs;
use std::collections::HashSet;
use std::fmt;

/// How a path changed: `C`, `A` or `D`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Modified,
    Added,
    Deleted,
}

impl ChangeKind {
    /// The letter `docker diff` prints.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Modified => 'C',
            ChangeKind::Added => 'A',
            ChangeKind::Deleted => 'D',
        }
    }
}

/// One line of `docker diff`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// Absolute: `/etc/passwd`.
    pub path: String,
}

impl fmt::Display for Change {
    /// `C /etc`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.letter(), self.path)
    }
}

impl Rootfs {
    /// The container's changes, in the order `docker diff` prints them.
    pub fn changes(&self) -> Vec<Change> {
        let mut out: Vec<Change> = Vec::new();
        let mut changed_dirs: HashSet<String> = HashSet::new();
        for (path, entry) in self.upper_walk() {
            let kind = match entry {
                Upper::Whiteout { .. } | Upper::Dir { opaque: true, .. } => ChangeKind::Deleted,
                _ if !self.in_lower_layers(path) => ChangeKind::Added,
                Upper::Dir { meta, .. } => {
                    let same = self.find_layers(path, false).is_some_and(|lower| {
                        lower.stat.is_dir()
                            && lower.stat.mode == meta.mode
                            && lower.stat.mtime == meta.mtime
                    });
                    if same {
                        continue;
                    }
                    ChangeKind::Modified
                }
                _ => ChangeKind::Modified,
            };
            if entry.is_dir() {
                changed_dirs.insert(path.to_string());
            }
            if kind != ChangeKind::Modified {
                let parent = crate::fs::parent(path);
                if !parent.is_empty() && changed_dirs.insert(parent.to_string()) {
                    out.push(Change {
                        kind: ChangeKind::Modified,
                        path: format!("/{parent}"),
                    });
                }
            }
            out.push(Change {
                kind,
                path: format!("/{path}"),
            });
        }
        out
    }
}
