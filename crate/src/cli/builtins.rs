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
        "ls" => ls(cx, args),
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

Layer analysis:
  dive IMAGE [--json [FILE]] [--ci] Efficiency, wasted space and inefficient files, as dive shows them

Host files (what you uploaded and what commands wrote):
  ls [-l] [-h] [FILE...]            List host files
  cat, rm, cp, mv                   Print, remove, copy, rename host files
  grep, head, tail, wc, sort, uniq, tr, gzip, gunzip, sha256sum   Filters
  echo, printf, seq, basename, dirname, history, clear, help, true, false

The command line understands quotes, backslashes, ;, &&, ||, |, <, >, >>, 2> and 2>&1.
The demo images on docker.io are made by layerlab; they are not the real images.
Programs from images are never executed: nothing native runs in the browser; the
built-in shell runs sh, ls, cat, echo, mkdir, rm, cp, mv and friends inside containers.
Tab completes commands, flags, images, containers and host files.
";

fn ls(cx: &mut Ctx, args: &[String]) -> i32 {
    let mut long = false;
    let mut human = false;
    let mut names = Vec::new();
    for a in args {
        if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            for c in flags.chars() {
                match c {
                    'l' => long = true,
                    'h' => human = true,
                    'a' | '1' => {}
                    _ => {
                        cx.io.err(&format!("ls: invalid option -- '{c}'\n"));
                        return 2;
                    }
                }
            }
        } else {
            names.push(a.clone());
        }
    }
    let files = cx.host.list();
    let mut shown: Vec<(String, u64)> = Vec::new();
    let mut code = 0;
    if names.is_empty() {
        // Top level: files and the first component of nested names (as directories).
        let mut seen = std::collections::BTreeSet::new();
        for (n, size) in &files {
            match n.split_once('/') {
                Some((dir, _)) => {
                    if seen.insert(format!("{dir}/")) {
                        shown.push((format!("{dir}/"), 0));
                    }
                }
                None => shown.push((n.clone(), *size)),
            }
        }
        shown.sort();
    } else {
        for n in &names {
            let clean = crate::host::clean(n).unwrap_or_default();
            let prefix = format!("{clean}/");
            let inside: Vec<_> = files
                .iter()
                .filter(|(f, _)| f.starts_with(&prefix))
                .cloned()
                .collect();
            if let Some((_, s)) = files.iter().find(|(f, _)| *f == clean) {
                shown.push((n.clone(), *s));
            } else if !inside.is_empty() {
                // A directory lists its own entries, by name.
                let mut seen = std::collections::BTreeSet::new();
                for (f, size) in inside {
                    let rest = &f[prefix.len()..];
                    match rest.split_once('/') {
                        Some((dir, _)) => {
                            if seen.insert(format!("{dir}/")) {
                                shown.push((format!("{dir}/"), 0));
                            }
                        }
                        None => shown.push((rest.to_string(), size)),
                    }
                }
            } else {
                cx.io.err(&format!(
                    "ls: cannot access '{n}': No such file or directory\n"
                ));
                code = 2;
            }
        }
    }
    for (n, size) in shown {
        if long {
            let is_dir = n.ends_with('/');
            let size = if human {
                human_ls(size)
            } else {
                size.to_string()
            };
            let mode = if is_dir { "drwxr-xr-x" } else { "-rw-r--r--" };
            cx.io.out(&format!(
                "{mode} 1 user user {size:>8} {}\n",
                n.trim_end_matches('/')
            ));
        } else {
            cx.io.out(&format!("{}\n", n.trim_end_matches('/')));
        }
    }
    code
}

/// `ls -h` sizes: powers of 1024, one decimal under 10.
fn human_ls(n: u64) -> String {
    const UNITS: [&str; 6] = ["", "K", "M", "G", "T", "P"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        n.to_string()
    } else if v < 10.0 {
        format!("{:.1}{}", (v * 10.0).ceil() / 10.0, UNITS[i])
    } else {
        format!("{}{}", v.ceil() as u64, UNITS[i])
    }
}

/// Runs a shared applet over the host files, with GNU's messages.
fn applet(cx: &mut Ctx, f: fn(&[String], &mut applets::Ctx) -> i32, args: &[String]) -> i32 {
    let stdin = cx.io.stdin.take().unwrap_or_default();
    let stdin_is_file = cx.io.stdin_is_file;
    let mut fs = crate::host::HostFs(&mut *cx.host);
    let mut acx = applets::Ctx {
        stdin,
        stdin_is_file,
        io: &mut *cx.io,
        fs: &mut fs,
        flavour: Flavour::Gnu,
    };
    f(args, &mut acx)
}
