// Containers against the real tools: what a container holds is the rootfs that
// `umoci unpack` makes of its image, and what `docker commit` + `docker save`
// make of a container is what the container holds.
//
// For real multi-layer archives (make-archives.sh: buildah/umoci images exported by
// skopeo and podman) and for the reference archives in ../shared/fixtures:
//  1. `docker create` + `docker export` of the image equals `umoci unpack` of the same
//     archive (made an OCI layout by skopeo): per path the type, mode, owner, size,
//     sha256 of the content, link target, file mtime and hardlink group; the entries
//     of Docker's init layer aside, directory mtimes never compared.
//  2. A container changes the image (`docker run IMAGE sh -c ...`: new files, deletions
//     of lower files, a directory removed and made again, copy-ups, modes, owners,
//     links), `docker commit` and `docker save`: `umoci unpack` of the saved image
//     equals the container's `docker export`. layerlab's shell runs `sh` only when the
//     image has a file by that name in $PATH, as a real runtime needs; images without
//     one get a busybox-like layer (/bin/busybox and its applets as hardlinks) added by
//     buildah first.
//
// The tar listing of an export is read here (GNU, ustar and PAX headers) and checked
// as an archive too: valid header checksums, no path twice, directories before what
// they hold, hardlinks to earlier regular files.
//
// Needs buildah, skopeo, podman, umoci (Debian packages). Without them the file is
// skipped, except under CI (env CI set), where that is a failure.
// LAYERLAB_ARCHIVES=DIR reuses archives made earlier by make-archives.sh DIR.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  binaryProblem,
  containersEnv,
  describeRun,
  here,
  layerlab,
  mkTemp,
  repoRoot,
  rmrf,
  sha256,
  skopeoArgs,
  tool,
  toolBytes,
  makeArchives,
  missing,
} from './helpers.mjs';

const FIXTURES = path.resolve(repoRoot, '../shared/fixtures');
// The archives are made once, at import, so that the tests can be listed per file.
const { missingTools, archives, setupError, temps } = makeArchives();
after(() => temps.forEach(rmrf));


// ---------------------------------------------------------------------------
// What the containers do
// ---------------------------------------------------------------------------

/** Changes every container makes, whatever its image. */
const COMMON = [
  'echo new > /new.txt',
  'mkdir -p /d/e',
  'echo deep > /d/e/f',
  'ln -s ../new.txt /d/rel-link',
  'ln /new.txt /d/hard',
  'chmod 4711 /d/e/f',
  'chown 123:456 /d/e',
  'touch /d/empty',
];

/**
 * Per image: the changes to its own files (deletions of lower files, a directory
 * removed and made again, copy-ups for content, mode and owner, links), and what the
 * container must show afterwards (so that a comparison of two empty changes cannot pass).
 */
