package analyze

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// Load rules from METRICS.md ("Weekly load and its 10% rule").
const (
	// maxStep caps the time one heart-rate sample stands for.
	maxStep = 5 * time.Second
	// maxGap is the longest interval between two samples that still counts;
	// a longer gap adds nothing.
	maxGap = 10 * time.Second
	// hrMaxWindow is the span of the rolling median behind the hr_max estimate.
	hrMaxWindow = 10 * time.Second
	// hrMaxDays is how far back (in days, AsOf included) the estimate looks.
	hrMaxDays = 365
	// imputeWindow is how far before a run without heart rate its
	// imputation looks for runs with heart rate.
	imputeWindow = 28 * 24 * time.Hour
)

// validHR reports whether a heart-rate sample is kept: samples of 30 bpm or
// less (including 0, "not recorded") and of 230 bpm or more are dropped.
func validHR(hr uint8) bool { return hr > 30 && hr < 230 }

// trimpCoefficients returns Banister's a and b for sex: the female pair for
// "female" (any case), the male pair otherwise, including when unset.
func trimpCoefficients(sex string) (a, b float64) {
	if strings.EqualFold(strings.TrimSpace(sex), "female") {
		return 0.86, 1.67
	}
	return 0.64, 1.92
}

// TRIMP integrates Banister's training impulse over heart-rate samples:
//
//	HRr = clamp((HR − hrRest) / (hrMax − hrRest), 0, 1)
//	TRIMP = Σ Δt_minutes · HRr · a · e^(b·HRr)
//
// with a, b = 0.86, 1.67 for sex "female" and 0.64, 1.92 otherwise. Samples
// of 30 bpm or less (0 = not recorded) and of 230 bpm or more are dropped
// first; each kept sample then stands for the time to the next kept sample,
// capped at 5 s. An interval longer than 10 s, or one that holds a pause (a
// sample with Resumed set after the earlier kept sample, up to and including
// the later one), adds nothing, and so does the last kept sample.
//
// It returns the TRIMP (dimensionless, about one unit per easy minute) and
// the time it integrated; covered is 0 when the samples carry no usable
// heart rate or hrMax is not above hrRest.
func TRIMP(samples []ingest.Sample, hrMax, hrRest int, sex string) (trimp float64, covered time.Duration) {
	if hrMax <= hrRest || hrMax <= 0 {
		return 0, 0
	}
	a, b := trimpCoefficients(sex)
	reserve := float64(hrMax - hrRest)
	// HRr and e^(b·HRr) depend only on the heart rate, a byte: work each
	// out once per value (the product keeps its order, so the sum is the
	// same to the bit).
	var hrrOf, expOf [256]float64
	var known [256]bool
	prev := -1
	paused := false
	for i, s := range samples {
		if s.Resumed {
			paused = true
		}
		if !validHR(s.HR) {
			continue
		}
		if prev >= 0 && !paused {
			dt := s.T - samples[prev].T
			if dt > 0 && dt <= maxGap {
				dt = min(dt, maxStep)
				hr := samples[prev].HR
				if !known[hr] {
					hrrOf[hr] = clamp01((float64(hr) - float64(hrRest)) / reserve)
					expOf[hr] = math.Exp(b * hrrOf[hr])
					known[hr] = true
				}
				trimp += dt.Minutes() * hrrOf[hr] * a * expOf[hr]
				covered += dt
			}
		}
		prev = i
		paused = false
	}
	return trimp, covered
}

func clamp01(x float64) float64 {
	return max(0, min(1, x))
}

