// Package store writes an analyze.Result to the Parquet tables of the
// output contract and reads it back, and keeps two legwork runs from writing
// the same output directory at once.
//
// It sits after analyze, beside report (the two never import each other),
// and is the only package that imports parquet-go. Inside the output
// directory it owns:
//
//	data/activities.parquet  one row per activity
//	data/weeks.parquet       one row per week, oldest first
//	data/shoes.parquet       one row per configured shoe
//	data/flags.parquet       one row per flag
//	data/run.json            the rest of the Result (as-of date, heart-rate
//	                         settings, the units of the flag messages, the
//	                         current week, data-quality notes; dates as
//	                         YYYY-MM-DD, and legwork's version)
//	data/*.csv               with WithCSV: each table as CSV (csv.go)
//	data/changes.json        what changed since the run before
//	                         (analyze.Changes; EncodeChanges, ReadChanges),
//	                         absent after a first run
//	.legwork.lock            the lock file of Lock
//
// The tables are in SI units, with snake_case columns as DESIGN.md lists
// them (plus a few extra columns documented on the row types), and
// docs/schema.md documents every column. They are written for the widest
// range of readers: version 1 data pages and PLAIN encoding (RLE_DICTIONARY
// for the columns tagged dict); every column is ZSTD-compressed, as
// DESIGN.md says (meta.go and BENCHMARKS.md say why, and what it costs
// JavaScript readers). Every file carries
// key-value metadata: MetaVersion (given with WithVersion),
// MetaSchemaVersion, MetaAsOf and, under MetaUnitsPrefix, the unit of each
// column whose name does not carry it (for flags, of value, threshold and
// base per kind). Dates are Parquet DATE columns written from int32 days since
// 1970-01-01 (never from time.Time: parquet-go v0.32.0 writes a time.Time
// tagged date as garbage), and start_time is TIMESTAMP(MILLIS, UTC).
//
// WriteDir writes the tables into a directory of the caller's: legwork run
// writes them into the staging directory of internal/outdir, which puts
// data/, the reports and the charts of one run in place together and
// records them as legwork's in --out/.legwork. Read reads the
// tables of the last committed run (internal/outdir.DataDir), also while a
// killed run's commit is pending. Read is the
// exact inverse of WriteDir for every field of analyze.Result, except that
// instants are kept to the millisecond and come back in UTC, and empty
// slices come back nil. Files from before a column or key existed still
// read: a flags.parquet without base gives Flag.Base 0 and a run.json
// without units gives Result.Units "mi". CountActivities reads only the
// activities table's row count. The message column of flags.parquet is
// worded by internal/phrase in Result.Units and not read back: a flag is
// worded again from the Result in the units wanted. Report files are not
// written here.
package store
