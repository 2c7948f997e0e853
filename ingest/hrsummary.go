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
			var v uint64
			if i+1 < len(s) && s[i+1] < 0x80 {
				v, i = uint64(s[i+1]), i+2 // a one-byte count, the usual case
			} else {
				var n int
				v, n = binary.Uvarint(s[i+1:])
				if n <= 0 {
					return
				}
				i += 1 + n
			}
			if v>>1 == 0 {
				return
			}
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
