//! The demo images of the in-page `docker.io`: small stand-ins named as in common
//! tutorials (hello-world, busybox, alpine, ubuntu, centos, nginx), built here at run time.
//! Each has the layer structure and file tree of the image it stands in for, a fixed
//! creation time and so stable IDs, and labels saying that layerlab made it and that it is
//! not the real image.
//!
//! As Docker Hub serves official images, each tag is an OCI index: one image manifest per
//! platform ([`PLATFORMS`]), then one BuildKit attestation manifest per platform (platform
//! `unknown/unknown`, an in-toto statement as its layer). The platforms' configs differ in
//! their `architecture` and `variant`; their layers are the same files (a stand-in has no
//! binaries for a machine to run).

mod files;
mod tree;

use super::{
    gzip, Descriptor, Index, IndexEntry, Manifest, Registry, MT_CONFIG, MT_LAYER_GZIP, MT_MANIFEST,
};
use crate::digest::Digest;
use crate::image::{ConfigFile, ContainerConfig, HistoryEntry, Producer};
use crate::time::Timestamp;
use bytes::Bytes;
use files::NginxOn;
use serde_json::{json, Map};
use tree::Tree;

/// The platforms of every demo image, in the index's order: (architecture, variant).
pub const PLATFORMS: [(&str, &str); 5] = [
    ("amd64", ""),
    ("arm", "v7"),
    ("arm64", "v8"),
    ("ppc64le", ""),
    ("s390x", ""),
];

/// One demo image: where it lives, its config bytes and its layer tars (bottom first).
#[derive(Clone, Debug)]
pub struct DemoImage {
    /// The repository path in `docker.io`: `library/nginx`.
    pub repository: &'static str,
    pub tags: &'static [&'static str],
    /// The linux/amd64 config.
    pub config: Bytes,
    /// The config of each of [`PLATFORMS`], in its order (the first is `config`).
    pub platform_configs: Vec<Bytes>,
    /// Uncompressed layer tars; the registry holds them gzip-compressed.
    pub layers: Vec<Bytes>,
}

impl DemoImage {
    pub fn id(&self) -> Digest {
        Digest::of(&self.config)
    }
}

/// The label every demo image carries.
pub const DEMO_LABEL: &str = "dev.layerlab.demo";
/// The label that says what a demo image stands in for.
pub const DESCRIPTION_LABEL: &str = "org.opencontainers.image.description";

const PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const BUILDKIT: &str = "buildkit.dockerfile.v0";

/// `docker.io` as the page has it: the demo images, and `library/` closed to pushes.
/// Built once a process (gzipping the demo layers is the cost) and copied to each session
/// that uses it: the copy shares the blobs' bytes.
pub fn registry() -> Registry {
    static DEMO: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    DEMO.get_or_init(build).clone()
}

fn build() -> Registry {
    let mut r = Registry::with_protected_prefix("library/");
    for img in images() {
        let mut blobs = Vec::new();
        let mut layers = Vec::new();
        for l in &img.layers {
            let gz = Bytes::from(gzip(l));
            layers.push(Descriptor::new(MT_LAYER_GZIP, &gz));
            blobs.push(gz);
        }
        let mut manifests = Vec::new();
        let mut entries = Vec::new();
        let mut attestations = Vec::new();
        for ((arch, variant), config) in PLATFORMS.iter().zip(&img.platform_configs) {
            let manifest = Bytes::from(
                Manifest {
                    config: Descriptor::new(MT_CONFIG, config),
                    layers: layers.clone(),
                }
                .to_bytes(),
            );
            let entry = IndexEntry {
                descriptor: Descriptor::new(MT_MANIFEST, &manifest),
                os: "linux".into(),
                architecture: arch.to_string(),
                variant: variant.to_string(),
                attests: None,
            };
            let (attestation, attestation_blobs) =
                attestation(img.repository, &entry.platform(), &manifest);
            blobs.push(config.clone());
            blobs.extend(attestation_blobs);
            entries.push(entry);
            attestations.push(IndexEntry {
                descriptor: Descriptor::new(MT_MANIFEST, &attestation),
                os: "unknown".into(),
                architecture: "unknown".into(),
                variant: String::new(),
                attests: Some(Digest::of(&manifest)),
            });
            manifests.push(manifest);
            manifests.push(attestation);
        }
        entries.extend(attestations);
        let index = Index { manifests: entries };
        // The index names exactly the manifests just stored, and they the blobs: seeding
        // cannot fail.
        let _ = r.seed(
            img.repository,
            img.tags,
            Bytes::from(index.to_bytes()),
            manifests,
            blobs,
        );
    }
    r
}

