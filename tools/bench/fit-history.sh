#!/bin/sh
# Side by side, A B A B: a cold `legwork run` on a generated FIT history
# against Garmin's official JavaScript FIT SDK decoding the same files
# (decode only, Decoder.read() with its defaults), and optionally a second
# legwork binary (the one before a change).
#
#   sh tools/bench/fit-history.sh [PAIRS [OTHER_BINARY [RUNS]]]
#
# RUNS is the number of generated runs (default 780, three years; 1560 is
# the size in bytes of issue 12's history, 66 MB). OTHER_BINARY may be ""
# to give RUNS alone.
# Needs node and npm; the SDK (@garmin/fitsdk) is installed into a temp
# dir, never into the repository. Prints wall and CPU (user+sys) seconds
# and peak RSS per run, then the medians.
set -eu
pairs=${1:-3}
other=${2:-}
runs=${3:-780}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/legwork" ./cmd/legwork
go run ./internal/demogen/cmd/demogen -history "$runs" -o "$tmp/history"
(cd "$tmp" && npm install --silent --no-audit --no-fund @garmin/fitsdk >/dev/null)
cat >"$tmp/decode.mjs" <<'JS'
import { Decoder, Stream } from '@garmin/fitsdk';
import fs from 'node:fs';
import path from 'node:path';
const dir = process.argv[2];
let n = 0, recs = 0;
for (const f of fs.readdirSync(dir).sort()) {
  const { messages } = new Decoder(Stream.fromBuffer(fs.readFileSync(path.join(dir, f)))).read();
  n++; recs += (messages.recordMesgs || []).length;
}
console.error(`sdk: ${n} files, ${recs} records`);
JS
t() { # label command...
	label=$1; shift
	/usr/bin/time -f "$label %e %U %S %M" "$@" 2>>"$tmp/times" >/dev/null
}
for i in $(seq "$pairs"); do
	rm -rf "$tmp/out"; t legwork "$tmp/legwork" run -q --as-of 2026-11-25 --tz America/New_York -o "$tmp/out" "$tmp/history"
	t sdk node "$tmp/decode.mjs" "$tmp/history"
	if [ -n "$other" ]; then rm -rf "$tmp/out"; t other "$other" run -q --as-of 2026-11-25 --tz America/New_York -o "$tmp/out" "$tmp/history"; fi
done
grep -v '^sdk:' "$tmp/times" | awk '
	{ wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " ($3 + $4); rss[$1] = $5; print $1, "wall", $2, "s  cpu", $3 + $4, "s  peak", int($5 / 1024), "MiB" }
	END { for (k in wall) print k, "walls:" wall[k], " cpus:" cpu[k] }'
