// www/files.js's streamed reads of the user's files, in Node (which has Blob and BYOB
// streams): whole ranges read into the buffer given, and a stream that stops answering (as
// Chromium's file-backed Blob streams now and then do) read again without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamInto } from '../../www/files.js';

const MiB = 1024 * 1024;
const bytesOf = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 9)) & 0xff);

test('a range of a file is read through its stream into the buffer given', async () => {
  const data = bytesOf(3 * MiB + 123);
  const file = new Blob([data]);
  const buffer = await streamInto(file, 1000, 2 * MiB + 5, new ArrayBuffer(4 * MiB));
  assert.equal(buffer.byteLength, 4 * MiB);
  assert.deepEqual(new Uint8Array(buffer, 0, 2 * MiB + 5), data.subarray(1000, 1000 + 2 * MiB + 5));
});

test('a file shorter than the range asked fails in one line', async () => {
  const file = new Blob([bytesOf(100)]);
  await assert.rejects(streamInto(file, 50, 100, new ArrayBuffer(100)), /^Error: the file was shorter than when it was opened$/);
});

test('a stream that stops answering is given up, and the range is read again in pieces', async () => {
  const data = bytesOf(9 * MiB + 17);
  const blob = new Blob([data]);
  let streams = 0;
  let cancelled = 0;
  // A file whose streams answer the first two reads (2 MiB), then never again.
  const file = {
    size: blob.size,
    slice: (a, b) => {
      const part = blob.slice(a, b);
      return {
        size: part.size,
        arrayBuffer: () => part.arrayBuffer(),
        stream: () => {
          streams++;
          const real = part.stream().getReader({ mode: 'byob' });
          let reads = 0;
          return {
            getReader: () => ({
              read: (view) => (++reads <= 2 ? real.read(view) : new Promise(() => {})),
              cancel: async () => { cancelled++; await real.cancel(); },
              releaseLock: () => {},
            }),
          };
        },
      };
    },
  };
  const started = Date.now();
  const buffer = await streamInto(file, 3, 9 * MiB + 10, new ArrayBuffer(10 * MiB), { stallMs: 200 });
  assert.ok(Date.now() - started < 5000);
  assert.equal(streams, 1);
  assert.equal(cancelled, 1, 'the stalled stream is cancelled');
  assert.deepEqual(new Uint8Array(buffer, 0, 9 * MiB + 10), data.subarray(3, 3 + 9 * MiB + 10));
});
