package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

func TestNiceStep(t *testing.T) {
	tests := []struct{ max, want float64 }{
		{4, 1}, {7, 2}, {10, 2.5}, {18.6, 5}, {30, 10}, {330, 100}, {1900, 500}, {0.3, 0.1},
	}
	for _, tc := range tests {
		if got := niceStep(tc.max); got != tc.want {
			t.Errorf("niceStep(%v) = %v, want %v", tc.max, got, tc.want)
		}
	}
}

func TestBarChartMarks(t *testing.T) {
	r := richResult()
	u, _ := parseUnits("km")
	charts, _ := weekCharts(r, u, 10)
	if len(charts) != 2 {
		t.Fatalf("%d weekly charts, want distance and load", len(charts))
	}
	dist := charts[0]
	if len(dist.Bars) != len(r.Weeks) {
		t.Fatalf("%d bars for %d weeks", len(dist.Bars), len(r.Weeks))
	}
	for i, b := range dist.Bars {
		spike := i == 2 || i == 6 // weekly_distance_spike flags in richResult
		if got := b.Fill == colSpike || b.Stroke == colSpike; got != spike {
			t.Errorf("bar %d (%s) red = %v, want %v", i, b.Tip, got, spike)
		}
		if b.Dash != (i == len(r.Weeks)-1) {
			t.Errorf("bar %d dashed = %v; only the as-of week is drawn as an outline", i, b.Dash)
		}
	}
	// A limit for every week whose previous week had running: not the first,
	// not the week after the zero week.
	if len(dist.Limits) != len(r.Weeks)-2 {
		t.Errorf("%d limit marks, want %d", len(dist.Limits), len(r.Weeks)-2)
	}
	// The as-of week's limit is last week + 10%: 23 km × 1.1 = 25.3 km.
	if tip := dist.Limits[len(dist.Limits)-1].Tip; !strings.HasSuffix(tip, "25.3 km") {
		t.Errorf("as-of week limit %q, want 25.3 km", tip)
	}
	// The gridlines cover the highest bar and limit.
	top, _ := strconv.ParseFloat(dist.Grid[len(dist.Grid)-1].Label, 64)
	if top < 33 { // week 3's limit: 30 km × 1.1
		t.Errorf("top gridline %v is below the highest limit 33", top)
	}

	// Only the last chartWeeks weeks are drawn, and the newest is labelled.
	long := &analyze.Result{AsOf: day(2026, 3, 11)}
	for i := range chartWeeks + 14 {
		long.Weeks = append(long.Weeks, analyze.Week{Start: day(2025, 6, 2).AddDate(0, 0, 7*i), DistanceM: float64(1000 * (i + 1)), Complete: true})
	}
	charts, noLoad := weekCharts(long, u, 10)
	if len(charts) != 1 || noLoad == "" {
		t.Errorf("no load in any week: want only the distance chart and a reason, got %d charts, %q", len(charts), noLoad)
	}
	c := charts[0]
	if len(c.Bars) != chartWeeks || len(c.Limits) != chartWeeks {
		t.Errorf("%d bars and %d limits, want %d of each", len(c.Bars), len(c.Limits), chartWeeks)
	}
	if lbl := c.XLabels[len(c.XLabels)-1].Text; lbl != shortDate(long.Weeks[len(long.Weeks)-1].Start) {
		t.Errorf("last x label %q, want the newest week", lbl)
	}
	if len(c.XLabels) > 7 {
		t.Errorf("%d x labels crowd a phone-width chart", len(c.XLabels))
	}
	if c.Note != "" {
		t.Errorf("chart with running has note %q", c.Note)
	}

	// Weeks without running still draw (an axis from 0 to 1) and say so.
	idle := &analyze.Result{AsOf: day(2026, 3, 11), Weeks: []analyze.Week{{Start: day(2026, 3, 2), Complete: true}, {Start: day(2026, 3, 9)}}}
	charts, _ = weekCharts(idle, u, 10)
	if c := charts[0]; c.Note == "" || len(c.Grid) != 2 || c.Grid[1].Label != "1" {
		t.Errorf("idle chart: note %q, grid %+v", c.Note, c.Grid)
	}
}

