package demogen

import (
	"math"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // TestNewYork compares with the IANA rules

	"github.com/legwork-run/legwork/internal/units"
)

func TestNewYork(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for d := date(2026, 1, 1); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		for _, h := range []int{0, 6, 7, 8, 12, 23} {
			wall := d.Add(time.Duration(h) * time.Hour)
			got := newYork(wall)
			want := time.Date(wall.Year(), wall.Month(), wall.Day(), h, 0, 0, 0, ny)
			if !got.Equal(want) {
				t.Fatalf("%s %02d:00: got %s, want %s", d.Format(time.DateOnly), h, got, want)
			}
		}
	}
}

// week is the index of the local Monday week of a session, computed here
// from the UTC start and offset (not from Session.Date).
func weekOf(s Session) int {
	l := s.Start.Add(time.Duration(s.UTCOffset) * time.Second)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	return int(d.Sub(FirstWeek()).Hours()/24) / 7
}

// TestPlanStory checks that the plan tells the story the README promises,
// working the numbers out here from the sessions.
func TestPlanStory(t *testing.T) {
	plan := Plan()
	asOfWeek := int(AsOf().Sub(FirstWeek()).Hours()/24) / 7
	weeks := make([]float64, asOfWeek+1)
	runs := make([]int, asOfWeek+1)
	noted := func(word string) Session {
		for _, s := range plan {
			if strings.Contains(s.Note, word) {
				return s
			}
		}
		t.Fatalf("no session noted %q", word)
		return Session{}
	}
	for i, s := range plan {
		if s.Index != i || (i > 0 && !plan[i-1].Start.Before(s.Start)) {
			t.Fatalf("session %d out of order", i)
		}
		l := s.Start.Add(time.Duration(s.UTCOffset) * time.Second)
		if !l.Truncate(24 * time.Hour).Equal(s.Date) {
			t.Errorf("session %d: date %s, local start %s", i, s.Date, l)
		}
		if h := l.Hour(); h < 5 || h > 9 {
			t.Errorf("session %d starts at %s local, not in the morning", i, l.Format("15:04"))
		}
		if s.DistanceM != math.Round(s.DistanceM*100)/100 {
			t.Errorf("session %d: distance %v is not whole centimeters", i, s.DistanceM)
		}
		if w := weekOf(s); s.Counted() {
			weeks[w] += s.DistanceM
			runs[w]++
		}
	}
	spikeWeek := weekOf(noted("10% rule"))
	restartWeek := weekOf(noted("restart"))
	for k := range weeks {
		switch {
		case k == asOfWeek:
			if runs[k] == 0 || weeks[k] > 1.1*weeks[k-1] {
				t.Errorf("current week: %d runs, %.0f m after %.0f m", runs[k], weeks[k], weeks[k-1])
			}
		case k == restartWeek-1:
			if runs[k] != 0 {
				t.Errorf("week %d should be the week off, has %d runs", k, runs[k])
			}
		case runs[k] < 4 || runs[k] > 5:
			t.Errorf("week %d has %d runs, want 4 or 5", k, runs[k])
		}
		if k == 0 || weeks[k-1] == 0 {
			continue
		}
		pct := (weeks[k] - weeks[k-1]) / weeks[k-1] * 100
		if k == spikeWeek {
			if pct <= 20 || pct > 30 {
				t.Errorf("the 10%% rule week %d: %+.1f%%, want a clear caution (20–30%%)", k, pct)
			}
		} else if pct > 9.5 {
			t.Errorf("week %d: %+.1f%%, too close to or over the 10%% rule", k, pct)
		}
	}

	// The long-run spike is current: the Sunday of the last complete week
	// before AsOf, so that the report's recent flags show it.
	spikeSession := noted("long-run spike")
	if w := weekOf(spikeSession); w != asOfWeek-1 || spikeSession.Date.Weekday() != time.Sunday {
		t.Errorf("long-run spike on %s (week %d), want the Sunday of week %d, the last complete one",
			day(spikeSession.Date), w, asOfWeek-1)
	}

	first := plan[0].Start
	spike := spikeSession.Index
	for i := range plan {
		s := &plan[i]
		if !s.Counted() || s.Start.Before(first.AddDate(0, 0, 30)) {
			continue
		}
		longest := 0.0
		for _, o := range plan[:i] {
			if o.Counted() && !o.Start.Before(s.Start.AddDate(0, 0, -30)) {
				longest = max(longest, o.DistanceM)
			}
		}
		r := s.DistanceM/longest - 1
		if i == spike {
			if r <= 0.30 || r > 1 {
				t.Errorf("long-run spike %s: %+.0f%%, want 30–100%%", s.Date.Format(time.DateOnly), r*100)
			}
		} else if r > 0.095 {
			t.Errorf("session %d on %s: %+.1f%% over the 30-day longest", i, s.Date.Format(time.DateOnly), r*100)
		}
	}

	count := map[string]int{}
	offsets := map[int32]bool{}
	for _, s := range plan {
		count[s.Sport]++
		offsets[s.UTCOffset] = true
		if len(s.Files) == 2 {
			count["duplicate"]++
			if !strings.HasSuffix(s.Files[0], ".fit") || !strings.HasSuffix(s.Files[1], ".gpx") {
				t.Errorf("duplicate files %v, want a FIT and a GPX", s.Files)
			}
		}
		for _, f := range s.Files {
			switch {
			case strings.Contains(f, ".gpx"):
				count["gpx"]++
			case strings.Contains(f, ".fit"):
				count["fit"]++
			}
		}
	}
	if count["treadmill_running"] != 1 || count["cycling"] != 1 || count["duplicate"] != 1 || count["trail_running"] < 4 {
		t.Errorf("sports and duplicates: %v", count)
	}
	if count["gpx"]*3 > count["fit"] {
		t.Errorf("%d GPX files for %d FIT files: GPX should be a minority", count["gpx"], count["fit"])
	}
	if !offsets[-4*3600] || !offsets[-5*3600] || len(offsets) != 2 {
		t.Errorf("offsets %v, want EDT and EST", offsets)
	}

	total := map[string]float64{}
	for _, sh := range Shoes() {
		total[sh.Name] = sh.StartMiles * units.MetersPerMile
	}
	for _, s := range plan {
		if s.Counted() != (s.Shoe != "") {
			t.Errorf("session %d (%s): shoe %q", s.Index, s.Sport, s.Shoe)
		}
		total[s.Shoe] += s.DistanceM
	}
	const warn, replace = 300 * units.MetersPerMile, 500 * units.MetersPerMile
	if m := total["Pegasus 40"]; m <= warn || m >= replace {
		t.Errorf("Pegasus 40: %.0f mi, want worn (300–500)", m/units.MetersPerMile)
	}
	for _, name := range []string{"Novablast 5", "Speedgoat 6"} {
		if m := total[name]; m == 0 || m >= warn {
			t.Errorf("%s: %.0f mi, want some but under 300", name, m/units.MetersPerMile)
		}
	}
}

func TestPlanDeterministic(t *testing.T) {
	a, b := Plan(), Plan()
	for i := range a {
		if a[i].Start != b[i].Start || a[i].DistanceM != b[i].DistanceM || a[i].Seed != b[i].Seed || a[i].Pause != b[i].Pause {
			t.Fatalf("session %d differs between calls", i)
		}
	}
}
