package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/atomicfile"
	"github.com/legwork-run/legwork/internal/units"
	"github.com/legwork-run/legwork/report"
	"github.com/legwork-run/legwork/store"
)

// lockWait is how long a second run on the same --out waits for the first.
const lockWait = 30 * time.Second

func runCmd(ctx context.Context, o *opts) int {
	inputs := o.args
	if len(inputs) == 0 {
		inputs = []string{"exports"}
	}
	for _, in := range inputs {
		if _, err := os.Stat(in); err != nil {
			printEscaped(o.stderr, "legwork run: input %s: %v\n", in, errors.Unwrap(err))
			if len(o.args) == 0 {
				fmt.Fprintln(o.stderr, "Put your exports in ./exports or name the folders to read: legwork run DIR...")
			}
			return exitUsage
		}
	}
	if err := os.MkdirAll(o.out, 0o777); err != nil {
		fmt.Fprintf(o.stderr, "legwork run: %v\n", err)
		return exitFailed
	}
	unlock, err := store.Lock(ctx, o.out, lockWait)
	if err != nil {
		fmt.Fprintf(o.stderr, "legwork run: %v\n", err)
		return exitFailed
	}
	defer unlock()

	progress, done := o.progress()
	batch, err := ingest.Read(ctx, inputs, ingest.Options{Zone: o.zone, Log: o.log, Progress: progress})
	done()
	if err != nil {
		printEscaped(o.stderr, "legwork run: %v; previous outputs untouched\n", err)
		return exitFailed
	}
	for _, e := range batch.Errors {
		printEscaped(o.stderr, "%v\n", e)
	}
	if len(batch.Activities) == 0 {
		// An export folder that is suddenly empty (an unmounted drive, a
		// moved folder) must not wipe a history under cron.
		if prev, err := store.Read(o.out); err == nil && len(prev.Activities) > 0 {
			printEscaped(o.stderr, "legwork run: no activity found in %s; keeping the previous outputs in %s (%d activities)\n",
				strings.Join(inputs, ", "), o.out, len(prev.Activities))
			return exitFailed
		}
	}
	res := analyze.Analyze(batch.Activities, o.cfg.Analysis, o.asOf)
	res.Problems = append(fileProblems(batch), res.Problems...)
	warnNoLoad(o, res)
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(o.stderr, "legwork run: stopped: %v; previous outputs untouched\n", err)
		return exitFailed
	}
	if err := store.Write(ctx, o.out, res); err != nil {
		fmt.Fprintf(o.stderr, "legwork run: %v; previous outputs untouched\n", err)
		return exitFailed
	}
	if err := writeReport(o, res); err != nil {
		fmt.Fprintf(o.stderr, "legwork run: %v\n", err)
		return exitFailed
	}
	if !o.quiet {
		printSummary(o, batch, res)
	}
	if len(batch.Errors) > 0 {
		return exitPartial
	}
	return exitOK
}

// fileProblems lists the unreadable and skipped files for the report's
// data-quality section.
func fileProblems(b *ingest.Batch) []analyze.Problem {
	var ps []analyze.Problem
	for _, e := range b.Errors {
		ps = append(ps, analyze.Problem{Source: e.Source(), Kind: "error", Message: e.Reason()})
	}
	for _, e := range b.Skipped {
		ps = append(ps, analyze.Problem{Source: e.Source(), Kind: "skipped", Message: e.Reason()})
	}
	return ps
}

func reportCmd(ctx context.Context, o *opts) int {
	unlock, err := store.Lock(ctx, o.out, lockWait)
	if err != nil {
		fmt.Fprintf(o.stderr, "legwork report: %v\n", err)
		return exitFailed
	}
	defer unlock()
	res, err := store.Read(o.out)
	if err != nil {
		fmt.Fprintf(o.stderr, "legwork report: %v (run 'legwork run' first)\n", err)
		return exitFailed
	}
	if err := writeReport(o, res); err != nil {
		fmt.Fprintf(o.stderr, "legwork report: %v\n", err)
		return exitFailed
	}
	if !o.quiet {
		printEscaped(o.stdout, "wrote %s\n", filepath.Join(o.out, "report.html"))
	}
	return exitOK
}

