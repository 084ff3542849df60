// Conformance of layerlab's `docker load` / `docker save` with the real
// container tools. make-archives.sh builds images with buildah and umoci and
// exports them with skopeo and podman in every archive shape they write; this
// file loads each archive into the native binary, then saves images back and
// hands the result to skopeo, podman and umoci.
//
// Needs buildah, skopeo, podman, umoci (Debian packages). Without them the
// file is skipped, except under CI (env CI set), where that is a failure.
// LAYERLAB_ARCHIVES=DIR reuses archives made earlier by make-archives.sh DIR.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  binaryProblem,
  containersEnv,
  describeRun,
  expectedLoadLines,
  here,
  idLines,
  layerlab,
  loadedLines,
  mkTemp,
  normalizedName,
  parseInspect,
  rmrf,
  sha256,
  skopeoArgs,
  tagOf,
  tarList,
  tarMember,
  tool,
  toolBytes,
  makeArchives,
  missing,
} from './helpers.mjs';

// The archives are made once, at import, so that the tests can be listed per file.
const { missingTools, archives, setupError, temps } = makeArchives();
after(() => temps.forEach(rmrf));

if (missingTools.length > 0) {
  const msg = `the real container tools are missing: ${missingTools.join(', ')} (apt-get install ${missingTools.join(' ')})`;
  test('conformance with the real tools', { skip: missing(msg) }, () => {});
} else if (setupError) {
  test('make-archives.sh', () => assert.fail(setupError));
} else {
  suite();
}

