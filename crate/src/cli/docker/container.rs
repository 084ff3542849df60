//! `docker stop`, `rm`, `rename`, `diff`, `commit`, `export`, `container prune`, and the
//! `docker container ...` group that holds every container command.

use super::lifecycle;
use super::run::find;
use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{Ctx, Exec};
use crate::containers::Container;
use crate::digest::Digest;
use crate::image::manifest::{Descriptor, MT_CONFIG};
use crate::image::target::{Target, Written};
use crate::image::{ConfigFile, ContainerConfig, HistoryEntry, Image, Producer};
use crate::reference::Reference;
use crate::store::Layer;
use serde_json::{Map, Value};

const fn usage(
    command: &'static str,
    synopsis: &'static str,
    summary: &'static str,
    options: &'static str,
) -> Usage {
    Usage {
        command,
        synopsis,
        summary,
        aliases: "",
        options,
    }
}

const STOP: Usage = usage("docker stop", "docker stop [OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers", "  -s, --signal string   Signal to send to the container\n  -t, --timeout int     Seconds to wait before killing the container\n");
const RM: Usage = usage("docker rm", "docker rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers", "  -f, --force     Force the removal of a running container (uses SIGKILL)\n  -l, --link      Remove the specified link\n  -v, --volumes   Remove anonymous volumes associated with the container\n");
const DIFF: Usage = usage(
    "docker diff",
    "docker diff CONTAINER",
    "Inspect changes to files or directories on a container's filesystem",
    "",
);
const COMMIT: Usage = usage("docker commit", "docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", "Create a new image from a container's changes", "  -a, --author string    Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")\n  -c, --change list      Apply Dockerfile instruction to the created image\n  -m, --message string   Commit message\n  -p, --pause            Pause container during commit (default true)\n");
const EXPORT: Usage = usage(
    "docker export",
    "docker export [OPTIONS] CONTAINER",
    "Export a container's filesystem as a tar archive",
    "  -o, --output string   Write to a file, instead of STDOUT\n",
);
const PRUNE: Usage = usage("docker container prune", "docker container prune [OPTIONS]", "Remove all stopped containers", "      --filter filter   Provide filter values (e.g. \"until=<timestamp>\")\n  -f, --force           Do not prompt for confirmation\n");

const GROUP_USAGE: &str = "Usage:  docker container COMMAND

Manage containers

Commands:
  commit      Create a new image from a container's changes
  cp          Copy files/folders between a container and the local filesystem
  create      Create a new container
  diff        Inspect changes to files or directories on a container's filesystem
  exec        Execute a command in a running container
  export      Export a container's filesystem as a tar archive
  inspect     Display detailed information on one or more containers
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  ls          List containers
  pause       Pause all processes within one or more containers
  port        List port mappings or a specific mapping for the container
  prune       Remove all stopped containers
  rename      Rename a container
  restart     Restart one or more containers
  rm          Remove one or more containers
  run         Create and run a new container from an image
  start       Start one or more stopped containers
  stats       Display a live stream of container(s) resource usage statistics
  stop        Stop one or more running containers
  top         Display the running processes of a container
  unpause     Unpause all processes within one or more containers
  wait        Block until one or more containers stop, then print their exit codes

Run 'docker container COMMAND --help' for more information on a command.
";