const CHANGES = {
  multi: {
    script: [
      'rm -f /etc/a.txt',
      'echo appended >> /etc/gone.txt',
      'chmod 0640 /data/kept.txt',
      'chown 1000:1000 /empty',
      'rm -rf /opq',
      'mkdir /opq',
      'echo again > /opq/x',
      'echo more >> /hard/one',
      'mv /utf8/中文.txt /utf8/moved-中文.txt',
      'rm -rf /long/deep',
      'rm /links/relative',
      'mkdir /links/relative',
      'ln -sf /etc/b.txt /links/absolute',
      'chmod 0700 /modes/sticky',
    ],
    expect: {
      'etc/a.txt': null,
      'etc/gone.txt': 'back again\nappended\n',
      'opq/x': 'again\n',
      'opq/new1': null,
      'opq/olddir': null,
      'utf8/中文.txt': null,
      'utf8/moved-中文.txt': '中文\n',
      'long/deep': null,
      'links/absolute': { link: '/etc/b.txt' },
      'links/relative': { type: 'd' },
      'data/kept.txt': { mode: 0o640 },
      'hard/one': 'one inode, two names\nmore\n',
      empty: { uid: 1000, gid: 1000 },
    },
  },
  crafted: {
    script: [
      'rm -rf /usr/share/very',
      'echo back > /keep/file',
      'chmod 0755 /keep',
      'echo v3 >> /opt/app/new1',
      'rm -rf /opt/app/sub2',
      'echo appended >> /keep/other',
      'rm /usr/share/abs-link',
      'mv /usr/share/ünïcödé.txt /srv/ünïcödé.txt',
    ],
    expect: {
      'usr/share/very': null,
      'keep/file': 'back\n',
      'opt/app/new1': 'app v2\nv3\n',
      'opt/app/sub2': null,
      'usr/share/abs-link': null,
      'srv/ünïcödé.txt': 'pax: non-ASCII name\n',
      // a write copies up one name of a hardlinked image file: the link breaks, as with
      // overlay2 (Docker mounts it with index=off)
      'keep/other': { content: 'stays\nappended\n', links: undefined },
      'keep/other-hardlink': { content: 'stays\n', links: undefined },
      keep: { mode: 0o755 },
    },
  },
  dive: {
    script: [
      'rm -rf /root/.data',
      'echo changed >> /somefile.txt',
      'chmod 0600 /root/saved.txt',
      'rm /bin/getconf',
      'rm /bin/vi',
      'rm -rf /var/spool',
      'mkdir /tmp/x',
      'chown 65534:65534 /tmp/x',
    ],
    expect: {
      'root/.data': null,
      'bin/getconf': null,
      'bin/vi': null,
      'var/spool': null,
      'root/saved.txt': { mode: 0o600 },
      'tmp/x': { type: 'd', uid: 65534 },
    },
  },
  whiteout_image: {
    script: ['chmod 0644 /bar.txt', 'echo more >> /bar.txt'],
    expect: { 'bar.txt': { mode: 0o644 } },
  },
  whiteout_dir: {
    script: ['rm -rf /a', 'mkdir /a', 'echo new > /a/new', 'rm /b/bar'],
    expect: { 'a/baz': null, 'a/new': 'new\n', 'b/bar': null },
  },
  overwritten_file: {
    script: ['rm /bar.txt', 'ln -sf /new.txt /foo.txt'],
    expect: { 'bar.txt': null, 'foo.txt': { link: '/new.txt' } },
  },
};

/** The applets the busybox-like layer provides, as hardlinks of /bin/busybox. */
const APPLETS = ['sh', 'cat', 'chmod', 'chown', 'cp', 'ln', 'ls', 'mkdir', 'mv', 'rm', 'touch'];

