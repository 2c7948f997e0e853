package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/outdir"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
	"github.com/legwork-run/legwork/store"
)

// parseAlert checks the value of --alert: "" (no alerts) or a severity.
func parseAlert(s string) (level analyze.Severity, ok bool) {
	if s == "" {
		return "", true
	}
	for _, sev := range analyze.Severities() {
		if string(sev) == s {
			return sev, true
		}
	}
	return "", false
}

// previousResult returns the Result of the last run in --out, to compare
// this run's with; nil when there is none (a first run: nothing to compare
// with) or when it cannot be read, which is logged: the run goes on as a
// first run would. The caller holds the lock.
func previousResult(o *opts) *analyze.Result {
	prev, err := store.ReadExcept(o.out, store.WeeksFile) // Compare needs no weeks
	switch {
	case err == nil:
		return prev
	case errors.Is(err, fs.ErrNotExist):
		return nil
	}
	o.log.Warn("cannot compare with the previous run: its tables cannot be read", "out", o.out, "err", err)
	return nil
}

// stageChanges writes data/changes.json for `legwork report` to show
// "Since the last report" again; nothing on a first run.
func stageChanges(st *outdir.Stage, c *analyze.Changes) error {
	if c == nil {
		return nil
	}
	var b bytes.Buffer
	if err := store.EncodeChanges(&b, c); err != nil {
		return err
	}
	return st.WriteFile("data/"+store.ChangesFile, b.Bytes())
}

// printChanges prints the summary line of what changed since the last
// run; nothing on a first run.
func printChanges(o *opts, c *analyze.Changes) {
	if c == nil {
		return
	}
	fmt.Fprintf(o.stdout, "since the last report: %s\n", phrase.Changes(c))
}

// alertLines gives one line for each flag of res at o.alert or above that
// is new since the previous run (c.New): date, severity, what happened
// with its numbers, and what to do. It gives none without --alert or
// without a previous run to compare with (c nil). Lines are not escaped
// yet: printAlerts does that.
func alertLines(o *opts, res *analyze.Result, c *analyze.Changes) []string {
	if c == nil || o.alert == "" || len(c.New) == 0 {
		return nil
	}
	at := make(map[analyze.FlagKey]int, len(res.Flags))
	for i, f := range res.Flags {
		if _, dup := at[f.Key()]; !dup {
			at[f.Key()] = i
		}
	}
	u := units.Of(o.units)
	var lines []string
	for _, f := range c.New {
		i, ok := at[f.Key()]
		if !ok || f.Severity.Rank() > o.alert.Rank() {
			continue
		}
		line := fmt.Sprintf("%s %s %s", f.Date.Format("2006-01-02"), f.Severity, phrase.Brief(res, u, i))
		if a := phrase.Action(f.Kind); a != "" {
			line += "; " + a
		}
		lines = append(lines, line)
	}
	return lines
}

// printAlerts prints lines on stdout, each escaped for the terminal and
// after prefix (a squad athlete's name and ": ", or "").
func printAlerts(o *opts, lines []string, prefix string) {
	for _, l := range lines {
		printEscaped(o.stdout, "%s%s", prefix, l)
	}
}
