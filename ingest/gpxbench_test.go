package ingest

import (
	"bytes"
	"context"
	"testing"

	"github.com/legwork-run/legwork/internal/demogen"
)

// BenchmarkDecodeGPX decodes one generated Strava-style phone GPX run (1 Hz,
// heart rate and cadence in a TrackPointExtension): "fast" is DecodeGPX,
// "full" gpxgo plus the encoding/xml re-read that DecodeGPX falls back to.
func BenchmarkDecodeGPX(b *testing.B) {
	plan := demogen.Plan()
	data, err := demogen.EncodeGPX(demogen.Simulate(plan[1]), "Morning Run", "9", "StravaGPX iPhone")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeGPX(bytes.NewReader(data), "x.gpx"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeGPXFull(data, "x.gpx"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkReadGPXYear is Read (no cache) of one year of Strava phone GPX:
// the 156 .gpx.gz files of BenchmarkRunGPXYear, whose reruns the cache in
// its output folder answers. The zone finder is loaded once per process,
// in the first iteration.
func BenchmarkReadGPXYear(b *testing.B) {
	dir := b.TempDir()
	n, err := demogen.WriteGPXHistory(dir, 156)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		batch, err := Read(context.Background(), []string{dir}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(batch.Activities) != 156 {
			b.Fatalf("%d activities", len(batch.Activities))
		}
	}
}
