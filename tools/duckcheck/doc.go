// Package duckcheck holds no code, only tests: it checks with two
// independent Parquet readers, DuckDB and Apache Arrow's Go reader
// (arrow-go v18.8.0), that the tables store.WriteDir produces have the column
// names and types of DESIGN.md's output contract and that their values
// (dates, UTC timestamps, nulls) read back as written. The Arrow test also
// checks nullability, the page version and encodings, the key-value
// metadata, and that every value equals what store.Read returns.
// TestSchemaQueries runs every ```sql block of docs/schema.md, so that the
// examples there keep working.
//
// It is a module of its own so that DuckDB (cgo, a ~70 s cold build and
// bindings for five platforms in go.sum) and Arrow stay out of legwork's go.mod; the
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
