#![cfg(not(target_arch = "wasm32"))]
//! The memory budget: a command that would hold more than the session's limit of data
//! whose size the user controls (a layer that inflates past it, an archive, a tar it
//! builds, a file to view) stops with one line naming what and the limit, changes
//! nothing, and the session goes on. A small gzip bomb (a layer of a 64 MiB file of
//! zeros, gzipped to about 64 KB) against a limit of 8 MiB, and the same with the
//! default limit, where everything works.

mod common;

use common::{config, gzip, legacy, run, session_with, store_view, tar};
use layerlab::digest::Digest;
use layerlab::Session;

const CREATED: &str = "2024-01-01T00:00:00Z";
const BIG: usize = 64 << 20;
const LIMIT: &str = "the memory limit is 8 MiB, raise it with --memory-limit)";

fn best_gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A legacy `docker save` archive of one image `tag` whose layers are stored as given
/// (`(tar, stored)`: the stored bytes may be compressed).
fn archive_of(tag: &str, layers: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let diff_ids: Vec<Digest> = layers.iter().map(|(t, _)| Digest::of(t)).collect();
    let cfg = config(&diff_ids, CREATED);
    let id = Digest::of(&cfg);
    let mut entries: Vec<(String, Vec<u8>)> = vec![(format!("{}.json", id.hex()), cfg)];
    let mut paths = Vec::new();
    for (i, (_, stored)) in layers.iter().enumerate() {
        entries.push((format!("{i}/layer.tar"), stored.clone()));
        paths.push(format!("\"{i}/layer.tar\""));
    }
    let manifest = format!(
        "[{{\"Config\":\"{}.json\",\"RepoTags\":[\"{tag}\"],\"Layers\":[{}]}}]",
        id.hex(),
        paths.join(",")
    );
    entries.push(("manifest.json".into(), manifest.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    tar(&refs)
}

/// The bomb's layer (uncompressed) and an archive `bomb:1` of a small base layer and it,
/// gzipped.
fn bomb() -> (Vec<u8>, Vec<u8>) {
    let zeros = vec![0u8; BIG];
    let layer = tar(&[("zeros", &zeros)]);
    let base = tar(&[
        ("etc/hostname", b"bomb\n"),
        ("bin/sh", b"#!fake\n"),
        ("bin/wc", b"#!fake\n"),
        ("bin/cat", b"#!fake\n"),
        ("bin/chmod", b"#!fake\n"),
    ]);
    let archive = archive_of(
        "bomb:1",
        &[(base.clone(), base), (layer.clone(), best_gzip(&layer))],
    );
    assert!(archive.len() < 200_000, "{}", archive.len());
    (layer, archive)
}

/// A session with `bomb.tar` loaded, under an 8 MiB limit.
fn loaded() -> (Session, Digest) {
    let (layer, archive) = bomb();
    let mut s = session_with(&[("bomb.tar", archive)]);
    s.set_memory_limit(8 << 20);
    // Loading streams every layer: it holds none of them whole, so it works.
    let (out, err, code) = run(&mut s, "docker load -i bomb.tar");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Loaded image: bomb:1\n", "", 0)
    );
    (s, Digest::of(&layer))
}

fn one_line(err: &str) -> &str {
    assert_eq!(err.lines().count(), 1, "{err}");
    err.trim_end()
}

#[test]
fn a_bomb_loads_and_opens_and_what_would_hold_its_file_stops_with_one_line() {
    let (mut s, _) = loaded();
    let before = store_view(&mut s);
    // The layer is indexed as a stream (its tar never held): containers, dive, the views
    // and save work under a limit far below the layer.
    let (out, err, code) = run(&mut s, "docker create --name box bomb:1");
    assert_eq!((out.len(), err.as_str(), code), (65, "", 0));
    let (out, _, code) = run(&mut s, "dive bomb:1");
    assert!(out.contains("efficiency: 100.0000 %"), "{out}");
    assert_eq!(code, 0);
    let tree = layerlab::views::tree(&s, "bomb:1", None, "/").unwrap();
    assert!(format!("{tree:?}").contains("zeros"), "{tree:?}");
    let (_, err, code) = run(&mut s, "docker save bomb:1 -o out.tar");
    assert_eq!((err.as_str(), code), ("", 0));
    // What would hold the inflated file whole for the page stops, as one line.
    let e = layerlab::views::read_file(&s, "bomb:1", None, "/zeros").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("Error: /zeros: too large to hold in memory (64 MiB; {LIMIT}")
    );
    let (_, err, code) = run(&mut s, "docker save bomb:1 > out2.tar");
    assert_eq!(
        one_line(&err),
        format!("Error response from daemon: the archive's layers: too large to hold in memory (64 MiB; {LIMIT}")
    );
    assert_eq!(code, 1);
    // Nothing else changed, and the session goes on.
    assert_eq!(store_view(&mut s), before);
    let (out, _, code) = run(&mut s, "docker images --format '{{.Repository}}:{{.Tag}}'");
    assert_eq!((out.as_str(), code), ("bomb:1\n", 0));
}

