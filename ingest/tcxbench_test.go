package ingest

import (
	"bytes"
	"testing"

	"github.com/legwork-run/legwork/internal/demogen"
)

// BenchmarkDecodeTCX decodes one generated Garmin Connect TCX run (1 Hz,
// km laps, positions, altitude, distance, heart rate, speed and cadence
// extensions): "fast" is DecodeTCX, "full" the encoding/xml path it falls
// back to.
func BenchmarkDecodeTCX(b *testing.B) {
	data := demogen.EncodeTCX(demogen.Simulate(demogen.Plan()[1]), "Forerunner 945")
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeTCX(bytes.NewReader(data), "x.tcx"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeTCXFullOnly(data, "x.tcx"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
