#![cfg(not(target_arch = "wasm32"))]
//! `docker build` checked as a user would check a build: the files of the image and of each
//! layer (`layerlab::views`, what dive shows), `docker history --no-trunc`, `docker inspect`,
//! the BuildKit progress on standard error, and exit codes. The strongest check rebuilds
//! dive's test image from its Dockerfile and compares every layer with the one real Docker
//! wrote. Clock: 2026-01-01T00:00:00Z (tests/common).

mod common;

use layerlab::views;
use layerlab::Session;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

fn ok(s: &mut Session, line: &str) -> (String, String) {
    let (out, err, code) = common::run(s, line);
    assert_eq!(code, 0, "{line}: {err}");
    (out, err)
}

/// Runs a line that must fail; returns (stderr, exit code).
fn fails(s: &mut Session, line: &str) -> (String, i32) {
    let (out, err, code) = common::run(s, line);
    assert_ne!(code, 0, "{line} succeeded: {out}{err}");
    (err, code)
}

/// A session with busybox pulled (so FROM resolves locally, as on a machine that has it).
fn session() -> Session {
    let mut s = common::session_with(&[]);
    ok(&mut s, "docker pull -q busybox");
    s
}

fn write(s: &mut Session, files: &[(&str, &str)]) {
    for (name, text) in files {
        s.host_mut()
            .write(name, text.as_bytes().to_vec().into())
            .unwrap();
    }
}

/// The image config as stored (what `docker save` writes).
fn config(s: &Session, image: &str) -> Value {
    let store = s.store();
    let id = store
        .lookup(image)
        .unwrap_or_else(|| panic!("no image {image}"));
    serde_json::from_slice(store.image(&id).unwrap().raw_config()).unwrap()
}

/// `docker inspect IMAGE`'s Config.
fn inspect_config(s: &mut Session, image: &str) -> Value {
    let (out, _) = ok(s, &format!("docker inspect {image}"));
    let v: Value = serde_json::from_str(&out).unwrap();
    v[0]["Config"].clone()
}

/// The history entries after the first `skip`: (created_by, empty_layer), oldest first;
/// every one carries BuildKit's comment.
fn history(s: &Session, image: &str, skip: usize) -> Vec<(String, bool)> {
    let c = config(s, image);
    c["history"].as_array().unwrap()[skip..]
        .iter()
        .map(|h| {
            assert_eq!(h["comment"], "buildkit.dockerfile.v0", "{h}");
            (
                h["created_by"].as_str().unwrap().to_string(),
                h["empty_layer"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn layer_count(s: &Session, image: &str) -> usize {
    views::image_overview(s, image).unwrap()["layers"]
        .as_array()
        .unwrap()
        .len()
}

/// What layer `i` changed: `A file 0644 0:0 12 /path` (change, type, mode, owner, size).
fn changes(s: &Session, image: &str, i: usize) -> Vec<String> {
    views::layer_changes(s, image, i)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}:{} {} {}",
                r["change"].as_str().unwrap(),
                r["type"].as_str().unwrap(),
                r["modeOctal"].as_str().unwrap(),
                r["uid"],
                r["gid"],
                r["size"],
                r["path"].as_str().unwrap()
            )
        })
        .collect()
}

/// The merged tree below `dir` (deleted paths left out): path -> `type mode uid:gid size`
/// (a directory's size is that of the files below it, as dive shows it).
fn tree(s: &Session, image: &str, up_to: Option<usize>, dir: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_string()];
    while let Some(d) = todo.pop() {
        for e in views::tree(s, image, up_to, &d)
            .unwrap()
            .as_array()
            .unwrap()
        {
            if e["deleted"].as_bool() == Some(true) {
                continue;
            }
            let path = e["path"].as_str().unwrap().to_string();
            let t = e["type"].as_str().unwrap();
            if t == "dir" {
                todo.push(path.clone());
            }
            out.insert(
                path,
                format!(
                    "{t} {} {}:{} {}",
                    e["modeOctal"].as_str().unwrap(),
                    e["uid"],
                    e["gid"],
                    e["size"]
                ),
            );
        }
    }
    out
}

fn read(s: &Session, image: &str, path: &str) -> String {
    String::from_utf8(
        views::read_file(s, image, None, path)
            .unwrap()
            .data
            .to_vec(),
    )
    .unwrap()
}

/// The steps of BuildKit's plain progress: `name => status` (DONE, CACHED or ERROR).
fn steps(progress: &str) -> Vec<String> {
    let mut names: BTreeMap<usize, String> = BTreeMap::new();
    let mut out = Vec::new();
    for line in progress.lines() {
        let Some(rest) = line.strip_prefix('#') else {
            continue;
        };
        let Some((n, text)) = rest.split_once(' ') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if let Some(name) = names.get(&n) {
            let status = if text.starts_with("DONE") {
                "DONE"
            } else if text == "CACHED" {
                "CACHED"
            } else if text.starts_with("ERROR") {
                "ERROR"
            } else {
                continue;
            };
            out.push(format!("{name} => {status}"));
        } else {
            names.insert(n, text.to_string());
        }
    }
    out
}

/// The steps of the Dockerfile (the `[k/n]` ones) with their status.
fn build_steps(progress: &str) -> Vec<String> {
    steps(progress)
        .into_iter()
        .filter(|l| l.starts_with('[') && !l.starts_with("[internal]"))
        .collect()
}