function suite() {
  const expected = JSON.parse(fs.readFileSync(path.join(archives, 'expected.json'), 'utf8'));
  const trees = {};
  for (const name of ['multi', 'crafted']) {
    trees[name] = fs.readFileSync(path.join(archives, 'trees', `${name}.txt`), 'utf8').split('\n').filter(Boolean);
  }
  /** the entries of expected.json per file, in archive order */
  const byFile = new Map();
  for (const e of expected) {
    if (!byFile.has(e.file)) byFile.set(e.file, []);
    byFile.get(e.file).push(e);
  }
  const imageOf = (name) => expected.find((e) => e.image === name);

  test('layerlab binary is built', () => {
    const p = binaryProblem();
    assert.equal(p, null, p);
  });
  const skipBin = binaryProblem() ? 'the layerlab binary is missing' : false;

  test('make-archives.sh recorded every archive it wrote', () => {
    const onDisk = fs.readdirSync(archives).filter((f) => /\.tar(\.gz)?$/.test(f)).sort();
    assert.deepEqual([...byFile.keys()].sort(), onDisk);
    for (const e of expected) {
      assert.match(e.id, /^sha256:[0-9a-f]{64}$/);
      assert.ok(e.diffIds.length > 0);
    }
  });

  // -------------------------------------------------------------------------
  // docker load of every archive the tools wrote
  // -------------------------------------------------------------------------
  describe('docker load', { skip: skipBin }, () => {
    for (const [file, images] of byFile) {
      test(`${file} (${images[0].made})`, () => {
        const refs = images.map((img) => img.tags[0] ?? img.id);
        const r = layerlab(archives, [
          `docker load -i ${file}`,
          'docker images -q --no-trunc',
          `docker inspect ${refs.join(' ')}`,
        ]);
        assert.equal(r.status, 0, describeRun(r));
        assert.deepEqual(loadedLines(r.stdout), expectedLoadLines(images), describeRun(r));
        const ids = [...new Set(images.map((i) => i.id))].sort();
        assert.deepEqual([...new Set(idLines(r.stdout))].sort(), ids, `docker images -q --no-trunc\n${describeRun(r)}`);
        const inspect = parseInspect(r.stdout);
        assert.equal(inspect.length, images.length);
        images.forEach((img, i) => {
          assert.equal(inspect[i].Id, img.id, `Id of ${refs[i]}`);
          assert.deepEqual(inspect[i].RootFS, { Type: 'layers', Layers: img.diffIds }, `RootFS of ${refs[i]}`);
          // every tag of this image that the archive named (another image of the same archive may hold none of them)
          const tags = new Set(images.filter((o) => o.id === img.id).flatMap((o) => o.tags));
          assert.deepEqual([...inspect[i].RepoTags].sort(), [...tags].sort(), `RepoTags of ${refs[i]}`);
        });
      });
    }

    for (const file of ['multi.skopeo-docker.tar', 'multi.skopeo-docker.tar.gz', 'multi.skopeo-oci-zstd.tar']) {
      test(`docker load < ${file}`, () => {
        const images = byFile.get(file);
        const r = layerlab(archives, [`docker load < ${file}`, 'docker images -q --no-trunc']);
        assert.equal(r.status, 0, describeRun(r));
        assert.deepEqual(loadedLines(r.stdout), expectedLoadLines(images), describeRun(r));
        assert.deepEqual([...new Set(idLines(r.stdout))], [images[0].id], describeRun(r));
      });
    }

    test('loading the same image from every shape gives one image', () => {
      const files = [...byFile.keys()];
      const r = layerlab(archives, [...files.map((f) => `docker load -i ${f}`), 'docker images -q --no-trunc']);
      assert.equal(r.status, 0, describeRun(r));
      const ids = [...new Set(expected.map((e) => e.id))].sort();
      assert.deepEqual([...new Set(idLines(r.stdout))].sort(), ids, describeRun(r));
    });
  });

  // -------------------------------------------------------------------------
  // docker save, checked by the real tools
  // -------------------------------------------------------------------------
  const multi = imageOf('multi');
  const crafted = imageOf('crafted');
  const saveCases = [
    {
      name: 'multi, by tag',
      archive: 'multi.skopeo-docker.tar',
      images: [{ ...multi, ref: 'localhost/layerlab-conf:multi' }],
    },
    {
      name: 'crafted (opaque dir, gnu/pax names), by tag',
      archive: 'crafted.skopeo-oci.tar',
      load: 'docker load -i crafted.skopeo-docker.tar',
      images: [{ ...crafted, ref: 'localhost/layerlab-conf:crafted' }],
    },
    {
      name: 'untagged, by ID (loaded from zstd OCI)',
      archive: 'multi.skopeo-oci-zstd.tar',
      images: [{ ...multi, ref: multi.id }],
    },
    {
      name: 'two images, familiar and registry:port names',
      archive: 'both.podman-multi.tar',
      load: 'docker load -i familiar.podman-docker.tar',
      images: [
        { ...multi, ref: 'layerlab-multi:latest' },
        { ...crafted, ref: 'example.com:5000/team/app:v1.2' },
      ],
    },
  ];

  for (const c of saveCases) {
    describe(`docker save: ${c.name}`, { skip: skipBin }, () => {
      const refs = c.images.map((i) => i.ref);
      const tagged = (i) => !i.ref.startsWith('sha256:');
      let host, out, saveRun, toolsEnv;

      before(() => {
        host = mkTemp('layerlab-save-');
        temps.push(host);
        fs.copyFileSync(path.join(archives, c.archive), path.join(host, c.archive));
        const loads = [`docker load -i ${c.archive}`];
        if (c.load) {
          const f = c.load.split(' ').pop();
          fs.copyFileSync(path.join(archives, f), path.join(host, f));
          loads.push(c.load);
        }
        saveRun = layerlab(host, [
          ...loads,
          `docker save -o out.tar ${refs.join(' ')}`,
          `docker save -o out2.tar ${refs.join(' ')}`,
          `docker save ${refs.join(' ')} > out3.tar`,
        ]);
        out = path.join(host, 'out.tar');
        toolsEnv = containersEnv();
        temps.push(toolsEnv.dir);
      });

      test('the session saves without errors', () => {
        assert.equal(saveRun.status, 0, describeRun(saveRun));
        assert.ok(fs.existsSync(out), 'out.tar was not written');
      });

      /** the saved images in manifest.json order (Docker's own order is a map's: any) */
      const saved = () => {
        const manifest = JSON.parse(tarMember(out, 'manifest.json'));
        return manifest.map((m) => {
          const img = c.images.find((i) => m.Config === `blobs/sha256/${i.id.slice(7)}`);
          assert.ok(img, `manifest.json names a config not asked for: ${m.Config}`);
          return img;
        });
      };
      /** skopeo's oci-archive reference for a tagged image: by ref.name when the index has several */
      const ociRef = (img) => {
        const index = JSON.parse(tarMember(out, 'index.json'));
        return (index.manifests ?? []).length > 1 ? `oci-archive:${out}:${tagOf(img.ref)}` : `oci-archive:${out}`;
      };

      test('the archive has the Docker 25+ shape', () => {
        const names = new Set(tarList(out));
        for (const n of ['oci-layout', 'index.json', 'manifest.json', 'repositories']) {
          if (n === 'repositories' && !c.images.some(tagged)) continue;
          assert.ok(names.has(n), `${n} missing from out.tar: ${[...names].join(' ')}`);
        }
        const manifest = JSON.parse(tarMember(out, 'manifest.json'));
        assert.equal(manifest.length, c.images.length);
        assert.deepEqual(saved().map((i) => i.id).sort(), c.images.map((i) => i.id).sort());
        manifest.forEach((m, i) => {
          const img = saved()[i];
          assert.deepEqual(m.Layers, img.diffIds.map((d) => `blobs/sha256/${d.slice(7)}`));
          assert.deepEqual(m.RepoTags ?? [], tagged(img) ? [img.ref] : []);
          assert.equal(sha256(tarMember(out, m.Config)), img.id, 'config bytes hash to the ID');
        });
        const index = JSON.parse(tarMember(out, 'index.json'));
        for (const img of c.images.filter(tagged)) {
          const entry = (index.manifests ?? []).find(
            (m) => m.annotations?.['io.containerd.image.name'] === normalizedName(img.ref),
          );
          assert.ok(entry, `no index.json entry named ${normalizedName(img.ref)}: ${JSON.stringify(index)}`);
          assert.equal(entry.annotations['org.opencontainers.image.ref.name'], tagOf(img.ref));
        }
      });

      test('every blob hashes to its name; the OCI manifests describe the config and layers', () => {
        assert.deepEqual(JSON.parse(tarMember(out, 'oci-layout')), { imageLayoutVersion: '1.0.0' });
        const blobs = tarList(out).filter((n) => /^blobs\/sha256\/[0-9a-f]{64}$/.test(n));
        const size = {};
        for (const b of blobs) {
          const data = tarMember(out, b);
          assert.equal(sha256(data), `sha256:${b.slice(13)}`, `${b} does not hash to its name`);
          size[`sha256:${b.slice(13)}`] = data.length;
        }
        const index = JSON.parse(tarMember(out, 'index.json'));
        for (const d of index.manifests ?? []) {
          assert.equal(size[d.digest], d.size, `index.json entry ${d.digest}: size`);
          const m = JSON.parse(tarMember(out, `blobs/sha256/${d.digest.slice(7)}`));
          const img = c.images.find((i) => i.id === m.config.digest);
          assert.ok(img, `index.json entry ${d.digest} points at config ${m.config.digest}`);
          assert.equal(size[m.config.digest], m.config.size, 'config size');
          assert.deepEqual(m.layers.map((l) => l.digest), img.diffIds, 'layers of the OCI manifest');
          for (const l of m.layers) assert.equal(size[l.digest], l.size, `layer ${l.digest}: size`);
        }
      });

      test('skopeo reads it as docker-archive (config digest = ID, diffIDs)', () => {
        saved().forEach((img, i) => {
          const cfg = toolBytes(toolsEnv.env, 'skopeo', skopeoArgs(toolsEnv, 'inspect', '--config', '--raw', `docker-archive:${out}:@${i}`));
          assert.equal(sha256(cfg), img.id, `docker-archive:@${i}`);
          assert.deepEqual(JSON.parse(cfg).rootfs.diff_ids, img.diffIds);
        });
      });

      test('skopeo reads it as oci-archive (tagged images: untagged ones have no index entry)', (t) => {
        const withTag = c.images.filter(tagged);
        if (withTag.length === 0) return t.skip('Docker lists untagged images in manifest.json only');
        for (const img of withTag) {
          const cfg = toolBytes(toolsEnv.env, 'skopeo', skopeoArgs(toolsEnv, 'inspect', '--config', '--raw', ociRef(img)));
          assert.equal(sha256(cfg), img.id, ociRef(img));
          assert.deepEqual(JSON.parse(cfg).rootfs.diff_ids, img.diffIds);
        }
      });

      test('skopeo copies it into containers-storage with the same IDs (verifies blobs)', () => {
        const p = ['--policy', toolsEnv.policy];
        const sources = saved().map((img, i) => [img, `docker-archive:${out}:@${i}`, `localhost/copied-docker:${i}`]);
        c.images.filter(tagged).forEach((img, i) => sources.push([img, ociRef(img), `localhost/copied-oci:${i}`]));
        for (const [img, src, name] of sources) {
          tool(toolsEnv.env, 'skopeo', skopeoArgs(toolsEnv, 'copy', '-q', ...p, src, `containers-storage:${name}`));
          const id = tool(toolsEnv.env, 'podman', ['image', 'inspect', '--format', '{{.Id}}', name]).trim();
          assert.equal(`sha256:${id}`, img.id, `${src} -> ${name}`);
        }
      });

      test('podman load accepts it and reports the same IDs and layers', () => {
        const env = containersEnv();
        temps.push(env.dir);
        tool(env.env, 'podman', ['load', '-q', '-i', out]);
        const listed = tool(env.env, 'podman', ['images', '--no-trunc', '--format', '{{.ID}}'])
          .split('\n')
          .filter(Boolean)
          .map((s) => (s.startsWith('sha256:') ? s : `sha256:${s}`));
        for (const img of c.images) {
          assert.ok(listed.includes(img.id), `podman images --no-trunc lists ${listed.join(' ')}, not ${img.id}`);
          const info = JSON.parse(tool(env.env, 'podman', ['image', 'inspect', img.id.slice(7)]))[0];
          assert.equal(`sha256:${info.Id}`, img.id);
          assert.deepEqual(info.RootFS.Layers, img.diffIds);
        }
      });

      test('umoci unpacks the OCI layout by tag; the rootfs matches containers-storage', (t) => {
        const withTag = c.images.filter(tagged);
        if (withTag.length === 0) {
          t.skip('untagged image: an OCI layout names no tag for umoci to unpack');
          return;
        }
        const layout = mkTemp('layerlab-layout-');
        temps.push(layout);
        tool(process.env, 'tar', ['-xf', out, '-C', layout]);
        for (const img of withTag) {
          const bundle = path.join(layout + '-bundle-' + tagOf(img.ref));
          temps.push(bundle);
          tool(process.env, 'umoci', ['unpack', '--image', `${layout}:${tagOf(img.ref)}`, bundle]);
          const rootfs = path.join(bundle, 'rootfs');
          const listing = tool(process.env, 'bash', [path.join(here, 'list-tree.sh'), rootfs]).split('\n').filter(Boolean);
          assert.deepEqual(listing, trees[img.image], `umoci unpack ${img.ref} vs trees/${img.image}.txt`);
          checkSpotFiles(img.image, rootfs);
        }
      });

      test('saving twice gives byte-identical archives (-o and >)', () => {
        const a = fs.readFileSync(out);
        assert.ok(a.equals(fs.readFileSync(path.join(host, 'out2.tar'))), 'out.tar != out2.tar');
        assert.ok(a.equals(fs.readFileSync(path.join(host, 'out3.tar'))), 'docker save -o out.tar != docker save > out3.tar');
      });

      test('save -> load into a fresh session gives the same IDs, tags and layers', () => {
        const r = layerlab(host, [
          'docker load -i out.tar',
          'docker images -q --no-trunc',
          `docker inspect ${refs.join(' ')}`,
        ]);
        assert.equal(r.status, 0, describeRun(r));
        const want = expectedLoadLines(saved().map((i) => ({ id: i.id, tags: tagged(i) ? [i.ref] : [] })));
        assert.deepEqual(loadedLines(r.stdout), want, describeRun(r));
        assert.deepEqual(
          [...new Set(idLines(r.stdout))].sort(),
          [...new Set(c.images.map((i) => i.id))].sort(),
          describeRun(r),
        );
        const inspect = parseInspect(r.stdout);
        c.images.forEach((img, i) => {
          assert.equal(inspect[i].Id, img.id);
          assert.deepEqual(inspect[i].RootFS.Layers, img.diffIds);
        });
      });

      test('save -> load -> save again gives the same bytes', () => {
        const r = layerlab(host, ['docker load -i out.tar', `docker save -o resaved.tar ${refs.join(' ')}`]);
        assert.equal(r.status, 0, describeRun(r));
        assert.ok(
          fs.readFileSync(out).equals(fs.readFileSync(path.join(host, 'resaved.tar'))),
          'resaved.tar differs from out.tar',
        );
      });
    });
  }
  suite29(archives, expected, trees);
}

