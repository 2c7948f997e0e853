// Package analyze turns normalized activities into weeks, loads, shoe totals
// and flags, exactly as METRICS.md defines them.
//
// It sits between ingest and {store, report}: every function here is a pure
// function of the activities, the Config and the as-of date. Nothing in this
// package reads the clock, the disk or the terminal. Everything is in SI
// units (meters, seconds); miles and kilometres are the report's business,
// except in Flag.Message, whose sentences use Config.Units (recorded in
// Result.Units). Messages are written from the Result alone, by
// Result.Rephrase, so a Result read back from the tables can be rephrased
// in other units with the same sentences Analyze would have written.
//
// Analyze is the entry point. The rules live by concern: weeks.go (dates,
// weeks, the change percentages), load.go (Banister TRIMP, the hr_max
// estimate, imputation), spikes.go (session spike, return after a break,
// the next run's limit), acwr.go (EWMA ACWR with bias correction), rest.go
// (rest days, monotony), shoes.go (assignment, totals, projection) and
// flags.go (flag kinds, units of Value, Threshold and Base, messages).
//
// Loads are recomputed from the samples on every call, so a change of
// hr_max, hr_rest or sex in the configuration changes every load on the
// next run; nothing here caches.
package analyze
