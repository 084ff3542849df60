#!/usr/bin/env bash
# Coverage-guided fuzzing with cargo-fuzz (libFuzzer), one target after another.
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]   SECONDS a target (default 600), all targets by default
# FUZZ_TARGET_DIR=DIR builds into DIR (to run a second batch beside one already running).
# New inputs that reach new code are kept in fuzz/corpus/<target>/ (minimised afterwards);
# crashes land in fuzz/artifacts/<target>/. Each target starts from its corpus plus seeds
# made here from ../shared/fixtures, the golden transcripts and the Dockerfile test files
# (the seeds are not kept: the fixtures stay out of the repository). Prints each run's
# executions, coverage and corpus size; FUZZING.md records the long runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs="${1:-600}"
shift || true
all=(load import decompress cli template dockerfile reference dockerignore manifest)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all[@]}")

# The tools, installed once.
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz

seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
python3 - "$seeds" <<'EOF'
import glob, gzip, hashlib, io, json, os, re, sys, tarfile
out = sys.argv[1]
def put(target, data):
    d = os.path.join(out, target); os.makedirs(d, exist_ok=True)
    if isinstance(data, str): data = data.encode()
    if 0 < len(data) <= 65536:
        open(os.path.join(d, hashlib.sha1(data).hexdigest()), 'wb').write(data)
archives = sorted(glob.glob('../shared/fixtures/*/*.tar'))
for a in archives:
    raw = open(a, 'rb').read()
    put('load', raw)
    with tarfile.open(a) as t:
        for m in t.getmembers():
            if not m.isfile() or m.size > 65536: continue
            b = t.extractfile(m).read()
            if b[:2] == b'\x1f\x8b' or b[:4] == b'\x28\xb5\x2f\xfd':
                put('decompress', b)
                if b[:2] == b'\x1f\x8b': put('import', b)
            elif m.name.endswith('layer.tar') or b[257:262] == b'ustar':
                put('import', b)
            elif b[:1] == b'{':
                try: j = json.loads(b)
                except Exception: continue
                if j.get('schemaVersion') == 2 and 'layers' in j: put('manifest', b)
                if 'RepoTags' in str(j)[:200]: pass
goldens = sorted(glob.glob('crate/tests/golden/*.t'))
for g in goldens:
    cmds = [l[2:] for l in open(g, encoding='utf-8').read().splitlines() if l.startswith('$ ')]
    for i in range(0, len(cmds), 6): put('cli', '\n'.join(cmds[i:i + 6]) + '\n')
    for c in cmds:
        for f in re.findall(r"--format '([^']*)'", c) + re.findall(r'--format "([^"]*)"', c): put('template', f)
        for w in c.split():
            if re.match(r'^[a-z0-9][a-z0-9./_:@-]*$', w) and not w.startswith('-') and (':' in w or '/' in w): put('reference', w)
for f in glob.glob('crate/tests/dockerfile/**/*', recursive=True) + glob.glob('../shared/fixtures/*/Dockerfile*'):
    if os.path.isfile(f) and not f.endswith('.md'): put('dockerfile', open(f, 'rb').read())
for r in ['busybox', 'nginx:1.27', 'docker.io/library/alpine:3.20', 'localhost:5000/a/b@sha256:' + '0' * 64, 'ghcr.io/x/y:latest']:
    put('reference', r)
for ig in ['node_modules\n', 'a/b\n!a/b/c\n', '**/*.log\n!keep.log\n', '# comment\n*\n!src\n', 'x/\n[a-c]?.txt\n']:
    put('dockerignore', 'a/b/c.txt\n' + ig)
for t in ['{{.Id}}', '{{json .}}', '{{range .RepoTags}}{{.}} {{end}}', '{{if .Ok}}y{{else}}n{{end}}', '{{printf "%5.2f" .Ratio}}', '{{index .Config.Labels "k"}}', '{{join .Config.Env ","}}', '{{table .Size}}']:
    put('template', t)
put('decompress', gzip.compress(b'hello' * 100))
put('manifest', json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + "a" * 64, "size": 2}, "layers": []}))
EOF

mkdir -p fuzz/logs
dir=()
[ -z "${FUZZ_TARGET_DIR:-}" ] || dir=(--target-dir "$FUZZ_TARGET_DIR")
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "$seeds/$t"
  log="fuzz/logs/$t.log"
  echo "== $t: $secs s"
  ( cd fuzz && cargo +nightly fuzz run "${dir[@]}" -O -a -s none "$t" "corpus/$t" "$seeds/$t" -- \
      -max_total_time="$secs" -max_len=65536 -timeout=30 -rss_limit_mb=3072 \
      -print_final_stats=1 ) >"$log" 2>&1 || echo "   $t stopped with a failure: see $log and fuzz/artifacts/$t/"
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|DONE|cov:' "$log" | tail -3 | sed 's/^/   /'
  # Keep the smallest corpus with the same coverage, without the fixtures themselves.
  ( cd fuzz && cargo +nightly fuzz cmin "${dir[@]}" -O -a -s none "$t" "corpus/$t" -- -max_len=65536 -timeout=30 ) >>"$log" 2>&1 || true
  case "$t" in load | import | decompress | manifest)
    for s in "$seeds/$t"/*; do rm -f "fuzz/corpus/$t/$(basename "$s")"; done ;;
  esac
  echo "   corpus: $(ls "fuzz/corpus/$t" | wc -l) inputs, $(du -sh "fuzz/corpus/$t" | cut -f1)"
done
