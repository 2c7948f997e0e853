package demogen

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzCanonicalFIT feeds arbitrary bytes to the re-framer: it never panics,
// fails only with errFraming, and re-framing its own output changes nothing.
func FuzzCanonicalFIT(f *testing.F) {
	s := Plan()[0]
	s.DistanceM = 120
	s.Pause = 0
	b, err := EncodeFIT(Simulate(s))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := canonicalFIT(in)
		if err != nil {
			if !errors.Is(err, errFraming) {
				t.Fatalf("error %v does not wrap errFraming", err)
			}
			return
		}
		again, err := canonicalFIT(out)
		if err != nil {
			t.Fatalf("own output rejected: %v", err)
		}
		if !bytes.Equal(again, out) {
			t.Fatal("re-framing is not idempotent")
		}
	})
}
