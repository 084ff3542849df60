//! `docker wait`, `docker top` and `docker stats` (and their `docker container ...` forms):
//! docker/cli v28.2.2 cli/command/container/wait.go, top.go, stats.go and
//! formatter_stats.go for what they print; moby v28.2.2 container/state.go (Wait),
//! daemon/top_unix.go and daemon/stats.go for what the daemon answers.
//!
//! Nothing runs, so the numbers a kernel would give (PIDs, CPU time, memory, network and
//! block I/O) are layerlab's own, the same for the same session. `docker wait` on a
//! running container blocks until it stops (a `sleep` ends with the session clock);
//! `docker stats` without `--no-stream` draws its table and holds the terminal until
//! Ctrl-C.

use super::formatting::{self, render, Format};
use super::lifecycle::Forms;
use super::{check_args, parse_flags, require_args, Args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
use crate::container::process::Main;
use crate::containers::{Container, State};
use crate::time::Timestamp;
use serde_json::Value;

pub const WAIT: Forms = Forms {
    docker: Usage {
        command: "docker wait",
        synopsis: "docker wait CONTAINER [CONTAINER...]",
        summary: "Block until one or more containers stop, then print their exit codes",
        aliases: "docker container wait, docker wait",
        options: "",
    },
    container: Usage {
        command: "docker container wait",
        synopsis: "docker container wait CONTAINER [CONTAINER...]",
        summary: "Block until one or more containers stop, then print their exit codes",
        aliases: "docker container wait, docker wait",
        options: "",
    },
};

pub const TOP: Forms = Forms {
    docker: Usage {
        command: "docker top",
        synopsis: "docker top CONTAINER [ps OPTIONS]",
        summary: "Display the running processes of a container",
        aliases: "docker container top, docker top",
        options: "",
    },
    container: Usage {
        command: "docker container top",
        synopsis: "docker container top CONTAINER [ps OPTIONS]",
        summary: "Display the running processes of a container",
        aliases: "docker container top, docker top",
        options: "",
    },
};

const STATS_OPTIONS: &str = "  -a, --all             Show all containers (default shows just running)\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n      --no-stream       Disable streaming stats and only pull the first result\n      --no-trunc        Do not truncate output\n";

pub const STATS: Forms = Forms {
    docker: Usage {
        command: "docker stats",
        synopsis: "docker stats [OPTIONS] [CONTAINER...]",
        summary: "Display a live stream of container(s) resource usage statistics",
        aliases: "docker container stats, docker stats",
        options: STATS_OPTIONS,
    },
    container: Usage {
        command: "docker container stats",
        synopsis: "docker container stats [OPTIONS] [CONTAINER...]",
        summary: "Display a live stream of container(s) resource usage statistics",
        aliases: "docker container stats, docker stats",
        options: STATS_OPTIONS,
    },
};

/// `docker wait`: each container's exit status in turn (docker/cli wait.go); the daemon's
/// errors joined after them (status 1). A container that is not running (exited, or
/// created and never started: moby's State.Wait with "not-running") answers at once.
/// One still running would block until it exits, which cannot happen while a command runs
/// here: layerlab stops there with its own line.
pub fn wait(cx: &mut Ctx, args: &[String], usage: &Usage) -> crate::cli::Exec {
    use crate::cli::Exec;
    let p = match parse_flags(cx, usage, args, &[]) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = require_args(cx, usage, &p, 1) {
        return Exec::Done(code);
    }
    let mut job = WaitJob {
        ids: Vec::new(),
        errors: Vec::new(),
        until: None,
    };
    for name in &p.args {
        match cx.containers.find(name) {
            Ok(i) => job.ids.extend(cx.containers.get(i).map(|c| c.id.hex())),
            Err(e) => job
                .errors
                .push(format!("Error response from daemon: {e}\n")),
        }
    }
    match crate::cli::CmdJob::step(&mut job, cx, usize::MAX) {
        Some(code) => Exec::Done(code),
        None => Exec::Job(Box::new(job)),
    }
}

/// `docker wait`: blocks until each container has stopped (the "not-running" condition),
/// printing each one's status in turn, then the errors.
struct WaitJob {
    ids: Vec<String>,
    errors: Vec<String>,
    /// When the container waited for ends its sleep, if it sleeps.
    until: Option<crate::time::Timestamp>,
}

impl crate::job::HashOffload for WaitJob {}

impl crate::cli::CmdJob for WaitJob {
    fn step(&mut self, cx: &mut Ctx, _budget: usize) -> Option<i32> {
        while let Some(id) = self.ids.first() {
            let c = cx
                .containers
                .find(id)
                .ok()
                .and_then(|i| cx.containers.get(i));
            match c.map(|c| (c.state, c.main, c.paused)) {
                Some((State::Running { .. }, main, paused)) => {
                    self.until = match main {
                        Main::Sleep { until } if !paused => until,
                        _ => None,
                    };
                    return None;
                }
                Some((State::Exited { code, .. }, _, _)) => cx.io.out(&format!("{code}\n")),
                // Created (not running), or removed since (a --rm container that ended
                // as its sleep did).
                _ => cx.io.out("0\n"),
            }
            self.ids.remove(0);
        }
        for e in &self.errors {
            cx.io.err(e);
        }
        Some(i32::from(!self.errors.is_empty()))
    }

    fn progress(&self) -> crate::job::Progress {
        crate::job::Progress {
            label: "waiting",
            done: 0,
            total: 0,
        }
    }

    fn wait(&self) -> crate::cli::Wait {
        // A sleep ends with the clock; anything else runs until stopped (from another
        // terminal, which the page does not have: Ctrl-C gives the prompt back).
        match self.until {
            Some(t) => crate::cli::Wait::Until(t),
            None => crate::cli::Wait::Signal,
        }
    }
}

/// A container's processes as layerlab imagines them: (user, PID, PPID, command line).
/// PIDs are host PIDs (ps runs on the host) derived from the container's ID; the parent of
/// the main process is its containerd shim.
fn processes(c: &Container) -> Vec<(&'static str, u32, u32, String)> {
    let id = c.id.as_bytes();
    let pid = 1000 + u32::from_be_bytes([id[0], id[1], id[2], id[3]]) % 60000;
    let shim = pid - 21;
    let line = std::iter::once(c.path.as_str())
        .chain(c.args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let nginx =
        c.args.first().is_some_and(|a| a == "nginx") || c.path.rsplit('/').next() == Some("nginx");
    match c.main {
        Main::Server if nginx => {
            let args: Vec<&str> = c
                .args
                .iter()
                .map(String::as_str)
                .skip_while(|a| *a != "nginx")
                .collect();
            let master = if args.is_empty() {
                line
            } else {
                args.join(" ")
            };
            // nginx's worker_processes auto: one per CPU (docker info's CPUs: 2), as user
            // nginx (uid 101, which the host's ps shows as a number).
            vec![
                ("root", pid, shim, format!("nginx: master process {master}")),
                ("101", pid + 31, pid, "nginx: worker process".into()),
                ("101", pid + 32, pid, "nginx: worker process".into()),
            ]
        }
        _ => vec![("root", pid, shim, line)],
    }
}

/// procps' STIME: `HH:MM` for a process started in the last 24 hours, else `MonDD`.
fn stime(started: Timestamp, now: Timestamp) -> String {
    let t = started.to_rfc3339();
    if now.0 - started.0 < 86_400 * 1_000_000_000 {
        return t[11..16].to_string();
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: usize = t[5..7].parse().unwrap_or(1);
    format!("{}{}", MONTHS[month.clamp(1, 12) - 1], &t[8..10])
}

/// docker/cli top.go's tabwriter: minwidth 20, padding 3, the last column unpadded.
fn top_table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate().take(r.len().saturating_sub(1)) {
            widths[i] = widths[i].max((crate::format::display_width(c) + 3).max(20));
        }
    }
    let mut out = String::new();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            out.push_str(c);
            if i + 1 < r.len() {
                let pad = widths[i] - crate::format::display_width(c);
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

/// `docker top CONTAINER [ps OPTIONS]`: moby runs the host's `ps -ef` (or the options
/// given) and keeps the container's processes. Only `-ef`, the default, is simulated.
pub fn top(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    // Flags end at the container name (cobra's SetInterspersed(false)): what follows is ps's.
    let split = args
        .iter()
        .position(|a| !a.starts_with('-') || a == "-")
        .unwrap_or(args.len());
    let p = match parse_flags(cx, usage, &args[..split], &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let rest = &args[split..];
    let mut all = p.args.clone();
    all.extend(rest.iter().cloned());
    if all.is_empty() {
        let p = crate::cli::flags::Parsed::default();
        return check_args(cx, usage, &p, Args::AtLeast(1))
            .err()
            .unwrap_or(1);
    }
    let ps_args = all[1..].join(" ");
    if !(ps_args.is_empty() || ps_args == "-ef") {
        cx.io.err(&format!(
            "layerlab: docker top: only ps's default columns (-ef) are simulated, not \"{ps_args}\"\n"
        ));
        return 1;
    }
    let i = match cx.containers.find(&all[0]) {
        Ok(i) => i,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
    };
    let Some(c) = cx.containers.get(i) else {
        return 1;
    };
    let State::Running { started } = c.state else {
        cx.io.err(&format!(
            "Error response from daemon: container {} is not running\n",
            c.id.hex()
        ));
        return 1;
    };
    let tty = if c.tty { "pts/0" } else { "?" };
    let mut rows = vec!["UID PID PPID C STIME TTY TIME CMD"
        .split(' ')
        .map(String::from)
        .collect::<Vec<_>>()];
    for (user, pid, ppid, cmd) in processes(c) {
        rows.push(vec![
            user.into(),
            pid.to_string(),
            ppid.to_string(),
            "0".into(),
            stime(started, cx.now),
            tty.into(),
            "00:00:00".into(),
            cmd,
        ]);
    }
    cx.io.out(&top_table(&rows));
    0
}

/// go-units BytesSize: binary units, `%.4g`.
fn bytes_size(size: f64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut s = size;
    let mut i = 0;
    while s >= 1024.0 && i < UNITS.len() - 1 {
        s /= 1024.0;
        i += 1;
    }
    format!("{}{}", crate::go::fmt::g(s, 4), UNITS[i])
}

/// The memory limit without `-m`: the host's memory (docker info's Total Memory).
const MEM_LIMIT: u64 = 8_322_240_512;

/// One row of `docker stats`: layerlab's own figures for a running container (the memory
/// its processes would take, what a bridge network receives, its writes to the writable
/// layer), and the daemon's empty stats (all zero) for one that is not running.
fn stats_row(c: &Container, asked: &str, trunc: bool) -> Value {
    let running = c.is_running();
    let procs = if running { processes(c).len() } else { 0 };
    let mem: u64 = match c.main {
        _ if !running => 0,
        Main::Server if procs > 1 => 3_461_120,
        Main::Server => 2_097_152,
        Main::Shell => 548_864,
        Main::Follower => 430_080,
        Main::Sleep { .. } | Main::None => 389_120,
    };
    let limit = if running { MEM_LIMIT } else { 0 };
    let mem_perc = if limit == 0 {
        0.0
    } else {
        mem as f64 / limit as f64 * 100.0
    };
    let net_rx: u64 = if running && !matches!(c.network.as_str(), "none" | "host") {
        872
    } else {
        0
    };
    let block_write = if running {
        c.size_rw().div_ceil(4096) * 4096
    } else {
        0
    };
    let hs = crate::format::human_size;
    formatting::row(&[
        ("BlockIO", format!("{} / {}", hs(0), hs(block_write))),
        ("CPUPerc", "0.00%".into()),
        ("Container", asked.to_string()),
        ("ID", if trunc { c.id.short() } else { c.id.hex() }),
        (
            "MemPerc",
            format!("{}%", crate::go::fmt::format_float(mem_perc, 'f', 2)),
        ),
        (
            "MemUsage",
            format!("{} / {}", bytes_size(mem as f64), bytes_size(limit as f64)),
        ),
        ("Name", c.name.clone()),
        ("NetIO", format!("{} / {}", hs(net_rx), hs(0))),
        ("PIDs", procs.to_string()),
    ])
}

const STATS_TABLE: &str = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
const STATS_HEADERS: &[(&str, &str)] = &[
    ("BlockIO", "BLOCK I/O"),
    ("CPUPerc", "CPU %"),
    ("Container", "CONTAINER"),
    ("ID", "CONTAINER ID"),
    ("MemPerc", "MEM %"),
    ("MemUsage", "MEM USAGE / LIMIT"),
    ("Name", "NAME"),
    ("NetIO", "NET I/O"),
    ("PIDs", "PIDS"),
];

/// `docker stats --no-stream [-a] [CONTAINER...]` (docker/cli stats.go RunStats): without
/// names, the running containers (all with `-a`) newest first as ContainerList gives them;
/// with names, each as asked, the daemon's errors joined instead of the table. Without
/// `--no-stream` the real command redraws until Ctrl-C; layerlab refuses with its own line.
pub fn stats(cx: &mut Ctx, args: &[String], usage: &Usage) -> crate::cli::Exec {
    let stream = !args
        .iter()
        .any(|a| a == "--no-stream" || a == "--help" || a == "-h");
    let code = stats_once(cx, args, usage, stream);
    if code != 0 || !stream {
        return crate::cli::Exec::Done(code);
    }
    crate::cli::Exec::Job(Box::new(Redraw))
}

/// `docker stats` without `--no-stream`: the table stays on the screen (docker/cli
/// redraws it every half second; layerlab's figures do not change) until Ctrl-C.
struct Redraw;

impl crate::job::HashOffload for Redraw {}

impl crate::cli::CmdJob for Redraw {
    fn step(&mut self, _cx: &mut Ctx, _budget: usize) -> Option<i32> {
        None
    }

    fn progress(&self) -> crate::job::Progress {
        crate::job::Progress {
            label: "stats",
            done: 0,
            total: 0,
        }
    }

    fn wait(&self) -> crate::cli::Wait {
        crate::cli::Wait::Signal
    }
}

fn stats_once(cx: &mut Ctx, args: &[String], usage: &Usage, stream: bool) -> i32 {
    let specs: &[Spec] = &[
        flag(Some('a'), "all"),
        value(None, "format"),
        flag(None, "no-stream"),
        flag(None, "no-trunc"),
    ];
    let p = match parse_flags(cx, usage, args, specs) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let trunc = !p.on("no-trunc");
    let mut rows = Vec::new();
    if p.args.is_empty() {
        for c in cx.containers.newest_first() {
            if p.on("all") || c.is_running() {
                rows.push(stats_row(c, &c.id.short(), trunc));
            }
        }
    } else {
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for name in &p.args {
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            match cx.containers.find(name) {
                Ok(i) => {
                    if let Some(c) = cx.containers.get(i) {
                        rows.push(stats_row(c, name, trunc));
                    }
                }
                Err(e) => errors.push(format!("Error response from daemon: {e}\n")),
            }
        }
        if !errors.is_empty() {
            for e in errors {
                cx.io.err(&e);
            }
            return 1;
        }
    }
    let format = Format::choose(p.value("format"), STATS_TABLE);
    match render(&format, STATS_HEADERS, &rows, "*container.statsContext") {
        Ok(text) if stream => {
            // docker/cli stats.go: the cursor goes to the top-left, each line erases what
            // is left of the old one, and what is below the table is erased.
            let mut screen = String::from("\x1b[H");
            for line in text.lines() {
                screen.push_str(&format!("{line} \x1b[K\n"));
            }
            screen.push_str("\x1b[J");
            cx.io.out(&screen);
            0
        }
        Ok(text) => {
            cx.io.out(&text);
            0
        }
        Err(e) => {
            cx.io.err(&format!("{e}\n"));
            1
        }
    }
}
