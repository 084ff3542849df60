//! The snapshot service: indexed layers by diffID and merged views by chain ID, owned by
//! the session and shared by everything that reads an image's files (the explorer's
//! views, containers, `docker build`, dive), and what is derived from a stack of layers
//! (each layer's changes, dive's analysis). A layer is decompressed and indexed once,
//! however many images, containers and build steps use it.
//!
//! What is cached can never go stale: a diffID is the hash of the layer's contents and a
//! chain ID the hash of a stack of them. The cache only bounds what it keeps: each entry is
//! costed (the bytes it holds that the store does not: a decompressed tar, the index's
//! entries) and the least recently used entries are dropped once the total passes the
//! budget. A dropped entry still lives while someone holds its `Arc`.

use super::diff::Change;
use super::efficiency::Analysis;
use super::{LayerIndex, Union};
use crate::budget::Budget;
use crate::digest::{chain_ids, Digest};
use crate::error::{Error, Result};
use crate::image::Image;
use crate::store::{Layer, Store};
use std::collections::HashMap;
use std::sync::Arc;

/// What the cache may hold, in bytes, unless told otherwise.
pub const DEFAULT_BUDGET: u64 = 256 << 20;

/// Bytes counted for each path of an index or a merged view (its name, node and map slot).
const PER_PATH: u64 = 160;

/// What one cache slot holds.
#[derive(Clone)]
enum Value {
    Layer(Arc<LayerIndex>),
    Union(Arc<Union>),
    Changes(Arc<Vec<Vec<Change>>>),
    Analysis(Arc<Analysis>),
}

/// A slot's key: what it holds and the diffID or chain ID it is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Layer(Digest),
    Union(Digest),
    Changes(Digest),
    Analysis(Digest),
}

struct Entry {
    value: Value,
    cost: u64,
    used: u64,
}

/// Indexed layers, merged views and what is derived from a stack of layers (each layer's
/// changes, dive's analysis), least recently used dropped past a budget.
pub struct Snapshots {
    entries: HashMap<Key, Entry>,
    /// What the cache keeps before it drops entries (not a limit on one entry).
    budget: u64,
    /// The session's memory budget: a layer whose tar would pass it is not indexed.
    memory: Budget,
    total: u64,
    clock: u64,
}

impl Default for Snapshots {
    fn default() -> Snapshots {
        Snapshots::new(DEFAULT_BUDGET)
    }
}

/// What a layer's index costs: its paths, and its tar when that is held here (a small
/// compressed layer's; a large one is inflated as it is read, and an uncompressed one is
/// the store's blob).
fn layer_cost(layer: &Layer, index: &LayerIndex) -> u64 {
    let tar = if layer.compression != crate::compress::Compression::None
        && index.tar().as_memory().is_some()
    {
        index.tar().len()
    } else {
        0
    };
    tar + index.entries().len() as u64 * PER_PATH
}

/// The chain ID of a whole stack; `None` for no layers.
fn chain_id(diff_ids: &[Digest]) -> Option<Digest> {
    chain_ids(diff_ids).last().copied()
}

impl Snapshots {
    pub fn new(budget: u64) -> Snapshots {
        Snapshots {
            entries: HashMap::new(),
            budget,
            memory: Budget::default(),
            total: 0,
            clock: 0,
        }
    }

    /// The memory budget layers are indexed within (see [`crate::budget`]).
    pub fn set_memory(&mut self, memory: Budget) {
        self.memory = memory;
    }

    /// The memory budget, for what else reads an image's files (a build step's layer).
    pub fn memory(&self) -> Budget {
        self.memory
    }

    /// Bytes held now (by this cache's count).
    pub fn held(&self) -> u64 {
        self.total
    }

    /// The cached value of `key`, marked as used now.
    fn hit(&mut self, key: Key) -> Option<Value> {
        self.clock += 1;
        let now = self.clock;
        self.entries.get_mut(&key).map(|e| {
            e.used = now;
            e.value.clone()
        })
    }

    fn keep(&mut self, key: Key, value: Value, cost: u64) {
        self.clock += 1;
        self.total += cost;
        let old = self.entries.insert(
            key,
            Entry {
                value,
                cost,
                used: self.clock,
            },
        );
        if let Some(old) = old {
            self.total -= old.cost;
        }
        self.evict();
    }

    /// A layer's index, made when first asked for.
    pub fn layer(&mut self, layer: &Layer) -> Result<Arc<LayerIndex>> {
        let key = Key::Layer(layer.diff_id);
        if let Some(Value::Layer(i)) = self.hit(key) {
            return Ok(i);
        }
        let index = Arc::new(LayerIndex::from_layer(layer, self.memory)?);
        self.keep(key, Value::Layer(index.clone()), layer_cost(layer, &index));
        Ok(index)
    }

    /// Keeps the index a load built of `layer` as it walked it (see
    /// [`LayerIndex::adopted`]), so that the first look at the layer does not read it again.
    pub fn adopt(&mut self, layer: &Layer, index: LayerIndex) {
        let key = Key::Layer(layer.diff_id);
        if self.entries.contains_key(&key) {
            return;
        }
        if let Some(index) = index.adopted(layer) {
            let cost = layer_cost(layer, &index);
            self.keep(key, Value::Layer(Arc::new(index)), cost);
        }
    }

