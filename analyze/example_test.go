package analyze_test

import (
	"fmt"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
)

func ExampleAnalyze() {
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
	cfg := analyze.Config{WeekStart: time.Monday}
	res := analyze.Analyze(acts, cfg, time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC))

	for _, w := range res.Weeks {
		fmt.Printf("%s %4.1f km complete=%v\n", w.Start.Format(time.DateOnly), w.DistanceM/1000, w.Complete)
	}
	for _, f := range res.Flags {
		fmt.Printf("%s %s: %+.0f%% (threshold %g%%)\n", f.Kind, f.Severity, f.Value, f.Threshold)
	}
	fmt.Printf("this week: %.1f km left of %.1f km\n", res.Current.AllowanceM/1000, res.Current.LimitM/1000)
	// Output:
	// 2026-03-02 30.0 km complete=true
	// 2026-03-09 36.0 km complete=true
	// 2026-03-16  6.0 km complete=false
	// weekly_distance_spike caution: +20% (threshold 10%)
	// this week: 33.6 km left of 39.6 km
}

func ExampleCompare() {
	mon := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC) // a Monday, 07:00 UTC
	run := func(id string, days int, km float64) ingest.Activity {
		return ingest.Activity{ID: id, Source: id + ".fit", Format: "fit", Sport: "running",
			Start: mon.AddDate(0, 0, days), Elapsed: time.Hour, DistanceM: km * 1000, HasDistance: true}
	}
	cfg := analyze.Config{WeekStart: time.Monday}
	asOf := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	last := []ingest.Activity{run("a", 0, 10), run("b", 2, 10), run("c", 7, 10), run("d", 9, 10)}
	yesterday := analyze.Analyze(last, cfg, asOf)
	today := analyze.Analyze(append(last, run("e", 12, 4)), cfg, asOf) // 24 km after 20: +20%

	c := analyze.Compare(yesterday, today)
	for _, a := range c.Added {
		fmt.Println("added", a.ID)
	}
	for _, f := range c.New {
		fmt.Println("new", f.Kind, f.Severity, f.Week.Format(time.DateOnly))
	}
	fmt.Println("first run:", analyze.Compare(nil, today) == nil)
	// Output:
	// added e
	// new weekly_distance_spike caution 2026-03-09
	// first run: true
}
