// A hashing worker of the pool in www/hashing.js: the sha256 of a range of a file the user
// opened, read by this worker (not the core's), so that hashing runs beside the core's walk
// of the same range. Ranges up to WHOLE bytes are read into one reused buffer and hashed by
// crypto.subtle (which cannot hash in pieces); larger ones are read in windows and hashed by
// the core's sha2, compiled to wasm (`Sha256Stream`, an instance of the module the pool
// sends), a window at a time.
//   request: { module } (once) | { id, file, start, length }
//   reply:   { id, hex } | { id, error }
import { hex, streamInto } from './files.js';

export const WHOLE = 64 * 1024 * 1024;
const WINDOW = 16 * 1024 * 1024;

let module = null; // the core's compiled WebAssembly.Module
let bindings = null; // its bindings, instantiated on first use
let whole = null;
let window = null;

const sized = (old, length) => (old && old.byteLength >= length ? old : new ArrayBuffer(length));

async function sha2() {
  if (!bindings) {
    const b = await import(new URL('./pkg/layerlab.js', import.meta.url).href);
    b.initSync({ module: module ?? (await WebAssembly.compileStreaming(fetch(new URL('./pkg/layerlab_bg.wasm', import.meta.url)))) });
    bindings = b;
  }
  return bindings;
}

async function digest(file, start, length) {
  if (length <= WHOLE && globalThis.crypto?.subtle) {
    whole = await streamInto(file, start, length, sized(whole, length));
    return hex(await crypto.subtle.digest('SHA-256', new Uint8Array(whole, 0, length)));
  }
  const { Sha256Stream } = await sha2();
  const h = new Sha256Stream();
  try {
    for (let at = 0; at < length; at += WINDOW) {
      const n = Math.min(WINDOW, length - at);
      window = await streamInto(file, start + at, n, sized(window, WINDOW));
      h.update(new Uint8Array(window, 0, n));
    }
    return h.finish();
  } finally {
    h.free();
  }
}

onmessage = async ({ data }) => {
  if (data.module) {
    module = data.module;
    return;
  }
  const { id, file, start, length } = data;
  try {
    postMessage({ id, hex: await digest(file, start, length) });
  } catch (err) {
    postMessage({ id, error: String(err?.message ?? err) });
  }
};
