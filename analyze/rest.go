package analyze

import "math"

// Rest-day and monotony rules from METRICS.md (Foster 1998).
const (
	// MonotonyHigh is the monotony above which monotony_high is raised.
	MonotonyHigh = 2.0
	// MonotonyCap is the largest monotony reported; a week of identical
	// days (SD = 0) gets it.
	MonotonyCap = 10.0
)

// restDays returns 7 − the number of days with counted distance above zero.
func restDays(daily [7]float64) int {
	n := 7
	for _, x := range daily {
		if x > 0 {
			n--
		}
	}
	return n
}

// Monotony returns Foster's monotony of seven daily values (meters; rest days
// are 0): mean / population standard deviation, capped at MonotonyCap, so
// identical non-zero days give 10. ok is false when the week has no running
// (mean 0), where monotony is undefined.
func Monotony(daily [7]float64) (m float64, ok bool) {
	var sum float64
	for _, x := range daily {
		sum += x
	}
	mean := sum / 7
	if !(mean > 0) {
		return 0, false
	}
	var ss float64
	for _, x := range daily {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / 7)
	if sd == 0 || mean/sd > MonotonyCap {
		return MonotonyCap, true
	}
	return mean / sd, true
}
