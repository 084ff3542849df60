#!/usr/bin/env bash
# Builds the wasm core into www/pkg (release, --target web) for the page, after making sure
# the toolchain is installed. Skips the build when nothing in crate/ or Cargo.* changed
# since the last successful one. FORCE=1 rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

out=www/pkg
stamp=$out/.built
if [ "${FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ -f "$out/layerlab_bg.wasm" ] \
  && [ -z "$(find crate Cargo.toml Cargo.lock -newer "$stamp" -not -path 'crate/target/*' -not -path 'crate/pkg/*' -print -quit)" ]; then
  echo "build-wasm: $out is up to date"
  exit 0
fi

# The stamp takes the time the build started, so an edit made during the build triggers the next one.
mkdir -p "$out"
next=$(mktemp "$out/.built.XXXXXX")
trap 'rm -f "$next"' EXIT
echo "build-wasm: wasm-pack build (release) into $out"
wasm-pack build crate --target web --out-dir ../"$out" --release
mv "$next" "$stamp"
