//! A container's main process over time. Nothing native runs in a browser, so layerlab
//! decides from the command what the real process would do: a command the built-in shell
//! runs finishes at once; `sleep N` runs until the session clock passes N seconds; an
//! interactive shell with a TTY or an open standard input, `tail -f` and `top` run until
//! stopped; a program from the image that layerlab cannot run (nginx) runs as a server
//! until stopped.
//!
//! How each takes a signal follows Linux's rule for PID 1: the kernel drops a signal whose
//! handler is the default one, except SIGKILL. `sleep`, `tail` and an interactive `sh` set
//! no handler for SIGTERM or SIGINT, so `docker stop` waits its timeout and kills them
//! (exit 137). A server handles the stop signal its image declares (nginx's STOPSIGNAL
//! SIGQUIT, and SIGTERM/SIGINT: nginx's fast and graceful shutdowns exit 0).

use crate::time::Timestamp;

/// What a running container's main process is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Main {
    /// Not running: never started, or finished.
    #[default]
    None,
    /// `sleep N`: exits 0 once the clock passes `until`; `None` for `sleep infinity`.
    Sleep { until: Option<Timestamp> },
    /// An interactive shell waiting on its TTY or standard input (`-it`, `-dit`, `-di`).
    Shell,
    /// `tail -f`, `top`: run until stopped, with no handler for SIGTERM.
    Follower,
    /// A program from the image that layerlab cannot run (nginx): a server until stopped.
    Server,
}

/// SIGKILL's number.
pub const SIGKILL: i32 = 9;

impl Main {
    /// What the process does with signal `sig` as PID 1: `Some(status)` when it exits,
    /// `None` when it keeps running. `stop_signal` is the image's STOPSIGNAL, parsed.
    pub fn on_signal(self, sig: i32, stop_signal: Option<i32>) -> Option<i32> {
        if sig == SIGKILL {
            return Some(128 + SIGKILL);
        }
        match self {
            Main::None => None,
            // No handler: PID 1 never sees it.
            Main::Sleep { .. } | Main::Shell | Main::Follower => None,
            // Signals whose default action is to be ignored, or to stop the process.
            Main::Server if matches!(sig, 17 | 18 | 19 | 20 | 21 | 22 | 23 | 28) => None,
            // A server that declares its stop signal handles it (nginx: SIGQUIT, graceful
            // shutdown) and the other shutdown signals nginx handles (TERM, INT: fast
            // shutdown), exiting 0.
            Main::Server if stop_signal.is_some() => {
                (stop_signal == Some(sig) || matches!(sig, 2 | 3 | 15)).then_some(0)
            }
            // Any other program: layerlab cannot know its handlers; it ends with
            // 128 + the signal, as a program without one does outside PID 1.
            Main::Server => Some(128 + sig),
        }
    }

    /// The status `docker stop` ends with: the stop signal's, or SIGKILL's after the
    /// timeout when the process ignores it.
    pub fn stop_status(self, stop_signal: Option<i32>) -> i32 {
        if self == Main::Server && stop_signal.is_none() {
            // A program without a declared stop signal: as PID 1 it ignores SIGTERM.
            return 128 + SIGKILL;
        }
        self.on_signal(stop_signal.unwrap_or(15), stop_signal)
            .unwrap_or(128 + SIGKILL)
    }
}

/// Seconds of a `sleep` command line as busybox adds them up (`1m 30` is 90): `Some(None)`
/// for `infinity`, `None` when an argument is not a number (the applet then reports it).
pub fn sleep_seconds(args: &[String]) -> Option<Option<f64>> {
    if args.is_empty() {
        return None;
    }
    let mut total = 0.0;
    for a in args {
        if a == "inf" || a == "infinity" {
            return Some(None);
        }
        let (n, unit) = match a.char_indices().last() {
            Some((i, c @ ('s' | 'm' | 'h' | 'd'))) => (&a[..i], c),
            _ => (a.as_str(), 's'),
        };
        let n: f64 = n
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
        total += n * match unit {
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86400.0,
            _ => 1.0,
        };
    }
    Some(Some(total))
}

/// The process a container's argv would start, when it is one that keeps running: `tty`
/// and `open_stdin` are `-t` and `-i`. `None` means it finishes at once (the built-in shell
/// runs it). `program` is the program's base name when the built-in shell knows it.
pub fn lasting(
    argv: &[String],
    program: &str,
    tty: bool,
    open_stdin: bool,
    now: Timestamp,
) -> Option<Main> {
    let args = &argv[1..];
    match program {
        "sleep" => match sleep_seconds(args)? {
            None => Some(Main::Sleep { until: None }),
            Some(s) if s > 0.0 => Some(Main::Sleep {
                until: Some(Timestamp(now.0 + (s * 1e9) as i128)),
            }),
            Some(_) => None,
        },
        // A shell without a command reads commands: from a TTY or an open standard input
        // it waits; without either it reads end of file and exits 0.
        "sh" | "ash" | "bash" | "dash"
            if (tty || open_stdin)
                && !args.iter().any(|a| a == "-c")
                && args.iter().all(|a| a.starts_with('-')) =>
        {
            Some(Main::Shell)
        }
        "cat" if args.is_empty() && (tty || open_stdin) => Some(Main::Shell),
        "tail"
            if args.iter().any(|a| {
                a == "-f"
                    || a == "-F"
                    || a == "--follow"
                    || (a.starts_with('-') && !a.starts_with("--") && a.contains('f'))
            }) =>
        {
            Some(Main::Follower)
        }
        "top" if !args.iter().any(|a| a.starts_with("-n")) => Some(Main::Follower),
        _ => None,
    }
}

