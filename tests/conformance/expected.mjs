// expected.mjs TABLE: turns make-archives.sh's table (one line per image of
// an archive: file, format, image, how, index, config path, archive path,
// storage ID; tab-separated) into expected.json on stdout. Fails when the
// config digest differs from the ID containers-storage gave the image.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';

const familiar = (ref) => ref.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
const member = (archive, name) => JSON.parse(execFileSync('tar', ['--force-local', '-xOf', archive, name]));

const entries = [];
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) {
  const [file, format, image, made, index, configPath, archive, storageId] = line.split('\t');
  const config = fs.readFileSync(configPath);
  const id = 'sha256:' + crypto.createHash('sha256').update(config).digest('hex');
  if (id !== storageId) throw new Error(`${file}: config digest ${id} != storage ID ${storageId}`);
  let tags;
  if (format.startsWith('docker-archive')) {
    tags = member(archive, 'manifest.json')[Number(index)].RepoTags ?? [];
  } else {
    // docker takes names from io.containerd.image.name only, never from ref.name
    tags = (member(archive, 'index.json').manifests ?? [])
      .map((m) => m.annotations?.['io.containerd.image.name'])
      .filter(Boolean);
  }
  entries.push({
    file,
    format,
    image,
    tags: tags.map(familiar),
    id,
    diffIds: JSON.parse(config).rootfs.diff_ids,
    made,
  });
}
process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