func TestShoeChart(t *testing.T) {
	u, _ := parseUnits("mi")
	c := shoeChart(richResult().Shoes, u)
	if len(c.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(c.Rows))
	}
	want := []string{colWorn, colSpike, colBar, colRetired}
	for i, row := range c.Rows {
		if row.Colour != want[i] {
			t.Errorf("row %d (%s) colour %s, want %s", i, row.Name, row.Colour, want[i])
		}
	}
	// The shoe past replace_at has the longest bar, and its bar passes its mark.
	bar, _ := strconv.ParseFloat(strings.TrimSuffix(c.Rows[1].BarW, "%"), 64)
	mark, _ := strconv.ParseFloat(strings.TrimSuffix(c.Rows[1].ReplaceX, "%"), 64)
	if bar <= mark || bar > 100 {
		t.Errorf("replace shoe bar %v%% vs replace mark %v%%", bar, mark)
	}
}

// TestAnalyzedResult renders what analyze itself produces from a long,
// synthetic history: a spike, a week off, heart rate, a shoe. It checks the
// report agrees with the Result rather than with hand-made numbers.
func TestAnalyzedResult(t *testing.T) {
	mon := time.Date(2025, 1, 6, 12, 0, 0, 0, time.UTC) // a Monday
	var acts []ingest.Activity
	id := 0
	add := func(start time.Time, km float64) {
		id++
		var samples []ingest.Sample
		for s := time.Duration(0); s < time.Duration(km*330)*time.Second; s += 5 * time.Second {
			samples = append(samples, ingest.Sample{T: s, HR: 150})
		}
		a := ingest.Activity{
			ID: "r" + strconv.Itoa(id), Source: "runs/" + strconv.Itoa(id) + ".fit", Format: "fit", Sport: "running",
			Start: start, Elapsed: time.Duration(km*330) * time.Second, Moving: time.Duration(km*330) * time.Second,
			DistanceM: km * 1000, HasDistance: true, Samples: samples, OffsetSource: "file",
		}
		a.Summarize()
		acts = append(acts, a)
	}
	for w := range 40 {
		if w == 20 {
			continue // a week off
		}
		km := 6.0
		if w == 30 {
			km = 9 // +50%
		}
		for _, d := range []int{0, 2, 4} {
			add(mon.AddDate(0, 0, 7*w+d), km)
		}
	}
	cfg := analyze.Config{WeekStart: time.Monday, HRMax: 190, HRRest: 50, IncreasePct: 10, Units: "km",
		Shoes: []analyze.Shoe{{Name: "Daily & <trainer>", From: day(2025, 1, 1)}}}
	asOf := mon.AddDate(0, 0, 7*39+3).Truncate(24 * time.Hour)
	res := analyze.Analyze(acts, cfg, asOf)
	if len(res.Weeks) < chartWeeks {
		t.Fatalf("analyze gave %d weeks", len(res.Weeks))
	}

	html, md, charts := render(t, res, Options{Units: "km", GeneratedAt: generatedAt})
	for _, msg := range phrase.Flags(res, units.Kilometres) {
		if !bytes.Contains(md, []byte(mdcell(msg))) {
			t.Errorf("report.md lacks flag message %q", msg)
		}
	}
	if bytes.Contains(html, []byte("<trainer>")) {
		t.Error("shoe name unescaped in report.html")
	}

	// The distance chart has a red bar exactly for the spike weeks it shows.
	var spikes int
	first := res.Weeks[len(res.Weeks)-chartWeeks].Start
	for _, f := range res.Flags {
		if f.Kind == "weekly_distance_spike" && !f.Week.Before(first) {
			spikes++
		}
	}
	for _, c := range charts {
		if c.Name != "weekly-distance.svg" {
			continue
		}
		if n := bytes.Count(c.SVG, []byte(`<rect `)); n < chartWeeks {
			t.Errorf("distance chart has %d rects, want at least %d bars", n, chartWeeks)
		}
		if got := bytes.Count(c.SVG, []byte(`fill="`+colSpike+`"`)); got != spikes+1 { // +1: the legend swatch
			t.Errorf("distance chart has %d red shapes, want %d spike bars and a legend swatch", got, spikes)
		}
	}
	if spikes == 0 {
		t.Error("the synthetic history should have a distance spike in the chart window")
	}
}
