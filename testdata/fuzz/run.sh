#!/usr/bin/env bash
# Runs every native Go fuzz target in the module for a bounded time each.
#
#   testdata/fuzz/run.sh            # 20s per target
#   testdata/fuzz/run.sh 60s        # any duration go test -fuzztime takes (also 10000x)
#   testdata/fuzz/run.sh 5m pkg/match   # only the targets of the packages named after it
#
# go test fuzzes one target of one package at a time, so the targets run one after the
# other. A failing input is written by go test to <package>/testdata/fuzz/<Target>/,
# where it stays as a regression test run by plain `go test`: commit it with the fix.
# The script goes on after a failure and exits 1 at the end if any target failed.
#
# go1.26's fuzzing coordinator sometimes ends a run that found nothing with a bare
# "context deadline exceeded" (go.dev/issue/75804, fixed in go1.27): a run that says only
# that and wrote no failing input counts as a flake, reported but not failed.
#
# FUZZMINIMIZETIME (default 5s) bounds how long go test shrinks each new interesting
# input; its own default, 60s, lets a worker spend most of a short run shrinking one
# mutated sample file (the JSON samples are 3–30 KB) instead of fuzzing.
set -uo pipefail
cd "$(dirname "$0")/../.."

fuzztime=${1:-20s}
minimize=${FUZZMINIMIZETIME:-5s}
shift || true
pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
  pkgs=(./...)
fi
pkgs=("${pkgs[@]/#pkg/./pkg}")

# "package directory target" for every Fuzz function in the packages' test files.
mapfile -t targets < <(
  go list -f '{{.ImportPath}} {{.Dir}}' "${pkgs[@]}" | while read -r ip dir; do
    grep -hoE '^func (Fuzz[A-Za-z0-9_]*)\(f \*testing\.F\)' "$dir"/*_test.go 2>/dev/null |
      sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/' | sort -u | sed "s|^|$ip $dir |"
  done
)
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz targets found in ${pkgs[*]}" >&2
  exit 1
fi

failed=()
flaked=()
passed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "${targets[@]}"; do
  read -r pkg dir name <<<"$t"
  echo "=== fuzz $name ($pkg) for $fuzztime"
  corpus="$dir/testdata/fuzz/$name"
  before=$(ls "$corpus" 2>/dev/null | wc -l)
  start=$(date +%s)
  # The progress lines are left out but for the last; a failure is shown whole.
  go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" >"$log" 2>&1
  status=$?
  awk '/^fuzz: elapsed/ { last = $0; next } { print } END { if (last != "") print last }' "$log"
  secs=$(($(date +%s) - start))
  after=$(ls "$corpus" 2>/dev/null | wc -l)
  if [ "$status" -eq 0 ]; then
    echo "--- ok   $name ($pkg) ${secs}s"
    passed=$((passed + 1))
  elif [ "$after" -eq "$before" ] && grep -q '^    context deadline exceeded$' "$log" && ! grep -q 'Failing input' "$log"; then
    echo "--- flake $name ($pkg) ${secs}s: context deadline exceeded with no failing input (go.dev/issue/75804)"
    flaked+=("$name ($pkg)")
  else
    echo "--- FAIL $name ($pkg) ${secs}s"
    failed+=("$name ($pkg)")
  fi
done

echo
echo "fuzz: ${passed} passed, ${#failed[@]} failed"
for f in "${flaked[@]}"; do
  echo "  flake (not failed) $f"
done
for f in "${failed[@]}"; do
  echo "  FAIL $f"
done
[ ${#failed[@]} -eq 0 ]
