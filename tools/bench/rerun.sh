#!/bin/sh
# What a rerun with nothing new costs against a cold run, whole process,
# and the floor under it: the same binary starting, printing its version
# and exiting.
#
#   sh tools/bench/rerun.sh BIN [N]   (N generated FIT runs, default 780)
#
# Needs perf (linux-perf): `perf stat -r` repeats each command and gives
# its mean task-clock, the CPU time of the process and its threads.
set -eu
bin=$1 n=${2:-780}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./internal/demogen/cmd/demogen -history "$n" -o "$tmp/in"
flags="-q --as-of 2026-11-25 --tz America/New_York"
# cpu_ms RUNS [perf stat options] -- COMMAND...: mean CPU ms of COMMAND.
cpu_ms() {
  perf stat -x, -e task-clock -r "$@" 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { printf "%.1f", $1 }'
}
floor=$(cpu_ms 50 -- "$bin" version)
"$bin" run $flags -o "$tmp/out" "$tmp/in"
rerun=$(cpu_ms 30 -- "$bin" run $flags -o "$tmp/out" "$tmp/in")
cold=$(cpu_ms 10 --pre "rm -rf $tmp/cold" -- "$bin" run $flags -o "$tmp/cold" "$tmp/in")
awk -v n="$n" -v f="$floor" -v r="$rerun" -v c="$cold" 'BEGIN {
  printf "%d generated FIT runs, CPU per run: cold %.1f ms, rerun with nothing new %.1f ms, `legwork version` %.1f ms\n", n, c, r, f
  printf "rerun/cold %.1f%%; starting and exiting alone is %.1f%% of the cold run\n", 100 * r / c, 100 * f / c
}'
