//! The containers of a session: identity, name, state and configuration, each with its own
//! copy-on-write root filesystem over its image's shared, read-only layers.

use crate::container::rootfs::Rootfs;
use crate::digest::Digest;
use crate::time::Timestamp;
use serde_json::{Map, Value};

/// Where a container is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Created,
    Running {
        started: Timestamp,
    },
    Exited {
        code: i32,
        started: Timestamp,
        finished: Timestamp,
    },
}

pub struct Container {
    pub id: Digest,
    pub name: String,
    pub image: Digest,
    /// The image as the user named it (`nginx`, `75ae`), shown by `docker ps`.
    pub image_name: String,
    pub created: Timestamp,
    /// The program and its arguments (entrypoint and command).
    pub path: String,
    pub args: Vec<String>,
    /// The container config (Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Labels...).
    pub config: Map<String, Value>,
    pub state: State,
    pub auto_remove: bool,
    pub rootfs: Rootfs,
    /// Environment and working directory the built-in shell keeps between `exec`s.
    pub env: Vec<(String, String)>,
}

impl Container {
    pub fn is_running(&self) -> bool {
        matches!(self.state, State::Running { .. })
    }

    /// Bytes the container layer holds (Docker's SizeRw): file contents, counted once per
    /// inode, and symlink target lengths.
    pub fn size_rw(&self) -> u64 {
        use crate::container::Upper;
        let upper = self.rootfs.upper();
        let mut seen = std::collections::HashSet::new();
        upper
            .iter()
            .map(|(_, u)| match u {
                Upper::File(ino) if seen.insert(*ino) => {
                    upper.inode(*ino).map(|i| i.data.len() as u64).unwrap_or(0)
                }
                Upper::Symlink { target, .. } => target.len() as u64,
                _ => 0,
            })
            .sum()
    }

    /// `docker ps`'s COMMAND: the program and its arguments joined by spaces, an argument
    /// that contains a space in single quotes (moby daemon/container/view.go).
    pub fn command(&self) -> String {
        std::iter::once(self.path.clone())
            .chain(self.args.iter().map(|a| {
                if a.contains(' ') {
                    format!("'{a}'")
                } else {
                    a.clone()
                }
            }))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Default)]
pub struct Containers {
    list: Vec<Container>,
    /// Containers made so far, so that IDs and names never repeat in a session.
    made: u64,
}

/// Docker's container-name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn valid_name(name: &str) -> bool {
    name.len() > 1
        && name
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_alphanumeric() || (i > 0 && matches!(b, b'_' | b'.' | b'-')))
}

/// Why a name did not find one container; each names the container as it was asked for.
/// The text is the daemon's (the command line prefixes `Error response from daemon: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerLookupError {
    NotFound {
        name: String,
    },
    /// An ID prefix that more than one container has.
    Ambiguous {
        prefix: String,
    },
}

impl std::fmt::Display for ContainerLookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContainerLookupError::NotFound { name } => write!(f, "No such container: {name}"),
            ContainerLookupError::Ambiguous { prefix } => {
                write!(f, "multiple IDs found with provided prefix: {prefix}")
            }
        }
    }
}

impl std::error::Error for ContainerLookupError {}

impl Containers {
    pub fn new() -> Containers {
        Containers::default()
    }

    /// A fresh ID: sha256 of the image, the clock and a counter (reproducible with --now).
    pub fn next_id(&mut self, image: &Digest, now: Timestamp) -> Digest {
        self.made += 1;
        Digest::of(format!("layerlab-container {image} {} {}", now.0, self.made).as_bytes())
    }

    /// A generated `adjective_surname` name not yet in use.
    pub fn generate_name(&self, id: &Digest) -> String {
        (0..100)
            .map(|attempt| crate::names::generate(id.as_bytes(), attempt))
            .find(|n| self.by_name(n).is_none())
            .unwrap_or_else(|| format!("container_{}", id.short()))
    }

    pub fn by_name(&self, name: &str) -> Option<&Container> {
        self.list.iter().find(|c| c.name == name)
    }

    /// Docker's rules: the full ID, then the name, then a unique ID prefix.
    pub fn find(&self, name: &str) -> Result<usize, ContainerLookupError> {
        let asked = name;
        let not_found = || ContainerLookupError::NotFound {
            name: asked.to_string(),
        };
        let name = name.strip_prefix('/').unwrap_or(name);
        if let Some(i) = self.list.iter().position(|c| c.id.hex() == name) {
            return Ok(i);
        }
        if let Some(i) = self.list.iter().position(|c| c.name == name) {
            return Ok(i);
        }
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let mut hits = self
            .list
            .iter()
            .enumerate()
            .filter(|(_, c)| c.id.hex().starts_with(name));
        match (hits.next(), hits.next()) {
            (Some((i, _)), None) => Ok(i),
            (Some(_), Some(_)) => Err(ContainerLookupError::Ambiguous {
                prefix: asked.to_string(),
            }),
            _ => Err(not_found()),
        }
    }

    pub fn get(&self, i: usize) -> Option<&Container> {
        self.list.get(i)
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut Container> {
        self.list.get_mut(i)
    }

    pub fn add(&mut self, c: Container) -> usize {
        self.list.push(c);
        self.list.len() - 1
    }

    pub fn remove(&mut self, i: usize) -> Option<Container> {
        (i < self.list.len()).then(|| self.list.remove(i))
    }

    /// Newest first, as `docker ps` lists them.
    pub fn newest_first(&self) -> Vec<&Container> {
        let mut v: Vec<&Container> = self.list.iter().collect();
        v.reverse();
        v
    }

    /// The containers made from an image.
    pub fn using(&self, image: &Digest) -> Vec<&Container> {
        self.list.iter().filter(|c| c.image == *image).collect()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
