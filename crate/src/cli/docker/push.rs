//! `docker push`: uploads an image from the store to an in-page registry as real OCI
//! content (gzip layer blobs, the config, a manifest), as a job that compresses layers
//! in budgeted steps. Which layers are pushed, found in the registry or mounted from
//! another repository follows moby's distribution/push_v2.go, with what the daemon
//! remembers about where layers came from. Pushing to any host but `docker.io` creates
//! that host's registry; `docker.io` refuses its official (`library/`) repositories.
//!
//! With containerd's store (Docker 29, moby docker-v29.7.2 daemon/containerd/image_push.go
//! and progress.go) an image goes as its record holds it: layers as stored (never
//! compressed again), shown by their blobs' digests without `Preparing`, the stored
//! manifest, and the index when every manifest it lists is there; otherwise the platform
//! manifest alone, with the CLI's note that only it was pushed.

use super::pull::{parse_platform, platform_matches, Stream};
use super::{check_args, parse_flags, Args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{CmdJob, Ctx, Exec};
use crate::compress::{self, Compression, Decoder};
use crate::content::Blob;
use crate::digest::Digest;
use crate::digest::Hasher;
use crate::job::{HashOffload, Progress};
use crate::reference::Reference;
use crate::registry::network::{Endpoint, Mounted, NetError, Network, Upload, UPLOAD_CHUNK};
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

/// Where a push goes: an in-page registry (the job's working copy, put back when the push
/// succeeds), or a real one through the network.
enum Target<'a> {
    Page(&'a mut Registry),
    Net {
        net: &'a mut Network,
        endpoint: &'a Endpoint,
        now: crate::time::Timestamp,
    },
}

/// A push's failure at the registry.
#[derive(Debug)]
enum TargetError {
    Registry(RegistryError),
    Net(NetError),
    /// An upload sent to a registry that did not open it (distribution's
    /// BLOB_UPLOAD_UNKNOWN).
    UploadUnknown,
    /// The layer's stored bytes could not be read or decompressed.
    Layer(crate::error::Error),
    Read(crate::content::BlobError),
    /// A tag whose image went away.
    NoImage(Reference),
}

impl std::fmt::Display for TargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetError::Registry(e) => write!(f, "{e}"),
            TargetError::UploadUnknown => write!(f, "blob upload unknown to registry"),
            TargetError::Layer(e) => write!(f, "{e}"),
            TargetError::Read(e) => write!(f, "{e}"),
            TargetError::NoImage(r) => write!(f, "could not find image from tag {}", r.familiar()),
            // moby's retryOnError hands an authorization failure on without its URL.
            TargetError::Net(NetError::Auth(_, e)) => write!(f, "{e}"),
            TargetError::Net(e) => write!(f, "{e}"),
        }
    }
}

/// Where a blob's bytes go while it is sent: gathered for an in-page registry, or an
/// upload a real registry opened.
enum Sink {
    Page(Vec<u8>),
    Net(Upload),
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

    /// Links the blob from another repository: `None` when it did, else where its bytes
    /// go instead.
    fn mount(
        &mut self,
        path: &str,
        digest: &Digest,
        from: &str,
    ) -> Result<Option<Sink>, TargetError> {
        match self {
            Target::Page(r) => match r.mount_blob(path, digest, from) {
                Ok(true) => Ok(None),
                Ok(false) => Ok(Some(Sink::Page(Vec::new()))),
                Err(e) => Err(TargetError::Registry(e)),
            },
            Target::Net { net, endpoint, now } => {
                match net.mount(endpoint, path, digest, from, *now) {
                    Ok(Mounted::Linked) => Ok(None),
                    Ok(Mounted::Opened(upload)) => Ok(Some(Sink::Net(upload))),
                    Err(e) => Err(TargetError::Net(e)),
                }
            }
        }
    }

    /// Opens an upload of a blob to the repository.
    fn open(&mut self, path: &str) -> Result<Sink, TargetError> {
        match self {
            Target::Page(_) => Ok(Sink::Page(Vec::new())),
            Target::Net { net, endpoint, now } => net
                .upload_start(endpoint, path, *now)
                .map(Sink::Net)
                .map_err(TargetError::Net),
        }
    }

