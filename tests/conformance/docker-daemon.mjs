// A private Docker daemon for docker.test.mjs: Debian's docker.io (dockerd 20.10) in a
// temporary directory, driven by the Docker 28 CLI; and the archives the suite makes with it.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The first `docker` CLI on $PATH (or $DOCKER_CLI) whose client version is 28.x, or null. */
export function findCli() {
  const candidates = [];
  if (process.env.DOCKER_CLI) candidates.push(process.env.DOCKER_CLI);
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir) candidates.push(path.join(dir, 'docker'));
  }
  for (const c of candidates) {
    if (!fs.existsSync(c)) continue;
    const r = spawnSync(c, ['version', '--format', '{{.Client.Version}}'], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
      timeout: 10_000,
    });
    if (/^28\./.test(r.stdout.trim())) return { path: c, version: r.stdout.trim() };
  }
  return null;
}

export function findDockerd() {
  for (const dir of [...(process.env.PATH || '').split(':'), '/usr/sbin', '/usr/bin']) {
    const p = path.join(dir || '.', 'dockerd');
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts dockerd in a fresh short temporary directory (unix socket paths are limited to
 * 108 bytes). Returns {dir, pid, env, cli, version}, or throws with dockerd's log.
 */
export function startDaemon(cli, { timeoutMs = 40_000 } = {}) {
  const dockerd = findDockerd();
  if (!dockerd) throw new Error('dockerd is not installed (Debian package docker.io)');
  const dir = fs.mkdtempSync('/tmp/dk.');
  const log = fs.openSync(path.join(dir, 'dockerd.log'), 'a');
  const sock = path.join(dir, 'docker.sock');
  const child = spawn(
    dockerd,
    [
      '--storage-driver=vfs',
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--data-root', path.join(dir, 'root'),
      '--exec-root', path.join(dir, 'exec'),
      '--pidfile', path.join(dir, 'pid'),
      '-H', `unix://${sock}`,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  fs.closeSync(log);
  const daemon = { dir, pid: child.pid, env: { ...process.env, DOCKER_HOST: `unix://${sock}` }, cli };
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = spawnSync(cli, ['version', '--format', '{{.Server.Version}}'], {
      env: daemon.env,
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (r.status === 0 && r.stdout.trim()) {
      daemon.version = r.stdout.trim();
      return daemon;
    }
    if (!alive(child.pid) || Date.now() > until) {
      const text = fs.readFileSync(path.join(dir, 'dockerd.log'), 'utf8');
      stopDaemon(daemon);
      throw new Error(`dockerd did not answer \`docker version\` within ${timeoutMs / 1000} s:\n${text.slice(-3000)}`);
    }
    sleep(300);
  }
}

/** Stops the daemon by its pid (and its own containerd, if it outlives it) and removes its directory. */
export function stopDaemon(daemon) {
  if (!daemon) return;
  const containerdPidFile = path.join(daemon.dir, 'exec/containerd/containerd.pid');
  const containerdPid = fs.existsSync(containerdPidFile)
    ? Number(fs.readFileSync(containerdPidFile, 'utf8').trim())
    : 0;
  for (const pid of [daemon.pid, containerdPid]) {
    if (!pid || !alive(pid)) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {}
    const until = Date.now() + 15_000;
    while (alive(pid) && Date.now() < until) sleep(100);
    if (alive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  }
  // runc may leave mounts behind when a container was killed; unmount before removing.
  const mounts = fs
    .readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1])
    .filter((m) => m && m.startsWith(daemon.dir + '/'))
    .sort()
    .reverse();
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  fs.rmSync(daemon.dir, { recursive: true, force: true });
}

/** Runs the CLI; throws unless it succeeds. */
export function docker(daemon, args, { cwd } = {}) {
  const r = spawnSync(daemon.cli, args, { env: daemon.env, cwd, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Runs one command line in bash with the daemon's environment: {stdout, stderr, status}. */
export function dockerLine(daemon, line, cwd) {
  const r = spawnSync('bash', ['-c', line], {
    env: { ...daemon.env, PATH: `${path.dirname(daemon.cli)}:${process.env.PATH}` },
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Removes every container and image, so that each scenario starts from an empty daemon. */
export function resetDaemon(daemon) {
  const ids = docker(daemon, ['ps', '-aq']).split('\n').filter(Boolean);
  if (ids.length) docker(daemon, ['rm', '-f', ...ids]);
  const images = [...new Set(docker(daemon, ['images', '-aq', '--no-trunc']).split('\n').filter(Boolean))];
  if (images.length) docker(daemon, ['rmi', '-f', ...images]);
}

// ---------------------------------------------------------------------------------------
// Making the busybox rootfs

/** True when the ELF file has a PT_INTERP program header (is dynamically linked). */
function isDynamic(file) {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) throw new Error(`${file}: not a 64-bit ELF file`);
  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  const phnum = b.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * phentsize) === 3) return true;
  return false;
}

export const APPLETS = [
  'sh', 'ls', 'cat', 'echo', 'mkdir', 'rm', 'touch', 'mv', 'cp', 'chmod', 'ln', 'head', 'wc',
  'true', 'false', 'env', 'pwd', 'printf', 'sleep',
];

/**
 * A rootfs with /bin/busybox (from Debian's busybox-static; when only the dynamic busybox
 * package is installed, with the libraries it needs) and its applets as hardlinks.
 * Returns the path of a flat tar of it, made with fixed owners and times.
 */
export function busyboxRootfsTar(work) {
  const bb = process.env.BUSYBOX || '/bin/busybox';
  if (!fs.existsSync(bb)) throw new Error(`${bb} is missing: install Debian's busybox-static`);
  const root = path.join(work, 'busybox-rootfs');
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(root, 'etc'));
  fs.mkdirSync(path.join(root, 'tmp'));
  fs.chmodSync(path.join(root, 'tmp'), 0o1777);
  fs.copyFileSync(bb, path.join(root, 'bin/busybox'));
  fs.chmodSync(path.join(root, 'bin/busybox'), 0o755);
  if (isDynamic(bb)) {
    const ldd = spawnSync('ldd', [bb], { encoding: 'utf8' }).stdout;
    for (const m of ldd.matchAll(/(\/[^\s]+)/g)) {
      const lib = m[1];
      if (!fs.existsSync(lib)) continue;
      const to = path.join(root, lib);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(fs.realpathSync(lib), to);
    }
  }
  // Hardlinks, not symlinks: the two storage drivers count a symlink differently (see
  // EXPECTED_DIFFERENCES in docker.test.mjs); the links image covers symlinks.
  for (const a of APPLETS) fs.linkSync(path.join(root, 'bin/busybox'), path.join(root, 'bin', a));
  const out = path.join(work, 'busybox-rootfs.tar');
  flatTar(root, out);
  return out;
}

/** The image of symlinks and hardlinks: 180 bytes of regular files. */
export function linksRootfsTar(work) {
  const root = path.join(work, 'links-rootfs');
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data/a'), 'a'.repeat(99) + '\n'); // 100 bytes
  fs.writeFileSync(path.join(root, 'data/b'), 'b'.repeat(79) + '\n'); // 80 bytes
  fs.symlinkSync('a', path.join(root, 'data/rel-link'));
  fs.symlinkSync('/data/b', path.join(root, 'abs-link'));
  fs.symlinkSync('data', path.join(root, 'dir-link'));
  fs.linkSync(path.join(root, 'data/a'), path.join(root, 'data/hard-a'));
  fs.linkSync(path.join(root, 'data/b'), path.join(root, 'hard-b'));
  const out = path.join(work, 'links-rootfs.tar');
  flatTar(root, out);
  return out;
}

function flatTar(root, out) {
  const names = fs.readdirSync(root).sort();
  const r = spawnSync('tar', [
    '-C', root, '--sort=name', '--numeric-owner', '--owner=0', '--group=0',
    '--mtime=2024-01-01 00:00:00Z', '-cf', out, ...names,
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
}

/**
 * Rewrites the creation time of the single image in a `docker save` archive (legacy
 * format, as dockerd 20.10 writes it) to `created`: the config's `created` and its history
 * entries' times. Image IDs change accordingly. `docker import` stamps the time of the
 * import, which would make every CREATED column depend on seconds; a fixed old time makes
 * both sides print the same age. Returns the new image ID.
 */
export function rewriteCreated(archive, out, created) {
  const dir = fs.mkdtempSync(path.join(path.dirname(out), 'rewrite-'));
  const run = (args) => {
    const r = spawnSync('tar', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tar ${args.join(' ')}: ${r.stderr}`);
  };
  run(['-C', dir, '-xf', archive]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  if (manifest.length !== 1) throw new Error(`${archive}: expected one image`);
  const configName = manifest[0].Config;
  const config = JSON.parse(fs.readFileSync(path.join(dir, configName), 'utf8'));
  config.created = created;
  for (const h of config.history || []) h.created = created;
  const bytes = Buffer.from(JSON.stringify(config));
  const hex = crypto.createHash('sha256').update(bytes).digest('hex');
  fs.rmSync(path.join(dir, configName));
  fs.writeFileSync(path.join(dir, `${hex}.json`), bytes);
  manifest[0].Config = `${hex}.json`;
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  run(['-C', dir, '--sort=name', '-cf', out, ...fs.readdirSync(dir).sort()]);
  fs.rmSync(dir, { recursive: true, force: true });
  return `sha256:${hex}`;
}

// ---------------------------------------------------------------------------------------
// Reading tars

/**
 * The members of a tar file (ustar, GNU long names, PAX path/linkpath), in order:
 * {name, type, mode, uid, gid, size, link, data}. Names lose a leading `./` and a trailing `/`.
 */
export function readTar(file) {
  const buf = fs.readFileSync(file);
  const out = [];
  let off = 0;
  let longName = null;
  let longLink = null;
  let pax = {};
  const str = (b, s, n) => {
    const z = b.indexOf(0, s);
    return b.toString('utf8', s, z < 0 || z > s + n ? s + n : z);
  };
  const num = (b, s, n) => {
    if (b[s] & 0x80) {
      let v = 0n;
      for (let i = s + 1; i < s + n; i++) v = (v << 8n) | BigInt(b[i]);
      return Number(v);
    }
    const t = str(b, s, n).trim();
    return t ? parseInt(t, 8) : 0;
  };
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    const type = String.fromCharCode(h[156] || 0x30);
    const size = num(h, 124, 12);
    const data = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = str(data, 0, data.length);
      continue;
    }
    if (type === 'K') {
      longLink = str(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      let p = 0;
      const text = data;
      while (p < text.length) {
        const sp = text.indexOf(0x20, p);
        const len = parseInt(text.toString('utf8', p, sp), 10);
        const rec = text.toString('utf8', sp + 1, p + len - 1);
        const eq = rec.indexOf('=');
        pax[rec.slice(0, eq)] = rec.slice(eq + 1);
        p += len;
      }
      continue;
    }
    if (type === 'g') continue;
    const prefix = str(h, 345, 155);
    let name = longName ?? pax.path ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
    const link = longLink ?? pax.linkpath ?? str(h, 157, 100);
    name = name.replace(/^\.\//, '').replace(/\/$/, '');
    out.push({
      name,
      type,
      mode: num(h, 100, 8) & 0o7777,
      uid: num(h, 108, 8),
      gid: num(h, 116, 8),
      size,
      link: type === '1' || type === '2' ? link : '',
      data: Buffer.from(data),
    });
    longName = longLink = null;
    pax = {};
  }
  return out;
}
