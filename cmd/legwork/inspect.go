package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/safetext"
)

// inspectCmd prints what legwork makes of each FILE: the activities rows it
// would store (analysed on their own, so loads use only these files' heart
// rate when hr_max is not configured), or why a file was skipped or failed.
// Without --as-of, each file is analysed as of the day of its last activity,
// so that an old file shows its runs counted and loaded as `run` did then.
func inspectCmd(ctx context.Context, o *opts) int {
	code := exitOK
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
		b, err := ingest.Read(ctx, []string{file}, ingest.Options{Zone: o.zone, Log: o.log})
		if err != nil {
			printEscaped(o.stderr, "legwork inspect: %v\n", err)
			if ctx.Err() != nil {
				return exitFailed
			}
			code = exitPartial
			continue
		}
		if len(b.Errors) > 0 {
			code = exitPartial
		}
		if o.json {
			if err := inspectJSON(o.stdout, b, o.cfg.Analysis, asOf); err != nil {
				printEscaped(o.stderr, "legwork inspect: %v\n", err)
				return exitFailed
			}
			continue
		}
		for _, e := range b.Errors {
			printEscaped(o.stderr, "%v", e)
		}
		inspectText(tw, b, o.cfg.Analysis, asOf, o.units)
	}
	if tw != nil {
		tw.Flush()
	}
	return code
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

// rfc3339Milli is RFC 3339 with the milliseconds the tables keep, when not zero.
const rfc3339Milli = "2006-01-02T15:04:05.999Z07:00"

// activityJSON has the activities.parquet columns as keys (DESIGN.md).
type activityJSON struct {
	ActivityID   string   `json:"activity_id"`
	Source       string   `json:"source"`
	Format       string   `json:"format"`
	Sport        string   `json:"sport"`
	Device       string   `json:"device,omitempty"`
	Name         string   `json:"name,omitempty"`
	StartTime    string   `json:"start_time"`
	UTCOffsetS   int32    `json:"utc_offset_s"`
	OffsetSource string   `json:"offset_source"`
	LocalDate    string   `json:"local_date"`
	WeekStart    string   `json:"week_start"`
	ElapsedS     float64  `json:"elapsed_s"`
	MovingS      float64  `json:"moving_s"`
	DistanceM    float64  `json:"distance_m"`
	AscentM      *float64 `json:"ascent_m"`
	AvgHR        *int     `json:"avg_hr"`
	MaxHR        *int     `json:"max_hr"`
	Load         *float64 `json:"load"`
	LoadImputed  bool     `json:"load_imputed,omitempty"`
	Shoe         *string  `json:"shoe"`
	Counted      bool     `json:"counted"`
	DuplicateOf  *string  `json:"duplicate_of"`
}

func inspectJSON(w io.Writer, b *ingest.Batch, cfg analyze.Config, asOf time.Time) error {
	enc := json.NewEncoder(terminalJSON{w})
	enc.SetEscapeHTML(false)
	for _, r := range inspectRows(b, cfg, asOf) {
		if err := enc.Encode(toJSON(r)); err != nil {
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

func toJSON(r analyze.ActivityRow) activityJSON {
	j := activityJSON{
		ActivityID: r.ID, Source: r.Source, Format: string(r.Format), Sport: string(r.Sport), Device: r.Device, Name: r.Name,
		StartTime: r.Start.UTC().Truncate(time.Millisecond).Format(rfc3339Milli), UTCOffsetS: r.UTCOffset, OffsetSource: string(r.OffsetSource),
		LocalDate: r.LocalDate.Format(time.DateOnly), WeekStart: r.WeekStart.Format(time.DateOnly),
		ElapsedS: r.Elapsed.Seconds(), MovingS: r.Moving.Seconds(), DistanceM: r.DistanceM, AscentM: r.AscentM,
		Load: r.Load, LoadImputed: r.LoadImputed, Counted: r.Counted,
	}
	if r.AvgHR > 0 {
		j.AvgHR = &r.AvgHR
	}
	if r.MaxHR > 0 {
		j.MaxHR = &r.MaxHR
	}
	if r.Shoe != "" {
		j.Shoe = &r.Shoe
	}
	if r.DuplicateOf != "" {
		j.DuplicateOf = &r.DuplicateOf
	}
	return j
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
