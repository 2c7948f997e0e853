package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/legwork-run/legwork/internal/safetext"
	"github.com/legwork-run/legwork/internal/units"
)

// dash stands for a value that is absent (not recorded, not defined).
const dash = "—"

// parseUnits maps Options.Units to a units.System; "" means miles
// (DESIGN.md default).
func parseUnits(s string) (units.System, error) {
	u, err := units.Parse(s)
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return u, nil
}

// pace formats the time per display unit for d over m meters: "8:03/mi".
// It returns dash when either is not positive.
func pace(u units.System, d time.Duration, m float64) string {
	if s, ok := u.Pace(d, m); ok {
		return s
	}
	return dash
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
func pct(v float64) string { return units.SignedPct(v) }

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

// longDate formats a date for titles: "9 Mar 2026". The zero time gives dash.
func longDate(t time.Time) string {
	if t.IsZero() {
		return dash
	}
	return t.Format("2 Jan 2006")
}

// shortDate formats a date for chart axes: "Mar 9".
func shortDate(t time.Time) string { return t.Format("Jan 2") }

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
