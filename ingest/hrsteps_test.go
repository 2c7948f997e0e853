package ingest

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// credits lists what SummarizeHR credits, sample by sample, the slow way.
func credits(samples []Sample) []HRStep {
	var out []HRStep
	p := -1
	paused := false
	for i, s := range samples {
		paused = paused || s.Resumed
		if !ValidHR(s.HR) {
			continue
		}
		if p >= 0 && !paused {
			if dt := s.T - samples[p].T; dt > 0 && dt <= 10*time.Second {
				out = append(out, HRStep{BPM: samples[p].HR, N: 1, Time: min(dt, 5*time.Second)})
			}
		}
		p, paused = i, false
	}
	return out
}

// unpack expands steps into one step per credited sample.
func unpack(s HRSteps) []HRStep {
	var out []HRStep
	for st := range s.All() {
		for range st.N {
			out = append(out, HRStep{BPM: st.BPM, N: 1, Time: st.Time})
		}
	}
	return out
}

// TestSummarizeHRSteps: the packed steps expand to exactly the credited
// samples in time order, runs are merged, and 1 Hz steps take 2 bytes.
func TestSummarizeHRSteps(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	for k := range 3000 {
		s := make([]Sample, rng.IntN(400))
		var at time.Duration
		hr := 100 + rng.IntN(80)
		for i := range s {
			switch rng.IntN(12) {
			case 0:
				at += time.Duration(rng.IntN(20)) * time.Second
			case 1:
				at += time.Duration(rng.IntN(3000)) * time.Millisecond
			case 2: // same instant
			default:
				at += time.Second
			}
			if rng.IntN(3) == 0 {
				hr = max(0, min(255, hr+rng.IntN(7)-3))
			}
			s[i] = Sample{T: at, HR: uint8(hr), Resumed: rng.IntN(150) == 0}
			if rng.IntN(40) == 0 {
				s[i].HR = uint8(rng.IntN(256))
			}
		}
		h := SummarizeHR(s)
		if got, want := unpack(h.Steps), credits(s); !slices.Equal(got, want) {
			t.Fatalf("case %d: steps expand to %d credits, want %d", k, len(got), len(want))
		}
		var prev HRStep
		for st := range h.Steps.All() {
			if st.N < 1 || st.BPM == prev.BPM && st.Time == prev.Time {
				t.Fatalf("case %d: step %+v after %+v is not a merged run", k, st, prev)
			}
			prev = st
		}
		if len(h.Steps) != cap(h.Steps) {
			t.Fatalf("case %d: %d bytes packed into a buffer of %d", k, len(h.Steps), cap(h.Steps))
		}
	}

	// An hour at 1 Hz, the heart rate changing every sample: 2 bytes a step.
	s := make([]Sample, 3600)
	for i := range s {
		s[i] = Sample{T: time.Duration(i) * time.Second, HR: uint8(100 + i%2)}
	}
	if n := len(SummarizeHR(s).Steps); n != 2*3599 {
		t.Errorf("1 Hz hour: %d bytes of steps, want %d", n, 2*3599)
	}
	if SummarizeHR(nil).Steps != nil || SummarizeHR(s[:1]).Steps != nil {
		t.Error("no credited sample: want nil steps")
	}
}

// TestHRStepsMalformed: All stops at a malformed step and yields what came
// before it.
func TestHRStepsMalformed(t *testing.T) {
	good := appendHRStep(appendHRStep(nil, HRStep{BPM: 120, N: 3, Time: time.Second}, time.Second),
		HRStep{BPM: 121, N: 1, Time: 2 * time.Second}, time.Second)
	for _, c := range []struct {
		name string
		b    HRSteps
		want int
	}{
		{"whole", good, 2},
		{"cut in a count", append(slices.Clip(good), 122), 2},
		{"zero count", append(slices.Clip(good), 122, 0), 2},
		{"zero time", append(slices.Clip(good), 122, 3, 0), 2},
		{"cut in a time", append(slices.Clip(good), 122, 3, 0x80), 2},
		{"cut first", good[:1], 0},
	} {
		n := 0
		for range c.b.All() {
			n++
		}
		if n != c.want {
			t.Errorf("%s: %d steps, want %d", c.name, n, c.want)
		}
	}
}

func FuzzHRSteps(f *testing.F) {
	f.Add([]byte{120, 6, 121, 3, 0x80, 0xa8, 0xd6, 0xb9, 0x07})
	f.Fuzz(func(t *testing.T, b []byte) {
		var re HRSteps
		prev := time.Second
		for st := range HRSteps(b).All() {
			if st.N < 1 || st.Time <= 0 {
				t.Fatalf("step %+v", st)
			}
			re = appendHRStep(re, st, prev)
			prev = st.Time
		}
		// What All read re-encodes to the same steps.
		if got, want := slices.Collect(re.All()), slices.Collect(HRSteps(b).All()); !slices.Equal(got, want) {
			t.Fatalf("re-encoded steps %v, read %v", got, want)
		}
	})
}
