// The checks each fuzz target holds its input to. Compiled into the fuzz package (one
// libFuzzer binary a target, `fuzz/fuzz_targets/`) and into `crate/tests/fuzz_corpora.rs`,
// which replays the saved corpora in `npm test`. Every check asserts more than "no panic":
// a command that fails leaves the session exactly as it was, a load that succeeds saves to
// an archive that loads to the same IDs, and parsers round-trip what they accept.

use layerlab::build::ignore::Ignore;
use layerlab::compress;
use layerlab::dockerfile::Dockerfile;
use layerlab::go::template::{Missing, Template};
use layerlab::host::{Host, MemHost};
use layerlab::reference::Reference;
use layerlab::registry::Manifest;
use layerlab::time::Timestamp;
use layerlab::Session;

/// Every target, by name, for the replay test and the script that runs them.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("load", load),
    ("import", import),
    ("decompress", decompress),
    ("cli", cli),
    ("template", template),
    ("dockerfile", dockerfile),
    ("reference", reference),
    ("dockerignore", dockerignore),
    ("manifest", manifest),
];

/// Polls of 64 KiB of work a line gets before it is cancelled (as the page's Cancel does):
/// a fuzzed line may loop forever in a container's shell.
const MAX_POLLS: usize = 4000;

/// A small image every session starts with, so that "unchanged" has something to keep.
fn base_layer() -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in [
        ("etc/hostname", &b"base\n"[..]),
        ("bin/tool", b"#!/bin/sh\n"),
    ] {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o755);
        h.set_mtime(1_700_000_000);
        h.set_cksum();
        b.append_data(&mut h, name, data).unwrap();
    }
    b.into_inner().unwrap()
}

/// A session with the host files given and one image, `base:1`, imported.
fn session(files: &[(&str, &[u8])]) -> Session {
    let mut host = MemHost::new();
    host.write("base.tar", base_layer().into()).unwrap();
    for (name, data) in files {
        host.write(name, data.to_vec().into()).unwrap();
    }
    let mut s = Session::new(Box::new(host));
    s.set_now(Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap());
    let (_, err, code) = run(&mut s, "docker import base.tar base:1");
    assert_eq!(code, 0, "{err}");
    s
}

/// Runs a line as the page does: in bounded polls, the clock jumping to what a job waits
/// for; a question or a container's shell gets the end of input; a line still running
/// after the budget, or held until a signal, is cancelled.
pub fn run(s: &mut Session, line: &str) -> (String, String, i32) {
    s.start(line);
    let mut polls = 0;
    let mut eofs = 0;
    loop {
        if s.poll(1 << 16) {
            if s.awaiting_answer() && eofs < 8 {
                eofs += 1;
                s.eof();
                continue;
            }
            break;
        }
        polls += 1;
        match s.waiting() {
            layerlab::cli::Wait::Until(t) if t > s.now() => s.set_now(t),
            layerlab::cli::Wait::Signal => {
                s.cancel();
                break;
            }
            _ => {}
        }
        if polls >= MAX_POLLS {
            s.cancel();
            break;
        }
    }
    if s.awaiting_answer() {
        s.cancel();
    }
    let o = s.take_output();
    (o.stdout_text(), o.stderr_text(), o.code)
}

/// Everything a user could observe of a session's state: the store (layers, images, tags,
/// digests, parents, build cache), the containers, the volumes and the host's files.
pub fn state(s: &mut Session) -> String {
    let mut out = format!("{:?}\n", s.store());
    for line in [
        "docker ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Image}} {{.Status}} {{.Size}}'",
        "docker volume ls",
    ] {
        let (o, e, code) = run(s, line);
        out.push_str(&format!("{o}{e}{code}\n"));
    }
    for (name, size) in s.host().list() {
        let data = s.host().read(&name).unwrap_or_default();
        out.push_str(&format!(
            "{name} {size} {:?}\n",
            layerlab::digest::Digest::of(&data)
        ));
    }
    out
}

/// A failed command's error is one line (Docker's errors are), and said on stderr.
fn one_line_error(line: &str, out: &str, err: &str) {
    assert!(out.is_empty(), "{line}: stdout on failure: {out:?}");
    assert!(
        err.ends_with('\n') && err.trim_end().lines().count() == 1,
        "{line}: not one line: {err:?}"
    );
}

