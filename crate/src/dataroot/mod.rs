//! Docker's data root, `/var/lib/docker`, as Docker 28 with the overlay2 storage driver
//! keeps it, and in Docker 29's containerd image store containerd's root beside it
//! ([`containerd`]), derived on demand from the store, the containers and the snapshot
//! service (never a second copy of their data), as a read-only file system ([`DataRoot`],
//! a [`crate::sh::fs::Fs`] over paths relative to `/var/lib`: `docker/...`,
//! `containerd/...`).
//!
//! Below `docker/` with the classic store:
//! - `overlay2/<dir>/`: per image layer (named by its cache ID), per container layer
//!   (its mount ID) and per container init layer (`<mount ID>-init`): `diff/` (the layer's
//!   files; a container's writable layer), `link` (its short name), `lower` (the short
//!   names of the layers below, nearest first: `l/AAA:l/BBB`), `work/` (layers with a
//!   parent), `committed` (layers another was made on), `merged/` (a running container's
//!   union); `overlay2/l/<link>` symlinks to `../<dir>/diff` (moby
//!   daemon/graphdriver/overlay2/overlay.go `create`, `getLower`).
//! - `image/overlay2/imagedb/content/sha256/<id>`: the config bytes (whose sha256 is the
//!   ID); `imagedb/metadata/sha256/<id>/parent` and `lastUpdated` (moby image/fs.go,
//!   image/store.go).
//! - `image/overlay2/layerdb/sha256/<chain ID>/`: `cache-id`, `diff`, `parent`, `size`
//!   (moby layer/filestore.go; `tar-split.json.gz`, the tar headers moby keeps to rebuild
//!   a layer's exact tar, is left out: layerlab keeps the tar itself);
//!   `layerdb/mounts/<container ID>/`: `init-id`, `mount-id`, `parent`.
//! - `image/overlay2/repositories.json`: the reference store (moby reference/store.go).
//! - `containers/<id>/`: `config.v2.json`, `hostconfig.json` (moby container/container.go
//!   `toDisk`, `WriteHostConfig`), `hostname`, `hosts`, `resolv.conf` (once started),
//!   `<id>-json.log` (the json-file log driver's lines, moby
//!   daemon/logger/jsonfilelog/jsonlog/jsonlogbytes.go), `checkpoints/`, `mounts/`.
//! - `volumes/`: see [`volumes`].
//!
//! With containerd's store (Docker 29) the image store and the layers are containerd's, so
//! `docker/` holds only `containers/` and `volumes/`.
//!
//! How directories are named: [`names`].

mod containerd;
pub mod names;
mod tree;
pub mod volumes;

use crate::container::rootfs::Runtime;
use crate::containers::{Container, Containers};
use crate::digest::{chain_ids, Digest};
use crate::fs::Snapshots;
use crate::sh::fs::{Error, Fs, Kind, Result, Stat};
use crate::store::Store;
use bytes::Bytes;
use serde_json::{json, Map, Value};
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use tree::{stat, Tree};

/// What the command line knows how to write about a container: its `docker inspect`
/// JSON, from which `config.v2.json` and `hostconfig.json` are taken (one
/// implementation of each field).
pub trait Documents {
    fn inspect(&self, c: &Container) -> Value;
}

/// The data root over a session's state, read-only.
pub struct DataRoot<'a> {
    store: &'a Store,
    containers: &'a Containers,
    snapshots: RefCell<&'a mut Snapshots>,
    docs: Box<dyn Documents + 'a>,
    volumes: Box<dyn volumes::Volumes + 'a>,
    /// The time shown on the directories layerlab derives (seconds).
    now: u64,
    /// Whether images live in containerd's store (Docker 29).
    containerd: bool,
    /// `overlay2/`'s directories, worked out once (the store and the containers do not
    /// change while they are borrowed).
    dirs: OnceCell<BTreeMap<String, OverlayDir>>,
    /// The layerdb's layers, worked out once.
    chains: OnceCell<BTreeMap<Digest, (Digest, Option<Digest>)>>,
}

/// Who a directory of `overlay2/` belongs to.
#[derive(Clone, Debug)]
enum Owner {
    /// An image layer: its diffID.
    Layer(Digest),
    /// A container's init layer (the container's index).
    Init(usize),
    /// A container's writable layer.
    Container(usize),
}

