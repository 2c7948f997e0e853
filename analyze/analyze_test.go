package analyze

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// TestSeasonByHand runs a four-week season whose weeks and flags are worked
// out by hand below, not taken from the program.
func TestSeasonByHand(t *testing.T) {
	acts := []ingest.Activity{
		// Week 1 (2026-03-02): Mon 8, Wed 8, Sat 16 km = 32 km.
		run("w1a", at(0), 8000), run("w1b", at(2), 8000), run("w1c", at(5), 16000),
		// Week 2 (2026-03-09): Mon 8, Wed 10, Sat 20 km = 38 km: +18.75% (+6 km).
		run("w2a", at(7), 8000), run("w2b", at(9), 10000), run("w2c", at(12), 20000),
		// Week 3: nothing, except a ride.
		func() ingest.Activity { a := run("ride", at(15), 40000); a.Sport = "cycling"; return a }(),
		// Week 4 (2026-03-23), current on Wednesday the 25th: Tue 10 km.
		run("w4a", at(22), 10000),
		// After as-of: listed, not counted.
		run("later", at(24), 30000),
	}
	cfg := Config{WeekStart: time.Monday, Units: "km",
		Shoes: []Shoe{{Name: "A", From: date(0), StartDistanceM: 470000}}}
	r := Analyze(acts, cfg, date(23).Add(15*time.Hour))

	if !r.AsOf.Equal(date(23)) {
		t.Errorf("as-of %s, want the date only", r.AsOf)
	}
	type wk struct {
		dist     float64
		runs     int
		rest     int
		complete bool
		change   *float64
		monotony *float64 // 3 decimals
	}
	// Monotony: mean/population SD of [8,0,8,0,0,16,0] = 0.784 and of
	// [8,0,10,0,0,20,0] = 0.759 (Python statistics); week 3 ran nothing.
	want := []wk{
		{32000, 3, 4, true, nil, ptr(0.784)},
		{38000, 3, 4, true, ptr(18.75), ptr(0.759)},
		{0, 0, 7, true, ptr(-100), nil},
		{10000, 1, 6, false, nil, nil},
	}
	if len(r.Weeks) != len(want) {
		t.Fatalf("%d weeks, want %d", len(r.Weeks), len(want))
	}
	for i, w := range r.Weeks {
		e := want[i]
		var m *float64
		if w.Monotony != nil {
			m = ptr(math.Round(*w.Monotony*1000) / 1000)
		}
		if w.DistanceM != e.dist || w.Runs != e.runs || w.RestDays != e.rest || w.Complete != e.complete ||
			!eqPtr(w.DistanceChangePct, e.change, 1e-9) || !eqPtr(m, e.monotony, 0) || w.ACWR != nil || !w.Start.Equal(date(7*i)) {
			t.Errorf("week %d: %+v (change %s, monotony %s); want %+v", i, w, fmtPtr(w.DistanceChangePct), fmtPtr(m), e)
		}
	}
	// Flags, by date: the shoe passes 300 mi (482.8 km) on day 2
	// (470 + 8 + 8 = 486 km), week 2 is 18.75% up, week 4 is a restart.
	type fl struct {
		kind  Kind
		sev   Severity
		date  time.Time
		value float64
	}
	wantFlags := []fl{
		{KindShoeWorn, Info, date(2), 470000 + 32000 + 38000 + 10000},
		{KindWeeklyDistanceSpike, Caution, date(7), 18.75},
		{KindRestart, Info, date(21), 10000},
	}
	var got []fl
	for _, f := range r.Flags {
		got = append(got, fl{f.Kind, f.Severity, f.Date, f.Value})
	}
	if !reflect.DeepEqual(got, wantFlags) {
		t.Errorf("flags\n%+v\nwant\n%+v", got, wantFlags)
	}
	if c := r.Current; c == nil || c.HasLimit || c.DistanceM != 10000 || !c.Start.Equal(date(21)) {
		t.Errorf("current %+v", c)
	}
	// The longest run of days −6 … 23 is 20 km.
	if r.NextRunLimitM != 22000 {
		t.Errorf("next run limit %g, want 22000", r.NextRunLimitM)
	}
	s := r.Shoes[0]
	if s.Runs != 7 || s.DistanceM != 550000 || s.Status != ShoeWorn || !s.LastRun.Equal(date(22)) {
		t.Errorf("shoe %+v", s)
	}
	if row := mustRow(t, r, "later"); row.Counted || row.Shoe != "" {
		t.Errorf("run after as-of: %+v", row)
	}
	if row := mustRow(t, r, "ride"); row.Counted || row.Shoe != "" {
		t.Errorf("ride: %+v", row)
	}
	if r.HRMax != 0 || r.HRMaxEstimated || r.HRRest != 60 {
		t.Errorf("hr %d %v %d", r.HRMax, r.HRMaxEstimated, r.HRRest)
	}
}

