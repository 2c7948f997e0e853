package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/fitfile"
)

// gpsWeekRollover is how far a GPS week-number rollover moves a time back.
const gpsWeekRollover = 1024 * 7 * 24 * time.Hour

// glitchGPX is runGPX with its first point's time moved by shift.
func glitchGPX(start time.Time, n int, shift time.Duration) []byte {
	b := string(runGPX(start, 45, 7, n))
	first := start.Format(time.RFC3339)
	return []byte(strings.Replace(b, "<time>"+first+"</time>", "<time>"+start.Add(shift).Format(time.RFC3339)+"</time>", 1))
}

// checkSeason reads dir and checks that want activities were found, none
// a duplicate, every one a run starting in the 12 weeks from readT0.
func checkSeason(t *testing.T, dir string, want int) map[string]*Activity {
	t.Helper()
	b, err := Read(context.Background(), []string{dir}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Activities) != want || len(b.Errors) != 0 {
		t.Fatalf("%d activities, errors %v; want %d", len(b.Activities), b.Errors, want)
	}
	weeks := map[time.Time]bool{}
	byS := map[string]*Activity{}
	for i := range b.Activities {
		a := &b.Activities[i]
		byS[a.Source] = a
		if a.DuplicateOf != "" {
			t.Errorf("%s (start %v, elapsed %v) is a duplicate of %s", a.Source, a.Start, a.Elapsed, a.DuplicateOf)
		}
		if a.Start.Before(readT0) || !a.Start.Before(readT0.AddDate(0, 0, 84)) {
			t.Errorf("%s starts %v, outside the 12 weeks", a.Source, a.Start)
		}
		if a.Elapsed > 3*time.Hour {
			t.Errorf("%s lasts %v", a.Source, a.Elapsed)
		}
		d := a.LocalDate()
		weeks[d.AddDate(0, 0, -(int(d.Weekday())+6)%7)] = true
	}
	if len(weeks) != 12 {
		t.Errorf("runs fall in %d weeks, want 12", len(weeks))
	}
	return byS
}

// TestReadGPSWeekRollover: a GPX run whose first <time> is 1024 weeks early
// (the GPS week-rollover bug), among 36 runs in 12 weeks, keeps its own
// date and swallows no other run (issue 7: it used to make 35 of them its
// duplicates and 1,026 weeks).
func TestReadGPSWeekRollover(t *testing.T) {
	tmp := t.TempDir()
	for i := range 36 {
		start := readT0.AddDate(0, 0, 7*(i/3)+2*(i%3)).Add(time.Duration(i%5) * time.Hour)
		data := runGPX(start, 45, 7, 1800)
		if i == 4 {
			data = glitchGPX(start, 1800, -gpsWeekRollover)
		}
		writeFile(t, filepath.Join(tmp, fmt.Sprintf("run%02d.gpx", i)), data)
	}
	byS := checkSeason(t, tmp, 36)
	g := byS["run04.gpx"]
	want := readT0.AddDate(0, 0, 7+2).Add(4*time.Hour + time.Second)
	if !g.Start.Equal(want) || g.Elapsed != 1798*time.Second || g.NSamples != 1799 || g.Samples != nil {
		t.Errorf("glitch run: start %v elapsed %v samples %d (%d kept); want %v, 29m58s, 1799 (0 kept)", g.Start, g.Elapsed, g.NSamples, len(g.Samples), want)
	}
	if !fitHasWarning(*g, "clock glitch") || !fitHasWarning(*g, "2004-") {
		t.Errorf("glitch run warnings %q", g.Warnings)
	}
}

func TestDropClockGlitches(t *testing.T) {
	at := func(h float64) trackPoint {
		return trackPoint{t: readT0.Add(time.Duration(h * float64(time.Hour)))}
	}
	tests := []struct {
		name  string
		segs  [][]trackPoint
		drops int
	}{
		{"first point early", [][]trackPoint{{at(-24 * 7 * 1024), at(0), at(0.1), at(0.2)}}, 1},
		{"last point late", [][]trackPoint{{at(0), at(0.1), at(0.2), at(200)}}, 1},
		{"middle point off", [][]trackPoint{{at(0), at(0.1), at(-90), at(0.2)}}, 1},
		{"glitch across segments", [][]trackPoint{{at(0), at(0.1)}, {at(1e5)}, {at(0.3)}}, 1},
		{"untimed points are not neighbours", [][]trackPoint{{{}, at(-1e5), {}, at(0), at(0.1)}}, 1},
		{"a day apart exactly stays", [][]trackPoint{{at(-24), at(0), at(0.1)}}, 0},
		{"two points far apart: nothing to tell", [][]trackPoint{{at(0), at(1e5)}}, 0},
		{"overnight gap between two halves stays", [][]trackPoint{{at(0), at(0.1), at(30), at(30.1)}}, 0},
		{"one point", [][]trackPoint{{at(0)}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for _, s := range tc.segs {
				n += len(s)
			}
			segs, dropped := dropClockGlitches(tc.segs)
			kept := 0
			for _, s := range segs {
				kept += len(s)
			}
			if len(dropped) != tc.drops || kept != n-tc.drops {
				t.Errorf("dropped %d, kept %d of %d; want %d dropped", len(dropped), kept, n, tc.drops)
			}
		})
	}
}

