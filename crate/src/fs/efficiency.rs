//! dive's image efficiency analysis (wagoodman/dive `filetree/efficiency.go` and
//! `image.Analyze`), reproduced to the byte, quirks included, so that its numbers match
//! dive's own test suite.
//!
//! dive builds one tree per layer from the raw tar entries (every name, whiteouts as
//! `.wh.` nodes, opaque markers dropped) and visits each tree's leaves in name order. A
//! path's *cumulative* size is the sum of its sizes over every layer it appears in as a
//! leaf; a whiteout counts the size of the directory tree it deletes (0 for a file),
//! looked up in the stack of the layers below. Efficiency = Σ smallest size / Σ cumulative
//! size; a path seen in two or more layers is inefficient and its cumulative size is
//! wasted. Wasted user percent = wasted / (image size − base layer size), sizes being the
//! sum of tar header sizes.

use super::layer::LayerIndex;
use std::collections::{BTreeMap, HashMap};

/// One file dive calls inefficient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inefficiency {
    /// dive's path: absolute (`/root/saved.txt`).
    pub path: String,
    /// In how many layers the path appears.
    pub count: usize,
    /// The sum of its sizes over those layers.
    pub size: u64,
}

/// dive's `AnalysisResult`.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub efficiency: f64,
    pub size_bytes: u64,
    /// Every layer's bytes but the first (the base image's).
    pub user_size_bytes: u64,
    pub wasted_bytes: u64,
    /// wasted / user size: NaN or infinite when the user size is 0, as in dive.
    pub wasted_user_percent: f64,
    /// Smallest cumulative size first, in the order dive's sort leaves them; dive's
    /// reports list them from the end.
    pub inefficiencies: Vec<Inefficiency>,
    /// Each layer's size as dive counts it (the sum of its tar header sizes).
    pub layer_sizes: Vec<u64>,
}

impl Analysis {
    /// The inefficient files as dive's reports list them: largest wasted size first.
    pub fn largest_first(&self) -> impl Iterator<Item = &Inefficiency> + '_ {
        self.inefficiencies.iter().rev()
    }
}

/// Analyses an image's layers, bottom first.
pub fn analyze(layers: &[impl AsRef<LayerIndex>]) -> Analysis {
    let trees: Vec<Tree> = layers.iter().map(|l| Tree::of_layer(l.as_ref())).collect();
    let layer_sizes: Vec<u64> = layers.iter().map(|l| l.as_ref().header_bytes()).collect();
    let (efficiency, inefficiencies) = efficiency(&trees);
    let size_bytes = layer_sizes.iter().fold(0u64, |a, b| a.wrapping_add(*b));
    let user_size_bytes = layer_sizes
        .iter()
        .skip(1)
        .fold(0u64, |a, b| a.wrapping_add(*b));
    let wasted_bytes = inefficiencies
        .iter()
        .fold(0u64, |a, f| a.wrapping_add(f.size));
    Analysis {
        efficiency,
        size_bytes,
        user_size_bytes,
        wasted_bytes,
        wasted_user_percent: wasted_bytes as f64 / user_size_bytes as f64,
        inefficiencies,
        layer_sizes,
    }
}

/// dive's per-path `EfficiencyData`.
struct PathData {
    nodes: usize,
    cumulative: i64,
    min: i64,
}

