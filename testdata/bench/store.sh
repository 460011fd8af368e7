#!/usr/bin/env bash
# What recording a run in the store costs: zhijian check writing a JSON report, against
# the same with --store (SQLite, or the postgres:// DSN in STORE), alternated rounds in one
# run, medians, and the ratios (the machine is shared: compare ratios, not seconds).
#   testdata/bench/store.sh [CALLS=20000] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-20000}
rounds=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/zj" ./cmd/zhijian
go run ./testdata/bench/gencorpus -n "$calls" -out "$work/corpus" >/dev/null
for ((r = 1; r <= rounds; r++)); do
  /usr/bin/time -f '%e %U %S' -o "$work/t.json.$r" "$work/zj" check -q --workers 1 -o "$work/r.json" "$work/corpus" >/dev/null 2>&1 || true
  rm -f "$work"/qa.db*
  /usr/bin/time -f '%e %U %S' -o "$work/t.store.$r" "$work/zj" check -q --workers 1 --store "${STORE:-$work/qa.db}" \
    --run-label "bench-$r" -o "$work/r.json" "$work/corpus" >/dev/null 2>&1 || true
done
. testdata/bench/lib.sh
medians json store
echo "corpus: $calls calls; medians of $rounds alternated rounds, one worker"
for v in json store; do
  printf '%-6s wall %s s  cpu %s s  (x json: wall %.2f, cpu %.2f)\n' "$v" "${wall[$v]}" "${cpu[$v]}" \
    "$(awk -v a="${wall[$v]}" -v b="${wall[json]}" 'BEGIN {print a / b}')" "$(awk -v a="${cpu[$v]}" -v b="${cpu[json]}" 'BEGIN {print a / b}')"
done