// A track with no clock glitch, the common case, costs no allocation.
func TestDropClockGlitchesNoAlloc(t *testing.T) {
	at := func(s int) trackPoint { return trackPoint{t: readT0.Add(time.Duration(s) * time.Second)} }
	seg := make([]trackPoint, 3600)
	for i := range seg {
		seg[i] = at(i)
	}
	segs := [][]trackPoint{seg[:1800], {{}}, seg[1800:]}
	if n := testing.AllocsPerRun(10, func() {
		if _, dropped := dropClockGlitches(segs); dropped != nil {
			t.Fatal("dropped points of a track without a glitch")
		}
	}); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

// TestReadTCXLapStartGlitch: a TCX lap start and first trackpoint from a
// reset clock do not stretch the activity either.
func TestReadTCXLapStartGlitch(t *testing.T) {
	start := readT0
	data := string(runTCX(start, 1200, 3600))
	early := start.Add(-gpsWeekRollover).Format(time.RFC3339)
	data = strings.Replace(data, `StartTime="`+start.Format(time.RFC3339), `StartTime="`+early, 1)
	data = strings.Replace(data, "<Time>"+start.Format(time.RFC3339), "<Time>"+early, 1)
	acts, err := DecodeTCX(strings.NewReader(data), "g.tcx")
	if err != nil || len(acts) != 1 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	a := acts[0]
	if !a.Start.Equal(start.Add(time.Second)) || a.Elapsed != 1198*time.Second {
		t.Errorf("start %v elapsed %v", a.Start, a.Elapsed)
	}
	if !fitHasWarning(a, "clock glitch") {
		t.Errorf("warnings %q", a.Warnings)
	}
}

// TestReadFITLongElapsed: a FIT session whose total_elapsed_time says 49.7
// days (2^32 ms) is dated by its records, with a warning, and the 21 runs of
// the next 7 weeks stay counted (issue 7).
func TestReadFITLongElapsed(t *testing.T) {
	tmp := t.TempDir()
	for i := range 36 {
		start := readT0.AddDate(0, 0, 7*(i/3)+2*(i%3)).Add(time.Duration(i%5) * time.Hour)
		data, _ := fitfile.Run(start, 40*time.Minute, fitfile.RunOptions{})
		if i == 0 {
			var s fitfile.Sequence
			t0 := fitfile.Time(start)
			s.FileID(fitfile.FileActivity, 1, 3113, t0)
			for k := 0; k <= 2400; k++ {
				s.Record(fitfile.Record{Time: t0 + uint32(k), Lat: 45 + float64(k)*3/111195, Lon: 7, HasPos: true,
					DistM: 3 * float64(k), HasDist: true})
			}
			s.Session(fitfile.Session{Start: t0, Timestamp: t0 + 2400, ElapsedS: 4294967.294, TimerS: 2400, DistM: 7200,
				AscentM: -1, Sport: fitfile.SportRunning})
			data = s.Bytes()
		}
		writeFile(t, filepath.Join(tmp, fmt.Sprintf("run%02d.fit", i)), data)
	}
	byS := checkSeason(t, tmp, 36)
	a := byS["run00.fit"]
	if !a.Start.Equal(readT0) || a.Elapsed != 40*time.Minute || a.Moving != 40*time.Minute {
		t.Errorf("long run: start %v elapsed %v moving %v", a.Start, a.Elapsed, a.Moving)
	}
	if !fitHasWarning(*a, "1193h2m47") || !fitHasWarning(*a, "records' span is used") {
		t.Errorf("long run warnings %q", a.Warnings)
	}
}

// TestReadTruncatedCopy: the first minutes of a FIT run, read in part,
// beside the whole file are one run, and the whole file is the one counted.
func TestReadTruncatedCopy(t *testing.T) {
	tmp := t.TempDir()
	whole, _ := fitfile.Run(readT0, time.Hour, fitfile.RunOptions{})
	writeFile(t, filepath.Join(tmp, "a", "run.fit"), whole)
	writeFile(t, filepath.Join(tmp, "b", "copy.fit"), whole[:len(whole)/6])
	b, err := Read(context.Background(), []string{tmp}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Activities) != 2 || len(b.Errors) != 1 {
		t.Fatalf("%d activities, errors %v", len(b.Activities), b.Errors)
	}
	byS := map[string]*Activity{}
	for i := range b.Activities {
		byS[b.Activities[i].Source] = &b.Activities[i]
	}
	w, c := byS["a/run.fit"], byS["b/copy.fit"]
	if w.DuplicateOf != "" || w.Partial || c.DuplicateOf != w.ID || !c.Partial {
		t.Errorf("whole: dup %q partial %v; copy: dup %q partial %v; want the copy a duplicate of the whole file",
			w.DuplicateOf, w.Partial, c.DuplicateOf, c.Partial)
	}
	if !fitHasWarning(*c, "a complete read is kept over a partial one") {
		t.Errorf("copy warnings %q", c.Warnings)
	}
}

// TestDecodeFITSessionStartGlitch: a session whose start_time is 1024
// weeks early holds none of its records by its range; the records' span
// dates it, with a warning.
func TestDecodeFITSessionStartGlitch(t *testing.T) {
	var s fitfile.Sequence
	fitSimpleRunWith(&s, fitfile.Session{Start: fitAt(0) - uint32(gpsWeekRollover/time.Second), Timestamp: 0, ElapsedS: 600,
		TimerS: 600, DistM: 1800, AscentM: -1, Sport: fitfile.SportRunning})
	a := fitMustDecode(t, s.Bytes(), 1)[0]
	if !a.Start.Equal(fitT0) || a.Elapsed != 10*time.Minute || len(a.Samples) != 601 || a.Samples[600].T != 10*time.Minute {
		t.Errorf("start %v elapsed %v samples %d", a.Start, a.Elapsed, len(a.Samples))
	}
	if !fitHasWarning(a, "records' span is used") {
		t.Errorf("warnings %q", a.Warnings)
	}
}

// fitSimpleRunWith is fitSimpleRun's ten minutes of records with session x.
func fitSimpleRunWith(s *fitfile.Sequence, x fitfile.Session) {
	s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
	fitRunRecords(s, 0, 600, 0)
	s.Session(x)
}