/// A BuildKit attestation manifest for the image manifest `manifest` of `platform`: an
/// in-toto statement (saying that layerlab made the stand-in) as its one layer. Returns
/// the manifest and its blobs (config, statement).
fn attestation(repository: &str, platform: &str, manifest: &[u8]) -> (Bytes, Vec<Bytes>) {
    let name = repository.trim_start_matches("library/");
    let a = crate::image::attestation::Attestation::provenance(
        &format!(
            "pkg:docker/{name}?platform={}",
            platform.replace('/', "%2F")
        ),
        manifest,
        json!({
            "builder": { "id": "layerlab demo images" },
            "buildType": "https://mobyproject.org/buildkit@v1",
            "metadata": { "reproducible": true },
        }),
    );
    (a.manifest, vec![a.config, a.statement])
}

/// What a container of the image runs, and how.
#[derive(Default)]
struct RunConfig {
    exposed_port: Option<&'static str>,
    env: Vec<String>,
    entrypoint: Option<&'static [&'static str]>,
    cmd: &'static [&'static str],
    working_dir: Option<&'static str>,
    stop_signal: Option<&'static str>,
}

/// Builds an image step by step, as a Dockerfile would: layers and history together.
struct Build {
    layers: Vec<Bytes>,
    image: ConfigFile,
}

fn unix(created: &str) -> u64 {
    Timestamp::parse_rfc3339(created)
        .map(|t| t.unix_seconds().max(0) as u64)
        .unwrap_or(0)
}

impl Build {
    fn new() -> Build {
        Build {
            layers: Vec::new(),
            image: ConfigFile::empty(),
        }
    }

