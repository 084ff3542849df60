#!/usr/bin/env node
// native-bench.mjs BINARY HOSTDIR ARCHIVE_NAME
//
// Drives one `layerlab --host HOSTDIR` process through `docker load -i ARCHIVE_NAME` and then
// `docker save -o saved.tar bench:latest`, timing each command from the moment its line is
// written to the moment an `echo` sent after it comes back. Meanwhile it samples the process's
// /proc status every few milliseconds, which gives the peak RSS of each command (VmHWM, reset
// through /proc/PID/clear_refs after each command, so that each peak is the command's own;
// the save's includes the loaded store) and a rough split of each command into phases: while
// RSS grows the process is filling a buffer (reading the archive; assembling the saved
// archive), while it stays flat it is hashing or writing. Prints one JSON line:
//   {load: {seconds, peakBytes, liveBytes, fillSeconds, output}, save: {...}, savedBytes}
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [bin, hostDir, name] = process.argv.slice(2);
if (!name) {
  console.error('usage: native-bench.mjs BINARY HOSTDIR ARCHIVE_NAME');
  process.exit(2);
}

const child = spawn(bin, ['--host', hostDir, '--now', '2024-06-01T00:00:00Z'], { stdio: ['pipe', 'pipe', 'inherit'] });
let out = '';
let waiter = null;
child.stdout.setEncoding('utf8');
child.stdout.on('data', (d) => {
  out += d;
  if (waiter && out.includes(waiter.marker)) {
    const w = waiter;
    waiter = null;
    w.resolve();
  }
});
child.on('exit', (code) => {
  if (waiter) waiter.reject(new Error(`layerlab exited with ${code}; output: ${out}`));
});

function status() {
  try {
    const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s) ?? [])[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** Runs one command line; resolves to its timing and what the sampler saw. */
async function command(line, marker) {
  const samples = [];
  const t0 = performance.now();
  const timer = setInterval(() => samples.push({ t: performance.now() - t0, ...status() }), 2);
  const done = new Promise((resolve, reject) => { waiter = { marker, resolve, reject }; });
  out = '';
  child.stdin.write(`${line}\necho ${marker}\n`);
  await done;
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const end = status();
  try {
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
  } catch {
    // the next command's peak then includes this one's
  }
  // Fill phase: from the start until RSS first reaches 98% of its highest sample.
  const top = Math.max(0, ...samples.map((s) => s.rss));
  const startRss = samples.length ? samples[0].rss : 0;
  const reached = samples.find((s) => s.rss >= startRss + 0.98 * (top - startRss));
  return {
    seconds,
    peakBytes: end.hwm,
    liveBytes: end.rss,
    rssGrowthBytes: top - startRss,
    fillSeconds: reached && top - startRss > 64 << 20 ? reached.t / 1000 : null,
    output: out.replace(`${marker}\n`, '').trim(),
  };
}

const load = await command(`docker load -i ${name}`, '@@bench-load-done');
const save = await command('docker save -o saved.tar bench:latest', '@@bench-save-done');
child.stdin.end();
await new Promise((resolve) => child.once('exit', resolve));
const savedBytes = statSync(path.join(hostDir, 'saved.tar')).size;
console.log(JSON.stringify({ load, save, savedBytes }));
