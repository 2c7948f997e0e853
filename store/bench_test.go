package store

import (
	"errors"

	"context"
	"fmt"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
)

// bigResult is about ten years of running: n activities, one a day, and
// the weeks they fall in.
func bigResult(activities, weeks int) *analyze.Result {
	base := fullResult()
	r := &analyze.Result{AsOf: day(2026, 3, 29), Shoes: base.Shoes, Flags: base.Flags, Current: base.Current, Problems: base.Problems}
	first := day(2026, 3, 29).AddDate(0, 0, -7*weeks)
	for i := range activities {
		a := base.Activities[i%len(base.Activities)]
		a.ID = fmt.Sprintf("%016x", i*2654435761)
		a.Source = fmt.Sprintf("runs/%d/activity_%d.fit", i/1000, i)
		a.Start = first.Add(time.Duration(i) * 24 * time.Hour * time.Duration(weeks*7) / time.Duration(activities)).Add(7 * time.Hour)
		a.LocalDate = day(a.Start.Date())
		a.DistanceM = 3000 + float64(i%97)*150
		r.Activities = append(r.Activities, a)
	}
	for i := range weeks {
		w := base.Weeks[1]
		w.Start = first.AddDate(0, 0, 7*i)
		w.DistanceM = 20000 + float64(i%13)*1000
		r.Weeks = append(r.Weeks, w)
	}
	return r
}

func BenchmarkWrite(b *testing.B) {
	r := bigResult(10000, 500)
	out := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := writeOut(context.Background(), out, r); err != nil {
			b.Fatal(err)
		}
	}
	var size int64
	for _, name := range []string{ActivitiesFile, WeeksFile, ShoesFile, FlagsFile, RunFile} {
		fi, err := os.Stat(filepath.Join(out, "data", name))
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.ReportMetric(float64(size), "data-bytes")
}

func BenchmarkRead(b *testing.B) {
	out := b.TempDir()
	if err := writeOut(context.Background(), out, bigResult(10000, 500)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCodecs writes the same tables with each codec, with the page
// version and string encodings legwork uses (v1) and with parquet-go's
// defaults (v2: DATA_PAGE_V2, DELTA_LENGTH_BYTE_ARRAY), and reports the
// size of the four tables. "100k" is 100,000 activities over ten years;
// "demo" is the tables of the output directory LEGWORK_OUT (make run's
// legwork-out), skipped when it is not set. BENCHMARKS.md has the command
// and the figures.
func BenchmarkCodecs(b *testing.B) {
	results := []struct {
		name string
		r    func(b *testing.B) *analyze.Result
	}{
		{"demo", func(b *testing.B) *analyze.Result {
			out := os.Getenv("LEGWORK_OUT")
			if out == "" {
				b.Skip("LEGWORK_OUT is not set")
			}
			r, err := Read(out)
			if err != nil {
				b.Fatal(err)
			}
			return r
		}},
		{"100k", func(*testing.B) *analyze.Result { return bigResult(100000, 520) }},
	}
	codecs := []struct {
		name  string
		codec compress.Codec
	}{
		{"zstd", &parquet.Zstd}, {"snappy", &parquet.Snappy}, {"gzip", &parquet.Gzip}, {"none", &parquet.Uncompressed},
	}
	for _, res := range results {
		for _, pages := range []string{"v1", "v2"} {
			for _, cd := range codecs {
				b.Run(res.name+"/"+pages+"/"+cd.name, func(b *testing.B) {
					r := res.r(b)
					c := newWriteConfig(nil)
					c.codec, c.pageV2 = cd.codec, pages == "v2"
					dir := b.TempDir()
					flags := toFlagRows(r)
					write := func() {
						ctx := context.Background()
						err := errors.Join(
							writeTable(ctx, c, filepath.Join(dir, ActivitiesFile), r.AsOf, activityUnits, r.Activities, ActivityRowOf),
							writeTable(ctx, c, filepath.Join(dir, WeeksFile), r.AsOf, weekUnits, r.Weeks, toWeekRow),
							writeTable(ctx, c, filepath.Join(dir, ShoesFile), r.AsOf, shoeUnits, r.Shoes, ShoeRowOf),
							writeTable(ctx, c, filepath.Join(dir, FlagsFile), r.AsOf, flagUnits(), flags, func(f flagRow) flagRow { return f }))
						if err != nil {
							b.Fatal(err)
						}
					}
					for b.Loop() {
						write()
					}
					var size int64
					for _, name := range []string{ActivitiesFile, WeeksFile, ShoesFile, FlagsFile} {
						fi, err := os.Stat(filepath.Join(dir, name))
						if err != nil {
							b.Fatal(err)
						}
						size += fi.Size()
					}
					b.ReportMetric(float64(size), "table-bytes")
					b.ReportMetric(float64(len(r.Activities)), "activities")
				})
			}
		}
	}
}
