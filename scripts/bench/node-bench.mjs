#!/usr/bin/env node
// node-bench.mjs ARCHIVE MODE [EXPECTED_SAVED_SHA256]
//   MODE: core     the core hashes every layer (sha2 inside wasm)
//         offload  offload_hashing(true, false): node's crypto.createHash hashes each blob the
//                  core asks for, in place in wasm memory (hash_request_range, as the page
//                  does; HASH_COPY=1 or an older core: a copy from hash_request), then
//                  provide_hash
//
// Runs the wasm build (www/pkg or $LAYERLAB_PKG, --target web, instantiated with initSync) in this Node
// process: puts ARCHIVE into the session in 8 MiB file_chunk calls, runs `docker load -i`
// with a poll(8 MiB) loop, then `docker save -o`, then reads the saved file back out in
// 8 MiB file_read calls and hashes it (so it can be compared with the native binary's
// output, which must be byte-identical).
// Memory, per step: peakBytes is this process's peak RSS (VmHWM, which includes the wasm
// memory) during the step; then, with --expose-gc, garbage is collected (as idle time between
// two commands would), liveBytes is the RSS left, and the peak is reset (/proc/self/clear_refs)
// so that the next step's peak is its own. wasmBytes: the wasm memory's size after the step.
// Run as `node --expose-gc node-bench.mjs ...`. Prints one JSON line.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [archive, mode = 'core', expectedSha] = process.argv.slice(2);
if (!archive || !['core', 'offload'].includes(mode)) {
  console.error('usage: node-bench.mjs ARCHIVE core|offload [EXPECTED_SAVED_SHA256]');
  process.exit(2);
}
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// LAYERLAB_PKG: another wasm-pack output directory (run.sh's REV builds one apart).
const pkg = process.env.LAYERLAB_PKG ?? path.join(repo, 'www/pkg');
const { initSync, Layerlab } = await import(path.join(pkg, 'layerlab.js'));

const CHUNK = 8 << 20;
const BUDGET = 8 << 20;
const NAME = 'bench.tar';
const now = () => performance.now();
const status = (key) => {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
};
const hwm = () => status('VmHWM');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const result = { mode, archiveBytes: statSync(archive).size, gcForced: typeof globalThis.gc === 'function' };

const wasm = initSync({ module: readFileSync(path.join(pkg, 'layerlab_bg.wasm')) });
const lab = new Layerlab();
const viewable = typeof lab.hash_request_range === 'function' && process.env.HASH_COPY !== '1';
lab.set_now(Date.parse('2024-06-01T00:00:00Z'));

/** Ends a step: its peak, then collect garbage, the live RSS, and reset the peak. */
async function endStep(r) {
  r.peakBytes = hwm();
  if (globalThis.gc) {
    globalThis.gc();
    await sleep(100); // array buffers are freed by a task after the collection
    globalThis.gc();
  }
  r.liveBytes = status('VmRSS');
  r.wasmBytes = wasm.memory.buffer.byteLength;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    r.peakNotReset = true;
  }
  return r;
}
result.start = await endStep({});

// Upload: the file into wasm memory in 8 MiB pieces.
{
  const t0 = now();
  const fd = openSync(archive, 'r');
  const buf = Buffer.alloc(CHUNK);
  lab.file_begin(NAME, result.archiveBytes);
  for (let off = 0; ; ) {
    const n = readSync(fd, buf, 0, CHUNK, off);
    if (n === 0) break;
    lab.file_chunk(NAME, buf.subarray(0, n));
    off += n;
  }
  lab.file_end(NAME);
  closeSync(fd);
  result.upload = await endStep({ seconds: (now() - t0) / 1000 });
}

/**
 * Runs one line with a poll(BUDGET) loop; with offload, hashes each requested blob.
 * Phases: plan = the first poll (tar index, manifest and config parsing); work = the other
 * polls; request = hash_request() copying a blob out of wasm memory; hash = createHash.
 */
function runLine(line, offload) {
  lab.offload_hashing(offload, false); // blobs in wasm memory only: no file is opened here
  const t0 = now();
  lab.start(line);
  const phase = { method: viewable ? 'view' : 'copy', firstPoll: 0, polls: 0, request: 0, hash: 0, provide: 0, hashedBytes: 0, calls: 0 };
  let first = true;
  for (;;) {
    const p0 = now();
    const done = lab.poll(BUDGET);
    const p1 = now();
    if (first) phase.firstPoll += p1 - p0;
    else phase.polls += p1 - p0;
    first = false;
    phase.calls++;
    if (done) break;
    if (offload) {
      // As the page does: hash a view of wasm memory where the blob lies (hash_request_range),
      // or, with a core that lacks it, a copy (hash_request).
      const range = viewable ? lab.hash_request_range() : undefined;
      const blob = viewable ? range && new Uint8Array(wasm.memory.buffer, range[0], range[1]) : lab.hash_request();
      const p2 = now();
      phase.request += p2 - p1;
      if (blob) {
        const hex = createHash('sha256').update(blob).digest('hex');
        const p3 = now();
        lab.provide_hash(hex);
        phase.hash += p3 - p2;
        phase.provide += now() - p3;
        phase.hashedBytes += blob.length;
      }
    }
  }
  const seconds = (now() - t0) / 1000;
  const out = lab.output();
  for (const k of ['firstPoll', 'polls', 'request', 'hash', 'provide']) phase[k] = +(phase[k] / 1000).toFixed(3);
  return { seconds, exitCode: out.exitCode, stdout: out.stdout.trim(), stderr: out.stderr.trim(), phase };
}

async function attempt(key, fn) {
  try {
    result[key] = fn();
  } catch (err) {
    result[key] = { error: String(err?.message ?? err) };
  }
  await endStep(result[key]);
}

await attempt('load', () => runLine(`docker load -i ${NAME}`, mode === 'offload'));
// The uploaded archive stays in the host (as it does in the page) while saving.
if (result.load.exitCode === 0) await attempt('save', () => runLine('docker save -o saved.tar bench:latest', false));
if (result.save?.exitCode === 0) {
  await attempt('readOut', () => {
    const t0 = now();
    const size = lab.file_size('saved.tar');
    const h = createHash('sha256');
    for (let off = 0; off < size; off += CHUNK) h.update(lab.file_read('saved.tar', off, CHUNK));
    const sha256 = h.digest('hex');
    return { seconds: (now() - t0) / 1000, bytes: size, sha256, matchesNative: expectedSha ? sha256 === expectedSha : null };
  });
}
result.wasmMemoryBytes = wasm.memory.buffer.byteLength;
console.log(JSON.stringify(result));
