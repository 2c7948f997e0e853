package phrase_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

// mon is a Monday; test runs start at 07:00 UTC.
var mon = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func at(d int) time.Time   { return mon.AddDate(0, 0, d).Add(7 * time.Hour) }
func date(d int) time.Time { return mon.AddDate(0, 0, d) }

func run(id string, start time.Time, m float64) ingest.Activity {
	return ingest.Activity{ID: id, Source: "runs/" + id + ".fit", Format: "fit", Sport: "running",
		Start: start, Elapsed: time.Hour, DistanceM: m, HasDistance: true}
}

func daily(from, to int, m float64) []ingest.Activity {
	var out []ingest.Activity
	for d := from; d < to; d++ {
		out = append(out, run(fmt.Sprintf("d%03d", d), at(d), m))
	}
	return out
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// messageOf returns the message of the first flag of kind in r, in u.
func messageOf(t *testing.T, r *analyze.Result, u units.System, kind analyze.Kind) string {
	t.Helper()
	msgs := phrase.Flags(r, u)
	if len(msgs) != len(r.Flags) {
		t.Fatalf("%d messages for %d flags", len(msgs), len(r.Flags))
	}
	for i, f := range r.Flags {
		if f.Kind == kind {
			return msgs[i]
		}
	}
	t.Fatalf("no %s flag in %+v", kind, r.Flags)
	return ""
}

// TestMessages checks that each message names the numbers a runner needs in
// the chosen units, with the absolute change next to the percentage.
func TestMessages(t *testing.T) {
	prevWeek := []ingest.Activity{run("p1", at(0), 20000), run("p2", at(2), 14100)}  // 34.1 km
	spikeWeek := []ingest.Activity{run("t1", at(7), 30000), run("t2", at(9), 12000)} // 42.0 km: +23%, +7.9 km
	named := run("c", at(40), 8000)
	named.Name = "Hill reps"
	tests := []struct {
		name string
		u    units.System
		pct  float64
		acts []ingest.Activity
		asOf time.Time
		kind analyze.Kind
		want []string
	}{
		{"weekly distance in km", units.Kilometres, 0, slices.Concat(prevWeek, spikeWeek), date(14), analyze.KindWeeklyDistanceSpike,
			[]string{"Week of 2026-03-09", "42.0 km", "up 23%", "(+7.9 km)", "10% rule allows 37.5 km"}},
		{"weekly distance in mi", units.Miles, 0, slices.Concat(prevWeek, spikeWeek), date(14), analyze.KindWeeklyDistanceSpike,
			[]string{"26.1 mi", "up 23%", "(+4.9 mi)", "allows 23.3 mi"}},
		{"the configured rule", units.Kilometres, 20, slices.Concat(prevWeek, spikeWeek), date(14), analyze.KindWeeklyDistanceSpike,
			[]string{"up 23%", "the 20% rule allows 40.9 km"}},
		{"current week so far", units.Kilometres, 0, slices.Concat(prevWeek, spikeWeek), date(10), analyze.KindWeeklyDistanceSpike,
			[]string{"so far", "42.0 km", "23%", "(+7.9 km)", "34.1 km", "allows 37.5 km"}},
		{"restart", units.Kilometres, 0, []ingest.Activity{run("a", at(0), 5000), run("b", at(14), 8000)}, date(20), analyze.KindRestart,
			[]string{"Week of 2026-03-16", "8.0 km", "no running"}},
		{"session spike", units.Kilometres, 0, []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 10000), run("c", at(40), 12000)}, date(41), analyze.KindSessionSpike,
			[]string{"2026-04-11", "12.0 km", "20%", "(+2.0 km)", "(10.0 km)", "within 11.0 km"}},
		{"session spike of a named run", units.Kilometres, 0, []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 6000), named}, date(41), analyze.KindSessionSpike,
			[]string{"Run on 2026-04-11 (Hill reps)", "8.0 km", "33%", "(+2.0 km)", "(6.0 km)", "within 6.6 km"}},
		{"return after a break", units.Kilometres, 0, []ingest.Activity{run("a", at(0), 3000), run("b", at(45), 6000)}, date(46), analyze.KindReturnAfterBreak,
			[]string{"2026-04-16", "6.0 km", "45 days"}},
		{"no rest day", units.Kilometres, 0, daily(0, 7, 10000), date(7), analyze.KindNoRestDay, []string{"Week of 2026-03-02", "all 7 days"}},
		{"monotony", units.Kilometres, 0, daily(0, 7, 10000), date(7), analyze.KindMonotonyHigh, []string{"Week of 2026-03-02", "monotony 10.00", "above 2.0,"}},
		{"acwr", units.Kilometres, 0, slices.Concat(daily(0, 28, 5000), daily(28, 35, 20000)), date(35), analyze.KindACWRHigh, []string{"descriptive", "at or above 1.5;", "did not predict injury"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := analyze.Config{WeekStart: time.Monday, IncreasePct: tc.pct}
			m := messageOf(t, analyze.Analyze(tc.acts, cfg, tc.asOf), tc.u, tc.kind)
			if !containsAll(m, tc.want...) {
				t.Errorf("message %q lacks some of %q", m, tc.want)
			}
			if strings.Count(m, ". ") > 0 || !strings.HasSuffix(m, ".") {
				t.Errorf("message %q is not one sentence", m)
			}
		})
	}
}

