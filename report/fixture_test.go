package report

import (
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
)

// Hostile text from files and configuration: each must come out escaped.
const (
	evilShoe   = `</script><script>alert(1)</script>`
	evilSource = `runs/<img src=x onerror=alert(1)>.gpx`
	pipeShoe   = `Pegasus 40 & "daily" | trainer`
	evilName   = "Hills *and* [tempo] | with `Sam`\nsecond line <b>bold</b>"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptr(v float64) *float64 { return &v }

// richResult is a hand-built Result that exercises every part of the report:
// a week with no running, the incomplete as-of week, every flag kind, shoes
// in each status (and a retired one), problems of each kind, and names that
// need escaping. Its numbers are plausible, not computed by analyze.
func richResult() *analyze.Result {
	const km = 1000.0
	starts := []time.Time{}
	for i := range 10 {
		starts = append(starts, day(2026, 1, 5).AddDate(0, 0, 7*i))
	}
	dist := []float64{20, 22, 30, 0, 18, 19.5, 22, 21, 23, 15}
	loads := []float64{210, 240, 330, 0, 200, 220, 260, 250, 270, 140}
	runs := []int{4, 4, 5, 0, 4, 4, 7, 5, 5, 3}
	longest := []float64{8, 9, 12, 0, 7, 8, 6, 9, 21, 8}
	var weeks []analyze.Week
	for i, s := range starts {
		w := analyze.Week{
			Start: s, Runs: runs[i], DistanceM: dist[i] * km, Load: loads[i],
			Duration:    time.Duration(dist[i]*330) * time.Second,
			LongestRunM: longest[i] * km, RestDays: 7 - runs[i], Complete: i < 9, Days: 7,
		}
		if i > 0 && dist[i-1] > 0 {
			w.DistanceChangePct = ptr((dist[i] - dist[i-1]) / dist[i-1] * 100)
		}
		if i > 0 && loads[i-1] > 0 {
			w.LoadChangePct = ptr((loads[i] - loads[i-1]) / loads[i-1] * 100)
		}
		if i >= 4 {
			w.ACWR = ptr([]float64{0, 0, 0, 0, 1.21, 1.05, 1.12, 0.98, 1.62, 0.71}[i])
		}
		if w.Complete && dist[i] > 0 {
			w.Monotony = ptr([]float64{1.2, 1.3, 1.4, 0, 1.1, 1.2, 2.45, 1.5, 1.3, 0}[i])
		}
		if i == 9 {
			w.Days = 3
		}
		weeks = append(weeks, w)
	}

	run := func(id string, start time.Time, sport ingest.Sport, km float64, hr int, ld *float64) analyze.ActivityRow {
		local := start.Add(-5 * time.Hour) // UTC−5
		d := day(local.Year(), local.Month(), local.Day())
		wd := (int(d.Weekday()) + 6) % 7
		return analyze.ActivityRow{
			ID: id, Source: "garmin/" + id + ".fit", Format: "fit", Sport: sport, Device: "Garmin Forerunner 255",
			Start: start, UTCOffset: -5 * 3600, OffsetSource: "file",
			LocalDate: d, WeekStart: d.AddDate(0, 0, -wd),
			Elapsed: time.Duration(km*330+60) * time.Second, Moving: time.Duration(km*330) * time.Second,
			DistanceM: km * 1000, AvgHR: hr, MaxHR: hr + 20, Load: ld, Shoe: pipeShoe, Counted: true,
		}
	}
	acts := []analyze.ActivityRow{
		run("a01", time.Date(2026, 1, 20, 11, 0, 0, 0, time.UTC), "running", 12, 150, ptr(80)),
		run("a02", time.Date(2026, 1, 27, 11, 0, 0, 0, time.UTC), "running", 7, 140, ptr(40)),
		run("a03", time.Date(2026, 2, 14, 12, 30, 0, 0, time.UTC), "trail_running", 9.2, 155, ptr(95)),
		run("a04", time.Date(2026, 3, 2, 11, 5, 0, 0, time.UTC), "running", 6.4, 0, ptr(41)),
		run("a05", time.Date(2026, 3, 4, 22, 40, 0, 0, time.UTC), "treadmill_running", 5, 146, ptr(38)),
		run("a06", time.Date(2026, 3, 8, 13, 0, 0, 0, time.UTC), "running", 21.0975, 152, ptr(180)),
		run("a07", time.Date(2026, 3, 8, 13, 0, 2, 0, time.UTC), "running", 21.05, 152, ptr(179)),
		run("a08", time.Date(2026, 3, 9, 23, 0, 0, 0, time.UTC), "cycling", 30, 120, ptr(60)),
		run("a09", time.Date(2026, 3, 10, 11, 30, 0, 0, time.UTC), "running", 8, 148, ptr(62)),
		run("a10", time.Date(2026, 3, 11, 11, 0, 0, 0, time.UTC), "running", 7, 0, nil),
		run("a11", time.Date(2026, 3, 12, 11, 0, 0, 0, time.UTC), "running", 5, 140, ptr(30)), // after as-of
	}
	acts[3].LoadImputed = true
	acts[3].Shoe = evilShoe
	acts[4].Name = evilName
	acts[4].OffsetSource = "config"
	acts[5].Name = "Half marathon"
	acts[6].Source, acts[6].Format, acts[6].Counted, acts[6].DuplicateOf = evilSource, "gpx", false, "a06"
	acts[7].Counted, acts[7].Shoe = false, ""
	acts[8].Moving = 0 // only elapsed time known
	acts[9].Shoe = ""

	flags := []analyze.Flag{
		{Kind: "weekly_distance_spike", Severity: "high", Week: starts[2], Date: starts[2], Value: 36.36, Threshold: 10},
		{Kind: "weekly_load_spike", Severity: "high", Week: starts[2], Date: starts[2], Value: 37.5, Threshold: 10},
		{Kind: "weekly_load_spike", Severity: "caution", Week: starts[1], Date: starts[1], Value: 14.29, Threshold: 10},
		{Kind: "restart", Severity: "info", Week: starts[4], Date: starts[4], Value: 18000, Threshold: 0},
		{Kind: "return_after_break", Severity: "info", ActivityID: "a03", Date: day(2026, 2, 14), Value: 34, Threshold: 30},
		{Kind: "weekly_distance_spike", Severity: "caution", Week: starts[6], Date: starts[6], Value: 12.82, Threshold: 10},
		{Kind: "weekly_load_spike", Severity: "caution", Week: starts[6], Date: starts[6], Value: 18.18, Threshold: 10},
		{Kind: "no_rest_day", Severity: "caution", Week: starts[6], Date: starts[6], Value: 0, Threshold: 1},
		{Kind: "monotony_high", Severity: "caution", Week: starts[6], Date: starts[6], Value: 2.45, Threshold: 2},
		{Kind: "acwr_high", Severity: "caution", Week: starts[8], Date: starts[8], Value: 1.62, Threshold: 1.5},
		{Kind: "session_spike", Severity: "high", ActivityID: "a06", Date: day(2026, 3, 8), Value: 134.4, Threshold: 10},
		{Kind: "shoe_worn", Severity: "info", Shoe: pipeShoe, Date: day(2026, 2, 20), Value: 520 * km, Threshold: 482803.2},
		{Kind: "shoe_replace", Severity: "caution", Shoe: evilShoe, Date: day(2026, 3, 2), Value: 830 * km, Threshold: 804672},
	}

	return &analyze.Result{
		AsOf:           day(2026, 3, 11),
		Activities:     acts,
		Weeks:          weeks,
		Flags:          flags,
		HRMax:          188,
		HRMaxEstimated: true,
		HRRest:         50,
		Current: &analyze.CurrentWeek{
			Start: starts[9], DistanceM: 15 * km, LimitM: 25.3 * km, AllowanceM: 10.3 * km, HasLimit: true,
			Load: 140, LoadLimit: 297, LoadAllowance: 157, HasLoadLimit: true,
		},
		NextRunLimitM: 1.1 * 21.0975 * km,
		Shoes: []analyze.ShoeTotal{
			{Name: pipeShoe, Runs: 61, DistanceM: 520 * km, FirstRun: day(2025, 9, 1), LastRun: day(2026, 3, 10),
				WarnAtM: 482803.2, ReplaceAtM: 804672, Status: "worn", ReplaceBy: day(2026, 6, 14)},
			{Name: evilShoe, Runs: 80, DistanceM: 830 * km, FirstRun: day(2025, 6, 1), LastRun: day(2026, 3, 2),
				WarnAtM: 482803.2, ReplaceAtM: 804672, Status: "replace"},
			{Name: "Vaporfly <b>race</b>", Runs: 3, DistanceM: 62 * km, FirstRun: day(2026, 1, 10), LastRun: day(2026, 2, 28),
				WarnAtM: 300 * km, ReplaceAtM: 400 * km, Status: "ok"},
			{Name: "Old Clifton", Runs: 120, DistanceM: 700 * km, FirstRun: day(2024, 10, 1), LastRun: day(2025, 8, 30),
				WarnAtM: 482803.2, ReplaceAtM: 804672, Retired: true, Status: "worn"},
		},
		Problems: []analyze.Problem{
			{Source: "garmin/truncated.fit", Kind: "error", Message: "fit: record 212 (near byte 9120): unexpected EOF"},
			{Source: evilSource, Kind: "error", Message: "gpx:14: XML syntax error on line 14: unexpected EOF"},
			{Source: "garmin/settings.fit", Kind: "skipped", Message: "FIT file type settings holds no activity"},
			{Source: "strava/waypoints.gpx", Kind: "skipped", Message: "GPX file has no track"},
			{Source: "strava/untyped.gpx", Kind: "warning", Message: "track has no type: assumed running"},
			{Kind: "warning", Message: "athlete.sex not set: training load uses the male TRIMP coefficients"},
		},
	}
}
