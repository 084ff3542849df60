//! `docker create`, `docker run`, `docker start`, `docker restart`, `docker exec`: making
//! containers and running their commands. Nothing native runs in a browser: a command that
//! the built-in shell knows (`sh -c`, `echo`, `ls`, `cat`, `mkdir`, ...) runs against the
//! container's copy-on-write filesystem; any other program from the image is not executed,
//! and the container stays up as a server's would.

use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{Ctx, Exec};
use crate::container::process::{self, Main};
use crate::container::{sh, Rootfs, Runtime};
use crate::containers::{Container, State};
use crate::reference::Reference;
use serde_json::{Map, Value};

pub const USAGE_RUN: Usage = Usage {
    command: "docker run",
    synopsis: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    summary: "Create and run a new container from an image",
    aliases: "docker container run, docker run",
    options: "  -d, --detach                       Run container in background and print container ID\n      --entrypoint string            Overwrite the default ENTRYPOINT of the image\n  -e, --env list                     Set environment variables\n  -i, --interactive                  Keep STDIN open even if not attached\n      --name string                  Assign a name to the container\n  -p, --publish list                 Publish a container's port(s) to the host\n      --rm                           Automatically remove the container and its associated anonymous volumes when it exits\n  -t, --tty                          Allocate a pseudo-TTY\n  -u, --user string                  Username or UID (format: <name|uid>[:<group|gid>])\n  -w, --workdir string               Working directory inside the container\n",
};

pub const USAGE_CREATE: Usage = Usage {
    command: "docker create",
    synopsis: "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    summary: "Create a new container",
    aliases: "docker container create, docker create",
    ..USAGE_RUN
};

pub const USAGE_START: Usage = Usage {
    command: "docker start",
    synopsis: "docker start [OPTIONS] CONTAINER [CONTAINER...]",
    summary: "Start one or more stopped containers",
    aliases: "docker container start, docker start",
    options: "  -a, --attach               Attach STDOUT/STDERR and forward signals\n  -i, --interactive          Attach container's STDIN\n",
};

pub const USAGE_RESTART: Usage = Usage {
    command: "docker restart",
    synopsis: "docker restart [OPTIONS] CONTAINER [CONTAINER...]",
    summary: "Restart one or more containers",
    aliases: "docker container restart, docker restart",
    options: "  -s, --signal string   Signal to send to the container\n  -t, --timeout int     Seconds to wait before killing the container\n",
};

pub const USAGE_EXEC: Usage = Usage {
    command: "docker exec",
    synopsis: "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
    summary: "Execute a command in a running container",
    aliases: "docker container exec, docker exec",
    options: "  -d, --detach               Detached mode: run command in the background\n  -e, --env list             Set environment variables\n  -i, --interactive          Keep STDIN open even if not attached\n  -t, --tty                  Allocate a pseudo-TTY\n  -u, --user string          Username or UID (format: \"<name|uid>[:<group|gid>]\")\n  -w, --workdir string       Working directory inside the container\n",
};

const RUN_SPECS: &[Spec] = &[
    flag(Some('d'), "detach"),
    flag(Some('i'), "interactive"),
    flag(Some('t'), "tty"),
    flag(None, "rm"),
    value(None, "name"),
    value(Some('e'), "env"),
    value(Some('w'), "workdir"),
    value(None, "entrypoint"),
    value(Some('u'), "user"),
    value(Some('p'), "publish"),
    flag(Some('P'), "publish-all"),
    value(None, "network"),
    value(None, "net"),
    value(None, "hostname"),
    value(None, "platform"),
    value(Some('v'), "volume"),
    value(None, "mount"),
];

/// `docker run` and `docker create` stop reading flags at the image name.
fn split_at_image(args: &[String]) -> (Vec<String>, Vec<String>) {
    let takes_value = |a: &str| {
        RUN_SPECS.iter().any(|s| {
            s.kind == crate::cli::flags::Kind::Value
                && (a == format!("--{}", s.long) || s.short.is_some_and(|c| a == format!("-{c}")))
        })
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            return (args[..i].to_vec(), args[i + 1..].to_vec());
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        i += if takes_value(a) { 2 } else { 1 };
    }
    let i = i.min(args.len());
    (args[..i].to_vec(), args[i..].to_vec())
}

