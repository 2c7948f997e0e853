package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/legwork-run/legwork/internal/demogen"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("demogen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "testdata/demo", "replace `DIR` with the demo exports")
	history := fs.Int("history", 0, "write `N` generated FIT runs (demogen.History) instead of the demo, for benchmarks")
	gpxHistory := fs.Int("gpx-history", 0, "instead, write `N` Strava-style .gpx.gz runs into -o (benchmarks)")
	tcxHistory := fs.Int("tcx-history", 0, "instead, write `N` Garmin Connect .tcx runs into -o (benchmarks)")
	squad := fs.Int("squad", 0, "write a squad of `N` generated athletes instead, one folder each (athlete-001, …), for legwork squad")
	weeks := fs.Int("weeks", 52, "weeks of running per athlete of -squad")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "demogen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *squad > 0 {
		if err := writeSquad(*out, *squad, *weeks); err != nil {
			fmt.Fprintf(stderr, "demogen: %v\n", err)
			return 1
		}
		return 0
	}
	if *gpxHistory > 0 || *tcxHistory > 0 {
		err := os.MkdirAll(*out, 0o777)
		if err == nil && *gpxHistory > 0 {
			_, err = demogen.WriteGPXHistory(*out, *gpxHistory)
		}
		if err == nil && *tcxHistory > 0 {
			_, err = demogen.WriteTCXHistory(*out, *tcxHistory)
		}
		if err != nil {
			fmt.Fprintf(stderr, "demogen: %v\n", err)
			return 1
		}
		return 0
	}
	var files []demogen.File
	var err error
	if *history > 0 {
		files, err = demogen.History(*history)
	} else {
		files, err = demogen.Build()
	}
	if err == nil {
		err = demogen.Write(*out, files)
	}
	if err != nil {
		fmt.Fprintf(stderr, "demogen: %v\n", err)
		return 1
	}
	return 0
}

// writeSquad writes n generated athletes of weeks weeks each (ending on
// the demo's as-of date), athlete i seeded with i, into dir/athlete-NNN,
// on all cores. Files already there are overwritten; dir is not emptied.
func writeSquad(dir string, n, weeks int) error {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			id := fmt.Sprintf("athlete-%03d", i+1)
			files, err := demogen.Athlete(uint64(i+1), fmt.Sprintf("Runner %03d", i+1), demogen.AsOf(), weeks)
			for _, f := range files {
				if err != nil {
					break
				}
				// plain writes: a generated squad needs no fsync per file
				p := filepath.Join(dir, id, filepath.FromSlash(f.Path))
				if err = os.MkdirAll(filepath.Dir(p), 0o777); err == nil {
					err = os.WriteFile(p, f.Data, 0o666)
				}
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
