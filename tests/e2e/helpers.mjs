// Shared by the browser tests: the repository's paths, the static server, headless Chromium.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// One rule for missing prerequisites in every test: skip outside CI, fail under CI.
export { missing } from '../conformance/helpers.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (name) => path.resolve(repoRoot, '../shared/fixtures', name);

/** Starts scripts/serve.mjs on a free port (serving `root`, default the repository); resolves to { url, stop() }. */
export function startServer({ root } = {}) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/serve.mjs')], {
    env: { ...process.env, PORT: '0', ...(root ? { ROOT: root } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`the server did not start: ${seen}`)), 10_000);
    const fail = (err) => { clearTimeout(timer); child.kill(); reject(err); };
    child.on('exit', (code) => fail(new Error(`the server exited with ${code}: ${seen}`)));
    child.stdout.on('data', (data) => {
      seen += data;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: match[1],
        stop: () => new Promise((done) => { child.once('exit', done); child.kill(); }),
      });
    });
  });
}

export const chromiumOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/** A ustar archive of regular files and directories: [{name, data?: string|Buffer, dir?: true}]. */
export function tarOf(entries) {
  const blocks = [];
  for (const e of entries) {
    const data = e.dir ? Buffer.alloc(0) : Buffer.from(e.data ?? '');
    const header = Buffer.alloc(512);
    header.write(e.name, 0, 100, 'utf8');
    header.write(e.dir ? '0000755\0' : '0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(`${(1767225600).toString(8).padStart(11, '0')}\0`, 136);
    header.write('        ', 148);
    header.write(e.dir ? '5' : '0', 156);
    header.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** The commands of a golden transcript (crate/tests/golden/*.t) with what the terminal shows after each. */
export function goldenSteps(text) {
  const lines = text.split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('$ ')) continue;
    const stdout = [];
    const stderr = [];
    let code = 0;
    let j = i + 1;
    for (; j < lines.length && lines[j] !== '' && !lines[j].startsWith('$ '); j++) {
      const l = lines[j];
      if (l.startsWith('! ')) stderr.push(l.slice(2));
      else if (/^\[\d+\]$/.test(l)) code = Number(l.slice(1, -1));
      else stdout.push(l === '%blank' ? '' : l);
    }
    steps.push({ line: i + 1, command: lines[i].slice(2), shown: [...stdout, ...stderr], code, noNewline: stdout.includes('%no-newline') });
  }
  return steps;
}
