// Package ingest finds activity files (directories, FIT, GPX, TCX, .zip and
// .gz archives, Strava bulk exports), decodes them and normalizes every
// session into an Activity: SI units, UTC instants and a local offset.
//
// It is the first stage of legwork's one-way flow
// cmd → ingest → analyze → {store, report}. Only this package imports the
// FIT and GPX decoders; nothing decoder-specific gets past Activity. It does
// not decide what counts toward mileage (analyze does) and it never prints:
// bad files come back as *DecodeError values and the caller reports them.
//
// A Cache (Options.Cache; legwork keeps it in --out/cache/) remembers what
// each file on disk gave, so that a rerun reads only new and changed files.
// It keeps what the files say, never a conclusion that depends on other
// files or on the configuration, so a Read gives the same Batch with it as
// without it.
package ingest
