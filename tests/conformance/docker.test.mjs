// Differential suite: the same command lines typed into layerlab's native binary and into
// the real Docker CLI (28.x) talking to a real daemon (Debian's docker.io, dockerd 20.10,
// started here in a temporary directory with vfs storage and no network).
//
// Both sides start from identical bytes: the archives are made with the real daemon
// (`docker import` of a busybox rootfs and of an image of symlinks and hardlinks, then
// `docker save`) or come from ../shared/fixtures, and the same files are loaded on both
// sides. Each scenario is one layerlab session (`--host DIR --now NOW`) and the same lines
// run one by one through bash against the daemon. Per line, stdout, stderr and whether it
// failed are compared EXACTLY, after the narrow normalisations named per step (random
// container IDs, ages of things made during the test). Lines that differ on purpose (the
// 20.10 daemon's texts against Docker 28's) are listed in EXPECTED_DIFFERENCES; every other
// difference fails. Steps whose fix lies in code this suite's branch may not touch are
// marked `todo` with TODO(issue 10).
//
// Needs the Docker 28 CLI (`docker`, or $DOCKER_CLI) and dockerd (Debian package docker.io,
// installed by scripts/setup.sh --test). Without them, or when dockerd cannot start, the
// file is skipped, except under CI (env CI set), where that is a failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CI, binaryProblem, layerlab, mkTemp, repoRoot, rmrf } from './helpers.mjs';
import {
  busyboxRootfsTar,
  docker,
  dockerLine,
  findCli,
  findDockerd,
  linksRootfsTar,
  readTar,
  resetDaemon,
  rewriteCreated,
  startDaemon,
  stopDaemon,
} from './docker-daemon.mjs';

const FIXTURES = path.resolve(repoRoot, '../shared/fixtures');
// The time the test images made with `docker import` get (see rewriteCreated).
// Distinct times: `docker images` orders rows of equal creation time at random.
const CREATED = { busybox: '2024-01-01T00:00:00Z', links: '2024-02-01T00:00:00Z' };

/** The fixtures the 20.10 daemon loads (it cannot load OCI-only archives: `open .../blobs/json`). */
const FIXTURE_FILES = {
  'dive.tar': 'dive/test-docker-image.tar',
  'kaniko.tar': 'dive/test-kaniko-image.tar',
  'hello-v25.tar': 'ggcr/hello-world-v25.tar',
  'test_link.tar': 'ggcr/test_link.tar',
  'whiteout_image.tar': 'ggcr/whiteout_image.tar',
  'whiteout_dir.tar': 'ggcr/whiteout_dir.tar',
  'overwritten_file.tar': 'ggcr/overwritten_file.tar',
  'empty_history.tar': 'ggcr/source_image_with_empty_layer_history.tar',
};

