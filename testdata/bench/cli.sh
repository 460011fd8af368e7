#!/usr/bin/env bash
# Measures zhijian end to end as a process: one short transcript, and a batch of N files
# (copies of the sample calls). Prints the median of RUNS runs of each, and the ratio.
# Usage: testdata/bench/cli.sh [N=1000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/zhijian" ./cmd/zhijian
mkdir "$work/batch"
samples=(testdata/calls/*.txt)
for ((i = 0; i < n; i++)); do
  cp "${samples[i % ${#samples[@]}]}" "$work/batch/call-$i.txt"
done

# median TIMES... prints the median of the numbers given.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# wall CMD... runs a command once and prints its wall time in seconds.
wall() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true # exit 1 is expected: some samples fail
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
}

# A compliant call needs no word-boundary decision, so the dictionary is never loaded; a
# call with 禁语 inside sentences needs it.
quick=() single=() batch=()
for ((r = 0; r < runs; r++)); do
  quick+=("$(wall "$work/zhijian" check testdata/calls/compliant-billing.txt)")
  single+=("$(wall "$work/zhijian" check testdata/calls/forbidden-service.txt)")
  batch+=("$(wall "$work/zhijian" check --format json "$work/batch")")
done
q=$(median "${quick[@]}")
s=$(median "${single[@]}")
b=$(median "${batch[@]}")
printf 'single file, no dictionary needed: median %.3f s over %d runs\n' "$q" "$runs"
printf 'single file, dictionary loaded:    median %.3f s over %d runs\n' "$s" "$runs"
printf '%d files:  median %.3f s over %d runs (%.1f files/s; %.1fx the single-file time)\n' \
  "$n" "$b" "$runs" "$(awk -v n="$n" -v b="$b" 'BEGIN {print n / b}')" "$(awk -v b="$b" -v s="$s" 'BEGIN {print b / s}')"
