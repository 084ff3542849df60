//! The union-lookup benchmark: a 100,000-file image in 50 layers (with overwrites,
//! whiteouts and opaque directories), built in memory; times indexing the layer tars,
//! building the merged view, and looking up every path (with and without following links).
//!
//!     cargo run --release --example union_bench

use bytes::Bytes;
use layerlab::fs::layer::LayerIndex;
use layerlab::fs::union::{Follow, Union};
use std::sync::Arc;
use std::time::Instant;

fn layer_tar(k: usize) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut add = |name: &str, data: &[u8]| {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        let _ = b.append_data(&mut h, name, data);
    };
    for j in 0..2000 {
        add(&format!("l{k}/d{}/f{j}", j / 100), b"x");
    }
    if k > 0 {
        let prev = k - 1;
        add(&format!("l{prev}/d0/f0"), b"over");
        add(&format!("l{prev}/.wh.d19"), b"");
        add(&format!("l{prev}/d18/.wh..wh..opq"), b"");
        add(&format!("l{prev}/d18/new"), b"");
    }
    b.into_inner().unwrap_or_default()
}

fn main() {
    let tars: Vec<Bytes> = (0..50).map(|k| Bytes::from(layer_tar(k))).collect();
    let t = Instant::now();
    let layers: Vec<Arc<LayerIndex>> = tars
        .iter()
        .filter_map(|b| LayerIndex::parse(b.clone()).ok().map(Arc::new))
        .collect();
    let indexed = t.elapsed();
    let t = Instant::now();
    let union = Union::build(layers.iter().cloned());
    let merged = t.elapsed();
    let paths: Vec<String> = union.iter().map(|(p, _)| p.to_string()).collect();
    let t = Instant::now();
    let found = paths.iter().filter(|p| union.get(p).is_some()).count();
    let got = t.elapsed();
    let t = Instant::now();
    let followed = paths
        .iter()
        .filter(|p| union.lookup(p, Follow::Always).is_ok())
        .count();
    let looked = t.elapsed();
    let per = |d: std::time::Duration, n: usize| d.as_nanos() as f64 / n.max(1) as f64 / 1000.0;
    println!("| step | count | time | per item |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| index 50 layer tars | {} entries | {:.1} ms | |",
        layers.iter().map(|l| l.len()).sum::<usize>(),
        indexed.as_secs_f64() * 1e3
    );
    println!(
        "| build the merged view | {} paths | {:.1} ms | |",
        union.len(),
        merged.as_secs_f64() * 1e3
    );
    println!(
        "| `get` every path | {found} | {:.1} ms | {:.2} µs |",
        got.as_secs_f64() * 1e3,
        per(got, found)
    );
    println!(
        "| `lookup` every path, following links | {followed} | {:.1} ms | {:.2} µs |",
        looked.as_secs_f64() * 1e3,
        per(looked, followed)
    );
}
