package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/legwork-run/legwork/internal/safetext"
)

// metersPerMile is the international mile.
const metersPerMile = 1609.344

// dash stands for a value that is absent (not recorded, not defined).
const dash = "—"

// units converts meters for display. It is chosen by Options.Units.
type units struct {
	name    string  // "mi" or "km"
	meters  float64 // meters in one unit
	long    string  // "miles" or "kilometres"
	perName string  // "/mi" or "/km"
}

// parseUnits maps Options.Units to units; "" means miles (DESIGN.md default).
func parseUnits(s string) (units, error) {
	switch s {
	case "", "mi":
		return units{name: "mi", meters: metersPerMile, long: "miles", perName: "/mi"}, nil
	case "km":
		return units{name: "km", meters: 1000, long: "kilometres", perName: "/km"}, nil
	}
	return units{}, fmt.Errorf("report: units %q: want \"mi\" or \"km\"", s)
}

// num formats meters as a bare number in the display unit with one decimal:
// 19312.128 m → "12.0" in miles.
func (u units) num(m float64) string {
	return strconv.FormatFloat(round1(m/u.meters), 'f', 1, 64)
}

// dist formats meters with the unit: "12.0 mi".
func (u units) dist(m float64) string { return u.num(m) + " " + u.name }

// signedDist formats a change in meters with its sign and unit: "+2.1 mi",
// "-0.4 mi", "0.0 mi".
func (u units) signedDist(m float64) string { return u.signedNum(m) + " " + u.name }

// signedNum formats a change in meters in the display unit with an explicit
// sign: "+2.1", "-0.4", "0.0".
func (u units) signedNum(m float64) string {
	v := round1(m / u.meters)
	if v == 0 {
		return "0.0"
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// pace formats the time per display unit for d over m meters: "8:03/mi".
// It returns dash when either is not positive.
func (u units) pace(d time.Duration, m float64) string {
	if d <= 0 || m <= 0 {
		return dash
	}
	s := int(math.Round(d.Seconds() / (m / u.meters)))
	return fmt.Sprintf("%d:%02d%s", s/60, s%60, u.perName)
}

// round1 rounds to one decimal, turning -0 into 0 so that "-0.0" never shows.
func round1(v float64) float64 {
	r := math.Round(v*10) / 10
	if r == 0 {
		return 0
	}
	return r
}

// hms formats a duration as h:mm:ss, or m:ss under an hour: "1:02:03",
// "42:10". Zero or negative durations give dash.
func hms(d time.Duration) string {
	if d <= 0 {
		return dash
	}
	s := int64(math.Round(d.Seconds()))
	h, m := s/3600, s/60%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s%60)
	}
	return fmt.Sprintf("%d:%02d", m, s%60)
}

// pct formats a percentage with its sign and one decimal: "+24.3%".
func pct(v float64) string {
	r := round1(v)
	s := strconv.FormatFloat(r, 'f', 1, 64) + "%"
	if r > 0 {
		s = "+" + s
	}
	return s
}

// pctAbove is pct, with more decimals (up to four) when v is above th but
// would round down to it: a 10.04% rise against a 10% rule reads "+10.04%",
// not "+10.0%".
func pctAbove(v, th float64) string {
	for dec := 1; dec <= 4; dec++ {
		scale := math.Pow(10, float64(dec))
		r := math.Round(v*scale) / scale
		if r == 0 {
			r = 0 // no "-0.0"
		}
		if v <= th || r > th || dec == 4 {
			s := strconv.FormatFloat(r, 'f', dec, 64) + "%"
			if r > 0 {
				s = "+" + s
			}
			return s
		}
	}
	return pct(v)
}

// pctPtr is pct for an optional value; nil gives dash.
func pctPtr(v *float64) string {
	if v == nil {
		return dash
	}
	return pct(*v)
}

// ratio formats a unitless ratio (ACWR, monotony) with two decimals.
func ratio(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// ratioPtr is ratio for an optional value; nil gives dash.
func ratioPtr(v *float64) string {
	if v == nil {
		return dash
	}
	return ratio(*v)
}

// load formats a TRIMP load as a whole number.
func load(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) }

// bpm formats a heart rate; 0 (not recorded) gives dash.
func bpm(v int) string {
	if v <= 0 {
		return dash
	}
	return strconv.Itoa(v)
}

// date formats a date (its year, month and day as stored): "2026-03-09".
// The zero time gives dash.
func date(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	return t.Format("2006-01-02")
}

// dayDate formats a date with its weekday: "Mon 2026-03-09".
func dayDate(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	return t.Format("Mon 2006-01-02")
}

// shortDate formats a date for chart axes: "Mar 9".
func shortDate(t time.Time) string { return t.Format("Jan 2") }

// plural returns "1 run" or "3 runs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// clean makes text from files and configuration safe to put in any output:
// invalid UTF-8 and control characters other than tab and newline (which
// XML 1.0, and so a standalone SVG, cannot hold) become U+FFFD, and a PDI
// that closes no isolate of its own is dropped (it could close the <bdi> or
// FSI … PDI it is shown in; safetext.Balance). Escaping is left to the
// templates.
func clean(s string) string {
	s = safetext.Balance(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r == '\r':
			return ' '
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == 0xfffe, r == 0xffff:
			return '\uFFFD'
		}
		return r
	}, s)
}

// sportName turns a normalized sport into words: "trail_running" → "trail running".
func sportName(s string) string {
	if s == "" {
		return dash
	}
	return strings.ReplaceAll(s, "_", " ")
}
