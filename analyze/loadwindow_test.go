package analyze

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// peakMedianHR is the peak 10-second median heart rate of samples, as
// ingest works it out for each activity.
func peakMedianHR(samples []ingest.Sample) float64 {
	return ingest.SummarizeHR(samples).Peak10sMedian
}

// trimpSamples is TRIMP over what ingest keeps of samples.
func trimpSamples(samples []ingest.Sample, hrMax, hrRest int, sex string) (float64, time.Duration) {
	return TRIMP(ingest.SummarizeHR(samples), hrMax, hrRest, sex)
}

// The per-sample rules as they were in analyze before ingest summarized
// the samples.
const (
	maxStep     = 5 * time.Second
	maxGap      = 10 * time.Second
	hrMaxWindow = 10 * time.Second
)

// eachHRStep walks samples with the per-sample rules as they were: it
// calls step with the heart rate of each kept sample and the time it
// stands for (capped at maxStep), in time order, skipping gaps over maxGap
// and intervals that hold a pause.
func eachHRStep(samples []ingest.Sample, step func(hr uint8, dt time.Duration)) {
	prev := -1
	paused := false
	for i, s := range samples {
		if s.Resumed {
			paused = true
		}
		if !ingest.ValidHR(s.HR) {
			continue
		}
		if prev >= 0 && !paused {
			dt := s.T - samples[prev].T
			if dt > 0 && dt <= maxGap {
				step(samples[prev].HR, min(dt, maxStep))
			}
		}
		prev = i
		paused = false
	}
}

// trimpPerSample is TRIMP as METRICS.md writes it and as analyze summed it
// before ingest packed the steps: sample by sample in time order, with
// math.Exp at every sample.
func trimpPerSample(samples []ingest.Sample, hrMax, hrRest int, sex string) (trimp float64, covered time.Duration) {
	if hrMax <= hrRest || hrMax <= 0 {
		return 0, 0
	}
	a, b := trimpCoefficients(sex)
	reserve := float64(hrMax - hrRest)
	eachHRStep(samples, func(hr uint8, dt time.Duration) {
		hrr := clamp01((float64(hr) - float64(hrRest)) / reserve)
		trimp += dt.Minutes() * hrr * a * math.Exp(b*hrr)
		covered += dt
	})
	return trimp, covered
}

// peakMedianHRSorting is peakMedianHR as it was: a sort of every window.
func peakMedianHRSorting(samples []ingest.Sample) float64 {
	var best float64
	var win []ingest.Sample
	for _, s := range samples {
		if s.Resumed {
			win = win[:0]
		}
		if !ingest.ValidHR(s.HR) {
			continue
		}
		win = append(win, s)
		j := 0
		for j < len(win) && win[j].T <= s.T-hrMaxWindow {
			j++
		}
		win = append(win[:0], win[j:]...)
		var buf []float64
		for _, w := range win {
			buf = append(buf, float64(w.HR))
		}
		best = max(best, median(buf))
	}
	return best
}

// randomSamples makes heart-rate samples with irregular steps (sub-second
// to minutes, some repeated instants), pauses, gaps of 0 and out-of-range
// values.
func randomSamples(rng *rand.Rand, n int) []ingest.Sample {
	out := make([]ingest.Sample, n)
	var t time.Duration
	hr := 120
	for i := range out {
		switch rng.IntN(10) {
		case 0:
			t += time.Duration(rng.IntN(30)) * time.Second
		case 1:
			t += time.Duration(rng.IntN(1000)) * time.Millisecond
		default:
			t += time.Second
		}
		hr = max(0, min(255, hr+rng.IntN(21)-10))
		s := ingest.Sample{T: t, HR: uint8(hr), Resumed: rng.IntN(200) == 0}
		if rng.IntN(50) == 0 {
			s.HR = uint8(rng.IntN(256))
		}
		out[i] = s
	}
	return out
}

// TestWindowedHREqualsSorting: the sliding-window peak median gives exactly
// what sorting each window gave, and TRIMP over the packed steps exactly
// what the sum over the samples gave (the same bits), over exactly the same
// time.
func TestWindowedHREqualsSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for k := range 2000 {
		s := randomSamples(rng, 1+rng.IntN(600))
		if got, want := peakMedianHR(s), peakMedianHRSorting(s); got != want {
			t.Fatalf("case %d: peakMedianHR %v, sorting gave %v", k, got, want)
		}
		hrMax, hrRest := 150+rng.IntN(60), 40+rng.IntN(30)
		for _, sex := range []string{"female", ""} {
			gt, gc := trimpSamples(s, hrMax, hrRest, sex)
			wt, wc := trimpPerSample(s, hrMax, hrRest, sex)
			if math.Float64bits(gt) != math.Float64bits(wt) || gc != wc {
				t.Fatalf("case %d: TRIMP over steps %v %v, per sample %v %v", k, gt, gc, wt, wc)
			}
		}
	}
	// A window wider than the 64 values kept on the stack.
	var s []ingest.Sample
	for i := range 300 {
		s = append(s, ingest.Sample{T: time.Duration(i) * 100 * time.Millisecond, HR: uint8(100 + i%97)})
	}
	if got, want := peakMedianHR(s), peakMedianHRSorting(s); got != want {
		t.Fatalf("dense: %v, want %v", got, want)
	}
}

// TestTRIMPStepsLong: an hour and more of 1 Hz samples (the sums where
// summation order matters most) against the per-sample sum, to the bit.
func TestTRIMPStepsLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for k := range 50 {
		s := randomSamples(rng, 3600+rng.IntN(4*3600))
		for _, sex := range []string{"female", "male"} {
			gt, gc := trimpSamples(s, 185, 55, sex)
			wt, wc := trimpPerSample(s, 185, 55, sex)
			if math.Float64bits(gt) != math.Float64bits(wt) || gc != wc {
				t.Fatalf("case %d: TRIMP over steps %v %v, per sample %v %v", k, gt, gc, wt, wc)
			}
		}
	}
}

func TestTRIMPAndSummaryAllocs(t *testing.T) {
	s := randomSamples(rand.New(rand.NewPCG(1, 1)), 3600)
	h := ingest.SummarizeHR(s)
	if n := testing.AllocsPerRun(10, func() { TRIMP(h, 190, 50, "") }); n != 0 {
		t.Errorf("TRIMP: %v allocations per call, want 0", n)
	}
	if n := testing.AllocsPerRun(10, func() { ingest.SummarizeHR(s) }); n > 1 {
		t.Errorf("SummarizeHR: %v allocations per call, want at most 1 (the packed steps)", n)
	}
}

// BenchmarkTRIMP: an hour at 1 Hz whose heart rate changes at every sample
// (one packed step per sample, the costliest case at 1 Hz).
func BenchmarkTRIMP(b *testing.B) {
	s := make([]ingest.Sample, 3600)
	hr := 120
	for i := range s {
		hr += (i*7919)%5 - 2
		hr = max(90, min(200, hr))
		s[i] = ingest.Sample{T: time.Duration(i) * time.Second, HR: uint8(hr)}
	}
	h := ingest.SummarizeHR(s)
	b.ReportAllocs()
	for b.Loop() {
		TRIMP(h, 190, 50, "")
	}
}
