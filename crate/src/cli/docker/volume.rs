//! `docker volume create`, `ls`, `inspect`, `rm` and `prune`: docker/cli's
//! cli/command/volume files for the output and flags, moby's volume/service and
//! volume/local for the errors (the data is the session's, see `crate::volumes`).

use super::formatting::{self, render, Format};
use super::{check_args, parse_flags, require_args, Args, Usage};
use crate::cli::flags::{flag, value};
use crate::cli::{Ctx, Exec};
use crate::format::human_size_4;
use crate::volumes::{mountpoint, Volume};
use serde_json::{json, Map, Value};

const GROUP_USAGE: &str = "Usage:  docker volume COMMAND

Manage volumes

Commands:
  create      Create a volume
  inspect     Display detailed information on one or more volumes
  ls          List volumes
  prune       Remove unused local volumes
  rm          Remove one or more volumes

Run 'docker volume COMMAND --help' for more information on a command.
";

const CREATE: Usage = Usage {
    command: "docker volume create",
    synopsis: "docker volume create [OPTIONS] [VOLUME]",
    summary: "Create a volume",
    aliases: "",
    options: "  -d, --driver string   Specify volume driver name (default \"local\")\n      --label list      Set metadata for a volume\n  -o, --opt map         Set driver specific options (default map[])\n",
};

const LS: Usage = Usage {
    command: "docker volume ls",
    synopsis: "docker volume ls [OPTIONS]",
    summary: "List volumes",
    aliases: "docker volume ls, docker volume list",
    options: concat!(
        "  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n",
        "      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n",
        "  -q, --quiet           Only display volume names\n"
    ),
};

const INSPECT: Usage = Usage {
    command: "docker volume inspect",
    synopsis: "docker volume inspect [OPTIONS] VOLUME [VOLUME...]",
    summary: "Display detailed information on one or more volumes",
    aliases: "",
    options: "  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n",
};

const RM: Usage = Usage {
    command: "docker volume rm",
    synopsis: "docker volume rm [OPTIONS] VOLUME [VOLUME...]",
    summary:
        "Remove one or more volumes. You cannot remove a volume that is in use by a container.",
    aliases: "docker volume rm, docker volume remove",
    options: "  -f, --force   Force the removal of one or more volumes\n",
};

const PRUNE: Usage = Usage {
    command: "docker volume prune",
    synopsis: "docker volume prune [OPTIONS]",
    summary: "Remove unused local volumes",
    aliases: "",
    options: "  -a, --all             Remove all unused volumes, not just anonymous ones\n      --filter filter   Provide filter values (e.g. \"label=<label>\")\n  -f, --force           Do not prompt for confirmation\n",
};

pub fn group(cx: &mut Ctx, args: &[String]) -> Exec {
    let Some(sub) = args.first() else {
        cx.io.out(GROUP_USAGE);
        return Exec::Done(0);
    };
    let rest = &args[1..];
    Exec::Done(match sub.as_str() {
        "create" => create(cx, rest),
        "ls" | "list" => ls(cx, rest),
        "inspect" => inspect(cx, rest),
        "rm" | "remove" => rm(cx, rest),
        "prune" => return prune(cx, rest),
        "--help" | "help" => {
            cx.io.out(GROUP_USAGE);
            0
        }
        other => {
            cx.io.err(&format!("docker: unknown command: docker volume {other}\n\nUsage:  docker volume\n\nRun 'docker volume --help' for more information\n"));
            1
        }
    })
}

fn key_values(list: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for l in list {
        let (k, v) = l.split_once('=').unwrap_or((l, ""));
        out.retain(|(ek, _)| ek != k);
        out.push((k.to_string(), v.to_string()));
    }
    out
}

