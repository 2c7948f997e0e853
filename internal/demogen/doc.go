// Package demogen writes legwork's demo exports: about six months of a
// runner's watch files (2026-05-25 to 2026-11-25, in New York), made by a
// fixed schedule and a seeded simulation so that the same program always
// writes the same bytes.
//
// Plan returns the schedule as data (local date, start, distance, sport,
// the shoe the configuration should give each run, and which files hold it)
// so that tests can work out the expected weekly distances and flags by
// hand. Simulate turns one planned session into 1-second samples (position
// along a real loop, altitude, distance, speed, a heart-rate model with lag
// and cardiac drift, cadence); EncodeFIT and EncodeGPX write them the way a
// Garmin watch and Strava do. Build assembles every file of the demo folder,
// including legwork.toml, README, one .fit.gz, gzipped GPX and a small
// Strava-style export zip with activities.csv naming gear; Write replaces a
// directory with them.
//
// It sits outside the data flow: nothing in the product imports it. It is
// one of the generators under internal/ allowed to import the FIT library
// (github.com/tormoder/fit, for its encoder). The encoder's output is
// re-framed (see EncodeFIT) because it orders definition fields by map
// iteration and writes messages grouped by type; the re-framed file holds the
// same messages, in time order, with stable bytes.
//
// Randomness comes from math/rand/v2 PCG generators with fixed seeds, one per
// session, and no clock is read: Build is a pure function of the code.
package demogen