#[derive(Clone, Debug)]
struct OverlayDir {
    owner: Owner,
    parent: Option<String>,
    /// Its short name in `l/`.
    link: String,
}

/// A tree below `overlay2/<dir>/`, not yet read.
#[derive(Clone, Debug)]
enum TreeRef {
    Layer(Digest),
    Init(usize),
    Upper(usize),
    Merged(usize),
}

/// A path of the data root that layerlab makes up, or a tree's root.
#[derive(Clone, Debug)]
enum Node {
    Dir(u32),
    File(Bytes, u32),
    /// A blob of the store, read when asked.
    Blob(crate::content::Blob, u32),
    Link(String),
    Tree(TreeRef),
}

/// What a path names.
enum Found<'t> {
    /// A made-up node and its path (links resolved).
    Node(Node, Vec<String>),
    /// A path inside a tree.
    Tree(Tree<'t>, String),
}

fn file(data: impl Into<Bytes>, mode: u32) -> Node {
    Node::File(data.into(), mode)
}

impl<'a> DataRoot<'a> {
    pub fn new(
        store: &'a Store,
        containers: &'a Containers,
        snapshots: &'a mut Snapshots,
        docs: Box<dyn Documents + 'a>,
        volumes: Box<dyn volumes::Volumes + 'a>,
        now: u64,
        containerd: bool,
    ) -> DataRoot<'a> {
        DataRoot {
            store,
            containers,
            snapshots: RefCell::new(snapshots),
            docs,
            volumes,
            now,
            containerd,
            dirs: OnceCell::new(),
            chains: OnceCell::new(),
        }
    }

    /// Every directory of `overlay2/` (besides `l`), by name.
    fn overlay_dirs(&self) -> &BTreeMap<String, OverlayDir> {
        self.dirs.get_or_init(|| self.find_overlay_dirs())
    }

    fn find_overlay_dirs(&self) -> BTreeMap<String, OverlayDir> {
        let mut dirs = BTreeMap::new();
        for img in self.store.images() {
            let chains = chain_ids(img.diff_ids());
            let mut parent: Option<String> = None;
            for (chain, diff) in chains.iter().zip(img.diff_ids()) {
                let name = names::cache_id(chain);
                dirs.entry(name.clone()).or_insert_with(|| OverlayDir {
                    owner: Owner::Layer(*diff),
                    parent: parent.clone(),
                    link: names::link_id(&name),
                });
                parent = Some(name);
            }
        }
        for (i, c) in self.containers.iter().enumerate() {
            let top = self
                .store
                .image(&c.image)
                .and_then(|img| names::image_dirs(img).pop());
            let (init, mount) = (names::init_id(&c.id), names::mount_id(&c.id));
            dirs.insert(
                init.clone(),
                OverlayDir {
                    owner: Owner::Init(i),
                    parent: top,
                    link: names::link_id(&init),
                },
            );
            dirs.insert(
                mount.clone(),
                OverlayDir {
                    owner: Owner::Container(i),
                    parent: Some(init),
                    link: names::link_id(&mount),
                },
            );
        }
        dirs
    }

    /// The image layers by chain ID: diffID and parent chain ID.
    fn layer_chains(&self) -> &BTreeMap<Digest, (Digest, Option<Digest>)> {
        self.chains.get_or_init(|| self.find_layer_chains())
    }

    fn find_layer_chains(&self) -> BTreeMap<Digest, (Digest, Option<Digest>)> {
        let mut out = BTreeMap::new();
        for img in self.store.images() {
            let chains = chain_ids(img.diff_ids());
            for (i, (chain, diff)) in chains.iter().zip(img.diff_ids()).enumerate() {
                let parent = i.checked_sub(1).and_then(|p| chains.get(p)).copied();
                out.insert(*chain, (*diff, parent));
            }
        }
        out
    }

    /// The contents of `lower`: the links of the layers below, nearest first.
    fn lower(dirs: &BTreeMap<String, OverlayDir>, dir: &str) -> String {
        let mut out = Vec::new();
        let mut at = dirs.get(dir).and_then(|d| d.parent.clone());
        while let Some(p) = at.and_then(|p| dirs.get(&p)) {
            out.push(format!("l/{}", p.link));
            at = p.parent.clone();
            if out.len() > 500 {
                break;
            }
        }
        out.join(":")
    }

    fn container_by_hex(&self, hex: &str) -> Option<(usize, &'a Container)> {
        self.containers
            .iter()
            .enumerate()
            .find(|(_, c)| c.id.hex() == hex)
    }

    /// The entries of a made-up directory.
    fn children(&self, comps: &[String]) -> Result<Vec<(String, Node)>> {
        let c: Vec<&str> = comps.iter().map(String::as_str).collect();
        match c.as_slice() {
            [] if self.containerd => Ok(vec![
                ("containerd".to_string(), Node::Dir(0o711)),
                ("docker".to_string(), Node::Dir(0o710)),
            ]),
            [] => Ok(vec![("docker".to_string(), Node::Dir(0o710))]),
            ["docker", "overlay2" | "image", ..] if self.containerd => Err(Error::NotFound),
            ["docker", rest @ ..] => self.docker_children(rest),
            ["containerd", rest @ ..] if self.containerd => self.containerd_children(rest),
            _ => Err(Error::NotFound),
        }
    }

    /// The entries of a made-up directory below `docker/`.
    fn docker_children(&self, c: &[&str]) -> Result<Vec<(String, Node)>> {
        let dir = |mode| Node::Dir(mode);
        let named = |v: Vec<(&str, Node)>| -> Vec<(String, Node)> {
            v.into_iter().map(|(n, x)| (n.to_string(), x)).collect()
        };
        Ok(match c {
            [] if self.containerd => {
                named(vec![("containers", dir(0o710)), ("volumes", dir(0o701))])
            }
            [] => named(vec![
                ("containers", dir(0o710)),
                ("image", dir(0o700)),
                ("overlay2", dir(0o710)),
                ("volumes", dir(0o701)),
            ]),
            ["overlay2"] => {
                let mut v = vec![("l".to_string(), dir(0o700))];
                v.extend(self.overlay_dirs().keys().map(|d| (d.clone(), dir(0o710))));
                v
            }
            ["overlay2", "l"] => self
                .overlay_dirs()
                .iter()
                .map(|(d, o)| (o.link.clone(), Node::Link(format!("../{d}/diff"))))
                .collect(),
            ["overlay2", name] => {
                let dirs = self.overlay_dirs();
                let d = dirs.get(*name).ok_or(Error::NotFound)?;
                let committed = dirs.values().any(|o| o.parent.as_deref() == Some(*name));
                let mut v: Vec<(&str, Node)> = Vec::new();
                if committed {
                    v.push(("committed", file(Bytes::new(), 0o600)));
                }
                let tree = match d.owner {
                    Owner::Layer(diff) => TreeRef::Layer(diff),
                    Owner::Init(i) => TreeRef::Init(i),
                    Owner::Container(i) => TreeRef::Upper(i),
                };
                v.push(("diff", Node::Tree(tree)));
                v.push(("link", file(d.link.clone(), 0o644)));
                if d.parent.is_some() {
                    v.push(("lower", file(Self::lower(dirs, name), 0o644)));
                }
                if let Owner::Container(i) = d.owner {
                    if self.containers.get(i).is_some_and(Container::is_running) {
                        v.push(("merged", Node::Tree(TreeRef::Merged(i))));
                    }
                }
                if d.parent.is_some() {
                    v.push(("work", dir(0o700)));
                }
                named(v)
            }
            // Made-up directories that exist (find checked) and hold nothing.
            ["overlay2", _, "work"] | ["image", "overlay2", "layerdb", "tmp"] => Vec::new(),
            ["image"] => named(vec![("overlay2", dir(0o700))]),
            ["image", "overlay2"] => named(vec![
                ("imagedb", dir(0o700)),
                ("layerdb", dir(0o700)),
                ("repositories.json", file(self.repositories_json(), 0o644)),
            ]),
            ["image", "overlay2", "imagedb"] => {
                named(vec![("content", dir(0o700)), ("metadata", dir(0o700))])
            }
            ["image", "overlay2", "imagedb", "content" | "metadata"] => {
                named(vec![("sha256", dir(0o700))])
            }
            ["image", "overlay2", "imagedb", "content", "sha256"] => self
                .store
                .images()
                .map(|img| {
                    (
                        img.config_digest().hex(),
                        file(img.raw_config().clone(), 0o600),
                    )
                })
                .collect(),
            ["image", "overlay2", "imagedb", "metadata", "sha256"] => self
                .store
                .images()
                .filter(|img| !self.image_metadata(&img.id()).is_empty())
                .map(|img| (img.id().hex(), dir(0o700)))
                .collect(),
            ["image", "overlay2", "imagedb", "metadata", "sha256", hex] => {
                let id = Digest::parse_hex(hex).ok_or(Error::NotFound)?;
                let v = self.image_metadata(&id);
                if v.is_empty() {
                    return Err(Error::NotFound);
                }
                v
            }
            ["image", "overlay2", "layerdb"] => named(vec![
                ("mounts", dir(0o700)),
                ("sha256", dir(0o700)),
                ("tmp", dir(0o700)),
            ]),
            ["image", "overlay2", "layerdb", "sha256"] => self
                .layer_chains()
                .keys()
                .map(|c| (c.hex(), dir(0o700)))
                .collect(),
            ["image", "overlay2", "layerdb", "sha256", hex] => {
                let chain = Digest::parse_hex(hex).ok_or(Error::NotFound)?;
                let chains = self.layer_chains();
                let (diff, parent) = chains.get(&chain).ok_or(Error::NotFound)?;
                let size = self.store.layer(diff).map_or(0, |l| l.content_size);
                let mut v = vec![
                    ("cache-id", file(names::cache_id(&chain), 0o644)),
                    ("diff", file(diff.to_string(), 0o644)),
                ];
                if let Some(p) = parent {
                    v.push(("parent", file(p.to_string(), 0o644)));
                }
                v.push(("size", file(size.to_string(), 0o644)));
                named(v)
            }
            ["image", "overlay2", "layerdb", "mounts"] => self
                .containers
                .iter()
                .map(|c| (c.id.hex(), dir(0o700)))
                .collect(),
            ["image", "overlay2", "layerdb", "mounts", hex] => {
                let (_, c) = self.container_by_hex(hex).ok_or(Error::NotFound)?;
                let mut v = vec![
                    ("init-id", file(names::init_id(&c.id), 0o644)),
                    ("mount-id", file(names::mount_id(&c.id), 0o644)),
                ];
                let top = self
                    .store
                    .image(&c.image)
                    .and_then(|img| chain_ids(img.diff_ids()).pop());
                if let Some(top) = top {
                    v.push(("parent", file(top.to_string(), 0o644)));
                }
                named(v)
            }
            ["containers"] => self
                .containers
                .iter()
                .map(|c| (c.id.hex(), dir(0o710)))
                .collect(),
            ["containers", hex] => {
                let (_, c) = self.container_by_hex(hex).ok_or(Error::NotFound)?;
                self.container_files(c)
            }
            ["containers", hex, "checkpoints" | "mounts"] => {
                self.container_by_hex(hex).ok_or(Error::NotFound)?;
                Vec::new()
            }
            ["volumes"] => self
                .volumes
                .entries(&[])
                .into_iter()
                .map(|(n, e)| (n, volume_node(e)))
                .collect(),
            ["volumes", rest @ ..] => self
                .volumes
                .entries(rest)
                .into_iter()
                .map(|(n, e)| (n, volume_node(e)))
                .collect(),
            _ => return Err(Error::NotFound),
        })
    }

    /// The files of `imagedb/metadata/sha256/<id>/`.
    fn image_metadata(&self, id: &Digest) -> Vec<(String, Node)> {
        let mut v = Vec::new();
        if let Some(t) = self.store.image(id).and_then(|i| i.last_tag_time()) {
            v.push(("lastUpdated".to_string(), file(t.to_rfc3339_nano(), 0o600)));
        }
        if let Some(p) = self.store.parent(id) {
            v.push(("parent".to_string(), file(p.to_string(), 0o600)));
        }
        v
    }

    /// moby's reference store: `{"Repositories":{"NAME":{"REF":"sha256:ID"}}}` with
    /// familiar names, as `json.Marshal` writes it (keys sorted).
    fn repositories_json(&self) -> String {
        let mut repos: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (r, id) in self.store.tags() {
            repos
                .entry(r.familiar_name())
                .or_default()
                .insert(r.familiar(), id.to_string());
        }
        for img in self.store.images() {
            for r in self.store.digests_of(&img.id()) {
                repos
                    .entry(r.familiar_name())
                    .or_default()
                    .insert(r.familiar(), img.id().to_string());
            }
        }
        let repos: Map<String, Value> = repos
            .into_iter()
            .map(|(k, v)| {
                let refs: Map<String, Value> = v
                    .into_iter()
                    .map(|(r, id)| (r, Value::String(id)))
                    .collect();
                (k, Value::Object(refs))
            })
            .collect();
        crate::go::json::to_string(&json!({ "Repositories": repos }), true)
    }

    /// The files of `containers/<id>/`.
    fn container_files(&self, c: &Container) -> Vec<(String, Node)> {
        let inspect = self.docs.inspect(c);
        let platform = self.store.image(&c.image).map_or(Value::Null, |img| {
            let cfg = img.config();
            json!({"architecture": cfg.architecture, "os": cfg.os})
        });
        let mut v = vec![
            (format!("{}-json.log", c.id.hex()), file(json_log(c), 0o640)),
            ("checkpoints".to_string(), Node::Dir(0o700)),
            (
                "config.v2.json".to_string(),
                file(encode(&config_v2(&inspect, platform)), 0o600),
            ),
            (
                "hostconfig.json".to_string(),
                file(
                    encode(inspect.get("HostConfig").unwrap_or(&Value::Null)),
                    0o600,
                ),
            ),
        ];
        if let Some(rt) = runtime_files(c) {
            v.push(("hostname".into(), file(rt.hostname, 0o644)));
            v.push(("hosts".into(), file(rt.hosts, 0o644)));
        }
        v.push(("mounts".into(), Node::Dir(0o700)));
        if let Some(rt) = runtime_files(c) {
            v.push(("resolv.conf".into(), file(rt.resolv_conf, 0o644)));
        }
        v
    }

    /// Reads a tree.
    fn tree(&self, t: &TreeRef) -> Result<Tree<'a>> {
        let container = |i: usize| self.containers.get(i).ok_or(Error::NotFound);
        Ok(match t {
            TreeRef::Layer(diff) => {
                let layer = self.store.layer(diff).ok_or(Error::NotFound)?;
                let ix = self
                    .snapshots
                    .borrow_mut()
                    .layer(layer)
                    .map_err(|e| Error::Other(e.to_string()))?;
                Tree::Layer(ix)
            }
            TreeRef::Init(i) => match container(*i)?.rootfs.init_layer() {
                Some(l) => Tree::Upper(l),
                None => Tree::Empty,
            },
            TreeRef::Upper(i) => Tree::Upper(container(*i)?.rootfs.upper()),
            TreeRef::Merged(i) => {
                let mut r = container(*i)?.rootfs.clone();
                r.stop();
                Tree::Merged(Box::new(r))
            }
        })
    }

    /// Finds what a path names, following the links of `overlay2/l` (and the last
    /// component's when `follow`).
    fn find(&self, path: &str, follow: bool) -> Result<Found<'a>> {
        let mut comps = split(path);
        let mut hops = 0;
        'walk: loop {
            let mut node = Node::Dir(0o755);
            let mut i = 0;
            loop {
                if let Node::Link(target) = &node {
                    if i < comps.len() || follow {
                        hops += 1;
                        if hops > 40 {
                            return Err(Error::Loop);
                        }
                        let mut next = comps[..i.saturating_sub(1)].to_vec();
                        next.extend(target.split('/').map(str::to_string));
                        next.extend(comps[i..].iter().cloned());
                        comps = clean(next);
                        continue 'walk;
                    }
                }
                let Some(name) = comps.get(i) else {
                    return Ok(match node {
                        Node::Tree(t) => Found::Tree(self.tree(&t)?, String::new()),
                        n => Found::Node(n, comps),
                    });
                };
                match node {
                    Node::Tree(t) => {
                        return Ok(Found::Tree(self.tree(&t)?, comps[i..].join("/")));
                    }
                    Node::File(..) | Node::Blob(..) | Node::Link(_) => return Err(Error::NotDir),
                    Node::Dir(_) => {
                        node = self
                            .children(&comps[..i])?
                            .into_iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, n)| n)
                            .ok_or(Error::NotFound)?;
                        i += 1;
                    }
                }
            }
        }
    }

    fn node_stat(&self, n: &Node) -> Stat {
        match n {
            Node::Dir(mode) => stat(Kind::Dir, *mode, 4096, self.now),
            Node::File(b, mode) => stat(Kind::File, *mode, b.len() as u64, self.now),
            Node::Blob(b, mode) => stat(Kind::File, *mode, b.len(), self.now),
            Node::Link(t) => Stat {
                link: Some(t.clone()),
                ..stat(Kind::Symlink, 0o777, t.len() as u64, self.now)
            },
            Node::Tree(_) => stat(Kind::Dir, 0o755, 4096, self.now),
        }
    }

    fn stat_of(&self, path: &str, follow: bool) -> Result<Stat> {
        match self.find(path, follow)? {
            Found::Node(n, _) => Ok(self.node_stat(&n)),
            Found::Tree(t, p) if follow => t.stat(&p, self.now),
            Found::Tree(t, p) => t.lstat(&p, self.now),
        }
    }
}

