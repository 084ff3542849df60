// The first page in headless Chromium: upload a real `docker save` archive, see what
// `docker load` and `docker images` print, and use window.layerlab. Every test also checks that
// the page logged no error (CSP violations included) and sent no request off 127.0.0.1.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, fixture, startServer, chromiumOptions } from './helpers.mjs';

const archive = fixture('ggcr/test_image_1.tar');
const outDir = path.join(repoRoot, 'tests/out');
const TIMEOUT = 120_000;

let server;
let browser;
let context;
let page;
let problems; // console errors, page errors and off-machine requests of the current test

before(async () => {
  server = await startServer();
  browser = await chromium.launch(chromiumOptions);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(async () => {
  problems = [];
  context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') problems.push(`request to ${req.url()}`);
  });
  page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById('status').classList.contains('ok')
    || document.getElementById('status').classList.contains('error'));
  assert.equal(await page.textContent('#status'), 'ready', 'the wasm core loads in the worker');
});
afterEach(async () => {
  await context?.close();
  assert.deepEqual(problems, []);
});

/** Waits until the page is idle again and `count` commands have been shown; returns the output text. */
async function outputAfter(count) {
  await page.waitForFunction(
    (n) => !document.getElementById('run').disabled && document.querySelectorAll('#output .entry').length >= n,
    count,
    { timeout: 60_000 },
  );
  return page.textContent('#output');
}

/** The rows of a `docker images` table, as objects keyed by its header. */
function imagesTable(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s*$/.test(l));
  assert.notEqual(start, -1, `a docker images header in:\n${text}`);
  const rows = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.startsWith('$ ')) break;
    const [repository, tag, id] = line.split(/\s{2,}/);
    rows.push({ repository, tag, id });
  }
  return rows;
}

test('uploading an archive runs docker load and docker images', { timeout: TIMEOUT }, async () => {
  await page.setInputFiles('#file', archive);
  const text = await outputAfter(2);
  await mkdir(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, 'page.png'), fullPage: true });
  assert.match(text, /^\$ docker load -i test_image_1\.tar$/m);
  assert.match(text, /^Loaded image: bazel\/v1\/tarball:test_image_1$/m);
  assert.match(text, /^\$ docker images$/m);
  assert.deepEqual(
    imagesTable(text).filter((r) => r.repository === 'bazel/v1/tarball'),
    [{ repository: 'bazel/v1/tarball', tag: 'test_image_1', id: '6e0b05049ed9' }],
  );
  assert.equal(await page.isHidden('#progress'), true, 'the progress bar goes away');
});

test('a file name with spaces and quotes is quoted for the command line', { timeout: TIMEOUT }, async () => {
  const name = "it's a test;1.tar";
  await page.setInputFiles('#file', { name, mimeType: 'application/x-tar', buffer: await readFile(archive) });
  const text = await outputAfter(2);
  assert.match(text, /^\$ docker load -i 'it'\\''s a test;1\.tar'$/m);
  assert.match(text, /^Loaded image: bazel\/v1\/tarball:test_image_1$/m);
});

test('dropping a file onto the page loads it', { timeout: TIMEOUT }, async () => {
  const bytes = [...await readFile(archive)];
  const dataTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'dropped.tar'));
    return dt;
  }, bytes);
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  assert.equal(await page.evaluate(() => document.body.classList.contains('dragging')), true);
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  const text = await outputAfter(2);
  assert.match(text, /^\$ docker load -i dropped\.tar\nLoaded image: bazel\/v1\/tarball:test_image_1$/m);
  assert.equal(await page.evaluate(() => document.body.classList.contains('dragging')), false);
});

test('window.layerlab runs commands through the same worker', { timeout: TIMEOUT }, async () => {
  const bytes = [...await readFile(archive)];
  const [load, ids] = await page.evaluate(async (data) => {
    await window.layerlab.addFile('image.tar', new Uint8Array(data));
    return [await window.layerlab.run('docker load -i image.tar'), await window.layerlab.run('docker images -q')];
  }, bytes);
  assert.deepEqual(load, { stdout: 'Loaded image: bazel/v1/tarball:test_image_1\n', stderr: '', exitCode: 0 });
  assert.deepEqual(ids, { stdout: '6e0b05049ed9\n', stderr: '', exitCode: 0 });
});

test('the command line shows output as text, never as markup', { timeout: TIMEOUT }, async () => {
  const line = '<img src=x onerror="window.pwned=1"> --bad';
  await page.fill('#line', line);
  await page.press('#line', 'Enter');
  const text = await outputAfter(1);
  assert.ok(text.startsWith(`$ ${line}\n`), text);
  assert.match(text, /exit code [1-9]\d*/, 'an unknown command fails and its exit code shows');
  assert.equal(await page.locator('#output img').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
});
