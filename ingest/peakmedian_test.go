package ingest

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// peakMedianRef is peakMedianHR written the plain way: for each kept sample
// find its window, sort the window's heart rates, take the median, keep the
// highest. The window is the kept samples from lo to i, where lo starts at
// the last pause and only moves forward, past samples that are not kept and
// kept ones at or before t − 10 s, stopping at the first kept one after it.
// With times in order that is every kept sample since the last pause in
// (t − 10 s, t] (peakMedianInOrder); with times out of order it is what
// peakMedianHR has always done (peakMedianSorted).
func peakMedianRef(samples []Sample) float64 {
	var best float64
	lo := 0
	for i, s := range samples {
		if s.Resumed {
			lo = i
		}
		if !ValidHR(s.HR) {
			continue
		}
		for lo < i && (!ValidHR(samples[lo].HR) || samples[lo].T <= s.T-hrMedianWindow) {
			lo++
		}
		best = max(best, medianOfKept(samples[lo:i+1]))
	}
	return best
}

// peakMedianInOrder is the definition in SummarizeHR's comment, for
// samples whose times never go back: each kept sample's window is every
// kept sample since the last pause in (t − 10 s, t].
func peakMedianInOrder(samples []Sample) float64 {
	var best float64
	pause := 0
	for i, s := range samples {
		if s.Resumed {
			pause = i
		}
		if !ValidHR(s.HR) {
			continue
		}
		var win []Sample
		for _, w := range samples[pause : i+1] {
			if w.T > s.T-hrMedianWindow && w.T <= s.T {
				win = append(win, w)
			}
		}
		best = max(best, medianOfKept(win))
	}
	return best
}

// medianOfKept is the median heart rate of the kept samples among ws (the
// mean of the middle two for an even count; 0 for none).
func medianOfKept(ws []Sample) float64 {
	var hr []float64
	for _, w := range ws {
		if ValidHR(w.HR) {
			hr = append(hr, float64(w.HR))
		}
	}
	if len(hr) == 0 {
		return 0
	}
	slices.Sort(hr)
	n := len(hr)
	if n%2 == 1 {
		return hr[n/2]
	}
	return (hr[n/2-1] + hr[n/2]) / 2
}

