#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs every test stage in order and ends with
# `N passed, N failed, N skipped` over the stages. Exits non-zero when any stage fails.
# A stage whose prerequisite failed is skipped (and the run has failed already).
#   bash scripts/test.sh             all stages
#   bash scripts/test.sh e2e build   only the named stages (names below), in the order given
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

# Each stage runs as its own `bash scripts/test.sh --stage NAME`, so that `set -e` holds inside it
# (bash ignores -e in a function called from an `if`).
if [ "${1:-}" = "--stage" ]; then
  case "$2" in
    setup) bash scripts/setup.sh --test ;;
    cargo-test) cargo test --release --workspace ;;
    wasm-node) wasm-pack test --node crate ;;
    wasm-chrome) wasm-pack test --headless --chrome crate ;;
    build)
      cargo build --release
      bash scripts/dist.sh
      ;;
    e2e)
      # The page's tests use a core built with the test-trap feature (a forced trap); the
      # build stage's dist/ and `npm start` build without it.
      FEATURES=test-trap bash scripts/build-wasm.sh
      node --test tests/e2e/
      ;;
    conformance) node --test tests/conformance/ ;;
    *) echo "unknown stage $2" >&2; exit 2 ;;
  esac
  exit 0
fi

# name|what it runs|stages it needs
stages=(
  "setup|bash scripts/setup.sh --test|"
  "cargo-test|cargo test --release --workspace|setup"
  "wasm-node|wasm-pack test --node crate|setup"
  "wasm-chrome|wasm-pack test --headless --chrome crate|setup"
  "build|cargo build --release && bash scripts/dist.sh (wasm core, then dist/)|setup"
  "e2e|node --test tests/e2e/|build"
  "conformance|node --test tests/conformance/|build"
)
wanted=("$@")

declare -A result=()
passed=0 failed=0 skipped=0
summary=()
for entry in "${stages[@]}"; do
  IFS='|' read -r name what needs <<<"$entry"
  if [ "${#wanted[@]}" -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
  printf '\n==== %s: %s ====\n' "$name" "$what"
  why=""
  for need in $needs; do
    case "${result[$need]:-}" in failed | skipped) why="$need did not pass" ;; esac
  done
  # Outside CI a missing tests/conformance skips its stage; under CI (env CI set) the stage runs
  # and fails on the missing directory, as tests fail on missing fixtures there.
  if [ "$name" = conformance ] && [ ! -d tests/conformance ] && [ -z "${CI:-}" ]; then why="there is no tests/conformance"; fi
  if [ -n "$why" ]; then
    result[$name]=skipped; skipped=$((skipped + 1))
    summary+=("skipped  $name ($why)")
    echo "skipped: $why"
    continue
  fi
  start=$SECONDS
  if bash scripts/test.sh --stage "$name"; then
    result[$name]=passed; passed=$((passed + 1))
    summary+=("passed   $name ($((SECONDS - start)) s)")
  else
    result[$name]=failed; failed=$((failed + 1))
    summary+=("FAILED   $name ($((SECONDS - start)) s)")
  fi
done

printf '\n==== summary ====\n'
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
