//! `docker pull`: copies an image from an in-page registry into the store, as a job that
//! decompresses and verifies each new layer in budgeted steps. Prints what Docker 28
//! prints (moby distribution/pull_v2.go and xfer/download.go through the CLI's
//! jsonmessage display): on a terminal the final state of each line, otherwise every
//! status message.

use super::{check_args, parse_flags, Args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{CmdJob, Ctx, Exec};
use crate::compress::{self, Compression, Decoder};
use crate::content::Blob;
use crate::digest::{Digest, Hasher};
use crate::image::target::{Content, Target};
use crate::image::Image;
use crate::job::{HashOffload, Progress};
use crate::reference::{Reference, DEFAULT_DOMAIN};
use crate::registry::distribution::{ApiError, Code};
use crate::registry::network::{Endpoint, Fetched, NetError, Network};
use crate::registry::{Index, Manifest, ManifestError, Registry, RegistryError};
use crate::store::Layer;
use crate::tarball::DiffSize;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub const USAGE: Usage = Usage {
    command: "docker pull",
    synopsis: "docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
    summary: "Download an image from a registry",
    aliases: "docker image pull, docker pull",
    options: "  -a, --all-tags                Download all tagged images in the repository\n      --disable-content-trust   Skip image verification (default true)\n      --platform string         Set platform if server is multi-platform capable\n  -q, --quiet                   Suppress verbose output\n",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image pull",
    synopsis: "docker image pull [OPTIONS] NAME[:TAG|@DIGEST]",
    ..USAGE
};

const SPECS: &[Spec] = &[
    flag(Some('a'), "all-tags"),
    flag(None, "disable-content-trust"),
    value(None, "platform"),
    flag(Some('q'), "quiet"),
];

/// Docker downloads at most this many layers at once; the others wait.
const MAX_CONCURRENT_DOWNLOADS: usize = 3;

/// The platform every in-page image is built for.
pub(super) const IMAGE_PLATFORM: &str = crate::platform::DEFAULT;

/// The daemon's progress stream as the CLI shows it (docker/cli jsonmessage).
#[derive(Default)]
pub(super) struct Stream {
    events: Vec<Event>,
}

enum Event {
    /// A status line of its own (`latest: Pulling from library/nginx`, `Digest: ...`).
    Message(Option<String>, String),
    /// The new state of a progress line (`a1b2c3d4e5f6: Pull complete`).
    Update(String, String),
}

impl Stream {
    pub(super) fn message(&mut self, id: Option<&str>, text: &str) {
        self.events
            .push(Event::Message(id.map(str::to_string), text.to_string()));
    }

    pub(super) fn update(&mut self, id: &str, text: &str) {
        self.events
            .push(Event::Update(id.to_string(), text.to_string()));
    }

    /// The text the CLI leaves: on a terminal a progress line is rewritten in place (until
    /// a status line starts a new block), elsewhere every message is its own line.
    pub(super) fn render(&self, terminal: bool) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.events {
            match e {
                Event::Message(id, text) => {
                    ids.clear();
                    lines.push(match id {
                        Some(id) => format!("{id}: {text}"),
                        None => text.clone(),
                    });
                }
                Event::Update(id, text) => {
                    let line = format!("{id}: {text}");
                    match ids.get(id.as_str()) {
                        Some(&i) if terminal => lines[i] = line,
                        _ => {
                            ids.insert(id, lines.len());
                            lines.push(line);
                        }
                    }
                }
            }
        }
        lines.into_iter().map(|l| l + "\n").collect()
    }
}

/// A `--platform` value containerd's `platforms.Parse` refuses, with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PlatformError {
    /// An empty component or one with characters outside `[A-Za-z0-9_-]`.
    InvalidComponent {
        component: String,
        specifier: String,
    },
    /// One component that is neither a known OS nor a known architecture.
    Unknown { specifier: String },
    /// More than three components.
    Unparsable { specifier: String },
}

impl fmt::Display for PlatformError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlatformError::InvalidComponent {
                component,
                specifier,
            } => write!(
                f,
                "{component:?} is an invalid component of {specifier:?}: platform specifier component must match \"^[A-Za-z0-9_-]+$\": invalid argument"
            ),
            PlatformError::Unknown { specifier } => write!(
                f,
                "{specifier:?}: unknown operating system or architecture: invalid argument"
            ),
            PlatformError::Unparsable { specifier } => write!(
                f,
                "{specifier:?}: cannot parse platform specifier: invalid argument"
            ),
        }
    }
}

/// containerd's `platforms.Parse` then `Format`: `linux/arm64`, `linux/arm/v7`.
/// `--platform` of `save`, `load` and `rmi`: a list (repeated, or comma-separated) where
/// the CLI takes one (`rmi`'s in both engines, `save`'s and `load`'s in Docker 29), else
/// one platform (the last given). A bad one is the CLI's `invalid platform` error (exit
/// status 1).
pub(super) fn platforms_flag(
    cx: &mut Ctx,
    p: &crate::cli::flags::Parsed,
    list: bool,
) -> Result<Vec<String>, i32> {
    let asked: Vec<&str> = if list {
        p.values("platform")
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    } else {
        p.value("platform")
            .filter(|v| !v.is_empty())
            .into_iter()
            .collect()
    };
    let mut platforms = Vec::new();
    for a in asked {
        match parse_platform(a) {
            Ok(pl) => platforms.push(pl),
            Err(e) => {
                cx.io.err(&format!("invalid platform: {e}\n"));
                return Err(1);
            }
        }
    }
    Ok(platforms)
}

