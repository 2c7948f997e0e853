package demogen

import (
	"fmt"
	"os"
	"path/filepath"
)

// History returns n FIT runs for benchmarks and cross-checks: the demo's
// plan (104 runs over 26 weeks) repeated back in time, 26 weeks earlier and
// with new seeds at each repetition, so no two runs overlap. 780 runs reach
// back 3¾ years from the demo's last week (≈28 MB, ≈1 M records). Paths
// are "REP-INDEX.fit".
func History(n int) ([]File, error) {
	plan := Plan()
	files := make([]File, 0, n)
	for rep := 0; len(files) < n; rep++ {
		for _, s := range plan {
			if len(files) == n {
				break
			}
			s.Start = s.Start.AddDate(0, 0, -7*26*rep)
			s.Date = s.Date.AddDate(0, 0, -7*26*rep)
			s.Seed += uint64(1000 * rep)
			b, err := EncodeFIT(Simulate(s))
			if err != nil {
				return nil, err
			}
			files = append(files, File{Path: fmt.Sprintf("%d-%03d.fit", rep, s.Index), Data: b})
		}
	}
	return files, nil
}

// WriteGPXHistory writes n Strava-style phone GPX files (.gpx.gz, the
// format of a Strava bulk export's activities/ folder) into dir: the demo's
// outdoor sessions repeated with dates shifted back by whole half-years and
// new seeds, newest first, for benchmarks of long GPX histories. It returns
// the bytes written.
func WriteGPXHistory(dir string, n int) (int64, error) {
	plan := Plan()
	var total int64
	written := 0
	for rep := 0; written < n; rep++ {
		for _, s := range plan {
			if written == n {
				break
			}
			if s.Kind == Treadmill {
				continue
			}
			s.Start = s.Start.AddDate(0, 0, -7*26*rep)
			s.Date = s.Date.AddDate(0, 0, -7*26*rep)
			s.Seed += uint64(1000 * rep)
			typ := "9"
			if s.Kind == Ride {
				typ = "1"
			}
			data, err := EncodeGPX(Simulate(s), activityName(&s), typ, "StravaGPX iPhone")
			if err == nil {
				data, err = gzipBytes(data)
			}
			if err != nil {
				return total, err
			}
			name := filepath.Join(dir, fmt.Sprintf("%d-%03d.gpx.gz", rep, s.Index))
			if err := os.WriteFile(name, data, 0o666); err != nil {
				return total, err
			}
			total += int64(len(data))
			written++
		}
	}
	return total, nil
}

// WriteTCXHistory writes n Garmin Connect TCX exports (.tcx, EncodeTCX)
// into dir: the demo's sessions, treadmill runs included, repeated with
// dates shifted back by whole half-years and new seeds as in
// WriteGPXHistory, for benchmarks of long TCX histories. Paths are
// "REP-INDEX.tcx". It returns the bytes written.
func WriteTCXHistory(dir string, n int) (int64, error) {
	plan := Plan()
	var total int64
	written := 0
	for rep := 0; written < n; rep++ {
		for _, s := range plan {
			if written == n {
				break
			}
			s.Start = s.Start.AddDate(0, 0, -7*26*rep)
			s.Date = s.Date.AddDate(0, 0, -7*26*rep)
			s.Seed += uint64(1000 * rep)
			data := EncodeTCX(Simulate(s), "Forerunner 945")
			name := filepath.Join(dir, fmt.Sprintf("%d-%03d.tcx", rep, s.Index))
			if err := os.WriteFile(name, data, 0o666); err != nil {
				return total, err
			}
			total += int64(len(data))
			written++
		}
	}
	return total, nil
}