#[test]
fn a_process_cannot_read_the_file_whole_but_cp_and_export_pass_it_on() {
    let (mut s, _) = loaded();
    let before = store_view(&mut s);
    // A process reading the file whole, or copying it up, cannot allocate it.
    let (out, err, code) = run(&mut s, "docker run --name box bomb:1 cat /zeros");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("", "cat: can't open '/zeros': Cannot allocate memory\n", 1)
    );
    let (_, err, code) = run(&mut s, "docker run --rm bomb:1 chmod 600 /zeros");
    assert_eq!(
        (err.as_str(), code),
        ("chmod: /zeros: Cannot allocate memory\n", 1)
    );
    // Other files read as ever (/etc/hostname is Docker's, the short ID and a newline).
    let (out, _, code) = run(&mut s, "docker run --rm bomb:1 wc -c /etc/hostname");
    assert_eq!((out.as_str(), code), ("13 /etc/hostname\n", 0));
    // docker cp and docker export -o pass its bytes on in pieces: they work under the limit
    // and write what the default limit writes.
    let (out, err, code) = run(&mut s, "docker cp box:/zeros zeros");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("", "Successfully copied 67.11MB to zeros\n", 0)
    );
    assert_eq!(
        s.host().read("zeros").unwrap().as_ref(),
        &vec![0u8; BIG][..]
    );
    assert_eq!(run(&mut s, "docker export box -o box.tar").2, 0);
    let exported = s.host().read("box.tar").unwrap();
    let index = layerlab::tarball::index::TarIndex::build(&exported).unwrap();
    let zeros = index.entries().iter().find(|e| e.name == "zeros").unwrap();
    assert_eq!(zeros.size, BIG as u64);
    // What would hold them for the terminal stops with one line.
    let (_, err, code) = run(&mut s, "docker export box > box2.tar");
    assert_eq!(
        one_line(&err),
        format!("Error response from daemon: the container's files: too large to hold in memory (64 MiB; {LIMIT}")
    );
    assert_eq!(code, 1);
    assert_eq!(store_view(&mut s), before, "the images did not change");
}

#[test]
fn a_gzip_layer_is_inflated_in_steps_and_a_cancel_changes_nothing() {
    let (_, archive) = bomb();
    let mut s = session_with(&[("bomb.tar", archive)]);
    // Each poll inflates about its budget (1 MiB here) of the 64 MiB layer, and the
    // progress moves forward over the archive's bytes.
    s.start("docker load -i bomb.tar");
    let (mut polls, mut last) = (0, 0);
    while !s.poll(1 << 20) {
        polls += 1;
        let p = s.progress().unwrap();
        assert!(p.done >= last && p.done <= p.total, "{last} then {p:?}");
        last = p.done;
    }
    assert!(polls >= 32, "{polls} polls");
    assert_eq!(s.take_output().stdout_text(), "Loaded image: bomb:1\n");
    // Cancelled half way through the layer: nothing was loaded.
    let mut s = session_with(&[("bomb.tar", bomb().1)]);
    let before = store_view(&mut s);
    s.start("docker load -i bomb.tar");
    for _ in 0..16 {
        assert!(!s.poll(1 << 20));
    }
    s.cancel();
    assert_eq!(store_view(&mut s), before);
}

