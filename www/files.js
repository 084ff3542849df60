// The user's files the core reads by range, without holding them: each opened File gets a
// handle, and the core reads it synchronously through `globalThis.layerlabReadFile` (see
// crate/src/wasm.rs) during a poll. Used by the page's worker and the benchmark's.
//
// A read is served, in this order:
//  - from the range the worker read last for hashing (`hashRange`): the core walks a layer
//    right after the host hashed it, so the layer is read from the file once;
//  - from the read-ahead window (`readAhead`, between polls): when the core reads a file
//    front to back (a large layer it hashes itself), the next window is streamed in before
//    the next poll asks for it;
//  - else by `FileReaderSync`.
// Streamed reads go through a BYOB reader into buffers that are reused, so reading gigabytes
// leaves no garbage behind (each FileReaderSync read is a new ArrayBuffer, collected late).

const opened = new Map(); // handle -> File
let nextHandle = 1;
const syncReader = typeof FileReaderSync === 'function' ? new FileReaderSync() : null;

const AHEAD = 16 * 1024 * 1024; // the read-ahead window
const VIEW = 1024 * 1024; // what one read of a stream asks for
// What the core read last, and where a front-to-back reader would go on.
let last = { handle: 0, end: -1, sequential: false };
// Bytes of a file held on this side: { handle, start, bytes } (a view of a reused buffer).
let held = null; // the range hashed last
let ahead = null; // the read-ahead window
let aheadBuffer = null;
let hashBuffer = null;

/** Registers `file`; the core names it by the handle returned. */
export function openFile(file) {
  const handle = nextHandle++;
  opened.set(handle, file);
  return handle;
}

export function fileOf(handle) {
  return opened.get(handle);
}

function within(h, handle, offset, length) {
  return h && h.handle === handle && offset >= h.start && offset + length <= h.start + h.bytes.length
    ? h.bytes.subarray(offset - h.start, offset - h.start + length)
    : null;
}

/** The core's synchronous read (`layerlabReadFile`). */
export function readFile(handle, offset, length) {
  const file = opened.get(handle);
  if (!file) throw new Error('the file is no longer open');
  last = { handle, end: offset + length, sequential: last.handle === handle && last.end === offset };
  const hit = within(held, handle, offset, length) ?? within(ahead, handle, offset, length);
  if (hit) return hit;
  return new Uint8Array(syncReader.readAsArrayBuffer(file.slice(offset, offset + length)));
}
globalThis.layerlabReadFile = readFile;

/**
 * Reads `length` bytes of `file` from `start` into `buffer` (an ArrayBuffer at least that
 * long) through a BYOB stream; resolves to the buffer (the stream hands it back).
 */
async function streamInto(file, start, length, buffer) {
  const reader = file.slice(start, start + length).stream().getReader({ mode: 'byob' });
  let at = 0;
  try {
    while (at < length) {
      // Views of at most 1 MiB: larger ones make each read slower (measured in Chromium).
      const { done, value } = await reader.read(new Uint8Array(buffer, at, Math.min(length - at, VIEW)));
      if (done) break;
      buffer = value.buffer;
      at += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  if (at < length) throw new Error('the file was shorter than when it was opened');
  return buffer;
}

/** A buffer of at least `length` bytes: `old` when it is large enough. */
const sized = (old, length) => (old && old.byteLength >= length ? old : new ArrayBuffer(length));

/**
 * The sha256 (hex) of `length` bytes of file `handle` from `start`, by `crypto.subtle`,
 * which cannot hash in pieces: the range is read whole (the core asks only for ranges it
 * can afford), and kept for the core's reads until the next one, as the core walks the
 * layer right after. (In a worker, Chromium's digest() runs on the calling thread, for
 * about 2 s a GiB here: it cannot overlap the core's walk.)
 */
export async function hashRange(handle, start, length) {
  const file = opened.get(handle);
  if (!file) throw new Error('the file is no longer open');
  held = null;
  hashBuffer = await streamInto(file, start, length, sized(hashBuffer, length));
  const bytes = new Uint8Array(hashBuffer, 0, length);
  held = { handle, start, bytes };
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * Between polls: when the core is reading a file front to back past what is held, streams
 * in the next window so that its next reads are served from it.
 */
export async function readAhead() {
  const { handle, end, sequential } = last;
  if (!sequential) return;
  const file = opened.get(handle);
  if (!file || end >= file.size || within(held, handle, end, 1) || within(ahead, handle, end, Math.min(AHEAD / 2, file.size - end))) return;
  const length = Math.min(AHEAD, file.size - end);
  ahead = null;
  aheadBuffer = await streamInto(file, end, length, sized(aheadBuffer, AHEAD));
  ahead = { handle, start: end, bytes: new Uint8Array(aheadBuffer, 0, length) };
}

/** Lets go of the buffers: at the end of each command. */
export function releaseBuffers() {
  held = ahead = null;
  hashBuffer = aheadBuffer = null;
  last = { handle: 0, end: -1, sequential: false };
}

export const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