fn volume_node(e: volumes::Entry) -> Node {
    match e {
        volumes::Entry::Dir(mode) => Node::Dir(mode),
        volumes::Entry::File(b, mode) => Node::File(b, mode),
    }
}

/// A path's components, `.` and `..` taken lexically (`..` stops at the root).
fn split(path: &str) -> Vec<String> {
    clean(path.split('/').map(str::to_string).collect())
}

fn clean(comps: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in comps {
        match c.as_str() {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            _ => out.push(c),
        }
    }
    out
}

/// `json.NewEncoder(w).Encode(v)`: HTML-escaped, one line, a newline after it.
fn encode(v: &Value) -> String {
    let mut s = crate::go::json::to_string(v, true);
    s.push('\n');
    s
}

/// The files Docker writes for a container when it starts: while it runs, what its
/// bind mounts hold; afterwards, what it was started with.
fn runtime_files(c: &Container) -> Option<Runtime> {
    use crate::containers::State;
    let started = match c.state {
        State::Created => return None,
        State::Running { started } | State::Exited { started, .. } => started,
    };
    // While it runs, its bind mounts hold them (and what it wrote to them).
    let read = |p: &str| c.is_running().then(|| c.rootfs.read_file(p).ok()).flatten();
    let secs = u64::try_from(started.unix_seconds()).unwrap_or(0);
    let fallback = Runtime::bridge(&c.id.short(), "172.17.0.2", secs);
    Some(Runtime {
        hostname: read("/etc/hostname").unwrap_or(fallback.hostname),
        hosts: read("/etc/hosts").unwrap_or(fallback.hosts),
        resolv_conf: read("/etc/resolv.conf").unwrap_or(fallback.resolv_conf),
        started: secs,
    })
}

