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
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A wall cpu
for v in base now; do
  w=(); c=()
  for ((r = 1; r <= rounds; r++)); do
    read -r e u s < <(tail -n 1 "$work/t.$v.$r")
    w+=("$e"); c+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
  done
  wall[$v]=$(median "${w[@]}"); cpu[$v]=$(median "${c[@]}")
done
echo "corpus: $calls calls; medians of $rounds alternated rounds, one worker"
for v in base now; do
  awk -v v="$v" -v w="${wall[$v]}" -v c="${cpu[$v]}" -v bw="${wall[base]}" -v bc="${cpu[base]}" \
    'BEGIN {printf "%-5s wall %.2f s  cpu %.2f s  (x%s: wall %.2f, cpu %.2f)\n", v, w, c, "base", w/bw, c/bc}'
done
