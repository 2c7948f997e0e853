package ingest

import (
	"testing"
	"time"
)

// BenchmarkSummarizeHR: an hour at 1 Hz of a drifting heart rate.
func BenchmarkSummarizeHR(b *testing.B) {
	s := make([]Sample, 3600)
	hr := 120
	for i := range s {
		hr += (i*7919)%5 - 2
		hr = max(90, min(200, hr))
		s[i] = Sample{T: time.Duration(i) * time.Second, HR: uint8(hr)}
	}
	b.ReportAllocs()
	for b.Loop() {
		SummarizeHR(s)
	}
}

func BenchmarkPeakMedianHR(b *testing.B) {
	s := make([]Sample, 3600)
	hr := 120
	for i := range s {
		hr += (i*7919)%5 - 2
		hr = max(90, min(200, hr))
		s[i] = Sample{T: time.Duration(i) * time.Second, HR: uint8(hr)}
	}
	for b.Loop() {
		peakMedianHR(s)
	}
}
