// The hashing the page does for the core (`offload_hashing`): crypto.subtle hashes faster
// than sha2 compiled to wasm, and other workers run on other cores.
//  - A blob in the core's memory (an uploaded file) is hashed in place, when the core asks
//    (`hash_request_range`), before it reads the blob.
//  - A range of a file the user opened (a layer of an archive opened by reference) is hashed
//    by a pool of hashing workers (www/hasher.js), each reading the file itself, while the
//    core walks the same range. The core names the ranges to come (`hash_hints`), so the
//    pool starts on them early, one per worker, in order; it asks for each digest once it
//    has walked the layer (`hash_request_file`).
// Used by the page's worker and the benchmark's.
import { fileOf, hex, readAhead, releaseBuffers } from './files.js';

// Two workers: hashing a layer takes longer than walking it, and these machines have two
// cores (more workers only share them).
const WORKERS = Math.max(1, Math.min(2, globalThis.navigator?.hardwareConcurrency ?? 2));

const key = (handle, start, length) => `${handle}:${start}:${length}`;

class Pool {
  constructor(size) {
    this.size = size;
    this.module = null;
    this.idle = [];
    this.busy = new Map(); // worker -> job
    this.queue = []; // jobs not begun, in order
    this.jobs = new Map(); // key -> job
    this.nextId = 1;
  }

  /** The job for a range, made (queued last, or first when `now`) if there is none. */
  job(handle, start, length, now = false) {
    const k = key(handle, start, length);
    let job = this.jobs.get(k);
    if (!job) {
      job = { k, id: this.nextId++, handle, start, length, begun: false };
      job.promise = new Promise((resolve, reject) => { job.resolve = resolve; job.reject = reject; });
      job.promise.catch(() => {}); // a hint nobody asks for again may fail unseen
      this.jobs.set(k, job);
      if (now) this.queue.unshift(job);
      else this.queue.push(job);
    } else if (now && !job.begun) {
      this.queue = [job, ...this.queue.filter((j) => j !== job)];
    }
    return job;
  }

  /** Ranges the core will ask for, flat `[handle, start, length, ...]`, the next first. */
  hint(flat) {
    for (let i = 0; i + 2 < flat.length; i += 3) this.job(flat[i], flat[i + 1], flat[i + 2]);
    this.pump();
  }

  /** The hex sha256 of a range. */
  digest(handle, start, length) {
    const job = this.job(handle, start, length, true);
    this.pump();
    return job.promise.finally(() => this.jobs.delete(job.k));
  }

  pump() {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.busy.size + this.idle.length < this.size) worker = this.spawn();
      if (!worker) return;
      const job = this.queue.shift();
      const file = fileOf(job.handle);
      if (!file) {
        this.idle.push(worker);
        job.reject(new Error('the file is no longer open'));
        continue;
      }
      job.begun = true;
      this.busy.set(worker, job);
      worker.postMessage({ id: job.id, file, start: job.start, length: job.length });
    }
  }

  spawn() {
    const worker = new Worker(new URL('./hasher.js', import.meta.url), { type: 'module' });
    if (this.module) worker.postMessage({ module: this.module });
    worker.onmessage = ({ data }) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (job && job.id === data.id) {
        if (data.error) job.reject(new Error(data.error));
        else job.resolve(data.hex);
      }
      this.pump();
    };
    worker.onerror = (e) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      worker.terminate();
      job?.reject(new Error(e.message || 'the hashing worker failed'));
      this.pump();
    };
    return worker;
  }

  /** Drops what is queued, and stops workers still hashing (a cancelled load's layers). */
  clear() {
    for (const job of this.queue) job.reject(new Error('cancelled'));
    this.queue = [];
    for (const [worker, job] of this.busy) {
      worker.terminate();
      job.reject(new Error('cancelled'));
    }
    this.busy.clear();
    this.jobs.clear();
  }
}

let pool = null;
let module = null;

/** Whether this context can run hashing workers. */
export const canHashFiles = typeof Worker === 'function' && Boolean(globalThis.crypto?.subtle);

/** The core's compiled module: hashing workers instantiate it for sha2 (www/hasher.js). */
export function useModule(compiled) {
  module = compiled;
  if (pool) pool.module = compiled;
}

/**
 * Does what the core asks between polls: hashes the blob it waits on, or tells the pool
 * the ranges to come and reads ahead a file the core reads front to back. `memory` is the
 * core's wasm memory.
 */
export async function hashForCore(core, memory) {
  const range = core.hash_request_range();
  if (range) {
    // digest() copies the bytes when called; the core is not called until the answer is back.
    const data = new Uint8Array(memory.buffer, range[0], range[1]);
    core.provide_hash(hex(await crypto.subtle.digest('SHA-256', data)));
    return;
  }
  pool ??= Object.assign(new Pool(WORKERS), { module });
  const at = core.hash_request_file();
  if (at) {
    core.provide_hash(await pool.digest(at[0], at[1], at[2]));
    return;
  }
  const hints = core.hash_hints();
  if (hints.length > 0) pool.hint(hints);
  await readAhead();
}

/** At the end of each command: the pool's work and the read buffers go. */
export function endHashing() {
  pool?.clear();
  releaseBuffers();
}
