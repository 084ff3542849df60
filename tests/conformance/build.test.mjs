// `docker build` against a real builder: the same FROM scratch Dockerfile (COPY and ADD
// only: files, directories, globs, names with spaces, --chmod, numeric --chown, the
// destination rules, ADD of a plain and a gzipped tar, a .dockerignore) built by
// `buildah bud` and by layerlab's native binary, each image unpacked by `umoci unpack`
// from an OCI layout (buildah push oci:...; layerlab's `docker save`, which writes one),
// and the two root filesystems compared path by path: type, mode, owner, size, content,
// link target (tests/conformance/list-tree.sh; times left out).
//
// layerlab gets the context as a tar made by GNU tar from the same directory (owners
// 0:0, modes kept), as `docker build ctx.tar` sends it; buildah reads the directory.
// buildah commits the whole build as one layer and BuildKit one per step: only the
// merged trees are compared.
//
// Where buildah and BuildKit could differ, this file was checked against BuildKit's copy
// code (tonistiigi/fsutil copy.go): a directory copied to a missing destination makes it
// 0755, owned by --chown's owner or root (prepareTargetDir's MkdirAll), whatever the
// source directory's mode or --chmod; the parents a COPY --chown creates are the owner's.
// buildah does the same, so the trees must be equal. Left out: a glob that matches
// nothing (`COPY *.nothing /x/`), which BuildKit accepts and copies nothing for
// (AllowEmptyWildcard) while buildah 1.28 fails; crate/tests/build.rs checks BuildKit's way.
//
// Needs buildah and umoci (Debian packages) and target/release/layerlab (built here with
// `cargo build --release` when missing). Without the tools the file is skipped, except
// under CI (env CI set), where that is a failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, containersEnv, describeRun, here, layerlab, missing, mkTemp, repoRoot, rmrf, tool, which } from './helpers.mjs';

const TOOLS = ['buildah', 'umoci', 'tar'];
const missingTools = TOOLS.filter((t) => !which(t));
const temps = [];
after(() => temps.forEach(rmrf));

const DOCKERFILE = `FROM scratch
COPY a.txt /a.txt
COPY b.sh c.txt /multi/
COPY ["with space.txt", "/spaces/"]
COPY dir /dir-contents
COPY dir/ /dir-slash/
COPY emptydir /empty
COPY *.txt /glob/
COPY d?r/s* /glob-dir/
COPY --chmod=600 a.txt /chmod/a600
COPY --chmod=750 dir /chmod-dir/
COPY --chown=1000:1001 a.txt /owned/deep/
COPY --chown=42:42 dir /owned-dir/
COPY --chown=5:6 --chmod=640 b.sh /both
ADD arch.tar /unpacked/
ADD arch.tar.gz /unpacked-gz/
ADD c.txt /added.txt
COPY arch.tar /kept/
COPY a.txt /exists/
COPY b.sh /exists
COPY . /all/
`;

function write(file, text, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mode !== undefined) fs.chmodSync(file, mode);
}

/** The build context, on disk: files and directories with their own modes. */
function makeContext(root) {
  const ctx = path.join(root, 'ctx');
  write(path.join(ctx, 'Dockerfile'), DOCKERFILE, 0o644);
  write(path.join(ctx, '.dockerignore'), '*.md\n', 0o644);
  write(path.join(ctx, 'notes.md'), 'left out by .dockerignore\n', 0o644);
  write(path.join(ctx, 'a.txt'), 'a\n', 0o644);
  write(path.join(ctx, 'b.sh'), '#!/bin/sh\necho b\n', 0o755);
  write(path.join(ctx, 'c.txt'), 'c\n', 0o600);
  write(path.join(ctx, 'with space.txt'), 'sp\n', 0o644);
  fs.mkdirSync(path.join(ctx, 'emptydir'));
  write(path.join(ctx, 'dir/x'), 'x\n', 0o644);
  write(path.join(ctx, 'dir/exec'), '#!/bin/sh\n', 0o755);
  write(path.join(ctx, 'dir/sub/y'), 'y\n', 0o640);
  fs.symlinkSync('x', path.join(ctx, 'dir/link'));
  fs.chmodSync(path.join(ctx, 'dir/sub'), 0o711);
  fs.chmodSync(path.join(ctx, 'dir'), 0o750);
  // The archives ADD extracts: one plain with its own owners, one gzipped.
  const src = path.join(root, 'archive-src');
  write(path.join(src, 'pkg/bin/run'), 'run\n', 0o755);
  write(path.join(src, 'pkg/README'), 'readme\n', 0o644);
  fs.symlinkSync('bin/run', path.join(src, 'pkg/link'));
  fs.chmodSync(path.join(src, 'pkg/bin'), 0o700);
  tool(process.env, 'tar', ['-C', src, '--owner=7', '--group=8', '--numeric-owner', '-cf', path.join(ctx, 'arch.tar'), 'pkg']);
  tool(process.env, 'tar', ['-C', src, '--owner=0', '--group=0', '--numeric-owner', '-czf', path.join(ctx, 'arch.tar.gz'), 'pkg']);
  fs.chmodSync(path.join(ctx, 'arch.tar'), 0o644);
  fs.chmodSync(path.join(ctx, 'arch.tar.gz'), 0o644);
  return ctx;
}

/** `list-tree.sh` of an unpacked rootfs, as a Map path -> line. */
function listing(rootfs) {
  const out = tool(process.env, 'bash', [path.join(here, 'list-tree.sh'), rootfs]);
  const m = new Map();
  for (const line of out.split('\n').filter(Boolean)) {
    // type mode uid:gid links size-or-target sha-or-dash path (the path may hold spaces)
    const f = /^(?:\S+ ){6}(.*)$/.exec(line);
    assert.ok(f, `list-tree.sh line: ${line}`);
    m.set(f[1], line);
  }
  return m;
}

