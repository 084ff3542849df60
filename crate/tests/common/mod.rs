//! Archives built in memory for tests that run natively and in wasm alike: legacy and
//! Docker 25+ `docker save` shapes and OCI layouts, with known IDs.
#![allow(dead_code)]

use layerlab::digest::Digest;
use layerlab::host::{Host, MemHost};
use layerlab::Session;
use std::io::Write;

pub fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(1_600_000_000);
        // Raw names, so that tests can build hostile archives ("../evil") too.
        let raw = &mut h.as_old_mut().name;
        raw.fill(0);
        raw[..name.len()].copy_from_slice(name.as_bytes());
        h.set_cksum();
        b.append(&h, *data).unwrap();
    }
    b.into_inner().unwrap()
}

/// A tar of hardlinks (name, target), with raw names and targets.
pub fn hardlink_tar(links: &[(&str, &str)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, target) in links {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Link);
        h.set_size(0);
        h.set_mode(0o644);
        let old = h.as_old_mut();
        old.name.fill(0);
        old.name[..name.len()].copy_from_slice(name.as_bytes());
        old.linkname.fill(0);
        old.linkname[..target.len()].copy_from_slice(target.as_bytes());
        h.set_cksum();
        b.append(&h, &[][..]).unwrap();
    }
    b.into_inner().unwrap()
}

/// Joins tars: the entries of each, in order, with one end-of-archive marker.
pub fn concat_tars(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        let mut end = p.len();
        while end >= 512 && p[end - 512..end].iter().all(|b| *b == 0) {
            end -= 512;
        }
        out.extend_from_slice(&p[..end]);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Two small layers: one adds files, the next changes one and deletes another.
pub fn layers() -> Vec<Vec<u8>> {
    vec![
        tar(&[
            ("etc/hostname", b"demo\n"),
            ("bin/sh", b"#!fake\n"),
            ("tmp/x", b"x"),
        ]),
        tar(&[("etc/hostname", b"changed\n"), ("tmp/.wh.x", b"")]),
    ]
}

pub fn config(diff_ids: &[Digest], created: &str) -> Vec<u8> {
    let ids: Vec<String> = diff_ids.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        "{{\"architecture\":\"amd64\",\"config\":{{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"],\"Labels\":{{\"x\":\"<b>\"}}}},\"created\":\"{created}\",\"history\":[{{\"created_by\":\"a\"}},{{\"created_by\":\"b\"}}],\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[{}]}}}}",
        ids.join(",")
    )
    .into_bytes()
}

