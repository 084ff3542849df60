#!/usr/bin/env node
// A tiny static file server for the repository root (index.html, www/), for `npm start`
// and the browser tests. No dependencies; listens on 127.0.0.1 only.
//   PORT=8080 node scripts/serve.mjs     (PORT=0 picks a free port; ROOT=dist serves the build)
// Prints `listening on http://127.0.0.1:<port>/` once it accepts connections.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ROOT=dist serves the production build (npm run build) instead of the repository.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = process.env.ROOT ? path.resolve(repo, process.env.ROOT) : repo;
const host = '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

// Only what the page serves; anything else is not found.
const served = ['/index.html', '/www/'];
// The same policy as index.html's meta tag, also sent as a header: a meta tag does not reach
// the module worker, which is where the wasm is compiled.
// xterm.js measures its cells into <style> elements, hence 'unsafe-inline' for styles (never
// for scripts).
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; form-action 'none'";
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(text);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url, `http://${host}`).pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (urlPath === '/') urlPath = '/index.html';
  // path.posix.normalize removes every `..`; the checks below still refuse anything outside.
  const clean = path.posix.normalize(urlPath);
  if (urlPath.includes('\0') || clean !== urlPath || !served.some((p) => clean === p || (p.endsWith('/') && clean.startsWith(p)))) {
    return send(res, 404, 'not found\n');
  }
  const file = path.join(root, clean);
  if (!file.startsWith(root + path.sep)) return send(res, 404, 'not found\n');
  let info;
  try {
    info = await stat(file);
  } catch {
    return send(res, 404, 'not found\n');
  }
  if (!info.isFile()) return send(res, 404, 'not found\n');
  res.writeHead(200, {
    'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': csp,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => res.headersSent ? res.destroy() : send(res, 500, 'server error\n'));
});
server.listen(port, host, () => {
  console.log(`listening on http://${host}:${server.address().port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
