#!/usr/bin/env bash
# The hostile-input soak and its figures (issue 19):
#   1. peak RSS for one file of 1, 50 and 500 MB (the last over --max-size: refused before
#      it is read; and the same 500 MB on standard input: cut at the limit);
#   2. the time from SIGINT to exit in each reading state (a FIFO whose writer stalls,
#      standard input left open, a large file being checked), median of ROUNDS;
#   3. a batch of CALLS calls with 5% hostile files mixed in (binary, huge, broken
#      encodings, broken JSON, a stalled FIFO), interrupted after a second, then run again:
#      every good call scored exactly once, every bad file named with an error, no
#      temporary file left, the peak RSS of the batch.
#   testdata/bench/hostile.sh [CALLS=20000] [ROUNDS=5]
# Needs GNU time (/usr/bin/time) and mkfifo. Quote ratios and medians, not one run.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-20000}
rounds=${2:-5}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/zhijian" ./cmd/zhijian
zj="$work/zhijian"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss() { /usr/bin/time -f '%M' -o "$work/time" "$@" >/dev/null 2>&1 || true; tail -n 1 "$work/time" | awk '{printf "%.0f", $1/1024}'; }

# A call of about N MB: turns of ~1 KB, alternating, within the default limits.
bigcall() {
  python3 - "$1" "$2" <<'EOF'
import sys
mb, out = float(sys.argv[1]), sys.argv[2]
line = "您好，请问有什么可以帮到您？我想查一下这个月的话费，麻烦您帮我看看好吗。" * 9
with open(out, "w") as f:
    n = i = 0
    while n < mb * 2**20 and i < 19990:
        s = ("坐席：" if i % 2 == 0 else "客户：") + line + "\n"
        f.write(s); n += len(s.encode()); i += 1
    while n < mb * 2**20:  # past the turn limit: the rest is one long utterance's lines
        f.write(line + "\n"); n += len(line.encode()) + 1
EOF
}

echo "== peak RSS for one file (MB)"
for mb in 1 50 500; do
  bigcall "$mb" "$work/big-$mb.txt"
  size=$(du -m "$work/big-$mb.txt" | cut -f1)
  printf '%4s MB file: RSS %s MB\n' "$size" "$(rss "$zj" check -q "$work/big-$mb.txt")"
done
printf ' 500 MB on stdin: RSS %s MB\n' "$(rss sh -c "\"$zj\" check -q - < \"$work/big-500.txt\"")"
rm -f "$work"/big-500.txt

echo "== SIGINT to exit (ms, median of $rounds)"
sigint() { # sigint ARGS...: ms from SIGINT to exit, with a stalled writer on FIFO and stdin
  local t0 t1
  "$zj" check -q -o "$work/r.json" "$@" < "$work/stdin.fifo" &
  local pid=$!
  sleep 0.5
  t0=$(date +%s%N); kill -INT "$pid"; wait "$pid" 2>/dev/null || true; t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
  ls -a "$work" | grep -q '\.tmp-' && echo "temporary file left" >&2 || true
}
mkfifo "$work/stdin.fifo" "$work/stall.txt"
sleep 3600 > "$work/stdin.fifo" & # keeps standard input open and silent
sleep 3600 > "$work/stall.txt" &  # a writer that never writes
bigcall 50 "$work/big-50.txt"
for state in "stalled FIFO:$work/stall.txt" "open stdin:-" "large file in progress:$work/big-50.txt"; do
  ts=()
  for _ in $(seq "$rounds"); do ts+=("$(sigint "${state#*:}")"); done
  printf '%-24s %s ms\n' "${state%%:*}" "$(median "${ts[@]}")"
done

echo "== soak: $calls calls, 5% hostile, interrupted, then run again"
batch="$work/batch"
go run ./testdata/bench/gencorpus -n "$calls" -out "$batch" >/dev/null
python3 - "$batch" "$calls" <<'EOF'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(19)
kinds = ["binary", "huge", "gbk-damaged", "json", "utf16", "nul"]
for i in range(n // 20):
    k = kinds[i % len(kinds)]
    p = os.path.join(root, "hostile", f"{k}-{i:05d}" + (".json" if k == "json" else ".txt"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        if k == "binary": f.write(bytes(rnd.randrange(256) for _ in range(2048)))
        elif k == "huge": f.write(("坐席：" + "喂" * 12000 + "\n").encode())
        elif k == "gbk-damaged": f.write("坐席：您好\n".encode("gbk") + b"\xff\xff\xfe\n")
        elif k == "json": f.write(b'{"turns": [{"role": "agent", "text": "x", "text": "y"}]}')
        elif k == "utf16": f.write("坐席：您好，请问有什么可以帮您？\n".encode("utf-16le"))
        else: f.write("坐席：您好\n客户：\x00\n".encode())
EOF
mkfifo "$batch/hostile/stalled.txt"
sleep 3600 > "$batch/hostile/stalled.txt" &
good=$(find "$batch" -name '*.txt' ! -path '*/hostile/*' | wc -l)
bad=$(find "$batch/hostile" -type f | wc -l)
"$zj" check -q -o "jsonl=$work/soak.jsonl" "$batch" & pid=$!
sleep 1; kill -INT "$pid"; wait "$pid" && code=0 || code=$?
echo "interrupted run: exit $code, report written: $([ -e "$work/soak.jsonl" ] && echo yes || echo no), temporary files: $(find "$work" -name '*.tmp-*' | wc -l)"
/usr/bin/time -f '%e %M' -o "$work/time" "$zj" check -q -o "jsonl=$work/soak.jsonl" -o "json=$work/soak.json" "$batch" >/dev/null 2>&1 || true
python3 - "$work/soak.json" "$good" "$bad" <<'EOF'
import json, sys, collections
rep = json.load(open(sys.argv[1]))
good, bad = int(sys.argv[2]), int(sys.argv[3])
paths = collections.Counter(f["path"] for f in rep["files"])
scored = [f for f in rep["files"] if "/hostile/" not in f["path"]]
named = [f for f in rep["files"] if "/hostile/" in f["path"] and f["error"]]
skipped = [s for s in rep["summary"].get("skipped_files", []) if "/hostile/" in s["path"]]
print(f"second run: {len(scored)} good calls scored of {good}, each once: {all(c == 1 for c in paths.values())}; "
      f"{len(named)} hostile files named with an error, {len(skipped)} listed as skipped, of {bad + 1}")
EOF
tail -n 1 "$work/time" | awk '{printf "second run: %.1f s, peak RSS %.0f MB\n", $1, $2/1024}'
