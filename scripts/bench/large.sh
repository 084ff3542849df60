#!/usr/bin/env bash
# The large-archive benchmark:   bash scripts/bench/large.sh [SIZE_MB...]   (default 1024 5120 16384)
#
# For each size, makes a docker-save archive (make-archive.mjs: 20 uncompressed layers of
# pseudo-random files) and a copy with every layer gzipped (gzip-layers.mjs, level 1), and
# measures `docker load -i` of each, in the same run and on the same file:
#   openssl dgst -sha256 FILE                      the hashing yardstick
#   tar -xOf FILE '*/layer.tar' | gzip -dc | openssl dgst -sha256
#                                                   the inflate-and-hash yardstick (gzip copy)
#   layerlab (native): docker load -i              the binary maps the file
#   layerlab wasm in headless Chromium             the File opened by reference, as the page
#                                                   opens files from 256 MiB (SOURCE=open
#                                                   browser-bench.mjs, offload: crypto.subtle
#                                                   hashes uncompressed layers by file slice)
# and prints a markdown table: seconds, MB/s, the ratio to openssl, and peak memory (native:
# the process's RSS, of which the mapped archive is part; Chromium: the renderer's peak RSS,
# where the worker and its wasm memory live). The files live in one temporary directory
# under ${TMPDIR:-/tmp}, removed after each size.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
BENCH=$REPO/scripts/bench
export PATH="$HOME/.cargo/bin:$PATH"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1024 5120 16384)
log() { printf 'large: %s\n' "$*" >&2; }

cargo build --release -q
bash scripts/build-wasm.sh >&2
BIN=$REPO/target/release/layerlab

WORK=$(mktemp -d "${TMPDIR:-/tmp}/layerlab-large.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
rows=()
# Each row is also logged as it is measured, so that a run stopped midway keeps what it had.
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"); log "row: ${rows[-1]}"; }
mbs() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }

for size in "${SIZES[@]}"; do
  mkdir -p "$WORK/host"
  plain=$WORK/host/plain.tar gz=$WORK/host/gzip.tar
  log "making a $size MiB archive"
  node "$BENCH/make-archive.mjs" "$plain" "$size" >/dev/null
  log "gzipping its layers"
  node "$BENCH/gzip-layers.mjs" "$plain" "$gz" >/dev/null
  for kind in plain gzip; do
    file=$WORK/host/$kind.tar
    bytes=$(stat -c %s "$file")
    cat "$file" >/dev/null # in the page cache for everyone
    t0=$(now); openssl dgst -sha256 "$file" >/dev/null; yard=$(since "$t0")
    row "$size MiB $kind ($(mb "$bytes") MB)" '`openssl dgst -sha256`' "$yard" "$(mbs "$bytes" "$yard")" 1.00 - -
    if [ "$kind" = gzip ]; then
      t0=$(now); tar -xOf "$file" --wildcards '*/layer.tar' | gzip -dc | openssl dgst -sha256 >/dev/null; s=$(since "$t0")
      row "" '`tar -xO \| gzip -dc \| openssl dgst`' "$s" "$(mbs "$bytes" "$s")" "$(ratio "$yard" "$s")" - -
    fi
    rm -rf "$WORK/native" && mkdir -p "$WORK/native" && ln "$file" "$WORK/native/a.tar"
    t0=$(now)
    out=$(echo 'docker load -i a.tar' | /usr/bin/time -f '%M' -o "$WORK/rss" "$BIN" --host "$WORK/native")
    s=$(since "$t0")
    [ "$out" = 'Loaded image: bench:latest' ] || { log "native: $out"; exit 1; }
    row "" 'layerlab native' "$s" "$(mbs "$bytes" "$s")" "$(ratio "$yard" "$s")" "$(awk -v k="$(cat "$WORK/rss")" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')" "mapped file included"
    rm -rf "$WORK/native"
    log "$size MiB $kind: Chromium"
    json=$(SOURCE=open node "$BENCH/browser-bench.mjs" "$file" offload)
    read -r s code peak < <(node -e '
      const r = JSON.parse(process.argv[1]);
      console.log(r.load?.seconds?.toFixed(2) ?? "-", r.load?.exitCode ?? r.load?.error ?? r.error, r.renderer?.load?.peakBytes ?? 0);
    ' "$json")
    [ "$code" = 0 ] || { log "chromium: $json"; exit 1; }
    row "" 'layerlab in Chromium (by reference)' "$s" "$(mbs "$bytes" "$s")" "$(ratio "$yard" "$s")" "$(mb "$peak")" renderer
  done
  rm -rf "$WORK/host"
done

echo "| archive | tool | seconds | MB/s | vs openssl | peak MB | memory |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
