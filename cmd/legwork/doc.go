// Command legwork reads the files a running watch exports, works out weekly
// mileage, training load, session spikes and shoe mileage, stores them as
// Parquet and writes a report for the runner and their coach.
//
// Run "legwork --help" for usage; README.md and DESIGN.md describe the
// command line, configuration, outputs and exit codes.
//
// It is the thin top of the flow cmd → ingest → analyze → {store, report}:
//
//   - main.go: main, which calls run and exits with its code.
//   - legwork.go: the command table, run (dispatch) and legwork help.
//   - options.go: every flag (flagDefs: one list for parsing, help and
//     completion), the configuration, opts.
//   - help.go: the top-level help and each command's help.
//   - errors.go: usageError, configError, partialError and exit, the one
//     function that prints an error and maps it to the exit code.
//   - cmd_run.go, cmd_report.go, cmd_inspect.go, cmd_shoes.go,
//     cmd_version.go, cmd_completion.go: one file per command; each
//     returns an error instead of printing it. stdin.go is `inspect -`.
//   - cmd_squad.go: legwork squad. Each athlete goes through runOne (the
//     pipeline of cmd_run.go) with its own opts on a pool of GOMAXPROCS
//     workers; a panic or error is that athlete's status
//     (.legwork-squad/ID.json), from which, with the stored tables, the
//     squad page is written (also alone, with --index-only).
//   - terminal.go: escaping names from files for the terminal.
//
// It is the only place that reads the clock, takes the output lock and
// sets the exit code.
package main
