package demogen

import (
	"context"
	"log/slog"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// TestIngestReadsDemo reads the demo with legwork's own ingest.Read and
// checks every activity against the plan: start within 1 s, distance
// within 1 m, sport, offset, gear, position and the duplicate.
func TestIngestReadsDemo(t *testing.T) {
	files, err := built()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "demo")
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	batch, bySource := readBack(t, dir)
	for _, a := range bySource {
		if a.Session != 0 {
			t.Errorf("%s: session index %d, want one session per file", a.Source, a.Session)
		}
	}
	plan := Plan()
	want := 0
	for _, s := range plan {
		for k, path := range s.Files {
			want++
			a := bySource[path]
			if a == nil {
				t.Errorf("%s: not read by ingest", path)
				continue
			}
			if d := a.Start.Sub(s.Start); d < -time.Second || d > time.Second {
				t.Errorf("%s: start %s, planned %s", path, a.Start, s.Start)
			}
			if !a.HasDistance || math.Abs(a.DistanceM-s.DistanceM) > 1 {
				t.Errorf("%s: distance %.2f m (has %v), planned %.2f m", path, a.DistanceM, a.HasDistance, s.DistanceM)
			}
			if string(a.Sport) != s.Sport {
				t.Errorf("%s: sport %q, planned %q", path, a.Sport, s.Sport)
			}
			if a.UTCOffset != s.UTCOffset {
				t.Errorf("%s: offset %d s (%s), planned %d s", path, a.UTCOffset, a.OffsetSource, s.UTCOffset)
			}
			if strings.Contains(path, ".fit") && a.OffsetSource != "file" {
				t.Errorf("%s: offset from %q, want the FIT activity's local_timestamp", path, a.OffsetSource)
			}
			if a.HasPosition == (s.Kind == Treadmill) {
				t.Errorf("%s: has position %v", path, a.HasPosition)
			}
			if a.Gear != s.Gear {
				t.Errorf("%s: gear %q, planned %q", path, a.Gear, s.Gear)
			}
			if a.MaxHR == 0 || a.MaxHR > HRMax || a.NSamples < 100 || a.HR.Peak10sMedian == 0 || len(a.HR.Steps) == 0 {
				t.Errorf("%s: max HR %d, %d samples, HR summary %+v", path, a.MaxHR, a.NSamples, a.HR)
			}
			if timer := a.Elapsed - s.Pause; s.Pause > 0 && strings.Contains(path, ".fit") && a.Moving != timer {
				t.Errorf("%s: moving %s, want elapsed %s minus the %s pause", path, a.Moving, a.Elapsed, s.Pause)
			}
			dup := a.DuplicateOf != ""
			if dup != (k > 0) {
				t.Errorf("%s: duplicate of %q", path, a.DuplicateOf)
			} else if dup && a.DuplicateOf != bySource[s.Files[0]].ID {
				t.Errorf("%s: duplicate of %q, want %q", path, a.DuplicateOf, bySource[s.Files[0]].ID)
			}
		}
	}
	t.Logf("ingest read %d activities from %d files", len(batch.Activities), batch.Files)
	if len(batch.Activities) != want {
		t.Errorf("ingest found %d activities, the plan has %d files", len(batch.Activities), want)
	}
}

// readBack reads dir with ingest, fails t on any file error, and returns
// the batch and its activities by source.
func readBack(t *testing.T, dir string) (*ingest.Batch, map[string]*ingest.Activity) {
	t.Helper()
	batch, err := ingest.Read(context.Background(), []string{dir}, ingest.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range batch.Errors {
		t.Errorf("ingest error: %v", e)
	}
	bySource := map[string]*ingest.Activity{}
	for i := range batch.Activities {
		a := &batch.Activities[i]
		bySource[a.Source] = a
	}
	return batch, bySource
}
