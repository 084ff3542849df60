//! `docker push`: uploads an image from the store to an in-page registry as real OCI
//! content (gzip layer blobs, the config, a manifest), as a job that compresses layers
//! in budgeted steps. Which layers are pushed, found in the registry or mounted from
//! another repository follows moby's distribution/push_v2.go, with what the daemon
//! remembers about where layers came from. Pushing to any host but `docker.io` creates
//! that host's registry; `docker.io` refuses its official (`library/`) repositories.

use super::pull::{parse_platform, platform_matches, Stream};
use super::{check_args, parse_flags, Args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{CmdJob, Ctx, Exec};
use crate::compress::{self, Compression, Decoder};
use crate::content::Blob;
use crate::digest::Digest;
use crate::job::{HashOffload, Progress};
use crate::reference::Reference;
use crate::registry::network::{Endpoint, NetError, Network};
use crate::registry::{
    Descriptor, GzipWriter, LayerSource, Manifest, Registry, RegistryError, MT_CONFIG,
    MT_DOCKER_MANIFEST, MT_LAYER_GZIP,
};
use crate::store::Store;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};

pub const USAGE: Usage = Usage {
    command: "docker push",
    synopsis: "docker push [OPTIONS] NAME[:TAG]",
    summary: "Upload an image to a registry",
    aliases: "docker image push, docker push",
    options: "  -a, --all-tags                Push all tags of an image to the repository\n      --disable-content-trust   Skip image signing (default true)\n      --platform string         Push a platform-specific manifest as a single-platform image to the registry.\n                                Image index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n                                'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)\n  -q, --quiet                   Suppress verbose output\n",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image push",
    synopsis: "docker image push [OPTIONS] NAME[:TAG]",
    ..USAGE
};

const SPECS: &[Spec] = &[
    flag(Some('a'), "all-tags"),
    flag(None, "disable-content-trust"),
    value(None, "platform"),
    flag(Some('q'), "quiet"),
];

/// Docker uploads at most this many layers at once; the others wait.
const MAX_CONCURRENT_UPLOADS: usize = 5;

/// Where a push goes: an in-page registry (a copy, put back when the push succeeds), or a
/// real one through the network.
enum Target<'a> {
    Page(Registry),
    Net {
        net: &'a mut Network,
        endpoint: Endpoint,
        now: crate::time::Timestamp,
    },
}

/// A push's failure at the registry.
#[derive(Debug)]
enum TargetError {
    Registry(RegistryError),
    Net(NetError),
}

impl std::fmt::Display for TargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetError::Registry(e) => write!(f, "{e}"),
            // moby's retryOnError hands an authorization failure on without its URL.
            TargetError::Net(NetError::Auth(_, e)) => write!(f, "{e}"),
            TargetError::Net(e) => write!(f, "{e}"),
        }
    }
}

impl Target<'_> {
    fn check_push(&self, path: &str) -> Result<(), TargetError> {
        match self {
            Target::Page(r) => r.check_push(path).map_err(TargetError::Registry),
            Target::Net { .. } => Ok(()),
        }
    }

    /// The blob's size when the repository has it.
    fn stat(&mut self, path: &str, digest: &Digest) -> Result<Option<u64>, TargetError> {
        match self {
            Target::Page(r) => Ok(r.blob(path, digest).ok().map(|b| b.len() as u64)),
            Target::Net { net, endpoint, now } => net
                .stat_blob(endpoint, path, digest, *now)
                .map_err(TargetError::Net),
        }
    }

    fn mount(&mut self, path: &str, digest: &Digest, from: &str) -> Result<bool, TargetError> {
        match self {
            Target::Page(r) => r
                .mount_blob(path, digest, from)
                .map_err(TargetError::Registry),
            Target::Net { net, endpoint, now } => net
                .mount(endpoint, path, digest, from, *now)
                .map_err(TargetError::Net),
        }
    }

    fn upload(&mut self, path: &str, data: Bytes) -> Result<Digest, TargetError> {
        match self {
            Target::Page(r) => r.put_blob(path, data).map_err(TargetError::Registry),
            Target::Net { net, endpoint, now } => net
                .upload(endpoint, path, data, *now)
                .map_err(TargetError::Net),
        }
    }

    fn put_manifest(&mut self, path: &str, tag: &str, data: Bytes) -> Result<Digest, TargetError> {
        match self {
            Target::Page(r) => r
                .put_manifest(path, tag, data)
                .map_err(TargetError::Registry),
            Target::Net { net, endpoint, now } => net
                .put_manifest(endpoint, path, tag, MT_DOCKER_MANIFEST, data, *now)
                .map_err(TargetError::Net),
        }
    }
}

