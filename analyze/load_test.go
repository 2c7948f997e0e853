package analyze

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// TestTRIMPVector is METRICS.md's test vector: female, hr_max 190, hr_rest
// 50, 60 min at 150 bpm → HRr 0.7143, TRIMP 121.5.
func TestTRIMPVector(t *testing.T) {
	got, cov := trimpSamples(hrSamples(time.Hour, time.Second, 150), 190, 50, "female")
	if math.Round(got*10)/10 != 121.5 {
		t.Errorf("TRIMP %.4f, want 121.5", got)
	}
	if cov != time.Hour {
		t.Errorf("covered %v, want 1h", cov)
	}
	// The same by hand: 60 × 0.7143 × 0.86 × e^(1.67 × 0.7143).
	hrr := 100.0 / 140
	if want := 60 * hrr * 0.86 * math.Exp(1.67*hrr); !near(got, want, 1e-9) {
		t.Errorf("TRIMP %.9f, want %.9f", got, want)
	}
}

func TestTRIMP(t *testing.T) {
	// per-minute weights at HRr 0.5 (rest 60, max 180, HR 120).
	male := 0.5 * 0.64 * math.Exp(1.92*0.5)
	female := 0.5 * 0.86 * math.Exp(1.67*0.5)
	s := func(sec float64, hr uint8) ingest.Sample {
		return ingest.Sample{T: time.Duration(sec * float64(time.Second)), HR: hr}
	}
	resumed := func(x ingest.Sample) ingest.Sample { x.Resumed = true; return x }
	tests := []struct {
		name    string
		samples []ingest.Sample
		sex     string
		want    float64 // TRIMP
		wantCov time.Duration
	}{
		{"male when unset", hrSamples(10*time.Minute, time.Second, 120), "", 10 * male, 10 * time.Minute},
		{"male", hrSamples(10*time.Minute, time.Second, 120), "male", 10 * male, 10 * time.Minute},
		{"female", hrSamples(10*time.Minute, time.Second, 120), "Female", 10 * female, 10 * time.Minute},
		{"5 s steps count fully", hrSamples(10*time.Minute, 5*time.Second, 120), "", 10 * male, 10 * time.Minute},
		{"8 s steps are capped at 5 s", []ingest.Sample{s(0, 120), s(8, 120), s(16, 120)}, "", 10.0 / 60 * male, 10 * time.Second},
		{"a 10 s gap still counts 5 s", []ingest.Sample{s(0, 120), s(10, 120)}, "", 5.0 / 60 * male, 5 * time.Second},
		{"a gap over 10 s adds nothing", []ingest.Sample{s(0, 120), s(10.5, 120), s(11.5, 120)}, "", 1.0 / 60 * male, time.Second},
		{"paused time adds nothing", []ingest.Sample{s(0, 120), s(1, 120), resumed(s(3, 120)), s(4, 120)}, "", 2.0 / 60 * male, 2 * time.Second},
		{"a pause on a dropped sample still splits", []ingest.Sample{s(0, 120), resumed(s(1, 0)), s(2, 120), s(3, 120)}, "", 1.0 / 60 * male, time.Second},
		{"samples without HR are skipped, not gaps", []ingest.Sample{s(0, 120), s(1, 0), s(2, 120)}, "", 2.0 / 60 * male, 2 * time.Second},
		{"30 and 230 bpm dropped", []ingest.Sample{s(0, 30), s(1, 230), s(2, 120), s(3, 230), s(4, 120)}, "", 2.0 / 60 * male, 2 * time.Second},
		{"31 and 229 bpm kept, clamped to 0 and 1", []ingest.Sample{s(0, 31), s(1, 229), s(2, 229)}, "",
			1.0/60*0 + 1.0/60*1*0.64*math.Exp(1.92), 2 * time.Second},
		{"the last sample adds nothing", []ingest.Sample{s(0, 120)}, "", 0, 0},
		{"no samples", nil, "", 0, 0},
		{"no heart rate at all", []ingest.Sample{s(0, 0), s(1, 0)}, "", 0, 0},
		{"out-of-order samples add nothing", []ingest.Sample{s(5, 120), s(4, 120)}, "", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, cov := trimpSamples(tc.samples, 180, 60, tc.sex)
			if !near(got, tc.want, 1e-9) || cov != tc.wantCov {
				t.Errorf("got %.9f over %v, want %.9f over %v", got, cov, tc.want, tc.wantCov)
			}
		})
	}
	if got, cov := trimpSamples(hrSamples(time.Minute, time.Second, 150), 60, 60, ""); got != 0 || cov != 0 {
		t.Errorf("hr_max = hr_rest: got %g, %v", got, cov)
	}
}

