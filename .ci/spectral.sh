#!/usr/bin/env bash
# Lints every spec in specs/ with Spectral's built-in `spectral:oas` ruleset.
# Installs a pinned Spectral into .tools/spectral (gitignored) on first use; fails on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
SPECTRAL_VERSION=6.16.3
prefix=.tools/spectral
bin="$prefix/node_modules/.bin/spectral"
if [[ ! -x "$bin" ]] || ! "$bin" --version 2>/dev/null | grep -qx "$SPECTRAL_VERSION"; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "@stoplight/spectral-cli@$SPECTRAL_VERSION"
fi
printf 'extends: ["spectral:oas"]\n' > .tools/spectral.yaml
"$bin" lint --ruleset .tools/spectral.yaml --fail-severity error specs/*.yaml specs/shapes/*.yaml
