#!/usr/bin/env bash
# Prints zhijian's speed figures side by side with grep -rF on the same corpus, medians of
# RUNS runs measured in one go (the machine is shared: compare ratios, not seconds): the
# full default rulebook, and a rulebook of one phrase (floor.yaml: what a file costs below
# the rules), and what tolerant matching costs a batch: the default (robust) check against --strict on that
# corpus and on one of raw speech-recognition output (gencorpus -asr).
#   testdata/bench/throughput.sh [CALLS=20000] [RUNS=3]
# With ZHIJIAN_BIG=N it also checks one corpus of N calls (e.g. 200000) once, for the peak
# memory of a large batch. Needs GNU time (/usr/bin/time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-20000}
runs=${2:-3}
work=${ZHIJIAN_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
corpus="$work/corpus-$calls"

go build -o "$work/zhijian" ./cmd/zhijian
[ -d "$corpus" ] || go run ./testdata/bench/gencorpus -n "$calls" -out "$corpus" >/dev/null
asr="$work/corpus-asr-$calls"
[ -d "$asr" ] || go run ./testdata/bench/gencorpus -n "$calls" -asr -out "$asr" >/dev/null
phrases="$corpus.phrases"

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# measure CMD...: wall seconds and peak RSS in MB of one run.
measure() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$work/time" | awk '{printf "%s %.1f\n", $1, $2/1024}'
}

declare -a g z1 z2 f s srss zrss zs ar as
for ((r = 0; r < runs; r++)); do
  read -r t _ < <(measure grep -rF -f "$phrases" "$corpus"); g+=("$t")
  read -r t m < <(measure "$work/zhijian" check --workers 2 --format jsonl "$corpus"); z2+=("$t"); zrss+=("$m")
  read -r t _ < <(measure "$work/zhijian" check --workers 1 --format jsonl "$corpus"); z1+=("$t")
  read -r t _ < <(measure "$work/zhijian" check --rules testdata/bench/floor.yaml --workers 2 --format jsonl "$corpus"); f+=("$t")
  read -r t m < <(measure "$work/zhijian" check testdata/calls/forbidden-service.txt); s+=("$t"); srss+=("$m")
  read -r t _ < <(measure "$work/zhijian" check --strict --workers 2 --format jsonl "$corpus"); zs+=("$t")
  read -r t _ < <(measure "$work/zhijian" check --workers 2 --format jsonl "$asr"); ar+=("$t")
  read -r t _ < <(measure "$work/zhijian" check --strict --workers 2 --format jsonl "$asr"); as+=("$t")
done
G=$(median "${g[@]}"); Z2=$(median "${z2[@]}"); Z1=$(median "${z1[@]}"); S=$(median "${s[@]}"); F=$(median "${f[@]}")
ZS=$(median "${zs[@]}"); AR=$(median "${ar[@]}"); AS=$(median "${as[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
size=$(du -sm --apparent-size "$corpus" | cut -f1)
echo "corpus: $calls calls, ${size} MB, $(wc -l <"$phrases") forbidden phrases; medians of $runs runs"
printf '%-44s %8s s\n' "grep -rF -f phrases (reference)" "$G"
printf '%-44s %8s s  (%.1fx grep; peak RSS %s MB)\n' "zhijian check, 2 workers, full rulebook" "$Z2" "$(awk -v a="$Z2" -v b="$G" 'BEGIN{print a/b}')" "$(median "${zrss[@]}")"
printf '%-44s %8s s  (speed-up 1->2 workers: %.2fx)\n' "zhijian check, 1 worker" "$Z1" "$(awk -v a="$Z1" -v b="$Z2" 'BEGIN{print a/b}')"
printf '%-44s %8s s  (%.1fx grep: reading, parsing, normalising, writing)\n' "zhijian check, 2 workers, one-phrase rulebook" "$F" "$(awk -v a="$F" -v b="$G" 'BEGIN{print a/b}')"
printf '%-44s %8s s  (peak RSS %s MB)\n' "zhijian check, one short transcript" "$S" "$(median "${srss[@]}")"
printf '%-44s %8s s  (robust/strict: %sx)\n' "zhijian check --strict, 2 workers" "$ZS" "$(ratio "$Z2" "$ZS")"
echo "ASR corpus: $calls calls, $(du -sm --apparent-size "$asr" | cut -f1) MB (gencorpus -asr)"
printf '%-44s %8s s\n' "zhijian check, 2 workers, full rulebook" "$AR"
printf '%-44s %8s s  (robust/strict: %sx)\n' "zhijian check --strict, 2 workers" "$AS" "$(ratio "$AR" "$AS")"
if [ -n "${ZHIJIAN_BIG:-}" ]; then
  big="$work/corpus-$ZHIJIAN_BIG"
  [ -d "$big" ] || go run ./testdata/bench/gencorpus -n "$ZHIJIAN_BIG" -out "$big" >/dev/null
  read -r t m < <(measure "$work/zhijian" check --workers 2 --format jsonl "$big")
  echo "large batch: $ZHIJIAN_BIG calls, $(du -sm --apparent-size "$big" | cut -f1) MB"
  printf '%-44s %8s s  (peak RSS %s MB)\n' "zhijian check, 2 workers, full rulebook" "$t" "$m"
fi
