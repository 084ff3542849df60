//! `docker inspect` / `docker image inspect`: Docker 28's image JSON (API 1.50 shape).

use super::{parse_flags, require_args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
use crate::containers::{Container, Containers};
use crate::go::template::{Missing, Template};
use crate::image::manifest::{ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME};
use crate::image::Image;
use crate::image::{ContainerConfig, Producer};
use crate::reference::Reference;
use crate::store::Store;
use crate::time::Timestamp;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `docker inspect`: any object.
    Any,
    /// `docker image inspect`.
    Image,
    /// `docker container inspect`.
    Container,
}

const USAGE_ANY: Usage = Usage {
    command: "docker inspect",
    synopsis: "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
    summary: "Return low-level information on Docker objects",
    aliases: "",
    options: "  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -s, --size            Display total file sizes if the type is container\n      --type string     Only inspect objects of the given type\n",
};

const USAGE_IMAGE: Usage = Usage {
    command: "docker image inspect",
    synopsis: "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
    summary: "Display detailed information on one or more images",
    aliases: "",
    options: "  -f, --format string     Format output using a custom template:\n                          'json':             Print in JSON format\n                          'TEMPLATE':         Print output using the given\n                          Go template.\n                          Refer to https://docs.docker.com/go/formatting/\n                          for more information about formatting output\n                          with templates\n      --platform string   Inspect a specific platform of the multi-platform\n                          image.\n                          If the image or the server is not multi-platform\n                          capable, the command will error out if the\n                          platform is not available.\n                          Format: os[/arch[/variant]][(osversion)] (e.g.,\n                          \"linux/amd64\")\n",
};

const USAGE_CONTAINER: Usage = Usage {
    command: "docker container inspect",
    synopsis: "docker container inspect [OPTIONS] CONTAINER [CONTAINER...]",
    summary: "Display detailed information on one or more containers",
    aliases: "",
    options: "  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -s, --size            Display total file sizes\n",
};

const SPECS: &[Spec] = &[
    value(Some('f'), "format"),
    flag(Some('s'), "size"),
    value(None, "type"),
    value(None, "platform"),
];

pub fn run(cx: &mut Ctx, args: &[String], scope: Scope) -> i32 {
    let usage = match scope {
        Scope::Any => &USAGE_ANY,
        Scope::Image => &USAGE_IMAGE,
        Scope::Container => &USAGE_CONTAINER,
    };
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, usage, &p, 1) {
        return code;
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let templated = p
        .value("format")
        .is_some_and(|f| !f.is_empty() && f != "json");
    for name in &p.args {
        // `docker inspect` tries containers before images, as docker/cli does.
        if scope != Scope::Image {
            if let Ok(i) = cx.containers.find(name) {
                if let Some(c) = cx.containers.get(i) {
                    found.push(container_json(
                        cx.store,
                        cx.containers,
                        cx.now,
                        cx.engine,
                        c,
                    ));
                    continue;
                }
            }
        }
        let image = if scope == Scope::Container {
            None
        } else {
            cx.store.lookup(name).and_then(|id| cx.store.image(&id))
        };
        match image {
            Some(img) => found.push(image_json(cx.store, img, name, templated)),
            None => errors.push(match scope {
                Scope::Any => format!("Error: No such object: {name}"),
                Scope::Image => format!(
                    "Error response from daemon: No such image: {}",
                    super::with_latest(name)
                ),
                Scope::Container => {
                    format!("Error response from daemon: No such container: {name}")
                }
            }),
        }
    }
    print(cx, found, p.value("format"), errors)
}