fn efficiency(trees: &[Tree]) -> (f64, Vec<Inefficiency>) {
    let mut data: HashMap<String, PathData> = HashMap::new();
    let mut inefficient: Vec<String> = Vec::new();
    // dive stacks layers 0..k-1 on a copy of layer 0 (so layer 0 twice) to size the
    // whiteouts of layer k; the stack is kept here and grown one layer at a time.
    let mut stacked = trees.first().cloned().unwrap_or_default();
    for (k, tree) in trees.iter().enumerate() {
        if k > 0 {
            if let Some(prev) = trees.get(k - 1) {
                stacked.stack(prev);
            }
        }
        for key in tree.leaves() {
            let path = dive_path(key);
            let d = data.entry(path.clone()).or_insert(PathData {
                nodes: 0,
                cumulative: 0,
                min: -1,
            });
            let size = if is_whiteout(key) {
                match stacked.get_by_path(&path) {
                    // dive's visitor returns the error, which ends this layer's walk.
                    Lookup::Missing => break,
                    Lookup::Root => 0,
                    Lookup::Found(k) => stacked.dir_size(k),
                }
            } else {
                tree.nodes.get(key).map_or(0, |n| n.size)
            };
            d.cumulative = d.cumulative.saturating_add(size);
            if d.min < 0 || size < d.min {
                d.min = size;
            }
            d.nodes += 1;
            if d.nodes == 2 {
                inefficient.push(path);
            }
        }
    }
    let (mut minimum, mut discovered) = (0i64, 0i64);
    for d in data.values() {
        minimum = minimum.saturating_add(d.min);
        discovered = discovered.saturating_add(d.cumulative);
    }
    let score = if discovered == 0 {
        1.0
    } else {
        minimum as f64 / discovered as f64
    };
    let mut list: Vec<Inefficiency> = inefficient
        .into_iter()
        .filter_map(|p| {
            let d = data.get(&p)?;
            Some(Inefficiency {
                path: p,
                count: d.nodes,
                size: d.cumulative as u64,
            })
        })
        .collect();
    go_sort(&mut list, |a, b| a.size < b.size);
    (score, list)
}

/// A dive file node's payload: its header size and whether the header says directory.
#[derive(Clone, Copy, Debug, Default)]
struct Info {
    size: i64,
    is_dir: bool,
}

/// A dive tree, flat: keys are components joined by NUL, so that key order is the order
/// of dive's depth-first walk (children by name, parents first).
#[derive(Clone, Debug, Default)]
struct Tree {
    nodes: BTreeMap<String, Info>,
}

enum Lookup<'a> {
    Missing,
    Root,
    Found(&'a str),
}

const SEP: char = '\0';

impl Tree {
    /// `processLayerTar`: every entry added in tar order with `AddPath`.
    fn of_layer(layer: &LayerIndex) -> Tree {
        let mut t = Tree::default();
        for e in layer.entries() {
            let info = Info {
                size: i64::try_from(e.size).unwrap_or(i64::MAX),
                is_dir: e.kind.is_dir(),
            };
            t.add_path(e.path.split('/').filter(|c| !c.is_empty()), info);
        }
        t
    }

