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

/// The client's values, as `docker version` of Docker 28.2.2 prints them.
const CLIENT_VERSION: &str = "28.2.2";
const API_VERSION: &str = "1.50";
const GO_VERSION: &str = "go1.24.3";
/// moby v28.2.2's tag commit, and the server's Go version and build time (layerlab's own
/// choice of a time: the CLI's build time plus the minutes a release build takes).
const ENGINE_COMMIT: &str = "45873be";
const ENGINE_BUILT: &str = "Fri May 30 12:07:26 2025";

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
fn version_json() -> Value {
    json!({
        "Client": {
            "Version": CLIENT_VERSION,
            "APIVersion": API_VERSION,
            "DefaultAPIVersion": API_VERSION,
            "GitCommit": "e6534b4",
            "GoVersion": GO_VERSION,
            "Os": "linux",
            "Arch": "amd64",
            "BuildTime": "Fri May 30 12:07:14 2025",
            "Context": "default"
        },
        "Server": {
            "Platform": {"Name": ""},
            "Components": [
                {"Name": "Engine", "Version": CLIENT_VERSION, "Details": {
                    "ApiVersion": API_VERSION, "Arch": "amd64", "BuildTime": ENGINE_BUILT,
                    "Experimental": "false", "GitCommit": ENGINE_COMMIT, "GoVersion": GO_VERSION,
                    "KernelVersion": KERNEL, "MinAPIVersion": "1.24", "Os": "linux"}},
                {"Name": "containerd", "Version": "1.7.27", "Details": {"GitCommit": CONTAINERD_COMMIT}},
                {"Name": "runc", "Version": "1.2.5", "Details": {"GitCommit": RUNC_COMMIT}},
                {"Name": "docker-init", "Version": "0.19.0", "Details": {"GitCommit": INIT_COMMIT}}
            ],
            "Version": CLIENT_VERSION,
            "APIVersion": API_VERSION,
            "MinAPIVersion": "1.24",
            "GitCommit": ENGINE_COMMIT,
            "GoVersion": GO_VERSION,
            "Os": "linux",
            "Arch": "amd64",
            "KernelVersion": KERNEL,
            "BuildTime": "2025-05-30T12:07:26.000000000+00:00"
        }
    })
}

const KERNEL: &str = "6.8.0-60-generic";
const CONTAINERD_COMMIT: &str = "05044ec0a9a75232cad458027ca83437aae3f4da";
const RUNC_COMMIT: &str = "v1.2.5-0-g59923ef";
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
        return formatted(cx, f, &version_json());
    }
    let mut s = String::from("Client:\n");
    for (k, v) in [
        (" Version:", CLIENT_VERSION),
        (" API version:", API_VERSION),
        (" Go version:", GO_VERSION),
        (" Git commit:", "e6534b4"),
        (" Built:", "Fri May 30 12:07:14 2025"),
        (" OS/Arch:", "linux/amd64"),
        (" Context:", "default"),
    ] {
        s.push_str(&row(k, v));
    }
    s.push_str("\nServer:\n Engine:\n");
    for (k, v) in [
        ("  Version:", CLIENT_VERSION),
        ("  API version:", "1.50 (minimum version 1.24)"),
        ("  Go version:", GO_VERSION),
        ("  Git commit:", ENGINE_COMMIT),
        ("  Built:", ENGINE_BUILT),
        ("  OS/Arch:", "linux/amd64"),
        ("  Experimental:", "false"),
    ] {
        s.push_str(&row(k, v));
    }
    for (name, version, commit) in [
        ("containerd", "1.7.27", CONTAINERD_COMMIT),
        ("runc", "1.2.5", RUNC_COMMIT),
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
    if let Some(f) = p.value("format").filter(|f| !f.is_empty()) {
        let data = json!({
            "ID": ENGINE_ID,
            "Containers": n.containers,
            "ContainersRunning": n.running,
            "ContainersPaused": n.paused,
            "ContainersStopped": n.stopped,
            "Images": n.images,
            "Driver": "overlay2",
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
            "ServerVersion": CLIENT_VERSION,
            "DefaultRuntime": "runc",
            "LiveRestoreEnabled": false,
            "ExperimentalBuild": false,
            "ClientInfo": {"Debug": false, "Context": "default", "Version": CLIENT_VERSION}
        });
        return formatted(cx, f, &data);
    }
    let s = format!(
        "Client:
 Version:    {CLIENT_VERSION}
 Context:    default
 Debug Mode: false

Server:
 Containers: {}
  Running: {}
  Paused: {}
  Stopped: {}
 Images: {}
 Server Version: {CLIENT_VERSION}
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
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
 containerd version: {CONTAINERD_COMMIT}
 runc version: {RUNC_COMMIT}
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
        n.containers, n.running, n.paused, n.stopped, n.images
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