/// What happens to one layer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    /// The repository has the blob already (`Layer already exists`).
    Exists(Digest),
    /// Handled for an earlier tag of this push (`Layer already exists`).
    Earlier,
    /// Linked from another repository of the registry (`Mounted from library/nginx`).
    Mount { blob: Digest, from: String },
    /// Compressed and uploaded (`Pushed`).
    Upload,
}

struct LayerPlan {
    diff_id: Digest,
    action: Action,
}

/// One tag to push.
struct TagPush {
    reference: Reference,
    id: Digest,
    /// The image's diffIDs, bottom first.
    diff_ids: Vec<Digest>,
    /// One entry per distinct layer, top first.
    layers: Vec<LayerPlan>,
}

/// A layer to gzip for uploading.
struct Encode {
    diff_id: Digest,
    blob: Blob,
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
    let platform = match p.value("platform").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match parse_platform(v) {
            Ok(pl) => Some(pl),
            Err(e) => {
                // The CLI prints this without a line break before returning the error.
                cx.io.err(&format!("Invalid platform {v}{e}\n"));
                return Exec::Done(1);
            }
        },
    };
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
    if reference.digest().is_some() {
        cx.io.err("cannot push a digest reference\n");
        return Exec::Done(1);
    }
    let targets = match targets(cx.store, &reference) {
        Ok(t) => t,
        Err(Missing::Repository) => {
            if !quiet {
                cx.io.out(&format!(
                    "The push refers to repository [{}]\n",
                    reference.name()
                ));
            }
            cx.io.err(&format!(
                "An image does not exist locally with the tag: {}\n",
                reference.familiar_name()
            ));
            return Exec::Done(1);
        }
        Err(Missing::Tag) => {
            if !quiet {
                cx.io.out(&format!(
                    "The push refers to repository [{}]\n",
                    reference.name()
                ));
            }
            cx.io
                .err(&format!("tag does not exist: {}\n", reference.familiar()));
            return Exec::Done(1);
        }
        Err(Missing::Tags) => {
            if !quiet {
                cx.io.out(&format!(
                    "The push refers to repository [{}]\n",
                    reference.name()
                ));
            }
            cx.io.err(&format!(
                "no tags to push for {}\n",
                reference.familiar_name()
            ));
            return Exec::Done(1);
        }
    };
    if let Some(wanted) = &platform {
        if !platform_matches(wanted) {
            let actual = targets
                .first()
                .and_then(|(_, id)| cx.store.image(id))
                .map(|img| format!("{}/{}", img.config().os, img.config().architecture))
                .unwrap_or_else(|| super::pull::IMAGE_PLATFORM.to_string());
            cx.io.err(&format!(
                "Error response from daemon: image with reference {reference} was found but does not match the specified platform: wanted {wanted}, actual: {actual}\n"
            ));
            return Exec::Done(1);
        }
    }
    let mut stream = Stream::default();
    stream.message(
        None,
        &format!("The push refers to repository [{}]", reference.name()),
    );
    let plan = if cx.registries.network().is_some() {
        plan_net(cx, &reference, &targets)
    } else {
        // Plan against the registry as it is; it only comes to exist when the push succeeds.
        let _ = cx.registries.registry(reference.domain());
        let registry = cx
            .registries
            .get(reference.domain())
            .cloned()
            .unwrap_or_default();
        let mut target = Target::Page(registry);
        plan(
            cx.store,
            cx.registries.sources(),
            &mut target,
            &reference,
            &targets,
        )
        .map(|(tags, encodes, removals)| (tags, encodes, removals, None))
    };
    let (tags, encodes, removals, endpoint) = match plan {
        Ok(x) => x,
        Err((err, index)) => {
            // The refusal comes while the first layers are being prepared.
            if let Some(img) = targets.get(index).and_then(|(_, id)| cx.store.image(id)) {
                prepare(&mut stream, img.diff_ids());
            }
            if !quiet {
                cx.io.out(&stream.render(cx.io.stdout_is_terminal));
            }
            cx.io.err(&format!("{err}\n"));
            return Exec::Done(1);
        }
    };
    let total = encodes.iter().map(|e| e.blob.len()).sum();
    let mut job = PushCmd {
        reference,
        quiet,
        stream,
        tags,
        encodes,
        removals,
        endpoint,
        current: 0,
        decoder: None,
        writer: None,
        buf: Vec::new(),
        encoded: BTreeMap::new(),
        done_bytes: 0,
        total_bytes: total,
    };
    match job.step(cx, 0) {
        Some(code) => Exec::Done(code),
        None => Exec::Job(Box::new(job)),
    }
}