/// The PIDs of nginx's two worker processes inside the container (`worker_processes
/// auto` and `docker info`'s 2 CPUs; the entrypoint's scripts took the PIDs before them).
const NGINX_WORKERS: [u32; 2] = [29, 30];

/// nginx's error-log time: `2026/01/01 00:00:00`.
fn nginx_time(t: Timestamp) -> String {
    let s = t.to_rfc3339();
    let date = s.get(..10).unwrap_or("").replace('-', "/");
    format!("{date} {}", s.get(11..19).unwrap_or(""))
}

/// What nginx writes to its error log (the image links it to standard error) as it
/// starts, for an image with `NGINX_VERSION` in its environment; empty for any other.
/// The compiler line follows the image's distribution (Debian 12's gcc for 1.27, Debian
/// 10's for 1.16, Alpine's).
pub fn nginx_startup(
    env: &[(String, String)],
    rootfs: &crate::container::rootfs::Rootfs,
    now: Timestamp,
) -> String {
    let Some(version) = env
        .iter()
        .find(|(k, _)| k == "NGINX_VERSION")
        .map(|(_, v)| v.as_str())
    else {
        return String::new();
    };
    let gcc = if rootfs.exists("/etc/alpine-release") {
        "gcc 14.2.0 (Alpine 14.2.0) "
    } else if version.starts_with("1.16") {
        "gcc 8.3.0 (Debian 8.3.0-6) "
    } else {
        "gcc 12.2.0 (Debian 12.2.0-14) "
    };
    let t = nginx_time(now);
    let mut s = String::new();
    for line in [
        "using the \"epoll\" event method".to_string(),
        format!("nginx/{version}"),
        format!("built by {gcc}"),
        "OS: Linux 6.8.0-60-generic".to_string(),
        "getrlimit(RLIMIT_NOFILE): 1048576:1048576".to_string(),
        "start worker processes".to_string(),
    ] {
        s.push_str(&format!("{t} [notice] 1#1: {line}\n"));
    }
    for w in NGINX_WORKERS {
        s.push_str(&format!("{t} [notice] 1#1: start worker process {w}\n"));
    }
    s
}

/// What nginx writes to its error log as signal `sig` ends it: SIGQUIT is its graceful
/// shutdown, SIGTERM and SIGINT its fast one (nginx src/os/unix/ngx_process_cycle.c).
pub fn nginx_shutdown(sig: i32, now: Timestamp) -> String {
    let t = nginx_time(now);
    let (name, what, worker) = match sig {
        3 => ("SIGQUIT", "shutting down", "gracefully shutting down"),
        2 => ("SIGINT", "exiting", "exiting"),
        _ => ("SIGTERM", "exiting", "exiting"),
    };
    let mut s = format!("{t} [notice] 1#1: signal {sig} ({name}) received, {what}\n");
    for w in NGINX_WORKERS {
        s.push_str(&format!("{t} [notice] {w}#{w}: {worker}\n"));
    }
    for w in NGINX_WORKERS {
        s.push_str(&format!("{t} [notice] {w}#{w}: exit\n"));
    }
    for w in NGINX_WORKERS {
        s.push_str(&format!(
            "{t} [notice] 1#1: signal 17 (SIGCHLD) received from {w}\n{t} [notice] 1#1: worker process {w} exited with code 0\n"
        ));
    }
    s.push_str(&format!("{t} [notice] 1#1: exit\n"));
    s
}

/// What hello-world's `/hello` prints (docker-library/hello-world, hello.c), for amd64.
pub const HELLO: &str = "
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/

";

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn sleeps_add_up_as_busybox_adds_them() {
        assert_eq!(sleep_seconds(&argv("1m 30")), Some(Some(90.0)));
        assert_eq!(sleep_seconds(&argv("infinity")), Some(None));
        assert_eq!(sleep_seconds(&argv("x")), None);
    }

    #[test]
    fn which_processes_keep_running() {
        let t = Timestamp(0);
        let l = |s: &str, tty, i| {
            let a = argv(s);
            lasting(&a, &a[0], tty, i, t)
        };
        assert_eq!(l("sh", false, false), None);
        assert_eq!(l("sh", true, true), Some(Main::Shell));
        assert_eq!(l("sh -c ls", true, true), None);
        assert_eq!(l("sleep 0", false, false), None);
        assert_eq!(
            l("sleep 5", false, false),
            Some(Main::Sleep {
                until: Some(Timestamp(5_000_000_000))
            })
        );
        assert_eq!(l("tail -f /dev/null", false, false), Some(Main::Follower));
        assert_eq!(l("tail -n 1 /etc/passwd", false, false), None);
    }

    #[test]
    fn pid_one_ignores_what_it_has_no_handler_for() {
        assert_eq!(Main::Sleep { until: None }.stop_status(None), 137);
        assert_eq!(Main::Shell.on_signal(15, None), None);
        assert_eq!(Main::Server.stop_status(Some(3)), 0);
        assert_eq!(Main::Server.on_signal(15, Some(3)), Some(0));
        assert_eq!(Main::Server.stop_status(None), 137);
    }
}
