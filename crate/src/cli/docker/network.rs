//! `docker network ls`, `create`, `inspect` and `rm`: docker/cli's cli/command/network
//! files for the output, moby's daemon/network.go and libnetwork for the errors. The three
//! predefined networks (bridge, host, none) always exist; network IDs are layerlab's own
//! (sha256 of a fixed text, or of the name, clock and a counter for created ones).

use super::formatting::{self, render, Format};
use super::lifecycle::DockerError;
use super::{check_args, parse_flags, require_args, Args, Usage};
use crate::cli::flags::{flag, value};
use crate::cli::{Ctx, Exec};
use crate::containers::{Containers, Network};
use crate::digest::Digest;
use crate::time::Timestamp;
use serde_json::{json, Map, Value};

const GROUP_USAGE: &str = "Usage:  docker network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'docker network COMMAND --help' for more information on a command.
";

const LS: Usage = Usage {
    command: "docker network ls",
    synopsis: "docker network ls [OPTIONS]",
    summary: "List networks",
    aliases: "docker network ls, docker network list",
    options: concat!(
        "  -f, --filter filter   Provide filter values (e.g. \"driver=bridge\")\n",
        "      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n",
        "      --no-trunc        Do not truncate the output\n  -q, --quiet           Only display network IDs\n"
    ),
};

const CREATE: Usage = Usage {
    command: "docker network create",
    synopsis: "docker network create [OPTIONS] NETWORK",
    summary: "Create a network",
    aliases: "",
    options: "      --attachable           Enable manual container attachment\n      --aux-address map      Auxiliary IPv4 or IPv6 addresses used by\n                             Network driver (default map[])\n      --config-from string   The network from which to copy the configuration\n      --config-only          Create a configuration only network\n  -d, --driver string        Driver to manage the Network (default \"bridge\")\n      --gateway strings      IPv4 or IPv6 Gateway for the master subnet\n      --ingress              Create swarm routing-mesh network\n      --internal             Restrict external access to the network\n      --ip-range strings     Allocate container ip from a sub-range\n      --ipam-driver string   IP Address Management Driver (default \"default\")\n      --ipam-opt map         Set IPAM driver specific options (default map[])\n      --ipv4                 Enable or disable IPv4 address assignment\n                             (default true)\n      --ipv6                 Enable or disable IPv6 address assignment\n      --label list           Set metadata on a network\n  -o, --opt map              Set driver specific options (default map[])\n      --scope string         Control the network's scope\n      --subnet strings       Subnet in CIDR format that represents a\n                             network segment\n",
};

const INSPECT: Usage = Usage {
    command: "docker network inspect",
    synopsis: "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
    summary: "Display detailed information on one or more networks",
    aliases: "",
    options: "  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -v, --verbose         Verbose output for diagnostics\n",
};

const RM: Usage = Usage {
    command: "docker network rm",
    synopsis: "docker network rm NETWORK [NETWORK...]",
    summary: "Remove one or more networks",
    aliases: "docker network rm, docker network remove",
    options: "  -f, --force   Do not error if the network does not exist\n",
};

/// The predefined networks: name, driver.
const PREDEFINED: &[(&str, &str)] = &[("bridge", "bridge"), ("host", "host"), ("none", "null")];

/// When the predefined networks were made (the daemon's start): layerlab's own fixed time.
const DAEMON_STARTED: &str = "2026-01-01T00:00:00Z";

/// A network as `ls` and `inspect` see it.
struct View {
    id: Digest,
    name: String,
    driver: String,
    created: Timestamp,
    /// `172.N.0.0/16`'s N; none for host and none.
    octet: Option<u8>,
    labels: Vec<(String, String)>,
    internal: bool,
}

fn predefined_id(name: &str) -> Digest {
    Digest::of(format!("layerlab-network {name}").as_bytes())
}

fn views(containers: &Containers, now: Timestamp) -> Vec<View> {
    let started = Timestamp::parse_rfc3339(DAEMON_STARTED).unwrap_or(now);
    let mut v: Vec<View> = PREDEFINED
        .iter()
        .map(|(name, driver)| View {
            id: predefined_id(name),
            name: name.to_string(),
            driver: driver.to_string(),
            created: started,
            octet: (*name == "bridge").then_some(17),
            labels: Vec::new(),
            internal: false,
        })
        .collect();
    v.extend(containers.networks.iter().map(|n: &Network| View {
        id: n.id,
        name: n.name.clone(),
        driver: n.driver.clone(),
        created: n.created,
        octet: Some(n.subnet_octet),
        labels: n.labels.clone(),
        internal: n.internal,
    }));
    v
}

