package ingest

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/muktihari/fit/kit/hash/crc16"

	"github.com/legwork-run/legwork/internal/corpus"
	"github.com/legwork-run/legwork/internal/demogen"
)

// fitSame reports how DecodeFIT (fast path first) and decodeFIT (the
// listener alone) differ on data: "" when their activities are deeply equal
// and their errors are both nil or both *DecodeError with equal fields and
// equal text.
func fitSame(data []byte, name string) (diff string, fast bool) {
	want, werr := guard(FormatFIT, name, func() ([]Activity, error) { return decodeFIT(bytes.Clone(data), name) })
	_, fast = decodeFITRaw(data, name)
	got, gerr := DecodeFIT(bytes.NewReader(data), name)
	if !reflect.DeepEqual(got, want) {
		return "activities differ", fast
	}
	switch {
	case werr == nil && gerr == nil:
		return "", fast
	case werr == nil || gerr == nil:
		return "errors differ: got " + errString(gerr) + ", want " + errString(werr), fast
	}
	var wd, gd *DecodeError
	if !errors.As(werr, &wd) || !errors.As(gerr, &gd) {
		return "error is not a *DecodeError", fast
	}
	if gd.Path != wd.Path || gd.Format != wd.Format || gd.Line != wd.Line || gd.Offset != wd.Offset ||
		gd.MessageNum != wd.MessageNum || gd.Member != wd.Member || gerr.Error() != werr.Error() ||
		errors.Is(gerr, ErrPartialRead) != errors.Is(werr, ErrPartialRead) ||
		errors.Is(gerr, ErrNoActivity) != errors.Is(werr, ErrNoActivity) {
		return "errors differ: got " + gerr.Error() + ", want " + werr.Error(), fast
	}
	return "", fast
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestFITRawEqualsListener: every FIT file of the corpus (good and bad)
// gives identical activities and errors through DecodeFIT (the fast path,
// falling back to the listener) and through the listener alone, and every
// good activity file of the corpus takes the fast path.
func TestFITRawEqualsListener(t *testing.T) {
	dir := corpus.Dir(t)
	var fast, files int
	for _, sub := range []string{"fit", "bad"} {
		for _, file := range fitCorpusFiles(t, dir, sub) {
			data := fitCorpusBytes(t, dir, file)
			diff, ok := fitSame(data, file)
			if diff != "" {
				t.Errorf("%s: %s", file, diff)
			}
			files++
			if ok {
				fast++
			}
			// The fast path answers only for files the listener reads
			// without error.
			if _, err := decodeFIT(bytes.Clone(data), file); ok && err != nil {
				t.Errorf("%s: fast path answered for a file the listener refuses: %v", file, err)
			} else if !ok && err == nil {
				t.Logf("%s: clean, but read by the listener (fallback)", file)
			}
		}
	}
	t.Logf("%d of %d corpus FIT files took the fast path", fast, files)
}

// TestFITRawHistory: a generated history of 780 runs gives identical
// activities through both paths, all through the fast path.
func TestFITRawHistory(t *testing.T) {
	n := 780
	if testing.Short() {
		n = 104
	}
	files, err := demogen.History(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		diff, ok := fitSame(f.Data, f.Path)
		if diff != "" {
			t.Fatalf("%s: %s", f.Path, diff)
		}
		if !ok {
			t.Fatalf("%s: fast path fell back", f.Path)
		}
	}
}

// TestFITRawMutations damages the seeds and the corpus's compressed-timestamp
// file byte by byte (truncations, flipped bytes with the CRC fixed up, so
// that the damage reaches the decoders) and checks that both paths agree.
func TestFITRawMutations(t *testing.T) {
	inputs := fitSeeds()
	if dir := corpus.Find(); dir != "" {
		for _, f := range []string{"fit/fitparse_garmin-fr70-run-compressed-timestamps.fit", "fit/fitparse_stryd-run-devfields.fit",
			"fit/fitparse_garmin-fr920xt-triathlon-chained4.fit"} {
			inputs = append(inputs, fitCorpusBytes(t, dir, f))
		}
	}
	rng := rand.New(rand.NewPCG(12, 12))
	for i, in := range inputs {
		for range 200 {
			b := bytes.Clone(in)
			switch rng.IntN(3) {
			case 0:
				b = b[:rng.IntN(len(b)+1)]
			default:
				for range 1 + rng.IntN(3) {
					b[rng.IntN(len(b))] = byte(rng.Uint32())
				}
				b = fitFixCRCs(b)
			}
			if diff, _ := fitSame(b, "m.fit"); diff != "" {
				t.Fatalf("input %d, mutation %x…: %s", i, b[:min(len(b), 16)], diff)
			}
		}
	}
}

// FuzzFITRawEqualsListener asserts, on any input: DecodeFIT (fast path,
// else the listener) returns exactly what the listener alone returns —
// deeply equal activities, and errors of equal DecodeError fields and text;
// and when the fast path answers, the listener read the file without
// error. A panic inside the fast path is recovered there and counts as a
// fallback, so it shows up here only as a difference if the fallback is
// wrong; a panic anywhere else fails the target.
func FuzzFITRawEqualsListener(f *testing.F) {
	for _, s := range fitSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if diff, _ := fitSame(b, "fuzz.fit"); diff != "" {
			t.Fatal(diff)
		}
		if diff, _ := fitSame(fitFixCRCs(bytes.Clone(b)), "fuzz.fit"); diff != "" {
			t.Fatal("with CRCs fixed: " + diff)
		}
	})
}

