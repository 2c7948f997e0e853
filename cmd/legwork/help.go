package main

import (
	"fmt"
	"strings"
)

// usage is the top-level help: what legwork does and its commands.
func usage() string {
	var b strings.Builder
	b.WriteString(`legwork reads the files your running watch exports (FIT, GPX, TCX; Garmin
Connect and Strava bulk exports, .zip, .gz), works out weekly mileage and
training load, flags overuse (the 10% rule, session spikes, no rest days,
worn shoes), stores the numbers as Parquet and writes a report for your coach.

Usage:
`)
	const column = 32
	for _, c := range commands {
		for _, f := range c.forms {
			left := "legwork " + f.synopsis
			if len(left) > column {
				// too long to share its line: the summary goes below it
				fmt.Fprintf(&b, "  %s\n", left)
				left = ""
			}
			for _, line := range strings.Split(f.summary, "\n") {
				fmt.Fprintf(&b, "  %-*s  %s\n", column, left, line)
				left = ""
			}
		}
	}
	b.WriteString(`
Run "legwork help COMMAND" or "legwork COMMAND --help" for a command's flags.

Exit codes: 0 done; 1 failed (previous outputs untouched); 2 bad usage or
configuration; 3 done, but some inputs could not be read.
`)
	return b.String()
}

// commandHelp is the help of one command: its text, then the flags it
// takes (from flagDefs), then -h.
func commandHelp(name string) string {
	c := lookup(name)
	var b strings.Builder
	b.WriteString(c.help)
	b.WriteString("\nFlags:\n")
	type row struct{ left, usage string }
	var rows []row
	for _, d := range commandFlags(name, &flagValues{}) {
		left := "    --" + d.long
		if d.short != "" {
			left = "-" + d.short + ", --" + d.long
		}
		if d.arg != "" {
			left += " " + d.arg
		}
		rows = append(rows, row{left, d.usage})
	}
	rows = append(rows, row{"-h, --help", "show this help"})
	width := 0
	for _, r := range rows {
		width = max(width, len(r.left))
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, r.left, r.usage)
	}
	return b.String()
}

const runHelp = `Usage: legwork run [flags] [INPUT...]

Read every FIT, GPX and TCX file in INPUT (directories are walked
recursively; .zip and .gz archives are read in memory; default ./exports),
work out weeks, loads, shoes and flags, and write into --out:
  data/activities.parquet, data/weeks.parquet, data/shoes.parquet,
  data/flags.parquet, report.html, report.md and charts/*.svg
  (and data/*.csv with --csv).
Each run compares its results with the previous run's in --out: the
summary and the report's "Since the last report" say what changed
(data/changes.json keeps it), and --alert prints each new flag.
cache/ keeps what each input file gave, so a rerun decodes only new or
changed files; it never changes a result, is legwork's, and is safe to
delete (the next run reads everything again).
A file that cannot be read is named on stderr and in the report, the rest
is still used, and the exit code is 3. All outputs are replaced together or
not at all. legwork replaces only what it wrote: an --out whose data/,
cache/, charts/ or reports are someone else's, or that is or holds an
INPUT, is refused (exit 2); an --out inside an INPUT folder is skipped.
`

const reportHelp = `Usage: legwork report [flags]

Re-render report.html, report.md and charts/ from --out/data without
reading any input (for example with other --units).
`

const inspectHelp = `Usage: legwork inspect [flags] FILE...

Print what legwork reads from each file (or archive, or folder; - reads
standard input, whose format is told by its content): one line per
activity with its sport, start, local date, distance, duration, heart rate
and load, or why the file was skipped or could not be read. A file that is
not an activity file (FIT, GPX, TCX, or a .zip or .gz of them) counts as
unreadable (exit 3). With --json, one JSON object per line with the
activities.parquet columns as keys, plus {"source":…,"error":…} and
{"source":…,"skipped":…} lines. Each FILE is analysed on its own, as of
--as-of when given, else as of the day of its last activity.
`

const shoesHelp = `Usage: legwork shoes [flags]

Print the shoe table (distance, runs, status) from --out/data. With
--json, one JSON object per shoe with the shoes.parquet columns as keys.
`

const squadHelp = `Usage: legwork squad [flags] DIR
       legwork squad --index-only [flags] [DIR]

A coach's squad: every subfolder of DIR is one athlete, its name the
athlete's id. Each athlete is run as 'legwork run' would run that folder,
with the folder's own legwork.toml if it has one, else the -c file, else
the defaults, into --out/athlete=ID/ (the same tables, report and charts,
replaced together; a lock per athlete). The report is headed by the
athlete's [athlete] name, else by the id. Athletes run in parallel, as many
at once as there are cores; each athlete's data is dropped when its run
ends. Then --out/index.html and index.md list every athlete, worst first:
status (its worst current flag), this week against its allowance, last
week's distance and load change, ACWR, shoes due, new flags, unreadable
files, and a link to its report.

The athlete=ID folders are Hive partitions: DuckDB, Spark, Trino or Polars
read all athletes as one table, e.g.
  read_parquet('OUT/athlete=*/data/weeks.parquet', hive_partitioning = true)
An id is the folder name as it is (spaces, quotes and any script are fine);
a folder whose name is not valid UTF-8, holds a control character or one of
/ \ % = (which Hive readers decode or split on) is named as an error and
left out. Hidden folders (.*) are skipped.

One athlete's bad files, unreadable folder, bad configuration or crash
never stops the others: each problem is printed on stderr after the
athlete's id, and shown on the squad page. The exit code is the worst of
the athletes': 2 (bad usage or configuration) before 1 (failed, previous
outputs untouched) before 3 (some files unreadable) before 0.

--shard K/N runs only the athletes i (0-based, in name order) with
i mod N + 1 = K and leaves the squad page alone; after all N shards,
--index-only writes the squad page from the stored tables, reading no
input (DIR, when given, only says which athletes to list; without it, the
athletes found in --out).
`

const versionHelp = `Usage: legwork version

Print legwork's version.
`

const completionHelp = `Usage: legwork completion bash|zsh|fish

Print a script that completes legwork's commands, flags, the values of
--units and --alert, file names and squad's folder in that shell. Install it with, for example:
  bash: legwork completion bash > ~/.local/share/bash-completion/completions/legwork
  zsh:  legwork completion zsh > "${fpath[1]}/_legwork"
  fish: legwork completion fish > ~/.config/fish/completions/legwork.fish
`
