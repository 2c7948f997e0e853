package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/config"
)

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
	// alert is --alert: print new flags at this severity or above; "" for none.
	alert analyze.Severity
	// changes is what changed since the previous run (nil: nothing to
	// compare with), for the report, data/changes.json and the summary.
	changes *analyze.Changes
	// cache is --out/cache/ for run (nil for the other commands): staged
	// with the outputs so that it is committed, and owned, with them.
	cache   *ingest.Cache
	title   string     // heads the report: [athlete] name, "" for none
	cfgPath string     // the file cfg was loaded from; "" for the defaults
	vals    flagValues // the flags as given, for each athlete of a squad
	squad   squadOpts
}

// flagValues holds what the flags of one command line set.
type flagValues struct {
	out, config, units, tz, asOf, alert string
	quiet, verbose, json, csv           bool
	shard                               string // squad
	indexOnly                           bool   // squad
}

// flagDef is one flag: how it is parsed, shown in help and completed.
type flagDef struct {
	long, short string
	arg         string            // placeholder in help for the value ("DIR", "mi|km"); "" for a boolean
	usage       string            // help text; its part before " (" is the completion's description
	cmds        []string          // the commands that take it
	cmdUsage    map[string]string // replaces usage for the commands it names, where the flag does something else
	complete    string            // completion of the value: "dir", "file", "values" (from values) or "" (none)
	values      []string
	str         *string
	b           *bool
}

// flagDefs are every command's flags, bound to v. Help, parsing and the
// completion scripts are all made from this one list.
func flagDefs(v *flagValues) []flagDef {
	all := []string{"run", "report", "inspect", "shoes", "squad"}
	return []flagDef{
		{long: "out", short: "o", arg: "DIR", usage: "output directory (default legwork-out)",
			cmds: []string{"run", "report", "shoes", "squad"}, complete: "dir", str: &v.out},
		{long: "config", short: "c", arg: "FILE", usage: "configuration file (default legwork.toml in the working directory if present)",
			cmds: all, complete: "file", str: &v.config,
			cmdUsage: map[string]string{"squad": "configuration file of the athletes whose folder has no legwork.toml (default legwork.toml in the working directory if present)"}},
		{long: "units", arg: "mi|km", usage: "units in reports and terminal output (default: config, else mi)",
			cmds: all, complete: "values", values: []string{"mi", "km"}, str: &v.units},
		{long: "tz", arg: "ZONE", usage: "IANA time zone for files with no offset and no position (default: config, else the machine's)",
			cmds: []string{"run", "inspect", "squad"}, str: &v.tz},
		{long: "as-of", arg: "DATE", usage: "analyze as if today were DATE, as YYYY-MM-DD from 1990-01-01 to a year after today (default today)",
			cmds: []string{"run", "inspect", "squad"}, str: &v.asOf},
		{long: "alert", arg: "LEVEL", usage: "print each flag at LEVEL or above (info|caution|high) that is new since the previous run in --out to stdout, even with -q",
			cmds: []string{"run", "squad"}, complete: "values", values: []string{"info", "caution", "high"}, str: &v.alert,
			cmdUsage: map[string]string{"squad": "print each flag at LEVEL or above (info|caution|high) that is new since the athlete's previous run to stdout, each line starting with the athlete's name, even with -q"}},
		{long: "csv", usage: "also write each table as data/*.csv (RFC 4180, UTF-8, for spreadsheets)", cmds: []string{"run"}, b: &v.csv},
		{long: "shard", arg: "K/N", usage: "run only the K-th of N shares of the athletes (athlete i, in name order, goes to share i mod N + 1); leaves the squad page to --index-only",
			cmds: []string{"squad"}, str: &v.shard},
		{long: "index-only", usage: "write the squad page from the athletes' stored tables, reading no input",
			cmds: []string{"squad"}, b: &v.indexOnly},
		{long: "json", usage: "one JSON object per line", cmds: []string{"inspect", "shoes"}, b: &v.json},
		{long: "quiet", short: "q", usage: "only errors on stderr (for cron)", cmds: all, b: &v.quiet},
		{long: "verbose", short: "v", usage: "debug logging", cmds: all, b: &v.verbose},
	}
}

