// Package ingest finds activity files (directories, FIT, GPX, TCX, .zip and
// .gz archives, Strava bulk exports), decodes them and normalizes every
// session into an Activity: SI units, UTC instants and a local offset.
//
// It is the first stage of legwork's one-way flow
// cmd → ingest → analyze → {store, report}. Only this package imports the
// FIT and GPX decoders; nothing decoder-specific gets past Activity. It does
// not decide what counts toward mileage (analyze does) and it never prints:
// bad files come back as *DecodeError values and the caller reports them.
package ingest