/**
 * Docker 29's containerd store: what a load makes of the tools' archives, what its save
 * writes (the stored blobs as an OCI layout, moby v29.7.2 image_exporter.go with
 * containerd v2.3.3 archive/exporter.go), and that the real tools and the other engine
 * read it back.
 */
function suite29(archives, expected, trees) {
  const imageOf = (name) => {
    const e = expected.find((x) => x.image === name);
    return { image: name, id: e.id, diffIds: e.diffIds };
  };
  const skip = binaryProblem() ? 'the layerlab binary is missing' : false;
  const multi = imageOf('multi');
  const crafted = imageOf('crafted');
  // A legacy archive's image gets a Docker schema 2 manifest from containerd's importer,
  // which the OCI readers of skopeo and umoci refuse (as they refuse a real Docker 29's
  // archive of it); an OCI archive's entry stays OCI. podman's OCI archive names the image
  // in ref.name alone, which Docker 29 takes as the name (Docker 28 ignores it).
  const cases = [
    { name: 'a legacy docker-archive (skopeo)', archive: 'multi.skopeo-docker.tar', img: multi, ref: 'localhost/layerlab-conf:multi', oci: false },
    { name: 'an OCI archive named by ref.name (podman)', archive: 'crafted.podman-oci.tar', img: crafted, ref: 'localhost/layerlab-conf:crafted', oci: true },
  ];
  for (const c of cases) {
    describe(`Docker 29: load and save ${c.name}`, { skip }, () => {
      let host, run, id, toolsEnv;
      const out = () => path.join(host, 'out29.tar');
      before(() => {
        host = mkTemp('layerlab-save29-');
        temps.push(host);
        fs.copyFileSync(path.join(archives, c.archive), path.join(host, c.archive));
        run = layerlab(host, [`docker load -i ${c.archive}`, 'docker images -q --no-trunc', `docker save -o out29.tar ${c.ref}`], { docker: '29' });
        id = [...new Set(idLines(run.stdout))][0];
        toolsEnv = containersEnv();
        temps.push(toolsEnv.dir);
      });

      test('the image ID is the digest of the manifest its record names, whose config is the tools\' image', () => {
        assert.equal(run.status, 0, describeRun(run));
        assert.deepEqual(loadedLines(run.stdout), [`Loaded image: ${c.ref}`], describeRun(run));
        assert.notEqual(id, c.img.id, 'Docker 29 names an image by its manifest, not its config');
        const manifest = JSON.parse(tarMember(out(), `blobs/sha256/${id.slice(7)}`));
        assert.equal(manifest.config.digest, c.img.id);
        assert.equal(sha256(tarMember(out(), `blobs/sha256/${id.slice(7)}`)), id);
      });

      test('the archive is an OCI layout of the stored blobs, as containerd writes it', () => {
        const names = tarList(out());
        assert.deepEqual(names.slice(0, 2), ['blobs/', 'blobs/sha256/']);
        assert.deepEqual(names.slice(-3), ['index.json', 'manifest.json', 'oci-layout']);
        assert.ok(!names.includes('repositories'), 'no repositories file');
        for (const b of names.filter((n) => /^blobs\/sha256\/[0-9a-f]{64}$/.test(n))) {
          assert.equal(sha256(tarMember(out(), b)), `sha256:${b.slice(13)}`, `${b} does not hash to its name`);
        }
        const index = JSON.parse(tarMember(out(), 'index.json'));
        assert.equal(index.manifests.length, 1);
        assert.equal(index.manifests[0].digest, id);
        assert.equal(index.manifests[0].annotations['io.containerd.image.name'], normalizedName(c.ref));
        const manifest = JSON.parse(tarMember(out(), 'manifest.json'));
        assert.deepEqual(manifest.map((m) => m.RepoTags), [[c.ref]]);
        assert.equal(manifest[0].Config, `blobs/sha256/${c.img.id.slice(7)}`);
      });

      test('skopeo reads it (oci-archive when its manifest is OCI) and copies it into containers-storage with the config\'s ID', () => {
        let src = `oci-archive:${out()}:${tagOf(c.ref)}`;
        if (!c.oci) {
          const refused = spawnSync('skopeo', skopeoArgs(toolsEnv, 'inspect', '--raw', src), { env: toolsEnv.env, encoding: 'utf8' });
          assert.notEqual(refused.status, 0, 'skopeo takes no Docker schema 2 entry of an OCI index');
          assert.match(refused.stderr, /no descriptor found for reference/);
          src = `docker-archive:${out()}`;
        }
        const cfg = toolBytes(toolsEnv.env, 'skopeo', skopeoArgs(toolsEnv, 'inspect', '--config', '--raw', src));
        assert.equal(sha256(cfg), c.img.id);
        tool(toolsEnv.env, 'skopeo', skopeoArgs(toolsEnv, 'copy', '-q', '--policy', toolsEnv.policy, src, 'containers-storage:localhost/copied29:1'));
        const got = tool(toolsEnv.env, 'podman', ['image', 'inspect', '--format', '{{.Id}}', 'localhost/copied29:1']).trim();
        assert.equal(`sha256:${got}`, c.img.id);
      });

      test('podman load accepts it', () => {
        const env = containersEnv();
        temps.push(env.dir);
        tool(env.env, 'podman', ['load', '-q', '-i', out()]);
        const info = JSON.parse(tool(env.env, 'podman', ['image', 'inspect', c.img.id.slice(7)]))[0];
        assert.deepEqual(info.RootFS.Layers, c.img.diffIds);
      });

      test('umoci unpacks it by tag to the same tree (and refuses a Docker schema 2 manifest)', () => {
        const layout = mkTemp('layerlab-layout29-');
        temps.push(layout);
        tool(process.env, 'tar', ['-xf', out(), '-C', layout]);
        const bundle = `${layout}-bundle`;
        temps.push(bundle);
        const args = ['unpack', '--image', `${layout}:${tagOf(c.ref)}`, bundle];
        if (!c.oci) {
          const refused = spawnSync('umoci', args, { encoding: 'utf8' });
          assert.notEqual(refused.status, 0);
          assert.match(refused.stderr, /not implemented: application\/vnd\.docker\.distribution\.manifest\.v2\+json/);
          return;
        }
        tool(process.env, 'umoci', args);
        const listing = tool(process.env, 'bash', [path.join(here, 'list-tree.sh'), path.join(bundle, 'rootfs')]).split('\n').filter(Boolean);
        assert.deepEqual(listing, trees[c.img.image]);
      });

      test('a fresh Docker 29 session loads it with the same ID; Docker 28 with the config\'s', () => {
        const r29 = layerlab(host, ['docker load -i out29.tar', 'docker images -q --no-trunc'], { docker: '29' });
        assert.equal(r29.status, 0, describeRun(r29));
        assert.deepEqual([...new Set(idLines(r29.stdout))], [id], describeRun(r29));
        const r28 = layerlab(host, ['docker load -i out29.tar', 'docker images -q --no-trunc'], { docker: '28' });
        assert.equal(r28.status, 0, describeRun(r28));
        assert.deepEqual([...new Set(idLines(r28.stdout))], [c.img.id], describeRun(r28));
      });

      test('an archive Docker 28 saved loads in Docker 29 named by its index.json entry', () => {
        // Docker 28 names no image by ref.name alone: tagged by hand.
        const r28 = layerlab(host, [`docker load -i ${c.archive}`, `docker tag ${c.img.id} ${c.ref}`, `docker save -o out28.tar ${c.ref}`], { docker: '28' });
        assert.equal(r28.status, 0, describeRun(r28));
        const entry = JSON.parse(tarMember(path.join(host, 'out28.tar'), 'index.json')).manifests[0];
        const r29 = layerlab(host, ['docker load -i out28.tar', 'docker images -q --no-trunc'], { docker: '29' });
        assert.equal(r29.status, 0, describeRun(r29));
        assert.deepEqual([...new Set(idLines(r29.stdout))], [entry.digest], describeRun(r29));
      });
    });
  }
}