#[test]
fn a_saved_bomb_is_written_without_inflating_it_and_loads_again() {
    let (mut s, _) = loaded();
    assert_eq!(run(&mut s, "docker save bomb:1 -o out.tar").2, 0);
    // The archive holds the layer inflated (Docker 28 saves uncompressed layers).
    assert!(s.host().size("out.tar").unwrap() > BIG as u64);
    let saved = s.host().read("out.tar").unwrap();
    let mut fresh = session_with(&[("out.tar", saved.to_vec())]);
    let (out, err, code) = run(&mut fresh, "docker load -i out.tar");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Loaded image: bomb:1\n", "", 0)
    );
    assert_eq!(
        run(&mut fresh, "docker images -q bomb:1").0,
        run(&mut s, "docker images -q bomb:1").0
    );
}

#[test]
fn with_the_default_limit_the_bomb_is_just_a_layer() {
    let (layer, archive) = bomb();
    let mut s = session_with(&[("bomb.tar", archive)]);
    assert_eq!(s.memory_budget().limit(), layerlab::budget::NATIVE_DEFAULT);
    assert_eq!(run(&mut s, "docker load -q -i bomb.tar").2, 0);
    let (out, err, code) = run(&mut s, "docker run --name box bomb:1 wc -c /zeros");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("67108864 /zeros\n", "", 0)
    );
    assert_eq!(run(&mut s, "docker save bomb:1 -o out.tar").2, 0);
    assert_eq!(run(&mut s, "docker export box -o box.tar").2, 0);
    let f = layerlab::views::read_file(&s, "bomb:1", None, "/zeros").unwrap();
    assert_eq!(f.data.len(), BIG);
    let t = layerlab::views::layer_tar(&s, "bomb:1", 1).unwrap();
    assert_eq!(Digest::of(&t), Digest::of(&layer));
}

#[test]
fn views_of_a_file_or_a_tar_past_the_limit_stop() {
    // An uncompressed layer costs nothing to index, but the page gets a copy of what it
    // views.
    let zeros = vec![0u8; 12 << 20];
    let (archive, _) = legacy(
        &["big:1"],
        &[tar(&[("a/zeros", &zeros)]), tar(&[("b", b"b")])],
        CREATED,
    );
    let mut s = session_with(&[("big.tar", archive)]);
    s.set_memory_limit(8 << 20);
    assert_eq!(run(&mut s, "docker load -q -i big.tar").2, 0);
    let e = layerlab::views::read_file(&s, "big:1", None, "a/zeros").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("Error: /a/zeros: too large to hold in memory (12 MiB; {LIMIT}")
    );
    // What the viewer asks first (its size, whether it is text) reads only its head, and a
    // download is its slice of the layer: neither holds it.
    let info = layerlab::views::read_file_info(&s, "big:1", None, "/a/zeros").unwrap();
    assert_eq!(
        (info["size"].as_u64(), info["binary"].as_bool()),
        (Some(12 << 20), Some(true))
    );
    let f = layerlab::views::file_blob(&s, "big:1", None, "/a/zeros").unwrap();
    assert_eq!(
        (f.path.as_str(), f.layer, f.data.len()),
        ("/a/zeros", 0, 12 << 20)
    );
    assert_eq!(
        layerlab::views::layer_blob(&s, "big:1", 0).unwrap().len(),
        (12 << 20) + 1536
    );
    let e = layerlab::views::layer_tar(&s, "big:1", 0).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Error: the tar of layer 0: too large to hold in memory (12 MiB;"),
        "{e}"
    );
    assert!(layerlab::views::layer_tar(&s, "big:1", 1).is_ok());
    assert_eq!(
        &layerlab::views::read_file(&s, "big:1", None, "b")
            .unwrap()
            .data[..],
        b"b"
    );
    // The same limit through the page's binding of the budget.
    s.set_memory_budget(layerlab::budget::Budget::page(8 << 20));
    let e = layerlab::views::read_file(&s, "big:1", None, "a/zeros").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Error: /a/zeros: too large to hold in this browser tab (12 MiB; the limit is 8 MiB)"
    );
}

