// The one place that owns the wasm core. Runs as a module worker so that long commands never
// freeze the page. Requests are handled one at a time, in the order they arrive (except
// `cancel`, which acts on the running line at once).
//   request:  { id, op: 'run', line } | { id, op: 'fileBegin', name, size }
//             | { id, op: 'fileChunk', name, chunk: ArrayBuffer } | { id, op: 'fileEnd', name }
//             | { id, op: 'fileRemove', name } | { id, op: 'files' } | { op: 'cancel' }
//   reply:    { id, ok: true, value } | { id, ok: false, error }
//   progress: { id, progress: { label, done, total } | null }   (while a line runs)
const POLL_BUDGET = 8 * 1024 * 1024; // bytes of work per poll(): V8 is slow on long single calls
const YIELD_MS = 50; // give the event loop (cancel, other messages) a turn this often
const PROGRESS_MS = 100;

// Imported dynamically so that a missing or broken build comes back as an error reply.
let memory = null; // the wasm instance's memory, for hashing layer blobs in place
const lab = import('./pkg/layerlab.js').then(async ({ default: init, Layerlab }) => {
  const wasm = await init();
  memory = wasm.memory;
  const core = new Layerlab();
  // crypto.subtle hashes large blobs about 4x faster than sha2 inside wasm.
  core.offload_hashing(Boolean(globalThis.crypto && crypto.subtle));
  return core;
});
lab.catch(() => {}); // reported with the first request instead of as an unhandled rejection
let queue = Promise.resolve();
let cancelRequested = false;
let fixedNow = null; // ms since the epoch when the page was opened with ?now=RFC3339

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

// The core asks for the sha256 of a layer blob that lies in its memory; digest() copies the
// bytes when called, and the core is not called again until the answer is back.
async function hashForCore(core, [ptr, len]) {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(memory.buffer, ptr, len));
  core.provide_hash(hex(digest));
}

async function runLine(core, id, line) {
  cancelRequested = false;
  core.set_now(fixedNow ?? Date.now());
  core.start(line);
  let lastProgress = 0;
  for (;;) {
    const sliceEnd = performance.now() + YIELD_MS;
    let done = false;
    while (!done && performance.now() < sliceEnd) {
      done = core.poll(POLL_BUDGET);
      const range = done ? undefined : core.hash_request_range();
      if (range) await hashForCore(core, range);
    }
    if (done) break;
    const now = performance.now();
    if (now - lastProgress >= PROGRESS_MS) {
      lastProgress = now;
      postMessage({ id, progress: JSON.parse(core.progress_json()) });
    }
    await nextTurn();
    if (cancelRequested) {
      core.cancel();
      return { stdout: '', stderr: 'cancelled\n', exitCode: 130 };
    }
  }
  return JSON.parse(core.output_json());
}

const ops = {
  run: (core, { id, line }) => runLine(core, id, line),
  fileBegin: (core, { name, size }) => core.file_begin(name, size),
  fileChunk: (core, { name, chunk }) => core.file_chunk(name, new Uint8Array(chunk)),
  fileEnd: (core, { name }) => core.file_end(name),
  fileRemove: (core, { name }) => core.file_remove(name),
  files: (core) => JSON.parse(core.files_json()),
  setClock: (core, { now }) => {
    const ms = Date.parse(now);
    if (Number.isNaN(ms)) throw new Error(`now=${now}: not an RFC 3339 time`);
    fixedNow = ms;
  },
};

function errorText(err) {
  if (err instanceof Error) return err.message;
  return String(err);
}

self.onmessage = ({ data }) => {
  if (data.op === 'cancel') {
    cancelRequested = true;
    return;
  }
  const op = ops[data.op];
  queue = queue.then(async () => {
    try {
      if (!op) throw new Error(`unknown request ${data.op}`);
      const value = await op(await lab, data);
      postMessage({ id: data.id, ok: true, value });
    } catch (err) {
      postMessage({ id: data.id, ok: false, error: errorText(err) });
    }
  });
};
