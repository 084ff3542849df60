//! The containers of a session: identity, name, state and configuration, each with its own
//! copy-on-write root filesystem over its image's shared, read-only layers.

use crate::container::process::Main;
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
    /// `docker pause`d: still running, its processes frozen.
    pub paused: bool,
    /// `-p`: HostConfig.PortBindings, in the order given.
    pub port_bindings: Vec<PortBinding>,
    /// `-P`: every exposed port gets a host port when the container starts.
    pub publish_all: bool,
    /// `--network`: HostConfig.NetworkMode (`bridge` unless named).
    pub network: String,
    /// The host ports bound while it runs (NetworkSettings.Ports' bindings); empty when
    /// it is not running, as moby's releaseNetwork leaves it.
    pub bound: Vec<PortBinding>,
    /// `-t`: Config.Tty.
    pub tty: bool,
    /// `-i`: Config.OpenStdin.
    pub open_stdin: bool,
    /// What its main process is doing while it runs.
    pub main: Main,
    /// What its main process wrote, line by line, for `docker logs`.
    pub logs: Vec<LogLine>,
    /// Its volumes and bind mounts (moby's MountPoints), in the order Docker lists them.
    pub mounts: Vec<MountPoint>,
    /// `-v` bind and named-volume specs as given (HostConfig.Binds).
    pub binds: Vec<String>,
    /// `--mount` specs (HostConfig.Mounts), as moby's mount.Mount JSON.
    pub mount_specs: Vec<Value>,
}

/// Whether a mount is a volume or host files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountKind {
    Volume,
    Bind,
}

impl MountKind {
    /// `volume` or `bind`, as moby's mount.Type.
    pub fn as_str(self) -> &'static str {
        match self {
            MountKind::Volume => "volume",
            MountKind::Bind => "bind",
        }
    }
}

/// A container's volume or bind mount, as moby's MountPoint is shown by `docker inspect`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountPoint {
    pub kind: MountKind,
    /// The volume's name (empty for a bind).
    pub name: String,
    /// A bind's host path; a volume's mountpoint on the host.
    pub source: String,
    /// The path in the container.
    pub destination: String,
    /// `ro`, `z`, ... as given (`-v`), `z` for a named volume without one, or empty.
    pub mode: String,
    pub rw: bool,
    /// `rprivate` for binds, empty for volumes.
    pub propagation: String,
    /// An anonymous volume, which `--rm` and `docker rm -v` remove with the container.
    pub anonymous: bool,
}

/// A line a container's main process wrote: when, to which stream, and the text with its
/// newline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub time: Timestamp,
    pub stderr: bool,
    pub text: String,
}

impl Container {
    /// Records what the main process wrote at `time`.
    pub fn log(&mut self, time: Timestamp, stderr: bool, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        for l in text.split_inclusive('\n') {
            self.logs.push(LogLine {
                time,
                stderr,
                text: l.to_string(),
            });
        }
    }
}

/// One port mapping: container port and protocol (`80/tcp`), host IP and host port (empty
/// strings as the user left them out, or as Docker fills them in once bound).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortBinding {
    pub port: u16,
    pub proto: String,
    pub host_ip: String,
    pub host_port: String,
}

impl PortBinding {
    /// `80/tcp`: the key of Docker's port maps.
    pub fn key(&self) -> String {
        format!("{}/{}", self.port, self.proto)
    }
}

/// Parses `80/tcp` (a key of ExposedPorts).
pub fn parse_port_key(key: &str) -> Option<(u16, String)> {
    let (port, proto) = key.split_once('/').unwrap_or((key, "tcp"));
    Some((port.parse().ok()?, proto.to_string()))
}

impl Container {
    pub fn is_running(&self) -> bool {
        matches!(self.state, State::Running { .. })
    }

    /// The container's exposed ports (Config.ExposedPorts, which `-p` adds to), sorted by
    /// port number then protocol.
    pub fn exposed_ports(&self) -> Vec<(u16, String)> {
        let mut v: Vec<(u16, String)> = self
            .config
            .get("ExposedPorts")
            .and_then(Value::as_object)
            .map(|m| m.keys().filter_map(|k| parse_port_key(k)).collect())
            .unwrap_or_default();
        v.sort();
        v.dedup();
        v
    }

