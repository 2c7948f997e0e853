#!/bin/sh
# check.sh compares legwork's weeks, flags and shoes tables with the
# independent reference (tools/reference/reference.py) on one data set:
#
#   tools/reference/check.sh [-c CONFIG] [--tz ZONE] --as-of DATE INPUT...
#
# It builds bin/legwork, runs `legwork run` into a temporary output
# directory, reads the activities with `legwork inspect --json` (the same
# flags) and their loads from the run's activities table, computes the
# reference from them, and runs the DuckDB comparison
# (tools/duckcheck, TestReference) on the Parquet tables. Exit status is
# the comparison's. KEEP=1 keeps the temporary directory; LITERAL=1 makes
# the reference decide the 10% rules with METRICS.md's formulas evaluated
# in float64 as written (reference.py --literal-float).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
config=
tz=
asof=
while [ $# -gt 0 ]; do
	case $1 in
	-c | --config) config=$2; shift 2 ;;
	--tz) tz=$2; shift 2 ;;
	--as-of) asof=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "check.sh: unknown flag $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ -z "$asof" ] || [ $# -eq 0 ]; then
	echo "usage: check.sh [-c CONFIG] [--tz ZONE] --as-of DATE INPUT..." >&2
	exit 2
fi

tmp=$(mktemp -d)
if [ "${KEEP:-}" = 1 ]; then
	echo "check.sh: keeping $tmp" >&2
else
	trap 'rm -rf "$tmp"' EXIT
fi

(cd "$root" && go build -ldflags "-X main.versionOverride=$(git describe --always --dirty 2>/dev/null)" -o bin/legwork ./cmd/legwork)

set -- "$@"
flags="--as-of $asof"
refargs=
if [ -n "$config" ]; then
	flags="$flags -c $config"
	refargs="--config $config"
fi
if [ -n "$tz" ]; then
	flags="$flags --tz $tz"
fi
if [ "${LITERAL:-}" = 1 ]; then
	refargs="$refargs --literal-float"
fi
for in in "$@"; do
	refargs="$refargs --input $in"
done

# Exit 3 (some inputs unreadable) is a finished run.
# shellcheck disable=SC2086 # flags are words
rc=0
"$root/bin/legwork" run -q $flags -o "$tmp/out" "$@" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
	echo "check.sh: legwork run exited $rc" >&2
	exit 1
fi
rc=0
# shellcheck disable=SC2086
"$root/bin/legwork" inspect --json -q $flags "$@" >"$tmp/inspect.jsonl" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
	echo "check.sh: legwork inspect exited $rc" >&2
	exit 1
fi
# inspect computes loads as of its last activity (its hr_max estimate sees
# later runs): take each activity's load from the run's own table instead.
(cd "$root/tools/duckcheck" && LEGWORK_OUT="$tmp/out" LEGWORK_DUMP_LOADS="$tmp/loads.json" \
	go test -count=1 -run '^TestDumpLoads$' . >"$tmp/dump.log" 2>&1) || { cat "$tmp/dump.log" >&2; exit 1; }
# shellcheck disable=SC2086
python3 "$root/tools/reference/reference.py" --inspect "$tmp/inspect.jsonl" --loads "$tmp/loads.json" \
	--as-of "$asof" $refargs --out "$tmp/reference.json"

cd "$root/tools/duckcheck"
LEGWORK_OUT="$tmp/out" LEGWORK_REFERENCE="$tmp/reference.json" \
	go test -count=1 -run '^(TestReference|TestOutputDir)$' .
