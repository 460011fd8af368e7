#!/usr/bin/env bash
# Compares the CPU and wall time of zhijian at REV with the working tree on one corpus:
# alternated rounds in one run, medians, and the ratio of each to REV (the machine is
# shared: compare ratios, not seconds).
#   testdata/bench/compare.sh REV [CALLS=5000] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=$1
calls=${2:-5000}
rounds=${3:-5}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/base" "$rev" >/dev/null 2>&1
(cd "$work/base" && go build -o "$work/zj-base" ./cmd/zhijian)
go build -o "$work/zj-now" ./cmd/zhijian
go run ./testdata/bench/gencorpus -n "$calls" -out "$work/corpus" >/dev/null
for ((r = 1; r <= rounds; r++)); do
  for v in base now; do
    /usr/bin/time -f '%e %U %S' -o "$work/t.$v.$r" "$work/zj-$v" check --workers 1 --format jsonl "$work/corpus" >/dev/null 2>&1 || true
  done
done
. testdata/bench/lib.sh
medians base now
echo "corpus: $calls calls; medians of $rounds alternated rounds, one worker"
for v in base now; do
  awk -v v="$v" -v w="${wall[$v]}" -v c="${cpu[$v]}" -v bw="${wall[base]}" -v bc="${cpu[base]}" \
    'BEGIN {printf "%-5s wall %.2f s  cpu %.2f s  (x%s: wall %.2f, cpu %.2f)\n", v, w, c, "base", w/bw, c/bc}'
done