// peakMedianSorted is peakMedianHR as it was before the counts (commit
// f18bf33), word for word: a sorted copy of the window kept up to date at
// every sample.
func peakMedianSorted(samples []Sample) float64 {
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
		sorted = insertSortedWas(sorted, s.HR)
		for ; lo < i; lo++ {
			w := samples[lo]
			if !ValidHR(w.HR) {
				continue
			}
			if w.T > s.T-hrMedianWindow {
				break
			}
			sorted = removeSortedWas(sorted, w.HR)
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

// insertSortedWas inserts v into the ascending xs.
func insertSortedWas(xs []uint8, v uint8) []uint8 {
	i := len(xs)
	xs = append(xs, v)
	for ; i > 0 && xs[i-1] > v; i-- {
		xs[i] = xs[i-1]
	}
	xs[i] = v
	return xs
}

// removeSortedWas removes one v from the ascending xs, which holds it.
func removeSortedWas(xs []uint8, v uint8) []uint8 {
	for i, x := range xs {
		if x == v {
			return append(xs[:i], xs[i+1:]...)
		}
	}
	return xs
}

// plainTimes reports whether peakMedianInOrder applies to samples: their
// times never go back, and none is within 10 s of the smallest Duration
// (where t − 10 s wraps around).
func plainTimes(samples []Sample) bool {
	for i, s := range samples {
		if s.T < math.MinInt64+hrMedianWindow || i > 0 && s.T < samples[i-1].T {
			return false
		}
	}
	return true
}

// checkPeakMedian fails unless peakMedianHR, the reference, the sorted
// window as it was and (for times in order) the definition agree to the bit.
func checkPeakMedian(t *testing.T, name string, s []Sample) {
	t.Helper()
	got := peakMedianHR(s)
	want := peakMedianRef(s)
	if math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("%s: peakMedianHR %v, reference %v; samples %v", name, got, want, s)
	}
	if old := peakMedianSorted(s); math.Float64bits(old) != math.Float64bits(want) {
		t.Fatalf("%s: sorted window (before) %v, reference %v; samples %v", name, old, want, s)
	}
	if plainTimes(s) {
		if def := peakMedianInOrder(s); math.Float64bits(def) != math.Float64bits(want) {
			t.Fatalf("%s: definition %v, reference %v; samples %v", name, def, want, s)
		}
	}
	if sum := SummarizeHR(s).Peak10sMedian; math.Float64bits(sum) != math.Float64bits(got) {
		t.Fatalf("%s: SummarizeHR's peak %v, peakMedianHR %v", name, sum, got)
	}
}

// TestPeakMedianHRExhaustive tries every sequence of up to four samples
// over a small alphabet: a heart rate that is not kept, the lowest and
// highest kept, two close together (so that even counts give half bpm and
// ties are common); steps of 0, 1, 9 and 10 s (so that samples fall exactly
// on the window's edge and on either side of it); pauses.
func TestPeakMedianHRExhaustive(t *testing.T) {
	hrs := []uint8{0, 31, 100, 101, 229}
	steps := []time.Duration{0, time.Second, 9 * time.Second, 10 * time.Second}
	type sym struct {
		hr      uint8
		dt      time.Duration
		resumed bool
	}
	var alpha []sym
	for _, hr := range hrs {
		for _, dt := range steps {
			for _, r := range []bool{false, true} {
				alpha = append(alpha, sym{hr, dt, r})
			}
		}
	}
	maxLen := 4
	if testing.Short() {
		maxLen = 3
	}
	s := make([]Sample, maxLen)
	var walk func(k int, t0 time.Duration)
	walk = func(k int, t0 time.Duration) {
		if k > 0 {
			checkPeakMedian(t, "exhaustive", s[:k])
		}
		if k == maxLen {
			return
		}
		for _, a := range alpha {
			s[k] = Sample{T: t0 + a.dt, HR: a.hr, Resumed: a.resumed}
			walk(k+1, t0+a.dt)
		}
	}
	walk(0, 0)
}

// randomHRSamples makes n samples in one of several shapes: 1 Hz runs with
// a drifting heart rate, irregular steps (sub-second to a minute, repeated
// instants), dense recording (more than 64 samples in a window), few
// distinct values (ties and even counts), pauses, values that are not kept,
// and, for some, times that go back.
func randomHRSamples(rng *rand.Rand, n int) []Sample {
	out := make([]Sample, n)
	t := time.Duration(rng.IntN(3600)) * time.Second
	hr := 60 + rng.IntN(150)
	shape := rng.IntN(6)
	pauseEvery := 1 + rng.IntN(300)
	badEvery := 1 + rng.IntN(60)
	for i := range out {
		switch shape {
		case 0: // 1 Hz
			t += time.Second
		case 1: // irregular
			switch rng.IntN(8) {
			case 0:
				t += time.Duration(rng.IntN(60)) * time.Second
			case 1:
				t += time.Duration(rng.IntN(1500)) * time.Millisecond
			case 2:
				// same instant
			default:
				t += time.Second
			}
		case 2: // dense: 10 to 100 Hz
			t += time.Duration(10+rng.IntN(90)) * time.Millisecond
		case 3: // whole seconds, some exactly the window apart
			t += time.Duration(rng.IntN(12)) * time.Second
		case 4: // times that go back now and then
			t += time.Duration(rng.IntN(4000)-1000) * time.Millisecond
		case 5: // sub-second and equal steps
			t += time.Duration(rng.IntN(3)) * 500 * time.Millisecond
		}
		if shape == 5 || rng.IntN(4) == 0 {
			hr = 100 + rng.IntN(4) // few distinct values
		} else {
			hr = max(0, min(255, hr+rng.IntN(11)-5))
		}
		s := Sample{T: t, HR: uint8(hr), Resumed: rng.IntN(pauseEvery) == 0}
		if rng.IntN(badEvery) == 0 {
			s.HR = []uint8{0, 1, 30, 230, 255}[rng.IntN(5)]
		}
		out[i] = s
	}
	return out
}

// TestPeakMedianHRRandom compares peakMedianHR with the reference over
// thousands of random sequences and a few hand-made edge cases.
func TestPeakMedianHRRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 25))
	for range 5000 {
		checkPeakMedian(t, "random", randomHRSamples(rng, 1+rng.IntN(400)))
	}
	for range 20 {
		checkPeakMedian(t, "long", randomHRSamples(rng, 3600+rng.IntN(3600)))
	}

	// 300 samples 0.1 s apart with values that keep rising: windows of up
	// to 100 samples, well past the 64 kept on the stack.
	var dense []Sample
	for i := range 300 {
		dense = append(dense, Sample{T: time.Duration(i) * 100 * time.Millisecond, HR: uint8(100 + i%97)})
	}
	checkPeakMedian(t, "dense", dense)
	// 1000 samples at one instant: one window of all of them.
	var same []Sample
	for i := range 1000 {
		same = append(same, Sample{T: time.Minute, HR: uint8(31 + i*7%199)})
	}
	checkPeakMedian(t, "one instant", same)

	cases := map[string][]Sample{
		"none":          nil,
		"none kept":     {{T: 0, HR: 0}, {T: time.Second, HR: 30}, {T: 2 * time.Second, HR: 230}},
		"one":           {{T: 0, HR: 150}},
		"even half":     {{T: 0, HR: 150}, {T: time.Second, HR: 151}},
		"even straddle": {{T: 0, HR: 140}, {T: time.Second, HR: 160}, {T: 2 * time.Second, HR: 141}, {T: 3 * time.Second, HR: 159}},
		"pause resets":  {{T: 0, HR: 180}, {T: time.Second, HR: 180}, {T: 2 * time.Second, HR: 60, Resumed: true}, {T: 3 * time.Second, HR: 181}},
		"paused bad":    {{T: 0, HR: 180}, {T: time.Second, HR: 0, Resumed: true}, {T: 2 * time.Second, HR: 170}},
		"exactly 10 s":  {{T: 0, HR: 200}, {T: 10 * time.Second, HR: 100}, {T: 10 * time.Second, HR: 101}},
		"back in time":  {{T: 20 * time.Second, HR: 100}, {T: 0, HR: 200}, {T: 5 * time.Second, HR: 200}},
		"min time":      {{T: math.MinInt64, HR: 100}, {T: math.MinInt64 + 1, HR: 200}, {T: 0, HR: 120}},
		"max time":      {{T: math.MaxInt64 - 1, HR: 200}, {T: math.MaxInt64, HR: 100}},
	}
	for name, s := range cases {
		checkPeakMedian(t, name, s)
	}
}

