//! `docker ps` / `docker container ls`: containers, newest first.

use super::formatting::{self, render, Format};
use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
use crate::containers::{Container, State};
use crate::format::{ellipsis, human_size};
use crate::time::{human_duration, Timestamp};
use serde_json::Value;

pub const USAGE: Usage = Usage {
    command: "docker ps",
    synopsis: "docker ps [OPTIONS]",
    summary: "List containers",
    aliases: "docker container ls, docker container list, docker container ps, docker ps",
    options: "  -a, --all             Show all containers (default shows just running)\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -n, --last int        Show n last created containers (includes all\n                        states) (default -1)\n  -l, --latest          Show the latest created container (includes all\n                        states)\n      --no-trunc        Don't truncate output\n  -q, --quiet           Only display container IDs\n  -s, --size            Display total file sizes\n",
};

pub const USAGE_LS: Usage = Usage {
    command: "docker container ls",
    synopsis: "docker container ls [OPTIONS]",
    ..USAGE
};

const SPECS: &[Spec] = &[
    flag(Some('a'), "all"),
    flag(Some('q'), "quiet"),
    flag(None, "no-trunc"),
    flag(Some('s'), "size"),
    flag(Some('l'), "latest"),
    value(Some('n'), "last"),
    value(None, "format"),
];

const TABLE: &str = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}";
const TABLE_SIZE: &str = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}\\t{{.Size}}";
const HEADERS: &[(&str, &str)] = &[
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("ID", "CONTAINER ID"),
    ("Image", "IMAGE"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("Names", "NAMES"),
    ("Networks", "NETWORKS"),
    ("Ports", "PORTS"),
    ("RunningFor", "CREATED"),
    ("Size", "SIZE"),
    ("State", "STATE"),
    ("Status", "STATUS"),
];

/// The daemon's status text (moby container/state.go String): `Up 5 minutes`,
/// `Up 5 minutes (Paused)`, `Exited (0) 2 seconds ago`, `Created`.
pub fn status(c: &Container, now: Timestamp) -> String {
    match c.state {
        State::Created => "Created".to_string(),
        State::Running { started } if c.paused => {
            format!("Up {} (Paused)", human_duration(now.0 - started.0))
        }
        State::Running { started } => format!("Up {}", human_duration(now.0 - started.0)),
        State::Exited { code, finished, .. } => {
            format!("Exited ({code}) {} ago", human_duration(now.0 - finished.0))
        }
    }
}

/// moby container/state.go StateString.
pub fn state_name(c: &Container) -> &'static str {
    match c.state {
        State::Created => "created",
        State::Running { .. } if c.paused => "paused",
        State::Running { .. } => "running",
        State::Exited { .. } => "exited",
    }
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::None) {
        return code;
    }
    let no_trunc = p.on("no-trunc");
    let mut list: Vec<&Container> = cx.containers.newest_first();
    let last: Option<usize> = if p.on("latest") {
        Some(1)
    } else {
        p.value("last").and_then(|n| n.parse().ok())
    };
    match last {
        Some(n) => list.truncate(n),
        None if !p.on("all") => list.retain(|c| c.is_running()),
        None => {}
    }
    let rows: Vec<Value> = list
        .iter()
        .map(|c| {
            let id = if no_trunc { c.id.hex() } else { c.id.short() };
            let command = if no_trunc {
                c.command()
            } else {
                ellipsis(&c.command(), 20)
            };
            let image_size = cx
                .store
                .image(&c.image)
                .map(|i| cx.store.image_size(i))
                .unwrap_or(0);
            let rw = c.size_rw();
            formatting::row(&[
                ("Command", format!("{command:?}")),
                (
                    "CreatedAt",
                    format!(
                        "{} +0000 UTC",
                        Timestamp::from_unix_seconds(c.created.unix_seconds())
                            .to_rfc3339()
                            .trim_end_matches('Z')
                            .replace('T', " ")
                    ),
                ),
                ("ID", id),
                ("Image", c.image_name.clone()),
                ("Labels", String::new()),
                (
                    "Mounts",
                    // docker/cli formatter/container.go Mounts: the volume's name or
                    // the bind's source, cut to 15 unless --no-trunc.
                    c.mounts
                        .iter()
                        .map(|m| {
                            let name = if m.name.is_empty() {
                                &m.source
                            } else {
                                &m.name
                            };
                            if no_trunc {
                                name.clone()
                            } else {
                                ellipsis(name, 15)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                ("Names", c.name.clone()),
                ("Networks", c.network.clone()),
                ("Ports", super::port::display_ports(c)),
                (
                    "RunningFor",
                    format!("{} ago", human_duration(cx.now.0 - c.created.0)),
                ),
                (
                    "Size",
                    format!(
                        "{} (virtual {})",
                        human_size(rw),
                        human_size(rw + image_size)
                    ),
                ),
                ("State", state_name(c).into()),
                ("Status", status(c, cx.now)),
            ])
        })
        .collect();
    let format = match p.value("format") {
        None | Some("table") if p.on("quiet") => Format::Raw("{{.ID}}".into()),
        None | Some("table") if p.on("size") => Format::choose(None, TABLE_SIZE),
        f => Format::choose(f, TABLE),
    };
    match render(&format, HEADERS, &rows, "*formatter.ContainerContext") {
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
