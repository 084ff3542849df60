#![cfg(not(target_arch = "wasm32"))]
//! `docker pull` and `docker push` against the in-page registries: exact transcripts,
//! pinned demo image IDs, round trips through save/load and push/pull, and error texts.

use layerlab::digest::Digest;
use layerlab::host::MemHost;
use layerlab::registry::demo::{self, DemoImage, DEMO_LABEL, DESCRIPTION_LABEL};
use layerlab::registry::gzip;
use layerlab::time::Timestamp;
use layerlab::Session;
use serde_json::Value;

fn session() -> Session {
    let mut s = Session::new(Box::new(MemHost::new()));
    s.set_now(Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap());
    s
}

/// Runs a line: (stdout, stderr, status).
fn run(s: &mut Session, line: &str) -> (String, String, i32) {
    let o = s.run(line);
    (o.stdout_text(), o.stderr_text(), o.code)
}

/// Runs a line that must succeed without a word on stderr; returns stdout.
fn ok(s: &mut Session, line: &str) -> String {
    let (out, err, code) = run(s, line);
    assert_eq!((err.as_str(), code), ("", 0), "{line}\n{out}");
    out
}

fn demo_image(repository: &str, tag: &str) -> DemoImage {
    demo::images()
        .into_iter()
        .find(|i| i.repository == repository && i.tags.contains(&tag))
        .unwrap()
}

/// The short IDs Docker shows for a demo image's layers while pulling: its gzip blobs.
fn pull_ids(img: &DemoImage) -> Vec<String> {
    img.layers
        .iter()
        .map(|l| Digest::of(&gzip(l)).short())
        .collect()
}

/// The short IDs Docker shows while pushing: diffIDs, top layer first.
fn push_ids(img: &DemoImage) -> Vec<String> {
    img.layers
        .iter()
        .rev()
        .map(|l| Digest::of(l).short())
        .collect()
}

/// The digest the registry serves for `name:tag`, read from a pull transcript.
fn digest_line(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("Digest: "))
        .unwrap()
        .to_string()
}

/// Every demo image by reference, with its image ID (its linux/amd64 config's digest) and
/// the digest of its index (`Digest:`). Pinned: a change to any demo file, config, to the
/// gzip settings or to the index shows up here.
const PINNED: &[(&str, &str, &str)] = &[
    (
        "hello-world:latest",
        "74d44830c1267facae6d7cd55955c8a0076504e885042ea30421e85cf01f282e",
        "b3c81be9e126b8f6012e943f813880ae149bea2b06a5dacfb6bd2c14e510f67f",
    ),
    (
        "busybox:latest",
        "abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c",
        "2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1",
    ),
    (
        "busybox:1.37",
        "abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c",
        "2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1",
    ),
    (
        "alpine:latest",
        "de5d7c9f7683bf4d8813388f847a3955d2f5dc5dfa4034e8d77903408adffe89",
        "9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232",
    ),
    (
        "alpine:3.21",
        "de5d7c9f7683bf4d8813388f847a3955d2f5dc5dfa4034e8d77903408adffe89",
        "9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232",
    ),
    (
        "ubuntu:latest",
        "4c23176257c15c66f707c2eaaa822d1ea03f8f5a9c843cc3de64f2fa7a349e3e",
        "1464ce045c65979221dc33f5c4bf43c51bdf3fc78de89b9cfcb87f8709f3275c",
    ),
    (
        "ubuntu:24.04",
        "4c23176257c15c66f707c2eaaa822d1ea03f8f5a9c843cc3de64f2fa7a349e3e",
        "1464ce045c65979221dc33f5c4bf43c51bdf3fc78de89b9cfcb87f8709f3275c",
    ),
    (
        "ubuntu:noble",
        "4c23176257c15c66f707c2eaaa822d1ea03f8f5a9c843cc3de64f2fa7a349e3e",
        "1464ce045c65979221dc33f5c4bf43c51bdf3fc78de89b9cfcb87f8709f3275c",
    ),
    (
        "centos:latest",
        "2ffc1da687020f2887933d047a34c50b3fce6bceca0446bcca1494353b1d48d6",
        "5e11784e06a40aaa7df34868ef762d959e5fd275b914635b31235092eacd0508",
    ),
    (
        "centos:8",
        "2ffc1da687020f2887933d047a34c50b3fce6bceca0446bcca1494353b1d48d6",
        "5e11784e06a40aaa7df34868ef762d959e5fd275b914635b31235092eacd0508",
    ),
    (
        "nginx:latest",
        "e5406fb19f93087ef19db6497eb114065ed0730781337b341eabc4e42d26bf5f",
        "e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a",
    ),
    (
        "nginx:1.27",
        "e5406fb19f93087ef19db6497eb114065ed0730781337b341eabc4e42d26bf5f",
        "e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a",
    ),
    (
        "nginx:1.16",
        "8a214887251d83b4169525af8677643dbb042fef673481693e4989be4f2a4ca6",
        "8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d",
    ),
    (
        "nginx:alpine",
        "facf4db89a1cd1e57b869e4399a3202741f1678471a662c307cc6768a5eb6662",
        "f080c743d93bb31b0348b6634d6da3af9d72dd40bbda54bbb4c76e39ac0e89c9",
    ),
];

