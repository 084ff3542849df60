//! `docker load` as a job: decompress the archive if it is compressed, plan it, verify
//! every layer's digests in budgeted steps, then commit everything to the store at once.
//! A job that fails or is dropped leaves the store as it was.

use super::layer_walk::LayerWalk;
use super::load::{self, LoadPlan};
use crate::budget::Budget;
use crate::compress::{self, Compression, Decoder};
use crate::content::Blob;
use crate::digest::{Digest, Hasher};
use crate::error::{Error, Result};
use crate::fs::layer::IndexBuilder;
use crate::job::{HashOffload, HostHashing, Progress};
use crate::store::{Layer, Store, TagChange};
use crate::time::Timestamp;
use std::sync::{Arc, Mutex};

/// Largest uncompressed layer verified (it is streamed, never held): stops zstd bombs.
pub const MAX_LAYER: u64 = 64 << 30;

const CHUNK: usize = 1 << 20;
/// How much of a layer is read at a time to hash it: large reads amortise the cost of
/// each read from the user's file.
const READ: u64 = 8 << 20;

pub struct LoadJob {
    phase: Phase,
    /// What an archive that is itself compressed may take once inflated, and the entries
    /// of each layer when they are checked together.
    memory: Budget,
    /// The archive, for errors (`bomb.tar.gz`, `standard input`).
    name: String,
    done: u64,
    total: u64,
    host: HostHashing,
    /// Once committed: the indexes of the layers it added, built as they were walked.
    indexes: std::collections::HashMap<Digest, crate::fs::LayerIndex>,
    /// Loading into containerd's store (Docker 29), at this time: each image's record
    /// names a target and is created now.
    records: Option<crate::time::Timestamp>,
    /// The platforms `--platform` asked for (none: any).
    platforms: Vec<String>,
}

enum Phase {
    Decompress {
        decoder: Decoder,
        out: Vec<u8>,
        input_len: u64,
    },
    Plan {
        data: Blob,
    },
    Verify(Verify),
    Finished,
}

struct Verify {
    plan: LoadPlan,
    tasks: Vec<Task>,
    current: usize,
    host: HostHashing,
    verified: Vec<Layer>,
    /// The entries of the layers verified, indexed as they were read: moby's rules are
    /// checked on them without reading the layers again.
    walked: std::collections::HashMap<Digest, crate::fs::LayerIndex>,
}

/// One layer blob to hash, walk and (when compressed) inflate.
struct Task {
    image: usize,
    layer: usize,
    compression: Compression,
    state: TaskState,
}

enum TaskState {
    /// Not begun. An uncompressed blob may first be hashed by the host
    /// ([`HashOffload`]), which gives `provided`.
    Unstarted { provided: Option<Digest> },
    /// The layer's tar read once, in steps ([`LayerWalk`]): it is hashed (unless the host
    /// hashes it), sized and indexed. Under a decoder, `stored` hashes the blob as stored
    /// (unless the host hashes it).
    Walk {
        stored: Option<Arc<Mutex<Stored>>>,
        /// The blob's digest from the host: given before the walk for a blob in memory, at
        /// its end for a file's range ([`HostHashing`]).
        provided: Option<Digest>,
        /// The host hashes the blob while it is walked; the walk waits for that digest at
        /// its end, in `walked`.
        host_hashes: bool,
        walk: Box<LayerWalk>,
        walked: Option<Box<super::layer_walk::Walked>>,
    },
}

/// The stored bytes a decoder has read so far, and their hash (none when the host hashes
/// them).
struct Stored {
    hasher: Option<Hasher>,
    read: u64,
}

/// A blob's reader that hashes what it gives.
struct Tee {
    inner: crate::content::BlobReader,
    stored: Arc<Mutex<Stored>>,
}

impl std::io::Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut s = self.stored.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = s.hasher.as_mut() {
            h.update(&buf[..n]);
        }
        s.read += n as u64;
        Ok(n)
    }
}

