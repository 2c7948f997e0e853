package phrase_test

import (
	"fmt"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

func ExampleFlags() {
	mon := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC) // a Monday, 07:00 UTC
	run := func(id string, days int, km float64) ingest.Activity {
		return ingest.Activity{ID: id, Source: id + ".fit", Format: "fit", Sport: "running",
			Start: mon.AddDate(0, 0, days), Elapsed: time.Hour, DistanceM: km * 1000, HasDistance: true}
	}
	acts := []ingest.Activity{
		run("a", 0, 8), run("b", 2, 8), run("c", 5, 14), // 30 km
		run("d", 7, 10), run("e", 9, 10), run("f", 12, 16), // 36 km: +20%
		run("g", 14, 6), // the current week so far
	}
	res := analyze.Analyze(acts, analyze.Config{WeekStart: time.Monday}, time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC))
	for i, msg := range phrase.Flags(res, units.Kilometres) {
		fmt.Printf("%s %s: %s\n", res.Flags[i].Kind, res.Flags[i].Severity, msg)
	}
	// Output:
	// weekly_distance_spike caution: Week of 2026-03-09: 36.0 km, up 20% (+6.0 km) on the week before; the 10% rule allows 33.0 km.
}
