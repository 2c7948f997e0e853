package analyze

import (
	"math"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// TestMonotonyVectors holds METRICS.md's vectors (km; the unit cancels).
func TestMonotonyVectors(t *testing.T) {
	tests := []struct {
		name   string
		daily  [7]float64
		want   float64 // rounded to 3 decimals
		wantOK bool
	}{
		{"six days of 10", [7]float64{10, 10, 10, 10, 10, 10, 0}, 2.449, true},
		{"five days of 10", [7]float64{10, 10, 10, 10, 10, 0, 0}, 1.581, true},
		{"three days of 10", [7]float64{10, 0, 10, 0, 10, 0, 0}, 0.866, true},
		{"identical every day: SD 0 gives 10", [7]float64{8046.72, 8046.72, 8046.72, 8046.72, 8046.72, 8046.72, 8046.72}, 10, true},
		{"nearly identical: capped at 10", [7]float64{10, 10, 10, 10, 10, 10, 10.001}, 10, true},
		{"no running: none", [7]float64{}, 0, false},
		{"one day", [7]float64{0, 0, 0, 21000, 0, 0, 0}, 0.408, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Monotony(tc.daily)
			if ok != tc.wantOK || math.Round(got*1000)/1000 != tc.want {
				t.Errorf("got %.4f, %v; want %.3f, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestRestDays(t *testing.T) {
	tests := []struct {
		name  string
		daily [7]float64
		want  int
	}{
		{"all rest", [7]float64{}, 7},
		{"every day", [7]float64{1, 1, 1, 1, 1, 1, 1}, 0},
		{"three days", [7]float64{5, 0, 5, 0, 5, 0, 0}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := restDays(tc.daily); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

// TestRestFlags checks no_rest_day and monotony_high: complete weeks only.
func TestRestFlags(t *testing.T) {
	sixDays := []ingest.Activity{}
	for d := range 6 {
		sixDays = append(sixDays, run(string(rune('a'+d)), at(d), 10000))
	}
	seven := daily(0, 7, 10000)
	varied := []ingest.Activity{}
	for d, m := range []float64{5000, 12000, 3000, 8000, 20000, 4000, 6000} {
		varied = append(varied, run(string(rune('a'+d)), at(d), m))
	}
	tests := []struct {
		name         string
		acts         []ingest.Activity
		asOf         time.Time
		wantNoRest   bool
		wantMonotony bool
		wantM        *float64 // week 1 monotony, 3 decimals
	}{
		{"seven equal days", seven, date(7), true, true, ptr(10)},
		{"six equal days", sixDays, date(7), false, true, ptr(2.449)},
		{"seven varied days: no rest, not monotonous", varied, date(7), true, false, ptr(1.501)}, // mean/pstdev by Python statistics,
		{"current week: nothing yet", seven, date(6), false, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.acts, monCfg(), tc.asOf)
			nr, mh := flagsOf(r, KindNoRestDay), flagsOf(r, KindMonotonyHigh)
			if (len(nr) == 1) != tc.wantNoRest || len(nr) > 1 {
				t.Errorf("no_rest_day %+v, want %v", nr, tc.wantNoRest)
			}
			if (len(mh) == 1) != tc.wantMonotony || len(mh) > 1 {
				t.Errorf("monotony_high %+v, want %v", mh, tc.wantMonotony)
			}
			for _, f := range nr {
				if f.Value != 0 || f.Threshold != 1 || f.Severity != Caution || !f.Week.Equal(date(0)) {
					t.Errorf("no_rest_day %+v", f)
				}
			}
			for _, f := range mh {
				if f.Threshold != 2 || f.Severity != Caution || f.Value != *r.Weeks[0].Monotony {
					t.Errorf("monotony_high %+v", f)
				}
			}
			got := r.Weeks[0].Monotony
			if got != nil {
				v := math.Round(*got*1000) / 1000
				got = &v
			}
			if !eqPtr(got, tc.wantM, 0) {
				t.Errorf("monotony %s, want %s", fmtPtr(got), fmtPtr(tc.wantM))
			}
		})
	}
}