/// The image IDs of `docker images -a -q --no-trunc`, sorted.
fn image_ids(s: &mut Session) -> Vec<String> {
    let (o, _, _) = run(s, "docker images -a -q --no-trunc");
    let mut ids: Vec<String> = o.lines().map(str::to_string).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// A saved archive loads in a fresh session to the same image IDs.
fn round_trips(s: &mut Session, ids: &[String]) {
    if ids.is_empty() {
        return;
    }
    let line = format!("docker save -o out.tar {}", ids.join(" "));
    let (_, err, code) = run(s, &line);
    assert_eq!(code, 0, "{line}: {err}");
    let saved = s.host().read("out.tar").unwrap();
    let mut fresh = session(&[("out.tar", &saved)]);
    let base = image_ids(&mut fresh);
    let (_, err, code) = run(&mut fresh, "docker load -i out.tar");
    assert_eq!(code, 0, "reloading the saved archive: {err}");
    let mut want: Vec<String> = base.into_iter().chain(ids.iter().cloned()).collect();
    want.sort();
    want.dedup();
    assert_eq!(image_ids(&mut fresh), want, "IDs after save and load");
}

/// `docker load` of any bytes (legacy, Docker 25+ and OCI layouts; tar, gzip, zstd).
pub fn load(data: &[u8]) {
    let mut s = session(&[("in.tar", data)]);
    let before = state(&mut s);
    let ids_before = image_ids(&mut s);
    let (out, err, code) = run(&mut s, "docker load -i in.tar");
    if code != 0 {
        one_line_error("docker load", &out, &err);
        assert_eq!(state(&mut s), before, "a failed load changed the session");
        return;
    }
    let new: Vec<String> = image_ids(&mut s)
        .into_iter()
        .filter(|id| !ids_before.contains(id))
        .collect();
    round_trips(&mut s, &new);
}

/// `docker import` of any bytes, as a file and from standard input.
pub fn import(data: &[u8]) {
    let mut s = session(&[("in.tar", data)]);
    let before = state(&mut s);
    let (out, err, code) = run(&mut s, "docker import in.tar fuzz:1");
    if code != 0 {
        one_line_error("docker import", &out, &err);
        assert_eq!(state(&mut s), before, "a failed import changed the session");
        let again = run(&mut s, "docker import - fuzz:1 < in.tar");
        assert_eq!(again.2, code, "import from stdin: {}", again.1);
        assert_eq!(
            state(&mut s),
            before,
            "a failed import from stdin changed the session"
        );
        return;
    }
    let id = out.trim().to_string();
    assert!(id.starts_with("sha256:"), "import printed {out:?}");
    round_trips(&mut s, &[id]);
    // The imported file system exports to a tar that imports to the same layer.
    let (_, err, code) = run(&mut s, "docker create --name box fuzz:1 x");
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&mut s, "docker export -o exported.tar box");
    assert_eq!(code, 0, "docker export: {err}");
}

/// Layer decompression: the whole-blob decoder and the streaming one read in pieces of
/// any size agree, byte for byte, on the output or on the error.
pub fn decompress(data: &[u8]) {
    let budget = layerlab::budget::Budget::native(1 << 24);
    let whole =
        compress::decompress_all(data.to_vec(), "layer", budget, None).map_err(|e| e.to_string());
    for size in [1usize, 7, 4096] {
        let streamed = (|| {
            let mut d = compress::decoder(data.to_vec(), "layer")?;
            let mut out = Vec::new();
            let mut buf = vec![0u8; size];
            loop {
                let n = compress::read_some(&mut d, &mut buf, "layer")?;
                if n == 0 {
                    return Ok(out);
                }
                if !budget.fits(out.len() as u64 + n as u64) {
                    return Err(budget.over("layer", None).into());
                }
                out.extend_from_slice(&buf[..n]);
            }
        })()
        .map_err(|e: layerlab::error::Error| e.to_string());
        assert_eq!(whole, streamed, "read in pieces of {size}");
    }
    if let Err(e) = &whole {
        assert_eq!(e.lines().count(), 1, "{e:?}");
    }
}

/// Command lines, a line of the input each (at most eight): the same lines give the same
/// output in two sessions (output is deterministic), a single command refused for its
/// usage changes nothing, and the session answers afterwards.
pub fn cli(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().take(8).collect();
    let mut a = session(&[]);
    let mut b = session(&[]);
    for line in &lines {
        let simple = !line.contains([';', '&', '|', '`', '\n', '<', '>']) && !line.contains("$(");
        // `state` runs commands (which set `$?`): both sessions run them, to stay alike.
        let before = simple.then(|| {
            state(&mut b);
            state(&mut a)
        });
        let got = run(&mut a, line);
        assert_eq!(got, run(&mut b, line), "{line:?} gave two outputs");
        if let Some(before) = before {
            let usage = got.1.contains("See 'docker") || got.1.starts_with("usage:");
            if got.2 != 0 && usage {
                state(&mut b);
                assert_eq!(
                    state(&mut a),
                    before,
                    "{line:?} was refused but changed the session"
                );
            }
        }
    }
    let (out, err, code) = run(&mut a, "echo still here");
    assert_eq!((out.as_str(), code), ("still here\n", 0), "{err}");
}