/// Prints inspected objects as docker/cli's inspect.Inspect does: a JSON array, or each
/// through a `--format` template; then the errors joined, status 1 when there were any.
pub fn print(
    cx: &mut Ctx,
    found: Vec<Value>,
    format: Option<&str>,
    mut errors: Vec<String>,
) -> i32 {
    match format.filter(|f| !f.is_empty() && *f != "json") {
        None => {
            cx.io.out(&crate::go::json::to_string_indent(
                &Value::Array(found),
                "    ",
                true,
            ));
            cx.io.out("\n");
        }
        Some(f) => {
            let source = f.replace("\\t", "\t").replace("\\n", "\n");
            let tmpl = match Template::parse(&source) {
                Ok(t) => t,
                Err(e) => {
                    cx.io
                        .err(&format!("{}\n", super::formatting::FormatError(e)));
                    return 1;
                }
            };
            let mut printed = false;
            for obj in &found {
                // docker/cli retries a typed failure on the raw JSON with missingkey=error.
                match tmpl.execute(obj, Missing::MapError) {
                    Ok(text) => {
                        cx.io.out(&text);
                        cx.io.out("\n");
                        printed = true;
                    }
                    Err(e) => {
                        errors.push(super::formatting::FormatError(e).to_string());
                        break;
                    }
                }
            }
            if !printed {
                cx.io.out("\n");
            }
        }
    }
    if errors.is_empty() {
        0
    } else {
        cx.io.err(&format!("{}\n", errors.join("\n")));
        1
    }
}

/// The keys Docker 28.3+ always shows in `Config`, overlaid by the image's own values.
const FORCED: &[(&str, Value)] = &[
    ("Cmd", Value::Null),
    ("Entrypoint", Value::Null),
    ("Env", Value::Null),
    ("Labels", Value::Null),
    ("OnBuild", Value::Null),
    ("User", Value::String(String::new())),
    ("Volumes", Value::Null),
    ("WorkingDir", Value::String(String::new())),
];

/// The fields of a container config that an image config keeps (DockerOCIImageConfig).
const KEPT: &[&str] = &[
    "User",
    "Env",
    "Entrypoint",
    "Cmd",
    "Volumes",
    "WorkingDir",
    "Labels",
    "StopSignal",
    "ArgsEscaped",
    "ExposedPorts",
    "Healthcheck",
    "OnBuild",
    "Shell",
];

fn config_json(img: &Image) -> Value {
    let mut m: std::collections::BTreeMap<String, Value> = FORCED
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    if let Value::Object(c) = &img.config().config {
        for k in KEPT {
            if let Some(v) = c.get(*k) {
                if !crate::image::config::is_empty(v) {
                    m.insert(k.to_string(), v.clone());
                }
            }
        }
    }
    Value::Object(m.into_iter().collect::<Map<String, Value>>())
}

/// An image's `docker inspect` JSON; `name` is what it was asked for by (a record of
/// containerd's store answers with the descriptor of the record that name is), and
/// `templated` whether a `--format` template reads it (Docker 29's CLI runs it on the
/// typed response, whose config has every field, empty ones included).
pub fn image_json(store: &Store, img: &Image, name: &str, templated: bool) -> Value {
    if let Some(target) = img.target() {
        return record_json(store, img, target, name, templated);
    }
    let v = &img.config();
    let mut m = Map::new();
    m.insert("Id".into(), img.id().to_string().into());
    let tags: Vec<Value> = store
        .tags_of(&img.id())
        .iter()
        .map(|t| Value::String(t.familiar()))
        .collect();
    m.insert("RepoTags".into(), Value::Array(tags));
    let digests: Vec<Value> = store
        .digests_of(&img.id())
        .iter()
        .map(|d| Value::String(d.familiar()))
        .collect();
    m.insert("RepoDigests".into(), Value::Array(digests));
    let parent = store.parent(&img.id()).map(|p| p.to_string());
    m.insert("Parent".into(), parent.unwrap_or_default().into());
    let comment = v
        .comment
        .clone()
        .filter(|c| !c.is_empty())
        .or_else(|| v.history.last().and_then(|h| h.comment.clone()))
        .unwrap_or_default();
    m.insert("Comment".into(), comment.into());
    if let Some(t) = v.created.as_deref().and_then(Timestamp::parse_rfc3339) {
        m.insert("Created".into(), t.to_rfc3339_nano().into());
    }
    m.insert(
        "DockerVersion".into(),
        v.docker_version.clone().unwrap_or_default().into(),
    );
    m.insert("Author".into(), v.author.clone().unwrap_or_default().into());
    m.insert("Architecture".into(), v.architecture.clone().into());
    if let Some(var) = v.variant.as_ref().filter(|s| !s.is_empty()) {
        m.insert("Variant".into(), var.clone().into());
    }
    m.insert("Os".into(), v.os.clone().into());
    m.insert("Size".into(), store.image_size(img).into());
    m.insert(
        "GraphDriver".into(),
        crate::dataroot::names::image_graph_driver(img),
    );
    let layers: Vec<Value> = img
        .diff_ids()
        .iter()
        .map(|d| Value::String(d.to_string()))
        .collect();
    let mut rootfs = Map::new();
    rootfs.insert("Type".into(), "layers".into());
    if !layers.is_empty() {
        rootfs.insert("Layers".into(), Value::Array(layers));
    }
    m.insert("RootFS".into(), Value::Object(rootfs));
    let last_tag = img
        .last_tag_time()
        .map(|t| t.to_rfc3339_nano())
        .unwrap_or_else(|| "0001-01-01T00:00:00Z".to_string());
    m.insert("Metadata".into(), json!({ "LastTagTime": last_tag }));
    m.insert("Config".into(), config_json(img));
    Value::Object(m)
}

