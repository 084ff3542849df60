#!/usr/bin/env node
// gzip-layers.mjs IN OUT
//
// Copies the docker-save archive IN to OUT with every `*/layer.tar` gzipped (level 1, under
// the same name: Docker and layerlab tell compression by magic bytes, and the manifest and
// diffIDs stay as they are). Streams, one layer at a time through a temporary file next to
// OUT, so memory stays at a few MiB. For the large-archive benchmark (large.sh).
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: gzip-layers.mjs IN OUT');
  process.exit(2);
}
const fin = openSync(input, 'r');
const fout = openSync(output, 'w');
const total = fstatSync(fin).size;
const tmp = `${output}.layer.tmp`;
const header = Buffer.alloc(512);
const copy = (start, length) => {
  const buf = Buffer.alloc(Math.min(length, 8 << 20));
  for (let done = 0; done < length;) {
    const n = readSync(fin, buf, 0, Math.min(buf.length, length - done), start + done);
    writeSync(fout, buf, 0, n);
    done += n;
  }
};
let at = 0;
while (at + 512 <= total) {
  readSync(fin, header, 0, 512, at);
  if (header.every((b) => b === 0)) break;
  const name = header.toString('latin1', 0, 100).replace(/\0.*$/s, '');
  const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
  const padded = Math.ceil(size / 512) * 512;
  if (name.endsWith('/layer.tar')) {
    await pipeline(createReadStream(input, { start: at + 512, end: at + 512 + size - 1, highWaterMark: 1 << 20 }), createGzip({ level: 1 }), createWriteStream(tmp));
    const gz = statSync(tmp).size;
    header.write(gz.toString(8).padStart(11, '0') + '\0', 124, 12, 'latin1');
    header.fill(0x20, 148, 156);
    const sum = header.reduce((s, b) => s + b, 0);
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
    writeSync(fout, header);
    const t = openSync(tmp, 'r');
    const buf = Buffer.alloc(8 << 20);
    for (let n; (n = readSync(t, buf, 0, buf.length, null)) > 0;) writeSync(fout, buf, 0, n);
    closeSync(t);
    writeSync(fout, Buffer.alloc((512 - (gz % 512)) % 512));
  } else {
    copy(at, 512 + padded);
  }
  at += 512 + padded;
}
writeSync(fout, Buffer.alloc(1024));
closeSync(fin);
closeSync(fout);
rmSync(tmp, { force: true });
console.log(JSON.stringify({ file: output, bytes: statSync(output).size }));
