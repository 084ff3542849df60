#!/usr/bin/env node
// browser-bench.mjs ARCHIVE MODE...
//   MODE: offload (crypto.subtle.digest hashes the layer blobs) or core (sha2 inside wasm)
//   SOURCE=file (default: a File from <input type=file>, copied in, as the page takes files
//   under 256 MiB) | open (the same File opened by reference, as the page takes larger ones)
//   | fetch (8 MiB Range requests to the bench server): how the worker reads the archive
//
// Runs the wasm build in headless Chromium (playwright-core, /usr/bin/chromium), one fresh
// browser per mode: a tiny server on a free 127.0.0.1 port serves www/pkg/ (or $LAYERLAB_PKG), this directory's
// bench page and worker, and ARCHIVE at /archive (with Range requests); the worker reads
// the archive into the session, runs `docker load -i` and `docker save -o`, and reports the
// times. Memory, after each step (the worker collects garbage, then waits meanwhile): the
// renderer process's (the worker and its wasm memory live there) peak RSS during the step
// (VmHWM, reset through /proc/PID/clear_refs after reading it) and live RSS, and the wasm
// memory's size; and the largest summed RSS of all the browser's processes, sampled every
// 100 ms. Prints one JSON line per mode.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { descendants } from './procs.mjs';

const [archive, ...modes] = process.argv.slice(2);
if (!archive || modes.length === 0 || modes.some((m) => !['core', 'offload'].includes(m))) {
  console.error('usage: browser-bench.mjs ARCHIVE offload|core...');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const size = statSync(archive).size;
const source = process.env.SOURCE ?? 'file';
const useFile = source === 'file' || source === 'open';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
const routes = [
  ['/bench/', here],
  ['/www/pkg/', process.env.LAYERLAB_PKG ?? path.join(repo, 'www/pkg')],
  ['/www/', path.join(repo, 'www')],
];

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/archive') {
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m ? Math.min(Number(m[2]), size - 1) : size - 1;
    res.writeHead(m ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': end - start + 1,
      ...(m ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    createReadStream(archive, { start, end, highWaterMark: 1 << 20 }).pipe(res);
    return;
  }
  for (const [prefix, dir] of routes) {
    const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
    if (rest === null || rest.includes('/') || rest.startsWith('.') || !types[path.extname(rest)]) continue;
    try {
      const body = readFileSync(path.join(dir, rest));
      res.writeHead(200, { 'Content-Type': types[path.extname(rest)], 'Cache-Control': 'no-store' });
      res.end(body);
      return;
    } catch {
      break;
    }
  }
  res.writeHead(404).end('not found\n');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const flags = ['--js-flags=--expose-gc', '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
try {
  for (const mode of modes) {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
    let treePeak = 0;
    const sampler = setInterval(() => {
      treePeak = Math.max(treePeak, descendants(process.pid).reduce((s, p) => s + p.rss, 0));
    }, 100);
    let result;
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const renderer = {};
      await page.exposeFunction('benchMark', (name, wasmBytes, gc) => {
        const procs = descendants(process.pid).filter((p) => p.cmdline.includes('--type=renderer'));
        renderer[name] = { peakBytes: Math.max(0, ...procs.map((p) => p.hwm)), liveBytes: Math.max(0, ...procs.map((p) => p.rss)), wasmBytes, gc };
        for (const p of procs) {
          try {
            writeFileSync(`/proc/${p.pid}/clear_refs`, '5');
          } catch {
            renderer[name].peakNotReset = true;
          }
        }
      });
      await page.goto(`${base}/bench/bench.html`);
      await page.waitForFunction(() => window.benchReady === true);
      if (useFile) await page.setInputFiles('#archive', archive);
      try {
        result = await page.evaluate(([m, s, f, o]) => window.runBench(m, s, f, o), [mode, size, useFile, source === 'open']);
      } catch (err) {
        result = { mode, error: String(err?.message ?? err).split('\n')[0], pageErrors: errors };
      }
      result.renderer = renderer;
      result.browserTreePeakRssBytes = treePeak;
      result.chromium = browser.version();
    } finally {
      clearInterval(sampler);
      await browser.close();
    }
    console.log(JSON.stringify(result));
  }
} finally {
  server.close();
}
