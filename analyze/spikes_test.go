package analyze

import (
	"slices"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// TestSessionSpike holds METRICS.md's vectors (longest 10 km in the window →
// 12 km +20% flag, 10.5 km +5% none, 21 km +110% high) and the boundaries.
func TestSessionSpike(t *testing.T) {
	// History from day 0; the longest run of the window is 10 km on day 35;
	// the run under test is on day 40.
	base := []ingest.Activity{run("h0", at(0), 3000), run("long", at(35), 10000), run("short", at(37), 4000)}
	tests := []struct {
		name     string
		acts     []ingest.Activity
		kind     Kind // "" for none
		severity Severity
		value    float64
	}{
		{"12 km after 10 km: +20% caution", slices.Concat(base, []ingest.Activity{run("s", at(40), 12000)}), KindSessionSpike, Caution, 20},
		{"10.5 km: +5% none", slices.Concat(base, []ingest.Activity{run("s", at(40), 10500)}), "", "", 0},
		{"21 km: +110% high", slices.Concat(base, []ingest.Activity{run("s", at(40), 21000)}), KindSessionSpike, High, 110},
		{"exactly +10%: none", slices.Concat(base, []ingest.Activity{run("s", at(40), 11000)}), "", "", 0},
		{"just over +10%: caution", slices.Concat(base, []ingest.Activity{run("s", at(40), 11000.01)}), KindSessionSpike, Caution, 10.0001},
		{"+30% to +100% is caution", slices.Concat(base, []ingest.Activity{run("s", at(40), 15000)}), KindSessionSpike, Caution, 50},
		{"exactly +100%: caution", slices.Concat(base, []ingest.Activity{run("s", at(40), 20000)}), KindSessionSpike, Caution, 100},
		{"just over +100%: high", slices.Concat(base, []ingest.Activity{run("s", at(40), 20000.01)}), KindSessionSpike, High, 100.0001},
		{"history under 30 days: not evaluated",
			[]ingest.Activity{run("h0", at(11).Add(time.Second), 3000), run("long", at(35), 10000), run("s", at(41), 21000)}, "", "", 0},
		{"history exactly 30 days: evaluated",
			[]ingest.Activity{run("h0", at(11), 3000), run("long", at(35), 10000), run("s", at(41), 21000)}, KindSessionSpike, High, 110},
		{"window start is inclusive",
			[]ingest.Activity{run("h0", at(0), 3000), run("long", at(10), 10000), run("s", at(40), 12000)}, KindSessionSpike, Caution, 20},
		{"just outside the window: compare with the shorter run",
			[]ingest.Activity{run("h0", at(0), 3000), run("long", at(10).Add(-time.Second), 30000), run("mid", at(20), 10000), run("s", at(40), 12000)},
			KindSessionSpike, Caution, 20},
		{"an earlier run the same day counts",
			[]ingest.Activity{run("h0", at(0), 3000), run("am", at(40), 10000), run("s", at(40).Add(8*time.Hour), 12000)}, KindSessionSpike, Caution, 20},
		{"a run without distance is skipped",
			slices.Concat(base, []ingest.Activity{func() ingest.Activity { a := run("s", at(40), 0); a.HasDistance = false; return a }()}), "", "", 0},
		{"a 0 m stub session does not set M",
			[]ingest.Activity{run("h0", at(0), 3000), run("stub", at(20), 0), run("s", at(40), 12000)}, "", "", 0},
		{"duplicates and other sports do not set M",
			slices.Concat(base[:1], []ingest.Activity{
				func() ingest.Activity { a := run("dup", at(35), 30000); a.DuplicateOf = "x"; return a }(),
				func() ingest.Activity { a := run("bike", at(36), 30000); a.Sport = "cycling"; return a }(),
				run("long", at(37), 10000), run("s", at(40), 12000)}), KindSessionSpike, Caution, 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.acts, monCfg(), date(50))
			var got []Flag
			for _, f := range flagsOf(r, KindSessionSpike) {
				if f.ActivityID == "s" {
					got = append(got, f)
				}
			}
			if tc.kind == "" {
				if len(got) != 0 {
					t.Fatalf("unexpected %+v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("flags %+v, want one on s", r.Flags)
			}
			f := got[0]
			if f.Severity != tc.severity || !near(f.Value, tc.value, 1e-9) || f.Threshold != 10 || !f.Week.IsZero() {
				t.Errorf("flag %+v; want %s %g threshold 10, no week", f, tc.severity, tc.value)
			}
			if row := mustRow(t, r, "s"); !f.Date.Equal(row.LocalDate) {
				t.Errorf("flag date %s, want the run's local date %s", f.Date, row.LocalDate)
			}
		})
	}
}

func TestReturnAfterBreak(t *testing.T) {
	tests := []struct {
		name    string
		acts    []ingest.Activity
		want    bool
		wantGap float64
	}{
		{"45 days off", []ingest.Activity{run("h0", at(0), 5000), run("s", at(45), 5000)}, true, 45},
		{"exactly 30 days since the last run: still in the window", []ingest.Activity{run("h0", at(0), 5000), run("s", at(30), 5000)}, false, 0},
		{"30 days and a second", []ingest.Activity{run("h0", at(0), 5000), run("s", at(30).Add(time.Second), 5000)}, true, 30},
		{"first run ever: no history", []ingest.Activity{run("s", at(0), 5000)}, false, 0},
		{"only a run without distance in the window",
			[]ingest.Activity{run("h0", at(0), 5000), func() ingest.Activity { a := run("nd", at(40), 0); a.HasDistance = false; return a }(), run("s", at(45), 5000)},
			true, 45},
		{"a 0 m stub session is not a return", []ingest.Activity{run("h0", at(0), 5000), run("stub", at(40), 0), run("s", at(45), 5000)}, true, 45},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.acts, monCfg(), date(60))
			fs := flagsOf(r, KindReturnAfterBreak)
			if !tc.want {
				if len(fs) != 0 {
					t.Errorf("unexpected %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].ActivityID != "s" || fs[0].Severity != Info || fs[0].Threshold != 30 || !near(fs[0].Value, tc.wantGap, 1e-3) {
				t.Errorf("flags %+v; want one info on s, gap %g", fs, tc.wantGap)
			}
			if len(flagsOf(r, KindSessionSpike)) != 0 {
				t.Errorf("a return run also got a session spike")
			}
		})
	}
}

func TestNextRunLimit(t *testing.T) {
	tests := []struct {
		name string
		acts []ingest.Activity
		asOf time.Time
		want float64
	}{
		{"longest of the 30 days ending on as-of", []ingest.Activity{run("a", at(0), 20000), run("b", at(10), 8000), run("c", at(29), 10000)}, date(29), 22000},
		{"a run 30 days before as-of is out", []ingest.Activity{run("a", at(0), 20000), run("b", at(10), 8000)}, date(30), 8800},
		{"today's run counts", []ingest.Activity{run("a", at(5), 12000)}, date(5), 13200},
		{"none in the window", []ingest.Activity{run("a", at(0), 20000)}, date(40), 0},
		{"runs after as-of ignored", []ingest.Activity{run("a", at(0), 5000), run("b", at(2), 20000)}, date(1), 5500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Analyze(tc.acts, monCfg(), tc.asOf).NextRunLimitM; !near(got, tc.want, 1e-9) {
				t.Errorf("got %g, want %g", got, tc.want)
			}
		})
	}
}
