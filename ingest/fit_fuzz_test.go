package ingest

import (
	"github.com/legwork-run/legwork/internal/corpus"

	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/fitfile"
)

// fitSeeds are generated files with every oddity DecodeFIT handles.
func fitSeeds() [][]byte {
	var seeds [][]byte
	var plain, short, zero fitfile.Sequence
	fitSimpleRun(&plain)
	short.HeaderSize = 12
	fitSimpleRun(&short)
	zero.ZeroHeaderCRC = true
	fitSimpleRun(&zero)
	seeds = append(seeds, plain.Bytes(), short.Bytes(), zero.Bytes(), fitfile.Chain(plain.Bytes(), short.Bytes()))

	var comp fitfile.Sequence
	comp.FileID(fitfile.FileActivity, 1, 1436, 17217864)
	comp.Record(fitfile.Record{Time: 17217864, HR: 120})
	for i := 1; i < 20; i++ {
		comp.CompressedRecord(fitfile.Record{Time: 17217864 + uint32(7*i), DistM: float64(20 * i), HasDist: true, HR: 130})
	}
	comp.Session(fitfile.Session{Start: 17217864, ElapsedS: 140, TimerS: 140, DistM: 380, AscentM: -1, Sport: fitfile.SportRunning})
	comp.Activity(17217864+140, fitAt(140))
	seeds = append(seeds, comp.Bytes())

	var dev fitfile.Sequence
	dev.FileID(fitfile.FileActivity, 1, 3869, fitAt(0))
	dev.DeveloperField(0, 1, "core_temperature")
	for i := 0; i < 10; i++ {
		dev.DevRecord(fitfile.Record{Time: fitAt(i), Lat: 52.5, Lon: 13.4 + float64(i)/10000, HasPos: true, HR: 100}, 0, 1, 3700)
	}
	seeds = append(seeds, dev.Bytes())

	var multi fitfile.Sequence
	multi.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
	fitRunRecords(&multi, 0, 20, 0)
	fitRunRecords(&multi, 21, 5, 60)
	multi.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 20, TimerS: 20, DistM: 60, AscentM: -1, Sport: fitfile.SportSwimming})
	multi.Session(fitfile.Session{Start: fitAt(21), ElapsedS: 5, TimerS: 5, DistM: 15, AscentM: -1, Sport: fitfile.SportTransition})
	seeds = append(seeds, multi.Bytes())

	var settings fitfile.Sequence
	settings.FileID(fitfile.FileSettings, 1, 3113, fitAt(0))
	seeds = append(seeds, settings.Bytes())

	run, _ := fitfile.Run(fitT0, 2*time.Minute, fitfile.RunOptions{PauseEvery: 30, PauseS: 5, Offset: time.Hour})
	seeds = append(seeds, run, run[:len(run)/2])
	return seeds
}

// FuzzDecodeFIT checks that no input panics, that every error is a
// *DecodeError for the source, and that a success has an activity.
func FuzzDecodeFIT(f *testing.F) {
	for _, s := range fitSeeds() {
		f.Add(s)
	}
	// Corpus files, when the corpus is there; the largest ones only slow
	// the fuzzer down.
	if dir := corpus.Find(); dir != "" {
		for _, sub := range []string{"fit", "bad"} {
			paths, _ := filepath.Glob(filepath.Join(dir, sub, "*.fit"))
			for _, p := range paths {
				if b, err := os.ReadFile(p); err == nil && len(b) <= 64<<10 {
					f.Add(b)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fitFuzzCheck(t, b)
		// Most mutations break the file CRC and stop at the check; the
		// same bytes with their CRCs recomputed reach the decoder.
		if fixed := fitFixCRCs(b); !bytes.Equal(fixed, b) {
			fitFuzzCheck(t, fixed)
		}
	})
}

func fitFuzzCheck(t *testing.T, b []byte) {
	acts, err := DecodeFIT(bytes.NewReader(b), "fuzz.fit")
	if err != nil {
		var de *DecodeError
		if !errors.As(err, &de) || de.Path != "fuzz.fit" || de.Format != "fit" {
			t.Fatalf("error is %T, want *DecodeError for fuzz.fit: %v", err, err)
		}
		if len(acts) > 0 && !errors.Is(err, ErrPartialRead) {
			t.Fatalf("%d activities with an error that is not a partial read: %v", len(acts), err)
		}
		return
	}
	if len(acts) == 0 {
		t.Fatal("success without an activity")
	}
	for _, a := range acts {
		for i := 1; i < len(a.Samples); i++ {
			if a.Samples[i].T < a.Samples[i-1].T {
				t.Fatalf("samples out of time order at %d", i)
			}
		}
		if a.Elapsed < 0 || a.Moving < 0 || a.Moving > a.Elapsed {
			t.Fatalf("elapsed %v moving %v", a.Elapsed, a.Moving)
		}
	}
}

// fitFixCRCs returns b with the file CRC of every complete sequence
// recomputed.
func fitFixCRCs(b []byte) []byte {
	b = bytes.Clone(b)
	for pos := 0; pos < len(b); {
		h, err := parseFITHeader(b[pos:])
		if err != nil {
			break
		}
		end := pos + h.size + h.dataSize
		if end < pos || end+2 > len(b) {
			break
		}
		binary.LittleEndian.PutUint16(b[end:], fitCRC16(b[pos:end]))
		pos = end + 2
	}
	return b
}

// BenchmarkDecodeFIT decodes the corpus's largest file (99,998 records,
// 9 fields each) and a generated 1-hour run at 1 Hz, from memory.
func BenchmarkDecodeFIT(b *testing.B) {
	run, _ := fitfile.Run(fitT0, time.Hour, fitfile.RunOptions{PauseEvery: 900, PauseS: 20})
	inputs := []struct {
		name string
		data []byte
	}{{"generated-1h", run}}
	if dir := corpus.Find(); dir != "" {
		if data, err := os.ReadFile(filepath.Join(dir, "fit", "muktihari_bryton-ride-100k-records.fit")); err == nil {
			inputs = append(inputs, struct {
				name string
				data []byte
			}{"bryton-100k-records", data})
		}
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DecodeFIT(bytes.NewReader(in.data), in.name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
