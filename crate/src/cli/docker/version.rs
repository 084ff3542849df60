//! `docker version` and `docker info` (`docker system info`): docker/cli v28.2.2's
//! cli/command/system/version.go template and info.go printer, with the values of the
//! Docker 28.2.2 CLI this project was checked against and a daemon of the same release.
//! Values no simulator can know (the kernel, the host's memory and CPUs, component commits,
//! the engine's ID) are fixed, plausible and layerlab's own.

use super::{check_args, parse_flags, Args, Usage};
use crate::cli::flags::value;
use crate::cli::Ctx;
use crate::go::template::{Missing, Template};
use serde_json::{json, Value};

pub const USAGE_VERSION: Usage = Usage {
    command: "docker version",
    synopsis: "docker version [OPTIONS]",
    summary: "Show the Docker version information",
    aliases: "",
    options: FORMAT_OPTION,
};

pub const USAGE_INFO: Usage = Usage {
    command: "docker info",
    synopsis: "docker info [OPTIONS]",
    summary: "Display system-wide information",
    aliases: "docker system info, docker info",
    options: FORMAT_OPTION,
};

pub const USAGE_SYSTEM_INFO: Usage = Usage {
    command: "docker system info",
    synopsis: "docker system info [OPTIONS]",
    ..USAGE_INFO
};

const FORMAT_OPTION: &str = "  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n";

/// What `docker version` and `docker info` say of a release: its versions, commits and
/// build times. Docker 28.2.2's are its own; Docker 29.7.2's versions and commits are the
/// tags' (docker/cli v29.7.2 a7dcaa6, moby docker-v29.7.2 6a43e3d and its Dockerfile's
/// Go 1.26.5, containerd v2.3.3 and runc v1.4.3, API 1.55 with minimum 1.40), its build
/// times layerlab's own choice (the tags' commit times).
struct Release {
    version: &'static str,
    api: &'static str,
    min_api: &'static str,
    go: &'static str,
    client_commit: &'static str,
    client_built: &'static str,
    engine_commit: &'static str,
    engine_built: &'static str,
    engine_built_rfc3339: &'static str,
    containerd: (&'static str, &'static str),
    runc: (&'static str, &'static str),
    storage_driver: &'static str,
    /// The storage driver's status lines (`docker info`).
    driver_status: &'static [(&'static str, &'static str)],
}

const DOCKER28: Release = Release {
    version: "28.2.2",
    api: "1.50",
    min_api: "1.24",
    go: "go1.24.3",
    client_commit: "e6534b4",
    client_built: "Fri May 30 12:07:14 2025",
    // moby v28.2.2's tag commit; the build time is the CLI's plus the minutes a release
    // build takes.
    engine_commit: "45873be",
    engine_built: "Fri May 30 12:07:26 2025",
    engine_built_rfc3339: "2025-05-30T12:07:26.000000000+00:00",
    containerd: ("1.7.27", "05044ec0a9a75232cad458027ca83437aae3f4da"),
    runc: ("1.2.5", "v1.2.5-0-g59923ef"),
    storage_driver: "overlay2",
    driver_status: &[
        ("Backing Filesystem", "extfs"),
        ("Supports d_type", "true"),
        ("Using metacopy", "false"),
        ("Native Overlay Diff", "true"),
        ("userxattr", "false"),
    ],
};

const DOCKER29: Release = Release {
    version: "29.7.2",
    api: "1.55",
    min_api: "1.40",
    go: "go1.26.5",
    client_commit: "a7dcaa6",
    client_built: "Wed Aug  5 17:34:15 2026",
    engine_commit: "6a43e3d",
    engine_built: "Wed Aug  5 18:24:27 2026",
    engine_built_rfc3339: "2026-08-05T18:24:27.000000000+00:00",
    containerd: ("v2.3.3", "aad11006b869517fcd3009450b6f82da282e1a9b"),
    runc: ("1.4.3", "v1.4.3-0-gbb14dab"),
    // containerd's store: the snapshotter (moby v29.7.2 daemon/containerd/service.go
    // StorageDriver, LayerStoreStatus).
    storage_driver: "overlayfs",
    driver_status: &[("driver-type", "io.containerd.snapshotter.v1")],
};

