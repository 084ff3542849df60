// The explorer on a merged tree of a million paths:   node scripts/bench/explorer-bench.mjs [DIRS] [FILES]
//
// Writes (streamed, in a temporary directory) a `docker save` archive `million:latest` of two
// layers: each holds DIRS directories /srv/dNNNN with FILES empty files, the lower one the
// even-numbered files and the upper one the odd ones, so the upper layer's merged tree has
// DIRS * FILES files (default 1000 * 1000: 1,001,002 paths with the directories). It opens
// the page (served as `npm start` serves it) in headless Chromium, uploads the archive
// through the file input as a person would, and times what a person does next:
//   the load, up to the explorer showing /srv;
//   opening /srv (1,000 directories), then /srv/d0500 (1,000 files);
//   scrolling the tree to its end;
//   selecting the lower layer (the expanded directories are refetched at that layer);
//   filtering by a name that matches 1,000 paths, and by one that matches one;
//   sorting by size.
// For each step it prints the time until the result shows, the longest main-thread task
// (PerformanceObserver 'longtask': tasks of 50 ms or more, so "-" means none) and, at the end,
// the renderer's peak resident memory (VmHWM of the renderer processes: the page, its worker
// and the core's wasm memory live there). Not a test: the numbers go to BENCHMARKS.md.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, chromiumOptions } from '../../tests/e2e/helpers.mjs';
import { descendants } from './procs.mjs';

const DIRS = Number(process.argv[2] ?? 1000);
const FILES = Number(process.argv[3] ?? 1000);
const NOW = '2026-01-01T00:00:00Z';
const MTIME = Date.parse(NOW) / 1000;
const dirName = (d) => `srv/d${String(d).padStart(4, '0')}`;
const fileName = (d, f) => `${dirName(d)}/f${String(f).padStart(5, '0')}`;

/** A ustar header block for `name` (a directory when `dir`) with `size` bytes of data. */
function header(name, size, dir) {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'utf8');
  b.write(dir ? '0000755\0' : '0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  b.write(`${MTIME.toString(8).padStart(11, '0')}\0`, 136);
  b.write('        ', 148);
  b.write(dir ? '5' : '0', 156);
  b.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}

/**
 * The blocks of a layer: the directories and the files whose number has parity `parity`;
 * every 1000th file of the upper layer holds a few bytes, so sorting by size has work.
 */
