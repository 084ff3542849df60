//! Published ports: `-p` as docker/cli parses it (go-connections nat.ParsePortSpec), the
//! PORTS column as docker/cli's formatter.DisplayablePorts prints it, and `docker port`.

use super::lifecycle::{DockerError, Forms};
use super::{parse_flags, Usage};
use crate::cli::Ctx;
use crate::containers::{Container, PortBinding};
use serde_json::{json, Map, Value};

pub const PORT: Forms = Forms {
    docker: Usage {
        command: "docker port",
        synopsis: "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
        summary: "List port mappings or a specific mapping for the container",
        aliases: "docker container port, docker port",
        options: "",
    },
    container: Usage {
        command: "docker container port",
        synopsis: "docker container port CONTAINER [PRIVATE_PORT[/PROTO]]",
        summary: "List port mappings or a specific mapping for the container",
        aliases: "docker container port, docker port",
        options: "",
    },
};

/// go-connections' ParsePortRange: `80` or `8000-8010`.
fn port_range(s: &str) -> Option<(u16, u16)> {
    match s.split_once('-') {
        None => s.parse().ok().map(|p| (p, p)),
        Some((a, b)) => {
            let (a, b): (u16, u16) = (a.parse().ok()?, b.split('-').next()?.parse().ok()?);
            (b >= a).then_some((a, b))
        }
    }
}

/// One `-p` value: `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`, with go-connections'
/// errors. A range gives one binding per port.
pub fn parse_publish(raw: &str) -> Result<Vec<PortBinding>, DockerError> {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let (ip, host, container) = match n {
        1 => (String::new(), "", parts[0]),
        2 => (String::new(), parts[0], parts[1]),
        _ => (parts[..n - 2].join(":"), parts[n - 2], parts[n - 1]),
    };
    let (container, proto) = match container.split_once('/') {
        Some((p, proto)) => (p, proto),
        None => (container, "tcp"),
    };
    let ip = match ip.strip_prefix('[').and_then(|i| i.strip_suffix(']')) {
        Some(inner) => inner.to_string(),
        None => ip,
    };
    if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
        return Err(DockerError(format!("invalid IP address: {ip}")));
    }
    if container.is_empty() {
        return Err(DockerError(format!("no port specified: {raw}<empty>")));
    }
    let (start, end) = port_range(container)
        .ok_or_else(|| DockerError(format!("invalid containerPort: {container}")))?;
    let (hstart, hend) = if host.is_empty() {
        (0, 0)
    } else {
        port_range(host).ok_or_else(|| DockerError(format!("invalid hostPort: {host}")))?
    };
    if !host.is_empty() && end - start != hend - hstart && end != start {
        return Err(DockerError(format!(
            "invalid ranges specified for container and host Ports: {container} and {host}"
        )));
    }
    if !matches!(proto.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp") {
        return Err(DockerError(format!("invalid proto: {proto}")));
    }
    Ok((0..=(end - start))
        .map(|i| {
            let host_port = if host.is_empty() {
                String::new()
            } else if start == end && hstart != hend {
                format!("{hstart}-{hend}")
            } else {
                (hstart + i).to_string()
            };
            PortBinding {
                port: start + i,
                proto: proto.to_ascii_lowercase(),
                host_ip: ip.clone(),
                host_port,
            }
        })
        .collect())
}

/// Go's net.JoinHostPort: brackets around an IPv6 address.
fn join_host_port(ip: &str, port: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// One row of the daemon's port list (moby container/view.go): a bound port, or an
/// exposed one without a binding (no IP, no public port).
struct Port {
    private: u16,
    public: u16,
    proto: String,
    ip: String,
}

/// What the daemon reports for a container: nothing unless it runs (moby releases the
/// ports when it stops); then each exposed port, with its bindings.
fn port_list(c: &Container) -> Vec<Port> {
    if !c.is_running() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (port, proto) in c.exposed_ports() {
        let bound: Vec<&PortBinding> = c
            .bound
            .iter()
            .filter(|b| b.port == port && b.proto == proto)
            .collect();
        if bound.is_empty() {
            out.push(Port {
                private: port,
                public: 0,
                proto,
                ip: String::new(),
            });
            continue;
        }
        for b in bound {
            out.push(Port {
                private: port,
                public: b.host_port.parse().unwrap_or(0),
                proto: proto.clone(),
                ip: b.host_ip.clone(),
            });
        }
    }
    out
}

/// `docker ps`'s PORTS: docker/cli formatter.DisplayablePorts (runs of consecutive ports
/// grouped, `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`, `80/tcp` for an unpublished one).
pub fn display_ports(c: &Container) -> String {
    let mut ports = port_list(c);
    ports.sort_by(|a, b| {
        (a.private, &a.ip, a.public, &a.proto).cmp(&(b.private, &b.ip, b.public, &b.proto))
    });
    let form = |key: &str, first: u16, last: u16| -> String {
        let (ip, proto) = match key.rsplit_once('/') {
            Some((ip, proto)) => (ip, proto),
            None => ("", key),
        };
        let mut group = first.to_string();
        if first != last {
            group = format!("{group}-{last}");
        }
        if !ip.is_empty() {
            group = format!("{}->{group}", join_host_port(ip, &group));
        }
        format!("{group}/{proto}")
    };
    let mut groups: Vec<(String, u16, u16)> = Vec::new();
    let mut result = Vec::new();
    let mut host_mappings = Vec::new();
    for p in &ports {
        let mut key = p.proto.clone();
        if !p.ip.is_empty() {
            if p.public != p.private {
                host_mappings.push(format!(
                    "{}->{}/{}",
                    join_host_port(&p.ip, &p.public.to_string()),
                    p.private,
                    p.proto
                ));
                continue;
            }
            key = format!("{}/{}", p.ip, p.proto);
        }
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            None => groups.push((key, p.private, p.private)),
            Some(g) if p.private == g.2.wrapping_add(1) => g.2 = p.private,
            Some(g) => {
                result.push(form(&g.0, g.1, g.2));
                g.1 = p.private;
                g.2 = p.private;
            }
        }
    }
    for (k, first, last) in &groups {
        result.push(form(k, *first, *last));
    }
    result.extend(host_mappings);
    result.join(", ")
}