#[test]
fn inflating_archives_and_tars_stops_at_the_limit() {
    // An archive that is itself gzipped: its layer is stored uncompressed inside.
    let zeros = tar(&[("zeros", &vec![0u8; BIG])]);
    let archive = archive_of("bomb:1", &[(zeros.clone(), zeros.clone())]);
    let context = tar(&[
        ("Dockerfile", b"FROM scratch\nCOPY . /\n"),
        ("zeros", &vec![0u8; BIG]),
    ]);
    let mut s = session_with(&[
        ("bomb.tar.gz", best_gzip(&archive)),
        ("zeros.tar.gz", best_gzip(&zeros)),
        ("ctx.tar.gz", best_gzip(&context)),
    ]);
    s.set_memory_limit(8 << 20);
    let before = store_view(&mut s);
    let cases = [
        (
            "docker load -i bomb.tar.gz",
            "the inflated archive bomb.tar.gz: too large to hold in memory (",
        ),
        (
            "docker load < bomb.tar.gz",
            "the inflated archive from standard input: too large to hold in memory (",
        ),
        (
            "docker import zeros.tar.gz z:1",
            "Error response from daemon: the tar imported from zeros.tar.gz: too large to hold in memory (",
        ),
        (
            "docker build -q ctx.tar.gz",
            "ERROR: failed to build: unable to prepare context: ctx.tar.gz: the inflated context: too large to hold in memory (",
        ),
        (
            "gunzip -c zeros.tar.gz",
            "gunzip: zeros.tar.gz: too large to hold in memory (",
        ),
    ];
    for (line, want) in cases {
        let (out, err, code) = run(&mut s, line);
        assert_eq!(out, "", "{line}");
        assert_eq!(one_line(&err), format!("{want}{LIMIT}"), "{line}");
        assert_ne!(code, 0, "{line}");
    }
    assert_eq!(store_view(&mut s), before);
    // Natively the limit is a flag away.
    s.set_memory_limit(1 << 30);
    assert_eq!(run(&mut s, "docker load -q -i bomb.tar.gz").2, 0);
    assert_eq!(run(&mut s, "docker import zeros.tar.gz z:1").2, 0);
}

#[test]
fn an_add_of_a_bomb_stops_the_build() {
    let zeros = tar(&[("zeros", &vec![0u8; BIG])]);
    let mut s = session_with(&[
        (
            "site/Dockerfile",
            b"FROM scratch\nADD zeros.tar.gz /x/\n".to_vec(),
        ),
        ("site/zeros.tar.gz", best_gzip(&zeros)),
    ]);
    s.set_memory_limit(8 << 20);
    let (_, err, code) = run(&mut s, "docker build -q -t z site");
    assert_ne!(code, 0);
    assert!(
        err.contains(&format!(
            "zeros.tar.gz: too large to hold in memory ({LIMIT}"
        )),
        "{err}"
    );
    assert_eq!(run(&mut s, "docker images -q").0, "");
}