    /// Sends the next bytes of an upload (a real registry's PATCH).
    fn patch(&mut self, path: &str, sink: &mut Sink, chunk: Bytes) -> Result<(), TargetError> {
        match (self, sink) {
            (_, Sink::Page(all)) => {
                all.extend_from_slice(&chunk);
                Ok(())
            }
            (Target::Net { net, endpoint, now }, Sink::Net(upload)) => net
                .upload_patch(endpoint, path, upload, chunk, *now)
                .map_err(TargetError::Net),
            (Target::Page(_), Sink::Net(_)) => Err(TargetError::UploadUnknown),
        }
    }

    /// Closes an upload with its last bytes: the blob's digest.
    fn commit(
        &mut self,
        path: &str,
        sink: Sink,
        digest: Digest,
        last: Bytes,
    ) -> Result<Digest, TargetError> {
        match (self, sink) {
            (Target::Page(r), Sink::Page(mut all)) => {
                all.extend_from_slice(&last);
                r.put_blob(path, Bytes::from(all))
                    .map_err(TargetError::Registry)
            }
            (Target::Net { net, endpoint, now }, Sink::Net(upload)) => net
                .upload_finish(endpoint, path, upload, &digest, last, *now)
                .map(|()| digest)
                .map_err(TargetError::Net),
            _ => Err(TargetError::UploadUnknown),
        }
    }

    /// Uploads a small blob held whole (the config).
    fn upload(&mut self, path: &str, data: Bytes) -> Result<Digest, TargetError> {
        match self {
            Target::Page(r) => r.put_blob(path, data).map_err(TargetError::Registry),
            Target::Net { net, endpoint, now } => net
                .upload(endpoint, path, data, *now)
                .map_err(TargetError::Net),
        }
    }

    /// PUTs a manifest or index under a tag, or by its digest when `tag` is one.
    fn put_manifest(
        &mut self,
        path: &str,
        tag: &str,
        media_type: &str,
        data: Bytes,
    ) -> Result<Digest, TargetError> {
        match self {
            Target::Page(r) if Digest::parse(tag).is_some() => r
                .put_untagged_manifest(path, data)
                .map_err(TargetError::Registry),
            Target::Page(r) => r
                .put_manifest(path, tag, data)
                .map_err(TargetError::Registry),
            Target::Net { net, endpoint, now } => net
                .put_manifest(endpoint, path, tag, media_type, data, *now)
                .map_err(TargetError::Net),
        }
    }

    /// Uploads a blob held whole unless the repository has it; whether it was there.
    fn ensure(&mut self, path: &str, digest: &Digest, data: Bytes) -> Result<bool, TargetError> {
        if self.stat(path, digest)?.is_some() {
            return Ok(true);
        }
        self.upload(path, data)?;
        Ok(false)
    }
}