    /// The stored layers of an image, bottom first.
    fn stored<'s>(store: &'s Store, image: &Image) -> Result<Vec<&'s Layer>> {
        image
            .diff_ids()
            .iter()
            .map(|d| store.layer(d).ok_or(Error::LayerNotFound { diff_id: *d }))
            .collect()
    }

    /// The indexes of a stored image's layers, bottom first.
    pub fn image_layers(&mut self, store: &Store, image: &Image) -> Result<Vec<Arc<LayerIndex>>> {
        Self::stored(store, image)?
            .into_iter()
            .map(|l| self.layer(l))
            .collect()
    }

    /// The merged view of a stack of layers (bottom first), made when first asked for.
    pub fn union(&mut self, layers: &[&Layer]) -> Result<Arc<Union>> {
        let diff_ids: Vec<Digest> = layers.iter().map(|l| l.diff_id).collect();
        let Some(chain) = chain_id(&diff_ids) else {
            return Ok(Arc::new(Union::new()));
        };
        let key = Key::Union(chain);
        if let Some(Value::Union(u)) = self.hit(key) {
            return Ok(u);
        }
        let indexes = layers
            .iter()
            .map(|l| self.layer(l))
            .collect::<Result<Vec<_>>>()?;
        let union = Arc::new(Union::build(indexes));
        let cost = union.len() as u64 * PER_PATH;
        self.keep(key, Value::Union(union.clone()), cost);
        Ok(union)
    }

    /// The merged view of the first `count` layers of a stored image (all when larger).
    pub fn image_union(
        &mut self,
        store: &Store,
        image: &Image,
        count: usize,
    ) -> Result<Arc<Union>> {
        let layers = Self::stored(store, image)?;
        self.union(&layers[..count.min(layers.len())])
    }

    /// What each layer of an image changed ([`super::diff`]), bottom first.
    pub fn changes(&mut self, store: &Store, image: &Image) -> Result<Arc<Vec<Vec<Change>>>> {
        let key = Key::Changes(chain_id(image.diff_ids()).unwrap_or(Digest::of(b"")));
        if let Some(Value::Changes(c)) = self.hit(key) {
            return Ok(c);
        }
        let layers = self.image_layers(store, image)?;
        let changes = Arc::new(super::diff::image_changes(&layers));
        let cost = changes.iter().map(Vec::len).sum::<usize>() as u64 * PER_PATH;
        self.keep(key, Value::Changes(changes.clone()), cost);
        Ok(changes)
    }

    /// dive's analysis of an image ([`super::efficiency`]).
    pub fn analysis(&mut self, store: &Store, image: &Image) -> Result<Arc<Analysis>> {
        let key = Key::Analysis(chain_id(image.diff_ids()).unwrap_or(Digest::of(b"")));
        if let Some(Value::Analysis(a)) = self.hit(key) {
            return Ok(a);
        }
        let layers = self.image_layers(store, image)?;
        let analysis = Arc::new(super::efficiency::analyze(&layers));
        let cost = analysis.inefficiencies.len() as u64 * PER_PATH;
        self.keep(key, Value::Analysis(analysis.clone()), cost);
        Ok(analysis)
    }

    /// Drops the least recently used entries until the total fits the budget. Only entries
    /// the cache alone holds are dropped: one still held elsewhere (a layer under a cached
    /// merged view, a view a caller is reading) would stay in memory anyway, and dropping
    /// it would only make the next reader build it again. So the working set of the image
    /// being read stays, however large, and is dropped once nothing uses it.
    fn evict(&mut self) {
        while self.total > self.budget {
            let Some(oldest) = self
                .entries
                .iter()
                .filter(|(_, e)| !e.value.shared())
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| *k)
            else {
                break;
            };
            if let Some(e) = self.entries.remove(&oldest) {
                self.total -= e.cost;
            }
        }
    }
}

impl Value {
    /// Whether anything besides the cache holds the value.
    fn shared(&self) -> bool {
        1 < match self {
            Value::Layer(v) => Arc::strong_count(v),
            Value::Union(v) => Arc::strong_count(v),
            Value::Changes(v) => Arc::strong_count(v),
            Value::Analysis(v) => Arc::strong_count(v),
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
        assert!(!s.entries.contains_key(&Key::Layer(l2.diff_id)));
    }

    #[test]
    fn keeps_what_is_in_use_past_the_budget_and_drops_it_once_unused() {
        // A merged view of two layers, each past the budget: reading it again finds the
        // same view and the same layers (nothing is built twice while in use).
        let mut s = Snapshots::new(PER_PATH);
        let (l1, l2, l3) = (
            layer(&[("a", b"1"), ("b", b"1")]),
            layer(&[("c", b"2"), ("d", b"2")]),
            layer(&[("e", b"3")]),
        );
        let u = s.union(&[&l1, &l2]).unwrap();
        let i1 = s.layer(&l1).unwrap();
        assert!(Arc::ptr_eq(&i1, &u.layers()[0]));
        assert!(Arc::ptr_eq(&u, &s.union(&[&l1, &l2]).unwrap()));
        drop((u, i1));
        // Once nothing holds them, the next entry pushes them out: the view, then its layers.
        s.layer(&l3).unwrap();
        assert_eq!(s.entries.len(), 1, "only the last entry stays");
        assert!(s.entries.contains_key(&Key::Layer(l3.diff_id)));
    }
}
