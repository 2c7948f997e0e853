package store

import (
	"context"
	"fmt"
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
		if err := Write(context.Background(), out, r); err != nil {
			b.Fatal(err)
		}
	}
	var size int64
	for _, name := range []string{ActivitiesFile, WeeksFile, ShoesFile, FlagsFile, RunFile} {
		fi, err := os.Stat(filepath.Join(DataDir(out), name))
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.ReportMetric(float64(size), "data-bytes")
}

func BenchmarkRead(b *testing.B) {
	out := b.TempDir()
	if err := Write(context.Background(), out, bigResult(10000, 500)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(out); err != nil {
			b.Fatal(err)
		}
	}
}
