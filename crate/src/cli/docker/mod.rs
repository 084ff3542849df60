//! `docker ...`: the subcommands, with Docker's flags, usage errors and exit statuses.
//! Each subcommand module gathers data from the store; `crate::format` renders it.

mod attach;
mod build;
mod container;
mod cp;
pub(crate) mod dive;
mod formatting;
mod history;
pub(crate) mod images;
mod images_tree;
mod import;
pub mod inspect;
mod lifecycle;
mod load;
mod login;
mod logs;
mod monitor;
mod mounts;
mod network;
mod note;
pub(crate) mod port;
mod prune;
pub(crate) mod ps;
pub mod pull;
mod push;
mod rmi;
mod run;
mod save;
mod system;
mod tag;
mod version;
mod volume;

use crate::cli::flags::{self, Parsed, Spec};
use crate::cli::{Ctx, Exec};

/// What a subcommand is called and how its usage reads.
pub struct Usage {
    /// `docker load`
    pub command: &'static str,
    /// `docker load [OPTIONS]`
    pub synopsis: &'static str,
    pub summary: &'static str,
    /// `docker image load, docker load` (empty when there are none)
    pub aliases: &'static str,
    pub options: &'static str,
}

impl Usage {
    /// The `--help` text of Docker 28's cobra template.
    pub fn help(&self) -> String {
        let mut s = format!("Usage:  {}\n\n{}\n", self.synopsis, self.summary);
        if !self.aliases.is_empty() {
            s.push_str(&format!("\nAliases:\n  {}\n", self.aliases));
        }
        if !self.options.is_empty() {
            s.push_str(&format!("\nOptions:\n{}", self.options));
        }
        s
    }

    /// `Usage:  ...` and the pointer to `--help`, closing flag and argument errors.
    pub(crate) fn footer(&self, verb: &str) -> String {
        format!(
            "\nUsage:  {}\n\n{verb} '{} --help' for more information\n",
            self.synopsis, self.command
        )
    }
}

/// Parses flags; on error prints Docker's lines and gives status 125. `--help` prints the
/// usage and gives status 0.
pub fn parse_flags(
    cx: &mut Ctx,
    usage: &Usage,
    args: &[String],
    specs: &[Spec],
) -> Result<Parsed, i32> {
    match flags::parse(args, specs) {
        Ok(p) if p.on("help") => {
            cx.io.out(&usage.help());
            Err(0)
        }
        Ok(p) => Ok(p),
        Err(e) => {
            cx.io.err(&format!("{}\n{}", e.0, usage.footer("Run")));
            Err(125)
        }
    }
}

/// How many arguments a command takes.
#[derive(Clone, Copy)]
pub enum Args {
    None,
    Exactly(usize),
    AtLeast(usize),
    AtMost(usize),
}

/// Checks the argument count; prints docker/cli's cli/required.go message (status 1).
pub fn check_args(cx: &mut Ctx, usage: &Usage, p: &Parsed, rule: Args) -> Result<(), i32> {
    let n = p.args.len();
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let (ok, what, verb) = match rule {
        Args::None => (n == 0, "accepts no arguments".to_string(), "Run"),
        Args::Exactly(k) => (n == k, format!("requires {k} {}", plural(k)), "Run"),
        Args::AtLeast(k) => (
            n >= k,
            format!("requires at least {k} {}", plural(k)),
            "See",
        ),
        Args::AtMost(k) => (n <= k, format!("requires at most {k} {}", plural(k)), "Run"),
    };
    if ok {
        return Ok(());
    }
    cx.io.err(&format!(
        "docker: '{}' {what}\n{}",
        usage.command,
        usage.footer(verb)
    ));
    Err(1)
}

/// `"docker save" requires at least 1 argument` and the usage, status 1.
pub fn require_args(cx: &mut Ctx, usage: &Usage, p: &Parsed, min: usize) -> Result<(), i32> {
    check_args(cx, usage, p, Args::AtLeast(min))
}

