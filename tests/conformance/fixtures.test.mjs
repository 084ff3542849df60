// `docker load` of the reference archives in ../shared/fixtures (written by
// other projects' tools: dive, go-containerregistry). The expectations are
// the table of fixtures/README.md, written out here; the first test checks
// that the table and this file name the same archives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  binaryProblem,
  describeRun,
  expectedLoadLines,
  idLines,
  layerlab,
  loadedLines,
  parseInspect,
  repoRoot,
  sha256,
  tarList,
  tarMember,
} from './helpers.mjs';

const FIXTURES = path.resolve(repoRoot, '../shared/fixtures');

const ID = {
  dive: 'sha256:75ae28b8ebf89b203319069ddcbecdf5c3838503bbebc0d0d85e4b8589c5de3a',
  kaniko: 'sha256:ae16a51058a758c7963b2f9b23d1acfa201ce9cbefc8cb93845f8cd934fb144d',
  oci: 'sha256:3eaccc100f866490f00ae82727b459a737af031dcf44c791d8aa714a70f24959',
  estargz: 'sha256:5c153971f5feeb018fab88c379f94ef9171ba1990163d32852fd27bf55ed5b74',
  hello: 'sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44',
  img1: 'sha256:6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e',
  img2: 'sha256:930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9',
  img3: 'sha256:d4c9adacde69c3d92446e0484cea29493e9fd573cf0c8febfc700d80c46697a4',
  whiteout: 'sha256:decb630649c3e1256345d416b228d6c3ceb387a55120ad44dc3ec992976d28b9',
  whiteoutDir: 'sha256:92f1e3d53acdc7e137e73869abc4e87aba6614440a31723423790ca0d5db9111',
  overwritten: 'sha256:68f6eb746cdb287658796ba120849bb77be87040a155fbefb89c96f109c0703a',
  emptyHistory: 'sha256:05b5ec1290589606ce19fabb1fb331f004acd9f618b9b4e813721be1a03a0712',
};

// images: in archive order, each {id, tags (familiar form)}; or error: the message.
const CASES = {
  'dive/test-docker-image.tar': { images: [{ id: ID.dive, tags: ['dive-test:latest'] }] },
  'dive/test-kaniko-image.tar': { images: [{ id: ID.kaniko, tags: ['dive-test:kaniko-latest'] }] },
  'dive/test-oci-uncompressed-image.tar': { images: [{ id: ID.oci, tags: [] }] },
  'dive/test-oci-gzip-image.tar': { images: [{ id: ID.oci, tags: [] }] },
  'dive/test-oci-zstd-image.tar': { images: [{ id: ID.oci, tags: [] }] },
  'dive/test-oci-estargz-image.tar': { images: [{ id: ID.estargz, tags: [] }] },
  'ggcr/hello-world-v25.tar': { images: [{ id: ID.hello, tags: [] }] },
  'ggcr/test_image_1.tar': { images: [{ id: ID.img1, tags: ['bazel/v1/tarball:test_image_1'] }] },
  'ggcr/test_image_2.tar': { images: [{ id: ID.img2, tags: ['bazel/v1/tarball:test_image_2'] }] },
  // README: "tags `test_image_2` and `test_image_1`". Its manifest.json RepoTags are
  // bare names without a tag; moby's load.go parses each with ParseNormalizedNamed
  // and requires a NamedTagged, else fails with `invalid tag "test_image_2"` after
  // creating the first image. layerlab prints Docker's error but keeps its rule that a
  // failed load adds nothing (Docker would leave the first image behind, untagged).
  'ggcr/test_bundle.tar': { error: 'invalid tag "test_image_2"', leaves: [] },
  'ggcr/test_link.tar': {
    images: [
      { id: ID.img1, tags: ['bazel/v1/tarball:test_image_1'] },
      { id: ID.img3, tags: ['bazel/v1/tarball:test_image_3'] },
    ],
  },
  'ggcr/whiteout_image.tar': { images: [{ id: ID.whiteout, tags: ['bazel/pkg/v1/mutate:whiteout_image'] }] },
  'ggcr/whiteout_dir.tar': { images: [{ id: ID.whiteoutDir, tags: ['localhost:5000/whiteout:latest'] }] },
  'ggcr/overwritten_file.tar': {
    images: [{ id: ID.overwritten, tags: ['bazel/pkg/v1/mutate:overwritten_file'] }],
  },
  'ggcr/source_image_with_empty_layer_history.tar': {
    images: [{ id: ID.emptyHistory, tags: ['bazel/pkg/v1/mutate:source_image'] }],
  },
  'ggcr/no_manifest.tar': { error: 'invalid archive: does not contain a manifest.json', leaves: [] },
  'ggcr/null_manifest.tar': { error: 'invalid manifest, manifest cannot be null (but can be [])', leaves: [] },
};