    fn entry(created: &str, created_by: &str, comment: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            created: Some(created.to_string()),
            created_by: created_by.to_string(),
            comment: comment.unwrap_or_default().to_string(),
            ..HistoryEntry::default()
        }
    }

    /// Adds a layer; `created_by` gets the layer's diffID (for `ADD file:<hex>`).
    fn layer(
        &mut self,
        created: &str,
        tree: Tree,
        comment: Option<&str>,
        created_by: impl FnOnce(&Digest) -> String,
    ) -> &mut Build {
        self.layer_at(created, created, tree, comment, created_by)
    }

    /// [`Build::layer`] with files stamped `files_time` (COPY keeps the sources' times).
    fn layer_at(
        &mut self,
        created: &str,
        files_time: &str,
        tree: Tree,
        comment: Option<&str>,
        created_by: impl FnOnce(&Digest) -> String,
    ) -> &mut Build {
        let tar = tree.to_tar(unix(files_time));
        let diff_id = Digest::of(&tar);
        let by = created_by(&diff_id);
        self.image
            .append_layer(diff_id, Build::entry(created, &by, comment));
        self.layers.push(Bytes::from(tar));
        self
    }

    /// A BuildKit step that makes a layer: `COPY hello / # buildkit`.
    fn buildkit(&mut self, created: &str, step: &str, tree: Tree) -> &mut Build {
        self.layer(created, tree, Some(BUILDKIT), |_| {
            format!("{step} # buildkit")
        })
    }

    /// A BuildKit step without a layer: `CMD ["sh"]`.
    fn buildkit_meta(&mut self, created: &str, step: &str) -> &mut Build {
        self.image
            .append_history(Build::entry(created, step, Some(BUILDKIT)));
        self
    }

    /// The classic builder's `ADD file:<hex> in /` of a root filesystem.
    fn classic_add(&mut self, created: &str, tree: Tree) -> &mut Build {
        self.layer(created, tree, None, |d| {
            format!("/bin/sh -c #(nop) ADD file:{} in / ", d.hex())
        })
    }

    /// A classic builder `RUN`.
    fn classic_run(&mut self, created: &str, command: &str, tree: Tree) -> &mut Build {
        self.layer(created, tree, None, |_| format!("/bin/sh -c {command}"))
    }

    /// A classic builder step without a layer: `/bin/sh -c #(nop)  CMD ["bash"]`.
    fn classic_meta(&mut self, created: &str, step: &str) -> &mut Build {
        let by = format!("/bin/sh -c #(nop)  {step}");
        self.image.append_history(Build::entry(created, &by, None));
        self
    }

    /// The config JSON for one of [`PLATFORMS`], keys in the order BuildKit writes them,
    /// compact and HTML-escaped as Go's encoding/json writes it.
    fn config(
        &self,
        created: &str,
        run: &RunConfig,
        description: &str,
        (arch, variant): (&str, &str),
    ) -> Bytes {
        let mut c = Map::new();
        if let Some(p) = run.exposed_port {
            c.insert("ExposedPorts".into(), json!({ p: {} }));
        }
        c.insert("Env".into(), json!(run.env));
        if let Some(e) = run.entrypoint {
            c.insert("Entrypoint".into(), json!(e));
        }
        c.insert("Cmd".into(), json!(run.cmd));
        if let Some(w) = run.working_dir {
            c.insert("WorkingDir".into(), w.into());
        }
        c.insert(
            "Labels".into(),
            json!({ DEMO_LABEL: "true", DESCRIPTION_LABEL: description }),
        );
        if let Some(s) = run.stop_signal {
            c.insert("StopSignal".into(), s.into());
        }
        let mut image = self
            .image
            .clone()
            .with_config(ContainerConfig::from_map(&c));
        image.created = created.to_string();
        image.architecture = arch.to_string();
        image.variant = (!variant.is_empty()).then(|| variant.to_string());
        image.to_bytes(Producer::BuildKit)
    }

    fn image(
        &self,
        repository: &'static str,
        tags: &'static [&'static str],
        created: &str,
        run: &RunConfig,
        description: &str,
    ) -> DemoImage {
        let platform_configs: Vec<Bytes> = PLATFORMS
            .iter()
            .map(|&p| self.config(created, run, description, p))
            .collect();
        DemoImage {
            repository,
            tags,
            config: platform_configs[0].clone(),
            platform_configs,
            layers: self.layers.clone(),
        }
    }
}

fn not_the_real(name: &str) -> String {
    format!("layerlab demo image: not the real {name}")
}

/// The `LABEL` step that gives an image its demo labels.
fn label_step(name: &str) -> String {
    format!(
        "LABEL {DEMO_LABEL}=true {DESCRIPTION_LABEL}={}",
        not_the_real(name)
    )
}

fn env(extra: &[&str]) -> Vec<String> {
    std::iter::once(PATH)
        .chain(extra.iter().copied())
        .map(str::to_string)
        .collect()
}

fn hello_world() -> DemoImage {
    const T: &str = "2024-05-02T10:12:00Z";
    let mut b = Build::new();
    b.buildkit(T, "COPY hello /", files::hello_world())
        .buildkit_meta(T, &label_step("hello-world"))
        .buildkit_meta(T, "CMD [\"/hello\"]");
    let run = RunConfig {
        env: env(&[]),
        cmd: &["/hello"],
        ..RunConfig::default()
    };
    b.image(
        "library/hello-world",
        &["latest"],
        T,
        &run,
        &not_the_real("hello-world"),
    )
}

fn busybox() -> DemoImage {
    const T: &str = "2024-09-26T21:31:42Z";
    let mut b = Build::new();
    b.buildkit(T, "ADD busybox.tar.xz /", files::busybox())
        .buildkit_meta(T, &label_step("busybox"))
        .buildkit_meta(T, "CMD [\"sh\"]");
    let run = RunConfig {
        env: env(&[]),
        cmd: &["sh"],
        ..RunConfig::default()
    };
    b.image(
        "library/busybox",
        &["1.37", "latest"],
        T,
        &run,
        &not_the_real("busybox"),
    )
}

const ALPINE_CREATED: &str = "2025-01-08T12:07:30Z";

