//! The host commands of the terminal: `ls`, `cat`, `rm`, `echo`, `help`, `history`...
//! They act on host files (what the user uploaded and what commands wrote).

use super::{textutils, Ctx, Exec};
use crate::sh::applets::{self, Flavour};

/// The commands `run` knows, for completion (a test checks each one is dispatched).
pub const NAMES: &[&str] = &[
    "basename",
    "cat",
    "clear",
    "cp",
    "dirname",
    "dive",
    "echo",
    "false",
    "find",
    "grep",
    "gunzip",
    "gzip",
    "head",
    "help",
    "history",
    "ls",
    "mkdir",
    "mv",
    "printf",
    "rm",
    "seq",
    "sha256sum",
    "sort",
    "tail",
    "touch",
    "tr",
    "true",
    "uniq",
    "wc",
];

pub fn run(cx: &mut Ctx, name: &str, args: &[String]) -> Exec {
    let code = match name {
        "dive" => return crate::cli::docker::dive::run(cx, args),
        "ls" => applet(cx, applets::ls::ls, args),
        "cat" => applet(cx, applets::cat::cat, args),
        "rm" => applet(cx, applets::rm::rm, args),
        "echo" => applet(cx, applets::echo::echo, args),
        "printf" => applet(cx, applets::printf::printf, args),
        "seq" => applet(cx, applets::seq::seq, args),
        "tr" => applet(cx, applets::tr::tr, args),
        "uniq" => applet(cx, applets::uniq::uniq, args),
        "basename" => applet(cx, applets::path::basename, args),
        "dirname" => applet(cx, applets::path::dirname, args),
        "grep" => applet(cx, applets::grep::grep, args),
        "find" => applet(cx, applets::find::find, args),
        "head" => applet(cx, applets::head::head, args),
        "tail" => applet(cx, applets::tail::tail, args),
        "wc" => applet(cx, applets::wc::wc, args),
        "sort" => applet(cx, applets::sort::sort, args),
        "gzip" | "gunzip" => textutils::gzip(cx, name, args),
        "sha256sum" => textutils::sha256sum(cx, args),
        "cp" => applet(cx, applets::cp::cp, args),
        "mv" => applet(cx, applets::cp::mv, args),
        "mkdir" => applet(cx, applets::mkdir::mkdir, args),
        "touch" => applet(cx, applets::mkdir::touch, args),
        "true" => 0,
        "false" => 1,
        "clear" => {
            cx.io.out("\x1b[H\x1b[2J");
            0
        }
        "history" => {
            for (i, l) in cx.history.iter().enumerate() {
                cx.io.out(&format!("{:>5}  {l}\n", i + 1));
            }
            0
        }
        "help" => {
            cx.io.out(HELP);
            0
        }
        _ => {
            cx.io
                .err(&crate::sh::interp::Dialect::Host.not_found("sh", name));
            127
        }
    };
    Exec::Done(code)
}

const HELP: &str = "\
layerlab: a Docker image store that runs in your browser.

Docker commands (each also as `docker image ...`, and each with --help):
  docker pull NAME[:TAG]            Download an image from an in-page registry
  docker push NAME[:TAG]            Upload an image to an in-page registry
  docker images                     List images (-a -q --digests --no-trunc --filter --format)
  docker history IMAGE              Show the layers and history of an image
  docker inspect NAME...            Low-level information (--format for Go templates)
  docker tag SOURCE TARGET          Give an image another name
  docker rmi IMAGE...               Remove images (Untagged / Deleted lines)
  docker image prune [-a] [-f]      Remove dangling (or all unused) images
  docker save [-o FILE] IMAGE...    Save images to a tar archive (or > FILE)
  docker load [-i FILE]             Load images from a tar archive (or < FILE)
  docker import FILE|- [REPO[:TAG]] Create an image from a flat tar
  docker build [-t NAME] DIR|TAR|-  Build an image from a Dockerfile (host files under DIR)
  docker system df [-v]             Show the space images take, and what sharing saves

Containers (each also as `docker container ...`):
  docker run [-d] [--name N] IMAGE [CMD...]   Create a container and run its command
  docker create, start, restart, stop, rm     A container's life
  docker ps [-a] [-q] [-s]          List containers
  docker exec CONTAINER CMD...      Run a command in a running container (built-in shell)
  docker diff CONTAINER             What the container changed (A, C, D)
  docker commit CONTAINER [REPO[:TAG]]        Make its changes an image layer
  docker export CONTAINER           Its merged filesystem as a tar (-o FILE or > FILE)
  docker cp, rename, container prune
  docker pause, unpause, kill CONTAINER       Freeze, thaw or signal its process
  docker run -p HOST:PORT, docker port C      Publish ports; show a container's mappings
  docker wait, top, stats --no-stream         Exit codes, processes, resource usage
  docker network ls|create|inspect|rm         Networks (bridge, host, none, and yours)
  docker version, docker info                 The engine, as Docker 28 reports it

Layer analysis:
  dive IMAGE [--json [FILE]] [--ci] Efficiency, wasted space and inefficient files, as dive shows them

Host files (what you uploaded and what commands wrote):
  ls [-l] [-h] [FILE...]            List host files
  cat, rm, cp, mv                   Print, remove, copy, rename host files
  find, grep, head, tail, wc, sort, uniq, tr, gzip, gunzip, sha256sum   Find, filter
  echo, printf, seq, basename, dirname, history, clear, help, true, false

The command line understands quotes, backslashes, ;, &&, ||, |, <, >, >>, 2> and 2>&1,
$VAR, VAR=value, $?, $(command), ~ and globs (*.tar). Docker's data root is
browsable read-only: ls /var/lib/docker/overlay2, cat, grep, sha256sum under it.
The demo images on docker.io are made by layerlab; they are not the real images.
Programs from images are never executed: nothing native runs in the browser; the
built-in shell runs sh, ls, cat, echo, mkdir, rm, cp, mv and friends inside containers.
Tab completes commands, flags, images, containers and host files.
";

/// Runs a shared applet over the host files, with GNU's messages.
fn applet(cx: &mut Ctx, f: fn(&[String], &mut applets::Ctx) -> i32, args: &[String]) -> i32 {
    let stdin = cx.io.stdin.take().unwrap_or_default();
    let stdin_is_file = cx.io.stdin_is_file;
    let now = u64::try_from(cx.now.unix_seconds()).unwrap_or(0);
    let mut fs = super::hostview::HostView::new(
        &mut *cx.host,
        &*cx.store,
        &*cx.containers,
        &mut *cx.snapshots,
        cx.now,
    );
    let mut acx = applets::Ctx {
        stdin,
        stdin_is_file,
        io: &mut *cx.io,
        fs: &mut fs,
        flavour: Flavour::Gnu,
        tty: false,
        now,
    };
    f(args, &mut acx)
}
