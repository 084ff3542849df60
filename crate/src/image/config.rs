//! Writing image configs: the typed [`ConfigFile`] and [`ContainerConfig`] and the one
//! writer that turns them into the bytes whose sha256 is the image ID.
//!
//! Two producers write configs, and they differ only in the container config:
//! - [`Producer::Moby`] (`docker commit`, `docker import`): moby's `container.Config`, its
//!   fields in the Go struct's order, every field that is set written, empty ones included;
//! - [`Producer::BuildKit`] (`docker build`, and the images on Docker Hub that the demo
//!   registry stands in for): the image spec's `ImageConfig`, in its order, empty fields
//!   left out, moby-only fields (Hostname, Tty, Image...) dropped.
//!
//! Both re-encode the top level through a Go map, so its keys come out sorted; history
//! entries keep moby's field order. Strings are escaped as Go's encoder does (HTML
//! characters as `\u003c`...).
//!
//! A third, [`Producer::Containerd`], is moby's containerd image store (Docker 29's `docker
//! commit` and `docker import`, v29.7.2 `daemon/containerd/image_commit.go`,
//! `image_import.go`): `json.Marshal` of docker-image-spec's `DockerOCIImage`, so the
//! struct's order (created, author, architecture, os, variant, rootfs, history, then
//! config), the image spec's history order, the config as BuildKit writes it, and no
//! `container`, `container_config` or `docker_version`.

use crate::digest::Digest;
use bytes::Bytes;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Who writes a config: the container config's fields and order follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Producer {
    Moby,
    BuildKit,
    Containerd,
}

/// Declares the container config's fields once: the struct, moby's order, and which of
/// them the image spec's `ImageConfig` has (in its own order, given separately below).
macro_rules! container_config {
    ($($field:ident => $key:literal),* $(,)?) => {
        /// A container config (`Config` and `container_config` of an image config). Each
        /// field is the JSON value as given (absent: `None`); the order of the fields is
        /// moby's `container.Config`.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct ContainerConfig {
            $(pub $field: Option<Value>,)*
        }

        impl ContainerConfig {
            /// moby's `container.Config` field names, in the struct's order.
            pub const MOBY_ORDER: &'static [&'static str] = &[$($key),*];

            /// The config from a JSON object: known keys only.
            pub fn from_map(m: &Map<String, Value>) -> ContainerConfig {
                ContainerConfig {
                    $($field: m.get($key).cloned(),)*
                }
            }

            /// The value of a field by its JSON name.
            pub fn get(&self, key: &str) -> Option<&Value> {
                match key {
                    $($key => self.$field.as_ref(),)*
                    _ => None,
                }
            }

            /// Sets a field by its JSON name; unknown names are ignored, as moby's decoder
            /// drops them.
            pub fn set(&mut self, key: &str, v: Value) {
                match key {
                    $($key => self.$field = Some(v),)*
                    _ => {}
                }
            }
        }
    };
}

container_config! {
    hostname => "Hostname",
    domainname => "Domainname",
    user => "User",
    attach_stdin => "AttachStdin",
    attach_stdout => "AttachStdout",
    attach_stderr => "AttachStderr",
    exposed_ports => "ExposedPorts",
    tty => "Tty",
    open_stdin => "OpenStdin",
    stdin_once => "StdinOnce",
    env => "Env",
    cmd => "Cmd",
    healthcheck => "Healthcheck",
    args_escaped => "ArgsEscaped",
    image => "Image",
    volumes => "Volumes",
    working_dir => "WorkingDir",
    entrypoint => "Entrypoint",
    network_disabled => "NetworkDisabled",
    mac_address => "MacAddress",
    on_build => "OnBuild",
    labels => "Labels",
    stop_signal => "StopSignal",
    stop_timeout => "StopTimeout",
    shell => "Shell",
}

impl ContainerConfig {
    /// The image spec's `ImageConfig` fields as BuildKit writes them (OCI's, then Docker's
    /// additions), in that order.
    pub const BUILDKIT_ORDER: &'static [&'static str] = &[
        "User",
        "ExposedPorts",
        "Env",
        "Entrypoint",
        "Cmd",
        "Volumes",
        "WorkingDir",
        "Labels",
        "StopSignal",
        "ArgsEscaped",
        "Healthcheck",
        "OnBuild",
        "Shell",
    ];

    /// The config moby writes for a container created from nothing (`docker import`'s
    /// `container_config`, and the base `docker inspect` fills in).
    pub fn moby_empty() -> ContainerConfig {
        let s = |v: &str| Some(Value::from(v));
        let f = Some(Value::Bool(false));
        ContainerConfig {
            hostname: s(""),
            domainname: s(""),
            user: s(""),
            attach_stdin: f.clone(),
            attach_stdout: f.clone(),
            attach_stderr: f.clone(),
            tty: f.clone(),
            open_stdin: f.clone(),
            stdin_once: f,
            env: Some(Value::Null),
            cmd: Some(Value::Null),
            image: s(""),
            volumes: Some(Value::Null),
            working_dir: s(""),
            entrypoint: Some(Value::Null),
            on_build: Some(Value::Null),
            labels: Some(Value::Null),
            ..ContainerConfig::default()
        }
    }

    /// `self` with every field `other` sets taking `other`'s value.
    pub fn overlaid(mut self, other: &ContainerConfig) -> ContainerConfig {
        for key in Self::MOBY_ORDER {
            if let Some(v) = other.get(key) {
                self.set(key, v.clone());
            }
        }
        self
    }

    /// The JSON object the producer writes.
    pub fn to_map(&self, producer: Producer) -> Map<String, Value> {
        let mut m = Map::new();
        match producer {
            Producer::Moby => {
                for k in Self::MOBY_ORDER {
                    if let Some(v) = self.get(k) {
                        m.insert((*k).to_string(), v.clone());
                    }
                }
            }
            Producer::BuildKit | Producer::Containerd => {
                for k in Self::BUILDKIT_ORDER {
                    if let Some(v) = self.get(k).filter(|v| !is_empty(v)) {
                        m.insert((*k).to_string(), v.clone());
                    }
                }
            }
        }
        m
    }
}

