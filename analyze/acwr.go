package analyze

import "math"

// ACWR rules from METRICS.md (EWMA, Williams et al. 2017, with bias
// correction).
const (
	acwrLambdaA      = 0.25        // λa = 2/(7+1)
	acwrLambdaC      = 2.0 / 29.0  // λc = 2/(28+1)
	acwrAcuteDecay   = 0.75        // 1 − λa
	acwrChronicDecay = 27.0 / 29.0 // 1 − λc
	// ACWRMinDays is the history (days, the first counted day being day 1)
	// needed before ACWR is reported.
	ACWRMinDays = 28
	// ACWRMinChronicM is the bias-corrected chronic average, in meters per
	// day, below which ACWR is not reported.
	ACWRMinChronicM = 100.0
	// ACWRHigh is the ratio at or above which acwr_high is raised.
	ACWRHigh = 1.5
)

// acwrSeries computes the distance ACWR for every day of daily, which holds
// the counted distance (meters) of consecutive days starting with the first
// counted day (day 1):
//
//	a_d = 0.25·x_d + 0.75·a_{d−1}     c_d = (2/29)·x_d + (27/29)·c_{d−1}     a_0 = c_0 = 0
//	ACWR = (a_d / (1 − 0.75^n)) / (c_d / (1 − (27/29)^n))
//
// with n the day's number. An element is NaN when the day has fewer than 28
// days of history or its bias-corrected chronic average is below 100 m.
func acwrSeries(daily []float64) []float64 {
	out := make([]float64, len(daily))
	var a, c float64
	for i, x := range daily {
		a = acwrLambdaA*x + acwrAcuteDecay*a
		c = acwrLambdaC*x + acwrChronicDecay*c
		n := i + 1
		ahat := a / (1 - math.Pow(acwrAcuteDecay, float64(n)))
		chat := c / (1 - math.Pow(acwrChronicDecay, float64(n)))
		if n < ACWRMinDays || !(chat >= ACWRMinChronicM) {
			out[i] = math.NaN()
			continue
		}
		out[i] = ahat / chat
	}
	return out
}
