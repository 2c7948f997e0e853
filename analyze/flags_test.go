package analyze

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestPctOver(t *testing.T) {
	tests := []struct {
		v, thr float64
		want   string
	}{
		{23.4, 10, "23"},
		{10.4, 10, "10.4"},
		{10.0001, 10, "10.0001"},
		{110, 10, "110"},
		{30.2, 30, "30.2"},
	}
	for _, tc := range tests {
		if got := pctOver(tc.v, tc.thr); got != tc.want {
			t.Errorf("pctOver(%g, %g) = %q, want %q", tc.v, tc.thr, got, tc.want)
		}
	}
}

// TestMessages checks that each message names the numbers a runner needs in
// the configured units, with the absolute change next to the percentage.
func TestMessages(t *testing.T) {
	prevWeek := []ingest.Activity{run("p1", at(0), 20000), run("p2", at(2), 14100)}  // 34.1 km
	spikeWeek := []ingest.Activity{run("t1", at(7), 30000), run("t2", at(9), 12000)} // 42.0 km: +23%, +7.9 km
	tests := []struct {
		name  string
		units string
		acts  []ingest.Activity
		asOf  time.Time
		kind  string
		want  []string
	}{
		{"weekly distance in km", "km", cat(prevWeek, spikeWeek), date(14), KindWeeklyDistanceSpike,
			[]string{"Week of 2026-03-09", "42.0 km", "up 23%", "(+7.9 km)", "10% rule allows 37.5 km"}},
		{"weekly distance in mi by default", "", cat(prevWeek, spikeWeek), date(14), KindWeeklyDistanceSpike,
			[]string{"26.1 mi", "up 23%", "(+4.9 mi)", "allows 23.3 mi"}},
		{"current week so far", "km", cat(prevWeek, spikeWeek), date(10), KindWeeklyDistanceSpike,
			[]string{"so far", "42.0 km", "23%", "(+7.9 km)", "34.1 km", "allows 37.5 km"}},
		{"restart", "km", []ingest.Activity{run("a", at(0), 5000), run("b", at(14), 8000)}, date(20), KindRestart,
			[]string{"Week of 2026-03-16", "8.0 km", "no running"}},
		{"session spike", "km", []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 10000), run("c", at(40), 12000)}, date(41), KindSessionSpike,
			[]string{"2026-04-11", "12.0 km", "20%", "(+2.0 km)", "(10.0 km)", "within 11.0 km"}},
		{"session spike of a named run", "km", []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 6000),
			func() ingest.Activity { a := run("c", at(40), 8000); a.Name = "Hill reps"; return a }()}, date(41), KindSessionSpike,
			[]string{"Run on 2026-04-11 (Hill reps)", "8.0 km", "33%", "(+2.0 km)", "(6.0 km)", "within 6.6 km"}},
		{"return after a break", "km", []ingest.Activity{run("a", at(0), 3000), run("b", at(45), 6000)}, date(46), KindReturnAfterBreak,
			[]string{"2026-04-16", "6.0 km", "45 days"}},
		{"no rest day", "km", daily(0, 7, 10000), date(7), KindNoRestDay, []string{"Week of 2026-03-02", "all 7 days"}},
		{"monotony", "km", daily(0, 7, 10000), date(7), KindMonotonyHigh, []string{"Week of 2026-03-02", "monotony 10.00", "2.0"}},
		{"acwr", "km", cat(daily(0, 28, 5000), daily(28, 35, 20000)), date(35), KindACWRHigh, []string{"descriptive", "1.5", "did not predict injury"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := monCfg()
			cfg.Units = tc.units
			fs := flagsOf(Analyze(tc.acts, cfg, tc.asOf), tc.kind)
			if len(fs) == 0 {
				t.Fatalf("no %s flag", tc.kind)
			}
			m := fs[0].Message
			if !containsAll(m, tc.want...) {
				t.Errorf("message %q lacks some of %q", m, tc.want)
			}
			if strings.Count(m, ". ") > 0 || !strings.HasSuffix(m, ".") {
				t.Errorf("message %q is not one sentence", m)
			}
		})
	}
}