/// alpine's steps, which nginx:alpine builds on.
fn alpine_build() -> Build {
    let t = ALPINE_CREATED;
    let mut b = Build::new();
    b.buildkit(
        t,
        "ADD alpine-minirootfs-3.21.2-x86_64.tar.gz /",
        files::alpine(),
    )
    .buildkit_meta(t, &label_step("alpine"))
    .buildkit_meta(t, "CMD [\"/bin/sh\"]");
    b
}

fn alpine() -> DemoImage {
    let run = RunConfig {
        env: env(&[]),
        cmd: &["/bin/sh"],
        working_dir: Some("/"),
        ..RunConfig::default()
    };
    alpine_build().image(
        "library/alpine",
        &["3.21", "latest"],
        ALPINE_CREATED,
        &run,
        &not_the_real("alpine"),
    )
}

fn ubuntu() -> DemoImage {
    const T: &str = "2025-01-13T06:48:15Z";
    let mut b = Build::new();
    b.classic_meta(T, "ARG RELEASE")
        .classic_meta(T, "ARG LAUNCHPAD_BUILD_ARCH")
        .classic_meta(T, &label_step("ubuntu"))
        .classic_add(T, files::deb_base(&files::NOBLE))
        .classic_meta(T, "CMD [\"/bin/bash\"]");
    let run = RunConfig {
        env: env(&[]),
        cmd: &["/bin/bash"],
        ..RunConfig::default()
    };
    b.image(
        "library/ubuntu",
        &["24.04", "latest", "noble"],
        T,
        &run,
        &not_the_real("ubuntu"),
    )
}

fn centos() -> DemoImage {
    const T: &str = "2024-06-18T18:20:07Z";
    let mut b = Build::new();
    b.classic_add(T, files::centos())
        .classic_meta(T, &label_step("centos"))
        .classic_meta(T, "CMD [\"/bin/bash\"]");
    let run = RunConfig {
        env: env(&[]),
        cmd: &["/bin/bash"],
        ..RunConfig::default()
    };
    b.image(
        "library/centos",
        &["8", "latest"],
        T,
        &run,
        &not_the_real("centos"),
    )
}

const NGINX_CMD: &[&str] = &["nginx", "-g", "daemon off;"];
const NGINX_ENTRYPOINT: &[&str] = &["/docker-entrypoint.sh"];

/// When the entrypoint scripts were last changed: COPY layers keep the files' times, so
/// the Debian and Alpine flavours of nginx get the same layers from them.
const ENTRYPOINT_FILES: &str = "2024-12-11T16:08:58Z";

/// The steps shared by the newer nginx images after the package layer: the entrypoint
/// and its scripts, one COPY layer each, then the runtime settings.
fn nginx_tail(b: &mut Build, t: &str) {
    let copy = |b: &mut Build, step: String, tree: Tree| {
        b.layer_at(t, ENTRYPOINT_FILES, tree, Some(BUILDKIT), |_| {
            format!("{step} # buildkit")
        });
    };
    copy(b, "COPY docker-entrypoint.sh /".into(), files::entrypoint());
    for (name, what, size) in files::ENTRYPOINT_SCRIPTS {
        copy(
            b,
            format!("COPY {name} /docker-entrypoint.d"),
            files::entrypoint_script(name, what, *size),
        );
    }
    b.buildkit_meta(t, "ENTRYPOINT [\"/docker-entrypoint.sh\"]")
        .buildkit_meta(t, "EXPOSE map[80/tcp:{}]")
        .buildkit_meta(t, "STOPSIGNAL SIGQUIT")
        .buildkit_meta(t, "CMD [\"nginx\" \"-g\" \"daemon off;\"]");
}

const NGINX_RUN_DEBIAN: &str = "RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y nginx=${NGINX_VERSION}-${PKG_RELEASE}     && rm -rf /var/lib/apt/lists/*     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d";

