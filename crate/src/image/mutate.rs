//! Making new images from old ones, as go-containerregistry's `empty` and `mutate` do:
//! [`ConfigFile::empty`] stands for `FROM scratch`, [`ConfigFile::derive`] starts from an
//! existing image, [`ConfigFile::append_layer`] and [`ConfigFile::append_history`] add a
//! step, [`ConfigFile::with_config`] replaces the container config. Import, commit, build
//! and the demo registry's images are all made this way and written by
//! [`ConfigFile::to_bytes`].

use super::config::{ConfigFile, ContainerConfig, HistoryEntry};
use super::Image;
use crate::digest::Digest;

impl ConfigFile {
    /// An image with no layers and no history (`FROM scratch`): linux/amd64.
    pub fn empty() -> ConfigFile {
        ConfigFile {
            architecture: "amd64".into(),
            variant: None,
            os: "linux".into(),
            author: None,
            comment: None,
            created: String::new(),
            config: ContainerConfig::default(),
            container: None,
            container_config: None,
            docker_version: None,
            history: Vec::new(),
            diff_ids: Vec::new(),
        }
    }

    /// A new image on top of `base`: its platform, container config, history and layers.
    /// What only described `base` (its author, comment, creation time, the container it
    /// was committed from) is not carried over.
    pub fn derive(base: &Image) -> ConfigFile {
        let view = base.config();
        let config = match &view.config {
            serde_json::Value::Object(m) => ContainerConfig::from_map(m),
            _ => ContainerConfig::default(),
        };
        let history = view
            .history
            .iter()
            .map(|h| HistoryEntry {
                created: h.created.clone(),
                author: h.author.clone(),
                created_by: h.created_by.clone().unwrap_or_default(),
                comment: h.comment.clone().unwrap_or_default(),
                empty_layer: h.empty_layer,
            })
            .collect();
        // moby's BaseImgArch and OS: the host's when the base names none.
        let or = |s: &str, default: &str| if s.is_empty() { default } else { s }.to_string();
        ConfigFile {
            architecture: or(&view.architecture, "amd64"),
            variant: view.variant.clone(),
            os: or(&view.os, "linux"),
            config,
            history,
            diff_ids: view.diff_ids.clone(),
            ..ConfigFile::empty()
        }
    }

    /// Adds a layer and the history entry of the step that made it.
    pub fn append_layer(&mut self, diff_id: Digest, mut history: HistoryEntry) {
        history.empty_layer = false;
        self.diff_ids.push(diff_id);
        self.history.push(history);
    }

    /// Adds the history entry of a step that made no layer (`empty_layer`).
    pub fn append_history(&mut self, mut history: HistoryEntry) {
        history.empty_layer = true;
        self.history.push(history);
    }

    /// The same image with another container config.
    pub fn with_config(mut self, config: ContainerConfig) -> ConfigFile {
        self.config = config;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::Producer;
    use super::*;

    fn entry(by: &str) -> HistoryEntry {
        HistoryEntry {
            created: Some("2026-01-01T00:00:00Z".into()),
            created_by: by.into(),
            ..HistoryEntry::default()
        }
    }

    #[test]
    fn scratch_plus_a_layer_round_trips() {
        let mut c = ConfigFile::empty();
        c.created = "2026-01-01T00:00:00Z".into();
        let d = Digest::of(b"layer");
        c.append_layer(d, entry("COPY a /"));
        c.append_history(entry("CMD [\"sh\"]"));
        let mut cmd = ContainerConfig::default();
        cmd.set("Cmd", serde_json::json!(["sh"]));
        cmd.set("NoSuchField", serde_json::json!(1));
        let c = c.with_config(cmd);
        let bytes = c.to_bytes(Producer::BuildKit);
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            format!(
                "{{\"architecture\":\"amd64\",\"config\":{{\"Cmd\":[\"sh\"]}},\"created\":\"2026-01-01T00:00:00Z\",\
                 \"history\":[{{\"created\":\"2026-01-01T00:00:00Z\",\"created_by\":\"COPY a /\"}},\
                 {{\"created\":\"2026-01-01T00:00:00Z\",\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true}}],\
                 \"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{d}\"]}}}}"
            )
        );
        let img = Image::from_config(bytes, "c").unwrap();
        assert_eq!(img.diff_ids(), &[d]);
        let again = ConfigFile::derive(&img);
        assert_eq!(again.history.len(), 2);
        assert_eq!(again.diff_ids, vec![d]);
        assert_eq!(again.config.get("Cmd"), Some(&serde_json::json!(["sh"])));
    }

    #[test]
    fn producers_differ_in_the_container_config() {
        let mut c = ContainerConfig::moby_empty();
        c.set("Env", serde_json::json!(["A=1"]));
        let moby: Vec<String> = c.to_map(Producer::Moby).keys().cloned().collect();
        assert_eq!(moby[..4], ["Hostname", "Domainname", "User", "AttachStdin"]);
        let bk: Vec<String> = c.to_map(Producer::BuildKit).keys().cloned().collect();
        assert_eq!(bk, ["Env"]);
    }
}
