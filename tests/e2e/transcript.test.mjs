// The golden transcripts of the core (crate/tests/golden/*.t, checked natively by cargo test
// and in wasm by wasm-pack test) typed into the page through window.layerlab, with the clock
// fixed by ?now= as the native tests fix it: the page must print exactly what they expect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, startServer, chromiumOptions } from './helpers.mjs';

const NOW = '2026-01-01T00:00:00Z'; // the clock of crate/tests/common (session_with)

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await chromium.launch(chromiumOptions);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The commands of a transcript with their expected blocks (see crate/tests/common/golden.rs). */
function parse(text) {
  const lines = text.split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('$ ')) continue;
    const expected = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== '' && !lines[j].startsWith('$ ')) expected.push(lines[j++]);
    steps.push({ line: i + 1, command: lines[i].slice(2), expected: expected.map((l) => `${l}\n`).join('') });
  }
  return steps;
}

/** Renders a result as the Rust harness does. */
function render({ stdout, stderr, exitCode }) {
  let s = stdout;
  if (s && !s.endsWith('\n')) s += '%no-newline\n';
  for (const l of stderr.split('\n').filter((x, k, all) => k < all.length - 1 || x !== '')) s += `! ${l}\n`;
  if (exitCode !== 0) s += `[${exitCode}]\n`;
  return s.split('\n').slice(0, -1).map((l) => `${l === '' ? '%blank' : l}\n`).join('');
}

for (const name of ['tutorial.t', 'notes.t', 'containers.t', 'build.t', 'everyday.t', 'pull29.t', 'build29.t', 'notes29.t', 'tutorial29.t']) {
  test(`the page prints golden/${name} exactly`, { timeout: 120_000 }, async () => {
    const text = await readFile(path.join(repoRoot, 'crate/tests/golden', name), 'utf8');
    assert.ok(!/^%(legacy|oci|tar) /m.test(text), 'transcripts with host-file directives need the Rust harness');
    // A context of its own: the page keeps its session in the origin's storage.
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // `%docker N`: the engine the transcript answers as, chosen as a user does, by URL.
    const docker = text.match(/^%docker (\d+)$/m)?.[1] ?? '28';
    await page.goto(`${server.url}?now=${NOW}&docker=${docker}`);
    await page.waitForFunction(() => window.layerlab);
    // `%columns N`, else 80: the width the transcript was made at (Docker 29's legend is
    // right-aligned to it).
    const cols = Number(text.match(/^%columns (\d+)$/m)?.[1] ?? 80);
    await page.waitForFunction(() => window.layerlab.cols() > 0);
    await page.evaluate((n) => window.layerlab.resize(n), cols);
    assert.equal(await page.evaluate(() => window.layerlab.cols()), cols);
    const steps = parse(text);
    assert.ok(steps.length > 3, `${name} has its commands`);
    for (const step of steps) {
      const result = await page.evaluate((line) => window.layerlab.run(line), step.command);
      assert.equal(render(result), step.expected, `${name}:${step.line}: $ ${step.command}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
