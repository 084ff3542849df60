#!/usr/bin/env node
// make-archive.mjs OUT [SIZE_MB]
//
// Writes a deterministic `docker save` archive (legacy layout: <v1id>/layer.tar,
// <image id>.json, manifest.json with RepoTags ["bench:latest"], repositories) of about
// SIZE_MB MiB (default 1024) for the benchmarks. The image has 20 uncompressed layers
// holding many small files (about 40 per MiB of archive: tens of thousands in all), some
// medium ones, and a few large ones (tens of MiB). File contents come from an AES-128-CTR
// keystream with a fixed key, so they are pseudo-random (incompressible) and the same bytes
// every time. The config's rootfs.diff_ids are the sha256 of each layer tar, computed while
// the layer is streamed out; the image ID is the sha256 of the config.
//
// Streams: memory stays at a few MiB whatever the size. Prints one JSON line:
//   {"file","bytes","layers","files","largeFiles","imageId","diffIds"}
import { createCipheriv, createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

const [out, sizeArg] = process.argv.slice(2);
if (!out) {
  console.error('usage: make-archive.mjs OUT [SIZE_MB]');
  process.exit(2);
}
const sizeMb = Number(sizeArg ?? 1024);
if (!Number.isFinite(sizeMb) || sizeMb < 8) {
  console.error('make-archive: SIZE_MB must be a number >= 8');
  process.exit(2);
}

const MiB = 1 << 20;
const LAYERS = 20;
const MTIME = 1704067200; // 2024-01-01T00:00:00Z
const CREATED = '2024-01-01T00:00:00Z';
const target = Math.round(sizeMb * MiB);

// Sizes and names come from a small seeded PRNG (mulberry32); contents from AES-CTR.
let seed = 0x1a7e41ab;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const keystream = createCipheriv('aes-128-ctr', Buffer.alloc(16, 0x42), Buffer.alloc(16, 0));
const ZEROS = Buffer.alloc(4 * MiB);
/** The next n pseudo-random bytes. */
function randomBytes(n) {
  if (n <= ZEROS.length) return keystream.update(ZEROS.subarray(0, n));
  const parts = [];
  for (let left = n; left > 0; left -= ZEROS.length) parts.push(randomBytes(Math.min(left, ZEROS.length)));
  return Buffer.concat(parts);
}

const pad512 = (n) => (512 - (n % 512)) % 512;
const entrySize = (n) => 512 + n + pad512(n);

// ---- plan: which files go into which layer -----------------------------------------------
// Budget: small files ~15% of the archive, medium ~20%, large files the rest.
const smallCount = Math.max(200, Math.round(40 * sizeMb));
const layers = Array.from({ length: LAYERS }, (_, i) => ({ index: i, dirs: new Set(), files: [] }));
let planned = 0;
function addFile(layer, name, size) {
  const parts = name.split('/');
  for (let i = 1; i < parts.length; i++) layer.dirs.add(parts.slice(0, i).join('/') + '/');
  layer.files.push({ name, size });
  planned += entrySize(size);
}
for (let k = 0; k < smallCount; k++) {
  const l = layers[k % LAYERS];
  // Log-uniform between 16 bytes and 16 KiB (median ~512 B), a few empty files.
  const size = rand() < 0.02 ? 0 : Math.floor(16 * Math.pow(1024, rand()));
  const dir = `d${String(Math.floor(k / LAYERS) % 97).padStart(2, '0')}`;
  addFile(l, `usr/share/bench/l${String(l.index).padStart(2, '0')}/${dir}/f${String(k).padStart(6, '0')}.dat`, size);
}
const mediumBudget = Math.floor(target * 0.2);
for (let used = 0, k = 0; used < mediumBudget; k++) {
  const l = layers[k % LAYERS];
  const size = Math.min(mediumBudget - used, Math.floor((128 + rand() * 1920) * 1024)); // 128 KiB - 2 MiB
  addFile(l, `opt/bench/l${String(l.index).padStart(2, '0')}/lib${String(k).padStart(4, '0')}.so`, size);
  used += size;
}
// The rest in large files of tens of MiB, in the upper layers (so that a copy-up storage
// driver such as vfs copies them less often).
const overhead = LAYERS * 4 * 1024 + 64 * 1024; // dir entries, tar trailers, config, manifest
let largeBudget = Math.max(0, target - planned - LAYERS * entrySize(0) * 4 - overhead);
const largeSizes = [];
while (largeBudget > 0) {
  const want = Math.floor((24 + rand() * 56) * MiB); // 24 - 80 MiB
  const size = largeBudget - want < 8 * MiB ? largeBudget : want;
  largeSizes.push(size);
  largeBudget -= size;
}
largeSizes.forEach((size, k) => {
  const l = layers[LAYERS - 1 - ((k * 3) % 10)]; // spread over layers 10..19
  addFile(l, `srv/bench/blob${String(k).padStart(2, '0')}.bin`, size);
});

// ---- tar writing ----------------------------------------------------------------------------
function header(name, size, type = '0', mode = 0o644) {
  if (Buffer.byteLength(name) > 100) throw new Error(`name too long for ustar: ${name}`);
  const h = Buffer.alloc(512);
  const field = (off, len, s) => h.write(s, off, len, 'utf8');
  const octal = (off, len, n) => field(off, len, n.toString(8).padStart(len - 1, '0') + '\0');
  field(0, 100, name);
  octal(100, 8, mode);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, MTIME);
  h.fill(0x20, 148, 156);
  field(156, 1, type);
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  field(265, 32, 'root');
  field(297, 32, 'root');
  let sum = 0;
  for (const b of h) sum += b;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

const fd = openSync(out, 'w');
let buf = Buffer.alloc(8 * MiB);
let used = 0;
let written = 0;
let hash = null; // the current layer's sha256, fed everything written inside layer.tar
function flush() {
  if (used) writeSync(fd, buf, 0, used);
  written += used;
  used = 0;
}
function emit(b) {
  if (hash) hash.update(b);
  if (used + b.length > buf.length) flush();
  if (b.length >= buf.length) {
    writeSync(fd, b);
    written += b.length;
  } else {
    b.copy(buf, used);
    used += b.length;
  }
}
function emitPadding(n) {
  if (pad512(n)) emit(Buffer.alloc(pad512(n)));
}
function outerFile(name, data) {
  emit(header(name, data.length));
  emit(data);
  emitPadding(data.length);
}

/** The layer's inner tar size, computed from the plan. */
function layerTarSize(l) {
  let n = l.dirs.size * 512;
  for (const f of l.files) n += entrySize(f.size);
  return n + 1024;
}

const diffIds = [];
const layerPaths = [];
let parent = '';
let fileCount = 0;
for (const l of layers) {
  // A v1-style layer ID, as legacy `docker save` names the layer directories.
  const v1id = createHash('sha256').update(`layerlab-bench ${l.index} ${parent}`).digest('hex');
  parent = v1id;
  const size = layerTarSize(l);
  emit(header(`${v1id}/`, 0, '5', 0o755));
  emit(header(`${v1id}/layer.tar`, size));
  hash = createHash('sha256');
  for (const d of [...l.dirs].sort()) emit(header(d, 0, '5', 0o755));
  for (const f of l.files) {
    emit(header(f.name, f.size));
    for (let left = f.size; left > 0; left -= ZEROS.length) emit(randomBytes(Math.min(left, ZEROS.length)));
    emitPadding(f.size);
    fileCount++;
  }
  emit(Buffer.alloc(1024));
  diffIds.push(`sha256:${hash.digest('hex')}`);
  hash = null;
  emitPadding(size);
  layerPaths.push(`${v1id}/layer.tar`);
}

const config = Buffer.from(JSON.stringify({
  architecture: 'amd64',
  config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'] },
  created: CREATED,
  history: layers.map((l) => ({ created: CREATED, created_by: `layerlab bench layer ${l.index}` })),
  os: 'linux',
  rootfs: { type: 'layers', diff_ids: diffIds },
}));
const imageId = createHash('sha256').update(config).digest('hex');
outerFile(`${imageId}.json`, config);
outerFile('manifest.json', Buffer.from(JSON.stringify([
  { Config: `${imageId}.json`, RepoTags: ['bench:latest'], Layers: layerPaths },
]) + '\n'));
outerFile('repositories', Buffer.from(JSON.stringify({ bench: { latest: parent } }) + '\n'));
emit(Buffer.alloc(1024));
flush();
closeSync(fd);

console.log(JSON.stringify({
  file: out,
  bytes: written,
  layers: LAYERS,
  files: fileCount,
  largeFiles: largeSizes.length,
  imageId: `sha256:${imageId}`,
  diffIds,
}));
