#![cfg(not(target_arch = "wasm32"))]
//! `/var/lib/docker` agrees with the store and the containers it is derived from: each
//! imagedb content file hashes to its image ID, the layerdb has one directory per chain
//! ID with the layer's diffID, parent and cache ID, each cache ID is a directory of
//! `overlay2/`, and every path `docker inspect` reports in `GraphDriver` exists in the
//! view (moby's overlay2 reports `WorkDir` and `MergedDir` also for layers without them:
//! a layer without a parent has no `work/`, and `merged/` exists while it is mounted).

use layerlab::digest::{chain_ids, Digest};
use layerlab::host::MemHost;
use layerlab::Session;
use std::collections::BTreeSet;

const IMAGEDB: &str = "/var/lib/docker/image/overlay2/imagedb";
const LAYERDB: &str = "/var/lib/docker/image/overlay2/layerdb";

fn ok(s: &mut Session, line: &str) -> String {
    let o = s.run(line);
    assert_eq!(o.code, 0, "{line}: {}", o.stderr_text());
    o.stdout_text()
}

fn exists(s: &mut Session, path: &str) -> bool {
    s.run(&format!("ls '{path}' > /dev/null")).code == 0
}

fn session() -> Session {
    let mut s = Session::new(Box::new(MemHost::new()));
    s.set_now(layerlab::time::Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap());
    ok(&mut s, "docker pull -q busybox");
    ok(&mut s, "docker pull -q nginx:alpine");
    ok(&mut s, "docker run -d --name web nginx:alpine");
    ok(
        &mut s,
        "docker exec web sh -c 'echo hi > /tmp/x; rm /etc/hostname.d 2>/dev/null; true'",
    );
    ok(
        &mut s,
        "docker run --name once busybox sh -c 'echo data > /d'",
    );
    ok(&mut s, "docker commit once snap");
    ok(&mut s, "docker create --name made busybox");
    s
}

#[test]
fn the_data_root_agrees_with_the_store() {
    let mut s = session();
    // imagedb: the config bytes whose sha256 is the ID; nothing else.
    let ids: BTreeSet<String> = ok(&mut s, "docker images -a -q --no-trunc")
        .lines()
        .map(str::to_string)
        .collect();
    assert!(ids.len() >= 3);
    let content = ok(&mut s, &format!("ls {IMAGEDB}/content/sha256"));
    let listed: BTreeSet<String> = content.lines().map(|h| format!("sha256:{h}")).collect();
    assert_eq!(listed, ids);
    for id in &ids {
        let hex = id.trim_start_matches("sha256:");
        let sum = ok(&mut s, &format!("sha256sum {IMAGEDB}/content/sha256/{hex}"));
        assert_eq!(sum.split(' ').next(), Some(hex));
        let parent = ok(&mut s, &format!("docker inspect -f '{{{{.Parent}}}}' {id}"));
        let meta = s.run(&format!("cat {IMAGEDB}/metadata/sha256/{hex}/parent"));
        assert_eq!(meta.stdout_text(), parent.trim_end(), "parent of {id}");
    }

    // layerdb: one directory per chain ID of every image.
    let mut chains: BTreeSet<Digest> = BTreeSet::new();
    let mut expected = Vec::new();
    for img in s.store().images() {
        let c = chain_ids(img.diff_ids());
        for (i, (chain, diff)) in c.iter().zip(img.diff_ids()).enumerate() {
            if chains.insert(*chain) {
                expected.push((*chain, *diff, i.checked_sub(1).map(|p| c[p])));
            }
        }
    }
    let dirs: BTreeSet<String> = ok(&mut s, &format!("ls {LAYERDB}/sha256"))
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(dirs, chains.iter().map(Digest::hex).collect());
    let overlay: BTreeSet<String> = ok(&mut s, "ls /var/lib/docker/overlay2")
        .lines()
        .map(str::to_string)
        .collect();
    let mut cache_ids = BTreeSet::new();
    for (chain, diff, parent) in expected {
        let dir = format!("{LAYERDB}/sha256/{}", chain.hex());
        assert_eq!(ok(&mut s, &format!("cat {dir}/diff")), diff.to_string());
        let p = s.run(&format!("cat {dir}/parent"));
        match parent {
            Some(p2) => assert_eq!(p.stdout_text(), p2.to_string()),
            None => assert_eq!(p.code, 1),
        }
        let cache = ok(&mut s, &format!("cat {dir}/cache-id"));
        assert!(overlay.contains(&cache), "{cache} in overlay2/");
        // The layer's files are its tar's.
        assert!(exists(
            &mut s,
            &format!("/var/lib/docker/overlay2/{cache}/diff")
        ));
        // Its lower file names its parents' links, nearest first.
        let lower = s.run(&format!("cat /var/lib/docker/overlay2/{cache}/lower"));
        assert_eq!(lower.code == 0, parent.is_some());
        if let Some(first) = lower
            .stdout_text()
            .split(':')
            .next()
            .filter(|_| parent.is_some())
        {
            let target = ok(&mut s, &format!("ls -l /var/lib/docker/overlay2/{first}"));
            let pcache = ok(
                &mut s,
                &format!("cat {LAYERDB}/sha256/{}/cache-id", parent.unwrap().hex()),
            );
            assert!(
                target.trim_end().ends_with(&format!("-> ../{pcache}/diff")),
                "{target}"
            );
        }
        cache_ids.insert(cache);
    }
    // overlay2/ holds the layers, and per container its layer and init layer.
    let containers: Vec<String> = ok(&mut s, "docker ps -aq --no-trunc")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(containers.len(), 3);
    assert_eq!(overlay.len(), cache_ids.len() + 2 * containers.len() + 1);
    for c in &containers {
        let mounts = format!("{LAYERDB}/mounts/{c}");
        let mount = ok(&mut s, &format!("cat {mounts}/mount-id"));
        assert_eq!(
            ok(&mut s, &format!("cat {mounts}/init-id")),
            format!("{mount}-init")
        );
        assert!(overlay.contains(&mount) && overlay.contains(&format!("{mount}-init")));
        let image = ok(&mut s, &format!("docker inspect -f '{{{{.Image}}}}' {c}"));
        let top = ok(
            &mut s,
            &format!(
                "docker inspect -f '{{{{json .RootFS.Layers}}}}' {}",
                image.trim_end()
            ),
        );
        let diffs: Vec<Digest> = serde_json::from_str::<Vec<String>>(&top)
            .unwrap()
            .iter()
            .map(|d| Digest::parse(d).unwrap())
            .collect();
        let parent = ok(&mut s, &format!("cat {mounts}/parent"));
        assert_eq!(parent, chain_ids(&diffs).last().unwrap().to_string());
        assert!(exists(
            &mut s,
            &format!("/var/lib/docker/containers/{c}/config.v2.json")
        ));
    }
}