// peakMedianHR returns the highest median heart rate over trailing 10-second
// windows of samples: for each kept sample at time t, the median of the kept
// samples in (t − 10 s, t] recorded since the last pause. It returns 0 when
// no sample is kept. An even count takes the mean of the two middle values.
func peakMedianHR(samples []ingest.Sample) float64 {
	// The window is samples[lo..i] (the kept ones among them) and, beside
	// it, their heart rates in ascending order: each step inserts one value
	// and removes the ones that left, so the median and the maximum are
	// read off without sorting.
	var best float64
	var store [64]uint8
	sorted := store[:0]
	lo := 0
	for i, s := range samples {
		if s.Resumed {
			sorted, lo = sorted[:0], i
		}
		if !validHR(s.HR) {
			continue
		}
		sorted = insertSorted(sorted, s.HR)
		for ; lo < i; lo++ {
			w := samples[lo]
			if !validHR(w.HR) {
				continue
			}
			if w.T > s.T-hrMaxWindow {
				break
			}
			sorted = removeSorted(sorted, w.HR)
		}
		n := len(sorted)
		if float64(sorted[n-1]) <= best {
			continue // the median cannot beat best
		}
		m := float64(sorted[n/2])
		if n%2 == 0 {
			m = (float64(sorted[n/2-1]) + m) / 2
		}
		best = max(best, m)
	}
	return best
}

// insertSorted inserts v into the ascending xs.
func insertSorted(xs []uint8, v uint8) []uint8 {
	i := len(xs)
	xs = append(xs, v)
	for ; i > 0 && xs[i-1] > v; i-- {
		xs[i] = xs[i-1]
	}
	xs[i] = v
	return xs
}

// removeSorted removes one v from the ascending xs, which holds it.
func removeSorted(xs []uint8, v uint8) []uint8 {
	for i, x := range xs {
		if x == v {
			return append(xs[:i], xs[i+1:]...)
		}
	}
	return xs
}

// median returns the median of xs (reordering xs), or 0 for none. An even
// count gives the mean of the two middle values.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	slices.Sort(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// estimateHRMax returns the highest 10-second median heart rate (see
// peakMedianHR) of every activity, whatever its sport, whose local date lies
// in the 365 days ending on asOf, rounded to whole bpm; 0 when there is none.
func estimateHRMax(acts []*act, asOf day) int {
	var best float64
	for _, a := range acts {
		if a.date > asOf || a.date <= asOf-hrMaxDays {
			continue
		}
		best = max(best, peakMedianHR(a.a.Samples))
	}
	return int(math.Round(best))
}

// measureLoads sets the measured TRIMP of every activity that has usable
// heart rate. acts must be sorted by start.
func measureLoads(acts []*act, hrMax, hrRest int, sex string) {
	for _, a := range acts {
		t, cov := TRIMP(a.a.Samples, hrMax, hrRest, sex)
		if cov > 0 {
			a.load, a.hasLoad, a.hasHR = t, true, true
		}
	}
}

// imputeLoads gives each counted run without heart rate, when at least 70%
// of the counted runs that started in the 28 days (28 × 24 h) before it have
// heart rate, the load minutes × median(TRIMP per minute of those runs with
// heart rate), and marks it imputed. Minutes are the run's duration (moving
// time when known, else elapsed). acts must be sorted by start.
func imputeLoads(acts []*act) {
	var runs []*act
	for _, a := range acts {
		if a.counted {
			runs = append(runs, a)
		}
	}
	lo := 0
	for i, r := range runs {
		if r.hasHR {
			continue
		}
		for lo < i && runs[lo].a.Start.Before(r.a.Start.Add(-imputeWindow)) {
			lo++
		}
		total, withHR := 0, 0
		var perMin []float64
		for _, w := range runs[lo:i] {
			if !w.a.Start.Before(r.a.Start) {
				continue // same start instant: not before it
			}
			total++
			if !w.hasHR {
				continue
			}
			withHR++
			if m := w.duration.Minutes(); m > 0 {
				perMin = append(perMin, w.load/m)
			}
		}
		if total == 0 || 10*withHR < 7*total || len(perMin) == 0 {
			continue
		}
		r.load = r.duration.Minutes() * median(perMin)
		r.hasLoad, r.imputed = true, true
	}
}
