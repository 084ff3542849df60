// The page with real registries (`?network=1`), in headless Chromium: Debian's
// docker-registry on 127.0.0.1, one instance sending the CORS headers of
// ../shared/REFERENCE-REGISTRY.md and one sending none, both filled by skopeo from a
// reference archive. A pull typed into the terminal fetches the image (the same digest and
// image ID skopeo sees), a push sends it back (skopeo reads the same config and layers), and
// a registry without CORS headers fails with the page's one-line explanation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, chromiumOptions, fixture, missing } from './helpers.mjs';

const TIMEOUT = 180_000;
const CORS = `  headers:
    Access-Control-Allow-Origin: ['*']
    Access-Control-Allow-Methods: ['GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS']
    Access-Control-Allow-Headers: ['Authorization, Accept, Content-Type, Content-Range, Range, Docker-Content-Digest']
    Access-Control-Expose-Headers: ['Docker-Content-Digest, Docker-Distribution-Api-Version, Docker-Upload-UUID, Location, Range, Content-Range, Content-Length, Content-Type, WWW-Authenticate, Link, ETag']
`;

const have = (cmd) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`]); return true; } catch { return false; } };
const lacking = !have('docker-registry') ? 'docker-registry (scripts/setup.sh --test)' : !have('skopeo') ? 'skopeo' : null;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function startRegistry(dir, name, cors) {
  const port = await freePort();
  const data = path.join(dir, `${name}-data`);
  await mkdir(data, { recursive: true });
  const config = path.join(dir, `${name}.yml`);
  await writeFile(config, `version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: ${data}}\nhttp:\n  addr: 127.0.0.1:${port}\n${cors ? CORS : ''}`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const up = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (up) break;
    if (i > 200) throw new Error('docker-registry did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { host: `127.0.0.1:${port}`, stop: () => child.kill() };
}

const skopeo = (...args) => execFileSync('skopeo', args, { encoding: 'utf8' });

let dir;
let withCors;
let withoutCors;
let server;
let browser;
before(async () => {
  if (lacking) return;
  dir = await mkdtemp(path.join(os.tmpdir(), 'layerlab-registry-e2e-'));
  withCors = await startRegistry(dir, 'cors', true);
  withoutCors = await startRegistry(dir, 'plain', false);
  for (const reg of [withCors, withoutCors]) {
    skopeo('copy', '--quiet', '--dest-tls-verify=false', `docker-archive:${fixture('dive/test-docker-image.tar')}`, `docker://${reg.host}/dive/test:1`);
  }
  server = await startServer();
  browser = await chromium.launch(chromiumOptions);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  withCors?.stop();
  withoutCors?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * A fresh browser context on the page at `query`: requests leaving 127.0.0.1, page errors
 * and console errors (but the browser's own report of a refused cross-origin request) go
 * to `problems`; `type(line)` types a line into the terminal and returns what it printed.
 */
async function openTerminal(query) {
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') problems.push(`request to ${req.url()}`);
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/CORS|Failed to load resource|NetworkError|XMLHttpRequest/.test(msg.text())) problems.push(`console error: ${msg.text()}`);
  });
  const ready = () => page.waitForFunction(() => document.getElementById('status').classList.contains('ok'), null, { timeout: 120_000 });
  await page.goto(`${server.url}${query}`);
  await ready();
  const screen = () => page.evaluate(() => window.layerlab.screen());
  const prompts = async () => (await screen()).filter((r) => r === '$' || r.startsWith('$ ')).length;
  // With `wait: false` it returns once the line is entered.
  async function type(line, { wait = true } = {}) {
    await page.click('#terminal');
    const before = await prompts();
    const rowsBefore = (await screen()).length;
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    if (!wait) return null;
    await page.waitForFunction((n) => {
      const rows = window.layerlab.screen();
      return rows.filter((r) => r === '$' || r.startsWith('$ ')).length > n && rows[rows.length - 1] === '$';
    }, before, { timeout: 120_000 });
    return (await screen()).slice(rowsBefore - 1, -1).join('\n');
  }
  return { context, page, problems, ready, screen, type };
}