// ---------------------------------------------------------------------------------------
// Lines that differ on purpose: the daemon here is 20.10, layerlab follows a Docker 28
// daemon. `cmd` selects the steps (a RegExp over the command line), `docker` the real
// line (string or RegExp), `layerlab` what layerlab prints in its place (null: nothing).
// Each entry must still be needed: the last test fails on an entry that matched nothing.
export const EXPECTED_DIFFERENCES = [
  {
    cmd: /^docker run .*(nosuch|links cat)/,
    docker: /^docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: (exec: .*): unknown$/,
    layerlab: (m) =>
      `docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${m[1]}: unknown`,
    reason:
      'containerd 1.6/runc 1.1 (with dockerd 20.10) word the failed exec without "failed to create task for container:" and "error during container init:", which containerd 1.7/runc 1.2 (Docker 28) add',
  },
  {
    // The 180B of the brief's finding. moby's overlay2 ApplyDiff returns directory.Size of
    // the unpacked layer (lstat sizes: a symlink counts the length of its target, a
    // hardlinked inode once); vfs, as here, uses the naive diff driver, which adds up the
    // tar headers' sizes (a symlink counts 0). layerlab models overlay2, Docker 28's default.
    cmd: /./,
    docker: (line) => {
      const links = /\blinks\b|^180$|"Size": 180,/.test(line) || (LINKS_ID12 && line.includes(LINKS_ID12));
      const overwritten = /overwritten_file|68f6eb746cdb/.test(line);
      if (links) return line.replace(/\b180(B?)\b/g, '192$1'); // 12 bytes: targets a, /data/b, data
      if (overwritten) return line.replace(/\b8B\b/g, '15B'); // foo.txt -> bar.txt: 7 bytes
      return undefined;
    },
    reason:
      'symlink sizes: dockerd here runs the vfs driver (tar header sizes, a symlink counts 0); overlay2, which layerlab follows, counts a symlink by its target length',
  },
  {
    cmd: /^docker (image )?inspect nosuch/,
    docker: 'Error response from daemon: no such image: nosuch: No such image: nosuch:latest',
    layerlab: 'Error response from daemon: No such image: nosuch:latest',
    reason: 'dockerd 20.10 wraps the not-found error once more than Docker 28 does',
  },
  {
    cmd: /^docker create --name l1 links$/,
    docker: 'Error response from daemon: No command specified',
    layerlab: 'Error response from daemon: no command specified',
    reason: 'moby lower-cased the message after 20.10',
  },
  {
    cmd: /^saved /,
    docker: 'format: legacy (manifest.json, repositories, <dir>/layer.tar)',
    layerlab: 'format: docker 25+ (manifest.json, repositories, oci-layout, index.json, blobs/sha256)',
    reason: 'dockerd 20.10 writes the legacy save format; Docker 25+ writes an OCI layout plus manifest.json (moby image/tarexport/save.go)',
  },
  {
    cmd: /^saved /,
    docker: /^layers: .*\/layer\.tar/,
    layerlab: null,
    reason: 'where the layers live in the archive follows the format above; their digests are compared on the `layer` lines',
  },
  {
    cmd: /^saved /,
    docker: null,
    layerlab: /^layers: blobs\/sha256\//,
    reason: 'the same, on layerlab\'s side',
  },
];

// ---------------------------------------------------------------------------------------
// Normalisations, each applied to both sides' text of a step.

/** `docker create` / `run -d` print a random 64-hex container ID. */
const cid = (s) => s.replace(/^[0-9a-f]{64}$/gm, '<container id>');
/**
 * Ages of things made during the test (containers, committed images): the real daemon
 * answers seconds after it made them, layerlab's clock is fixed by --now.
 */
const recent = (s) =>
  s.replace(/\b(Less than a second|\d+ seconds?|About a minute) ago/g, '<moments> ago');
/** The real daemon's data root is a temporary directory; layerlab's is /var/lib/docker. */
const dataRoot = (s) => s.replace(/\/tmp\/dk\.[A-Za-z0-9]+\/root\b/g, '/var/lib/docker');
/** Container IDs in a daemon's error (`volume is in use - [ID]`) are random. */
const idsIn = (s) => s.replace(/\b[0-9a-f]{64}\b/g, '<container id>');
/** `docker commit` prints an ID that depends on the time of the commit. */
const commitId = (s) => s.replace(/^sha256:[0-9a-f]{64}$/gm, 'sha256:<commit id>');
/**
 * Docker lists images of equal creation time in no fixed order (the CLI sorts with an
 * unstable sort by Created): consecutive rows of images created at the same instant,
 * recognised by the short ID they show, are sorted. CREATED_OF maps short IDs to times.
 */
const CREATED_OF = new Map();
/** The links image's short ID (its creation time is rewritten at test time). */
let LINKS_ID12 = null;
function tieSort(s) {
  const lines = s.split('\n');
  const key = (l) => {
    const m = /(?:^|[^0-9a-f])(?:sha256:)?([0-9a-f]{12})/.exec(l);
    return m ? CREATED_OF.get(m[1]) ?? null : null;
  };
  const out = [];
  for (let i = 0; i < lines.length; ) {
    const k = key(lines[i]);
    let j = i + 1;
    while (k != null && j < lines.length && key(lines[j]) === k) j++;
    out.push(...lines.slice(i, j).sort());
    i = j;
  }
  return out.join('\n');
}

/** Column padding follows the widest cell, which a normalised age changes. */
const squeeze = (s) => s.replace(/ {3,}/g, '   ');

