#!/usr/bin/env bash
# Runs every fuzz target in the module for FUZZTIME each (default 20s), one after
# another: `go test -fuzz` takes one target and one package at a time.
#
# Go 1.26's fuzz coordinator can fail a target with a bare "context deadline
# exceeded" when -fuzztime runs out while a worker is mid-input (golang/go#75804,
# fixed in Go 1.27). Such a run found nothing: no input was written under
# testdata/fuzz. It is reported and run once more; a second one in a row, or any
# other failure, fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-20s}"
found=0
out="$(mktemp "${TMPDIR:-/tmp}/nianbao-fuzz.XXXXXX")"
trap 'rm -f "$out"' EXIT

# fuzz PKG TARGET: one run; exit status 0, 1 (failed), or 75 (the deadline race).
fuzz() {
  local pkg="$1" target="$2" dir
  dir="$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target"
  local before
  before="$(ls "$dir" 2>/dev/null | wc -l)"
  # A short minimize time: shrinking each new input for the default 60 s made a
  # 20 s run take minutes.
  if go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s 2>&1 | tee "$out"; then
    return 0
  fi
  if grep -q '^    context deadline exceeded$' "$out" && [ "$(ls "$dir" 2>/dev/null | wc -l)" = "$before" ]; then
    return 75
  fi
  return 1
}

for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    found=$((found + 1))
    echo "== fuzz $pkg $target ($fuzztime)"
    status=0
    fuzz "$pkg" "$target" || status=$?
    if [ "$status" = 75 ]; then
      echo "== $target: the fuzz coordinator's deadline race (golang/go#75804), no input found; running it again"
      status=0
      fuzz "$pkg" "$target" || status=$?
    fi
    if [ "$status" != 0 ]; then
      echo "fuzz: $pkg $target failed" >&2
      exit 1
    fi
  done
done
if [ "$found" -eq 0 ]; then
  echo "no fuzz targets found" >&2
  exit 1
fi
echo "== fuzzed $found targets"
