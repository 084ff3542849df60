//! `layerlab --network` against real registries: Debian's `docker-registry` 2.8 on
//! 127.0.0.1 (one open instance, one with htpasswd auth), filled by skopeo from the
//! reference archives. What Docker prints was captured from Docker 28.2.2's CLI with a
//! 20.10 daemon against the same registry (see the comments by each check).
//! `scripts/setup.sh --test` installs docker-registry, skopeo and htpasswd.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const FIXTURE: &str = "../../shared/fixtures/dive/test-docker-image.tar";

struct Registry {
    child: Child,
    port: u16,
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn start_registry(dir: &Path, name: &str, htpasswd: Option<&Path>) -> Registry {
    start_registry_logged(dir, name, htpasswd, None)
}

/// A registry whose access log (distribution's combined log, one line per request) goes
/// to `access_log`.
fn start_registry_logged(
    dir: &Path,
    name: &str,
    htpasswd: Option<&Path>,
    access_log: Option<&Path>,
) -> Registry {
    let port = free_port();
    let data = dir.join(format!("{name}-data"));
    std::fs::create_dir_all(&data).unwrap();
    let auth = match htpasswd {
        Some(p) => format!(
            "auth:\n  htpasswd:\n    realm: Registry Realm\n    path: {}\n",
            p.display()
        ),
        None => String::new(),
    };
    let config = format!(
        "version: 0.1\nlog: {{level: error, accesslog: {{disabled: {}}}}}\nstorage:\n  filesystem: {{rootdirectory: {}}}\n  delete: {{enabled: true}}\nhttp:\n  addr: 127.0.0.1:{port}\n  headers:\n    Access-Control-Allow-Origin: ['*']\n{auth}",
        access_log.is_none(),
        data.display()
    );
    let cfg = dir.join(format!("{name}.yml"));
    std::fs::write(&cfg, config).unwrap();
    let child = Command::new("docker-registry")
        .arg("serve")
        .arg(&cfg)
        .stdout(match access_log {
            Some(p) => Stdio::from(std::fs::File::create(p).unwrap()),
            None => Stdio::null(),
        })
        .stderr(Stdio::null())
        .spawn()
        .expect("docker-registry (Debian's docker-registry package; scripts/setup.sh --test)");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "docker-registry did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Registry { child, port }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn skopeo(args: &[&str]) -> String {
    run(Command::new("skopeo").args(args))
}

/// Runs lines in one native session with the network: (stdout, stderr).
fn layerlab(host: &Path, extra: &[&str], lines: &str) -> (String, String) {
    let host = host.to_str().unwrap();
    let mut args = vec!["--host", host, "--network"];
    args.extend_from_slice(extra);
    let (out, err, _) = common::binary(&args, lines);
    (out, err)
}

/// podman with its storage and configuration in `dir` (vfs, no search registries), so it
/// never touches the machine's images or the internet.
fn podman(dir: &Path, args: &[&str]) -> String {
    for d in ["run", "graph", "tmp"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let d = dir.display();
    let files = [
        (
            "storage.conf",
            format!("[storage]\ndriver = \"vfs\"\nrunroot = \"{d}/run\"\ngraphroot = \"{d}/graph\"\n"),
        ),
        (
            "containers.conf",
            format!("[engine]\nevents_logger = \"none\"\ncgroup_manager = \"cgroupfs\"\nimage_copy_tmp_dir = \"{d}/tmp\"\n"),
        ),
        (
            "registries.conf",
            "unqualified-search-registries = []\nshort-name-mode = \"disabled\"\n".to_string(),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    run(Command::new("podman")
        .args(args)
        .env("CONTAINERS_STORAGE_CONF", dir.join("storage.conf"))
        .env("CONTAINERS_CONF", dir.join("containers.conf"))
        .env("CONTAINERS_REGISTRIES_CONF", dir.join("registries.conf"))
        .env("TMPDIR", dir.join("tmp")))
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("layerlab-net-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn pull_push_login_and_errors_against_a_real_registry() {
    let dir = tempdir("main");
    let open = start_registry(&dir, "open", None);
    let htpasswd = dir.join("htpasswd");
    let entry = run(Command::new("htpasswd").args(["-Bbn", "user", "pass"]));
    std::fs::write(&htpasswd, entry).unwrap();
    let locked = start_registry(&dir, "locked", Some(&htpasswd));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let reg = format!("127.0.0.1:{}", open.port);
    let src = format!("docker://{reg}/dive/test:1");
    skopeo(&[
        "copy",
        "--quiet",
        "--dest-tls-verify=false",
        &format!("docker-archive:{}", fixture.display()),
        &src,
    ]);
    let inspect = json(&skopeo(&["inspect", "--tls-verify=false", &src]));
    let digest = inspect["Digest"].as_str().unwrap().to_string();
    let raw = json(&skopeo(&["inspect", "--raw", "--tls-verify=false", &src]));
    let config = raw["config"]["digest"].as_str().unwrap().to_string();
    let layers: Vec<String> = raw["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["digest"].as_str().unwrap().to_string())
        .collect();

    let host = tempdir("host");
    let gone = free_port();
    let (out, err) = layerlab(
        &host,
        &[],
        &format!(
            "docker pull {reg}/dive/test:1\n\
             docker inspect -f '{{{{.Id}}}} {{{{json .RepoDigests}}}}' {reg}/dive/test:1\n\
             docker tag {reg}/dive/test:1 {reg}/copy:2\n\
             docker push {reg}/copy:2\n\
             docker pull {reg}/dive/test:nope\n\
             docker pull 127.0.0.1:{gone}/x:1\n"
        ),
    );
    // Docker 28 + registry 2.8: the pull's transcript without a terminal.
    assert!(out.starts_with("1: Pulling from dive/test\n"), "{out}");
    assert!(out.contains(&format!("{}: Pull complete\n", &layers[0][7..19])));
    assert!(out.contains(&format!(
        "Digest: {digest}\nStatus: Downloaded newer image for {reg}/dive/test:1\n{reg}/dive/test:1\n"
    )));
    // The image ID is the config's digest; RepoDigests the manifest's, as skopeo sees them
    // and as podman, pulling the same image, records them.
    assert!(
        out.contains(&format!("{config} [\"{reg}/dive/test@{digest}\"]\n")),
        "{out}"
    );
    let pod = dir.join("podman");
    podman(
        &pod,
        &[
            "pull",
            "-q",
            "--tls-verify=false",
            &format!("{reg}/dive/test:1"),
        ],
    );
    let seen = podman(
        &pod,
        &[
            "image",
            "inspect",
            "--format",
            "sha256:{{.Id}} {{json .RepoDigests}}",
            &format!("{reg}/dive/test:1"),
        ],
    );
    assert!(out.contains(&seen), "podman: {seen}\nlayerlab: {out}");
    // The push mounts every layer from the repository it came from, and sends the
    // compressed layers as they were pulled: skopeo sees the same blobs.
    assert!(out.contains("The push refers to repository [127.0.0.1:"));
    assert_eq!(
        out.matches(": Mounted from dive/test\n").count(),
        layers.len(),
        "{out}"
    );
    let pushed = json(&skopeo(&[
        "inspect",
        "--raw",
        "--tls-verify=false",
        &format!("docker://{reg}/copy:2"),
    ]));
    assert_eq!(pushed["config"]["digest"], config.as_str());
    assert_eq!(
        pushed["mediaType"],
        "application/vnd.docker.distribution.manifest.v2+json"
    );
    let pushed_layers: Vec<&str> = pushed["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["digest"].as_str().unwrap())
        .collect();
    assert_eq!(pushed_layers, layers);
    assert!(out.contains("2: digest: sha256:"));
    // Registry 2.8 answers an unknown tag with MANIFEST_UNKNOWN.
    assert!(err.contains(&format!(
        "Error response from daemon: manifest for {reg}/dive/test:nope not found: manifest unknown: manifest unknown\n"
    )));
    assert!(err.contains(&format!(
        "Error response from daemon: Get \"http://127.0.0.1:{gone}/v2/\": dial tcp 127.0.0.1:{gone}: connect: connection refused\n"
    )));

    // The registry with htpasswd auth.
    let locked_reg = format!("127.0.0.1:{}", locked.port);
    let (out, err) = layerlab(
        &host,
        &[],
        &format!(
            "docker pull -q {reg}/dive/test:1\n\
             docker tag {reg}/dive/test:1 {locked_reg}/dive/test:1\n\
             docker pull {locked_reg}/dive/test:1\n\
             docker push {locked_reg}/dive/test:1\n\
             docker login {locked_reg} -u user -p wrong\n\
             echo pass | docker login {locked_reg} -u user --password-stdin\n\
             docker push {locked_reg}/dive/test:1\n"
        ),
    );
    assert!(err.contains(&format!(
        "Error response from daemon: Head \"http://{locked_reg}/v2/dive/test/manifests/1\": no basic auth credentials\n"
    )), "{err}");
    // Docker 28: a push without credentials fails after its Preparing lines, with the
    // handler's error alone (moby's retryOnError unwraps it).
    assert!(
        err.contains(
            "/manifests/1\": no basic auth credentials\nno basic auth credentials\nWARNING! Using --password"
        ),
        "{err}"
    );
    assert!(
        out.contains(&format!(
            "The push refers to repository [{locked_reg}/dive/test]\n{}: Preparing\n",
            &layer_ids_top(&out)
        )),
        "{out}"
    );
    assert!(err.contains(&format!(
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nError response from daemon: login attempt to http://{locked_reg}/v2/ failed with status: 401 Unauthorized\n"
    )), "{err}");
    assert!(out.contains("Login Succeeded\n"));
    assert!(out.ends_with(&format!(
        "1: digest: sha256:{} size: {}\n",
        &pushed_digest_hex(&out),
        pushed_size(&out)
    )));
    let saved = std::fs::read_to_string(host.join(".docker/config.json")).unwrap();
    assert_eq!(
        saved,
        format!("{{\n\t\"auths\": {{\n\t\t\"{locked_reg}\": {{\n\t\t\t\"auth\": \"dXNlcjpwYXNz\"\n\t\t}}\n\t}}\n}}")
    );
    // skopeo reads back what was pushed with the credentials.
    let back = json(&skopeo(&[
        "inspect",
        "--raw",
        "--tls-verify=false",
        "--creds",
        "user:pass",
        &format!("docker://{locked_reg}/dive/test:1"),
    ]));
    assert_eq!(back["config"]["digest"], config.as_str());

    // A new session reads the saved credentials; logout forgets them.
    let (out, err) = layerlab(
        &host,
        &["--tty"],
        &format!(
            "docker pull {locked_reg}/dive/test:1\n\
             docker login {locked_reg}\n\
             echo pass | docker login {locked_reg} -u user --password-stdin\n\
             docker logout {locked_reg}\n\
             docker rmi {locked_reg}/dive/test:1\n\
             docker pull {locked_reg}/dive/test:1\n\
             docker login {locked_reg}\n"
        ),
    );
    // `docker login HOST` alone logs in with what was kept, and the same credentials again
    // store nothing new (no warning); after logout it has nothing to go on. Captured from
    // Docker 28.2.2's CLI against registry 2.8.2, stdin not a terminal and stderr one
    // (`--tty`: the note's header is the CLI's terminal form).
    assert!(err.starts_with(
        "Authenticating with existing credentials... [Username: user]\n\n\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m\x1b[3mTo login with a different account, run 'docker logout' followed by 'docker login'\x1b[0m\n\n\n"
    ), "{err}");
    assert_eq!(out.matches("Login Succeeded\n").count(), 2, "{out}");
    assert!(!err.contains("WARNING! Your credentials"), "{err}");
    assert!(err.ends_with(
        "no basic auth credentials\nError: Cannot perform an interactive login from a non TTY device\n"
    ), "{err}");
    assert!(
        out.contains(&format!(
            "Status: Downloaded newer image for {locked_reg}/dive/test:1\n"
        )),
        "{out}{err}"
    );
    assert!(out.contains(&format!("Removing login credentials for {locked_reg}\n")));
    assert!(err.contains(&format!(
        "Error response from daemon: Head \"http://{locked_reg}/v2/dive/test/manifests/1\": no basic auth credentials\n"
    )), "{err}");

    // docker.io names through a mirror (dockerd's registry-mirrors).
    let mirror_host = tempdir("mirror");
    let (out, err) = layerlab(
        &mirror_host,
        &["--registry-mirror", &format!("http://{reg}")],
        "docker pull dive/test:1\ndocker images --digests --format '{{.Repository}} {{.Tag}} {{.Digest}}'\n",
    );
    assert!(out.contains(&format!("Digest: {digest}\nStatus: Downloaded newer image for dive/test:1\ndocker.io/dive/test:1\n")), "{out}{err}");
    assert!(out.contains(&format!("dive/test 1 {digest}\n")), "{out}");

    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&host);
    let _ = std::fs::remove_dir_all(&mirror_host);
}

/// An OCI layout holding one index of two platforms (linux/amd64 as the archive is, and a
/// linux/arm64 copy whose config says so), made from `archive` with skopeo.
fn multi_platform_layout(dir: &Path, archive: &Path) -> PathBuf {
    use sha2::{Digest as _, Sha256};
    let layout = dir.join("multi");
    skopeo(&[
        "copy",
        "--quiet",
        &format!("docker-archive:{}", archive.display()),
        &format!("oci:{}:amd", layout.display()),
    ]);
    let blob = |d: &str| {
        layout
            .join("blobs/sha256")
            .join(d.trim_start_matches("sha256:"))
    };
    let put = |bytes: &[u8]| -> String {
        let d = format!("sha256:{:x}", Sha256::digest(bytes));
        std::fs::write(blob(&d), bytes).unwrap();
        d
    };
    let index = json(&std::fs::read_to_string(layout.join("index.json")).unwrap());
    let amd = index["manifests"][0].clone();
    let manifest_bytes = std::fs::read(blob(amd["digest"].as_str().unwrap())).unwrap();
    let mut manifest: serde_json::Value = serde_json::from_slice(&manifest_bytes).unwrap();
    let mut config: serde_json::Value = serde_json::from_slice(
        &std::fs::read(blob(manifest["config"]["digest"].as_str().unwrap())).unwrap(),
    )
    .unwrap();
    config["architecture"] = "arm64".into();
    let config_bytes = serde_json::to_vec(&config).unwrap();
    manifest["config"]["digest"] = put(&config_bytes).into();
    manifest["config"]["size"] = config_bytes.len().into();
    let arm_bytes = serde_json::to_vec(&manifest).unwrap();
    let arm = put(&arm_bytes);
    let list = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": amd["digest"], "size": amd["size"],
             "platform": {"architecture": "amd64", "os": "linux"}},
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": arm, "size": arm_bytes.len(),
             "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
        ]
    });
    let list_bytes = serde_json::to_vec(&list).unwrap();
    let list_digest = put(&list_bytes);
    let top = serde_json::json!({
        "schemaVersion": 2,
        "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": list_digest,
                       "size": list_bytes.len(), "annotations": {"org.opencontainers.image.ref.name": "multi"}}]
    });
    std::fs::write(layout.join("index.json"), serde_json::to_vec(&top).unwrap()).unwrap();
    layout
}

