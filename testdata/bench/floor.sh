#!/usr/bin/env bash
# The speed of zhijian as a ratio to grep and to this job's own floor (issue 24), on a
# generated corpus, alternated rounds in one run, medians of wall and CPU (user+sys)
# seconds and of the per-round ratios (the machine is shared: ratios, not seconds):
#   grep -rcF -f (10 phrases)           the reference
#   floor, JSON lines                   testdata/bench/floor: walk, read, parse, drop
#                                       punctuation, one Aho–Corasick pass over the active
#                                       rulebook's anchor literals, a compact line per call
#   floor, indented report              the same, writing an indented JSON report
#   zhijian, one-phrase rulebook        floor.yaml: what a call costs below the rules
#   zhijian, full default rulebook      the benchmark: JSON report to a file
#   testdata/bench/floor.sh [CALLS=20000] [ROUNDS=5] [WORKERS=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-20000}
rounds=${2:-5}
workers=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/zj" ./cmd/zhijian
go build -o "$work/floor" ./testdata/bench/floor
go run ./testdata/bench/gencorpus -n "$calls" -out "$work/corpus" >/dev/null
head -n 10 "$work/corpus.phrases" >"$work/ten"
names=(grep floor floor-report one-phrase full)
run() { # NAME ROUND
  local t="$work/t.$1.$2"
  case $1 in
  grep) /usr/bin/time -f '%e %U %S %M' -o "$t" grep -rcF -f "$work/ten" "$work/corpus" >"$work/out.grep" || true ;;
  floor) /usr/bin/time -f '%e %U %S %M' -o "$t" "$work/floor" -o "$work/out.floor" "$work/corpus" ;;
  floor-report) /usr/bin/time -f '%e %U %S %M' -o "$t" "$work/floor" -report -o "$work/out.floor.json" "$work/corpus" ;;
  one-phrase) /usr/bin/time -f '%e %U %S %M' -o "$t" "$work/zj" check -q --workers "$workers" --rules testdata/bench/floor.yaml \
    -o "$work/out.one.json" "$work/corpus" >/dev/null 2>&1 || true ;;
  full) /usr/bin/time -f '%e %U %S %M' -o "$t" "$work/zj" check -q --workers "$workers" -o "$work/out.full.json" "$work/corpus" >/dev/null 2>&1 || true ;;
  esac
}
for ((r = 1; r <= rounds; r++)); do
  for v in "${names[@]}"; do run "$v" "$r"; done
done
. testdata/bench/lib.sh
medians "${names[@]}"
# ratio of per-round values, median over the rounds: col 1 wall, col 2+3 cpu
ratio() { # A B COL(wall|cpu)
  local rs=() r a b
  for ((r = 1; r <= rounds; r++)); do
    read -r ae au as _ < <(tail -n 1 "$work/t.$1.$r")
    read -r be bu bs _ < <(tail -n 1 "$work/t.$2.$r")
    if [ "$3" = wall ]; then rs+=("$(awk -v a="$ae" -v b="$be" 'BEGIN {print a / b}')")
    else rs+=("$(awk -v a="$au" -v c="$as" -v b="$bu" -v d="$bs" 'BEGIN {print (a + c) / (b + d)}')"); fi
  done
  median "${rs[@]}"
}
peak() { local m=(); for ((r = 1; r <= rounds; r++)); do m+=("$(tail -n 1 "$work/t.$1.$r" | awk '{print $4 / 1024}')"); done; median "${m[@]}"; }
echo "corpus: $calls calls, $(du -sm --apparent-size "$work/corpus" | cut -f1) MB; $rounds alternated rounds; zhijian with $workers workers"
echo "full report $(du -sm --apparent-size "$work/out.full.json" | cut -f1) MB, floor report $(du -sm --apparent-size "$work/out.floor.json" | cut -f1) MB"
printf '%-34s %8s %8s %10s %10s %10s %10s %8s\n' "" "wall s" "cpu s" "x grep w" "x grep cpu" "x floor w" "x fl. cpu" "RSS MB"
for v in "${names[@]}"; do
  printf '%-34s %8.2f %8.2f %10.2f %10.2f %10.2f %10.2f %8.0f\n' "$v" "${wall[$v]}" "${cpu[$v]}" \
    "$(ratio "$v" grep wall)" "$(ratio "$v" grep cpu)" "$(ratio "$v" floor-report wall)" "$(ratio "$v" floor-report cpu)" "$(peak "$v")"
done