/// `NetworkSettings.Ports` in `docker inspect`: each exposed port of a running container
/// with its bindings (null when unpublished); `{}` otherwise.
pub fn network_ports(c: &Container) -> Value {
    let mut m = Map::new();
    if c.is_running() {
        let mut exposed = c.exposed_ports();
        exposed.sort_by_key(|(p, proto)| format!("{p}/{proto}"));
        for (port, proto) in exposed {
            let bound: Vec<Value> = c
                .bound
                .iter()
                .filter(|b| b.port == port && b.proto == proto)
                .map(|b| json!({"HostIp": b.host_ip, "HostPort": b.host_port}))
                .collect();
            let v = if bound.is_empty() {
                Value::Null
            } else {
                Value::Array(bound)
            };
            m.insert(format!("{port}/{proto}"), v);
        }
    }
    Value::Object(m)
}

/// `HostConfig.PortBindings`: the `-p` bindings as given.
pub fn port_bindings(c: &Container) -> Value {
    let mut m: Map<String, Value> = Map::new();
    let mut keys: Vec<String> = c.port_bindings.iter().map(PortBinding::key).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let v: Vec<Value> = c
            .port_bindings
            .iter()
            .filter(|b| b.key() == k)
            .map(|b| json!({"HostIp": b.host_ip, "HostPort": b.host_port}))
            .collect();
        m.insert(k, Value::Array(v));
    }
    Value::Object(m)
}

/// Natural order (sortorder.NaturalLess): digit runs compare as numbers.
pub(super) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (&a[..da], &b[..db]);
                let ta = na.iter().skip_while(|c| **c == b'0').count();
                let tb = nb.iter().skip_while(|c| **c == b'0').count();
                let o = ta
                    .cmp(&tb)
                    .then_with(|| na[da - ta..].cmp(&nb[db - tb..]))
                    .then(da.cmp(&db));
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

/// `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`: docker/cli container/port.go.
pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let n = p.args.len();
    if !(1..=2).contains(&n) {
        // cli.RequiresRangeArgs(1, 2)
        cx.io.err(&format!(
            "docker: '{}' requires at least 1 and at most 2 arguments\n\nUsage:  {}\n\nRun '{} --help' for more information\n",
            usage.command, usage.synopsis, usage.command
        ));
        return 1;
    }
    let name = &p.args[0];
    let i = match cx.containers.find(name) {
        Ok(i) => i,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
    };
    let Some(c) = cx.containers.get(i) else {
        return 1;
    };
    let ports = port_list(c);
    let mut out: Vec<String> = Vec::new();
    if let Some(want) = p.args.get(1) {
        let (port, proto) = want.split_once('/').unwrap_or((want, ""));
        let proto = if proto.is_empty() { "tcp" } else { proto };
        if port.parse::<u16>().is_err() {
            let why = if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                "invalid syntax"
            } else {
                "value out of range"
            };
            cx.io.err(&format!(
                "Error: invalid port ({port}): strconv.ParseUint: parsing \"{port}\": {why}\n"
            ));
            return 1;
        }
        let hits: Vec<&Port> = ports
            .iter()
            .filter(|x| x.private.to_string() == port && x.proto == proto && !x.ip.is_empty())
            .collect();
        if hits.is_empty() {
            cx.io.err(&format!(
                "Error: No public port '{want}' published for {name}\n"
            ));
            return 1;
        }
        out.extend(
            hits.iter()
                .map(|x| join_host_port(&x.ip, &x.public.to_string())),
        );
    } else {
        out.extend(ports.iter().filter(|x| !x.ip.is_empty()).map(|x| {
            format!(
                "{}/{} -> {}",
                x.private,
                x.proto,
                join_host_port(&x.ip, &x.public.to_string())
            )
        }));
    }
    out.sort_by(|a, b| natural_cmp(a, b));
    if !out.is_empty() {
        cx.io.out(&format!("{}\n", out.join("\n")));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_specs_parse_as_go_connections_parses_them() {
        let b = parse_publish("8080:80").unwrap();
        assert_eq!((b[0].port, b[0].host_port.as_str()), (80, "8080"));
        assert_eq!(
            parse_publish("127.0.0.1:8080:80/udp").unwrap()[0].proto,
            "udp"
        );
        assert_eq!(parse_publish("[::1]:80:80").unwrap()[0].host_ip, "::1");
        assert_eq!(parse_publish("8000-8001:80-81").unwrap().len(), 2);
        assert_eq!(
            parse_publish("abc").unwrap_err(),
            "invalid containerPort: abc"
        );
        assert_eq!(
            parse_publish("99999:80").unwrap_err(),
            "invalid hostPort: 99999"
        );
        assert_eq!(parse_publish("80/xyz").unwrap_err(), "invalid proto: xyz");
        assert_eq!(
            parse_publish("1.2.3:80:80").unwrap_err(),
            "invalid IP address: 1.2.3"
        );
    }

    #[test]
    fn natural_order() {
        assert!(natural_cmp("80/tcp -> 0.0.0.0:9", "443/tcp -> 0.0.0.0:9").is_lt());
        assert!(natural_cmp("a2", "a10").is_lt());
    }
}