#[test]
fn demo_image_ids_are_pinned() {
    let mut s = session();
    let mut actual = Vec::new();
    for (name, _, _) in PINNED {
        let out = ok(&mut s, &format!("docker pull -q {name}"));
        assert_eq!(out, format!("docker.io/library/{name}\n"));
        let id = ok(&mut s, &format!("docker images -q --no-trunc {name}"));
        let id = id.trim().trim_start_matches("sha256:").to_string();
        let out = ok(&mut s, &format!("docker pull {name}"));
        let digest = digest_line(&out).trim_start_matches("sha256:").to_string();
        actual.push((name.to_string(), id, digest));
    }
    let listing: String = actual
        .iter()
        .map(|(n, i, d)| {
            format!("    (\n        \"{n}\",\n        \"{i}\",\n        \"{d}\",\n    ),\n")
        })
        .collect();
    for ((name, id, digest), (n, i, d)) in PINNED.iter().zip(&actual) {
        assert_eq!(
            (*name, *id, *digest),
            (n.as_str(), i.as_str(), d.as_str()),
            "demo images changed; the new table:\n{listing}"
        );
    }
}

#[test]
fn first_and_second_pull_of_nginx() {
    let mut s = session();
    let img = demo_image("library/nginx", "latest");
    let out = ok(&mut s, "docker pull nginx");
    let digest = digest_line(&out);
    let mut expected =
        "Using default tag: latest\nlatest: Pulling from library/nginx\n".to_string();
    for id in pull_ids(&img) {
        expected.push_str(&format!("{id}: Pull complete\n"));
    }
    expected.push_str(&format!(
        "Digest: {digest}\nStatus: Downloaded newer image for nginx:latest\ndocker.io/library/nginx:latest\n"
    ));
    assert_eq!(out, expected);
    assert_eq!(
        ok(&mut s, "docker pull nginx:latest"),
        format!(
            "latest: Pulling from library/nginx\nDigest: {digest}\nStatus: Image is up to date for nginx:latest\ndocker.io/library/nginx:latest\n"
        )
    );
    // The image is the demo image, and docker images lists it.
    let id = img.id();
    assert_eq!(
        ok(&mut s, "docker images -q --no-trunc nginx"),
        format!("{id}\n")
    );
    // A second tag of the same image: nothing to download, but a new tag.
    assert_eq!(
        ok(&mut s, "docker pull nginx:1.27"),
        format!(
            "1.27: Pulling from library/nginx\nDigest: {digest}\nStatus: Downloaded newer image for nginx:1.27\ndocker.io/library/nginx:1.27\n"
        )
    );
}

#[test]
fn shared_base_layer_already_exists() {
    let mut s = session();
    ok(&mut s, "docker pull nginx:alpine");
    let alpine = demo_image("library/alpine", "latest");
    let out = ok(&mut s, "docker pull alpine");
    let base = &pull_ids(&alpine)[0];
    assert_eq!(
        out,
        format!(
            "Using default tag: latest\nlatest: Pulling from library/alpine\n{base}: Already exists\nDigest: {}\nStatus: Downloaded newer image for alpine:latest\ndocker.io/library/alpine:latest\n",
            digest_line(&out)
        )
    );
    // The other way round: nginx:alpine after alpine reuses the base, downloads the rest.
    let mut s = session();
    ok(&mut s, "docker pull alpine");
    let out = ok(&mut s, "docker pull nginx:alpine");
    let ids = pull_ids(&demo_image("library/nginx", "alpine"));
    assert!(
        out.contains(&format!("{}: Already exists\n", ids[0])),
        "{out}"
    );
    for id in &ids[1..] {
        assert!(out.contains(&format!("{id}: Pull complete\n")), "{out}");
    }
}

