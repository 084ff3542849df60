//! The snapshot service: indexed layers by diffID and merged views by chain ID, owned by
//! the session and shared by everything that reads an image's files (the explorer's
//! views, containers, `docker build`, dive). A layer is decompressed and indexed once,
//! however many images, containers and build steps use it.
//!
//! What is cached can never go stale: a diffID is the hash of the layer's contents and a
//! chain ID the hash of a stack of them. The cache only bounds what it keeps: each entry is
//! costed (the bytes it holds that the store does not: a decompressed tar, the index's
//! entries) and the least recently used entries are dropped once the total passes the
//! budget. A dropped entry still lives while someone holds its `Arc`.

use super::{LayerIndex, Union};
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::image::Image;
use crate::store::{Layer, Store};
use std::collections::HashMap;
use std::sync::Arc;

/// What the cache may hold, in bytes, unless told otherwise.
pub const DEFAULT_BUDGET: u64 = 256 << 20;

/// Bytes counted for each path of an index or a merged view (its name, node and map slot).
const PER_PATH: u64 = 160;

struct Entry<T> {
    value: Arc<T>,
    cost: u64,
    used: u64,
}

/// Indexed layers and merged views, least recently used dropped past a budget.
pub struct Snapshots {
    layers: HashMap<Digest, Entry<LayerIndex>>,
    unions: HashMap<Digest, Entry<Union>>,
    budget: u64,
    total: u64,
    clock: u64,
}

impl Default for Snapshots {
    fn default() -> Snapshots {
        Snapshots::new(DEFAULT_BUDGET)
    }
}

/// The chain IDs of each prefix of a stack of layers: ChainID(L0) = DiffID(L0), then
/// ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)), as the image spec defines.
pub fn chain_ids(diff_ids: &[Digest]) -> Vec<Digest> {
    let mut out: Vec<Digest> = Vec::with_capacity(diff_ids.len());
    for d in diff_ids {
        let next = match out.last() {
            None => *d,
            Some(prev) => Digest::of(format!("{prev} {d}").as_bytes()),
        };
        out.push(next);
    }
    out
}

impl Snapshots {
    pub fn new(budget: u64) -> Snapshots {
        Snapshots {
            layers: HashMap::new(),
            unions: HashMap::new(),
            budget,
            total: 0,
            clock: 0,
        }
    }