pub(super) fn parse_platform(s: &str) -> Result<String, PlatformError> {
    let lower = s.to_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    for p in &parts {
        if p.is_empty()
            || !p
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            return Err(PlatformError::InvalidComponent {
                component: p.to_string(),
                specifier: s.to_string(),
            });
        }
    }
    let os = |o: &str| {
        if o == "macos" {
            "darwin".to_string()
        } else {
            o.to_string()
        }
    };
    let arch = |a: &str, v: &str| -> (String, String) {
        match a {
            "i386" => ("386".into(), String::new()),
            "x86_64" | "x86-64" | "amd64" => (
                "amd64".into(),
                if v == "v1" { String::new() } else { v.into() },
            ),
            "aarch64" | "arm64" => (
                "arm64".into(),
                if matches!(v, "8" | "v8" | "v8.0") {
                    String::new()
                } else {
                    v.into()
                },
            ),
            "armhf" => ("arm".into(), "v7".into()),
            "armel" => ("arm".into(), "v6".into()),
            "arm" => (
                "arm".into(),
                match v {
                    "" | "7" => "v7".into(),
                    "5" | "6" | "8" => format!("v{v}"),
                    _ => v.into(),
                },
            ),
            _ => (a.into(), v.into()),
        }
    };
    const OSES: &[&str] = &[
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "js",
        "linux",
        "nacl",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "windows",
        "zos",
    ];
    const ARCHES: &[&str] = &[
        "386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle", "ppc64",
        "ppc64le", "riscv64", "s390x", "wasm",
    ];
    let (o, (a, v)) = match parts.as_slice() {
        [one] => {
            if OSES.contains(&os(one).as_str()) {
                (os(one), ("amd64".to_string(), String::new()))
            } else {
                let (a, v) = arch(one, "");
                if !ARCHES.contains(&a.as_str()) {
                    return Err(PlatformError::Unknown {
                        specifier: s.to_string(),
                    });
                }
                ("linux".to_string(), (a, v))
            }
        }
        [o, a] => (os(o), arch(a, "")),
        [o, a, v] => (os(o), arch(a, v)),
        _ => {
            return Err(PlatformError::Unparsable {
                specifier: s.to_string(),
            })
        }
    };
    let v = if a == "arm" && v == "v7" && parts.len() < 3 {
        String::new()
    } else {
        v
    };
    Ok(if v.is_empty() {
        format!("{o}/{a}")
    } else {
        format!("{o}/{a}/{v}")
    })
}

/// Whether a requested platform (as [`parse_platform`] gives it) can run the images here.
pub(super) fn platform_matches(p: &str) -> bool {
    crate::platform::matches(p, IMAGE_PLATFORM)
}

/// What Docker says when a registry host cannot be reached; the page reaches none but
/// its own.
pub(super) fn unreachable(host: &str) -> String {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, after)) => (ip, after.strip_prefix(':')),
            None => (rest, None),
        },
        None => match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        },
    };
    let ip = name.parse::<std::net::IpAddr>().ok();
    let loopback = name == "localhost" || ip.is_some_and(|a| a.is_loopback());
    let is_ip = ip.is_some();
    if loopback || is_ip {
        // Loopback registries are insecure by default: Docker's last try is plain HTTP.
        let scheme = if loopback { "http" } else { "https" };
        let ip = if name == "localhost" {
            "127.0.0.1"
        } else {
            name
        };
        let ip = if ip.contains(':') {
            format!("[{ip}]")
        } else {
            ip.to_string()
        };
        let port = port.unwrap_or(if loopback { "80" } else { "443" });
        format!("Get \"{scheme}://{host}/v2/\": dial tcp {ip}:{port}: connect: connection refused")
    } else {
        format!("Get \"https://{host}/v2/\": dial tcp: lookup {name}: no such host")
    }
}

/// Why a pull could not start, as the daemon reports it (the command line prefixes
/// `Error response from daemon: `).
#[derive(Clone, Debug, PartialEq, Eq)]
enum PullError {
    /// The registry host answers nothing: the dial error Docker gets ([`unreachable`]).
    Unreachable { host: String },
    /// A tag or repository the registry refused, as moby's translatePullError words it.
    Registry {
        error: ApiError,
        reference: Box<Reference>,
    },
    /// A blob the registry would not give.
    Blob(RegistryError),
    /// A real registry's failure that names no image (`Get "...": dial tcp ...`).
    Net(NetError),
    /// A manifest that does not parse.
    Manifest(ManifestError),
    /// An image config that does not parse.
    Config(crate::error::Error),
}

impl fmt::Display for PullError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PullError::Unreachable { host } => f.write_str(&unreachable(host)),
            PullError::Registry { error, reference } => match error.code {
                Code::DENIED => write!(
                    f,
                    "pull access denied for {}, repository does not exist or may require 'docker login': {error}",
                    reference.familiar_name()
                ),
                Code::MANIFEST_UNKNOWN => {
                    write!(f, "manifest for {} not found: {error}", reference.familiar())
                }
                Code::NAME_UNKNOWN => write!(
                    f,
                    "repository {} not found: {error}",
                    reference.familiar_name()
                ),
                _ => write!(f, "{error}"),
            },
            PullError::Blob(e) => write!(f, "{e}"),
            PullError::Net(e) => write!(f, "{e}"),
            PullError::Manifest(e) => write!(f, "{e}"),
            PullError::Config(e) => write!(f, "{e}"),
        }
    }
}

fn pull_error(error: RegistryError, reference: &Reference) -> PullError {
    PullError::Registry {
        error: error.api_error(),
        reference: Box::new(reference.clone()),
    }
}