// ---------------------------------------------------------------------------------------
// Whole-JSON comparison of `docker image inspect`.

/**
 * Fields left out of the comparison of `docker image inspect`, and why.
 * Everything else is compared, key order included.
 */
export const INSPECT_EXCLUDED = {
  Container: 'only daemons before API 1.45 print it (a Docker 28 daemon omits it)',
  ContainerConfig: 'only daemons before API 1.45 print it (a Docker 28 daemon omits it)',
  VirtualSize: 'only daemons before API 1.44 print it (a Docker 28 daemon omits it)',
  GraphDriver: 'machine-specific: vfs here, overlay2 directories in layerlab',
  'Metadata.LastTagTime': 'the wall-clock time of the last `docker tag` (zero time compared as such)',
  Config:
    "compared apart: a 20.10 daemon prints every container.Config field (Hostname, AttachStdin, Image, ...), Docker 28.3+ only the image-config ones plus always-present empty Cmd/Entrypoint/Env/Labels/OnBuild/User/Volumes/WorkingDir; the non-empty image-config fields must be equal",
};

/** The image-config fields (DockerOCIImageConfig) of an inspect `Config`, non-empty only. */
function imageConfigFields(config) {
  const keep = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir', 'Labels', 'StopSignal', 'ArgsEscaped', 'Healthcheck', 'OnBuild', 'Shell'];
  const out = {};
  for (const k of keep) {
    const v = config?.[k];
    const empty = v == null || v === '' || v === false || (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Object.keys(v).length);
    if (!empty) out[k] = v;
  }
  return out;
}

