package ingest

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/ringsaturn/tzf"
)

// TestLazyFinderMatchesDefault holds the finder Read uses (tiles first,
// polygons loaded on first need) to tzf's DefaultFinder: the same zone for
// border towns, lines of points across borders, the sea, and a spread of
// points over the globe.
func TestLazyFinderMatchesDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("loads both finders")
	}
	want, err := tzf.NewDefaultFinder()
	if err != nil {
		t.Fatal(err)
	}
	got, err := newTZFFinder()
	if err != nil {
		t.Fatal(err)
	}
	type pt struct {
		name     string
		lat, lon float64
	}
	points := []pt{
		{"Strasbourg", 48.5734, 7.7521}, {"Kehl", 48.5722, 7.8157},
		{"El Paso", 31.7619, -106.4850}, {"Ciudad Juárez", 31.6904, -106.4245},
		{"Detroit", 42.3314, -83.0458}, {"Windsor", 42.3149, -83.0364},
		{"Basel", 47.5596, 7.5886}, {"Saint-Louis", 47.5900, 7.5600},
		{"Gary IN", 41.5934, -87.3464}, {"Window Rock (Navajo)", 35.6803, -109.0526}, {"Tuba City", 36.1350, -111.2399},
		{"Broken Hill", -31.9539, 141.4539}, {"Lord Howe", -31.5553, 159.0821}, {"Kyiv", 50.4501, 30.5234},
		{"mid-Atlantic", 0.5, -30}, {"north Pacific", 40, -150}, {"Baltic", 55.5, 17.5}, {"Irish Sea", 53.8, -5.2},
		{"Lake Constance", 47.6, 9.4}, {"Central Park", 40.7812, -73.9665},
	}
	// Lines across the Rhine, the Detroit River and the Rio Grande.
	for i := range 200 {
		f := float64(i) / 199
		points = append(points,
			pt{"Rhine", 48.57, 7.70 + 0.15*f},
			pt{"Detroit River", 42.28 + 0.08*f, -83.10 + 0.10*f},
			pt{"Rio Grande", 31.70 + 0.10*f, -106.55 + 0.15*f})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		points = append(points, pt{"globe", rng.Float64()*170 - 85, rng.Float64()*360 - 180})
	}
	for _, p := range points {
		if g, w := got.GetTimezoneName(p.lon, p.lat), want.GetTimezoneName(p.lon, p.lat); g != w {
			t.Errorf("%s (%g, %g): %q, DefaultFinder says %q", p.name, p.lat, p.lon, g, w)
		}
	}
	for _, p := range points[:4] {
		t.Logf("%s: %s", p.name, got.GetTimezoneName(p.lon, p.lat))
	}
}

// The tzf table is loaded once per process, however many Reads need a
// position's zone, with a Cache (as legwork run and each athlete of a
// squad read) or without one.
func TestTZFLoadedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the tzf zone table")
	}
	if _, err := tzfFinder(); err != nil {
		t.Fatal(err)
	}
	loads := tzfLoads.Load()
	tmp := t.TempDir()
	for i, lat := range []float64{60.17, 41.9, 40.7} {
		dir := filepath.Join(tmp, fmt.Sprint(i))
		writeFile(t, filepath.Join(dir, "run.gpx"), runGPX(time.Date(2024, 1, 15, 5, 0, 0, 0, time.UTC), lat, 12.5, 10))
		opt := Options{}
		if i < 2 {
			c, _ := OpenCache(filepath.Join(tmp, fmt.Sprint("cache", i)), "test")
			opt.Cache = c
		}
		b, err := Read(t.Context(), []string{dir}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if a := b.Activities[0]; a.OffsetSource != OffsetFromPosition {
			t.Fatalf("read %d: offset from %q, want the position", i, a.OffsetSource)
		}
	}
	if n := tzfLoads.Load() - loads; n != 0 {
		t.Errorf("three Reads loaded the zone table %d more times, want 0", n)
	}
}
