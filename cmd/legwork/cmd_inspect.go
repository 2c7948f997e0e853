package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/safetext"
	"github.com/legwork-run/legwork/store"
)

// inspectCmd prints what legwork makes of each FILE: the activities rows it
// would store (analysed on their own, so loads use only these files' heart
// rate when hr_max is not configured), or why a file was skipped or failed.
// Without --as-of, each file is analysed as of the day of its last activity,
// so that an old file shows its runs counted and loaded as `run` did then.
// "-" is standard input. A FILE that is not an activity file counts as
// unreadable, like a damaged one: the command goes on and ends with a
// partialError (exit 3).
func inspectCmd(ctx context.Context, o *opts) error {
	unreadable := 0
	asOf := o.asOf
	if !o.asOfGiven {
		asOf = time.Time{}
	}
	var tw *tabwriter.Writer
	if !o.json {
		tw = tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "source\tsport\tstart (local)\tdistance\tduration\tavg hr\tload\tcounted\tnote")
	}
	for _, file := range o.args {
		b, err := inspectRead(ctx, o, file)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			printEscaped(o.stderr, "legwork inspect: %v\n", err)
			unreadable++
			continue
		}
		unreadable += len(b.Errors)
		if o.json {
			if err := inspectJSON(o.stdout, b, o.cfg.Analysis, asOf); err != nil {
				return err
			}
			continue
		}
		for _, e := range b.Errors {
			printEscaped(o.stderr, "%v", e)
		}
		inspectText(tw, b, o.cfg.Analysis, asOf, o.units)
	}
	if tw != nil {
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if unreadable > 0 {
		return &partialError{unreadable}
	}
	return nil
}

// errNotActivityFile is the cause of the DecodeError for a FILE in which
// ingest found nothing to decode.
var errNotActivityFile = errors.New("not an activity file (FIT, GPX, TCX, or a .zip or .gz of them)")

// inspectRead reads one FILE, or standard input for "-". A FILE in which
// ingest finds no FIT, GPX or TCX file at all (legwork.toml, a photo)
// gives a batch holding one DecodeError that says so.
func inspectRead(ctx context.Context, o *opts, file string) (*ingest.Batch, error) {
	if file == "-" {
		return readStdin(ctx, o)
	}
	b, err := ingest.Read(ctx, []string{file}, ingest.Options{Zone: o.zone, Log: o.log})
	if err != nil {
		return nil, err
	}
	if b.Files == 0 && len(b.Errors) == 0 && len(b.Skipped) == 0 && len(b.Activities) == 0 {
		cause := errNotActivityFile
		if fi, err := os.Stat(file); err == nil && fi.IsDir() {
			cause = errors.New("no FIT, GPX or TCX file in this folder")
		}
		b.Errors = append(b.Errors, &ingest.DecodeError{Path: file, Err: cause})
	}
	return b, nil
}

// inspectRows analyses a batch on its own, as of asOf; when asOf is zero,
// as of the local day of its last activity.
func inspectRows(b *ingest.Batch, cfg analyze.Config, asOf time.Time) []analyze.ActivityRow {
	if asOf.IsZero() {
		for _, a := range b.Activities {
			if d := a.LocalDate(); d.After(asOf) {
				asOf = d
			}
		}
	}
	return analyze.Analyze(b.Activities, cfg, asOf).Activities
}

func inspectJSON(w io.Writer, b *ingest.Batch, cfg analyze.Config, asOf time.Time) error {
	enc := json.NewEncoder(terminalJSON{w})
	enc.SetEscapeHTML(false)
	for _, r := range inspectRows(b, cfg, asOf) {
		if err := enc.Encode(store.ActivityRowOf(r)); err != nil {
			return err
		}
	}
	for _, e := range b.Errors {
		if err := enc.Encode(struct {
			Source string `json:"source"`
			Error  string `json:"error"`
		}{e.Source(), e.Error()}); err != nil {
			return err
		}
	}
	for _, e := range b.Skipped {
		if err := enc.Encode(struct {
			Source  string `json:"source"`
			Skipped string `json:"skipped"`
		}{e.Source(), e.Reason()}); err != nil {
			return err
		}
	}
	return nil
}

// terminalJSON writes JSON with the characters that encoding/json leaves
// as they are but a terminal would act on (DEL, C1 controls, bidirectional
// controls) as \u escapes: still the same JSON values. encoding/json itself
// escapes the C0 controls and U+2028/U+2029. Each Write must hold whole
// runes, as json.Encoder's one Write per value does.
type terminalJSON struct{ w io.Writer }

func (t terminalJSON) Write(b []byte) (int, error) {
	s := string(b)
	if !strings.ContainsFunc(s, terminalRune) {
		return t.w.Write(b)
	}
	var out strings.Builder
	for _, r := range s {
		if terminalRune(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.WriteRune(r)
		}
	}
	if _, err := io.WriteString(t.w, out.String()); err != nil {
		return 0, err
	}
	return len(b), nil
}

// terminalRune reports whether encoding/json leaves r unescaped although a
// terminal would act on it.
func terminalRune(r rune) bool {
	return r == 0x7f || r >= 0x80 && r < 0xa0 || safetext.IsBidiControl(r)
}

func inspectText(tw *tabwriter.Writer, b *ingest.Batch, cfg analyze.Config, asOf time.Time, units string) {
	for _, r := range inspectRows(b, cfg, asOf) {
		start := r.Start.Add(time.Duration(r.UTCOffset)*time.Second).Format("2006-01-02 15:04") + " " + offset(r.UTCOffset)
		hr, load, note := "-", "-", ""
		if r.AvgHR > 0 {
			hr = fmt.Sprint(r.AvgHR)
		}
		if r.Load != nil {
			load = fmt.Sprintf("%.0f", *r.Load)
			if r.LoadImputed {
				load += " (imputed)"
			}
		}
		if r.DuplicateOf != "" {
			note = "duplicate of " + r.DuplicateOf
		}
		if r.OffsetSource != "file" {
			note = strings.TrimSpace(note + " offset from " + string(r.OffsetSource))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%t\t%s\n", safetext.Terminal(r.Source), safetext.Terminal(string(r.Sport)), start, dist(r.DistanceM, units),
			r.Elapsed.Round(time.Second), hr, load, r.Counted, safetext.Terminal(note))
	}
	for _, e := range b.Skipped {
		fmt.Fprintf(tw, "%s\t-\t\t\t\t\t\t\tskipped: %s\n", safetext.Terminal(e.Source()), safetext.Terminal(e.Reason()))
	}
	for _, e := range b.Errors {
		fmt.Fprintf(tw, "%s\t-\t\t\t\t\t\t\terror: %s\n", safetext.Terminal(e.Source()), safetext.Terminal(e.Reason()))
	}
}

func offset(s int32) string {
	sign := '+'
	if s < 0 {
		sign, s = '-', -s
	}
	return fmt.Sprintf("%c%02d:%02d", sign, s/3600, s%3600/60)
}
