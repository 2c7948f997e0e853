package analyze

import (
	"slices"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

func TestWeekStart(t *testing.T) {
	tests := []struct {
		name string
		d    time.Time
		ws   time.Weekday
		want time.Time
	}{
		{"monday is its own start", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Monday, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{"sunday ends a monday week", time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), time.Monday, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{"sunday starts a sunday week", time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), time.Sunday, time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)},
		{"saturday in a sunday week", time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC), time.Sunday, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"across a year end", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Monday, time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC)},
		{"before 1970", time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.Monday, time.Date(1969, 12, 29, 0, 0, 0, 0, time.UTC)},
		{"leap day", time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), time.Monday, time.Date(2028, 2, 28, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := weekStart(dayOf(tc.d), tc.ws).time(); !got.Equal(tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestDayOfUsesOwnLocation(t *testing.T) {
	// 23:00 on 5 March in UTC−5 is 6 March in UTC: the date is the 5th.
	tz := time.FixedZone("EST", -5*3600)
	if got, want := dayOf(time.Date(2026, 3, 5, 23, 0, 0, 0, tz)).time(), time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
}

// withOffset sets the UTC offset of an activity, in hours.
func withOffset(a ingest.Activity, hours float64) ingest.Activity {
	a.UTCOffset = int32(hours * 3600)
	return a
}

func TestWeeks(t *testing.T) {
	sunWeek := monCfg()
	sunWeek.WeekStart = time.Sunday
	cycling := run("bike", at(1), 30000)
	cycling.Sport = "cycling"
	dup := run("dup", at(1), 5000)
	dup.DuplicateOf = "a"
	walk := run("walk", at(2), 3000)
	walk.Sport = "walking"
	treadmill := run("tm", at(2), 6000)
	treadmill.Sport, treadmill.HasPosition = "treadmill_running", false
	nodist := run("nodist", at(3), 0)
	nodist.HasDistance = false
	moving := run("mv", at(1), 5000)
	moving.Moving = 50 * time.Minute

	tests := []struct {
		name         string
		cfg          Config
		runs         []ingest.Activity
		asOf         time.Time
		wantStarts   []time.Time
		wantDist     []float64
		wantRuns     []int
		wantComplete []bool
		wantDays     []int
		wantRest     []int
	}{
		{"two runs same week", monCfg(), []ingest.Activity{run("a", at(0), 5000), run("b", at(2), 8000)}, date(13),
			[]time.Time{date(0), date(7)}, []float64{13000, 0}, []int{2, 0}, []bool{true, false}, []int{7, 7}, []int{5, 7}},
		{"two runs on one day", monCfg(), []ingest.Activity{run("a", at(0), 5000), run("b", at(0).Add(9*time.Hour), 8000)}, date(6),
			[]time.Time{date(0)}, []float64{13000}, []int{2}, []bool{false}, []int{7}, []int{6}},
		{"first week only, as-of mid-week", monCfg(), []ingest.Activity{run("a", at(1), 5000)}, date(3),
			[]time.Time{date(0)}, []float64{5000}, []int{1}, []bool{false}, []int{4}, []int{6}},
		{"zero week in the middle stays", monCfg(), []ingest.Activity{run("a", at(0), 5000), run("b", at(14), 8000)}, date(15),
			[]time.Time{date(0), date(7), date(14)}, []float64{5000, 0, 8000}, []int{1, 0, 1}, []bool{true, true, false}, []int{7, 7, 2}, []int{6, 7, 6}},
		{"as-of on sunday: week not complete", monCfg(), []ingest.Activity{run("a", at(0), 5000)}, date(6),
			[]time.Time{date(0)}, []float64{5000}, []int{1}, []bool{false}, []int{7}, []int{6}},
		{"as-of on the next monday: week complete", monCfg(), []ingest.Activity{run("a", at(0), 5000)}, date(7),
			[]time.Time{date(0), date(7)}, []float64{5000, 0}, []int{1, 0}, []bool{true, false}, []int{7, 1}, []int{6, 7}},
		{"nothing after as-of counted", monCfg(), []ingest.Activity{run("a", at(0), 5000), run("late", at(4), 9000)}, date(3),
			[]time.Time{date(0)}, []float64{5000}, []int{1}, []bool{false}, []int{4}, []int{6}},
		{"sunday 23:30 local whose UTC is monday", monCfg(),
			[]ingest.Activity{withOffset(run("a", date(7).Add(3*time.Hour+30*time.Minute), 10000), -4)}, date(7),
			[]time.Time{date(0), date(7)}, []float64{10000, 0}, []int{1, 0}, []bool{true, false}, []int{7, 1}, []int{6, 7}},
		{"monday 00:30 local whose UTC is sunday", monCfg(),
			[]ingest.Activity{withOffset(run("a", date(6).Add(22*time.Hour+30*time.Minute), 10000), 2)}, date(7),
			[]time.Time{date(7)}, []float64{10000}, []int{1}, []bool{false}, []int{1}, []int{6}},
		{"sunday weeks", sunWeek, []ingest.Activity{run("a", at(5), 5000), run("b", at(6), 7000)}, date(6),
			[]time.Time{date(-1), date(6)}, []float64{5000, 7000}, []int{1, 1}, []bool{true, false}, []int{7, 1}, []int{6, 6}},
		{"non-running, walking and duplicates listed, not counted", monCfg(),
			[]ingest.Activity{run("a", at(0), 5000), cycling, dup, walk}, date(6),
			[]time.Time{date(0)}, []float64{5000}, []int{1}, []bool{false}, []int{7}, []int{6}},
		{"treadmill run without GPS counts", monCfg(), []ingest.Activity{run("a", at(0), 5000), treadmill}, date(6),
			[]time.Time{date(0)}, []float64{11000}, []int{2}, []bool{false}, []int{7}, []int{5}},
		{"session without distance: a run, no distance, no running day", monCfg(), []ingest.Activity{run("a", at(0), 5000), nodist}, date(6),
			[]time.Time{date(0)}, []float64{5000}, []int{2}, []bool{false}, []int{7}, []int{6}},
		{"no counted runs: no weeks", monCfg(), []ingest.Activity{cycling, walk}, date(6),
			nil, nil, nil, nil, nil, nil},
		{"as-of before every run: no weeks", monCfg(), []ingest.Activity{run("a", at(10), 5000)}, date(6),
			nil, nil, nil, nil, nil, nil},
		{"moving time preferred for duration", monCfg(), []ingest.Activity{moving}, date(6),
			[]time.Time{date(0)}, []float64{5000}, []int{1}, []bool{false}, []int{7}, []int{6}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.runs, tc.cfg, tc.asOf)
			var starts []time.Time
			var runs, days, rest []int
			var complete []bool
			for _, w := range r.Weeks {
				starts = append(starts, w.Start)
				runs = append(runs, w.Runs)
				complete = append(complete, w.Complete)
				days = append(days, w.Days)
				rest = append(rest, w.RestDays)
			}
			if !slices.EqualFunc(starts, tc.wantStarts, time.Time.Equal) {
				t.Errorf("starts %v, want %v", starts, tc.wantStarts)
			}
			if got := weekDistances(r); !slices.Equal(got, tc.wantDist) {
				t.Errorf("distances %v, want %v", got, tc.wantDist)
			}
			if !slices.Equal(runs, tc.wantRuns) {
				t.Errorf("runs %v, want %v", runs, tc.wantRuns)
			}
			if !slices.Equal(complete, tc.wantComplete) {
				t.Errorf("complete %v, want %v", complete, tc.wantComplete)
			}
			if !slices.Equal(days, tc.wantDays) {
				t.Errorf("days %v, want %v", days, tc.wantDays)
			}
			if !slices.Equal(rest, tc.wantRest) {
				t.Errorf("rest days %v, want %v", rest, tc.wantRest)
			}
			if len(r.Activities) != len(tc.runs) {
				t.Errorf("%d activity rows, want %d", len(r.Activities), len(tc.runs))
			}
			if (r.Current == nil) != (len(tc.wantStarts) == 0) {
				t.Errorf("Current = %v with %d weeks", r.Current, len(tc.wantStarts))
			}
		})
	}
}