test('with ?network=1 the terminal pulls from and pushes to a real registry; one without CORS headers is explained', { timeout: TIMEOUT, skip: missing(lacking) }, async () => {
  const { context, problems, type } = await openTerminal('?now=2026-01-01T00:00:00Z&network=1&docker=28');

  const src = `docker://${withCors.host}/dive/test:1`;
  const digest = JSON.parse(skopeo('inspect', '--tls-verify=false', src)).Digest;
  const raw = JSON.parse(skopeo('inspect', '--raw', '--tls-verify=false', src));
  const config = raw.config.digest;

  let out = await type(`docker pull ${withCors.host}/dive/test:1`);
  assert.match(out, /1: Pulling from dive\/test/);
  assert.ok(out.includes(`Digest: ${digest}`), out);
  assert.ok(out.includes(`Status: Downloaded newer image for ${withCors.host}/dive/test:1`), out);
  out = await type(`docker images --no-trunc --format '{{.ID}} {{.Digest}}' ${withCors.host}/dive/test`);
  assert.ok(out.includes(`${config} ${digest}`), out);

  await type(`docker tag ${withCors.host}/dive/test:1 ${withCors.host}/copy:2`);
  out = await type(`docker push ${withCors.host}/copy:2`);
  assert.ok(out.includes(`The push refers to repository [${withCors.host}/copy]`), out);
  assert.equal(out.split('\n').filter((l) => l.endsWith(': Mounted from dive/test')).length, raw.layers.length, out);
  assert.match(out, /2: digest: sha256:[0-9a-f]{64} size: \d+/);
  const pushed = JSON.parse(skopeo('inspect', '--raw', '--tls-verify=false', `docker://${withCors.host}/copy:2`));
  assert.equal(pushed.config.digest, config);
  assert.deepEqual(pushed.layers.map((l) => l.digest), raw.layers.map((l) => l.digest));

  out = await type(`docker pull ${withoutCors.host}/dive/test:1`);
  assert.ok(out.includes(`Error response from daemon: Get "http://${withoutCors.host}/v2/": the browser blocked the request: the registry does not allow requests from web pages (no CORS headers)`), out);
  await context.close();
  assert.deepEqual(problems, []);
});

// A tar of one file of `size` random bytes (gzip cannot shrink it), made with tar(1).
function randomTar(dir, name, size) {
  const tree = path.join(dir, `${name}-tree`);
  execFileSync('mkdir', ['-p', tree]);
  execFileSync('sh', ['-c', `head -c ${size} /dev/urandom > ${tree}/noise.bin`]);
  const tar = path.join(dir, `${name}.layer`); // not .tar: the page would docker load it
  execFileSync('tar', ['-cf', tar, '-C', tree, 'noise.bin']);
  return tar;
}

