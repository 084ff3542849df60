#!/usr/bin/env bash
# The benchmark command:   bash scripts/bench/run.sh [SIZE_MB]      (default 1024)
#
# Makes a docker-save archive of about SIZE_MB MiB (scripts/bench/make-archive.mjs) in a
# temporary directory and, in this one run, measures on that same file:
#   sha256sum FILE, openssl dgst -sha256 FILE          the hashing yardsticks
#   layerlab (native): docker load -i, docker save -o  (native-bench.mjs)
#   layerlab wasm in Node: load with sha2 in wasm, and with offload_hashing + createHash; save
#   layerlab wasm in headless Chromium: load with offload_hashing + crypto.subtle.digest, and
#     with sha2 in wasm; save
#   podman load -i, podman save -o                     (vfs storage in the temporary directory;
#                                                       last, as it writes ~8 GB to disk)
# then prints a markdown table (scripts/bench/report.mjs): seconds, MB/s, speed relative to
# `openssl dgst -sha256` (SHA-NI class), peak memory and its ratio to the archive size.
#
# Environment:
#   REPEAT=3          runs of each quick native measurement (sha256sum, openssl, layerlab);
#                     the fastest counts (the machine is shared and noisy)
#   PODMAN_DRIVER=vfs podman's storage driver (overlay also works here and is much faster)
#   SOURCE=file       how Chromium gets the archive: file (<input type=file>, as the page
#                     does) or fetch (8 MiB Range requests to the bench server)
#   SKIP=podman,...   leave out steps: podman, node, chromium
#   KEEP=1            keep the temporary directory (archive, results.jsonl)
#   REV=<commit>      measure that commit instead of the working tree: it is exported
#                     (git archive) to ${TMPDIR:-/tmp}/layerlab-bench-src and built there,
#                     with its own target directory, kept for the next run of the same commit
#   WAIT_MAX=300      seconds to wait before each group of measurements for somebody else's
#                     cargo/wasm-pack build to end (before building, it waits however long)
# All files live in one temporary directory under ${TMPDIR:-/tmp}, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
BENCH=$REPO/scripts/bench
SIZE_MB=${1:-1024}
REPEAT=${REPEAT:-3}
PODMAN_DRIVER=${PODMAN_DRIVER:-vfs}
SKIP=${SKIP:-}
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf 'bench: %s\n' "$*" >&2; }
skipped() { [[ ",$SKIP," == *",$1,"* ]]; }

# Another developer may be building: never run two cargo/wasm builds at once, and do not
# measure while a build runs (it would take one of the two cores).
busy() { pgrep -x cargo >/dev/null || pgrep -x rustc >/dev/null || pgrep -f 'wasm-pack build' >/dev/null; }
wait_quiet() {
  local waited=0
  while busy; do
    [ "$waited" = 0 ] && log "waiting for a running cargo/wasm-pack build to finish ($1)"
    sleep 5
    waited=$((waited + 5))
    # Building waits as long as it takes; measuring goes on (noted as noisy) after WAIT_MAX.
    if [ "$1" != "before building" ] && [ "$waited" -ge "${WAIT_MAX:-300}" ]; then
      log "still busy after ${waited} s; going on"
      break
    fi
  done
}

if ! command -v /usr/bin/time >/dev/null 2>&1; then
  log "installing GNU time"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
for tool in node sha256sum openssl podman; do
  command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 3; }
done

wait_quiet "before building"
if [ -n "${REV:-}" ]; then
  commit=$(git rev-parse --verify "$REV^{commit}")
  SRC=${TMPDIR:-/tmp}/layerlab-bench-src
  if [ "$(cat "$SRC/.bench-rev" 2>/dev/null)" != "$commit" ]; then
    log "exporting $commit to $SRC"
    mkdir -p "$SRC"
    find "$SRC" -mindepth 1 -maxdepth 1 ! -name target -exec rm -rf {} +
    git archive "$commit" | tar -x -C "$SRC"
    echo "$commit" >"$SRC/.bench-rev"
  fi
  log "building $commit (cargo build --release, wasm-pack build --release) in $SRC"
  CARGO_TARGET_DIR=$SRC/target cargo build --release -q --manifest-path "$SRC/Cargo.toml"
  CARGO_TARGET_DIR=$SRC/target wasm-pack --quiet build "$SRC/crate" --target web --out-dir "$SRC/www/pkg" --release >&2
  BIN=$SRC/target/release/layerlab
  export LAYERLAB_PKG=$SRC/www/pkg
  DESCRIBE=$(git describe --always "$commit")
else
  log "building the native binary (cargo build --release) and the wasm package if needed"
  cargo build --release -q
  bash scripts/build-wasm.sh >&2
  BIN=$REPO/target/release/layerlab
  DESCRIBE="$(git describe --always --dirty) (working tree)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/layerlab-bench.XXXXXX")
cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
RESULTS=$WORK/results.jsonl
: >"$RESULTS"
HOST=$WORK/host
mkdir -p "$HOST"
ARCHIVE=$HOST/bench.tar