func TestProblems(t *testing.T) {
	a := run("a", at(0), 5000)
	a.Warnings = []string{"untyped track assumed running", "2 GPS jumps dropped"}
	nd := run("nd", at(1), 0)
	nd.HasDistance = false
	nd.Source = "indoor/nd.fit"
	late := run("late", at(9), 5000)
	r := Analyze([]ingest.Activity{late, nd, a}, monCfg(), date(3))
	want := []Problem{
		{Source: "runs/a.fit", Kind: "warning", Message: "untyped track assumed running"},
		{Source: "runs/a.fit", Kind: "warning", Message: "2 GPS jumps dropped"},
	}
	if !reflect.DeepEqual(r.Problems[:2], want) {
		t.Errorf("first problems %+v, want the activity's warnings in order", r.Problems[:2])
	}
	var msgs []string
	for _, p := range r.Problems[2:] {
		msgs = append(msgs, p.Source+": "+p.Message)
	}
	if len(msgs) != 3 || !containsAll(msgs[0], "indoor/nd.fit", "no distance") ||
		!containsAll(msgs[1], "no heart rate", "hr_max") || !containsAll(msgs[2], "1 activities after the as-of date 2026-03-05") {
		t.Errorf("problems %q", msgs)
	}
}

func TestInputNotModified(t *testing.T) {
	acts, cfg, asOf := season(7)
	before := cloneActs(acts)
	Analyze(acts, cfg, asOf)
	if !reflect.DeepEqual(acts, before) {
		t.Error("Analyze modified its input")
	}
}

func TestEmpty(t *testing.T) {
	r := Analyze(nil, Config{}, date(0))
	if len(r.Weeks) != 0 || r.Current != nil || len(r.Flags) != 0 || len(r.Activities) != 0 || r.NextRunLimitM != 0 {
		t.Errorf("empty input gave %+v", r)
	}
	if !r.AsOf.Equal(date(0)) || r.HRRest != 60 {
		t.Errorf("as-of %s, hr_rest %d", r.AsOf, r.HRRest)
	}
}

