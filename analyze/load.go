package analyze

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// Load rules from METRICS.md ("Weekly load and its 10% rule"). The
// per-sample rules (which samples count, the time each one stands for, the
// 10-second median) are ingest.SummarizeHR's, applied when a file is read.
const (
	// hrMaxDays is how far back (in days, AsOf included) the estimate looks.
	hrMaxDays = 365
	// imputeWindow is how far before a run without heart rate its
	// imputation looks for runs with heart rate.
	imputeWindow = 28 * 24 * time.Hour
)

// trimpCoefficients returns Banister's a and b for sex: the female pair for
// "female" (any case), the male pair otherwise, including when unset.
func trimpCoefficients(sex string) (a, b float64) {
	if strings.EqualFold(strings.TrimSpace(sex), "female") {
		return 0.86, 1.67
	}
	return 0.64, 1.92
}

// TRIMP integrates Banister's training impulse over an activity's
// heart-rate steps (ingest.SummarizeHR: samples of 30 bpm or less and of
// 230 bpm or more dropped, each kept sample standing for the time to the
// next, capped at 5 s, nothing across a gap over 10 s or a pause):
//
//	HRr = clamp((HR − hrRest) / (hrMax − hrRest), 0, 1)
//	TRIMP = Σ Δt_minutes · HRr · a · e^(b·HRr)
//
// summed sample by sample in time order, with a, b = 0.86, 1.67 for sex
// "female" and 0.64, 1.92 otherwise.
//
// It returns the TRIMP (dimensionless, about one unit per easy minute) and
// the time it integrated; covered is 0 when the samples carry no usable
// heart rate or hrMax is not above hrRest.
func TRIMP(h ingest.HRSummary, hrMax, hrRest int, sex string) (trimp float64, covered time.Duration) {
	if hrMax <= hrRest || hrMax <= 0 {
		return 0, 0
	}
	a, b := trimpCoefficients(sex)
	reserve := float64(hrMax - hrRest)
	// HRr and e^(b·HRr) depend only on the heart rate, a byte: work each
	// out once per value. Each sample's term is the same product as ever,
	// added in time order, so the sum is the same to the bit as a sum over
	// the samples.
	var hrrOf, expOf [256]float64
	var known [256]bool
	// A sample's term depends on its heart rate and its time only; keep
	// each heart rate's for the time of the step before (at 1 Hz, always 1 s).
	var termOf [256]float64
	var termFor [256]time.Duration
	for s := range h.Steps.All() {
		hr := s.BPM
		term := termOf[hr]
		if termFor[hr] != s.Time {
			if !known[hr] {
				hrrOf[hr] = clamp01((float64(hr) - float64(hrRest)) / reserve)
				expOf[hr] = math.Exp(b * hrrOf[hr])
				known[hr] = true
			}
			term = s.Time.Minutes() * hrrOf[hr] * a * expOf[hr]
			termOf[hr], termFor[hr] = term, s.Time
		}
		for range s.N {
			trimp += term
		}
		covered += time.Duration(s.N) * s.Time
	}
	return trimp, covered
}

func clamp01(x float64) float64 {
	return max(0, min(1, x))
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
// ingest.SummarizeHR) of every activity, whatever its sport, whose local date lies
// in the 365 days ending on asOf, rounded to whole bpm; 0 when there is none.
func estimateHRMax(acts []*act, asOf day) int {
	var best float64
	for _, a := range acts {
		if a.date > asOf || a.date <= asOf-hrMaxDays {
			continue
		}
		best = max(best, a.a.HR.Peak10sMedian)
	}
	return int(math.Round(best))
}

// measureLoads sets the measured TRIMP of every activity that has usable
// heart rate. acts must be sorted by start.
func measureLoads(acts []*act, hrMax, hrRest int, sex string) {
	for _, a := range acts {
		t, cov := TRIMP(a.a.HR, hrMax, hrRest, sex)
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