    /// Bytes held now (by this cache's count).
    pub fn held(&self) -> u64 {
        self.total
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// A layer's index, made when first asked for.
    pub fn layer(&mut self, layer: &Layer) -> Result<Arc<LayerIndex>> {
        let now = self.tick();
        if let Some(e) = self.layers.get_mut(&layer.diff_id) {
            e.used = now;
            return Ok(e.value.clone());
        }
        let index = Arc::new(LayerIndex::from_layer(layer)?);
        // A compressed layer's tar is held here; an uncompressed one is the store's blob.
        let tar = if layer.compression == crate::compress::Compression::None {
            0
        } else {
            index.tar().len() as u64
        };
        let cost = tar + index.entries().len() as u64 * PER_PATH;
        self.total += cost;
        self.layers.insert(
            layer.diff_id,
            Entry {
                value: index.clone(),
                cost,
                used: now,
            },
        );
        self.evict();
        Ok(index)
    }

    /// The indexes of a stored image's layers, bottom first.
    pub fn image_layers(&mut self, store: &Store, image: &Image) -> Result<Vec<Arc<LayerIndex>>> {
        image
            .diff_ids()
            .iter()
            .map(|d| {
                let layer = store
                    .layer(d)
                    .ok_or_else(|| Error::MissingFile(d.to_string()))?;
                self.layer(layer)
            })
            .collect()
    }

    /// The merged view of a stack of layers (bottom first), made when first asked for.
    pub fn union(&mut self, layers: &[&Layer]) -> Result<Arc<Union>> {
        let diff_ids: Vec<Digest> = layers.iter().map(|l| l.diff_id).collect();
        let Some(&chain) = chain_ids(&diff_ids).last() else {
            return Ok(Arc::new(Union::new()));
        };
        let now = self.tick();
        if let Some(e) = self.unions.get_mut(&chain) {
            e.used = now;
            return Ok(e.value.clone());
        }
        let indexes = layers
            .iter()
            .map(|l| self.layer(l))
            .collect::<Result<Vec<_>>>()?;
        let union = Arc::new(Union::build(indexes));
        let cost = union.len() as u64 * PER_PATH;
        self.total += cost;
        self.unions.insert(
            chain,
            Entry {
                value: union.clone(),
                cost,
                used: now,
            },
        );
        self.evict();
        Ok(union)
    }

    /// The merged view of the first `count` layers of a stored image (all when larger).
    pub fn image_union(
        &mut self,
        store: &Store,
        image: &Image,
        count: usize,
    ) -> Result<Arc<Union>> {
        let layers = image
            .diff_ids()
            .iter()
            .take(count)
            .map(|d| {
                store
                    .layer(d)
                    .ok_or_else(|| Error::MissingFile(d.to_string()))
            })
            .collect::<Result<Vec<_>>>()?;
        self.union(&layers)
    }

    /// Drops the least recently used entries until the total fits the budget; the entry
    /// used last stays, however large.
    fn evict(&mut self) {
        while self.total > self.budget && self.layers.len() + self.unions.len() > 1 {
            let oldest_layer = self
                .layers
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, e)| (*k, e.used));
            let oldest_union = self
                .unions
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, e)| (*k, e.used));
            let cost = match (oldest_layer, oldest_union) {
                (Some((k, a)), Some((_, b))) if a <= b => self.layers.remove(&k).map(|e| e.cost),
                (_, Some((k, _))) => self.unions.remove(&k).map(|e| e.cost),
                (Some((k, _)), None) => self.layers.remove(&k).map(|e| e.cost),
                (None, None) => None,
            };
            match cost {
                Some(c) => self.total -= c,
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_ustar();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn layer(files: &[(&str, &[u8])]) -> Layer {
        let t = tar(files);
        let d = Digest::of(&t);
        Layer::uncompressed(bytes::Bytes::from(t), d)
    }

    #[test]
    fn chain_ids_follow_the_image_spec() {
        let a = Digest::of(b"a");
        let b = Digest::of(b"b");
        let ids = chain_ids(&[a, b]);
        assert_eq!(ids[0], a);
        assert_eq!(ids[1], Digest::of(format!("{a} {b}").as_bytes()));
    }

    #[test]
    fn shares_indexes_and_views() {
        let mut s = Snapshots::default();
        let (l1, l2) = (layer(&[("a", b"1")]), layer(&[("b", b"2")]));
        let u1 = s.union(&[&l1, &l2]).unwrap();
        let u2 = s.union(&[&l1, &l2]).unwrap();
        assert!(Arc::ptr_eq(&u1, &u2));
        assert!(Arc::ptr_eq(&s.layer(&l1).unwrap(), &u1.layers()[0]));
        assert!(u1.get("a").is_some() && u1.get("b").is_some());
        assert!(s.union(&[]).unwrap().is_empty() || s.union(&[]).unwrap().len() <= 1);
    }

    #[test]
    fn drops_the_least_recently_used_past_the_budget() {
        let mut s = Snapshots::new(2 * PER_PATH);
        let (l1, l2, l3) = (
            layer(&[("a", b"1")]),
            layer(&[("b", b"2")]),
            layer(&[("c", b"3")]),
        );
        let i1 = s.layer(&l1).unwrap();
        s.layer(&l2).unwrap();
        s.layer(&l1).unwrap();
        s.layer(&l3).unwrap();
        assert!(s.held() <= 2 * PER_PATH, "{}", s.held());
        // l1 was used after l2, so l2 went first.
        assert!(Arc::ptr_eq(&i1, &s.layer(&l1).unwrap()));
        assert!(!s.layers.contains_key(&l2.diff_id));
    }
}