func TestPeakMedianHR(t *testing.T) {
	steady := hrSamples(time.Minute, time.Second, 150)
	spike := hrSamples(time.Minute, time.Second, 150)
	spike[30].HR = 220
	two := hrSamples(time.Minute, time.Second, 150)
	for i := 20; i < 25; i++ {
		two[i].HR = 190 // 5 s of 190: half of a 10 s window at most
	}
	six := hrSamples(time.Minute, time.Second, 150)
	for i := 20; i < 26; i++ {
		six[i].HR = 190
	}
	tests := []struct {
		name    string
		samples []ingest.Sample
		want    float64
	}{
		{"steady", steady, 150},
		{"a one-sample spike is ignored", spike, 150},
		{"5 of 10 samples high: mean of the middle two", two, 170},
		{"6 of 10 samples high", six, 190},
		{"no heart rate", hrSamples(time.Minute, time.Second, 0), 0},
		{"invalid high values dropped", hrSamples(time.Minute, time.Second, 240), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := peakMedianHR(tc.samples); got != tc.want {
				t.Errorf("got %g, want %g", got, tc.want)
			}
		})
	}
}

func TestHRMax(t *testing.T) {
	hot := func(id string, start time.Time, hr uint8) ingest.Activity {
		a := run(id, start, 5000)
		a.Samples = hrSamples(time.Minute, time.Second, hr)
		a.Summarize()
		return a
	}
	bike := hot("bike", at(-10), 185)
	bike.Sport = "cycling"
	tests := []struct {
		name     string
		cfg      Config
		acts     []ingest.Activity
		asOf     time.Time
		want     int
		wantEst  bool
		wantRest int
	}{
		{"configured wins", Config{HRMax: 200, HRRest: 45}, []ingest.Activity{hot("a", at(0), 180)}, date(1), 200, false, 45},
		{"estimated from the data", Config{}, []ingest.Activity{hot("a", at(0), 180), hot("b", at(1), 176)}, date(1), 180, true, 60},
		{"any sport counts", Config{}, []ingest.Activity{hot("a", at(0), 180), bike}, date(1), 185, true, 60},
		{"364 days back is inside", Config{}, []ingest.Activity{hot("old", at(-364), 195), hot("a", at(0), 180)}, date(0), 195, true, 60},
		{"365 days back is outside", Config{}, []ingest.Activity{hot("old", at(-365), 195), hot("a", at(0), 180)}, date(0), 180, true, 60},
		{"after as-of is outside", Config{}, []ingest.Activity{hot("a", at(0), 180), hot("late", at(2), 199)}, date(1), 180, true, 60},
		{"no heart rate: unknown", Config{}, []ingest.Activity{run("a", at(0), 5000)}, date(1), 0, false, 60},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.acts, tc.cfg, tc.asOf)
			if r.HRMax != tc.want || r.HRMaxEstimated != tc.wantEst || r.HRRest != tc.wantRest {
				t.Errorf("hr_max %d (estimated %v), hr_rest %d; want %d (%v), %d", r.HRMax, r.HRMaxEstimated, r.HRRest, tc.want, tc.wantEst, tc.wantRest)
			}
		})
	}
}

// TestLoadFollowsConfig checks that loads come from the samples on every
// call, so a new hr_max or hr_rest changes them.
func TestLoadFollowsConfig(t *testing.T) {
	a := run("a", at(0), 10000)
	a.Samples = hrSamples(time.Hour, time.Second, 150)
	a.Summarize()
	acts := []ingest.Activity{a}
	want := func(max, rest int) float64 { v, _ := TRIMP(a.HR, max, rest, ""); return v }
	tests := []struct {
		name      string
		max, rest int
	}{
		{"190/50", 190, 50},
		{"180/50", 180, 50},
		{"190/60", 190, 60},
	}
	seen := map[float64]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(acts, Config{HRMax: tc.max, HRRest: tc.rest}, date(1))
			row := mustRow(t, r, "a")
			if row.Load == nil || *row.Load != want(tc.max, tc.rest) || row.LoadImputed {
				t.Fatalf("load %s, want %g measured", fmtPtr(row.Load), want(tc.max, tc.rest))
			}
			if r.Weeks[0].Load != *row.Load {
				t.Errorf("week load %g, want %g", r.Weeks[0].Load, *row.Load)
			}
			seen[*row.Load] = true
		})
	}
	if len(seen) != len(tests) {
		t.Errorf("loads did not change with the config: %v", seen)
	}
}