// writeReport writes report.html, report.md and charts/*.svg, each file
// replaced atomically. The report words the flags in o.units itself.
func writeReport(o *opts, res *analyze.Result) error {
	ro := report.Options{Units: o.units, GeneratedAt: o.now, Version: version()}
	charts, err := report.Charts(res, ro)
	if err != nil {
		return fmt.Errorf("render charts: %w", err)
	}
	var html, md bytes.Buffer
	if err := report.WriteHTML(&html, res, ro); err != nil {
		return fmt.Errorf("render report.html: %w", err)
	}
	if err := report.WriteMarkdown(&md, res, ro); err != nil {
		return fmt.Errorf("render report.md: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(o.out, "charts"), 0o777); err != nil {
		return err
	}
	for _, c := range charts {
		if err := writeFile(filepath.Join(o.out, "charts", c.Name), c.SVG); err != nil {
			return err
		}
	}
	if err := writeFile(filepath.Join(o.out, "report.md"), md.Bytes()); err != nil {
		return err
	}
	return writeFile(filepath.Join(o.out, "report.html"), html.Bytes())
}

func writeFile(path string, b []byte) error {
	err := atomicfile.WriteFile(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func printSummary(o *opts, b *ingest.Batch, res *analyze.Result) {
	counted := 0
	for _, a := range res.Activities {
		if a.Counted {
			counted++
		}
	}
	w := o.stdout
	fmt.Fprintf(w, "read %d files: %d activities, %d counted runs", b.Files, len(b.Activities), counted)
	if n := len(b.Skipped); n > 0 {
		fmt.Fprintf(w, ", %d without an activity", n)
	}
	if n := len(b.Errors); n > 0 {
		partial := 0
		for _, e := range b.Errors {
			if errors.Is(e, ingest.ErrPartialRead) {
				partial++
			}
		}
		if n > partial {
			fmt.Fprintf(w, ", %d unreadable", n-partial)
		}
		if partial > 0 {
			fmt.Fprintf(w, ", %d read in part", partial)
		}
	}
	fmt.Fprintln(w)
	if c := res.Current; c != nil {
		fmt.Fprintf(w, "this week (from %s): %s so far", c.Start.Format("Mon 2 Jan"), dist(c.DistanceM, o.units))
		rule := units.Pct(cmp.Or(res.IncreasePct, analyze.DefaultIncreasePct)) // the rule the analysis used
		switch {
		case c.HasLimit && c.AllowanceM >= 0:
			fmt.Fprintf(w, "; the %s%% rule allows %s more", rule, dist(c.AllowanceM, o.units))
		case c.HasLimit:
			fmt.Fprintf(w, "; %s over the %s%% rule", dist(-c.AllowanceM, o.units), rule)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, flagCounts(res.Flags))
	printEscaped(w, "wrote %s\n", filepath.Join(o.out, "report.html"))
}

func shoesCmd(ctx context.Context, o *opts) int {
	res, err := store.Read(o.out)
	if err != nil {
		fmt.Fprintf(o.stderr, "legwork shoes: %v (run 'legwork run' first)\n", err)
		return exitFailed
	}
	if len(res.Shoes) == 0 {
		fmt.Fprintln(o.stdout, "No shoes configured: add [[shoes]] entries to legwork.toml.")
		return exitOK
	}
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "shoe\tdistance\truns\tfirst run\tlast run\tstatus\treplace by\n")
	for _, s := range res.Shoes {
		status := string(s.Status)
		if s.Retired {
			status += " (retired)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", cell(s.Name), dist(s.DistanceM, o.units), s.Runs,
			day(s.FirstRun), day(s.LastRun), status, day(s.ReplaceBy))
	}
	if err := tw.Flush(); err != nil {
		return exitFailed
	}
	return exitOK
}

// dist formats meters in the chosen units ("mi" or "km"): "12.3 mi".
func dist(m float64, u string) string { return units.Of(u).Dist(m) }

// flagCounts gives "flags: 1 high, 2 caution, 0 info", every severity
// named, the most serious first.
func flagCounts(flags []analyze.Flag) string {
	n := map[analyze.Severity]int{}
	for _, f := range flags {
		n[f.Severity]++
	}
	var parts []string
	for _, sev := range analyze.Severities() {
		parts = append(parts, fmt.Sprintf("%d %s", n[sev], sev))
	}
	return "flags: " + strings.Join(parts, ", ")
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

// progress returns a callback that redraws one status line on stderr and a
// func that clears it, or a nil callback when stderr is not a terminal
// (cron, pipes, tests) or output is quiet.
func (o *opts) progress() (update func(done, total int), clear func()) {
	f, ok := o.stderr.(*os.File)
	if !ok || o.quiet || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	update = func(done, total int) { fmt.Fprintf(f, "\rreading files: %d/%d", done, total) }
	return update, func() { fmt.Fprint(f, "\r\033[K") }
}