/// moby's `container.Container` as `config.v2.json` holds it, from the inspect JSON.
fn config_v2(inspect: &Value, platform: Value) -> Value {
    let get = |k: &str| inspect.get(k).cloned().unwrap_or(Value::Null);
    let state = inspect.get("State").cloned().unwrap_or(Value::Null);
    let s = |k: &str| state.get(k).cloned().unwrap_or(Value::Null);
    let started_before = state
        .get("StartedAt")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.starts_with("0001-"));
    let dir = inspect
        .get("HostnamePath")
        .and_then(Value::as_str)
        .and_then(|p| p.rsplit_once('/'))
        .map(|(d, _)| d.to_string())
        .unwrap_or_default();
    json!({
        "StreamConfig": {},
        "State": {
            "Running": s("Running"), "Paused": s("Paused"), "Restarting": s("Restarting"),
            "OOMKilled": s("OOMKilled"), "Dead": s("Dead"), "Pid": s("Pid"),
            "ExitCode": s("ExitCode"), "Error": s("Error"), "StartedAt": s("StartedAt"),
            "FinishedAt": s("FinishedAt"), "Health": null
        },
        "ID": get("Id"),
        "Created": get("Created"),
        "Managed": false,
        "Path": get("Path"),
        "Args": get("Args"),
        "Config": get("Config"),
        "Image": get("Image"),
        "ImageManifest": null,
        "NetworkSettings": get("NetworkSettings"),
        "LogPath": get("LogPath"),
        "Name": get("Name"),
        "Driver": get("Driver"),
        "OS": "linux",
        "ImagePlatform": platform,
        "RestartCount": get("RestartCount"),
        "HasBeenStartedBefore": started_before,
        "HasBeenManuallyStopped": false,
        "MountPoints": {},
        "SecretReferences": null,
        "ConfigReferences": null,
        "MountLabel": get("MountLabel"),
        "ProcessLabel": get("ProcessLabel"),
        "AppArmorProfile": get("AppArmorProfile"),
        "SeccompProfile": "",
        "NoNewPrivileges": false,
        "WritableCgroups": null,
        "HostnamePath": get("HostnamePath"),
        "HostsPath": get("HostsPath"),
        "ShmPath": format!("{dir}/mounts/shm"),
        "ResolvConfPath": get("ResolvConfPath"),
        "LocalLogCacheMeta": {"HaveNotifyEnabled": false}
    })
}