fn release(cx: &Ctx) -> &'static Release {
    match cx.engine {
        crate::engine::Engine::Docker28 => &DOCKER28,
        crate::engine::Engine::Docker29 => &DOCKER29,
    }
}

/// `key:` padded as docker/cli's tabwriter (minimum width 20, padding 1) pads it.
fn row(key: &str, value: &str) -> String {
    let width = (key.len() + 1).max(20);
    format!("{key:<width$}{value}\n")
}

/// The JSON docker/cli prints for `-f json`: the Go field `APIVersion` is `ApiVersion`.
fn go_to_json(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let k = if k == "APIVersion" { "ApiVersion" } else { k };
                    (k.to_string(), go_to_json(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(go_to_json).collect()),
        other => other.clone(),
    }
}

/// The typed values `docker version`'s templates see (Go field names).
fn version_json(r: &Release) -> Value {
    json!({
        "Client": {
            "Version": r.version,
            "APIVersion": r.api,
            "DefaultAPIVersion": r.api,
            "GitCommit": r.client_commit,
            "GoVersion": r.go,
            "Os": "linux",
            "Arch": "amd64",
            "BuildTime": r.client_built,
            "Context": "default"
        },
        "Server": {
            "Platform": {"Name": ""},
            "Components": [
                {"Name": "Engine", "Version": r.version, "Details": {
                    "ApiVersion": r.api, "Arch": "amd64", "BuildTime": r.engine_built,
                    "Experimental": "false", "GitCommit": r.engine_commit, "GoVersion": r.go,
                    "KernelVersion": KERNEL, "MinAPIVersion": r.min_api, "Os": "linux"}},
                {"Name": "containerd", "Version": r.containerd.0, "Details": {"GitCommit": r.containerd.1}},
                {"Name": "runc", "Version": r.runc.0, "Details": {"GitCommit": r.runc.1}},
                {"Name": "docker-init", "Version": "0.19.0", "Details": {"GitCommit": INIT_COMMIT}}
            ],
            "Version": r.version,
            "APIVersion": r.api,
            "MinAPIVersion": r.min_api,
            "GitCommit": r.engine_commit,
            "GoVersion": r.go,
            "Os": "linux",
            "Arch": "amd64",
            "KernelVersion": KERNEL,
            "BuildTime": r.engine_built_rfc3339
        }
    })
}

const KERNEL: &str = "6.8.0-60-generic";
const INIT_COMMIT: &str = "de40ad0";

/// Runs a `--format` template on `data` (docker/cli's templates; `json` prints the value).
fn formatted(cx: &mut Ctx, format: &str, data: &Value) -> i32 {
    if format == "json" {
        cx.io.out(&format!(
            "{}\n",
            crate::go::json::to_string(&go_to_json(data), true)
        ));
        return 0;
    }
    let source = format.replace("\\t", "\t").replace("\\n", "\n");
    let result = Template::parse(&source).and_then(|t| t.execute(data, Missing::MapError));
    match result {
        Ok(text) => {
            cx.io.out(&format!("{text}\n"));
            0
        }
        Err(e) => {
            cx.io
                .err(&format!("{}\n", super::formatting::FormatError(e)));
            1
        }
    }
}

/// `docker version`.
pub fn version(cx: &mut Ctx, args: &[String]) -> i32 {
    let usage = &USAGE_VERSION;
    let p = match parse_flags(cx, usage, args, &[value(Some('f'), "format")]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, usage, &p, Args::None) {
        return code;
    }
    if let Some(f) = p.value("format").filter(|f| !f.is_empty()) {
        return formatted(cx, f, &version_json(release(cx)));
    }
    let r = release(cx);
    let server_api = format!("{} (minimum version {})", r.api, r.min_api);
    let mut s = String::from("Client:\n");
    for (k, v) in [
        (" Version:", r.version),
        (" API version:", r.api),
        (" Go version:", r.go),
        (" Git commit:", r.client_commit),
        (" Built:", r.client_built),
        (" OS/Arch:", "linux/amd64"),
        (" Context:", "default"),
    ] {
        s.push_str(&row(k, v));
    }
    s.push_str("\nServer:\n Engine:\n");
    for (k, v) in [
        ("  Version:", r.version),
        ("  API version:", server_api.as_str()),
        ("  Go version:", r.go),
        ("  Git commit:", r.engine_commit),
        ("  Built:", r.engine_built),
        ("  OS/Arch:", "linux/amd64"),
        ("  Experimental:", "false"),
    ] {
        s.push_str(&row(k, v));
    }
    for (name, version, commit) in [
        ("containerd", r.containerd.0, r.containerd.1),
        ("runc", r.runc.0, r.runc.1),
        ("docker-init", "0.19.0", INIT_COMMIT),
    ] {
        s.push_str(&format!(" {name}:\n"));
        s.push_str(&row("  Version:", version));
        s.push_str(&row("  GitCommit:", commit));
    }
    cx.io.out(&s);
    0
}

