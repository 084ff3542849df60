// The browser half of browser-bench.mjs: a module worker (as www/worker.js runs the core in
// the page) that puts the archive into the session in 8 MiB file_chunk calls (read from a
// File the page got through <input type=file>, or fetched from the bench server in 8 MiB
// ranges), or opens the File by reference (source `open`: the core reads ranges through
// www/files.js, as the page does from 512 MiB), runs `docker load -i` with a poll(8 MiB)
// loop (offload mode: the page's hashing, www/hashing.js: crypto.subtle in place in wasm
// memory, and hashing workers for the layers of an opened file), then
// `docker save -o`. After each step it
// collects garbage (gc(), with --js-flags=--expose-gc; as idle time between two commands
// would), posts {mark, wasmBytes} and waits for {resume}, while the driver reads the
// renderer's peak and live memory and resets the peak. Posts one result object at the end.
import init, { Layerlab } from '/www/pkg/layerlab.js';
import { openFile, readAhead } from '/www/files.js';
import { canHashFiles, endHashing, hashForCore, useModule } from '/www/hashing.js';

const CHUNK = 8 << 20;
const BUDGET = 8 << 20;
const NAME = 'bench.tar';
const now = () => performance.now();

async function runLine(lab, line, offload) {
  lab.offload_hashing(offload, offload && canHashFiles);
  const t0 = now();
  lab.start(line);
  const phase = { firstPoll: 0, polls: 0, hash: 0, calls: 0 };
  let first = true;
  let turn = now();
  for (;;) {
    // As www/worker.js does: the event loop gets a turn every 50 ms (the browser collects
    // the garbage of file reads then, not during one long task).
    if (now() - turn > 50) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      turn = now();
    }
    const p0 = now();
    const done = lab.poll(BUDGET);
    const p1 = now();
    if (first) phase.firstPoll += p1 - p0;
    else phase.polls += p1 - p0;
    first = false;
    phase.calls++;
    if (done) break;
    // As www/worker.js does between polls (www/hashing.js): the blob the core waits on is
    // hashed (in place in wasm memory by crypto.subtle, or a range of the opened file by the
    // hashing workers, which start on the layers the core names ahead), or a file read
    // front to back is read ahead.
    const h0 = now();
    if (offload) await hashForCore(lab, memory);
    else await readAhead();
    phase.hash += now() - h0;
  }
  endHashing();
  const seconds = (now() - t0) / 1000;
  const out = lab.output();
  for (const k of ['firstPoll', 'polls', 'hash']) phase[k] = +(phase[k] / 1000).toFixed(3);
  return { seconds, exitCode: out.exitCode, stdout: out.stdout.trim(), stderr: out.stderr.trim(), phase };
}

let resume = null;
let memory = null;
/** Collects garbage, then lets the driver look at the renderer's memory; resolves after. */
async function mark(name) {
  if (typeof self.gc === 'function') {
    self.gc();
    await new Promise((resolve) => setTimeout(resolve, 100)); // buffers are freed a task later
    self.gc();
  }
  postMessage({ mark: name, wasmBytes: memory?.buffer.byteLength ?? 0, gc: typeof self.gc === 'function' });
  return new Promise((resolve) => { resume = resolve; });
}

async function bench({ mode, size, file, open }) {
  const result = { mode, archiveBytes: size, source: open ? 'open' : file ? 'file' : 'fetch' };
  const wasm = await init();
  memory = wasm.memory;
  const lab = new Layerlab();
  lab.set_now(Date.parse('2024-06-01T00:00:00Z'));
  await mark('start');

  const t0 = now();
  if (open) {
    // By reference, as the page opens large files: the core reads what it needs.
    lab.file_open(NAME, openFile(file), size);
  } else {
  // Upload: 8 MiB pieces, the next one read while the current one is copied into wasm memory.
  const range = (off) =>
    file
      ? file.slice(off, Math.min(off + CHUNK, size)).arrayBuffer()
      : fetch('/archive', { headers: { Range: `bytes=${off}-${Math.min(off + CHUNK, size) - 1}` } }).then((r) => {
        if (r.status !== 206) throw new Error(`range request: HTTP ${r.status}`);
        return r.arrayBuffer();
      });
  lab.file_begin(NAME, size);
  let next = range(0);
  for (let off = 0; off < size; off += CHUNK) {
    const buf = await next;
    if (off + CHUNK < size) next = range(off + CHUNK);
    lab.file_chunk(NAME, new Uint8Array(buf));
  }
  lab.file_end(NAME);
  }
  result.upload = { seconds: (now() - t0) / 1000 };
  await mark('upload');

  try {
    result.load = await runLine(lab, `docker load -i ${NAME}`, mode === 'offload');
  } catch (err) {
    result.load = { error: String(err?.message ?? err) };
  }
  await mark('load');
  if (result.load.exitCode === 0) {
    try {
      result.save = await runLine(lab, 'docker save -o saved.tar bench:latest', false);
      result.savedBytes = lab.file_size('saved.tar');
    } catch (err) {
      result.save = { error: String(err?.message ?? err) };
    }
    await mark('save');
  }
  result.wasmMemoryBytes = wasm.memory.buffer.byteLength;
  return result;
}

self.onmessage = async ({ data }) => {
  if (data.resume) return resume();
  try {
    postMessage({ ok: true, result: await bench(data) });
  } catch (err) {
    postMessage({ ok: false, error: String(err?.stack ?? err) });
  }
};
