// Shared helpers for the conformance tests: running the native layerlab
// binary, running the real container tools in a private offline storage,
// and reading members of tar archives (with GNU tar).
import { spawnSync, execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const BIN = path.join(repoRoot, 'target/release/layerlab');
export const NOW = '2025-06-01T12:00:00Z';
export const CI = Boolean(process.env.CI);

/**
 * A prerequisite a test found missing (a fixture, a tool, a built file), named by `why`.
 * Outside CI the test may skip, with `why` printed as the reason. Under CI (env CI set, as
 * .ci/run runs `npm test`) it fails, naming what is missing, so that a lost fixture cannot
 * turn tests into silent passes. The Rust tests follow the same rule (`common::missing` in
 * crate/tests/common/mod.rs). Every test that skips for something missing goes through here.
 *
 * - When registering tests: `{ skip: missing(why) }`. A falsy `why` gives `false` (run).
 *   Otherwise it gives `why` (skip, with the reason); under CI it also registers a failing
 *   test `missing: <why>`, and the tests that need the prerequisite are skipped.
 * - Inside a test: `if (missing(why, t)) return;` skips `t` outside CI and throws under CI.
 */
export function missing(why, t) {
  if (!why) return false;
  const failure = `${why}; under CI (env CI set) a missing prerequisite fails instead of skipping`;
  if (t) {
    if (CI) assert.fail(failure);
    t.skip(why);
    return true;
  }
  if (CI) test(`missing: ${why}`, () => assert.fail(failure));
  return why;
}

export function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Why the binary cannot run, or null. */
export function binaryProblem() {
  if (!fs.existsSync(BIN)) {
    return `${path.relative(repoRoot, BIN)} is missing: run \`cargo build --release\` first`;
  }
  return null;
}

/**
 * Runs one layerlab session: each element of `lines` is one command line.
 * Returns {status, stdout, stderr, script}.
 */
export function layerlab(host, lines, { now = NOW, docker = '28' } = {}) {
  const args = ['--host', host, '--docker', docker];
  if (now) args.push('--now', now);
  const r = spawnSync(BIN, args, {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout: 300_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, script: lines.join('\n') };
}

/** A message describing a session, for assertion failures. */
export function describeRun(r) {
  const cut = (s) => (s.length > 4000 ? s.slice(0, 4000) + '\n[...]' : s);
  return `session:\n${r.script}\nexit status: ${r.status}\nstdout:\n${cut(r.stdout)}\nstderr:\n${cut(r.stderr)}`;
}

/** The `Loaded image: ...` / `Loaded image ID: ...` lines of a session. */
export function loadedLines(stdout) {
  return stdout.split('\n').filter((l) => /^Loaded image( ID)?: /.test(l));
}

/** Full image IDs printed alone on a line (`docker images -q --no-trunc`). */
export function idLines(stdout) {
  return stdout.split('\n').filter((l) => /^sha256:[0-9a-f]{64}$/.test(l));
}

/** Parses the JSON array `docker inspect` printed; it must be the session's last output. */
export function parseInspect(stdout) {
  const m = /^\[/m.exec(stdout);
  if (!m) throw new Error(`no JSON array in output:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(stdout.slice(m.index));
}

/**
 * The lines `docker load` prints for the images of one archive, in order,
 * as moby's image/tarexport/load.go does: `Loaded image: <familiar ref>` per
 * tag; the `Loaded image ID:` lines (of every image) only when the last
 * image has no tags.
 */
export function expectedLoadLines(images) {
  const lines = [];
  for (const img of images) for (const t of img.tags) lines.push(`Loaded image: ${t}`);
  if (images.length && images[images.length - 1].tags.length === 0) {
    for (const img of images) lines.push(`Loaded image ID: ${img.id}`);
  }
  return lines;
}

/** Docker's normalised name of a reference: docker.io/library/x:t for x:t. */
export function normalizedName(ref) {
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) return ref;
  return slash < 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
}

/** The tag of a reference (the text after the last ':' following the last '/'). */
export function tagOf(ref) {
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return colon < 0 ? 'latest' : name.slice(colon + 1);
}

export function sha256(buf) {
  return 'sha256:' + crypto.createHash('sha256').update(buf).digest('hex');
}

/** One member of a tar archive, as a Buffer (GNU tar; follows no links). */
export function tarMember(archive, member) {
  return execFileSync('tar', ['--force-local', '-xOf', archive, member], {
    maxBuffer: 512 << 20,
  });
}

export function tarList(archive) {
  return execFileSync('tar', ['--force-local', '-tf', archive], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter(Boolean);
}

export function mkTemp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A private, offline configuration for skopeo/podman/umoci: vfs storage in
 * a fresh temporary directory, no search registries, a policy that accepts
 * anything. Returns {dir, env, policy}.
 */
export function containersEnv() {
  const dir = mkTemp('layerlab-containers-');
  for (const d of ['run', 'graph', 'tmp']) fs.mkdirSync(path.join(dir, d));
  fs.writeFileSync(
    path.join(dir, 'storage.conf'),
    `[storage]\ndriver = "vfs"\nrunroot = "${dir}/run"\ngraphroot = "${dir}/graph"\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'containers.conf'),
    `[engine]\nevents_logger = "none"\ncgroup_manager = "cgroupfs"\nimage_copy_tmp_dir = "${dir}/tmp"\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'registries.conf'),
    'unqualified-search-registries = []\nshort-name-mode = "disabled"\n',
  );
  const policy = path.join(dir, 'policy.json');
  fs.writeFileSync(policy, '{"default":[{"type":"insecureAcceptAnything"}]}\n');
  const env = {
    ...process.env,
    CONTAINERS_STORAGE_CONF: path.join(dir, 'storage.conf'),
    CONTAINERS_CONF: path.join(dir, 'containers.conf'),
    CONTAINERS_REGISTRIES_CONF: path.join(dir, 'registries.conf'),
    TMPDIR: path.join(dir, 'tmp'),
  };
  return { dir, env, policy, tmp: path.join(dir, 'tmp') };
}

/** skopeo's global options for a containersEnv(): its temporary files stay in the env's directory. */
export function skopeoArgs(cenv, ...args) {
  return ['--tmpdir', cenv.tmp, ...args];
}

/** Runs a tool; throws an Error carrying its stderr when it fails. */
export function tool(env, cmd, args, { cwd } = {}) {
  const r = spawnSync(cmd, args, { env, cwd, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 300_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed (${r.status}):\n${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

/** Same as tool(), but returns the raw stdout bytes. */
export function toolBytes(env, cmd, args) {
  const r = spawnSync(cmd, args, { env, maxBuffer: 256 << 20, timeout: 300_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed (${r.status}):\n${r.stderr}`);
  }
  return r.stdout;
}

export function rmrf(p) {
  fs.rmSync(p, { recursive: true, force: true });
}

/** The real container tools every conformance file needs. */
export const TOOLS = ['buildah', 'skopeo', 'podman', 'umoci'];

/**
 * Makes the tool-made archives once per test file (or reuses LAYERLAB_ARCHIVES=DIR).
 * Returns { missingTools, archives, setupError, temps }: `temps` are directories the
 * caller removes after its tests.
 */
export function makeArchives() {
  const missingTools = TOOLS.filter((t) => !which(t));
  const temps = [];
  let archives = null;
  let setupError = null;
  if (missingTools.length === 0) {
    if (process.env.LAYERLAB_ARCHIVES) {
      archives = path.resolve(process.env.LAYERLAB_ARCHIVES);
    } else {
      archives = mkTemp('layerlab-archives-');
      temps.push(archives);
      const r = spawnSync('bash', [path.join(here, 'make-archives.sh'), archives], {
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (r.status !== 0) setupError = `make-archives.sh failed (${r.status}):\n${r.stderr}${r.stdout}`;
    }
  }
  return { missingTools, archives, setupError, temps };
}
