// Command legwork reads the files a running watch exports, works out weekly
// mileage, training load, session spikes and shoe mileage, stores them as
// Parquet and writes a report for the runner and their coach.
//
// Run "legwork --help" for usage; README.md and DESIGN.md describe the
// command line, configuration, outputs and exit codes.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