/// Go's `omitempty`: null, false, "", [] and {} are left out.
pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(b) => !b,
        _ => false,
    }
}

/// One history entry, in the image spec's field order; empty fields are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryEntry {
    pub created: Option<String>,
    pub author: Option<String>,
    pub created_by: String,
    pub comment: String,
    pub empty_layer: bool,
}

impl HistoryEntry {
    /// An entry as read from a config (missing fields empty).
    pub fn from_json(v: &Value) -> HistoryEntry {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        HistoryEntry {
            created: s("created"),
            author: s("author"),
            created_by: s("created_by").unwrap_or_default(),
            comment: s("comment").unwrap_or_default(),
            empty_layer: v
                .get("empty_layer")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(c) = &self.created {
            m.insert("created".into(), c.clone().into());
        }
        if let Some(a) = self.author.as_ref().filter(|a| !a.is_empty()) {
            m.insert("author".into(), a.clone().into());
        }
        if !self.created_by.is_empty() {
            m.insert("created_by".into(), self.created_by.clone().into());
        }
        if !self.comment.is_empty() {
            m.insert("comment".into(), self.comment.clone().into());
        }
        if self.empty_layer {
            m.insert("empty_layer".into(), true.into());
        }
        Value::Object(m)
    }
}

/// An image config to write. Optional strings are left out when `None` or empty.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigFile {
    pub architecture: String,
    pub variant: Option<String>,
    pub os: String,
    pub author: Option<String>,
    pub comment: Option<String>,
    pub created: String,
    pub config: ContainerConfig,
    /// moby only: the container a commit was made from, and its config.
    pub container: Option<String>,
    pub container_config: Option<ContainerConfig>,
    pub docker_version: Option<String>,
    pub history: Vec<HistoryEntry>,
    pub diff_ids: Vec<Digest>,
}

impl ConfigFile {
    /// The config bytes the producer writes: compact, Go's escaping; top-level keys sorted
    /// (moby, BuildKit) or in `DockerOCIImage`'s order (containerd).
    pub fn to_bytes(&self, producer: Producer) -> Bytes {
        if producer == Producer::Containerd {
            return self.to_struct_bytes();
        }
        let mut m: BTreeMap<&str, Value> = BTreeMap::new();
        let text = |m: &mut BTreeMap<&str, Value>, k, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                m.insert(k, v.clone().into());
            }
        };
        m.insert("architecture", self.architecture.clone().into());
        text(&mut m, "variant", &self.variant);
        m.insert("os", self.os.clone().into());
        text(&mut m, "author", &self.author);
        text(&mut m, "comment", &self.comment);
        m.insert("created", self.created.clone().into());
        m.insert("config", Value::Object(self.config.to_map(producer)));
        text(&mut m, "container", &self.container);
        if let Some(c) = &self.container_config {
            m.insert("container_config", Value::Object(c.to_map(producer)));
        }
        text(&mut m, "docker_version", &self.docker_version);
        m.insert(
            "history",
            Value::Array(self.history.iter().map(HistoryEntry::to_json).collect()),
        );
        let mut rootfs = Map::new();
        rootfs.insert("type".into(), "layers".into());
        rootfs.insert(
            "diff_ids".into(),
            Value::Array(
                self.diff_ids
                    .iter()
                    .map(|d| Value::from(d.to_string()))
                    .collect(),
            ),
        );
        m.insert("rootfs", Value::Object(rootfs));
        let obj: Map<String, Value> = m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        Bytes::from(crate::go::json::to_string(&Value::Object(obj), true).into_bytes())
    }

    fn to_struct_bytes(&self) -> Bytes {
        let mut m = Map::new();
        let text = |m: &mut Map<String, Value>, k: &str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                m.insert(k.to_string(), v.clone().into());
            }
        };
        m.insert("created".into(), self.created.clone().into());
        text(&mut m, "author", &self.author);
        m.insert("architecture".into(), self.architecture.clone().into());
        m.insert("os".into(), self.os.clone().into());
        text(&mut m, "variant", &self.variant);
        let diff_ids: Vec<Value> = self
            .diff_ids
            .iter()
            .map(|d| Value::from(d.to_string()))
            .collect();
        let mut rootfs = Map::new();
        rootfs.insert("type".into(), "layers".into());
        rootfs.insert("diff_ids".into(), Value::Array(diff_ids));
        m.insert("rootfs".into(), Value::Object(rootfs));
        let history: Vec<Value> = self
            .history
            .iter()
            .map(|h| {
                let mut e = Map::new();
                if let Some(c) = &h.created {
                    e.insert("created".into(), c.clone().into());
                }
                let mut put = |k: &str, v: &str| {
                    if !v.is_empty() {
                        e.insert(k.into(), v.into());
                    }
                };
                put("created_by", &h.created_by);
                put("author", h.author.as_deref().unwrap_or(""));
                put("comment", &h.comment);
                if h.empty_layer {
                    e.insert("empty_layer".into(), true.into());
                }
                Value::Object(e)
            })
            .collect();
        if !history.is_empty() {
            m.insert("history".into(), Value::Array(history));
        }
        m.insert(
            "config".into(),
            Value::Object(self.config.to_map(Producer::Containerd)),
        );
        Bytes::from(crate::go::json::to_string(&Value::Object(m), true).into_bytes())
    }
}