#[test]
fn redirected_output_shows_every_status_message() {
    let mut s = session();
    ok(&mut s, "docker pull busybox > out.txt");
    let out = String::from_utf8(s.host().read("out.txt").unwrap().to_vec()).unwrap();
    let id = &pull_ids(&demo_image("library/busybox", "latest"))[0];
    assert_eq!(
        out,
        format!(
            "Using default tag: latest\nlatest: Pulling from library/busybox\n{id}: Pulling fs layer\n{id}: Verifying Checksum\n{id}: Download complete\n{id}: Pull complete\nDigest: {}\nStatus: Downloaded newer image for busybox:latest\ndocker.io/library/busybox:latest\n",
            digest_line(&out)
        )
    );
    // More than three layers: the fourth and later wait for a download slot.
    ok(&mut s, "docker pull nginx | cat > nginx.txt");
    let out = String::from_utf8(s.host().read("nginx.txt").unwrap().to_vec()).unwrap();
    let ids = pull_ids(&demo_image("library/nginx", "latest"));
    let waiting: Vec<&str> = out.lines().filter(|l| l.ends_with(": Waiting")).collect();
    let expected: Vec<String> = ids[3..].iter().map(|i| format!("{i}: Waiting")).collect();
    assert_eq!(waiting, expected);
}

#[test]
fn quiet_all_tags_digest_and_platform() {
    let mut s = session();
    assert_eq!(
        ok(&mut s, "docker image pull -q ubuntu"),
        "docker.io/library/ubuntu:latest\n"
    );
    let out = ok(&mut s, "docker pull -a centos");
    let digest = digest_line(&out);
    let id = &pull_ids(&demo_image("library/centos", "latest"))[0];
    assert_eq!(
        out,
        format!(
            "8: Pulling from library/centos\n{id}: Pull complete\nDigest: {digest}\nlatest: Pulling from library/centos\nDigest: {digest}\nStatus: Downloaded newer image for centos\ndocker.io/library/centos\n"
        )
    );
    assert_eq!(
        ok(&mut s, "docker images centos")
            .lines()
            .filter(|l| l.starts_with("centos"))
            .count(),
        2
    );
    // By digest: no tag is set, the reference keeps the digest.
    let digest = digest_line(&ok(
        &mut s,
        "docker pull -q hello-world; docker pull hello-world",
    ));
    let mut fresh = session();
    assert_eq!(
        ok(&mut fresh, &format!("docker pull hello-world@{digest}")),
        format!(
            "docker.io/library/hello-world@{digest}: Pulling from library/hello-world\n{}: Pull complete\nDigest: {digest}\nStatus: Downloaded newer image for hello-world@{digest}\ndocker.io/library/hello-world@{digest}\n",
            pull_ids(&demo_image("library/hello-world", "latest"))[0]
        )
    );
    // Another platform of the index: its own config (and so image ID), the same `Digest:`
    // (the index's), no warning (`arm64` is `arm64/v8`, as containerd normalises it).
    let out = ok(&mut fresh, "docker pull --platform linux/arm64 busybox");
    assert!(
        out.ends_with(
            "Status: Downloaded newer image for busybox:latest\ndocker.io/library/busybox:latest\n"
        ),
        "{out}"
    );
    let index = digest_line(&out);
    assert_eq!(
        ok(
            &mut fresh,
            "docker inspect -f '{{.Os}}/{{.Architecture}}/{{.Variant}} {{.RepoDigests}}' busybox"
        ),
        format!("linux/arm64/v8 [busybox@{index}]\n")
    );
    // Run without --platform: moby's warning, then the container runs.
    let (out, err, code) = run(&mut fresh, "docker run --rm busybox echo hi");
    assert_eq!((out.as_str(), code), ("hi\n", 0));
    assert_eq!(err, "WARNING: The requested image's platform (linux/arm64/v8) does not match the detected host platform (linux/amd64/v3) and no specific platform was requested\n");
    let (_, err, _) = run(
        &mut fresh,
        "docker run --rm --platform linux/arm64 busybox true",
    );
    assert_eq!(err, "");
    // Back to linux/amd64: the tag moves to that platform's image, the arm64 one dangles.
    ok(&mut fresh, "docker pull --platform linux/amd64 busybox");
    assert_eq!(
        ok(
            &mut fresh,
            "docker images --format '{{.Repository}}:{{.Tag}}' busybox"
        ),
        "busybox:latest\n"
    );
    // A platform the index does not list: moby's error after the first line.
    let (out, err, code) = run(&mut fresh, "docker pull --platform linux/riscv64 alpine");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "Using default tag: latest\nlatest: Pulling from library/alpine\n",
            "no matching manifest for linux/riscv64 in the manifest list entries\n",
            1
        )
    );
}

