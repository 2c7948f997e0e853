package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/demogen"
)

// threeYears writes 780 generated 1 Hz FIT runs (the demo's plan repeated
// eight times, 20 weeks apart, each repeat an hour later in the day and
// with new seeds: about three years at five runs a week) into dir, all but
// the last, which it returns as the "one new file".
func threeYears(b *testing.B, dir string) (newName string, newData []byte) {
	b.Helper()
	plan := demogen.Plan()
	var total int64
	for i := range 780 {
		rep := i / len(plan)
		s := plan[i%len(plan)]
		s.Start = s.Start.AddDate(0, 0, -7*20*rep).Add(time.Duration(rep) * time.Hour)
		s.Date = s.Date.AddDate(0, 0, -7*20*rep)
		s.Seed += uint64(1000 * rep)
		fit, err := demogen.EncodeFIT(demogen.Simulate(s))
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("%d-%03d.fit", rep, s.Index))
		total += int64(len(fit))
		if i == 779 {
			b.Logf("780 files, %.1f MB", float64(total)/1e6)
			return name, fit
		}
		if err := os.WriteFile(name, fit, 0o666); err != nil {
			b.Fatal(err)
		}
	}
	panic("not reached")
}

// BenchmarkCache is `legwork run` on a three-year FIT history and on the
// demo folder: the first run (no cache), a rerun with nothing new, a rerun
// with one new FIT file, a rerun after an hr_max change. cpu-ms/op is the
// process's user+system CPU per run (getrusage), the figure the targets
// are about.
func BenchmarkCache(b *testing.B) {
	history := b.TempDir()
	newName, newData := threeYears(b, history)
	b.Run("history", func(b *testing.B) {
		benchCache(b, []string{"--tz", "America/New_York", history}, newName, newData, "")
	})
	// The demo's newest FIT file plays the new one.
	names, _ := filepath.Glob("../../testdata/demo/garmin/*.fit")
	if len(names) == 0 {
		b.Fatal("no demo FIT files")
	}
	demoNew := names[len(names)-1]
	data, err := os.ReadFile(demoNew)
	if err != nil {
		b.Fatal(err)
	}
	demo := b.TempDir()
	if err := os.CopyFS(demo, os.DirFS("../../testdata/demo")); err != nil {
		b.Fatal(err)
	}
	newName = filepath.Join(demo, "garmin", filepath.Base(demoNew))
	os.Remove(newName)
	conf, err := os.ReadFile("../../testdata/demo/legwork.toml")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("demo", func(b *testing.B) {
		benchCache(b, []string{"-c", filepath.Join(demo, "legwork.toml"), demo}, newName, data, string(conf))
	})
}

func benchCache(b *testing.B, args []string, newName string, newData []byte, conf string) {
	args = append([]string{"run", "-q", "--as-of", "2026-11-25"}, args...)
	runOut := func(b *testing.B, out string, args []string) {
		var stderr strings.Builder
		if code := run(context.Background(), append(slices.Clone(args), "-o", out), io.Discard, &stderr); code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	// Without newName; with it, the cache as it is before the new file.
	base := b.TempDir()
	os.Remove(newName)
	runOut(b, base, args)
	cacheFile := filepath.Join(base, "cache", "ingest.bin")
	before, err := os.ReadFile(cacheFile)
	if err != nil {
		b.Fatal(err)
	}

	b.Run("first", func(b *testing.B) {
		cpu := startCPU()
		for b.Loop() {
			b.StopTimer()
			out := filepath.Join(b.TempDir(), "out")
			b.StartTimer()
			runOut(b, out, args)
		}
		cpu.report(b)
	})
	b.Run("nothing-new", func(b *testing.B) {
		cpu := startCPU()
		for b.Loop() {
			runOut(b, base, args)
		}
		cpu.report(b)
	})
	b.Run("one-new-file", func(b *testing.B) {
		if err := os.WriteFile(newName, newData, 0o666); err != nil {
			b.Fatal(err)
		}
		defer os.Remove(newName)
		var cpu cpuClock
		for b.Loop() {
			b.StopTimer()
			if err := os.WriteFile(cacheFile, before, 0o666); err != nil {
				b.Fatal(err)
			}
			cpu.resume()
			b.StartTimer()
			runOut(b, base, args)
			b.StopTimer()
			cpu.pause()
			b.StartTimer()
		}
		cpu.report(b)
	})
	b.Run("hr_max-change", func(b *testing.B) {
		dir := b.TempDir()
		var confs [2][]string
		for i, hrMax := range []int{185, 192} {
			name := filepath.Join(dir, fmt.Sprintf("%d.toml", i))
			c := fmt.Sprintf("[athlete]\nhr_max = %d\n", hrMax)
			if conf != "" {
				c = strings.Replace(conf, "[athlete]\n", fmt.Sprintf("[athlete]\nhr_max = %d\n", hrMax), 1)
			}
			if err := os.WriteFile(name, []byte(c), 0o666); err != nil {
				b.Fatal(err)
			}
			confs[i] = withConfig(args, name)
		}
		runOut(b, base, confs[1])
		cpu := startCPU()
		i := 0
		for b.Loop() {
			runOut(b, base, confs[i%2])
			i++
		}
		cpu.report(b)
	})
}

// withConfig is args with -c NAME in place of any -c given.
func withConfig(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == "-c" {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return append(out[:1:1], append([]string{"-c", name}, out[1:]...)...)
}

// cpuClock adds up this process's user+system CPU time.
type cpuClock struct {
	total, start time.Duration
}

func startCPU() *cpuClock { c := &cpuClock{}; c.resume(); return c }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (c *cpuClock) resume() { c.start = cpuNow() }
func (c *cpuClock) pause()  { c.total += cpuNow() - c.start }

func (c *cpuClock) report(b *testing.B) {
	if c.start != 0 && c.total == 0 {
		c.pause()
	}
	b.ReportMetric(float64(c.total)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
