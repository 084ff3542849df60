// scripts/serve.mjs: what it serves, with which headers, and what it refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { missing, startServer } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

// fetch() would normalise `..` away before sending; send the raw path instead.
function get(rawPath, method = 'GET') {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the page at / with no-cache', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(res.headers['cache-control'], 'no-cache');
  assert.match(res.body, /<title>layerlab<\/title>/);
});

test('serves www/ with the right types', async () => {
  assert.equal((await get('/www/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await get('/www/style.css')).headers['content-type'], 'text/css; charset=utf-8');
  const head = await get('/www/app.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});

test('serves the wasm as application/wasm when it is built', async (t) => {
  const res = await get('/www/pkg/layerlab_bg.wasm', 'HEAD');
  if (res.status === 404 && missing('www/pkg is not built (bash scripts/build-wasm.sh)', t)) return;
  assert.equal(res.headers['content-type'], 'application/wasm');
});

test('refuses paths outside index.html and www/', async () => {
  for (const p of [
    '/package.json', '/scripts/serve.mjs', '/.git/config', '/www/../package.json',
    '/www/%2e%2e/package.json', '/%2e%2e/%2e%2e/etc/passwd', '/www/..%2fpackage.json',
    '/www//app.js', '/www/%00', '/www/', '/www',
  ]) {
    const res = await get(p);
    assert.equal(res.status, 404, p);
  }
  assert.equal((await get('/www/%E0%A4%A')).status, 400);
  assert.equal((await get('/', 'POST')).status, 405);
});

test('the production build in dist/ runs on its own', { timeout: 60_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const { chromiumOptions } = await import('./helpers.mjs');
  const dist = await startServer({ root: 'dist' });
  const browser = await chromium.launch(chromiumOptions);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(dist.url);
    await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'), null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.layerlab.run('docker pull hello-world && docker images -q'));
    assert.equal(result.exitCode, 0);
    // Docker 29 by default: the ID is the pulled index's digest.
    assert.match(result.stdout, /^b3c81be9e126$/m);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await dist.stop();
  }
});
