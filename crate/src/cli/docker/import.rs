//! `docker import`: one layer from a flat tar (plain, gzip or zstd), with a config built
//! from `--change` instructions, as moby's daemon/images/image_import.go writes it.

use super::{parse_flags, Usage};
use crate::cli::flags::{value, Spec};
use crate::cli::{CmdJob, Ctx, Exec};
use crate::compress::Compression;
use crate::digest::{Digest, Hasher};
use crate::image::manifest::{Descriptor, MT_CONFIG};
use crate::image::target::{Target, Written};
use crate::image::{ConfigFile, ContainerConfig, HistoryEntry, Image, Producer};
use crate::job::{HashOffload, Progress};
use crate::reference::Reference;
use crate::store::Layer;
use crate::tarball::index::TarIndex;
use bytes::Bytes;
use serde_json::{Map, Value};

pub const USAGE: Usage = Usage {
    command: "docker import",
    synopsis: "docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
    summary: "Import the contents from a tarball to create a filesystem image",
    aliases: "docker image import, docker import",
    options: "  -c, --change list       Apply Dockerfile instruction to the created image\n  -m, --message string    Set commit message for imported image\n      --platform string   Set platform if server is multi-platform capable\n",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image import",
    synopsis: "docker image import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
    ..USAGE
};

const SPECS: &[Spec] = &[
    value(Some('c'), "change"),
    value(Some('m'), "message"),
    value(None, "platform"),
];

/// The Docker engine version layerlab's images say they were made by.
pub const DOCKER_VERSION: &str = "28.2.2";

/// A zero container config, all fields present, as Go marshals `container.Config{}`.
pub fn empty_container_config() -> Map<String, Value> {
    ContainerConfig::moby_empty().to_map(Producer::Moby)
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> Exec {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::AtLeast(1))
        .and_then(|_| super::check_args(cx, usage, &p, super::Args::AtMost(2)))
    {
        return Exec::Done(code);
    }
    let reference = match p.args.get(1) {
        None => None,
        Some(r) => match Reference::parse_normalized(r) {
            Ok(r) if r.digest().is_some() => {
                cx.io
                    .err("Error response from daemon: cannot import digest reference\n");
                return Exec::Done(1);
            }
            Ok(r) => Some(if r.tag().is_none() {
                r.with_tag("latest")
            } else {
                r
            }),
            Err(e) => {
                // The client checks the reference before sending anything.
                cx.io.err(&format!("{e}\n"));
                return Exec::Done(1);
            }
        },
    };
    let source = &p.args[0];
    let data: Bytes = if source == "-" {
        cx.io.stdin.take().unwrap_or_default()
    } else if source.starts_with("http://") || source.starts_with("https://") {
        cx.io.err(&format!(
            "Error response from daemon: Get \"{source}\": layerlab runs in your browser and has no network access; upload the file and import it by name\n"
        ));
        return Exec::Done(1);
    } else {
        match cx.host.read(source) {
            Ok(b) => b,
            Err(e) => {
                cx.io
                    .err(&format!("open {source}: {}\n", e.reason().to_lowercase()));
                return Exec::Done(1);
            }
        }
    };
    let mut config = empty_container_config();
    if let Err(e) = crate::changes::apply(&mut config, p.values("change")) {
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        return Exec::Done(1);
    }
    let decoder = match crate::compress::decoder(data.clone(), "import") {
        Ok(d) => d,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return Exec::Done(1);
        }
    };
    // The CLI streams a file as the request body, so the daemon names the source "-".
    let message = p
        .value("message")
        .map(str::to_string)
        .unwrap_or_else(|| "Imported from -".to_string());
    Exec::Job(Box::new(ImportJob {
        phase: Phase::Decompress {
            decoder,
            out: Vec::new(),
            input: data.len() as u64,
        },
        source: if source == "-" {
            "standard input".to_string()
        } else {
            source.to_string()
        },
        config,
        message,
        reference,
        input: data.clone(),
        host_hashing: cx.offload_hashing.memory,
        done: 0,
        total: data.len() as u64,
    }))
}

const CHUNK: usize = 1 << 16;

enum Phase {
    Decompress {
        decoder: crate::compress::Decoder,
        out: Vec<u8>,
        input: u64,
    },
    Hash {
        tar: Bytes,
        pos: usize,
        hasher: Hasher,
        provided: Option<Digest>,
    },
}

/// `docker import` in budgeted steps: decompress, check the tar, hash it (or let the page
/// hash it), then add the layer and the image. Nothing is stored before the last step.
struct ImportJob {
    phase: Phase,
    /// Where the tar comes from, for errors (a host file, `standard input`).
    source: String,
    config: Map<String, Value>,
    message: String,
    reference: Option<Reference>,
    /// The bytes as given (maybe compressed): Docker 29 keeps gzip and zstd as they are.
    input: Bytes,
    host_hashing: bool,
    done: u64,
    total: u64,
}

/// What the layer store says when it cannot apply the tar: the tar reader's own words
/// (`archive/tar: invalid tar header`), not a load's `invalid archive:`.
fn applying(e: crate::error::Error) -> String {
    match e {
        crate::error::Error::Tar(msg) => msg,
        other => other.to_string(),
    }
}

impl ImportJob {
    fn fail(cx: &mut Ctx, e: impl std::fmt::Display) -> Option<i32> {
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        Some(1)
    }