enum Missing {
    /// No tag of the repository at all.
    Repository,
    /// Not the tag asked for.
    Tag,
    /// `-a` and only digests.
    Tags,
}

/// The tags to push, as moby picks them from its reference store.
fn targets(store: &Store, reference: &Reference) -> Result<Vec<(Reference, Digest)>, Missing> {
    let same_repo: Vec<(Reference, Digest)> = store
        .tags()
        .filter(|(r, _)| r.domain() == reference.domain() && r.path() == reference.path())
        .map(|(r, d)| (r.clone(), *d))
        .collect();
    if same_repo.is_empty() {
        return Err(Missing::Repository);
    }
    if reference.tag().is_some() {
        return match store.resolve_tag(reference) {
            Some(id) => Ok(vec![(reference.clone(), id)]),
            None => Err(Missing::Tag),
        };
    }
    let tagged: Vec<(Reference, Digest)> = same_repo
        .into_iter()
        .filter(|(r, _)| r.tag().is_some())
        .collect();
    if tagged.is_empty() {
        return Err(Missing::Tags);
    }
    Ok(tagged)
}

/// `Preparing` for each layer, top first, and `Waiting` past the upload limit.
fn prepare(stream: &mut Stream, diff_ids: &[Digest]) {
    let mut seen = BTreeSet::new();
    let mut distinct = Vec::new();
    for d in diff_ids.iter().rev() {
        stream.update(&d.short(), "Preparing");
        if seen.insert(*d) {
            distinct.push(*d);
        }
    }
    for d in distinct.iter().skip(MAX_CONCURRENT_UPLOADS) {
        stream.update(&d.short(), "Waiting");
    }
}

/// How hard moby tries to avoid an upload, by layer size: (mount attempts, existence
/// checks, whether to check digests remembered for other repositories).
fn attempts(size: u64) -> (usize, usize, bool) {
    if size > 10 << 20 {
        (4, 3, true)
    } else if size > 100 << 10 {
        (3, 1, false)
    } else {
        (1, 1, false)
    }
}

/// What the daemon forgets about where layers are (a registry said it lacks them).
type Removals = Vec<(Digest, LayerSource)>;
type Plan = (Vec<TagPush>, Vec<Encode>, Removals);
/// A plan against a real registry, and the endpoint it was made against.
type NetPlan = (Vec<TagPush>, Vec<Encode>, Removals, Option<Endpoint>);

/// With the network: the first endpoint of the host that answers its ping, and the plan
/// against it.
fn plan_net(
    cx: &mut Ctx,
    reference: &Reference,
    targets: &[(Reference, Digest)],
) -> Result<NetPlan, (String, usize)> {
    let host = reference.domain();
    let now = cx.now;
    let store: &Store = cx.store;
    let Some((net, sources)) = cx.registries.network_mut() else {
        return Err(("no network".into(), 0));
    };
    let endpoints: Vec<Endpoint> = net
        .endpoints(host)
        .into_iter()
        .filter(|e| !e.mirror)
        .collect();
    let mut last = None;
    for endpoint in endpoints {
        if let Err(e) = net.ping(host, &endpoint) {
            last = Some((e.to_string(), 0));
            continue;
        }
        let mut target = Target::Net {
            net: &mut *net,
            endpoint: endpoint.clone(),
            now,
        };
        return plan(store, sources, &mut target, reference, targets)
            .map(|(t, e, r)| (t, e, r, Some(endpoint)));
    }
    Err(last.unwrap_or_else(|| (format!("no endpoint for {host}"), 0)))
}

