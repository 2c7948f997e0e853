// Package config reads legwork.toml strictly: an unknown key or a bad value
// is an *Error naming the key and its line. It turns the file into the
// analyze.Config the analysis needs (SI units) plus the athlete's zone and
// report units, which the command line may override.
//
// It sits beside the data flow: cmd/legwork calls it before ingest.
package config
