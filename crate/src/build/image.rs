//! The image config a build writes, as BuildKit's Dockerfile frontend and moby's exporter
//! write it: the config object with the fields of Docker's image spec in their order,
//! history entries with the `buildkit.dockerfile.v0` comment, creation times taken from
//! the layers (so that a fully cached rebuild gives the same image ID), and the top-level
//! keys in sorted order (the exporter re-encodes them through a map).

use crate::time::Timestamp;
use serde_json::{Map, Value};

pub const HISTORY_COMMENT: &str = "buildkit.dockerfile.v0";

/// The config object's fields, in the order of Docker's image spec (OCI's, then Docker's
/// additions). Fields BuildKit does not know are dropped, empty ones left out.
const CONFIG_ORDER: &[&str] = &[
    "User",
    "ExposedPorts",
    "Env",
    "Entrypoint",
    "Cmd",
    "Volumes",
    "WorkingDir",
    "Labels",
    "StopSignal",
    "ArgsEscaped",
    "Healthcheck",
    "OnBuild",
    "Shell",
];

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(b) => !b,
        _ => false,
    }
}

pub fn ordered_config(c: &Map<String, Value>) -> Value {
    let mut m = Map::new();
    for k in CONFIG_ORDER {
        if let Some(v) = c.get(*k).filter(|v| !is_empty(v)) {
            m.insert((*k).to_string(), v.clone());
        }
    }
    Value::Object(m)
}

/// One history entry, in the image spec's field order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub created: Option<String>,
    pub author: Option<String>,
    pub created_by: String,
    pub comment: String,
    pub empty_layer: bool,
}

impl HistoryEntry {
    pub fn from_json(v: &Value) -> HistoryEntry {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        HistoryEntry {
            created: s("created"),
            author: s("author"),
            created_by: s("created_by").unwrap_or_default(),
            comment: s("comment").unwrap_or_default(),
            empty_layer: v
                .get("empty_layer")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(c) = &self.created {
            m.insert("created".into(), c.clone().into());
        }
        if let Some(a) = self.author.as_ref().filter(|a| !a.is_empty()) {
            m.insert("author".into(), a.clone().into());
        }
        if !self.created_by.is_empty() {
            m.insert("created_by".into(), self.created_by.clone().into());
        }
        if !self.comment.is_empty() {
            m.insert("comment".into(), self.comment.clone().into());
        }
        if self.empty_layer {
            m.insert("empty_layer".into(), true.into());
        }
        Value::Object(m)
    }
}

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

pub struct ImageParts<'a> {
    pub architecture: &'a str,
    pub os: &'a str,
    pub variant: Option<&'a str>,
    pub author: Option<&'a str>,
    pub config: &'a Map<String, Value>,
    pub created: &'a str,
    pub history: &'a [HistoryEntry],
    pub diff_ids: &'a [String],
}

/// The config bytes (compact JSON, HTML-escaped as Go's encoder does).
pub fn config_bytes(p: &ImageParts) -> Vec<u8> {
    let mut m = std::collections::BTreeMap::new();
    m.insert("architecture", Value::from(p.architecture));
    if let Some(a) = p.author.filter(|a| !a.is_empty()) {
        m.insert("author", a.into());
    }
    m.insert("config", ordered_config(p.config));
    m.insert("created", p.created.into());
    m.insert(
        "history",
        Value::Array(p.history.iter().map(HistoryEntry::to_json).collect()),
    );
    m.insert("os", p.os.into());
    let mut rootfs = Map::new();
    rootfs.insert("type".into(), "layers".into());
    rootfs.insert(
        "diff_ids".into(),
        Value::Array(p.diff_ids.iter().map(|d| Value::from(d.as_str())).collect()),
    );
    m.insert("rootfs", Value::Object(rootfs));
    if let Some(v) = p.variant {
        m.insert("variant", v.into());
    }
    let obj: Map<String, Value> = m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    crate::go::json::to_string(&Value::Object(obj), true).into_bytes()
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