#[test]
fn inspect_paths_exist_in_the_view() {
    let mut s = session();
    let mut objects: Vec<String> = ok(&mut s, "docker images -a -q --no-trunc")
        .lines()
        .map(str::to_string)
        .collect();
    objects.extend(["web", "once", "made"].map(String::from));
    for o in objects {
        let data = ok(
            &mut s,
            &format!("docker inspect -f '{{{{json .GraphDriver.Data}}}}' {o}"),
        );
        let v: serde_json::Value = serde_json::from_str(&data).unwrap();
        let running = o == "web";
        let container = ["web", "once", "made"].contains(&o.as_str());
        let lower = v["LowerDir"].as_str().unwrap_or("");
        for d in lower.split(':').filter(|d| !d.is_empty()) {
            assert!(exists(&mut s, d), "{o}: LowerDir {d}");
        }
        let upper = v["UpperDir"].as_str().unwrap();
        assert!(exists(&mut s, upper), "{o}: UpperDir {upper}");
        let work = v["WorkDir"].as_str().unwrap();
        assert_eq!(
            exists(&mut s, work),
            container || !lower.is_empty(),
            "{o}: {work}"
        );
        let merged = v["MergedDir"].as_str().unwrap();
        assert_eq!(exists(&mut s, merged), running, "{o}: {merged}");
        if running {
            // The union is the container's view without its runtime mounts.
            let tmp = ok(&mut s, &format!("cat {merged}/tmp/x"));
            assert_eq!(tmp, "hi\n");
            assert_eq!(ok(&mut s, &format!("ls {upper}/tmp")), "x\n");
        }
    }
    // What `ls UpperDir` shows is what the container changed.
    let upper = ok(
        &mut s,
        "docker inspect -f '{{.GraphDriver.Data.UpperDir}}' once",
    );
    assert_eq!(ok(&mut s, &format!("cat {}/d", upper.trim_end())), "data\n");
    assert_eq!(ok(&mut s, "docker diff once"), "A /d\n");
}

/// Odd lines end, and never panic: substitutions of commands that ask, run jobs or
/// fail; walks of the whole data root; writes anywhere in it.
#[test]
fn odd_lines_end() {
    let mut s = session();
    for line in [
        "echo $(docker run -it busybox)",
        "echo $(docker image prune -a)",
        "x=$(docker pull -q alpine); echo $x",
        "echo $(docker load < nothing.tar) $?",
        "ls -lR /var/lib/docker > all.txt; wc -l < all.txt",
        "find /var/lib/docker > all.txt; grep -c merged all.txt",
        "cat /var/lib/docker/overlay2/*/merged/bin/sh /var/lib/docker/overlay2/l/*/../../l",
        "ls /var/lib/docker/overlay2/l/*/*/*/ /var/lib/docker/../../..",
        "rm -rf /var/lib/docker; mv /var/lib/docker/overlay2 x; cp all.txt /var/lib/docker/",
        "touch /var/lib/docker/overlay2/l/*/new; mkdir -p /var/lib/docker/a/b",
        "echo $($($($(echo echo echo)))) ${X:-$(echo $(echo nested))}",
        "grep -r zzz /var/lib/docker; echo $?",
        "echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo deep))))))))))",
    ] {
        let _ = s.run(line);
    }
    let o = s.run("docker rm -f $(docker ps -aq) > /dev/null; docker rmi -f $(docker images -aq) > /dev/null; ls /var/lib/docker/overlay2");
    assert_eq!(o.stdout_text(), "l\n", "{}", o.stderr_text());
}