fn nginx_latest() -> DemoImage {
    const BASE: &str = "2025-01-13T00:00:00Z";
    const T: &str = "2025-02-05T21:27:16Z";
    let mut b = Build::new();
    b.classic_add(BASE, files::deb_base(&files::BOOKWORM))
        .classic_meta(BASE, "CMD [\"bash\"]")
        .buildkit_meta(T, &label_step("nginx"))
        .buildkit_meta(T, "ENV NGINX_VERSION=1.27.4")
        .buildkit_meta(T, "ENV NJS_VERSION=0.8.9")
        .buildkit_meta(T, "ENV NJS_RELEASE=1~bookworm")
        .buildkit_meta(T, "ENV PKG_RELEASE=1~bookworm")
        .buildkit_meta(T, "ENV DYNPKG_RELEASE=1~bookworm")
        .buildkit(
            T,
            NGINX_RUN_DEBIAN,
            files::nginx_package(
                NginxOn::Debian {
                    base: &files::BOOKWORM,
                    version: "1.27.4",
                    release: "1~bookworm",
                },
                true,
                true,
            ),
        );
    nginx_tail(&mut b, T);
    let run = RunConfig {
        exposed_port: Some("80/tcp"),
        env: env(&[
            "NGINX_VERSION=1.27.4",
            "NJS_VERSION=0.8.9",
            "NJS_RELEASE=1~bookworm",
            "PKG_RELEASE=1~bookworm",
            "DYNPKG_RELEASE=1~bookworm",
        ]),
        entrypoint: Some(NGINX_ENTRYPOINT),
        cmd: NGINX_CMD,
        stop_signal: Some("SIGQUIT"),
        ..RunConfig::default()
    };
    b.image(
        "library/nginx",
        &["1.27", "latest"],
        T,
        &run,
        &not_the_real("nginx"),
    )
}

fn nginx_1_16() -> DemoImage {
    const BASE: &str = "2024-10-21T00:00:00Z";
    const T: &str = "2024-11-20T10:30:00Z";
    let mut b = Build::new();
    b.classic_add(BASE, files::deb_base(&files::BUSTER))
        .classic_meta(BASE, "CMD [\"bash\"]")
        .classic_meta(T, &label_step("nginx:1.16"))
        .classic_meta(T, "ENV NGINX_VERSION=1.16.1")
        .classic_meta(T, "ENV NJS_VERSION=0.3.8")
        .classic_meta(T, "ENV PKG_RELEASE=1~buster")
        .classic_run(
            T,
            "set -x     && addgroup --system --gid 101 nginx     && adduser --system --disabled-login --ingroup nginx --no-create-home --home /nonexistent --gecos \"nginx user\" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y nginx=${NGINX_VERSION}-${PKG_RELEASE}     && rm -rf /var/lib/apt/lists/*",
            files::nginx_package(
                NginxOn::Debian {
                    base: &files::BUSTER,
                    version: "1.16.1",
                    release: "1~buster",
                },
                false,
                false,
            ),
        )
        .classic_run(
            T,
            "ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log",
            files::nginx_log_links(),
        )
        .classic_meta(T, "EXPOSE 80")
        .classic_meta(T, "STOPSIGNAL SIGTERM")
        .classic_meta(T, "CMD [\"nginx\" \"-g\" \"daemon off;\"]");
    let run = RunConfig {
        exposed_port: Some("80/tcp"),
        env: env(&[
            "NGINX_VERSION=1.16.1",
            "NJS_VERSION=0.3.8",
            "PKG_RELEASE=1~buster",
        ]),
        cmd: NGINX_CMD,
        stop_signal: Some("SIGTERM"),
        ..RunConfig::default()
    };
    b.image(
        "library/nginx",
        &["1.16"],
        T,
        &run,
        &not_the_real("nginx:1.16"),
    )
}