/// The session's counts: containers (running, paused, stopped) and images.
struct Counts {
    containers: usize,
    running: usize,
    paused: usize,
    stopped: usize,
    images: usize,
}

fn counts(cx: &Ctx) -> Counts {
    let all: Vec<_> = cx.containers.iter().collect();
    let paused = all.iter().filter(|c| c.is_running() && c.paused).count();
    let running = all.iter().filter(|c| c.is_running()).count() - paused;
    Counts {
        containers: all.len(),
        running,
        paused,
        stopped: all.len() - running - paused,
        images: cx.store.images().count(),
    }
}

/// The engine's ID: layerlab's own fixed UUID.
const ENGINE_ID: &str = "5f0c7a3e-2b9d-4c61-8e47-1a2b3c4d5e6f";

/// `docker info` / `docker system info`.
pub fn info(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, &[value(Some('f'), "format")]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, usage, &p, Args::None) {
        return code;
    }
    let n = counts(cx);
    let r = release(cx);
    if let Some(f) = p.value("format").filter(|f| !f.is_empty()) {
        let data = json!({
            "ID": ENGINE_ID,
            "Containers": n.containers,
            "ContainersRunning": n.running,
            "ContainersPaused": n.paused,
            "ContainersStopped": n.stopped,
            "Images": n.images,
            "Driver": r.storage_driver,
            "DriverStatus": r.driver_status.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
            "DockerRootDir": "/var/lib/docker",
            "LoggingDriver": "json-file",
            "CgroupDriver": "systemd",
            "CgroupVersion": "2",
            "KernelVersion": KERNEL,
            "OperatingSystem": "Ubuntu 24.04.2 LTS",
            "OSType": "linux",
            "Architecture": "x86_64",
            "NCPU": 2,
            "MemTotal": 8322240512u64,
            "Name": "layerlab",
            "ServerVersion": r.version,
            "DefaultRuntime": "runc",
            "LiveRestoreEnabled": false,
            "ExperimentalBuild": false,
            "ClientInfo": {"Debug": false, "Context": "default", "Version": r.version}
        });
        return formatted(cx, f, &data);
    }
    let s = format!(
        "Client:
 Version:    {version}
 Context:    default
 Debug Mode: false

Server:
 Containers: {}
  Running: {}
  Paused: {}
  Stopped: {}
 Images: {}
 Server Version: {version}
 Storage Driver: {driver}
{driver_status} Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: {containerd}
 runc version: {runc}
 init version: {INIT_COMMIT}
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: {KERNEL}
 Operating System: Ubuntu 24.04.2 LTS
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 7.751GiB
 Name: layerlab
 ID: {ENGINE_ID}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false

",
        n.containers,
        n.running,
        n.paused,
        n.stopped,
        n.images,
        version = r.version,
        driver = r.storage_driver,
        driver_status = r
            .driver_status
            .iter()
            .map(|(k, v)| format!("  {k}: {v}\n"))
            .collect::<String>(),
        containerd = r.containerd.1,
        runc = r.runc.1,
    );
    cx.io.out(&s);
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_pad_as_the_tabwriter_does() {
        assert_eq!(
            super::row(" Version:", "28.2.2"),
            " Version:           28.2.2\n"
        );
        assert_eq!(
            super::row("  Experimental:", "false"),
            "  Experimental:     false\n"
        );
    }
}
