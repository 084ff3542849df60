//! The image and container lists: the rows of `docker images` (one per image, not per
//! tag) and of `docker ps -a`, with the same orders, sizes and status texts.

use super::{created, repo_tags};
use crate::cli::docker::{images as docker_images, port::display_ports, ps};
use crate::format::human_size;
use crate::Session;
use serde_json::{json, Value};

/// Every image, in `docker images` order (newest first):
/// `[{id, shortId, repoTags, created, createdSince, size, sizeText, layers}]`.
pub fn images(session: &Session) -> Value {
    let store = session.store();
    let rows = docker_images::listing_order(store)
        .into_iter()
        .map(|img| {
            let size = store.image_size(img);
            let since = docker_images::created_since(img, session.now());
            json!({
                "id": img.id().to_string(),
                "shortId": img.id().short(),
                "repoTags": repo_tags(store, img),
                "created": created(img),
                "createdSince": if since.is_empty() { Value::Null } else { since.into() },
                "size": size,
                "sizeText": human_size(size),
                "layers": img.diff_ids().len(),
            })
        })
        .collect();
    Value::Array(rows)
}

/// Every container, in `docker ps -a` order (newest first):
/// `[{id, shortId, name, image, imageId, status, state, command, created, ports, mounts,
/// logs}]`: `status` and `ports` as `docker ps` prints its STATUS and PORTS columns,
/// `mounts` as `docker inspect` lists them (`[{type, name, source, destination, rw}]`,
/// `name` null for a bind) and `logs` the text `docker logs` prints (both streams, in the
/// order they were written).
pub fn containers(session: &Session) -> Value {
    let rows = session
        .containers()
        .newest_first()
        .into_iter()
        .map(|c| {
            json!({
                "id": c.id.hex(),
                "shortId": c.id.short(),
                "name": c.name,
                "image": c.image_name,
                "imageId": c.image.to_string(),
                "status": ps::status(c, session.now()),
                "state": ps::state_name(c),
                "command": c.command(),
                "created": c.created.to_rfc3339_nano(),
                "ports": display_ports(c),
                "mounts": c.mounts.iter().map(|m| json!({
                    "type": m.kind.as_str(),
                    "name": if m.name.is_empty() { Value::Null } else { m.name.clone().into() },
                    "source": m.source,
                    "destination": m.destination,
                    "rw": m.rw,
                })).collect::<Vec<_>>(),
                "logs": c.logs.iter().map(|l| l.text.as_str()).collect::<String>(),
            })
        })
        .collect();
    Value::Array(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::MemHost;

    fn run(s: &mut Session, line: &str) -> String {
        let o = s.run(line);
        assert_eq!(o.code, 0, "{line}: {}", o.stderr_text());
        o.stdout_text()
    }

    #[test]
    fn containers_carry_ps_status_ports_mounts_and_logs() {
        let mut s = Session::new(Box::new(MemHost::new()));
        s.set_now(crate::time::Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap());
        run(&mut s, "docker pull -q nginx");
        run(&mut s, "docker pull -q busybox");
        run(&mut s, "echo hello > site/index.html");
        run(
            &mut s,
            "docker run -d --name web -p 8080:80 -v data:/data nginx",
        );
        run(&mut s, "docker run -d --name many -p 127.0.0.1:9000-9001:80-81 -p 53:53/udp -p 7000-7001 -v ./site:/srv:ro nginx");
        run(
            &mut s,
            "docker run -d --name same -p 81:81 -p 8081:82 -p 9000-9001:9000-9001 -P nginx",
        );
        run(&mut s, "docker run -d --name plain nginx");
        run(
            &mut s,
            "docker run --name once busybox sh -c 'echo out; echo err >&2'",
        );
        let v = containers(&s);
        let rows = v.as_array().unwrap();
        let got: Vec<String> = rows
            .iter()
            .map(|c| {
                format!(
                    "{}|{}|{}",
                    c["name"].as_str().unwrap(),
                    c["status"].as_str().unwrap(),
                    c["ports"].as_str().unwrap()
                )
            })
            .collect();
        let want = run(
            &mut s,
            "docker ps -a --format '{{.Names}}|{{.Status}}|{{.Ports}}'",
        );
        assert_eq!(got, want.lines().collect::<Vec<_>>());
        let web = rows.iter().find(|c| c["name"] == "web").unwrap();
        assert!(
            web["ports"]
                .as_str()
                .unwrap()
                .starts_with("0.0.0.0:8080->80/tcp"),
            "{}",
            web["ports"]
        );
        assert_eq!(web["mounts"][0]["type"], "volume");
        assert_eq!(web["mounts"][0]["name"], "data");
        assert_eq!(web["mounts"][0]["destination"], "/data");
        assert_eq!(
            web["mounts"][0]["source"],
            "/var/lib/docker/volumes/data/_data"
        );
        let many = rows.iter().find(|c| c["name"] == "many").unwrap();
        assert_eq!(many["mounts"][0]["type"], "bind");
        assert_eq!(many["mounts"][0]["name"], Value::Null);
        assert_eq!(many["mounts"][0]["rw"], false);
        let logs = web["logs"].as_str().unwrap();
        assert!(
            logs.contains("/docker-entrypoint.sh: Configuration complete; ready for start up\n"),
            "{logs}"
        );
        let once = rows.iter().find(|c| c["name"] == "once").unwrap();
        assert_eq!(once["logs"], "out\nerr\n");
        assert_eq!(once["ports"], "");
        // Stopped, its ports are released, as `docker ps` shows.
        run(&mut s, "docker stop web");
        let v = containers(&s);
        let web = v
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "web")
            .unwrap();
        assert_eq!(web["ports"], "");
        assert!(
            web["status"].as_str().unwrap().starts_with("Exited (0) "),
            "{}",
            web["status"]
        );
        assert!(web["logs"].as_str().unwrap().len() > logs.len());
        assert_eq!(containers(&s), v, "deterministic");
    }
}