    /// `FileTree.AddPath`: walks down, creating missing nodes with an empty payload (and
    /// giving up at a missing `.wh..wh..` name), and sets the payload of the last one.
    fn add_path<'a>(&mut self, components: impl Iterator<Item = &'a str>, info: Info) {
        let components: Vec<&str> = components.collect();
        let mut key = String::new();
        for (i, c) in components.iter().enumerate() {
            if !key.is_empty() {
                key.push(SEP);
            }
            key.push_str(c);
            let last = i + 1 == components.len();
            if !self.nodes.contains_key(&key) {
                if c.starts_with(".wh..wh..") {
                    return;
                }
                self.nodes.insert(key.clone(), Info::default());
            }
            if last {
                if let Some(n) = self.nodes.get_mut(&key) {
                    *n = info;
                }
            }
        }
    }

    /// Leaves (nodes without children) in walk order.
    fn leaves(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut it = self.nodes.keys().peekable();
        while let Some(k) = it.next() {
            let has_child = it.peek().is_some_and(|n| {
                n.len() > k.len() && n.starts_with(k.as_str()) && n[k.len()..].starts_with(SEP)
            });
            if !has_child {
                out.push(k.as_str());
            }
        }
        out
    }

    /// Every node, children before their parent (`VisitDepthChildFirst`).
    fn post_order(&self) -> Vec<&str> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut open: Vec<&str> = Vec::new();
        for k in self.nodes.keys() {
            while let Some(top) = open.last() {
                if is_below(k, top) {
                    break;
                }
                out.push(*top);
                open.pop();
            }
            open.push(k.as_str());
        }
        while let Some(top) = open.pop() {
            out.push(top);
        }
        out
    }

    /// `FileTree.GetNode` of a dive path (`/a/b`): empty components are skipped.
    fn get_by_path(&self, path: &str) -> Lookup<'_> {
        let key: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
        if key.is_empty() {
            return Lookup::Root;
        }
        let key = key.join("\0");
        match self.nodes.get_key_value(&key) {
            Some((k, _)) => Lookup::Found(k.as_str()),
            None => Lookup::Missing,
        }
    }

    /// The whiteout size of a node: its own size and every node's below it when its
    /// header says directory, else 0.
    fn dir_size(&self, key: &str) -> i64 {
        let Some(info) = self.nodes.get(key) else {
            return 0;
        };
        if !info.is_dir {
            return 0;
        }
        let lo = format!("{key}{SEP}");
        let hi = format!("{key}\u{1}");
        self.nodes
            .range(lo..hi)
            .fold(info.size, |a, (_, n)| a.saturating_add(n.size))
    }

    /// `FileTree.Stack`: the upper tree's nodes, children first; a whiteout removes its
    /// path, anything else is added (a payload replaced, children kept).
    fn stack(&mut self, upper: &Tree) {
        for key in upper.post_order() {
            let Some(info) = upper.nodes.get(key).copied() else {
                continue;
            };
            let path = dive_path(key);
            if is_whiteout(key) {
                if let Lookup::Found(k) = self.get_by_path(&path) {
                    let k = k.to_string();
                    let lo = format!("{k}{SEP}");
                    let hi = format!("{k}\u{1}");
                    let below: Vec<String> =
                        self.nodes.range(lo..hi).map(|(k, _)| k.clone()).collect();
                    for b in below {
                        self.nodes.remove(&b);
                    }
                    self.nodes.remove(&k);
                }
            } else {
                self.add_path(path.split('/').filter(|c| !c.is_empty()), info);
            }
        }
    }
}

fn is_below(key: &str, dir: &str) -> bool {
    key.len() > dir.len() && key.starts_with(dir) && key[dir.len()..].starts_with(SEP)
}

fn is_whiteout(key: &str) -> bool {
    key.rsplit(SEP).next().unwrap_or("").starts_with(".wh.")
}

/// `FileNode.Path`: `/` and the names joined by `/`, the last one without `.wh.`.
fn dive_path(key: &str) -> String {
    let mut names: Vec<&str> = key.split(SEP).collect();
    if let Some(last) = names.last_mut() {
        *last = last.strip_prefix(".wh.").unwrap_or(last);
    }
    format!("/{}", names.join("/")).replace("//", "/")
}

/// Go's `sort.Sort` (pattern-defeating quicksort, Go 1.19 and later), so that paths of
/// equal size come out in the order dive prints them.
pub fn go_sort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    if n <= 1 {
        return;
    }
    let limit = bits_len(n);
    let mut s = GoSorter { v, less: &less };
    s.pdqsort(0, n, limit);
}

fn bits_len(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

struct GoSorter<'a, T, F: Fn(&T, &T) -> bool> {
    v: &'a mut [T],
    less: &'a F,
}

