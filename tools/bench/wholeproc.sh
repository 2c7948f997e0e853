#!/bin/sh
# Whole-process cold runs, in pairs (A B A B …), of two legwork binaries on
# the same input: wall s, user+sys CPU s, peak RSS MB.
#   sh tools/bench/wholeproc.sh A B PAIRS INPUT [legwork run flags…]
# For a 64-file mixed folder like the demo: sh tools/bench/wholeproc.sh A B 5 mixed64
# (mixed64: the demo's first 45 FIT files, its .gz files, its GPX and its Strava zip).
set -eu
a=$1 b=$2 pairs=$3 input=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$input" = mixed64 ]; then
  input=$tmp/in
  mkdir -p "$input"
  find testdata/demo -name '*.fit' | sort | head -45 | while read -r f; do cp "$f" "$input/"; done
  find testdata/demo -name '*.gz' -o -name '*.gpx' -o -name '*.zip' | while read -r f; do cp "$f" "$input/"; done
  echo "mixed64: $(ls "$input" | wc -l) files, $(du -sk "$input" | cut -f1) KB"
fi
one() {
  bin=$1
  shift
  rm -rf "$tmp/out"
  /usr/bin/time -f '%e %U %S %M' "$bin" run -q --as-of 2026-11-25 -o "$tmp/out" "$@" "$input" 2>&1 >/dev/null | tail -1
}
i=0
while [ $i -lt "$pairs" ]; do
  ra=$(one "$a" "$@") rb=$(one "$b" "$@")
  echo "$ra $rb" | awk '{ca=$2+$3; cb=$6+$7; printf "A %.2f s wall %.2f s CPU %d MB | B %.2f s wall %.2f s CPU %d MB | B/A CPU %.2f\n", $1, ca, $4/1024, $5, cb, $8/1024, cb/ca}'
  i=$((i+1))
done