/// What happens to one layer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    /// The repository has the blob already (`Layer already exists`), of this size (the
    /// existence check's answer, so the manifest needs no second HEAD).
    Exists(Digest, u64),
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
    let containerd = cx.engine.containerd_store();
    let mut stream = Stream::default();
    stream.message(
        None,
        &format!("The push refers to repository [{}]", reference.name()),
    );
    // An in-page registry is pushed to in a copy, put back when the push succeeds.
    let mut page = None;
    let plan = if cx.registries.network().is_some() {
        plan_net(cx, &reference, &targets)
    } else {
        let _ = cx.registries.registry(reference.domain());
        let registry = page.insert(
            cx.registries
                .get(reference.domain())
                .cloned()
                .unwrap_or_default(),
        );
        plan(
            cx.store,
            cx.registries.sources(),
            &mut Target::Page(registry),
            &reference,
            &targets,
        )
        .map(|(tags, removals)| (tags, removals, None))
    };
    let (mut tags, removals, endpoint) = match plan {
        Ok(x) => x,
        Err((err, index)) => {
            // The refusal comes while the first layers are being prepared.
            if let Some(img) = targets.get(index).and_then(|(_, id)| cx.store.image(id)) {
                if !containerd {
                    prepare(&mut stream, img.diff_ids());
                }
            }
            if !quiet {
                cx.io.out(&stream.render(cx.io.stdout_is_terminal));
            }
            cx.io.err(&format!("{err}\n"));
            return Exec::Done(1);
        }
    };
    // containerd's push walks a manifest's layers in its order, bottom first.
    if containerd {
        for t in &mut tags {
            t.layers.reverse();
        }
    }
    // What the progress counts: the bytes of the layers to upload, as Docker's counts
    // the layer it reads (a refused mount adds its layer when it happens).
    let total = tags
        .iter()
        .flat_map(|t| &t.layers)
        .filter(|l| l.action == Action::Upload)
        .filter_map(|l| cx.store.layer(&l.diff_id))
        .map(|l| read_size(l, containerd))
        .sum();
    let mut job = PushCmd {
        reference,
        quiet,
        stream,
        tags,
        removals,
        endpoint,
        page,
        tag: 0,
        layer: 0,
        sending: None,
        buf: Vec::new(),
        blob_of: BTreeMap::new(),
        new_digests: Vec::new(),
        done_bytes: 0,
        total_bytes: total,
        containerd,
        notes: Vec::new(),
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
type Plan = (Vec<TagPush>, Removals);
/// A plan against a real registry, and the endpoint it was made against.
type NetPlan = (Vec<TagPush>, Removals, Option<Endpoint>);

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
            endpoint: &endpoint,
            now,
        };
        let planned = plan(store, sources, &mut target, reference, targets);
        return planned.map(|(t, r)| (t, r, Some(endpoint)));
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
    Ok((tags, removals))
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
     -> Result<Option<(Digest, u64)>, TargetError> {
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
            if let Some(size) = registry.stat(path, &m.blob)? {
                return Ok(Some((m.blob, size)));
            }
            if m.repository == name {
                removals.push((diff_id, m.clone()));
            }
        }
        Ok(None)
    };
    if !meta.is_empty() {
        if let Some((blob, size)) = exists(registry, true, 1, &mut checked, removals)? {
            return Ok(Action::Exists(blob, size));
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
        if let Some((blob, size)) = exists(
            registry,
            check_other,
            max_checks - checked.len(),
            &mut checked,
            removals,
        )? {
            return Ok(Action::Exists(blob, size));
        }
    }
    Ok(Action::Upload)
}

/// A manifest of an index pushed whole besides the unpacked one: its entry, its blobs held
/// whole (digest, bytes, whether a layer), its config and its bytes.
struct OtherManifest {
    entry: crate::image::manifest::IndexEntry,
    blobs: Vec<(Digest, Bytes, bool)>,
    config: Bytes,
    manifest: Bytes,
}

struct PushCmd {
    reference: Reference,
    quiet: bool,
    stream: Stream,
    tags: Vec<TagPush>,
    removals: Removals,
    /// The real registry pushed to, with the network.
    endpoint: Option<Endpoint>,
    /// The in-page registry's working copy, without it.
    page: Option<Registry>,
    /// Where the push stands: the tag, and its layer (past the last one: its manifest).
    tag: usize,
    layer: usize,
    /// The layer on its way to the registry.
    sending: Option<Sending>,
    buf: Vec<u8>,
    /// Each layer's blob in the registry, with its size when known (sent by this push, or
    /// answered by the existence check); a mounted blob's is asked when the manifest is
    /// written, as distribution's client stats a mount.
    blob_of: BTreeMap<Digest, (Digest, Option<u64>)>,
    /// The digests the pushed tags got.
    new_digests: Vec<(Reference, Digest)>,
    done_bytes: u64,
    total_bytes: u64,
    /// Docker 29's containerd store: records pushed as stored.
    containerd: bool,
    /// The CLI's notes, printed after the progress.
    notes: Vec<String>,
}

/// A layer on its way to the registry, a piece per step as Docker streams it: a real
/// registry gets a PATCH whenever more than [`UPLOAD_CHUNK`] is ready.
struct Sending {
    diff_id: Digest,
    input: Input,
    sink: Sink,
    /// The blob's digest when the layer goes as it was pulled; else hashed as made (for a
    /// real registry; an in-page one hashes what it stores).
    known: Option<Digest>,
    hasher: Hasher,
    /// Bytes made and not sent yet.
    pending: Vec<u8>,
    size: u64,
    /// The layer's stored bytes read so far.
    read: u64,
    ended: bool,
}