impl<T, F: Fn(&T, &T) -> bool> GoSorter<'_, T, F> {
    fn less(&self, i: usize, j: usize) -> bool {
        match (self.v.get(i), self.v.get(j)) {
            (Some(a), Some(b)) => (self.less)(a, b),
            _ => false,
        }
    }

    fn swap(&mut self, i: usize, j: usize) {
        if i < self.v.len() && j < self.v.len() {
            self.v.swap(i, j);
        }
    }

    fn insertion_sort(&mut self, a: usize, b: usize) {
        for i in a + 1..b {
            let mut j = i;
            while j > a && self.less(j, j - 1) {
                self.swap(j, j - 1);
                j -= 1;
            }
        }
    }

    fn sift_down(&mut self, lo: usize, hi: usize, first: usize) {
        let mut root = lo;
        loop {
            let mut child = 2 * root + 1;
            if child >= hi {
                return;
            }
            if child + 1 < hi && self.less(first + child, first + child + 1) {
                child += 1;
            }
            if !self.less(first + root, first + child) {
                return;
            }
            self.swap(first + root, first + child);
            root = child;
        }
    }

    fn heap_sort(&mut self, a: usize, b: usize) {
        let first = a;
        let hi = b - a;
        let mut i = (hi as isize - 1) / 2;
        while i >= 0 {
            self.sift_down(i as usize, hi, first);
            i -= 1;
        }
        let mut i = hi as isize - 1;
        while i >= 0 {
            self.swap(first, first + i as usize);
            self.sift_down(0, i as usize, first);
            i -= 1;
        }
    }

    fn pdqsort(&mut self, mut a: usize, mut b: usize, mut limit: usize) {
        const MAX_INSERTION: usize = 12;
        let mut was_balanced = true;
        let mut was_partitioned = true;
        loop {
            let length = b - a;
            if length <= MAX_INSERTION {
                self.insertion_sort(a, b);
                return;
            }
            if limit == 0 {
                self.heap_sort(a, b);
                return;
            }
            if !was_balanced {
                self.break_patterns(a, b);
                limit -= 1;
            }
            let (mut pivot, mut hint) = self.choose_pivot(a, b);
            if hint == Hint::Decreasing {
                self.reverse_range(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = Hint::Increasing;
            }
            if was_balanced
                && was_partitioned
                && hint == Hint::Increasing
                && self.partial_insertion_sort(a, b)
            {
                return;
            }
            if a > 0 && !self.less(a - 1, pivot) {
                a = self.partition_equal(a, b, pivot);
                continue;
            }
            let (mid, already) = self.partition(a, b, pivot);
            was_partitioned = already;
            let (left, right) = (mid - a, b - mid);
            let threshold = length / 8;
            if left < right {
                was_balanced = left >= threshold;
                self.pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                was_balanced = right >= threshold;
                self.pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    fn partition(&mut self, a: usize, b: usize, pivot: usize) -> (usize, bool) {
        self.swap(a, pivot);
        let (mut i, mut j) = (a as isize + 1, b as isize - 1);
        while i <= j && self.less(i as usize, a) {
            i += 1;
        }
        while i <= j && !self.less(j as usize, a) {
            j -= 1;
        }
        if i > j {
            self.swap(j as usize, a);
            return (j as usize, true);
        }
        self.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
        loop {
            while i <= j && self.less(i as usize, a) {
                i += 1;
            }
            while i <= j && !self.less(j as usize, a) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(i as usize, j as usize);
            i += 1;
            j -= 1;
        }
        self.swap(j as usize, a);
        (j as usize, false)
    }

    fn partition_equal(&mut self, a: usize, b: usize, pivot: usize) -> usize {
        self.swap(a, pivot);
        let (mut i, mut j) = (a as isize + 1, b as isize - 1);
        loop {
            while i <= j && !self.less(a, i as usize) {
                i += 1;
            }
            while i <= j && self.less(a, j as usize) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(i as usize, j as usize);
            i += 1;
            j -= 1;
        }
        i as usize
    }

    fn partial_insertion_sort(&mut self, a: usize, b: usize) -> bool {
        const MAX_STEPS: usize = 5;
        const SHORTEST_SHIFTING: usize = 50;
        let mut i = a + 1;
        for _ in 0..MAX_STEPS {
            while i < b && !self.less(i, i - 1) {
                i += 1;
            }
            if i == b {
                return true;
            }
            if b - a < SHORTEST_SHIFTING {
                return false;
            }
            self.swap(i, i - 1);
            if i - a >= 2 {
                let mut j = i - 1;
                while j >= 1 {
                    if !self.less(j, j - 1) {
                        break;
                    }
                    self.swap(j, j - 1);
                    j -= 1;
                }
            }
            if b - i >= 2 {
                let mut j = i + 1;
                while j < b {
                    if !self.less(j, j - 1) {
                        break;
                    }
                    self.swap(j, j - 1);
                    j += 1;
                }
            }
        }
        false
    }

    fn break_patterns(&mut self, a: usize, b: usize) {
        let length = b - a;
        if length >= 8 {
            let mut random = length as u64;
            let modulus = 1usize << bits_len(length);
            let start = a + (length / 4) * 2 - 1;
            for idx in start..=a + (length / 4) * 2 + 1 {
                random ^= random << 13;
                random ^= random >> 7;
                random ^= random << 17;
                let mut other = (random as usize) & (modulus - 1);
                if other >= length {
                    other -= length;
                }
                self.swap(idx, a + other);
            }
        }
    }

    fn choose_pivot(&mut self, a: usize, b: usize) -> (usize, Hint) {
        const SHORTEST_NINTHER: usize = 50;
        const MAX_SWAPS: usize = 4 * 3;
        let l = b - a;
        let mut swaps = 0;
        let mut i = a + l / 4;
        let mut j = a + l / 4 * 2;
        let mut k = a + l / 4 * 3;
        if l >= 8 {
            if l >= SHORTEST_NINTHER {
                i = self.median_adjacent(i, &mut swaps);
                j = self.median_adjacent(j, &mut swaps);
                k = self.median_adjacent(k, &mut swaps);
            }
            j = self.median(i, j, k, &mut swaps);
        }
        match swaps {
            0 => (j, Hint::Increasing),
            MAX_SWAPS => (j, Hint::Decreasing),
            _ => (j, Hint::Unknown),
        }
    }

    fn order2(&self, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
        if self.less(b, a) {
            *swaps += 1;
            (b, a)
        } else {
            (a, b)
        }
    }

    fn median(&self, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
        let (a, b) = self.order2(a, b, swaps);
        let (b, c) = self.order2(b, c, swaps);
        let (_a, b) = self.order2(a, b, swaps);
        let _ = c;
        b
    }

    fn median_adjacent(&self, a: usize, swaps: &mut usize) -> usize {
        self.median(a - 1, a, a + 1, swaps)
    }

    fn reverse_range(&mut self, a: usize, b: usize) {
        let (mut i, mut j) = (a, b - 1);
        while i < j {
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_sort_matches_a_stable_sort_on_short_input_and_sorts_long_input() {
        let mut v: Vec<(u32, usize)> = [3, 1, 3, 0, 1, 3, 2, 0, 2, 1]
            .iter()
            .enumerate()
            .map(|(i, x)| (*x, i))
            .collect();
        let mut stable = v.clone();
        stable.sort_by_key(|x| x.0);
        go_sort(&mut v, |a, b| a.0 < b.0);
        assert_eq!(v, stable);
        let mut r = 12345u64;
        let mut long: Vec<u64> = (0..5000)
            .map(|_| {
                r ^= r << 13;
                r ^= r >> 7;
                r ^= r << 17;
                r % 97
            })
            .collect();
        go_sort(&mut long, |a, b| a < b);
        assert!(long.windows(2).all(|w| w[0] <= w[1]));
        let mut desc: Vec<u64> = (0..1000).rev().collect();
        go_sort(&mut desc, |a, b| a < b);
        assert!(desc.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn dive_paths_and_orders() {
        assert_eq!(dive_path("root\0.wh.example"), "/root/example");
        assert_eq!(dive_path("a\0.wh."), "/a/");
        let mut t = Tree::default();
        for p in ["a/b", "a.c", "a/b/c", "z"] {
            t.add_path(p.split('/'), Info::default());
        }
        assert_eq!(t.leaves(), ["a\0b\0c", "a.c", "z"]);
        assert_eq!(t.post_order(), ["a\0b\0c", "a\0b", "a", "a.c", "z"]);
    }
}
