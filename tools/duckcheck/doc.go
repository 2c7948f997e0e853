// Package duckcheck holds no code, only a test: it checks with DuckDB, an
// independent Parquet reader, that the tables store.Write produces have the
// column names and types of DESIGN.md's output contract and that their
// values (dates, UTC timestamps, nulls) read back as written.
//
// It is a module of its own so that DuckDB (cgo, a ~70 s cold build and
// bindings for five platforms in go.sum) stays out of legwork's go.mod; the
// replace directive in go.mod points it at the legwork checkout around it.
// Run it with
//
//	cd tools/duckcheck && go test ./...
//
// and set LEGWORK_OUT to the absolute path of an output directory (go test
// runs in this directory) to check its data/ too:
//
//	out=$PWD/legwork-out; cd tools/duckcheck && LEGWORK_OUT=$out go test -count=1 ./...
//
// (in a Makefile: cd tools/duckcheck && LEGWORK_OUT=$(CURDIR)/legwork-out go test -count=1 ./...).
//
// TestReference also compares the weeks, flags and shoes tables (and each
// activity's counted, week_start and shoe) with the independent reference
// that tools/reference/reference.py computes from METRICS.md, given as the
// JSON file LEGWORK_REFERENCE; tools/reference/check.sh runs the whole
// comparison on one data set.
package duckcheck
