// The user's files the core reads by range, without holding them: each opened File gets a
// handle, and the core reads it synchronously through `globalThis.layerlabReadFile` (see
// crate/src/wasm.rs) during a poll. Used by the page's worker and the benchmark's.
//
// A read is served from the read-ahead window (`readAhead`, between polls): when the core
// reads a file front to back (a layer it walks), the next window is streamed in before the
// next poll asks for it; else by `FileReaderSync`. (Hashing workers read the file apart:
// www/hashing.js.)
// Streamed reads go through a BYOB reader into buffers that are reused, so reading gigabytes
// leaves no garbage behind (each FileReaderSync read is a new ArrayBuffer, collected late).

const opened = new Map(); // handle -> File
let nextHandle = 1;
const syncReader = typeof FileReaderSync === 'function' ? new FileReaderSync() : null;

const AHEAD = 16 * 1024 * 1024; // the read-ahead window
const VIEW = 1024 * 1024; // what one read of a stream asks for
const STALL_MS = 10_000; // when a stream's read is given up (a healthy one takes milliseconds)
const STALLED = Symbol('stalled');
const PIECE = 8 * 1024 * 1024; // what one read asks for when not streaming
// What the core read last, and where a front-to-back reader would go on.
let last = { handle: 0, end: -1, sequential: false };
// The read-ahead window: { handle, start, bytes } (a view of a reused buffer).
let ahead = null;
let aheadBuffer = null;

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
  const hit = within(ahead, handle, offset, length);
  if (hit) return hit;
  return new Uint8Array(syncReader.readAsArrayBuffer(file.slice(offset, offset + length)));
}
globalThis.layerlabReadFile = readFile;

/**
 * Reads `length` bytes of `file` from `start` into `buffer` (an ArrayBuffer at least that
 * long) through a BYOB stream; resolves to the buffer (the stream hands it back).
 *
 * Chromium's file-backed Blob streams now and then stop answering a read: seen here about
 * once in a few 5 GiB loads, a read 4 MiB into a window that never settled, with the worker
 * idle. A read that takes longer than `stallMs` is given up (its buffer went with it, so the
 * range is read again whole, into a new buffer) by `readPieces`, which does not stream.
 */
export async function streamInto(file, start, length, buffer, { stallMs = STALL_MS } = {}) {
  const reader = file.slice(start, start + length).stream().getReader({ mode: 'byob' });
  let at = 0;
  try {
    while (at < length) {
      // Views of at most 1 MiB: larger ones make each read slower (measured in Chromium).
      const result = await settleWithin(reader.read(new Uint8Array(buffer, at, Math.min(length - at, VIEW))), stallMs);
      if (result === STALLED) return await readPieces(file, start, length, new ArrayBuffer(buffer.byteLength));
      const { done, value } = result;
      if (done) break;
      buffer = value.buffer;
      at += value.byteLength;
    }
  } finally {
    // Cancelled, not only released: a stream read to its last byte has not seen its end,
    // and would hold its pipe to the file until collected.
    reader.cancel().catch(() => {});
  }
  if (at < length) throw new Error('the file was shorter than when it was opened');
  return buffer;
}


/** `promise`'s value, or STALLED when it has not settled within `ms`. */
function settleWithin(promise, ms) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(STALLED), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Reads `length` bytes of `file` from `start` into `buffer` in pieces of `PIECE` bytes, each
 * read whole (FileReaderSync in a worker, `arrayBuffer()` elsewhere): slower than a stream,
 * and each piece is a new buffer left to the collector, so only the fallback of a stall.
 */
async function readPieces(file, start, length, buffer) {
  const into = new Uint8Array(buffer);
  for (let at = 0; at < length; at += PIECE) {
    const want = Math.min(PIECE, length - at);
    const piece = file.slice(start + at, start + at + want);
    const bytes = new Uint8Array(syncReader ? syncReader.readAsArrayBuffer(piece) : await piece.arrayBuffer());
    if (bytes.length < want) throw new Error('the file was shorter than when it was opened');
    into.set(bytes, at);
  }
  return buffer;
}
/** A buffer of at least `length` bytes: `old` when it is large enough. */
const sized = (old, length) => (old && old.byteLength >= length ? old : new ArrayBuffer(length));

/**
 * Between polls: when the core is reading a file front to back past what is held, streams
 * in the next window so that its next reads are served from it.
 */
export async function readAhead() {
  const { handle, end, sequential } = last;
  if (!sequential) return;
  const file = opened.get(handle);
  if (!file || end >= file.size || within(ahead, handle, end, Math.min(AHEAD / 2, file.size - end))) return;
  const length = Math.min(AHEAD, file.size - end);
  ahead = null;
  aheadBuffer = await streamInto(file, end, length, sized(aheadBuffer, AHEAD));
  ahead = { handle, start: end, bytes: new Uint8Array(aheadBuffer, 0, length) };
}

/** Lets go of the buffers: at the end of each command. */
export function releaseBuffers() {
  ahead = null;
  aheadBuffer = null;
  last = { handle: 0, end: -1, sequential: false };
}

export const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