/// moby's FindNetwork: the full ID, then the full name, then a unique ID prefix.
fn find(views: &[View], term: &str) -> Result<usize, DockerError> {
    if let Some(i) = views.iter().position(|n| n.id.hex() == term) {
        return Ok(i);
    }
    if let Some(i) = views.iter().position(|n| n.name == term) {
        return Ok(i);
    }
    let hits: Vec<usize> = (0..views.len())
        .filter(|&i| !term.is_empty() && views[i].id.hex().starts_with(term))
        .collect();
    match hits.as_slice() {
        [i] => Ok(*i),
        [] => Err(DockerError(format!("network {term} not found"))),
        _ => Err(DockerError(format!(
            "network {term} is ambiguous ({} matches found based on ID prefix)",
            hits.len()
        ))),
    }
}

/// The name a container's network is known by (the predefined or created one it names),
/// its ID and its subnet octet; `None` when it names no network.
pub fn resolve(
    containers: &Containers,
    now: Timestamp,
    term: &str,
) -> Option<(String, Digest, Option<u8>)> {
    let v = views(containers, now);
    let i = find(&v, term).ok()?;
    Some((v[i].name.clone(), v[i].id, v[i].octet))
}

pub fn group(cx: &mut Ctx, args: &[String]) -> Exec {
    let Some(sub) = args.first() else {
        cx.io.out(GROUP_USAGE);
        return Exec::Done(0);
    };
    let rest = &args[1..];
    Exec::Done(match sub.as_str() {
        "ls" | "list" => ls(cx, rest),
        "create" => create(cx, rest),
        "inspect" => inspect(cx, rest),
        "rm" | "remove" => rm(cx, rest),
        "--help" | "help" => {
            cx.io.out(GROUP_USAGE);
            0
        }
        other => {
            cx.io.err(&format!("docker: unknown command: docker network {other}\n\nUsage:  docker network\n\nRun 'docker network --help' for more information\n"));
            1
        }
    })
}

const TABLE: &str = "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}";
const HEADERS: &[(&str, &str)] = &[
    ("CreatedAt", "CREATED AT"),
    ("Driver", "DRIVER"),
    ("ID", "NETWORK ID"),
    ("IPv4", "IPV4"),
    ("IPv6", "IPV6"),
    ("Internal", "INTERNAL"),
    ("Labels", "LABELS"),
    ("Name", "NAME"),
    ("Scope", "SCOPE"),
];