#[test]
fn a_multi_platform_index_pulls_the_platform_asked_for() {
    let dir = tempdir("multi");
    let open = start_registry(&dir, "open", None);
    let reg = format!("127.0.0.1:{}", open.port);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let layout = multi_platform_layout(&dir, &fixture);
    skopeo(&[
        "copy",
        "--quiet",
        "--all",
        "--dest-tls-verify=false",
        &format!("oci:{}:multi", layout.display()),
        &format!("docker://{reg}/multi:1"),
    ]);
    let src = format!("docker://{reg}/multi:1");
    let index = json(&skopeo(&["inspect", "--raw", "--tls-verify=false", &src]));
    assert_eq!(index["manifests"].as_array().unwrap().len(), 2);
    let index_digest = format!(
        "sha256:{:x}",
        <sha2::Sha256 as sha2::Digest>::digest(
            skopeo(&["inspect", "--raw", "--tls-verify=false", &src]).as_bytes()
        )
    );
    let config_of = |i: usize| {
        let child = index["manifests"][i]["digest"].as_str().unwrap();
        json(&skopeo(&[
            "inspect",
            "--raw",
            "--tls-verify=false",
            &format!("docker://{reg}/multi@{child}"),
        ]))["config"]["digest"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (amd, arm) = (config_of(0), config_of(1));
    assert_ne!(amd, arm);
    let host = tempdir("multi-host");
    let (out, err) = layerlab(
        &host,
        &[],
        &format!(
            "docker pull {reg}/multi:1\n\
             docker inspect -f '{{{{.Id}}}} {{{{.Architecture}}}} {{{{json .RepoDigests}}}}' {reg}/multi:1\n\
             docker pull --platform linux/arm64 {reg}/multi:1\n\
             docker inspect -f '{{{{.Id}}}} {{{{.Architecture}}}}' {reg}/multi:1\n\
             docker pull --platform linux/s390x {reg}/multi:1\n"
        ),
    );
    // Docker 28: the Digest line and RepoDigests name the index; the image is the
    // platform's config.
    assert!(out.contains(&format!("Digest: {index_digest}\n")), "{out}");
    assert!(
        out.contains(&format!("{amd} amd64 [\"{reg}/multi@{index_digest}\"]\n")),
        "{out}"
    );
    assert!(out.contains(&format!("{arm} arm64\n")), "{out}");
    // No manifest for the platform: the stream's first line, then the error alone.
    assert!(out.ends_with("1: Pulling from multi\n"), "{out}");
    assert!(
        err.ends_with("no matching manifest for linux/s390x in the manifest list entries\n"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&host);
}

/// A push of layers the repository has asks for each blob once: the existence check's
/// answer gives the manifest its size (moby's push_v2.go keeps the descriptor it stat'ed).
#[test]
fn a_push_of_layers_the_registry_has_heads_each_blob_once() {
    let dir = tempdir("heads");
    let log = dir.join("access.log");
    let open = start_registry_logged(&dir, "open", None, Some(&log));
    let reg = format!("127.0.0.1:{}", open.port);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    skopeo(&[
        "copy",
        "--quiet",
        "--dest-tls-verify=false",
        &format!("docker-archive:{}", fixture.display()),
        &format!("docker://{reg}/dive/test:1"),
    ]);
    let host = tempdir("heads-host");
    // The pull GETs blobs; what the push asks for is counted from here.
    let before = std::fs::read_to_string(&log).unwrap().lines().count();
    let (out, err) = layerlab(
        &host,
        &[],
        &format!("docker pull -q {reg}/dive/test:1\ndocker tag {reg}/dive/test:1 {reg}/dive/test:2\ndocker push {reg}/dive/test:2\n"),
    );
    assert!(err.is_empty(), "{err}");
    let layers = out.matches(": Layer already exists").count();
    assert!(layers > 1, "{out}");
    let text = std::fs::read_to_string(&log).unwrap();
    let mut heads: std::collections::BTreeMap<String, usize> = Default::default();
    for l in text.lines().skip(before) {
        if let Some(rest) = l.split("\"HEAD ").nth(1) {
            let path = rest.split(' ').next().unwrap_or_default();
            if path.contains("/dive/test/blobs/") {
                *heads.entry(path.to_string()).or_default() += 1;
            }
        }
    }
    // Each layer and the config: one HEAD each.
    assert_eq!(heads.len(), layers + 1, "{heads:?}");
    assert!(heads.values().all(|&n| n == 1), "{heads:?}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&host);
}

/// Docker 29 pushes a record as stored: the platform's manifest alone (and a note) while
/// the index lists platforms not pulled, the index itself, byte for byte, once every
/// platform is in the store (moby docker-v29.7.2 daemon/containerd/image_push.go).
#[test]
fn docker29_pushes_the_stored_manifest_or_the_whole_index() {
    let dir = tempdir("multi29");
    let open = start_registry(&dir, "open", None);
    let reg = format!("127.0.0.1:{}", open.port);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let layout = multi_platform_layout(&dir, &fixture);
    skopeo(&[
        "copy",
        "--quiet",
        "--all",
        "--dest-tls-verify=false",
        &format!("oci:{}:multi", layout.display()),
        &format!("docker://{reg}/multi:1"),
    ]);
    let src = format!("docker://{reg}/multi:1");
    let raw_index = skopeo(&["inspect", "--raw", "--tls-verify=false", &src]);
    let index = json(&raw_index);
    let index_digest = format!(
        "sha256:{:x}",
        <sha2::Sha256 as sha2::Digest>::digest(raw_index.as_bytes())
    );
    let amd = index["manifests"][0]["digest"]
        .as_str()
        .unwrap()
        .to_string();
    let host = tempdir("multi29-host");
    let (out, err) = layerlab(
        &host,
        &["--docker", "29"],
        &format!(
            "docker pull -q {reg}/multi:1\n\
             docker images -q --no-trunc\n\
             docker tag {reg}/multi:1 {reg}/one:1\n\
             docker push {reg}/one:1\n\
             docker pull -q --platform linux/arm64 {reg}/multi:1\n\
             docker tag {reg}/multi:1 {reg}/all:1\n\
             docker push {reg}/all:1\n"
        ),
    );
    assert!(err.is_empty(), "{err}");
    // The image ID is the index's digest.
    assert!(out.contains(&format!("\n{index_digest}\n")), "{out}");
    // One platform pulled: its manifest goes, and the note says so.
    assert!(out.contains(&format!("1: digest: {amd} size: ")), "{out}");
    assert!(
        out.contains(&format!(
            " Info -> Not all multiplatform-content is present and only the available single-platform image was pushed\n         {index_digest} -> {amd}\n"
        )),
        "{out}"
    );
    let one = skopeo(&[
        "inspect",
        "--raw",
        "--tls-verify=false",
        &format!("docker://{reg}/one:1"),
    ]);
    assert_eq!(
        format!(
            "sha256:{:x}",
            <sha2::Sha256 as sha2::Digest>::digest(one.as_bytes())
        ),
        amd
    );
    // Both platforms pulled: the index goes as it was pulled.
    assert!(
        out.contains(&format!(
            "1: digest: {index_digest} size: {}",
            raw_index.len()
        )),
        "{out}"
    );
    let all = skopeo(&[
        "inspect",
        "--raw",
        "--tls-verify=false",
        &format!("docker://{reg}/all:1"),
    ]);
    assert_eq!(all, raw_index);
    // skopeo copies it whole, checking every blob of both platforms.
    skopeo(&[
        "copy",
        "--quiet",
        "--all",
        "--src-tls-verify=false",
        &format!("docker://{reg}/all:1"),
        &format!("oci:{}:all", dir.join("copied").display()),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&host);
}

#[test]
fn a_layer_larger_than_an_upload_chunk_goes_up_in_patches_and_comes_back() {
    let dir = tempdir("big");
    let open = start_registry(&dir, "open", None);
    let reg = format!("127.0.0.1:{}", open.port);
    let host = tempdir("big-host");
    // 12 MiB that gzip cannot shrink: the blob takes two PATCHes of 8 MiB.
    let mut rng = common::Rng(0x9E37_79B9_7F4A_7C15);
    let data: Vec<u8> = (0..12 << 20).map(|_| rng.next() as u8).collect();
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_ustar();
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(1_700_000_000);
    header.set_cksum();
    tar.append_data(&mut header, "noise.bin", &data[..])
        .unwrap();
    std::fs::write(host.join("big.tar"), tar.into_inner().unwrap()).unwrap();
    let (out, err) = layerlab(
        &host,
        &[],
        &format!(
            "docker import big.tar {reg}/big:1\n\
             docker push {reg}/big:1\n\
             docker inspect -f '{{{{.Id}}}}' {reg}/big:1\n\
             docker rmi {reg}/big:1\n\
             docker pull {reg}/big:1\n\
             docker inspect -f '{{{{.Id}}}}' {reg}/big:1\n"
        ),
    );
    assert!(err.is_empty(), "{err}");
    let raw = json(&skopeo(&[
        "inspect",
        "--raw",
        "--tls-verify=false",
        &format!("docker://{reg}/big:1"),
    ]));
    let size = raw["layers"][0]["size"].as_u64().unwrap();
    assert!(size > 8 << 20, "{size}");
    // skopeo checks every blob's digest as it copies.
    skopeo(&[
        "copy",
        "--quiet",
        "--src-tls-verify=false",
        &format!("docker://{reg}/big:1"),
        &format!("dir:{}", dir.join("copy").display()),
    ]);
    let ids: Vec<&str> = out.lines().filter(|l| l.starts_with("sha256:")).collect();
    assert_eq!(ids.len(), 3, "{out}");
    assert_eq!(ids[1], ids[2]);
    assert!(out.contains("Status: Downloaded newer image for"), "{out}");

    // A mount the registry refuses: the layer was pulled from `big`, whose link to it is
    // then removed from the registry's storage. Registry 2.8 answers the mount with a new
    // upload (202), and the layer goes into that one (as Docker's push does), as pulled.
    let blob = raw["layers"][0]["digest"].as_str().unwrap().to_string();
    let link = dir
        .join("open-data/docker/registry/v2/repositories/big/_layers/sha256")
        .join(&blob[7..]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlab"))
        .args(["--host", host.to_str().unwrap(), "--network"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    writeln!(stdin, "docker pull -q {reg}/big:1\necho pulled").unwrap();
    let mut line = String::new();
    while line.trim() != "pulled" {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the session ended"
        );
    }
    std::fs::remove_dir_all(&link).unwrap();
    writeln!(
        stdin,
        "docker tag {reg}/big:1 {reg}/other:1\ndocker push {reg}/other:1"
    )
    .unwrap();
    drop(stdin);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    assert!(
        rest.contains(": Pushed\n") && !rest.contains("Mounted"),
        "{rest}"
    );
    let other = json(&skopeo(&[
        "inspect",
        "--raw",
        "--tls-verify=false",
        &format!("docker://{reg}/other:1"),
    ]));
    assert_eq!(other["layers"][0]["digest"].as_str(), Some(blob.as_str()));
    skopeo(&[
        "copy",
        "--quiet",
        "--src-tls-verify=false",
        &format!("docker://{reg}/other:1"),
        &format!("dir:{}", dir.join("other").display()),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&host);
}

/// The first layer ID a push transcript shows (the top layer's short diffID).
fn layer_ids_top(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_suffix(": Preparing"))
        .unwrap_or("")
        .to_string()
}

/// The digest hex of the last `TAG: digest: sha256:HEX size: N` line.
fn pushed_digest_hex(out: &str) -> String {
    let line = out.lines().last().unwrap_or("");
    line.split("sha256:")
        .nth(1)
        .unwrap_or("")
        .split(' ')
        .next()
        .unwrap_or("")
        .to_string()
}

fn pushed_size(out: &str) -> String {
    out.lines()
        .last()
        .unwrap_or("")
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_string()
}
