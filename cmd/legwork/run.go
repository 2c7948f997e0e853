package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/legwork-run/legwork/internal/config"
)

// Exit codes (DESIGN.md, contract).
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitPartial = 3
)

const usage = `legwork reads the files your running watch exports (FIT, GPX, TCX; Garmin
Connect and Strava bulk exports, .zip, .gz), works out weekly mileage and
training load, flags overuse (the 10% rule, session spikes, no rest days,
worn shoes), stores the numbers as Parquet and writes a report for your coach.

Usage:
  legwork run [flags] [INPUT...]    read INPUT (default ./exports), analyze, write
                                    data/ and the report into --out
  legwork report [flags]            re-render the report from --out/data
  legwork inspect [--json] FILE...  show what legwork reads from each file
  legwork shoes [flags]             print the shoe table from --out/data
  legwork version                   print the version

Run "legwork COMMAND --help" for a command's flags.

Exit codes: 0 done; 1 failed (previous outputs untouched); 2 bad usage or
configuration; 3 done, but some inputs could not be read.
`

// run is the whole program: it parses args, runs one command and returns
// the exit code. Results go to stdout; logs, warnings and errors to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runHooked(ctx, args, stdout, stderr, hooks{})
}

// hooks lets tests inject failures into a command.
type hooks struct {
	// afterMove is outdir.Stage.AfterMove of the commit of the outputs.
	afterMove func(entry string) error
}

// runHooked is run with test hooks.
func runHooked(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "version", "--version":
		if hasHelp(rest) {
			fmt.Fprint(stdout, "Usage: legwork version\n\nPrint legwork's version.\n")
			return exitOK
		}
		fmt.Fprintf(stdout, "legwork %s\n", version())
		return exitOK
	case "run", "report", "inspect", "shoes":
	default:
		fmt.Fprintf(stderr, "legwork: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	o, code := parseFlags(cmd, rest, stdout, stderr)
	if o == nil {
		return code
	}
	o.hooks = h
	switch cmd {
	case "run":
		return runCmd(ctx, o)
	case "report":
		return reportCmd(ctx, o)
	case "inspect":
		return inspectCmd(ctx, o)
	default:
		return shoesCmd(ctx, o)
	}
}

func hasHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" {
			return true
		}
	}
	return false
}

// opts is one command's parsed flags and configuration.
type opts struct {
	cmd            string
	args           []string
	out            string
	cfg            *config.Config
	units          string
	zone           *time.Location
	asOf           time.Time // date at UTC midnight
	asOfGiven      bool      // --as-of was on the command line
	quiet, verbose bool
	json           bool
	csv            bool // run: also write data/*.csv
	stdout, stderr io.Writer
	log            *slog.Logger
	now            time.Time
	hooks          hooks
}

var commandHelp = map[string]string{
	"run": `Usage: legwork run [flags] [INPUT...]

Read every FIT, GPX and TCX file in INPUT (directories are walked
recursively; .zip and .gz archives are read in memory; default ./exports),
work out weeks, loads, shoes and flags, and write into --out:
  data/activities.parquet, data/weeks.parquet, data/shoes.parquet,
  data/flags.parquet, report.html, report.md and charts/*.svg
  (and data/*.csv with --csv).
A file that cannot be read is named on stderr and in the report, the rest
is still used, and the exit code is 3. All outputs are replaced together or
not at all. legwork replaces only what it wrote: an --out whose data/,
cache/, charts/ or reports are someone else's, or that is or holds an
INPUT, is refused (exit 2); an --out inside an INPUT folder is skipped.

Flags:
`,
	"report": `Usage: legwork report [flags]

Re-render report.html, report.md and charts/ from --out/data without
reading any input (for example with other --units).

Flags:
`,
	"inspect": `Usage: legwork inspect [--json] FILE...

Print what legwork reads from each file (or archive): one line per activity
with its sport, start, local date, distance, duration, heart rate and load,
or why the file was skipped or could not be read. With --json, one JSON
object per line with the activities.parquet columns as keys, plus
{"source":…,"error":…} and {"source":…,"skipped":…} lines. Each FILE is
analysed on its own, as of --as-of when given, else as of the day of its
last activity.

Flags:
`,
	"shoes": `Usage: legwork shoes [flags]

Print the shoe table (distance, runs, status) from --out/data.

Flags:
`,
}