/// Decides, tag by tag and layer by layer, what the push will do. Nothing changes yet
/// (with the network, the registry is only asked what it has).
fn plan(
    store: &Store,
    sources: &crate::registry::LayerSources,
    registry: &mut Target,
    reference: &Reference,
    targets: &[(Reference, Digest)],
) -> Result<Plan, (String, usize)> {
    let path = reference.path();
    let name = reference.name();
    let domain = reference.domain();
    let mut handled: BTreeSet<Digest> = BTreeSet::new();
    let mut removals: Vec<(Digest, LayerSource)> = Vec::new();
    let mut encodes: Vec<Encode> = Vec::new();
    let mut tags = Vec::new();
    for (index, (tag, id)) in targets.iter().enumerate() {
        let fail = |e: String| (e, index);
        let image = store
            .image(id)
            .ok_or_else(|| fail(format!("could not find image from tag {}", tag.familiar())))?;
        registry.check_push(path).map_err(|e| fail(e.to_string()))?;
        let mut layers = Vec::new();
        let mut seen = BTreeSet::new();
        for diff_id in image.diff_ids().iter().rev() {
            if !seen.insert(*diff_id) {
                continue;
            }
            let Some(layer) = store.layer(diff_id) else {
                return Err(fail(
                    "failed to get top layer from image: layer does not exist".to_string(),
                ));
            };
            let action = if handled.contains(diff_id) {
                Action::Earlier
            } else {
                let meta: Vec<LayerSource> = sources
                    .sources(diff_id)
                    .iter()
                    .filter(|s| !removals.iter().any(|(d, r)| d == diff_id && r == *s))
                    .cloned()
                    .collect();
                decide(
                    registry,
                    path,
                    &name,
                    domain,
                    *diff_id,
                    layer.size,
                    &meta,
                    &mut removals,
                )
                .map_err(|e| fail(e.to_string()))?
            };
            if action == Action::Upload {
                encodes.push(Encode {
                    diff_id: *diff_id,
                    blob: layer.blob.clone(),
                });
                // Kept as stored when already gzip (as pulled), compressed otherwise.
            }
            handled.insert(*diff_id);
            layers.push(LayerPlan {
                diff_id: *diff_id,
                action,
            });
        }
        tags.push(TagPush {
            reference: tag.clone(),
            id: *id,
            diff_ids: image.diff_ids().to_vec(),
            layers,
        });
    }
    Ok((tags, encodes, removals))
}

/// moby's v2PushDescriptor.Upload, up to the upload itself.
#[allow(clippy::too_many_arguments)]
fn decide(
    registry: &mut Target,
    path: &str,
    name: &str,
    domain: &str,
    diff_id: Digest,
    size: u64,
    meta: &[LayerSource],
    removals: &mut Vec<(Digest, LayerSource)>,
) -> Result<Action, TargetError> {
    let (max_mounts, max_checks, check_other) = attempts(size);
    let mut checked: BTreeSet<Digest> = BTreeSet::new();
    let exists = |registry: &mut Target,
                  check_other: bool,
                  max: usize,
                  checked: &mut BTreeSet<Digest>,
                  removals: &mut Vec<(Digest, LayerSource)>|
     -> Result<Option<Digest>, TargetError> {
        let candidates: Vec<LayerSource> = meta
            .iter()
            .filter(|m| check_other || m.repository == name)
            .cloned()
            .collect();
        let mut digests: Vec<&LayerSource> = Vec::new();
        let ordered = crate::registry::by_likeness(name, &candidates);
        for m in &ordered {
            if digests.len() >= max {
                break;
            }
            if digests.iter().any(|d| d.blob == m.blob) || checked.contains(&m.blob) {
                continue;
            }
            digests.push(m);
        }
        for m in digests {
            checked.insert(m.blob);
            if registry.stat(path, &m.blob)?.is_some() {
                return Ok(Some(m.blob));
            }
            if m.repository == name {
                removals.push((diff_id, m.clone()));
            }
        }
        Ok(None)
    };
    if !meta.is_empty() {
        if let Some(blob) = exists(registry, true, 1, &mut checked, removals)? {
            return Ok(Action::Exists(blob));
        }
    }
    let mut mounts: Vec<LayerSource> = meta
        .iter()
        .filter(|m| {
            m.repository != name
                && Reference::parse(&m.repository).is_ok_and(|r| r.domain() == domain)
        })
        .cloned()
        .collect();
    mounts = crate::registry::by_likeness(name, &mounts);
    mounts.truncate(max_mounts);
    for m in mounts {
        let Ok(from) = Reference::parse(&m.repository) else {
            continue;
        };
        // In-page registries are asked whether the source holds it; a real one is
        // asked to mount it when the push runs (and uploads when it does not).
        let candidate = match registry {
            Target::Page(r) => r.has_blob(from.path(), &m.blob),
            Target::Net { .. } => true,
        };
        if candidate {
            return Ok(Action::Mount {
                blob: m.blob,
                from: from.path().to_string(),
            });
        }
        removals.push((diff_id, m));
    }
    if max_checks > checked.len() {
        if let Some(blob) = exists(
            registry,
            check_other,
            max_checks - checked.len(),
            &mut checked,
            removals,
        )? {
            return Ok(Action::Exists(blob));
        }
    }
    Ok(Action::Upload)
}

