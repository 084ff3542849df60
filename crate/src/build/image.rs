//! What is BuildKit's own in the image config a build writes: history entries with the
//! `buildkit.dockerfile.v0` comment and creation times taken from the layers (so that a
//! fully cached rebuild gives the same image ID). The config is written by
//! [`crate::image::ConfigFile`] as [`crate::image::Producer::BuildKit`].

use crate::image::HistoryEntry;
use crate::time::Timestamp;

pub const HISTORY_COMMENT: &str = "buildkit.dockerfile.v0";

/// Fills the creation times BuildKit leaves to the exporter: each new entry without a time
/// takes the time of the layer step before it, or (before any) of the first new layer, or
/// failing that of the last entry that has one. Returns the image's creation time.
pub fn fill_times(history: &mut [HistoryEntry], first_new: usize, fallback: Timestamp) -> String {
    let first_layer_time = history[first_new..].iter().find_map(|h| h.created.clone());
    let mut last = first_layer_time
        .or_else(|| {
            history[..first_new]
                .iter()
                .rev()
                .find_map(|h| h.created.clone())
        })
        .unwrap_or_else(|| fallback.to_rfc3339_nano());
    for h in history[first_new..].iter_mut() {
        match &h.created {
            Some(t) => last = t.clone(),
            None => h.created = Some(last.clone()),
        }
    }
    history
        .last()
        .and_then(|h| h.created.clone())
        .unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(created: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            created: created.map(str::to_string),
            author: None,
            created_by: String::new(),
            comment: String::new(),
            empty_layer: created.is_none(),
        }
    }

    #[test]
    fn times_come_from_the_layers() {
        // base, ENV (none), RUN (t2), LABEL (none), COPY (t3), CMD (none)
        let mut hist = vec![
            h(Some("t0")),
            h(None),
            h(Some("t2")),
            h(None),
            h(Some("t3")),
            h(None),
        ];
        let created = fill_times(&mut hist, 1, Timestamp::default());
        let times: Vec<_> = hist.iter().map(|h| h.created.clone().unwrap()).collect();
        assert_eq!(times, ["t0", "t2", "t2", "t2", "t3", "t3"]);
        assert_eq!(created, "t3");
        // Only metadata: the base's last time.
        let mut hist = vec![h(Some("t0")), h(None)];
        assert_eq!(fill_times(&mut hist, 1, Timestamp::default()), "t0");
    }
}