// parseFlags returns nil and the exit code when the command should stop.
func parseFlags(cmd string, args []string, stdout, stderr io.Writer) (*opts, int) {
	fs := pflag.NewFlagSet("legwork "+cmd, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	o := &opts{cmd: cmd, stdout: stdout, stderr: stderr}
	var cfgPath, units, tz, asOf string
	fs.StringVarP(&o.out, "out", "o", "legwork-out", "output `DIR`")
	fs.StringVarP(&cfgPath, "config", "c", "", "configuration `FILE` (default legwork.toml in the working directory if present)")
	fs.StringVar(&units, "units", "", "units in reports and terminal output: mi or km (default: config, else mi)")
	fs.StringVar(&tz, "tz", "", "IANA `ZONE` for files with no offset and no position (default: config, else the machine's)")
	fs.StringVar(&asOf, "as-of", "", "analyze as if today were `DATE` (YYYY-MM-DD, from 1990-01-01 to a year after today) (default today)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "only errors on stderr (for cron)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "debug logging")
	if cmd == "inspect" {
		fs.BoolVar(&o.json, "json", false, "one JSON object per line")
	}
	if cmd == "run" {
		fs.BoolVar(&o.csv, "csv", false, "also write each table as data/*.csv (RFC 4180, UTF-8, for spreadsheets)")
	}
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), commandHelp[cmd])
		fmt.Fprint(fs.Output(), fs.FlagUsages())
	}
	if err := fs.Parse(args); errors.Is(err, pflag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil, exitOK
	} else if err != nil {
		printEscaped(stderr, "legwork %s: %v", cmd, err)
		fmt.Fprintf(stderr, "Run 'legwork %s --help' for usage.\n", cmd)
		return nil, exitUsage
	}
	o.args = fs.Args()
	fail := func(format string, a ...any) (*opts, int) {
		printEscaped(stderr, "legwork %s: "+format, append([]any{cmd}, a...)...)
		return nil, exitUsage
	}
	switch {
	case cmd == "inspect" && len(o.args) == 0:
		return fail("name at least one FILE")
	case (cmd == "report" || cmd == "shoes") && len(o.args) > 0:
		return fail("takes no arguments (got %q); it reads --out/data", o.args[0])
	case o.quiet && o.verbose:
		return fail("--quiet and --verbose cannot be used together")
	}

	var err error
	switch {
	case cfgPath != "":
		o.cfg, err = config.Load(cfgPath)
	default:
		if _, statErr := os.Stat("legwork.toml"); statErr == nil {
			o.cfg, err = config.Load("legwork.toml")
		} else {
			o.cfg = config.Default()
		}
	}
	if err != nil {
		printEscaped(stderr, "legwork: %v", err)
		return nil, exitUsage
	}

	o.units = firstOf(units, o.cfg.Units, "mi")
	if o.units != "mi" && o.units != "km" {
		return fail("--units %q: want mi or km", units)
	}
	o.zone = o.cfg.Zone
	if tz != "" {
		if o.zone, err = time.LoadLocation(tz); err != nil || tz == "Local" {
			return fail("--tz %q: not an IANA time zone such as Europe/Berlin", tz)
		}
	}
	if o.zone == nil {
		o.zone = time.Local
	}
	o.now = time.Now()
	if asOf != "" {
		d, err := time.Parse("2006-01-02", asOf)
		if err != nil {
			return fail("--as-of %q: want a date as YYYY-MM-DD", asOf)
		}
		if lo, hi := asOfRange(o.now.In(o.zone)); d.Before(lo) || d.After(hi) {
			return fail("--as-of %s: want a date from %s to %s (a year after today)", asOf, lo.Format(time.DateOnly), hi.Format(time.DateOnly))
		}
		o.asOf, o.asOfGiven = d, true
	} else {
		t := o.now.In(o.zone)
		o.asOf = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	o.cfg.Analysis.Units = o.units
	o.log = newLogger(stderr, o.quiet, o.verbose)
	return o, exitOK
}

// asOfRange is the range of --as-of dates accepted on the day of now:
// 1990-01-01 (GPS running watches and the FIT format, whose epoch is
// 1989-12-31, are younger) to a year after today. Outside it the weeks
// table would hold thousands of empty weeks (9999-12-31 gave 416,043) or
// the report nothing at all (0001-01-01 showed "As of —").
func asOfRange(now time.Time) (lo, hi time.Time) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), today.AddDate(1, 0, 0)
}

func newLogger(w io.Writer, quiet, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	switch {
	case quiet:
		level = slog.LevelError
	case verbose:
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: dropTime}))
}

// dropTime leaves the time out of log lines: cron and terminals add their own.
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return strings.TrimSpace(v)
}