func TestWeekDurationLoadLongest(t *testing.T) {
	a := run("a", at(0), 5000)
	a.Moving = 25 * time.Minute
	b := run("b", at(1), 12000)
	b.Elapsed, b.Moving = 70*time.Minute, 0
	c := run("c", at(1).Add(3*time.Hour), 3000) // same day, shorter
	r := Analyze([]ingest.Activity{a, b, c}, monCfg(), date(6))
	w := r.Weeks[0]
	if w.Duration != 25*time.Minute+70*time.Minute+time.Hour {
		t.Errorf("duration %v", w.Duration)
	}
	if w.LongestRunM != 12000 {
		t.Errorf("longest %v, want the longest single run 12000", w.LongestRunM)
	}
	if w.RestDays != 5 {
		t.Errorf("rest days %d, want 5", w.RestDays)
	}
}

func TestActivityRows(t *testing.T) {
	late := run("late", at(9), 9000)
	cyc := run("bike", at(1), 30000)
	cyc.Sport = "cycling"
	dup := run("dup", at(2), 5000)
	dup.DuplicateOf = "a"
	ascent := 42.0
	a := withOffset(run("a", date(1).Add(2*time.Hour), 5000), -5) // 21:00 local on day 0
	a.AscentM = &ascent
	r := Analyze([]ingest.Activity{late, cyc, dup, a}, monCfg(), date(6))
	tests := []struct {
		id        string
		counted   bool
		localDate time.Time
	}{
		{"a", true, date(0)},
		{"bike", false, date(1)},
		{"dup", false, date(2)},
		{"late", false, date(9)},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			row := mustRow(t, r, tc.id)
			if row.Counted != tc.counted {
				t.Errorf("counted %v, want %v", row.Counted, tc.counted)
			}
			if !row.LocalDate.Equal(tc.localDate) {
				t.Errorf("local date %s, want %s", row.LocalDate, tc.localDate)
			}
			if want := weekStart(dayOf(tc.localDate), time.Monday).time(); !row.WeekStart.Equal(want) {
				t.Errorf("week start %s, want %s", row.WeekStart, want)
			}
		})
	}
	row := mustRow(t, r, "a")
	if row.AscentM == nil || *row.AscentM != 42 || row.AscentM == a.AscentM {
		t.Errorf("ascent %v: want a copy of 42", row.AscentM)
	}
	if got := mustRow(t, r, "dup").DuplicateOf; got != "a" {
		t.Errorf("duplicate_of %q", got)
	}
	var ids []string
	for _, x := range r.Activities {
		ids = append(ids, x.ID)
	}
	if want := []string{"a", "bike", "dup", "late"}; !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v (by start)", ids, want)
	}
}