#[test]
fn building_tars_and_joining_output_stop_at_the_limit() {
    let (archive, _) = legacy(&["small:1"], &common::layers(), CREATED);
    let big = vec![b'x'; 12 << 20];
    let mut s = session_with(&[
        ("small.tar", archive),
        ("big.bin", big.clone()),
        ("half.bin", big[..6 << 20].to_vec()),
    ]);
    s.set_memory_limit(8 << 20);
    assert_eq!(run(&mut s, "docker load -q -i small.tar").2, 0);
    assert_eq!(run(&mut s, "docker create --name box small:1").2, 0);
    // Copying in costs nothing (the file is shared); what is then built of it is checked.
    assert_eq!(run(&mut s, "docker cp big.bin box:/big").2, 0);
    let before = store_view(&mut s);
    let (_, err, code) = run(&mut s, "docker commit box");
    assert_eq!(
        one_line(&err),
        format!("Error response from daemon: the new layer: too large to hold in memory (12 MiB; {LIMIT}")
    );
    assert_eq!(code, 1);
    assert_eq!(store_view(&mut s), before);
    let (_, err, code) = run(&mut s, "docker cp box:/big - > big.tar");
    assert_eq!(
        one_line(&err),
        format!("Error response from daemon: the tar of box:/big: too large to hold in memory (12 MiB; {LIMIT}")
    );
    assert_eq!(code, 1);
    // A pipe joined from pieces, and the terminal's output.
    let (out, err, code) = run(&mut s, "cat half.bin half.bin | wc -c");
    assert_eq!(
        (out.as_str(), one_line(&err), code),
        (
            "0\n",
            format!("sh: the pipe: too large to hold in memory (12 MiB; {LIMIT}").as_str(),
            0
        )
    );
    assert_eq!(run(&mut s, "cat big.bin | wc -c").0, "12582912\n");
    let (out, err, code) = run(&mut s, "cat big.bin");
    assert_eq!(out, "");
    assert_eq!(
        one_line(&err),
        format!(
            "layerlab: the output for the terminal: too large to hold in memory (12 MiB; {LIMIT}"
        )
    );
    assert_eq!(code, 1);
    // The session goes on.
    let (out, _, code) = run(&mut s, "docker ps -a --format '{{.Names}}'");
    assert_eq!((out.as_str(), code), ("box\n", 0));
}

