// Shared by the browser tests: the repository's paths, the static server, headless Chromium.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (name) => path.resolve(repoRoot, '../shared/fixtures', name);

/** Starts scripts/serve.mjs on a free port; resolves to { url, stop() }. */
export function startServer() {
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/serve.mjs')], {
    env: { ...process.env, PORT: '0' },
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