// TestEveryKind: every kind of analyze.Kinds gets a sentence of its own,
// not the fallback, when its rows are in the Result.
func TestEveryKind(t *testing.T) {
	withHR := func(id string, d int, mins int) ingest.Activity {
		a := run(id, at(d), 5000)
		a.Elapsed = time.Duration(mins) * time.Minute
		for s := time.Duration(0); s <= a.Elapsed; s += time.Second {
			a.Samples = append(a.Samples, ingest.Sample{T: s, HR: 150})
		}
		a.Summarize()
		return a
	}
	seasons := []struct {
		acts []ingest.Activity
		asOf time.Time
		cfg  analyze.Config
	}{
		{slices.Concat(daily(0, 28, 5000), daily(28, 35, 20000), []ingest.Activity{run("b", at(50), 6000)}), date(50),
			analyze.Config{WeekStart: time.Monday, Shoes: []analyze.Shoe{{Name: "Old", WarnAtM: 20000, ReplaceAtM: 500000}, {Name: "Older", From: date(40), WarnAtM: 1000, ReplaceAtM: 2000}}}},
		{[]ingest.Activity{withHR("p", 0, 60), withHR("t", 7, 90), run("r", at(21), 5000)}, date(27),
			analyze.Config{WeekStart: time.Monday, HRMax: 190, HRRest: 50}},
		{[]ingest.Activity{run("a", at(0), 3000), run("b", at(35), 10000), run("c", at(40), 12000)}, date(41),
			analyze.Config{WeekStart: time.Monday}},
	}
	seen := map[analyze.Kind]bool{}
	for _, s := range seasons {
		r := analyze.Analyze(s.acts, s.cfg, s.asOf)
		for i, m := range phrase.Flags(r, units.Miles) {
			f := r.Flags[i]
			seen[f.Kind] = true
			if strings.Contains(m, ": value ") || !strings.HasSuffix(m, ".") {
				t.Errorf("%s: %q", f.Kind, m)
			}
		}
	}
	for _, k := range analyze.Kinds() {
		if !seen[k] {
			t.Errorf("no test season raises %s", k)
		}
	}
}

// TestMissingRows: a flag whose row is not in the Result, or of a kind
// this package does not know, gets a plain sentence of its numbers; the
// others are worded in full.
func TestMissingRows(t *testing.T) {
	acts := []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 10000), run("c", at(40), 12000)}
	cfg := analyze.Config{WeekStart: time.Monday, Shoes: []analyze.Shoe{{Name: "Old", From: date(0), WarnAtM: 20000}}}
	r := analyze.Analyze(acts, cfg, date(41))
	n := len(r.Flags)
	r.Flags = append(r.Flags,
		analyze.Flag{Kind: "future_kind", Value: 3, Threshold: 2},
		analyze.Flag{Kind: analyze.KindRestart, Week: date(70), Date: date(70), Value: 5000},
		analyze.Flag{Kind: analyze.KindWeeklyDistanceSpike, Week: r.Weeks[0].Start, Date: r.Weeks[0].Start, Value: 50, Threshold: 10},
		analyze.Flag{Kind: analyze.KindSessionSpike, ActivityID: "nope", Date: date(40), Value: 20, Threshold: 10, Base: 10000},
		analyze.Flag{Kind: analyze.KindReturnAfterBreak, ActivityID: "c", Date: date(39), Value: 40, Threshold: 30},
		analyze.Flag{Kind: analyze.KindShoeReplace, Shoe: "Other", Value: 1e6, Threshold: 8e5},
	)
	msgs := phrase.Flags(r, units.Kilometres)
	want := []string{
		"Future kind: value 3, threshold 2.",
		"Restart: value 5000, threshold 0.",
		"Weekly distance spike: value 50, threshold 10.",
		"Session spike: value 20, threshold 10.",
		"Return after break: value 40, threshold 30.",
		"Shoe replace: value 1000000, threshold 800000.",
	}
	if got := msgs[n:]; !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if m := messageOf(t, r, units.Kilometres, analyze.KindSessionSpike); !containsAll(m, "12.0 km", "(+2.0 km)", "(10.0 km)", "within 11.0 km") {
		t.Errorf("session spike: %q", m)
	}
	if m := messageOf(t, r, units.Kilometres, analyze.KindShoeWorn); !containsAll(m, "Old has 25.0 km", "20.0 km mark") {
		t.Errorf("shoe flag: %q", m)
	}
}

// TestWithoutBase: a session spike read from tables written before Base
// existed (Base 0) gets M from its distance and Value.
func TestWithoutBase(t *testing.T) {
	acts := []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 10000), run("c", at(40), 12000)}
	r := analyze.Analyze(acts, analyze.Config{WeekStart: time.Monday}, date(41))
	want := phrase.Flags(r, units.Miles)
	for i := range r.Flags {
		if r.Flags[i].Kind == analyze.KindSessionSpike {
			if r.Flags[i].Base != 10000 {
				t.Fatalf("Base = %g, want M = 10000", r.Flags[i].Base)
			}
			r.Flags[i].Base = 0
		}
	}
	if got := phrase.Flags(r, units.Miles); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
