package demogen

import (
	"bytes"
	"strings"
	"testing"
)

// A season is a pure function of its seed, ends by its end date, mixes
// FIT and GPX, and varies its weekly volume enough to break the 10% rule.
func TestSeason(t *testing.T) {
	a, b := Season(7, AsOf(), 52), Season(7, AsOf(), 52)
	if len(a) < 52*3 || len(a) != len(b) {
		t.Fatalf("%d and %d sessions", len(a), len(b))
	}
	fit, gpx := 0, 0
	weekly := map[int]float64{}
	for i := range a {
		if a[i].Start != b[i].Start || a[i].DistanceM != b[i].DistanceM || a[i].Files[0] != b[i].Files[0] {
			t.Fatalf("session %d differs between calls", i)
		}
		if a[i].Date.After(AsOf()) {
			t.Errorf("session %d on %s, after the end", i, a[i].Date)
		}
		if strings.HasSuffix(a[i].Files[0], ".fit") {
			fit++
		} else {
			gpx++
		}
		weekly[int(AsOf().Sub(a[i].Date).Hours()/24/7)] += a[i].DistanceM
	}
	if fit == 0 || gpx == 0 {
		t.Errorf("%d FIT and %d GPX files, want both", fit, gpx)
	}
	jumps := 0
	for w := 1; w < 52; w++ {
		if weekly[w] > 0 && weekly[w-1] > 1.1*weekly[w] {
			jumps++
		}
	}
	if jumps == 0 {
		t.Error("no week rises more than 10%")
	}
	if c := Season(8, AsOf(), 52); c[0].DistanceM == a[0].DistanceM && c[1].DistanceM == a[1].DistanceM {
		t.Error("another seed gives the same season")
	}
}

func TestAthleteFiles(t *testing.T) {
	files, err := Athlete(3, `Sam "Quick" O'Neil`, AsOf(), 2)
	if err != nil {
		t.Fatal(err)
	}
	var toml []byte
	for _, f := range files {
		if f.Path == "legwork.toml" {
			toml = f.Data
		}
	}
	if !bytes.Contains(toml, []byte(`name = "Sam \"Quick\" O'Neil"`)) || len(files) < 4 {
		t.Errorf("%d files, legwork.toml:\n%s", len(files), toml)
	}
}
