package analyze_test

import (
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/demogen"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

// demoActivities turns the demo's plan into what ingest gives for its files
// (one activity per file, the second copy of the duplicate marked as ingest
// marks it), with the simulated heart-rate samples. No file is decoded.
func demoActivities(plan []demogen.Session) []ingest.Activity {
	var acts []ingest.Activity
	for _, s := range plan {
		tr := demogen.Simulate(s)
		samples := make([]ingest.Sample, len(tr.Points))
		for i, p := range tr.Points {
			samples[i] = ingest.Sample{T: p.T, HR: p.HR, Resumed: p.Resumed}
		}
		for k, path := range s.Files {
			format := ingest.FormatFIT
			if strings.Contains(path, ".gpx") {
				format = ingest.FormatGPX
			}
			a := ingest.Activity{
				ID: path, Source: path, Format: format, Sport: ingest.Sport(s.Sport),
				Start: s.Start, UTCOffset: s.UTCOffset, OffsetSource: "file",
				Elapsed: tr.Elapsed(), Moving: tr.Timer(),
				DistanceM: s.DistanceM, HasDistance: true, HasPosition: !tr.Indoor,
				Gear: s.Gear, Samples: samples,
			}
			a.Summarize()
			if k > 0 {
				a.DuplicateOf = s.Files[0]
			}
			acts = append(acts, a)
		}
	}
	return acts
}

// localDate is the local calendar date of a session, from its UTC start and
// offset.
func localDate(s demogen.Session) time.Time {
	l := s.Start.Add(time.Duration(s.UTCOffset) * time.Second)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// TestDemoEndToEnd analyzes the demo (as planned, not as decoded) and
// checks the weeks and flags against values worked out here from the plan:
// distance per local Monday week, the 10% rule, restarts, session spikes
// and shoe totals.
func TestDemoEndToEnd(t *testing.T) {
	plan := demogen.Plan()
	cfg := analyze.Config{WeekStart: time.Monday, HRRest: demogen.HRRest, Sex: "female", IncreasePct: 10}
	for _, sh := range demogen.Shoes() {
		var sports []ingest.Sport
		for _, s := range sh.Sports {
			sports = append(sports, ingest.Sport(s))
		}
		cfg.Shoes = append(cfg.Shoes, analyze.Shoe{Name: sh.Name, From: sh.From, Sports: sports,
			StartDistanceM: sh.StartMiles * units.MetersPerMile, Match: sh.Match})
	}
	asOf := demogen.AsOf()
	res := analyze.Analyze(demoActivities(plan), cfg, asOf)

	// Weeks, by hand: counted sessions (not the ride; the duplicate once).
	first := demogen.FirstWeek()
	n := int(asOf.Sub(first).Hours()/24)/7 + 1
	dist := make([]float64, n)
	runs := make([]int, n)
	for _, s := range plan {
		if s.Sport == "cycling" {
			continue
		}
		w := int(localDate(s).Sub(first).Hours()/24) / 7
		dist[w] += s.DistanceM
		runs[w]++
	}
	if len(res.Weeks) != n {
		t.Fatalf("%d weeks, want %d", len(res.Weeks), n)
	}
	wantSpike := map[time.Time]string{}
	wantRestart := map[time.Time]bool{}
	for k, w := range res.Weeks {
		start := first.AddDate(0, 0, 7*k)
		if !w.Start.Equal(start) || w.Runs != runs[k] || math.Abs(w.DistanceM-dist[k]) > 1e-6 || w.Complete != (k < n-1) {
			t.Errorf("week %s: start %s, %d runs, %.2f m, complete %v; want %d runs, %.2f m",
				start.Format(time.DateOnly), w.Start.Format(time.DateOnly), w.Runs, w.DistanceM, w.Complete, runs[k], dist[k])
		}
		if k == 0 {
			continue
		}
		prev := dist[k-1]
		switch {
		case prev == 0 && dist[k] > 0:
			wantRestart[start] = true
		case prev > 0 && (dist[k]-prev)*100 > 10*prev:
			wantSpike[start] = "caution"
			if (dist[k]-prev)*100 > 30*prev {
				wantSpike[start] = "high"
			}
		}
		if prev > 0 {
			want := (dist[k] - prev) * 100 / prev
			if w.DistanceChangePct == nil || math.Abs(*w.DistanceChangePct-want) > 1e-9 {
				t.Errorf("week %s: change %v, want %.3f%%", start.Format(time.DateOnly), w.DistanceChangePct, want)
			}
		} else if w.DistanceChangePct != nil {
			t.Errorf("week %s: change %.1f%% after a week off", start.Format(time.DateOnly), *w.DistanceChangePct)
		}
	}

	// Session spikes, by hand: M is the longest counted run of the 30 days
	// before, once the history is 30 days old.
	wantSession := map[string]string{}
	wantBreak := map[string]bool{}
	var counted []demogen.Session
	for _, s := range plan {
		if s.Sport != "cycling" {
			counted = append(counted, s)
		}
	}
	for i, s := range counted {
		if s.Start.Sub(counted[0].Start) < 30*24*time.Hour {
			continue
		}
		longest := 0.0
		for _, o := range counted[:i] {
			if s.Start.Sub(o.Start) <= 30*24*time.Hour {
				longest = max(longest, o.DistanceM)
			}
		}
		switch r := s.DistanceM/longest - 1; {
		case longest == 0:
			wantBreak[s.Files[0]] = true
		case r > 1:
			wantSession[s.Files[0]] = "high"
		case r > 0.10:
			wantSession[s.Files[0]] = "caution"
		}
	}

	// Shoes, by hand: the plan says which shoe each run should get.
	shoeDist := map[string]float64{}
	for _, sh := range cfg.Shoes {
		shoeDist[sh.Name] = sh.StartDistanceM
	}
	for _, s := range counted {
		shoeDist[s.Shoe] += s.DistanceM
	}
	const warn, replace = 300 * units.MetersPerMile, 500 * units.MetersPerMile
	wantShoe := map[string]string{}
	for _, st := range res.Shoes {
		if math.Abs(st.DistanceM-shoeDist[st.Name]) > 1e-6 {
			t.Errorf("shoe %s: %.1f m, want %.1f m", st.Name, st.DistanceM, shoeDist[st.Name])
		}
		switch d := shoeDist[st.Name]; {
		case d >= replace:
			wantShoe[st.Name] = "shoe_replace"
		case d >= warn:
			wantShoe[st.Name] = "shoe_worn"
		}
	}

	gotSpike := map[time.Time]string{}
	gotRestart := map[time.Time]bool{}
	gotSession := map[string]string{}
	gotBreak := map[string]bool{}
	gotShoe := map[string]string{}
	for _, f := range res.Flags {
		switch f.Kind {
		case "weekly_distance_spike":
			gotSpike[f.Week] = string(f.Severity)
		case "restart":
			gotRestart[f.Week] = true
		case "session_spike":
			gotSession[f.ActivityID] = string(f.Severity)
		case "return_after_break":
			gotBreak[f.ActivityID] = true
		case "shoe_worn", "shoe_replace":
			gotShoe[f.Shoe] = string(f.Kind)
		}
	}
	t.Logf("weekly_distance_spike %v, restart %v, session_spike %v, return_after_break %v, shoes %v, hr_max %d",
		gotSpike, gotRestart, gotSession, gotBreak, gotShoe, res.HRMax)
	check := func(what string, got, want any, equal bool) {
		t.Helper()
		if !equal {
			t.Errorf("%s flags: got %v, want %v", what, got, want)
		}
	}
	check("weekly_distance_spike", gotSpike, wantSpike, maps.Equal(gotSpike, wantSpike))
	check("restart", gotRestart, wantRestart, maps.Equal(gotRestart, wantRestart))
	check("session_spike", gotSession, wantSession, maps.Equal(gotSession, wantSession))
	check("return_after_break", gotBreak, wantBreak, maps.Equal(gotBreak, wantBreak))
	check("shoe", gotShoe, wantShoe, maps.Equal(gotShoe, wantShoe))

	// The story the demo README tells must be among them.
	noted := func(word string) demogen.Session {
		i := slices.IndexFunc(plan, func(s demogen.Session) bool { return strings.Contains(s.Note, word) })
		if i < 0 {
			t.Fatalf("no session noted %q", word)
		}
		return plan[i]
	}
	weekOf := func(s demogen.Session) time.Time {
		d := localDate(s)
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) // back to Monday
	}
	if w := weekOf(noted("10% rule")); gotSpike[w] == "" {
		t.Errorf("no weekly_distance_spike for the week of %s", w.Format(time.DateOnly))
	}
	if w := weekOf(noted("restart")); !gotRestart[w] {
		t.Errorf("no restart for the week of %s", w.Format(time.DateOnly))
	}
	if s := noted("long-run spike"); gotSession[s.Files[0]] == "" {
		t.Errorf("no session_spike for %s", s.Files[0])
	}
	if gotShoe["Pegasus 40"] != "shoe_worn" {
		t.Errorf("Pegasus 40: %q, want shoe_worn", gotShoe["Pegasus 40"])
	}
	if !res.HRMaxEstimated || res.HRMax < demogen.HRMax-4 || res.HRMax > demogen.HRMax {
		t.Errorf("hr_max %d (estimated %v), want an estimate near %d", res.HRMax, res.HRMaxEstimated, demogen.HRMax)
	}
}

// TestDemoUnits: the units only travel through the analysis (to
// Result.Units); the demo analyzed in kilometres is the demo analyzed in
// miles, and its Pegasus flag reads in kilometres.
func TestDemoUnits(t *testing.T) {
	plan := demogen.Plan()
	cfg := analyze.Config{WeekStart: time.Monday, HRRest: demogen.HRRest, Sex: "female", IncreasePct: 10}
	for _, sh := range demogen.Shoes() {
		var sports []ingest.Sport
		for _, s := range sh.Sports {
			sports = append(sports, ingest.Sport(s))
		}
		cfg.Shoes = append(cfg.Shoes, analyze.Shoe{Name: sh.Name, From: sh.From, Sports: sports,
			StartDistanceM: sh.StartMiles * units.MetersPerMile, Match: sh.Match})
	}
	acts := demoActivities(plan)
	inMi := analyze.Analyze(acts, cfg, demogen.AsOf())
	cfg.Units = "km"
	inKm := analyze.Analyze(acts, cfg, demogen.AsOf())
	if inMi.Units != "mi" || inKm.Units != "km" {
		t.Fatalf("Units %q and %q, want mi and km", inMi.Units, inKm.Units)
	}
	inKm.Units = "mi"
	if !reflect.DeepEqual(inMi, inKm) {
		t.Errorf("the analysis in km differs from the one in mi beyond Units")
	}
	i := slices.IndexFunc(inMi.Flags, func(f analyze.Flag) bool { return f.Shoe == "Pegasus 40" })
	if i < 0 {
		t.Fatal("no flag for Pegasus 40")
	}
	if m := phrase.Flags(inMi, units.Kilometres)[i]; !strings.HasPrefix(m, "Pegasus 40 has ") || !strings.Contains(m, " km") || strings.Contains(m, " mi") {
		t.Errorf("Pegasus 40 flag in km: %q", m)
	}
}