    /// Sends signal `sig` to its main process (`stop_signal` is the image's STOPSIGNAL,
    /// parsed): when the process ends, it writes what it writes as it goes (nginx's
    /// shutdown notices) and the container exits; returns the status then, `None` when the
    /// process ignores the signal.
    pub fn signal(&mut self, sig: i32, stop_signal: Option<i32>, now: Timestamp) -> Option<i32> {
        let code = self.main.on_signal(sig, stop_signal)?;
        let nginx = self.main == Main::Server && self.env.iter().any(|(k, _)| k == "NGINX_VERSION");
        if nginx && sig != crate::container::process::SIGKILL {
            let notices = crate::container::process::nginx_shutdown(sig, now);
            self.log(now, true, notices.as_bytes());
        }
        self.rootfs.stop();
        self.main = Main::None;
        self.set_exited(code, now);
        Some(code)
    }

    /// Marks it running since `now`, unpaused.
    pub fn set_running(&mut self, now: Timestamp) {
        self.state = State::Running { started: now };
        self.paused = false;
    }

    /// Marks it exited with `code` at `now` (started when it last started), releasing its
    /// ports, as moby's releaseNetwork does.
    pub fn set_exited(&mut self, code: i32, now: Timestamp) {
        let started = match self.state {
            State::Running { started } => started,
            State::Exited { started, .. } => started,
            State::Created => now,
        };
        self.state = State::Exited {
            code,
            started,
            finished: now,
        };
        self.paused = false;
        self.bound.clear();
        self.main = Main::None;
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
    /// Host ports handed out for `-p PORT` and `-P`, so that the next one is the next port of
    /// the ephemeral range.
    ports_given: u32,
    /// The networks `docker network create` made (the three predefined ones are implied).
    pub networks: Vec<Network>,
    /// Networks made so far, so that IDs never repeat in a session.
    networks_made: u64,
    /// Keys handed out by [`Containers::next_key`].
    keys: u64,
    /// The volumes (`docker volume`), which containers mount.
    pub volumes: crate::volumes::Volumes,
}

/// A user-defined network: layerlab's own deterministic ID, its name, when it was made and
/// the subnet it was given.
#[derive(Clone, Debug)]
pub struct Network {
    pub id: Digest,
    pub name: String,
    pub driver: String,
    pub created: Timestamp,
    /// The second octet of `172.N.0.0/16` (the default bridge has 17).
    pub subnet_octet: u8,
    pub labels: Vec<(String, String)>,
    pub internal: bool,
}

/// Docker's first ephemeral port (Linux's default ip_local_port_range starts there).
pub const FIRST_EPHEMERAL_PORT: u32 = 32768;
const LAST_EPHEMERAL_PORT: u32 = 60999;

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

    /// The containers that mount the volume `name`, newest first, as moby lists a
    /// volume's references.
    pub fn volume_users(&self, name: &str) -> Vec<&Container> {
        self.list
            .iter()
            .rev()
            .filter(|c| {
                c.mounts
                    .iter()
                    .any(|m| m.kind == MountKind::Volume && m.name == name)
            })
            .collect()
    }

    /// `docker volume rm`: removes a volume no container uses (moby's `remove NAME: volume
    /// is in use - [IDs]` otherwise).
    pub fn remove_volume(
        &mut self,
        name: &str,
    ) -> Result<crate::volumes::Volume, crate::volumes::VolumeError> {
        self.volumes.find(name)?;
        let refs: Vec<String> = self.volume_users(name).iter().map(|c| c.id.hex()).collect();
        if !refs.is_empty() {
            return Err(crate::volumes::VolumeError::InUse {
                name: name.to_string(),
                refs,
            });
        }
        self.volumes
            .remove(name)
            .ok_or_else(|| crate::volumes::VolumeError::NotFound {
                name: name.to_string(),
            })
    }

    /// After a container is removed with `--rm` or `docker rm -v`: its anonymous volumes go
    /// too, unless another container still uses one (moby ignores that error).
    pub fn remove_anonymous_volumes(&mut self, removed: &Container) {
        for m in removed.mounts.iter().filter(|m| m.anonymous) {
            let _ = self.remove_volume(&m.name);
        }
    }

