package demogen

import "fmt"

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