struct PushCmd {
    reference: Reference,
    quiet: bool,
    stream: Stream,
    tags: Vec<TagPush>,
    encodes: Vec<Encode>,
    removals: Vec<(Digest, LayerSource)>,
    /// The real registry pushed to, with the network.
    endpoint: Option<Endpoint>,
    current: usize,
    decoder: Option<Decoder>,
    writer: Option<GzipWriter>,
    buf: Vec<u8>,
    encoded: BTreeMap<Digest, Bytes>,
    done_bytes: u64,
    total_bytes: u64,
}

impl HashOffload for PushCmd {}

impl CmdJob for PushCmd {
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32> {
        let mut spent = 0usize;
        while let Some(enc) = self.encodes.get(self.current) {
            if Compression::detect(&enc.blob.head(compress::MAGIC)) == Compression::Gzip {
                let blob = match enc.blob.to_bytes() {
                    Ok(b) => b,
                    Err(e) => return Some(self.fail(cx, &e.to_string())),
                };
                self.encoded.insert(enc.diff_id, blob);
                self.done_bytes += enc.blob.len();
                self.current += 1;
                continue;
            }
            if spent >= budget {
                return None;
            }
            let what = format!("layer {}", enc.diff_id);
            if self.decoder.is_none() {
                match compress::decoder(enc.blob.clone(), &what) {
                    Ok(d) => self.decoder = Some(d),
                    Err(e) => return Some(self.fail(cx, &e.to_string())),
                }
                self.writer = Some(GzipWriter::new());
            }
            let want = (budget - spent).clamp(4096, 1 << 16);
            self.buf.resize(want, 0);
            let (Some(decoder), Some(writer)) = (self.decoder.as_mut(), self.writer.as_mut())
            else {
                return Some(1);
            };
            let n = match compress::read_some(decoder, &mut self.buf, &what) {
                Ok(n) => n,
                Err(e) => return Some(self.fail(cx, &e.to_string())),
            };
            if n == 0 {
                let gz = self
                    .writer
                    .take()
                    .map(GzipWriter::finish)
                    .unwrap_or_default();
                self.encoded.insert(enc.diff_id, Bytes::from(gz));
                self.done_bytes += enc.blob.len();
                self.decoder = None;
                self.current += 1;
                continue;
            }
            writer.write(&self.buf[..n]);
            spent += n;
        }
        Some(self.finish(cx))
    }

    fn progress(&self) -> Progress {
        Progress {
            label: "Pushing",
            done: self.done_bytes,
            total: self.total_bytes,
        }
    }
}

impl PushCmd {
    fn fail(&mut self, cx: &mut Ctx, msg: &str) -> i32 {
        if !self.quiet {
            cx.io.out(&self.stream.render(cx.io.stdout_is_terminal));
        }
        cx.io.err(&format!("{msg}\n"));
        1
    }