// season makes a random but reproducible season: several sports, offsets
// on both sides of UTC, double days, heart rate on some runs, duplicates,
// sessions without distance, gear, globbed sources and shoes.
func season(seed uint64) ([]ingest.Activity, Config, time.Time) {
	rng := rand.New(rand.NewPCG(seed, 42))
	offsets := []float64{-5, -4, 0, 1, 5.5, 9.5, 13}
	sports := []ingest.Sport{"running", "running", "running", "trail_running", "treadmill_running", "cycling", "walking"}
	var acts []ingest.Activity
	n := 0
	for d := range 150 {
		runsToday := 0
		switch x := rng.Float64(); {
		case x < 0.35:
		case x < 0.9:
			runsToday = 1
		default:
			runsToday = 2
		}
		if d >= 60 && d < 95 && seed%2 == 0 {
			runsToday = 0 // a long break
		}
		for range runsToday {
			n++
			off := offsets[rng.IntN(len(offsets))]
			local := mon.AddDate(0, 0, d).Add(time.Duration(rng.IntN(24*60)) * time.Minute)
			a := run(fmt.Sprintf("s%04d", n), local.Add(-time.Duration(off*float64(time.Hour))), 2000+rng.Float64()*25000)
			a.UTCOffset = int32(off * 3600)
			a.Sport = sports[rng.IntN(len(sports))]
			if a.Sport == "trail_running" {
				a.Source = "trail/" + a.ID + ".gpx"
			}
			a.Elapsed = time.Duration(20+rng.IntN(100)) * time.Minute
			if rng.IntN(3) > 0 {
				a.Moving = a.Elapsed - time.Duration(rng.IntN(5))*time.Minute
			}
			if rng.IntN(10) < 7 {
				step := time.Duration(1+rng.IntN(4)) * time.Second
				hr := uint8(120 + rng.IntN(60))
				for t := time.Duration(0); t <= a.Elapsed; t += step {
					if rng.IntN(50) == 0 {
						hr = uint8(120 + rng.IntN(60))
					}
					a.Samples = append(a.Samples, ingest.Sample{T: t, HR: hr, Resumed: rng.IntN(500) == 0})
				}
			}
			a.Summarize()
			switch rng.IntN(30) {
			case 0:
				a.HasDistance, a.DistanceM = false, 0
			case 1:
				a.DuplicateOf = "s0001"
			case 2:
				a.Gear = "Racer"
			case 3:
				a.Warnings = []string{"clock jump"}
			}
			acts = append(acts, a)
		}
	}
	cfg := Config{WeekStart: time.Monday, HRRest: 50, Sex: "female", Units: "km",
		Shoes: []Shoe{
			{Name: "Daily", From: date(0), To: date(100)},
			{Name: "Daily 2", From: date(90), StartDistanceM: 400000},
			{Name: "Trail", From: date(0), Match: []string{"trail/**"}},
			{Name: "Racer", WarnAtM: 100000, ReplaceAtM: 200000},
			{Name: "Spare", From: date(500)},
		}}
	if seed%3 == 0 {
		cfg.WeekStart = time.Sunday
	}
	return acts, cfg, date(120 + int(seed%20))
}

func cloneActs(acts []ingest.Activity) []ingest.Activity {
	out := slices.Clone(acts)
	for i := range out {
		out[i].Warnings = slices.Clone(out[i].Warnings)
	}
	return out
}

// TestPropertyWeeksSumToCounted: the weeks' distances add up to the counted
// total, and their runs to the counted runs.
func TestPropertyWeeksSumToCounted(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			acts, cfg, asOf := season(seed)
			r := Analyze(acts, cfg, asOf)
			byID := map[string]ingest.Activity{}
			for _, a := range acts {
				byID[a.ID] = a
			}
			var total, weeks float64
			var runs, weekRuns int
			for _, row := range r.Activities {
				if row.Counted {
					runs++
					if byID[row.ID].HasDistance {
						total += row.DistanceM
					}
				}
			}
			for i, w := range r.Weeks {
				weeks += w.DistanceM
				weekRuns += w.Runs
				if i > 0 && !w.Start.Equal(r.Weeks[i-1].Start.AddDate(0, 0, 7)) {
					t.Errorf("gap before week %s", w.Start)
				}
			}
			if !near(total, weeks, 1e-6) || runs != weekRuns {
				t.Errorf("weeks sum to %f m in %d runs, counted %f m in %d runs", weeks, weekRuns, total, runs)
			}
			if last := r.Weeks[len(r.Weeks)-1]; last.Complete || !last.Start.Equal(weekStart(dayOf(asOf), cfg.WeekStart).time()) {
				t.Errorf("last week %+v is not the as-of week", last)
			}
		})
	}
}

// TestPropertyOrderDoesNotMatter: shuffled input gives an identical Result.
func TestPropertyOrderDoesNotMatter(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			acts, cfg, asOf := season(seed)
			want := Analyze(acts, cfg, asOf)
			rng := rand.New(rand.NewPCG(seed, 7))
			for range 3 {
				shuffled := cloneActs(acts)
				rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
				if got := Analyze(shuffled, cfg, asOf); !reflect.DeepEqual(got, want) {
					t.Fatal("shuffled input changed the result")
				}
			}
		})
	}
}

var dateRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// shiftResult moves every date and instant of r by days.
func shiftResult(r *Result, days int) *Result {
	tm := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.AddDate(0, 0, days)
		}
	}
	msg := func(s string) string {
		return dateRE.ReplaceAllStringFunc(s, func(d string) string {
			t, _ := time.Parse(time.DateOnly, d)
			return t.AddDate(0, 0, days).Format(time.DateOnly)
		})
	}
	out := *r
	tm(&out.AsOf)
	out.Activities = slices.Clone(r.Activities)
	for i := range out.Activities {
		a := &out.Activities[i]
		tm(&a.Start)
		tm(&a.LocalDate)
		tm(&a.WeekStart)
	}
	out.Weeks = slices.Clone(r.Weeks)
	for i := range out.Weeks {
		tm(&out.Weeks[i].Start)
	}
	out.Shoes = slices.Clone(r.Shoes)
	for i := range out.Shoes {
		s := &out.Shoes[i]
		tm(&s.FirstRun)
		tm(&s.LastRun)
		tm(&s.ReplaceBy)
	}
	out.Flags = slices.Clone(r.Flags)
	for i := range out.Flags {
		f := &out.Flags[i]
		tm(&f.Week)
		tm(&f.Date)
	}
	if r.Current != nil {
		c := *r.Current
		tm(&c.Start)
		out.Current = &c
	}
	out.Problems = slices.Clone(r.Problems)
	for i := range out.Problems {
		out.Problems[i].Message = msg(out.Problems[i].Message)
	}
	return &out
}

// TestPropertyShiftByWeeks: moving every activity, the shoes' dates and the
// as-of date by whole weeks moves the dates of the result and changes
// nothing else.
func TestPropertyShiftByWeeks(t *testing.T) {
	for seed := range uint64(6) {
		for _, weeks := range []int{1, -3, 52, 521} {
			t.Run(fmt.Sprintf("seed %d by %d weeks", seed, weeks), func(t *testing.T) {
				acts, cfg, asOf := season(seed)
				want := shiftResult(Analyze(acts, cfg, asOf), 7*weeks)
				moved := cloneActs(acts)
				for i := range moved {
					moved[i].Start = moved[i].Start.AddDate(0, 0, 7*weeks)
				}
				shoes := slices.Clone(cfg.Shoes)
				for i := range shoes {
					for _, p := range []*time.Time{&shoes[i].From, &shoes[i].To} {
						if !p.IsZero() {
							*p = p.AddDate(0, 0, 7*weeks)
						}
					}
				}
				cfg.Shoes = shoes
				got := Analyze(moved, cfg, asOf.AddDate(0, 0, 7*weeks))
				if !reflect.DeepEqual(got, want) {
					diffResults(t, got, want)
				}
			})
		}
	}
}

// diffResults reports the first differences between two results.
func diffResults(t *testing.T, got, want *Result) {
	t.Helper()
	gv, wv := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("field %s differs", gv.Type().Field(i).Name)
		}
	}
	for i := range min(len(got.Flags), len(want.Flags)) {
		if !reflect.DeepEqual(got.Flags[i], want.Flags[i]) {
			t.Errorf("flag %d:\n got %+v\nwant %+v", i, got.Flags[i], want.Flags[i])
			break
		}
	}
}

// BenchmarkAnalyze measures five years of daily one-hour runs with 1 Hz
// heart rate (about 6.6 million samples).
func BenchmarkAnalyze(b *testing.B) {
	var acts []ingest.Activity
	for d := range 5 * 365 {
		a := run(fmt.Sprintf("b%04d", d), at(d), 10000)
		a.Samples = hrSamples(time.Hour, time.Second, uint8(130+d%40))
		a.Summarize()
		acts = append(acts, a)
	}
	cfg := Config{WeekStart: time.Monday, Shoes: []Shoe{{Name: "S", From: date(0)}}}
	b.ReportAllocs()
	for b.Loop() {
		Analyze(acts, cfg, date(5*365))
	}
}