enum Input {
    /// A layer stored as a tar (or zstd): compressed with gzip as it is read.
    Encode {
        decoder: Decoder,
        writer: GzipWriter,
    },
    /// A layer kept as pulled (gzip): sent as it is.
    Copy { blob: Blob, at: u64 },
}

/// Whether a stored layer goes to the registry as it is (gzip, as pulled), not
/// compressed again.
fn sent_as_stored(layer: &crate::store::Layer) -> bool {
    Compression::detect(&layer.blob.head(compress::MAGIC)) == Compression::Gzip
}

/// The bytes a push reads of a layer (what its progress counts): the stored blob when it
/// goes as it is (always with containerd's store), else the tar it compresses.
fn read_size(layer: &crate::store::Layer, containerd: bool) -> u64 {
    if containerd || sent_as_stored(layer) {
        layer.blob.len()
    } else {
        layer.size
    }
}

impl Sending {
    fn new(
        store: &Store,
        diff_id: Digest,
        sink: Sink,
        as_stored: bool,
    ) -> Result<Sending, TargetError> {
        let layer = store
            .layer(&diff_id)
            .ok_or(TargetError::Registry(RegistryError::BlobUnknown(diff_id)))?;
        let (input, known) = if as_stored || sent_as_stored(layer) {
            let input = Input::Copy {
                blob: layer.blob.clone(),
                at: 0,
            };
            (input, Some(layer.blob_digest))
        } else {
            let what = format!("layer {diff_id}");
            let decoder =
                compress::decoder(layer.blob.clone(), &what).map_err(TargetError::Layer)?;
            let writer = GzipWriter::new();
            (Input::Encode { decoder, writer }, None)
        };
        Ok(Sending {
            diff_id,
            input,
            sink,
            known,
            hasher: Hasher::new(),
            pending: Vec::new(),
            size: 0,
            read: 0,
            ended: false,
        })
    }

    /// Reads about `budget` bytes of the layer and makes its blob's bytes of them;
    /// stops early once a chunk is ready to send.
    fn advance(&mut self, budget: usize, buf: &mut Vec<u8>) -> Result<(), TargetError> {
        let mut spent = 0usize;
        while !self.ended && spent < budget.max(1) && self.pending.len() as u64 <= UPLOAD_CHUNK {
            let made = match &mut self.input {
                Input::Copy { blob, at } => {
                    let end = (*at + (budget - spent).clamp(4096, 1 << 20) as u64).min(blob.len());
                    let bytes = blob.read(*at..end).map_err(TargetError::Read)?;
                    let n = bytes.len();
                    let end = *at + n as u64;
                    *at = end;
                    self.ended = n == 0 || end == blob.len();
                    spent += n.max(1);
                    self.read += n as u64;
                    bytes.to_vec()
                }
                Input::Encode { decoder, writer } => {
                    let what = format!("layer {}", self.diff_id);
                    buf.resize((budget - spent).clamp(4096, 1 << 16), 0);
                    let n = compress::read_some(decoder, buf, &what).map_err(TargetError::Layer)?;
                    spent += n.max(1);
                    self.read += n as u64;
                    if n == 0 {
                        self.ended = true;
                        let done = std::mem::take(writer);
                        done.finish()
                    } else {
                        writer.write(&buf[..n]);
                        writer.take()
                    }
                }
            };
            // A real registry is told the digest; an in-page one hashes what it stores
            // (once: not here too).
            if self.known.is_none() && matches!(self.sink, Sink::Net(_)) {
                self.hasher.update(&made);
            }
            self.size += made.len() as u64;
            self.pending.extend_from_slice(&made);
        }
        Ok(())
    }
}

impl HashOffload for PushCmd {}

