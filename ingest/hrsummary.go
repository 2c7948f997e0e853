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
	// The window is the kept samples among samples[lo..i]. The loop keeps
	// their count n, how many there are of each heart rate, and how many
	// are above best. A median above best needs at least ⌈n/2⌉ of those
	// (with fewer, the upper middle value is at most best, and so is the
	// mean of the middle two), so only then is the median read off the
	// counts, walking up from best. Most samples cost a few comparisons
	// and increments. A whole bpm v is above best exactly when v > ⌊best⌋,
	// kept as thr.
	var (
		best     float64
		thr      int
		count    [256]int
		n, above int
		lo       int
	)
	for i, s := range samples {
		if s.Resumed {
			for _, w := range samples[lo:i] {
				if ValidHR(w.HR) {
					count[w.HR]--
				}
			}
			n, above, lo = 0, 0, i
		}
		if !ValidHR(s.HR) {
			continue
		}
		count[s.HR]++
		n++
		if int(s.HR) > thr {
			above++
		}
		for ; lo < i; lo++ {
			w := samples[lo]
			if !ValidHR(w.HR) {
				continue
			}
			if w.T > s.T-hrMedianWindow {
				break
			}
			count[w.HR]--
			n--
			if int(w.HR) > thr {
				above--
			}
		}
		if above < n-n/2 {
			continue // the median cannot beat best
		}
		// The upper middle value, sorted[n/2], is the first v above thr
		// with more than n/2 values at or below it.
		hi, le := thr, n-above
		for le <= n/2 {
			hi++
			le += count[hi]
		}
		m := float64(hi)
		if n%2 == 0 {
			// The lower middle value, sorted[n/2-1], is hi unless n/2
			// values lie below hi; then it is the next one down.
			lower := hi
			if le-count[hi] >= n/2 {
				for lower--; count[lower] == 0; lower-- {
				}
			}
			m = (float64(lower) + m) / 2
		}
		if m <= best {
			continue
		}
		best = m
		for ; thr < int(m); thr++ {
			above -= count[thr+1]
		}
	}
	return best
}
