package demogen

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
)

// History returns n FIT runs for benchmarks and cross-checks: the demo's
// plan (104 runs over 26 weeks) repeated back in time, 26 weeks earlier and
// with new seeds at each repetition, so no two runs overlap. 780 runs reach
// back 3¾ years from the demo's last week (33 MB, 1.42 M records). Paths
// are "REP-INDEX.fit".
func History(n int) ([]File, error) {
	files := make([]File, 0, n)
	for rep, s := range repeatPlan(n, allSessions) {
		b, err := EncodeFIT(Simulate(s))
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: fmt.Sprintf("%d-%03d.fit", rep, s.Index), Data: b})
	}
	return files, nil
}

// repeatPlan yields the first n sessions of the demo's plan that keep
// accepts, the plan repeated back in time: each repetition rep is 26 weeks
// earlier than the one before and has new seeds, so no two overlap.
func repeatPlan(n int, keep func(*Session) bool) iter.Seq2[int, Session] {
	return func(yield func(int, Session) bool) {
		plan := Plan()
		if n <= 0 || !slices.ContainsFunc(plan, func(s Session) bool { return keep(&s) }) {
			return
		}
		for rep, done := 0, 0; ; rep++ {
			for _, s := range plan {
				if !keep(&s) {
					continue
				}
				s.Start = s.Start.AddDate(0, 0, -7*26*rep)
				s.Date = s.Date.AddDate(0, 0, -7*26*rep)
				s.Seed += uint64(1000 * rep)
				if !yield(rep, s) {
					return
				}
				if done++; done == n {
					return
				}
			}
		}
	}
}

func allSessions(*Session) bool { return true }

// WriteGPXHistory writes n Strava-style phone GPX files (.gpx.gz, the
// format of a Strava bulk export's activities/ folder) into dir: the demo's
// outdoor sessions repeated with dates shifted back by whole half-years and
// new seeds, newest first, for benchmarks of long GPX histories. It returns
// the bytes written.
func WriteGPXHistory(dir string, n int) (int64, error) {
	outdoor := func(s *Session) bool { return s.Kind != Treadmill }
	return writeHistory(dir, n, outdoor, func(rep int, s *Session) (string, []byte, error) {
		typ := "9"
		if s.Kind == Ride {
			typ = "1"
		}
		data, err := EncodeGPX(Simulate(*s), activityName(s), typ, "StravaGPX iPhone")
		if err == nil {
			data, err = gzipBytes(data)
		}
		return fmt.Sprintf("%d-%03d.gpx.gz", rep, s.Index), data, err
	})
}

// WriteTCXHistory writes n Garmin Connect TCX exports (.tcx, EncodeTCX)
// into dir: the demo's sessions, treadmill runs included, repeated with
// dates shifted back by whole half-years and new seeds as in
// WriteGPXHistory, for benchmarks of long TCX histories. Paths are
// "REP-INDEX.tcx". It returns the bytes written.
func WriteTCXHistory(dir string, n int) (int64, error) {
	return writeHistory(dir, n, allSessions, func(rep int, s *Session) (string, []byte, error) {
		return fmt.Sprintf("%d-%03d.tcx", rep, s.Index), EncodeTCX(Simulate(*s), "Forerunner 945"), nil
	})
}

// writeHistory writes into dir the file encode makes of each of the n
// sessions repeatPlan yields, and returns the bytes written.
func writeHistory(dir string, n int, keep func(*Session) bool, encode func(rep int, s *Session) (name string, data []byte, err error)) (int64, error) {
	var total int64
	for rep, s := range repeatPlan(n, keep) {
		name, data, err := encode(rep, &s)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), data, 0o666)
		}
		if err != nil {
			return total, err
		}
		total += int64(len(data))
	}
	return total, nil
}