/// A record of containerd's store as Docker 29 inspects it (moby v29.7.2
/// `daemon/containerd/image_inspect.go`, API 1.52's `InspectResponse`): the target's digest
/// as ID, `name@<target digest>` for every tag, the target as `Descriptor`, `Size` the
/// packed content of the index and one platform (the config and layers as stored), no
/// `GraphDriver`, and the config as its typed struct writes it (empty fields left out).
/// An image with a parent (made by commit) gets the deprecated `Parent` field, which moby
/// adds by re-marshalling the response as a map, so every key is then sorted.
fn record_json(
    store: &Store,
    img: &Image,
    target: &crate::image::target::Target,
    name: &str,
    templated: bool,
) -> Value {
    let v = img.config();
    let mut m = Map::new();
    m.insert("Id".into(), img.id().to_string().into());
    let tags = store.tags_of(&img.id());
    m.insert(
        "RepoTags".into(),
        tags.iter().map(|t| Value::String(t.familiar())).collect(),
    );
    let mut digests: Vec<String> = tags
        .iter()
        .map(|t| t.with_digest(target.digest()).familiar())
        .chain(store.digests_of(&img.id()).iter().map(|d| d.familiar()))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    digests.retain(|d| seen.insert(d.clone()));
    m.insert(
        "RepoDigests".into(),
        digests.into_iter().map(Value::String).collect(),
    );
    if let Some(c) = v.history.last().and_then(|h| h.comment.clone()) {
        if !c.is_empty() {
            m.insert("Comment".into(), c.into());
        }
    }
    if let Some(t) = v.created.as_deref().and_then(Timestamp::parse_rfc3339) {
        m.insert("Created".into(), t.to_rfc3339_nano().into());
    }
    if let Some(a) = v.author.clone().filter(|a| !a.is_empty()) {
        m.insert("Author".into(), a.into());
    }
    m.insert("Config".into(), typed_config(img, templated));
    m.insert("Architecture".into(), v.architecture.clone().into());
    if let Some(var) = v.variant.as_ref().filter(|s| !s.is_empty()) {
        m.insert("Variant".into(), var.clone().into());
    }
    m.insert("Os".into(), v.os.clone().into());
    let own = target
        .present()
        .find(|(_, c)| c.config == *img.raw_config())
        .map_or(0, |(e, c)| {
            let manifest = if e.descriptor.digest == target.digest() {
                0
            } else {
                c.manifest.len() as u64
            };
            c.size() - c.manifest.len() as u64 + manifest
        });
    m.insert("Size".into(), (target.descriptor().size + own).into());
    let mut rootfs = Map::new();
    rootfs.insert("Type".into(), "layers".into());
    if !img.diff_ids().is_empty() {
        rootfs.insert(
            "Layers".into(),
            img.diff_ids()
                .iter()
                .map(|d| Value::String(d.to_string()))
                .collect(),
        );
    }
    m.insert("RootFS".into(), Value::Object(rootfs));
    let last_tag = img
        .last_tag_time()
        .map(|t| t.to_rfc3339_nano())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    m.insert("Metadata".into(), json!({ "LastTagTime": last_tag }));
    // Each name's record carries its own name annotations (a load's index.json entry).
    let mut descriptor = target.descriptor_json();
    let asked = Reference::parse_normalized(name)
        .ok()
        .map(|r| {
            if r.tag().is_none() && r.digest().is_none() {
                r.with_tag("latest")
            } else {
                r
            }
        })
        .filter(|r| tags.contains(&r));
    if let (Some(r), Some(a)) = (
        asked,
        descriptor
            .get_mut("annotations")
            .and_then(Value::as_object_mut),
    ) {
        if a.contains_key(ANNOTATION_IMAGE_NAME) {
            a.insert(ANNOTATION_IMAGE_NAME.into(), r.to_string().into());
            a.insert(
                ANNOTATION_REF_NAME.into(),
                r.tag().unwrap_or("latest").into(),
            );
        }
    }
    m.insert("Descriptor".into(), descriptor);
    // API 1.53+ (the 29.7.2 CLI asks for 1.55): where it was pulled from.
    let pulls: Vec<Value> = target
        .sources()
        .iter()
        .map(|r| json!({ "Repository": r }))
        .collect();
    let mut identity = Map::new();
    if !pulls.is_empty() {
        identity.insert("Pull".into(), Value::Array(pulls));
    }
    m.insert("Identity".into(), Value::Object(identity));
    match store.parent(&img.id()) {
        Some(parent) => {
            m.insert("Parent".into(), parent.to_string().into());
            sorted(Value::Object(m))
        }
        None => Value::Object(m),
    }
}