/** A few files checked by name, so that a failure reads plainly. */
function checkSpotFiles(image, rootfs) {
  const p = (rel) => path.join(rootfs, rel);
  const text = (rel) => fs.readFileSync(p(rel), 'utf8');
  const gone = (rel) => assert.ok(!fs.existsSync(p(rel)) && !isLink(p(rel)), `${rel} should be deleted`);
  if (image === 'multi') {
    assert.equal(text('etc/a.txt'), 'version 2\n');
    assert.equal(text('etc/gone.txt'), 'back again\n');
    gone('data/dir-to-delete/x');
    gone('opq/old1');
    gone('opq/olddir/old3');
    gone('hard/two');
    gone('links/dangling');
    assert.equal(text('opq/olddir/new3'), 'new in a recreated dir\n');
    assert.equal(text('utf8/中文.txt'), '中文\n');
    assert.equal(fs.readlinkSync(p('links/absolute')), '/etc/a.txt');
    assert.equal(fs.statSync(p('modes/setuid')).mode & 0o7777, 0o4755);
    assert.equal(fs.statSync(p('modes/private')).mode & 0o7777, 0o700);
    assert.equal(fs.statSync(p('big/random.bin')).size, 1048576);
    assert.equal(fs.statSync(p('empty')).size, 0);
  } else if (image === 'crafted') {
    gone('opt/app/old1');
    gone('opt/app/sub');
    gone('keep/file');
    assert.equal(text('opt/app/new1'), 'app v2\n');
    assert.equal(text('keep/other-hardlink'), 'stays\n');
    assert.equal(fs.statSync(p('keep/other')).ino, fs.statSync(p('keep/other-hardlink')).ino, 'hardlink');
    assert.equal(text('usr/share/中文.txt'), '中文\n');
  }
}

function isLink(p) {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
