//! WebAssembly bindings: one exported handle over a [`Session`]. Every method only carries
//! a call across: it converts its arguments, makes one call into the core, and converts
//! the result. Values go to JavaScript through serde-wasm-bindgen ([`to_js`]) as plain
//! objects and arrays, bytes as `Uint8Array`s, and errors as `JsError`s with the core's
//! one-line text ([`js_err`]).

use crate::budget::Budget;
use crate::content::{BlobError, Source};
use crate::digest::Digest;
use crate::host::MemHost;
use crate::page::{self, LineOutput, TabCompletion, Uploads};
use crate::time::Timestamp;
use crate::Session;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
    /// The worker's reader of the files the user opened (`www/worker.js`): `len` bytes
    /// at `offset` of the file with this handle, read synchronously (`FileReaderSync`).
    #[wasm_bindgen(js_name = layerlabReadFile, catch)]
    fn read_page_file(handle: u32, offset: f64, len: u32) -> Result<Vec<u8>, JsValue>;
    /// The worker's HTTP transport (`www/net.js`): one request, answered synchronously.
    #[wasm_bindgen(js_name = layerlabHttp, catch)]
    fn page_http(
        method: &str,
        url: &str,
        headers: JsValue,
        body: &[u8],
        limit: f64,
    ) -> Result<JsValue, JsValue>;
}

/// What `layerlabHttp` answers.
#[derive(serde::Deserialize)]
struct PageAnswer {
    #[serde(default)]
    blocked: bool,
    #[serde(default, rename = "tooLarge")]
    too_large: bool,
    #[serde(default)]
    status: u16,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default)]
    url: String,
}

/// The page's transport to real registries: the worker's synchronous XMLHttpRequest.
struct PageTransport;

impl crate::registry::distribution::Transport for PageTransport {
    fn send(
        &mut self,
        request: &crate::registry::distribution::Request,
    ) -> Result<
        crate::registry::distribution::Response,
        crate::registry::distribution::TransportError,
    > {
        use crate::registry::distribution::{Response, TransportError};
        let headers = to_js(&request.headers).map_err(|_| TransportError::Blocked)?;
        let answer = page_http(
            request.method.as_str(),
            &request.url,
            headers,
            &request.body,
            request.limit as f64,
        )
        .map_err(|e| {
            TransportError::Other(
                e.as_string()
                    .or_else(|| js_sys::Error::from(e).message().as_string())
                    .unwrap_or_else(|| "the request failed".into()),
            )
        })?;
        // The body is a `Uint8Array`, copied out as it is.
        let body = js_sys::Reflect::get(&answer, &JsValue::from_str("body"))
            .ok()
            .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
            .map(|b| js_sys::Uint8Array::from(b).to_vec())
            .unwrap_or_default();
        let a: PageAnswer = serde_wasm_bindgen::from_value(answer)
            .map_err(|e| TransportError::Other(e.to_string()))?;
        if a.blocked {
            return Err(TransportError::Blocked);
        }
        if a.too_large {
            return Err(TransportError::TooLarge {
                limit: request.limit,
            });
        }
        Ok(Response {
            status: a.status,
            reason: a.reason,
            headers: a.headers,
            body: bytes::Bytes::from(body),
            url: a.url,
        })
    }
}

/// A file the user opened in the page, read by range through the worker: its bytes stay
/// in the user's file.
struct PageFile {
    handle: u32,
    len: u64,
    name: String,
}

impl Source for PageFile {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, len: usize) -> Result<bytes::Bytes, BlobError> {
        let len = (len as u64).min(self.len.saturating_sub(offset)) as u32;
        read_page_file(self.handle, offset as f64, len)
            .map(bytes::Bytes::from)
            .map_err(|e| BlobError::Read {
                source: self.name.clone(),
                reason: e
                    .as_string()
                    .or_else(|| js_sys::Error::from(e).message().as_string())
                    .unwrap_or_else(|| "the file could not be read".into()),
            })
    }
    fn name(&self) -> String {
        self.name.clone()
    }
    fn handle(&self) -> Option<u32> {
        Some(self.handle)
    }
}