# record KIND JSON-FIELDS: one result line.
record() { printf '{"kind":"%s",%s}\n' "$1" "$2" >>"$RESULTS"; }
# check_busy STEP: notes in the results when a build is running after STEP (noisy numbers).
check_busy() {
  if busy; then
    log "a cargo/wasm-pack build is running after: $1 (numbers are noisy)"
    record busy "\"after\":\"$1\""
  fi
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
# timed OUTFILE CMD...: runs CMD (stdout to OUTFILE) under GNU time; sets s (wall seconds)
# and m (peak RSS in bytes, of CMD or its largest child).
timed() {
  local out=$1 t0
  shift
  t0=$(now)
  /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" >"$out"
  s=$(since "$t0")
  m=$(($(tail -n1 "$WORK/time.out") * 1024))
}

# --- the archive ------------------------------------------------------------------------
log "making a ${SIZE_MB} MiB archive"
t0=$(now)
made=$(node "$BENCH/make-archive.mjs" "$ARCHIVE" "$SIZE_MB")
record make-archive "\"seconds\":$(since "$t0"),\"info\":$made"
BYTES=$(stat -c %s "$ARCHIVE")
log "archive: $BYTES bytes"
echo 'docker load -i bench.tar' | "$BIN" --host "$HOST" | grep -qx 'Loaded image: bench:latest' \
  || { log "the native binary did not load the archive"; exit 1; }
cat "$ARCHIVE" >/dev/null # in the page cache for every reader alike

wait_quiet "before measuring"
record machine "\"loadavgStart\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"commit\":\"$DESCRIBE\""

# --- hashing yardsticks and the native binary (fastest of REPEAT) ----------------------
for i in $(seq "$REPEAT"); do
  timed "$WORK/sha256sum.out" sha256sum "$ARCHIVE"
  record sha256sum "\"seconds\":$s,\"peakBytes\":$m"
  timed "$WORK/openssl.out" openssl dgst -sha256 "$ARCHIVE"
  record openssl "\"seconds\":$s,\"peakBytes\":$m"
done
[ "$(cut -d' ' -f1 "$WORK/sha256sum.out")" = "$(sed 's/.*= //' "$WORK/openssl.out")" ] || { log "sha256sum and openssl disagree"; exit 1; }
check_busy "sha256sum and openssl"

wait_quiet "before the next measurements"
sync
for i in $(seq "$REPEAT"); do
  rm -f "$HOST/saved.tar"
  log "native layerlab load/save ($i/$REPEAT)"
  out=$(node "$BENCH/native-bench.mjs" "$BIN" "$HOST" bench.tar)
  record native "${out:1:${#out}-2}"
done
check_busy "native layerlab"
SAVED_SHA=$(sha256sum "$HOST/saved.tar" | cut -d' ' -f1)
rm -f "$HOST/saved.tar"

# --- wasm in Node ------------------------------------------------------------------------
wait_quiet "before the next measurements"
sync
if ! skipped node; then
  for mode in core offload; do
    log "wasm in Node ($mode hashing)"
    timed "$WORK/node-$mode.json" node --expose-gc "$BENCH/node-bench.mjs" "$ARCHIVE" "$mode" "$SAVED_SHA"
    out=$(cat "$WORK/node-$mode.json")
    record node "${out:1:${#out}-2},\"processSeconds\":$s,\"timePeakBytes\":$m,\"nodeVersion\":\"$(node --version)\""
    check_busy "wasm in Node ($mode)"
  done
fi

# --- wasm in headless Chromium ----------------------------------------------------------
wait_quiet "before the next measurements"
sync
if ! skipped chromium; then
  log "wasm in headless Chromium (offload, then core hashing)"
  SOURCE=${SOURCE:-file} node "$BENCH/browser-bench.mjs" "$ARCHIVE" offload core >"$WORK/chromium.jsonl"
  while read -r out; do record chromium "${out:1:${#out}-2}"; done <"$WORK/chromium.jsonl"
  check_busy "wasm in Chromium"
fi

# --- podman ---------------------------------------------------------------------------
wait_quiet "before the next measurements"
sync
if ! skipped podman; then
  P=$WORK/podman
  mkdir -p "$P/tmp" "$P/run" "$P/graph"
  printf '[storage]\ndriver = "%s"\nrunroot = "%s/run"\ngraphroot = "%s/graph"\n' "$PODMAN_DRIVER" "$P" "$P" >"$P/storage.conf"
  printf '[engine]\nevents_logger = "none"\ncgroup_manager = "cgroupfs"\nimage_copy_tmp_dir = "%s/tmp"\n' "$P" >"$P/containers.conf"
  printf 'unqualified-search-registries = []\nshort-name-mode = "disabled"\n' >"$P/registries.conf"
  penv=(env "CONTAINERS_STORAGE_CONF=$P/storage.conf" "CONTAINERS_CONF=$P/containers.conf"
    "CONTAINERS_REGISTRIES_CONF=$P/registries.conf" "TMPDIR=$P/tmp")
  log "podman load ($PODMAN_DRIVER storage)"
  timed "$P/load.out" "${penv[@]}" podman load -q -i "$ARCHIVE"
  grep -q 'bench:latest' "$P/load.out" || { log "podman load failed"; exit 1; }
  record podman-load "\"seconds\":$s,\"peakBytes\":$m,\"driver\":\"$PODMAN_DRIVER\",\"version\":\"$(podman --version | cut -d' ' -f3)\""
  log "podman save"
  timed "$P/save.out" "${penv[@]}" podman save -q -o "$P/saved.tar" bench:latest
  record podman-save "\"seconds\":$s,\"peakBytes\":$m,\"driver\":\"$PODMAN_DRIVER\""
  check_busy "podman"
  "${penv[@]}" podman system reset -f >/dev/null 2>&1 || true
  rm -rf "$P"
fi

record machine "\"loadavgEnd\":\"$(cut -d' ' -f1-3 /proc/loadavg)\""
node "$BENCH/report.mjs" "$RESULTS" "$SIZE_MB"