    /// Applies the plan to the registry, tag by tag, and prints the transcript.
    fn finish(&mut self, cx: &mut Ctx) -> i32 {
        let host = self.reference.domain().to_string();
        let path = self.reference.path().to_string();
        let name = self.reference.name();
        let now = cx.now;
        let store: &Store = cx.store;
        let mut registry = match (&self.endpoint, cx.registries.network_mut()) {
            (Some(endpoint), Some((net, _))) => Target::Net {
                net,
                endpoint: endpoint.clone(),
                now,
            },
            // Work on a copy, so that a failure leaves the registry as it was.
            _ => Target::Page(cx.registries.registry_or_create(&host).clone()),
        };
        let mut blob_of: BTreeMap<Digest, Digest> = BTreeMap::new();
        let mut added: Vec<(Digest, Digest)> = Vec::new();
        let tags = std::mem::take(&mut self.tags);
        let mut new_digests = Vec::new();
        for t in &tags {
            prepare(&mut self.stream, &t.diff_ids);
            for l in &t.layers {
                let short = l.diff_id.short();
                let result = match &l.action {
                    Action::Earlier | Action::Exists(_) => {
                        if let Action::Exists(b) = l.action {
                            blob_of.insert(l.diff_id, b);
                        }
                        Ok("Layer already exists".to_string())
                    }
                    Action::Mount { blob, from } => match registry.mount(&path, blob, from) {
                        Ok(true) => {
                            blob_of.insert(l.diff_id, *blob);
                            Ok(format!("Mounted from {from}"))
                        }
                        // The registry opened an upload instead: send the layer as
                        // it was pulled (the blob the mount named).
                        Ok(false) => match store
                            .layer(&l.diff_id)
                            .filter(|x| x.blob_digest == *blob)
                            .and_then(|x| x.blob.to_bytes().ok())
                        {
                            Some(data) => registry.upload(&path, data).map(|d| {
                                blob_of.insert(l.diff_id, d);
                                "Pushed".to_string()
                            }),
                            None => Err(TargetError::Registry(RegistryError::BlobUnknown(*blob))),
                        },
                        Err(e) => Err(e),
                    },
                    Action::Upload => match self.encoded.get(&l.diff_id) {
                        Some(gz) => registry.upload(&path, gz.clone()).map(|d| {
                            blob_of.insert(l.diff_id, d);
                            "Pushed".to_string()
                        }),
                        None => Err(TargetError::Registry(RegistryError::BlobUnknown(l.diff_id))),
                    },
                };
                match result {
                    Ok(status) => self.stream.update(&short, &status),
                    Err(e) => return self.fail(cx, &e.to_string()),
                }
            }
            let Some(image) = store.image(&t.id) else {
                return self.fail(
                    cx,
                    &format!("could not find image from tag {}", t.reference.familiar()),
                );
            };
            let config = image.raw_config().clone();
            let mut layers = Vec::new();
            for d in &t.diff_ids {
                let Some(blob) = blob_of.get(d) else {
                    return self.fail(cx, &RegistryError::BlobUnknown(*d).to_string());
                };
                let size = match self.encoded.get(d).filter(|gz| Digest::of(gz) == *blob) {
                    Some(gz) => gz.len() as u64,
                    None => match registry.stat(&path, blob) {
                        Ok(size) => size.unwrap_or(0),
                        Err(e) => return self.fail(cx, &e.to_string()),
                    },
                };
                layers.push(Descriptor {
                    media_type: MT_LAYER_GZIP.to_string(),
                    size,
                    digest: *blob,
                });
                added.push((*d, *blob));
            }
            let manifest = Manifest {
                config: Descriptor::new(MT_CONFIG, &config),
                layers,
            }
            .to_docker_bytes();
            let len = manifest.len();
            let tag = t.reference.tag().unwrap_or("latest");
            let config_digest = Digest::of(&config);
            let pushed = match registry.stat(&path, &config_digest) {
                Ok(Some(_)) => Ok(config_digest),
                Ok(None) => registry.upload(&path, config),
                Err(e) => Err(e),
            }
            .and_then(|_| registry.put_manifest(&path, tag, Bytes::from(manifest)));
            match pushed {
                Ok(digest) => {
                    self.stream
                        .message(None, &format!("{tag}: digest: {digest} size: {len}"));
                    new_digests.push((t.reference.with_digest(digest), t.id));
                }
                Err(e) => return self.fail(cx, &e.to_string()),
            }
        }
        if let Target::Page(registry) = registry {
            *cx.registries.registry_or_create(&host) = registry;
        }
        for (r, id) in new_digests {
            cx.store.add_digest(r, id);
        }
        let sources = cx.registries.sources_mut();
        for (diff_id, source) in &self.removals {
            sources.remove(diff_id, source);
        }
        for (diff_id, blob) in added {
            sources.add(diff_id, blob, &name);
        }
        if self.quiet {
            cx.io.out(&format!("{}\n", self.reference));
        } else {
            cx.io.out(&self.stream.render(cx.io.stdout_is_terminal));
        }
        0
    }
}