/** The config bytes of each image of an archive, read with GNU tar (manifest.json, else index.json). */
function configsOf(file) {
  const names = new Set(tarList(file));
  if (names.has('manifest.json')) {
    const manifest = JSON.parse(tarMember(file, 'manifest.json'));
    return manifest.map((m) => tarMember(file, m.Config));
  }
  const blob = (d) => tarMember(file, `blobs/sha256/${d.slice(7)}`);
  const out = [];
  const walk = (desc) => {
    const doc = JSON.parse(blob(desc.digest));
    if (doc.manifests) doc.manifests.forEach(walk);
    else out.push(blob(doc.config.digest));
  };
  JSON.parse(tarMember(file, 'index.json')).manifests.forEach(walk);
  return out;
}

describe('fixtures', () => {
  test('the README table names exactly these archives', () => {
    const readme = fs.readFileSync(path.join(FIXTURES, 'README.md'), 'utf8');
    const files = [...readme.matchAll(/^\| ((?:dive|ggcr)\/[^ |]+\.tar) \|/gm)].map((m) => m[1]);
    assert.deepEqual(files.sort(), Object.keys(CASES).sort());
  });

  const problem = binaryProblem();
  test('layerlab binary is built', () => assert.equal(problem, null, problem));

  for (const [file, want] of Object.entries(CASES)) {
    const full = path.join(FIXTURES, file);
    if (want.images) {
      test(`${file} loads`, { skip: problem ? 'the layerlab binary is missing' : false }, () => {
        const refs = want.images.map((i) => i.tags[0] ?? i.id);
        const r = layerlab(FIXTURES, [`docker load -i ${file}`, 'docker images -q --no-trunc', `docker inspect ${refs.join(' ')}`]);
        assert.equal(r.status, 0, describeRun(r));
        assert.deepEqual(loadedLines(r.stdout), expectedLoadLines(want.images), describeRun(r));
        const ids = [...new Set(want.images.map((i) => i.id))].sort();
        assert.deepEqual([...new Set(idLines(r.stdout))].sort(), ids, describeRun(r));
        const configs = configsOf(full);
        const inspect = parseInspect(r.stdout);
        want.images.forEach((img, i) => {
          assert.equal(inspect[i].Id, img.id);
          assert.deepEqual(inspect[i].RepoTags, img.tags);
          const cfg = configs.find((b) => sha256(b) === img.id);
          assert.ok(cfg, `no config in ${file} hashes to ${img.id}`);
          assert.deepEqual(inspect[i].RootFS, { Type: 'layers', Layers: JSON.parse(cfg).rootfs.diff_ids });
        });
      });
    } else {
      test(`${file} fails: ${want.error}`, { skip: problem ? 'the layerlab binary is missing' : false }, () => {
        const r = layerlab(FIXTURES, [`docker load -i ${file}`, 'docker images -q --no-trunc']);
        assert.equal(r.status, 1, describeRun(r));
        const lines = (r.stdout + r.stderr).split('\n');
        assert.ok(lines.some((l) => l.endsWith(want.error)), `expected the error \`${want.error}\`\n${describeRun(r)}`);
        assert.deepEqual(loadedLines(r.stdout), [], describeRun(r));
        assert.deepEqual(idLines(r.stdout), want.leaves, `docker images -q --no-trunc\n${describeRun(r)}`);
      });
    }
  }
});