fn ls(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(
        cx,
        &LS,
        args,
        &[
            value(Some('f'), "filter"),
            value(None, "format"),
            flag(None, "no-trunc"),
            flag(Some('q'), "quiet"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, &LS, &p, Args::None) {
        return code;
    }
    let mut v = views(cx.containers, cx.now);
    // docker/cli network/list.go: sorted by name (natural order).
    v.sort_by(|a, b| super::port::natural_cmp(&a.name, &b.name));
    let no_trunc = p.on("no-trunc");
    let rows: Vec<Value> = v
        .iter()
        .map(|n| {
            formatting::row(&[
                (
                    "CreatedAt",
                    n.created
                        .to_rfc3339()
                        .trim_end_matches('Z')
                        .replace('T', " ")
                        + " +0000 UTC",
                ),
                ("Driver", n.driver.clone()),
                ("ID", if no_trunc { n.id.hex() } else { n.id.short() }),
                ("IPv4", "true".into()),
                ("IPv6", "false".into()),
                ("Internal", n.internal.to_string()),
                (
                    "Labels",
                    n.labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                ("Name", n.name.clone()),
                ("Scope", "local".into()),
            ])
        })
        .collect();
    let format = match p.value("format") {
        None | Some("table") if p.on("quiet") => Format::Raw("{{.ID}}".into()),
        f => Format::choose(f, TABLE),
    };
    match render(&format, HEADERS, &rows, "*formatter.networkContext") {
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

fn create(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(
        cx,
        &CREATE,
        args,
        &[
            value(Some('d'), "driver"),
            value(None, "label"),
            flag(None, "internal"),
            flag(None, "attachable"),
            value(None, "subnet"),
            value(None, "gateway"),
            value(Some('o'), "opt"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, &CREATE, &p, Args::Exactly(1)) {
        return code;
    }
    let name = p.args[0].clone();
    // moby daemon/network.go createNetwork, libnetwork controller.go NewNetwork.
    if PREDEFINED.iter().any(|(n, _)| *n == name) {
        cx.io.err(&format!("Error response from daemon: operation is not permitted on predefined {name} network \n"));
        return 1;
    }
    if cx.containers.networks.iter().any(|n| n.name == name) {
        cx.io.err(&format!(
            "Error response from daemon: network with name {name} already exists\n"
        ));
        return 1;
    }
    let driver = p.value("driver").unwrap_or("bridge").to_string();
    if driver != "bridge" {
        cx.io.err(&format!("Error response from daemon: layerlab: only bridge networks can be created here, not {driver}\n"));
        return 1;
    }
    let (id, octet) = cx.containers.next_network(&name, cx.now);
    let labels = p
        .values("label")
        .iter()
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (l.clone(), String::new()),
        })
        .collect();
    cx.containers.networks.push(Network {
        id,
        name,
        driver,
        created: cx.now,
        subnet_octet: octet,
        labels,
        internal: p.on("internal"),
    });
    cx.io.out(&format!("{}\n", id.hex()));
    0
}

/// The running containers attached to a network, as (name, ID).
fn attached(cx: &Ctx, name: &str) -> Vec<(String, Digest)> {
    cx.containers
        .iter()
        .filter(|c| c.is_running() && c.network == name)
        .map(|c| (c.name.clone(), c.id))
        .collect()
}

/// The endpoint a running container has on a network: layerlab's own deterministic ID.
pub fn endpoint_id(container: &Digest, network: &Digest) -> Digest {
    Digest::of(format!("layerlab-endpoint {container} {network}").as_bytes())
}

/// A container's address on a network with subnet `172.N.0.0/16`: the containers attached
/// to it get .2, .3, ... in the order they were made.
pub fn address(containers: &Containers, network: &str, octet: u8, container: &Digest) -> String {
    let k = containers
        .iter()
        .filter(|c| c.is_running() && c.network == network)
        .position(|c| c.id == *container)
        .unwrap_or(0);
    format!("172.{octet}.0.{}", k + 2)
}

fn inspect_json(cx: &Ctx, n: &View) -> Value {
    let config: Vec<Value> = n
        .octet
        .map(|o| json!({"Subnet": format!("172.{o}.0.0/16"), "Gateway": format!("172.{o}.0.1")}))
        .into_iter()
        .collect();
    let mut containers = Map::new();
    if n.octet.is_some() {
        for (name, id) in attached(cx, &n.name) {
            let ip = address(cx.containers, &n.name, n.octet.unwrap_or(17), &id);
            let last: u8 = ip
                .rsplit('.')
                .next()
                .and_then(|x| x.parse().ok())
                .unwrap_or(2);
            containers.insert(
                id.hex(),
                json!({
                    "Name": name,
                    "EndpointID": endpoint_id(&id, &n.id).hex(),
                    "MacAddress": format!("02:42:ac:{:02x}:00:{last:02x}", n.octet.unwrap_or(17)),
                    "IPv4Address": format!("{ip}/16"),
                    "IPv6Address": ""
                }),
            );
        }
    }
    let options: Map<String, Value> = if n.name == "bridge" {
        [
            ("com.docker.network.bridge.default_bridge", "true"),
            ("com.docker.network.bridge.enable_icc", "true"),
            ("com.docker.network.bridge.enable_ip_masquerade", "true"),
            ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
            ("com.docker.network.bridge.name", "docker0"),
            ("com.docker.network.driver.mtu", "1500"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect()
    } else {
        Map::new()
    };
    let labels: Map<String, Value> = n
        .labels
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "Name": n.name,
        "Id": n.id.hex(),
        "Created": n.created.to_rfc3339_nano(),
        "Scope": "local",
        "Driver": n.driver,
        "EnableIPv4": true,
        "EnableIPv6": false,
        "IPAM": {"Driver": "default", "Options": null, "Config": config},
        "Internal": n.internal,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {"Network": ""},
        "ConfigOnly": false,
        "Containers": containers,
        "Options": options,
        "Labels": labels
    })
}

fn inspect(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(
        cx,
        &INSPECT,
        args,
        &[value(Some('f'), "format"), flag(Some('v'), "verbose")],
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, &INSPECT, &p, 1) {
        return code;
    }
    let v = views(cx.containers, cx.now);
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for name in &p.args {
        match find(&v, name) {
            Ok(i) => found.push(inspect_json(cx, &v[i])),
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    super::inspect::print(cx, found, p.value("format"), errors)
}

/// `docker network rm`: docker/cli network/remove.go prints each error, then its
/// StatusError's text `exit status 1`.
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
        let v = views(cx.containers, cx.now);
        let result = find(&v, name).and_then(|i| {
            let n = &v[i];
            if PREDEFINED.iter().any(|(p, _)| *p == n.name) {
                return Err(DockerError(format!(
                    "{} is a pre-defined network and cannot be removed",
                    n.name
                )));
            }
            let eps = attached(cx, &n.name);
            if !eps.is_empty() {
                let list: Vec<String> = eps
                    .iter()
                    .map(|(cname, cid)| {
                        format!(
                            "name:\"{cname}\" id:\"{}\"",
                            endpoint_id(cid, &n.id).short()
                        )
                    })
                    .collect();
                return Err(DockerError(format!(
                    "error while removing network: network {} has active endpoints ({})",
                    n.name,
                    list.join(", ")
                )));
            }
            Ok(n.id)
        });
        match result {
            Ok(id) => {
                cx.containers.networks.retain(|n| n.id != id);
                cx.io.out(&format!("{name}\n"));
            }
            Err(e) if p.on("force") && e.0.ends_with("not found") => {}
            Err(e) => {
                cx.io.err(&format!("Error response from daemon: {e}\n"));
                status = 1;
            }
        }
    }
    if status != 0 {
        cx.io.err("exit status 1\n");
    }
    status
}
