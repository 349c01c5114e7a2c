#!/usr/bin/env bash
# Runs every fuzz target of the module, one after another (`go test -fuzz` takes one
# target of one package at a time), sharing a total time budget.
#
#   FUZZ_BUDGET=SECONDS   total fuzzing time, split evenly between targets (default 240)
#   FUZZTIME=DURATION     fuzzing time per target instead (e.g. 20s); wins over the budget
#
# `make test` does not run this: `go test` already runs every fuzz target on its seed
# corpus. This is the long, randomised search, run by `make fuzz` and by CI after the tests.
#
# Two failures of the Go fuzz coordinator are not findings, and a target that hits one
# is run again before it counts as failed (once; the deadline race up to twice):
#   - "fuzzing process hung or terminated unexpectedly": a worker missed the
#     coordinator's 10 s deadline, which happens on a loaded 2-core host; the input it
#     names runs in milliseconds when run alone (it is run alone here to make sure).
#   - a bare "context deadline exceeded" when -fuzztime runs out while a worker is
#     mid-input (golang/go#75804).
# Either way the input the coordinator wrote under testdata/fuzz is moved out of the
# tree first, so that no run leaves files behind; a real finding (a second failure,
# or an input that fails alone) is put back, where `go test` will run it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=()
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    targets+=("$pkg $target")
  done
done
if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz: no fuzz targets found" >&2
  exit 1
fi
if [ -n "${FUZZTIME:-}" ]; then
  fuzztime="$FUZZTIME"
else
  per=$(( ${FUZZ_BUDGET:-240} / ${#targets[@]} ))
  fuzztime="$(( per > 1 ? per : 1 ))s"
fi
echo "== fuzzing ${#targets[@]} targets for $fuzztime each"

out="$(mktemp "${TMPDIR:-/tmp}/nianbao-fuzz.XXXXXX")"
held="$(mktemp -d "${TMPDIR:-/tmp}/nianbao-fuzz-held.XXXXXX")"
trap 'rm -rf "$out" "$held"' EXIT

# new_inputs DIR BEFORE: the corpus files of DIR not listed in the file BEFORE.
new_inputs() {
  comm -13 "$2" <(ls "$1" 2>/dev/null | sort)
}

# fuzz PKG TARGET: one run. Exit status 0, 1 (a finding), 75 (the coordinator
# reported a hung or lost worker, and the input it wrote, if any, passes alone; it
# has been moved to $held) or 76 (the coordinator's own race at the end of
# -fuzztime, go.dev/issue/75804 in Go before 1.27: a bare "context deadline
# exceeded" with no input written).
fuzz() {
  local pkg="$1" target="$2" dir before f
  dir="$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target"
  before="$(mktemp "${TMPDIR:-/tmp}/nianbao-fuzz-before.XXXXXX")"
  ls "$dir" 2>/dev/null | sort >"$before"
  # A short minimize time: shrinking each new input for the default 60 s made a
  # 20 s run take minutes.
  if go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s >"$out" 2>&1; then
    tail -n 3 "$out"
    rm -f "$before"
    return 0
  fi
  cat "$out"
  local fresh
  fresh="$(new_inputs "$dir" "$before")"
  rm -f "$before"
  if [ -z "$fresh" ] && grep -qE '^    context deadline exceeded$' "$out" && ! grep -q 'Failing input written to' "$out"; then
    return 76
  fi
  if ! grep -qE 'fuzzing process hung or terminated unexpectedly|^    context deadline exceeded$' "$out"; then
    return 1
  fi
  for f in $fresh; do
    # The input alone, with a generous timeout: a real hang or crash fails here.
    if ! go test "$pkg" -run "^${target}/${f}\$" -timeout 60s >/dev/null 2>&1; then
      echo "== $target: $f fails when run alone: a real finding, kept in $dir" >&2
      return 1
    fi
    mv "$dir/$f" "$held/$target.$f"
  done
  rmdir "$dir" 2>/dev/null || true
  return 75
}

for t in "${targets[@]}"; do
  read -r pkg target <<<"$t"
  echo "== fuzz $pkg $target ($fuzztime)"
  status=0
  fuzz "$pkg" "$target" || status=$?
  # A hung or lost worker is run again once. The deadline race found nothing and
  # hit one target in fourteen on a busy 2-core host (twice in two runs of this
  # script, Go 1.26): it is run again up to twice, so that a run fails on it about
  # once in two hundred rather than once in fourteen.
  hung=0 race=0
  while :; do
    case "$status" in
    75) [ "$hung" -lt 1 ] || break
      hung=$((hung + 1))
      echo "== $target: the fuzz coordinator failed, not the code (its input passes alone); running it again" ;;
    76) [ "$race" -lt 2 ] || break
      race=$((race + 1))
      echo "== $target: the fuzz coordinator's deadline race (go.dev/issue/75804), no input involved; running it again" ;;
    *) break ;;
    esac
    status=0
    fuzz "$pkg" "$target" || status=$?
  done
  if [ "$status" != 0 ]; then
    # Put back what the first run wrote: with the second failure it is evidence.
    for f in "$held/$target".*; do
      [ -e "$f" ] || continue
      mkdir -p "$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target"
      mv "$f" "$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target/${f##*/$target.}"
    done
    echo "fuzz: $pkg $target failed" >&2
    exit 1
  fi
done
echo "== fuzzed ${#targets[@]} targets"
