package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/legwork-run/legwork/internal/demogen"
)

// BenchmarkRunDemo is `legwork run` on the committed demo exports (105
// files, 4.5 MB: FIT, .fit.gz, .gpx.gz, GPX and a Strava zip), end to end:
// read, analyze, Parquet, report.
func BenchmarkRunDemo(b *testing.B) {
	benchRun(b, "../../testdata/demo")
}

// BenchmarkRunYear is `legwork run` on a folder of two years of 1 Hz FIT
// runs (the demo's plan repeated with shifted dates and new seeds, FIT
// only): the size of a keen runner's Garmin history.
func BenchmarkRunYear(b *testing.B) {
	dir := b.TempDir()
	var bytes int64
	plan := demogen.Plan()
	for rep := range 4 {
		for _, s := range plan {
			s.Start = s.Start.AddDate(0, 0, -7*26*rep)
			s.Date = s.Date.AddDate(0, 0, -7*26*rep)
			s.Seed += uint64(1000 * rep)
			fit, err := demogen.EncodeFIT(demogen.Simulate(s))
			if err != nil {
				b.Fatal(err)
			}
			name := filepath.Join(dir, fmt.Sprintf("%d-%03d.fit", rep, s.Index))
			if err := os.WriteFile(name, fit, 0o666); err != nil {
				b.Fatal(err)
			}
			bytes += int64(len(fit))
		}
	}
	b.Logf("%d files, %.1f MB", 4*len(plan), float64(bytes)/1e6)
	b.SetBytes(bytes)
	benchRun(b, dir)
}

// BenchmarkRunHistory is a cold `legwork run` on 780 generated 1 Hz FIT
// runs (demogen.History: 3¾ years, 33 MB, ≈1 M records), the history of
// issue 12; each iteration writes to a fresh output directory, so nothing
// is cached. Set LEGWORK_HISTORY to a directory of such files (demogen
// -history 780 -o DIR) to skip generating them.
func BenchmarkRunHistory(b *testing.B) {
	dir := os.Getenv("LEGWORK_HISTORY")
	if dir == "" {
		dir = b.TempDir()
		files, err := demogen.History(780)
		if err != nil {
			b.Fatal(err)
		}
		var size int64
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o666); err != nil {
				b.Fatal(err)
			}
			size += int64(len(f.Data))
		}
		b.SetBytes(size)
	}
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "out")
		args := []string{"run", "-q", "--as-of", "2026-11-25", "--tz", "America/New_York", "-o", out, dir}
		if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkRunGPXYear is `legwork run` on one year of a Strava export's
// phone GPX runs: 156 generated .gpx.gz files (1 Hz, heart rate and
// cadence; 4 MB gzipped, 82 MB of XML).
func BenchmarkRunGPXYear(b *testing.B) {
	dir := b.TempDir()
	n, err := demogen.WriteGPXHistory(dir, 156)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	benchRun(b, dir)
}

func benchRun(b *testing.B, input string) {
	out := b.TempDir()
	args := []string{"run", "-q", "--as-of", "2026-11-25", "--tz", "America/New_York", "-o", out, input}
	for b.Loop() {
		if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkSquad is `legwork squad` on 8 generated athletes of 8 weeks
// each (demogen.Athlete: mixed FIT and GPX), end to end, squad page
// included; ns/op divided by 8 is the cost of one athlete-8-weeks.
// docs/scaling.md measures 200 athlete-years with the binary.
func BenchmarkSquad(b *testing.B) {
	dir := b.TempDir()
	for i := range 8 {
		files, err := demogen.Athlete(uint64(i+1), fmt.Sprintf("Runner %d", i+1), demogen.AsOf(), 8)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			p := filepath.Join(dir, fmt.Sprintf("a%d", i), filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o666); err != nil {
				b.Fatal(err)
			}
		}
	}
	out := b.TempDir()
	args := []string{"squad", "-q", "--as-of", "2026-11-25", "-o", out, dir}
	for b.Loop() {
		if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}
