// Package analyze turns normalized activities into weeks, loads, shoe totals
// and flags, exactly as METRICS.md defines them.
//
// It sits between ingest and {store, report}: every function here is a pure
// function of the activities, the Config and the as-of date. Nothing in this
// package reads the clock, the disk or the terminal. Everything is in SI
// units (meters, seconds); miles and kilometres are the report's business.
package analyze
