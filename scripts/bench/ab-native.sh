#!/usr/bin/env bash
# Native load and save of two commits side by side, in one run, on one archive:
#   bash scripts/bench/ab-native.sh REV_A REV_B [SIZE_MB] [ROUNDS]
# Builds each commit's release binary apart (git archive into ${TMPDIR:-/tmp}, its own target
# directory, kept for the next run), makes a SIZE_MB archive (make-archive.mjs, default 1024),
# then alternates the two binaries ROUNDS times (default 3) through native-bench.mjs
# (`docker load -i`, then `docker save -o`), with `openssl dgst -sha256` as the yardstick in
# every round. Prints each round and, per binary, its best load and save speed relative to
# `openssl dgst -sha256` on the same file in the same round (openssl's seconds / the step's
# seconds: higher is faster, as BENCHMARKS.md's "vs openssl" column), and the peak memory;
# the machine is shared, so compare the ratios, not the seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
A=${1:?usage: ab-native.sh REV_A REV_B [SIZE_MB] [ROUNDS]}
B=${2:?usage: ab-native.sh REV_A REV_B [SIZE_MB] [ROUNDS]}
SIZE_MB=${3:-1024}
ROUNDS=${4:-3}
export PATH="$HOME/.cargo/bin:$PATH"
TMP=${TMPDIR:-/tmp}

build() {
  local commit src
  commit=$(git -C "$REPO" rev-parse --verify "$1^{commit}")
  src=$TMP/layerlab-ab-$commit
  if [ ! -x "$src/target/release/layerlab" ]; then
    rm -rf "$src" && mkdir -p "$src"
    git -C "$REPO" archive "$commit" | tar -x -C "$src"
    (cd "$src" && CARGO_TARGET_DIR="$src/target" cargo build -q --release --bin layerlab) >&2
  fi
  echo "$src/target/release/layerlab"
}

bin_a=$(build "$A")
bin_b=$(build "$B")
work=$(mktemp -d "$TMP/layerlab-ab.XXXXXX")
trap 'rm -rf "$work"' EXIT
node "$REPO/scripts/bench/make-archive.mjs" "$work/bench.tar" "$SIZE_MB" >&2
bytes=$(stat -c %s "$work/bench.tar")

for round in $(seq 1 "$ROUNDS"); do
  ossl=$(node -e '
const t = performance.now();
require("child_process").execFileSync("openssl", ["dgst", "-sha256", process.argv[1]]);
console.log((performance.now() - t) / 1000);' "$work/bench.tar")
  for which in A B; do
    bin=$bin_a
    [ "$which" = B ] && bin=$bin_b
    host="$work/host-$which"
    rm -rf "$host" && mkdir -p "$host"
    ln "$work/bench.tar" "$host/bench.tar"
    json=$(node "$REPO/scripts/bench/native-bench.mjs" "$bin" "$host" bench.tar)
    echo "{\"round\":$round,\"bin\":\"$which\",\"openssl\":$ossl,\"bytes\":$bytes,\"run\":$json}"
    rm -rf "$host"
  done
done | node -e '
const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const best = {};
for (const r of rows) {
  const load = r.openssl / r.run.load.seconds, save = r.openssl / r.run.save.seconds;
  console.log(`round ${r.round} ${r.bin}: openssl ${r.openssl.toFixed(2)} s, load ${r.run.load.seconds.toFixed(2)} s (${load.toFixed(2)}x), save ${r.run.save.seconds.toFixed(2)} s (${save.toFixed(2)}x), peak ${(r.run.load.peakBytes / 1e6).toFixed(0)} MB`);
  const b = (best[r.bin] ??= { load: 0, save: 0, peak: 0 });
  b.load = Math.max(b.load, load); b.save = Math.max(b.save, save);
  b.peak = Math.max(b.peak, r.run.load.peakBytes, r.run.save.peakBytes);
}
console.log(`| binary | load vs openssl | save vs openssl | peak MB |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const [k, b] of Object.entries(best)) console.log(`| ${k} | ${b.load.toFixed(2)} | ${b.save.toFixed(2)} | ${(b.peak / 1e6).toFixed(0)} |`);
'
echo "A = $A, B = $B, archive $bytes bytes"