impl CmdJob for PushCmd {
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32> {
        let mut spent = 0usize;
        loop {
            if spent >= budget.max(1) {
                return None;
            }
            let Some(t) = self.tags.get(self.tag) else {
                return Some(self.commit(cx));
            };
            if self.layer == 0 && self.sending.is_none() && !self.containerd {
                prepare(&mut self.stream, &t.diff_ids);
            }
            let result = if self.sending.is_some() {
                self.send(cx, budget - spent)
            } else if self.layer < t.layers.len() {
                self.begin_layer(cx).map(|()| 1)
            } else {
                self.put_manifest(cx).map(|()| 1)
            };
            match result {
                Ok(n) => spent += n,
                Err(e) => return Some(self.fail(cx, &e.to_string())),
            }
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            label: "Pushing",
            done: self.done_bytes + self.sending.as_ref().map_or(0, |s| s.read),
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

    /// The registry, for one step: the network's endpoint, or the working copy.
    fn target<'a>(
        page: &'a mut Option<Registry>,
        endpoint: &'a Option<Endpoint>,
        cx: &'a mut Ctx,
    ) -> Result<Target<'a>, TargetError> {
        let now = cx.now;
        match (endpoint, cx.registries.network_mut(), page) {
            (Some(endpoint), Some((net, _)), _) => Ok(Target::Net { net, endpoint, now }),
            (None, _, Some(registry)) => Ok(Target::Page(registry)),
            _ => Err(TargetError::UploadUnknown),
        }
    }

    /// Handles the next layer of the current tag: its status when the registry has it,
    /// a mount, or the start of its upload.
    fn begin_layer(&mut self, cx: &mut Ctx) -> Result<(), TargetError> {
        let l = &self.tags[self.tag].layers[self.layer];
        let (diff_id, action) = (l.diff_id, l.action.clone());
        let path = self.reference.path().to_string();
        let id = self.progress_id(cx.store, &diff_id);
        let sink = match &action {
            Action::Earlier | Action::Exists(..) => {
                if let Action::Exists(b, size) = action {
                    self.blob_of.insert(diff_id, (b, Some(size)));
                }
                self.stream.update(&id, "Layer already exists");
                self.layer += 1;
                return Ok(());
            }
            Action::Mount { blob, from } => {
                let mut target = Self::target(&mut self.page, &self.endpoint, cx)?;
                match target.mount(&path, blob, from)? {
                    None => {
                        self.blob_of.insert(diff_id, (*blob, None));
                        self.stream.update(&id, &format!("Mounted from {from}"));
                        self.layer += 1;
                        return Ok(());
                    }
                    // The registry opened an upload instead: the layer goes as it was
                    // pulled (the blob the mount named), counted from now.
                    Some(sink) => {
                        if let Some(layer) = cx.store.layer(&diff_id) {
                            self.total_bytes += read_size(layer, self.containerd);
                        }
                        sink
                    }
                }
            }
            Action::Upload => Self::target(&mut self.page, &self.endpoint, cx)?.open(&path)?,
        };
        self.sending = Some(Sending::new(cx.store, diff_id, sink, self.containerd)?);
        Ok(())
    }

    /// Sends the current layer on: makes its next bytes, PATCHes a full chunk, and at
    /// its end PUTs the rest under its digest. The bytes read.
    fn send(&mut self, cx: &mut Ctx, budget: usize) -> Result<usize, TargetError> {
        let Some(sending) = self.sending.as_mut() else {
            return Ok(0);
        };
        let before = sending.read;
        sending.advance(budget, &mut self.buf)?;
        let read = (sending.read - before) as usize;
        let path = self.reference.path().to_string();
        let mut target = Self::target(&mut self.page, &self.endpoint, cx)?;
        if sending.pending.len() as u64 > UPLOAD_CHUNK {
            let rest = sending.pending.split_off(UPLOAD_CHUNK as usize);
            let chunk = std::mem::replace(&mut sending.pending, rest);
            target.patch(&path, &mut sending.sink, Bytes::from(chunk))?;
            // A request a step: progress moves, and Cancel is heard, between them.
            return Ok(budget.max(1));
        }
        if !sending.ended {
            return Ok(read.max(1));
        }
        let Some(sending) = self.sending.take() else {
            return Ok(0);
        };
        let Sending {
            diff_id,
            mut sink,
            known,
            hasher,
            pending,
            size,
            read,
            ..
        } = sending;
        let digest = known.unwrap_or_else(|| hasher.finish());
        // Once anything went in PATCHes, so does the rest, and the PUT carries none.
        let last = match &sink {
            Sink::Net(upload) if upload.sent() > 0 && !pending.is_empty() => {
                target.patch(&path, &mut sink, Bytes::from(pending))?;
                Bytes::new()
            }
            _ => Bytes::from(pending),
        };
        let blob = target.commit(&path, sink, digest, last)?;
        self.blob_of.insert(diff_id, (blob, Some(size)));
        self.done_bytes += read;
        let id = self.progress_id(cx.store, &diff_id);
        self.stream.update(&id, "Pushed");
        self.layer += 1;
        Ok(budget.max(1))
    }

