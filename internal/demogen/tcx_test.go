package demogen

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// TestTCXHistoryReadsBack writes a TCX history and reads it with legwork's
// own ingest.Read: every run as planned (start within 1 s, distance within
// 1 m, sport, moving time without the pause, heart rate, position and the
// New York offset outdoors on the plan's own dates).
func TestTCXHistoryReadsBack(t *testing.T) {
	const n = 110 // one repetition of the plan and a few of the next
	dir := t.TempDir()
	if _, err := WriteTCXHistory(dir, n); err != nil {
		t.Fatal(err)
	}
	batch, bySource := readBack(t, dir)

	plan := Plan()
	for i := range n {
		rep, s := i/len(plan), plan[i%len(plan)]
		s.Start = s.Start.AddDate(0, 0, -7*26*rep)
		path := fmt.Sprintf("%d-%03d.tcx", rep, s.Index) // sources are relative to the folder read
		a := bySource[path]
		if a == nil {
			t.Errorf("%s: not read", path)
			continue
		}
		// TCX says Running or Biking: no trail or treadmill.
		sport := "running"
		if s.Kind == Ride {
			sport = "cycling"
		}
		if a.Format != ingest.FormatTCX || string(a.Sport) != sport {
			t.Errorf("%s: format %q sport %q, want %q", path, a.Format, a.Sport, sport)
		}
		if d := a.Start.Sub(s.Start); d < -time.Second || d > time.Second {
			t.Errorf("%s: start %s, planned %s", path, a.Start, s.Start)
		}
		if !a.HasDistance || math.Abs(a.DistanceM-s.DistanceM) > 1 {
			t.Errorf("%s: distance %.2f m (has %v), planned %.2f m", path, a.DistanceM, a.HasDistance, s.DistanceM)
		}
		if d := a.Moving - (a.Elapsed - s.Pause); d < -time.Second || d > time.Second {
			t.Errorf("%s: moving %s, want elapsed %s minus the %s pause", path, a.Moving, a.Elapsed, s.Pause)
		}
		if a.MaxHR == 0 || a.MaxHR > HRMax || a.AvgHR < HRRest || a.NSamples < 100 || a.Device != "Forerunner 945" {
			t.Errorf("%s: HR avg %d max %d, %d samples, device %q", path, a.AvgHR, a.MaxHR, a.NSamples, a.Device)
		}
		if a.HasPosition == (s.Kind == Treadmill) {
			t.Errorf("%s: has position %v", path, a.HasPosition)
		}
		// The plan's offsets are those of its own dates (rep 0).
		if rep == 0 && s.Kind != Treadmill && a.UTCOffset != s.UTCOffset {
			t.Errorf("%s: offset %d s (%s), planned %d s", path, a.UTCOffset, a.OffsetSource, s.UTCOffset)
		}
	}
	if len(batch.Activities) != n {
		t.Errorf("%d activities, want %d", len(batch.Activities), n)
	}
}
