package phrase_test

import (
	"slices"
	"testing"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

func TestActionEveryKind(t *testing.T) {
	for _, k := range analyze.Kinds() {
		if phrase.Action(k) == "" {
			t.Errorf("no action for %s", k)
		}
	}
	if got := phrase.Action("no_such_kind"); got != "" {
		t.Errorf("unknown kind: %q", got)
	}
}

// TestBrief checks the one-line wording of --alert on real analyses.
func TestBrief(t *testing.T) {
	prevWeek := []ingest.Activity{run("p1", at(0), 20000), run("p2", at(2), 14100)}  // 34.1 km
	spikeWeek := []ingest.Activity{run("t1", at(7), 30000), run("t2", at(9), 12000)} // 42.0 km: +23%, +7.9 km
	longRun := run("long", at(36), 12000)
	longRun.Name = "Long one"
	long := slices.Concat(daily(0, 35, 5000), []ingest.Activity{longRun}) // 12 km against 5 km
	tests := []struct {
		name string
		u    units.System
		acts []ingest.Activity
		asOf int
		kind analyze.Kind
		want string
	}{
		{"weekly distance in km", units.Of("km"), slices.Concat(prevWeek, spikeWeek), 14, analyze.KindWeeklyDistanceSpike,
			"weekly distance +23% (+7.9 km over 34.1 km): the 10% rule allows 37.5 km"},
		{"weekly distance in mi", units.Of("mi"), slices.Concat(prevWeek, spikeWeek), 14, analyze.KindWeeklyDistanceSpike,
			"weekly distance +23% (+4.9 mi over 21.2 mi): the 10% rule allows 23.3 mi"},
		{"session spike", units.Of("km"), long, 37, analyze.KindSessionSpike,
			"run of 12.0 km (Long one), +140% (+7.0 km) on the longest of the 30 days before (5.0 km): stay within 5.5 km"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := analyze.Analyze(tc.acts, analyze.Config{WeekStart: mon.Weekday()}, date(tc.asOf))
			for i, f := range r.Flags {
				if f.Kind == tc.kind {
					if got := phrase.Brief(r, tc.u, i); got != tc.want {
						t.Errorf("got  %q\nwant %q", got, tc.want)
					}
					return
				}
			}
			t.Fatalf("no %s flag in %+v", tc.kind, r.Flags)
		})
	}
}

func TestBriefEveryKindWithoutRows(t *testing.T) {
	for _, k := range analyze.Kinds() {
		r := &analyze.Result{Flags: []analyze.Flag{{Kind: k, Value: 12, Threshold: 10}}}
		if got := phrase.Brief(r, units.Of("km"), 0); got == "" {
			t.Errorf("%s: empty", k)
		}
	}
}

func TestChanges(t *testing.T) {
	flag := func(s analyze.Severity) analyze.Flag { return analyze.Flag{Severity: s} }
	acts := func(n int) []analyze.ActivityRow { return make([]analyze.ActivityRow, n) }
	tests := []struct {
		name string
		c    *analyze.Changes
		want string
	}{
		{"first run", nil, ""},
		{"nothing", &analyze.Changes{}, "no changes"},
		{"the brief's example", &analyze.Changes{Added: acts(2), New: []analyze.Flag{flag(analyze.Caution)}, Cleared: []analyze.Flag{flag(analyze.Info)}},
			"2 activities added, 1 new flag (caution), 1 cleared"},
		{"removed only", &analyze.Changes{Removed: acts(1), Cleared: []analyze.Flag{flag(analyze.Info), flag(analyze.High)}},
			"1 activity removed, 2 flags cleared"},
		{"mixed severities", &analyze.Changes{Added: acts(1), Removed: acts(3),
			New:   []analyze.Flag{flag(analyze.Caution), flag(analyze.High), flag(analyze.Caution)},
			Shoes: []analyze.ShoeChange{{Name: "x"}}},
			"1 activity added, 3 removed, 3 new flags (1 high, 2 caution), 1 shoe changed status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := phrase.Changes(tc.c); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