// samplesFromBytes turns fuzz input into samples: an optional 8-byte start
// time, then 4 bytes a sample (a signed step in 10 ms, the heart rate,
// Resumed in the low bit).
func samplesFromBytes(b []byte) []Sample {
	var t time.Duration
	if len(b) >= 8 && b[0]&0x80 != 0 {
		t = time.Duration(binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	var out []Sample
	for ; len(b) >= 4; b = b[4:] {
		t += time.Duration(int16(binary.LittleEndian.Uint16(b))) * 10 * time.Millisecond
		out = append(out, Sample{T: t, HR: b[2], Resumed: b[3]&1 != 0})
	}
	return out
}

// FuzzPeakMedianHR compares peakMedianHR with the reference on any
// sequence, times out of order and at the ends of the range included.
func FuzzPeakMedianHR(f *testing.F) {
	f.Add([]byte{100, 0, 150, 0, 100, 0, 151, 0, 100, 0, 90, 1})
	f.Add([]byte{0, 0, 200, 0, 0, 0, 201, 0, 0, 0, 0, 0, 0, 0, 100, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 120, 0, 0x18, 0xfc, 180, 0})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 4 {
		var b []byte
		for _, s := range randomHRSamples(rng, 40) {
			var r byte
			if s.Resumed {
				r = 1
			}
			b = append(b, byte(rng.IntN(150)), 0, s.HR, r)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkPeakMedian(t, "fuzz", samplesFromBytes(b))
	})
}

// BenchmarkPeakMedianHRShapes: an hour at 1 Hz that warms up, holds and
// finishes with intervals (best rises often early on), and the same hour
// recorded at 10 Hz (windows of 100 samples).
func BenchmarkPeakMedianHRShapes(b *testing.B) {
	run := func(hz int) []Sample {
		s := make([]Sample, 3600*hz)
		for i := range s {
			sec := float64(i) / float64(hz)
			hr := 100 + 60*min(1, sec/900) // warm-up to 160
			if sec > 2400 {
				hr += 20 * math.Max(0, math.Sin(sec/60)) // intervals
			}
			hr += float64((i*7919)%5 - 2)
			s[i] = Sample{T: time.Duration(sec * float64(time.Second)), HR: uint8(hr)}
		}
		return s
	}
	for _, c := range []struct {
		name string
		s    []Sample
	}{{"run-1Hz", run(1)}, {"run-10Hz", run(10)}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				peakMedianHR(c.s)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(c.s)), "ns/sample")
		})
	}
}