    /// Removes container `i` (and, with `volumes`, its anonymous volumes).
    pub fn remove_with_volumes(&mut self, i: usize, volumes: bool) -> Option<Container> {
        let c = self.remove(i)?;
        if volumes {
            self.remove_anonymous_volumes(&c);
        }
        Some(c)
    }

    /// The containers made from an image.
    pub fn using(&self, image: &Digest) -> Vec<&Container> {
        self.list.iter().filter(|c| c.image == *image).collect()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Every container, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Container> {
        self.list.iter()
    }

    /// Binds the ports of container `i` as it starts: each `-p` binding (on 0.0.0.0 and ::
    /// when no host IP was given), an empty or `0` host port taken from the ephemeral range,
    /// and with `-P` every other exposed port too. A host port is the next of 32768..60999
    /// not bound by a running container, counted over the session (deterministic; the same
    /// session gives the same ports).
    pub fn bind_ports(&mut self, i: usize) {
        let Some(c) = self.list.get(i) else { return };
        let mut wanted: Vec<PortBinding> = c.port_bindings.clone();
        if c.publish_all {
            for (port, proto) in c.exposed_ports() {
                if !wanted.iter().any(|b| b.port == port && b.proto == proto) {
                    wanted.push(PortBinding {
                        port,
                        proto,
                        host_ip: String::new(),
                        host_port: String::new(),
                    });
                }
            }
        }
        let mut bound = Vec::new();
        for b in wanted {
            let host_port = if b.host_port.is_empty() || b.host_port == "0" {
                self.next_ephemeral_port().to_string()
            } else {
                b.host_port.clone()
            };
            let ips: Vec<String> = if b.host_ip.is_empty() {
                vec!["0.0.0.0".into(), "::".into()]
            } else {
                vec![b.host_ip.clone()]
            };
            for ip in ips {
                bound.push(PortBinding {
                    host_ip: ip,
                    host_port: host_port.clone(),
                    ..b.clone()
                });
            }
        }
        if let Some(c) = self.list.get_mut(i) {
            c.bound = bound;
        }
    }

    fn next_ephemeral_port(&mut self) -> u32 {
        let span = LAST_EPHEMERAL_PORT - FIRST_EPHEMERAL_PORT + 1;
        for _ in 0..span {
            let port = FIRST_EPHEMERAL_PORT + self.ports_given % span;
            self.ports_given += 1;
            let taken = self
                .list
                .iter()
                .any(|c| c.bound.iter().any(|b| b.host_port == port.to_string()));
            if !taken {
                return port;
            }
        }
        FIRST_EPHEMERAL_PORT
    }

    /// A new network's ID (sha256 of its name, the clock and a counter: layerlab's own,
    /// reproducible with --now) and its subnet's second octet (18, 19, ... as Docker's
    /// default address pools hand them out).
    pub fn next_network(&mut self, name: &str, now: Timestamp) -> (Digest, u8) {
        self.networks_made += 1;
        let id = Digest::of(
            format!("layerlab-network {name} {} {}", now.0, self.networks_made).as_bytes(),
        );
        let octet = (18..=31u8)
            .find(|o| !self.networks.iter().any(|n| n.subnet_octet == *o))
            .unwrap_or(31);
        (id, octet)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// A number not handed out before in this session (an interactive shell's key).
    pub fn next_key(&mut self) -> u64 {
        self.keys += 1;
        self.keys
    }

    /// Brings the containers up to the clock: a `sleep` whose time has passed has exited
    /// 0 at the moment it ended (a frozen, paused one waits), and a `--rm` one is gone.
    pub fn settle(&mut self, now: Timestamp) {
        for c in &mut self.list {
            if let (State::Running { .. }, Main::Sleep { until: Some(t) }) = (c.state, c.main) {
                if t.0 <= now.0 && !c.paused {
                    c.rootfs.stop();
                    c.set_exited(0, t);
                }
            }
        }
        let (gone, kept): (Vec<Container>, Vec<Container>) = std::mem::take(&mut self.list)
            .into_iter()
            .partition(|c| c.auto_remove && matches!(c.state, State::Exited { .. }));
        self.list = kept;
        // `--rm` removes the anonymous volumes too.
        for c in &gone {
            self.remove_anonymous_volumes(c);
        }
    }
}
