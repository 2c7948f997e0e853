package ingest_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/fitfile"
)

// These tests take issue 7's "one bad timestamp swallows weeks of runs"
// cases through Read and analyze.Analyze: 36 runs of 5400 m in 12 weeks,
// one of them with a broken clock, must give 12 weeks of 3 runs each.

var seasonT0 = time.Date(2025, 9, 1, 6, 0, 0, 0, time.UTC) // a Monday

// seasonStart is run i's start: three runs a week, Monday, Wednesday, Friday.
func seasonStart(i int) time.Time { return seasonT0.AddDate(0, 0, 7*(i/3)+2*(i%3)) }

// seasonGPX is a 30-minute run of 5400 m due north from 40 N 3 W (no
// time zone lookup needed: the zone finder sees a position in Spain, but
// every run is at 06:00 UTC, 08:00 local, well inside its day).
func seasonGPX(start time.Time, firstShift time.Duration) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>`)
	const earthR = 6371008.8
	for i := 0; i <= 1800; i++ {
		lat := 40 + (3*float64(i)/earthR)*180/math.Pi
		t := start.Add(time.Duration(i) * time.Second)
		if i == 0 {
			t = t.Add(firstShift)
		}
		fmt.Fprintf(&b, `<trkpt lat="%.9f" lon="-3"><time>%s</time></trkpt>`, lat, t.Format(time.RFC3339))
	}
	b.WriteString(`</trkseg></trk></gpx>`)
	return []byte(b.String())
}

func seasonWeeks(t *testing.T, dir string) *analyze.Result {
	t.Helper()
	b, err := ingest.Read(context.Background(), []string{dir}, ingest.Options{Zone: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) != 0 {
		t.Fatalf("errors: %v", b.Errors)
	}
	res := analyze.Analyze(b.Activities, analyze.Config{WeekStart: time.Monday, Units: "km"}, seasonT0.AddDate(0, 0, 7*12-1))
	if len(res.Weeks) != 12 {
		t.Fatalf("%d weeks, want 12 (first %v)", len(res.Weeks), res.Weeks[0].Start)
	}
	for _, w := range res.Weeks {
		if w.Runs != 3 || math.Abs(w.DistanceM-3*5400) > 20 {
			t.Errorf("week of %s: %d runs, %.0f m; want 3 runs, 16200 m", w.Start.Format(time.DateOnly), w.Runs, w.DistanceM)
		}
	}
	return res
}

func TestWeeksGPSWeekRollover(t *testing.T) {
	tmp := t.TempDir()
	for i := range 36 {
		shift := time.Duration(0)
		if i == 4 {
			shift = -1024 * 7 * 24 * time.Hour
		}
		if err := os.WriteFile(filepath.Join(tmp, fmt.Sprintf("r%02d.gpx", i)), seasonGPX(seasonStart(i), shift), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := seasonWeeks(t, tmp)
	found := false
	for _, p := range res.Problems {
		found = found || p.Source == "r04.gpx" && strings.Contains(p.Message, "clock glitch")
	}
	if !found {
		t.Errorf("no data-quality warning for r04.gpx: %+v", res.Problems)
	}
}

func TestWeeksFITLongElapsed(t *testing.T) {
	tmp := t.TempDir()
	for i := range 36 {
		start := seasonStart(i)
		var s fitfile.Sequence
		t0 := fitfile.Time(start)
		s.FileID(fitfile.FileActivity, 1, 3113, t0)
		for k := 0; k <= 1800; k++ {
			s.Record(fitfile.Record{Time: t0 + uint32(k), Lat: 40 + 3*float64(k)/111195, Lon: -3, HasPos: true,
				DistM: 3 * float64(k), HasDist: true})
		}
		elapsed := 1800.0
		if i == 0 {
			elapsed = 4294967.294 // 49.7 days, shown as 1193h2m47s
		}
		s.Session(fitfile.Session{Start: t0, Timestamp: t0 + 1800, ElapsedS: elapsed, TimerS: 1800, DistM: 5400,
			AscentM: -1, Sport: fitfile.SportRunning})
		if err := os.WriteFile(filepath.Join(tmp, fmt.Sprintf("r%02d.fit", i)), s.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seasonWeeks(t, tmp)
}