/// A real registry's failure for `reference`, as moby's translatePullError words it: the
/// first error code the registry sent, when it says the image is not there or not
/// allowed; else the failure itself.
fn net_error(error: NetError, reference: &Reference) -> PullError {
    match error.api() {
        Some(a) if [Code::DENIED, Code::MANIFEST_UNKNOWN, Code::NAME_UNKNOWN].contains(&a.code) => {
            PullError::Registry {
                error: a.clone(),
                reference: Box::new(reference.clone()),
            }
        }
        _ => PullError::Net(error),
    }
}

/// Docker Hub answers for a repository that does not exist as for a private one.
fn hub_error(registry_host: &str, err: RegistryError) -> RegistryError {
    match err {
        RegistryError::NameUnknown if registry_host == DEFAULT_DOMAIN => RegistryError::Denied,
        e => e,
    }
}

/// One layer of a tag being pulled.
struct PlannedLayer {
    blob: Digest,
    /// The diffID the image config promises.
    diff_id: Digest,
    /// `Already exists`: the daemon knows this blob and has the chain up to it.
    exists: bool,
}

/// One tag (or digest) to pull.
struct TagPlan {
    reference: Reference,
    /// `latest` or `sha256:...`: what the `Pulling from` line starts with.
    label: String,
    manifest_digest: Digest,
    /// The image ID (the config digest).
    id: Digest,
    /// The image and its layers, when it is not in the store yet.
    image: Option<(Image, Vec<PlannedLayer>)>,
    /// How many layers the manifest lists, for the rootfs check.
    manifest_layers: usize,
}

/// A blob to decompress and verify: in memory (an in-page registry's), or still to be
/// fetched from a real one.
struct Download {
    blob: Digest,
    size: u64,
    data: Option<Bytes>,
}

/// Where a pull reads from.
enum Origin<'a> {
    /// An in-page registry.
    Page {
        registry: &'a Registry,
        host: &'a str,
        platform: &'a str,
    },
    /// A real registry, through one of its endpoints.
    Net {
        net: &'a mut Network,
        endpoint: &'a Endpoint,
        platform: &'a str,
        now: crate::time::Timestamp,
    },
}

impl Origin<'_> {
    fn tags(&mut self, reference: &Reference) -> Result<Vec<String>, PullError> {
        match self {
            Origin::Page { registry, host, .. } => registry
                .tags(reference.path())
                .map_err(|e| pull_error(hub_error(host, e), reference)),
            Origin::Net {
                net, endpoint, now, ..
            } => net
                .tags(endpoint, reference.path(), *now)
                .map_err(|e| net_error(e, reference)),
        }
    }

    /// What the reference resolves to (an index, for a multi-platform image) and the
    /// image manifest for the platform.
    fn manifest(&mut self, target: &Reference) -> Result<Resolved, PullError> {
        let path = target.path();
        match self {
            Origin::Page {
                registry,
                host,
                platform,
            } => {
                let repo_missing = registry.tags(path).is_err();
                let digest = registry.resolve(target).map_err(|e| {
                    let e = if repo_missing {
                        hub_error(host, RegistryError::NameUnknown)
                    } else {
                        e
                    };
                    // Registries answer an unknown repository's manifest as an unknown manifest.
                    let e = if e == RegistryError::NameUnknown {
                        RegistryError::ManifestUnknown
                    } else {
                        e
                    };
                    pull_error(e, target)
                })?;
                let top = registry
                    .manifest(path, &digest)
                    .map_err(|e| pull_error(e, target))?;
                let (index, bytes) = if crate::registry::is_index(&top) {
                    let index = Index::parse(&top).map_err(PullError::Manifest)?;
                    let entry = pick(&index, platform)?;
                    let bytes = registry
                        .manifest(path, &entry.descriptor.digest)
                        .map_err(|e| pull_error(e, target))?;
                    (Some(index), bytes)
                } else {
                    (None, top.clone())
                };
                let manifest = Manifest::parse(&bytes).map_err(PullError::Manifest)?;
                Ok(Resolved {
                    digest,
                    top,
                    index,
                    manifest_bytes: bytes,
                    manifest,
                })
            }
            Origin::Net {
                net,
                endpoint,
                platform,
                now,
            } => {
                let wanted = match target.digest() {
                    Some(d) => d.to_string(),
                    None => target.tag().unwrap_or("latest").to_string(),
                };
                let (fetched, top, digest) = net
                    .manifest(endpoint, path, &wanted, *now)
                    .map_err(|e| net_error(e, target))?;
                let (index, manifest, manifest_bytes) = match fetched {
                    Fetched::Image(m) => (None, m, top.clone()),
                    Fetched::Index(index) => {
                        let entry = pick(&index, platform)?;
                        let child = entry.descriptor.digest.to_string();
                        match net
                            .manifest(endpoint, path, &child, *now)
                            .map_err(|e| net_error(e, target))?
                        {
                            (Fetched::Image(m), bytes, _) => (Some(index), m, bytes),
                            (Fetched::Index(_), _, _) => {
                                return Err(PullError::Manifest(ManifestError::MediaType {
                                    media_type: entry.descriptor.media_type.clone(),
                                }))
                            }
                        }
                    }
                };
                Ok(Resolved {
                    digest,
                    top,
                    index,
                    manifest_bytes,
                    manifest,
                })
            }
        }
    }

    fn config(&mut self, target: &Reference, digest: &Digest) -> Result<Bytes, PullError> {
        match self {
            Origin::Page { registry, .. } => registry
                .blob(target.path(), digest)
                .map_err(PullError::Blob),
            Origin::Net {
                net, endpoint, now, ..
            } => net
                .blob(endpoint, target.path(), digest, *now)
                .map_err(PullError::Net),
        }
    }

    /// The attestation manifest an index has for the manifest `of`, with its config and
    /// statements, as Docker 29's pull fetches it (moby v29.7.2
    /// `daemon/containerd/image_pull.go` referrersForPull: the index's attestation
    /// entries are the platform manifest's referrers, and containerd fetches them).
    fn attestation(
        &mut self,
        target: &Reference,
        index: &Index,
        of: &Digest,
    ) -> Result<Option<(Digest, Content)>, PullError> {
        let Some(entry) = index.manifests.iter().find(|m| m.attests == Some(*of)) else {
            return Ok(None);
        };
        let digest = entry.descriptor.digest;
        let bytes = match self {
            Origin::Page { registry, .. } => registry
                .manifest(target.path(), &digest)
                .map_err(|e| pull_error(e, target))?,
            Origin::Net {
                net, endpoint, now, ..
            } => {
                net.manifest(endpoint, target.path(), &digest.to_string(), *now)
                    .map_err(|e| net_error(e, target))?
                    .1
            }
        };
        let manifest = Manifest::parse(&bytes).map_err(PullError::Manifest)?;
        let config = self.config(target, &manifest.config.digest)?;
        let mut payloads = Vec::new();
        for l in &manifest.layers {
            payloads.push(self.config(target, &l.digest)?);
        }
        Ok(Some((
            digest,
            Content {
                manifest: bytes,
                config,
                layers: manifest.layers,
                diff_ids: Vec::new(),
                payloads,
            },
        )))
    }

    /// A layer's bytes when they are at hand (an in-page registry's).
    fn layer(&self, target: &Reference, digest: &Digest) -> Result<Option<Bytes>, PullError> {
        match self {
            Origin::Page { registry, .. } => registry
                .blob(target.path(), digest)
                .map(Some)
                .map_err(PullError::Blob),
            Origin::Net { .. } => Ok(None),
        }
    }
}