impl LoadJob {
    /// A load of `input`, which may be a range of the user's file: only its headers and
    /// metadata are read whole; layers are hashed as they are read and stay where they are.
    pub fn new(input: Blob, name: &str, memory: Budget) -> LoadJob {
        let total = input.len();
        let phase = if Compression::detect(&input.head(compress::MAGIC)) == Compression::None {
            Phase::Plan { data: input }
        } else {
            match compress::decoder(input.clone(), "archive") {
                Ok(decoder) => Phase::Decompress {
                    decoder,
                    out: Vec::new(),
                    input_len: total,
                },
                // An unsupported compression is reported by the plan step's error path.
                Err(_) => Phase::Plan { data: input },
            }
        };
        LoadJob {
            phase,
            memory,
            name: name.to_string(),
            done: 0,
            total,
            host: HostHashing::default(),
            indexes: Default::default(),
            records: None,
            platforms: Vec::new(),
        }
    }

    /// Loads only the given platforms (`docker load --platform`; see [`load::plan`]).
    pub fn for_platforms(mut self, platforms: Vec<String>) -> LoadJob {
        self.platforms = platforms;
        self
    }

    /// Loads into containerd's image store (Docker 29) at `now`.
    pub fn into_records(mut self, now: crate::time::Timestamp) -> LoadJob {
        self.records = Some(now);
        self
    }

    /// Once the load committed: the index of each layer it walked (by diffID), for the
    /// session's snapshots to keep ([`crate::fs::Snapshots::adopt`]).
    pub fn take_indexes(&mut self) -> std::collections::HashMap<Digest, crate::fs::LayerIndex> {
        std::mem::take(&mut self.indexes)
    }

    /// Lets the host hash blobs (see [`HostHashing`]).
    pub fn offload_hashing(&mut self, how: HostHashing) {
        self.host = how;
    }

    pub fn progress(&self) -> Progress {
        Progress {
            label: "Loading",
            done: self.done.min(self.total),
            total: self.total,
        }
    }

    /// Does about `budget` bytes of work. `Ok(Some(lines))` when the load committed, with
    /// the lines `docker load` prints.
    pub fn step(
        &mut self,
        store: &mut Store,
        // A load stamps no time on what it adds (LastTagTime stays zero, as in moby).
        _now: Timestamp,
        budget: usize,
    ) -> Result<Option<String>> {
        let budget = budget.max(CHUNK);
        match &mut self.phase {
            Phase::Decompress {
                decoder,
                out,
                input_len,
            } => {
                let mut buf = vec![0u8; CHUNK];
                let mut produced = 0;
                while produced < budget {
                    let n = compress::read_some(decoder, &mut buf, "archive")?;
                    if n == 0 {
                        let data = Blob::from(std::mem::take(out));
                        self.done = 0;
                        self.total = data.len() as u64;
                        self.phase = Phase::Plan { data };
                        return Ok(None);
                    }
                    if !self.memory.fits(out.len() as u64 + n as u64) {
                        let what = format!("the inflated archive {}", self.name);
                        return Err(self.memory.over(what, None).into());
                    }
                    out.extend_from_slice(&buf[..n]);
                    produced += n;
                }
                // Progress through the compressed input is not visible through the decoder;
                // report the output so far against a growing estimate.
                self.done = out.len() as u64;
                self.total = self.total.max(*input_len).max(self.done + 1);
                Ok(None)
            }
            Phase::Plan { data } => {
                if Compression::detect(&data.head(compress::MAGIC)) != Compression::None {
                    // Only reached when the decoder could not be made.
                    compress::decoder(data.clone(), "archive")?;
                }
                let plan = load::plan(data, self.records.is_some(), &self.platforms)?;
                let tasks = make_tasks(&plan, store);
                self.total = tasks
                    .iter()
                    .map(|t| plan.images[t.image].layers[t.layer].blob.len())
                    .sum();
                self.done = 0;
                self.phase = Phase::Verify(Verify {
                    plan,
                    tasks,
                    current: 0,
                    host: self.host,
                    verified: Vec::new(),
                    walked: Default::default(),
                });
                Ok(None)
            }
            Phase::Verify(v) => {
                let mut spent = 0;
                while spent < budget {
                    if v.current == v.tasks.len() {
                        check_links(v, store, self.memory)?;
                        let out = match self.records {
                            Some(now) => commit_records(v, store, now),
                            None => commit(v, store),
                        };
                        self.indexes = std::mem::take(&mut v.walked);
                        self.phase = Phase::Finished;
                        return Ok(Some(out));
                    }
                    if v.waiting_for_host() {
                        return Ok(None);
                    }
                    let (n, progress, layer) = v.advance(budget - spent, self.memory)?;
                    spent += n;
                    self.done += progress;
                    if let Some(l) = layer {
                        v.verified.push(l);
                        v.current += 1;
                    }
                }
                Ok(None)
            }
            Phase::Finished => Ok(Some(String::new())),
        }
    }
}