// TestDSTWeek runs every day at 07:00 in America/New_York across the start of
// daylight saving time (8 March 2026, −5 h → −4 h) and its end (1 November
// 2026, −4 h → −5 h), with a late Sunday run whose UTC date is Monday.
func TestDSTWeek(t *testing.T) {
	tests := []struct {
		name     string
		monday   time.Time // local Monday of the week
		change   int       // first day index with the new offset
		before   float64   // offset hours before the change
		after    float64
		lateUTC  time.Time // start of a Sunday 23:30 local run
		lateOffH float64
	}{
		{"spring forward", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), 6, -5, -4,
			time.Date(2026, 3, 9, 3, 30, 0, 0, time.UTC), -4},
		{"fall back", time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), 6, -4, -5,
			time.Date(2026, 11, 2, 4, 30, 0, 0, time.UTC), -5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var acts []ingest.Activity
			for d := range 8 {
				off := tc.before
				if d >= tc.change {
					off = tc.after
				}
				// 07:00 local = 07:00 − offset in UTC.
				start := tc.monday.AddDate(0, 0, d).Add(time.Duration((7 - off) * float64(time.Hour)))
				acts = append(acts, withOffset(run(string(rune('a'+d)), start, 1000*float64(d+1)), off))
			}
			acts = append(acts, withOffset(run("late", tc.lateUTC, 500), tc.lateOffH))
			r := Analyze(acts, monCfg(), tc.monday.AddDate(0, 0, 8))
			// Days 0–6 (1+2+…+7 km) plus the late Sunday run fall in the
			// first week; day 7 (8 km) opens the second.
			if got, want := weekDistances(r), []float64{28500, 8000}; !slices.Equal(got, want) {
				t.Fatalf("distances %v, want %v", got, want)
			}
			if r.Weeks[0].Runs != 8 || r.Weeks[0].RestDays != 0 {
				t.Errorf("week 1: %d runs, %d rest days; want 8 and 0", r.Weeks[0].Runs, r.Weeks[0].RestDays)
			}
			for i, a := range r.Activities {
				if a.ID == "late" {
					if !a.LocalDate.Equal(tc.monday.AddDate(0, 0, 6)) {
						t.Errorf("late run on %s, want the Sunday", a.LocalDate)
					}
					continue
				}
				want := tc.monday.AddDate(0, 0, int(a.ID[0]-'a'))
				if !a.LocalDate.Equal(want) {
					t.Errorf("row %d (%s) local date %s, want %s", i, a.ID, a.LocalDate, want)
				}
			}
		})
	}
}