#[test]
fn pull_errors() {
    let mut s = session();
    let cases: &[(&str, &str, &str, i32)] = &[
        (
            "docker pull nosuch",
            "Using default tag: latest\n",
            "Error response from daemon: pull access denied for nosuch, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
            1,
        ),
        (
            "docker pull learner/nosuch:1",
            "",
            "Error response from daemon: pull access denied for learner/nosuch, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
            1,
        ),
        (
            "docker pull nginx:9",
            "",
            "Error response from daemon: manifest for nginx:9 not found: manifest unknown: manifest unknown\n",
            1,
        ),
        (
            "docker pull registry.example.com/team/app",
            "Using default tag: latest\n",
            "Error response from daemon: Get \"https://registry.example.com/v2/\": dial tcp: lookup registry.example.com: no such host\n",
            1,
        ),
        (
            "docker pull localhost:5000/app:1",
            "",
            "Error response from daemon: Get \"http://localhost:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused\n",
            1,
        ),
        (
            "docker pull -a nginx:1.16",
            "",
            "tag can't be used with --all-tags/-a\n",
            1,
        ),
        (
            "docker pull Nginx",
            "",
            "invalid reference format: repository name (library/Nginx) must be lowercase\n",
            1,
        ),
        (
            "docker pull --platform nope busybox",
            "Using default tag: latest\n",
            "Error response from daemon: \"nope\": unknown operating system or architecture: invalid argument\n",
            1,
        ),
        (
            "docker pull a b",
            "",
            "docker: 'docker pull' requires 1 argument\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nRun 'docker pull --help' for more information\n",
            1,
        ),
    ];
    for (line, out, err, code) in cases {
        assert_eq!(
            run(&mut s, line),
            (out.to_string(), err.to_string(), *code),
            "{line}"
        );
    }
    let d = format!("sha256:{}", "ab".repeat(32));
    assert_eq!(
        run(&mut s, &format!("docker pull nginx@{d}")).1,
        format!("Error response from daemon: manifest for nginx@{d} not found: manifest unknown: manifest unknown\n")
    );
    // Nothing was added by any of them.
    assert_eq!(ok(&mut s, "docker images -q"), "");
}

#[test]
fn ids_are_the_same_in_every_session_and_survive_save_and_load() {
    let names = "hello-world busybox alpine ubuntu centos nginx nginx:1.16 nginx:alpine";
    let pull_all = |s: &mut Session| {
        for n in names.split(' ') {
            ok(s, &format!("docker pull -q {n}"));
        }
        ok(s, "docker images --no-trunc")
    };
    let mut a = session();
    let mut b = session();
    let listing = pull_all(&mut a);
    assert_eq!(listing, pull_all(&mut b));
    assert_eq!(listing.lines().count(), 9);
    ok(&mut a, &format!("docker save -o all.tar {names}"));
    let archive = a.host().read("all.tar").unwrap();
    let mut c = session();
    c.host_mut().write("all.tar", archive).unwrap();
    ok(&mut c, "docker load -i all.tar");
    assert_eq!(ok(&mut c, "docker images --no-trunc"), listing);
    let inspect = "docker inspect nginx:alpine busybox";
    let (x, y) = (ok(&mut a, inspect), ok(&mut c, inspect));
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        for img in v.as_array_mut().unwrap() {
            img.as_object_mut().unwrap().remove("RepoDigests");
        }
        v
    };
    assert_eq!(strip(&x), strip(&y));
}