// TestImputation checks the 70% rule: the run on day 28 has no heart rate
// and the runs before it do or don't.
func TestImputation(t *testing.T) {
	hr := func(id string, d int, bpm uint8, mins int) ingest.Activity {
		a := run(id, at(d), 5000)
		a.Elapsed = time.Duration(mins) * time.Minute
		a.Samples = hrSamples(a.Elapsed, time.Second, bpm)
		a.Summarize()
		return a
	}
	bare := func(id string, d int) ingest.Activity {
		a := run(id, at(d), 5000)
		a.Elapsed = 30 * time.Minute
		return a
	}
	shift := func(a ingest.Activity, d time.Duration) ingest.Activity { a.Start = a.Start.Add(d); return a }
	target := run("target", at(28), 8000)
	target.Elapsed, target.Moving = 50*time.Minute, 40*time.Minute // 40 minutes count
	cfg := Config{HRMax: 180, HRRest: 60}
	per := func(bpm uint8) float64 {
		v, _ := trimpSamples(hrSamples(time.Hour, time.Second, bpm), 180, 60, "")
		return v / 60
	}
	tests := []struct {
		name    string
		before  []ingest.Activity
		wantImp bool
		want    float64 // load of target when imputed
	}{
		{"7 of 10 with heart rate: imputed (70%)", []ingest.Activity{
			hr("h1", 1, 120, 30), hr("h2", 3, 130, 30), hr("h3", 5, 140, 30), hr("h4", 7, 150, 30),
			hr("h5", 9, 160, 30), hr("h6", 11, 170, 30), hr("h7", 13, 110, 30),
			bare("n1", 15), bare("n2", 17), bare("n3", 19)}, true, 40 * per(140)},
		{"6 of 10 with heart rate: none (60%)", []ingest.Activity{
			hr("h1", 1, 120, 30), hr("h2", 3, 130, 30), hr("h3", 5, 140, 30), hr("h4", 7, 150, 30),
			hr("h5", 9, 160, 30), hr("h6", 11, 170, 30),
			bare("n1", 13), bare("n2", 15), bare("n3", 17), bare("n4", 19)}, false, 0},
		{"2 of 3: none (66.7%)", []ingest.Activity{hr("h1", 1, 120, 30), hr("h2", 3, 130, 30), bare("n1", 5)}, false, 0},
		{"even count: mean of the middle two", []ingest.Activity{hr("h1", 1, 120, 30), hr("h2", 3, 130, 30)}, true, 40 * (per(120) + per(130)) / 2},
		{"durations differ: per minute", []ingest.Activity{hr("h1", 1, 140, 10), hr("h2", 3, 140, 90), hr("h3", 5, 100, 20)}, true, 40 * per(140)},
		{"exactly 28 days before is inside", []ingest.Activity{hr("h1", 0, 140, 30)}, true, 40 * per(140)},
		{"more than 28 days before is outside", []ingest.Activity{shift(hr("h1", 0, 140, 30), -time.Minute)}, false, 0},
		{"no runs before: none", nil, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(slices.Concat(tc.before, []ingest.Activity{target}), cfg, date(30))
			row := mustRow(t, r, "target")
			if row.LoadImputed != tc.wantImp {
				t.Fatalf("imputed %v, want %v (load %s)", row.LoadImputed, tc.wantImp, fmtPtr(row.Load))
			}
			if !tc.wantImp {
				if row.Load != nil {
					t.Errorf("load %g, want nil", *row.Load)
				}
				return
			}
			if row.Load == nil || !near(*row.Load, tc.want, 1e-9) {
				t.Errorf("load %s, want %g", fmtPtr(row.Load), tc.want)
			}
		})
	}
}

func TestImputationWindowIsBeforeTheRun(t *testing.T) {
	// A run with heart rate later the same day does not help the earlier one.
	cfg := Config{HRMax: 180, HRRest: 60}
	early := run("early", at(0), 5000)
	later := run("later", at(0).Add(5*time.Hour), 5000)
	later.Samples = hrSamples(time.Hour, time.Second, 150)
	later.Summarize()
	r := Analyze([]ingest.Activity{early, later}, cfg, date(0))
	if row := mustRow(t, r, "early"); row.Load != nil {
		t.Errorf("early run got load %g", *row.Load)
	}
	// Uncounted activities are neither imputed nor count toward the 70%.
	bike := run("bike", at(0), 20000)
	bike.Sport = "cycling"
	r = Analyze([]ingest.Activity{bike, later, run("next", at(1), 5000)}, cfg, date(1))
	if row := mustRow(t, r, "bike"); row.Load != nil {
		t.Errorf("bike without HR got load %g", *row.Load)
	}
	if row := mustRow(t, r, "next"); !row.LoadImputed {
		t.Errorf("next run not imputed from the one run with HR before it")
	}
}