/// Go templates (`--format`): parsing and executing the same text twice gives the same
/// result, and an error is one line, against a value shaped like `docker inspect`'s.
pub fn template(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let value = serde_json::json!({
        "Id": "sha256:abc", "RepoTags": ["a:1", "b:2"], "Size": 1234, "Config": {
            "Env": ["A=1", "B=2"], "Labels": {"k": "v"}, "Cmd": null, "ExposedPorts": {"80/tcp": {}}
        }, "Created": "2024-01-01T00:00:00Z", "Ratio": 0.5, "Ok": true
    });
    let first = Template::parse(src).map_err(|e| e.to_string());
    let second = Template::parse(src).map_err(|e| e.to_string());
    match (first, second) {
        (Ok(t1), Ok(t2)) => {
            for missing in [
                Missing::NoValue,
                Missing::MapError,
                Missing::Error("*formatter.imageContext"),
            ] {
                let r1 = t1.execute(&value, missing).map_err(|e| e.to_string());
                let r2 = t2.execute(&value, missing).map_err(|e| e.to_string());
                assert_eq!(r1, r2);
                if let Err(e) = r1 {
                    assert!(!e.contains('\n') || src.contains('\n'), "{e:?}");
                }
            }
        }
        (Err(e1), Err(e2)) => assert_eq!(e1, e2),
        (a, b) => panic!("two parses disagree: {:?} {:?}", a.is_ok(), b.is_ok()),
    }
}

/// The Dockerfile parser: what parses types into stages the same way twice, and errors
/// name a line inside the file.
pub fn dockerfile(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let first = Dockerfile::parse(&text);
    let second = Dockerfile::parse(&text);
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
    if let Err(e) = first {
        let lines = text.lines().count().max(1);
        assert!(e.line <= lines + 1, "error at line {} of {lines}", e.line);
    }
}

/// References: what parses prints in full and parses back to itself, and in its familiar
/// form too unless that form does not parse in Go either (`docker.io/a.io/b` is familiar
/// `a.io/b`, which names the registry `a.io`; `docker.io/library/<64 hex>` is familiar
/// `<64 hex>`, refused as an image ID).
pub fn reference(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(r) = Reference::parse_normalized(s) {
        let full = Reference::parse(&r.to_string()).expect("full form parses");
        assert_eq!(full, r, "{s:?} -> {r}");
        let familiar = r.familiar();
        let first = familiar.split('/').next().unwrap_or("");
        let looks_like_a_host = familiar.contains('/')
            && (first.contains(['.', ':'])
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase()));
        // Nor is a familiar name of 64 hex digits, which Go refuses as an image ID.
        let hex_id = familiar.len() == 64 && familiar.bytes().all(|b| b.is_ascii_hexdigit());
        if (r.domain() != "docker.io" || !looks_like_a_host) && !hex_id {
            let back = Reference::parse_normalized(&familiar).expect("familiar form parses");
            assert_eq!(back, r, "{s:?} -> {familiar}");
        }
    }
    let _ = Reference::parse_with_default_tag(s);
}

/// `.dockerignore`: the first line is a path, the rest the file. Matching is the same
/// through `./` and a trailing slash, as BuildKit cleans both.
pub fn dockerignore(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (path, rules) = text.split_once('\n').unwrap_or((&text, ""));
    let Ok(ignore) = Ignore::parse(rules) else {
        return;
    };
    assert_eq!(Ignore::parse(rules).as_ref(), Ok(&ignore));
    let path = path.trim_matches('/');
    if path.is_empty()
        || path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
    {
        return;
    }
    let plain = ignore.excludes(path);
    assert_eq!(ignore.excludes(&format!("./{path}")), plain, "./{path}");
}

/// A registry's manifest JSON: what parses writes out and parses back to itself.
pub fn manifest(data: &[u8]) {
    if let Ok(m) = Manifest::parse(data) {
        let bytes = m.to_bytes();
        let back = Manifest::parse(&bytes).expect("written manifest parses");
        assert_eq!(back, m);
        assert_eq!(back.to_bytes(), bytes);
    }
}