/// Sends a panic's message and location to the browser console before the instance traps
/// (otherwise the console shows only `unreachable`). The worker then restarts the core.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error(&format!("layerlab: the core panicked: {info}"));
        }));
    });
}

#[wasm_bindgen]
pub struct Layerlab {
    pub(crate) session: Session,
    uploads: Uploads,
    /// What the worker is assembling as a download (see `download_*`).
    pub(crate) download: crate::page::Download,
}

/// The one place an error becomes a JavaScript `Error`: its message is the error's text.
pub(crate) fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A value as JavaScript sees it: structs and maps become plain objects (never `Map`s),
/// `None` becomes `null`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_err)
}

#[wasm_bindgen]
impl Layerlab {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Layerlab {
        install_panic_hook();
        let mut session = Session::new(Box::new(MemHost::new()));
        session.set_memory_budget(Budget::page(crate::budget::PAGE_DEFAULT));
        session.set_interactive(true);
        Layerlab {
            session,
            uploads: Uploads::default(),
            download: Default::default(),
        }
    }

    /// Sets the memory budget: how much data a command may build (an inflated layer, a
    /// file to view...), as a size `--memory-limit` takes. The page keeps the default
    /// ([`crate::budget::PAGE_DEFAULT`]); the wasm tests lower it.
    pub fn set_memory_limit(&mut self, size: &str) -> Result<(), JsError> {
        let bytes = crate::budget::parse_size(size)
            .ok_or_else(|| js_err(format!("invalid memory limit {size:?}")))?;
        self.session.set_memory_limit(bytes);
        Ok(())
    }

    /// Test builds only (feature `test-trap`): panics, so the instance traps, as a bug in
    /// the core would; the page's tests check that the worker recovers.
    #[cfg(feature = "test-trap")]
    pub fn force_trap(&mut self) {
        panic!("forced trap (test-trap build)");
    }

    /// Sets the session clock in milliseconds since the epoch.
    /// Makes the session reach real registries from the page (`?network=1`): `mirrors`
    /// and `insecure` are lists of `--registry-mirror` URLs and `--insecure-registry`
    /// hosts, one per line.
    pub fn set_network(&mut self, mirrors: &str, insecure: &str) {
        let list = |s: &str| -> Vec<String> {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        };
        self.session
            .set_network(crate::registry::network::Network::new(
                Box::new(PageTransport),
                crate::registry::network::NetworkConfig {
                    mirrors: list(mirrors),
                    insecure: list(insecure),
                },
            ));
    }

    /// Goes back to the simulated registries (the page's network switched off).
    pub fn clear_network(&mut self) {
        self.session.clear_network();
    }

    pub fn set_now(&mut self, ms: f64) {
        self.session.set_now(Timestamp::from_millis(ms));
    }

    /// Lets the page hash blobs in wasm memory with `crypto.subtle` (`hash_request_range`)
    /// and, with `files`, ranges of the files it holds, on its own workers, while the core
    /// reads them (`hash_hints`, `hash_request_file`).
    pub fn offload_hashing(&mut self, memory: bool, files: bool) {
        self.session
            .offload_hashing(crate::job::HostHashing { memory, files });
    }

    /// Begins adding the host file `name` of `size` bytes in chunks.
    pub fn file_begin(&mut self, name: &str, size: f64) -> Result<(), JsError> {
        self.uploads.begin(name, size as u64).map_err(js_err)
    }

    pub fn file_chunk(&mut self, name: &str, chunk: &[u8]) -> Result<(), JsError> {
        self.uploads.chunk(name, chunk).map_err(js_err)
    }

    pub fn file_end(&mut self, name: &str) -> Result<(), JsError> {
        self.uploads
            .end(name, self.session.host_mut())
            .map_err(js_err)
    }

