package ingest

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// xmlFuzzSeeds returns the files under testdata/<format> and, when the
// corpus is present, its small <format> files and bad/*.<format>.
func xmlFuzzSeeds(f *testing.F, format string) [][]byte {
	var seeds [][]byte
	add := func(pattern string, maxSize int64) {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if fi, err := os.Stat(p); err != nil || fi.Size() > maxSize {
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, b)
		}
	}
	add(filepath.Join("testdata", format, "*."+format), 1<<20)
	dir := os.Getenv("CORPUS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	// Big files make slow fuzzing; the small ones cover the same oddities.
	add(filepath.Join(dir, format, "*."+format), 128<<10)
	add(filepath.Join(dir, "bad", "*."+format), 128<<10)
	return seeds
}

// checkDecoded holds for every DecodeGPX and DecodeTCX result.
func checkDecoded(t *testing.T, acts []Activity, err error, source, format string) {
	if err != nil {
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("error is %T, want *DecodeError: %v", err, err)
		}
		if de.Path != source || de.Format != format {
			t.Fatalf("error path %q format %q", de.Path, de.Format)
		}
		if de.Skipped() && len(acts) > 0 {
			t.Fatalf("no activity, yet %d activities", len(acts))
		}
		_ = de.Error()
		return
	}
	if len(acts) == 0 {
		t.Fatal("success without activities")
	}
	lo, hi := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, a := range acts {
		if len(a.Samples) == 0 {
			t.Fatalf("activity %d without samples", i)
		}
		if a.Start.Before(lo) || !a.Start.Before(hi) || a.Elapsed < 0 || a.Moving < 0 {
			t.Fatalf("activity %d: start %v elapsed %v moving %v", i, a.Start, a.Elapsed, a.Moving)
		}
		if math.IsNaN(a.DistanceM) || math.IsInf(a.DistanceM, 0) || a.DistanceM < 0 {
			t.Fatalf("activity %d: distance %v", i, a.DistanceM)
		}
		if string(a.Format) != format || a.Source != source || (i > 0 && a.Session <= acts[i-1].Session) {
			t.Fatalf("activity %d: format %q source %q index %d", i, a.Format, a.Source, a.Session)
		}
		if !slices.Contains(Sports(), a.Sport) {
			t.Fatalf("activity %d: sport %q", i, a.Sport)
		}
		for j, s := range a.Samples {
			if s.T < 0 || (j > 0 && s.T < a.Samples[j-1].T) || s.T > a.Elapsed {
				t.Fatalf("activity %d sample %d: T %v (elapsed %v)", i, j, s.T, a.Elapsed)
			}
		}
	}
}

func FuzzDecodeGPX(f *testing.F) {
	for _, s := range xmlFuzzSeeds(f, "gpx") {
		f.Add(s)
	}
	f.Add([]byte(genTrack("", readT0, steps(20, 3, 1), steps(5, 500, 1))))
	f.Fuzz(func(t *testing.T, b []byte) {
		acts, err := DecodeGPX(bytes.NewReader(b), "fuzz.gpx")
		checkDecoded(t, acts, err, "fuzz.gpx", "gpx")
	})
}

func FuzzDecodeTCX(f *testing.F) {
	for _, s := range xmlFuzzSeeds(f, "tcx") {
		f.Add(s)
	}
	f.Add(runTCX(readT0, 5, 12))
	f.Fuzz(func(t *testing.T, b []byte) {
		acts, err := DecodeTCX(bytes.NewReader(b), "fuzz.tcx")
		checkDecoded(t, acts, err, "fuzz.tcx", "tcx")
	})
}