    fn commit(&self, cx: &mut Ctx, tar: Bytes, diff_id: Digest) -> i32 {
        // The layer store extracts the tar here: what moby's extraction refuses fails the
        // import before anything is added.
        if let Err(e) = TarIndex::build(&tar) {
            cx.io
                .err(&format!("Error response from daemon: {}\n", applying(e)));
            return 1;
        }
        let created = cx.now.to_rfc3339_nano();
        let containerd = cx.engine >= crate::engine::Engine::Docker29;
        let mut config = import_config(&self.config, &created, &self.message, diff_id);
        let producer = if containerd {
            // moby v29.7.2 daemon/containerd/image_import.go: no container config or
            // version, the message in the history alone.
            config.comment = None;
            config.container_config = None;
            config.docker_version = None;
            Producer::Containerd
        } else {
            Producer::Moby
        };
        let image = match Image::from_config_file(&config, producer) {
            Ok(i) => i,
            Err(e) => {
                cx.io.err(&format!("Error response from daemon: {e}\n"));
                return 1;
            }
        };
        let layer = if containerd {
            imported_blob(&self.input, &tar, diff_id)
        } else {
            Layer::uncompressed(tar, diff_id)
        };
        let image = if containerd {
            let config = Descriptor::new(MT_CONFIG, image.raw_config());
            let t = Target::written(
                &image,
                config,
                vec![layer.descriptor(false)],
                Written::Import,
            );
            image.with_target(t)
        } else {
            image
        };
        cx.store.add_layer(layer);
        let id = image.id();
        cx.store.add_image(image);
        if let Some(r) = &self.reference {
            cx.store.tag(r.clone(), id, cx.now);
        }
        cx.io.out(&format!("{id}\n"));
        0
    }
}

impl HashOffload for ImportJob {
    fn hash_request(&self) -> Option<crate::content::Blob> {
        match &self.phase {
            Phase::Hash {
                tar,
                pos: 0,
                provided: None,
                ..
            } if self.host_hashing => Some(tar.clone().into()),
            _ => None,
        }
    }

    fn provide_hash(&mut self, digest: Digest) {
        if let Phase::Hash { provided, tar, .. } = &mut self.phase {
            *provided = Some(digest);
            self.done = tar.len() as u64;
        }
    }
}

impl CmdJob for ImportJob {
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32> {
        let budget = budget.max(CHUNK);
        match &mut self.phase {
            Phase::Decompress {
                decoder,
                out,
                input,
            } => {
                let mut buf = vec![0u8; CHUNK];
                let mut produced = 0;
                while produced < budget {
                    let n = match crate::compress::read_some(decoder, &mut buf, "import") {
                        Ok(n) => n,
                        Err(e) => return Self::fail(cx, e),
                    };
                    if n == 0 {
                        let tar = Bytes::from(std::mem::take(out));
                        if let Err(e) = TarIndex::build(&tar) {
                            return Self::fail(cx, applying(e));
                        }
                        self.done = 0;
                        self.total = tar.len() as u64;
                        self.phase = Phase::Hash {
                            tar,
                            pos: 0,
                            hasher: Hasher::new(),
                            provided: None,
                        };
                        return None;
                    }
                    // The tar is held whole (inflated when compressed): within the budget.
                    if !cx.memory.fits(out.len() as u64 + n as u64) {
                        let what = format!("the tar imported from {}", self.source);
                        let e = cx.memory.over(what, None);
                        return Self::fail(cx, e);
                    }
                    out.extend_from_slice(&buf[..n]);
                    produced += n;
                }
                self.done = out.len() as u64;
                self.total = self.total.max(*input).max(self.done + 1);
                None
            }
            Phase::Hash {
                tar,
                pos,
                hasher,
                provided,
            } => {
                if let Some(d) = provided.take() {
                    let tar = tar.clone();
                    return Some(self.commit(cx, tar, d));
                }
                if self.host_hashing && *pos == 0 {
                    return None; // waiting for the page's hash
                }
                let end = (*pos + budget).min(tar.len());
                hasher.update(&tar[*pos..end]);
                *pos = end;
                self.done = end as u64;
                if end == tar.len() {
                    let d = std::mem::take(hasher).finish();
                    let tar = tar.clone();
                    return Some(self.commit(cx, tar, d));
                }
                None
            }
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            label: "Importing",
            done: self.done.min(self.total),
            total: self.total,
        }
    }
}

/// The config moby writes for an imported layer.
/// The layer Docker 29 stores for an import (moby v29.7.2 `image_import.go` saveArchive):
/// gzip and zstd as given, anything else compressed with gzip.
fn imported_blob(input: &Bytes, tar: &Bytes, diff_id: Digest) -> Layer {
    match Compression::detect(input) {
        c @ (Compression::Gzip | Compression::Zstd) => {
            Layer::stored(input.clone(), c, tar, diff_id)
        }
        _ => Layer::stored(
            Bytes::from(crate::registry::gzip(tar)),
            Compression::Gzip,
            tar,
            diff_id,
        ),
    }
}

fn import_config(
    config: &Map<String, Value>,
    created: &str,
    message: &str,
    diff_id: Digest,
) -> ConfigFile {
    let mut c = ConfigFile::empty().with_config(ContainerConfig::from_map(config));
    c.created = created.to_string();
    c.comment = Some(message.to_string());
    c.container_config = Some(ContainerConfig::moby_empty());
    c.docker_version = Some(DOCKER_VERSION.to_string());
    c.append_layer(
        diff_id,
        HistoryEntry {
            created: Some(created.to_string()),
            comment: message.to_string(),
            ..HistoryEntry::default()
        },
    );
    c
}
