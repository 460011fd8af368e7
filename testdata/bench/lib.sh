# Shared by the benchmark scripts: the median of numbers, and the wall and CPU medians of
# the rounds timed into $work/t.NAME.ROUND by /usr/bin/time -f '%e %U %S'.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A wall cpu
medians() { # NAME...
  local v r e u s w c
  for v in "$@"; do
    w=(); c=()
    for ((r = 1; r <= rounds; r++)); do
      read -r e u s < <(tail -n 1 "$work/t.$v.$r")
      w+=("$e"); c+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    done
    wall[$v]=$(median "${w[@]}"); cpu[$v]=$(median "${c[@]}")
  done
}