#[test]
fn push_transcripts_and_pulling_back() {
    let mut s = session();
    let img = demo_image("library/nginx", "latest");
    let ids = push_ids(&img);
    ok(&mut s, "docker pull -q nginx");
    let pulled = digest_line(&ok(&mut s, "docker pull nginx"));
    let (digest, size) = {
        // The registry serves nginx as an OCI manifest; Docker 28's push writes the same
        // config and layers back as Docker schema 2 (moby's schema2 builder), so the
        // pushed manifest has a digest of its own.
        let r = demo::registry();
        let reference = layerlab::reference::Reference::parse_with_default_tag("nginx").unwrap();
        let d = r.resolve(&reference).unwrap();
        assert_eq!(d.to_string(), pulled);
        let index = r.manifest("library/nginx", &d).unwrap();
        let index = layerlab::registry::Index::parse(&index).unwrap();
        let amd64 = index.select("linux/amd64").unwrap().descriptor.digest;
        let served = r.manifest("library/nginx", &amd64).unwrap();
        let m = layerlab::registry::Manifest::parse(&served).unwrap();
        let docker = m.to_docker_bytes();
        assert_ne!(docker, served.to_vec());
        (
            layerlab::digest::Digest::of(&docker).to_string(),
            docker.len(),
        )
    };
    let transcript = |status: &dyn Fn(&str) -> String, repo: &str, tag: &str| {
        let mut t = format!("The push refers to repository [{repo}]\n");
        for id in &ids {
            t.push_str(&format!("{id}: {}\n", status(id)));
        }
        t.push_str(&format!("{tag}: digest: {digest} size: {size}\n"));
        t
    };
    // A new host: a registry appears, every layer is uploaded.
    ok(&mut s, "docker tag nginx localhost:5000/web:1");
    assert_eq!(
        ok(&mut s, "docker push localhost:5000/web:1"),
        transcript(&|_| "Pushed".into(), "localhost:5000/web", "1")
    );
    // Again: the registry has every layer.
    ok(&mut s, "docker tag nginx localhost:5000/web:2");
    assert_eq!(
        ok(&mut s, "docker push localhost:5000/web:2"),
        transcript(
            &|_| "Layer already exists".into(),
            "localhost:5000/web",
            "2"
        )
    );
    // Another repository of the same registry: layers are mounted, not uploaded.
    ok(&mut s, "docker tag nginx localhost:5000/team/site");
    assert_eq!(
        ok(&mut s, "docker push localhost:5000/team/site"),
        format!(
            "Using default tag: latest\n{}",
            transcript(
                &|_| "Mounted from web".into(),
                "localhost:5000/team/site",
                "latest"
            )
        )
    );
    // Docker Hub: a user repository mounts from library/nginx.
    ok(&mut s, "docker tag nginx learner/web:v1");
    assert_eq!(
        ok(&mut s, "docker push learner/web:v1"),
        transcript(
            &|_| "Mounted from library/nginx".into(),
            "docker.io/learner/web",
            "v1"
        )
    );
    // -q prints the reference only.
    assert_eq!(
        ok(&mut s, "docker image push -q learner/web:v1"),
        "docker.io/learner/web:v1\n"
    );
    // Pull back: the same image, whatever the repository.
    ok(&mut s, "docker rmi localhost:5000/web:1 localhost:5000/web:2 localhost:5000/team/site learner/web:v1 nginx");
    assert_eq!(ok(&mut s, "docker images -q"), "");
    let out = ok(&mut s, "docker pull localhost:5000/web:2");
    assert!(out.starts_with("2: Pulling from web\n"), "{out}");
    assert!(out.ends_with(&format!(
        "Digest: {digest}\nStatus: Downloaded newer image for localhost:5000/web:2\nlocalhost:5000/web:2\n"
    )));
    let out = ok(&mut s, "docker pull learner/web:v1");
    assert_eq!(
        out,
        format!("v1: Pulling from learner/web\nDigest: {digest}\nStatus: Downloaded newer image for learner/web:v1\ndocker.io/learner/web:v1\n")
    );
    assert_eq!(
        ok(&mut s, "docker images -q --no-trunc learner/web"),
        format!("{}\n", img.id())
    );
    // Pushing -a pushes every tag; the second finds the layers of the first.
    ok(&mut s, "docker tag learner/web:v1 localhost:5000/all:a; docker tag learner/web:v1 localhost:5000/all:b");
    let out = ok(&mut s, "docker push -a localhost:5000/all");
    assert_eq!(
        out,
        format!(
            "{}{}",
            transcript(&|_| "Mounted from web".into(), "localhost:5000/all", "a"),
            transcript(&|_| "Layer already exists".into(), "x", "b")
                .split_once('\n')
                .unwrap()
                .1
        )
    );
}