/// `nginx` is reported as `nginx:latest`, as Docker's ErrImageDoesNotExist does.
pub fn with_latest(name: &str) -> String {
    match crate::reference::Reference::parse_normalized(name) {
        Ok(r) if r.tag().is_none() && r.digest().is_none() => {
            format!("{}:latest", r.familiar_name())
        }
        Ok(r) => r.familiar(),
        Err(_) => name.to_string(),
    }
}

pub fn run(cx: &mut Ctx, args: &[String]) -> Exec {
    let Some(sub) = args.first() else {
        cx.io.out(DOCKER_USAGE);
        return Exec::Done(0);
    };
    let rest = &args[1..];
    cx.containers.settle(cx.now);
    match sub.as_str() {
        "images" => Exec::Done(images::run(cx, rest, &images::USAGE_IMAGES)),
        "build" => build::run(cx, rest),
        "load" => load::run(cx, rest, &load::USAGE),
        "pull" => pull::run(cx, rest, &pull::USAGE),
        "push" => push::run(cx, rest, &push::USAGE),
        "login" => login::run(cx, rest),
        "logout" => Exec::Done(login::logout(cx, rest)),
        "save" => save::run(cx, rest, &save::USAGE),
        "inspect" => Exec::Done(inspect::run(cx, rest, inspect::Scope::Any)),
        "history" => Exec::Done(history::run(cx, rest, &history::USAGE)),
        "tag" => Exec::Done(tag::run(cx, rest, &tag::USAGE)),
        "rmi" => Exec::Done(rmi::run(cx, rest, &rmi::USAGE)),
        "import" => import::run(cx, rest, &import::USAGE),
        "image" => image(cx, rest),
        "container" => container::group(cx, rest),
        "run" => run::run(cx, rest),
        "create" => run::create_cmd(cx, rest),
        "start" => run::start(cx, rest, &run::USAGE_START, false),
        "restart" => run::start(cx, rest, &run::USAGE_RESTART, true),
        "exec" => run::exec(cx, rest),
        "ps" => Exec::Done(ps::run(cx, rest, &ps::USAGE)),
        "logs" => logs::run(cx, rest, &logs::USAGE),
        "stop" => container::stop(cx, rest),
        "rm" => Exec::Done(container::rm(cx, rest)),
        "attach" => attach::attach(cx, rest, &lifecycle::ATTACH.docker),
        "rename" => Exec::Done(lifecycle::rename(cx, rest, &lifecycle::RENAME.docker)),
        "pause" => Exec::Done(lifecycle::pause(cx, rest, &lifecycle::PAUSE.docker)),
        "unpause" => Exec::Done(lifecycle::unpause(cx, rest, &lifecycle::UNPAUSE.docker)),
        "kill" => Exec::Done(lifecycle::kill(cx, rest, &lifecycle::KILL.docker)),
        "port" => Exec::Done(port::run(cx, rest, &port::PORT.docker)),
        "wait" => monitor::wait(cx, rest, &monitor::WAIT.docker),
        "top" => Exec::Done(monitor::top(cx, rest, &monitor::TOP.docker)),
        "stats" => monitor::stats(cx, rest, &monitor::STATS.docker),
        "diff" => Exec::Done(container::diff(cx, rest)),
        "commit" => Exec::Done(container::commit(cx, rest)),
        "export" => Exec::Done(container::export(cx, rest)),
        "cp" => Exec::Done(cp::run(cx, rest)),
        "system" => system::run(cx, rest),
        "network" => network::group(cx, rest),
        "volume" => volume::group(cx, rest),
        "version" => Exec::Done(version::version(cx, rest)),
        "info" => Exec::Done(version::info(cx, rest, &version::USAGE_INFO)),
        "--help" | "help" => {
            cx.io.out(DOCKER_USAGE);
            Exec::Done(0)
        }
        other if other.starts_with('-') => {
            cx.io
                .err(&format!("unknown flag: {other}\nSee 'docker --help'.\n"));
            Exec::Done(125)
        }
        other => {
            cx.io.err(&format!(
                "docker: '{other}' is not a docker command.\nSee 'docker --help'\n"
            ));
            Exec::Done(1)
        }
    }
}

