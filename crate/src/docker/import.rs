//! `docker import`: one layer from a flat tar (plain, gzip or zstd), with a config built
//! from `--change` instructions, as moby's daemon/images/image_import.go writes it.

use super::{parse_flags, Usage};
use crate::archive::tarindex::TarIndex;
use crate::digest::Digest;
use crate::image::Image;
use crate::reference::Reference;
use crate::shell::flags::{value, Spec};
use crate::shell::Ctx;
use crate::store::Layer;
use bytes::Bytes;
use serde_json::{json, Map, Value};

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
    let v = json!({
        "Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": false,
        "AttachStderr": false, "Tty": false, "OpenStdin": false, "StdinOnce": false, "Env": null,
        "Cmd": null, "Image": "", "Volumes": null, "WorkingDir": "", "Entrypoint": null,
        "OnBuild": null, "Labels": null
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Orders a container config's keys as Go's container.Config struct does.
pub fn ordered_container_config(c: &Map<String, Value>) -> Value {
    const ORDER: &[&str] = &[
        "Hostname",
        "Domainname",
        "User",
        "AttachStdin",
        "AttachStdout",
        "AttachStderr",
        "ExposedPorts",
        "Tty",
        "OpenStdin",
        "StdinOnce",
        "Env",
        "Cmd",
        "Healthcheck",
        "ArgsEscaped",
        "Image",
        "Volumes",
        "WorkingDir",
        "Entrypoint",
        "NetworkDisabled",
        "MacAddress",
        "OnBuild",
        "Labels",
        "StopSignal",
        "StopTimeout",
        "Shell",
    ];
    let mut m = Map::new();
    for k in ORDER {
        if let Some(v) = c.get(*k) {
            m.insert(k.to_string(), v.clone());
        }
    }
    Value::Object(m)
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::AtLeast(1))
        .and_then(|_| super::check_args(cx, usage, &p, super::Args::AtMost(2)))
    {
        return code;
    }
    let reference = match p.args.get(1) {
        None => None,
        Some(r) => match Reference::parse_normalized(r) {
            Ok(r) if r.digest().is_some() => {
                cx.io
                    .err("Error response from daemon: cannot import digest reference\n");
                return 1;
            }
            Ok(r) => Some(if r.tag().is_none() {
                r.with_tag("latest")
            } else {
                r
            }),
            Err(e) => {
                // The client checks the reference before sending anything.
                cx.io.err(&format!("{e}\n"));
                return 1;
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
        return 1;
    } else {
        match cx.host.read(source) {
            Ok(b) => b,
            Err(e) => {
                cx.io
                    .err(&format!("open {source}: {}\n", e.reason().to_lowercase()));
                return 1;
            }
        }
    };
    let mut config = empty_container_config();
    if let Err(e) = crate::changes::apply(&mut config, p.values("change")) {
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        return 1;
    }
    let tar = match crate::compress::decompress_all(data, "import", crate::archive::MAX_ARCHIVE) {
        Ok(t) => t,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
    };
    if let Err(e) = TarIndex::build(&tar) {
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        return 1;
    }
    let diff_id = Digest::of(&tar);
    // The CLI streams a file as the request body, so the daemon names the source "-".
    let message = p
        .value("message")
        .map(str::to_string)
        .unwrap_or_else(|| "Imported from -".to_string());
    let created = cx.now.to_rfc3339_nano();
    let config_json = import_config(&config, &created, &message, &diff_id);
    let image = match Image::from_config(Bytes::from(config_json), "import") {
        Ok(i) => i,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
    };
    let size = tar.len() as u64;
    let mut sizer = crate::archive::DiffSize::new();
    sizer.feed(&tar);
    cx.store.add_layer(Layer {
        content_size: sizer.total(),
        diff_id,
        blob: Bytes::from(tar),
        compression: crate::compress::Compression::None,
        blob_digest: diff_id,
        size,
    });
    let id = image.id;
    cx.store.add_image(image);
    if let Some(r) = reference {
        cx.store.tag(r, id, cx.now);
    }
    cx.io.out(&format!("{id}\n"));
    0
}

/// The config JSON bytes as moby writes them: `Image.MarshalJSON` goes through a map, so
/// the top-level keys are sorted; nested objects keep Go's struct order.
fn import_config(
    config: &Map<String, Value>,
    created: &str,
    message: &str,
    diff_id: &Digest,
) -> Vec<u8> {
    let mut m = std::collections::BTreeMap::new();
    if !message.is_empty() {
        m.insert("comment", Value::from(message));
    }
    m.insert("created", created.into());
    m.insert(
        "container_config",
        ordered_container_config(&empty_container_config()),
    );
    m.insert("docker_version", DOCKER_VERSION.into());
    m.insert("config", ordered_container_config(config));
    m.insert("architecture", "amd64".into());
    m.insert("os", "linux".into());
    m.insert(
        "rootfs",
        json!({"type": "layers", "diff_ids": [diff_id.to_string()]}),
    );
    let mut h = Map::new();
    h.insert("created".into(), created.into());
    if !message.is_empty() {
        h.insert("comment".into(), message.into());
    }
    m.insert("history", Value::Array(vec![Value::Object(h)]));
    let obj: Map<String, Value> = m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    crate::format::escape_html(&Value::Object(obj).to_string()).into_bytes()
}
