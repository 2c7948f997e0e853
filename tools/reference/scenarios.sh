#!/bin/sh
# scenarios.sh runs check.sh on every data set the reference was built
# for, and prints one line per scenario (ok or FAIL) after each one's
# output; the exit status is the number of failed scenarios.
#
#   tools/reference/scenarios.sh            # from the repository root
#
# (a) the demo as of 2026-11-25, 2026-08-05 (mid-week in the +24% week) and
#     2026-10-04 (a Sunday);
# (b) the demo with week_start = "sunday" and weekly_increase_pct = 5;
# (c) the real corpus (../shared/corpus) with --tz UTC and no configuration;
# (d) the synthetic season of season.py, Monday and Sunday weeks, as of
#     several dates.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed -e 's/^week_start = "monday"/week_start = "sunday"/' \
	-e 's/^weekly_increase_pct = 10/weekly_increase_pct = 5/' \
	testdata/demo/legwork.toml >"$tmp/demo-sunday-5.toml"
python3 tools/reference/season.py "$tmp/season"
sed -e 's/^week_start = "monday"/week_start = "sunday"/' "$tmp/season/legwork.toml" >"$tmp/season-sunday.toml"

failed=0
summary=
scenario() {
	name=$1
	shift
	echo "=== $name: check.sh $*"
	if tools/reference/check.sh "$@"; then
		summary="$summary
ok   $name"
	else
		summary="$summary
FAIL $name"
		failed=$((failed + 1))
	fi
}

for d in 2026-11-25 2026-08-05 2026-10-04; do
	scenario "demo $d" -c testdata/demo/legwork.toml --as-of "$d" testdata/demo
	scenario "demo sunday 5% $d" -c "$tmp/demo-sunday-5.toml" --as-of "$d" testdata/demo
done
if [ -d ../shared/corpus ]; then
	scenario "corpus" --tz UTC --as-of 2026-11-25 ../shared/corpus
fi
for d in 2026-06-24 2026-04-12 2026-04-26 2026-04-27 2026-01-09; do
	scenario "season $d" -c "$tmp/season/legwork.toml" --as-of "$d" "$tmp/season"
done
scenario "season sunday 2026-06-24" -c "$tmp/season-sunday.toml" --as-of 2026-06-24 "$tmp/season"
scenario "season sunday 2026-04-26" -c "$tmp/season-sunday.toml" --as-of 2026-04-26 "$tmp/season"

echo "$summary"
exit "$failed"