fn create(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(
        cx,
        &CREATE,
        args,
        &[
            value(Some('d'), "driver"),
            value(None, "label"),
            value(Some('o'), "opt"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if p.args.len() > 1 {
        // docker/cli cli/required.go RequiresMaxArgs (its "S" before "Run" is Docker's).
        cx.io.err(&format!(
            "docker: 'docker volume create' requires at most 1 argument\n\nUsage:  {}\n\nSRun 'docker volume create --help' for more information\n",
            CREATE.synopsis
        ));
        return 1;
    }
    let name = p.args.first().cloned();
    let shown = name.clone().unwrap_or_default();
    let driver = p.value("driver").unwrap_or("local");
    if driver != "local" {
        let e = crate::volumes::VolumeError::NoDriver {
            name: shown,
            driver: driver.to_string(),
        };
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        return 1;
    }
    if !p.values("opt").is_empty() {
        cx.io.err(&format!("Error response from daemon: create {shown}: layerlab: the local driver's -o options need a real mount and are not simulated\n"));
        return 1;
    }
    let labels = key_values(p.values("label"));
    match cx
        .containers
        .volumes
        .create(name.as_deref(), labels, false, cx.now)
    {
        Ok(v) => {
            let n = v.name.clone();
            cx.io.out(&format!("{n}\n"));
            0
        }
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            1
        }
    }
}

fn labels_text(v: &Volume) -> String {
    let mut l: Vec<String> = v.labels.iter().map(|(k, x)| format!("{k}={x}")).collect();
    l.sort();
    l.join(",")
}

const HEADERS: &[(&str, &str)] = &[
    ("Availability", "AVAILABILITY"),
    ("Driver", "DRIVER"),
    ("Group", "GROUP"),
    ("Labels", "LABELS"),
    ("Links", "LINKS"),
    ("Mountpoint", "MOUNTPOINT"),
    ("Name", "VOLUME NAME"),
    ("Scope", "SCOPE"),
    ("Size", "SIZE"),
    ("Status", "STATUS"),
];

fn ls(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(
        cx,
        &LS,
        args,
        &[
            value(Some('f'), "filter"),
            value(None, "format"),
            flag(Some('q'), "quiet"),
            flag(None, "cluster"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, &LS, &p, Args::None) {
        return code;
    }
    let mut list: Vec<&Volume> = cx.containers.volumes.iter().collect();
    for f in p.values("filter") {
        let (k, v) = f.split_once('=').unwrap_or((f, ""));
        match k {
            "dangling" => {
                let want = matches!(v, "true" | "1");
                list.retain(|vol| cx.containers.volume_users(&vol.name).is_empty() == want);
            }
            "name" => list.retain(|vol| vol.name.contains(v)),
            "driver" => list.retain(|_| v == "local"),
            "label" => {
                let (lk, lv) = match v.split_once('=') {
                    Some((a, b)) => (a, Some(b)),
                    None => (v, None),
                };
                list.retain(|vol| {
                    vol.labels
                        .iter()
                        .any(|(k, x)| k == lk && lv.is_none_or(|lv| lv == x))
                });
            }
            _ => {
                cx.io.err(&format!(
                    "Error response from daemon: invalid filter '{k}'\n"
                ));
                return 1;
            }
        }
    }
    // docker/cli volume/list.go: sorted by name in natural order.
    list.sort_by(|a, b| super::port::natural_cmp(&a.name, &b.name));
    let rows: Vec<Value> = list
        .iter()
        .map(|v| {
            formatting::row(&[
                ("Availability", "N/A".into()),
                ("Driver", "local".into()),
                ("Group", "N/A".into()),
                ("Labels", labels_text(v)),
                ("Links", "N/A".into()),
                ("Mountpoint", mountpoint(&v.name)),
                ("Name", v.name.clone()),
                ("Scope", "local".into()),
                ("Size", "N/A".into()),
                ("Status", "N/A".into()),
            ])
        })
        .collect();
    let format = match p.value("format") {
        None | Some("table") if p.on("quiet") => Format::Raw("{{.Name}}".into()),
        f => Format::choose(f, "table {{.Driver}}\\t{{.Name}}"),
    };
    match render(&format, HEADERS, &rows, "*formatter.volumeContext") {
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

/// moby's volume.Volume JSON (CreatedAt in seconds, Labels and Options null when empty).
fn inspect_json(v: &Volume) -> Value {
    let labels: Value = if v.labels.is_empty() {
        Value::Null
    } else {
        let mut l: Vec<&(String, String)> = v.labels.iter().collect();
        l.sort();
        Value::Object(
            l.into_iter()
                .map(|(k, x)| (k.clone(), Value::String(x.clone())))
                .collect::<Map<String, Value>>(),
        )
    };
    let created = crate::time::Timestamp::from_unix_seconds(v.created.unix_seconds());
    json!({
        "CreatedAt": created.to_rfc3339(),
        "Driver": "local",
        "Labels": labels,
        "Mountpoint": mountpoint(&v.name),
        "Name": v.name,
        "Options": null,
        "Scope": "local"
    })
}

fn inspect(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &INSPECT, args, &[value(Some('f'), "format")]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, &INSPECT, &p, 1) {
        return code;
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for name in &p.args {
        match cx.containers.volumes.find(name) {
            Ok(v) => found.push(inspect_json(v)),
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    super::inspect::print(cx, found, p.value("format"), errors)
}

fn rm(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &RM, args, &[flag(Some('f'), "force")]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, &RM, &p, 1) {
        return code;
    }
    let mut status = 0;
    for name in &p.args {
        match cx.containers.remove_volume(name) {
            Ok(_) => cx.io.out(&format!("{name}\n")),
            // -f: a missing volume is no error (docker/cli prints its name all the same).
            Err(crate::volumes::VolumeError::NotFound { .. }) if p.on("force") => {
                cx.io.out(&format!("{name}\n"))
            }
            Err(e) => {
                cx.io.err(&format!("Error response from daemon: {e}\n"));
                status = 1;
            }
        }
    }
    status
}

const WARNING: &str = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ";
const WARNING_ALL: &str = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ";

fn prune(cx: &mut Ctx, args: &[String]) -> Exec {
    let p = match parse_flags(
        cx,
        &PRUNE,
        args,
        &[
            flag(Some('a'), "all"),
            flag(Some('f'), "force"),
            value(None, "filter"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = check_args(cx, &PRUNE, &p, Args::None) {
        return Exec::Done(code);
    }
    let all = p.on("all");
    if p.on("force") {
        return Exec::Done(do_prune(cx, all));
    }
    Exec::Prompt {
        question: (if all { WARNING_ALL } else { WARNING }).to_string(),
        then: Box::new(move |cx: &mut Ctx, answer: &str| {
            if answer.trim().eq_ignore_ascii_case("y") {
                do_prune(cx, all)
            } else {
                0
            }
        }),
    }
}

/// moby's VolumesService.Prune: unused volumes (only anonymous ones unless `all`).
fn do_prune(cx: &mut Ctx, all: bool) -> i32 {
    let victims: Vec<String> = cx
        .containers
        .volumes
        .iter()
        .filter(|v| all || v.anonymous)
        .map(|v| v.name.clone())
        .filter(|n| cx.containers.volume_users(n).is_empty())
        .collect();
    let mut out = String::new();
    let mut reclaimed = 0;
    for n in &victims {
        if let Ok(v) = cx.containers.remove_volume(n) {
            reclaimed += v.size();
            out.push_str(&format!("{n}\n"));
        }
    }
    if !out.is_empty() {
        cx.io.out(&format!("Deleted Volumes:\n{out}\n"));
    }
    cx.io.out(&format!(
        "Total reclaimed space: {}\n",
        human_size_4(reclaimed)
    ));
    0
}
