package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/legwork-run/legwork/internal/demogen"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("demogen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "testdata/demo", "replace `DIR` with the demo exports")
	history := fs.Int("history", 0, "write `N` generated FIT runs (demogen.History) instead of the demo, for benchmarks")
	gpxHistory := fs.Int("gpx-history", 0, "instead, write `N` Strava-style .gpx.gz runs into -o (benchmarks)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "demogen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *gpxHistory > 0 {
		if err := os.MkdirAll(*out, 0o777); err != nil {
			fmt.Fprintf(stderr, "demogen: %v\n", err)
			return 1
		}
		if _, err := demogen.WriteGPXHistory(*out, *gpxHistory); err != nil {
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