impl HashOffload for LoadJob {
    fn hash_request(&self) -> Option<Blob> {
        match &self.phase {
            Phase::Verify(v) if v.waiting_for_host() => {
                let t = v.tasks.get(v.current)?;
                Some(v.plan.images[t.image].layers[t.layer].blob.clone())
            }
            _ => None,
        }
    }

    fn provide_hash(&mut self, digest: Digest) {
        let Phase::Verify(v) = &mut self.phase else {
            return;
        };
        let Some(t) = v.tasks.get_mut(v.current) else {
            return;
        };
        match &mut t.state {
            TaskState::Unstarted { provided } if t.compression == Compression::None => {
                // The host read the whole blob to hash it: that is the load's progress.
                self.done += v.plan.images[t.image].layers[t.layer].blob.len();
                *provided = Some(digest);
            }
            TaskState::Walk {
                provided,
                host_hashes: true,
                ..
            } => *provided = Some(digest),
            _ => {}
        }
    }

    fn hash_hints(&self) -> Vec<Blob> {
        match &self.phase {
            Phase::Verify(v) if v.host.files => v.tasks[v.current.min(v.tasks.len())..]
                .iter()
                .map(|t| &v.plan.images[t.image].layers[t.layer].blob)
                .filter(|b| b.host_range().is_some())
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn make_tasks(plan: &LoadPlan, store: &Store) -> Vec<Task> {
    let mut seen = std::collections::HashSet::new();
    let mut tasks = Vec::new();
    for (i, img) in plan.images.iter().enumerate() {
        for (j, l) in img.layers.iter().enumerate() {
            // Docker does not read a layer again that it already has (same chain).
            if store.has_layer(&l.diff_id) || !seen.insert(l.diff_id) {
                continue;
            }
            tasks.push(Task {
                image: i,
                layer: j,
                compression: Compression::detect(&l.blob.head(compress::MAGIC)),
                state: TaskState::Unstarted { provided: None },
            });
        }
    }
    tasks
}

impl Verify {
    /// Whether the current task waits for the host's digest of its blob: before it is
    /// read, for an uncompressed blob in memory; once it is walked, for a file's range.
    fn waiting_for_host(&self) -> bool {
        let Some(t) = self.tasks.get(self.current) else {
            return false;
        };
        match &t.state {
            TaskState::Unstarted { provided: None } => {
                self.host.memory
                    && t.compression == Compression::None
                    && self.plan.images[t.image].layers[t.layer]
                        .blob
                        .as_memory()
                        .is_some()
            }
            TaskState::Walk {
                provided: None,
                walked: Some(_),
                ..
            } => true,
            _ => false,
        }
    }

    /// Works on the current task for up to `budget` bytes. Returns the work done (bytes
    /// read, or inflated), the progress made (bytes of the blob read) and the verified
    /// layer when the task is complete.
    fn advance(&mut self, budget: usize, memory: Budget) -> Result<(usize, u64, Option<Layer>)> {
        let host_files = self.host.files;
        let task = &mut self.tasks[self.current];
        let planned = &self.plan.images[task.image].layers[task.layer];
        let blob = &planned.blob;
        match &mut task.state {
            TaskState::Unstarted { provided } => {
                let what = format!("layer {}", planned.diff_id);
                let builder = IndexBuilder::new(Blob::default(), None, Some((memory, what)));
                let provided = provided.take();
                let host_hashes = host_files && provided.is_none() && blob.host_range().is_some();
                task.state = if task.compression == Compression::None {
                    let walk = LayerWalk::of_tar(blob.reader(), &planned.name, u64::MAX, builder);
                    TaskState::Walk {
                        stored: None,
                        walk: Box::new(if provided.is_some() || host_hashes {
                            walk.without_hash()
                        } else {
                            walk
                        }),
                        provided,
                        host_hashes,
                        walked: None,
                    }
                } else {
                    let stored = Arc::new(Mutex::new(Stored {
                        hasher: (!host_hashes).then(Hasher::new),
                        read: 0,
                    }));
                    let tee = Tee {
                        inner: blob.reader(),
                        stored: stored.clone(),
                    };
                    let decoder = compress::decoder_of(tee, task.compression, &planned.name)?;
                    TaskState::Walk {
                        stored: Some(stored),
                        provided: None,
                        host_hashes,
                        walk: Box::new(LayerWalk::new(decoder, &planned.name, MAX_LAYER, builder)),
                        walked: None,
                    }
                };
                Ok((0, 0, None))
            }
            TaskState::Walk {
                stored,
                provided,
                host_hashes,
                walk,
                walked,
            } => {
                // The budget counts the tar's bytes; progress counts the blob's bytes read
                // (none when the host read the blob to hash it before the walk).
                let host_read = provided.is_some() && !*host_hashes;
                let read_of = |stored: &Option<Arc<Mutex<Stored>>>, walk: &LayerWalk| match stored {
                    Some(s) => s.lock().map_or(0, |s| s.read),
                    None if host_read => 0,
                    None => walk.inflated(),
                };
                let read_before = read_of(stored, walk);
                let inflated_before = walk.inflated();
                let done = match walked.take() {
                    Some(w) => Some(*w),
                    None => match walk.step(budget as u64) {
                        Ok(w) => w,
                        // A blob that does not read as a tar is first a blob that is not the
                        // one the archive (or, uncompressed, its config) names, when it names
                        // one.
                        Err(e) => {
                            let digest = match provided {
                                Some(d) => *d,
                                None => blob.digest()?,
                            };
                            check_stored(planned, digest)?;
                            if task.compression == Compression::None && digest != planned.diff_id {
                                return Err(diff_id_mismatch(planned, task.layer, digest));
                            }
                            return Err(e);
                        }
                    },
                };
                let produced = (walk.inflated() - inflated_before) as usize;
                let read = read_of(stored, walk).saturating_sub(read_before);
                let Some(done) = done else {
                    return Ok((produced, read, None));
                };
                if *host_hashes && provided.is_none() {
                    // Walked: what is left is the host's digest (`hash_request`).
                    *walked = Some(Box::new(done));
                    return Ok((produced.max(1), read, None));
                }
                let (diff_id, blob_digest) = match stored {
                    Some(_) if *host_hashes => (done.diff_id, *provided),
                    Some(stored) => {
                        // The digest covers the whole blob, past what the decoder needed.
                        let mut s = stored.lock().unwrap_or_else(|e| e.into_inner());
                        let mut hasher = s.hasher.take().unwrap_or_default();
                        while s.read < blob.len() {
                            let chunk = blob.read(s.read..s.read + READ)?;
                            hasher.update(&chunk);
                            s.read += chunk.len() as u64;
                        }
                        (done.diff_id, Some(hasher.finish()))
                    }
                    // Uncompressed: the blob is the tar.
                    None => {
                        let d = provided.or(done.diff_id);
                        (d, d)
                    }
                };
                let (Some(diff_id), Some(blob_digest)) = (diff_id, blob_digest) else {
                    return Err(Error::Tar("the layer was not hashed".into()));
                };
                let progress = if host_read {
                    0
                } else {
                    blob.len().saturating_sub(read_before)
                };
                check_stored(planned, blob_digest)?;
                let layer = finish_layer(
                    planned,
                    task.layer,
                    diff_id,
                    blob_digest,
                    (done.size, done.content_size, done.usage),
                    task.compression,
                )?;
                self.walked.insert(diff_id, done.index);
                Ok((produced.max(1), progress, Some(layer)))
            }
        }
    }
}

/// The stored blob's digest against the one the archive names for it (an OCI archive's
/// manifest does; a legacy one does not).
fn check_stored(planned: &load::PlannedLayer, blob_digest: Digest) -> Result<()> {
    match planned.blob_digest {
        Some(expected) if expected != blob_digest => Err(Error::DigestMismatch {
            name: planned.name.clone(),
            expected,
            actual: blob_digest,
        }),
        _ => Ok(()),
    }
}

fn finish_layer(
    planned: &load::PlannedLayer,
    index: usize,
    diff_id: Digest,
    blob_digest: Digest,
    (size, content_size, usage): (u64, u64, u64),
    compression: Compression,
) -> Result<Layer> {
    if diff_id != planned.diff_id {
        return Err(diff_id_mismatch(planned, index, diff_id));
    }
    // What moby's extraction refuses is checked once every layer is here (check_links).
    Ok(Layer {
        diff_id,
        blob: planned.blob.clone(),
        compression,
        blob_digest,
        size,
        content_size,
        usage,
    })
}

fn diff_id_mismatch(planned: &load::PlannedLayer, index: usize, got: Digest) -> Error {
    Error::DiffIdMismatch {
        index,
        expected: planned.diff_id.to_string(),
        got,
    }
}

/// moby applies each layer over the ones below it: a hardlink must name a file that is
/// there by then (earlier in its layer or in a layer below), or the load fails with Go's
/// `link` error ([`crate::tarball::rules`]).
fn check_links(v: &Verify, store: &Store, memory: Budget) -> Result<()> {
    use crate::tarball::rules::Rules;
    for planned in &v.plan.images {
        let mut rules = Rules::new();
        for layer in &planned.layers {
            let found = v
                .verified
                .iter()
                .find(|l| l.diff_id == layer.diff_id)
                .or_else(|| store.layer(&layer.diff_id));
            let Some(found) = found else {
                continue;
            };
            match v.walked.get(&found.diff_id) {
                // Indexed while it was inflated.
                Some(index) => index.feed_rules(&mut rules)?,
                // A compressed layer is read as a stream: it need not fit in memory to load.
                None => crate::fs::LayerIndex::check_rules(found, &mut rules, memory)?,
            }
        }
    }
    Ok(())
}

/// Docker 29: puts the verified layers into the store and creates a record for each
/// image (moby v29.7.2 `daemon/containerd/image_exporter.go` LoadImage): `Loaded image:`
/// for each name, `Loaded image ID: <target digest>` for an image without one, in the
/// archive's order. A name that named another image leaves that one dangling, silently.
fn commit_records(v: &mut Verify, store: &mut Store, now: crate::time::Timestamp) -> String {
    for layer in v.verified.drain(..) {
        store.add_layer(layer);
    }
    let mut out = String::new();
    for planned in &v.plan.images {
        let mut image = planned
            .image
            .clone()
            .with_target(super::record::target(planned, store));
        image.set_last_tag_time(Some(now));
        let id = image.id();
        store.add_image(image);
        for tag in &planned.tags {
            store.tag(tag.clone(), id, now);
            out.push_str(&format!("Loaded image: {}\n", tag.familiar()));
        }
        if planned.tags.is_empty() {
            out.push_str(&format!("Loaded image ID: {id}\n"));
        }
    }
    out
}

/// Puts the verified layers and images into the store and tags them; returns the lines
/// `docker load` prints.
fn commit(v: &mut Verify, store: &mut Store) -> String {
    for layer in v.verified.drain(..) {
        store.add_layer(layer);
    }
    // Docker prints the `Loaded image ID` lines of every image, but only when the last
    // image in the archive had no tags (moby image/tarexport/load.go).
    let mut out = String::new();
    let mut id_lines = String::new();
    let mut last_had_tags = false;
    for planned in &v.plan.images {
        store.add_image(planned.image.clone());
        for tag in &planned.tags {
            if let TagChange::Moved { from } = store.add_tag(tag.clone(), planned.image.id()) {
                out.push_str(&format!(
                    "The image {} already exists, renaming the old one with ID {from} to empty string\n",
                    tag.familiar()
                ));
            }
            out.push_str(&format!("Loaded image: {}\n", tag.familiar()));
        }
        id_lines.push_str(&format!("Loaded image ID: {}\n", planned.image.id()));
        last_had_tags = !planned.tags.is_empty();
    }
    for planned in &v.plan.images {
        if let Some(parent) = planned.parent {
            store.set_parent(planned.image.id(), parent);
        }
    }
    if !last_had_tags && !v.plan.images.is_empty() {
        out.push_str(&id_lines);
    }
    out
}