// TestFITCRC16 checks the slicing-by-16 CRC against muktihari/fit's at
// every length and alignment up to 100 bytes.
func TestFITCRC16(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 200)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	for start := range 17 {
		for n := range 100 {
			b := buf[start : start+n]
			h := crc16.New()
			h.Write(b)
			if got, want := fitCRC16(b), h.Sum16(); got != want {
				t.Fatalf("start %d len %d: got %#04x, want %#04x", start, n, got, want)
			}
		}
	}
	// Long inputs: many 16-byte blocks, then a tail.
	long := make([]byte, 1<<16+7)
	for i := range long {
		long[i] = byte(rng.Uint32())
	}
	for _, n := range []int{1 << 10, 1<<16 - 1, 1<<16 + 7} {
		h := crc16.New()
		h.Write(long[:n])
		if got, want := fitCRC16(long[:n]), h.Sum16(); got != want {
			t.Fatalf("len %d: got %#04x, want %#04x", n, got, want)
		}
	}
}

// fitHistoryOnce is the generated history shared by the benchmarks.
var fitHistoryOnce = sync.OnceValues(func() ([]demogen.File, error) { return demogen.History(780) })

// BenchmarkFITPaths decodes the corpus's largest file and the generated
// 780-run history from memory, through the fast path (raw) and through the
// listener alone (listener: what DecodeFIT did before the fast path), and
// the fast path's scan alone (scan: framing, CRC and the fields into
// fitState, without building activities).
func BenchmarkFITPaths(b *testing.B) {
	type input struct {
		name  string
		files [][]byte
	}
	var inputs []input
	if dir := corpus.Find(); dir != "" {
		if data, err := os.ReadFile(filepath.Join(dir, "fit", "muktihari_bryton-ride-100k-records.fit")); err == nil {
			inputs = append(inputs, input{"bryton-100k-records", [][]byte{data}})
		}
	}
	hist, err := fitHistoryOnce()
	if err != nil {
		b.Fatal(err)
	}
	var h input
	h.name = "history-780"
	for _, f := range hist {
		h.files = append(h.files, f.Data)
	}
	inputs = append(inputs, h)
	for _, in := range inputs {
		var size int64
		var records int
		for _, d := range in.files {
			size += int64(len(d))
			st, _, _ := scanFITRaw(d)
			for _, p := range st.points {
				if p.kind == pointRecord {
					records++
				}
			}
		}
		for _, path := range []string{"raw", "listener", "scan"} {
			b.Run(in.name+"/"+path, func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					for _, d := range in.files {
						var err error
						switch path {
						case "raw":
							_, err = DecodeFIT(bytes.NewReader(d), "x.fit")
						case "scan": // framing, CRC and fields only, no Activity built
							if _, _, ok := scanFITRaw(d); !ok {
								err = errRawFallback
							}
						default:
							_, err = decodeFIT(d, "x.fit")
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrecords/s")
				b.ReportMetric(float64(len(in.files)), "files/op")
			})
		}
	}
}

// BenchmarkFITCRC compares the slicing-by-16 CRC with muktihari/fit's,
// over 1 MB (a slicing-by-8 version, used before, ran at 0.41–0.48 GB/s).
func BenchmarkFITCRC(b *testing.B) {
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	b.Run("slicing-16", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			fitCRC16(data)
		}
	})
	b.Run("muktihari", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			h := crc16.New()
			h.Write(data)
			h.Sum16()
		}
	})
}
