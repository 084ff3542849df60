#!/usr/bin/env bash
# Installs everything `npm start` and `npm test` need on a fresh Debian machine of this
# project's kind, and skips what is already there (safe to run again and again).
#   scripts/setup.sh          toolchain for building and serving the page
#   scripts/setup.sh --test   also the browser and the container tools the tests use
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf 'setup: %s\n' "$*" >&2; }

# Debian packages.
pkgs=()
if [ "$want_test" = 1 ]; then
  # fonts-wqy-microhei: a CJK font, so that the screenshots of the Chinese lesson show text.
  # docker.io: dockerd 20.10 for tests/conformance/docker.test.mjs (driven by the Docker 28 CLI);
  # policy-rc.d on this kind of machine keeps its init scripts from starting a system daemon.
  # docker-registry and apache2-utils (htpasswd): the registries crate/tests/network.rs pulls from and pushes to.
  for p in chromium chromium-driver buildah skopeo umoci podman openssl fonts-wqy-microhei docker.io docker-registry apache2-utils; do
    dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
  done
  # busybox-static: a static /bin/busybox for the differential suite's image. It conflicts with
  # Debian's dynamic busybox; when that one is installed, the suite copies its libraries instead.
  if ! dpkg -s busybox-static >/dev/null 2>&1 && ! dpkg -s busybox >/dev/null 2>&1; then
    pkgs+=(busybox-static)
  fi
fi
if [ "${#pkgs[@]}" -gt 0 ]; then
  log "installing Debian packages: ${pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# Rust target for WebAssembly.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli at exactly the version Cargo.lock pins (no --locked: it fails here).
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  log "installing wasm-bindgen-cli $wb_version (a few minutes)"
  cargo install -q wasm-bindgen-cli --version "=$wb_version" --force
fi

# wasm-pack.
if ! command -v wasm-pack >/dev/null 2>&1; then
  log "installing wasm-pack (a few minutes)"
  cargo install -q wasm-pack --locked
fi

# npm packages (playwright-core, xterm...). Never downloads a browser.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