    /// The ID a layer's progress lines carry: its diffID's start in Docker 28, its blob's
    /// in Docker 29 (containerd's jobs are blobs).
    fn progress_id(&self, store: &Store, diff_id: &Digest) -> String {
        match store.layer(diff_id) {
            Some(l) if self.containerd => l.blob_digest.short(),
            _ => diff_id.short(),
        }
    }

    /// Docker 29: the current tag's record as stored, once its unpacked platform's layers
    /// are in the registry. The index goes when every manifest it lists is in the store
    /// (each manifest's config, layers and statements first, then each manifest by
    /// digest); otherwise the unpacked platform's manifest alone, with the CLI's note
    /// (image_push.go pushRef and getPushDescriptor, cli/command/image/push.go handleAux).
    /// `false` when the layers the registry got are not those the manifest lists (a layer
    /// found there in another compression): the tag then goes as Docker 28 writes it.
    fn put_record(&mut self, cx: &mut Ctx) -> Result<bool, TargetError> {
        let t = &self.tags[self.tag];
        let (reference, id) = (t.reference.clone(), t.id);
        let Some(image) = cx.store.image(&id) else {
            return Err(TargetError::NoImage(reference));
        };
        let Some(target) = image.target().cloned() else {
            return Ok(false);
        };
        let unpacked = target
            .present()
            .find(|(e, c)| e.attests.is_none() && c.diff_ids == image.diff_ids())
            .map(|(e, c)| (e.clone(), c.clone()));
        let Some((entry, content)) = unpacked else {
            return Ok(false);
        };
        let as_sent = content
            .layers
            .iter()
            .zip(&content.diff_ids)
            .all(|(l, d)| self.blob_of.get(d).map(|b| b.0) == Some(l.digest));
        if !as_sent {
            return Ok(false);
        }
        let whole = target.is_index() && target.members().iter().all(|m| m.content.is_some());
        let path = self.reference.path().to_string();
        let tag = reference.tag().unwrap_or("latest").to_string();
        // What each other manifest needs: its blobs, held whole.
        let mut others: Vec<OtherManifest> = Vec::new();
        if whole {
            for (e, c) in target.present() {
                if e.descriptor.digest == entry.descriptor.digest {
                    continue;
                }
                let mut blobs = Vec::new();
                for (l, d) in c.layers.iter().zip(&c.diff_ids) {
                    let layer = cx
                        .store
                        .layer(d)
                        .filter(|s| s.blob_digest == l.digest)
                        .ok_or(TargetError::Registry(RegistryError::BlobUnknown(l.digest)))?;
                    let bytes = layer.blob.to_bytes().map_err(TargetError::Read)?;
                    blobs.push((l.digest, bytes, true));
                }
                for (l, payload) in c.layers.iter().zip(&c.payloads) {
                    blobs.push((l.digest, payload.clone(), false));
                }
                others.push(OtherManifest {
                    entry: e.clone(),
                    blobs,
                    config: c.config.clone(),
                    manifest: c.manifest.clone(),
                });
            }
        }
        let mut target_registry = Self::target(&mut self.page, &self.endpoint, cx)?;
        let mut lines = Vec::new();
        for OtherManifest {
            entry: e,
            blobs,
            config,
            manifest,
        } in others
        {
            for (digest, bytes, layer) in blobs {
                let existed = target_registry.ensure(&path, &digest, bytes)?;
                let status = match (existed, layer) {
                    (false, _) => "Pushed",
                    (true, true) => "Layer already exists",
                    (true, false) => "Already exists",
                };
                lines.push((digest.short(), status));
            }
            target_registry.ensure(&path, &Digest::of(&config), config)?;
            let d = &e.descriptor;
            target_registry.put_manifest(&path, &d.digest.to_string(), &d.media_type, manifest)?;
        }
        target_registry.ensure(&path, &Digest::of(&content.config), content.config.clone())?;
        let (digest, size) = if whole {
            let d = &entry.descriptor;
            target_registry.put_manifest(
                &path,
                &d.digest.to_string(),
                &d.media_type,
                content.manifest.clone(),
            )?;
            let t = target.descriptor();
            target_registry.put_manifest(&path, &tag, &t.media_type, target.bytes().clone())?;
            (t.digest, t.size)
        } else {
            let d = &entry.descriptor;
            target_registry.put_manifest(&path, &tag, &d.media_type, content.manifest.clone())?;
            if target.is_index() {
                let terminal = cx.io.stdout_is_terminal;
                self.notes.push(format!(
                    "Not all multiplatform-content is present and only the available single-platform image was pushed\n{} -> {}",
                    super::note::colour(terminal, 31, &target.digest().to_string()),
                    super::note::colour(terminal, 32, &d.digest.to_string()),
                ));
            }
            (d.digest, d.size)
        };
        for (id, status) in lines {
            self.stream.update(&id, status);
        }
        self.stream
            .message(None, &format!("{tag}: digest: {digest} size: {size}"));
        self.tag += 1;
        self.layer = 0;
        Ok(true)
    }

