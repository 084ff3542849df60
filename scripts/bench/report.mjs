#!/usr/bin/env node
// report.mjs RESULTS.jsonl [SIZE_MB]: the markdown report of a run.sh run: machine facts,
// the table (seconds, MB/s, speed relative to `openssl dgst -sha256`, peak memory and its
// ratio to the archive size), where the time goes, and the targets. MB = 10^6 bytes.
// For measurements repeated REPEAT times the fastest run counts.
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

const [file, sizeMb = '1024'] = process.argv.slice(2);
const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const of = (kind) => rows.filter((r) => r.kind === kind);
const fastest = (list, key = (r) => r.seconds) => list.filter((r) => Number.isFinite(key(r))).sort((a, b) => key(a) - key(b))[0];

const made = of('make-archive')[0];
const archive = made.info.bytes;
const mb = (b) => b / 1e6;
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const openssl = fastest(of('openssl'));
const opensslRate = archive / openssl.seconds;

const table = [];
/** One table row; `bytes` is what the operation reads or writes (the archive, or the saved one). */
function row(tool, op, r, peak, bytes = archive) {
  if (!r) return;
  if (r.error) {
    table.push(`| ${tool} | ${op} | failed: \`${r.error}\` | - | - | ${fmt(mb(peak ?? r.peakBytes ?? NaN), 0)} | ${fmt((peak ?? r.peakBytes) / archive)} |`);
    return;
  }
  const rate = bytes / r.seconds;
  table.push(`| ${tool} | ${op} | ${fmt(r.seconds)} | ${fmt(mb(rate), 0)} | ${fmt(rate / opensslRate)} | ${fmt(mb(peak), 0)} | ${fmt(peak / archive)} |`);
}

const sha = fastest(of('sha256sum'));
row('`sha256sum`', 'hash the file', sha, sha.peakBytes);
row('`openssl dgst -sha256`', 'hash the file', openssl, openssl.peakBytes);

const natives = of('native');
const nLoad = fastest(natives, (r) => r.load.seconds);
const nSave = fastest(natives, (r) => r.save.seconds);
row('layerlab native', '`docker load -i`', nLoad?.load, nLoad?.load.peakBytes);
row('layerlab native', '`docker save -o` (peak: whole process)', nSave?.save, nSave?.save.peakBytes, nSave?.savedBytes);

const pLoad = of('podman-load')[0];
const pSave = of('podman-save')[0];
if (pLoad) {
  row(`podman ${pLoad.version} (${pLoad.driver})`, '`podman load -i`', pLoad, pLoad.peakBytes);
  row(`podman ${pLoad.version} (${pLoad.driver})`, '`podman save -o`', pSave, pSave?.peakBytes);
}

const node = Object.fromEntries(of('node').map((r) => [r.mode, r]));
const nodeName = (m) => `wasm, Node ${node[m]?.nodeVersion ?? ''}, ${m === 'core' ? 'sha2 in wasm' : 'offload: createHash'}`;
if (node.core) row(nodeName('core'), 'upload: 8 MiB `file_chunk`s', node.core.upload, node.core.upload.peakBytes);
for (const m of ['core', 'offload']) if (node[m]) row(nodeName(m), '`docker load -i`', node[m].load, node[m].load.peakBytes);
for (const m of ['core', 'offload']) if (node[m]?.save) row(nodeName(m), '`docker save -o`', node[m].save, node[m].save.peakBytes, node[m].readOut?.bytes ?? archive);

const chrome = Object.fromEntries(of('chromium').map((r) => [r.mode, r]));
const chromeName = (m) => `wasm, Chromium ${chrome[m]?.chromium ?? ''}, ${m === 'core' ? 'sha2 in wasm' : 'offload: subtle.digest'}`;
const rpeak = (r, mark) => r?.renderer?.[mark]?.peakBytes;
if (chrome.offload) row(chromeName('offload'), `upload: 8 MiB ${chrome.offload.source === 'file' ? '`File.slice`' : 'range `fetch`'}es`, chrome.offload.upload, rpeak(chrome.offload, 'upload'));
for (const m of ['offload', 'core']) if (chrome[m]) row(chromeName(m), '`docker load -i`', chrome[m].load, rpeak(chrome[m], 'load'));
for (const m of ['offload', 'core']) if (chrome[m]?.save) row(chromeName(m), '`docker save -o`', chrome[m].save, rpeak(chrome[m], 'save'), chrome[m].savedBytes ?? archive);