/// A value with every object's keys sorted, as Go marshals a map.
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let b: std::collections::BTreeMap<String, Value> =
                m.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(b.into_iter().collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sorted).collect()),
        v => v,
    }
}

/// The image's `config` as `DockerOCIImageConfig` marshals it: the OCI fields in their
/// order, then Docker's, each left out when empty; for a template, the struct's every
/// field, an empty one as its type's zero value (a nil slice prints `[]`, a nil map
/// `map[]`).
fn typed_config(img: &Image, templated: bool) -> Value {
    let zero = |k: &str| match k {
        "User" | "WorkingDir" | "StopSignal" => Value::String(String::new()),
        "ArgsEscaped" => Value::Bool(false),
        "ExposedPorts" | "Volumes" | "Labels" => Value::Object(Map::new()),
        "Healthcheck" => Value::Null,
        _ => Value::Array(Vec::new()),
    };
    let mut m = Map::new();
    let config = img.config().config.as_object();
    for k in ContainerConfig::BUILDKIT_ORDER {
        match config.and_then(|c| c.get(*k)) {
            Some(v) if !crate::image::config::is_empty(v) => {
                m.insert(k.to_string(), v.clone());
            }
            _ if templated => {
                m.insert(k.to_string(), zero(k));
            }
            _ => {}
        }
    }
    Value::Object(m)
}

/// The container documents of the data root (`/var/lib/docker/containers/<id>/`) are
/// taken from `docker inspect`'s JSON.
pub struct Documents<'a> {
    pub store: &'a Store,
    pub containers: &'a Containers,
    pub now: Timestamp,
    pub engine: crate::engine::Engine,
}

impl crate::dataroot::Documents for Documents<'_> {
    fn inspect(&self, c: &Container) -> Value {
        container_json(self.store, self.containers, self.now, self.engine, c)
    }
}

