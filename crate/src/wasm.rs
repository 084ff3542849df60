//! WebAssembly bindings: one exported handle over a [`Session`]. Every method only carries
//! a call across; results are JSON strings the page parses.

use crate::digest::Digest;
use crate::host::MemHost;
use crate::time::Timestamp;
use crate::Session;
use bytes::Bytes;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Layerlab {
    pub(crate) session: Session,
    uploads: HashMap<String, Vec<u8>>,
}

fn js_err(msg: impl std::fmt::Display) -> JsError {
    JsError::new(&msg.to_string())
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

#[wasm_bindgen]
impl Layerlab {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Layerlab {
        Layerlab {
            session: Session::new(Box::new(MemHost::new())),
            uploads: HashMap::new(),
        }
    }

    /// Sets the session clock in milliseconds since the epoch.
    pub fn set_now(&mut self, ms: f64) {
        self.session.set_now(Timestamp::from_millis(ms));
    }

    /// Lets the page hash uncompressed blobs with `crypto.subtle` (see `hash_request`).
    pub fn offload_hashing(&mut self, on: bool) {
        self.session.offload_hashing(on);
    }

    pub fn file_begin(&mut self, name: &str, size: f64) -> Result<(), JsError> {
        crate::host::clean(name).map_err(|e| js_err(format!("{name}: {}", e.reason())))?;
        let mut buf = Vec::new();
        // One buffer per file: wasm32 caps it at 2 GiB, and memory may run out before.
        let too_big = size > crate::archive::MAX_ARCHIVE as f64
            || buf.try_reserve_exact(size.max(0.0) as usize).is_err();
        if too_big {
            return Err(js_err(format!(
                "{name}: too large to hold in this browser tab ({size} bytes; the limit is 2 GiB)"
            )));
        }
        self.uploads.insert(name.to_string(), buf);
        Ok(())
    }

    pub fn file_chunk(&mut self, name: &str, chunk: &[u8]) -> Result<(), JsError> {
        let buf = self
            .uploads
            .get_mut(name)
            .ok_or_else(|| js_err(format!("{name}: no upload in progress")))?;
        let too_big = buf.len() + chunk.len() > crate::archive::MAX_ARCHIVE as usize
            || buf.try_reserve(chunk.len()).is_err();
        if too_big {
            self.uploads.remove(name);
            return Err(js_err(format!(
                "{name}: too large to hold in this browser tab (the limit is 2 GiB)"
            )));
        }
        buf.extend_from_slice(chunk);
        Ok(())
    }

    pub fn file_end(&mut self, name: &str) -> Result<(), JsError> {
        let buf = self
            .uploads
            .remove(name)
            .ok_or_else(|| js_err(format!("{name}: no upload in progress")))?;
        self.session
            .host_mut()
            .write(name, Bytes::from(buf))
            .map_err(|e| js_err(format!("{name}: {}", e.reason())))
    }

    pub fn file_size(&self, name: &str) -> Option<f64> {
        self.session.host().size(name).ok().map(|n| n as f64)
    }

    /// A range of a host file, read from its pieces without joining them.
    pub fn file_read(&self, name: &str, offset: f64, len: f64) -> Result<Vec<u8>, JsError> {
        self.session
            .host()
            .read_range(name, offset.max(0.0) as u64, len.max(0.0) as u64)
            .map_err(|e| js_err(format!("{name}: {}", e.reason())))
    }

    pub fn file_remove(&mut self, name: &str) -> bool {
        self.session.host_mut().remove(name).is_ok()
    }

    pub fn files_json(&self) -> String {
        let items: Vec<String> = self
            .session
            .host()
            .list()
            .iter()
            .map(|(n, s)| format!("{{\"name\":{},\"size\":{s}}}", json_str(n)))
            .collect();
        format!("[{}]", items.join(","))
    }

    pub fn start(&mut self, line: &str) {
        self.session.start(line);
    }

    pub fn poll(&mut self, budget: f64) -> bool {
        self.session.poll(budget.max(1.0) as usize)
    }

    pub fn progress_json(&self) -> String {
        match self.session.progress() {
            Some(p) => format!(
                "{{\"label\":{},\"done\":{},\"total\":{}}}",
                json_str(p.label),
                p.done,
                p.total
            ),
            None => "null".to_string(),
        }
    }

    /// The blob the running command wants hashed, as a copy (the page passes it to
    /// `crypto.subtle.digest`), or undefined.
    pub fn hash_request(&self) -> Option<Vec<u8>> {
        self.session.hash_request().map(|b| b.to_vec())
    }

    /// Where the blob the running command wants hashed lies in wasm memory, as
    /// `[pointer, length]`, or undefined. The page hashes a view of `memory.buffer` there
    /// (no copy inside wasm); the view stays valid until the next call on this handle.
    pub fn hash_request_range(&self) -> Option<Vec<u32>> {
        self.session
            .hash_request()
            .map(|b| vec![b.as_ptr() as u32, b.len() as u32])
    }

    /// The hex sha256 of the blob from `hash_request`.
    pub fn provide_hash(&mut self, hex: &str) -> Result<(), JsError> {
        let d = Digest::parse_hex(hex).ok_or_else(|| js_err("invalid sha256 hex"))?;
        self.session.provide_hash(d);
        Ok(())
    }

    pub fn cancel(&mut self) {
        self.session.cancel();
    }

    pub fn output_json(&mut self) -> String {
        let o = self.session.take_output();
        format!(
            "{{\"stdout\":{},\"stderr\":{},\"exitCode\":{},\"awaitingAnswer\":{}}}",
            json_str(&o.stdout_text()),
            json_str(&o.stderr_text()),
            o.code,
            self.session.awaiting_answer()
        )
    }

    /// Tab completion for `line` (the text before the cursor): `{start, candidates}`, where
    /// `start` counts UTF-16 units, as JavaScript strings do.
    pub fn complete_json(&mut self, line: &str) -> String {
        let c = self.session.complete(line);
        let start = line.get(..c.start).unwrap_or(line).encode_utf16().count();
        let items: Vec<String> = c.candidates.iter().map(|s| json_str(s)).collect();
        format!("{{\"start\":{start},\"candidates\":[{}]}}", items.join(","))
    }

    pub fn run(&mut self, line: &str) -> String {
        self.session.start(line);
        while !self.session.poll(8 << 20) {}
        self.output_json()
    }
}

impl Default for Layerlab {
    fn default() -> Self {
        Layerlab::new()
    }
}
