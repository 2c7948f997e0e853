// Command legwork reads the files a running watch exports, works out weekly
// mileage, training load, session spikes and shoe mileage, stores them as
// Parquet and writes a report for the runner and their coach.
//
// Run "legwork --help" for usage; README.md and DESIGN.md describe the
// command line, configuration, outputs and exit codes.
//
// It is the thin top of the flow cmd → ingest → analyze → {store, report}:
// run.go parses flags and the configuration, commands.go wires the stages
// for each command, inspect.go prints what ingest made of single files. It
// is the only place that reads the clock, takes the output lock and sets
// the exit code.
package main
