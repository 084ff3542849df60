//! What the daemon remembers about where its layers came from (moby's V2 metadata
//! service): for each diffID, the compressed blobs it was pulled as or pushed as, and the
//! repositories that hold them. `pull` uses it to see that a layer already exists;
//! `push` uses it to check a registry for a blob or to mount it from another repository.

use crate::digest::Digest;
use std::collections::BTreeMap;

/// A blob holding a layer, and the repository (`docker.io/library/nginx`) that has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerSource {
    pub blob: Digest,
    pub repository: String,
}

#[derive(Clone, Default, Debug)]
pub struct LayerSources {
    /// Oldest first, as moby keeps them.
    by_diff_id: BTreeMap<Digest, Vec<LayerSource>>,
    diff_ids: BTreeMap<Digest, Digest>,
}

impl LayerSources {
    /// Records that `repository` holds layer `diff_id` as `blob` (the newest entry).
    pub fn add(&mut self, diff_id: Digest, blob: Digest, repository: &str) {
        let source = LayerSource {
            blob,
            repository: repository.to_string(),
        };
        let list = self.by_diff_id.entry(diff_id).or_default();
        list.retain(|s| *s != source);
        list.push(source);
        self.diff_ids.insert(blob, diff_id);
    }

    /// Forgets one association (a registry said it no longer holds the blob).
    pub fn remove(&mut self, diff_id: &Digest, source: &LayerSource) {
        if let Some(list) = self.by_diff_id.get_mut(diff_id) {
            list.retain(|s| s != source);
        }
    }

    /// The diffID of a blob the daemon has pulled or pushed.
    pub fn diff_id(&self, blob: &Digest) -> Option<Digest> {
        self.diff_ids.get(blob).copied()
    }

    /// Where a layer is known to be, oldest first.
    pub fn sources(&self, diff_id: &Digest) -> &[LayerSource] {
        self.by_diff_id
            .get(diff_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Orders candidates as moby's `sortV2MetadataByLikenessAndAge`: newest first, then (stably)
/// those sharing more leading path components with `repository` first.
pub(crate) fn by_likeness(repository: &str, sources: &[LayerSource]) -> Vec<LayerSource> {
    let mut out: Vec<LayerSource> = sources.iter().rev().cloned().collect();
    let target: Vec<&str> = repository.split('/').collect();
    let matching = |s: &LayerSource| {
        s.repository
            .split('/')
            .zip(&target)
            .take_while(|(a, b)| a == *b)
            .count()
    };
    out.sort_by_key(|s| std::cmp::Reverse(matching(s)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_and_likest_first() {
        let mut s = LayerSources::default();
        let l = Digest::of(b"layer");
        let b = Digest::of(b"blob");
        s.add(l, b, "docker.io/library/nginx");
        s.add(l, b, "localhost:5000/web");
        s.add(l, b, "localhost:5000/a/b");
        s.add(l, b, "docker.io/library/nginx");
        assert_eq!(s.diff_id(&b), Some(l));
        let order: Vec<String> = by_likeness("localhost:5000/web", s.sources(&l))
            .into_iter()
            .map(|x| x.repository)
            .collect();
        assert_eq!(
            order,
            [
                "localhost:5000/web",
                "localhost:5000/a/b",
                "docker.io/library/nginx"
            ]
        );
        s.remove(&l, &s.sources(&l)[0].clone());
        assert_eq!(s.sources(&l).len(), 2);
    }
}