/// Makes a container from flags and `IMAGE [COMMAND...]`. Returns its index.
/// A daemon error from creating a container, as docker/cli prints it: `docker run` wraps it
/// with toStatusError (`docker: ...` and the --help hint, status 125); `docker create`
/// returns it as is (status 1).
fn daemon_error(cx: &mut Ctx, run: bool, msg: &str) -> i32 {
    if run {
        cx.io.err(&format!(
            "docker: Error response from daemon: {msg}\n\nRun 'docker run --help' for more information\n"
        ));
        125
    } else {
        cx.io.err(&format!("Error response from daemon: {msg}\n"));
        1
    }
}

fn create(
    cx: &mut Ctx,
    usage: &Usage,
    args: &[String],
    pull_if_missing: bool,
) -> Result<(usize, bool, bool), i32> {
    let (flag_args, rest) = split_at_image(args);
    let p = parse_flags(cx, usage, &flag_args, RUN_SPECS)?;
    let Some(image_name) = rest.first() else {
        return super::check_args(cx, usage, &p, super::Args::AtLeast(1))
            .map(|_| (0, false, false));
    };
    let command: Vec<String> = rest[1..].to_vec();
    // -v and --mount: docker/cli's errors first, the daemon's after the image is found.
    let mut requests = Vec::new();
    let mut daemon_refusal = None;
    let specs = p
        .values("volume")
        .iter()
        .map(|v| super::mounts::parse_volume(v))
        .chain(
            p.values("mount")
                .iter()
                .map(|m| super::mounts::parse_mount(m)),
        );
    for r in specs {
        match r {
            Ok(r) => requests.push(r),
            Err(super::mounts::SpecError::Cli(e)) => {
                cx.io.err(&format!(
                    "docker: {e}\n\nRun '{} --help' for more information\n",
                    usage.command
                ));
                return Err(125);
            }
            Err(super::mounts::SpecError::Flag(e)) => {
                cx.io.err(&format!("{e}\n{}", usage.footer("Run")));
                return Err(125);
            }
            Err(super::mounts::SpecError::Daemon(e)) => {
                daemon_refusal.get_or_insert(e);
            }
        }
    }
    let mut port_bindings = Vec::new();
    for spec in p.values("publish") {
        match super::port::parse_publish(spec) {
            Ok(mut v) => port_bindings.append(&mut v),
            Err(e) => {
                cx.io.err(&format!(
                    "docker: {e}\n\nRun '{} --help' for more information\n",
                    usage.command
                ));
                return Err(125);
            }
        }
    }
    let network = p
        .value("network")
        .or(p.value("net"))
        .unwrap_or("bridge")
        .to_string();
    if let Some(n) = p.value("name") {
        if cx.containers.by_name(n).is_some() {
            let id = cx
                .containers
                .by_name(n)
                .map(|c| c.id.hex())
                .unwrap_or_default();
            return Err(daemon_error(cx, pull_if_missing, &format!(
                "Conflict. The container name \"/{n}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."
            )));
        }
        if !crate::containers::valid_name(n) {
            return Err(daemon_error(
                cx,
                pull_if_missing,
                &format!(
                    "Invalid container name ({n}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed."
                ),
            ));
        }
    }
    let mut image = cx.store.lookup(image_name);
    if image.is_none() && pull_if_missing {
        image = pull_for_run(cx, image_name)?;
    }
    let Some(image) = image else {
        cx.io.err(&format!(
            "Unable to find image '{}' locally\ndocker: Error response from daemon: No such image: {}.\n\nRun 'docker {} --help' for more information\n",
            super::with_latest(image_name),
            super::with_latest(image_name),
            if pull_if_missing { "run" } else { "create" }
        ));
        return Err(125);
    };
    let img = cx.store.image(&image).cloned().ok_or(125)?;
    let mut config: Map<String, Value> = match &img.config().config {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    // --entrypoint replaces the image's and drops its CMD; a command replaces CMD.
    if let Some(ep) = p.value("entrypoint") {
        config.insert(
            "Entrypoint".into(),
            if ep.is_empty() {
                Value::Null
            } else {
                Value::Array(vec![Value::String(ep.into())])
            },
        );
        config.insert("Cmd".into(), Value::Null);
    }
    if !command.is_empty() {
        config.insert(
            "Cmd".into(),
            Value::Array(command.iter().cloned().map(Value::String).collect()),
        );
    }
    let mut env: Vec<(String, String)> = config
        .get("Env")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .filter_map(|s| s.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default();
    for e in p.values("env") {
        let (k, v) = match e.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (e.clone(), String::new()),
        };
        env.retain(|(ek, _)| *ek != k);
        env.push((k, v));
    }
    config.insert(
        "Env".into(),
        Value::Array(
            env.iter()
                .map(|(k, v)| Value::String(format!("{k}={v}")))
                .collect(),
        ),
    );
    if let Some(w) = p.value("workdir") {
        config.insert("WorkingDir".into(), Value::String(w.into()));
    }
    if let Some(u) = p.value("user") {
        config.insert("User".into(), Value::String(u.into()));
    }
    // `-v /path` (no source) goes to Config.Volumes, as the image's VOLUMEs are.
    for r in requests
        .iter()
        .filter(|r| r.source.is_empty() && !r.mount_flag)
    {
        let mut vols = config
            .get("Volumes")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        vols.entry(r.target.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        config.insert("Volumes".into(), Value::Object(vols));
    }
    let requests: Vec<_> = requests
        .into_iter()
        .filter(|r| !r.source.is_empty() || r.mount_flag)
        .collect();
    let image_volumes: Vec<String> = config
        .get("Volumes")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    // docker/cli adds each published port to ExposedPorts.
    if !port_bindings.is_empty() {
        let mut exposed = config
            .get("ExposedPorts")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for b in &port_bindings {
            exposed
                .entry(b.key())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        config.insert("ExposedPorts".into(), Value::Object(exposed));
    }
    let strings = |k: &str| crate::image::strings(config.get(k));
    let argv: Vec<String> = strings("Entrypoint")
        .into_iter()
        .chain(strings("Cmd"))
        .collect();
    if argv.is_empty() {
        return Err(daemon_error(cx, pull_if_missing, "no command specified"));
    }
    if let Some(e) = daemon_refusal {
        return Err(daemon_error(cx, pull_if_missing, &e));
    }
    let view = match cx
        .store
        .image(&image)
        .ok_or_else(|| crate::error::Error::ImageNotFound {
            reference: image.to_string(),
        })
        .and_then(|img| cx.snapshots.image_union(cx.store, img, usize::MAX))
    {
        Ok(v) => v,
        Err(e) => {
            cx.io
                .err(&format!("docker: Error response from daemon: {e}\n"));
            return Err(125);
        }
    };
    let id = cx.containers.next_id(&image, cx.now);
    let name = p
        .value("name")
        .map(str::to_string)
        .unwrap_or_else(|| cx.containers.generate_name(&id));
    let now_secs = cx.now.unix_seconds().max(0) as u64;
    let mut rootfs = Rootfs::new(view, now_secs);
    rootfs.set_memory(cx.memory);
    if let Some(w) = config
        .get("WorkingDir")
        .and_then(Value::as_str)
        .filter(|w| !w.is_empty())
    {
        let _ = rootfs.mkdir_all(w, 0o755, now_secs);
    }
    let attached = match super::mounts::attach(cx, &mut rootfs, &requests, &image_volumes) {
        Ok(a) => a,
        Err(e) => return Err(daemon_error(cx, pull_if_missing, &e.0)),
    };
    // containerd's snapshotter (Docker 29): the init layer's snapshot, then the
    // container's own (moby daemon/containerd/image_snapshot.go `createLayer`).
    cx.store.prepare_snapshot(format!("{}-init", id.hex()));
    cx.store.prepare_snapshot(id.hex());
    let index = cx.containers.add(Container {
        id,
        name,
        image,
        image_name: image_name.clone(),
        created: cx.now,
        path: argv[0].clone(),
        args: argv[1..].to_vec(),
        config,
        state: State::Created,
        auto_remove: p.on("rm"),
        rootfs,
        env,
        paused: false,
        port_bindings,
        publish_all: p.on("publish-all"),
        network,
        bound: Vec::new(),
        tty: p.on("tty"),
        open_stdin: p.on("interactive"),
        main: Main::None,
        logs: Vec::new(),
        mounts: attached.mounts,
        binds: attached.binds,
        mount_specs: attached.specs,
    });
    if p.value("platform").is_none() {
        if let Some(w) = platform_warning(&img) {
            cx.io.err(&format!("WARNING: {w}\n"));
        }
    }
    Ok((index, p.on("detach"), p.on("tty") || p.on("interactive")))
}

/// The simulated host's platform, as moby's `maximumSpec` reports an x86-64-v3 machine.
const HOST_PLATFORM: &str = "linux/amd64/v3";

/// moby's warning (v28.2.2 daemon/create.go) when an image's platform is not one the host
/// runs natively (containerd's `OnlyPlatformWithFallback`: amd64 up to its variant, and 386)
/// and `--platform` did not ask for it.
fn platform_warning(img: &crate::image::Image) -> Option<String> {
    let c = img.config();
    let variant = c.variant.as_deref().unwrap_or("");
    let runs = c.os == "linux"
        && (c.architecture == "386"
            || c.architecture == "amd64" && matches!(variant, "" | "v1" | "v2" | "v3"));
    if runs {
        return None;
    }
    let image = c.platform();
    Some(format!(
        "The requested image's platform ({image}) does not match the detected host platform ({HOST_PLATFORM}) and no specific platform was requested"
    ))
}

/// `docker run` pulls a missing image first, printing to stderr as Docker does.
fn pull_for_run(cx: &mut Ctx, name: &str) -> Result<Option<crate::digest::Digest>, i32> {
    let Ok(r) = Reference::parse_normalized(name) else {
        cx.io.err(
            "docker: invalid reference format.\n\nRun 'docker run --help' for more information\n",
        );
        return Err(125);
    };
    cx.io.err(&format!(
        "Unable to find image '{}' locally\n",
        super::with_latest(name)
    ));
    // `docker run` shows the pull on stderr, without pull's first and last lines.
    let (code, out, err) = super::pull::pull_aside(cx, &r);
    let full = r.with_tag(r.tag().unwrap_or("latest")).to_string();
    for line in out
        .lines()
        .filter(|l| *l != "Using default tag: latest" && *l != full)
    {
        cx.io.err(&format!("{line}\n"));
    }
    if code != 0 {
        let err = err.trim_end();
        cx.io.err(&format!(
            "docker: {err}\n\nRun 'docker run --help' for more information\n"
        ));
        return Err(125);
    }
    Ok(cx.store.lookup(name))
}

/// Starts a container's main command: a program the built-in shell knows runs now and the
/// container exits with its status; a program from the image that layerlab cannot run
/// leaves the container up, as a server's would; a missing one fails as runc does.
fn start_main(cx: &mut Ctx, index: usize, attach: bool, from_run: bool) -> i32 {
    let now = cx.now;
    let now_secs = now.unix_seconds().max(0) as u64;
    let network = cx
        .containers
        .get(index)
        .map(|c| c.network.clone())
        .unwrap_or_default();
    if super::network::resolve(cx.containers, cx.now, &network).is_none() {
        // moby daemon/container_operations.go errSetupNetworking and FindNetwork's error.
        let msg = format!("failed to set up container networking: network {network} not found");
        if from_run {
            cx.io.err(&format!(
                "docker: Error response from daemon: {msg}\n\nRun 'docker run --help' for more information\n"
            ));
        } else {
            cx.io.err(&format!("Error response from daemon: {msg}\n"));
        }
        return 125;
    }
    let Some(c) = cx.containers.get_mut(index) else {
        return 1;
    };
    let argv: Vec<String> = std::iter::once(c.path.clone())
        .chain(c.args.iter().cloned())
        .collect();
    let wd = c
        .config
        .get("WorkingDir")
        .and_then(Value::as_str)
        .filter(|w| !w.is_empty())
        .unwrap_or("/")
        .to_string();
    let mut env = sh::Env::new(c.env.clone(), &wd);
    match sh::lookup(&c.rootfs, &env, &argv[0], false) {
        sh::Program::Missing => {
            // `docker run` (docker/cli run.go toStatusError): "docker: " + the daemon's error,
            // no period added, then the --help hint; `docker start` prints the error as is.
            let text = sh::oci_not_found(&argv[0]);
            if from_run {
                let err = text.trim_end().trim_end_matches('.');
                cx.io.err(&format!(
                    "{err}\n\nRun 'docker run --help' for more information\n"
                ));
            } else {
                cx.io.err(&text);
            }
            return 127;
        }
        sh::Program::Unsupported(path) => {
            c.rootfs
                .start(&Runtime::bridge(&c.id.short(), "172.17.0.2", now_secs));
            c.set_running(now);
            if is_hello(&c.rootfs, &path) {
                // hello-world's /hello prints its message and exits 0.
                c.rootfs.stop();
                c.set_exited(0, now);
                c.log(now, false, process::HELLO.as_bytes());
                if attach {
                    cx.io.out(process::HELLO);
                }
                return 0;
            }
            let lines = nginx_entrypoint(&c.rootfs, &path);
            c.log(now, false, lines.as_bytes());
            let notices = process::nginx_startup(&c.env, &c.rootfs, now);
            c.log(now, true, notices.as_bytes());
            if attach {
                cx.io.out(&lines);
                cx.io.err(&notices);
            }
            c.main = Main::Server;
            cx.containers.bind_ports(index);
            return 0;
        }
        sh::Program::Builtin(program) => {
            let lasting = process::lasting(&argv, &program, c.tty, c.open_stdin, now);
            if let Some(main) = lasting {
                c.rootfs
                    .start(&Runtime::bridge(&c.id.short(), "172.17.0.2", now_secs));
                c.set_running(now);
                c.main = main;
                cx.containers.bind_ports(index);
                return 0;
            }
        }
    }
    c.rootfs
        .start(&Runtime::bridge(&c.id.short(), "172.17.0.2", now_secs));
    let out = sh::exec(&mut c.rootfs, &argv, &mut env, now_secs);
    c.log(now, false, &out.stdout);
    c.log(now, true, &out.stderr);
    c.rootfs.stop();
    c.set_running(now);
    c.set_exited(out.code, now);
    if attach {
        cx.io.write_output(&out);
    }
    out.code
}

/// What the nginx image's `/docker-entrypoint.sh` prints before it starts nginx
/// (nginxinc/docker-nginx entrypoint/docker-entrypoint.sh and
/// 10-listen-on-ipv6-by-default.sh), from the scripts in the container's
/// `/docker-entrypoint.d`.
fn nginx_entrypoint(rootfs: &Rootfs, path: &str) -> String {
    let dir = "/docker-entrypoint.d";
    let Ok(entries) = rootfs.read_dir(dir) else {
        return String::new();
    };
    if path != "/docker-entrypoint.sh" || entries.is_empty() {
        return String::new();
    }
    let e = "/docker-entrypoint.sh";
    let mut s = format!("{e}: {dir}/ is not empty, will attempt to perform configuration\n{e}: Looking for shell scripts in {dir}/\n");
    let mut names: Vec<String> = entries.into_iter().map(|(n, _)| n).collect();
    names.sort();
    for n in names {
        if n.ends_with(".envsh") {
            s.push_str(&format!("{e}: Sourcing {dir}/{n}\n"));
        } else if n.ends_with(".sh") {
            s.push_str(&format!("{e}: Launching {dir}/{n}\n"));
            if n == "10-listen-on-ipv6-by-default.sh" {
                s.push_str(&format!("{n}: info: Getting the checksum of /etc/nginx/conf.d/default.conf\n{n}: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n"));
            }
        } else {
            s.push_str(&format!("{e}: Ignoring {dir}/{n}\n"));
        }
    }
    s.push_str(&format!(
        "{e}: Configuration complete; ready for start up\n"
    ));
    s
}

/// The demo hello-world's `/hello` (layerlab's stand-in for the real program).
fn is_hello(rootfs: &Rootfs, path: &str) -> bool {
    path == "/hello"
        && rootfs.read_blob(path).is_ok_and(|b| {
            b.head(64)
                .starts_with(b"layerlab demo stand-in for /hello (hello-world)")
        })
}

pub fn run(cx: &mut Ctx, args: &[String]) -> Exec {
    let (index, detach, _) = match create(cx, &USAGE_RUN, args, true) {
        Ok(x) => x,
        Err(code) => return Exec::Done(code),
    };
    let code = start_main(cx, index, !detach, true);
    let Some(c) = cx.containers.get(index) else {
        return Exec::Done(code);
    };
    let id = c.id.hex();
    let running = c.is_running();
    if c.auto_remove && !running {
        cx.containers.remove_with_volumes(index, true);
    }
    if detach {
        cx.io.out(&format!("{id}\n"));
        return Exec::Done(0);
    }
    if running {
        return attach_to_main(cx, index, true);
    }
    Exec::Done(code)
}

/// The terminal attached to a running container's main process: its interactive shell
/// when it is one and standard input is attached (`-i`), else held until it ends or
/// Ctrl-C.
pub(super) fn attach_to_main(cx: &mut Ctx, index: usize, stdin: bool) -> Exec {
    let Some(c) = cx.containers.get(index) else {
        return Exec::Done(1);
    };
    if c.main == Main::Shell && c.open_stdin && stdin {
        let (program, tty, env) = (c.path.clone(), c.tty, main_env(c));
        if let Some(shell) = super::attach::ShellAsk::new(cx, index, true, &program, env, tty) {
            return shell.ask(cx);
        }
    }
    match super::attach::Hold::new(cx, index) {
        Some(hold) => Exec::Job(hold),
        None => Exec::Done(1),
    }
}

/// The environment a container's main process starts with.
pub(super) fn main_env(c: &Container) -> sh::Env {
    let wd = c
        .config
        .get("WorkingDir")
        .and_then(Value::as_str)
        .filter(|w| !w.is_empty())
        .unwrap_or("/")
        .to_string();
    sh::Env::new(c.env.clone(), &wd)
}

pub fn create_cmd(cx: &mut Ctx, args: &[String]) -> Exec {
    match create(cx, &USAGE_CREATE, args, false) {
        Ok((index, _, _)) => {
            if let Some(c) = cx.containers.get(index) {
                let id = c.id.hex();
                cx.io.out(&format!("{id}\n"));
            }
            Exec::Done(0)
        }
        Err(code) => Exec::Done(code),
    }
}

/// Finds a container or prints Docker's error; returns its index.
pub fn find(cx: &mut Ctx, name: &str) -> Option<usize> {
    match cx.containers.find(name) {
        Ok(i) => Some(i),
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            None
        }
    }
}

pub fn start(cx: &mut Ctx, args: &[String], usage: &Usage, restart: bool) -> Exec {
    let specs: &[Spec] = if restart {
        &[
            value(Some('s'), "signal"),
            value(Some('t'), "timeout"),
            value(None, "time"),
        ]
    } else {
        &[flag(Some('a'), "attach"), flag(Some('i'), "interactive")]
    };
    let p = match parse_flags(cx, usage, args, specs) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = super::require_args(cx, usage, &p, 1) {
        return Exec::Done(code);
    }
    let mut failed: Vec<&str> = Vec::new();
    for name in &p.args {
        let Some(i) = find(cx, name) else {
            failed.push(name);
            continue;
        };
        let running = cx.containers.get(i).is_some_and(Container::is_running);
        let paused = cx.containers.get(i).is_some_and(|c| c.paused);
        if paused && !restart {
            // moby daemon/start.go
            cx.io.err("Error response from daemon: cannot start a paused container, try unpause instead\n");
            failed.push(name);
            continue;
        }
        if running && !restart {
            cx.io.out(&format!("{name}\n"));
            continue;
        }
        if running {
            let now = cx.now;
            if let Some(c) = cx.containers.get_mut(i) {
                c.rootfs.stop();
                let code = super::container::stop_code(c);
                c.set_exited(code, now);
            }
        }
        let code = start_main(cx, i, p.on("attach"), false);
        if p.on("attach") && p.args.len() == 1 {
            if cx.containers.get(i).is_some_and(Container::is_running) {
                return attach_to_main(cx, i, p.on("interactive"));
            }
            return Exec::Done(code);
        }
        cx.io.out(&format!("{name}\n"));
    }
    if failed.is_empty() {
        return Exec::Done(0);
    }
    // docker/cli start.go closes with the containers that failed; restart.go does not.
    if !restart {
        cx.io.err(&format!(
            "Error: failed to start containers: {}\n",
            failed.join(", ")
        ));
    }
    Exec::Done(1)
}

pub fn exec(cx: &mut Ctx, args: &[String]) -> Exec {
    let specs: &[Spec] = &[
        flag(Some('d'), "detach"),
        flag(Some('i'), "interactive"),
        flag(Some('t'), "tty"),
        value(Some('e'), "env"),
        value(Some('w'), "workdir"),
        value(Some('u'), "user"),
    ];
    // Flags end at the container name.
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        let takes = matches!(
            args[i].as_str(),
            "-e" | "--env" | "-w" | "--workdir" | "-u" | "--user"
        );
        i += if takes { 2 } else { 1 };
    }
    let i = i.min(args.len());
    let p = match parse_flags(cx, &USAGE_EXEC, &args[..i], specs) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    let rest = &args[i..];
    if rest.len() < 2 {
        cx.io.err(&format!("docker: 'docker exec' requires at least 2 arguments\n\nUsage:  {}\n\nSee 'docker exec --help' for more information\n", USAGE_EXEC.synopsis));
        return Exec::Done(1);
    }
    let Some(index) = find(cx, &rest[0]) else {
        return Exec::Done(1);
    };
    let now = cx.now;
    let Some(c) = cx.containers.get_mut(index) else {
        return Exec::Done(1);
    };
    if !c.is_running() {
        cx.io.err(&format!(
            "Error response from daemon: container {} is not running\n",
            c.id.hex()
        ));
        return Exec::Done(1);
    }
    if c.paused {
        // moby daemon/exec.go getActiveContainer: errExecPaused(name), the name as given.
        cx.io.err(&format!(
            "Error response from daemon: Container {} is paused, unpause the container before exec\n",
            rest[0]
        ));
        return Exec::Done(1);
    }
    let mut vars = c.env.clone();
    for e in p.values("env") {
        let (k, v) = e
            .split_once('=')
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .unwrap_or((e.clone(), String::new()));
        vars.retain(|(ek, _)| *ek != k);
        vars.push((k, v));
    }
    let wd = p
        .value("workdir")
        .map(str::to_string)
        .or_else(|| {
            c.config
                .get("WorkingDir")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .filter(|w| !w.is_empty())
        .unwrap_or_else(|| "/".into());
    let mut env = sh::Env::new(vars, &wd);
    let argv = &rest[1..];
    let (tty, interactive) = (p.on("tty"), p.on("interactive"));
    if (tty || interactive) && !p.on("detach") {
        let program = match sh::lookup(&c.rootfs, &env, &argv[0], false) {
            sh::Program::Builtin(name) => name,
            _ => String::new(),
        };
        let shell = process::lasting(argv, &program, tty, interactive, now) == Some(Main::Shell);
        if shell && interactive {
            let program = argv[0].clone();
            if let Some(shell) = super::attach::ShellAsk::new(cx, index, false, &program, env, tty)
            {
                return shell.ask(cx);
            }
            return Exec::Done(1);
        }
    }
    let out = sh::exec(
        &mut c.rootfs,
        &rest[1..],
        &mut env,
        now.unix_seconds().max(0) as u64,
    );
    if p.on("detach") {
        return Exec::Done(0);
    }
    cx.io.write_output(&out);
    Exec::Done(out.code)
}