#[test]
fn push_errors() {
    let mut s = session();
    ok(&mut s, "docker pull -q busybox");
    let id = &push_ids(&demo_image("library/busybox", "latest"))[0];
    let cases: &[(&str, String, &str, i32)] = &[
        (
            "docker push busybox",
            format!("Using default tag: latest\nThe push refers to repository [docker.io/library/busybox]\n{id}: Preparing\n"),
            "denied: requested access to the resource is denied\n",
            1,
        ),
        (
            "docker push nosuch",
            "Using default tag: latest\nThe push refers to repository [docker.io/library/nosuch]\n".into(),
            "An image does not exist locally with the tag: nosuch\n",
            1,
        ),
        (
            "docker push busybox:9",
            "The push refers to repository [docker.io/library/busybox]\n".into(),
            "tag does not exist: busybox:9\n",
            1,
        ),
        (
            "docker push -a busybox:latest",
            String::new(),
            "tag can't be used with --all-tags/-a\n",
            1,
        ),
        (
            "docker push learner/x@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            String::new(),
            "cannot push a digest reference\n",
            1,
        ),
        (
            "docker push",
            String::new(),
            "docker: 'docker push' requires 1 argument\n\nUsage:  docker push [OPTIONS] NAME[:TAG]\n\nRun 'docker push --help' for more information\n",
            1,
        ),
    ];
    for (line, out, err, code) in cases {
        assert_eq!(
            run(&mut s, line),
            (out.clone(), err.to_string(), *code),
            "{line}"
        );
    }
    // A failed push to a new host leaves no registry behind.
    assert!(run(&mut s, "docker pull localhost:5000/busybox")
        .1
        .contains("connection refused"));
}

/// A one-layer image as `docker save` of Docker <= 24 writes it: an uncompressed layer.
fn legacy_archive() -> (Vec<u8>, Digest) {
    let mut layer = tar::Builder::new(Vec::new());
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 97) as u8).collect();
    let mut h = tar::Header::new_ustar();
    h.set_path("data/blob.bin").unwrap();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(1_700_000_000);
    h.set_cksum();
    layer.append(&h, &data[..]).unwrap();
    let layer = layer.into_inner().unwrap();
    let diff_id = Digest::of(&layer);
    let config = format!(
        "{{\"architecture\":\"amd64\",\"config\":{{\"Cmd\":[\"sh\"]}},\"created\":\"2025-03-01T00:00:00Z\",\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{diff_id}\"]}}}}"
    );
    let id = Digest::of(config.as_bytes());
    let manifest = format!(
        "[{{\"Config\":\"{}.json\",\"RepoTags\":[\"app:1\"],\"Layers\":[\"l/layer.tar\"]}}]",
        id.hex()
    );
    let mut b = tar::Builder::new(Vec::new());
    for (name, bytes) in [
        (format!("{}.json", id.hex()), config.into_bytes()),
        ("l/layer.tar".to_string(), layer),
        ("manifest.json".to_string(), manifest.into_bytes()),
    ] {
        let mut h = tar::Header::new_ustar();
        h.set_path(&name).unwrap();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append(&h, &bytes[..]).unwrap();
    }
    (b.into_inner().unwrap(), id)
}

