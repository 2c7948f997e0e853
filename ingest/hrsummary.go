package ingest

import (
	"slices"
	"time"
)

// What the analysis needs from heart-rate samples (METRICS.md, "Weekly load
// and its 10% rule"), worked out once per activity when it is read, whatever
// the configuration: Read keeps this summary and drops the samples.
const (
	// hrMaxStep caps the time one heart-rate sample stands for.
	hrMaxStep = 5 * time.Second
	// hrMaxGap is the longest interval between two samples that still
	// counts; a longer gap adds nothing.
	hrMaxGap = 10 * time.Second
	// hrMedianWindow is the span of the rolling median behind the hr_max
	// estimate.
	hrMedianWindow = 10 * time.Second
)

// HRSummary is what the load rules need from an activity's heart-rate
// samples: the hr_max estimate's peak and TRIMP's time at each heart rate.
type HRSummary struct {
	// Peak10sMedian is the highest median heart rate (bpm) over trailing
	// 10-second windows of the kept samples (see SummarizeHR); 0 when no
	// sample is kept.
	Peak10sMedian float64
	// Bins is the time credited to each heart rate by TRIMP's per-sample
	// rules, in ascending BPM, only heart rates with time (nil if none).
	Bins []HRBin
}

// HRBin is the time TRIMP credits to one heart rate.
type HRBin struct {
	BPM  uint8
	Time time.Duration // > 0
}

// ValidHR reports whether a heart-rate sample is kept: samples of 30 bpm or
// less (including 0, "not recorded") and of 230 bpm or more are dropped.
func ValidHR(hr uint8) bool { return hr > 30 && hr < 230 }

// SummarizeHR works out the HRSummary of samples (in time order):
//
//   - Peak10sMedian: for each kept sample at time t, the median of the kept
//     samples in (t − 10 s, t] recorded since the last pause (an even count
//     takes the mean of the two middle values); the highest of them.
//   - Bins: each kept sample stands for the time to the next kept sample,
//     capped at 5 s, credited to its heart rate. An interval longer than
//     10 s, or one that holds a pause (a sample with Resumed set after the
//     earlier kept sample, up to and including the later one), adds
//     nothing, and so does the last kept sample.
func SummarizeHR(samples []Sample) HRSummary {
	var h HRSummary
	var byBPM [256]time.Duration
	prev := -1
	paused := false
	for i, s := range samples {
		if s.Resumed {
			paused = true
		}
		if !ValidHR(s.HR) {
			continue
		}
		if prev >= 0 && !paused {
			dt := s.T - samples[prev].T
			if dt > 0 && dt <= hrMaxGap {
				byBPM[samples[prev].HR] += min(dt, hrMaxStep)
			}
		}
		prev = i
		paused = false
	}
	n := 0
	for _, d := range byBPM {
		if d > 0 {
			n++
		}
	}
	if n > 0 {
		h.Bins = make([]HRBin, 0, n)
		for bpm, d := range byBPM {
			if d > 0 {
				h.Bins = append(h.Bins, HRBin{BPM: uint8(bpm), Time: d})
			}
		}
	}
	h.Peak10sMedian = peakMedianHR(samples)
	return h
}

// Equal reports whether h and o are the same summary.
func (h HRSummary) Equal(o HRSummary) bool {
	return h.Peak10sMedian == o.Peak10sMedian && slices.Equal(h.Bins, o.Bins)
}

// Summarize replaces a's samples by their count and HRSummary (NSamples,
// HR), as Read does.
func (a *Activity) Summarize() {
	a.NSamples = len(a.Samples)
	a.HR = SummarizeHR(a.Samples)
	a.Samples = nil
}

// peakMedianHR returns the highest median heart rate over trailing 10-second
// windows of samples: for each kept sample at time t, the median of the kept
// samples in (t − 10 s, t] recorded since the last pause. It returns 0 when
// no sample is kept. An even count takes the mean of the two middle values.
func peakMedianHR(samples []Sample) float64 {
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
		if !ValidHR(s.HR) {
			continue
		}
		sorted = insertSorted(sorted, s.HR)
		for ; lo < i; lo++ {
			w := samples[lo]
			if !ValidHR(w.HR) {
				continue
			}
			if w.T > s.T-hrMedianWindow {
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
