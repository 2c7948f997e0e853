package demogen

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Season returns a seeded year-like plan for one athlete of a generated
// squad: weeks weeks of three to five runs (easy, tempo, a Saturday long
// run, now and then a trail run or a race) ending in the week of end, with
// a weekly volume that wanders and sometimes jumps (so some weeks break the
// 10% rule). Sessions are in start order, in New York time; the same seed
// gives the same plan. Each Session has one file, "runs/DATE-N.fit" or
// "runs/DATE-N.gpx.gz" (about one in three is GPX).
func Season(seed uint64, end time.Time, weeks int) []Session {
	rng := rand.New(rand.NewPCG(Seed, seed))
	monday := end.AddDate(0, 0, -((int(end.Weekday())+6)%7)-7*(weeks-1))
	base := 12 + rng.Float64()*28 // miles a week
	var out []Session
	for w := range weeks {
		vol := base * (1 + rng.NormFloat64()*0.06)
		switch r := rng.Float64(); {
		case r < 0.12:
			vol *= 1.3 // a jump
		case r < 0.2:
			vol *= 0.6 // an easy week
		}
		base = math.Max(8, math.Min(60, base*(1+rng.NormFloat64()*0.03)))
		days := []int{1, 3, 5} // Tue, Thu, Sat (days after Monday)
		if vol > 20 {
			days = []int{0, 1, 3, 5}
		}
		if vol > 35 {
			days = []int{0, 1, 2, 3, 5, 6}
		}
		for j, off := range days {
			d := monday.AddDate(0, 0, 7*w+off)
			if d.After(end) {
				break
			}
			kind, share := Easy, 1.0
			switch {
			case off == 5:
				kind, share = Long, 2.2
			case j == 1 && rng.Float64() < 0.5:
				kind = Tempo
			case rng.Float64() < 0.05:
				kind = Trail
			}
			miles := vol * share / (float64(len(days)) + 1.2)
			minutes := 360 + rng.IntN(120)
			start := newYork(time.Date(d.Year(), d.Month(), d.Day(), minutes/60, minutes%60, rng.IntN(60), 0, time.UTC))
			_, offS := start.Zone()
			s := Session{
				Index: len(out), Date: d, Start: start.UTC(), UTCOffset: int32(offS), Kind: kind, Sport: kind.Sport(),
				DistanceM: math.Round(miles*1609.344*100) / 100, Seed: seed<<20 | uint64(len(out)),
			}
			ext := ".fit"
			if rng.IntN(3) == 0 {
				ext = ".gpx.gz"
			}
			s.Files = []string{fmt.Sprintf("runs/%s-%d%s", d.Format("2006-01-02"), j, ext)}
			out = append(out, s)
		}
	}
	return out
}

// Athlete returns the files of one generated athlete (Season's sessions,
// simulated and encoded, and a legwork.toml naming the athlete, in New
// York, with one shoe), sorted by path.
func Athlete(seed uint64, name string, end time.Time, weeks int) ([]File, error) {
	plan := Season(seed, end, weeks)
	var files []File
	for i := range plan {
		tr := Simulate(plan[i])
		for _, p := range plan[i].Files {
			data, err := encode(tr, p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			files = append(files, File{Path: p, Data: data})
		}
	}
	from := end
	if len(plan) > 0 {
		from = plan[0].Date
	}
	toml := fmt.Sprintf(`[athlete]
name = %q
timezone = "America/New_York"

[[shoes]]
name = "Daily trainer"
from = %s
`, name, from.Format("2006-01-02"))
	files = append(files, File{Path: "legwork.toml", Data: []byte(toml)})
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}
