package analyze

import (
	"errors"
	"path"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
		wantErr       bool
	}{
		{"trail/**", "trail/a.fit", true, false},
		{"trail/**", "trail/2026/b.fit", true, false},
		{"trail/**", "trail", true, false},
		{"trail/**", "road/a.fit", false, false},
		{"trail/**", "trails/a.fit", false, false},
		{"**/*.gpx", "x.gpx", true, false},
		{"**/*.gpx", "a/b/c.gpx", true, false},
		{"**/*.gpx", "a/b/c.fit", false, false},
		{"*.fit", "a/b.fit", false, false},
		{"*.fit", "b.fit", true, false},
		{"strava.zip!/activities/*.fit.gz", "strava.zip!/activities/123.fit.gz", true, false},
		{"trail/**/long-*.fit", "trail/long-1.fit", true, false},
		{"trail/**/long-*.fit", "trail/x/y/long-2.fit", true, false},
		{"trail/**/long-*.fit", "trail/x/y/short.fit", false, false},
		{"**/**/a.fit", "a.fit", true, false},
		{"**", "any/thing/at/all.fit", true, false},
		{"Trail/**", "trail/a.fit", false, false},
		{"trail/[", "trail/a.fit", false, true},
		{"[/**", "x", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+" "+tc.name, func(t *testing.T) {
			got, err := MatchGlob(tc.pattern, tc.name)
			if tc.wantErr {
				if !errors.Is(err, path.ErrBadPattern) {
					t.Errorf("err %v, want ErrBadPattern", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// trailRun is a counted run read from trail/.
func trailRun(id string, start time.Time, m float64) ingest.Activity {
	a := run(id, start, m)
	a.Source = "trail/" + id + ".gpx"
	return a
}

func TestShoeAssignment(t *testing.T) {
	withGear := func(a ingest.Activity, g string) ingest.Activity { a.Gear = g; return a }
	withSport := func(a ingest.Activity, s ingest.Sport) ingest.Activity { a.Sport = s; return a }
	dup := run("dup", at(12), 5000)
	dup.DuplicateOf = "x"
	shoes := []Shoe{
		{Name: "Old", From: date(0)},
		{Name: "New", From: date(10)},
		{Name: "Trail", From: date(100), Match: []string{"trail/**"}},
		{Name: "Pegasus 40", From: date(200)},
		{Name: "Spikes", From: date(20), Sports: []ingest.Sport{ingest.SportTrackRunning}},
		{Name: "Retired", From: date(30), To: date(34)},
		{Name: "Unused", From: date(0)},
	}
	tests := []struct {
		name string
		act  ingest.Activity
		want string
	}{
		{"before every shoe", run("r", at(-1), 5000), ""},
		{"only the old shoe covers it", run("r", at(5), 5000), "Old"},
		{"overlapping ranges: latest From wins", run("r", at(12), 5000), "New"},
		{"match glob beats dates", trailRun("r", at(12), 5000), "Trail"},
		{"gear beats dates", withGear(run("r", at(12), 5000), "Pegasus 40"), "Pegasus 40"},
		{"gear ignores case and spaces", withGear(run("r", at(12), 5000), "  pegasus 40 "), "Pegasus 40"},
		{"glob beats gear", withGear(trailRun("r", at(12), 5000), "Pegasus 40"), "Trail"},
		{"unknown gear falls back to dates", withGear(run("r", at(12), 5000), "Clifton"), "New"},
		{"sports: track run to the spikes", withSport(run("r", at(25), 5000), "track_running"), "Spikes"},
		{"sports: road run skips the spikes", run("r", at(25), 5000), "New"},
		{"retired shoe covers its last day", run("r", at(34), 5000), "Retired"},
		{"retired shoe takes nothing after To", run("r", at(35), 5000), "New"},
		{"walking gets no shoe", withSport(run("r", at(12), 5000), "walking"), ""},
		{"a duplicate gets no shoe", func() ingest.Activity { a := dup; a.ID = "r"; return a }(), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze([]ingest.Activity{tc.act}, Config{WeekStart: time.Monday, Shoes: shoes}, date(300))
			if got := mustRow(t, r, "r").Shoe; got != tc.want {
				t.Errorf("shoe %q, want %q", got, tc.want)
			}
			if len(r.Shoes) != len(shoes) {
				t.Fatalf("%d shoes, want %d in config order", len(r.Shoes), len(shoes))
			}
			for i, s := range r.Shoes {
				if s.Name != shoes[i].Name {
					t.Errorf("shoe %d is %q, want %q", i, s.Name, shoes[i].Name)
				}
				wantRuns := 0
				if s.Name == tc.want {
					wantRuns = 1
				}
				if s.Runs != wantRuns {
					t.Errorf("%s: %d runs, want %d", s.Name, s.Runs, wantRuns)
				}
			}
		})
	}
}

func TestShoeTotals(t *testing.T) {
	acts := []ingest.Activity{
		run("a", at(3), 10000), run("b", at(1), 5000), run("c", at(8), 7000),
		func() ingest.Activity { a := run("nd", at(9), 0); a.HasDistance = false; return a }(),
	}
	shoes := []Shoe{
		{Name: "Main", From: date(0), StartDistanceM: 100000},
		{Name: "Unused", From: date(50), WarnAtM: 100, ReplaceAtM: 200},
		{Name: "Retired", From: date(-100), To: date(-1), StartDistanceM: 700000},
	}
	r := Analyze(acts, Config{WeekStart: time.Monday, Shoes: shoes}, date(10))
	main, unused, retired := r.Shoes[0], r.Shoes[1], r.Shoes[2]
	if main.Runs != 4 || main.DistanceM != 122000 || !main.FirstRun.Equal(date(1)) || !main.LastRun.Equal(date(9)) {
		t.Errorf("main %+v; want 4 runs, 122000 m, days 1–9", main)
	}
	if main.WarnAtM != 482803.2 || main.ReplaceAtM != 804672 || main.Status != ShoeOK || main.Retired {
		t.Errorf("main defaults %+v", main)
	}
	if unused.Runs != 0 || unused.DistanceM != 0 || !unused.FirstRun.IsZero() || !unused.LastRun.IsZero() ||
		unused.Status != ShoeOK || !unused.ReplaceBy.IsZero() || unused.WarnAtM != 100 || unused.ReplaceAtM != 200 {
		t.Errorf("shoe with no runs %+v; want zeros", unused)
	}
	if !retired.Retired || retired.Runs != 0 || retired.DistanceM != 700000 || retired.Status != ShoeWorn || !retired.ReplaceBy.IsZero() {
		t.Errorf("retired %+v", retired)
	}
}

func TestShoeStatusAndFlags(t *testing.T) {
	tests := []struct {
		name      string
		start     float64
		runs      []ingest.Activity
		status    ShoeStatus
		kind      Kind // "" for none
		severity  Severity
		date      time.Time
		threshold float64
	}{
		{"fresh", 0, []ingest.Activity{run("a", at(1), 5000)}, ShoeOK, "", "", time.Time{}, 0},
		{"crosses 300 mi on a run", 480000, []ingest.Activity{run("a", at(1), 2000), run("b", at(2), 5000), run("c", at(3), 5000)},
			ShoeWorn, KindShoeWorn, Info, date(2), DefaultWarnAtM},
		{"exactly 300 mi is worn", DefaultWarnAtM, nil, ShoeWorn, KindShoeWorn, Info, date(0), DefaultWarnAtM},
		{"past 500 mi: replace only", 800000, []ingest.Activity{run("a", at(1), 5000)},
			ShoeReplace, KindShoeReplace, Caution, date(1), DefaultReplaceAtM},
		{"past both on one run", 480000, []ingest.Activity{run("a", at(4), 400000)},
			ShoeReplace, KindShoeReplace, Caution, date(4), DefaultReplaceAtM},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{WeekStart: time.Monday, Shoes: []Shoe{{Name: "S", From: date(0), StartDistanceM: tc.start}}}
			r := Analyze(tc.runs, cfg, date(6))
			s := r.Shoes[0]
			if s.Status != tc.status {
				t.Errorf("status %s, want %s (%g m)", s.Status, tc.status, s.DistanceM)
			}
			fs := append(flagsOf(r, KindShoeWorn), flagsOf(r, KindShoeReplace)...)
			if tc.kind == "" {
				if len(fs) != 0 {
					t.Errorf("unexpected %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("flags %+v, want one", fs)
			}
			f := fs[0]
			if f.Kind != tc.kind || f.Severity != tc.severity || f.Shoe != "S" || f.Value != s.DistanceM ||
				f.Threshold != tc.threshold || !f.Date.Equal(tc.date) || !f.Week.IsZero() || f.ActivityID != "" {
				t.Errorf("flag %+v; want %s %s on %s threshold %g", f, tc.kind, tc.severity, tc.date, tc.threshold)
			}
		})
	}
}

func TestShoeReplaceBy(t *testing.T) {
	tests := []struct {
		name  string
		shoe  Shoe
		acts  []ingest.Activity
		asOf  time.Time
		want  time.Time
		label string
	}{
		// 28 days × 10 km: 280 km; 524.672 km left at 10 km a day → 53 days.
		{"four weeks at 10 km a day", Shoe{Name: "S"}, daily(0, 28, 10000), date(27), date(27 + 53), ""},
		// Only the last 28 days count: 14 days × 10 km in the window → 5 km a day.
		{"pace from the 28 days ending on as-of", Shoe{Name: "S", StartDistanceM: 504672}, daily(0, 28, 10000), date(41),
			date(41 + 4), ""}, // 504672 + 280000 = 784672; 20000 left at 5000/day → 4 days
		{"not worn lately", Shoe{Name: "S"}, daily(0, 5, 10000), date(40), time.Time{}, ""},
		{"retired", Shoe{Name: "S", To: date(27)}, daily(0, 28, 10000), date(28), time.Time{}, ""},
		{"already past", Shoe{Name: "S", StartDistanceM: 900000}, daily(0, 28, 10000), date(27), time.Time{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.acts, Config{WeekStart: time.Monday, Shoes: []Shoe{tc.shoe}}, tc.asOf)
			if got := r.Shoes[0].ReplaceBy; !got.Equal(tc.want) {
				t.Errorf("replace by %s, want %s (%+v)", got, tc.want, r.Shoes[0])
			}
		})
	}
}

func TestBadGlobIsAProblem(t *testing.T) {
	cfg := Config{WeekStart: time.Monday, Shoes: []Shoe{{Name: "S", Match: []string{"trail/[", "road/**"}}}}
	road := run("a", at(0), 5000)
	road.Source = "road/a.fit"
	r := Analyze([]ingest.Activity{road}, cfg, date(1))
	if got := mustRow(t, r, "a").Shoe; got != "S" {
		t.Errorf("shoe %q: the good pattern should still match", got)
	}
	found := false
	for _, p := range r.Problems {
		found = found || p.Kind == "warning" && p.Source == "" && containsAll(p.Message, `"trail/["`, `"S"`)
	}
	if !found {
		t.Errorf("no problem for the bad pattern: %+v", r.Problems)
	}
}

// TestShoeWithoutFrom: a shoe without From covers every date but loses to
// any shoe with one, in either configuration order.
func TestShoeWithoutFrom(t *testing.T) {
	anyShoe, dated := Shoe{Name: "Any"}, Shoe{Name: "Dated", From: date(5)}
	tests := []struct {
		name  string
		shoes []Shoe
		day   int
		want  string
	}{
		{"dated wins, listed second", []Shoe{anyShoe, dated}, 6, "Dated"},
		{"dated wins, listed first", []Shoe{dated, anyShoe}, 6, "Dated"},
		{"before the dated one", []Shoe{dated, anyShoe}, 3, "Any"},
		{"two without From: first configured", []Shoe{{Name: "X"}, {Name: "Y"}}, 3, "X"},
		{"same From: first configured", []Shoe{{Name: "X", From: date(1)}, {Name: "Y", From: date(1)}}, 3, "X"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze([]ingest.Activity{run("r", at(tc.day), 5000)}, Config{WeekStart: time.Monday, Shoes: tc.shoes}, date(10))
			if got := mustRow(t, r, "r").Shoe; got != tc.want {
				t.Errorf("shoe %q, want %q", got, tc.want)
			}
		})
	}
}
