#!/bin/sh
# Side by side, in pairs (A B A B …): cold `legwork run` on a generated GPX
# history against gpxpy's parse-only time of the same files.
#   sh tools/bench/gpxhistory.sh BIN N PAIRS   (BIN: a legwork binary; N files)
# Prints wall s, user+sys CPU s and peak RSS of each run, then the CPU ratio of each pair.
set -eu
bin=$1 n=${2:-156} pairs=${3:-3}
py=${PYTHON:-/usr/bin/python3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./internal/demogen/cmd/demogen -gpx-history "$n" -o "$dir/in"
echo "$n files, $(du -sk "$dir/in" | cut -f1) KB gzipped, $(cat "$dir"/in/*.gz | gzip -dc | wc -c) bytes of XML"
i=0
while [ $i -lt "$pairs" ]; do
  rm -rf "$dir/out"
  a=$(/usr/bin/time -f '%e %U %S %M' "$bin" run -q --as-of 2026-11-25 --tz America/New_York -o "$dir/out" "$dir/in" 2>&1 >/dev/null | tail -1)
  b=$(/usr/bin/time -f '%e %U %S %M' "$py" tools/bench/gpxpy_parse.py "$dir/in" 2>&1 | tail -1)
  echo "$a $b" | awk '{ca=$2+$3; cb=$6+$7; printf "legwork %.2f s wall %.2f s CPU %d MB | gpxpy %.2f s wall %.2f s CPU %d MB | CPU ratio 1/%.1f\n", $1, ca, $4/1024, $5, cb, $8/1024, cb/ca}'
  i=$((i+1))
done
