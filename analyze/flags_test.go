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

func TestLoadSpikeFlag(t *testing.T) {
	withHR := func(id string, d int, mins int) ingest.Activity {
		a := run(id, at(d), 5000)
		a.Elapsed = time.Duration(mins) * time.Minute
		a.Samples = hrSamples(a.Elapsed, time.Second, 150)
		a.Summarize()
		return a
	}
	tests := []struct {
		name     string
		this     []ingest.Activity
		asOf     time.Time
		severity Severity // "" for none
		value    float64
	}{
		{"exactly 10% more load: none", []ingest.Activity{withHR("t", 7, 66)}, date(14), "", 10},
		{"20% more load: caution", []ingest.Activity{withHR("t", 7, 72)}, date(14), Caution, 20},
		{"50% more load: high", []ingest.Activity{withHR("t", 7, 90)}, date(14), High, 50},
		{"current week already over", []ingest.Activity{withHR("t", 7, 72)}, date(8), Caution, 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acts := slices.Concat([]ingest.Activity{withHR("p", 0, 60)}, tc.this)
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
	acts := slices.Concat(daily(0, 7, 5000), []ingest.Activity{run("big", at(7), 60000)})
	cfg := Config{WeekStart: time.Monday, Shoes: []Shoe{{Name: "Z", StartDistanceM: 500000}, {Name: "A", StartDistanceM: 500000}}}
	r := Analyze(slices.Concat(daily(-40, -39, 5000), acts), cfg, date(8))
	for i := 1; i < len(r.Flags); i++ {
		a, b := r.Flags[i-1], r.Flags[i]
		if a.Date.After(b.Date) || a.Date.Equal(b.Date) && a.Kind > b.Kind {
			t.Errorf("flags out of order at %d: %s %s then %s %s", i, a.Date, a.Kind, b.Date, b.Kind)
		}
	}
	var kinds []Kind
	for _, f := range r.Flags {
		if f.Date.Equal(date(7)) {
			kinds = append(kinds, f.Kind)
		}
	}
	if want := []Kind{KindACWRHigh, KindSessionSpike, KindWeeklyDistanceSpike}; !slices.Equal(kinds, want) {
		t.Errorf("day-7 flags %v, want %v", kinds, want)
	}
}