fn nginx_alpine() -> DemoImage {
    const T: &str = "2025-02-05T22:04:51Z";
    let mut b = alpine_build();
    b.buildkit_meta(T, &label_step("nginx:alpine"))
        .buildkit_meta(T, "ENV NGINX_VERSION=1.27.4")
        .buildkit_meta(T, "ENV PKG_RELEASE=1")
        .buildkit_meta(T, "ENV DYNPKG_RELEASE=1")
        .buildkit_meta(T, "ENV NJS_VERSION=0.8.9")
        .buildkit_meta(T, "ENV NJS_RELEASE=1")
        .buildkit(
            T,
            "RUN /bin/sh -c set -x     && addgroup -g 101 -S nginx     && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx     && apk add --no-cache nginx=${NGINX_VERSION}-r${PKG_RELEASE}     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d",
            files::nginx_package(NginxOn::Alpine { version: "1.27.4" }, true, true),
        );
    nginx_tail(&mut b, T);
    let run = RunConfig {
        exposed_port: Some("80/tcp"),
        env: env(&[
            "NGINX_VERSION=1.27.4",
            "PKG_RELEASE=1",
            "DYNPKG_RELEASE=1",
            "NJS_VERSION=0.8.9",
            "NJS_RELEASE=1",
        ]),
        entrypoint: Some(NGINX_ENTRYPOINT),
        cmd: NGINX_CMD,
        stop_signal: Some("SIGQUIT"),
        ..RunConfig::default()
    };
    b.image(
        "library/nginx",
        &["alpine"],
        T,
        &run,
        &not_the_real("nginx:alpine"),
    )
}

/// Every demo image, built afresh (deterministically).
pub fn images() -> Vec<DemoImage> {
    vec![
        hello_world(),
        busybox(),
        alpine(),
        ubuntu(),
        centos(),
        nginx_latest(),
        nginx_1_16(),
        nginx_alpine(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::Image;

    #[test]
    fn configs_parse_and_match_their_layers() {
        for img in images() {
            let parsed = Image::from_config(img.config.clone(), img.repository).unwrap();
            let diff_ids: Vec<Digest> = img.layers.iter().map(|l| Digest::of(l)).collect();
            assert_eq!(parsed.diff_ids(), &diff_ids[..], "{}", img.repository);
            let layers = parsed
                .config()
                .history
                .iter()
                .filter(|h| !h.empty_layer)
                .count();
            assert_eq!(layers, img.layers.len(), "{}", img.repository);
            assert_eq!(parsed.config().architecture, "amd64");
            assert_eq!(parsed.config().os, "linux");
        }
    }

    #[test]
    fn each_tag_is_an_index_of_every_platform_and_their_attestations() {
        let r = registry();
        let reference = crate::reference::Reference::parse_with_default_tag("alpine").unwrap();
        let digest = r.resolve(&reference).unwrap();
        let bytes = r.manifest("library/alpine", &digest).unwrap();
        assert!(super::super::is_index(&bytes));
        let index = Index::parse(&bytes).unwrap();
        let platforms: Vec<String> = index.images().map(IndexEntry::platform).collect();
        assert_eq!(
            platforms,
            [
                "linux/amd64",
                "linux/arm/v7",
                "linux/arm64/v8",
                "linux/ppc64le",
                "linux/s390x"
            ]
        );
        let images: Vec<Digest> = index.images().map(|m| m.descriptor.digest).collect();
        let attested: Vec<Digest> = index.manifests.iter().filter_map(|m| m.attests).collect();
        assert_eq!(attested, images);
        // Pulls pick platforms, never attestations; each platform's config says its own.
        assert_eq!(
            index.select("linux/arm64").unwrap().descriptor.digest,
            images[2]
        );
        assert!(index.select("unknown/unknown").is_none());
        for (entry, (arch, _)) in index.images().zip(PLATFORMS) {
            let m = Manifest::parse(
                &r.manifest("library/alpine", &entry.descriptor.digest)
                    .unwrap(),
            )
            .unwrap();
            let config = r.blob("library/alpine", &m.config.digest).unwrap();
            let image = Image::from_config(config, "alpine").unwrap();
            assert_eq!(image.config().architecture, arch);
        }
        // The index reads back as it was written.
        assert_eq!(Index::parse(&index.to_bytes()).unwrap(), index);
    }

    #[test]
    fn shared_base_layers_are_identical() {
        let all = images();
        let find = |repo: &str, tag: &str| {
            all.iter()
                .find(|i| i.repository == repo && i.tags.contains(&tag))
                .unwrap()
        };
        assert_eq!(
            find("library/alpine", "latest").layers[0],
            find("library/nginx", "alpine").layers[0]
        );
        assert_eq!(
            find("library/nginx", "latest").layers[2..],
            find("library/nginx", "alpine").layers[2..]
        );
    }
}
