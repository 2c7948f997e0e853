package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/outdir"
	"github.com/legwork-run/legwork/internal/units"
	"github.com/legwork-run/legwork/report"
	"github.com/legwork-run/legwork/store"
)

// lockWait is how long a second run on the same --out waits for the first.
const lockWait = 30 * time.Second

// runCmd reads the inputs, analyzes them and replaces the outputs in --out.
func runCmd(ctx context.Context, o *opts) error {
	inputs := o.args
	if len(inputs) == 0 {
		inputs = []string{"exports"}
	}
	for _, in := range inputs {
		if _, err := os.Stat(in); err != nil {
			ue := &usageError{err: fmt.Errorf("input %s: %w", in, errors.Unwrap(err))}
			if len(o.args) == 0 {
				ue.help = "Put your exports in ./exports or name the folders to read: legwork run DIR...\n"
			}
			return ue
		}
	}
	batch, res, err := runOne(ctx, o, inputs)
	if err != nil {
		return err
	}
	if !o.quiet {
		printSummary(o, batch, res)
	}
	printAlerts(o, alertLines(o, res, o.changes), "")
	if n := len(batch.Errors); n > 0 {
		return &partialError{n}
	}
	return nil
}

// runOne is the pipeline of one output directory, shared by run and each
// athlete of a squad: it checks and locks o.out, reads the inputs (which
// exist), analyzes them and replaces the outputs. Unreadable files are
// named on o.stderr and returned in the batch; the caller turns them into a
// partialError.
func runOne(ctx context.Context, o *opts, inputs []string) (*ingest.Batch, *analyze.Result, error) {
	skip, err := outdir.CheckInputs(o.out, inputs)
	if err != nil {
		return nil, nil, &usageError{err: err}
	}
	if err := precheckOut(o); err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(o.out, 0o777); err != nil {
		return nil, nil, err
	}
	if skip != nil {
		// The --out inside an input folder now exists: skip it by its real path.
		if real, err := outdir.RealPath(o.out); err == nil {
			skip = []string{real}
		}
	}
	unlock, err := lockOut(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()

	cache, err := ingest.OpenCache(filepath.Join(o.out, "cache"), version())
	if err != nil {
		printEscaped(o.stderr, "legwork: %v; rebuilding it from the inputs\n", err)
	}
	o.cache = cache
	progress, done := o.progress()
	batch, err := ingest.Read(ctx, inputs, ingest.Options{Zone: o.zone, Workers: o.squad.workers, Log: o.log, Progress: progress, Skip: skip, Cache: cache})
	done()
	if err != nil {
		return nil, nil, fmt.Errorf("%w; previous outputs untouched", err)
	}
	for _, e := range batch.Errors {
		printEscaped(o.stderr, "%v\n", e)
	}
	if len(batch.Activities) == 0 {
		// An export folder that is suddenly empty (an unmounted drive, a
		// moved folder) must not wipe a history under cron. What counts is
		// the activities table that is there, whatever run.json says.
		n, err := store.CountActivities(o.out)
		switch {
		case err != nil:
			return nil, nil, fmt.Errorf("no activity found in %s; keeping the previous outputs in %s, whose activities table cannot be read (%v)",
				strings.Join(inputs, ", "), o.out, err)
		case n > 0:
			return nil, nil, fmt.Errorf("no activity found in %s; keeping the previous outputs in %s (%d activities)",
				strings.Join(inputs, ", "), o.out, n)
		}
	}
	res := analyze.Analyze(batch.Activities, o.cfg.Analysis, o.asOf)
	res.Problems = append(fileProblems(batch), res.Problems...)
	warnNoLoad(o, res)
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("stopped: %w; previous outputs untouched", err)
	}
	o.changes = analyze.Compare(previousResult(o), res)
	if err := writeOutputs(ctx, o, res, true); err != nil {
		return nil, nil, err
	}
	return batch, res, nil
}