/// What a reference resolved to.
struct Resolved {
    /// The digest of what the reference names (`Digest:`): an index's or a manifest's.
    digest: Digest,
    /// Its bytes.
    top: Bytes,
    /// When it is an index: its entries.
    index: Option<Index>,
    /// The image manifest for the platform, and its bytes.
    manifest_bytes: Bytes,
    manifest: Manifest,
}

impl Resolved {
    /// What a record of containerd's store names after pulling this: the index (or the
    /// manifest), with the pulled platform's manifest present.
    fn target(&self, image: &Image) -> Target {
        let content = Content {
            manifest: self.manifest_bytes.clone(),
            config: image.raw_config().clone(),
            layers: self.manifest.layers.clone(),
            diff_ids: image.diff_ids().to_vec(),
            payloads: Vec::new(),
        };
        match &self.index {
            Some(index) => {
                let mut t = Target::index(self.top.clone(), &index.manifests);
                t.set_present(&Digest::of(&self.manifest_bytes), content);
                t
            }
            None => {
                let c = image.config();
                Target::manifest(
                    content,
                    (&c.os, &c.architecture, c.variant.as_deref().unwrap_or("")),
                )
            }
        }
    }
}

/// The manifest of an index a pull takes for `platform`, or moby's error.
fn pick<'i>(
    index: &'i Index,
    platform: &str,
) -> Result<&'i crate::registry::IndexEntry, PullError> {
    index.select(platform).ok_or_else(|| {
        PullError::Net(NetError::NoMatch {
            platform: platform.to_string(),
        })
    })
}

/// What decompressing a blob found.
#[derive(Clone, Copy)]
struct Unpacked {
    diff_id: Digest,
    size: u64,
    content_size: u64,
    usage: u64,
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> Exec {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = check_args(cx, usage, &p, Args::Exactly(1)) {
        return Exec::Done(code);
    }
    let quiet = p.on("quiet");
    let all = p.on("all-tags");
    let mut reference = match Reference::parse_normalized(&p.args[0]) {
        Ok(r) => r,
        Err(e) => {
            cx.io.err(&format!("{e}\n"));
            return Exec::Done(1);
        }
    };
    let name_only = reference.tag().is_none() && reference.digest().is_none();
    if all && !name_only {
        cx.io.err("tag can't be used with --all-tags/-a\n");
        return Exec::Done(1);
    }
    if !all && name_only {
        reference = reference.with_tag("latest");
        if !quiet {
            cx.io.out("Using default tag: latest\n");
        }
    }
    let platform = match p.value("platform").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match parse_platform(v) {
            Ok(pl) => Some(pl),
            Err(e) => {
                cx.io.err(&format!("Error response from daemon: {e}\n"));
                return Exec::Done(1);
            }
        },
    };
    let (plans, downloads, endpoint) = match plan(cx, &reference, all, platform.as_deref()) {
        Ok(x) => x,
        // moby finds no manifest for the platform once its progress stream has begun:
        // its first line shows, and the error follows alone.
        Err(PullError::Net(e @ NetError::NoMatch { .. })) => {
            if !quiet {
                let label = match reference.digest() {
                    Some(_) => reference.to_string(),
                    None => reference.tag().unwrap_or("latest").to_string(),
                };
                cx.io
                    .out(&format!("{label}: Pulling from {}\n", reference.path()));
            }
            cx.io.err(&format!("{e}\n"));
            return Exec::Done(1);
        }
        Err(msg) => {
            cx.io.err(&format!("Error response from daemon: {msg}\n"));
            return Exec::Done(1);
        }
    };
    // Pulled layers are kept whole, compressed, as they came.
    let total_bytes: u64 = downloads.iter().map(|d| d.size).sum();
    if let Err(e) = cx.memory.check(reference.familiar(), total_bytes) {
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        return Exec::Done(1);
    }
    let mut job = PullCmd {
        reference,
        plans,
        quiet,
        platform,
        downloads,
        endpoint,
        fetched: Vec::new(),
        current: 0,
        decoder: None,
        hasher: Hasher::new(),
        size: 0,
        diff_size: DiffSize::new(),
        buf: Vec::new(),
        unpacked: BTreeMap::new(),
        done_bytes: 0,
        total_bytes,
    };
    // A pull that downloads nothing finishes at once.
    match job.step(cx, 0) {
        Some(code) => Exec::Done(code),
        None => Exec::Job(Box::new(job)),
    }
}