    /// Adds the host file `name`: the `File` of `size` bytes the worker holds under
    /// `handle`, read by range when a command needs its bytes (never copied whole).
    pub fn file_open(&mut self, name: &str, handle: u32, size: f64) -> Result<(), JsError> {
        let source = PageFile {
            handle,
            len: size as u64,
            name: name.to_string(),
        };
        page::open_file(self.session.host_mut(), name, std::sync::Arc::new(source)).map_err(js_err)
    }

    pub fn file_size(&self, name: &str) -> Option<f64> {
        self.session.host().size(name).ok().map(|n| n as f64)
    }

    /// A range of a host file, read from its pieces without joining them.
    pub fn file_read(&self, name: &str, offset: f64, len: f64) -> Result<Vec<u8>, JsError> {
        page::read_range(self.session.host(), name, offset as u64, len as u64).map_err(js_err)
    }

    /// Starts a download of the host file `name`: its pieces (see `download_read`).
    pub fn download_file(&mut self, name: &str) -> Result<JsValue, JsError> {
        let d = page::Download::file(self.session.host(), name).map_err(js_err)?;
        self.begin_download(d)
    }

    pub(crate) fn begin_download(&mut self, d: page::Download) -> Result<JsValue, JsError> {
        let pieces = to_js(&d.pieces())?;
        self.download = d;
        Ok(pieces)
    }

    /// `len` bytes from `offset` of the download begun last (a `core` piece, in chunks).
    pub fn download_read(&self, offset: f64, len: f64) -> Result<Vec<u8>, JsError> {
        self.download
            .read(offset as u64, len as u64)
            .map(|b| b.to_vec())
            .map_err(js_err)
    }

    /// Lets go of the download begun last.
    pub fn download_end(&mut self) {
        self.download = Default::default();
    }

    pub fn file_remove(&mut self, name: &str) -> bool {
        self.session.host_mut().remove(name).is_ok()
    }

    /// The host files, sorted by name: `[{name, size}]`.
    pub fn files(&self) -> Result<JsValue, JsError> {
        to_js(&page::host_files(self.session.host()))
    }

    pub fn start(&mut self, line: &str) {
        self.session.start(line);
    }

    /// Does about `budget` bytes of work; true when the line has finished.
    pub fn poll(&mut self, budget: f64) -> bool {
        self.session.poll(budget.max(1.0) as usize)
    }