#[test]
fn a_loaded_image_is_compressed_pushed_and_pulled_back_in_steps() {
    let (archive, id) = legacy_archive();
    let mut s = session();
    s.host_mut().write("app.tar", archive.into()).unwrap();
    ok(&mut s, "docker load -i app.tar");
    ok(&mut s, "docker tag app:1 localhost:5000/app:1");
    // Small budgets: the push runs as a job over many steps, with progress.
    s.start("docker push localhost:5000/app:1");
    let mut steps = 0;
    let mut saw_progress = false;
    while !s.poll(4096) {
        steps += 1;
        saw_progress |= s.progress().is_some_and(|p| p.label == "Pushing");
    }
    let o = s.take_output();
    assert!(steps > 10 && saw_progress, "{steps}");
    let out = o.stdout_text();
    let diff = out.lines().nth(1).unwrap().to_string();
    assert!(diff.ends_with(": Pushed"), "{out}");
    assert!(out.contains("1: digest: sha256:"), "{out}");
    ok(&mut s, "docker rmi app:1 localhost:5000/app:1");
    s.start("docker pull localhost:5000/app:1");
    while !s.poll(4096) {}
    let out = s.take_output().stdout_text();
    assert!(out.contains(": Pull complete\n"), "{out}");
    assert_eq!(
        ok(&mut s, "docker images -q --no-trunc localhost:5000/app"),
        format!("{id}\n")
    );
    // Pushed again, the registry has the layer.
    ok(&mut s, "docker tag localhost:5000/app:1 app:1");
    let out = ok(&mut s, "docker push localhost:5000/app:1");
    assert!(out.contains(": Layer already exists\n"), "{out}");
}

#[test]
fn demo_images_say_what_they_are() {
    for img in demo::images() {
        let config: Value = serde_json::from_slice(&img.config).unwrap();
        let labels = config["config"]["Labels"].as_object().unwrap();
        assert_eq!(labels.len(), 2, "{}", img.repository);
        assert_eq!(labels[DEMO_LABEL], "true");
        let description = labels[DESCRIPTION_LABEL].as_str().unwrap();
        let name = img.repository.trim_start_matches("library/");
        assert!(
            description.starts_with(&format!("layerlab demo image: not the real {name}")),
            "{description}"
        );
        assert_eq!(config["architecture"], "amd64");
        assert_eq!(config["os"], "linux");
        assert!(config["created"].as_str().unwrap().starts_with("202"));
        // Every program in every layer is a stand-in that says so.
        for layer in &img.layers {
            let mut ar = tar::Archive::new(&layer[..]);
            for e in ar.entries().unwrap() {
                let mut e = e.unwrap();
                let h = e.header().clone();
                if h.entry_type() != tar::EntryType::Regular {
                    continue;
                }
                assert_eq!((h.uid().unwrap(), h.gid().unwrap()), (0, 0));
                let mut text = String::new();
                std::io::Read::read_to_string(&mut e, &mut text).unwrap();
                let path = e.path().unwrap().display().to_string();
                if h.mode().unwrap() & 0o111 != 0 {
                    assert!(
                        text.contains("layerlab demo stand-in"),
                        "{}: {path}",
                        img.repository
                    );
                }
            }
        }
    }
}

#[test]
fn odd_command_lines_never_panic() {
    let mut s = session();
    ok(&mut s, "docker pull -q busybox");
    let lines = [
        "docker pull ''",
        "docker pull :",
        "docker pull @",
        "docker pull busybox@sha256:",
        "docker pull --platform",
        "docker pull --platform= busybox",
        "docker pull --platform=/ busybox",
        "docker pull --platform=linux/amd64/v2/x busybox",
        "docker pull [::1]/x",
        "docker pull [::1]:5000/x:1",
        "docker pull 127.0.0.1/x",
        "docker pull -a localhost:5000/x",
        "docker pull -aq nginx",
        "docker push ''",
        "docker push -a",
        "docker push -a busybox",
        "docker push --platform linux/arm64 busybox",
        "docker push --platform '' busybox",
        "docker push --platform x/y/z/w busybox",
        "docker push [::1]:5000/x",
        "docker tag busybox [::1]:5000/x; docker push [::1]:5000/x; docker pull [::1]:5000/x",
        "docker image push --help",
        "docker image pull --nope",
    ];
    for line in lines {
        let o = s.run(line);
        assert!(o.code == 0 || !o.stderr.is_empty(), "{line}");
    }
    assert_eq!(
        run(&mut s, "docker push --platform linux/arm64 busybox").1,
        "Error response from daemon: image with reference docker.io/library/busybox:latest was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64\n"
    );
}
