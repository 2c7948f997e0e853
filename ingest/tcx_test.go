package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func decodeTCXFile(t *testing.T, name string) ([]Activity, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "tcx", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return DecodeTCX(f, name)
}

func TestDecodeTCXFixtures(t *testing.T) {
	type want struct {
		index           int
		sport           Sport
		start           string
		elapsed, moving time.Duration
		distanceM       float64
		avgHR, maxHR    int
		samples         int
		position        bool
		device          string
		warning         string
	}
	tests := []struct {
		file string
		acts []want
	}{
		{"lowercase-sport.tcx", []want{{0, "running", "2015-05-10T14:13:32Z", 61 * time.Second, 61 * time.Second, 113, 140, 153, 2, true, "", ""}}},
		{"two-activities.tcx", []want{
			{0, "running", "2024-05-01T06:00:00Z", 15 * time.Minute, 15 * time.Minute, 3000.5, 0, 0, 3, false, "Forerunner 945", ""},
			{1, "cycling", "2024-05-02T17:00:00Z", time.Hour, time.Hour, 30000, 0, 0, 2, false, "", ""},
		}},
		{"multisport.tcx", []want{
			{0, "cycling", "2024-06-01T08:00:00Z", time.Hour, time.Hour, 35000, 0, 0, 2, false, "", ""},
			{1, "running", "2024-06-01T09:02:00Z", 25 * time.Minute, 25 * time.Minute, 5000, 0, 0, 2, false, "", ""},
		}},
		// <Id> says 11:19:00 (rounded); the lap says 11:19:33.
		{"treadmill.tcx", []want{{0, "running", "2020-02-02T11:19:33Z", 30 * time.Minute, 30 * time.Minute, 5000, 140, 170, 3, false, "", ""}}},
		{"untyped-offset.tcx", []want{{0, "running", "2016-04-10T17:40:58Z", 20 * time.Minute, 20 * time.Minute, 3600, 0, 0, 2, false, "", "taken for running"}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			acts, err := decodeTCXFile(t, tc.file)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(acts) != len(tc.acts) {
				t.Fatalf("%d activities, want %d", len(acts), len(tc.acts))
			}
			for i, w := range tc.acts {
				a := &acts[i]
				start, _ := time.Parse(time.RFC3339, w.start)
				if a.Session != w.index || a.Sport != w.sport || !a.Start.Equal(start) {
					t.Errorf("#%d: index %d sport %q start %v, want %d %q %v", i, a.Session, a.Sport, a.Start, w.index, w.sport, start)
				}
				if a.Elapsed != w.elapsed || a.Moving != w.moving {
					t.Errorf("#%d: elapsed %v moving %v, want %v %v", i, a.Elapsed, a.Moving, w.elapsed, w.moving)
				}
				if a.DistanceM != w.distanceM || !a.HasDistance {
					t.Errorf("#%d: distance %v (has %v), want %v", i, a.DistanceM, a.HasDistance, w.distanceM)
				}
				if a.AvgHR != w.avgHR || a.MaxHR != w.maxHR {
					t.Errorf("#%d: HR avg %d max %d, want %d %d", i, a.AvgHR, a.MaxHR, w.avgHR, w.maxHR)
				}
				if len(a.Samples) != w.samples || a.HasPosition != w.position || a.Device != w.device {
					t.Errorf("#%d: %d samples, position %v, device %q; want %d %v %q", i, len(a.Samples), a.HasPosition, a.Device, w.samples, w.position, w.device)
				}
				if w.warning != "" && !hasWarning(a, w.warning) {
					t.Errorf("#%d: warnings %q lack %q", i, a.Warnings, w.warning)
				}
				if a.Format != "tcx" || a.Source != tc.file {
					t.Errorf("#%d: format %q source %q", i, a.Format, a.Source)
				}
			}
		})
	}
}

func TestDecodeTCXErrors(t *testing.T) {
	acts, err := decodeTCXFile(t, "course-only.tcx")
	var de *DecodeError
	if !errors.As(err, &de) || !de.Skipped() || !strings.Contains(err.Error(), "only 1 course") || len(acts) != 0 {
		t.Errorf("course-only: want ErrNoActivity naming the course, got %v", err)
	}

	acts, err = decodeTCXFile(t, "syntax-error.tcx")
	if !errors.As(err, &de) || de.Skipped() || de.Line != 9 || de.Format != "tcx" || len(acts) != 0 {
		t.Errorf("syntax error: want a DecodeError at line 9, got %v (%d activities)", err, len(acts))
	}

	for _, in := range []string{"", "<gpx/>", "<TrainingCenterDatabase/>", "<TrainingCenterDatabase><Activities><Activity/></Activities></TrainingCenterDatabase>", "\x00\x01"} {
		acts, err := DecodeTCX(strings.NewReader(in), "junk.tcx")
		if !errors.As(err, &de) || de.Path != "junk.tcx" || len(acts) != 0 {
			t.Errorf("%q: want a DecodeError for junk.tcx, got %v", in, err)
		}
	}
}
