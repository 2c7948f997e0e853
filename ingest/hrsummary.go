package ingest

import (
	"bytes"
	"encoding/binary"
	"iter"
	"math"
	"math/bits"
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
// samples: the hr_max estimate's peak and the steps TRIMP adds up.
type HRSummary struct {
	// Peak10sMedian is the highest median heart rate (bpm) over trailing
	// 10-second windows of the kept samples (see SummarizeHR); 0 when no
	// sample is kept.
	Peak10sMedian float64
	// Steps is the time credited to each kept sample by TRIMP's per-sample
	// rules, in time order (nil if none).
	Steps HRSteps
}

// HRStep is a run of N consecutive credited samples at one heart rate, each
// standing for Time.
type HRStep struct {
	BPM  uint8
	N    int
	Time time.Duration // > 0
}

// HRSteps is a sequence of HRSteps in time order, packed: per step its heart
// rate (a byte), then a uvarint of N<<1, with the low bit set when Time
// differs from the previous step's (the first compares with 1 s), followed
// then by a uvarint of Time in nanoseconds. At 1 Hz a step takes 2 bytes.
// Keeping the order, not a histogram, lets TRIMP add the samples up in the
// order it always did, so the sum is the same to the bit.
type HRSteps []byte

// All yields the steps in time order. It stops at the first malformed step.
func (s HRSteps) All() iter.Seq[HRStep] {
	return func(yield func(HRStep) bool) {
		prev := time.Second
		for i := 0; i < len(s); {
			bpm := s[i]
			v, n := binary.Uvarint(s[i+1:])
			if n <= 0 || v>>1 == 0 {
				return
			}
			i += 1 + n
			if v&1 != 0 {
				t, n := binary.Uvarint(s[i:])
				if n <= 0 || t == 0 || t > math.MaxInt64 {
					return
				}
				i += n
				prev = time.Duration(t)
			}
			if !yield(HRStep{BPM: bpm, N: int(min(v>>1, math.MaxInt32)), Time: prev}) {
				return
			}
		}
	}
}

// appendHRStep appends step to s, whose last step had Time prev.
func appendHRStep(s HRSteps, step HRStep, prev time.Duration) HRSteps {
	s = append(s, step.BPM)
	if step.Time == prev {
		return binary.AppendUvarint(s, uint64(step.N)<<1)
	}
	s = binary.AppendUvarint(s, uint64(step.N)<<1|1)
	return binary.AppendUvarint(s, uint64(step.Time))
}

// uvarintLen is the length of v's uvarint encoding.
func uvarintLen(v uint64) int { return max(1, (bits.Len64(v)+6)/7) }

// ValidHR reports whether a heart-rate sample is kept: samples of 30 bpm or
// less (including 0, "not recorded") and of 230 bpm or more are dropped.
func ValidHR(hr uint8) bool { return hr > 30 && hr < 230 }

// SummarizeHR works out the HRSummary of samples (in time order):
//
//   - Peak10sMedian: for each kept sample at time t, the median of the kept
//     samples in (t − 10 s, t] recorded since the last pause (an even count
//     takes the mean of the two middle values); the highest of them.
//   - Steps: each kept sample stands for the time to the next kept sample,
//     capped at 5 s, at its heart rate. An interval longer than 10 s, or one
//     that holds a pause (a sample with Resumed set after the earlier kept
//     sample, up to and including the later one), adds nothing, and so does
//     the last kept sample.
func SummarizeHR(samples []Sample) HRSummary {
	// Two passes over the credits: count the bytes, then pack them once.
	p := stepPacker{counting: true}
	p.credit(samples)
	if p.size > 0 {
		p = stepPacker{out: make(HRSteps, 0, p.size)}
		p.credit(samples)
	}
	return HRSummary{Peak10sMedian: peakMedianHR(samples), Steps: p.out}
}

// stepPacker packs credited samples into HRSteps, or only counts the bytes
// that takes.
type stepPacker struct {
	counting bool
	size     int
	out      HRSteps
	cur      HRStep
	prev     time.Duration // Time of the last step packed; 0 before the first
}

// credit walks samples with SummarizeHR's rules for Steps and packs each
// credited sample.
func (p *stepPacker) credit(samples []Sample) {
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
				p.add(samples[prev].HR, min(dt, hrMaxStep))
			}
		}
		prev = i
		paused = false
	}
	p.flush()
}

func (p *stepPacker) add(bpm uint8, dt time.Duration) {
	if p.cur.N > 0 && bpm == p.cur.BPM && dt == p.cur.Time && p.cur.N < math.MaxInt32 {
		p.cur.N++
		return
	}
	p.flush()
	p.cur = HRStep{BPM: bpm, N: 1, Time: dt}
}

func (p *stepPacker) flush() {
	if p.cur.N == 0 {
		return
	}
	if p.prev == 0 {
		p.prev = time.Second
	}
	if p.counting {
		p.size += 1 + uvarintLen(uint64(p.cur.N)<<1)
		if p.cur.Time != p.prev {
			p.size += uvarintLen(uint64(p.cur.Time))
		}
	} else {
		p.out = appendHRStep(p.out, p.cur, p.prev)
	}
	p.prev = p.cur.Time
	p.cur.N = 0
}

// Equal reports whether h and o are the same summary.
func (h HRSummary) Equal(o HRSummary) bool {
	return h.Peak10sMedian == o.Peak10sMedian && bytes.Equal(h.Steps, o.Steps)
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
