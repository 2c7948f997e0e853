package analyze

import (
	"math"
	"slices"
	"testing"
	"time"
)

// refACWR computes the bias-corrected EWMA ratio on day n (1-based) from its
// closed form, a_n = λ Σ x_i (1−λ)^(n−i), independently of the recursion.
func refACWR(x []float64, n int) (ratio, chronic float64) {
	ewma := func(lambda float64) float64 {
		var s float64
		for i := 1; i <= n; i++ {
			s += lambda * x[i-1] * math.Pow(1-lambda, float64(n-i))
		}
		return s / (1 - math.Pow(1-lambda, float64(n)))
	}
	a, c := ewma(0.25), ewma(2.0/29)
	return a / c, c
}

// TestACWRVector is METRICS.md's vector: 8 km every day from day 1 gives
// 1.000 on every day from day 28, and nothing before.
func TestACWRVector(t *testing.T) {
	x := make([]float64, 120)
	for i := range x {
		x[i] = 8000
	}
	got := acwrSeries(x)
	for i, v := range got {
		n := i + 1
		if n < 28 {
			if !math.IsNaN(v) {
				t.Errorf("day %d: %g before 28 days of history", n, v)
			}
			continue
		}
		if math.Round(v*1000)/1000 != 1 || !near(v, 1, 1e-12) {
			t.Errorf("day %d: %.15f, want 1.000", n, v)
		}
	}
}

func TestACWRSeries(t *testing.T) {
	step := make([]float64, 35)
	for i := range step {
		step[i] = 5000
		if i >= 28 {
			step[i] = 15000
		}
	}
	alt := make([]float64, 60)
	for i := range alt {
		if i%2 == 0 {
			alt[i] = 10000
		}
	}
	gapStart := make([]float64, 40) // one run, then 30 days off, then daily 6 km
	gapStart[0] = 20000
	for i := 31; i < 40; i++ {
		gapStart[i] = 6000
	}
	tests := []struct {
		name string
		x    []float64
	}{
		{"a step up after four weeks", step},
		{"every other day", alt},
		{"a long gap", gapStart},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := acwrSeries(tc.x)
			for i, v := range got {
				n := i + 1
				want, chronic := refACWR(tc.x, n)
				if n < 28 || chronic < 100 {
					if !math.IsNaN(v) {
						t.Errorf("day %d: %g, want none (chronic %g)", n, v, chronic)
					}
					continue
				}
				if !near(v, want, 1e-9) {
					t.Errorf("day %d: %.12f, want %.12f", n, v, want)
				}
			}
		})
	}
}

func TestACWRChronicFloor(t *testing.T) {
	tests := []struct {
		name   string
		perDay float64
		want   bool
	}{
		{"99 m a day: not reported", 99, false},
		{"101 m a day: reported", 101, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := make([]float64, 30)
			for i := range x {
				x[i] = tc.perDay
			}
			v := acwrSeries(x)[29]
			if got := !math.IsNaN(v); got != tc.want {
				t.Errorf("reported %v (%g), want %v", got, v, tc.want)
			}
		})
	}
}

// TestWeeklyACWR checks that a week's ACWR is the value on its last day, or
// on as-of for the current week, and that acwr_high needs ≥ 1.5.
func TestWeeklyACWR(t *testing.T) {
	// History from Monday day 0: 5 km a day for 28 days, then 20 km a day.
	acts := slices.Concat(daily(0, 28, 5000), daily(28, 38, 20000))
	x := make([]float64, 38)
	for i := range x {
		x[i] = 5000
		if i >= 28 {
			x[i] = 20000
		}
	}
	r := Analyze(acts, monCfg(), date(37)) // a Wednesday
	if len(r.Weeks) != 6 {
		t.Fatalf("%d weeks", len(r.Weeks))
	}
	tests := []struct {
		week int
		day  int // 1-based day whose value the week shows; 0 for none
	}{
		{0, 0}, {1, 0}, {2, 0}, // days 7, 14, 21
		{3, 28},
		{4, 35},
		{5, 38}, // as-of
	}
	for _, tc := range tests {
		w := r.Weeks[tc.week]
		if tc.day == 0 {
			if w.ACWR != nil {
				t.Errorf("week %d: ACWR %g before 28 days", tc.week, *w.ACWR)
			}
			continue
		}
		want, _ := refACWR(x, tc.day)
		if w.ACWR == nil || !near(*w.ACWR, want, 1e-9) {
			t.Errorf("week %d: ACWR %s, want %g (day %d)", tc.week, fmtPtr(w.ACWR), want, tc.day)
		}
	}
	var highWeeks []time.Time
	for _, f := range flagsOf(r, KindACWRHigh) {
		if f.Severity != Caution || f.Threshold != 1.5 || f.Value < 1.5 {
			t.Errorf("flag %+v", f)
		}
		highWeeks = append(highWeeks, f.Week)
	}
	for i, w := range r.Weeks {
		flagged := false
		for _, h := range highWeeks {
			flagged = flagged || h.Equal(w.Start)
		}
		if want := w.ACWR != nil && *w.ACWR >= 1.5; flagged != want {
			t.Errorf("week %d (ACWR %s): flagged %v, want %v", i, fmtPtr(w.ACWR), flagged, want)
		}
	}
	if len(highWeeks) == 0 {
		t.Errorf("quadrupled daily distance raised no acwr_high (weeks %v)", weekACWRs(r))
	}
}

func weekACWRs(r *Result) []string {
	var out []string
	for _, w := range r.Weeks {
		out = append(out, fmtPtr(w.ACWR))
	}
	return out
}