/// A container's `docker inspect` JSON: the parts layerlab has (no networks or host config
/// beyond defaults). With containerd's store (Docker 29, API 1.55) the storage is a
/// snapshot (`Driver` overlayfs, `Storage` instead of `GraphDriver`) and the response
/// names the platform manifest the container runs (moby docker-v29.7.2
/// daemon/inspect.go, api/types/container/container.go `InspectResponse`).
fn container_json(
    store: &Store,
    containers: &Containers,
    now: Timestamp,
    engine: crate::engine::Engine,
    c: &Container,
) -> Value {
    let containerd = engine.containerd_store();
    use crate::containers::State;
    let zero = "0001-01-01T00:00:00Z".to_string();
    let (status, running, code, started, finished) = match c.state {
        State::Created => ("created", false, 0, zero.clone(), zero.clone()),
        State::Running { started } => (
            super::ps::state_name(c),
            true,
            0,
            started.to_rfc3339_nano(),
            zero.clone(),
        ),
        State::Exited {
            code,
            started,
            finished,
        } => (
            "exited",
            false,
            code,
            started.to_rfc3339_nano(),
            finished.to_rfc3339_nano(),
        ),
    };
    let dir = format!("{}/containers/{}", crate::dataroot::names::ROOT, c.id.hex());
    let mut config = import_order(&c.config);
    if let Value::Object(m) = &mut config {
        m.insert("Hostname".into(), c.id.short().into());
        m.insert("Image".into(), c.image_name.clone().into());
    }
    let mut v = json!({
        "Id": c.id.hex(),
        "Created": c.created.to_rfc3339_nano(),
        "Path": c.path,
        "Args": c.args,
        "State": {
            "Status": status, "Running": running, "Paused": c.paused, "Restarting": false,
            "OOMKilled": false, "Dead": false, "Pid": if running { 4242 } else { 0 },
            "ExitCode": code, "Error": "", "StartedAt": started, "FinishedAt": finished
        },
        "Image": c.image.to_string(),
        "ResolvConfPath": format!("{dir}/resolv.conf"),
        "HostnamePath": format!("{dir}/hostname"),
        "HostsPath": format!("{dir}/hosts"),
        "LogPath": format!("{dir}/{}-json.log", c.id.hex()),
        "Name": format!("/{}", c.name),
        "RestartCount": 0,
        "Driver": if containerd { "overlayfs" } else { "overlay2" },
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "",
        "ExecIDs": null,
        "HostConfig": host_config(c),
        "GraphDriver": crate::dataroot::names::container_graph_driver(&c.id, store.image(&c.image)),
        "Mounts": c.mounts.iter().map(super::mounts::mount_point_json).collect::<Vec<_>>(),
        "Config": config,
        "NetworkSettings": network_settings(containers, now, c, containerd)
    });
    if containerd {
        docker29_storage(&mut v, store, c);
    }
    v
}

/// Docker 29's storage fields: `Storage` where `GraphDriver` was, the image's platform
/// manifest at the end, and the config's `OnBuild` left out when empty (`omitempty`).
fn docker29_storage(v: &mut Value, store: &Store, c: &Container) {
    let Value::Object(m) = v else { return };
    let old = std::mem::take(m);
    for (k, val) in old {
        if k == "GraphDriver" {
            m.insert(
                "Storage".into(),
                json!({"RootFS": {"Snapshot": {"Name": "overlayfs"}}}),
            );
            continue;
        }
        m.insert(k, val);
    }
    if let Some(Value::Object(config)) = m.get_mut("Config") {
        if config
            .get("OnBuild")
            .is_some_and(|o| o.is_null() || o == &json!([]))
        {
            config.remove("OnBuild");
        }
    }
    let descriptor = store
        .image(&c.image)
        .and_then(|img| img.target()?.manifest_descriptor_json(img.diff_ids()));
    if let Some(d) = descriptor {
        m.insert("ImageManifestDescriptor".into(), d);
    }
}

fn import_order(c: &Map<String, Value>) -> Value {
    let config = ContainerConfig::moby_empty().overlaid(&ContainerConfig::from_map(c));
    Value::Object(config.to_map(Producer::Moby))
}