/// `docker container SUBCOMMAND`.
pub fn group(cx: &mut Ctx, args: &[String]) -> Exec {
    let Some(sub) = args.first() else {
        cx.io.out(GROUP_USAGE);
        return Exec::Done(0);
    };
    let rest = &args[1..];
    match sub.as_str() {
        "ls" | "list" | "ps" => Exec::Done(super::ps::run(cx, rest, &super::ps::USAGE_LS)),
        "run" => super::run::run(cx, rest),
        "create" => super::run::create_cmd(cx, rest),
        "start" => super::run::start(cx, rest, &super::run::USAGE_START, false),
        "restart" => super::run::start(cx, rest, &super::run::USAGE_RESTART, true),
        "exec" => super::run::exec(cx, rest),
        "stop" => stop(cx, rest),
        "rm" | "remove" => Exec::Done(rm(cx, rest)),
        "attach" => super::attach::attach(cx, rest, &lifecycle::ATTACH.container),
        "rename" => Exec::Done(lifecycle::rename(cx, rest, &lifecycle::RENAME.container)),
        "pause" => Exec::Done(lifecycle::pause(cx, rest, &lifecycle::PAUSE.container)),
        "unpause" => Exec::Done(lifecycle::unpause(cx, rest, &lifecycle::UNPAUSE.container)),
        "kill" => Exec::Done(lifecycle::kill(cx, rest, &lifecycle::KILL.container)),
        "port" => Exec::Done(super::port::run(cx, rest, &super::port::PORT.container)),
        "wait" => super::monitor::wait(cx, rest, &super::monitor::WAIT.container),
        "top" => Exec::Done(super::monitor::top(
            cx,
            rest,
            &super::monitor::TOP.container,
        )),
        "stats" => super::monitor::stats(cx, rest, &super::monitor::STATS.container),
        "diff" => Exec::Done(diff(cx, rest)),
        "logs" => super::logs::run(cx, rest, &super::logs::USAGE_CONTAINER),
        "commit" => Exec::Done(commit(cx, rest)),
        "export" => Exec::Done(export(cx, rest)),
        "cp" => Exec::Done(super::cp::run(cx, rest)),
        "prune" => prune(cx, rest),
        "inspect" => Exec::Done(super::inspect::run(
            cx,
            rest,
            super::inspect::Scope::Container,
        )),
        "--help" | "help" => {
            cx.io.out(GROUP_USAGE);
            Exec::Done(0)
        }
        other => {
            cx.io.err(&format!("docker: unknown command: docker container {other}\n\nRun 'docker container --help' for more information\n"));
            Exec::Done(1)
        }
    }
}

/// The exit status `docker stop` leaves: the stop signal's when the process handles it,
/// SIGKILL's after the timeout when, as PID 1 without a handler, it ignores it.
pub(crate) fn stop_code(c: &Container) -> i32 {
    c.main.stop_status(lifecycle::stop_signal(c))
}