func TestChangePct(t *testing.T) {
	tests := []struct {
		name      string
		cur, prev float64
		want      *float64
	}{
		{"first week or zero before", 5000, 0, nil},
		{"exactly ten percent", 11000, 10000, ptr(10)},
		{"exactly thirty percent", 13000, 10000, ptr(30)},
		{"down", 5000, 10000, ptr(-50)},
		{"zero after running", 0, 10000, ptr(-100)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := changePct(tc.cur, tc.prev)
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("got %s, want %s", fmtPtr(got), fmtPtr(tc.want))
			}
		})
	}
}

// TestWeeklyDistanceRule checks the 10% rule table of METRICS.md on a
// previous week of 10 km.
func TestWeeklyDistanceRule(t *testing.T) {
	prev := []ingest.Activity{run("p1", at(0), 6000), run("p2", at(2), 4000)}
	tests := []struct {
		name      string
		pct       float64
		this      []ingest.Activity
		asOf      time.Time
		wantKind  Kind // "" for no flag
		wantSev   Severity
		wantValue float64
		wantDelta *float64
	}{
		{"exactly 10% is not flagged", 0, []ingest.Activity{run("t", at(8), 11000)}, date(14), "", "", 0, ptr(10)},
		{"10.0001% is flagged", 0, []ingest.Activity{run("t", at(8), 11000.01)}, date(14), KindWeeklyDistanceSpike, Caution, 10.0001, ptr(10.0001)},
		{"20% is caution", 0, []ingest.Activity{run("t", at(8), 12000)}, date(14), KindWeeklyDistanceSpike, Caution, 20, ptr(20)},
		{"exactly 30% is caution", 0, []ingest.Activity{run("t", at(8), 13000)}, date(14), KindWeeklyDistanceSpike, Caution, 30, ptr(30)},
		{"above 30% is high", 0, []ingest.Activity{run("t", at(8), 13000.01)}, date(14), KindWeeklyDistanceSpike, High, 30.0001, ptr(30.0001)},
		{"configured 20%: 15% passes", 20, []ingest.Activity{run("t", at(8), 11500)}, date(14), "", "", 0, ptr(15)},
		{"configured 20%: 25% caution", 20, []ingest.Activity{run("t", at(8), 12500)}, date(14), KindWeeklyDistanceSpike, Caution, 25, ptr(25)},
		{"decrease", 0, []ingest.Activity{run("t", at(8), 4000)}, date(14), "", "", 0, ptr(-60)},
		{"current week already over", 0, []ingest.Activity{run("t", at(7), 6000), run("u", at(8), 5500)}, date(9), KindWeeklyDistanceSpike, Caution, 15, ptr(15)},
		{"current week within so far", 0, []ingest.Activity{run("t", at(7), 6000)}, date(9), "", "", 0, ptr(-40)},
		{"current week exactly at the limit", 0, []ingest.Activity{run("t", at(7), 11000)}, date(9), "", "", 0, ptr(10)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := monCfg()
			cfg.IncreasePct = tc.pct
			r := Analyze(slices.Concat(prev, tc.this), cfg, tc.asOf)
			if len(r.Weeks) < 2 {
				t.Fatalf("%d weeks", len(r.Weeks))
			}
			if r.Weeks[0].DistanceChangePct != nil {
				t.Errorf("first week has a change %v", *r.Weeks[0].DistanceChangePct)
			}
			if !eqPtr(r.Weeks[1].DistanceChangePct, tc.wantDelta, 1e-9) {
				t.Errorf("change %s, want %s", fmtPtr(r.Weeks[1].DistanceChangePct), fmtPtr(tc.wantDelta))
			}
			fs := flagsOf(r, KindWeeklyDistanceSpike)
			if tc.wantKind == "" {
				if len(fs) != 0 {
					t.Fatalf("unexpected flag %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("flags %+v, want one", fs)
			}
			f := fs[0]
			wantThr := tc.pct
			if wantThr == 0 {
				wantThr = 10
			}
			if f.Severity != tc.wantSev || !near(f.Value, tc.wantValue, 1e-9) || f.Threshold != wantThr || !f.Week.Equal(date(7)) || !f.Date.Equal(date(7)) {
				t.Errorf("flag %+v; want severity %s value %g threshold %g week %s", f, tc.wantSev, tc.wantValue, wantThr, date(7))
			}
		})
	}
}

func TestRestartAndCurrentWeek(t *testing.T) {
	tests := []struct {
		name         string
		acts         []ingest.Activity
		asOf         time.Time
		wantRestart  []time.Time
		wantHasLimit bool
		wantLimit    float64
		wantAllow    float64
	}{
		{"first week back after a zero week", []ingest.Activity{run("a", at(0), 8000), run("b", at(15), 5000)}, date(20),
			[]time.Time{date(14)}, false, 0, 0},
		{"two zero weeks then a run", []ingest.Activity{run("a", at(0), 8000), run("b", at(22), 5000)}, date(27),
			[]time.Time{date(21)}, false, 0, 0},
		{"current week after a zero week, nothing yet", []ingest.Activity{run("a", at(0), 8000)}, date(15),
			nil, false, 0, 0},
		{"current week with allowance", []ingest.Activity{run("a", at(0), 8000), run("b", at(7), 3000)}, date(8),
			nil, true, 8800, 5800},
		{"current week over the limit: negative allowance", []ingest.Activity{run("a", at(0), 8000), run("b", at(7), 9000)}, date(8),
			nil, true, 8800, -200},
		{"first week is the current week", []ingest.Activity{run("a", at(0), 8000)}, date(3),
			nil, false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.acts, monCfg(), tc.asOf)
			var got []time.Time
			for _, f := range flagsOf(r, KindRestart) {
				if f.Severity != Info {
					t.Errorf("restart severity %s", f.Severity)
				}
				got = append(got, f.Week)
			}
			if !slices.EqualFunc(got, tc.wantRestart, time.Time.Equal) {
				t.Errorf("restart weeks %v, want %v", got, tc.wantRestart)
			}
			for _, w := range r.Weeks {
				if w.DistanceM > 0 && slices.ContainsFunc(tc.wantRestart, w.Start.Equal) && w.DistanceChangePct != nil {
					t.Errorf("restart week %s has a change %v", w.Start, *w.DistanceChangePct)
				}
			}
			c := r.Current
			if c == nil || !c.Start.Equal(r.Weeks[len(r.Weeks)-1].Start) {
				t.Fatalf("current %+v", c)
			}
			if c.HasLimit != tc.wantHasLimit || !near(c.LimitM, tc.wantLimit, 1e-9) || !near(c.AllowanceM, tc.wantAllow, 1e-9) {
				t.Errorf("current %+v; want has %v limit %g allowance %g", c, tc.wantHasLimit, tc.wantLimit, tc.wantAllow)
			}
		})
	}
}