// commandFlags are the flags cmd takes, bound to v, each with its usage
// for cmd.
func commandFlags(cmd string, v *flagValues) []flagDef {
	var defs []flagDef
	for _, d := range flagDefs(v) {
		if slices.Contains(d.cmds, cmd) {
			if u, ok := d.cmdUsage[cmd]; ok {
				d.usage = u
			}
			defs = append(defs, d)
		}
	}
	return defs
}

// parseFlags parses a command's flags and loads the configuration. Help
// has been handled by the caller.
func parseFlags(cmd string, args []string, stdout, stderr io.Writer) (*opts, error) {
	fs := pflag.NewFlagSet("legwork "+cmd, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned and printed once, by exit
	fs.Usage = func() {}
	fs.SortFlags = false
	v := flagValues{out: "legwork-out"}
	for _, d := range commandFlags(cmd, &v) {
		if d.b != nil {
			fs.BoolVarP(d.b, d.long, d.short, *d.b, d.usage)
		} else {
			fs.StringVarP(d.str, d.long, d.short, *d.str, d.usage)
		}
	}
	if err := fs.Parse(args); err != nil {
		return nil, &usageError{err: err, help: fmt.Sprintf("Run 'legwork %s --help' for usage.\n", cmd)}
	}
	o := &opts{cmd: cmd, args: fs.Args(), out: v.out, quiet: v.quiet, verbose: v.verbose, json: v.json, csv: v.csv, stdout: stdout, stderr: stderr}
	switch {
	case cmd == "inspect" && len(o.args) == 0:
		return nil, usagef("name at least one FILE")
	case (cmd == "report" || cmd == "shoes") && len(o.args) > 0:
		return nil, usagef("takes no arguments (got %q); it reads --out/data", o.args[0])
	case o.quiet && o.verbose:
		return nil, usagef("--quiet and --verbose cannot be used together")
	}
	if lvl, ok := parseAlert(v.alert); ok {
		o.alert = lvl
	} else {
		return nil, usagef("--alert %q: want info, caution or high", v.alert)
	}

	var err error
	switch {
	case v.config != "":
		o.cfg, err = config.Load(v.config)
		o.cfgPath = v.config
	default:
		if _, statErr := os.Stat("legwork.toml"); statErr == nil {
			o.cfg, err = config.Load("legwork.toml")
			o.cfgPath = "legwork.toml"
		} else {
			o.cfg = config.Default()
		}
	}
	if err != nil {
		return nil, &configError{err}
	}

	o.vals = v
	if err := applyConfig(o); err != nil {
		return nil, err
	}
	if v.asOf != "" {
		d, err := time.Parse("2006-01-02", v.asOf)
		if err != nil {
			return nil, usagef("--as-of %q: want a date as YYYY-MM-DD", v.asOf)
		}
		if lo, hi := asOfRange(o.now.In(o.zone)); d.Before(lo) || d.After(hi) {
			return nil, usagef("--as-of %s: want a date from %s to %s (a year after today)", v.asOf, lo.Format(time.DateOnly), hi.Format(time.DateOnly))
		}
		o.asOf, o.asOfGiven = d, true
	}
	if err := parseSquadFlags(o, v); err != nil {
		return nil, err
	}
	o.log = newLogger(stderr, o.quiet, o.verbose)
	return o, nil
}

// applyConfig sets what depends on both the flags (o.vals) and o.cfg:
// units, zone, the title, today's date as the as-of date (a given --as-of
// replaces it) and the analysis units. A squad calls it again for each
// athlete's configuration.
func applyConfig(o *opts) error {
	v := o.vals
	o.units = firstOf(v.units, o.cfg.Units, "mi")
	if o.units != "mi" && o.units != "km" {
		return usagef("--units %q: want mi or km", v.units)
	}
	o.zone = o.cfg.Zone
	if v.tz != "" {
		var err error
		if o.zone, err = time.LoadLocation(v.tz); err != nil || v.tz == "Local" {
			return usagef("--tz %q: not an IANA time zone such as Europe/Berlin", v.tz)
		}
	}
	if o.zone == nil {
		o.zone = time.Local
	}
	if o.now.IsZero() {
		o.now = time.Now()
	}
	if !o.asOfGiven {
		t := o.now.In(o.zone)
		o.asOf = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	o.title = o.cfg.Name
	o.cfg.Analysis.Units = o.units
	return nil
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