func TestLoadSpikeFlag(t *testing.T) {
	withHR := func(id string, d int, mins int) ingest.Activity {
		a := run(id, at(d), 5000)
		a.Elapsed = time.Duration(mins) * time.Minute
		a.Samples = hrSamples(a.Elapsed, time.Second, 150)
		return a
	}
	tests := []struct {
		name     string
		this     []ingest.Activity
		asOf     time.Time
		severity string // "" for none
		value    float64
	}{
		{"exactly 10% more load: none", []ingest.Activity{withHR("t", 7, 66)}, date(14), "", 10},
		{"20% more load: caution", []ingest.Activity{withHR("t", 7, 72)}, date(14), sevCaution, 20},
		{"50% more load: high", []ingest.Activity{withHR("t", 7, 90)}, date(14), sevHigh, 50},
		{"current week already over", []ingest.Activity{withHR("t", 7, 72)}, date(8), sevCaution, 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acts := cat([]ingest.Activity{withHR("p", 0, 60)}, tc.this)
			r := Analyze(acts, Config{WeekStart: time.Monday, HRMax: 190, HRRest: 50}, tc.asOf)
			if got := r.Weeks[1].LoadChangePct; got == nil || !near(*got, tc.value, 1e-9) {
				t.Errorf("load change %s, want %g", fmtPtr(got), tc.value)
			}
			fs := flagsOf(r, KindWeeklyLoadSpike)
			if tc.severity == "" {
				if len(fs) != 0 {
					t.Errorf("unexpected %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity != tc.severity || !near(fs[0].Value, tc.value, 1e-9) || fs[0].Threshold != 10 || !fs[0].Week.Equal(date(7)) {
				t.Errorf("flags %+v; want %s %g", fs, tc.severity, tc.value)
			}
			if !containsAll(fs[0].Message, "TRIMP", "%", "(+") {
				t.Errorf("message %q", fs[0].Message)
			}
		})
	}
	// No load in the previous week: no change and no flag, and no restart.
	acts := []ingest.Activity{run("p", at(0), 5000), withHR("t", 7, 60)}
	r := Analyze(acts, Config{WeekStart: time.Monday, HRMax: 190, HRRest: 50}, date(13))
	if r.Weeks[1].LoadChangePct != nil || len(flagsOf(r, KindWeeklyLoadSpike)) != 0 || len(flagsOf(r, KindRestart)) != 0 {
		t.Errorf("after a week without load: change %s, flags %+v", fmtPtr(r.Weeks[1].LoadChangePct), r.Flags)
	}
	if c := r.Current; c == nil || c.HasLoadLimit {
		t.Errorf("current %+v: no load limit after a week without load", c)
	}
}

func TestFlagOrder(t *testing.T) {
	// Week of day 7: a distance spike, an ACWR flag and a session spike on its Monday.
	acts := cat(daily(0, 7, 5000), []ingest.Activity{run("big", at(7), 60000)})
	cfg := Config{WeekStart: time.Monday, Shoes: []Shoe{{Name: "Z", StartDistanceM: 500000}, {Name: "A", StartDistanceM: 500000}}}
	r := Analyze(cat(daily(-40, -39, 5000), acts), cfg, date(8))
	for i := 1; i < len(r.Flags); i++ {
		a, b := r.Flags[i-1], r.Flags[i]
		if a.Date.After(b.Date) || a.Date.Equal(b.Date) && a.Kind > b.Kind {
			t.Errorf("flags out of order at %d: %s %s then %s %s", i, a.Date, a.Kind, b.Date, b.Kind)
		}
	}
	var kinds []string
	for _, f := range r.Flags {
		if f.Date.Equal(date(7)) {
			kinds = append(kinds, f.Kind)
		}
	}
	if want := []string{KindACWRHigh, KindSessionSpike, KindWeeklyDistanceSpike}; !slices.Equal(kinds, want) {
		t.Errorf("day-7 flags %v, want %v", kinds, want)
	}
}