fn image(cx: &mut Ctx, args: &[String]) -> Exec {
    let Some(sub) = args.first() else {
        cx.io.out(IMAGE_USAGE);
        return Exec::Done(0);
    };
    let rest = &args[1..];
    match sub.as_str() {
        "ls" | "list" => Exec::Done(images::run(cx, rest, &images::USAGE_LS)),
        "build" => build::run(cx, rest),
        "load" => load::run(cx, rest, &load::USAGE_IMAGE),
        "pull" => pull::run(cx, rest, &pull::USAGE_IMAGE),
        "push" => push::run(cx, rest, &push::USAGE_IMAGE),
        "save" => save::run(cx, rest, &save::USAGE_IMAGE),
        "inspect" => Exec::Done(inspect::run(cx, rest, inspect::Scope::Image)),
        "history" => Exec::Done(history::run(cx, rest, &history::USAGE_IMAGE)),
        "tag" => Exec::Done(tag::run(cx, rest, &tag::USAGE_IMAGE)),
        "rm" | "remove" => Exec::Done(rmi::run(cx, rest, &rmi::USAGE_IMAGE)),
        "prune" => prune::run(cx, rest),
        "import" => import::run(cx, rest, &import::USAGE_IMAGE),
        "--help" | "help" => {
            cx.io.out(IMAGE_USAGE);
            Exec::Done(0)
        }
        other => {
            cx.io.err(&format!(
                "docker: unknown command: docker image {other}\n\nRun 'docker image --help' for more information\n"
            ));
            Exec::Done(1)
        }
    }
}

const DOCKER_USAGE: &str = "
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  build       Build an image from a Dockerfile
  pull        Download an image from a registry
  push        Upload an image to a registry
  images      List images
  version     Show the Docker version information
  info        Display system-wide information

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks
  system      Manage Docker
  volume      Manage volumes

Commands:
  commit      Create a new image from a container's changes
  cp          Copy files/folders between a container and the local filesystem
  create      Create a new container
  diff        Inspect changes to files or directories on a container's filesystem
  export      Export a container's filesystem as a tar archive
  history     Show the history of an image
  import      Import the contents from a tarball to create a filesystem image
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  load        Load an image from a tar archive or STDIN
  logs        Fetch the logs of a container
  pause       Pause all processes within one or more containers
  port        List port mappings or a specific mapping for the container
  rename      Rename a container
  restart     Restart one or more containers
  rm          Remove one or more containers
  rmi         Remove one or more images
  save        Save one or more images to a tar archive (streamed to STDOUT by default)
  start       Start one or more stopped containers
  stats       Display a live stream of container(s) resource usage statistics
  stop        Stop one or more running containers
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE
  top         Display the running processes of a container
  unpause     Unpause all processes within one or more containers
  wait        Block until one or more containers stop, then print their exit codes

Run 'docker COMMAND --help' for more information on a command.
";

const IMAGE_USAGE: &str = "
Usage:  docker image COMMAND

Manage images

Commands:
  build       Build an image from a Dockerfile
  history     Show the history of an image
  import      Import the contents from a tarball to create a filesystem image
  inspect     Display detailed information on one or more images
  load        Load an image from a tar archive or STDIN
  ls          List images
  prune       Remove unused images
  pull        Download an image from a registry
  push        Upload an image to a registry
  rm          Remove one or more images
  save        Save one or more images to a tar archive (streamed to STDOUT by default)
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

Run 'docker image COMMAND --help' for more information on a command.
";