    /// The current tag's config and manifest, once its layers are in the registry.
    fn put_manifest(&mut self, cx: &mut Ctx) -> Result<(), TargetError> {
        if self.containerd && self.put_record(cx)? {
            return Ok(());
        }
        let t = &self.tags[self.tag];
        let path = self.reference.path().to_string();
        let image = cx
            .store
            .image(&t.id)
            .ok_or_else(|| TargetError::NoImage(t.reference.clone()))?;
        let config = image.raw_config().clone();
        let diff_ids = t.diff_ids.clone();
        let (reference, id) = (t.reference.clone(), t.id);
        let mut target = Self::target(&mut self.page, &self.endpoint, cx)?;
        let mut layers = Vec::new();
        for d in &diff_ids {
            let Some(&(blob, sent)) = self.blob_of.get(d) else {
                return Err(TargetError::Registry(RegistryError::BlobUnknown(*d)));
            };
            let size = match sent {
                Some(size) => size,
                None => target.stat(&path, &blob)?.unwrap_or(0),
            };
            layers.push(Descriptor {
                media_type: MT_LAYER_GZIP.to_string(),
                size,
                digest: blob,
            });
        }
        let manifest = Manifest {
            config: Descriptor::new(MT_CONFIG, &config),
            layers,
        }
        .to_docker_bytes();
        let len = manifest.len();
        let tag = reference.tag().unwrap_or("latest").to_string();
        target
            .ensure(&path, &Digest::of(&config), config)
            .and_then(|_| {
                target.put_manifest(&path, &tag, MT_DOCKER_MANIFEST, Bytes::from(manifest))
            })
            .map(|digest| {
                self.stream
                    .message(None, &format!("{tag}: digest: {digest} size: {len}"));
                self.new_digests.push((reference.with_digest(digest), id));
            })?;
        self.tag += 1;
        self.layer = 0;
        Ok(())
    }

    /// Every tag is in the registry: the session learns what it now has, and the
    /// transcript is printed.
    fn commit(&mut self, cx: &mut Ctx) -> i32 {
        let host = self.reference.domain().to_string();
        let name = self.reference.name();
        if let Some(registry) = self.page.take() {
            *cx.registries.registry_or_create(&host) = registry;
        }
        // containerd's store keeps no digest references: an image's RepoDigests come from
        // its names and its target.
        for (r, id) in std::mem::take(&mut self.new_digests) {
            if !self.containerd {
                cx.store.add_digest(r, id);
            }
        }
        let sources = cx.registries.sources_mut();
        for (diff_id, source) in &self.removals {
            sources.remove(diff_id, source);
        }
        for t in &self.tags {
            for d in &t.diff_ids {
                if let Some(&(blob, _)) = self.blob_of.get(d) {
                    sources.add(*d, blob, &name);
                }
            }
        }
        if self.quiet {
            cx.io.out(&format!("{}\n", self.reference));
        } else {
            cx.io.out(&self.stream.render(cx.io.stdout_is_terminal));
        }
        for n in &self.notes {
            cx.io.out(&super::note::info(cx.io.stdout_is_terminal, n));
        }
        0
    }
}