/// A tar archive of (path, mode, content); a path ending in `/` is a directory.
fn tar_of(entries: &[(&str, u32, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (path, mode, data) in entries {
        let mut h = tar::Header::new_ustar();
        h.set_path(path).unwrap();
        h.set_mode(*mode);
        h.set_mtime(1_700_000_000);
        if path.ends_with('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
        } else {
            h.set_entry_type(tar::EntryType::Regular);
            h.set_size(data.len() as u64);
        }
        h.set_cksum();
        b.append(&h, *data).unwrap();
    }
    b.into_inner().unwrap()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn hist(v: &[(&str, bool)]) -> Vec<(String, bool)> {
    v.iter().map(|(s, e)| (s.to_string(), *e)).collect()
}

// ---------------------------------------------------------------------------------------
// Real-world style Dockerfiles

#[test]
fn a_static_site_on_nginx() {
    let mut s = common::session_with(&[]);
    ok(&mut s, "docker pull -q nginx");
    write(
        &mut s,
        &[
            ("site/index.html", "<h1>Hello</h1>\n"),
            ("site/css/style.css", "h1 { color: red }\n"),
            (
                "site/Dockerfile",
                "FROM nginx\nCOPY . /usr/share/nginx/html/\nEXPOSE 80\n",
            ),
            ("site/.dockerignore", "Dockerfile\n.dockerignore\n"),
        ],
    );
    let base_layers = layer_count(&s, "nginx");
    let base_history = config(&s, "nginx")["history"].as_array().unwrap().len();
    let (out, err) = ok(&mut s, "docker build -t site:1 site");
    assert_eq!(out, "");
    assert_eq!(
        steps(&err),
        strs(&[
            "[internal] load build definition from Dockerfile => DONE",
            "[internal] load metadata for docker.io/library/nginx:latest => DONE",
            "[internal] load .dockerignore => DONE",
            "[1/2] FROM docker.io/library/nginx:latest => DONE",
            "[internal] load build context => DONE",
            "[2/2] COPY . /usr/share/nginx/html/ => DONE",
            "exporting to image => DONE",
        ])
    );
    assert!(
        err.contains("#3 transferring context: 25B done\n"),
        "the .dockerignore's bytes: {err}"
    );
    assert!(
        err.contains("#5 transferring context: 33B done\n"),
        "the two files sent: {err}"
    );
    assert!(
        err.contains("#7 naming to docker.io/library/site:1 done\n"),
        "{err}"
    );
    // One layer more than nginx; the history gains the COPY (a layer) and EXPOSE (none).
    assert_eq!(layer_count(&s, "site:1"), base_layers + 1);
    assert_eq!(
        history(&s, "site:1", base_history),
        hist(&[
            ("COPY . /usr/share/nginx/html/ # buildkit", false),
            ("EXPOSE map[80/tcp:{}]", true)
        ])
    );
    // The new layer: the files, and the directories above them (modified).
    assert_eq!(
        changes(&s, "site:1", base_layers),
        strs(&[
            "M dir 0755 0:0 0 /usr",
            "M dir 0755 0:0 0 /usr/share",
            "M dir 0755 0:0 0 /usr/share/nginx",
            "M dir 0755 0:0 0 /usr/share/nginx/html",
            "A dir 0755 0:0 0 /usr/share/nginx/html/css",
            "A file 0644 0:0 18 /usr/share/nginx/html/css/style.css",
            "M file 0644 0:0 15 /usr/share/nginx/html/index.html",
        ])
    );
    let want: BTreeMap<String, String> = [
        ("/usr/share/nginx/html/50x.html", "file 0644 0:0 497"),
        ("/usr/share/nginx/html/css", "dir 0755 0:0 18"),
        ("/usr/share/nginx/html/css/style.css", "file 0644 0:0 18"),
        ("/usr/share/nginx/html/index.html", "file 0644 0:0 15"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(tree(&s, "site:1", None, "/usr/share/nginx/html"), want);
    let (out, _) = ok(
        &mut s,
        "docker run --rm --entrypoint cat site:1 /usr/share/nginx/html/index.html",
    );
    assert_eq!(out, "<h1>Hello</h1>\n");
    let (out, _) = ok(
        &mut s,
        "docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}|{{.Comment}}' site:1",
    );
    assert_eq!(
        out.lines().take(3).collect::<Vec<_>>(),
        [
            "EXPOSE map[80/tcp:{}]|0B|buildkit.dockerfile.v0",
            "COPY . /usr/share/nginx/html/ # buildkit|33B|buildkit.dockerfile.v0",
            "CMD [\"nginx\" \"-g\" \"daemon off;\"]|0B|buildkit.dockerfile.v0",
        ]
    );
    let c = inspect_config(&mut s, "site:1");
    assert_eq!(c["ExposedPorts"], json!({"80/tcp": {}}));
    assert_eq!(c["Entrypoint"], json!(["/docker-entrypoint.sh"]));
    assert_eq!(c["Cmd"], json!(["nginx", "-g", "daemon off;"]));
}

#[test]
fn a_multi_stage_build_copies_an_artefact_from_its_builder() {
    let mut s = session();
    write(
        &mut s,
        &[
            ("app/src/main.txt", "main\n"),
            ("app/src/util.txt", "util\n"),
            (
                "app/Dockerfile",
                "FROM busybox AS builder\n\
                 WORKDIR /src\n\
                 COPY src/ ./\n\
                 RUN mkdir -p /out && cat main.txt util.txt > /out/app && chmod 555 /out/app\n\
                 \n\
                 FROM scratch\n\
                 COPY --from=builder /out/app /usr/local/bin/app\n\
                 COPY --from=busybox /etc/passwd /etc/passwd\n\
                 USER 65534\n\
                 ENTRYPOINT [\"/usr/local/bin/app\"]\n",
            ),
        ],
    );
    let (_, err) = ok(&mut s, "docker build -t app:1 app");
    assert_eq!(
        build_steps(&err),
        strs(&[
            "[builder 1/4] FROM docker.io/library/busybox:latest => DONE",
            "[builder 2/4] WORKDIR /src => DONE",
            "[builder 3/4] COPY src/ ./ => DONE",
            "[builder 4/4] RUN mkdir -p /out && cat main.txt util.txt > /out/app && chmod 555 /out/app => DONE",
            "[stage-1 1/2] COPY --from=builder /out/app /usr/local/bin/app => DONE",
            "[stage-1 2/2] COPY --from=busybox /etc/passwd /etc/passwd => DONE",
        ])
    );
    // Only the final stage's layers: two, from scratch.
    assert_eq!(layer_count(&s, "app:1"), 2);
    let passwd = views::read_file(&s, "busybox", None, "/etc/passwd")
        .unwrap()
        .data
        .len();
    let want: BTreeMap<String, String> = [
        ("/etc", format!("dir 0755 0:0 {passwd}")),
        ("/etc/passwd", format!("file 0644 0:0 {passwd}")),
        ("/usr", "dir 0755 0:0 10".into()),
        ("/usr/local", "dir 0755 0:0 10".into()),
        ("/usr/local/bin", "dir 0755 0:0 10".into()),
        ("/usr/local/bin/app", "file 0555 0:0 10".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(tree(&s, "app:1", None, "/"), want);
    assert_eq!(read(&s, "app:1", "/usr/local/bin/app"), "main\nutil\n");
    assert_eq!(
        changes(&s, "app:1", 0),
        strs(&[
            "A dir 0755 0:0 0 /usr",
            "A dir 0755 0:0 0 /usr/local",
            "A dir 0755 0:0 0 /usr/local/bin",
            "A file 0555 0:0 10 /usr/local/bin/app"
        ])
    );
    assert_eq!(
        changes(&s, "app:1", 1),
        [
            "A dir 0755 0:0 0 /etc".to_string(),
            format!("A file 0644 0:0 {passwd} /etc/passwd")
        ]
    );
    // BuildKit's history does not say where a COPY --from came from.
    assert_eq!(
        history(&s, "app:1", 0),
        hist(&[
            ("COPY /out/app /usr/local/bin/app # buildkit", false),
            ("COPY /etc/passwd /etc/passwd # buildkit", false),
            ("USER 65534", true),
            ("ENTRYPOINT [\"/usr/local/bin/app\"]", true),
        ])
    );
    let c = config(&s, "app:1");
    assert_eq!(
        c["config"],
        json!({"User": "65534", "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Entrypoint": ["/usr/local/bin/app"]})
    );
    assert_eq!(
        (c["architecture"].as_str(), c["os"].as_str()),
        (Some("amd64"), Some("linux"))
    );
    // --target stops at the builder: its image, and nothing of the last stage runs.
    let (_, err) = ok(&mut s, "docker build --target builder -t app:builder app");
    assert!(!err.contains("stage-1"), "{err}");
    assert_eq!(read(&s, "app:builder", "/out/app"), "main\nutil\n");
    assert_eq!(config(&s, "app:builder")["config"]["WorkingDir"], "/src");
}

/// dive's test image (/work/shared/fixtures/dive): built by real Docker from
/// Dockerfile.test-image; layerlab builds the same Dockerfile on its demo busybox with the
/// same context (recovered from the image), and every layer above the base must hold the
/// same entries (path, type, mode, owner, size) and make the same changes.
///
/// What legitimately differs: the base layer (layerlab's demo busybox), times, the history
/// texts (real Docker's classic builder wrote `/bin/sh -c #(nop) ADD file:...`, BuildKit
/// writes `ADD README.md /somefile.txt # buildkit`), and the mode of whiteout files:
/// the fixture's `.wh.` entries have mode 0 (the 2018 daemon's diff); today's overlay2
/// driver writes them with mode 0600 (moby's overlayWhiteoutConverter), as layerlab does.
/// Both Docker and layerlab list the parent directories of every changed path (`root/`,
/// `root/example/`, `tmp/`), with their modes, in each layer.
#[test]
fn dives_test_image_rebuilt_layer_by_layer() {
    let Some(dir) = common::shared_fixtures() else {
        return;
    };
    let archive = std::fs::read(dir.join("dive/test-docker-image.tar")).unwrap();
    let dockerfile = std::fs::read(dir.join("dive/Dockerfile.test-image")).unwrap();
    let mut s = common::session_with(&[("dive.tar", archive)]);
    ok(&mut s, "docker load -i dive.tar");
    ok(&mut s, "docker pull -q busybox");
    // The context: README.md is what layer 1 added as /somefile.txt, .scripts/ what layer 10
    // added below /root/.data/, with their modes.
    let mode_of = |s: &Session, up_to: usize, dir: &str, name: &str| -> u32 {
        let entries = views::tree(s, "dive-test", Some(up_to), dir).unwrap();
        let e = entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .unwrap()
            .clone();
        u32::from_str_radix(e["modeOctal"].as_str().unwrap(), 8).unwrap()
    };
    let file = |s: &Session, up_to: usize, path: &str| {
        views::read_file(s, "dive-test", Some(up_to), path)
            .unwrap()
            .data
            .to_vec()
    };
    let readme = file(&s, 1, "/somefile.txt");
    let tag = file(&s, 10, "/root/.data/tag.sh");
    let test = file(&s, 10, "/root/.data/test.sh");
    let context = tar_of(&[
        ("Dockerfile", 0o644, &dockerfile),
        ("README.md", mode_of(&s, 1, "/", "somefile.txt"), &readme),
        (".scripts/", mode_of(&s, 10, "/root", ".data"), b""),
        (
            ".scripts/tag.sh",
            mode_of(&s, 10, "/root/.data", "tag.sh"),
            &tag,
        ),
        (
            ".scripts/test.sh",
            mode_of(&s, 10, "/root/.data", "test.sh"),
            &test,
        ),
    ]);
    s.host_mut().write("context.tar", context.into()).unwrap();
    let (_, err) = ok(&mut s, "docker build -t rebuilt context.tar");
    assert_eq!(build_steps(&err).len(), 14, "{err}");
    assert_eq!(layer_count(&s, "rebuilt"), layer_count(&s, "dive-test"));
    assert_eq!(layer_count(&s, "rebuilt"), 14);

    // The layer tars, entry by entry.
    fn entries(tar: &[u8]) -> BTreeSet<String> {
        let mut a = tar::Archive::new(tar);
        a.entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let h = e.header();
                let path = String::from_utf8_lossy(&e.path_bytes()).into_owned();
                let whiteout = path.rsplit('/').next().unwrap_or("").starts_with(".wh.");
                let mode = if whiteout {
                    "whiteout".to_string()
                } else {
                    format!("{:04o}", h.mode().unwrap() & 0o7777)
                };
                format!(
                    "{:?} {mode} {}:{} {} {path}",
                    h.entry_type(),
                    h.uid().unwrap(),
                    h.gid().unwrap(),
                    h.size().unwrap()
                )
            })
            .collect()
    }
    for i in 1..14 {
        let real = entries(&views::layer_tar(&s, "dive-test", i).unwrap());
        let ours = entries(&views::layer_tar(&s, "rebuilt", i).unwrap());
        assert_eq!(ours, real, "layer {i}: tar entries");
        assert_eq!(
            changes(&s, "rebuilt", i),
            changes(&s, "dive-test", i),
            "layer {i}: changes"
        );
    }
    // Two layers spelled out, as dive shows them.
    assert_eq!(
        changes(&s, "rebuilt", 7),
        strs(&[
            "M dir 0700 0:0 0 /root",
            "M dir 0755 0:0 0 /root/example",
            "D file 0644 0:0 6405 /root/example/somefile3.txt",
            "A file 0644 0:0 6405 /root/saved.txt",
        ])
    );
    assert_eq!(
        changes(&s, "rebuilt", 9),
        strs(&[
            "M dir 0700 0:0 0 /root",
            "D dir 0755 0:0 12810 /root/example"
        ])
    );
    // The files the build made, merged: the same tree and bytes.
    for dir in ["/root", "/tmp"] {
        assert_eq!(
            tree(&s, "rebuilt", None, dir),
            tree(&s, "dive-test", None, dir),
            "{dir}"
        );
    }
    for path in [
        "/somefile.txt",
        "/root/saved.txt",
        "/root/.saved.txt",
        "/root/.data/tag.sh",
        "/root/.data/saved.again2.txt",
        "/tmp/saved.again1.txt",
    ] {
        assert_eq!(
            read(&s, "rebuilt", path),
            read(&s, "dive-test", path),
            "{path}"
        );
    }
    // The history: BuildKit's texts for the same commands real Docker ran.
    let real: Vec<String> = config(&s, "dive-test")["history"].as_array().unwrap()[2..]
        .iter()
        .map(|h| h["created_by"].as_str().unwrap().to_string())
        .collect();
    let ours = history(&s, "rebuilt", 3);
    assert_eq!(ours.len(), real.len());
    let lines: Vec<&str> = std::str::from_utf8(&dockerfile)
        .unwrap()
        .lines()
        .skip(1)
        .collect();
    for ((ours, real), line) in ours.iter().zip(&real).zip(&lines) {
        assert!(!ours.1, "{line}: a layer");
        match line.strip_prefix("RUN ") {
            Some(cmd) => {
                assert_eq!(ours.0, format!("RUN /bin/sh -c {cmd} # buildkit"));
                assert_eq!(*real, format!("/bin/sh -c {cmd}"));
            }
            None => {
                assert_eq!(ours.0, format!("{line} # buildkit"));
                assert!(real.contains("#(nop) ADD "), "{real}");
            }
        }
    }
    // The efficiency dive computes is about the same: the same user layers on another base.
    let v = views::image_overview(&s, "rebuilt").unwrap();
    assert_eq!(v["wastedBytes"], 32025);
    assert_eq!(v["userSize"], 66237);
}

// ---------------------------------------------------------------------------------------
// The cache

#[test]
fn a_rebuild_is_cached_and_gives_the_same_id_until_a_context_file_changes() {
    let mut s = session();
    write(
        &mut s,
        &[
            ("c/app.txt", "v1\n"),
            ("c/notes.md", "not copied\n"),
            ("c/Dockerfile", "FROM busybox\nENV MODE=prod\nCOPY app.txt /app/\nRUN cat /app/app.txt > /app/copy.txt\nCMD [\"cat\", \"/app/copy.txt\"]\n"),
        ],
    );
    let first = ok(&mut s, "docker build -q -t c:1 c").0;
    let (_, err) = ok(&mut s, "docker build -t c:1 c");
    assert_eq!(
        build_steps(&err),
        strs(&[
            "[1/3] FROM docker.io/library/busybox:latest => DONE",
            "[2/3] COPY app.txt /app/ => CACHED",
            "[3/3] RUN cat /app/app.txt > /app/copy.txt => CACHED",
        ])
    );
    assert!(
        err.contains("#8 exporting layers done\n"),
        "nothing new to export: {err}"
    );
    assert!(
        err.contains(&format!("#8 writing image {} done\n", first.trim())),
        "{err}"
    );
    // A file the Dockerfile does not copy changes nothing.
    write(&mut s, &[("c/notes.md", "changed\n")]);
    assert_eq!(ok(&mut s, "docker build -q c").0, first);
    // The copied file: the COPY and every step after it run again.
    write(&mut s, &[("c/app.txt", "v2\n")]);
    let (_, err) = ok(&mut s, "docker build -t c:2 c");
    assert_eq!(
        build_steps(&err),
        strs(&[
            "[1/3] FROM docker.io/library/busybox:latest => DONE",
            "[2/3] COPY app.txt /app/ => DONE",
            "[3/3] RUN cat /app/app.txt > /app/copy.txt => DONE"
        ])
    );
    let second = ok(&mut s, "docker images -q --no-trunc c:2").0;
    assert_ne!(second, first);
    assert_eq!(read(&s, "c:2", "/app/copy.txt"), "v2\n");
    // Back to the old content: the old steps are still in the cache.
    write(&mut s, &[("c/app.txt", "v1\n")]);
    let (_, err) = ok(&mut s, "docker build c");
    assert_eq!(
        build_steps(&err)
            .iter()
            .filter(|l| l.ends_with("CACHED"))
            .count(),
        2,
        "{err}"
    );
    assert_eq!(ok(&mut s, "docker build -q c").0, first);
    // A mode counts as content; --no-cache runs every step, to the same image.
    let (_, err) = ok(&mut s, "docker build --no-cache c");
    assert!(
        build_steps(&err).iter().all(|l| l.ends_with("DONE")),
        "{err}"
    );
    assert_eq!(ok(&mut s, "docker build -q --no-cache c").0, first);
    // An instruction's text is part of the key: so is the step before it.
    write(&mut s, &[("c/Dockerfile", "FROM busybox\nENV MODE=dev\nCOPY app.txt /app/\nRUN cat /app/app.txt > /app/copy.txt\nCMD [\"cat\", \"/app/copy.txt\"]\n")]);
    let (_, err) = ok(&mut s, "docker build c");
    assert!(
        err.contains("#7 [3/3] RUN cat /app/app.txt > /app/copy.txt\n#7 DONE"),
        "ENV changes RUN's environment: {err}"
    );
}

// ---------------------------------------------------------------------------------------
// Instructions and the config

#[test]
fn every_instruction_sets_the_config_and_history_as_buildkit_does() {
    let mut s = session();
    write(
        &mut s,
        &[(
            "c/Dockerfile",
            "FROM busybox\n\
             LABEL org.example.title=\"demo app\" version=1.0\n\
             ENV APP_HOME=/srv/app \\\n    GREETING=\"hello world\"\n\
             WORKDIR $APP_HOME\n\
             ARG BUILD=dev\n\
             EXPOSE 8080 53/udp\n\
             USER nobody\n\
             VOLUME [\"/data\", \"/cache\"]\n\
             STOPSIGNAL SIGTERM\n\
             HEALTHCHECK --interval=30s --timeout=3s --retries=2 CMD wget -q -O- http://localhost:8080/ || exit 1\n\
             SHELL [\"/bin/sh\", \"-ec\"]\n\
             MAINTAINER Jane Doe <jane@example.com>\n\
             ONBUILD COPY . /srv/app/\n\
             ENTRYPOINT [\"/bin/echo\"]\n\
             CMD $GREETING\n",
        )],
    );
    let (_, err) = ok(&mut s, "docker build -t all c");
    assert_eq!(
        build_steps(&err),
        strs(&[
            "[1/2] FROM docker.io/library/busybox:latest => DONE",
            "[2/2] WORKDIR /srv/app => DONE"
        ])
    );
    let base = config(&s, "busybox")["history"].as_array().unwrap().len();
    assert_eq!(
        history(&s, "all", base),
        hist(&[
            ("LABEL org.example.title=demo app version=1.0", true),
            ("ENV APP_HOME=/srv/app GREETING=hello world", true),
            ("WORKDIR /srv/app", false),
            ("ARG BUILD=dev", true),
            ("EXPOSE map[53/udp:{} 8080/tcp:{}]", true),
            ("USER nobody", true),
            ("VOLUME [/data /cache]", true),
            ("STOPSIGNAL SIGTERM", true),
            ("HEALTHCHECK &{[\"CMD-SHELL\" \"wget -q -O- http://localhost:8080/ || exit 1\"] \"30s\" \"3s\" \"0s\" \"0s\" '\\x02'}", true),
            ("SHELL [/bin/sh -ec]", true),
            ("MAINTAINER Jane Doe <jane@example.com>", true),
            // ONBUILD is kept in the config only.
            ("ENTRYPOINT [\"/bin/echo\"]", true),
            ("CMD [\"/bin/sh\" \"-ec\" \"$GREETING\"]", true),
        ])
    );
    let c = config(&s, "all");
    assert_eq!(c["author"], "Jane Doe <jane@example.com>");
    assert_eq!(
        c["config"],
        json!({
            "User": "nobody",
            "ExposedPorts": {"53/udp": {}, "8080/tcp": {}},
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_HOME=/srv/app", "GREETING=hello world"],
            "Entrypoint": ["/bin/echo"],
            // CMD after ENTRYPOINT stays; the shell form runs in the SHELL, unexpanded.
            "Cmd": ["/bin/sh", "-ec", "$GREETING"],
            "Volumes": {"/data": {}, "/cache": {}},
            "WorkingDir": "/srv/app",
            "Labels": {
                "dev.layerlab.demo": "true",
                "org.opencontainers.image.description": "layerlab demo image: not the real busybox",
                "org.example.title": "demo app",
                "version": "1.0"
            },
            "StopSignal": "SIGTERM",
            "ArgsEscaped": true,
            "Healthcheck": {"Test": ["CMD-SHELL", "wget -q -O- http://localhost:8080/ || exit 1"], "Interval": 30000000000u64, "Timeout": 3000000000u64, "Retries": 2},
            "OnBuild": ["COPY . /srv/app/"],
            "Shell": ["/bin/sh", "-ec"]
        })
    );
    // The config's keys in the image spec's order, as Docker writes them.
    let keys: Vec<&str> = c["config"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "User",
            "ExposedPorts",
            "Env",
            "Entrypoint",
            "Cmd",
            "Volumes",
            "WorkingDir",
            "Labels",
            "StopSignal",
            "ArgsEscaped",
            "Healthcheck",
            "OnBuild",
            "Shell"
        ]
    );
    let top: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        top,
        [
            "architecture",
            "author",
            "config",
            "created",
            "history",
            "os",
            "rootfs"
        ]
    );
    // docker inspect shows the same values.
    let ic = inspect_config(&mut s, "all");
    for k in [
        "User",
        "Env",
        "Entrypoint",
        "Cmd",
        "WorkingDir",
        "Labels",
        "StopSignal",
        "OnBuild",
        "ExposedPorts",
        "Volumes",
    ] {
        assert_eq!(ic[k], c["config"][k], "{k}");
    }
    let (out, _) = ok(&mut s, "docker inspect --format '{{.Author}}' all");
    assert_eq!(out, "Jane Doe <jane@example.com>\n");
    // The WORKDIR layer: the directory, owned by root (USER comes after it).
    let n = layer_count(&s, "all");
    assert_eq!(
        changes(&s, "all", n - 1),
        strs(&["A dir 0755 0:0 0 /srv", "A dir 0755 0:0 0 /srv/app"])
    );
}

#[test]
fn entrypoint_resets_an_inherited_cmd_and_the_shell_forms_use_shell() {
    let mut s = session();
    write(
        &mut s,
        &[
            ("a/Dockerfile", "FROM busybox\nENTRYPOINT [\"top\", \"-b\"]\n"),
            ("b/Dockerfile", "FROM busybox\nCMD [\"-x\"]\nENTRYPOINT echo hi\n"),
            ("c/Dockerfile", "FROM busybox\nSHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN echo $0 > /shell\nCMD echo done\nENTRYPOINT exec echo\n"),
            ("d/Dockerfile", "FROM busybox AS base\nCMD [\"base\"]\nFROM base\nENTRYPOINT [\"run\"]\n"),
        ],
    );
    ok(&mut s, "docker build -q -t a a");
    let c = config(&s, "a")["config"].clone();
    assert_eq!(c["Entrypoint"], json!(["top", "-b"]));
    assert_eq!(c.get("Cmd"), None, "busybox's CMD [\"sh\"] is reset: {c}");
    assert_eq!(c.get("ArgsEscaped"), None);
    ok(&mut s, "docker build -q -t b b");
    let c = config(&s, "b")["config"].clone();
    assert_eq!(c["Entrypoint"], json!(["/bin/sh", "-c", "echo hi"]));
    assert_eq!(c["Cmd"], json!(["-x"]), "CMD set in the stage stays");
    ok(&mut s, "docker build -q -t c c");
    let c = config(&s, "c")["config"].clone();
    assert_eq!(
        c["Cmd"],
        json!(["/bin/ash", "-o", "pipefail", "-c", "echo done"])
    );
    assert_eq!(
        c["Entrypoint"],
        json!(["/bin/ash", "-o", "pipefail", "-c", "exec echo"])
    );
    assert_eq!(
        history(&s, "c", 4)[0],
        (
            "RUN /bin/ash -o pipefail -c echo $0 > /shell # buildkit".to_string(),
            false
        )
    );
    ok(&mut s, "docker build -q -t d d");
    assert_eq!(
        config(&s, "d")["config"].get("Cmd"),
        None,
        "CMD of the base stage is reset too"
    );
}

#[test]
fn onbuild_triggers_run_in_a_child_build_and_are_not_kept() {
    let mut s = session();
    write(
        &mut s,
        &[
            (
                "p/Dockerfile",
                "FROM busybox\nONBUILD RUN echo triggered > /trig\nONBUILD ENV FROM_PARENT=1\n",
            ),
            ("p/Child.dockerfile", "FROM parent\nRUN cat /trig\n"),
        ],
    );
    ok(&mut s, "docker build -q -t parent p");
    assert_eq!(
        config(&s, "parent")["config"]["OnBuild"],
        json!(["RUN echo triggered > /trig", "ENV FROM_PARENT=1"])
    );
    assert_eq!(
        history(&s, "parent", 3),
        vec![],
        "no history entries for ONBUILD"
    );
    let (_, err) = ok(&mut s, "docker build -t child -f p/Child.dockerfile p");
    // BuildKit counts every trigger as a step (the ENV too) and marks the ones it runs.
    assert_eq!(
        build_steps(&err),
        strs(&[
            "[1/4] FROM docker.io/library/parent:latest => DONE",
            "[2/4] ONBUILD RUN echo triggered > /trig => DONE",
            "[3/4] RUN cat /trig => DONE"
        ])
    );
    assert!(err.contains("#6 0.000 triggered\n"), "{err}");
    let c = config(&s, "child")["config"].clone();
    assert_eq!(c.get("OnBuild"), None);
    assert!(c["Env"]
        .as_array()
        .unwrap()
        .contains(&json!("FROM_PARENT=1")));
    assert_eq!(
        history(&s, "child", 3),
        hist(&[
            ("RUN /bin/sh -c echo triggered > /trig # buildkit", false),
            ("ENV FROM_PARENT=1", true),
            ("RUN /bin/sh -c cat /trig # buildkit", true)
        ])
    );
}

#[test]
fn args_are_scoped_as_docker_scopes_them() {
    let mut s = session();
    write(
        &mut s,
        &[(
            "c/Dockerfile",
            "ARG TAG=latest\n\
             ARG GLOBAL=global\n\
             FROM busybox:${TAG} AS first\n\
             ARG GLOBAL\n\
             ARG V\n\
             ARG W=default\n\
             ARG NOVALUE\n\
             ENV W=fromenv\n\
             RUN echo \"$TAG|$GLOBAL|$V|$W|$NOVALUE\" > /args\n\
             FROM first\n\
             RUN echo \"$GLOBAL $V\" > /inherited\n",
        )],
    );
    let (_, err) = ok(
        &mut s,
        "docker build --build-arg V=x --build-arg UNUSED=1 -t args c",
    );
    // The global TAG is for FROM only; the stage sees what it declares.
    assert_eq!(read(&s, "args", "/args"), "|global|x|fromenv|\n");
    assert_eq!(
        read(&s, "args", "/inherited"),
        "global x\n",
        "a stage built on a stage keeps its ARGs"
    );
    assert!(
        err.contains("#5 [first 2/2] RUN echo \"$TAG|global|x|fromenv|$NOVALUE\" > /args\n"),
        "step names expand what is set: {err}"
    );
    assert_eq!(
        history(&s, "args", 3),
        hist(&[
            ("ARG GLOBAL=global", true),
            ("ARG V=x", true),
            ("ARG W=default", true),
            ("ARG NOVALUE", true),
            ("ENV W=fromenv", true),
            ("RUN |4 GLOBAL=global V=x W=fromenv NOVALUE= /bin/sh -c echo \"$TAG|$GLOBAL|$V|$W|$NOVALUE\" > /args # buildkit", false),
            ("RUN |4 GLOBAL=global V=x W=fromenv NOVALUE= /bin/sh -c echo \"$GLOBAL $V\" > /inherited # buildkit", false),
        ])
    );
    // ARG values never reach the image's environment.
    assert_eq!(
        config(&s, "args")["config"]["Env"],
        json!([
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "W=fromenv"
        ])
    );
    // A global ARG picks the base image.
    write(
        &mut s,
        &[(
            "d/Dockerfile",
            "ARG BASE=busybox\nFROM ${BASE}\nRUN echo ok\n",
        )],
    );
    let (_, err) = ok(&mut s, "docker build d");
    assert!(
        err.contains("[1/2] FROM docker.io/library/busybox:latest\n"),
        "{err}"
    );
    let (err, code) = fails(&mut s, "docker build --build-arg BASE=nosuchimage d");
    assert_eq!(code, 1);
    assert!(err.ends_with("ERROR: failed to build: failed to solve: nosuchimage: failed to resolve source metadata for docker.io/library/nosuchimage:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n"), "{err}");
}

#[test]
fn heredocs_in_run_and_copy() {
    let mut s = session();
    write(
        &mut s,
        &[(
            "c/Dockerfile",
            "FROM busybox\n\
             ENV NAME=world\n\
             RUN <<EOF\n\
             echo one > /one\n\
             echo two >> /one\n\
             EOF\n\
             RUN cat <<EOT > /greeting\n\
             hello $NAME\n\
             EOT\n\
             COPY <<EOF /expanded.txt\n\
             hi $NAME\n\
             EOF\n\
             COPY <<'EOF' /literal.txt\n\
             hi $NAME\n\
             EOF\n\
             COPY --chmod=755 <<A <<B /bin/tools/\n\
             #!/bin/sh\n\
             A\n\
             echo b\n\
             B\n",
        )],
    );
    let (_, err) = ok(&mut s, "docker build -t docs c");
    assert_eq!(
        build_steps(&err),
        strs(&[
            "[1/6] FROM docker.io/library/busybox:latest => DONE",
            "[2/6] RUN <<EOF (echo one > /one...) => DONE",
            "[3/6] RUN cat <<EOT > /greeting => DONE",
            "[4/6] COPY <<EOF /expanded.txt => DONE",
            // The step name goes through BuildKit's lexer, which takes the quotes away.
            "[5/6] COPY <<EOF /literal.txt => DONE",
            "[6/6] COPY --chmod=755 <<A <<B /bin/tools/ => DONE",
        ])
    );
    assert_eq!(read(&s, "docs", "/one"), "one\ntwo\n");
    assert_eq!(read(&s, "docs", "/greeting"), "hello world\n");
    assert_eq!(read(&s, "docs", "/expanded.txt"), "hi world\n");
    assert_eq!(read(&s, "docs", "/literal.txt"), "hi $NAME\n");
    assert_eq!(read(&s, "docs", "/bin/tools/A"), "#!/bin/sh\n");
    let t = tree(&s, "docs", None, "/bin/tools");
    assert_eq!(t["/bin/tools/A"], "file 0755 0:0 10");
    assert_eq!(t["/bin/tools/B"], "file 0755 0:0 7");
    assert_eq!(
        history(&s, "docs", 4),
        hist(&[
            (
                "RUN /bin/sh -c echo one > /one\necho two >> /one\n # buildkit",
                false
            ),
            (
                "RUN /bin/sh -c cat <<EOT > /greeting\nhello $NAME\nEOT # buildkit",
                false
            ),
            ("COPY <<EOF /expanded.txt # buildkit", false),
            ("COPY <<EOF /literal.txt # buildkit", false),
            ("COPY --chmod=755 <<A <<B /bin/tools/ # buildkit", false),
        ])
    );
}

#[test]
fn copy_owners_modes_globs_and_destinations() {
    let mut s = session();
    write(
        &mut s,
        &[
            ("c/a.txt", "aaa\n"),
            ("c/b.txt", "b\n"),
            ("c/dir/x", "x\n"),
            ("c/dir/sub/y", "yy\n"),
            (
                "c/Dockerfile",
                "FROM busybox\n\
                 WORKDIR /w\n\
                 COPY a.txt .\n\
                 COPY a.txt b.txt /multi/\n\
                 COPY a.txt b.txt /onto\n\
                 COPY dir /d1\n\
                 COPY dir/ /d2/\n\
                 COPY d*r/s* /glob/\n\
                 COPY *.nothing /empty/\n\
                 COPY --chown=1000:1000 --chmod=640 a.txt /owned\n\
                 COPY --chown=nobody b.txt /nb\n\
                 COPY a.txt /w/existing/\n\
                 COPY b.txt /w/existing\n\
                 COPY --chown=7:8 a.txt /deep/er/\n",
            ),
        ],
    );
    ok(&mut s, "docker build -t cp c");
    let t = tree(&s, "cp", None, "/");
    let get = |p: &str| t.get(p).cloned().unwrap_or_else(|| panic!("no {p}"));
    assert_eq!(get("/w/a.txt"), "file 0644 0:0 4", "`.` is the WORKDIR");
    assert_eq!(get("/multi/a.txt"), "file 0644 0:0 4");
    assert_eq!(get("/multi/b.txt"), "file 0644 0:0 2");
    // Two files onto a path without a slash: BuildKit copies one after the other, the
    // last wins (the classic builder refused with "When using COPY with more than one
    // source file, the destination must be a directory and end with a /").
    assert_eq!(get("/onto"), "file 0644 0:0 2");
    assert_eq!(read(&s, "cp", "/onto"), "b\n");
    // A directory's contents go to the destination, with or without slashes.
    for d in ["/d1", "/d2"] {
        assert_eq!(get(&format!("{d}/x")), "file 0644 0:0 2");
        assert_eq!(get(&format!("{d}/sub/y")), "file 0644 0:0 3");
        assert!(!t.contains_key(&format!("{d}/dir")));
    }
    assert_eq!(
        get("/glob/y"),
        "file 0644 0:0 3",
        "a glob matching a directory copies its contents"
    );
    // A glob that matches nothing copies nothing (BuildKit's AllowEmptyWildcard).
    assert!(!t.contains_key("/empty"));
    assert_eq!(get("/owned"), "file 0640 1000:1000 4");
    assert_eq!(
        get("/nb"),
        "file 0644 65534:65534 2",
        "--chown by name, from the image's passwd"
    );
    assert_eq!(get("/w/existing/a.txt"), "file 0644 0:0 4");
    assert_eq!(
        get("/w/existing/b.txt"),
        "file 0644 0:0 2",
        "an existing directory takes the file in"
    );
    // The directories a COPY --chown makes belong to the owner too (BuildKit's MkdirAll).
    assert_eq!(
        (get("/deep"), get("/deep/er"), get("/deep/er/a.txt")),
        (
            "dir 0755 7:8 4".into(),
            "dir 0755 7:8 4".into(),
            "file 0644 7:8 4".into()
        )
    );
    let h = history(&s, "cp", 3);
    assert_eq!(
        h[7],
        ("COPY *.nothing /empty/ # buildkit".to_string(), true),
        "an empty layer"
    );
    assert_eq!(
        h[8],
        (
            "COPY --chown=1000:1000 --chmod=640 a.txt /owned # buildkit".to_string(),
            false
        )
    );
    assert_eq!(
        h[9],
        (
            "COPY --chown=nobody b.txt /nb # buildkit".to_string(),
            false
        )
    );
    // COPY --from by index and by image name.
    write(
        &mut s,
        &[("m/Dockerfile", "FROM busybox\nRUN echo built > /artefact\nFROM scratch\nCOPY --from=0 /artefact /\nCOPY --from=busybox:latest /etc/group /etc/\n")],
    );
    ok(&mut s, "docker build -t from m");
    assert_eq!(read(&s, "from", "/artefact"), "built\n");
    assert_eq!(
        tree(&s, "from", None, "/")
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        ["/artefact", "/etc", "/etc/group"]
    );
}

/// fsutil's copy (BuildKit's COPY): a directory's contents go into a destination made like
/// its parents (0755, owned by --chown's owner or root), never with the source directory's
/// mode; what is below keeps its modes (or takes --chmod).
#[test]
fn a_copied_directory_gets_a_destination_as_buildkit_makes_it() {
    let mut s = session();
    let ctx = tar_of(&[
        ("Dockerfile", 0o644, b"FROM busybox\nCOPY dir /plain\nCOPY --chmod=700 dir /chmod/\nCOPY --chown=5:6 dir /a/b/\nCOPY dir /tmp\nCOPY dir/f /file\nCOPY dir /file\n"),
        ("dir/", 0o750, b""),
        ("dir/sub/", 0o711, b""),
        ("dir/f", 0o640, b"f\n"),
    ]);
    s.host_mut().write("ctx.tar", ctx.into()).unwrap();
    let (err, _) = fails(&mut s, "docker build -t d ctx.tar");
    assert!(
        err.ends_with(
            "ERROR: failed to build: failed to solve: cannot copy to non-directory: /file\n"
        ),
        "{err}"
    );
    let ctx = tar_of(&[
        ("Dockerfile", 0o644, b"FROM busybox\nCOPY dir /plain\nCOPY --chmod=700 dir /chmod/\nCOPY --chown=5:6 dir /a/b/\nCOPY dir /tmp\n"),
        ("dir/", 0o750, b""),
        ("dir/sub/", 0o711, b""),
        ("dir/f", 0o640, b"f\n"),
    ]);
    s.host_mut().write("ctx.tar", ctx.into()).unwrap();
    ok(&mut s, "docker build -t d ctx.tar");
    let t = tree(&s, "d", None, "/");
    let rows = |prefix: &str| -> Vec<String> {
        t.iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| format!("{k} {v}"))
            .collect()
    };
    assert_eq!(
        rows("/plain"),
        [
            "/plain dir 0755 0:0 2",
            "/plain/f file 0640 0:0 2",
            "/plain/sub dir 0711 0:0 0"
        ]
    );
    assert_eq!(
        rows("/chmod"),
        [
            "/chmod dir 0755 0:0 2",
            "/chmod/f file 0700 0:0 2",
            "/chmod/sub dir 0700 0:0 0"
        ]
    );
    assert_eq!(
        rows("/a"),
        [
            "/a dir 0755 5:6 2",
            "/a/b dir 0755 5:6 2",
            "/a/b/f file 0640 5:6 2",
            "/a/b/sub dir 0711 5:6 0"
        ]
    );
    // An existing directory keeps its own mode (/tmp is 1777 in busybox).
    assert_eq!(t["/tmp"], "dir 1777 0:0 2");
}

#[test]
fn add_extracts_local_archives_and_explains_urls() {
    let mut s = session();
    let archive = tar_of(&[
        ("app/", 0o755, b""),
        ("app/bin/", 0o750, b""),
        ("app/bin/run", 0o755, b"#!/bin/sh\necho run\n"),
        ("app/README", 0o644, b"read me\n"),
    ]);
    s.host_mut()
        .write("c/app.tar.gz", common::gzip(&archive).into())
        .unwrap();
    s.host_mut()
        .write("c/plain.tar", archive.clone().into())
        .unwrap();
    write(
        &mut s,
        &[
            ("c/notatar.tar.gz", "just text\n"),
            ("c/Dockerfile", "FROM busybox\nADD app.tar.gz /opt/\nADD plain.tar /plain\nADD notatar.tar.gz /files/\nCOPY app.tar.gz /kept/\n"),
        ],
    );
    ok(&mut s, "docker build -t add c");
    let t = tree(&s, "add", None, "/");
    assert_eq!(t["/opt/app/bin"], "dir 0750 0:0 19");
    assert_eq!(t["/opt/app/bin/run"], "file 0755 0:0 19");
    assert_eq!(t["/opt/app/README"], "file 0644 0:0 8");
    assert_eq!(
        t["/plain/app/bin/run"], "file 0755 0:0 19",
        "an uncompressed tar too"
    );
    assert_eq!(
        read(&s, "add", "/files/notatar.tar.gz"),
        "just text\n",
        "a file that is no archive is copied"
    );
    assert!(t.contains_key("/kept/app.tar.gz"), "COPY never extracts");
    // URLs: ADD would download, and the page has no network; COPY refuses them, as BuildKit.
    write(
        &mut s,
        &[(
            "u/Dockerfile",
            "FROM busybox\nADD https://example.com/app.tar.gz /opt/\n",
        )],
    );
    let (err, code) = fails(&mut s, "docker build u");
    assert_eq!(code, 1);
    assert!(err.contains("#5 [2/2] ADD https://example.com/app.tar.gz /opt/\n#5 ERROR: ADD https://example.com/app.tar.gz: the page has no network access"), "no context to load for a URL: {err}");
    write(
        &mut s,
        &[(
            "v/Dockerfile",
            "FROM busybox\nCOPY https://example.com/app.tar.gz /opt/\n",
        )],
    );
    let (err, _) = fails(&mut s, "docker build v");
    assert!(err.ends_with(" | >>> COPY https://example.com/app.tar.gz /opt/\n   3 |     \n--------------------\nERROR: failed to build: failed to solve: source can't be a URL for COPY\n"), "{err}");
}

#[test]
fn dockerignore_dockerfile_flag_and_contexts() {
    let mut s = session();
    write(
        &mut s,
        &[
            ("c/README.md", "readme\n"),
            ("c/notes.md", "notes\n"),
            ("c/keep.txt", "keep\n"),
            ("c/secret/key", "k\n"),
            ("c/.dockerignore", "# comment\n*.md\n!README.md\nsecret/\n"),
            ("c/Dockerfile", "FROM busybox\nCOPY . /ctx/\n"),
            (
                "elsewhere/Build.df",
                "FROM busybox\nCOPY keep.txt /from-f\n",
            ),
        ],
    );
    ok(&mut s, "docker build -t ign c");
    let files: Vec<String> = tree(&s, "ign", None, "/ctx").into_keys().collect();
    assert_eq!(
        files,
        [
            "/ctx/.dockerignore",
            "/ctx/Dockerfile",
            "/ctx/README.md",
            "/ctx/keep.txt"
        ]
    );
    // -f names a file outside the context; its name is what the progress shows.
    let (_, err) = ok(&mut s, "docker build -t viaf -f elsewhere/Build.df c");
    assert!(
        err.contains("#1 [internal] load build definition from Build.df\n"),
        "{err}"
    );
    assert_eq!(read(&s, "viaf", "/from-f"), "keep\n");
    // The same context as a tar, a gzipped tar, and on standard input.
    let ctx = tar_of(&[
        ("Dockerfile", 0o644, b"FROM busybox\nCOPY keep.txt /k\n"),
        ("keep.txt", 0o600, b"keep\n"),
    ]);
    s.host_mut().write("ctx.tar", ctx.clone().into()).unwrap();
    s.host_mut()
        .write("ctx.tar.gz", common::gzip(&ctx).into())
        .unwrap();
    let a = ok(&mut s, "docker build -q ctx.tar").0;
    let b = ok(&mut s, "docker build -q ctx.tar.gz").0;
    let c = ok(&mut s, "docker build -q - < ctx.tar").0;
    assert_eq!((&a, &b), (&c, &c));
    ok(&mut s, &format!("docker tag {} fromtar", a.trim()));
    assert_eq!(
        tree(&s, "fromtar", None, "/")["/k"],
        "file 0600 0:0 5",
        "the tar's modes"
    );
    // `-` with a Dockerfile: no context at all.
    write(
        &mut s,
        &[("df.txt", "FROM busybox\nRUN echo from stdin > /s\n")],
    );
    ok(&mut s, "docker build -t stdin - < df.txt");
    assert_eq!(read(&s, "stdin", "/s"), "from stdin\n");
    write(&mut s, &[("df2.txt", "FROM busybox\nCOPY keep.txt /\n")]);
    let (err, _) = fails(&mut s, "docker build - < df2.txt");
    assert!(err.contains("ERROR: failed to build: failed to solve: failed to calculate checksum of ref layerlab::context: \"/keep.txt\": not found\n"), "{err}");
}

#[test]
fn quiet_labels_and_tags() {
    let mut s = session();
    write(
        &mut s,
        &[(
            "c/Dockerfile",
            "FROM busybox\nLABEL from=file\nRUN echo hi\n",
        )],
    );
    let (out, err, code) = common::run(
        &mut s,
        "docker build -q --label from=flag --label extra -t one -t two:2 c",
    );
    assert_eq!(code, 0);
    assert_eq!(err, "", "-q prints nothing on standard error");
    assert!(out.starts_with("sha256:") && out.len() == 72, "{out:?}");
    let labels = config(&s, "one")["config"]["Labels"].clone();
    assert_eq!(labels["from"], "flag", "--label wins over LABEL");
    assert_eq!(labels["extra"], "");
    assert_eq!(history(&s, "one", 3).len(), 2, "--label adds no history");
    assert_eq!(ok(&mut s, "docker images -q --no-trunc two:2").0, out);
    // -q with an error: the excerpt and the error, no progress.
    write(&mut s, &[("e/Dockerfile", "FROM busybox\nRUN exit 2\n")]);
    let (out, err, code) = common::run(&mut s, "docker build -q e");
    assert_eq!((out.as_str(), code), ("", 1));
    assert_eq!(
        err,
        "Dockerfile:2\n--------------------\n   1 |     FROM busybox\n   2 | >>> RUN exit 2\n   3 |     \n--------------------\nERROR: failed to build: failed to solve: process \"/bin/sh -c exit 2\" did not complete successfully: exit code: 2\n"
    );
}

// ---------------------------------------------------------------------------------------
// Errors

#[test]
fn errors_read_as_buildkit_writes_them() {
    let mut s = session();
    // An unknown instruction: the parse error with the lines around it.
    write(
        &mut s,
        &[(
            "a/Dockerfile",
            "FROM busybox\nRUN echo hi\nFOO bar\nRUN echo x\n",
        )],
    );
    let (err, code) = fails(&mut s, "docker build a");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "#0 building with \"default\" instance using docker driver\n\n\
         #1 [internal] load build definition from Dockerfile\n#1 transferring dockerfile: 44B done\n#1 DONE 0.0s\n\n\
         Dockerfile:3\n--------------------\n   1 |     FROM busybox\n   2 |     RUN echo hi\n   3 | >>> FOO bar\n   4 |     RUN echo x\n   5 |     \n--------------------\n\
         ERROR: failed to build: failed to solve: dockerfile parse error on line 3: unknown instruction: FOO (did you mean FROM?)\n"
    );
    // A missing source file.
    write(
        &mut s,
        &[("b/Dockerfile", "FROM busybox\nCOPY nope.txt /x\n")],
    );
    let (err, _) = fails(&mut s, "docker build b");
    assert!(
        err.ends_with(
            "#6 [2/2] COPY nope.txt /x\n#6 ERROR: failed to calculate checksum of ref layerlab::context: \"/nope.txt\": not found\n\
             ------\n > [2/2] COPY nope.txt /x:\n------\n\
             Dockerfile:2\n--------------------\n   1 |     FROM busybox\n   2 | >>> COPY nope.txt /x\n   3 |     \n--------------------\n\
             ERROR: failed to build: failed to solve: failed to calculate checksum of ref layerlab::context: \"/nope.txt\": not found\n"
        ),
        "{err}"
    );
    // A base image no registry has.
    write(
        &mut s,
        &[("c/Dockerfile", "FROM nosuchimage:1.0\nRUN echo\n")],
    );
    let (err, _) = fails(&mut s, "docker build c");
    assert!(
        err.ends_with(
            "#2 [internal] load metadata for docker.io/library/nosuchimage:1.0\n\
             #2 ERROR: failed to resolve source metadata for docker.io/library/nosuchimage:1.0: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n\
             ------\n > [internal] load metadata for docker.io/library/nosuchimage:1.0:\n------\n\
             Dockerfile:1\n--------------------\n   1 | >>> FROM nosuchimage:1.0\n   2 |     RUN echo\n   3 |     \n--------------------\n\
             ERROR: failed to build: failed to solve: nosuchimage:1.0: failed to resolve source metadata for docker.io/library/nosuchimage:1.0: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n"
        ),
        "{err}"
    );
    write(&mut s, &[("c2/Dockerfile", "FROM busybox:nosuchtag\n")]);
    let (err, _) = fails(&mut s, "docker build c2");
    assert!(err.ends_with("ERROR: failed to build: failed to solve: busybox:nosuchtag: failed to resolve source metadata for docker.io/library/busybox:nosuchtag: docker.io/library/busybox:nosuchtag: not found\n"), "{err}");
    // A RUN that fails: its output, the exit code, the line.
    write(
        &mut s,
        &[("d/Dockerfile", "FROM busybox\nRUN echo start && exit 3\n")],
    );
    let (err, _) = fails(&mut s, "docker build d");
    assert!(
        err.ends_with(
            "#5 [2/2] RUN echo start && exit 3\n#5 0.000 start\n\
             #5 ERROR: process \"/bin/sh -c echo start && exit 3\" did not complete successfully: exit code: 3\n\
             ------\n > [2/2] RUN echo start && exit 3:\n0.000 start\n------\n\
             Dockerfile:2\n--------------------\n   1 |     FROM busybox\n   2 | >>> RUN echo start && exit 3\n   3 |     \n--------------------\n\
             ERROR: failed to build: failed to solve: process \"/bin/sh -c echo start && exit 3\" did not complete successfully: exit code: 3\n"
        ),
        "{err}"
    );
    assert!(
        ok(&mut s, "docker images -q").0.lines().count() == 1,
        "a failed build stores no image"
    );
    // A program busybox does not have (as with Docker: not found); one an image has but
    // layerlab cannot run (explained). Both stop the build, naming the program and the
    // line; no empty layer is made.
    write(
        &mut s,
        &[(
            "e/Dockerfile",
            "FROM busybox\nRUN echo first\nRUN apt-get update && apt-get install -y curl\n",
        )],
    );
    let (err, _) = fails(&mut s, "docker build e");
    assert!(err.contains("#6 0.000 sh: apt-get: not found\n#6 ERROR: process \"/bin/sh -c apt-get update && apt-get install -y curl\" did not complete successfully: exit code: 127\n"), "{err}");
    assert!(!err.contains("layerlab: the build stopped"), "{err}");
    assert!(
        err.contains("   3 | >>> RUN apt-get update && apt-get install -y curl\n"),
        "{err}"
    );
    ok(&mut s, "docker pull -q nginx");
    write(&mut s, &[("f/Dockerfile", "FROM nginx\nRUN nginx -t\n")]);
    let (err, _) = fails(&mut s, "docker build f");
    assert!(err.contains("#5 0.000 sh: nginx: layerlab does not run programs from images, only the commands it implements\n"), "{err}");
    assert!(
        err.ends_with("did not complete successfully: exit code: 126\n"),
        "{err}"
    );
    assert!(
        err.contains("layerlab: the build stopped at a program the simulator cannot run"),
        "{err}"
    );
    // Flags and arguments.
    write(
        &mut s,
        &[(
            "g/Dockerfile",
            "FROM busybox\nCOPY --chmod=999 Dockerfile /\n",
        )],
    );
    let (err, _) = fails(&mut s, "docker build g");
    assert!(err.ends_with("ERROR: failed to build: failed to solve: invalid chmod parameter: '999'. it should be octal string and between 0 and 07777\n"), "{err}");
    let (err, _) = fails(&mut s, "docker build --target nosuch g");
    assert!(
        err.ends_with(
            "ERROR: failed to build: failed to solve: target stage \"nosuch\" could not be found\n"
        ),
        "{err}"
    );
    let (err, _) = fails(&mut s, "docker build nosuchdir");
    assert_eq!(
        err,
        "ERROR: unable to prepare context: path \"nosuchdir\" not found\n"
    );
    write(&mut s, &[("h/file.txt", "x")]);
    let (err, _) = fails(&mut s, "docker build h");
    assert!(
        err.ends_with("failed to read dockerfile: open Dockerfile: no such file or directory\n"),
        "{err}"
    );
    let (err, code) = fails(&mut s, "docker build");
    assert_eq!(code, 1);
    assert!(err.starts_with("docker: 'docker buildx build' requires 1 argument\n\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\n"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Robustness

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

#[test]
fn random_and_mutated_dockerfiles_never_panic() {
    // Instructions that parse (what they do at build time varies: some fail there).
    const VALID: &[&str] = &[
        "ARG T",
        "ARG BASE=busybox",
        "ARG V=1 W",
        "ENV A=1 B=\"two words\"",
        "ENV P=$PATH:/x",
        "LABEL a=b \"c d\"=e",
        "WORKDIR /w",
        "WORKDIR ../up",
        "WORKDIR $A",
        "WORKDIR /",
        "RUN echo hi > f",
        "RUN [\"echo\", \"x\"]",
        "RUN [\"\"]",
        "RUN exit 4",
        "RUN rm -rf /",
        "RUN mkdir -p /a/b && cd /a && touch c && ln -s c d && chmod 700 b",
        "RUN cp -r /etc /e2 && mv /e2 /e3 && rm -rf /e3/passwd",
        "RUN echo $V $A ${W:-w} > /v",
        "RUN <<EOF\necho in doc > /doc\nEOF",
        "RUN cat <<A > /f\n$A\nA",
        "RUN cat <<A <<B\na\nA\nb\nB",
        "RUN <<EOF\n#!/usr/bin/python3\nprint(1)\nEOF",
        "RUN sh -ec 'echo x'",
        "RUN apt-get install -y x",
        "RUN nosuchprogram",
        "COPY . /",
        "COPY a /a",
        "COPY a x.txt /m/",
        "COPY a x.txt /m",
        "COPY --from=b / /",
        "COPY --from=0 /etc /e",
        "COPY --from=9 / /",
        "COPY --from=busybox /bin /b",
        "COPY --chown=x:y a /",
        "COPY --chown=1:2 a /o/",
        "COPY --chmod=7777 a /",
        "COPY --chmod=abc a /",
        "COPY *.txt /t/",
        "COPY *.none /n/",
        "COPY nope /",
        "COPY a.tar /t",
        "COPY <<EOF /doc\nhi $A\nEOF",
        "COPY <<'EOF' /d\n$A\nEOF",
        "ADD a.tar /x/",
        "ADD a /x",
        "ADD http://x/y /z",
        "ADD git@github.com:a/b.git /g",
        "COPY https://x/y /z",
        "CMD echo",
        "CMD [\"a\"]",
        "ENTRYPOINT []",
        "ENTRYPOINT sh",
        "EXPOSE 80-79",
        "EXPOSE x/y",
        "EXPOSE 1-3/udp 80",
        "USER 1:2",
        "USER nobody",
        "USER ghost",
        "VOLUME [\"\"]",
        "VOLUME /v $A",
        "STOPSIGNAL SIGKILL",
        "STOPSIGNAL nope",
        "HEALTHCHECK NONE",
        "HEALTHCHECK --interval=5s CMD true",
        "SHELL [\"/bin/sh\", \"-ec\"]",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
        "SHELL [\"x\"]",
        "ONBUILD RUN echo t",
        "ONBUILD COPY a /",
        "MAINTAINER someone",
        "RUN --mount=type=cache,target=/x echo",
        "COPY --link a /",
        "COPY --parents a/./b /",
        "COPY --exclude=*.md . /",
        "FROM busybox AS b",
        "FROM b",
        "FROM scratch",
        "FROM $BASE",
        "FROM nosuch",
    ];
    // Lines that do not parse, and noise for mutations.
    const INVALID: &[&str] = &[
        "ARG",
        "ENV",
        "ENV X",
        "CMD [\"a\"",
        "ONBUILD ONBUILD RUN x",
        "ONBUILD FROM x",
        "FOO bar",
        "RUN a \\",
        "HEALTHCHECK --interval=x CMD a",
        "\\",
    ];
    const FROMS: &[&str] = &[
        "FROM busybox",
        "FROM busybox AS b",
        "FROM scratch",
        "FROM busybox:${T:-latest}",
        "ARG BASE=busybox\nFROM $BASE",
        "# escape=`\nFROM busybox",
        "# syntax=docker/dockerfile:1\nFROM busybox",
    ];
    const NOISE: &[&str] = &[
        "$", "${", "}", "\"", "'", "\\", "\n", "[", "]", "<<", "`", "\0", "é", "\u{feff}", "--",
        "=", ":", "/..", "*", " ",
    ];
    let seed = std::env::var("LAYERLAB_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed);
    let mut s = session();
    let archive = tar_of(&[("a/", 0o755, b""), ("a/f", 0o644, b"f")]);
    s.host_mut().write("fz/a.tar", archive.into()).unwrap();
    write(&mut s, &[("fz/a", "a\n"), ("fz/x.txt", "x\n")]);
    // LAYERLAB_FUZZ_ROUNDS=N runs longer (the default keeps the suite quick).
    let rounds: usize = std::env::var("LAYERLAB_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for round in 0..rounds {
        let mut text = String::new();
        if rng.below(10) > 0 {
            text.push_str(rng.pick(FROMS));
            text.push('\n');
        }
        for _ in 0..1 + rng.below(8) {
            text.push_str(if rng.below(12) == 0 {
                rng.pick(INVALID)
            } else {
                rng.pick(VALID)
            });
            text.push('\n');
        }
        if rng.below(4) == 0 {
            for _ in 0..1 + rng.below(3) {
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let noise = rng.pick(NOISE);
                text.insert_str(at, noise);
            }
        }
        if rng.below(10) == 0 {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
        }
        s.host_mut()
            .write("fz/Dockerfile", text.clone().into_bytes().into())
            .unwrap();
        let flags = [
            "",
            "",
            "--no-cache",
            "--target b",
            "--build-arg BASE=scratch",
            "-q",
            "--build-arg T=",
            "-f fz/a",
        ][rng.below(8)];
        let line = format!("docker build {flags} fz");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.run(&line)));
        match result {
            Ok(o) => {
                assert!(
                    o.code == 0 || o.code == 1,
                    "round {round}: {line} exited {}\n{text}",
                    o.code
                );
                let err = o.stderr_text();
                let kind = if o.code == 0 {
                    "built"
                } else if err.contains("parse error")
                    || err.contains("no build stage")
                    || err.contains("file with no instructions")
                {
                    "parse error"
                } else if err.contains("] ") && err.contains(" ERROR: ") {
                    "failed in a step"
                } else {
                    "failed before the steps"
                };
                *outcomes.entry(kind).or_insert(0) += 1;
            }
            Err(_) => panic!("round {round}: {line} panicked on:\n{text:?}"),
        }
    }
    eprintln!("outcomes: {outcomes:?}");
    // The generator reaches the steps, not only the parser.
    if rounds >= 400 {
        assert!(
            outcomes.get("built").copied().unwrap_or(0) * 10 >= rounds,
            "{outcomes:?}"
        );
        assert!(
            outcomes.get("failed in a step").copied().unwrap_or(0) * 10 >= rounds,
            "{outcomes:?}"
        );
    }
    // Hostile context archives too.
    for (round, blob) in [
        vec![0u8; 1024],
        b"not a tar at all".to_vec(),
        common::gzip(b"garbage"),
        common::tar(&[
            ("../../evil", b"x"),
            ("Dockerfile", b"FROM scratch\nCOPY . /\n"),
        ]),
    ]
    .into_iter()
    .enumerate()
    {
        s.host_mut().write("bad.tar", blob.into()).unwrap();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            s.run("docker build bad.tar")
        }));
        assert!(result.is_ok(), "context {round} panicked");
    }
}