// ---- machine ------------------------------------------------------------------------------
const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
const model = (/^model name\s*:\s*(.*)$/m.exec(cpuinfo) ?? [])[1] ?? cpus()[0]?.model;
const shaNi = /^flags\s*:.*\bsha_ni\b/m.test(cpuinfo);
const mach = Object.assign({}, ...of('machine'));
let commit = mach.commit ?? '';
if (!commit) {
  try {
    commit = execSync('git describe --always --dirty', { encoding: 'utf8' }).trim();
  } catch {}
}

const out = [];
out.push(`Archive: ${archive} bytes (${fmt(archive / 2 ** 20, 1)} MiB), ${made.info.layers} layers, ${made.info.files} files (${made.info.largeFiles} large), made in ${fmt(made.seconds, 1)} s.`);
out.push(`Machine: ${cpus().length} CPUs, ${model}, sha_ni ${shaNi ? 'present' : 'absent'}; load average ${mach.loadavgStart ?? '?'} at the start, ${mach.loadavgEnd ?? '?'} at the end; commit ${commit}.`);
const busy = of('busy').map((r) => r.after);
if (busy.length) out.push(`Noisy: another developer's cargo/wasm-pack build was running after: ${busy.join('; ')}.`);
out.push('');
out.push('| tool | operation | seconds | MB/s | vs `openssl dgst -sha256` | peak memory MB | peak / archive |');
out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
out.push(...table);
out.push('');
out.push('Peak memory: the peak RSS during that step alone (native and Node: the process; Chromium: the renderer, where the worker and its wasm memory live), garbage collected and the peak reset between steps; it includes what earlier steps left in memory (the uploaded archive, the loaded store). `podman`: GNU time\'s maximum RSS. MB = 10^6 bytes.');
out.push('');

// ---- where the time and memory go ----------------------------------------------------
out.push('Where the time goes:');
if (nLoad) {
  const f = nLoad.load.fillSeconds;
  out.push(`- native load: RSS grows to the archive size in the first ${fmt(f)} s (mapping and touching the file's pages), then ${fmt(nLoad.load.seconds - f)} s stay flat (indexing and hashing ${fmt(mb(archive), 0)} MB: ${fmt(mb(archive) / (nLoad.load.seconds - f), 0)} MB/s).`);
}
if (nSave) {
  const f = nSave.save.fillSeconds;
  out.push(`- native save: ${fmt(f)} s while RSS grows by ${fmt(mb(nSave.save.rssGrowthBytes), 0)} MB (tar headers; layers are written from views of the store), then ${fmt(nSave.save.seconds - f)} s writing it out.`);
}
const phases = (r) => r?.load?.phase
  ? `first poll (plan: tar index, manifest, config) ${r.load.phase.firstPoll} s, other polls ${r.load.phase.polls} s (${r.load.phase.calls} polls)` +
    (r.load.phase.hashedBytes ? `, ${r.load.phase.method === 'copy' ? '`hash_request` copying blobs out' : '`hash_request_range` (blobs hashed in place)'} ${r.load.phase.request} s, host hashing ${r.load.phase.hash} s (${fmt(mb(r.load.phase.hashedBytes) / r.load.phase.hash, 0)} MB/s)`
      : r.load.phase.hash ? `, between polls (hashing, waiting for the hashing workers, reading ahead) ${r.load.phase.hash} s` : '')
  : null;