function layerBlocks(parity) {
  const blocks = [header('srv/', 0, true)];
  for (let d = 0; d < DIRS; d++) {
    blocks.push(header(`${dirName(d)}/`, 0, true));
    for (let f = parity; f < FILES; f += 2) {
      const data = parity === 1 && f % 1000 === 1 ? Buffer.from('x'.repeat(1 + (d % 500))) : null;
      blocks.push(header(fileName(d, f), data?.length ?? 0, false));
      if (data) blocks.push(data, Buffer.alloc(512 - data.length));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

async function writeArchive(file) {
  const out = createWriteStream(file);
  const write = (b) => new Promise((resolve, reject) => out.write(b, (e) => (e ? reject(e) : resolve())));
  const entry = async (name, data) => {
    await write(header(name, data.length, false));
    await write(data);
    await write(Buffer.alloc((512 - (data.length % 512)) % 512));
  };
  const diffIds = [];
  for (const parity of [0, 1]) {
    const layer = layerBlocks(parity);
    diffIds.push(`sha256:${createHash('sha256').update(layer).digest('hex')}`);
    await entry(`${parity}/layer.tar`, layer);
  }
  const config = JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, created: NOW,
    history: diffIds.map((_, i) => ({ created: NOW, created_by: `COPY part${i} /srv` })),
    rootfs: { type: 'layers', diff_ids: diffIds },
  });
  const id = createHash('sha256').update(config).digest('hex');
  await entry(`${id}.json`, Buffer.from(config));
  await entry('manifest.json', Buffer.from(JSON.stringify([{ Config: `${id}.json`, RepoTags: ['million:latest'], Layers: ['0/layer.tar', '1/layer.tar'] }])));
  await write(Buffer.alloc(1024));
  await new Promise((resolve) => out.end(resolve));
}

const dir = await mkdtemp(path.join(tmpdir(), 'layerlab-explorer-bench-'));
const server = await startServer();
const browser = await chromium.launch(chromiumOptions);
const rows = [];
try {
  const file = path.join(dir, 'million.tar');
  let t0 = performance.now();
  await writeArchive(file);
  const size = (await stat(file)).size;
  console.error(`explorer-bench: ${file}: ${(size / 1e6).toFixed(0)} MB written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.url}?now=${NOW}`);
  await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'), null, { timeout: 60_000 });

  /** Runs `act`, waits for `done` (a page function), and records the step. */
  async function step(name, act, done, arg) {
    await page.evaluate(() => { window.longTasks = []; });
    const start = performance.now();
    await act();
    await page.waitForFunction(done, arg, { timeout: 600_000, polling: 16 });
    const ms = performance.now() - start;
    await page.waitForTimeout(300); // a task still running shows in the observer once it ends
    const tasks = await page.evaluate(() => window.longTasks);
    rows.push({ name, ms, longest: tasks.length ? Math.max(...tasks) : 0, count: tasks.length });
    console.error(`explorer-bench: ${name}: ${(ms / 1000).toFixed(2)} s, longest task ${tasks.length ? Math.max(...tasks).toFixed(0) : '-'} ms`);
  }
  const row = (p) => `#tab-explorer li[data-path="${p}"]`;
  const shows = (sel) => !!document.querySelector(sel);

  await step('load (upload to explorer showing /srv)', () => page.setInputFiles('#file', file), shows, row('/srv'));
  await step(`open /srv (${DIRS.toLocaleString('en-US')} directories)`, () => page.click(`${row('/srv')} button.name`), shows, row('/srv/d0000'));
  // The middle directory: the tree is virtual, so it is scrolled to as a person would (its
  // row is the 2 + MIDth: /srv, then its directories) before it can be clicked.
  const MID = Math.floor(DIRS / 2);
  const mid = `/${dirName(MID)}`;
  await page.evaluate((index) => {
    const d = document.querySelector('#tab-explorer .scroller');
    d.scrollTop = index * d.querySelector('li').offsetHeight - 100;
  }, 1 + MID);
  await page.waitForSelector(row(mid));
  await step(`open ${mid} (${FILES.toLocaleString('en-US')} files)`, () => page.click(`${row(mid)} button.name`), shows, row(`${mid}/f00000`));
  await step('scroll the tree to its end', () => page.evaluate(() => { const d = document.querySelector('#tab-explorer .scroller'); d.scrollTop = d.scrollHeight; }),
    shows, row(`/srv/d${String(DIRS - 1).padStart(4, '0')}`));
  await step('select the lower layer', () => page.click('#tab-explorer ol.layers li:nth-child(1) button'),
    (sel) => document.querySelector('#tab-explorer ol.layers li:nth-child(1)').classList.contains('selected') && !!document.querySelector(sel), row('/srv'));
  await step('select the upper layer again', () => page.click('#tab-explorer ol.layers li:nth-child(2) button'),
    () => document.querySelector('#tab-explorer ol.layers li:nth-child(2)').classList.contains('selected'));
  // A name in every directory, then one directory's (the filter matches names, as dive's does).
  const last = `f${String(FILES - 1).padStart(5, '0')}`;
  await step(`filter "${last}" (${DIRS.toLocaleString('en-US')} matches)`, () => page.fill('#tab-explorer input.filter', last),
    (last) => document.querySelectorAll(`#tab-explorer .explorer-body li[data-path$="/${last}"]`).length > 5, last);
  const one = dirName(MID).slice(4);
  await step(`filter "${one}" (one match)`, () => page.fill('#tab-explorer input.filter', one),
    ({ one, last }) => [...document.querySelectorAll('#tab-explorer .explorer-body li[data-path]')].some((li) => li.dataset.path.endsWith(`/${one}`))
      && !document.querySelector(`#tab-explorer .explorer-body li[data-path$="/${last}"]`), { one, last });
  await step('clear the filter', () => page.fill('#tab-explorer input.filter', ''), shows, row('/srv'));
  await step('sort by size', () => page.selectOption('#tab-explorer select.sort', 'size'),
    () => document.querySelector('#tab-explorer select.sort').value === 'size' && !!document.querySelector('#tab-explorer li[data-path="/srv"]'));
  const peak = Math.max(0, ...descendants(process.pid).filter((p) => p.cmdline.includes('--type=renderer')).map((p) => p.hwm));
  if (errors.length) throw new Error(`the page reported: ${errors.join('; ')}`);

  const paths = 1 + DIRS + DIRS * FILES + 1;
  console.log(`\n${paths.toLocaleString('en-US')} paths in the upper layer's tree (${DIRS} directories of ${FILES} files), archive ${(size / 1e6).toFixed(0)} MB, Chromium ${browser.version()}\n`);
  console.log('| step | seconds | longest main-thread task |');
  console.log('| --- | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${(r.ms / 1000).toFixed(2)} | ${r.count ? `${r.longest.toFixed(0)} ms (${r.count} over 50 ms)` : 'none over 50 ms'} |`);
  const { wasmBytes } = await page.evaluate(() => import('/www/core.js').then((m) => m.storage()));
  console.log(`\nrenderer peak resident memory: ${(peak / 1e6).toFixed(0)} MB (the core's wasm memory: ${(wasmBytes / 1e6).toFixed(0)} MB)`);
} finally {
  await browser.close();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