test('the Registries menu switches the network; a push shows its progress and Cancel stops it; a reload rebuilds pulled images from the journal with the registry gone', { timeout: 2 * TIMEOUT, skip: missing(lacking) }, async () => {
  const own = await startRegistry(dir, 'own', true);
  skopeo('copy', '--quiet', '--dest-tls-verify=false', `docker-archive:${fixture('dive/test-docker-image.tar')}`, `docker://${own.host}/dive/test:1`);
  const tar = randomTar(dir, 'big', 48 << 20);
  const { context, page, problems, ready, screen, type } = await openTerminal('?now=2026-01-01T00:00:00Z&docker=28');

  // Off by default: docker.io names come from the demo registries, without a request.
  let out = await type('docker pull alpine');
  assert.ok(out.includes('Status: Downloaded newer image for alpine:latest'), out);
  await page.click('#registries summary');
  await page.check('#net-on');
  await page.waitForFunction(() => /real registries/.test(document.getElementById('notice').textContent));
  await page.click('#registries summary');

  out = await type(`docker pull ${own.host}/dive/test:1`);
  const digest = JSON.parse(skopeo('inspect', '--tls-verify=false', `docker://${own.host}/dive/test:1`)).Digest;
  assert.ok(out.includes(`Digest: ${digest}`), out);

  // A 48 MiB layer goes up in PATCHes, one per step: the progress moves, and Cancel stops
  // the push before its manifest, so the registry has no such tag.
  await page.setInputFiles('#file', tar);
  await page.waitForFunction(() => document.getElementById('tab-files').textContent.includes('big.layer') && document.getElementById('progress').hidden, null, { timeout: 60_000 });
  out = await type(`docker import big.layer ${own.host}/big:1`);
  assert.match(out, /^sha256:[0-9a-f]{64}$/m);
  await type(`docker push ${own.host}/big:1`, { wait: false });
  await page.waitForFunction(() => {
    const p = document.getElementById('progress');
    const bar = document.getElementById('bar');
    return !p.hidden && bar.value > 0 && bar.value < bar.max && /Pushing|推送/.test(document.getElementById('progress-label').textContent);
  }, null, { timeout: 60_000, polling: 20 });
  await page.click('#cancel');
  await page.waitForFunction(() => window.layerlab.screen().at(-1) === '$', null, { timeout: 30_000 });
  out = await type('echo $?');
  assert.match(out, /^130$/m);
  assert.throws(() => skopeo('inspect', '--raw', '--tls-verify=false', `docker://${own.host}/big:1`), /manifest unknown/);

  // The whole push: the registry holds an image skopeo copies, checking every digest.
  out = await type(`docker push ${own.host}/big:1`);
  assert.match(out, /: Pushed$/m);
  const pushed = out.match(/1: digest: (sha256:[0-9a-f]{64}) size: \d+/);
  assert.ok(pushed, out);
  skopeo('copy', '--quiet', '--src-tls-verify=false', `docker://${own.host}/big:1`, `dir:${path.join(dir, 'big-copy')}`);
  const raw = JSON.parse(skopeo('inspect', '--raw', '--tls-verify=false', `docker://${own.host}/big:1`));
  assert.equal(raw.layers.length, 1);
  assert.ok(raw.layers[0].size > 48 << 20, JSON.stringify(raw));

  // docker login on the page's terminal asks for what it was not given; the password is
  // typed blind (docker/cli's PromptUserForCredentials with echo off).
  await page.click('#terminal');
  await page.keyboard.type(`docker login ${own.host}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.layerlab.screen().at(-1) === 'Username:', null, { timeout: 30_000 });
  await page.keyboard.type('learner');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.layerlab.screen().at(-1) === 'Password:', null, { timeout: 30_000 });
  await page.keyboard.type('hunter2');
  assert.equal((await screen()).at(-1), 'Password:');
  const before = (await screen()).length;
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.layerlab.screen().at(-1) === '$', null, { timeout: 30_000 });
  const login = (await screen()).slice(before - 2).join('\n');
  assert.ok(login.includes('Username: learner\nPassword:\n'), login);
  assert.ok(login.includes('Login Succeeded'), login);
  assert.ok(!login.includes('hunter2'), login);
  out = await type('cat .docker/config.json; echo');
  assert.ok(out.includes(`"${own.host}"`) && out.includes(Buffer.from('learner:hunter2').toString('base64')), out);

  const listing = await type('docker images --digests --format "{{.Repository}}:{{.Tag}} {{.Digest}} {{.ID}}"');
  // The registry goes away; a reload replays the session from its journal, answers included.
  own.stop();
  await page.reload();
  await ready();
  await page.waitForFunction(() => window.layerlab.screen().at(-1) === '$', null, { timeout: 120_000 });
  assert.equal(await page.isChecked('#net-on'), true);
  assert.equal(await type('docker images --digests --format "{{.Repository}}:{{.Tag}} {{.Digest}} {{.ID}}"'), listing);
  assert.ok(listing.includes(`${own.host}/dive/test:1 ${digest}`), listing);
  assert.ok(listing.includes(`${own.host}/big:1 ${pushed[1]}`), listing);
  // The login replayed from what the registry answered then, and its credentials are kept.
  out = await type('cat .docker/config.json; echo');
  assert.ok(out.includes(Buffer.from('learner:hunter2').toString('base64')), out);

  // Switched off again: the demo registries answer.
  await page.click('#registries summary');
  await page.uncheck('#net-on');
  await page.waitForFunction(() => /demo registries/.test(document.getElementById('notice').textContent));
  out = await type('docker pull busybox');
  assert.ok(out.includes('Status: Downloaded newer image for busybox:latest'), out);
  await context.close();
  assert.deepEqual(problems, []);
});