for (const [name, r] of [['Node, sha2 in wasm', node.core], ['Node, offload', node.offload], ['Chromium, offload', chrome.offload], ['Chromium, sha2 in wasm', chrome.core]]) {
  const p = phases(r);
  if (p) out.push(`- wasm load, ${name}: ${p}.`);
}
for (const r of [node.core, node.offload]) {
  if (r?.readOut) out.push(`- wasm save in Node (${r.mode}): the saved file read back out (8 MiB \`file_read\`s) in ${fmt(r.readOut.seconds)} s is ${r.readOut.matchesNative ? 'byte-identical to' : 'DIFFERENT from'} the native binary's.`);
}
out.push('');
out.push('Memory after each step (peak: during the step; live: RSS after collecting garbage; wasm: the wasm memory, which never shrinks):');
if (nLoad) out.push(`- native: load peak ${fmt(mb(nLoad.load.peakBytes), 0)} MB, live after ${fmt(mb(nLoad.load.liveBytes), 0)} MB; save peak ${fmt(mb(nSave.save.peakBytes), 0)} MB (the loaded store; the saved archive is written piece by piece), live after ${fmt(mb(nSave.save.liveBytes), 0)} MB.`);
const steps = (get) => ['start', 'upload', 'load', 'save']
  .map((k) => [k, get(k)])
  .filter(([, v]) => v && Number.isFinite(v.peakBytes))
  .map(([k, v]) => `${k} peak ${fmt(mb(v.peakBytes), 0)} / live ${fmt(mb(v.liveBytes), 0)} / wasm ${fmt(mb(v.wasmBytes), 0)} MB`)
  .join('; ');
for (const m of ['core', 'offload']) if (node[m]) out.push(`- Node, ${m === 'core' ? 'sha2 in wasm' : 'offload'}: ${steps((k) => node[m][k])}.`);
for (const m of ['offload', 'core']) if (chrome[m]) out.push(`- Chromium renderer, ${m === 'core' ? 'sha2 in wasm' : 'offload'}: ${steps((k) => chrome[m].renderer?.[k])}; all browser processes together at most ${fmt(mb(chrome[m].browserTreePeakRssBytes), 0)} MB.`);
out.push('');

// ---- targets ------------------------------------------------------------------------------
const verdict = (ok) => (ok ? 'met' : '**not met**');
out.push('Targets:');
if (nLoad) {
  const ratio = archive / nLoad.load.seconds / opensslRate;
  out.push(`- native load >= 0.8x \`openssl dgst -sha256\` (SHA-NI): ${fmt(ratio)}x, ${verdict(ratio >= 0.8)}.`);
}
if (chrome.offload?.load && !chrome.offload.load.error) {
  const rate = mb(archive / chrome.offload.load.seconds);
  out.push(`- Chromium load >= 400 MB/s: ${fmt(rate, 0)} MB/s with offload (${fmt(mb(archive / chrome.core?.load?.seconds), 0)} MB/s with sha2 in wasm), ${verdict(rate >= 400)}.`);
}
// [name, peak, the runtime's own RSS before the archive arrived (Node, the renderer)]
const mem = [
  ['native load', nLoad?.load.peakBytes, 0],
  ['native save', nSave?.save.peakBytes, 0],
  ['Node load (sha2 in wasm)', node.core?.load?.peakBytes, node.core?.start?.liveBytes],
  ['Node load (offload)', node.offload?.load?.peakBytes, node.offload?.start?.liveBytes],
  ['Chromium load (offload)', rpeak(chrome.offload, 'load'), chrome.offload?.renderer?.start?.liveBytes],
  ['Chromium load (sha2 in wasm)', rpeak(chrome.core, 'load'), chrome.core?.renderer?.start?.liveBytes],
].filter(([, b]) => b);
const memText = ([n, b, base]) =>
  `${n} ${fmt(b / archive)}x ${verdict(b / archive <= 1.3)}` + (base ? ` (${fmt((b - base) / archive)}x above the ${fmt(mb(base), 0)} MB the runtime used before the upload)` : '');
out.push(`- peak memory <= 1.3x the archive: ${mem.map(memText).join('; ')}.`);
console.log(out.join('\n'));
