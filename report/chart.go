package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/safetext"
	"github.com/legwork-run/legwork/internal/units"
)

// Charts are hand-written SVG, laid out here and drawn by
// templates/charts.svg.tmpl. Horizontal positions are percentages of the
// chart's width and vertical ones are pixels, so an inline chart fills the
// page at any width while its text keeps its size (a phone gets the same
// 11-13 px labels as a desktop). A standalone file gets a 720-pixel width
// and a viewBox instead, so the percentages resolve against 720 and the
// image scales where it is shown.

// Colours, shared by the charts and the page's CSS.
const (
	colBar      = "#3b6ea8" // a week within the rule, a shoe that is fine
	colSpike    = "#c53030" // over the rule; a shoe to replace
	colWorn     = "#b7791f" // a worn shoe, the warn mark
	colRetired  = "#a0aec0" // a retired shoe
	colLimit    = "#1a202c" // the limit marks
	colGrid     = "#e2e8f0"
	colAxisText = "#4a5568"
	colTrack    = "#edf2f7"
)

// Bar chart geometry, in pixels from the top.
const (
	barLegendTop = 4   // first legend row
	barPlotTop   = 52  // highest gridline
	barPlotH     = 170 // plot height
	barLabelGap  = 17  // from the axis to the baseline of the week labels
	barHeight    = barPlotTop + barPlotH + barLabelGap + 8
	standaloneW  = 720 // width of the standalone SVG files
	// barGutter is the room left of a bar chart's plot for the gridline
	// labels. Inline, the page's CSS (svg.chart.gutter) gives it as a margin;
	// standalone, the plot is a nested svg that starts this far in.
	barGutter = 36
)

// chartView is one chart ready for the template.
type chartView struct {
	Name     string // file name, "weekly-distance.svg"
	Template string // "barchart" or "shoechart"
	ID       string // prefix for element ids, unique on the page
	Title    string
	Desc     string // what a screen reader hears
	Note     string // shown under the chart, e.g. that every bar is zero

	Standalone bool
	Width      string // "100%" inline, "720" standalone
	Height     string
	ViewBox    string // standalone only
	Gutter     int    // pixels left of the plot for axis labels
	InnerWidth string // standalone only: width of the plot, Width − Gutter

	Grid    []gridLine
	Bars    []barMark
	Limits  []lineMark
	XLabels []textMark
	Legend  []legendMark
	Rows    []shoeMark

	// ACWR chart only.
	BandY, BandH, FlagY string
	Points              []pointMark
	Segs                []segMark
}

// gridLine is one horizontal gridline with its label in the gutter.
type gridLine struct {
	Y, LabelY, Label string
}

// barMark is one week's bar. Dash is set for the as-of week, drawn as an
// outline because it is not over yet.
type barMark struct {
	X, W, Y, H   string
	Fill, Stroke string
	Dash         bool
	Tip          string
}

// lineMark is a horizontal line segment (a week's limit).
type lineMark struct {
	X1, X2, Y, Tip string
}

// textMark is a label at a point; Anchor is start, middle or end.
type textMark struct {
	X, Y, Text, Anchor string
}

// legendMark is one legend entry: a swatch (Kind box, outline or line) and
// its text, placed at X (a percentage) on row Y.
type legendMark struct {
	X, Y, Kind, Colour, Text string
}

// shoeMark is one shoe's row in the shoe chart.
type shoeMark struct {
	Y                 string // top of the row
	NameY, BarY, SubY string
	TickY1, TickY2    string // vertical extent of the warn and replace marks
	Name, Sub         string
	BarW, Colour      string
	WarnX, ReplaceX   string
	Tip               string
}

// standalone returns c laid out as its own SVG document.
func (c chartView) standalone() chartView {
	c.Standalone = true
	c.Width = strconv.Itoa(standaloneW)
	c.ViewBox = "0 0 " + c.Width + " " + c.Height
	c.InnerWidth = strconv.Itoa(standaloneW - c.Gutter)
	return c
}

// sortCharts sorts charts by name.
func sortCharts(cs []Chart) {
	slices.SortFunc(cs, func(a, b Chart) int { return cmp.Compare(a.Name, b.Name) })
}

// px formats a pixel coordinate with at most one decimal.
func px(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// pc formats a percentage coordinate with at most two decimals: "12.5%".
func pc(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) + "%" }