/// A container's network settings: while it runs it has an address on its network (the
/// default bridge's also shown at the top level, as Docker does); host and none have none.
/// Docker 29 (API 1.52 and later) keeps only the sandbox, the ports and the networks, and
/// an endpoint's `MacAddress` after its addresses (api/types/container/network_settings.go,
/// api/types/network/endpoint.go at docker-v29.7.2).
fn network_settings(
    containers: &Containers,
    now: Timestamp,
    c: &Container,
    docker29: bool,
) -> Value {
    let running = c.is_running();
    let ports = super::port::network_ports(c);
    let resolved = super::network::resolve(containers, now, &c.network);
    let (name, net_id, octet) = match &resolved {
        Some((name, id, octet)) => (name.clone(), id.hex(), *octet),
        None => (c.network.clone(), String::new(), None),
    };
    let (ip, gateway, mac, prefix, endpoint) = match (running, octet, &resolved) {
        (true, Some(o), Some((_, id, _))) => {
            let ip = super::network::address(containers, &name, o, &c.id);
            let last: u8 = ip
                .rsplit('.')
                .next()
                .and_then(|x| x.parse().ok())
                .unwrap_or(2);
            (
                ip,
                format!("172.{o}.0.1"),
                format!("02:42:ac:{o:02x}:00:{last:02x}"),
                16,
                super::network::endpoint_id(&c.id, id).hex(),
            )
        }
        _ => (
            String::new(),
            String::new(),
            String::new(),
            0,
            String::new(),
        ),
    };
    let default_bridge = name == "bridge";
    let top = |v: &str| {
        if default_bridge {
            v.to_string()
        } else {
            String::new()
        }
    };
    let dns_names = if running && !default_bridge && octet.is_some() {
        json!([c.name, c.id.short()])
    } else {
        Value::Null
    };
    let net_id = if running { net_id } else { String::new() };
    let endpoint_settings = if docker29 {
        json!({
            "IPAMConfig": null, "Links": null, "Aliases": null, "DriverOpts": null,
            "GwPriority": 0, "NetworkID": net_id, "EndpointID": endpoint,
            "Gateway": gateway, "IPAddress": ip, "MacAddress": mac, "IPPrefixLen": prefix,
            "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
            "DNSNames": dns_names
        })
    } else {
        json!({
            "IPAMConfig": null, "Links": null, "Aliases": null, "MacAddress": mac,
            "DriverOpts": null, "GwPriority": 0, "NetworkID": net_id,
            "EndpointID": endpoint,
            "Gateway": gateway, "IPAddress": ip, "IPPrefixLen": prefix, "IPv6Gateway": "",
            "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
            "DNSNames": dns_names
        })
    };
    let mut networks = Map::new();
    networks.insert(name.clone(), endpoint_settings);
    if docker29 {
        return json!({
            "SandboxID": "", "SandboxKey": "", "Ports": ports, "Networks": networks
        });
    }
    json!({
        "Bridge": "", "SandboxID": "", "SandboxKey": "", "Ports": ports,
        "HairpinMode": false, "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0,
        "SecondaryIPAddresses": null, "SecondaryIPv6Addresses": null,
        "EndpointID": top(&endpoint),
        "Gateway": top(&gateway), "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
        "IPAddress": top(&ip), "IPPrefixLen": if default_bridge { prefix } else { 0 },
        "IPv6Gateway": "", "MacAddress": top(&mac),
        "Networks": networks
    })
}

/// The host config of a plain `docker run`: Docker's defaults.
fn host_config(c: &Container) -> Value {
    let binds = if c.binds.is_empty() {
        Value::Null
    } else {
        json!(c.binds)
    };
    let mut hc = json!({
        "Binds": binds, "ContainerIDFile": "",
        "LogConfig": {"Type": "json-file", "Config": {}},
        "NetworkMode": c.network, "PortBindings": super::port::port_bindings(c),
        "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
        "AutoRemove": c.auto_remove, "VolumeDriver": "", "VolumesFrom": null,
        "ConsoleSize": [0, 0], "CapAdd": null, "CapDrop": null, "CgroupnsMode": "private",
        "Dns": [], "DnsOptions": [], "DnsSearch": [], "ExtraHosts": null, "GroupAdd": null,
        "IpcMode": "private", "Cgroup": "", "Links": null, "OomScoreAdj": 0, "PidMode": "",
        "Privileged": false, "PublishAllPorts": c.publish_all, "ReadonlyRootfs": false,
        "SecurityOpt": null, "UTSMode": "", "UsernsMode": "", "ShmSize": 67108864,
        "Runtime": "runc", "Isolation": "", "CpuShares": 0, "Memory": 0, "NanoCpus": 0,
        "CgroupParent": "", "BlkioWeight": 0, "CpuPeriod": 0, "CpuQuota": 0,
        "CpusetCpus": "", "CpusetMems": "", "Devices": [], "MemoryReservation": 0,
        "MemorySwap": 0, "OomKillDisable": null, "PidsLimit": null, "Ulimits": [],
        "MaskedPaths": ["/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"],
        "ReadonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
    });
    // HostConfig.Mounts (omitempty) sits after Isolation, before MaskedPaths, in moby's
    // HostConfig struct; this map keeps insertion order only at the end, so it is added
    // where the struct has it by rebuilding the keys in order.
    if !c.mount_specs.is_empty() {
        if let Value::Object(m) = &mut hc {
            let mut out = serde_json::Map::new();
            for (k, v) in std::mem::take(m) {
                if k == "MaskedPaths" {
                    out.insert("Mounts".into(), json!(c.mount_specs));
                }
                out.insert(k, v);
            }
            *m = out;
        }
    }
    hc
}