function unpack(layoutDir, tag, into) {
  const bundle = path.join(into, `bundle-${tag}`);
  tool(process.env, 'umoci', ['unpack', '--image', `${layoutDir}:${tag}`, bundle]);
  return path.join(bundle, 'rootfs');
}

/** buildah bud in private offline storage; the image pushed to an OCI layout. */
function buildWithBuildah(ctx, work) {
  const cenv = containersEnv();
  temps.push(cenv.dir);
  const env = { ...cenv.env, BUILDAH_ISOLATION: 'chroot' };
  tool(env, 'buildah', ['bud', '--isolation', 'chroot', '--pull-never', '--signature-policy', cenv.policy, '-t', 'localhost/conf:1', ctx]);
  const layout = path.join(work, 'buildah-layout');
  tool(env, 'buildah', ['push', '--signature-policy', cenv.policy, 'localhost/conf:1', `oci:${layout}:b`]);
  return unpack(layout, 'b', work);
}

/** layerlab: the context as a tar, `docker build`, `docker save` (an OCI layout). */
function buildWithLayerlab(ctx, work) {
  const host = path.join(work, 'host');
  fs.mkdirSync(host);
  tool(process.env, 'tar', ['-C', ctx, '--owner=0', '--group=0', '--numeric-owner', '-cf', path.join(host, 'ctx.tar'), '.']);
  const r = layerlab(host, ['docker build -q -t conf:1 ctx.tar', 'docker save -o saved.tar conf:1', 'docker history --no-trunc --format "{{.CreatedBy}}" conf:1']);
  assert.equal(r.status, 0, describeRun(r));
  const layout = path.join(work, 'layerlab-layout');
  fs.mkdirSync(layout);
  tool(process.env, 'tar', ['-C', layout, '-xf', path.join(host, 'saved.tar')]);
  return { rootfs: unpack(layout, '1', work), run: r };
}

if (missingTools.length > 0) {
  const msg = `the real tools are missing: ${missingTools.join(', ')} (apt-get install ${missingTools.join(' ')})`;
  test('docker build against buildah', { skip: missing(msg) }, () => {});
} else {
  let work;
  let ctx;
  before(() => {
    if (!fs.existsSync(BIN)) {
      const r = spawnSync('cargo', ['build', '--release'], { cwd: repoRoot, encoding: 'utf8', timeout: 1_800_000 });
      assert.equal(r.status, 0, `cargo build --release failed:\n${r.stderr}`);
    }
    work = mkTemp('layerlab-build-');
    temps.push(work);
    ctx = makeContext(work);
  });

  test('a FROM scratch COPY/ADD build: layerlab and buildah make the same tree', { timeout: 300_000 }, () => {
    const theirs = listing(buildWithBuildah(ctx, work));
    const { rootfs, run } = buildWithLayerlab(ctx, work);
    const ours = listing(rootfs);
    // Not two empty trees: what the Dockerfile must have made.
    for (const [p, start] of [
      ['a.txt', 'f 644 0:0'],
      ['multi/b.sh', 'f 755 0:0'],
      ['spaces/with space.txt', 'f 644 0:0'],
      ['dir-contents', 'd 755 0:0'],
      ['dir-contents/sub', 'd 711 0:0'],
      ['dir-contents/link', 'l 777 0:0 1 x'],
      ['empty', 'd 755 0:0'],
      ['glob-dir/y', 'f 640 0:0'],
      ['chmod/a600', 'f 600 0:0'],
      ['chmod-dir', 'd 755 0:0'],
      ['chmod-dir/x', 'f 750 0:0'],
      ['owned', 'd 755 1000:1001'],
      ['owned/deep/a.txt', 'f 644 1000:1001'],
      ['owned-dir/sub/y', 'f 640 42:42'],
      ['both', 'f 640 5:6'],
      ['unpacked/pkg/bin', 'd 700 7:8'],
      ['unpacked/pkg/link', 'l 777 7:8 1 bin/run'],
      ['unpacked-gz/pkg/bin/run', 'f 755 0:0'],
      ['added.txt', 'f 600 0:0'],
      ['kept/arch.tar', 'f 644 0:0'],
      ['exists/b.sh', 'f 755 0:0'],
      ['all/Dockerfile', 'f 644 0:0'],
    ]) {
      assert.ok(theirs.get(p)?.startsWith(start), `buildah: ${p}: ${theirs.get(p)}`);
    }
    assert.ok(!theirs.has('all/notes.md') && theirs.has('all/.dockerignore'), '.dockerignore applies');
    // Path by path.
    const paths = [...new Set([...theirs.keys(), ...ours.keys()])].sort();
    const diffs = paths.filter((p) => theirs.get(p) !== ours.get(p)).map((p) => `${p}\n  buildah:  ${theirs.get(p) ?? '(none)'}\n  layerlab: ${ours.get(p) ?? '(none)'}`);
    assert.deepEqual(diffs, [], `the trees differ:\n${diffs.join('\n')}\n${describeRun(run)}`);
    // BuildKit's history for the steps (buildah's is its own).
    const history = run.stdout.split('\n').filter((l) => / # buildkit$/.test(l));
    assert.equal(history.length, 20, run.stdout);
    assert.ok(history.includes('COPY --chown=5:6 --chmod=640 b.sh /both # buildkit'), run.stdout);
  });
}