/// A legacy `docker save` archive (Docker <= 24) of one image with `tags`.
pub fn legacy(tags: &[&str], layers: &[Vec<u8>], created: &str) -> (Vec<u8>, Digest) {
    let diff_ids: Vec<Digest> = layers.iter().map(|l| Digest::of(l)).collect();
    let cfg = config(&diff_ids, created);
    let id = Digest::of(&cfg);
    let mut entries: Vec<(String, Vec<u8>)> = vec![(format!("{}.json", id.hex()), cfg)];
    let mut paths = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let dir = format!("{:064x}", i + 1);
        entries.push((format!("{dir}/VERSION"), b"1.0".to_vec()));
        entries.push((format!("{dir}/layer.tar"), l.clone()));
        paths.push(format!("\"{dir}/layer.tar\""));
    }
    let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    let manifest = format!(
        "[{{\"Config\":\"{}.json\",\"RepoTags\":[{}],\"Layers\":[{}]}}]",
        id.hex(),
        tags.join(","),
        paths.join(",")
    );
    entries.push(("manifest.json".into(), manifest.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    (tar(&refs), id)
}

/// An OCI image layout (no manifest.json) with gzip layers and an optional image name.
pub fn oci(name: Option<&str>, layers: &[Vec<u8>], created: &str) -> (Vec<u8>, Digest) {
    let diff_ids: Vec<Digest> = layers.iter().map(|l| Digest::of(l)).collect();
    let cfg = config(&diff_ids, created);
    let id = Digest::of(&cfg);
    let mut blobs: Vec<(Digest, Vec<u8>)> = vec![(id, cfg.clone())];
    let mut descs = Vec::new();
    for l in layers {
        let gz = gzip(l);
        let d = Digest::of(&gz);
        descs.push(format!(
            "{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"{d}\",\"size\":{}}}",
            gz.len()
        ));
        blobs.push((d, gz));
    }
    let manifest = format!(
        "{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{id}\",\"size\":{}}},\"layers\":[{}]}}",
        cfg.len(),
        descs.join(",")
    );
    let md = Digest::of(manifest.as_bytes());
    blobs.push((md, manifest.clone().into_bytes()));
    let ann = match name {
        Some(n) => format!(",\"annotations\":{{\"io.containerd.image.name\":\"{n}\"}}"),
        None => String::new(),
    };
    let index = format!(
        "{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{md}\",\"size\":{}{ann}}}]}}",
        manifest.len()
    );
    let mut entries: Vec<(String, Vec<u8>)> = blobs
        .into_iter()
        .map(|(d, b)| (format!("blobs/sha256/{}", d.hex()), b))
        .collect();
    entries.push((
        "oci-layout".into(),
        br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
    ));
    entries.push(("index.json".into(), index.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    (tar(&refs), id)
}

pub fn session_with(files: &[(&str, Vec<u8>)]) -> Session {
    let mut h = MemHost::new();
    for (n, d) in files {
        h.write(n, d.clone().into()).unwrap();
    }
    let mut s = Session::new(Box::new(h));
    s.set_now(layerlab::time::Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap());
    s
}

/// `docker images -q --no-trunc` plus the tags: what a user would look at to see the store.
pub fn store_view(s: &mut Session) -> String {
    let a = s.run("docker images --no-trunc");
    a.stdout_text()
}

/// Runs a line and returns (stdout, stderr, code).
pub fn run(s: &mut Session, line: &str) -> (String, String, i32) {
    let o = s.run(line);
    (o.stdout_text(), o.stderr_text(), o.code)
}

/// The bad-input cases every front end must reject with a clear error and no change:
/// (name, archive bytes, a piece of the expected error).
pub fn bad_archives() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let ls = layers();
    let (good, _) = legacy(&["demo:1"], &ls, "2024-01-01T00:00:00Z");
    let mut cases = Vec::new();
    cases.push(("empty file", Vec::new(), "does not contain a manifest.json"));
    cases.push((
        "truncated",
        good[..good.len() / 2].to_vec(),
        "unexpected EOF",
    ));
    let mut bad_sum = good.clone();
    bad_sum[148] ^= 0x11; // first header's checksum field
    cases.push(("bad header checksum", bad_sum, "invalid tar header"));
    let mut bad_size = good.clone();
    bad_size[124..135].copy_from_slice(b"9z9z9z9z9z9");
    cases.push(("invalid numeric field", bad_size, "invalid archive"));
    cases.push((
        "hardlink to nothing",
        hardlink_tar(&[("manifest.json", "missing")]),
        "link /missing /manifest.json: no such file or directory",
    ));
    cases.push((
        "null manifest",
        tar(&[("manifest.json", b"null")]),
        "manifest cannot be null",
    ));
    cases.push((
        "manifest of wrong shape",
        tar(&[("manifest.json", b"{\"Config\":1}")]),
        "manifest.json",
    ));
    cases.push((
        "manifest not json",
        tar(&[("manifest.json", b"[{")]),
        "manifest.json",
    ));
    cases.push((
        "missing config",
        tar(&[(
            "manifest.json",
            b"[{\"Config\":\"c.json\",\"RepoTags\":[\"a:1\"],\"Layers\":[]}]",
        )]),
        "c.json",
    ));
    // A layer listed but absent.
    let diff = Digest::of(&ls[0]);
    let cfg = config(&[diff], "2024-01-01T00:00:00Z");
    let cfg_name = format!("{}.json", Digest::of(&cfg).hex());
    let man = format!(
        "[{{\"Config\":\"{cfg_name}\",\"RepoTags\":[\"a:1\"],\"Layers\":[\"l/layer.tar\"]}}]"
    );
    cases.push((
        "absent layer",
        tar(&[
            (cfg_name.as_str(), cfg.as_slice()),
            ("manifest.json", man.as_bytes()),
        ]),
        "l/layer.tar",
    ));
    // Wrong diffID: the config promises another layer.
    let wrong_cfg = config(&[Digest::of(b"other")], "2024-01-01T00:00:00Z");
    let wrong_name = format!("{}.json", Digest::of(&wrong_cfg).hex());
    let man = format!(
        "[{{\"Config\":\"{wrong_name}\",\"RepoTags\":[\"a:1\"],\"Layers\":[\"l/layer.tar\"]}}]"
    );
    cases.push((
        "wrong diffID",
        tar(&[
            (wrong_name.as_str(), wrong_cfg.as_slice()),
            ("l/layer.tar", ls[0].as_slice()),
            ("manifest.json", man.as_bytes()),
        ]),
        "invalid diffID for layer 0",
    ));
    // Layers count mismatch.
    let man = format!("[{{\"Config\":\"{cfg_name}\",\"RepoTags\":[\"a:1\"],\"Layers\":[]}}]");
    cases.push((
        "layer count mismatch",
        tar(&[
            (cfg_name.as_str(), cfg.as_slice()),
            ("manifest.json", man.as_bytes()),
        ]),
        "layers length mismatch: expected 0, got 1",
    ));
    // A config whose bytes do not match its content-addressed name.
    let (mut oci_bytes, _) = oci(Some("docker.io/library/o:1"), &ls, "2024-01-01T00:00:00Z");
    let pos = find(&oci_bytes, b"\"architecture\":\"amd64\"").unwrap();
    oci_bytes[pos + 17] = b'X';
    cases.push(("blob digest mismatch", oci_bytes, "digest mismatch"));
    // An invalid tag.
    let (bad_tag, _) = legacy(&["Bad:Tag"], &ls, "2024-01-01T00:00:00Z");
    cases.push(("invalid tag", bad_tag, "invalid tag"));
    // Corrupt gzip layer inside an OCI layout.
    let (mut gz_bad, _) = oci(None, &[vec![7u8; 4096]], "2024-01-01T00:00:00Z");
    if let Some(p) = find(&gz_bad, &[0x1f, 0x8b, 0x08]) {
        for b in &mut gz_bad[p + 12..p + 20] {
            *b ^= 0xa5;
        }
    }
    cases.push(("corrupt gzip layer", gz_bad, "digest mismatch"));
    // A whole archive that is gzip but cut short.
    let gz = gzip(&good);
    cases.push((
        "truncated gzip archive",
        gz[..gz.len() / 2].to_vec(),
        "archive",
    ));
    cases
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Runs the native binary with `args` and `input` on its standard input: (stdout, stderr,
/// exit status).
pub fn binary(args: &[&str], input: &str) -> (String, String, Option<i32>) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // The binary answers as Docker 29 unless told; the tests written against Docker 28
    // pin it, those of Docker 29 say `--docker 29`.
    let pinned: &[&str] = if args.contains(&"--docker") {
        &[]
    } else {
        &["--docker", "28"]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlab"))
        .args(pinned)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code(),
    )
}

/// A tiny deterministic PRNG for fuzz-style tests (no dependency, same in wasm).
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
/// A prerequisite a test found missing (a fixture directory, a file, a tool). Outside CI the
/// test may skip: this prints `skipping: WHY` and the caller returns early. Under CI (env `CI`
/// set, as `.ci/run` runs `npm test`) a missing prerequisite is a failure: this panics with
/// WHY, so that a fixture lost from the CI machine cannot turn tests into silent passes.
/// Every test that returns early for something missing goes through here (or
/// [`shared_fixtures`]); the JavaScript tests have the same rule in `tests/conformance/helpers.mjs`.
#[cfg(not(target_arch = "wasm32"))]
pub fn missing(why: &str) {
    missing_with(std::env::var_os("CI").is_some(), why);
}

/// [`missing`] with the CI flag given, for testing the rule itself.
#[cfg(not(target_arch = "wasm32"))]
pub fn missing_with(ci: bool, why: &str) {
    if ci {
        panic!("{why}; under CI (env CI set) a missing prerequisite fails the test instead of skipping it");
    }
    eprintln!("skipping: {why}");
}

/// `Some(path)` when it exists; otherwise [`missing`] (a skip outside CI, a failure under it).
#[cfg(not(target_arch = "wasm32"))]
pub fn required(path: std::path::PathBuf) -> Option<std::path::PathBuf> {
    if path.exists() {
        return Some(path);
    }
    missing(&format!("{} is missing", path.display()));
    None
}

/// The reference archives of `../shared/fixtures` (dive's and go-containerregistry's test
/// images; see their README), through [`required`].
#[cfg(not(target_arch = "wasm32"))]
pub fn shared_fixtures() -> Option<std::path::PathBuf> {
    required(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"))
}

pub mod golden;
pub mod scenarios;