/// `docker stop [-s SIGNAL] [-t SECONDS] CONTAINER...` (docker/cli stop.go, moby
/// daemon/stop.go): the stop signal (`-s`, the image's STOPSIGNAL, or SIGTERM) goes to
/// each main process; one that ends prints its name at once; one that ignores it (PID 1
/// without a handler: `sleep`, `sh`) is killed when the timeout has passed on the session
/// clock (`-t`, the container's StopTimeout, or 10 s), and the command waits until then.
pub fn stop(cx: &mut Ctx, args: &[String]) -> Exec {
    let p = match parse_flags(
        cx,
        &STOP,
        args,
        &[
            value(Some('s'), "signal"),
            value(Some('t'), "timeout"),
            value(None, "time"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = super::require_args(cx, &STOP, &p, 1) {
        return Exec::Done(code);
    }
    let given = p
        .value("timeout")
        .or_else(|| p.value("time"))
        .and_then(|t| t.parse::<i64>().ok());
    let signal = match p.value("signal").map(lifecycle::parse_signal) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return Exec::Done(1);
        }
        None => None,
    };
    let now = cx.now;
    let mut job = StopJob {
        waiting: Vec::new(),
        code: 0,
    };
    for name in &p.args {
        let Some(i) = find(cx, name) else {
            job.code = 1;
            continue;
        };
        let Some(c) = cx.containers.get_mut(i) else {
            continue;
        };
        if c.is_running() {
            let declared = lifecycle::stop_signal(c);
            let sig = signal.or(declared).unwrap_or(15);
            if c.signal(sig, declared, now).is_none() {
                let seconds = given
                    .or_else(|| c.config.get("StopTimeout").and_then(Value::as_i64))
                    .unwrap_or(10);
                let deadline = (seconds >= 0)
                    .then(|| crate::time::Timestamp(now.0 + i128::from(seconds) * 1_000_000_000));
                job.waiting.push((c.id.hex(), name.clone(), deadline));
                continue;
            }
        }
        cx.io.out(&format!("{name}\n"));
    }
    if job.waiting.is_empty() {
        return Exec::Done(job.code);
    }
    Exec::Job(Box::new(job))
}

/// Containers `docker stop` waits for: (ID, name as given, when it kills them; `None`
/// for `-t -1`, which waits until the process ends).
struct StopJob {
    waiting: Vec<(String, String, Option<crate::time::Timestamp>)>,
    code: i32,
}

impl crate::job::HashOffload for StopJob {}

impl crate::cli::CmdJob for StopJob {
    fn step(&mut self, cx: &mut Ctx, _budget: usize) -> Option<i32> {
        let now = cx.now;
        let mut left = Vec::new();
        for (id, name, deadline) in std::mem::take(&mut self.waiting) {
            let Ok(i) = cx.containers.find(&id) else {
                cx.io.out(&format!("{name}\n"));
                continue;
            };
            let Some(c) = cx.containers.get_mut(i) else {
                continue;
            };
            if !c.is_running() {
                cx.io.out(&format!("{name}\n"));
            } else if deadline.is_some_and(|d| d <= now) {
                c.signal(crate::container::process::SIGKILL, None, now);
                cx.io.out(&format!("{name}\n"));
            } else {
                left.push((id, name, deadline));
            }
        }
        self.waiting = left;
        cx.containers.settle(now);
        self.waiting.is_empty().then_some(self.code)
    }

    fn progress(&self) -> crate::job::Progress {
        crate::job::Progress {
            label: "stopping",
            done: 0,
            total: 0,
        }
    }

    fn wait(&self) -> crate::cli::Wait {
        match self.waiting.iter().filter_map(|w| w.2).min() {
            Some(t) => crate::cli::Wait::Until(t),
            None => crate::cli::Wait::Signal,
        }
    }
}

pub fn rm(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(
        cx,
        &RM,
        args,
        &[
            flag(Some('f'), "force"),
            flag(Some('v'), "volumes"),
            flag(Some('l'), "link"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::require_args(cx, &RM, &p, 1) {
        return code;
    }
    let mut code = 0;
    for name in &p.args {
        let Some(i) = find(cx, name) else {
            code = 1;
            continue;
        };
        let running = cx.containers.get(i).is_some_and(Container::is_running);
        if running && !p.on("force") {
            let (n, paused) = cx
                .containers
                .get(i)
                .map(|c| (c.name.clone(), c.paused))
                .unwrap_or_default();
            // moby daemon/delete.go cleanupContainer
            let why = if paused {
                "container is paused and must be unpaused first"
            } else {
                "container is running: stop the container before removing or force remove"
            };
            cx.io.err(&format!(
                "Error response from daemon: cannot remove container \"/{n}\": {why}\n"
            ));
            code = 1;
            continue;
        }
        cx.containers.remove_with_volumes(i, p.on("volumes"));
        cx.io.out(&format!("{name}\n"));
    }
    code
}

pub fn diff(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &DIFF, args, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, &DIFF, &p, super::Args::Exactly(1)) {
        return code;
    }
    let Some(i) = find(cx, &p.args[0]) else {
        return 1;
    };
    if let Some(c) = cx.containers.get(i) {
        let lines: String = c
            .rootfs
            .changes()
            .iter()
            .map(|ch| format!("{ch}\n"))
            .collect();
        cx.io.out(&lines);
    }
    0
}

pub fn export(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &EXPORT, args, &[value(Some('o'), "output")]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, &EXPORT, &p, super::Args::Exactly(1)) {
        return code;
    }
    let output = p.value("output").map(str::to_string);
    if output.is_none() && cx.io.stdout_is_terminal {
        cx.io
            .err("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
        return 1;
    }
    let Some(i) = find(cx, &p.args[0]) else {
        return 1;
    };
    let Some(c) = cx.containers.get(i) else {
        return 1;
    };
    // Files of layers that stay in the user's file are passed on unread.
    let parts = c.rootfs.export_tar();
    match output {
        Some(name) => match cx.host.write_parts(&name, parts) {
            Ok(()) => 0,
            Err(e) => {
                cx.io.err(&format!(
                    "failed to export container: {name}: {}\n",
                    e.reason()
                ));
                1
            }
        },
        None => {
            let unread = parts
                .iter()
                .filter(|p| p.as_memory().is_none())
                .map(|p| p.len())
                .fold(0u64, u64::saturating_add);
            if let Err(e) = cx.memory.check("the container's files", unread) {
                cx.io.err(&format!("Error response from daemon: {e}\n"));
                return 1;
            }
            let mut out = Vec::with_capacity(parts.len());
            for part in &parts {
                match part.to_bytes() {
                    Ok(b) => out.push(b),
                    Err(e) => {
                        cx.io.err(&format!("Error response from daemon: {e}\n"));
                        return 1;
                    }
                }
            }
            for b in out {
                cx.io.stdout.push_bytes(b);
            }
            0
        }
    }
}

/// The new image's config, as moby's `NewChildImage` makes it: the parent's platform,
/// history and layers, the container's changes as its config, and the commit's step.
fn child_config(
    parent: &Image,
    c: &Container,
    changes: &Map<String, Value>,
    author: &str,
    message: &str,
    diff_id: Option<Digest>,
    now: &str,
) -> ConfigFile {
    let mut config = ConfigFile::derive(parent).with_config(ContainerConfig::from_map(changes));
    config.author = Some(author.to_string());
    config.comment = Some(message.to_string());
    config.created = now.to_string();
    config.container = Some(c.id.hex());
    config.container_config = Some(ContainerConfig::from_map(&c.config));
    config.docker_version = Some(super::import::DOCKER_VERSION.to_string());
    let step = HistoryEntry {
        created: Some(now.to_string()),
        author: Some(author.to_string()),
        created_by: crate::image::strings(c.config.get("Cmd")).join(" "),
        comment: message.to_string(),
        empty_layer: false,
    };
    match diff_id {
        Some(d) => config.append_layer(d, step),
        None => config.append_history(step),
    }
    config
}

/// The layers of the image a container was made from, as its manifest lists them.
fn parent_layers(cx: &Ctx, parent: &Image) -> Vec<Descriptor> {
    let listed = parent.target().and_then(|t| {
        t.present()
            .find(|(_, c)| c.config == *parent.raw_config())
            .map(|(_, c)| c.layers.clone())
    });
    listed.unwrap_or_else(|| {
        parent
            .diff_ids()
            .iter()
            .filter_map(|d| cx.store.layer(d))
            .map(|l| l.descriptor(false))
            .collect()
    })
}

pub fn commit(cx: &mut Ctx, args: &[String]) -> i32 {
    let specs: &[Spec] = &[
        value(Some('a'), "author"),
        value(Some('c'), "change"),
        value(Some('m'), "message"),
        flag(Some('p'), "pause"),
    ];
    let p = match parse_flags(cx, &COMMIT, args, specs) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, &COMMIT, &p, super::Args::AtLeast(1))
        .and_then(|_| super::check_args(cx, &COMMIT, &p, super::Args::AtMost(2)))
    {
        return code;
    }
    let reference = match p.args.get(1) {
        None => None,
        Some(r) => match Reference::parse_normalized(r) {
            Ok(r) if r.digest().is_some() => {
                cx.io
                    .err("Error response from daemon: cannot commit to digest reference\n");
                return 1;
            }
            Ok(r) => Some(if r.tag().is_none() {
                r.with_tag("latest")
            } else {
                r
            }),
            Err(e) => {
                cx.io.err(&format!("Error response from daemon: {e}\n"));
                return 1;
            }
        },
    };
    let Some(i) = find(cx, &p.args[0]) else {
        return 1;
    };
    let Some(c) = cx.containers.get(i) else {
        return 1;
    };
    let Some(parent) = cx.store.image(&c.image).cloned() else {
        cx.io
            .err("Error response from daemon: the container's image is gone\n");
        return 1;
    };
    let mut config = c.config.clone();
    if let Err(e) = crate::changes::apply(&mut config, p.values("change")) {
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        return 1;
    }
    let tar = match c.rootfs.commit_layer(cx.memory) {
        Ok(tar) => tar,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
    };
    let diff_id = Digest::of(&tar);
    // An empty changeset (only the end-of-archive blocks) adds no layer.
    let empty = tar.iter().all(|&b| b == 0);
    let now = cx.now.to_rfc3339_nano();
    let containerd = cx.engine >= crate::engine::Engine::Docker29;
    let mut child = child_config(
        &parent,
        c,
        &config,
        p.value("author").unwrap_or(""),
        p.value("message").unwrap_or(""),
        (!empty).then_some(diff_id),
        &now,
    );
    let producer = if containerd {
        // moby v29.7.2 daemon/containerd/image_commit.go generateCommitImageConfig: the
        // parent's architecture and OS alone, no container or version fields.
        child.variant = None;
        child.comment = None;
        child.container = None;
        child.container_config = None;
        child.docker_version = None;
        Producer::Containerd
    } else {
        Producer::Moby
    };
    let image = match Image::from_config_file(&child, producer) {
        Ok(img) => img,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
    };
    let layer = match (empty, containerd) {
        (true, _) => None,
        (false, false) => Some(Layer::from_tar(tar)),
        (false, true) => Some(Layer::stored(
            bytes::Bytes::from(crate::registry::gzip(&tar)),
            crate::compress::Compression::Gzip,
            &tar,
            diff_id,
        )),
    };
    let image = if containerd {
        // The parent's layers as its manifest lists them, and the container's changes
        // compressed with gzip.
        let mut layers = parent_layers(cx, &parent);
        layers.extend(layer.as_ref().map(|l| l.descriptor(false)));
        let config = Descriptor::new(MT_CONFIG, image.raw_config());
        let target = Target::written(&image, config, layers, Written::Commit);
        image.with_target(target)
    } else {
        image
    };
    if let Some(layer) = layer {
        cx.store.add_layer(layer);
    }
    let id = image.id();
    cx.store.add_image(image);
    // moby's commit: SetParent(new image, the container's image).
    cx.store.set_parent(id, parent.id());
    if let Some(r) = reference {
        cx.store.tag(r, id, cx.now);
    }
    cx.io.out(&format!("{id}\n"));
    0
}

pub fn prune(cx: &mut Ctx, args: &[String]) -> Exec {
    let p = match parse_flags(
        cx,
        &PRUNE,
        args,
        &[flag(Some('f'), "force"), value(None, "filter")],
    ) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    let run = |cx: &mut Ctx| -> i32 {
        let mut ids = Vec::new();
        let mut reclaimed = 0;
        while let Some(i) = (0..cx.containers.len())
            .find(|&i| cx.containers.get(i).is_some_and(|c| !c.is_running()))
        {
            if let Some(c) = cx.containers.remove(i) {
                reclaimed += c.size_rw();
                ids.push(c.id.hex());
            }
        }
        if !ids.is_empty() {
            cx.io
                .out(&format!("Deleted Containers:\n{}\n\n", ids.join("\n")));
        }
        cx.io.out(&format!(
            "Total reclaimed space: {}\n",
            crate::format::human_size_4(reclaimed)
        ));
        0
    };
    if p.on("force") {
        return Exec::Done(run(cx));
    }
    Exec::Prompt {
        question: "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ".into(),
        then: Box::new(move |cx: &mut Ctx, answer: &str| {
            if answer.trim().eq_ignore_ascii_case("y") {
                run(cx)
            } else {
                0
            }
        }),
    }
}