/// The json-file log driver's file: one `{"log":...,"stream":...,"time":...}` per line.
pub fn json_log(c: &Container) -> String {
    let mut out = String::new();
    for l in &c.logs {
        out.push_str("{\"log\":");
        jsonlog_string(&mut out, &l.text);
        out.push_str(",\"stream\":");
        out.push_str(if l.stderr { "\"stderr\"" } else { "\"stdout\"" });
        out.push_str(",\"time\":\"");
        out.push_str(&l.time.to_rfc3339_nano());
        out.push_str("\"}\n");
    }
    out
}

/// jsonlog's own string escaping (`ffjsonWriteJSONBytesAsString`): `\n`, `\r`, `\\`,
/// `\"`, and `\u00XX` for every other control character and for `<`, `>`, `&`.
fn jsonlog_string(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '<' || c == '>' || c == '&' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Fs for DataRoot<'_> {
    fn read(&self, path: &str) -> Result<Bytes> {
        match self.find(path, true)? {
            Found::Node(Node::File(b, _), _) => Ok(b),
            Found::Node(Node::Blob(b, _), _) => {
                b.to_bytes().map_err(|e| Error::Other(e.to_string()))
            }
            Found::Node(..) => Err(Error::IsDir),
            Found::Tree(t, p) => t.read(&p, self.now),
        }
    }
    fn write(&mut self, _path: &str, _data: Bytes) -> Result<()> {
        Err(Error::ReadOnly)
    }
    fn append(&mut self, _path: &str, _data: &[u8]) -> Result<()> {
        Err(Error::ReadOnly)
    }
    fn stat(&self, path: &str) -> Result<Stat> {
        self.stat_of(path, true)
    }
    fn lstat(&self, path: &str) -> Result<Stat> {
        self.stat_of(path, false)
    }
    fn list(&self, dir: &str) -> Result<Vec<(String, Stat)>> {
        match self.find(dir, true)? {
            Found::Node(Node::Dir(_), comps) => {
                let mut v: Vec<(String, Stat)> = self
                    .children(&comps)?
                    .into_iter()
                    .map(|(n, node)| {
                        let st = self.node_stat(&node);
                        (n, st)
                    })
                    .collect();
                v.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(v)
            }
            Found::Node(..) => Err(Error::NotDir),
            Found::Tree(t, p) => t.list(&p, self.now),
        }
    }
    fn mkdir(&mut self, path: &str, _mode: u32) -> Result<()> {
        match self.lstat(path) {
            Ok(_) => Err(Error::Exists),
            Err(_) => Err(Error::ReadOnly),
        }
    }
    fn remove(&mut self, path: &str) -> Result<()> {
        self.lstat(path)?;
        Err(Error::ReadOnly)
    }
    fn remove_dir(&mut self, path: &str) -> Result<()> {
        self.lstat(path)?;
        Err(Error::ReadOnly)
    }
    fn rename(&mut self, from: &str, _to: &str) -> Result<()> {
        self.lstat(from)?;
        Err(Error::ReadOnly)
    }
    fn open_write(&mut self, _path: &str, _append: bool) -> Result<()> {
        Err(Error::ReadOnly)
    }
    fn chmod(&mut self, path: &str, _mode: u32) -> Result<()> {
        self.stat(path)?;
        Err(Error::ReadOnly)
    }
    fn touch(&mut self, _path: &str) -> Result<()> {
        Err(Error::ReadOnly)
    }
    fn symlink(&mut self, _target: &str, _path: &str) -> Result<()> {
        Err(Error::ReadOnly)
    }
    fn readlink(&self, path: &str) -> Result<String> {
        self.lstat(path)?.link.ok_or(Error::Invalid)
    }
    fn owner_names(&self) -> (BTreeMap<u64, String>, BTreeMap<u64, String>) {
        let root = BTreeMap::from([(0, "root".to_string())]);
        (root.clone(), root)
    }
}