// precheckOut refuses an --out whose outputs legwork did not write
// (an outdir.ForeignError, exit 2), before anything is created in it. A
// pending commit is legwork's own: the check is then left to lockOut,
// under the lock, after Recover.
func precheckOut(o *opts) error {
	if commitPending(o.out) {
		return nil
	}
	if err := outdir.Check(o.out); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// commitPending reports whether out holds the journal of a commit that a
// killed legwork left pending.
func commitPending(out string) bool {
	_, err := os.Stat(filepath.Join(out, outdir.JournalFile))
	return err == nil
}

// lockOut takes the lock of --out, finishes a commit that a killed run left
// pending, checks that the outputs there are legwork's (an
// outdir.ForeignError if not) and removes the leftovers of killed runs.
func lockOut(ctx context.Context, o *opts) (unlock func() error, err error) {
	return lockOutChecked(ctx, o, outdir.Check)
}

// lockOutChecked is lockOut with check (outdir.Check or outdir.CheckSquad)
// to tell legwork's outputs.
func lockOutChecked(ctx context.Context, o *opts, check func(out string) error) (unlock func() error, err error) {
	unlock, err = store.Lock(ctx, o.out, lockWait)
	if err != nil {
		return nil, err
	}
	if err := outdir.Recover(o.out); err != nil {
		unlock()
		return nil, err
	}
	if err := check(o.out); err != nil {
		unlock()
		return nil, err
	}
	if err := outdir.Tidy(o.out); err != nil {
		o.log.Warn("could not remove the leftovers of an earlier run", "out", o.out, "err", err)
	}
	return unlock, nil
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

// writeOutputs renders the report of res (report.html, report.md,
// charts/*.svg) and, with tables, writes data/ too, all into one staging
// directory in --out, then commits them together (internal/outdir): on an
// error the previous outputs stay whole and consistent, and the error says
// so. The report words the flags in o.units itself. The caller holds the
// lock and has checked --out (lockOut).
func writeOutputs(ctx context.Context, o *opts, res *analyze.Result, tables bool) error {
	ro := report.Options{Units: o.units, GeneratedAt: o.now, Version: version(), Changes: o.changes, Title: o.title}
	rep, err := report.Render(res, ro)
	if err != nil {
		return fmt.Errorf("render the report: %w; previous outputs untouched", err)
	}
	st, err := outdir.NewStage(o.out)
	if err != nil {
		return fmt.Errorf("%w; previous outputs untouched", err)
	}
	st.AfterMove = o.hooks.afterMove
	tableOpts := []store.Option{store.WithVersion(version()), store.WithCSV(o.csv)}
	err = stage(ctx, st, res, rep, tables, tableOpts)
	if err == nil && tables {
		err = stageChanges(st, o.changes)
	}
	if err == nil && tables && o.cache != nil {
		err = o.cache.Write(st.Path("cache"))
	}
	if err != nil {
		st.Discard()
		return fmt.Errorf("%w; previous outputs untouched", err)
	}
	if err := st.Commit(); errors.Is(err, outdir.ErrPending) {
		return fmt.Errorf("%v; the next legwork command in %s puts this run's outputs in place", err, o.out)
	} else if err != nil {
		return fmt.Errorf("replace the outputs: %w; previous outputs untouched", err)
	}
	return nil
}

// stage writes the outputs into the staging directory.
func stage(ctx context.Context, st *outdir.Stage, res *analyze.Result, rep *report.Rendered, tables bool, tableOpts []store.Option) error {
	if tables {
		if err := st.Mkdir("data"); err != nil {
			return err
		}
		if err := store.WriteDir(ctx, st.Path("data"), res, tableOpts...); err != nil {
			return err
		}
	}
	if err := st.Mkdir("charts"); err != nil {
		return err
	}
	for _, c := range rep.Charts {
		if err := st.WriteFile("charts/"+c.Name, c.SVG); err != nil {
			return err
		}
	}
	if err := st.WriteFile("report.md", rep.Markdown); err != nil {
		return err
	}
	if err := st.WriteFile("report.html", rep.HTML); err != nil {
		return err
	}
	return ctx.Err()
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
	printChanges(o, o.changes)
	printEscaped(w, "wrote %s\n", filepath.Join(o.out, "report.html"))
}

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

// progress returns a callback that redraws one status line on stderr and a
// func that clears it, or a nil callback when stderr is not a terminal
// (cron, pipes, tests) or output is quiet.
func (o *opts) progress() (update func(done, total int), clear func()) {
	if o.hooks.progress != nil {
		return o.hooks.progress, func() {}
	}
	f, ok := o.stderr.(*os.File)
	if !ok || o.quiet || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	update = func(done, total int) { fmt.Fprintf(f, "\rreading files: %d/%d", done, total) }
	return update, func() { fmt.Fprint(f, "\r\033[K") }
}
