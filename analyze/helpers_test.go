package analyze

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// mon is a Monday; test runs start at 07:00 UTC with offset 0 unless a case
// says otherwise.
var mon = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// at returns 07:00 UTC on mon + d days.
func at(d int) time.Time { return mon.AddDate(0, 0, d).Add(7 * time.Hour) }

// date returns mon + d days at midnight UTC.
func date(d int) time.Time { return mon.AddDate(0, 0, d) }

// run builds a counted running activity of m meters lasting one hour.
func run(id string, start time.Time, m float64) ingest.Activity {
	return ingest.Activity{
		ID: id, Source: "runs/" + id + ".fit", Format: "fit", Sport: "running",
		Start: start, Elapsed: time.Hour, DistanceM: m, HasDistance: true,
	}
}

// daily returns one run of m meters per day for days [from, to).
func daily(from, to int, m float64) []ingest.Activity {
	var out []ingest.Activity
	for d := from; d < to; d++ {
		out = append(out, run(fmt.Sprintf("d%03d", d), at(d), m))
	}
	return out
}

// hrSamples returns one sample per step from 0 to dur inclusive at hr bpm.
func hrSamples(dur, step time.Duration, hr uint8) []ingest.Sample {
	var s []ingest.Sample
	for t := time.Duration(0); t <= dur; t += step {
		s = append(s, ingest.Sample{T: t, HR: hr})
	}
	return s
}

func monCfg() Config { return Config{WeekStart: time.Monday} }

func flagsOf(r *Result, kind Kind) []Flag {
	var out []Flag
	for _, f := range r.Flags {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

func weekDistances(r *Result) []float64 {
	var out []float64
	for _, w := range r.Weeks {
		out = append(out, w.DistanceM)
	}
	return out
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func ptr(v float64) *float64 { return &v }

// eqPtr compares two optional values within tol.
func eqPtr(a, b *float64, tol float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return near(*a, *b, tol)
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%g", *p)
}

func mustRow(t *testing.T, r *Result, id string) ActivityRow {
	t.Helper()
	for _, a := range r.Activities {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no activity %q", id)
	return ActivityRow{}
}
