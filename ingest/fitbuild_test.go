package ingest

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fixDegreesFloat is fixDegrees as it was, with the range checked on the
// degrees.
func fixDegreesFloat(lat, lon int32) (float64, float64, bool) {
	if lat == invalidS32 || lon == invalidS32 || (lat == 0 && lon == 0) {
		return 0, 0, false
	}
	const deg = 180.0 / (1 << 31)
	la, lo := float64(lat)*deg, float64(lon)*deg
	if math.Abs(la) > 90 || math.Abs(lo) > 180 {
		return 0, 0, false
	}
	return la, lo, true
}

// TestFixDegrees: the range checked in semicircles gives what the check on
// the degrees gave, at the edges and on random positions.
func TestFixDegrees(t *testing.T) {
	edges := []int32{0, 1, -1, 1 << 30, 1<<30 + 1, 1<<30 - 1, -1 << 30, -1<<30 - 1, -1<<30 + 1,
		math.MaxInt32, math.MaxInt32 - 1, math.MinInt32, math.MinInt32 + 1}
	rng := rand.New(rand.NewPCG(4, 5))
	vals := append([]int32(nil), edges...)
	for range 2000 {
		vals = append(vals, int32(rng.Uint32()))
	}
	for _, lat := range vals {
		for _, lon := range vals {
			gla, glo, gok := fixDegrees(lat, lon)
			wla, wlo, wok := fixDegreesFloat(lat, lon)
			if gok != wok || math.Float64bits(gla) != math.Float64bits(wla) || math.Float64bits(glo) != math.Float64bits(wlo) {
				t.Fatalf("fixDegrees(%d, %d) = %v, %v, %v; want %v, %v, %v", lat, lon, gla, glo, gok, wla, wlo, wok)
			}
		}
	}
}

// TestSpanAtOne: the shortcut for a file with one session gives what the
// search gives, around both ends and for an open-ended session.
func TestSpanAtOne(t *testing.T) {
	ends := []int64{1000, 1001, 1002, 5000, math.MaxInt64 - spanSlackS}
	for _, end := range ends {
		order := []*fitSpan{{start: 1000, end: end}}
		ts := []int64{math.MinInt64, 0, math.MaxInt64 - spanSlackS, math.MaxInt64}
		for d := int64(-5); d <= 5; d++ {
			ts = append(ts, 1000+d, end+d)
		}
		for _, at := range ts {
			if got, want := spanAtOne(order[0], at), spanAt(order, at); got != want {
				t.Errorf("end %d, t %d: spanAtOne %v, spanAt %v", end, at, got != nil, want != nil)
			}
		}
	}
}
