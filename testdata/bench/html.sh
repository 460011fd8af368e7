#!/usr/bin/env bash
# Measures the HTML report of a large batch: N copies of the sample calls (default
# 10,000) checked into one report; prints the time to write it, its size, and how long
# headless chromium takes to open it, turn a page of the call table, open a drill-down
# and filter (pkg/cmd/check TestHTMLOpenTime). Needs chromium (apt-get install chromium).
# Usage: testdata/bench/html.sh [N=10000]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/zhijian" ./cmd/zhijian
mkdir "$work/batch"
samples=(testdata/calls/*.txt)
for ((i = 0; i < n; i++)); do
  cp "${samples[i % ${#samples[@]}]}" "$work/batch/call-$i.txt"
done

start=$(date +%s.%N)
"$work/zhijian" check --quiet -o html="$work/report.html" -o json="$work/report.json" "$work/batch" || true # exit 1: some fail
end=$(date +%s.%N)
printf '%d calls checked, HTML and JSON written in %.1f s\n' "$n" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')"
printf 'HTML report: %s bytes (%.1f MB); JSON report: %.1f MB\n' "$(stat -c %s "$work/report.html")" \
  "$(awk -v s="$(stat -c %s "$work/report.html")" 'BEGIN {print s / 1048576}')" \
  "$(awk -v s="$(stat -c %s "$work/report.json")" 'BEGIN {print s / 1048576}')"
ZHIJIAN_HTML_REPORT="$work/report.html" go test ./pkg/cmd/check -run 'TestHTMLOpenTime$' -count=1 -v | grep -E 'html_browser_test|^(ok|FAIL|---)'