#[test]
fn a_layer_of_too_many_files_is_refused_while_it_loads() {
    // Not the bytes but the file list: 20,000 empty files, gzipped, against 1 MiB.
    let names: Vec<String> = (0..20_000).map(|i| format!("d/{i:08}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let layer = tar(&entries);
    let base = tar(&[("a", b"a")]);
    let archive = archive_of(
        "many:1",
        &[(base.clone(), base), (layer.clone(), gzip(&layer))],
    );
    let mut s = session_with(&[("many.tar", archive)]);
    s.set_memory_limit(1 << 20);
    let (_, err, code) = run(&mut s, "docker load -i many.tar");
    assert!(
        one_line(&err).starts_with("the file list of layer sha256:"),
        "{err}"
    );
    assert!(
        err.ends_with(": too large to hold in memory (the memory limit is 1 MiB, raise it with --memory-limit)\n"),
        "{err}"
    );
    assert_eq!(code, 1);
    assert_eq!(run(&mut s, "docker images -q").0, "");
    s.set_memory_limit(64 << 20);
    assert_eq!(run(&mut s, "docker load -q -i many.tar").2, 0);
}

/// The binary takes the limit as `--memory-limit SIZE`; a bad size is a usage error.
#[test]
fn the_binary_takes_a_memory_limit() {
    let dir = std::env::temp_dir().join(format!("layerlab-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bomb.tar"), bomb().1).unwrap();
    let host = dir.to_str().unwrap().to_string();
    let session = |limit: &[&str], input: &str| {
        let mut args = vec!["--host", host.as_str(), "--now", CREATED];
        args.extend_from_slice(limit);
        common::binary(&args, input)
    };
    let lines = "docker load -q -i bomb.tar\ndocker create bomb:1\ndocker images --format '{{.Repository}}'\n";
    let lines8 = "docker load -q -i bomb.tar\ndocker save bomb:1 > out.tar\ndocker images --format '{{.Repository}}'\n";
    let (out, err, code) = session(&["--memory-limit", "8MiB"], lines8);
    assert!(out.ends_with("bomb\n"), "{out}");
    assert_eq!(
        err,
        format!("Error response from daemon: the archive's layers: too large to hold in memory (64 MiB; {LIMIT}\n")
    );
    assert_eq!(code, Some(1));
    let (_, err, code) = session(&["--memory-limit", "1g"], lines);
    assert_eq!((err.as_str(), code), ("", Some(0)));
    let (_, err, code) = session(&[], lines);
    assert_eq!((err.as_str(), code), ("", Some(0)));
    for bad in ["", "lots", "0", "-1g"] {
        let (_, err, code) = session(&["--memory-limit", bad], "");
        assert_eq!(
            (err.as_str(), code),
            (
                "layerlab: --memory-limit takes a size such as 512MiB, 2GiB, 1g or a number of bytes\n",
                Some(2)
            ),
            "{bad:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file of zeros of any size that takes no memory.
struct Zeros(u64);

impl layerlab::content::Source for Zeros {
    fn len(&self) -> u64 {
        self.0
    }
    fn read_at(
        &self,
        offset: u64,
        len: usize,
    ) -> Result<bytes::Bytes, layerlab::content::BlobError> {
        let n = (len as u64).min(self.0.saturating_sub(offset)) as usize;
        Ok(bytes::Bytes::from(vec![0u8; n]))
    }
    fn name(&self) -> String {
        "zeros".into()
    }
}

#[test]
fn sha256sum_of_a_large_file_runs_in_budgeted_steps_with_progress_and_lines_in_order() {
    // 40 MiB of zeros in steps of 8 MiB: one long call would freeze the page and Cancel.
    let size = 40 << 20;
    let mut s = session_with(&[]);
    s.host_mut()
        .open("big.bin", std::sync::Arc::new(Zeros(size)))
        .unwrap();
    s.start("sha256sum big.bin nothing big.bin");
    let mut polls = 0;
    let mut seen = Vec::new();
    while !s.poll(8 << 20) {
        polls += 1;
        let p = s.progress().expect("a running line reports its progress");
        assert_eq!((p.label, p.total), ("Hashing", 2 * size));
        seen.push(p.done);
    }
    assert!(polls >= 9, "{polls} steps");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]) && seen.last() < Some(&(2 * size)));
    let o = s.take_output();
    let want = std::process::Command::new("bash")
        .args(["-c", &format!("head -c {size} /dev/zero | sha256sum")])
        .output()
        .unwrap();
    let want = String::from_utf8(want.stdout).unwrap().replace("  -\n", "");
    assert_eq!(
        (o.stdout_text(), o.stderr_text(), o.code),
        (
            format!("{want}  big.bin\n{want}  big.bin\n"),
            "sha256sum: nothing: No such file or directory\n".to_string(),
            1
        )
    );
}

#[test]
fn sha256sum_hashes_a_host_file_larger_than_a_whole_read_as_a_stream() {
    let size = layerlab::host::MAX_WHOLE_READ + 1;
    let mut s = session_with(&[]);
    s.host_mut()
        .open("big.bin", std::sync::Arc::new(Zeros(size)))
        .unwrap();
    let (out, err, code) = run(&mut s, "sha256sum big.bin");
    // coreutils' answer for the same bytes.
    let want = std::process::Command::new("bash")
        .args(["-c", &format!("head -c {size} /dev/zero | sha256sum")])
        .output()
        .unwrap();
    let want = String::from_utf8(want.stdout)
        .unwrap()
        .replace("  -", "  big.bin");
    assert_eq!((out, err.as_str(), code), (want, "", 0));
    // Read whole, the same file is refused in one line.
    let (out, err, code) = run(&mut s, "cat big.bin | wc -c");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("0\n", "cat: big.bin: File too large\n", 0)
    );
}
