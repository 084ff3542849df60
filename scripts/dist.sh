#!/usr/bin/env bash
# `npm run build`: the page as a static folder, dist/, that any static web server can host
# (index.html and www/ with the wasm core and xterm.js). Serve it with a
# Content-Security-Policy header like scripts/serve.mjs sends; the page's own meta tag
# covers the page but not its worker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
rm -rf dist
mkdir -p dist/www
cp index.html dist/
cp -r www/*.js www/*.css www/*.svg www/views www/vendor dist/www/
mkdir -p dist/www/pkg
cp www/pkg/layerlab.js www/pkg/layerlab_bg.wasm dist/www/pkg/
echo "dist/: $(du -sh dist | cut -f1) — copy it to any static host"
