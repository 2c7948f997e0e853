// Package units converts meters to miles or kilometres and words numbers
// for people: distances, paces, signed percentages, the percentage of a
// value just above a threshold, and plurals.
//
// It is a leaf: it imports only the standard library, and every other
// package of legwork may import it. Every number inside legwork is in SI
// units (meters, seconds); a number becomes miles or kilometres only here,
// where it is shown. The international mile is written once, as
// MetersPerMile.
package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// MetersPerMile is the international mile.
const MetersPerMile = 1609.344

// System is the unit distances are shown in: Miles or Kilometres.
type System string

const (
	Miles      System = "mi"
	Kilometres System = "km"
)

// Parse maps "mi" or "km" to a System; "" is Miles (the default of
// DESIGN.md). Anything else is an error.
func Parse(s string) (System, error) {
	switch s {
	case "", "mi":
		return Miles, nil
	case "km":
		return Kilometres, nil
	}
	return "", fmt.Errorf("units %q: want \"mi\" or \"km\"", s)
}

// Of is Parse without the error: "km" in any case and with surrounding
// spaces is Kilometres, anything else Miles.
func Of(s string) System {
	if strings.EqualFold(strings.TrimSpace(s), "km") {
		return Kilometres
	}
	return Miles
}

// Meters is the length of one unit in meters.
func (s System) Meters() float64 {
	if s == Kilometres {
		return 1000
	}
	return MetersPerMile
}

// Long names the unit in words: "miles" or "kilometres".
func (s System) Long() string {
	if s == Kilometres {
		return "kilometres"
	}
	return "miles"
}

// Name is the unit's symbol, "mi" or "km"; Miles for the zero System.
func (s System) Name() string {
	if s == Kilometres {
		return "km"
	}
	return "mi"
}

// Num formats meters as a bare number in the unit with one decimal, rounded
// half away from zero and never "-0.0": 19312.128 m is "12.0" in miles.
func (s System) Num(m float64) string {
	return strconv.FormatFloat(Round1(m/s.Meters()), 'f', 1, 64)
}

// Dist formats meters with the unit: "12.0 mi".
func (s System) Dist(m float64) string { return s.Num(m) + " " + s.Name() }

// SignedNum formats a change in meters in the unit with an explicit sign:
// "+2.1", "-0.4", and "0.0" for a change that rounds to zero.
func (s System) SignedNum(m float64) string {
	v := Round1(m / s.Meters())
	str := strconv.FormatFloat(v, 'f', 1, 64)
	if v > 0 {
		str = "+" + str
	}
	return str
}

// SignedDist is SignedNum with the unit: "+2.1 mi", "-0.4 mi", "0.0 mi".
func (s System) SignedDist(m float64) string { return s.SignedNum(m) + " " + s.Name() }

// Pace formats the time per unit of d over m meters: "8:03/mi". ok is false
// (and the text empty) when d or m is not positive.
func (s System) Pace(d time.Duration, m float64) (text string, ok bool) {
	if d <= 0 || !(m > 0) {
		return "", false
	}
	sec := int(math.Round(d.Seconds() / (m / s.Meters())))
	return fmt.Sprintf("%d:%02d/%s", sec/60, sec%60, s.Name()), true
}

// Round1 rounds to one decimal, half away from zero, turning -0 into 0 so
// that "-0.0" never shows.
func Round1(v float64) float64 { return roundTo(v, 1) }

func roundTo(v float64, dec int) float64 {
	scale := math.Pow(10, float64(dec))
	r := math.Round(v*scale) / scale
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// SignedPct formats a percentage with its sign and one decimal: "+24.3%",
// "-5.0%", "0.0%".
func SignedPct(v float64) string {
	r := Round1(v)
	s := strconv.FormatFloat(r, 'f', 1, 64) + "%"
	if r > 0 {
		s = "+" + s
	}
	return s
}

// PctAbove formats a percentage v (a bare number, no sign for positive
// values, no "%") with dec decimals, or more when v is above threshold th
// but would round down to it: the text always reads as above th when v is.
// PctAbove(23.4, 10, 0) is "23"; PctAbove(10.04, 10, 1) is "10.04";
// PctAbove(10.00001, 10, 0) is "10.00001". A v at or below th is simply
// rounded to dec decimals. Rounding is half away from zero, as for
// distances.
func PctAbove(v, th float64, dec int) string {
	const maxDec = 4
	for d := dec; d <= max(dec, maxDec); d++ {
		r := roundTo(v, d)
		if v <= th || r > th {
			return strconv.FormatFloat(r, 'f', d, 64)
		}
	}
	// Above th by less than half of the fourth decimal: the shortest exact
	// text of v is still above it.
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// SignedPctAbove is PctAbove with one decimal at least, a sign and "%":
// a 10.04% rise against a 10% rule reads "+10.04%", not "+10.0%".
func SignedPctAbove(v, th float64) string {
	s := PctAbove(v, th, 1)
	if r, _ := strconv.ParseFloat(s, 64); r > 0 {
		s = "+" + s
	}
	return s + "%"
}

// Pct formats a percentage such as a rule's 10 or 12.5 as briefly as it is
// exact: "10", "12.5" (no sign, no "%").
func Pct(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Plural returns "1 run" or "3 runs": n with one or many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