    /// How far the running command has come, `{label, done, total}`, or null.
    pub fn progress(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.progress())
    }

    /// Where the blob the running command wants hashed lies in wasm memory, as
    /// `[pointer, length]`, or undefined. The page hashes a view of `memory.buffer` there
    /// (no copy inside wasm); the view stays valid until the next call on this handle.
    pub fn hash_request_range(&self) -> Option<Vec<u32>> {
        let blob = self.session.hash_request()?;
        let b = blob.as_memory()?;
        Some(vec![b.as_ptr() as u32, b.len() as u32])
    }

    /// Where the blob the running command wants hashed lies in a file the worker holds,
    /// as `[handle, offset, length]`, or undefined: the page reads that slice of the file
    /// and hashes it.
    pub fn hash_request_file(&self) -> Option<Vec<f64>> {
        let (handle, start, len) = self.session.hash_request()?.host_range()?;
        Some(vec![handle as f64, start as f64, len as f64])
    }

    /// The ranges of files the worker holds that the running command will want hashed,
    /// the next one first, as `[handle, offset, length, handle, offset, length, ...]`:
    /// the page may hash them ahead, on other workers.
    pub fn hash_hints(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for blob in self.session.hash_hints() {
            if let Some((handle, start, len)) = blob.host_range() {
                out.extend([handle as f64, start as f64, len as f64]);
            }
        }
        out
    }

    /// The hex sha256 of the blob from `hash_request`.
    pub fn provide_hash(&mut self, hex: &str) -> Result<(), JsError> {
        let d = Digest::parse_hex(hex).ok_or_else(|| js_err("invalid sha256 hex"))?;
        self.session.provide_hash(d);
        Ok(())
    }

    /// The language of layerlab's own texts (`help`): `en` or `zh`.
    pub fn set_lang(&mut self, tag: &str) {
        self.session.set_lang(crate::cli::Lang::parse(tag));
    }

    /// The Docker the session answers as: `28` or `29` (see `crate::engine`); set before the
    /// first line. Anything else is refused.
    pub fn set_engine(&mut self, version: &str) -> Result<(), JsError> {
        let engine = crate::engine::Engine::parse(version).ok_or_else(|| {
            JsError::new(&format!("unknown Docker version {version:?}: 28 or 29"))
        })?;
        self.session.set_engine(engine);
        Ok(())
    }

    /// The terminal's width in columns (what Docker 29 aligns `docker images`' legend to).
    pub fn set_columns(&mut self, columns: u16) {
        self.session.set_columns(columns.max(1));
    }

    pub fn cancel(&mut self) {
        self.session.cancel();
    }

    /// Ctrl-C: true when the line goes on (a container's shell asks again, a container
    /// held in the foreground took the signal): poll it; false when it was abandoned.
    pub fn interrupt(&mut self) -> bool {
        self.session.interrupt()
    }

    /// Docker's detach keys (Ctrl-P Ctrl-Q) at a container's shell: poll afterwards.
    pub fn detach(&mut self) {
        self.session.detach();
    }

    /// Ctrl-D at a container's shell (or a question): poll afterwards.
    pub fn eof(&mut self) {
        self.session.eof();
    }

    /// The session-clock time (ms since the epoch) the running line waits for, if it
    /// waits for one (a page whose clock is fixed by `?now=` jumps to it).
    pub fn wait_until(&self) -> Option<f64> {
        match self.session.waiting() {
            crate::cli::Wait::Until(t) => Some((t.0 / 1_000_000) as f64),
            _ => None,
        }
    }

    /// What the running line waits for: `"busy"`, `"clock"` (a time on the session
    /// clock: keep the clock moving) or `"signal"` (held until Ctrl-C).
    pub fn waiting(&self) -> String {
        match self.session.waiting() {
            crate::cli::Wait::Busy => "busy",
            crate::cli::Wait::Until(_) => "clock",
            crate::cli::Wait::Signal => "signal",
        }
        .into()
    }

    /// The finished line's `{stdout, stderr, exitCode, awaitingAnswer}` (taken: a second
    /// call gives empty output).
    pub fn output(&mut self) -> Result<JsValue, JsError> {
        to_js(&LineOutput::take(&mut self.session))
    }

    /// Tab completion for `line` (the text before the cursor): `{start, candidates}`, where
    /// `start` counts UTF-16 units, as JavaScript strings do.
    pub fn complete(&mut self, line: &str) -> Result<JsValue, JsError> {
        to_js(&TabCompletion::of(&mut self.session, line))
    }

    /// Runs `line` to its end in one call and returns what `output` gives.
    pub fn run(&mut self, line: &str) -> Result<JsValue, JsError> {
        to_js(&LineOutput::run(&mut self.session, line))
    }
}

impl Default for Layerlab {
    fn default() -> Self {
        Layerlab::new()
    }
}

/// A sha256 computed in pieces, for the page's hashing workers (`www/hasher.js`): they
/// hash ranges of the user's file too large for `crypto.subtle`, which cannot hash in
/// pieces, beside the worker that runs the core.
#[wasm_bindgen]
pub struct Sha256Stream(Option<crate::digest::Hasher>);

#[wasm_bindgen]
impl Sha256Stream {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Sha256Stream {
        Sha256Stream(Some(crate::digest::Hasher::new()))
    }

    pub fn update(&mut self, data: &[u8]) {
        if let Some(h) = self.0.as_mut() {
            h.update(data);
        }
    }

    /// The hex digest of what was given; the stream starts again empty.
    pub fn finish(&mut self) -> String {
        let h = self
            .0
            .replace(crate::digest::Hasher::new())
            .unwrap_or_default();
        h.finish().hex()
    }
}

impl Default for Sha256Stream {
    fn default() -> Self {
        Sha256Stream::new()
    }
}
