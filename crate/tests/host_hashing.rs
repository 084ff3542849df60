#![cfg(not(target_arch = "wasm32"))]
//! The page's hashing of the user's files (`HostHashing::files`): the core walks each
//! layer while the page's workers hash the same range of the file, names the ranges to
//! come so that the page can start on them early, and asks for a layer's digest only
//! once it has walked it. A load works as when the core hashes, and a digest that does not
//! match fails it as Docker does, with nothing added.

mod common;

use bytes::Bytes;
use common::{layers, legacy, oci, run};
use layerlab::content::{Blob, BlobError, Source};
use layerlab::host::{Host, MemHost};
use layerlab::job::HostHashing;
use layerlab::Session;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const CREATED: &str = "2024-01-01T00:00:00Z";

/// A file the page holds under a handle; remembers how far it has been read.
struct Held {
    bytes: Vec<u8>,
    read_to: AtomicU64,
}

impl Source for Held {
    fn len(&self) -> u64 {
        self.bytes.len() as u64
    }
    fn read_at(&self, offset: u64, len: usize) -> Result<Bytes, BlobError> {
        let a = (offset as usize).min(self.bytes.len());
        let b = a.saturating_add(len).min(self.bytes.len());
        self.read_to.fetch_max(b as u64, Ordering::Relaxed);
        Ok(Bytes::copy_from_slice(&self.bytes[a..b]))
    }
    fn name(&self) -> String {
        "held.tar".into()
    }
    fn handle(&self) -> Option<u32> {
        Some(3)
    }
}

struct Run {
    out: (String, String, i32),
    /// The ranges named before the first step, and the ranges asked for, in order.
    hinted: Vec<(u64, u64)>,
    asked: Vec<(u64, u64)>,
    images: String,
}

/// Loads `archive` (held by the page) with the page hashing its layers; `tamper` changes
/// the digest the page gives for the `tamper`th range asked for.
fn load(archive: Vec<u8>, tamper: Option<usize>) -> Run {
    let held = Arc::new(Held {
        bytes: archive,
        read_to: AtomicU64::new(0),
    });
    let mut host = MemHost::new();
    host.write_parts("a.tar", vec![Blob::from_source(held.clone())])
        .unwrap();
    let mut s = Session::new(Box::new(host));
    s.set_now(layerlab::time::Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap());
    s.offload_hashing(HostHashing {
        memory: true,
        files: true,
    });
    s.start("docker load -i a.tar");
    let range = |b: &Blob| {
        let (handle, start, len) = b.host_range().expect("a range of the held file");
        assert_eq!(handle, 3);
        (start, len)
    };
    let mut hinted = Vec::new();
    let mut asked = Vec::new();
    loop {
        let done = s.poll(64 << 10);
        if hinted.is_empty() {
            hinted = s.hash_hints().iter().map(range).collect();
        }
        if done {
            break;
        }
        if let Some(blob) = s.hash_request() {
            let (start, len) = range(&blob);
            // Asked once the core has read the whole blob itself.
            assert!(
                held.read_to.load(Ordering::Relaxed) >= start + len,
                "asked for {start}+{len} before reading it"
            );
            // The next one asked for is the first named.
            assert_eq!(s.hash_hints().first().map(range), Some((start, len)));
            let mut d = blob.digest().unwrap();
            if tamper == Some(asked.len()) {
                d = layerlab::digest::Digest::of(b"not the layer");
            }
            asked.push((start, len));
            s.provide_hash(d);
        }
    }
    let o = s.take_output();
    let out = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.code,
    );
    let images = run(&mut s, "docker images -a --no-trunc").0;
    Run {
        out,
        hinted,
        asked,
        images,
    }
}

/// The same load with the core hashing everything.
fn load_in_core(archive: Vec<u8>) -> ((String, String, i32), String) {
    let mut s = common::session_with(&[("a.tar", archive)]);
    let out = run(&mut s, "docker load -i a.tar");
    (out, run(&mut s, "docker images -a --no-trunc").0)
}

#[test]
fn the_page_hashes_each_layer_while_the_core_walks_it() {
    // Uncompressed layers (a legacy archive) and gzip ones (an OCI layout).
    for (archive, _) in [
        legacy(&["demo:1"], &layers(), CREATED),
        oci(Some("demo:2"), &layers(), CREATED),
    ] {
        let r = load(archive.clone(), None);
        let (out, images) = load_in_core(archive);
        assert_eq!(r.out, out);
        assert_eq!(r.out.2, 0, "{:?}", r.out);
        assert_eq!(r.images, images);
        assert_eq!(r.hinted.len(), 2, "both layers named at the start");
        assert_eq!(r.asked, r.hinted, "asked for in the order named");
    }
}

#[test]
fn a_digest_the_page_gives_that_does_not_match_fails_the_load_and_adds_nothing() {
    let bogus = layerlab::digest::Digest::of(b"not the layer");
    let second = layerlab::digest::Digest::of(&layers()[1]);
    let second_gz = layerlab::digest::Digest::of(&common::gzip(&layers()[1]));
    // As moby says it of an archive whose layer is not the one its config names, and of an
    // OCI layout whose blob is not the one its manifest names.
    let wanted = [
        format!("invalid diffID for layer 1: expected \"{second}\", got \"{bogus}\""),
        format!(
            "invalid archive: blobs/sha256/{}: digest mismatch: expected {second_gz}, got {bogus}",
            second_gz.hex()
        ),
    ];
    for ((archive, _), wanted) in [
        legacy(&["demo:1"], &layers(), CREATED),
        oci(Some("demo:2"), &layers(), CREATED),
    ]
    .into_iter()
    .zip(wanted)
    {
        let r = load(archive.clone(), Some(1));
        assert_eq!(r.out.2, 1, "{:?}", r.out);
        assert_eq!(r.out.0, "");
        assert_eq!(r.out.1, format!("{wanted}\n"));
        assert_eq!(r.images, load_in_core(Vec::new()).1, "nothing added");
    }
}