/// BuildKit's checks print after the steps, as Docker 28 prints them by default.
#[test]
fn build_checks_warn_after_the_steps() {
    let mut s = session();
    write(
        &mut s,
        &[(
            "w/Dockerfile",
            "FROM busybox AS base\nENV A 1\nCMD echo $A\n",
        )],
    );
    let (_, err) = ok(&mut s, "docker build -t w:1 w");
    assert!(
        err.ends_with(
            "#5 DONE 0.0s\n\n 2 warnings found (use docker --debug to expand):\n\
             \x20- LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 2)\n\
             \x20- JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 3)\n"
        ),
        "{err}"
    );
    // Not with -q, and none for a clean file.
    assert_eq!(ok(&mut s, "docker build -q w").1, "");
    write(&mut s, &[("c/Dockerfile", "FROM busybox\nCMD [\"sh\"]\n")]);
    assert!(!ok(&mut s, "docker build c").1.contains("warning"));
}

/// `set -e` and `-o pipefail` change what a RUN's status is, as they do in a real shell.
#[test]
fn errexit_and_pipefail_decide_a_run() {
    let mut s = session();
    write(
        &mut s,
        &[(
            "a/Dockerfile",
            "FROM busybox\nRUN false; echo after > /after.txt\n",
        )],
    );
    ok(&mut s, "docker build -t a:1 a");
    let out = ok(&mut s, "docker run --rm a:1 cat /after.txt").0;
    assert_eq!(out, "after\n", "without -e the script goes on");
    write(
        &mut s,
        &[(
            "b/Dockerfile",
            "FROM busybox\nRUN set -e; false; echo after > /after.txt\n",
        )],
    );
    let (err, code) = fails(&mut s, "docker build b");
    assert_eq!(code, 1);
    assert!(
        err.contains("did not complete successfully: exit code: 1\n"),
        "{err}"
    );
    write(
        &mut s,
        &[(
            "c/Dockerfile",
            "FROM busybox\nRUN set -e; false || echo tested > /t.txt; true && false || true\n",
        )],
    );
    ok(&mut s, "docker build c");
    write(
        &mut s,
        &[("d/Dockerfile", "FROM busybox\nRUN false | true\n")],
    );
    ok(&mut s, "docker build d");
    write(
        &mut s,
        &[(
            "e/Dockerfile",
            "FROM busybox\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN false | true\n",
        )],
    );
    let (err, _) = fails(&mut s, "docker build e");
    assert!(err.contains("process \"/bin/sh -o pipefail -c false | true\" did not complete successfully: exit code: 1"), "{err}");
    write(
        &mut s,
        &[(
            "f/Dockerfile",
            "FROM busybox\nRUN [\"sh\", \"-ec\", \"false; echo no\"]\n",
        )],
    );
    let (err, _) = fails(&mut s, "docker build f");
    assert!(!err.contains("0.000 no"), "{err}");
}
