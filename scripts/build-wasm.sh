#!/usr/bin/env bash
# Builds the wasm core into www/pkg (release, --target web) and copies xterm.js into
# www/vendor for the page, after making sure the toolchain is installed. Skips the build when nothing in crate/ or Cargo.* changed
# since the last successful one. FORCE=1 rebuilds anyway. FEATURES=test-trap builds the variant
# the end-to-end tests use (scripts/test.sh's e2e stage); the stamp remembers the features, so
# switching between the two rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

# The page's third-party files, from node_modules (installed by setup.sh's npm ci).
mkdir -p www/vendor
cp node_modules/@xterm/xterm/lib/xterm.mjs node_modules/@xterm/xterm/css/xterm.css \
  node_modules/@xterm/addon-fit/lib/addon-fit.mjs www/vendor/
cp node_modules/@xterm/xterm/LICENSE www/vendor/xterm.LICENSE

out=www/pkg
stamp=$out/.built
features=${FEATURES:-}
if [ "${FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ -f "$out/layerlab_bg.wasm" ] \
  && [ "$(cat "$stamp")" = "features=$features" ] \
  && [ -z "$(find crate Cargo.toml Cargo.lock -newer "$stamp" -not -path 'crate/target/*' -not -path 'crate/pkg/*' -print -quit)" ]; then
  echo "build-wasm: $out is up to date"
  exit 0
fi

# The stamp takes the time the build started, so an edit made during the build triggers the next one.
mkdir -p "$out"
next=$(mktemp "$out/.built.XXXXXX")
trap 'rm -f "$next"' EXIT
echo "build-wasm: wasm-pack build (release${features:+, features $features}) into $out"
wasm-pack build crate --target web --out-dir ../"$out" --release ${features:+-- --features "$features"}
echo "features=$features" >"$next"
mv "$next" "$stamp"
