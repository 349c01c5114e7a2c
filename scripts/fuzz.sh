#!/usr/bin/env bash
# Runs every fuzz target in the module for FUZZTIME each (default 20s), one after
# another: `go test -fuzz` takes one target and one package at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-20s}"
found=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    found=$((found + 1))
    echo "== fuzz $pkg $target ($fuzztime)"
    # A short minimize time: shrinking each new input for the default 60 s made a
    # 20 s run take minutes.
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s
  done
done
if [ "$found" -eq 0 ]; then
  echo "no fuzz targets found" >&2
  exit 1
fi
echo "== fuzzed $found targets"