/// What a pull will do: the tags, the downloads, and the real registry's endpoint.
type Planned = (Vec<TagPlan>, Vec<Download>, Option<Endpoint>);

/// Resolves the tags to pull and decides, as the daemon would, which layers to download:
/// from an in-page registry, or with the network from the first endpoint of the host
/// that answers (a mirror that fails gives way to the next endpoint).
fn plan(
    cx: &mut Ctx,
    reference: &Reference,
    all: bool,
    platform: Option<&str>,
) -> Result<Planned, PullError> {
    let host = reference.domain();
    let now = cx.now;
    let containerd = cx.engine >= crate::engine::Engine::Docker29;
    let store: &crate::store::Store = cx.store;
    if let Some((net, sources)) = cx.registries.network_mut() {
        let platform = platform.unwrap_or(IMAGE_PLATFORM);
        let endpoints = net.endpoints(host);
        let mut last = None;
        for endpoint in &endpoints {
            let attempt = net
                .ping(host, endpoint)
                .map_err(PullError::Net)
                .and_then(|()| {
                    let mut origin = Origin::Net {
                        net: &mut *net,
                        endpoint,
                        platform,
                        now,
                    };
                    plan_from(&mut origin, containerd, store, sources, reference, all)
                });
            match attempt {
                Ok((plans, downloads)) => return Ok((plans, downloads, Some(endpoint.clone()))),
                Err(e) if endpoint.mirror => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        return Err(last.unwrap_or(PullError::Unreachable {
            host: host.to_string(),
        }));
    }
    let unreachable = || PullError::Unreachable {
        host: host.to_string(),
    };
    if cx.registries.registry(host).is_none() {
        return Err(unreachable());
    }
    let regs: &crate::registry::Registries = cx.registries;
    let Some(registry) = regs.get(host) else {
        return Err(unreachable());
    };
    let mut origin = Origin::Page {
        registry,
        host,
        platform: platform.unwrap_or(IMAGE_PLATFORM),
    };
    let (plans, downloads) = plan_from(
        &mut origin,
        containerd,
        store,
        regs.sources(),
        reference,
        all,
    )?;
    Ok((plans, downloads, None))
}

fn plan_from(
    origin: &mut Origin,
    containerd: bool,
    store: &crate::store::Store,
    sources: &crate::registry::LayerSources,
    reference: &Reference,
    all: bool,
) -> Result<(Vec<TagPlan>, Vec<Download>), PullError> {
    let targets: Vec<Reference> = if all {
        let tags = origin.tags(reference)?;
        tags.iter().map(|t| reference.with_tag(t)).collect()
    } else {
        vec![reference.clone()]
    };
    // What earlier tags of this pull will have added, for the decisions of later ones.
    let mut planned_chains: Vec<Vec<Digest>> = Vec::new();
    let mut planned_blobs: BTreeMap<Digest, Digest> = BTreeMap::new();
    let mut plans = Vec::new();
    let mut downloads: Vec<Download> = Vec::new();
    for target in targets {
        let resolved = origin.manifest(&target)?;
        let manifest_digest = resolved.digest;
        let manifest = &resolved.manifest;
        // moby's pullTag: the tag, or the whole reference when it names a digest.
        let label = match target.digest() {
            Some(_) => target.to_string(),
            None => target.tag().unwrap_or("latest").to_string(),
        };
        // Docker 29's containerd store names the image by what the reference resolved to
        // and has it when that record has the platform's manifest.
        let platform_manifest = Digest::of(&resolved.manifest_bytes);
        let id = if containerd {
            manifest_digest
        } else {
            manifest.config.digest
        };
        let planned = planned_chains.len();
        let in_store = match store.image(&id) {
            Some(img) if containerd => img.target().is_some_and(|t| {
                t.present()
                    .any(|(e, _)| e.descriptor.digest == platform_manifest)
            }),
            found => found.is_some(),
        };
        let already = in_store
            || plans.iter().any(|p: &TagPlan| {
                p.id == id
                    && p.image
                        .as_ref()
                        .is_some_and(|(i, _)| i.config_digest() == manifest.config.digest)
            });
        if already {
            plans.push(TagPlan {
                reference: target,
                label,
                manifest_digest,
                id,
                image: None,
                manifest_layers: manifest.layers.len(),
            });
            continue;
        }
        let config = origin.config(&target, &manifest.config.digest)?;
        let mut image = Image::from_config(config, "image config").map_err(PullError::Config)?;
        if containerd {
            let mut t = resolved.target(&image).pulled_from(&target.name());
            if let Some(index) = &resolved.index {
                if let Some((digest, content)) =
                    origin.attestation(&target, index, &platform_manifest)?
                {
                    t.set_present(&digest, content);
                }
            }
            image = image.with_target(t);
        }
        let mut layers: Vec<PlannedLayer> = Vec::new();
        let mut missing = false;
        for (i, desc) in manifest.layers.iter().enumerate() {
            let data = origin.layer(&target, &desc.digest)?;
            let promised = image.diff_ids().get(i).copied().unwrap_or(desc.digest);
            let known = sources
                .diff_id(&desc.digest)
                .or_else(|| planned_blobs.get(&desc.digest).copied());
            let exists = !missing
                && known.is_some_and(|d| {
                    let mut chain: Vec<Digest> = layers.iter().map(|l| l.diff_id).collect();
                    chain.push(d);
                    chain_exists(store, &planned_chains[..planned], &chain)
                });
            missing |= !exists;
            if !exists && !downloads.iter().any(|d| d.blob == desc.digest) {
                downloads.push(Download {
                    blob: desc.digest,
                    size: data.as_ref().map_or(desc.size, |d| d.len() as u64),
                    data,
                });
            }
            layers.push(PlannedLayer {
                blob: desc.digest,
                diff_id: match (exists, known) {
                    (true, Some(k)) => k,
                    _ => promised,
                },
                exists,
            });
        }
        for l in &layers {
            planned_blobs.insert(l.blob, l.diff_id);
        }
        planned_chains.push(image.diff_ids().to_vec());
        plans.push(TagPlan {
            reference: target,
            label,
            manifest_digest,
            id,
            manifest_layers: manifest.layers.len(),
            image: Some((image, layers)),
        });
    }
    Ok((plans, downloads))
}

/// Whether the store (or an image planned earlier in this pull) has the layer chain.
fn chain_exists(store: &crate::store::Store, planned: &[Vec<Digest>], chain: &[Digest]) -> bool {
    planned.iter().any(|p| p.starts_with(chain))
        || (chain.iter().all(|d| store.has_layer(d))
            && store.images().any(|img| img.diff_ids().starts_with(chain)))
}

struct PullCmd {
    reference: Reference,
    plans: Vec<TagPlan>,
    quiet: bool,
    platform: Option<String>,
    downloads: Vec<Download>,
    /// The real registry the layers come from, with the network.
    endpoint: Option<Endpoint>,
    /// The current layer's bytes so far, while they are fetched.
    fetched: Vec<u8>,
    current: usize,
    decoder: Option<Decoder>,
    hasher: Hasher,
    size: u64,
    diff_size: DiffSize,
    buf: Vec<u8>,
    unpacked: BTreeMap<Digest, Unpacked>,
    done_bytes: u64,
    total_bytes: u64,
}

impl HashOffload for PullCmd {}

impl CmdJob for PullCmd {
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32> {
        let mut spent = 0usize;
        while self.current < self.downloads.len() {
            if spent >= budget {
                return None;
            }
            if self.downloads[self.current].data.is_none() {
                match self.fetch(cx, budget - spent) {
                    Ok(n) => spent += n,
                    Err(e) => {
                        cx.io.err(&format!("{e}\n"));
                        return Some(1);
                    }
                }
                continue;
            }
            let dl = &self.downloads[self.current];
            let Some(data) = dl.data.clone() else {
                return Some(1);
            };
            let what = format!("layer {}", dl.blob);
            if self.decoder.is_none() {
                match compress::decoder(data, &what) {
                    Ok(d) => self.decoder = Some(d),
                    Err(e) => return Some(fail(cx, &e.to_string())),
                }
            }
            let want = (budget - spent).clamp(4096, 1 << 16);
            self.buf.resize(want, 0);
            let Some(decoder) = self.decoder.as_mut() else {
                return Some(1);
            };
            let n = match compress::read_some(decoder, &mut self.buf, &what) {
                Ok(n) => n,
                Err(e) => return Some(fail(cx, &e.to_string())),
            };
            if n == 0 {
                let hasher = std::mem::take(&mut self.hasher);
                let diff_size = std::mem::take(&mut self.diff_size);
                self.unpacked.insert(
                    dl.blob,
                    Unpacked {
                        diff_id: hasher.finish(),
                        size: std::mem::take(&mut self.size),
                        content_size: diff_size.total(),
                        usage: diff_size.usage(),
                    },
                );
                self.done_bytes += dl.size;
                self.decoder = None;
                self.current += 1;
                continue;
            }
            self.hasher.update(&self.buf[..n]);
            self.diff_size.feed(&self.buf[..n]);
            self.size += n as u64;
            spent += n;
        }
        Some(self.finish(cx))
    }

    fn progress(&self) -> Progress {
        Progress {
            label: "Pulling",
            done: self.done_bytes + self.fetched.len() as u64,
            total: self.total_bytes,
        }
    }
}

/// The most one request for a layer asks for: reads stay small enough to show progress
/// and to stop within a second.
const FETCH_WINDOW: u64 = 8 << 20;

impl PullCmd {
    /// Fetches the next window of the current layer from the real registry; at its end,
    /// checks the layer's digest (moby's "Verifying Checksum") and keeps its bytes.
    fn fetch(&mut self, cx: &mut Ctx, budget: usize) -> Result<usize, String> {
        let dl = &self.downloads[self.current];
        let (Some(endpoint), Some((net, _))) = (&self.endpoint, cx.registries.network_mut()) else {
            return Err(format!("layer {} has no source", dl.blob));
        };
        let from = self.fetched.len() as u64;
        let window = (budget as u64).clamp(1 << 20, FETCH_WINDOW);
        let to = (from + window).min(dl.size);
        if from < to {
            // A window whose connection failed is asked for again once, from where the
            // layer stands (the bytes before it are kept).
            let path = self.reference.path();
            let (size, now) = (dl.size, cx.now);
            let bytes = match net.blob_range(endpoint, path, &dl.blob, from..to, size, now) {
                Err(NetError::Url(_)) => {
                    net.blob_range(endpoint, path, &dl.blob, from..to, size, now)
                }
                other => other,
            }
            .map_err(|e| e.to_string())?;
            if bytes.is_empty() {
                return Err(format!(
                    "unexpected EOF reading layer {} at {from} of {} bytes",
                    dl.blob, dl.size
                ));
            }
            if self.fetched.len() as u64 + bytes.len() as u64 > dl.size {
                return Err(format!(
                    "filesystem layer verification failed for digest {}",
                    dl.blob
                ));
            }
            self.fetched.extend_from_slice(&bytes);
            if (self.fetched.len() as u64) < dl.size {
                return Ok(bytes.len());
            }
        }
        let data = Bytes::from(std::mem::take(&mut self.fetched));
        if Digest::of(&data) != dl.blob {
            return Err(format!(
                "filesystem layer verification failed for digest {}",
                dl.blob
            ));
        }
        let n = data.len();
        self.downloads[self.current].data = Some(data);
        Ok(n.min(1))
    }
}

fn fail(cx: &mut Ctx, msg: &str) -> i32 {
    cx.io.err(&format!("failed to register layer: {msg}\n"));
    1
}

/// moby's errRootFSMismatch.
const ROOTFS_MISMATCH: &str = "layers from manifest don't match image configuration";

impl PullCmd {
    /// Verifies what was downloaded, then adds it to the store and prints the transcript.
    fn finish(&mut self, cx: &mut Ctx) -> i32 {
        let mut stream = Stream::default();
        let mut any_new = false;
        let mut fetched_platform: Option<String> = None;
        let mut new_layers: Vec<Layer> = Vec::new();
        let mut new_images: Vec<Image> = Vec::new();
        let mut new_tags: Vec<(Reference, Digest)> = Vec::new();
        let mut new_digests: Vec<(Reference, Digest)> = Vec::new();
        let mut new_sources: Vec<(Digest, Digest)> = Vec::new();
        let mut error: Option<String> = None;
        let path = self.reference.path().to_string();
        'plans: for plan in &self.plans {
            stream.message(Some(&plan.label), &format!("Pulling from {path}"));
            let existed = plan.image.is_none();
            if let Some((image, layers)) = &plan.image {
                // Docker 29's containerd pull (moby v29.7.2 daemon/containerd/image_pull.go,
                // progress.go) has no Waiting or Verifying Checksum lines, and a layer whose
                // snapshot exists is never fetched, so it prints nothing.
                let containerd = cx.engine >= crate::engine::Engine::Docker29;
                let mut shown = BTreeSet::new();
                let mut fetch: Vec<&PlannedLayer> = Vec::new();
                for l in layers {
                    if !shown.insert(l.blob) {
                        continue;
                    }
                    if l.exists {
                        if !containerd {
                            stream.update(&l.blob.short(), "Already exists");
                        }
                    } else {
                        stream.update(&l.blob.short(), "Pulling fs layer");
                        fetch.push(l);
                    }
                }
                if !containerd {
                    for l in fetch.iter().skip(MAX_CONCURRENT_DOWNLOADS) {
                        stream.update(&l.blob.short(), "Waiting");
                    }
                }
                for l in &fetch {
                    if !containerd {
                        stream.update(&l.blob.short(), "Verifying Checksum");
                    }
                    stream.update(&l.blob.short(), "Download complete");
                }
                if layers.len() != plan.manifest_layers || image.diff_ids().len() != layers.len() {
                    error = Some(ROOTFS_MISMATCH.to_string());
                    break 'plans;
                }
                for l in layers.iter().filter(|l| !l.exists) {
                    match self.unpacked.get(&l.blob) {
                        Some(u) if u.diff_id == l.diff_id => {}
                        _ => {
                            error = Some(ROOTFS_MISMATCH.to_string());
                            break 'plans;
                        }
                    }
                }
                for l in &fetch {
                    stream.update(&l.blob.short(), "Pull complete");
                    let Some(u) = self.unpacked.get(&l.blob) else {
                        continue;
                    };
                    let Some(data) = self
                        .downloads
                        .iter()
                        .find(|d| d.blob == l.blob)
                        .and_then(|d| d.data.clone())
                    else {
                        continue;
                    };
                    new_layers.push(Layer {
                        diff_id: u.diff_id,
                        compression: Compression::detect(&data),
                        blob: Blob::from(data),
                        blob_digest: l.blob,
                        size: u.size,
                        content_size: u.content_size,
                        usage: u.usage,
                    });
                }
                for l in layers {
                    new_sources.push((l.diff_id, l.blob));
                }
                new_images.push(image.clone());
                fetched_platform = Some(image.config().platform());
            }
            stream.message(None, &format!("Digest: {}", plan.manifest_digest));
            // Docker 29 names the record by the tag alone (its RepoDigests follow from the
            // target); a pull by digest names it by the digest.
            if cx.engine < crate::engine::Engine::Docker29 || plan.reference.digest().is_some() {
                new_digests.push((plan.reference.with_digest(plan.manifest_digest), plan.id));
            }
            let updated = if plan.reference.digest().is_some() {
                !existed
            } else {
                let current = new_tags
                    .iter()
                    .rev()
                    .find(|(r, _)| *r == plan.reference)
                    .map(|(_, id)| *id)
                    .or_else(|| cx.store.resolve_tag(&plan.reference));
                if current != Some(plan.id) {
                    new_tags.push((plan.reference.clone(), plan.id));
                    true
                } else {
                    false
                }
            };
            any_new |= updated;
        }
        if let Some(e) = error {
            if !self.quiet {
                cx.io.out(&stream.render(cx.io.stdout_is_terminal));
            }
            cx.io.err(&format!("{e}\n"));
            return 1;
        }
        // Everything verified: commit.
        for l in new_layers {
            cx.store.add_layer(l);
        }
        for img in new_images {
            cx.store.add_image(img);
        }
        // moby's pull adds the tag to the reference store alone (pull_v2's AddTag), so
        // LastTagTime stays 0001-01-01T00:00:00Z, as after a load; containerd's store
        // creates the record now (LastTagTime is its UpdatedAt).
        let containerd = cx.engine >= crate::engine::Engine::Docker29;
        for (r, id) in new_tags {
            if containerd {
                cx.store.tag(r, id, cx.now);
            } else {
                cx.store.add_tag(r, id);
            }
        }
        // Docker's addDigestReference: the image is also known as name@manifest-digest.
        for (r, id) in new_digests {
            cx.store.add_digest(r, id);
        }
        let repository = self.reference.name();
        for (diff_id, blob) in new_sources {
            cx.registries.sources_mut().add(diff_id, blob, &repository);
        }
        let requested = self.reference.familiar();
        stream.message(
            None,
            &if any_new {
                format!("Status: Downloaded newer image for {requested}")
            } else {
                format!("Status: Image is up to date for {requested}")
            },
        );
        if let (Some(wanted), Some(actual)) = (&self.platform, &fetched_platform) {
            if !crate::platform::matches(wanted, actual) {
                stream.message(
                    None,
                    &format!(
                        "WARNING: image with reference {} was found but does not match the specified platform: wanted {wanted}, actual: {actual}",
                        self.reference.familiar_name()
                    ),
                );
            }
        }
        if !self.quiet {
            cx.io.out(&stream.render(cx.io.stdout_is_terminal));
        }
        cx.io.out(&format!("{}\n", self.reference));
        0
    }
}

/// Pulls `r` as `docker pull` would, into streams of its own (for `docker run` and
/// `docker build`, which show the pull their own way): (status, stdout, stderr).
pub fn pull_aside(cx: &mut Ctx, r: &crate::reference::Reference) -> (i32, String, String) {
    let mut io = crate::cli::Io {
        stdout_is_terminal: cx.io.stdout_is_terminal,
        ..crate::cli::Io::new(None)
    };
    let code = {
        let mut sub = Ctx {
            store: &mut *cx.store,
            containers: &mut *cx.containers,
            snapshots: &mut *cx.snapshots,
            registries: &mut *cx.registries,
            host: &mut *cx.host,
            now: cx.now,
            io: &mut io,
            offload_hashing: Default::default(),
            history: cx.history,
            lang: cx.lang,
            engine: cx.engine,
            columns: cx.columns,
            memory: cx.memory,
        };
        match run(&mut sub, &[r.familiar()], &USAGE) {
            Exec::Done(code) => code,
            Exec::Job(mut job) => loop {
                if let Some(code) = job.step(&mut sub, usize::MAX) {
                    break code;
                }
            },
            Exec::Prompt { .. } => 1,
        }
    };
    let out = String::from_utf8_lossy(&io.stdout.into_bytes()).into_owned();
    let err = String::from_utf8_lossy(&io.stderr).into_owned();
    (code, out, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_renders_like_the_cli() {
        let mut s = Stream::default();
        s.message(Some("latest"), "Pulling from library/x");
        s.update("aaa", "Pulling fs layer");
        s.update("bbb", "Pulling fs layer");
        s.update("aaa", "Pull complete");
        s.update("bbb", "Pull complete");
        s.message(None, "Digest: d");
        assert_eq!(
            s.render(true),
            "latest: Pulling from library/x\naaa: Pull complete\nbbb: Pull complete\nDigest: d\n"
        );
        assert_eq!(
            s.render(false),
            "latest: Pulling from library/x\naaa: Pulling fs layer\nbbb: Pulling fs layer\naaa: Pull complete\nbbb: Pull complete\nDigest: d\n"
        );
    }

    #[test]
    fn platforms_parse_as_containerd() {
        let ok = |s: &str| parse_platform(s).unwrap();
        assert_eq!(ok("linux/amd64"), "linux/amd64");
        assert_eq!(ok("linux"), "linux/amd64");
        assert_eq!(ok("arm64"), "linux/arm64");
        assert_eq!(ok("linux/aarch64"), "linux/arm64");
        assert_eq!(ok("linux/arm64/v8"), "linux/arm64");
        assert_eq!(ok("linux/arm"), "linux/arm");
        assert_eq!(ok("linux/x86_64"), "linux/amd64");
        assert_eq!(
            parse_platform("foo").unwrap_err().to_string(),
            "\"foo\": unknown operating system or architecture: invalid argument"
        );
        assert_eq!(
            parse_platform("linux//amd64").unwrap_err().to_string(),
            "\"\" is an invalid component of \"linux//amd64\": platform specifier component must match \"^[A-Za-z0-9_-]+$\": invalid argument"
        );
        assert_eq!(
            parse_platform("a/b/c/d").unwrap_err().to_string(),
            "\"a/b/c/d\": cannot parse platform specifier: invalid argument"
        );
        assert!(parse_platform("a/b/c/d").is_err());
        assert!(parse_platform("linux//amd64").is_err());
        assert!(platform_matches(&ok("linux/amd64")));
        assert!(!platform_matches(&ok("linux/arm64")));
    }

    #[test]
    fn unreachable_hosts() {
        assert_eq!(
            unreachable("example.com:5000"),
            "Get \"https://example.com:5000/v2/\": dial tcp: lookup example.com: no such host"
        );
        assert_eq!(
            unreachable("localhost:5000"),
            "Get \"http://localhost:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused"
        );
        assert_eq!(
            unreachable("localhost"),
            "Get \"http://localhost/v2/\": dial tcp 127.0.0.1:80: connect: connection refused"
        );
        assert_eq!(
            unreachable("[::1]:5000"),
            "Get \"http://[::1]:5000/v2/\": dial tcp [::1]:5000: connect: connection refused"
        );
        assert_eq!(
            unreachable("10.0.0.1:5000"),
            "Get \"https://10.0.0.1:5000/v2/\": dial tcp 10.0.0.1:5000: connect: connection refused"
        );
    }
}