function inspectView(text) {
  const m = /^\[/m.exec(text);
  if (!m) return text;
  let arr;
  try {
    arr = JSON.parse(text.slice(m.index));
  } catch {
    return text;
  }
  const view = arr.map((o) => {
    const out = {};
    for (const [k, v] of Object.entries(o)) {
      if (k in INSPECT_EXCLUDED) continue;
      out[k] = v;
    }
    if (o.Metadata) {
      const t = o.Metadata.LastTagTime;
      out.Metadata = { ...o.Metadata, LastTagTime: t === '0001-01-01T00:00:00Z' ? t : '<time of tag>' };
    }
    out['Config (image-config fields, non-empty)'] = imageConfigFields(o.Config);
    return out;
  });
  return text.slice(0, m.index) + JSON.stringify(view, null, 4) + '\n';
}

// ---------------------------------------------------------------------------------------
// Files the sessions write, summarised for comparison.

function saveSummary(file) {
  if (!fs.existsSync(file)) return `(no file ${path.basename(file)})`;
  const members = readTar(file);
  const byName = new Map(members.map((m) => [m.name, m]));
  const names = new Set(members.map((m) => m.name));
  const lines = [];
  lines.push(
    names.has('index.json') && names.has('oci-layout')
      ? 'format: docker 25+ (manifest.json, repositories, oci-layout, index.json, blobs/sha256)'
      : 'format: legacy (manifest.json, repositories, <dir>/layer.tar)',
  );
  const manifest = JSON.parse(byName.get('manifest.json').data.toString('utf8'));
  const hash = (b) => 'sha256:' + crypto.createHash('sha256').update(b).digest('hex');
  const follow = (name) => {
    let m = byName.get(name);
    for (let i = 0; m && m.type === '2' && i < 8; i++) {
      m = byName.get(path.posix.normalize(path.posix.join(path.posix.dirname(name), m.link)));
    }
    return m;
  };
  // The 20.10 daemon walks a Go map of images to write manifest.json (moby
  // image/tarexport/save.go), so its order of entries is random: both sides are compared
  // sorted by image ID.
  const entries = manifest
    .map((img) => ({ img, id: hash(follow(img.Config).data) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => e.img);
  for (const img of entries) {
    const config = follow(img.Config).data;
    lines.push(`image ${hash(config)} tags ${JSON.stringify(img.RepoTags ?? [])}`);
    const diffIds = JSON.parse(config.toString('utf8')).rootfs.diff_ids;
    lines.push(`layers: ${img.Layers.join(' ')}`);
    img.Layers.forEach((l, i) => {
      const got = hash(follow(l).data);
      lines.push(`layer ${i}: ${got}${got === diffIds[i] ? ' (= diffID)' : ` (diffID ${diffIds[i]})`}`);
    });
  }
  const repos = byName.get('repositories');
  if (repos) lines.push(`repositories names: ${Object.keys(JSON.parse(repos.data.toString('utf8'))).join(' ')}`);
  return lines.join('\n');
}

// Docker's init layer files whose contents are machine-specific: /etc/hostname holds the
// random container ID, /etc/hosts and /etc/resolv.conf the daemon's network setup.
const MACHINE_FILES = new Set(['etc/hostname', 'etc/hosts', 'etc/resolv.conf']);

function exportSummary(file) {
  if (!fs.existsSync(file)) return `(no file ${path.basename(file)})`;
  return readTar(file)
    .map((m) => {
      const what =
        m.type === '0' || m.type === '\0'
          ? MACHINE_FILES.has(m.name)
            ? 'file'
            : `file ${m.size} ${crypto.createHash('sha256').update(m.data).digest('hex').slice(0, 16)}`
          : m.type === '2'
            ? `symlink -> ${m.link}`
            : m.type === '1'
              ? `hardlink -> ${m.link}`
              : m.type === '5'
                ? 'dir'
                : `type ${m.type}`;
      return `${m.name} ${what} ${m.mode.toString(8)} ${m.uid}:${m.gid}`;
    })
    .sort()
    .join('\n');
}

// ---------------------------------------------------------------------------------------
// The scenarios. {BB} is the busybox image's hex ID, {BB12} its short ID.

const load = (...files) => files.map((f) => ({ cmd: `docker load -i ${f}` }));

const SCENARIOS = [
  {
    name: 'load, images, inspect, history',
    steps: [
      ...load('busybox.tar', 'links.tar', ...Object.keys(FIXTURE_FILES)),
      { cmd: 'docker load -i busybox.tar' },
      { cmd: 'docker images' },
      { cmd: 'docker images --no-trunc' },
      { cmd: 'docker images -q' },
      { cmd: 'docker images -a -q --no-trunc' },
      { cmd: 'docker images --digests' },
      { cmd: 'docker images dive-test' },
      { cmd: "docker images --filter 'reference=bazel/*'" },
      { cmd: 'docker images --filter dangling=true' },
      { cmd: "docker images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}} {{.CreatedSince}}'" },
      { cmd: "docker images --format 'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.Size}}'" },
      { cmd: "docker images --format '{{json .}}'" },
      ...['busybox', 'links', 'dive-test', 'dive-test:kaniko-latest', 'ee301c921b8a', 'bazel/v1/tarball:test_image_3', 'bazel/pkg/v1/mutate:source_image', 'localhost:5000/whiteout'].flatMap((i) => {
        return [
          { cmd: `docker image inspect ${i}`, view: inspectView },
          { cmd: `docker history ${i}` },
          { cmd: `docker history --no-trunc ${i}` },
        ];
      }),
      { cmd: 'docker history -H=false busybox' },
      { cmd: "docker history --format '{{.ID}} {{.Size}} {{.CreatedBy}}' dive-test:kaniko-latest" },
      {
        cmd: "docker inspect --format '{{json .Config}}' dive-test",
        todo: 'TODO(issue 10): layerlab prints the Config map with sorted keys and its always-present nulls; Docker 28\'s CLI marshals the typed DockerOCIImageConfig in field order, omitempty (fix in template.rs: a typed view for json)',
      },
      {
        cmd: "docker inspect --format '{{json .Config}}' busybox",
        todo: 'TODO(issue 10): as above',
      },
      { cmd: "docker inspect --format '{{.Id}} {{.Size}} {{.Os}}/{{.Architecture}} {{.RepoTags}} {{.Created}} {{.Comment}}' busybox links dive-test" },
      { cmd: "docker inspect --format '{{.Config.Cmd}} {{.Config.Env}} {{len .RootFS.Layers}}' dive-test" },
      { cmd: 'docker image inspect nosuch' },
      { cmd: 'docker inspect nosuch' },
    ],
  },
  {
    name: 'tag and rmi',
    steps: [
      ...load('busybox.tar', 'dive.tar', 'test_link.tar'),
      { cmd: 'docker tag busybox my/bb:v1' },
      { cmd: 'docker tag busybox:latest localhost:5000/bb' },
      { cmd: 'docker tag {BB12} bb-by-id' },
      { cmd: 'docker images' },
      { cmd: 'docker image inspect my/bb:v1', view: inspectView },
      { cmd: 'docker tag nosuch:1 x' },
      { cmd: 'docker tag busybox Bad:x' },
      { cmd: "docker tag busybox 'a b'" },
      { cmd: 'docker rmi {BB12}' },
      { cmd: 'docker rmi my/bb:v1' },
      { cmd: 'docker rmi localhost:5000/bb bb-by-id' },
      { cmd: 'docker rmi nosuch' },
      { cmd: 'docker rmi bazel/v1/tarball:test_image_3' },
      { cmd: 'docker rmi dive-test' },
      { cmd: 'docker images' },
      { cmd: 'docker rmi busybox' },
      { cmd: 'docker images -a' },
    ],
  },
  {
    name: 'save',
    steps: [
      ...load('busybox.tar', 'links.tar', 'dive.tar', 'kaniko.tar'),
      { cmd: 'docker save busybox -o saved-bb.tar' },
      { cmd: 'docker save dive-test:latest links -o saved-two.tar' },
      { cmd: 'docker save dive-test:kaniko-latest -o saved-kaniko.tar' },
      { cmd: 'docker save nosuch -o saved-x.tar' },
      { cmd: 'saved saved-bb.tar', file: 'saved-bb.tar', summary: saveSummary },
      { cmd: 'saved saved-two.tar', file: 'saved-two.tar', summary: saveSummary },
      { cmd: 'saved saved-kaniko.tar', file: 'saved-kaniko.tar', summary: saveSummary },
    ],
  },
  {
    name: 'containers',
    steps: [
      ...load('busybox.tar', 'links.tar', 'dive.tar'),
      { cmd: 'docker create --name c1 busybox echo hi', norm: cid },
      { cmd: "docker ps -a --format '{{.Names}}|{{.Image}}|{{.Command}}|{{.Status}}'" },
      { cmd: 'docker start c1' },
      { cmd: 'docker run --rm busybox echo hi' },
      { cmd: "docker run --rm busybox sh -c 'echo one; echo two >&2; mkdir -p /x/y && touch /x/y/z && ls /x/y'" },
      { cmd: "docker run --rm -e A=b -w /tmp busybox sh -c 'echo $A; pwd'" },
      { cmd: 'docker run --rm busybox false' },
      { cmd: "docker run --rm busybox sh -c 'exit 3'" },
      { cmd: 'docker run --rm dive-test cat /somefile.txt' },
      { cmd: "docker run --name c2 busybox sh -c 'mkdir /d && echo x > /d/f && rm /bin/cat && touch /etc/new && ln /d/f /d/l && echo appended >> /etc/new'" },
      // dockerd with vfs lists changes in Go map order (naive ChangesDirs); overlay2 walks
      // the upper directory in lexical order, as layerlab lists them
      { cmd: 'docker diff c2', norm: (s) => s.split('\n').sort((a, b) => (a.slice(2) < b.slice(2) ? -1 : 1)).join('\n') },
      { cmd: "docker commit -m 'a message' c2 committed:v1", norm: commitId },
      { cmd: 'docker history committed:v1', norm: (s) => squeeze(recent(s)).replace(/^[0-9a-f]{12}(?= +<moments> ago)/m, '<commit id>') },
      { cmd: "docker history --format '{{.CreatedBy}}|{{.Size}}|{{.Comment}}' committed:v1" },
      { cmd: "docker inspect --format '{{json .Config.Cmd}} {{json .Config.Env}} {{.Comment}} {{.Author}} {{len .RootFS.Layers}} {{.Size}}' committed:v1" },
      { cmd: 'docker export c2 -o c2.tar' },
      { cmd: 'exported c2.tar', file: 'c2.tar', summary: exportSummary },
      { cmd: 'docker run --rm busybox nosuch' },
      { cmd: 'docker run --rm links cat /data/a' },
      { cmd: "docker ps -a --format '{{.Names}}|{{.Image}}|{{.Command}}|{{.Status}}'", norm: recent },
      { cmd: "docker ps -a --format 'table {{.Names}}\\t{{.Image}}\\t{{.Status}}'", norm: (s) => squeeze(recent(s)) },
      { cmd: 'docker rm c1 c2' },
      { cmd: 'docker rmi busybox' },
      { cmd: 'docker images -a --format "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}"', norm: (s) => s.replace(/^(committed:v1) [0-9a-f]{12}/m, '$1 <commit id>') },
    ],
  },
  {
    name: 'volumes, stdin and processes that keep running',
    steps: [
      ...load('busybox.tar'),
      { cmd: 'docker volume create data' },
      { cmd: 'docker volume ls' },
      { cmd: 'docker volume inspect data', norm: (s) => dataRoot(s.replace(/"CreatedAt": "[^"]*"/, '"CreatedAt": "<time>"')) },
      { cmd: "docker volume inspect -f '{{.Name}} {{.Driver}} {{.Mountpoint}} {{.Scope}}' data", norm: dataRoot },
      { cmd: "docker run --rm -v data:/data busybox sh -c 'echo kept > /data/f'" },
      { cmd: 'docker run --rm -v data:/data:ro busybox cat /data/f' },
      { cmd: "docker run --rm -v data:/data:ro busybox sh -c 'echo no > /data/g'" },
      { cmd: "docker run --name v1 -v data:/data busybox sh -c 'echo x > /data/g; touch /h'" },
      { cmd: 'docker diff v1', norm: (s) => s.split('\n').sort().join('\n') },
      { cmd: "docker inspect -f '{{range .Mounts}}{{.Type}} {{.Name}} {{.Source}} {{.Destination}} {{.Driver}} {{.RW}}{{end}}' v1", norm: dataRoot },
      { cmd: 'docker volume rm data', norm: idsIn },
      { cmd: 'docker rm v1' },
      { cmd: 'docker run --rm -v data:/data busybox ls /data' },
      { cmd: 'docker volume rm data' },
      { cmd: 'docker volume ls -q' },
      // Standard input: each line a command for the shell, then the end of input.
      { cmd: "printf 'echo from stdin\\nexit 4\\n' | docker run -i --rm busybox sh" },
      { cmd: 'echo ls | docker run -i --rm busybox sh' },
      // A foreground sleep holds the terminal until it ends (layerlab's fixed clock jumps).
      { cmd: 'docker run --name n1 busybox sleep 1' },
      { cmd: "docker ps -a --format '{{.Names}} {{.Status}}'", norm: recent },
      // sleep as PID 1 ignores SIGTERM: stop waits its timeout and kills it.
      { cmd: 'docker run -d --name s1 busybox sleep 100', norm: cid },
      { cmd: 'docker stop -t 1 s1' },
      { cmd: "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' s1" },
      { cmd: 'docker run -d --name w1 busybox sleep 2', norm: cid },
      { cmd: 'docker wait w1' },
      { cmd: 'docker rm n1 s1 w1' },
    ],
  },
  {
    name: 'links image (symlinks and hardlinks)',
    steps: [
      ...load('links.tar'),
      { cmd: 'docker images' },
      { cmd: "docker image inspect --format '{{.Size}}' links" },
      { cmd: 'docker history links' },
      { cmd: 'docker create --name l1 links' },
      { cmd: 'docker create --name l2 links /nothing', norm: cid },
      { cmd: 'docker export l2 -o l2.tar' },
      { cmd: 'exported l2.tar', file: 'l2.tar', summary: exportSummary },
      { cmd: 'docker diff l2' },
    ],
  },
];

// ---------------------------------------------------------------------------------------
// Running both sides.

const MARK = '@@@';

/** One step's result: {out, err, failed}. */
function runLayerlab(host, steps, now) {
  const lines = [];
  steps.forEach((s, i) => {
    lines.push(`echo '${MARK} ${i}'`);
    if (s.file) return; // a file summary, no command
    lines.push(`${s.cmd} 2>.err || echo '${MARK} failed'`, `echo '${MARK} stderr'`, 'cat .err');
  });
  const r = layerlab(host, lines, { now });
  const results = [];
  let cur = null;
  let part = 'out';
  for (const line of r.stdout.split('\n')) {
    const m = new RegExp(`^${MARK} (\\d+|failed|stderr)$`).exec(line);
    if (m && /^\d+$/.test(m[1])) {
      cur = { out: '', err: '', failed: false };
      results[Number(m[1])] = cur;
      part = 'out';
    } else if (m && m[1] === 'failed') {
      cur.failed = true;
    } else if (m && m[1] === 'stderr') {
      part = 'err';
    } else if (cur) {
      cur[part] += line + '\n';
    }
  }
  for (const c of results) if (c) for (const k of ['out', 'err']) c[k] = c[k].replace(/\n$/, '');
  return { results, session: r };
}

function runDocker(daemon, cwd, steps) {
  return steps.map((s) => {
    if (s.file) return { out: '', err: '', failed: false };
    const r = dockerLine(daemon, s.cmd, cwd);
    return { out: r.stdout, err: r.stderr, failed: r.status !== 0 };
  });
}

function text(step, r, dir, side) {
  const view = (s) => (step.view ? step.view(s) : s);
  const norm = (s) => {
    s = s.replace(/\n+$/, '');
    if (/^docker images\b/.test(step.cmd)) s = tieSort(s);
    return step.norm ? step.norm(s) : s;
  };
  let body = step.file
    ? step.summary(path.join(dir, step.file))
    : `${norm(view(r.out))}${r.failed ? `\n[failed]` : ''}${r.err ? `\n[stderr]\n${norm(r.err)}` : ''}`;
  body = body.replace(/\n+$/, '');
  const used = [];
  const lines = [];
  for (const line of body.split('\n')) {
    let keep = true;
    EXPECTED_DIFFERENCES.forEach((d, i) => {
      if (!keep || !d.cmd.test(step.cmd)) return;
      // docker side: a `docker` line becomes layerlab's (or goes); layerlab side: only
      // layerlab-only lines (docker null) go.
      const pat = side === 'docker' ? d.docker : d.docker == null ? d.layerlab : null;
      if (pat == null) return;
      if (typeof pat === 'function') {
        const to = pat(line, step.cmd);
        if (to === undefined || to === line) return;
        keep = false;
        used.push(i);
        if (to !== null) lines.push(to);
        return;
      }
      const m = typeof pat === 'string' ? (line === pat ? [line] : null) : pat.exec(line);
      if (!m) return;
      keep = false;
      used.push(i);
      if (side === 'docker' && d.layerlab != null) {
        lines.push(typeof d.layerlab === 'function' ? d.layerlab(m) : d.layerlab);
      }
    });
    if (keep) lines.push(line);
  }
  return { text: lines.join('\n'), used };
}

const usedDifferences = new Set();

const problem = (() => {
  const p = binaryProblem();
  if (p) return p;
  if (!findCli()) return 'no Docker 28 CLI: `docker` on $PATH (or $DOCKER_CLI) must be version 28.x';
  if (!findDockerd()) return 'dockerd is missing: install Debian\'s docker.io (scripts/setup.sh --test)';
  return null;
})();

describe('differential: layerlab against a real Docker daemon', { concurrency: false }, () => {
  let daemon = null;
  let work = null;
  let startError = problem;
  let ids = {};

  before(() => {
    if (startError) return;
    work = mkTemp('layerlab-docker-');
    try {
      daemon = startDaemon(findCli().path);
      const archives = path.join(work, 'archives');
      fs.mkdirSync(archives);
      const made = [
        ['busybox', busyboxRootfsTar(work)],
        ['links', linksRootfsTar(work)],
      ];
      for (const [name, rootfs] of made) {
        docker(daemon, ['import', rootfs, `${name}:latest`]);
        const saved = path.join(work, `${name}.imported.tar`);
        docker(daemon, ['save', '-o', saved, `${name}:latest`]);
        ids[name] = rewriteCreated(saved, path.join(archives, `${name}.tar`), CREATED[name]);
      }
      LINKS_ID12 = ids.links.slice(7, 19);
      for (const [to, from] of Object.entries(FIXTURE_FILES)) {
        fs.copyFileSync(path.join(FIXTURES, from), path.join(archives, to));
      }
      for (const f of fs.readdirSync(archives)) {
        for (const m of readTar(path.join(archives, f))) {
          if (!/^(blobs\/sha256\/)?[0-9a-f]{64}(\.json)?$/.test(m.name)) continue;
          try {
            const c = JSON.parse(m.data.toString('utf8'));
            if (c.rootfs) CREATED_OF.set(crypto.createHash('sha256').update(m.data).digest('hex').slice(0, 12), c.created);
          } catch {}
        }
      }
      resetDaemon(daemon);
    } catch (e) {
      startError = `the real daemon could not be set up: ${e.message}`;
    }
  });

  after(() => {
    stopDaemon(daemon);
    if (work) rmrf(work);
  });

  const skipOrFail = (t) => {
    if (!startError) return false;
    if (CI) assert.fail(`under CI the differential suite must run: ${startError}`);
    t.skip(startError);
    return true;
  };

  for (const sc of SCENARIOS) {
    describe(sc.name, () => {
      let res = null;
      let hostL;
      let hostD;
      before(() => {
        if (startError) return;
        resetDaemon(daemon);
        const slug = sc.name.replace(/\W+/g, '-');
        hostL = path.join(work, `${slug}.layerlab`);
        hostD = path.join(work, `${slug}.docker`);
        for (const h of [hostL, hostD]) {
          fs.mkdirSync(h);
          for (const f of fs.readdirSync(path.join(work, 'archives'))) {
            fs.linkSync(path.join(work, 'archives', f), path.join(h, f));
          }
        }
        const fill = (s) => ({
          ...s,
          cmd: s.cmd.replaceAll('{BB12}', ids.busybox.slice(7, 19)).replaceAll('{BB}', ids.busybox.slice(7)),
        });
        const steps = sc.steps.map(fill);
        // Real first: layerlab's clock is then set to a time just after the real run, so
        // that ages of the archives' images (years) come out the same.
        const d = runDocker(daemon, hostD, steps);
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const l = runLayerlab(hostL, steps, now);
        res = { steps, d, l: l.results, session: l.session };
      });

      sc.steps.forEach((step, i) => {
        test(`${i}: ${step.cmd}`, { todo: step.todo }, (t) => {
          if (skipOrFail(t)) return;
          const s = res.steps[i];
          const d = text(s, res.d[i], hostD, 'docker');
          const lr = res.l[i];
          assert.ok(lr, `layerlab's session did not reach this step:\n${res.session.stderr.slice(-2000)}`);
          const l = text(s, lr, hostL, 'layerlab');
          d.used.concat(l.used).forEach((u) => usedDifferences.add(u));
          assert.equal(l.text, d.text, `\`${s.cmd}\`: layerlab (actual) against Docker (expected)`);
        });
      });
    });
  }

  describe('archives layerlab saved load into the real daemon', () => {
    test('docker load of layerlab\'s saved-two.tar gives the same IDs', (t) => {
      if (skipOrFail(t)) return;
      resetDaemon(daemon);
      const file = path.join(work, 'save.layerlab', 'saved-two.tar');
      const out = docker(daemon, ['load', '-i', file]);
      assert.equal(out, 'Loaded image: dive-test:latest\nLoaded image: links:latest\n');
      const got = docker(daemon, ['images', '--no-trunc', '--format', '{{.Repository}} {{.ID}}']).trim().split('\n').sort();
      assert.deepEqual(got, [
        'dive-test sha256:75ae28b8ebf89b203319069ddcbecdf5c3838503bbebc0d0d85e4b8589c5de3a',
        `links ${ids.links}`,
      ]);
    });
  });

  test('every expected difference is still seen', (t) => {
    if (skipOrFail(t)) return;
    const stale = EXPECTED_DIFFERENCES.filter((_, i) => !usedDifferences.has(i));
    assert.deepEqual(stale.map((d) => d.reason), [], 'EXPECTED_DIFFERENCES entries that matched nothing');
  });
});
