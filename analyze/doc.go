// Package analyze turns normalized activities into weeks, loads, shoe totals
// and flags, exactly as METRICS.md defines them.
//
// It sits between ingest and {store, report}: every function here is a pure
// function of the activities, the Config and the as-of date. Nothing in this
// package reads the clock, the disk or the terminal. Everything is in SI
// units (meters, seconds) and the analysis returns numbers, not prose:
// flags carry Kind, Severity, Value, Threshold and Base, and
// internal/phrase words them in miles or kilometres from the Result alone.
// Config.Units only travels through to Result.Units (the units of the
// message column store writes). The vocabulary is typed and listed once in
// vocab.go: Kind, Severity, ShoeStatus, with Kinds, Severities and
// ShoeStatuses for tests that walk every value, and the defaults (the 10%
// rule, hr_rest 60, shoes at 300 and 500 mi, DefaultCountedSports).
//
// Analyze is the entry point. The rules live by concern: weeks.go (dates,
// weeks, the change percentages), load.go (Banister TRIMP, the hr_max
// estimate, imputation), spikes.go (session spike, return after a break,
// the next run's limit), acwr.go (EWMA ACWR with bias correction), rest.go
// (rest days, monotony), shoes.go (assignment, totals, projection) and
// flags.go (flag kinds, units of Value, Threshold and Base). Compare
// (changes.go) says what changed between two Results, the previous run's
// and this one's: activities added and removed, flags new and cleared (a
// flag's identity, FlagKey, is its kind plus its week, activity or shoe),
// shoes whose status changed.
//
// Loads are recomputed from the samples on every call, so a change of
// hr_max, hr_rest or sex in the configuration changes every load on the
// next run; nothing here caches.
package analyze