function suite() {
  const expected = JSON.parse(fs.readFileSync(path.join(archives, 'expected.json'), 'utf8'));
  const idOf = (image) => expected.find((e) => e.image === image).id;
  const cenv = containersEnv();
  temps.push(cenv.dir);
  cenv.env.BUILDAH_ISOLATION = 'chroot';

  test('layerlab binary is built', () => {
    const p = binaryProblem();
    assert.equal(p, null, p);
  });
  const skipBin = binaryProblem() ? 'the layerlab binary is missing' : false;

  // archive: docker-archive or oci-archive (skopeo's transport for it)
  const A = (f) => path.join(archives, f);
  const F = (f) => path.join(FIXTURES, f);
  const cases = [
    { name: 'multi, skopeo docker-archive', file: A('multi.skopeo-docker.tar'), transport: 'docker-archive', changes: 'multi', id: idOf('multi') },
    { name: 'multi, skopeo oci-archive (uncompressed layers)', file: A('multi.skopeo-oci-uncompressed.tar'), transport: 'oci-archive', id: idOf('multi') },
    { name: 'multi, podman docker-archive', file: A('multi.podman-docker.tar'), transport: 'docker-archive', id: idOf('multi') },
    { name: 'crafted, skopeo oci-archive', file: A('crafted.skopeo-oci.tar'), transport: 'oci-archive', changes: 'crafted', id: idOf('crafted') },
    { name: 'crafted, podman docker-archive', file: A('crafted.podman-docker.tar'), transport: 'docker-archive', id: idOf('crafted') },
    { name: 'fixture dive/test-docker-image.tar', file: F('dive/test-docker-image.tar'), transport: 'docker-archive', changes: 'dive' },
    { name: 'fixture ggcr/whiteout_image.tar', file: F('ggcr/whiteout_image.tar'), transport: 'docker-archive', changes: 'whiteout_image' },
    { name: 'fixture ggcr/whiteout_dir.tar', file: F('ggcr/whiteout_dir.tar'), transport: 'docker-archive', changes: 'whiteout_dir' },
    {
      name: 'fixture ggcr/overwritten_file.tar',
      file: F('ggcr/overwritten_file.tar'),
      transport: 'docker-archive',
      changes: 'overwritten_file',
      // The layer's tar header gives the symlink foo.txt mode 0755; on disk (overlay2,
      // umoci) a symlink is always 0777, and Docker's export lstat()s the rootfs.
    },
  ];

  let n = 0;
  for (const c of cases) {
    const k = ++n;
    const absent = missing(fs.existsSync(c.file) ? null : `${c.file} is missing`);
    describe(c.name, { skip: skipBin || absent }, () => {
      let ref = null; // the image as the tools see it: {id, config, tree}
      let refError = null;

      before(() => {
        try {
          ref = reference(cenv, c, `case${k}`);
        } catch (e) {
          refError = e;
        }
      });

      test('docker export of a new container equals umoci unpack of the image', { todo: c.exportTodo ?? false }, () => {
        if (refError) throw refError;
        if (c.id) assert.equal(ref.id, c.id, 'the config digest skopeo reads is the expected.json ID');
        const host = mkTemp('layerlab-export-');
        temps.push(host);
        fs.copyFileSync(c.file, path.join(host, 'image.tar'));
        const cfg = ref.config.config ?? {};
        const hasCommand = (cfg.Cmd ?? []).length > 0 || (cfg.Entrypoint ?? []).length > 0;
        const r = layerlab(host, [
          'docker load -i image.tar',
          `docker create --name ctr1 ${hasCommand ? '' : '--entrypoint sh '}${ref.id}`,
          'docker export ctr1 > c.tar',
          'docker export -o c2.tar ctr1',
        ]);
        assert.equal(r.status, 0, describeRun(r));
        const exported = path.join(host, 'c.tar');
        assert.ok(
          fs.readFileSync(exported).equals(fs.readFileSync(path.join(host, 'c2.tar'))),
          'docker export > FILE and docker export -o FILE differ',
        );
        const tar = readTarTree(exported);
        assertSameTree(ref.tree, tar, `umoci unpack of ${path.basename(c.file)}`, 'docker export ctr1');
        assertInitEntries(tar);
      });

      if (!c.changes) return;
      const { script, expect: wants } = CHANGES[c.changes];
      test('docker run (changes) + commit + save: umoci unpack of the saved image equals docker export', () => {
        if (refError) throw refError;
        const host = mkTemp('layerlab-commit-');
        temps.push(host);
        // an image with `sh` in its $PATH: the image itself, or the image plus a busybox-like layer
        const pathDirs = envPath(ref.config).split(':').filter(Boolean);
        const hasSh = pathDirs.some((d) => ref.tree.has(path.posix.join(d, 'sh').replace(/^\//, '')));
        let image;
        if (hasSh) {
          fs.copyFileSync(c.file, path.join(host, 'image.tar'));
          image = ref.id;
        } else {
          addShellLayer(cenv, c, ref.config, path.join(host, 'image.tar'), `localhost/with-sh-${k}:1`);
          image = `localhost/with-sh-${k}:1`;
        }
        const line = [...COMMON, ...script].join(' && ');
        const r = layerlab(host, [
          'docker load -i image.tar',
          `docker run --name work1 ${image} sh -c '${line}'`,
          'docker export work1 -o w.tar',
          'docker commit work1 committed:1',
          'docker save committed:1 -o s.tar',
          'docker inspect --format "{{json .RootFS.Layers}}" ' + image + ' committed:1',
        ]);
        assert.equal(r.status, 0, describeRun(r));
        const [baseLayers, newLayers] = r.stdout.trim().split('\n').slice(-2).map((l) => JSON.parse(l));
        assert.deepEqual(newLayers.slice(0, -1), baseLayers, 'commit keeps the image layers and adds one');
        assert.equal(newLayers.length, baseLayers.length + 1, 'commit adds exactly one layer');

        const view = readTarTree(path.join(host, 'w.tar'));
        checkChanges(view, wants);

        const layout = path.join(host, 'layout');
        fs.mkdirSync(layout);
        tool(process.env, 'tar', ['-xf', path.join(host, 's.tar'), '-C', layout]);
        const bundle = path.join(host, 'bundle');
        tool(process.env, 'umoci', ['unpack', '--image', `${layout}:1`, bundle]);
        const unpacked = walkTree(path.join(bundle, 'rootfs'));
        assertSameTree(unpacked, view, 'umoci unpack of the committed image (docker save committed:1)', 'docker export work1');
        // the init layer is not part of the container's layer (no script here writes there)
        const fromInit = [...INIT_FILES, ...INIT_DIRS].filter((p) => !ref.tree.has(p) && unpacked.has(p));
        assert.deepEqual(fromInit, [], 'docker commit must leave the init layer out');
      });
    });
  }
}

// ---------------------------------------------------------------------------
// The image as the tools see it
// ---------------------------------------------------------------------------

/** skopeo makes the archive an OCI layout; umoci unpacks it. Returns {id, config, tree}. */
function reference(cenv, c, tag) {
  const { env } = cenv;
  const dir = mkTemp('layerlab-ref-');
  temps.push(dir);
  const src = `${c.transport}:${c.file}`;
  const config = toolBytes(env, 'skopeo', skopeoArgs(cenv, 'inspect', '--config', '--raw', src));
  const layout = path.join(dir, 'layout');
  tool(env, 'skopeo', skopeoArgs(cenv, 'copy', '-q', '--policy', cenv.policy, src, `oci:${layout}:${tag}`));
  const bundle = path.join(dir, 'bundle');
  tool(env, 'umoci', ['unpack', '--image', `${layout}:${tag}`, bundle]);
  return { id: sha256(config), config: JSON.parse(config), tree: walkTree(path.join(bundle, 'rootfs')) };
}

/** The image of case c plus a layer with /bin/busybox and its applets (hardlinks), as docker-archive `out`. */
function addShellLayer(cenv, c, config, out, name) {
  const { env, policy } = cenv;
  const ctr = tool(env, 'buildah', ['from', '--pull-never', '--signature-policy', policy, `${c.transport}:${c.file}`]).trim();
  try {
    const mnt = tool(env, 'buildah', ['mount', ctr]).trim();
    fs.mkdirSync(path.join(mnt, 'bin'), { recursive: true, mode: 0o755 });
    const bb = path.join(mnt, 'bin/busybox');
    fs.writeFileSync(bb, '#!/bin/busybox (a stand-in: layerlab runs its own applets)\n', { mode: 0o755 });
    fs.chmodSync(bb, 0o755);
    for (const a of APPLETS) {
      const p = path.join(mnt, 'bin', a);
      rmrf(p);
      fs.linkSync(bb, p);
    }
    if (!envPath(config).split(':').includes('/bin')) {
      tool(env, 'buildah', ['config', '--env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ctr]);
    }
    tool(env, 'buildah', [
      'commit', '-q', '--signature-policy', policy, '--timestamp', '1704067200', ctr, `docker-archive:${out}:${name}`,
    ]);
  } finally {
    spawnSync('buildah', ['rm', ctr], { env });
  }
}

/** PATH of an image config (runc's default when it has none). */
function envPath(config) {
  const e = (config.config?.Env ?? []).find((v) => v.startsWith('PATH='));
  return e ? e.slice(5) : '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
}

// ---------------------------------------------------------------------------
// Trees: Map(path -> {type, mode, uid, gid, size, sha256, link, mtime, ino / group})
// path relative, no leading or trailing slash; type f d l p c b
// ---------------------------------------------------------------------------

/** An unpacked rootfs, by lstat. Hardlink groups from inode numbers. */
function walkTree(root) {
  const tree = new Map();
  const hashes = new Map(); // ino -> sha256
  const byIno = new Map();
  const walk = (rel) => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const full = path.join(root, p);
      const st = fs.lstatSync(full, { bigint: true });
      const e = {
        type: st.isFile() ? 'f' : st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFIFO() ? 'p' : st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : '?',
        mode: Number(st.mode & 0o7777n),
        uid: Number(st.uid),
        gid: Number(st.gid),
        mtime: Number(st.mtimeMs / 1000n),
      };
      if (e.type === 'f') {
        e.size = Number(st.size);
        if (!hashes.has(st.ino)) hashes.set(st.ino, fileHash(full));
        e.sha256 = hashes.get(st.ino);
        if (st.nlink > 1n) {
          if (!byIno.has(st.ino)) byIno.set(st.ino, []);
          byIno.get(st.ino).push(p);
        }
      }
      if (e.type === 'l') e.link = fs.readlinkSync(full);
      if (e.type === 'c' || e.type === 'b') e.rdev = Number(st.rdev);
      tree.set(p, e);
      if (e.type === 'd') walk(p);
    }
  };
  walk('');
  for (const names of byIno.values()) setGroup(tree, names);
  return tree;
}

function fileHash(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every member of a hardlink group records the whole group (sorted). */
function setGroup(tree, names) {
  const group = [...names].sort();
  for (const p of group) tree.get(p).links = group;
}

/**
 * The tree a tar archive describes, read from its headers (ustar, GNU long names and
 * links, PAX path/linkpath/size/uid/gid/mtime). Checks it as an archive as it goes.
 */
function readTarTree(file) {
  const buf = fs.readFileSync(file);
  const tree = new Map();
  const problems = [];
  const groups = new Map(); // target -> [names]
  const order = []; // every member's path, in archive order
  let off = 0;
  let longName = null;
  let longLink = null;
  let pax = {};
  let global = {};
  let ended = false;
  const str = (a, b) => {
    const s = buf.subarray(a, b);
    const z = s.indexOf(0);
    return (z < 0 ? s : s.subarray(0, z)).toString('utf8');
  };
  const num = (a, b) => {
    if (buf[a] & 0x80) {
      let v = BigInt(buf[a] & 0x7f);
      for (let i = a + 1; i < b; i++) v = (v << 8n) | BigInt(buf[i]);
      return Number(v);
    }
    const s = str(a, b).trim();
    return s ? parseInt(s, 8) : 0;
  };
  const clean = (p) => p.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) {
      ended = true;
      break;
    }
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    const at = `header at byte ${off}`;
    if (sum !== num(off + 148, off + 156)) problems.push(`${at}: bad checksum`);
    const flag = String.fromCharCode(h[156] || 0x30);
    const magic = buf.subarray(off + 257, off + 263).toString('latin1');
    let name = str(off, off + 100);
    const prefix = magic === 'ustar\0' ? str(off + 345, off + 500) : '';
    if (prefix) name = `${prefix}/${name}`;
    const hdr = {
      mode: num(off + 100, off + 108),
      uid: num(off + 108, off + 116),
      gid: num(off + 116, off + 124),
      size: num(off + 124, off + 136),
      mtime: num(off + 136, off + 148),
      link: str(off + 157, off + 257),
      rdev: [num(off + 329, off + 337), num(off + 337, off + 345)],
    };
    const merged = { ...global, ...pax };
    if (merged.size !== undefined) hdr.size = Number(merged.size);
    const dataStart = off + 512;
    const data = buf.subarray(dataStart, dataStart + hdr.size);
    if (dataStart + hdr.size > buf.length) problems.push(`${at}: data runs past the end of the archive`);
    off = dataStart + Math.ceil(hdr.size / 512) * 512;
    if (flag === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (flag === 'K') {
      longLink = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (flag === 'x' || flag === 'g') {
      const recs = parsePax(data);
      if (flag === 'x') pax = recs;
      else global = { ...global, ...recs };
      continue;
    }
    if (longName !== null) name = longName;
    if (longLink !== null) hdr.link = longLink;
    if (merged.path !== undefined) name = merged.path;
    if (merged.linkpath !== undefined) hdr.link = merged.linkpath;
    for (const k of ['uid', 'gid']) if (merged[k] !== undefined) hdr[k] = Number(merged[k]);
    if (merged.mtime !== undefined) hdr.mtime = Math.floor(Number(merged.mtime));
    longName = longLink = null;
    pax = {};

    const p = clean(name);
    order.push(p);
    if (p === '') continue; // the root itself
    if (tree.has(p)) problems.push(`${p}: in the archive twice`);
    const parent = path.posix.dirname(p);
    if (parent !== '.' && tree.get(parent)?.type !== 'd') {
      problems.push(`${p}: its directory ${parent} is not an earlier directory entry`);
    }
    const e = { mode: hdr.mode & 0o7777, uid: hdr.uid, gid: hdr.gid, mtime: hdr.mtime };
    switch (flag) {
      case '0':
      case '7':
        e.type = 'f';
        e.size = hdr.size;
        e.sha256 = crypto.createHash('sha256').update(data).digest('hex');
        break;
      case '1': {
        const target = clean(hdr.link);
        const t = tree.get(target);
        if (!t || t.type !== 'f') {
          problems.push(`${p}: hardlink to ${target}, which is not an earlier regular file`);
          e.type = 'f';
          e.hardlinkTo = target;
          break;
        }
        Object.assign(e, { type: 'f', mode: t.mode, uid: t.uid, gid: t.gid, size: t.size, sha256: t.sha256, mtime: t.mtime });
        const root = t.hardlinkRoot ?? target;
        e.hardlinkRoot = root;
        if (!groups.has(root)) groups.set(root, [root]);
        groups.get(root).push(p);
        break;
      }
      case '2':
        e.type = 'l';
        e.link = hdr.link;
        break;
      case '3':
      case '4':
        e.type = flag === '3' ? 'c' : 'b';
        e.rdev = hdr.rdev;
        break;
      case '5':
        e.type = 'd';
        break;
      case '6':
        e.type = 'p';
        break;
      default:
        problems.push(`${p}: unexpected type flag ${JSON.stringify(flag)}`);
        e.type = '?';
    }
    tree.set(p, e);
  }
  if (!ended) problems.push('no end-of-archive block');
  // the same members as GNU tar lists, in the same order (a check on this reader)
  const gnu = execFileSync('tar', ['--force-local', '--quoting-style=literal', '-tf', file], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter(Boolean)
    .map(clean);
  const at = order.findIndex((q, i) => q !== gnu[i]);
  if (at >= 0 || gnu.length !== order.length) {
    const i = at >= 0 ? at : Math.min(order.length, gnu.length);
    problems.push(`member ${i}: read as ${JSON.stringify(order[i])}, GNU tar lists ${JSON.stringify(gnu[i])}`);
  }
  for (const names of groups.values()) setGroup(tree, names);
  for (const e of tree.values()) delete e.hardlinkRoot;
  if (problems.length) assert.fail(`${file} is not a clean tar archive:\n${problems.slice(0, 40).join('\n')}`);
  return tree;
}

function parsePax(data) {
  const recs = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.subarray(i, sp).toString('latin1'), 10);
    if (!(len > 0)) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    recs[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return recs;
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

/** Files Docker's init layer puts in every container (and that docker commit leaves out). */
const INIT_FILES = ['.dockerenv', 'etc/hosts', 'etc/hostname', 'etc/resolv.conf', 'etc/mtab', 'dev/console'];
/** Directories the init layer makes when the image has none. */
const INIT_DIRS = ['dev', 'dev/pts', 'dev/shm', 'proc', 'sys', 'etc'];

/** The init layer's own entries are in an export: /.dockerenv, /etc/hosts, ... */
function assertInitEntries(tar) {
  const absentEntries = [...INIT_FILES, ...INIT_DIRS].filter((p) => !tar.has(p));
  assert.deepEqual(absentEntries, [], 'docker export lacks entries of the init layer');
  assert.equal(tar.get('etc/mtab').type, 'l');
  assert.equal(tar.get('etc/mtab').link, '/proc/mounts');
}

const FIELDS = ['type', 'mode', 'uid', 'gid', 'size', 'sha256', 'link', 'rdev', 'links', 'mtime'];

const show = (f, v) => {
  if (v === undefined) return '-';
  if (f === 'mode') return '0' + v.toString(8).padStart(3, '0');
  if (f === 'links') return v ? `[${v.length} names: ${v.slice(0, 4).join(' ')}${v.length > 4 ? ' ...' : ''}]` : 'none';
  if (f === 'mtime') return new Date(v * 1000).toISOString();
  return JSON.stringify(v);
};
const brief = (e) => `${e.type} ${show('mode', e.mode)} ${e.uid}:${e.gid}${e.size !== undefined ? ` ${e.size}B` : ''}${e.link ? ` -> ${e.link}` : ''}`;

/**
 * Compares two trees path by path; fails with every difference (path, field,
 * expected, actual). The init layer's entries aside: its files always, its directories
 * when only the export has them. Directory mtimes are not compared.
 */
function assertSameTree(want, got, wantName, gotName) {
  const diffs = [];
  const skip = (p, inWant) => INIT_FILES.includes(p) || (!inWant && INIT_DIRS.includes(p));
  const paths = [...new Set([...want.keys(), ...got.keys()])].sort();
  for (const p of paths) {
    const w = want.get(p);
    const g = got.get(p);
    if (skip(p, Boolean(w))) continue;
    if (!g) {
      diffs.push(`${p}: missing from ${gotName} (${wantName}: ${brief(w)})`);
      continue;
    }
    if (!w) {
      diffs.push(`${p}: only in ${gotName} (${brief(g)})`);
      continue;
    }
    for (const f of FIELDS) {
      if (f === 'mtime' && w.type === 'd') continue;
      let a = w[f];
      let b = g[f];
      if (f === 'links') {
        // group members that are init-layer files do not count
        a = a?.filter((x) => !INIT_FILES.includes(x));
        b = b?.filter((x) => !INIT_FILES.includes(x));
        if (a?.length < 2) a = undefined;
        if (b?.length < 2) b = undefined;
      }
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        let extra = '';
        if (f === 'links') {
          const only = (x, y) => (x ?? []).filter((n) => !(y ?? []).includes(n));
          extra = ` (only in ${wantName}'s group: ${only(a, b).join(' ') || '-'}; only in ${gotName}'s: ${only(b, a).join(' ') || '-'})`;
        }
        diffs.push(`${p}: ${f}: ${wantName} ${show(f, a)}, ${gotName} ${show(f, b)}${extra}`);
      }
    }
  }
  if (diffs.length) {
    const head = diffs.slice(0, 60).join('\n');
    assert.fail(`${diffs.length} difference(s) between ${wantName} and ${gotName} (path: field: expected, actual):\n${head}${diffs.length > 60 ? `\n[... ${diffs.length - 60} more]` : ''}`);
  }
}

/** The container's export shows what its script did. */
function checkChanges(view, wants) {
  const bad = [];
  for (const f of COMMON_EXPECT) wants = { ...wants, ...f };
  for (const [p, w] of Object.entries(wants)) {
    const e = view.get(p);
    if (w === null) {
      if (e) bad.push(`${p}: should be gone, is ${brief(e)}`);
      continue;
    }
    if (!e) {
      bad.push(`${p}: missing`);
      continue;
    }
    const { content, ...fields } = typeof w === 'string' ? { content: w } : w;
    if (content !== undefined) {
      const h = crypto.createHash('sha256').update(content).digest('hex');
      if (e.type !== 'f' || e.sha256 !== h) bad.push(`${p}: content is not ${JSON.stringify(content)} (${brief(e)})`);
    }
    for (const [k, v] of Object.entries(fields)) {
      if (JSON.stringify(e[k]) !== JSON.stringify(v)) bad.push(`${p}: ${k} ${show(k, e[k])}, want ${show(k, v)}`);
    }
  }
  assert.deepEqual(bad, [], 'the container did not make its changes');
}

/** What the COMMON changes leave in every container. */
const COMMON_EXPECT = [
  {
    'new.txt': 'new\n',
    'd/e/f': 'deep\n',
    'd/rel-link': { type: 'l', link: '../new.txt' },
    'd/hard': { links: ['d/hard', 'new.txt'] },
    'd/e': { type: 'd', uid: 123, gid: 456 },
    'd/empty': { type: 'f', size: 0 },
  },
];

// ---------------------------------------------------------------------------
// Run (last: the tables above must exist)
// ---------------------------------------------------------------------------
if (missingTools.length > 0) {
  const msg = `the real container tools are missing: ${missingTools.join(', ')} (apt-get install ${missingTools.join(' ')})`;
  test('containers against the real tools', { skip: missing(msg) }, () => {});
} else if (setupError) {
  test('make-archives.sh', () => assert.fail(setupError));
} else {
  suite();
}