// niceStep picks a gridline step of 1, 2, 2.5 or 5 × 10^k so that about four
// steps cover max (max > 0).
func niceStep(max float64) float64 {
	raw := max / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// series is what a weekly bar chart plots: one value per week, in display
// units, and the kind of flag that colours a bar.
type series struct {
	name, id, title string
	spikeKind       analyze.Kind
	value           func(analyze.Week) float64
	format          func(float64) string // a value with its unit
}

// weekCharts builds the weekly distance chart and, when any week has load,
// the weekly load chart, over the last chartWeeks weeks. The second result
// says why the load chart is missing.
func weekCharts(r *analyze.Result, u units.System, inc float64) ([]chartView, string) {
	if len(r.Weeks) == 0 {
		return nil, ""
	}
	dist := series{
		name: "weekly-distance.svg", id: "weekly-distance", title: "Weekly distance (" + u.Name() + ")",
		spikeKind: analyze.KindWeeklyDistanceSpike,
		value:     func(w analyze.Week) float64 { return w.DistanceM / u.Meters() },
		format:    func(v float64) string { return strconv.FormatFloat(units.Round1(v), 'f', 1, 64) + " " + u.Name() },
	}
	ld := series{
		name: "weekly-load.svg", id: "weekly-load", title: "Weekly load (TRIMP)",
		spikeKind: analyze.KindWeeklyLoadSpike,
		value:     func(w analyze.Week) float64 { return w.Load },
		format:    load,
	}
	charts := []chartView{barChart(r, dist, inc)}
	hasLoad := slices.ContainsFunc(r.Weeks, func(w analyze.Week) bool { return w.Load > 0 })
	switch {
	case hasLoad:
	case r.HRMax > 0 && r.HRRest >= r.HRMax:
		return charts, fmt.Sprintf("No week has a load: HR max %d bpm%s is not above HR rest %d bpm, so TRIMP cannot be computed. "+
			"Set athlete.hr_max, or a lower athlete.hr_rest, in legwork.toml.", r.HRMax, estimated(r), r.HRRest)
	default:
		return charts, "No week has a load: load needs heart-rate data (METRICS.md, weekly load)."
	}
	return append(charts, barChart(r, ld, inc)), ""
}

// chartName is a shoe's name shortened to chartNameMax, to fit above its
// bar, and isolated (safetext.Isolate) from the text around it.
func chartName(s string) string { return safetext.Isolate(shortTo(s, chartNameMax)) }

// estimated is " (estimated)" when r's HR max came from the data.
func estimated(r *analyze.Result) string {
	if r.HRMaxEstimated {
		return " (estimated)"
	}
	return ""
}

// barChart lays out one weekly bar chart: a bar per week (red when the
// week has a spike flag of s.spikeKind, an outline for the as-of week) and a
// mark at the previous week's value plus inc percent, the rule's limit.
func barChart(r *analyze.Result, s series, inc float64) chartView {
	weeks := r.Weeks
	first := max(0, len(weeks)-chartWeeks)
	// prevOf is the value of the week before week i, when it is positive.
	prevOf := func(i int) (float64, bool) {
		if i == 0 {
			return 0, false
		}
		p := s.value(weeks[i-1])
		return p, p > 0
	}
	spikes := weekFlagSeverity(r.Flags)
	shown := weeks[first:]
	n := len(shown)

	top := 0.0
	for i := first; i < len(weeks); i++ {
		top = max(top, s.value(weeks[i]))
		if p, ok := prevOf(i); ok {
			top = max(top, p*(1+inc/100))
		}
	}
	step := 1.0
	note := ""
	if top > 0 {
		step = niceStep(top)
	} else {
		note = "Every week in this chart is zero."
	}
	ticks := max(1, int(math.Ceil(top/step-1e-9)))
	scaleTop := float64(ticks) * step
	y := func(v float64) float64 { return barPlotTop + barPlotH*(1-v/scaleTop) }

	c := chartView{
		Name: s.name, Template: "barchart", ID: s.id,
		Title:  s.title + ", " + units.Plural(n, "week", "weeks") + " to " + date(shown[n-1].Start),
		Width:  "100%",
		Height: strconv.Itoa(barHeight),
		Gutter: barGutter,
		Note:   note,
	}
	c.Desc = "Bar chart of " + lower(s.title) + " per week from " + date(shown[0].Start) + " to " + date(shown[n-1].Start) +
		"; red bars rose more than " + strconv.FormatFloat(inc, 'f', -1, 64) + "% over the week before; black marks show that limit."
	for t := 0; t <= ticks; t++ {
		v := float64(t) * step
		label := strconv.FormatFloat(v, 'f', -1, 64)
		c.Grid = append(c.Grid, gridLine{Y: px(y(v)), LabelY: px(y(v) + 3.5), Label: label})
	}

	slot := 100 / float64(n)
	stride := int(math.Ceil(float64(n) / 6))
	for j, w := range shown {
		i := first + j
		v := s.value(w)
		bar := barMark{
			X: pc(float64(j)*slot + slot*0.15), W: pc(slot * 0.7),
			Y: px(y(v)), H: px(barPlotH * v / scaleTop),
			Fill: colBar, Stroke: colBar,
		}
		if sev := spikes[weekKey{s.spikeKind, w.Start}]; sev == analyze.High || sev == analyze.Caution {
			bar.Fill, bar.Stroke = colSpike, colSpike
		}
		bar.Tip = "Week of " + date(w.Start) + ": " + s.format(v)
		if !w.Complete {
			bar.Dash = true
			bar.Fill = "#ffffff"
			bar.Tip += " so far"
		}
		if p, ok := prevOf(i); ok {
			lim := p * (1 + inc/100)
			c.Limits = append(c.Limits, lineMark{
				X1: pc(float64(j)*slot + slot*0.04), X2: pc(float64(j+1)*slot - slot*0.04), Y: px(y(lim)),
				Tip: "Limit for the week of " + date(w.Start) + ": " + s.format(lim),
			})
			bar.Tip += " (limit " + s.format(lim) + ")"
		}
		c.Bars = append(c.Bars, bar)
		if (n-1-j)%stride == 0 {
			c.XLabels = append(c.XLabels, textMark{
				X: pc(float64(j)*slot + slot/2), Y: px(barPlotTop + barPlotH + barLabelGap),
				Text: shortDate(w.Start), Anchor: "middle",
			})
		}
	}
	incS := strconv.FormatFloat(inc, 'f', -1, 64) + "%"
	c.Legend = []legendMark{
		{X: "0%", Y: px(barLegendTop), Kind: "box", Colour: colBar, Text: "week within the rule"},
		{X: "50%", Y: px(barLegendTop), Kind: "box", Colour: colSpike, Text: "over last week + " + incS},
		{X: "0%", Y: px(barLegendTop + 20), Kind: "outline", Colour: colBar, Text: "this week so far"},
		{X: "50%", Y: px(barLegendTop + 20), Kind: "line", Colour: colLimit, Text: "limit: last week + " + incS},
	}
	return c
}

// lower lower-cases the first letter of a title for use inside a sentence.
func lower(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// Shoe chart geometry, in pixels.
const (
	shoeRowH   = 64
	shoeTop    = 4
	shoeLegend = 22 // legend height below the rows
)

// shoeChart lays out one row per shoe: its name, a bar of its distance on a
// scale shared by all shoes, a thin mark at warn_at and a heavier one at
// replace_at, and a line of figures under the bar.
func shoeChart(shoes []analyze.ShoeTotal, u units.System) chartView {
	scale := 0.0
	for _, s := range shoes {
		scale = max(scale, s.DistanceM, s.ReplaceAtM, s.WarnAtM)
	}
	if scale <= 0 {
		scale = 1
	}
	scale *= 1.02
	c := chartView{
		Name: "shoes.svg", Template: "shoechart", ID: "shoes",
		Title: "Shoe distance",
		Desc:  "One bar per shoe: its distance, with marks where it should be watched (warn at) and replaced (replace at).",
		Width: "100%",
	}
	for i, s := range shoes {
		top := float64(shoeTop + i*shoeRowH)
		colour := colBar
		switch {
		case s.Retired:
			colour = colRetired
		case s.Status == analyze.ShoeReplace:
			colour = colSpike
		case s.Status == analyze.ShoeWorn:
			colour = colWorn
		}
		sub := u.Dist(s.DistanceM) + " of " + u.Dist(s.ReplaceAtM) + " · " + cmp.Or(clean(string(s.Status)), string(analyze.ShoeOK))
		if s.Retired {
			sub += " · retired"
		} else if !s.ReplaceBy.IsZero() && s.Status != analyze.ShoeReplace {
			sub += " · replace by ~" + date(s.ReplaceBy)
		}
		c.Rows = append(c.Rows, shoeMark{
			Y: px(top), NameY: px(top + 14), BarY: px(top + 21), SubY: px(top + 51),
			TickY1: px(top + 17), TickY2: px(top + 39),
			Name: chartName(clean(s.Name)), Sub: sub,
			BarW: pc(100 * s.DistanceM / scale), Colour: colour,
			WarnX: pc(100 * s.WarnAtM / scale), ReplaceX: pc(100 * s.ReplaceAtM / scale),
			Tip: safetext.Isolate(clean(s.Name)) + ": " + sub,
		})
	}
	legendY := float64(shoeTop + len(shoes)*shoeRowH)
	c.Legend = []legendMark{
		{X: "0%", Y: px(legendY), Kind: "tick", Colour: colWorn, Text: "warn at"},
		{X: "30%", Y: px(legendY), Kind: "tick", Colour: colSpike, Text: "replace at"},
	}
	c.Height = px(legendY + shoeLegend)
	return c
}

// ACWR chart geometry, in pixels from the top.
const (
	acwrLegendTop = 4
	acwrPlotTop   = 48
	acwrPlotH     = 150
	acwrHeight    = acwrPlotTop + acwrPlotH + barLabelGap + 8
	acwrBandLow   = 0.8 // Gabbett's "sweet spot", shaded
	acwrBandHigh  = 1.3
	colBand       = "#dcefe2"
)

// pointMark is one week's ACWR: a circle, or a diamond when it is at or
// above the flag line, so that shape and colour both say so.
type pointMark struct {
	X, Y   string
	High   bool
	Colour string
	Tip    string
}

// segMark is a line between two consecutive weeks' points.
type segMark struct {
	X1, Y1, X2, Y2 string
}

// acwrChart lays out the weekly acute:chronic distance ratio over the last
// chartWeeks weeks: a point per week that has one, joined by lines, the
// 0.8–1.3 band shaded and the flag line at analyze.ACWRHigh. ok is false
// when no week in the window has a ratio.
func acwrChart(r *analyze.Result) (chartView, bool) {
	weeks := r.Weeks
	shown := weeks[max(0, len(weeks)-chartWeeks):]
	n := len(shown)
	top, have, high := 2.0, 0, 0
	var last float64
	for _, w := range shown {
		if w.ACWR != nil {
			top = max(top, math.Ceil(*w.ACWR*2)/2)
			have++
			last = *w.ACWR
			if *w.ACWR >= analyze.ACWRHigh {
				high++
			}
		}
	}
	if have == 0 {
		return chartView{}, false
	}
	y := func(v float64) float64 { return acwrPlotTop + acwrPlotH*(1-v/top) }
	c := chartView{
		Name: "weekly-acwr.svg", Template: "acwrchart", ID: "weekly-acwr",
		Title:  "Acute:chronic distance ratio, " + units.Plural(n, "week", "weeks") + " to " + date(shown[n-1].Start),
		Width:  "100%",
		Height: strconv.Itoa(acwrHeight),
		Gutter: barGutter,
		Note: "How to read it: a point is the last 7 days' distance against the 28 days before, weighted; inside the shaded band (0.8–1.3) " +
			"the week is in line with recent weeks, at the dashed line (1.5) or above it is much bigger. It describes, it does not predict injury.",
		BandY: px(y(acwrBandHigh)), BandH: px(y(acwrBandLow) - y(acwrBandHigh)),
		FlagY: px(y(analyze.ACWRHigh)),
	}
	c.Desc = fmt.Sprintf("Line chart of the weekly acute:chronic distance ratio from %s to %s; the band from 0.8 to 1.3 is shaded and a dashed line marks %s. "+
		"Latest ratio %s; %s at or above %s.", date(shown[0].Start), date(shown[n-1].Start), ratio(analyze.ACWRHigh),
		ratio(last), units.Plural(high, "week", "weeks"), ratio(analyze.ACWRHigh))
	for v := 0.0; v <= top+1e-9; v += 0.5 {
		c.Grid = append(c.Grid, gridLine{Y: px(y(v)), LabelY: px(y(v) + 3.5), Label: strconv.FormatFloat(v, 'f', 1, 64)})
	}
	slot := 100 / float64(n)
	stride := int(math.Ceil(float64(n) / 6))
	var prev *pointMark
	for j, w := range shown {
		x := pc(float64(j)*slot + slot/2)
		if (n-1-j)%stride == 0 {
			c.XLabels = append(c.XLabels, textMark{X: x, Y: px(acwrPlotTop + acwrPlotH + barLabelGap), Text: shortDate(w.Start), Anchor: "middle"})
		}
		if w.ACWR == nil {
			prev = nil
			continue
		}
		p := pointMark{X: x, Y: px(y(*w.ACWR)), Colour: colBar, Tip: "Week of " + date(w.Start) + ": " + ratio(*w.ACWR)}
		if *w.ACWR >= analyze.ACWRHigh {
			p.High, p.Colour = true, colSpike
			p.Tip += ", at or above " + ratio(analyze.ACWRHigh)
		}
		if !w.Complete {
			p.Tip += " so far"
		}
		if prev != nil {
			c.Segs = append(c.Segs, segMark{X1: prev.X, Y1: prev.Y, X2: p.X, Y2: p.Y})
		}
		c.Points = append(c.Points, p)
		prev = &c.Points[len(c.Points)-1]
	}
	c.Legend = []legendMark{
		{X: "0%", Y: px(acwrLegendTop), Kind: "band", Colour: colBand, Text: "0.8–1.3: in line with recent weeks"},
		{X: "0%", Y: px(acwrLegendTop + 20), Kind: "dash", Colour: colSpike, Text: "flag line at 1.5"},
		{X: "50%", Y: px(acwrLegendTop + 20), Kind: "diamond", Colour: colSpike, Text: "week at or above 1.5"},
	}
	return c, true
}
